/**
 * The mappings lock held by another run past this run's wait. The wait (~25 s of retries) is cut
 * to two quick tries here: proper-lockfile is wrapped so that a lock taken with retries gets these.
 * The lock itself is real: the test holds it, as another run would.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { existsSync, mkdirSync, readFileSync, rmdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';

type LockOptions = NonNullable<Parameters<typeof realLockfile.lock>[1]>;
/** Run once, just before the next lock is taken: what another run does in between. */
let beforeNextLock: (() => void) | undefined;
const lock = (file: string, options?: LockOptions) => {
  const between = beforeNextLock;
  beforeNextLock = undefined;
  between?.();
  return realLockfile.lock(file, typeof options?.retries === 'object' ? { ...options, retries: { retries: 2, minTimeout: 1, maxTimeout: 1 } } : options);
};
jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock } }));
const { MappingStore } = await import('../../src/store/mappings.js');
const { CliError } = await import('../../src/errors.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** The refusal a change gets, with the exit code a CI job reads (75, "try again when it ends"; it was 2, "usage or input error"). */
async function refusal(store: InstanceType<typeof MappingStore>): Promise<InstanceType<typeof CliError>> {
  const err = await store.update((d) => ({ data: { ...d, ignored: [{ zohoId: 'z1', email: 'a@a.in', at: '2026-11-24T10:00:00.000Z' }] }, result: 0 })).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  expect((err as InstanceType<typeof CliError>).exitCode).toBe(75);
  return err as InstanceType<typeof CliError>;
}

describe('the mappings lock held by another run past the wait', () => {
  it("names the file, the run that holds it and when a dead run's lock is taken over (it quoted proper-lockfile: \"Lock file is already being held\")", async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    // Another run's lock, renewed as a live run renews it.
    const release = await realLockfile.lock(store.path, { realpath: false, stale: 10_000 });
    try {
      const err = await refusal(store);
      expect(err.message).toBe(
        `The mappings file ${store.path} is locked by another phonebridge-sync run that uses the same file: its lock ${store.path}.lock stayed taken while this run retried for 25 s.`,
      );
      expect(err.hint).toMatch(/^Try again when that run ends\. No other run going\? A run killed outright leaves its lock, which is taken over once it is 10 s old \(in ([1-9]|10) s\)\.$/);
      expect(existsSync(store.path)).toBe(false);
    } finally {
      await release();
    }
  });

  it('a lock stamped ahead of this clock (another machine sharing the file) is said to be, with how to remove it', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const lockDir = `${store.path}.lock`;
    mkdirSync(lockDir);
    const hourAhead = new Date(Date.now() + 3_600_000);
    utimesSync(lockDir, hourAhead, hourAhead);
    const err = await refusal(store);
    expect(err.message).toBe(
      `The mappings file ${store.path} is locked by another phonebridge-sync run that uses the same file: its lock ${lockDir} stayed taken while this run retried for 25 s.`,
    );
    const ahead = /The lock's time is (\d+) s ahead of this machine's clock \(set by another machine, or by hand\), so it is taken over only in (\d+) s: remove it \(`rmdir (\S+)`\)\.$/.exec(err.hint!);
    expect(ahead).not.toBeNull();
    expect(Number(ahead![1])).toBeGreaterThan(3500);
    expect(Number(ahead![2])).toBe(Number(ahead![1]) + 10);
    expect(ahead![3]).toBe(lockDir);
    expect(existsSync(lockDir)).toBe(true);
  });

  it("fix's lock stamped ahead is said to be, with how to remove it, as the mappings lock says it (it said 'taken over once it is 10 s old (in 3610 s)')", async () => {
    const store = new MappingStore(join(tmp.dir, 'f.json'));
    const lockDir = `${store.path}.fix.lock`;
    mkdirSync(lockDir);
    const hourAhead = new Date(Date.now() + 3_600_000);
    utimesSync(lockDir, hourAhead, hourAhead);
    const err = await store.holdForFix().then(
      () => undefined,
      (e: unknown) => e as InstanceType<typeof CliError>,
    );
    expect(err!.exitCode).toBe(75);
    const ahead = /No other fix running\? The lock's time is (\d+) s ahead of this machine's clock \(set by another machine, or by hand\), so it is taken over only in (\d+) s: remove it \(`rmdir (\S+)`\)\.$/.exec(err!.hint!);
    expect(ahead).not.toBeNull();
    expect(Number(ahead![1])).toBeGreaterThan(3500);
    expect(Number(ahead![2])).toBe(Number(ahead![1]) + 10);
    expect(ahead![3]).toBe(lockDir);
    expect(existsSync(lockDir)).toBe(true);
  });
});

describe('the mappings directory, found, then gone before the lock', () => {
  it('is made again and the change saved: a fix that ended early removes the empty directories it made, and that was exit 6 ("does not exist and cannot be created there")', async () => {
    const dir = join(tmp.dir, 'fresh', 'mappings');
    mkdirSync(dir, { recursive: true });
    const store = new MappingStore(join(dir, 'm.json'));
    beforeNextLock = () => rmdirSync(dir);
    await store.update((d) => ({ data: { ...d, ignored: [{ zohoId: 'z1', email: 'a@a.in', at: '2026-11-24T10:00:00.000Z' }] }, result: 0 }));
    expect(beforeNextLock).toBeUndefined();
    expect(JSON.parse(readFileSync(store.path, 'utf8')).ignored).toHaveLength(1);
  });

  it("fix's lock too: it is taken, held and released, and the directory it made again is removed once left empty", async () => {
    const dir = join(tmp.dir, 'fresh-fix', 'mappings');
    mkdirSync(dir, { recursive: true });
    const store = new MappingStore(join(dir, 'm.json'));
    beforeNextLock = () => rmdirSync(dir);
    const lock = await store.holdForFix();
    expect(beforeNextLock).toBeUndefined();
    expect(lock.held()).toBe(true);
    await lock.release();
    expect(existsSync(dir)).toBe(false);
  });
});
