/**
 * `login zoho` at a terminal, while credentials.json changes during its questions (another run
 * saves the same profile, a hand edit): "the refresh token saved before was replaced" is said of the
 * token the save overwrote, and a file broken meanwhile is said before a grant token is spent.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators } from '../support/emulators.js';

/** What another run does while the secret is being typed, before the answer is given. */
let meanwhile = (): void => {};
/** The grant token typed at its question, if one is asked for. */
let grantTyped = '';
jest.unstable_mockModule('../../src/ui/prompts.js', () => ({
  askText: async (_ctx: unknown, flag: string) => {
    meanwhile();
    return flag === '--grant-token' ? grantTyped : 'sEcReT';
  },
  askChoice: async () => {
    throw new Error('no choice expected');
  },
}));
const { run } = await import('../../src/commands/login.js');
const { createContext } = await import('../../src/context.js');
const { CredentialStore } = await import('../../src/store/credentials.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const LOGIN = { dc: 'in', clientId: '1000.ABC', clientSecret: 'sEcReT', product: 'crm' } as const;
const REPLACED = /The refresh token saved before was replaced; unless Zoho refused it already, it is still valid there/;

/** `login zoho` of profile default, the client secret asked for; its stderr, and the refresh token saved. */
async function loginAsking(refreshToken: string): Promise<{ said: string; saved: unknown }> {
  let said = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
  const ctx = { ...createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} }), interactive: true };
  await run('zoho', { dc: 'in', clientId: LOGIN.clientId, refreshToken, verify: false }, ctx);
  const saved = JSON.parse(readFileSync(join(tmp.dir, 'credentials.json'), 'utf8')).profiles.default.zoho.refreshToken;
  return { said, saved };
}

it('a login saved by another run while the questions were asked is said to be replaced: nothing was saved when they began', async () => {
  meanwhile = () => new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: '1000.saved-meanwhile' });
  const { said, saved } = await loginAsking('1000.typed-now');
  expect(saved).toBe('1000.typed-now');
  expect(said).toMatch(REPLACED);
  expect(said).not.toContain('1000.saved-meanwhile');
});

it('a login removed by another run while the questions were asked is not said to be replaced: nothing was', async () => {
  new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: '1000.saved-before' });
  meanwhile = () => new CredentialStore(tmp.dir, 'default').update((p) => ({ ...p, zoho: undefined }));
  const { said, saved } = await loginAsking('1000.typed-now');
  expect(saved).toBe('1000.typed-now');
  expect(said).toMatch(/^Logged in to Zoho CRM \(data centre in\) for profile "default" \(not verified\)\. Saved in /);
  expect(said).not.toMatch(REPLACED);
});

it('the same login saved by another run meanwhile is not said to be replaced; one saved before and still there is', async () => {
  new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: '1000.saved-before' });
  meanwhile = () => new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: '1000.typed-now' });
  expect((await loginAsking('1000.typed-now')).said).not.toMatch(REPLACED);
  meanwhile = () => {};
  expect((await loginAsking('1000.typed-again')).said).toMatch(REPLACED);
});

it('the same refresh token saved before with a pasted newline is not said to be replaced: it is the one saved now', async () => {
  new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: ' 1000.typed-now\n' });
  meanwhile = () => {};
  const { said, saved } = await loginAsking('1000.typed-now');
  expect(saved).toBe('1000.typed-now');
  expect(said).not.toMatch(REPLACED);
});

describe('a grant token typed while the file was broken by hand', () => {
  const h = withEmulators();
  it('is not spent: the broken file is said first, and the same grant token logs in once the file is fixed', async () => {
    new CredentialStore(tmp.dir, 'default').saveZohoLogin({ ...LOGIN, refreshToken: '1000.saved-before' });
    grantTyped = h.e.zoho.issueGrantCode(CLIENT_ID);
    meanwhile = () => writeFileSync(join(tmp.dir, 'credentials.json'), '{"profiles": ');
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = { ...createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: emulatorUrls(h.e) }), interactive: true };
    const login = () => run('zoho', { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, verify: false }, ctx);
    await expect(login()).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/credentials\.json is not valid JSON \(.*\); it was left untouched\.$/) });
    meanwhile = () => {};
    writeFileSync(join(tmp.dir, 'credentials.json'), '{}');
    await login();
    expect(JSON.parse(readFileSync(join(tmp.dir, 'credentials.json'), 'utf8')).profiles.default.zoho.clientId).toBe(CLIENT_ID);
  });
});
