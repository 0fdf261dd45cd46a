/**
 * `login zoho` at a terminal, while another run saves the same profile between its first read of
 * credentials.json and its save: "the refresh token saved before was replaced" is said of the token
 * the save overwrote, not of what the file held before the questions.
 */
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/cli.js';

/** What another run does while the secret is being typed, before the answer is given. */
let meanwhile = (): void => {};
jest.unstable_mockModule('../../src/ui/prompts.js', () => ({
  askText: async () => {
    meanwhile();
    return 'sEcReT';
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
