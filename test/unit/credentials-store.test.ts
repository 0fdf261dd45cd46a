/** The credentials file: the cached access token is a cache, never a reason to call the logins broken. */
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialStore, overridingEnv } from '../../src/store/credentials.js';
import { UsageError } from '../../src/errors.js';
import { tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

it('a cached token of the wrong shape (a lifetime saved as null) is dropped; the logins beside it are read', () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const zoho = { dc: 'in', clientId: 'id', clientSecret: 'secret', refreshToken: '1000.refresh' };
  const token = { accessToken: 'access', apiDomain: 'https://www.zohoapis.in', expiresAt: null, refreshTokenHash: 'h' };
  writeFileSync(store.path, JSON.stringify({ version: 1, profiles: { default: { zoho: { ...zoho, token }, myoperator: { token: 'mo' } } } }), { mode: 0o600 });
  expect(store.read()).toEqual({ zoho, myoperator: { token: 'mo' } });
  expect(store.tokenCache({ dc: 'in', clientId: '1000.ID', refreshToken: '1000.refresh' }).load()).toBeUndefined();
});

it('a field added by hand is refused, naming it, and the file is left as it is: a token cached later would have dropped it without a word', () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const text = JSON.stringify({ version: 1, note: 'rotated 2026-11', profiles: { default: { myoperator: { token: 'mo-token-1' } } } });
  writeFileSync(store.path, text, { mode: 0o600 });
  expect(() => store.read()).toThrow(`${store.path} has an unexpected shape at note: a field the tool does not know, which saving the file would drop; it was left untouched.`);
  expect(() => store.update((p) => p)).toThrow(/at note: a field the tool does not know/);
  expect(readFileSync(store.path, 'utf8')).toBe(text);
});

it('a profile named "__proto__" in a hand-edited file is named, and the file left as it is: it was dropped unsaid, and the next save erased it', () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const text = '{"version":1,"profiles":{"__proto__":{"myoperator":{"token":"mo-token-1"}},"default":{"myoperator":{"token":"mo-token-2"}}}}';
  writeFileSync(store.path, text, { mode: 0o600 });
  const said = `${store.path} holds a profile named "__proto__", a name no profile can have (the file could never read it back); it was left untouched.`;
  expect(() => store.read()).toThrow(said);
  let hint: string | undefined;
  try {
    store.update((p) => ({ ...p, myoperator: { token: 'mo-token-3' } }));
  } catch (e) {
    hint = (e as UsageError).hint;
  }
  expect(hint).toBe('Rename that profile in the file, e.g. to "work", then choose it with --profile work.');
  expect(readFileSync(store.path, 'utf8')).toBe(text);
});

it("the sandbox's broken file: the `rm` to paste deletes that file, whatever its directory is called ($, spaces, quotes)", () => {
  // A directory named like `c$HOME` once got `rm "…/c$HOME…"`: pasted, the shell put the home directory in.
  const dir = join(tmp.dir, `c$HOME sp'x`);
  mkdirSync(dir);
  const store = new CredentialStore(dir, 'sandbox', 'sandbox');
  writeFileSync(store.path, 'not json', { mode: 0o600 });
  let hint = '';
  try {
    store.read();
  } catch (e) {
    hint = (e as UsageError).hint ?? '';
  }
  const command = /`(rm [^`]+)`/.exec(hint)?.[1];
  expect(command).toBe(`rm '${tmp.dir}/c$HOME sp'\\''x/credentials.json'`);
  execFileSync('sh', ['-c', command!], { env: { PATH: process.env.PATH, HOME: tmp.dir } });
  expect(existsSync(store.path)).toBe(false);
  expect(existsSync(dir)).toBe(true);
});

it("PHONEBRIDGE_ZOHO_PRODUCT wins over the saved login's product; set empty (a CI variable left blank) it is as if unset, not an error", () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const zoho = { dc: 'in', clientId: 'id', clientSecret: 'secret', refreshToken: '1000.refresh', product: 'bigin' };
  writeFileSync(store.path, JSON.stringify({ version: 1, profiles: { default: { zoho } } }), { mode: 0o600 });
  expect(store.zohoSettings({}).product.value).toBe('bigin');
  expect(store.zohoSettings({ PHONEBRIDGE_ZOHO_PRODUCT: '' }).product.value).toBe('bigin');
  expect(store.zohoSettings({ PHONEBRIDGE_ZOHO_PRODUCT: 'crm' }).product.value).toBe('crm');
  expect(new CredentialStore(join(tmp.dir, 'none'), 'default').zohoSettings({ PHONEBRIDGE_ZOHO_PRODUCT: '' }).product.value).toBe('crm');
});

it('login and logout name PHONEBRIDGE_ZOHO_PRODUCT among the variables that win over the saved login', () => {
  expect(overridingEnv({ PHONEBRIDGE_ZOHO_PRODUCT: 'bigin' }, 'zoho', 'login')).toBe(
    'Note: PHONEBRIDGE_ZOHO_PRODUCT is set here and wins over the saved login: commands here use it until unset.\n',
  );
  expect(overridingEnv({ PHONEBRIDGE_ZOHO_PRODUCT: 'bigin' }, 'myoperator', 'logout')).toBe('');
});

it('a directory where credentials.json goes is named as what the tool keeps there, read (login, a token load) or saved (a token cached as it appeared): nobody gave that path', async () => {
  const keeps = 'it is a directory, where phonebridge-sync keeps the Zoho and MyOperator logins of every profile, and the Zoho access token it caches';
  const hint = 'Rename or remove that directory, or choose another place with --config-dir.';
  const store = new CredentialStore(tmp.dir, 'default');
  const cache = store.tokenCache({ dc: 'in', clientId: '1000.ID', refreshToken: '1000.refresh' });
  // The token's save reads the file, then writes it off the event loop: the directory made between them.
  const saving = cache.save({ accessToken: 'access', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() + 3_600_000 });
  mkdirSync(store.path);
  await expect(saving).rejects.toMatchObject({ message: `Cannot save the credentials file ${store.path}: ${keeps}. Nothing was changed.`, hint });
  // Login's save and a token's load read it first, and say it in the same words.
  for (const read of [() => store.update((p) => ({ ...p, myoperator: { token: 'mo' } })), () => cache.load()])
    expect(read).toThrow(expect.objectContaining({ message: `Cannot read the credentials file ${store.path}: ${keeps}.`, hint }));
  // The sandbox's file holds its cached token alone.
  const sandbox = new CredentialStore(tmp.dir, 'sandbox', 'sandbox');
  expect(() => sandbox.read()).toThrow(
    expect.objectContaining({ message: `Cannot read the credentials file ${store.path}: it is a directory, where phonebridge-sync keeps the access token the sandbox caches between runs.`, hint }),
  );
});

it('a store reads the file once, but its writes and later token loads read it again: what another run saved since is kept, and used', async () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const other = new CredentialStore(tmp.dir, 'work');
  const login = { dc: 'in', clientId: '1000.ID', clientSecret: 'secret', refreshToken: '1000.refresh' } as const;
  store.saveZohoLogin(login);
  const cache = store.tokenCache(login);
  expect(cache.load()).toBeUndefined();
  // Another run: a login of another profile, and a token refreshed for this one.
  other.update((p) => ({ ...p, myoperator: { token: 'mo-work' } }));
  const token = { accessToken: 'access-by-another-run', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() + 3_600_000 };
  await new CredentialStore(tmp.dir, 'default').tokenCache(login).save(token);
  expect(cache.load()).toEqual(token);
  store.update((p) => ({ ...p, myoperator: { token: 'mo-default' } }));
  expect(JSON.parse(readFileSync(store.path, 'utf8')).profiles).toEqual({
    default: { zoho: { ...login, token: expect.objectContaining({ accessToken: 'access-by-another-run' }) }, myoperator: { token: 'mo-default' } },
    work: { myoperator: { token: 'mo-work' } },
  });
});

it("a later token load's read of the file is the store's from then on, for every reader: one version at a time, a file broken since included", async () => {
  const login = { dc: 'in', clientId: '1000.ID', clientSecret: 'secret', refreshToken: '1000.refresh' } as const;
  new CredentialStore(tmp.dir, 'default').saveZohoLogin(login);
  const store = new CredentialStore(tmp.dir, 'default');
  const cache = store.tokenCache(login);
  expect(store.read().myoperator).toBeUndefined();
  expect(cache.load()).toBeUndefined();
  // Another run: a token refreshed, and a MyOperator login, for this profile.
  const token = { accessToken: 'access-by-another-run', apiDomain: 'https://www.zohoapis.in', expiresAt: Date.now() + 3_600_000 };
  await new CredentialStore(tmp.dir, 'default').tokenCache(login).save(token);
  new CredentialStore(tmp.dir, 'default').update((p) => ({ ...p, myoperator: { token: 'mo-by-another-run' } }));
  expect(store.read().myoperator).toBeUndefined();
  expect(cache.load()).toEqual(token);
  expect(store.read().myoperator).toEqual({ token: 'mo-by-another-run' });
  // Broken by hand since: the load says so, and so does every read after it, not the version before.
  writeFileSync(store.path, '{"profiles": ');
  expect(() => cache.load()).toThrow(UsageError);
  expect(() => store.read()).toThrow(expect.objectContaining({ message: expect.stringMatching(/ is not valid JSON \(/) }));
});

it('a symlinked credentials.json is saved through the link: the link stays, its target gets the new login, 0600', () => {
  const dotfiles = join(tmp.dir, 'dotfiles');
  mkdirSync(dotfiles);
  const target = join(dotfiles, 'credentials.json');
  writeFileSync(target, JSON.stringify({ version: 1, profiles: { other: { myoperator: { token: 'mo-other' } } } }), { mode: 0o644 });
  const store = new CredentialStore(join(tmp.dir, 'cfg'), 'default');
  mkdirSync(store.dir);
  symlinkSync(target, store.path);
  store.checkWritable();
  store.update((p) => ({ ...p, myoperator: { token: 'mo-new' } }));
  expect(lstatSync(store.path).isSymbolicLink()).toBe(true);
  expect(JSON.parse(readFileSync(target, 'utf8')).profiles).toEqual({ other: { myoperator: { token: 'mo-other' } }, default: { myoperator: { token: 'mo-new' } } });
  expect(statSync(target).mode & 0o777).toBe(0o600);
});

it('a file of nothing, or of blank lines alone, is said to be so, as the mappings file is, not "not valid JSON (Unexpected end of JSON input)"', () => {
  // Any broken file's hint (it had one of its own, login's, which logout gave too).
  const hint = 'Fix the file by hand, or move it aside and run `phonebridge-sync login` again.';
  for (const [text, said] of [
    ['', 'is empty'],
    ['\n  \r\n', 'holds only blank lines'],
  ] as const) {
    // A store of its own, as each run has: a store reads its file once.
    const store = new CredentialStore(tmp.dir, 'default');
    writeFileSync(store.path, text, { mode: 0o600 });
    expect(() => store.read()).toThrow(expect.objectContaining({ message: `${store.path} ${said}: no credentials are in it; it was left untouched.`, hint }));
    expect(readFileSync(store.path, 'utf8')).toBe(text);
  }
});

it('a byte that is not UTF-8 (a Latin-1 é typed in an editor) is refused, naming the line; the file keeps its bytes', () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const bytes = Buffer.from('{\n\t"version": 1,\n\t"profiles": {"ren\xe9": {"myoperator": {"token": "mo"}}}\n}', 'latin1');
  writeFileSync(store.path, bytes, { mode: 0o600 });
  expect(() => store.read()).toThrow(
    `${store.path} is not UTF-8 text: line 3 holds a byte that is not UTF-8 (the file was saved in another encoding, such as Latin-1); it was left untouched.`,
  );
  expect(() => store.update((p) => ({ ...p, myoperator: { token: 'mo-new' } }))).toThrow(/is not UTF-8 text/);
  expect(readFileSync(store.path).equals(bytes)).toBe(true);
});

it('a file written by a newer phonebridge-sync says upgrade, not "move it aside and log in again" (for Zoho a new grant token, the old refresh token left live)', () => {
  const store = new CredentialStore(tmp.dir, 'default');
  const text = JSON.stringify({ version: 7, profiles: { default: { myoperator: { token: 'mo' } } } });
  writeFileSync(store.path, text, { mode: 0o600 });
  const refused = ((): unknown => {
    try {
      return store.read();
    } catch (e) {
      return e;
    }
  })();
  expect(refused).toBeInstanceOf(UsageError);
  expect([(refused as UsageError).message, (refused as UsageError).hint]).toEqual([
    `${store.path} was written by a newer phonebridge-sync (schema version 7); it was left untouched.`,
    'Upgrade phonebridge-sync.',
  ]);
  expect(() => store.update((p) => ({ ...p, myoperator: { token: 'mo-new' } }))).toThrow(/written by a newer phonebridge-sync/);
  expect(readFileSync(store.path, 'utf8')).toBe(text);
});

// The credentials' lock (logout's) had no look at what stands where it goes, as every other lock has:
// a file there made logout wait ~25 s, then say another run held it (exit 75).
it('a file where the credentials lock goes is named at once, as the mappings lock names one, and left where it is', async () => {
  const store = new CredentialStore(tmp.dir, 'default');
  writeFileSync(store.path, JSON.stringify({ version: 1, profiles: {} }), { mode: 0o600 });
  writeFileSync(`${store.path}.lock`, 'notes');
  let waited = false;
  const error = await store.lock(() => (waited = true)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect([(error as UsageError).message, (error as UsageError).hint]).toEqual([
    `Cannot lock the credentials file ${store.path}: ${store.path}.lock is a file, where the lock (a directory) goes.`,
    'Remove that file (phonebridge-sync makes a directory there, never a file), then run again.',
  ]);
  expect(waited).toBe(false);
  expect(readFileSync(`${store.path}.lock`, 'utf8')).toBe('notes');
});
