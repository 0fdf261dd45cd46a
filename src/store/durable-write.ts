/**
 * Writes a store file so that a reader finds the old bytes or the new ones, never a cut-short file:
 * the new bytes go to a temp file in the same directory, every byte is checked written (a nearly
 * full disk answers with short writes, then ENOSPC), the temp file is fsynced, renamed over the
 * file, and the directory fsynced so the rename survives a power cut. Any failure leaves the old
 * file untouched and becomes one StorageError naming the file and the cause.
 *
 * Hand-written rather than conf/atomically or write-file-atomic: both issue one write() and ignore
 * how many bytes it wrote, then rename the short temp file over the real one (issue 11), and
 * neither fsyncs the directory.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fchmodSync, fsyncSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cannotWrite, type KeptThere } from './file-errors.js';

export interface DurableWriteOptions {
  /** The mode of a new file; an existing file keeps its own. */
  defaultMode: number;
  /** A mode every write sets, whatever the file had (credentials: 0600). */
  forceMode?: number;
  /** "the mappings file", "the credentials file": names the file in the sentence. */
  what: string;
  /** What the file holds, for a file at a path nobody gives (see cannotWrite). */
  kept?: KeptThere;
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** conf/atomically named its temps `<file>.tmp-<10 digits><6 hex>`; earlier versions of this tool left those behind on kill -9. */
const LEGACY_TEMP = /^(.+)\.tmp-\d{10}[a-f0-9]{6}$/;
const LEGACY_STALE_MS = 10 * 60_000;

export function writeFileDurably(link: string, data: string, opts: DurableWriteOptions): void {
  const { path, dir, temp, mode } = prepare(link, opts);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    fchmodSync(fd, mode); // the umask must not change the mode the file had
    const out = new Utf8Writer(fd);
    out.write(data);
    out.flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) quietly(() => closeSync(fd!));
    quietly(() => unlinkSync(temp));
    throw cannotWrite(path, e, opts.what, { kept: opts.kept });
  }
  syncDirectory(dir, path, opts.what);
}

/**
 * The same write, with the writes and fsyncs off the event loop: for a save made while requests are
 * in flight. A resync refreshes its Zoho token while MyOperator's first pages are on their way, and
 * the token's save, fsynced on the event loop, held their answers for as long as the disk took (73
 * ms of a 10,000-user resync here, on a config dir just made). Whole in memory: for small files.
 */
export async function writeFileDurablyAsync(link: string, data: string, opts: DurableWriteOptions): Promise<void> {
  const { path, dir, temp, mode } = prepare(link, opts);
  const bytes = Buffer.from(data, 'utf8');
  let file: FileHandle | undefined;
  inFlight.add(path);
  try {
    file = await open(temp, 'wx', mode);
    await file.chmod(mode);
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await file.write(bytes, at, bytes.length - at);
      if (!(bytesWritten > 0)) throw Object.assign(new Error(`wrote ${at} of ${bytes.length} bytes`), { code: 'ENOSPC' });
      at += bytesWritten;
    }
    await file.sync();
    await file.close();
    file = undefined;
    await rename(temp, path);
  } catch (e) {
    if (file !== undefined) await file.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw cannotWrite(path, e, opts.what, { kept: opts.kept });
  } finally {
    inFlight.delete(path);
  }
  let dirFile: FileHandle | undefined;
  try {
    dirFile = await open(dir, 'r');
    await dirFile.sync();
  } catch (e) {
    if (!unsyncableDirectory(e)) throw cannotWrite(path, e, opts.what);
  } finally {
    await dirFile?.close().catch(() => undefined);
  }
}

/**
 * Files this process is writing off the event loop. Another save of one meanwhile is refused as the
 * bug it is: its bytes were read before the write in flight lands, which then undoes it or is undone
 * (login's MyOperator token, saved while the Zoho access token's save was in flight, was lost so).
 */
const inFlight = new Set<string>();

/** Where a write goes and with what mode; stale temps of the file removed. Throws the StorageError a refusal is. */
function prepare(link: string, opts: DurableWriteOptions): { path: string; dir: string; temp: string; mode: number } {
  const path = writeTarget(link, opts.what);
  if (inFlight.has(path)) throw new Error(`${opts.what} (${path}) was saved again while a save of it was still in flight: one would undo the other`);
  refuseReadOnly(path, opts.what);
  const dir = dirname(path);
  const base = basename(path);
  removeStaleTemps(dir, base);
  let mode = opts.forceMode ?? opts.defaultMode;
  if (opts.forceMode === undefined) {
    try {
      mode = statSync(path).mode & 0o777;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, e, opts.what);
    }
  }
  return { path, dir, temp: join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`), mode };
}

/**
 * The file a save replaces: a symlinked store (a dotfile manager keeps the real file in its
 * repository) is saved through the link to its target, as an editor saves it. A rename over the
 * link itself would put a regular file in its place, and the target would keep its old bytes for
 * good, without a word. A link to a file not there yet (a fresh checkout) creates that file.
 */
export function writeTarget(path: string, what: string): string {
  let at = path;
  for (let hops = 0; hops < 40; hops++) {
    let to: string;
    try {
      to = readlinkSync(at);
    } catch {
      return at; // not a link (EINVAL), or not there: the write itself says what is wrong
    }
    // Relative to where the link really is: a `..` in it climbs out of that directory, not out of
    // a symlinked directory on the way to it.
    let from = dirname(at);
    try {
      from = realpathSync(from);
    } catch {
      /* not reachable: the write says so */
    }
    at = resolve(from, to);
  }
  // Unreached in practice (the read before every save stops at the loop): never a file over the link.
  throw cannotWrite(path, Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' }), what);
}

/**
 * A file the user made read-only (`chmod a-w`) is refused, as the history's open for appending
 * refuses it: the rename would replace it all the same, and keep its mode, without a word. Asked
 * as the kernel would answer a write (root may write anything, and appends to the history too).
 */
export function refuseReadOnly(path: string, what: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(path, e, what);
  }
}

/**
 * Writes text to a file as UTF-8 through one reused buffer, written out whenever it fills, checking
 * every byte was written (a nearly full disk answers with short writes, then ENOSPC: thrown). A
 * store or history of 10,000 mappings is about 3 MB: encoded whole, it would be one more copy of
 * that size to allocate and collect.
 */
export class Utf8Writer {
  private readonly buffer = Buffer.allocUnsafe(192 * 1024);
  private used = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit, so a piece of a third of the buffer always fits.
    const most = this.buffer.length / 3;
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + most);
      // A surrogate pair stays in one piece (split, each half would become U+FFFD).
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      const piece = at === 0 && end === text.length ? text : text.slice(at, end);
      if (this.used + piece.length * 3 > this.buffer.length) this.flush();
      this.used += this.buffer.write(piece, this.used);
      at = end;
    }
  }

  flush(): void {
    for (let at = 0; at < this.used; ) {
      const n = writeSync(this.fd, this.buffer, at, this.used - at);
      if (!(n > 0)) throw Object.assign(new Error(`wrote ${at} of ${this.used} bytes`), { code: 'ENOSPC' });
      at += n;
    }
    this.used = 0;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function syncDirectory(dir: string, path: string, what: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    if (!unsyncableDirectory(e)) throw cannotWrite(path, e, what);
  } finally {
    if (fd !== undefined) quietly(() => closeSync(fd!));
  }
}

/** Some platforms (Windows) and file systems cannot open or fsync a directory: the rename stands. */
function unsyncableDirectory(e: unknown): boolean {
  return ['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '');
}

/** Temps of ours whose writer is gone (kill -9, power cut) are removed before the next write. */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // the write itself will say what is wrong with the directory
  }
  for (const name of names) {
    const ours = TEMP.exec(name);
    if (ours && ours[1] === base && !alive(Number(ours[2]))) quietly(() => unlinkSync(join(dir, name)));
    const legacy = LEGACY_TEMP.exec(name);
    if (legacy && legacy[1] === base) quietly(() => Date.now() - statSync(join(dir, name)).mtimeMs > LEGACY_STALE_MS && unlinkSync(join(dir, name)));
  }
}

function alive(pid: number): boolean {
  // None of this file's writes is in flight here (prepare refuses a second): a temp of this pid is a previous process's.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    /* best effort: the caller reports the error that matters */
  }
}
