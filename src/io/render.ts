/** Output forms shared by every command: a table for people, tab-separated lines for programs, one JSON document. */
import { visible } from '../core/forensics.js';

/**
 * JSON.stringify escapes C0 controls; this also escapes DEL, C1 controls and invisible or
 * direction-changing characters, so a remote name cannot move the cursor or hide text on a
 * terminal. The document still parses to exactly the same data. Indented for a person at a
 * terminal, compact for a program (a 100,000-user report is 2.4x smaller and much faster).
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
export function toJson(doc: unknown, pretty = true, retarget: JsonRetarget = same): string {
  return retarget(JSON.stringify(doc, null, pretty ? 2 : undefined)).replace(UNSAFE_IN_JSON, escapeChar) + '\n';
}

/**
 * The commands quoted in a document's sentences given this run's --sandbox, --config-dir, --profile
 * and --mappings (Context `retargetJson`), applied to the JSON text as it is made: a string is never
 * split between two pieces of it, and a document of a million results is not walked a second time.
 */
export type JsonRetarget = (json: string) => string;
const same: JsonRetarget = (json) => json;

type Sink = { write(chunk: string | Uint8Array): unknown; writableLength?: number };

/**
 * Whether `out` lets go of the bytes of a write once its `writableLength` is back at 0: this
 * process's own standard output does (Node writes it to a file before write() returns, and to a
 * pipe or terminal at once unless the reader lags, when it queues them and `writableLength` says
 * so). Any other stream, a test's or a pager's, may keep what it is given.
 */
function keepsNothingWritten(out: Sink): boolean {
  return out === process.stdout;
}

/**
 * The same escaping done on UTF-8 bytes, for large output: a regular expression over a 50 MB
 * document costs more than encoding it, while `Buffer#indexOf` finds the few lead bytes these
 * characters can start with at memchr speed. The table is built from UNSAFE_IN_JSON itself, so the
 * two cannot disagree (a property test checks they give the same bytes).
 */
let unsafeUtf8: { escapes: Map<string, string>; leads: number[] } | undefined;
function unsafeTable(): { escapes: Map<string, string>; leads: number[] } {
  if (unsafeUtf8) return unsafeUtf8;
  const escapes = new Map<string, string>();
  const one = new RegExp(UNSAFE_IN_JSON.source);
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCharCode(cp);
    if (one.test(c)) escapes.set(Buffer.from(c).toString('latin1'), escapeChar(c));
  }
  return (unsafeUtf8 = { escapes, leads: [...new Set([...escapes.keys()].map((k) => k.charCodeAt(0)))] });
}

export function escapeUnsafeUtf8(buf: Buffer): Buffer[] {
  const { escapes, leads } = unsafeTable();
  const hits: Array<[at: number, length: number, escape: string]> = [];
  for (const lead of leads) {
    for (let i = buf.indexOf(lead); i >= 0; i = buf.indexOf(lead, i + 1)) {
      for (let n = 1; n <= 3; n++) {
        const escape = escapes.get(buf.toString('latin1', i, i + n));
        if (escape !== undefined) {
          hits.push([i, n, escape]);
          break;
        }
      }
    }
  }
  if (hits.length === 0) return [buf];
  hits.sort((a, b) => a[0] - b[0]);
  const out: Buffer[] = [];
  let from = 0;
  for (const [at, n, escape] of hits) {
    out.push(buf.subarray(from, at), Buffer.from(escape, 'latin1'));
    from = at + n;
  }
  out.push(buf.subarray(from));
  return out;
}

/**
 * A document with one large array, written compact in chunks: a 100,000-result report never
 * exists as one string, which keeps peak memory and time down. Same bytes as compact `toJson`.
 *
 * Each chunk is stringified in small groups: V8 builds a JSON string in one-byte form until it
 * meets a character above U+00FF (a zero-width space in one e-mail), then goes on in two-byte form,
 * which is slower to build and to encode as UTF-8. Small groups keep one such user from slowing
 * the 2,000 around it (about 60 ms on the 100,000-user benchmark). The groups are encoded into one
 * reused buffer rather than a new Buffer each. The finished chunk is copied out only for a stream
 * that may keep what it is given (see `keepsNothingWritten`): every copy is memory outside V8's
 * heap, and V8 answers each 64 MB of that with a full collection: a million results' 1 GB report
 * made 20 full collections of a 640 MB heap where 6 are needed. On a quiet 2-core machine V8 marks
 * on the other core, and the run took the same time (alternating runs, 0.998x wall, 0.98x CPU);
 * on a loaded one the pauses were 11.4 s against 3.2 s (--trace-gc).
 */
export function writeJsonStream<T>(
  out: Sink,
  head: Record<string, unknown>,
  key: string,
  items: readonly T[],
  map: (item: T) => unknown,
  retarget: JsonRetarget = same,
): void {
  const prefix = toJson(head, false, retarget);
  out.write(`${prefix.slice(0, prefix.lastIndexOf('}'))}${Object.keys(head).length ? ',' : ''}${JSON.stringify(key)}:`);
  writeJsonArray(out, items, map, retarget);
  out.write('}\n');
}

/** `[…]` of one array, compact, in chunks of small groups as writeJsonStream explains: the bytes of `toJson(items.map(map), false)` but its newline. */
function writeJsonArray<T>(out: Sink, items: readonly T[], map: (item: T) => unknown, retarget: JsonRetarget): void {
  out.write('[');
  const CHUNK = 2000;
  const GROUP = 50;
  let scratch = Buffer.allocUnsafe(1 << 20);
  const reuse = keepsNothingWritten(out);
  for (let i = 0; i < items.length; i += CHUNK) {
    const end = Math.min(items.length, i + CHUNK);
    let from = 0;
    let to = 0;
    for (let g = i; g < end; g += GROUP) {
      const part = new Array<unknown>(Math.min(end, g + GROUP) - g);
      for (let j = 0; j < part.length; j++) part[j] = map(items[g + j]!);
      const json = retarget(JSON.stringify(part));
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (to + json.length * 3 > scratch.length) {
        const bigger = Buffer.allocUnsafe(2 * (to + json.length * 3));
        scratch.copy(bigger, 0, 0, to);
        scratch = bigger;
      }
      const written = scratch.write(json, to);
      // "[a,b]" becomes "a,b" for the very first group and ",a,b" after it.
      if (g === 0) from = 1;
      else scratch[to] = 0x2c;
      to += written - 1;
    }
    const bytes = escapeUnsafeUtf8(scratch.subarray(from, to));
    if (!reuse) out.write(Buffer.concat(bytes));
    else {
      for (const b of bytes) out.write(b);
      // Queued behind a reader that lags: those bytes are the stream's now.
      if (out.writableLength) scratch = Buffer.allocUnsafe(scratch.length);
    }
  }
  out.write(']');
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Any document, compact, with the same bytes as `toJson(doc, false)`: plain objects are written key
 * by key and arrays of more than a few hundred entries by writeJsonArray, so a report with 10,000
 * mappings in it (resync) is neither one string nor slowed by one character above U+00FF.
 */
export function writeJson(out: Sink, doc: unknown, retarget: JsonRetarget = same): void {
  const value = (v: unknown): void => {
    if (Array.isArray(v) && v.length > 500) return writeJsonArray(out, v, (x) => x, retarget);
    if (!isPlainObject(v) || typeof v.toJSON === 'function') return void out.write(toJson(v, false, retarget).slice(0, -1));
    out.write('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      out.write(`${first ? '' : ','}${toJson(k, false).slice(0, -1)}:`);
      first = false;
      value(x);
    }
    out.write('}');
  };
  value(doc);
  out.write('\n');
}

/** One line per row, fields tab-separated, every field made safe (tabs and newlines become <U+0009>…). */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return rows.map((r) => r.map((f) => visible(f === null || f === undefined ? '' : String(f))).join('\t') + '\n').join('');
}

// Tables (io/table.ts) are imported where a terminal needs one: measuring text width loads
// string-width, whose Unicode tables cost ~30 ms that --json, --csv and a pipe never need.
