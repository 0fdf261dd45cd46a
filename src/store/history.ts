/**
 * The change history: one JSON line per change the tool made (time, command, OS user, before,
 * after, result), appended beside the mappings file under the mappings lock, so a CI job commits
 * it with the mappings. It holds ids and e-mails, never a secret. Lines are only ever appended;
 * each append is written whole and flushed to disk before the lock is released.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { describeIssue } from '../clients/schemas.js';
import { isRecord } from '../clients/plain-users.js';
import { remoteText } from '../clients/remote-text.js';
import type { Change } from '../core/mapping-changes.js';
import { Utf8Writer } from './durable-write.js';
import { cannotWrite, notAFile, type KeptThere } from './file-errors.js';
import { visible } from '../core/forensics.js';
import { conflictMarkerLine, endsBeforeItsJson, notUtf8, readStoreFileStated, resolveMerge } from './read-store-file.js';
import { cutCharacterAtEnd, utf8Lines } from '../io/utf8-text.js';
import { whereJsonStopped } from '../io/json-position.js';

export interface HistoryEntry extends Change {
  time: string;
  command: string;
  user: string;
}

// What the tool writes: an ISO time (`--since` compares it), and before/after as objects or null.
// A hand-edited line with "yesterday" for a time, or a number for a side, was listed as if it
// were a change, and silently left out by --since. The mappings' `at` is held to it too (store/mappings),
// and `map --import` restores a recorded time only when it passes it (commands/map).
// The value is quoted back (made visible, cut short): "expected an ISO 8601 time" alone left the
// reader to find which of a hundred `at` fields it was, and a number got the advice for ids, to
// put it in quotes, after which it was still no time.
const notIsoTime = (v: unknown) =>
  `expected an ISO 8601 time, as the tool writes (such as "2026-01-31T09:30:00.000Z")${v === undefined ? '' : `, found ${typeof v === 'string' ? `"${remoteText(v, 40)}"` : remoteText(v, 40)}`}`;
export const isoTime = z.string({ error: (issue) => notIsoTime(issue.input) }).superRefine((t, ctx) => {
  const problem = timeProblem(t);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Why `t` is not a time as the tool writes it (isoTime's refusal), or undefined when it is one. */
function timeProblem(t: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) || Number.isNaN(Date.parse(t))) return notIsoTime(t);
  // Date.parse takes any day up to the 31st of any month: "2026-02-30" was read as 2 March.
  if (!isCalendarDay(t.slice(0, 10))) return `expected an ISO 8601 time, as the tool writes: ${t.slice(0, 10)} is not a day of the calendar`;
  return undefined;
}

function isCalendarDay(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}
const side = z.record(z.string(), z.unknown()).nullable();
const entrySchema = z.object({
  time: isoTime,
  command: z.string(),
  user: z.string(),
  action: z.string(),
  before: side,
  after: side,
  result: z.string(),
  detail: z.string().optional(),
});

/**
 * The fields entryReader's fast path checks and copies, by hand. A field added to entrySchema and
 * not here would be dropped from every line the tool wrote (zod kept it on the others): then every
 * line goes to zod, slower and never wrong, and history unit's check of this list fails.
 */
export const FAST_PATH_FIELDS = ['time', 'command', 'user', 'action', 'before', 'after', 'result', 'detail'] as const;
export const ENTRY_FIELDS: readonly string[] = Object.keys(entrySchema.shape);
const FAST_PATH_HOLDS_EVERY_FIELD = ENTRY_FIELDS.every((k) => (FAST_PATH_FIELDS as readonly string[]).includes(k));

/**
 * A line's JSON as entrySchema reads it. zod cost a history of 100,000 lines most of its read
 * (a copy of every line's sides, and the garbage of it): a line as the tool writes it is checked
 * here instead, by entrySchema's own rules, and taken as zod would give it back (its fields in the
 * schema's order, no other). Any other, zod reads: it takes or refuses it, in its own words, as before.
 * One reader a read: a run's lines share its time, so each time is checked once in a row.
 */
function entryReader(): (raw: unknown) => ReturnType<typeof entrySchema.safeParse> {
  let timeTaken: string | undefined;
  return (raw) => {
    if (!FAST_PATH_HOLDS_EVERY_FIELD || !isRecord(raw)) return entrySchema.safeParse(raw);
    const { time, command, user, action, before, after, result, detail } = raw;
    const written =
      typeof time === 'string' &&
      typeof command === 'string' &&
      typeof user === 'string' &&
      typeof action === 'string' &&
      typeof result === 'string' &&
      (detail === undefined || typeof detail === 'string') &&
      isSide(before) &&
      isSide(after) &&
      (time === timeTaken || timeProblem(time) === undefined);
    if (!written) return entrySchema.safeParse(raw);
    timeTaken = time;
    const entry: z.infer<typeof entrySchema> = { time, command, user, action, before, after, result };
    if (detail !== undefined) entry.detail = detail;
    return { success: true, data: entry };
  };
}

/** A side entrySchema gives back as it is: null, or an object (as JSON.parse makes it) without a key "__proto__", which zod's copy drops. */
function isSide(v: unknown): v is Record<string, unknown> | null {
  return v === null || (isRecord(v) && !Object.hasOwn(v, '__proto__'));
}

// A side's fields as a line records them. The entry schema takes any object for a side, so a
// hand-edited line may hold a number, null or an object where the tool writes a string: read as ''.
const recorded = z.string().catch('');
const recordedSide = z.object({
  zoho: z.object({ id: recorded, zuid: recorded, email: recorded }).optional().catch(undefined),
  myoperator: z.object({ uuid: recorded, extension: recorded, email: recorded }).optional().catch(undefined),
  // An ignored Zoho user's record, or a MyOperator user's left unmapped on purpose (uuid, extension, email).
  zohoId: recorded,
  email: recorded,
  uuid: recorded,
  extension: recorded,
});

/** A user a history line names, with the values that name it (ids, extension, e-mail; '' for none). */
export type RecordedUser =
  | { side: 'zoho'; id: string; email: string; names: string[] }
  | { side: 'myoperator'; uuid: string; extension: string; email: string; names: string[] };

/**
 * The users one entry names, its `after` before its `before` (the latest record of each first): a
 * mapping's Zoho side, an ignored Zoho user or MyOperator user, a mapping's MyOperator side.
 */
export function usersNamed(entry: HistoryEntry): RecordedUser[] {
  const out: RecordedUser[] = [];
  for (const side of [entry.after, entry.before]) {
    const parsed = recordedSide.safeParse(side);
    if (!parsed.success) continue; // null: no such side
    const r = parsed.data;
    if (r.zoho) out.push({ side: 'zoho', id: r.zoho.id, email: r.zoho.email, names: [r.zoho.id, r.zoho.zuid, r.zoho.email] });
    if (r.uuid) out.push({ side: 'myoperator', uuid: r.uuid, extension: r.extension, email: r.email, names: [r.uuid, r.extension, r.email] });
    else out.push({ side: 'zoho', id: r.zohoId, email: r.email, names: [r.zohoId, r.email] });
    if (r.myoperator) out.push({ side: 'myoperator', ...r.myoperator, names: [r.myoperator.uuid, r.myoperator.extension, r.myoperator.email] });
  }
  return out;
}

/** uuid → the name the history's lines last recorded for that MyOperator user. */
export type SeatNames = ReadonlyMap<string, string>;

/**
 * The names the lines record for MyOperator users (a line left unmapped on purpose, a pair `map`
 * made with a seat with no e-mail), the later over the earlier: a line that records none (an
 * --unmap, which reads no users; one written before names were) names its seat by it, in
 * `list history`'s row and in --unmap's own sentence.
 */
export function seatNames(entries: readonly HistoryEntry[]): SeatNames {
  const names = new Map<string, string>();
  const note = (side: unknown) => {
    const s = side as { uuid?: unknown; name?: unknown } | null | undefined;
    if (typeof s?.uuid === 'string' && typeof s.name === 'string' && s.name) names.set(s.uuid, s.name);
  };
  for (const e of entries)
    for (const side of [e.before, e.after] as Array<{ myoperator?: unknown } | null>) {
      note(side);
      note(side?.myoperator);
    }
  return names;
}

/** `mappings/default.json` → `mappings/default.history.jsonl`. */
export function historyPath(mappingsFile: string): string {
  const ext = extname(mappingsFile);
  return join(dirname(mappingsFile), `${basename(mappingsFile, ext)}.history.jsonl`);
}

/** What placed the mappings file, and with it the history beside it (see mappingsPlacedBy). */
export type MappingsPlacedBy = '--mappings' | 'PHONEBRIDGE_MAPPINGS_FILE' | 'config dir' | 'sandbox';

/**
 * What the history path holds and what moves it, for the words every command that appends to it or
 * reads it says of a directory there (cannotWrite, readStoreFile), and doctor too. Nobody gives that
 * path: it is the mappings file's (historyPath), so "Give the path of a file" named one never given,
 * and only what placed the mappings file moves it.
 */
export function historyKept(mappingsFile: string, placedBy: MappingsPlacedBy): KeptThere {
  const elsewhere = {
    '--mappings': 'give --mappings another path: the history goes beside the mappings file',
    PHONEBRIDGE_MAPPINGS_FILE: 'set PHONEBRIDGE_MAPPINGS_FILE to another path: the history goes beside the mappings file',
    'config dir': 'give the mappings file another place with --mappings (or --config-dir): its history goes beside it',
    // The sandbox refuses --mappings: its mappings and history are its config dir's.
    sandbox: 'choose another place with --config-dir',
  }[placedBy];
  return { keeps: `the history of the mappings file ${mappingsFile}`, elsewhere };
}

/** Who ran the command, as the OS knows them: a name, never a credential. */
export function osUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.USERNAME || 'unknown';
  }
}

/**
 * The history file, open for appending. Opened before the change it will record is made (see
 * MappingStore.update), so a history that cannot take lines (a directory, a file we may not write)
 * stops the change rather than leaving it unrecorded.
 */
export interface HistoryFile {
  /**
   * Appends whole lines or nothing (historyLines: one HistoryEntry per change): every byte is checked written and flushed; a failure (a full disk) cuts the file back
   * to where it was, so no half line is left, and throws the cause.
   */
  append(lines: readonly string[]): void;
  close(): void;
}

/**
 * The history's lines of `changes`, each the bytes of JSON.stringify({ time, command, user,
 * ...change }), made without an object per line (the shared fields once, then the change's own
 * object with its opening brace swapped for them). Made once per save: the same lines are set aside
 * before it (history-journal.ts) and appended after it.
 */
export function historyLines(who: Pick<HistoryEntry, 'time' | 'command' | 'user'>, changes: readonly Change[]): string[] {
  const head = JSON.stringify({ time: who.time, command: who.command, user: who.user }).slice(0, -1) + ',';
  return changes.map((c) => head + JSON.stringify(c).slice(1));
}

/** `kept`: what the path holds (historyKept), for the sentence when a directory stands there. */
export function openHistory(file: string, kept?: KeptThere): HistoryFile {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'a+', 0o644);
  } catch (e) {
    throw cannotWrite(file, e, 'the history file', { kept, need: 'rw' });
  }
  try {
    const st = fstatSync(fd);
    // Checked before the change it records: a named pipe took the mapping, then failed its fsync
    // with EINVAL (exit 6, the line lost). A device is left to its writes (/dev/full stands for a
    // disk that fills between the two files).
    if (st.isFIFO() || st.isSocket()) throw notAFile();
    size = st.size;
  } catch (e) {
    closeSync(fd);
    throw cannotWrite(file, e, 'the history file');
  }
  return {
    append(lines) {
      if (lines.length === 0) return;
      // Encoded as written: a resync that adds 10,000 mappings appends 3 MB of lines without joining
      // them into one string first.
      try {
        const out = new Utf8Writer(fd);
        // A last line cut short (a killed write, a hand edit) must not swallow the first new entry:
        // start on a line of our own. The short line stays where it is, for the reader to name.
        if (size > 0) {
          const last = Buffer.alloc(1);
          readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== 0x0a) out.write('\n');
        }
        for (const line of lines) out.write(line + '\n');
        out.flush();
        fsyncSync(fd);
        size = fstatSync(fd).size;
      } catch (e) {
        try {
          ftruncateSync(fd, size);
        } catch {
          /* the error thrown is the one that matters */
        }
        throw e;
      }
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * The start of every line the tool writes (see append). A line cut short, by a run killed while it
 * appended (kill -9, a power cut), is the start of such a line, no more.
 */
const LINE_START = '{"time":"';

/**
 * A line cut short while it was written: the start of a line the tool writes, whose JSON ends
 * before it is whole (`said`, JSON.parse's error: "end of JSON input", or a position at the very end). A line
 * broken any other way (by hand, in an editor) is not this.
 */
function cutShort(line: string, said: string): boolean {
  if (!LINE_START.startsWith(line.slice(0, LINE_START.length))) return false;
  return endsBeforeItsJson(line, said);
}

/**
 * The bytes with line `line` (from 1) cut back to its last whole character, when the line is the
 * start of one the tool writes and its only bytes that are not UTF-8 are a character the cut did
 * not finish (a kill mid-append, inside an e-mail's U+200B); else undefined.
 */
function withoutCutCharacter(bytes: Uint8Array, line: number): Uint8Array | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) start = bytes.indexOf(0x0a, start) + 1;
  const newline = bytes.indexOf(0x0a, start);
  let end = newline === -1 ? bytes.length : newline;
  while (end > start && bytes[end - 1] === 0) end--; // what a power cut left unwritten after it (see unwritten)
  const text = bytes.subarray(start, end);
  if (!Buffer.from(text.subarray(0, LINE_START.length)).equals(Buffer.from(LINE_START))) return undefined;
  const k = cutCharacterAtEnd(text);
  return k ? Buffer.concat([bytes.subarray(0, end - k), bytes.subarray(end)]) : undefined;
}

export interface History {
  entries: HistoryEntry[];
  /**
   * The lines (from 1) cut short while they were written, left out: a run stopped mid-append
   * leaves one at the end, and the next append starts on a line of its own after it.
   */
  cutShort: number[];
  /** The last line (from 1) that holds anything: a cut line before it has entries after it. */
  lastLine: number;
  /** Where this read's whole lines end, for a later read to go on from (readHistoryWithGaps' `since`); undefined when the file could not be told again. */
  readTo?: ReadTo;
}

/**
 * The file's whole lines a read took (up to and with its last newline), and which file held them:
 * a later read under the lock reads only the bytes after them when it is the same file, grown.
 * Its entries and cutShort are sliced from the read's each time they are looked at (readToOf).
 */
export interface ReadTo extends Omit<History, 'readTo'> {
  dev: number;
  ino: number;
  /** Where the whole lines end, and how many lines they are. */
  offset: number;
  lines: number;
  /** The bytes just before `offset`: a file rewritten in its place, its inode kept, is read whole again. */
  tail: Buffer;
}

/** How many bytes before a read's end are checked unchanged before the next read goes on from there. */
const TAIL_CHECKED = 1024;

/**
 * Every entry, oldest first. A line cut short while it was written (see cutShort) is left out and
 * named, not an error: every whole line is intact, and blocking them all for a torn one kept a
 * person from seeing any (exit 2 until the line was removed by hand). A line broken any other way
 * is still an error naming it: the tool did not write it so.
 *
 * `since`: an earlier read of the same history (its `readTo`), whose lines are taken as read when
 * the file is the same one, grown: only what was appended after them is read (fix reads a history
 * of 100,000 lines before its lock, then again under it). A file that shrank or was replaced, or
 * rewritten where the earlier read ended, is read whole.
 */
export function readHistoryWithGaps(file: string, kept?: KeptThere, upTo?: number, since?: ReadTo): History {
  const after = since && (upTo === undefined || upTo >= since.offset) ? appendedSince(file, since) : undefined;
  if (after) return parseHistory(file, after.bytes, since!.offset, upTo === undefined ? undefined : upTo - since!.offset, after.stat, since);
  // Stated before it is read (readStoreFile's stat): a file replaced between the two is then read whole by the next read, not from a wrong place.
  const read = readStoreFileStated(file, 'the history file', { kept });
  if (!read) return { entries: [], cutShort: [], lastLine: 0 };
  return parseHistory(file, read.bytes, 0, upTo, read.stat);
}

/** The bytes of the file after `since`'s whole lines, when it is the file `since` read, its bytes before them as they were; else undefined. */
function appendedSince(file: string, since: ReadTo): { bytes: Buffer; stat: { dev: number; ino: number } } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined; // the whole read says why
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.dev !== since.dev || stat.ino !== since.ino || stat.size < since.offset) return undefined;
    const from = since.offset - since.tail.length;
    const bytes = Buffer.alloc(stat.size - from);
    let got = 0;
    for (let n = -1; got < bytes.length && n !== 0; got += n) n = readSync(fd, bytes, got, bytes.length - got, from + got);
    if (!bytes.subarray(0, since.tail.length).equals(since.tail)) return undefined;
    return { bytes: bytes.subarray(since.tail.length, got), stat };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The entries of `read`, the file's bytes from `start` (after `since`'s lines, when given). `upTo`:
 * where the lines a killed run set aside begin (history-journal.ts), from `start`, which are read
 * from there, whole: what it appended of them before it died is not read twice, nor named cut short.
 */
function parseHistory(file: string, read: Buffer, start: number, upTo: number | undefined, stat?: { dev: number; ino: number }, since?: ReadTo): History {
  const firstLine = since?.lines ?? 0;
  let bytes: Uint8Array = upTo !== undefined && read.length > upTo ? read.subarray(0, upTo) : read;
  // Lines after the last newline may be one still being appended: the next read reads them again.
  const wholeEnd = bytes.lastIndexOf(0x0a) + 1;
  let wholeLines = firstLine;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < wholeEnd; at = bytes.indexOf(0x0a, at + 1)) wholeLines++;
  let decoded = utf8Lines(bytes);
  while ('notUtf8AtLine' in decoded) {
    const cut = withoutCutCharacter(bytes, decoded.notUtf8AtLine);
    if (!cut) throw brokenLine(file, firstLine + decoded.notUtf8AtLine, `it holds ${notUtf8(read)}`);
    bytes = cut;
    decoded = utf8Lines(bytes);
  }
  const { lines } = decoded;
  // Copies already: readToOf slices them.
  const out: HistoryEntry[] = since ? since.entries : [];
  const short: number[] = since ? since.cutShort : [];
  let lastLine = since?.lastLine ?? 0;
  // How many entries and lines cut short the whole lines hold: the partial line after them is the next read's again.
  let whole: { entries: number; cutShort: number; lastLine: number } | undefined;
  const readEntry = entryReader();
  lines.forEach((text, index) => {
    const i = firstLine + index;
    if (i === wholeLines) whole = { entries: out.length, cutShort: short.length, lastLine };
    if (!text.trim()) return;
    // The bytes an append interrupted by a power cut may leave unwritten: the file grown, its new
    // bytes zeros, after the start of a line or in place of all of it. None is a byte the tool writes.
    // Looked for only where the line ends in one: the regex, tried at each of a line's 400 characters, was not free.
    const unwritten = text.endsWith('\0') ? /\0+$/.exec(text) : null;
    const line = unwritten ? text.slice(0, unwritten.index) : text;
    lastLine = i + 1;
    if (unwritten && !line) return void short.push(i + 1);
    let raw: unknown;
    // What JSON.parse said of a line that is not JSON: whether it was cut short is read from it.
    let notJson: string | undefined;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      notJson = (e as Error).message;
    }
    const parsed = readEntry(raw);
    if (!parsed.success && notJson !== undefined && cutShort(line, notJson)) return void short.push(i + 1);
    if (!parsed.success && conflictMarkerLine(line))
      throw new BrokenHistory(
        `The history file ${file} has a git merge left unresolved (line ${i + 1}: "${visible(line.trimEnd())}").`,
        `Resolve the merge: ${resolveMerge(conflictMarkerLine(lines.join('\n'))!.diff3)}.`,
      );
    if (!parsed.success)
      throw brokenLine(
        file,
        i + 1,
        isRecord(raw)
          ? describeIssue(parsed.error, '', raw)
          : // Where JSON.parse stopped: a comma typed after the last field is far along a line of 400
            // characters whose fields are all there, and "not one JSON change" sent a person looking for a missing one.
            notJson !== undefined
            ? `it is not JSON (${whereJsonStopped(notJson, line, { lineNamed: true })})`
            : 'it is not one JSON change (time, command, user, action, before, after, result)',
      );
    out.push(parsed.data as HistoryEntry);
  });
  // Copied out of the read, so the read's buffer is not held for its last bytes; reaching back into the earlier read's when few were appended.
  const tail = Buffer.concat([since?.tail ?? Buffer.alloc(0), read.subarray(Math.max(0, wholeEnd - TAIL_CHECKED), wholeEnd)]);
  const at = stat && whole ? { counts: whole, dev: stat.dev, ino: stat.ino, offset: start + wholeEnd, lines: wholeLines, tail: tail.subarray(Math.max(0, tail.length - TAIL_CHECKED)) } : undefined;
  return { entries: out, cutShort: short, lastLine, readTo: at && readToOf(out, short, at) };
}

/**
 * The whole lines' part of a read's entries and lines cut short, sliced from the read's own lists
 * when a later read goes on from them: copied on every read, they cost a history of 100,000 lines
 * a second list of each, which only fix's read under its lock uses.
 */
function readToOf(
  entries: readonly HistoryEntry[],
  cutShort: readonly number[],
  { counts, ...at }: Omit<ReadTo, 'entries' | 'cutShort' | 'lastLine'> & { counts: { entries: number; cutShort: number; lastLine: number } },
): ReadTo {
  return {
    get entries() {
      return entries.slice(0, counts.entries);
    },
    get cutShort() {
      return cutShort.slice(0, counts.cutShort);
    },
    lastLine: counts.lastLine,
    ...at,
  };
}

/**
 * The lines a killed run set aside (history-journal.ts, which parsed them) as entries. The tool wrote
 * them, so each is one; a line edited by hand into something else is left out here, and named once
 * it is appended.
 */
export function wholeEntries(values: readonly unknown[]): HistoryEntry[] {
  const readEntry = entryReader();
  return values.flatMap((value) => {
    const parsed = readEntry(value);
    return parsed.success ? [parsed.data as HistoryEntry] : [];
  });
}

/**
 * A history whose lines cannot all be read (one broken by hand, a merge left in it), as against one
 * that cannot be opened: a run that only appends goes on past it (fix names it, see recordEarlierSends).
 */
export class BrokenHistory extends UsageError {}

function brokenLine(file: string, line: number, why: string): UsageError {
  return new BrokenHistory(
    `The history file ${file} has a broken line ${line}: ${why}.`,
    'Fix or delete that line by hand (`git diff` shows what changed if it is in a repository); the tool only appends to this file.',
  );
}
