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
import type { Change } from '../core/mapping-changes.js';
import { Utf8Writer } from './durable-write.js';
import { cannotWrite, notAFile } from './file-errors.js';
import { NOT_UTF8, readStoreFile } from './read-store-file.js';
import { utf8Text } from '../io/utf8-text.js';

export interface HistoryEntry extends Change {
  time: string;
  command: string;
  user: string;
}

// What the tool writes: an ISO time (`--since` compares it), and before/after as objects or null.
// A hand-edited line with "yesterday" for a time, or a number for a side, was listed as if it
// were a change, and silently left out by --since.
const isoTime = z.string().refine((t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) && !Number.isNaN(Date.parse(t)), 'expected an ISO 8601 time, as the tool writes');
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

/** `mappings/default.json` → `mappings/default.history.jsonl`. */
export function historyPath(mappingsFile: string): string {
  const ext = extname(mappingsFile);
  return join(dirname(mappingsFile), `${basename(mappingsFile, ext)}.history.jsonl`);
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
   * Appends whole lines or nothing, one HistoryEntry per change (`who` then the change's own
   * fields): every byte is checked written and flushed; a failure (a full disk) cuts the file back
   * to where it was, so no half line is left, and throws the cause.
   */
  append(who: Pick<HistoryEntry, 'time' | 'command' | 'user'>, changes: readonly Change[]): void;
  close(): void;
}

export function openHistory(file: string): HistoryFile {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'a+', 0o644);
  } catch (e) {
    throw cannotWrite(file, e, 'the history file');
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
    append(who, changes) {
      if (changes.length === 0) return;
      // Each line has the bytes of JSON.stringify({ time, command, user, ...change }), made without an
      // object per line (the shared fields once, then the change's own object with its opening brace
      // swapped for them) and encoded as it is made: a resync that adds 10,000 mappings appends 3 MB of
      // lines without joining them into one string first.
      const head = JSON.stringify({ time: who.time, command: who.command, user: who.user }).slice(0, -1) + ',';
      try {
        const out = new Utf8Writer(fd);
        // A last line cut short (a killed write, a hand edit) must not swallow the first new entry:
        // start on a line of our own. The short line stays where it is, for the reader to name.
        if (size > 0) {
          const last = Buffer.alloc(1);
          readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== 0x0a) out.write('\n');
        }
        for (const c of changes) out.write(head + JSON.stringify(c).slice(1) + '\n');
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

export function readHistory(file: string): HistoryEntry[] {
  const bytes = readStoreFile(file, 'the history file');
  if (!bytes) return [];
  const decoded = utf8Text(bytes);
  if ('notUtf8AtLine' in decoded) throw brokenLine(file, decoded.notUtf8AtLine, `it holds ${NOT_UTF8}`);
  const lines = decoded.text.split('\n');
  const out: HistoryEntry[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = undefined;
    }
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success)
      throw brokenLine(file, i + 1, raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? describeIssue(parsed.error, '', raw) : 'it is not one JSON change (time, command, user, action, before, after, result)');
    out.push(parsed.data as HistoryEntry);
  });
  return out;
}

function brokenLine(file: string, line: number, why: string): UsageError {
  return new UsageError(
    `The history file ${file} has a broken line ${line}: ${why}.`,
    'Fix or delete that line by hand (`git diff` shows what changed if it is in a repository); the tool only appends to this file.',
  );
}
