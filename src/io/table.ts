/**
 * Tables for people at a terminal, rendered in one pass over the cells (cli-table3 rescanned
 * earlier rows for every cell: 12.5 s for a 10,000-user match, 473 s for 100,000).
 *
 * Widths follow content: each column is as wide as its widest cell, and when the table is wider
 * than the terminal, space is taken back in this order, so e-mails and ids (one unbreakable word
 * each) stay whole as long as anything else can give:
 *   1. a `trailing` column (the "why") moves under its row, full width, rather than be squeezed;
 *   2. a `wrapsFirst` column (a status of two words, in a few rows) wraps at its spaces;
 *   3. optional columns (`drop`, lowest first) are left out — the caller says which on stderr,
 *      and `--json` / `--csv` always have every column; never for a word that no choice of
 *      columns could keep whole (one outlier e-mail breaks either way, and gives first), and
 *      never one that a narrower terminal shows beside a long word broken: it breaks here too;
 *      but all of them where every row has a word that breaks whatever is left out: shown, they
 *      only cut those words into narrower slivers;
 *   4. text columns wrap at spaces, widest first, never below their longest word (names last);
 *   5. only then (a narrow terminal, or two long e-mails side by side) words break: the widest
 *      columns share what is left, and an e-mail breaks before its "@" or after a "." if it can.
 * A command quoted in backticks is one word that is never broken inside an argument: pasted, its
 * first line alone would run another command (`fix` without its `--mappings`). A `trailing`
 * column moves under its row when its commands do not fit beside the others, and one wider than
 * even that breaks between its arguments with a trailing " \\", as prose does (ui/wrap.ts
 * commandLines): left whole for the terminal to wrap, it was cut inside an id or a path.
 * Columns are separated by two spaces, the header is ruled, and a row of several lines has a blank
 * line before and after it so each person reads as one block (every row, where cells hold lines).
 */
import { breakWord, displayWidth } from '../ui/break-word.js';
import { arrowsBehind, commandLines, extensionsWhole, GLUE, keepCommandsWhole, pairedUnlessLonger, wrapIndented } from '../ui/wrap.js';
import { ColumnJudge, GAP, type Judgement } from './column-judgement.js';

export interface Column {
  header: string;
  /** May be left out when the table cannot fit otherwise; lower numbers go first. */
  drop?: number;
  /** Long free text (reasons): printed under its row when it would get too narrow a column. */
  trailing?: boolean;
  /**
   * Short phrases held by a few rows ("active, unconfirmed"): wrapped at their spaces before an
   * optional column is left out or a name wraps, since only the rows holding one grow a line. Kept
   * one line, a status 19 wide for one user of 19 hid "id" of every user of list zoho at 80 columns.
   */
  wrapsFirst?: boolean;
}

export interface TableOptions {
  /** Terminal width; no limit when undefined (output that is not a terminal). */
  width?: number;
}

export interface RenderedTable {
  text: string;
  /** Headers of the columns left out to fit the width. */
  hidden: string[];
}

const TRAILING_MIN = 36;

/**
 * Greedy wrap at spaces; a word wider than `width` is broken by characters. A line's own indent
 * (an ambiguous result's second candidate, under "? ") is kept on each line it wraps to, as long
 * as every word still fits beside it: a whole e-mail matters more than the indent.
 */
function wrapLine(line: string, width: number, out: string[]): void {
  const paired: string[] = [];
  // A command keeps an option with its value unless that pushes the words after it onto one more
  // line of the cell, as in prose (pairedUnlessLonger). Filled again to weigh against only where
  // keeping one moved it down: elsewhere both ways are the same lines.
  if (!fillLine(line, width, paired, true)) {
    out.push(...paired);
    return;
  }
  const filled: string[] = [];
  fillLine(line, width, filled, false);
  out.push(...pairedUnlessLonger(paired, filled));
}
/** Lays `line` out into `out`; whether keeping a command's option with its value (`pairs`) moved one down. */
function fillLine(line: string, width: number, out: string[], pairs: boolean): boolean {
  if (displayWidth(line) <= width) {
    out.push(line);
    return false;
  }
  const indent = line.length - line.replace(/^ +/, '').length;
  if (indent > 0 && indent < width && longestWord(line.slice(indent)) <= width - indent) {
    const inner: string[] = [];
    const moved = fillLine(line.slice(indent), width - indent, inner, pairs);
    for (const l of inner) out.push(' '.repeat(indent) + l);
    return moved;
  }
  let moved = false;
  let current = '';
  let currentWidth = 0;
  for (const word of arrowsBehind(extensionsWhole(line.split(' '), width, ' '), width, ' ')) {
    const w = displayWidth(word);
    if (currentWidth > 0 && currentWidth + 1 + w <= width) {
      current += ` ${word}`;
      currentWidth += 1 + w;
      continue;
    }
    if (currentWidth > 0) out.push(current);
    if (w <= width) {
      current = word;
      currentWidth = w;
      continue;
    }
    // A quoted command (glued into one word) breaks only between its arguments, " \\" ending each
    // line but the last, so pasted it is still one command.
    if (word.includes(GLUE)) {
      const command = commandLines(word, width, width, pairs);
      moved ||= command.moved;
      const { lines } = command;
      out.push(...lines.slice(0, -1));
      current = lines[lines.length - 1]!;
      currentWidth = displayWidth(current);
      continue;
    }
    // Last resort: break the word itself.
    const pieces = breakWord(word, width);
    for (let i = 0; i < pieces.length - 1; i++) out.push(pieces[i]!);
    current = pieces[pieces.length - 1]!;
    currentWidth = displayWidth(current);
  }
  if (currentWidth > 0 || current === '') out.push(current);
  return moved;
}

function longestWord(line: string): number {
  if (!line.includes(' ')) return displayWidth(line);
  let most = 0;
  for (const word of line.split(' ')) most = Math.max(most, displayWidth(word));
  return most;
}

export function toTable(columns: ReadonlyArray<string | Column>, rows: ReadonlyArray<ReadonlyArray<string>>, opts: TableOptions = {}): RenderedTable {
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const n = cols.length;
  // One pass over every cell: its lines, natural width and longest word.
  const natural = cols.map((c) => displayWidth(c.header));
  let minimum = cols.map((c) => longestWord(c.header));
  // The widest quoted command in each column: a trailing column narrower than it goes under its row.
  const command = cols.map(() => 0);
  const cells: string[][][] = new Array(rows.length);
  let multiLine = false;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const split: string[][] = new Array(n);
    for (let c = 0; c < n; c++) {
      const lines = (row[c] ?? '').split('\n');
      if (lines.length > 1 && !cols[c]!.trailing) multiLine = true;
      for (let i = 0; i < lines.length; i++) {
        let line = lines[i]!;
        if (line.includes('`') && !line.includes(GLUE)) {
          line = lines[i] = keepCommandsWhole(line);
          for (const word of line.split(' ')) if (word.includes(GLUE)) command[c] = Math.max(command[c]!, displayWidth(word));
        }
        const w = displayWidth(line);
        if (w > natural[c]!) natural[c] = w;
        const m = w === line.length && !line.includes(' ') ? w : longestWord(line);
        if (m > minimum[c]!) minimum[c] = m;
      }
      split[c] = lines;
    }
    cells[r] = split;
  }

  const limit = opts.width && opts.width > 0 ? opts.width : Infinity;
  const widths = [...natural];
  const shown = cols.map(() => true);
  let trailing = -1;
  const total = () => widths.reduce((sum, w, c) => sum + (shown[c] && c !== trailing ? w + GAP : 0), -GAP);
  const shrinkText = () => {
    // One column at a time from the widest text column that can still give: O(excess × columns).
    while (total() > limit) {
      let widest = -1;
      for (let c = 0; c < n; c++)
        if (shown[c] && c !== trailing && widths[c]! > minimum[c]! && (widest < 0 || widths[c]! > widths[widest]!)) widest = c;
      if (widest < 0) return;
      widths[widest]! -= 1;
    }
  };
  // What to leave out is judged with words too wide for their share judged out (column-judgement.ts).
  const droppable = cols.map((c, i) => ({ i, drop: c.drop })).filter((c) => c.drop !== undefined);
  droppable.sort((a, b) => a.drop! - b.drop!);
  const judge = new ColumnJudge({
    headers: cols.map((c) => c.header),
    cells,
    natural,
    minimum,
    always: cols.map((_, c) => c).filter((c) => cols[c]!.drop === undefined && !cols[c]!.trailing),
    wrapsFirst: cols.map((c) => c.wrapsFirst === true),
  });
  if (total() > limit) {
    let judgement = judge.at(droppable.length > 0 ? limit : Infinity);
    const full = total();
    const t = cols.findIndex((c) => c.trailing);
    const trailingAt = (room: number) => (t >= 0 && room - (full - widths[t]! - GAP) - GAP < Math.max(Math.min(TRAILING_MIN, natural[t]!), command[t]!) ? t : -1);
    trailing = trailingAt(limit);
    // Optional columns go before any name is wrapped: names are the last text to shrink.
    const leftOut = (room: number, { judgedAt }: Judgement): number => {
      const under = trailingAt(room);
      let width = judgedAt.reduce((sum, w, c) => sum + (c !== under ? w + GAP : 0), -GAP);
      let hidden = 0;
      while (hidden < droppable.length && width > room) width -= judgedAt[droppable[hidden++]!.i]! + GAP;
      return hidden;
    };
    const broken = judgement.everyRowBroken();
    let hide = broken ? droppable.length : leftOut(limit, judgement);
    // A wider terminal leaves out no column a narrower one kept by breaking long words (while other
    // rows keep theirs whole, or e-mails once, at the "@": column-judgement.ts copyable): the
    // columns, and what gives first, are judged as at the narrower width that keeps the most. An
    // address of 85 fit its share at 120 columns, and stayed whole by hiding "id" of every user of
    // list myoperator, which 80 showed beside it broken; one of 75 hid "at (UTC)" of list mappings
    // at 120, which 100 showed.
    // No width keeps more than it has room for, beside the columns always shown.
    const always = n - droppable.length - (t >= 0 ? 1 : 0);
    const roomFor = (hidden: number) => droppable.slice(hidden).reduce((sum, { i }) => sum + judgement.judgedAt[i]! + GAP, GAP * (always - 1));
    for (let room = limit - 1; hide > 0 && !broken && room >= roomFor(hide - 1); room--) {
      const narrower = judge.at(room);
      const there = leftOut(room, narrower);
      if (there < hide && narrower.copyable()) [hide, judgement] = [there, narrower];
    }
    for (const { i } of droppable.slice(0, hide)) shown[i] = false;
    minimum = judgement.minimum;
    for (let c = 0; c < n; c++) if (cols[c]!.wrapsFirst && shown[c] && total() > limit) widths[c] = Math.max(minimum[c]!, widths[c]! - (total() - limit));
    shrinkText();
    // Still too wide (two long e-mails side by side): words must break. The widest column gives one
    // column at a time, so two long columns end up sharing the width rather than one keeping its
    // whole e-mail while the other is cut into slivers of four.
    while (total() > limit) {
      let widest = -1;
      for (let c = 0; c < n; c++) if (shown[c] && c !== trailing && (widest < 0 || widths[c]! > widths[widest]!)) widest = c;
      if (widest < 0 || widths[widest]! <= 4) break;
      widths[widest]! -= 1;
    }
  }

  // Wrapped cells make rows of several lines: a blank line before and after each keeps it a block.
  // Only where a row wrapped: rows of one line each, around one outlier broken, had a blank line
  // between every two of them (list myoperator at 80 columns, twice its height for one address).
  const wraps = widths.some((w, c) => shown[c] && c !== trailing && w < natural[c]!);
  const visibleCols = cols.map((_, c) => c).filter((c) => shown[c] && c !== trailing);
  const last = visibleCols[visibleCols.length - 1];
  const out: string[] = [];
  const emit = (lines: string[][], height = heightOf(lines)) => {
    for (let i = 0; i < height; i++) {
      let line = '';
      for (const c of visibleCols) {
        const text = lines[c]![i] ?? '';
        line += text;
        if (c !== last) line += ' '.repeat(Math.max(0, widths[c]! - displayWidth(text)) + GAP);
      }
      out.push(unglue(line.trimEnd()));
    }
  };
  const wrapCell = (lines: string[], c: number): string[] => {
    if (natural[c]! <= widths[c]!) return lines;
    const wrapped: string[] = [];
    for (const line of lines) wrapLine(line, widths[c]!, wrapped);
    return wrapped;
  };
  emit(cols.map((col, c) => wrapCell([col.header], c)));
  out.push(visibleCols.map((c) => '─'.repeat(widths[c]!)).join(' '.repeat(GAP)));
  const under = Number.isFinite(limit) ? limit - 4 : Infinity;
  let tallBefore = false;
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r]!.map((lines, c) => (shown[c] && c !== trailing ? wrapCell(lines, c) : []));
    const below: string[] = [];
    if (trailing >= 0) for (const line of cells[r]![trailing]!) if (line) wrapLine(line, under, below);
    const height = heightOf(row);
    const tall = height > 1 || below.length > 0;
    if (r > 0 && (multiLine || (wraps && (tallBefore || tall)))) out.push('');
    tallBefore = tall;
    emit(row, height);
    for (const line of below) out.push(`    ${unglue(line)}`);
  }
  return { text: out.join('\n') + '\n', hidden: cols.filter((_, c) => !shown[c]).map((c) => c.header) };
}

/** The lines a row takes: its tallest cell's. */
function heightOf(lines: readonly string[][]): number {
  return Math.max(1, ...lines.map((l) => l.length));
}

/** A quoted command's spaces, glued while the table was laid out, back as spaces. */
function unglue(line: string): string {
  return line.includes(GLUE) ? line.replaceAll(GLUE, ' ') : line;
}

/** The stderr line saying which columns a narrow terminal left out, and where they all are. */
export function hiddenNote(hidden: readonly string[], width: number | undefined): string {
  if (hidden.length === 0) return '';
  // Quoted: a header has spaces and brackets of its own ("at (UTC)", "Zoho id"), which unquoted ran
  // into the sentence's.
  const quoted = hidden.map((h) => `"${h}"`);
  const names = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
  // Wrapped between words like the rest of what a person reads: the terminal would cut "column" in two.
  return `${wrapIndented(`(Not shown at ${width} columns: ${names}; --json or --csv has every column.)`, width, '')}\n`;
}
