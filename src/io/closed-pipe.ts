/**
 * A reader that stops reading (`| head`, `| jq` exiting, a pager quit early, a terminal closed) closes the pipe:
 * that is a normal end of the output, not an error. The first EPIPE on stdout or stderr makes
 * both streams drop what is written after it (the person stopped reading, so no chatter either),
 * while the command finishes its own work — a resync still saves the mappings it made. The run then
 * exits 0 (see `exitCodeAfter`) with nothing on stderr, in every output mode. A stream redirected
 * to a file (`2>err.log`) is no reader who left: it keeps what is written to it, the closing lines
 * of a run whose terminal closed among them, unless its own write failed.
 */
import { fstatSync } from 'node:fs';
import type { Writable } from 'node:stream';

let gone = false;
let watched: Writable[] = [];
/** The streams whose own write met a closed reader. */
const failed = new Set<Writable>();
/** The streams writing to a regular file: a record kept, where a reader leaving elsewhere takes nothing away. */
let files = new Set<Writable>();

/** A terminal that closed (its window, an SSH session) fails writes with EIO: its reader is gone too. */
const closedPipe = (err: unknown, stream: Writable): boolean => {
  const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || (code === 'EIO' && (stream as { isTTY?: boolean }).isTTY === true);
};

function writesToFile(stream: Writable): boolean {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return false;
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * True once a reader closed our stdout or stderr. A failed write on a pipe marks the stream
 * `errored` at once but emits 'error' a tick later, so an error thrown right after the last write
 * already knows the reader is gone.
 */
function readerGone(): boolean {
  return gone || watched.some((s) => closedPipe(s.errored, s));
}

/** Whether what is written to `stream` is dropped: its own reader left, or another's did and it is no file. */
export function silenced(stream: Writable): boolean {
  return failed.has(stream) || closedPipe(stream.errored, stream) || (readerGone() && !files.has(stream));
}

const dropped = ((_chunk: unknown, enc?: unknown, cb?: unknown) => {
  // write(chunk, [encoding], [cb]): the callback still runs, so a caller waiting on it goes on.
  const done = typeof enc === 'function' ? enc : cb;
  if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
  return true;
}) as Writable['write'];

export function endQuietlyOnClosedPipe(...streams: Writable[]): void {
  watched = streams;
  files = new Set(streams.filter(writesToFile));
  for (const stream of streams) {
    const write = stream.write.bind(stream) as Writable['write'];
    // Checked on every write, not only on 'error': the summary written to stderr right after the
    // last stdout write comes before the 'error' event.
    stream.write = ((...args: Parameters<Writable['write']>) => (silenced(stream) ? dropped(...args) : write(...args))) as Writable['write'];
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!closedPipe(err, stream)) throw err;
      gone = true;
      failed.add(stream);
    });
  }
}

/**
 * The exit code of a run whose reader may have left: 0 for a run that finished (also one that
 * found something needing attention, exit 5: the reader chose not to see it). A real failure keeps
 * its code.
 */
export function exitCodeAfter(code: number): number {
  return readerGone() && (code === 0 || code === 5) ? 0 : code;
}
