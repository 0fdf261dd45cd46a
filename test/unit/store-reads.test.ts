/**
 * How often one run reads the mappings file and credentials.json: counted at node:fs, so a read by
 * any module counts. A read under the lock, before a write, stays; reads of the same file before
 * it, for the same run, were each another parse of a file that can hold thousands of mappings.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const reads: string[] = [];
const readFileSync = ((path: realFs.PathOrFileDescriptor, ...rest: unknown[]) => {
  if (typeof path === 'string') reads.push(path);
  return (realFs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
}) as typeof realFs.readFileSync;
jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, readFileSync }, readFileSync }));
const { MappingStore, serialize } = await import('../../src/store/mappings.js');
const { historyLines } = await import('../../src/store/history.js');
const { setAside } = await import('../../src/store/history-journal.js');
const { withMapping } = await import('../../src/core/reconcile.js');
const { createContext } = await import('../../src/context.js');
const { run: doctor } = await import('../../src/commands/doctor.js');
const { run: map } = await import('../../src/commands/map.js');
const { run: logout } = await import('../../src/commands/logout.js');
const { CredentialStore } = await import('../../src/store/credentials.js');
const { connect } = await import('../../src/clients/connect.js');
const { CLIENT_ID, CLIENT_SECRET, emulatorUrls, startEmulators } = await import('../support/emulators.js');

const NOW = '2026-11-24T10:00:00.000Z';
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  reads.length = 0;
});
afterEach(() => tmp.cleanup());

const context = () =>
  createContext(
    { profile: 'default', configDir: tmp.dir, json: true, color: false, verbose: false, sandbox: false, yes: false },
    { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
  );

/** The default profile's mappings file with z1→m1 saved, and z2→m2 saved by a run killed before its history line: set aside. */
async function killedAfterSave(): Promise<InstanceType<typeof MappingStore>> {
  const store = new MappingStore(join(tmp.dir, 'mappings', 'default.json'), { command: 'map', now: () => new Date(NOW) });
  const [z1, z2] = [1, 2].map((i) => zohoUser(`u${i}@acme.in`, { id: `z${i}` }));
  const [m1, m2] = [1, 2].map((i) => moUser(`u${i}@acme.in`, { id: `m${i}` }));
  await store.update((d) => ({ data: withMapping(d, z1!, m1!, 'manual', NOW), result: 0 }));
  const next = withMapping(store.read(), z2!, m2!, 'manual', NOW);
  expect(setAside(store.historyPath, serialize(next), historyLines({ time: NOW, command: 'map', user: 'ops' }, [{ action: 'map', before: null, after: next.mappings[1]!, result: 'done' }]))).toBe(true);
  realFs.writeFileSync(store.path, serialize(next));
  reads.length = 0;
  return store;
}

describe('reads of the mappings file', () => {
  it('doctor reads it once, with lines set aside: its check and the set-aside lines get the same read', async () => {
    const store = await killedAfterSave();
    let out = '';
    const ctx = context();
    ctx.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await doctor({ only: ['mappings-file'] }, ctx);
    // The lines were compared with the file's bytes, and are held: said as waiting.
    expect((JSON.parse(out) as { checks: Array<{ id: string; status: string; message: string }> }).checks[0]).toMatchObject({
      id: 'mappings-file',
      status: 'pass',
      message: expect.stringContaining(': 2 mappings, 0 ignored\n1 history entry waits in '),
    });
    expect(reads.filter((p) => p === store.path)).toHaveLength(1);
  });

  it('map --unmap reads it twice: once to find whom it names, before any lock, and once under the lock, before it writes', async () => {
    const store = new MappingStore(join(tmp.dir, 'mappings', 'default.json'), { command: 'map', now: () => new Date(NOW) });
    await store.update((d) => ({ data: withMapping(d, zohoUser('u1@acme.in', { id: 'z1' }), moUser('u1@acme.in', { id: 'm1' }), 'manual', NOW), result: 0 }));
    reads.length = 0;
    await map({ unmap: 'z1' }, context(), { store, fetchUsers: () => Promise.reject(new Error('--unmap is offline')) });
    const counted = reads.filter((p) => p === store.path).length;
    expect(store.read().mappings).toEqual([]);
    expect(counted).toBe(2);
  });
});

describe('reads of credentials.json', () => {
  it('a Zoho client is made from one read: the saved login and the access token cached with it, read a moment apart, were two', async () => {
    const store = new CredentialStore(tmp.dir, 'default');
    const token = { accessToken: '1000.access.cached', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() + 3_600_000 };
    store.saveZohoLogin({ dc: 'in', clientId: '1000.CLIENT', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh.0123456789' }, token);
    reads.length = 0;
    const clients = await connect(context());
    // The cached token serves: nothing is asked of Zoho, and the file is not read again for it.
    expect((await clients.zohoAuth.token()).accessToken).toBe('1000.access.cached');
    expect(reads.filter((p) => p === store.path)).toHaveLength(1);
  });

  /**
   * doctor's credential checks at the emulators, the default profile logged in to both with an access
   * token cached that expires `expiresIn` ms from now: the checks' statuses, the reads of the file
   * from the start of the run, and the profile as the run left it.
   */
  async function credentialChecks(expiresIn: number) {
    const e = await startEmulators();
    try {
      const store = new CredentialStore(tmp.dir, 'default');
      const token = { accessToken: '1000.access.cached', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() + expiresIn };
      store.saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: e.refreshToken }, token);
      store.update((p) => ({ ...p, myoperator: { token: e.mo.token } }));
      reads.length = 0;
      const ctx = createContext(
        { profile: 'default', configDir: tmp.dir, json: true, color: false, verbose: false, sandbox: false, yes: false },
        { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: emulatorUrls(e) },
      );
      let out = '';
      ctx.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await doctor({ only: ['zoho-credentials', 'zoho-token', 'myoperator-api', 'credentials-file'] }, ctx);
      const counted = reads.filter((p) => p === store.path).length;
      return {
        status: Object.fromEntries((JSON.parse(out) as { checks: Array<{ id: string; status: string }> }).checks.map((c) => [c.id, c.status])),
        reads: counted,
        left: new CredentialStore(tmp.dir, 'default').read(),
        moToken: e.mo.token,
      };
    } finally {
      await e.close();
    }
  }
  const allPass = { 'config-dir': 'pass', 'credentials-file': 'pass', 'zoho-credentials': 'pass', 'zoho-token': 'pass', 'myoperator-api': 'pass' };

  it('doctor reads it once for its checks, its clients and credentials-file: they each had the read handed on, and credentials-file read it again', async () => {
    const run = await credentialChecks(3_600_000);
    expect(run.status).toEqual(allPass);
    expect(run.reads).toBe(1);
  });

  it('doctor with an expired token reads it once, and once under the save of the new token, which credentials-file then judges without a third read', async () => {
    const run = await credentialChecks(-60_000);
    expect(run.status).toEqual(allPass);
    expect(run.reads).toBe(2);
    // The new token is saved, the login beside it kept.
    expect(run.left.zoho?.token?.accessToken).not.toBe('1000.access.cached');
    expect(run.left.myoperator?.token).toBe(run.moToken);
  });

  it('a Zoho client whose cached token has expired reads it once before the refresh, and once under the save of the new token', async () => {
    const e = await startEmulators();
    try {
      const store = new CredentialStore(tmp.dir, 'default');
      const expired = { accessToken: '1000.access.expired', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() - 60_000 };
      store.saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: e.refreshToken }, expired);
      reads.length = 0;
      const ctx = createContext(
        { profile: 'default', configDir: tmp.dir, json: true, color: false, verbose: false, sandbox: false, yes: false },
        { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: emulatorUrls(e) },
      );
      const clients = await connect(ctx);
      expect((await clients.zohoAuth.token()).accessToken).not.toBe('1000.access.expired');
      // The client read the token cache when it was made, and the first token() read it again: three.
      expect(reads.filter((p) => p === store.path)).toHaveLength(2);
    } finally {
      await e.close();
    }
  });

  it('doctor on a profile with no login, where another profile has one, reads it once too: each check that named that profile read the file again, and credentials-file once more', async () => {
    const store = new CredentialStore(tmp.dir, 'default');
    store.saveZohoLogin({ dc: 'in', clientId: '1000.CLIENT', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh.0123456789' });
    store.update((p) => ({ ...p, myoperator: { token: 'mo-token-0123456789' } }));
    reads.length = 0;
    const ctx = createContext(
      { profile: 'other', configDir: tmp.dir, json: true, color: false, verbose: false, sandbox: false, yes: false },
      { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
    );
    let out = '';
    ctx.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect(doctor({ only: ['zoho-credentials', 'zoho-token', 'zoho-api', 'myoperator-api', 'credentials-file'] }, ctx)).rejects.toThrow(/doctor found/);
    const checks = (JSON.parse(out) as { checks: Array<{ id: string; message: string }> }).checks;
    expect(checks.find((c) => c.id === 'zoho-credentials')!.message).toContain('A Zoho login is saved for profile "default" (pass `--profile default`).');
    expect(checks.find((c) => c.id === 'myoperator-api')!.message).toContain('A MyOperator login is saved for profile "default"');
    expect(reads.filter((p) => p === store.path)).toHaveLength(1);
  });

  it('logout of a profile with nothing saved, where another profile has both logins, reads it once: each "saved for profile" read it again', async () => {
    const store = new CredentialStore(tmp.dir, 'default');
    store.saveZohoLogin({ dc: 'in', clientId: '1000.CLIENT', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh.0123456789' });
    store.update((p) => ({ ...p, myoperator: { token: 'mo-token-0123456789' } }));
    reads.length = 0;
    let err = '';
    const ctx = createContext(
      { profile: 'other', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: true },
      { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
    );
    ctx.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await logout(undefined, ctx);
    expect(err).toContain('No Zoho credentials stored for profile "other": nothing to remove. A Zoho login is saved for profile "default"');
    expect(err).toContain('No MyOperator credentials stored for profile "other": nothing to remove. A MyOperator login is saved for profile "default"');
    expect(reads.filter((p) => p === store.path)).toHaveLength(1);
  });

  it('logout of both logins, unrevoked, reads it once for its plan, and once under each of its two writes (another run may have saved meanwhile)', async () => {
    const store = new CredentialStore(tmp.dir, 'default');
    store.saveZohoLogin({ dc: 'in', clientId: '1000.CLIENT', clientSecret: 'secret-0123456789', refreshToken: '1000.refresh.0123456789' });
    store.update((p) => ({ ...p, myoperator: { token: 'mo-token-0123456789' } }));
    new CredentialStore(tmp.dir, 'work').update((p) => ({ ...p, myoperator: { token: 'mo-token-work-0123' } }));
    reads.length = 0;
    const ctx = createContext(
      { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: true },
      { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
    );
    await logout(undefined, ctx, { revoke: false });
    expect(JSON.parse(realFs.readFileSync(store.path, 'utf8')).profiles).toEqual({ default: {}, work: { myoperator: { token: 'mo-token-work-0123' } } });
    expect(reads.filter((p) => p === store.path)).toHaveLength(3);
  });
});
