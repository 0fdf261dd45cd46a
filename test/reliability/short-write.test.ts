/**
 * A nearly full disk, injected: node:fs's writeSync (and a FileHandle's write, for the access token's
 * save off the event loop) writes what fits (a 4 KiB page), then fails with ENOSPC, as Linux does. Both stores must report the full disk naming the file, with exit 6,
 * and leave the old file byte for byte and no temp file behind. (full-disk.test.ts does the same
 * on a real tmpfs where the machine allows mounting one.)
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import * as realFsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';
import { writeReport } from '../support/report.js';

/** Bytes the "disk" still takes; undefined: no fault. */
let free: number | undefined;
/** An error code every write off the event loop fails with (an I/O error, not a full disk); undefined: none. */
let failWith: string | undefined;
/** The most one write() takes, as a pipe or a network file system may. */
let chunk: number | undefined;
let writes = 0;

function writeSync(fd: number, data: string | NodeJS.ArrayBufferView, a?: unknown, b?: unknown, c?: unknown): number {
  if (free === undefined && chunk === undefined) return (realFs.writeSync as (...args: unknown[]) => number)(fd, data, a, b, c);
  writes++;
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const offset = typeof data === 'string' ? 0 : typeof a === 'number' ? a : 0;
  const length = typeof data === 'string' ? bytes.length : typeof b === 'number' ? b : bytes.length - offset;
  if (free !== undefined && free <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const n = Math.min(length, free ?? Infinity, chunk ?? Infinity);
  if (free !== undefined) free -= n;
  return realFs.writeSync(fd, bytes, offset, n);
}

/** The same disk for a write made off the event loop (the access token's save): FileHandle.write, by the same rule. */
async function open(...args: Parameters<typeof realFsPromises.open>): Promise<realFsPromises.FileHandle> {
  const file = await realFsPromises.open(...args);
  const write = async (data: Buffer, offset = 0, length = data.length - offset) => {
    if (failWith) throw Object.assign(new Error(`${failWith}: i/o error, write`), { code: failWith, syscall: 'write' });
    if (free === undefined && chunk === undefined) return file.write(data, offset, length);
    writes++;
    if (free !== undefined && free <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = Math.min(length, free ?? Infinity, chunk ?? Infinity);
    if (free !== undefined) free -= n;
    return file.write(data, offset, n);
  };
  return new Proxy(file, { get: (f, key) => (key === 'write' ? write : typeof Reflect.get(f, key) === 'function' ? Reflect.get(f, key).bind(f) : Reflect.get(f, key)) });
}

/** The same disk for writeFileSync, as node:fs's own writes: the file opened truncated, then written, so a failure leaves it cut. */
function writeFileSync(path: string, data: string, options?: { mode?: number }): void {
  if (free === undefined && chunk === undefined) return realFs.writeFileSync(path, data, options);
  const fd = realFs.openSync(path, 'w', options?.mode ?? 0o666);
  try {
    const bytes = Buffer.from(data);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  } finally {
    realFs.closeSync(fd);
  }
}

jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, writeSync, writeFileSync }, writeSync, writeFileSync }));
jest.unstable_mockModule('node:fs/promises', () => ({ ...realFsPromises, default: { ...realFsPromises, open }, open }));
const { MappingStore } = await import('../../src/store/mappings.js');
const { CredentialStore } = await import('../../src/store/credentials.js');
const { StorageError } = await import('../../src/errors.js');
const { connect } = await import('../../src/clients/connect.js');
const { createContext } = await import('../../src/context.js');
const resync = await import('../../src/commands/resync.js');
const { advanceSandboxDay } = await import('../../src/sandbox/sandbox.js');
const { moUser, zohoUser } = await import('../support/builders.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  free = undefined;
  failWith = undefined;
  chunk = undefined;
  writes = 0;
});
afterEach(() => tmp.cleanup());
const tally = { shortWritesInjected: 0, storesIntact: 0 };
afterAll(() => writeReport('short-write', tally));

const NOW = '2026-11-24T10:00:00.000Z';
function mapping(i: number) {
  return {
    zoho: { id: `z${i}`, zuid: `${9000 + i}`, email: `user${i}@example.com` },
    myoperator: { uuid: `m${i}-0000-0000`, extension: `${100 + i}`, email: `user${i}@example.com` },
    how: 'auto' as const,
    at: NOW,
  };
}

async function failure(f: () => unknown): Promise<Error & { exitCode?: number }> {
  try {
    await f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the write to fail');
}

describe('a nearly full disk (injected short write)', () => {
  it('the mappings file: exit 6 naming the file and the full disk; the 11.5 KB file untouched; no temp left', async () => {
    const path = join(tmp.dir, 'mappings.json');
    const store = new MappingStore(path);
    await store.update(() => ({ data: { mappings: Array.from({ length: 40 }, (_, i) => mapping(i)), ignored: [] }, result: 0 }));
    const before = realFs.readFileSync(path);
    expect(before.length).toBeGreaterThan(11_000);

    free = 4096;
    const err = await failure(() => store.update((d) => ({ data: { ...d, mappings: [...d.mappings, mapping(99)] }, result: 0 })));
    free = undefined;
    expect(writes).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/the disk is full/);
    expect(realFs.readFileSync(path).equals(before)).toBe(true);
    tally.shortWritesInjected++;
    tally.storesIntact++;
    // the history of the first write, and nothing from the failed one
    expect(realFs.readdirSync(tmp.dir).sort()).toEqual(['mappings.history.jsonl', 'mappings.json']);
    expect(realFs.readFileSync(store.historyPath, 'utf8').trimEnd().split('\n')).toHaveLength(40);
    expect(store.read().mappings).toHaveLength(40);
  });

  it('the history file: an append that does not fit is cut back to the last whole line, exit 6 naming it', async () => {
    const path = join(tmp.dir, 'mappings.json');
    const store = new MappingStore(path);
    await store.update(() => ({ data: { mappings: [mapping(1)], ignored: [] }, result: 0 }));
    const before = realFs.readFileSync(store.historyPath);
    free = 100;
    const lines = Array.from({ length: 20 }, (_, i) => ({ action: 'set-email' as const, before: mapping(i), after: mapping(i + 1), result: 'applied' }));
    const err = await failure(() => store.update((d) => ({ data: d, result: 0, history: lines, recordDiff: false })));
    free = undefined;
    expect(err).toBeInstanceOf(StorageError);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain(store.historyPath);
    expect(err.message).toMatch(/the disk is full/);
    expect(realFs.readFileSync(store.historyPath).equals(before)).toBe(true);
  });

  it('the credentials file: a token-cache write that does not fit loses no profile', async () => {
    const dir = join(tmp.dir, 'config');
    const profiles = Array.from({ length: 60 }, (_, i) => new CredentialStore(dir, `client-${i}`));
    for (const p of profiles)
      p.update(() => ({ zoho: { dc: 'in', clientId: `1000.${p.profile}`, clientSecret: `secret-${p.profile}-0123456789`, refreshToken: `1000.refresh.${p.profile}.abcdef0123456789` } }));
    const path = join(dir, 'credentials.json');
    const before = realFs.readFileSync(path);
    expect(before.length).toBeGreaterThan(4096 * 2);

    free = 4096;
    const cache = profiles[3]!.tokenCache({ dc: 'in', clientId: '1000.CLIENT3', refreshToken: `1000.refresh.client-3.abcdef0123456789` });
    const err = await failure(() => cache.save({ accessToken: '1000.access.0123456789abcdef', apiDomain: 'https://www.zohoapis.in', expiresAt: 1 }));
    free = undefined;
    expect(err).toBeInstanceOf(StorageError);
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/the disk is full/);
    expect(realFs.readFileSync(path).equals(before)).toBe(true);
    tally.shortWritesInjected++;
    tally.storesIntact++;
    expect(realFs.readdirSync(dir)).toEqual(['credentials.json']);
    expect(new CredentialStore(dir, 'client-59').read().zoho?.clientId).toBe('1000.client-59');
  });

  it("the token cache, for a reason other than a full disk: the note says the run went on and the next one asks again, never \"then run again\"", async () => {
    let said = '';
    const stderr = new PassThrough().on('data', (d: Buffer) => (said += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: true, yes: false };
    const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} });
    const clients = await connect(ctx);
    try {
      failWith = 'EIO';
      await clients.zohoAuth.token();
    } finally {
      failWith = undefined;
      await clients.close();
    }
    const file = join(tmp.dir, 'sandbox', 'credentials.json');
    // It ended "Check the disk and the permissions of …, then run again." after a run that had its token and went on.
    expect(said).toBe(
      `Could not keep the Zoho access token for the next run: Cannot save the credentials file ${file}: EIO: i/o error, write. This run goes on; until that is fixed, each run asks Zoho for a new token (Zoho allows about 10 in 10 minutes). Check the disk and the permissions of ${join(tmp.dir, 'sandbox')}, and the next run will keep the token.\n`,
    );
  });

  it("resync's record of the unresolved, and the sandbox's state: a save that does not fit leaves the old file whole (a cut one lost the NEW marks, and put the demo back at day one)", async () => {
    const seenFile = resync.seenFilePath(tmp.dir, 'default');
    let said = '';
    const once = async (zoho: ReturnType<typeof zohoUser>[]) => {
      const ctx = createContext(
        { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: true },
        { stdout: new PassThrough(), stderr: new PassThrough().on('data', (d: Buffer) => (said += d.toString())), stdin: new PassThrough(), env: {} },
      );
      await resync.run({ auto: true, maxPrune: 10 }, ctx, { store: new MappingStore(join(tmp.dir, 'mappings.json')), fetchUsers: async () => ({ zoho, myoperator: [moUser('ravi@acme.in', { id: 'm2' })] }), seenFile });
    };
    await once([zohoUser('asha@acme.in', { id: 'z1' })]);
    const seen = realFs.readFileSync(seenFile);
    free = 10;
    await once([zohoUser('asha@acme.in', { id: 'z1' }), zohoUser('meena@acme.in', { id: 'z3' })]);
    free = undefined;
    expect(said).toBe(`Note: ${seenFile}, where resync keeps who is unresolved for the next run's NEW marks, could not be saved (the disk is full).\n`);
    expect(realFs.readFileSync(seenFile).equals(seen)).toBe(true);
    expect(realFs.readdirSync(join(tmp.dir, 'state'))).toEqual(['resync-default.json']);

    const dir = join(tmp.dir, 'sandbox');
    realFs.mkdirSync(dir);
    expect(await advanceSandboxDay(dir)).toBe(2);
    const state = realFs.readFileSync(join(dir, 'sandbox-state.json'));
    free = 10;
    const err = await failure(() => advanceSandboxDay(dir));
    free = undefined;
    expect(err).toBeInstanceOf(StorageError);
    expect(err.message).toBe(`Cannot save the sandbox's state file ${join(dir, 'sandbox-state.json')}: the disk is full. The file was left as it was.`);
    expect(realFs.readFileSync(join(dir, 'sandbox-state.json')).equals(state)).toBe(true);
    expect(realFs.readdirSync(dir)).toEqual(['sandbox-state.json']);
    tally.shortWritesInjected += 2;
    tally.storesIntact += 2;
  });

  it('short writes that all land are not an error: the file is whole', async () => {
    const path = join(tmp.dir, 'mappings.json');
    const store = new MappingStore(path);
    chunk = 1000;
    await store.update(() => ({ data: { mappings: Array.from({ length: 20 }, (_, i) => mapping(i)), ignored: [] }, result: 0 }));
    chunk = undefined;
    expect(writes).toBeGreaterThan(5);
    expect(store.read().mappings).toHaveLength(20);
  });
});
