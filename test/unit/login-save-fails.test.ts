/**
 * `login zoho --grant-token` whose save fails after the grant token was spent: credentials.json
 * broken by hand during the exchange or the check. The refresh token the grant gave is then neither
 * saved nor left live at Zoho with nothing saved to revoke it: it is revoked, and the error says so.
 */
import { expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators, zohoClients } from '../support/emulators.js';

/** What another run or a hand edit does once the spinner's work of this text is done. */
let after = (_text: string): void => {};
jest.unstable_mockModule('../../src/ui/spinner.js', () => ({
  withSpinner: async <T>(_ctx: unknown, text: string, work: () => Promise<T>): Promise<T> => {
    const done = await work();
    after(text);
    return done;
  },
}));
const { run } = await import('../../src/commands/login.js');
const { createContext } = await import('../../src/context.js');
const { EXIT } = await import('../../src/errors.js');

const h = withEmulators();
/** Each login's own config dir, under the emulators' temporary one. */
let logins = 0;
let cfg = '';

const BROKEN = '{"profiles": ';
/**
 * The hint of a broken file's failed save once the grant token was spent: the file's fix, then a new
 * grant token (prompts are off here). One login to run: the file's own "and run `phonebridge-sync
 * login` again" before it named a second, with the grant token Zoho had taken already.
 */
const NEW_GRANT =
  'Fix the file by hand, or move it aside. The grant token given is spent (Zoho takes each one once): generate a new one in the Zoho API console (Self Client, scope ZohoCRM.users.READ), then run `phonebridge-sync login zoho --dc in --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>` (login asks for nothing off a terminal).';

/** `login zoho --grant-token …` of profile default; what it threw, and the secrets the emulator issued meanwhile. */
async function loginWithGrant(verify: boolean, atTerminal = false): Promise<{ error: { exitCode?: number; message: string; hint?: string }; issued: string[] }> {
  cfg = join(h.tmp.dir, `login${++logins}`);
  const grant = h.e.zoho.issueGrantCode(CLIENT_ID);
  const before = new Set(h.e.zoho.allSecrets());
  const globals = { profile: 'default', configDir: cfg, json: false, color: false, verbose: false, sandbox: false, yes: false };
  // Where login would ask: its stderr a terminal (pastedPromptsOff), every value given as a flag all the same.
  const stderr = Object.assign(new PassThrough(), { isTTY: atTerminal });
  const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: emulatorUrls(h.e) });
  const error = await run('zoho', { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, grantToken: grant, verify }, ctx).then(
    () => {
      throw new Error('login succeeded');
    },
    (e: { exitCode?: number; message: string; hint?: string }) => e,
  ).finally(() => (after = () => {}));
  return { error, issued: h.e.zoho.allSecrets().filter((s) => !before.has(s)) };
}

/** Whether any of these logs in as a refresh token: the one the grant gave, if it is still live. */
async function anyLive(tokens: string[]): Promise<boolean> {
  const live = await Promise.all(tokens.map((t) => zohoClients(h.e, { refreshToken: t }).auth.token().then(() => true, () => false)));
  return live.includes(true);
}

it.each([
  ['the exchange (--no-verify)', 'Exchanging the grant token…', false],
  ['the check', 'Checking access to Zoho users…', true],
])('credentials.json broken during %s: the refresh token the grant gave is revoked, the error says so, the file is left as it was', async (_when, text, verify) => {
  after = (t) => {
    if (t === text) writeFileSync(join(cfg, 'credentials.json'), BROKEN);
  };
  const { error, issued } = await loginWithGrant(verify);
  expect(error.exitCode).toBe(EXIT.usage);
  expect(error.message).toMatch(/credentials\.json is not valid JSON \(.*\); it was left untouched\. The grant token was exchanged already, and the refresh token it gave was revoked at Zoho, as it could not be saved: nothing of this login is left live\.$/);
  // "run login again" alone sent the user back with the grant token Zoho had taken already.
  expect(error.hint).toBe(NEW_GRANT);
  expect(issued.length).toBeGreaterThan(0);
  expect(await anyLive(issued)).toBe(false);
  for (const s of h.e.zoho.allSecrets()) expect(`${error.message}${error.hint}`).not.toContain(s);
  expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(BROKEN);
});

it('a revoke that fails too is not said to have revoked it: the token is said to stay live', async () => {
  after = (t) => {
    if (t === 'Exchanging the grant token…') writeFileSync(join(cfg, 'credentials.json'), BROKEN);
  };
  h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'html', status: 200 }, Infinity);
  const { error, issued } = await loginWithGrant(false).finally(() => h.e.zoho.server.clearFaults());
  expect(error.exitCode).toBe(EXIT.usage);
  expect(error.message).toMatch(/; it was left untouched\. The grant token was exchanged already, and the refresh token it gave could not be saved nor revoked: it stays live at Zoho, never shown, until Zoho drops it \(it keeps 20 per user and drops the oldest in silence\)\.$/);
  expect(error.hint).toBe(NEW_GRANT);
  expect(await anyLive(issued)).toBe(true);
});

it('credentials.json emptied during the exchange: the hint is any broken file\'s, then names the one login to run, with a new grant token', async () => {
  after = (t) => {
    if (t === 'Exchanging the grant token…') writeFileSync(join(cfg, 'credentials.json'), '');
  };
  const { error, issued } = await loginWithGrant(false);
  expect(error.exitCode).toBe(EXIT.usage);
  expect(error.message).toMatch(/credentials\.json is empty: no credentials are in it; it was left untouched\. The grant token was exchanged already, and the refresh token it gave was revoked at Zoho/);
  expect(error.hint).toBe(NEW_GRANT);
  expect(await anyLive(issued)).toBe(false);
});

it('at a terminal the way on is the plain login, in the words of a refused refresh token: it asks for the grant token', async () => {
  after = (t) => {
    if (t === 'Exchanging the grant token…') writeFileSync(join(cfg, 'credentials.json'), BROKEN);
  };
  const { error } = await loginWithGrant(false, true);
  expect(error.exitCode).toBe(EXIT.usage);
  expect(error.hint).toBe(
    'Fix the file by hand, or move it aside. The grant token given is spent (Zoho takes each one once): generate a new one in the Zoho API console (Self Client, scope ZohoCRM.users.READ), then run `phonebridge-sync login zoho`: it asks for it.',
  );
});
