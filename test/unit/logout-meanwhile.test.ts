/**
 * `logout` at a terminal, while another run saves a login of the same profile during its
 * question: the refresh token revoked is the one read before the question, so the login saved
 * meanwhile is not the one deleted (its token would stay live at Zoho, nothing saved to revoke it);
 * nor is a MyOperator token saved meanwhile (lost, never named by the plan nor the panel's note).
 */
import { beforeEach, expect, it, jest } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators, zohoClients } from '../support/emulators.js';

/** What another run does while "Log out …?" waits for its answer (awaited: another logout's question, say). */
let meanwhile: () => unknown = () => {};
jest.unstable_mockModule('../../src/ui/prompts.js', () => ({
  confirm: async () => {
    await meanwhile();
    return true;
  },
}));
const { run } = await import('../../src/commands/logout.js');
const { createContext } = await import('../../src/context.js');
const { CredentialStore } = await import('../../src/store/credentials.js');
const { EXIT } = await import('../../src/errors.js');

const h = withEmulators();
let n = 0;
let cfg: string;
beforeEach(() => {
  cfg = join(h.tmp.dir, `cfg${++n}`);
  meanwhile = () => {};
});

/** A login of profile default with a fresh refresh token, as `login zoho` saves it. */
function saveLogin(): string {
  const refreshToken = h.e.zoho.issueRefreshToken(CLIENT_ID);
  new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken });
  return refreshToken;
}

const savedToken = (): string | undefined => JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).profiles.default.zoho?.refreshToken;

/** `logout zoho` (or the side given, 'both' for plain `logout`) of profile default (or the one given), answered yes; what it said, printed, and threw. */
async function logout(
  json = false,
  opts: { revoke?: boolean } = {},
  side: 'zoho' | 'myoperator' | 'both' = 'zoho',
  profile = 'default',
): Promise<{ said: string; out: string; error?: { exitCode?: number; message: string; hint?: string } }> {
  let said = '';
  let out = '';
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  stderr.on('data', (d: Buffer) => (said += d.toString()));
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const globals = { profile, configDir: cfg, json, color: false, verbose: false, sandbox: false, yes: false };
  const ctx = { ...createContext(globals, { stdout, stderr, stdin: new PassThrough(), env: emulatorUrls(h.e) }), interactive: true };
  try {
    await run(side === 'both' ? undefined : side, ctx, opts);
    return { said, out };
  } catch (e) {
    return { said, out, error: e as { exitCode?: number; message: string; hint?: string } };
  }
}

const NEWER =
  /^The refresh token revoked was the one saved when logout began: another Zoho login of profile "default" was saved in .*credentials\.json meanwhile, and was kept, its refresh token not revoked\.$/;

it('a login saved by another run during the question is kept, not deleted unrevoked: the old token is revoked, the new one still logs in', async () => {
  const old = saveLogin();
  const newer = h.e.zoho.issueRefreshToken(CLIENT_ID);
  meanwhile = () => new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: newer });
  const { said, error } = await logout();
  expect(said).toBe('Revoked the Zoho refresh token.\n');
  expect(error).toMatchObject({ exitCode: EXIT.attention, message: expect.stringMatching(NEWER), hint: 'Run `phonebridge-sync logout zoho` to log that one out too.' });
  for (const token of [old, newer]) expect(`${said}${error?.message}${error?.hint}`).not.toContain(token);
  expect(savedToken()).toBe(newer);
  await expect(zohoClients(h.e, { refreshToken: old }).auth.token()).rejects.toMatchObject({ exitCode: EXIT.auth });
  await expect(zohoClients(h.e, { refreshToken: newer }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
  // The command it names logs that one out.
  meanwhile = () => {};
  const again = await logout();
  expect(again.error).toBeUndefined();
  expect(again.said).toBe('Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "default".\n');
  expect(savedToken()).toBeUndefined();
});

it('with --json, the document says the token was revoked and nothing removed', async () => {
  saveLogin();
  const newer = h.e.zoho.issueRefreshToken(CLIENT_ID);
  meanwhile = () => new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: newer });
  const { out, error } = await logout(true);
  expect(error).toMatchObject({ exitCode: EXIT.attention, message: expect.stringMatching(NEWER) });
  expect(JSON.parse(out)).toMatchObject({ planned: ['zoho'], removed: [], zohoTokenRevoked: true, zohoTokenRevokeError: null });
  expect(out).not.toContain(newer);
  expect(savedToken()).toBe(newer);
});

it('the same refresh token saved again meanwhile (another client secret) is the login the plan was about: deleted', async () => {
  const old = saveLogin();
  meanwhile = () => new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: 'another-secret', product: 'crm', refreshToken: old });
  const { said, error } = await logout();
  expect(error).toBeUndefined();
  expect(said).toBe('Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "default".\n');
  expect(savedToken()).toBeUndefined();
});

it('with --no-revoke, a login saved meanwhile is kept too, and the command named repeats --no-revoke', async () => {
  const old = saveLogin();
  const newer = h.e.zoho.issueRefreshToken(CLIENT_ID);
  meanwhile = () => new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: newer });
  const { said, error } = await logout(false, { revoke: false });
  expect(said).toBe('');
  expect(error).toMatchObject({
    exitCode: EXIT.attention,
    message: expect.stringMatching(/^Nothing of Zoho's was revoked or deleted: another Zoho login of profile "default" was saved in .*credentials\.json meanwhile, and was kept, its refresh token not revoked\.$/),
    hint: 'Run `phonebridge-sync logout zoho --no-revoke` to log that one out too.',
  });
  expect(savedToken()).toBe(newer);
  await expect(zohoClients(h.e, { refreshToken: old }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});

/** A MyOperator token of profile default, as `login myoperator --token … --no-verify` saves it. */
const saveMyOperator = (token: string) => new CredentialStore(cfg, 'default').update((p) => ({ ...p, myoperator: { token } }));
const savedMyOperator = (): string | undefined => JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).profiles.default.myoperator?.token;
const MO_NEWER = /^Nothing of MyOperator's was deleted: another MyOperator token of profile "default" was saved in .*credentials\.json meanwhile, and was kept\.$/;
const MO_REMOVED = 'Removed MyOperator credentials of profile "default" (MyOperator has no API to revoke a token: delete it in the panel if it may have leaked).\n';

it('logout myoperator: a token saved by another run during the question is kept, and the command named removes it with the panel note', async () => {
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => saveMyOperator('mo-token-saved-meanwhile');
  const { said, out, error } = await logout(true, {}, 'myoperator');
  expect(said).toBe('');
  expect(out).toBe('');
  expect(error).toMatchObject({ exitCode: EXIT.attention, message: expect.stringMatching(MO_NEWER), hint: 'Run `phonebridge-sync logout myoperator` to log that one out too.' });
  expect(`${said}${error?.message}${error?.hint}`).not.toMatch(/mo-token/);
  expect(savedMyOperator()).toBe('mo-token-saved-meanwhile');
  meanwhile = () => {};
  const again = await logout(false, {}, 'myoperator');
  expect(again.error).toBeUndefined();
  expect(again.said).toBe(MO_REMOVED);
  expect(savedMyOperator()).toBeUndefined();
});

it('logout myoperator: the same token saved again meanwhile is the one the plan was about: deleted', async () => {
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => saveMyOperator(' mo-token-when-logout-began\n');
  const { said, error } = await logout(false, {}, 'myoperator');
  expect(error).toBeUndefined();
  expect(said).toBe(MO_REMOVED);
  expect(savedMyOperator()).toBeUndefined();
});

it('plain logout: the Zoho login is revoked and removed, the MyOperator token saved meanwhile kept, and --json lists only zoho as removed', async () => {
  const old = saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => saveMyOperator('mo-token-saved-meanwhile');
  const { said, out, error } = await logout(true, {}, 'both');
  expect(said).toBe('Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "default".\n');
  expect(error).toMatchObject({ exitCode: EXIT.attention, message: expect.stringMatching(MO_NEWER), hint: 'Run `phonebridge-sync logout myoperator` to log that one out too.' });
  expect(JSON.parse(out)).toMatchObject({ planned: ['zoho', 'myoperator'], removed: ['zoho'], zohoTokenRevoked: true });
  expect(`${said}${out}${error?.message}`).not.toMatch(/mo-token/);
  expect(savedToken()).toBeUndefined();
  expect(savedMyOperator()).toBe('mo-token-saved-meanwhile');
  await expect(zohoClients(h.e, { refreshToken: old }).auth.token()).rejects.toMatchObject({ exitCode: EXIT.auth });
});

it('plain logout --no-revoke: both sides saved meanwhile are kept, said in one error whose command logs both out', async () => {
  saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  const newer = h.e.zoho.issueRefreshToken(CLIENT_ID);
  meanwhile = () => {
    new CredentialStore(cfg, 'default').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: newer });
    saveMyOperator('mo-token-saved-meanwhile');
  };
  const { said, out, error } = await logout(true, { revoke: false }, 'both');
  expect(said).toBe('');
  expect(out).toBe('');
  expect(error?.exitCode).toBe(EXIT.attention);
  expect(error?.message.split(/(?<=\.) (?=Nothing)/)).toEqual([
    expect.stringMatching(/^Nothing of Zoho's was revoked or deleted: another Zoho login of profile "default" was saved in .*credentials\.json meanwhile, and was kept, its refresh token not revoked\.$/),
    expect.stringMatching(MO_NEWER),
  ]);
  expect(error?.hint).toBe('Run `phonebridge-sync logout --no-revoke` to log those out too.');
  expect(`${error?.message}${error?.hint}`).not.toContain(newer);
  expect({ zoho: savedToken(), myoperator: savedMyOperator() }).toEqual({ zoho: newer, myoperator: 'mo-token-saved-meanwhile' });
});

it('plain logout whose revoke fails: the Zoho login is kept for that (exit 4), and the MyOperator token saved meanwhile is kept and said before it', async () => {
  const old = saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => saveMyOperator('mo-token-saved-meanwhile');
  h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'html', status: 200 }, Infinity);
  const { said, error } = await logout(false, {}, 'both').finally(() => h.e.zoho.server.clearFaults());
  expect(error).toMatchObject({ exitCode: EXIT.remote, message: expect.stringMatching(/^Could not revoke the Zoho refresh token/) });
  const lines = said.split('\n');
  expect(lines).toEqual([expect.stringMatching(/^Nothing of MyOperator's was deleted: .* meanwhile, and was kept\. Run `phonebridge-sync logout myoperator` to log that one out too\.$/), '']);
  expect(lines[0]!.replace(/ Run .*/, '')).toMatch(MO_NEWER);
  expect({ zoho: savedToken(), myoperator: savedMyOperator() }).toEqual({ zoho: old, myoperator: 'mo-token-saved-meanwhile' });
});

it('beside a failed revoke, the sentence of a token kept meanwhile shows an escape character in the config dir escaped, never raw', async () => {
  cfg = join(h.tmp.dir, `cfg\x1b[31m${++n}`);
  saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => saveMyOperator('mo-token-saved-meanwhile');
  h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'html', status: 200 }, Infinity);
  const { said, error } = await logout(false, {}, 'both').finally(() => h.e.zoho.server.clearFaults());
  expect(error?.exitCode).toBe(EXIT.remote);
  expect(said).not.toContain('\x1b');
  expect(said).toContain(`cfg<U+001B>[31m${n}/credentials.json meanwhile, and was kept.`);
});

it('plain logout --no-revoke that keeps both sides saved meanwhile leaves credentials.json as that run wrote it, byte for byte', async () => {
  saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  const newer = h.e.zoho.issueRefreshToken(CLIENT_ID);
  const byHand = `${JSON.stringify({ version: 1, profiles: { default: { zoho: { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: newer }, myoperator: { token: 'mo-token-saved-meanwhile' } } } }, null, 2)}\n`;
  meanwhile = () => writeFileSync(join(cfg, 'credentials.json'), byHand);
  const { error } = await logout(false, { revoke: false }, 'both');
  expect(error?.exitCode).toBe(EXIT.attention);
  expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(byHand);
});

/** What logout says of a side whose login was no longer in the file when it came to delete it. */
const gone = (side: 'Zoho' | 'MyOperator') =>
  new RegExp(`^No ${side} credentials stored for profile "default" any more: nothing to remove \\(another run or a hand edit removed them from .*credentials\\.json after logout read it\\)\\.`);

it('logout myoperator: a token moved to another profile during the question is not said "Removed": nothing was, and the profile holding it is named', async () => {
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => {
    new CredentialStore(cfg, 'default').update((p) => ({ ...p, myoperator: undefined }));
    new CredentialStore(cfg, 'work').update((p) => ({ ...p, myoperator: { token: 'mo-token-when-logout-began' } }));
  };
  const { said, out, error } = await logout(true, {}, 'myoperator');
  expect(error).toBeUndefined();
  expect(said.split('\n')).toEqual([expect.stringMatching(gone('MyOperator')), '']);
  expect(said).toMatch(/ A MyOperator login is saved for profile "work" \(pass `--profile work`\)\.\n$/);
  expect(said).not.toMatch(/mo-token/);
  expect(JSON.parse(out)).toMatchObject({ planned: ['myoperator'], removed: [] });
  expect(JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).profiles.work.myoperator.token).toBe('mo-token-when-logout-began');
});

it('plain logout --no-revoke: a Zoho login another run removed during the question is said to be gone, the MyOperator token it did remove said as removed', async () => {
  saveLogin();
  saveMyOperator('mo-token-when-logout-began');
  meanwhile = () => new CredentialStore(cfg, 'default').update((p) => ({ ...p, zoho: undefined }));
  const { said, out, error } = await logout(true, { revoke: false }, 'both');
  expect(error).toBeUndefined();
  expect(said.split('\n')).toEqual([expect.stringMatching(gone('Zoho')), MO_REMOVED.trimEnd(), '']);
  expect(JSON.parse(out)).toMatchObject({ planned: ['zoho', 'myoperator'], removed: ['myoperator'], zohoTokenRevoked: null });
  expect(savedMyOperator()).toBeUndefined();
});

/** The refresh token saved for profile `profile`, or undefined. */
const savedFor = (profile: string): string | undefined => JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).profiles[profile]?.zoho?.refreshToken;
const NOT_REVOKED_FOR_WORK =
  'Removed Zoho credentials of profile "default", not revoked: profile "work" holds the same refresh token; `phonebridge-sync --profile work logout zoho` revokes it.\n';

// The revoke was of the token read before the question: the copy saved under "work" meanwhile was
// revoked with it, exit 0, and that profile's next run failed with exit 3, unsaid.
it('the same refresh token saved for another profile during the question is not revoked: this profile\'s copy is removed, the other profile named, and it still logs in', async () => {
  const token = saveLogin();
  const revokes = h.e.zoho.tokenCalls.revoke;
  meanwhile = () => new CredentialStore(cfg, 'work').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: token });
  const { said, out, error } = await logout(true);
  expect(error).toBeUndefined();
  expect(said).toBe(NOT_REVOKED_FOR_WORK);
  expect(said).not.toContain(token);
  expect(JSON.parse(out)).toMatchObject({ planned: ['zoho'], removed: ['zoho'], zohoTokenRevoked: null, zohoTokenRevokeError: null, zohoTokenNotRevoked: 'held-elsewhere', sharedWith: { zoho: ['work'], myoperator: [] } });
  expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  expect({ default: savedFor('default'), work: savedFor('work') }).toEqual({ default: undefined, work: token });
  await expect(zohoClients(h.e, { refreshToken: token }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});

// Each read the file before the other deleted its copy, saw the other still holding the token, and
// did not revoke it: exit 0 twice, the token live at Zoho with no profile holding it to revoke it.
it('two logouts at once of two profiles that hold one refresh token: the one that decides second revokes it, said, and neither profile holds it after', async () => {
  const token = saveLogin();
  new CredentialStore(cfg, 'work').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: token });
  const revokes = h.e.zoho.tokenCalls.revoke;
  // Both answer their question only once both plans are read.
  let asked = 0;
  let bothAsked = (): void => {};
  const both = new Promise<void>((done) => (bothAsked = done));
  meanwhile = () => {
    if (++asked === 2) bothAsked();
    return both;
  };
  const runs = await Promise.all(['default', 'work'].map((profile) => logout(false, {}, 'zoho', profile)));
  expect(runs.map((r) => r.error)).toEqual([undefined, undefined]);
  const said: Record<string, string> = { default: runs[0]!.said, work: runs[1]!.said };
  // Which one takes the credentials lock first is not this test's to say: the other waits for it, and decides second.
  const [first, second] = said.default!.includes('Revoked') ? ['work', 'default'] : ['default', 'work'];
  expect(said[first]).toBe(`Removed Zoho credentials of profile "${first}", not revoked: profile "${second}" holds the same refresh token; \`phonebridge-sync --profile ${second} logout zoho\` revokes it.\n`);
  expect(said[second]!.split('\n')).toEqual([
    expect.stringMatching(/^Another phonebridge-sync run holds the lock of the credentials file \S+credentials\.json \(\S+credentials\.json\.lock\): waiting up to \d+ s for it\.$/),
    `Revoked the Zoho refresh token (profile "${first}", which held it too when logout began, holds it no longer).`,
    `Removed Zoho credentials of profile "${second}".`,
    '',
  ]);
  expect(h.e.zoho.tokenCalls.revoke - revokes).toBe(1);
  expect({ default: savedFor('default'), work: savedFor('work') }).toEqual({ default: undefined, work: undefined });
  await expect(zohoClients(h.e, { refreshToken: token }).auth.token()).rejects.toMatchObject({ exitCode: EXIT.auth });
});

it('a login moved to another profile during the question (a hand edit) is not revoked there: said to be gone from this one, the profile holding it named', async () => {
  const token = saveLogin();
  const revokes = h.e.zoho.tokenCalls.revoke;
  meanwhile = () => {
    new CredentialStore(cfg, 'default').update((p) => ({ ...p, zoho: undefined }));
    new CredentialStore(cfg, 'work').saveZohoLogin({ dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, product: 'crm', refreshToken: token });
  };
  const { said, error } = await logout();
  expect(error).toBeUndefined();
  expect(said.split('\n')).toEqual([expect.stringMatching(gone('Zoho')), '']);
  expect(said).toMatch(/ A Zoho login is saved for profile "work" \(pass `--profile work`\)\.\n$/);
  expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  await expect(zohoClients(h.e, { refreshToken: token }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});

it('credentials.json broken by hand during the question: exit 2 before the revoke, the token live and the file as it was', async () => {
  const token = saveLogin();
  const revokes = h.e.zoho.tokenCalls.revoke;
  meanwhile = () => writeFileSync(join(cfg, 'credentials.json'), '{"profiles": ');
  const { error } = await logout();
  expect(error).toMatchObject({ exitCode: EXIT.usage, message: expect.stringMatching(/credentials\.json is not valid JSON .*; it was left untouched\.$/) });
  expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe('{"profiles": ');
  await expect(zohoClients(h.e, { refreshToken: token }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});

it('logout myoperator of a token another profile holds too: deleted here, its note saying the panel\'s delete would log that profile out too, and --json naming it', async () => {
  saveMyOperator('mo-token-of-two-profiles');
  new CredentialStore(cfg, 'work').update((p) => ({ ...p, myoperator: { token: 'mo-token-of-two-profiles' } }));
  const { said, out, error } = await logout(true, {}, 'myoperator');
  expect(error).toBeUndefined();
  expect(said).toBe(
    'Removed MyOperator credentials of profile "default" (MyOperator has no API to revoke a token: delete it in the panel if it may have leaked, which logs out the other too: profile "work" holds the same token).\n',
  );
  expect(JSON.parse(out)).toMatchObject({ removed: ['myoperator'], sharedWith: { zoho: [], myoperator: ['work'] } });
  expect(savedMyOperator()).toBeUndefined();
});

// Of two other holders it said "which logs out the other too: profiles "home" and "work" hold the same token".
it('logout myoperator of a token two other profiles hold: its note says the panel\'s delete logs out the others, naming both', async () => {
  saveMyOperator('mo-token-of-three-profiles');
  for (const other of ['work', 'home']) new CredentialStore(cfg, other).update((p) => ({ ...p, myoperator: { token: 'mo-token-of-three-profiles' } }));
  const { said, error } = await logout(true, {}, 'myoperator');
  expect(error).toBeUndefined();
  expect(said).toMatch(/, which logs out the others too: profiles "\w+" and "\w+" hold the same token\)\.\n$/);
  expect(said).toContain('"home"');
  expect(said).toContain('"work"');
});

// The plan agreed to delete it unrevoked (profile "work" held it); "work" logged out meanwhile, and
// with no data centre to revoke at, the revoke decided under the lock refused: exit 2, "nothing was
// changed", of a logout whose --dry-run had previewed exit 0 and that the admin had said yes to.
it('a login with no data centre whose other holder logged out during the question is deleted unrevoked, as agreed, exit 0, said to stay live with nobody holding it', async () => {
  const token = h.e.zoho.issueRefreshToken(CLIENT_ID);
  const noDc = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: token };
  mkdirSync(cfg, { recursive: true });
  writeFileSync(join(cfg, 'credentials.json'), JSON.stringify({ version: 1, profiles: { default: { zoho: noDc }, work: { zoho: noDc } } }));
  const revokes = h.e.zoho.tokenCalls.revoke;
  meanwhile = () => new CredentialStore(cfg, 'work').update((p) => ({ ...p, zoho: undefined }));
  const { said, out, error } = await logout(true);
  expect(error).toBeUndefined();
  expect(said).toBe(
    'Removed Zoho credentials of profile "default", not revoked, as agreed: profile "work", which held the same refresh token when logout began, holds it no longer, and no data centre is saved with this login, nor named by PHONEBRIDGE_ZOHO_DC, to revoke it at. That refresh token stays live at Zoho until it is revoked by hand (a POST to https://<the Zoho Accounts of its data centre, e.g. accounts.zoho.in>/oauth/v2/token/revoke with the refresh token as its token parameter), and no profile here holds it any more.\n',
  );
  expect(said).not.toContain(token);
  // What tells it from a plain --no-revoke, whose document is otherwise the same: the token is live, and nobody here holds it.
  expect(JSON.parse(out)).toMatchObject({ planned: ['zoho'], removed: ['zoho'], zohoTokenRevoked: null, zohoTokenRevokeError: null, zohoTokenNotRevoked: 'no-data-centre', sharedWith: { zoho: [] } });
  expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  expect({ default: savedFor('default'), work: savedFor('work') }).toEqual({ default: undefined, work: undefined });
  await expect(zohoClients(h.e, { refreshToken: token }).auth.token()).resolves.toMatchObject({ accessToken: expect.any(String) });
});
