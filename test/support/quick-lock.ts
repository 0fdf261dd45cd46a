/**
 * proper-lockfile's lock with the wait of one taken with retries (~25 s) cut to two quick tries, for
 * a test of a lock held past that wait: `jest.unstable_mockModule('proper-lockfile', () => ({
 * default: { ...realLockfile, lock: quickLock } }))`. The lock itself is real.
 */
import realLockfile from 'proper-lockfile';

type LockOptions = NonNullable<Parameters<typeof realLockfile.lock>[1]>;

export function quickLock(file: string, options?: LockOptions): ReturnType<typeof realLockfile.lock> {
  return realLockfile.lock(file, typeof options?.retries === 'object' ? { ...options, retries: { retries: 2, minTimeout: 1, maxTimeout: 1 } } : options);
}
