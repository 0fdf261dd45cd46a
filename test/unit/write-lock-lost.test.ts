/**
 * A lock lost while a save holds it, the mappings store's and the sandbox state's: the run paused
 * past the lock's staleness (a machine asleep) and another run took the lock over, as the fix lock's
 * tests take one over (its time set back). proper-lockfile hears of it on its heartbeat (every 5 s),
 * on a clock the test moves.
 */
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';
import { heartbeatHeard, lockHeard } from '../support/lock-heartbeat.js';

jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock: lockHeard } }));
const { MappingStore } = await import('../../src/store/mappings.js');
const { EXIT } = await import('../../src/errors.js');
const { advanceSandboxDay, keepStateOrSay } = await import('../../src/sandbox/sandbox.js');
const { sandboxStateFile } = await import('../../src/sandbox/state-file.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  jest.useRealTimers();
  tmp.cleanup();
});

// The change was saved over whatever the run that took the lock over had saved meanwhile, and the
// release then removed that run's lock; the heartbeat's default onCompromised threw in a timer.
it("a change whose lock was taken over while it held it is not saved: exit 75, the file and the other run's lock as they were, and the heartbeat ends nothing", async () => {
  const store = new MappingStore(join(tmp.dir, 'm.json'));
  const before = JSON.stringify({ version: 1, mappings: [], ignored: [] }) + '\n';
  writeFileSync(store.path, before);
  const lockPath = `${store.path}.lock`;
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const error = await store
    .update((d) => {
      // Another run took it over: the lock's time is not one this run set.
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockPath, old, old);
      return { data: { ...d, ignored: [{ zohoId: 'z1', email: 'a@a.in', at: '2026-11-24T10:00:00.000Z' }] }, result: 0 };
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toMatchObject({
    exitCode: EXIT.busy,
    message: `The mappings file ${store.path} was not saved: its lock ${lockPath} was taken over by another phonebridge-sync run while this one held it (this run was paused past 10 s, a machine asleep, say), and saving now could overwrite that run's save.`,
    hint: 'Try again when that run ends: the next run reads the file afresh.',
  });
  expect(readFileSync(store.path, 'utf8')).toBe(before);
  expect(existsSync(store.historyPath)).toBe(false);
  // Left to the run that holds it now.
  expect(existsSync(lockPath)).toBe(true);
  expect(await heartbeatHeard()).toBe(true);
});

it('a change whose lock stayed its own is saved, and the lock released', async () => {
  const store = new MappingStore(join(tmp.dir, 'm.json'));
  await store.update((d) => ({ data: { ...d, ignored: [{ zohoId: 'z1', email: 'a@a.in', at: '2026-11-24T10:00:00.000Z' }] }, result: 0 }));
  expect(JSON.parse(readFileSync(store.path, 'utf8')).ignored).toHaveLength(1);
  expect(existsSync(`${store.path}.lock`)).toBe(false);
});

// The pause falls where the save says its note of a broken state file kept aside, between its read
// and its write. The state was saved over whatever the run that took the lock over had saved meanwhile, and the
// release then removed that run's lock; the heartbeat's default onCompromised threw in a timer.
it("a save whose lock was taken over while it held it is not made: said as a note, the other run's lock left to it, and the heartbeat ends nothing", async () => {
  const file = sandboxStateFile(tmp.dir);
  const lockPath = `${file}.lock`;
  writeFileSync(file, '{"day": 3');
  const said: string[] = [];
  const say = (text: string) => {
    said.push(text);
    // Another run took it over: the lock's time is not one this run set.
    const old = new Date(Date.now() - 60_000);
    if (existsSync(lockPath)) utimesSync(lockPath, old, old);
  };
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  await keepStateOrSay(say, "The sandbox's next run starts from the same day.", () => advanceSandboxDay(tmp.dir, say));
  expect(said.at(-1)).toBe(
    `Note: The sandbox's state file ${file} was not saved: its lock ${lockPath} was taken over by another phonebridge-sync run with the same config dir while this one held it (this run was paused past 10 s, a machine asleep, say), and saving now could overwrite that run's save. The sandbox's next run starts from the same day. That run's save stands.\n`,
  );
  // The broken file is kept aside, as any save keeps it, and no state of this run's written.
  expect(existsSync(file)).toBe(false);
  expect(readFileSync(`${file}.broken`, 'utf8')).toBe('{"day": 3');
  expect(existsSync(lockPath)).toBe(true);
  expect(await heartbeatHeard()).toBe(true);
});
