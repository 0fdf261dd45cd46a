/**
 * proper-lockfile's lock as a test sees a lock lost while held: whether it told the run, and the
 * wait for its heartbeat (every 5 s) on a fake clock the test moves. Passed to
 * `jest.unstable_mockModule('proper-lockfile', …)` by the test file, before it imports the code.
 */
import { jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';

let heard = false;
type LockOptions = NonNullable<Parameters<typeof realLockfile.lock>[1]>;

/** proper-lockfile's lock, noting when it tells the run the lock was lost: its own default, when the run passes none, throws. */
export const lockHeard = (file: string, options?: LockOptions) => {
  heard = false;
  return realLockfile.lock(file, {
    ...options,
    onCompromised: (e: Error) => {
      heard = true;
      if (!options?.onCompromised) throw e;
      options.onCompromised(e);
    },
  });
};

/**
 * Moves the fake clock past the heartbeat, and says whether proper-lockfile then told the run its
 * lock was lost. Its stat is real I/O, waited for by turns of the event loop, not by time.
 */
export async function heartbeatHeard(): Promise<boolean> {
  await jest.advanceTimersByTimeAsync(6_000);
  await turnsUntil(() => heard);
  return heard;
}

/**
 * Waits by turns of the event loop (the clock is fake) until `done()`: real I/O, a stat or a request
 * to an emulator, takes as many turns as the machine's load makes it. 10,000 turns were ~7 ms, less
 * than one request to an emulator on a loaded machine (a run beside seven other suites failed so);
 * the bound is some seconds of turns, left early as soon as `done()` holds.
 */
export async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 5_000_000 && !done(); i++) await new Promise((r) => setImmediate(r));
}
