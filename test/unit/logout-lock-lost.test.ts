/**
 * `logout` whose credentials lock is lost while it revokes: the run paused past the lock's staleness
 * (a machine asleep) and another run took the lock over, as the fix lock's tests take one over (its
 * time set back). proper-lockfile hears of it on its heartbeat (every 5 s), on a clock the test moves.
 */
import { afterEach, expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, held, withEmulators, zohoClients } from '../support/emulators.js';
import { heartbeatHeard, lockHeard, turnsUntil } from '../support/lock-heartbeat.js';

jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock: lockHeard } }));
const { run } = await import('../../src/commands/logout.js');
const { createContext } = await import('../../src/context.js');
const { CredentialStore } = await import('../../src/store/credentials.js');
const { EXIT } = await import('../../src/errors.js');

const h = withEmulators();
afterEach(() => {
  jest.useRealTimers();
  h.e.zoho.server.clearFaults();
});

const REVOKE = '/oauth/v2/token/revoke';

// proper-lockfile's own onCompromised threw inside its heartbeat's timer, which nothing awaits: the
// run ended in the last-resort handler ("Unexpected error: Unable to update lock within the stale
// threshold"), the token revoked and the login kept.
it('a lock taken over during the revoke does not end the run: the token is revoked and the login deleted, exit 0, said as any revoke is', async () => {
  const cfg = join(h.tmp.dir, 'cfg');
  const refreshToken = h.e.zoho.issueRefreshToken(CLIENT_ID);
  const store = new CredentialStore(cfg, 'default');
  store.saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken });
  const lockPath = `${store.path}.lock`;
  let said = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const globals = { profile: 'default', configDir: cfg, json: false, color: false, verbose: false, sandbox: false, yes: true };
  const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: emulatorUrls(h.e) });
  const slow = held();
  h.e.zoho.server.fault(REVOKE, slow.fault, 1, 'POST');
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const ended = run('zoho', ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  // The revoke is in flight, under the lock.
  const revokes = () => h.e.zoho.server.log.filter((r) => r.path === REVOKE).length;
  await turnsUntil(() => revokes() > 0);
  expect(revokes()).toBe(1);
  expect(existsSync(lockPath)).toBe(true);
  // Another run took it over: the lock's time is not one this run set. The heartbeat hears of it.
  const old = new Date(Date.now() - 60_000);
  utimesSync(lockPath, old, old);
  expect(await heartbeatHeard()).toBe(true);
  slow.letGo();
  const error = await ended;
  expect(error).toBeUndefined();
  expect(said).toBe('Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "default".\n');
  expect(JSON.parse(readFileSync(store.path, 'utf8')).profiles.default.zoho).toBeUndefined();
  jest.useRealTimers();
  await expect(zohoClients(h.e, { refreshToken }).auth.token()).rejects.toMatchObject({ exitCode: EXIT.auth });
});
