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
 *      columns could keep whole (one outlier e-mail breaks either way, and gives first);
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

const GAP = 2;
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
  const minimum = cols.map((c) => longestWord(c.header));
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
  // A word no choice of columns can keep whole (wider than the screen leaves beside the columns
  // always shown, each at its narrowest) breaks whatever is left out: one 162-character e-mail hid
  // every row's optional columns and was broken all the same. What to leave out is judged without
  // such words, and their column is the first to give (its narrowest is then its widest word that
  // can stay whole).
  const judgedAt = [...natural];
  if (Number.isFinite(limit) && cols.some((col) => col.drop !== undefined)) {
    // The room is shared out narrowest column first, each taking its widest word when that fits an
    // even share of what is left. Judged against the others' widest words instead, two columns with
    // one long e-mail each (list mappings, both sides) left each other a sliver: at 120 columns every
    // e-mail of the table broke, while at 80 the optional columns went and the rest stayed whole.
    const always = cols.map((_, c) => c).filter((c) => cols[c]!.drop === undefined && !cols[c]!.trailing);
    always.sort((a, b) => minimum[a]! - minimum[b]!);
    let left = limit - GAP * (always.length - 1);
    // A column squeezed whose long e-mails break once, at the "@", within its share is judged at
    // that width, and keeps it from the columns after it. Judged at its widest short line (a header,
    // in a table of three rows) it left the next long column all the room: that e-mail stayed whole
    // while this one broke into slivers of 13 beside a "Zoho id" that could have gone.
    const whole: Array<[number, number] | undefined> = cols.map(() => undefined);
    // Halves are for words too wide for an even share (sorted by widest word: in the column first
    // squeezed and every one after it) in two columns and two rows, which share the width. In one
    // column, or one row, they are an outlier, which breaks in the room the other rows leave, in
    // every column it is in: kept in halves, an address of 85 hid "id" of every row of list
    // myoperator at 80 columns, and one of 84 "Zoho id" of every row of list mappings at 120, to save
    // its own row a line; an exact pair's address of 59, broken on the Zoho side, hid "Zoho id" to
    // stay whole on the MyOperator side, judged after the other had given.
    let shared: boolean | undefined;
    let outlierRoom = 0;
    always.forEach((c, i) => {
      const share = shared === false ? outlierRoom : Math.floor(left / (always.length - i));
      if (share > 0 && minimum[c]! > share) {
        if (shared === undefined) {
          shared = always.length - i > 1 && rowsWithWordsOver(cells, always.slice(i), share) > 1;
          outlierRoom = share;
        }
        const [line, word] = (whole[c] = wholeWithin(cols[c]!.header, cells, c, share));
        const halves = shared ? halvesWithin(cells, c, share) : undefined;
        [judgedAt[c], minimum[c]] = halves === undefined ? [line, word] : [Math.max(line, halves), Math.max(word, halves)];
      }
      left -= minimum[c]!;
    });
    // Halves that leave the other columns always shown too little room to keep their lines go back
    // to the words that stay whole: one 84-character address whose part before its "@" took all the
    // screen left wrapped every name of list myoperator ("Vikram" above "Singh") and hid "id", for
    // one line it saved in its own row.
    if (always.reduce((sum, c) => sum + judgedAt[c]!, GAP * (always.length - 1)) > limit)
      for (const c of always) if (whole[c]) [judgedAt[c], minimum[c]] = whole[c]!;
  }
  for (let c = 0; c < n; c++) if (cols[c]!.wrapsFirst) judgedAt[c] = Math.min(judgedAt[c]!, minimum[c]!);
  const judged = () => total() - widths.reduce((sum, w, c) => sum + (shown[c] && c !== trailing ? w - judgedAt[c]! : 0), 0);
  if (total() > limit) {
    const t = cols.findIndex((c) => c.trailing);
    if (t >= 0 && limit - (total() - widths[t]! - GAP) - GAP < Math.max(Math.min(TRAILING_MIN, natural[t]!), command[t]!)) trailing = t;
    // Optional columns go before any name is wrapped: names are the last text to shrink.
    const droppable = cols.map((c, i) => ({ i, drop: c.drop })).filter((c) => c.drop !== undefined);
    droppable.sort((a, b) => a.drop! - b.drop!);
    for (const { i } of droppable) {
      if (judged() <= limit) break;
      shown[i] = false;
    }
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

/**
 * The widest half of column `c`'s words wider than `room`, each split before its "@" as breakWord
 * splits an address; undefined when one of them has no such halves that fit.
 */
function halvesWithin(cells: readonly string[][][], c: number, room: number): number | undefined {
  let widest = 0;
  for (const text of cells.flatMap((row) => row[c]!))
    for (const word of text.split(' ')) {
      if (displayWidth(word) <= room) continue;
      const at = word.indexOf('@', 1);
      const halves = at < 0 ? [room + 1] : [displayWidth(word.slice(0, at)), displayWidth(word.slice(at))];
      if (Math.max(...halves) > room) return undefined;
      widest = Math.max(widest, ...halves);
    }
  return widest;
}

/** How many rows, up to two, hold a word wider than `room` in one of the columns `cs`. */
function rowsWithWordsOver(cells: readonly string[][][], cs: readonly number[], room: number): number {
  let rows = 0;
  for (const row of cells) if (cs.some((c) => row[c]!.some((line) => longestWord(line) > room)) && ++rows > 1) break;
  return rows;
}

/** The widest line and the widest word of column `c` that are at most `room` wide. */
function wholeWithin(header: string, cells: readonly string[][][], c: number, room: number): [number, number] {
  let line = 0;
  let word = 0;
  for (const text of [header, ...cells.flatMap((row) => row[c]!)]) {
    const w = displayWidth(text);
    if (w <= room) line = Math.max(line, w);
    for (const part of text.split(' ')) if (displayWidth(part) <= room) word = Math.max(word, displayWidth(part));
  }
  return [line, word];
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
