/**
 * Named pipes being read. Opening a pipe nobody writes to blocks one of libuv's threads, and
 * Node's exit waits for every such thread: without this, Ctrl-C printed "Cancelled." and the
 * process then hung for ever (`match --zoho-file fifo` with no writer). Opening the pipe for
 * writing ourselves, and closing it, ends the wait with an empty read, so the exit can happen.
 */
import { closeSync, constants, openSync, statSync } from 'node:fs';

const waiting = new Set<string>();

export async function whileReadingPipe<T>(file: string, read: () => Promise<T>): Promise<T> {
  waiting.add(file);
  try {
    return await read();
  } finally {
    waiting.delete(file);
  }
}

/** Called on Ctrl-C and SIGTERM, before exit. Never throws: the exit is what matters. */
export function releaseBlockedReads(): void {
  for (const file of waiting) {
    try {
      // Only while it is still a pipe (never another file put in its place meanwhile). Non-blocking:
      // succeeds at once while our own read waits on the pipe (it is a reader).
      if (statSync(file).isFIFO()) closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      /* the read ended meanwhile, or the pipe is gone */
    }
  }
}
