/**
 * The history lines of a change that replaces the mappings file, set aside until the history holds
 * them. The mappings file is saved first and its history after, so the history never tells of a
 * change the store lacks; but a run killed in between (kill -9, a power cut) left the change in the
 * store and no line of it in the history, for good: the next run found the change already made.
 * So the lines are first written beside the history (`<history>.pending`, whole and flushed), and
 * the next change, under the same lock, appends them when the mappings file holds the bytes they
 * were for (cutting off whatever part of them the killed run had appended), or drops them when it
 * does not (the run died before it replaced the file: nothing was changed). Until then a reader of
 * the history reads them with it, by the same rule, writing nothing (setAsideHeld).
 */
import { createHash } from 'node:crypto';
import { statSync, truncateSync, unlinkSync } from 'node:fs';
import { writeFileDurably } from './durable-write.js';
import { cannotWrite, type KeptThere } from './file-errors.js';
import { UsageError } from '../errors.js';
import { endsBeforeItsJson, notUtf8, readStoreFile, UnreadableStore } from './read-store-file.js';
import { utf8Text } from '../io/utf8-text.js';
import { visible } from '../core/forensics.js';
import { openHistory, wholeEntries, type HistoryEntry } from './history.js';

export interface Head {
  /** sha256 of the mappings file's new bytes. */
  store: string;
  /** The history's length before the lines: a killed run's part of them is cut back to it. */
  historySize: number;
}

export function pendingPath(historyPath: string): string {
  return `${historyPath}.pending`;
}

function digest(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sizeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * Before the mappings file is replaced by `storeBytes`: the lines of the change, for the history.
 * False when they could not be set aside: the save goes on as it did before there was a place for
 * them, and its own write says what is wrong (a full disk), naming the mappings file, not this one.
 */
export function setAside(historyPath: string, storeBytes: string, lines: readonly string[]): boolean {
  const head: Head = { store: digest(storeBytes), historySize: sizeOf(historyPath) };
  const text = [JSON.stringify(head), ...lines].join('\n') + '\n';
  try {
    writeFileDurably(pendingPath(historyPath), text, { defaultMode: 0o644, what: 'the history file' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Once the history holds them, or they are not to be recorded (the save failed, or the append did
 * and the error says so). Quietly: lines left here by a failed removal are appended again only over
 * their own first append (cut back to where it began), or dropped when the store lacks the change.
 */
export function dropSetAside(historyPath: string): void {
  try {
    unlinkSync(pendingPath(historyPath));
  } catch {
    /* see above */
  }
}

export interface HeldLines {
  head: Head;
  /** Whole entries, as the history takes them. */
  lines: string[];
  /** The same, as a reader of the history shows them (wholeEntries). */
  entries: HistoryEntry[];
}

/** The set-aside lines as the tool wrote them: its head, then one JSON entry a line. */
interface SetAsideFile {
  /** Undefined in a file of blank lines: nothing is set aside there, and it is dropped as such. */
  head?: Head;
  lines: string[];
  /** Each line parsed, once: a reader takes its entries from these. */
  values: unknown[];
}

/** What stands where a change sets its lines aside, and what moves that path (a directory there is said in these words). */
function setAsideKept(kept: KeptThere | undefined): KeptThere | undefined {
  return kept && { ...kept, keeps: `the lines a change sets aside for ${kept.keeps}` };
}

/**
 * The set-aside lines, or undefined when there are none. Read as every store's file is
 * (readStoreFile: a pipe refused before it is read, exit 2; a directory or a refused read named, exit 6), and refused when
 * they are not as the tool writes them (whole, through a temp renamed into place): dropped as "not
 * held", the lines of a change the mappings hold were lost without a word, and a change that set
 * its own aside wrote over them.
 */
function readSetAside(historyPath: string, kept?: KeptThere): SetAsideFile | undefined {
  const path = pendingPath(historyPath);
  const bytes = readStoreFile(path, "the history's set-aside lines", { kept: setAsideKept(kept) });
  if (!bytes) return undefined;
  const refuse = (line: number, why: string) =>
    new UsageError(
      `Cannot record the history's set-aside lines ${visible(path)}, kept as they are: line ${line} ${why}.`,
      'Mend that line by hand, or move the file aside (the history then lacks the change it tells of), then run again.',
    );
  // Not of the head, which the tool does write: "…the digest and size the tool writes first, which the tool never writes".
  const never = (what: string) => `${what}, which the tool never writes`;
  const decoded = utf8Text(bytes);
  if ('notUtf8AtLine' in decoded) throw refuse(decoded.notUtf8AtLine, never(`holds ${notUtf8(bytes)}`));
  const all = decoded.text.split('\n');
  const lines: string[] = [];
  const values: unknown[] = [];
  let head: Head | undefined;
  all.forEach((line, i) => {
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw refuse(i + 1, never(endsBeforeItsJson(line, (e as Error).message) ? 'is cut short' : 'is not JSON'));
    }
    if (head) return void (lines.push(line), values.push(value));
    if (!isHead(value)) throw refuse(i + 1, 'is not the digest and size the tool writes first');
    head = value;
  });
  return { head, lines, values };
}

function isHead(value: unknown): value is Head {
  const head = value as Partial<Head> | null;
  return typeof head?.store === 'string' && Number.isSafeInteger(head.historySize) && head.historySize! >= 0;
}

/**
 * The lines set aside when the mappings file (`store`, its bytes; undefined when there is none)
 * holds the bytes they were for; else undefined: the run died before it replaced the file, so
 * nothing was changed. The one rule for the change that records them and the reader that shows them.
 */
function heldBy(aside: SetAsideFile | undefined, store: Buffer | undefined): HeldLines | undefined {
  const head = aside?.head;
  return head && store && aside.lines.length > 0 && digest(store) === head.store ? { head, lines: aside.lines, entries: wholeEntries(aside.values) } : undefined;
}

/** What a reader of the history finds set aside: the lines the next change records, or why every change stops there. */
export interface SetAsideRead {
  held?: HeldLines;
  /** The error each change stops with (recordSetAside), for the reader to say, as it reads on without them. */
  refused?: SetAsideRefusal;
}

/** Why the set-aside lines cannot be recorded: a line not as the tool writes it (exit 2), or a file that cannot be read (exit 6). */
export type SetAsideRefusal = UsageError | UnreadableStore;

/**
 * The set-aside lines as a reader takes them: none where a file stands where their directory goes
 * (a StorageError every store's reader names: it is the mappings file's directory too); a directory
 * in their own place, or a file that may not be read, is theirs to say.
 */
function readForReader(historyPath: string, kept: KeptThere | undefined): { aside?: SetAsideFile; refused?: SetAsideRefusal } {
  try {
    return { aside: readSetAside(historyPath, kept) };
  } catch (e) {
    return e instanceof UsageError || e instanceof UnreadableStore ? { refused: e } : {};
  }
}

/**
 * setAsideHeld's `refused` alone, for a change that checks before it fetches whether it would stop
 * there (resync, map, fix): it has no use for the lines held, so it does not read the mappings file
 * whole again to find them.
 */
export function setAsideRefused(historyPath: string, kept?: KeptThere): SetAsideRefusal | undefined {
  return readForReader(historyPath, kept).refused;
}

/**
 * For a reader of the history (list history, map --unmap, doctor, fix before it locks): the lines
 * the next change will record (see recordSetAside), recording and dropping none, as a read writes
 * nothing; or, where they cannot be recorded, why, in the words of the change that stops on them
 * (read by the one rule: readSetAside). None held when the mappings file cannot be read: its own
 * reader says why. `storeBytes`: the mappings file's bytes, read when lines are set aside (doctor
 * gives those it read for its own check).
 */
export function setAsideHeld(historyPath: string, storeBytes: () => Buffer | undefined, kept?: KeptThere): SetAsideRead {
  const { aside, refused } = readForReader(historyPath, kept);
  if (refused) return { refused };
  // None set aside, as nearly always: the mappings file is not read whole to be compared with nothing
  // (list history read it for that alone).
  if (!aside?.head || aside.lines.length === 0) return {};
  try {
    return { held: heldBy(aside, storeBytes()) };
  } catch {
    return {};
  }
}

/**
 * Lines a killed run set aside: appended to the history when the mappings file (`store`, the bytes
 * the change under the lock read; undefined when there is none) holds the bytes they were for, else
 * dropped. Returns how many were appended. Called under the mappings lock.
 */
export function recordSetAside(historyPath: string, store: Buffer | undefined, kept?: KeptThere): number {
  const aside = readSetAside(historyPath, kept);
  if (!aside) return 0;
  const held = heldBy(aside, store);
  if (held) {
    try {
      if (sizeOf(historyPath) > held.head.historySize) truncateSync(historyPath, held.head.historySize);
    } catch (e) {
      throw cannotWrite(historyPath, e, 'the history file', { kept });
    }
    const history = openHistory(historyPath, kept);
    try {
      history.append(held.lines);
    } finally {
      history.close();
    }
  }
  dropSetAside(historyPath);
  return held?.lines.length ?? 0;
}
