/**
 * A reader that stops reading (`| head`, `| jq` exiting, a pager quit early, a terminal closed) closes the pipe:
 * that is a normal end of the output, not an error. The first EPIPE on stdout or stderr makes
 * both streams drop what is written after it (the person stopped reading, so no chatter either),
 * while the command finishes its own work — a resync still saves the mappings it made. The run then
 * exits 0 (see `exitCodeAfter`) with nothing on stderr, in every output mode.
 */
import type { Writable } from 'node:stream';

let gone = false;
let watched: Writable[] = [];

/** A terminal that closed (its window, an SSH session) fails writes with EIO: its reader is gone too. */
const closedPipe = (err: unknown, stream: Writable): boolean => {
  const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || (code === 'EIO' && (stream as { isTTY?: boolean }).isTTY === true);
};

/**
 * True once a reader closed our stdout or stderr. A failed write on a pipe marks the stream
 * `errored` at once but emits 'error' a tick later, so an error thrown right after the last write
 * already knows the reader is gone.
 */
export function readerGone(): boolean {
  return gone || watched.some((s) => closedPipe(s.errored, s));
}

const dropped = ((_chunk: unknown, enc?: unknown, cb?: unknown) => {
  // write(chunk, [encoding], [cb]): the callback still runs, so a caller waiting on it goes on.
  const done = typeof enc === 'function' ? enc : cb;
  if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
  return true;
}) as Writable['write'];

export function endQuietlyOnClosedPipe(...streams: Writable[]): void {
  watched = streams;
  for (const stream of streams) {
    const write = stream.write.bind(stream) as Writable['write'];
    // Checked on every write, not only on 'error': the summary written to stderr right after the
    // last stdout write comes before the 'error' event.
    stream.write = ((...args: Parameters<Writable['write']>) => (readerGone() ? dropped(...args) : write(...args))) as Writable['write'];
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!closedPipe(err, stream)) throw err;
      gone = true;
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
