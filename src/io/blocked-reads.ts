/**
 * Inputs that may block: a named pipe, a terminal, a socket (`--zoho-file fifo`, `/dev/stdin`).
 * Opening or reading one with nothing written to it blocks one of libuv's threads, and Node's exit
 * waits for every such thread: Ctrl-C printed "Cancelled." and the process then hung for ever.
 * While such a read is pending, a signal ends the process by the signal itself (the shell still
 * shows 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), which waits for no thread. Nothing is written while an
 * input is read, so nothing is cut short.
 */
let pending = 0;

export async function whileReadingSpecial<T>(read: () => Promise<T>): Promise<T> {
  pending++;
  try {
    return await read();
  } finally {
    pending--;
  }
}

/** Whether a read that may never return is in flight (the signal handlers then end by the signal). */
export function readsMayBlock(): boolean {
  return pending > 0;
}
