/**
 * `logout` while another run holds the credentials file's lock past this run's wait, cut to two
 * quick tries (quickLock). The lock itself is real: the test holds it, as another logout would.
 */
import { expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators, zohoClients } from '../support/emulators.js';
import { quickLock } from '../support/quick-lock.js';

jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock: quickLock } }));
const { run } = await import('../../src/commands/logout.js');
const { createContext } = await import('../../src/context.js');
const { CredentialStore } = await import('../../src/store/credentials.js');

const h = withEmulators();

it('exit 75 naming the lock and the file, after saying it waits; nothing revoked or deleted, the login still works', async () => {
  const cfg = join(h.tmp.dir, 'cfg');
  const refreshToken = h.e.zoho.issueRefreshToken(CLIENT_ID);
  const store = new CredentialStore(cfg, 'default');
  store.saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken });
  const before = readFileSync(store.path, 'utf8');
  const revokes = h.e.zoho.tokenCalls.revoke;
  let said = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const globals = { profile: 'default', configDir: cfg, json: false, color: false, verbose: false, sandbox: false, yes: true };
  const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: emulatorUrls(h.e) });
  // Another logout's lock, renewed as a live run renews it.
  const release = await realLockfile.lock(store.path, { realpath: false, stale: 10_000 });
  const error = await run('zoho', ctx).then(
    () => undefined,
    (e: unknown) => e,
  ).finally(release);
  const lockPath = `${store.path}.lock`;
  expect(said).toBe(`Another phonebridge-sync run holds the lock of the credentials file ${store.path} (${lockPath}): waiting up to 25 s for it.\n`);
  expect(error).toMatchObject({
    exitCode: 75,
    message: `The credentials file ${store.path} is locked by another phonebridge-sync run with the same config dir: its lock ${lockPath} stayed taken while this run waited 25 s; nothing was changed.`,
    hint: expect.stringMatching(/^Try again when that run ends\. No other run going\? A run killed outright leaves its lock, which is taken over once it is 10 s old \(in \d+ s\)\.$/),
  });
  expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  expect(readFileSync(store.path, 'utf8')).toBe(before);
  await expect(zohoClients(h.e, { refreshToken }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});
