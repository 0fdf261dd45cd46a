/** Reads a file the user named with a flag; a path that cannot be read is a UsageError naming the flag. */
import { constants } from 'node:buffer';
import { closeSync, openSync, statSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { printable } from '../clients/redact.js';
import { UsageError } from '../errors.js';
import { whileReadingSpecial } from './blocked-reads.js';

const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en')} MB`;
// Made when said, not as the module loads: the first toLocaleString opens ICU's locale data, about
// 20 ms of the start-up of every command that reads a store (they all load this module).
const beyondOneString = () => `more than one JavaScript string can hold (about ${mb(constants.MAX_STRING_LENGTH)})`;

/** `is 600 MB, more than one JavaScript string can hold (about 512 MB)`: said of an export, and of a store file, past the cap. */
export function pastOneString(bytes: number): string {
  return `is ${mb(bytes)}, ${beyondOneString()}`;
}

/**
 * An export is decoded into one string, and V8 caps a string at about 512 MB (2^29 - 24 UTF-16
 * units). The check is on bytes, before anything is read: UTF-8 never decodes to more units than
 * it has bytes, so a file within the cap always fits, and one past it is refused at once rather
 * than after a read of up to 2 GB. (A file of mostly non-Latin text just past the cap could have
 * fit; at that size it would not fit in memory beside the match either.)
 */
function tooLarge(file: string, flag: string, bytes: number, stillComing = false): UsageError {
  return new UsageError(
    `${file} ${stillComing ? `sent more than ${mb(bytes - 1)} and was still sending, ${beyondOneString()}` : pastOneString(bytes)}, so it cannot be read as one export.`,
    SMALLER[flag] ??
      `Keep only the fields match reads (e.g. with jq: Zoho id, email, full_name, status; MyOperator uuid, email, name, is_active, is_enabled) and pass the smaller file to ${flag}, or match live without --zoho-file and --myoperator-file.`,
  );
}

/** What makes an input small enough, for the flags that are not match's exports (whose fields can be cut). */
const SMALLER: Record<string, string> = {
  '--import': 'Split it into smaller files and run `map --import` on each in turn: each adds to the mappings already saved (a `list mappings --json` export of 10,000 mappings is about 3 MB).',
  '--webhook': 'Save the body of one webhook request in the file: one call is a few KB.',
};

/**
 * A pipe, a device or a terminal has no size to check first, and may never end (`/dev/zero`, `yes |`):
 * read whole with no limit, it grew to 24 GB until the kernel killed it. Read in pieces, it is
 * refused as soon as it passes what one export can be.
 */
async function readBounded(handle: FileHandle, file: string, flag: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const piece = Buffer.allocUnsafe(1 << 20);
    const { bytesRead } = await handle.read(piece, 0, piece.length, null);
    if (bytesRead === 0) return Buffer.concat(pieces, total);
    total += bytesRead;
    if (total > constants.MAX_STRING_LENGTH) throw tooLarge(file, flag, total, true);
    pieces.push(bytesRead === piece.length ? piece : piece.subarray(0, bytesRead));
  }
}

/** The text of a file the user named, decoded as UTF-8 (an invalid sequence becomes U+FFFD). */
export async function readInput(file: string, flag: string): Promise<string> {
  return readInputAs(file, flag, (bytes) => bytes.toString('utf8'));
}

/**
 * "-" given to a flag that reads a file: standard input to many tools, never to this one. One
 * sentence for every such flag (match's two exports, map --import, doctor --webhook), refused also
 * where a file named "-" is there: match refused it and map read that file, and either could be what
 * was meant; ./- names that file. /dev/stdin is a path, read as any other.
 */
export function refuseDash(flag: string, file: string): void {
  if (file === '-')
    throw new UsageError(
      `${flag} takes a file's path, and "-" is not read as standard input.`,
      'Save the input to a file and pass its path (a file named "-" is ./-), or pass /dev/stdin to read what is piped in (Linux, macOS).',
    );
}

/**
 * What a file with nothing but white space in it holds, said truly: "the file is empty" of one of
 * blank lines sent the reader to look at a file that has bytes. One wording for every reader (the
 * stores, an export, an import, a webhook body). `text`: all of it, a byte-order mark left out.
 */
export function blankWords(text: string): string {
  if (text === '') return 'is empty';
  return /[\r\n]/.test(text) ? 'holds only blank lines' : 'holds only white space';
}

/**
 * The sentence for an input with nothing in it (`text`, all of it: nothing, or white space alone).
 * /dev/stdin with nothing piped in is no empty "file": the admin forgot the pipe, not the export.
 */
export function emptyInput(file: string, hint: string, text = ''): UsageError {
  // At a terminal, nothing was piped: Ctrl-D came before anything was pasted, or after blank space
  // alone, which "nothing was pasted" told someone whose paste had arrived as spaces.
  if (namesTerminal(file))
    return new UsageError(
      `${printable(file)}: ${text === '' ? 'nothing was pasted before Ctrl-D' : `what was pasted ${blankWords(text)}`}.`,
      "Paste the input, then press Ctrl-D on a line of its own; or pipe it in (… | phonebridge-sync …), or give a file's path.",
    );
  const stdin = /^\/(dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/.test(file);
  if (stdin)
    return new UsageError(
      text === '' ? `${file}: nothing was piped in (standard input is empty).` : `${file}: what was piped in ${blankWords(text)}.`,
      "Pipe the input in (… | phonebridge-sync …), or give a file's path.",
    );
  return new UsageError(`${file}: the file ${blankWords(text)}.`, hint);
}

/**
 * Whether `file` is a terminal (`/dev/stdin` with nothing piped in, `/dev/tty`): what is read from
 * it is typed or pasted there. Only a character device is opened to ask: opening a named pipe
 * would wait for its writer.
 */
export function namesTerminal(file: string): boolean {
  try {
    if (!statSync(file).isCharacterDevice()) return false;
    const fd = openSync(file, 'r');
    try {
      return isatty(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Said before a file flag's input is read from the terminal, as gpg says "Go ahead and type your
 * message": read silently, `map --import /dev/stdin` sat with nothing on the screen until Ctrl-C.
 * Read, not refused: one webhook body or a few pairs pasted in is a fair use.
 */
async function readingTerminal(file: string, flag: string): Promise<void> {
  // Loaded here: every command that reads a store loads this module, and the wrapping's packages
  // would add to each one's start-up.
  const { prose } = await import('../ui/wrap.js');
  const text = `${flag} ${printable(file)} is the terminal: paste the input, then press Ctrl-D on a line of its own (Ctrl-C cancels).\n`;
  process.stderr.write(prose(text, process.stderr.isTTY ? process.stderr.columns : undefined));
}

/**
 * A file the user named, as `decode` makes it of its bytes, for a caller that decides the encoding
 * itself. Decoded here rather than the bytes returned: a Buffer that is the value of a promise
 * stays alive until the event loop turns, and the match that followed at once held both exports'
 * bytes throughout (36 MB more at 100,000 users a side, and a match 1.17x as long).
 */
export async function readInputAs<T>(file: string, flag: string, decode: (bytes: Buffer) => T): Promise<T> {
  refuseDash(flag, file);
  let bytes: Buffer;
  const read = async (): Promise<Buffer> => {
    const handle = await open(file, 'r');
    try {
      const st = await handle.stat();
      if (st.isCharacterDevice() && isatty(handle.fd)) await readingTerminal(file, flag);
      if (!st.isFile()) return await readBounded(handle, file, flag);
      if (st.size > constants.MAX_STRING_LENGTH) throw tooLarge(file, flag, st.size);
      // Read whole, then decoded once: with an encoding, readFile decodes chunk by chunk into a
      // string of pieces that the first use must copy again (50 ms more on a 20 MB export).
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  };
  try {
    // A named pipe (or `<(…)`), a terminal or a socket may wait for ever: Ctrl-C must still end the run.
    const special = await stat(file).then((s) => !s.isFile() && !s.isDirectory(), () => false);
    bytes = special ? await whileReadingSpecial(read) : await read();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    // A socket cannot be opened by its path: /dev/stdin of a program started by another program
    // (Node's child_process, some CI runners) rather than by a shell's pipe.
    if (code === 'ENXIO') throw new UsageError(`Cannot read ${file}: it is a socket, which cannot be opened as a file.`, 'Save the input to a file and pass its path.');
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`Cannot read ${file}: ${why}.`, `Check the path given to ${flag}.`);
  }
  return decode(bytes);
}
