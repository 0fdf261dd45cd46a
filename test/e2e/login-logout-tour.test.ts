import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators } from '../support/emulators.js';
import { noStack, runCli } from '../support/cli.js';

const h = withEmulators();
const urls = () => emulatorUrls(h.e);

/** A saved Zoho login of a fresh refresh token, in a config dir of the test's own. */
async function savedLogin(name: string): Promise<{ cfg: string; refreshToken: string }> {
  const cfg = join(h.tmp.dir, name);
  const refreshToken = h.e.zoho.issueRefreshToken(CLIENT_ID);
  const login = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', refreshToken], urls());
  expect(login.code).toBe(0);
  return { cfg, refreshToken };
}

function editZoho(cfg: string, change: (zoho: Record<string, unknown>) => void): void {
  const file = join(cfg, 'credentials.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  change(doc.profiles.default.zoho);
  writeFileSync(file, JSON.stringify(doc));
}

describe('logout of a hand-edited Zoho login', () => {
  it('a login without its client secret still has its refresh token revoked: it was deleted unrevoked and unsaid', async () => {
    const { cfg, refreshToken } = await savedLogin('no-secret');
    editZoho(cfg, (z) => delete z.clientSecret);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho'], urls());
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual(['Revoked the Zoho refresh token.', 'Removed Zoho credentials of profile "default".', '']);
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: true, zohoTokenRevokeError: null });
    // Revoked at Zoho: logged in again with it, Zoho refuses it.
    const again = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', refreshToken], urls());
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^Zoho rejected the refresh token \(invalid_code\)/);
  });

  it('a login without its data centre says its refresh token was not revoked, and why', async () => {
    const { cfg } = await savedLogin('no-dc');
    editZoho(cfg, (z) => delete z.dc);
    const revokes = h.e.zoho.tokenCalls.revoke;
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho'], urls());
    expect(run.code).toBe(0);
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stderr.split('\n')).toEqual([
      'Could not revoke the Zoho refresh token (no data centre is saved with the refresh token, so the Zoho Accounts host to revoke it at is unknown); deleting it here anyway. Revoke it in the Zoho API console if it may have leaked.',
      'Removed Zoho credentials of profile "default".',
      '',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: null, zohoTokenRevokeError: expect.stringMatching(/^no data centre is saved/) });
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  });
});
