/**
 * recordEarlierSends (commands/fix/history.ts) reads the history before the lock, for the plan, and
 * again under it, for correctness: another run may append between the two. The second read takes
 * only the bytes appended since the first, counted here at node:fs; a file that shrank or was
 * replaced meanwhile is read whole again, and a line another run was still appending at the first
 * read is read whole at the second.
 */
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { FixEntry } from '../../src/core/fix-plan.js';
import type { FixDeps } from '../../src/commands/fix.js';
import type { MyOperatorUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

// Bytes read from the history file, by any module: whole-file reads by path, fd reads by the path opened.
let watched = '';
let bytesRead = 0;
const opened = new Map<number, string>();
const readFileSync = ((path: realFs.PathOrFileDescriptor, ...rest: unknown[]) => {
  const out = (realFs.readFileSync as (...a: unknown[]) => string | Buffer)(path, ...rest);
  if (path === watched) bytesRead += Buffer.byteLength(out);
  return out;
}) as typeof realFs.readFileSync;
const openSync = ((path: realFs.PathLike, ...rest: unknown[]) => {
  const fd = (realFs.openSync as (...a: unknown[]) => number)(path, ...rest);
  opened.set(fd, String(path));
  return fd;
}) as typeof realFs.openSync;
const readSync = ((fd: number, ...rest: unknown[]) => {
  const n = (realFs.readSync as (...a: unknown[]) => number)(fd, ...rest);
  if (opened.get(fd) === watched) bytesRead += n;
  return n;
}) as typeof realFs.readSync;
const fsMock = { readFileSync, openSync, readSync };
jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, ...fsMock }, ...fsMock }));
const { historyLine, recordEarlierSends } = await import('../../src/commands/fix/history.js');
const { MappingStore } = await import('../../src/store/mappings.js');
const { createContext } = await import('../../src/context.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  bytesRead = 0;
});
afterEach(() => tmp.cleanup());

const ravi = moUser('RAVI@acme.in', { id: 'm-ravi', extension: '12' });
const asha = moUser('ASHA@acme.in', { id: 'm-asha', extension: '13' });
const changeOf = (seat: MyOperatorUser, to: string): FixEntry => ({ zoho: zohoUser(to, { id: `z-${seat.id}` }), myoperator: seat, from: seat.email, to, reasons: [], source: 'mapping' });
const raviTo = changeOf(ravi, 'ravi@acme.in');
const ashaTo = changeOf(asha, 'asha@acme.in');
const line = (change: FixEntry, result: 'sending' | 'applied') =>
  JSON.stringify({ time: '2026-12-01T10:01:00.000Z', command: 'fix', user: 'admin', ...historyLine(change, result, result === 'sending' ? null : change.to) });
/** MyOperator now: both hold the e-mail fix was to set. */
const now = [
  { ...ravi, email: 'ravi@acme.in' },
  { ...asha, email: 'asha@acme.in' },
];

/** A store whose history holds `n` settled changes of ravi's, then `tail`; `between` runs after the first read, before the lock. */
function storeWith(n: number, tail: string, between: (historyPath: string) => void = () => {}) {
  const store = new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'fix' });
  watched = store.historyPath;
  const settled = `${line(raviTo, 'sending')}\n${line(raviTo, 'applied')}\n`;
  realFs.writeFileSync(store.historyPath, settled.repeat(n) + tail);
  const deps = {
    store: {
      readHistory: store.readHistory.bind(store),
      update: ((change) => {
        between(store.historyPath);
        return store.update(change);
      }) as typeof store.update,
    },
  } as unknown as FixDeps;
  return { store, deps };
}

async function record(deps: FixDeps) {
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const ctx = createContext(
    { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: true },
    { stdout: silent, stderr: silent, stdin: Readable.from([]), env: {} },
  );
  const recorded = await recordEarlierSends(now, ctx, deps);
  return recorded.map((c) => [c.myoperator.uuid, c.was, c.result]);
}

it('a history of many lines with a change left open: under the lock only what was appended since the first read is read', async () => {
  const { store, deps } = storeWith(2_000, `${line(ashaTo, 'sending')}\n`);
  const size = realFs.statSync(store.historyPath).size;
  expect(await record(deps)).toEqual([['m-asha', 'sending', 'applied']]);
  // The first read whole, then a few bytes: the check that the file is the one read, and the append's look at its last byte.
  expect(bytesRead).toBeGreaterThanOrEqual(size);
  expect(bytesRead).toBeLessThan(size + 2_048);
});

it('another run appends between the two reads: what it appended is read, its outcome settling the change and its new `sending` line recorded', async () => {
  const { store, deps } = storeWith(500, `${line(ashaTo, 'sending')}\n`, (path) => {
    // Another fix settled asha's change, then was stopped while it sent ravi's again.
    realFs.appendFileSync(path, `${line(ashaTo, 'applied')}\n${line(raviTo, 'sending')}\n`);
  });
  expect(await record(deps)).toEqual([['m-ravi', 'sending', 'applied']]);
  const lines = realFs.readFileSync(store.historyPath, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(1_000 + 4);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ before: { myoperator: { uuid: 'm-ravi' } }, result: 'applied' });
});

it('a line another run was still appending at the first read is read whole under the lock', async () => {
  const whole = line(raviTo, 'sending');
  const half = whole.slice(0, 90);
  const { deps } = storeWith(500, `${line(ashaTo, 'sending')}\n${half}`, (path) => realFs.appendFileSync(path, `${whole.slice(90)}\n`));
  // In the order of the changes' first lines: ravi's settled ones come first.
  expect(await record(deps)).toEqual([
    ['m-ravi', 'sending', 'applied'],
    ['m-asha', 'sending', 'applied'],
  ]);
});

it('a history rewritten shorter in its place between the reads is read whole again', async () => {
  const { deps } = storeWith(500, `${line(ashaTo, 'sending')}\n`, (path) => realFs.writeFileSync(path, `${line(raviTo, 'sending')}\n`));
  expect(await record(deps)).toEqual([['m-ravi', 'sending', 'applied']]);
});

it('a history replaced by another file between the reads (a checkout) is read whole again, longer though it is', async () => {
  const { deps } = storeWith(2, `${line(ashaTo, 'sending')}\n`, (path) => {
    realFs.writeFileSync(`${path}.new`, `${line(raviTo, 'sending')}\n`.repeat(3) + `${line(ashaTo, 'sending')}\n${line(ashaTo, 'applied')}\n`.repeat(3));
    realFs.renameSync(`${path}.new`, path);
  });
  expect(await record(deps)).toEqual([
    ['m-ravi', 'sending', 'applied'],
    ['m-ravi', 'sending', 'applied'],
    ['m-ravi', 'sending', 'applied'],
  ]);
});
