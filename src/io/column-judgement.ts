/**
 * How wide a terminal width judges each column of a table, to choose the optional columns left out
 * (io/table.ts): each at its content's width, but for words too wide for their share there, judged
 * without them (one row's outlier, which breaks in the room the other rows leave) or at their halves
 * (long e-mails in two rows, which break once, at the "@"). The table is judged at every narrower
 * width too, so a column's words are read once, and each width asks them in a few steps.
 */
import { displayWidth } from '../ui/break-word.js';

/** Spaces between two columns. */
export const GAP = 2;

export interface Judgement {
  /** The width each column is judged to take. */
  judgedAt: number[];
  /** The narrowest each column may give before its words break. */
  minimum: number[];
  /**
   * Whether a wider screen may keep the columns this width shows by breaking the same words: long
   * words judged out while a row keeps all of its words whole (one row's outlier; two long exact
   * pairs of list mappings), or long e-mails at their halves. Not where every row's words are judged
   * out (everyRowBroken): that width shows no optional column to keep.
   */
  copyable: () => boolean;
  /**
   * Whether every row has a word judged out, which breaks whatever is left out: optional columns
   * shown beside them only narrow the slivers (list mappings at 33 columns showed "at (UTC)" beside
   * e-mails broken every 6 characters, and hid it from 34 on).
   */
  everyRowBroken: () => boolean;
}

/** Above any word's width: a word's width times this, plus its widest half, sorts both in one number. */
const HALF = 1 << 20;

/** A column's widths, read once. */
interface ColumnWidths {
  /** Header and every line, ascending. */
  lines: Float64Array;
  /** Every word of the header and the lines, ascending. */
  words: Float64Array;
  /** The cells' words, widest first. */
  long: Float64Array;
  /** For each of `long`, the widest half (split before the "@") of it and every wider one. */
  halves: Float64Array;
  /** The rows, up to two, holding the column's widest words, and each one's widest: [row, width]. */
  top: Array<[number, number]>;
  /** Each row's widest word. */
  rows: Float64Array;
}

export interface TableToJudge {
  headers: readonly string[];
  cells: readonly string[][][];
  natural: readonly number[];
  /** Each column's longest word. */
  minimum: readonly number[];
  /** The columns never left out, nor under their rows (no `drop`, not `trailing`). */
  always: readonly number[];
  wrapsFirst: readonly boolean[];
}

export class ColumnJudge {
  private readonly read: Array<ColumnWidths | undefined>;
  private readonly always: number[];

  constructor(private readonly table: TableToJudge) {
    this.read = table.headers.map(() => undefined);
    this.always = [...table.always].sort((a, b) => table.minimum[a]! - table.minimum[b]!);
  }

  /** The judgement at `room` columns (Infinity: every column at its content's width). */
  at(room: number): Judgement {
    const { natural, wrapsFirst } = this.table;
    const judgedAt = [...natural];
    const minimum = [...this.table.minimum];
    const long = Number.isFinite(room) ? this.judgeLongWords(room, judgedAt, minimum) : undefined;
    for (let c = 0; c < judgedAt.length; c++) if (wrapsFirst[c]) judgedAt[c] = Math.min(judgedAt[c]!, minimum[c]!);
    // Asked only of a width that keeps more: looking for a row kept whole reads every row.
    return {
      judgedAt,
      minimum,
      copyable: () => long === 'halves' || (Array.isArray(long) && this.someRowWhole(long)),
      everyRowBroken: () => Array.isArray(long) && !this.someRowWhole(long),
    };
  }

  /**
   * How words too wide for their share were judged: at their halves, or out (then the columns they
   * are in, each with its share); undefined when none is.
   */
  private judgeLongWords(room: number, judgedAt: number[], minimum: number[]): 'halves' | Array<[number, number]> | undefined {
    const always = this.always;
    // A word no choice of columns can keep whole (wider than the screen leaves beside the columns
    // always shown, each at its narrowest) breaks whatever is left out: one 162-character e-mail hid
    // every row's optional columns and was broken all the same. What to leave out is judged without
    // such words, and their column is the first to give (its narrowest is then its widest word that
    // can stay whole).
    // The room is shared out narrowest column first, each taking its widest word when that fits an
    // even share of what is left. Judged against the others' widest words instead, two columns with
    // one long e-mail each (list mappings, both sides) left each other a sliver: at 120 columns every
    // e-mail of the table broke, while at 80 the optional columns went and the rest stayed whole.
    let left = room - GAP * (always.length - 1);
    // A column squeezed whose long e-mails break once, at the "@", within its share is judged at
    // that width, and keeps it from the columns after it. Judged at its widest short line (a header,
    // in a table of three rows) it left the next long column all the room: that e-mail stayed whole
    // while this one broke into slivers of 13 beside a "Zoho id" that could have gone.
    const whole: Array<[number, number] | undefined> = judgedAt.map(() => undefined);
    // Halves are for words too wide for an even share (sorted by widest word: in the column first
    // squeezed and every one after it) in two columns and two rows, which share the width. In one
    // column, or one row, they are an outlier, which breaks in the room the other rows leave, in
    // every column it is in: kept in halves, an address of 85 hid "id" of every row of list
    // myoperator at 80 columns, and one of 84 "Zoho id" of every row of list mappings at 120, to save
    // its own row a line; an exact pair's address of 59, broken on the Zoho side, hid "Zoho id" to
    // stay whole on the MyOperator side, judged after the other had given.
    let shared: boolean | undefined;
    let halved = true;
    let outlierRoom = 0;
    const out: Array<[number, number]> = [];
    always.forEach((c, i) => {
      const share = shared === false ? outlierRoom : Math.floor(left / (always.length - i));
      if (share > 0 && minimum[c]! > share) {
        if (shared === undefined) {
          shared = always.length - i > 1 && this.rowsWithWordsOver(always.slice(i), share) > 1;
          outlierRoom = share;
        }
        out.push([c, share]);
        const [line, word] = (whole[c] = this.wholeWithin(c, share));
        const halves = shared ? this.halvesWithin(c, share) : undefined;
        if (halves === undefined) halved = false;
        [judgedAt[c], minimum[c]] = halves === undefined ? [line, word] : [Math.max(line, halves), Math.max(word, halves)];
      }
      left -= minimum[c]!;
    });
    // Halves that leave the other columns always shown too little room to keep their lines go back
    // to the words that stay whole: one 84-character address whose part before its "@" took all the
    // screen left wrapped every name of list myoperator ("Vikram" above "Singh") and hid "id", for
    // one line it saved in its own row.
    if (always.reduce((sum, c) => sum + judgedAt[c]!, GAP * (always.length - 1)) > room) {
      for (const c of always) if (whole[c]) [judgedAt[c], minimum[c]] = whole[c]!;
      halved = false;
    }
    return shared === undefined ? undefined : shared && halved ? 'halves' : out;
  }

  private widthsOf(c: number): ColumnWidths {
    const known = this.read[c];
    if (known) return known;
    const lines: number[] = [];
    const words: number[] = [];
    // Each cell word as one number, its width above its widest half: one numeric sort orders both.
    const keyed: number[] = [];
    const add = (text: string, cell: boolean): number => {
      const width = displayWidth(text);
      lines.push(width);
      let widest = 0;
      for (const word of text.includes(' ') ? text.split(' ') : [text]) {
        const w = word === text ? width : displayWidth(word);
        words.push(w);
        widest = Math.max(widest, w);
        if (!cell) continue;
        // Split before its "@" as breakWord splits an address; one with none is its own half, too wide for any room it is over.
        const at = word.indexOf('@', 1);
        keyed.push(w * HALF + (at < 0 ? w : Math.max(displayWidth(word.slice(0, at)), displayWidth(word.slice(at)))));
      }
      return widest;
    };
    add(this.table.headers[c]!, false);
    const top: Array<[number, number]> = [];
    const rows = new Float64Array(this.table.cells.length);
    this.table.cells.forEach((row, r) => {
      let widest = 0;
      for (const line of row[c]!) widest = Math.max(widest, add(line, true));
      rows[r] = widest;
      if (top.length < 2 || widest > top[1]![1]) {
        top.push([r, widest]);
        top.sort((x, y) => y[1] - x[1]);
        top.length = Math.min(top.length, 2);
      }
    });
    const ascending = Float64Array.from(keyed).sort();
    const long = new Float64Array(ascending.length);
    const halves = new Float64Array(ascending.length);
    let widestHalf = 0;
    for (let k = 0; k < ascending.length; k++) {
      const key = ascending[ascending.length - 1 - k]!;
      long[k] = Math.floor(key / HALF);
      widestHalf = Math.max(widestHalf, key - long[k]! * HALF);
      halves[k] = widestHalf;
    }
    const read = { lines: Float64Array.from(lines).sort(), words: Float64Array.from(words).sort(), long, halves, top, rows };
    this.read[c] = read;
    return read;
  }

  /** The widest line and the widest word of column `c` that are at most `room` wide. */
  private wholeWithin(c: number, room: number): [number, number] {
    const { lines, words } = this.widthsOf(c);
    return [widestUpTo(lines, room), widestUpTo(words, room)];
  }

  /**
   * The widest half of column `c`'s words wider than `room`, each split before its "@" as breakWord
   * splits an address; undefined when one of them has no such halves that fit.
   */
  private halvesWithin(c: number, room: number): number | undefined {
    const { long, halves } = this.widthsOf(c);
    // How many are wider than `room`: `long` is widest first.
    let over = 0;
    let hi = long.length;
    while (over < hi) {
      const mid = (over + hi) >> 1;
      if (long[mid]! > room) over = mid + 1;
      else hi = mid;
    }
    if (over === 0) return 0;
    const widest = halves[over - 1]!;
    return widest > room ? undefined : widest;
  }

  /** Whether a row keeps every word whole in the columns whose words are judged `out`, each within its share. */
  private someRowWhole(out: ReadonlyArray<[number, number]>): boolean {
    const widest = out.map(([c, share]) => [this.widthsOf(c).rows, share] as const);
    for (let r = 0; r < this.table.cells.length; r++) if (widest.every(([rows, share]) => rows[r]! <= share)) return true;
    return false;
  }

  /** How many rows, up to two, hold a word wider than `room` in one of the columns `cs`. */
  private rowsWithWordsOver(cs: readonly number[], room: number): number {
    // Two rows over it in one column are that column's two widest; one in each of two columns, each one's widest.
    const rows = new Set<number>();
    for (const c of cs) for (const [r, w] of this.widthsOf(c).top) if (w > room) rows.add(r);
    return Math.min(rows.size, 2);
  }
}

/** The greatest of ascending `widths` at most `room`, else 0. */
function widestUpTo(widths: Float64Array, room: number): number {
  let lo = 0;
  let hi = widths.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (widths[mid]! <= room) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? widths[lo - 1]! : 0;
}
