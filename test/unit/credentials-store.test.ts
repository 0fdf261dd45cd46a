/** The credentials file: the cached access token is a cache, never a reason to call the logins broken. */
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialStore } from '../../src/store/credentials.js';
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
  expect(store.tokenCache('1000.refresh').load()).toBeUndefined();
});
