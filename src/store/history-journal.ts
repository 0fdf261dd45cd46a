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
import { readFileSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { writeFileDurably } from './durable-write.js';
import { cannotWrite, unusable, type KeptThere } from './file-errors.js';
import { StorageError } from '../errors.js';
import { visible } from '../core/forensics.js';
import { openHistory } from './history.js';

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

/** What a killed run set aside, when the mappings file holds the change its lines tell of. */
export interface HeldLines {
  head: Head;
  /** Whole entries, as the history takes them. */
  lines: string[];
}

/** The set-aside lines' text; undefined when there are none. Any other failure is said, naming the file. */
function readSetAside(historyPath: string): string | undefined {
  try {
    // Read as a file, a named pipe with no writer waits for ever: a change would hang under its lock.
    const kind = statSync(pendingPath(historyPath), { throwIfNoEntry: false });
    if (kind && !kind.isFile() && !kind.isDirectory()) {
      const problem = `Cannot read the history's set-aside lines ${visible(pendingPath(historyPath))}: it is not a regular file (a device, a pipe or a socket).`;
      throw new StorageError(`${problem} Nothing was changed.`, 'Move it away, then run again.', { problem });
    }
    return readFileSync(pendingPath(historyPath), 'utf8');
  } catch (e) {
    if (e instanceof StorageError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const problem = `Cannot read the history's set-aside lines ${visible(pendingPath(historyPath))}: ${unusable(e)}.`;
    throw new StorageError(`${problem} Nothing was changed.`, `Make it a file you can read, or move it away, then run again.`, { cause: e, problem });
  }
}

/**
 * The lines in `text` when the mappings file (`store`, its bytes; undefined when there is none)
 * holds the bytes they were for; else undefined: the run died before it replaced the file, so
 * nothing was changed. The one rule for the change that records them and the reader that shows them.
 */
function heldBy(text: string, store: Buffer | undefined): HeldLines | undefined {
  const [first, ...rest] = text.split('\n').filter((l) => l !== '');
  try {
    const head = JSON.parse(first ?? '') as Head;
    // Appended as they are: each must be a whole entry.
    for (const line of rest) JSON.parse(line);
    return store && rest.length > 0 && digest(store) === head.store ? { head, lines: rest } : undefined;
  } catch {
    // Written whole or not at all (a temp renamed into place): only a hand edit breaks it.
    return undefined;
  }
}

/**
 * For a reader of the history (list history, map --unmap, doctor, fix before it locks): the lines
 * the next change will record (see recordSetAside), recording and dropping none, as a read writes
 * nothing. Undefined when there are none, or they or the mappings file cannot be read: the next
 * change says why.
 */
export function setAsideHeld(historyPath: string, storePath: string): HeldLines | undefined {
  const pending = pendingPath(historyPath);
  try {
    // Files only: read as a file, a named pipe with no writer waits for ever; the change that reads
    // them under its lock refuses such a path by name (readStoreFile, readSetAside).
    if (!statSync(pending).isFile() || !statSync(storePath).isFile()) return undefined;
    return heldBy(readFileSync(pending, 'utf8'), readFileSync(storePath));
  } catch {
    return undefined;
  }
}

/**
 * Lines a killed run set aside: appended to the history when the mappings file (`store`, the bytes
 * the change under the lock read; undefined when there is none) holds the bytes they were for, else
 * dropped. Returns how many were appended. Called under the mappings lock.
 */
export function recordSetAside(historyPath: string, store: Buffer | undefined, kept?: KeptThere): number {
  const text = readSetAside(historyPath);
  if (text === undefined) return 0;
  const held = heldBy(text, store);
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
