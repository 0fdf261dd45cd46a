import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, held, withEmulators } from '../support/emulators.js';
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

/**
 * What "Using the Self Client saved …" adds where PHONEBRIDGE_ZOHO_ACCOUNTS_URL (here, the emulator)
 * names the accounts server: the saved client is reused by data centre alone, wherever it goes.
 */
const viaAccountsUrl = () =>
  ` It goes to Zoho Accounts at ${new URL(h.e.zoho.url).host}, which PHONEBRIDGE_ZOHO_ACCOUNTS_URL names in place of accounts.zoho.in; the saved login keeps its data centre, not the accounts server it was made at.`;

function editZoho(cfg: string, change: (zoho: Record<string, unknown>) => void): void {
  const file = join(cfg, 'credentials.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  change(doc.profiles.default.zoho);
  writeFileSync(file, JSON.stringify(doc));
}

/**
 * logout's sentence of a revoke that failed, `said` the failure's own sentence after it: it was
 * "Could not revoke the Zoho refresh token (A proxy or firewall …: POST …): …", a whole sentence
 * with its capital inside parentheses.
 */
const notRevoked = (cfg: string, said: string) =>
  `Could not revoke the Zoho refresh token, so it may still be live at Zoho and the Zoho login of profile "default" was kept in ${join(cfg, 'credentials.json')}. ${said}.`;

describe('logout of a hand-edited Zoho login', () => {
  it('a login without its client secret still has its refresh token revoked: it was deleted unrevoked and unsaid', async () => {
    const { cfg, refreshToken } = await savedLogin('no-secret');
    editZoho(cfg, (z) => delete z.clientSecret);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls());
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual(['Revoked the Zoho refresh token.', 'Removed Zoho credentials of profile "default".', '']);
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: true, zohoTokenRevokeError: null, zohoTokenNotRevoked: null });
    // Revoked at Zoho: logged in again with it, Zoho refuses it.
    const again = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', refreshToken], urls());
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^Zoho rejected the refresh token \(invalid_code\)/);
  });

  it('a login without its data centre is kept, saying why it cannot be revoked and how to delete it unrevoked (it was deleted, the token left live)', async () => {
    const { cfg } = await savedLogin('no-dc');
    editZoho(cfg, (z) => delete z.dc);
    const before = readFileSync(join(cfg, 'credentials.json'), 'utf8');
    const revokes = h.e.zoho.tokenCalls.revoke;
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls());
    expect(run.code).toBe(2);
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stderr.split('\n')).toEqual([
      `The Zoho login of profile "default" in ${join(cfg, 'credentials.json')} has no data centre saved with its refresh token, so logout cannot revoke it (the Zoho Accounts host is unknown); nothing was changed.`,
      // Not "revoke it in the Zoho API console", which the reference does not confirm for a Self Client's
      // refresh token: the revoke request (reference §1.5), as the broken-file hint below says it.
      'Add its data centre to that login in the file ("dc": "in", say) or set PHONEBRIDGE_ZOHO_DC to it, and run logout again; or pass --no-revoke to delete it unrevoked, which leaves it live at Zoho until it is revoked by hand (a POST to https://<the Zoho Accounts of its data centre, e.g. accounts.zoho.in>/oauth/v2/token/revoke with the refresh token as its token parameter).',
      '',
    ]);
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(before);
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
    const unrevoked = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--no-revoke', '--yes'], urls());
    expect(unrevoked.code).toBe(0);
    expect(unrevoked.stderr).toBe(
      'Removed Zoho credentials of profile "default", not revoked (--no-revoke): the refresh token stays live at Zoho until it is revoked by hand (a POST to https://<the Zoho Accounts of its data centre, e.g. accounts.zoho.in>/oauth/v2/token/revoke with the refresh token as its token parameter).\n',
    );
    expect(JSON.parse(unrevoked.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: null, zohoTokenRevokeError: null, zohoTokenNotRevoked: 'no-revoke' });
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  });
});

describe('logout on a credentials file broken by hand', () => {
  it('says to fix the file and log out again, so the token is revoked, and where to revoke it by hand: "move it aside and run login again" left the refresh token live at Zoho', async () => {
    const { cfg } = await savedLogin('broken-file');
    const file = join(cfg, 'credentials.json');
    const saved = readFileSync(file, 'utf8');
    const revokes = h.e.zoho.tokenCalls.revoke;
    const hint =
      'Fix the file by hand and run logout again, which revokes any Zoho refresh token saved in it: moved aside or deleted, the file leaves such a token live at Zoho until it is revoked by hand (a POST to https://<the Zoho Accounts of its data centre, e.g. accounts.zoho.in>/oauth/v2/token/revoke with the refresh token as its token parameter).';
    // Not JSON (a comma left after the last field), then a field it does not know, then emptied (its
    // hint was login's, "…; else delete it, then run `phonebridge-sync login` again."): all stop where they did, exit 2.
    for (const [text, said, command] of [
      [`${saved.slice(0, -1)},}`, /^.+credentials\.json is not valid JSON \(line \d+, column \d+: a comma before \}: JSON allows none\); it was left untouched\.$/, ['logout', '--yes']],
      [saved.replace('"dc":', '"dcc": "in", "dc":'), /^.+credentials\.json has an unexpected shape at profiles\.default\.zoho\.dcc: .+; it was left untouched\.$/, ['logout', 'zoho', '--yes']],
      ['', /^.+credentials\.json is empty: no credentials are in it; it was left untouched\.$/, ['logout', 'zoho', '--yes']],
    ] as const) {
      writeFileSync(file, text);
      const run = await runCli(['--config-dir', cfg, ...command], urls());
      expect({ code: run.code, first: run.stderr.split('\n')[0], hint: run.stderr.split('\n').slice(1) }).toEqual({ code: 2, first: expect.stringMatching(said), hint: [hint, ''] });
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
  });
});

describe('an odd profile name', () => {
  it('"__proto__" is exit 2 before anything is saved: it was "Saved in", then never read back, and logout left its token in the file', async () => {
    const cfg = join(h.tmp.dir, 'proto');
    const refusal =
      "error: option '--profile <name>' argument '__proto__' is invalid. --profile (or PHONEBRIDGE_PROFILE) cannot be \"__proto__\": the credentials file could save that profile but never read it back. Choose another name, e.g. --profile work.";
    const flag = await runCli(['--config-dir', cfg, '--profile', '__proto__', 'login', 'myoperator', '--token', h.e.mo.token], urls());
    expect({ code: flag.code, first: flag.stderr.split('\n')[0] }).toEqual({ code: 2, first: refusal });
    const env = await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token], { ...urls(), PHONEBRIDGE_PROFILE: '__proto__' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('cannot be "__proto__"');
    expect(() => readFileSync(join(cfg, 'credentials.json'))).toThrow(/ENOENT/);
    // Names that only look like an object's own are profiles like any other.
    const ok = await runCli(['--config-dir', cfg, '--profile', 'constructor', 'login', 'myoperator', '--token', h.e.mo.token], urls());
    expect(ok.code).toBe(0);
    const doctor = await runCli(['--config-dir', cfg, '--profile', 'constructor', 'doctor', '--only', 'myoperator'], urls());
    expect(doctor.stdout).toContain('✓ myoperator-api: API token from the file accepted');
  });
});

describe('Zoho Accounts named by PHONEBRIDGE_ZOHO_ACCOUNTS_URL not knowing the client id', () => {
  it('the hint speaks of that variable, not of --dc or PHONEBRIDGE_ZOHO_DC, which change nothing while it is set (login, a saved login, a DC from the environment)', async () => {
    const { cfg } = await savedLogin('accounts-url');
    editZoho(cfg, (z) => delete z.token);
    // Another data centre's accounts server knows none of the clients.
    h.e.zoho.rejectAllClients = true;
    try {
      const host = new URL(h.e.zoho.url).host;
      const said = `Zoho Accounts at ${host}, which PHONEBRIDGE_ZOHO_ACCOUNTS_URL names, does not know this client id (invalid_client): it is probably not the Self Client's data centre, or the client id is wrong.`;
      // A saved login's client id was typed by nobody in this command: its own words (a run with --client-id keeps them).
      const fix = (dc: string, host: string, check = 'check the saved client id (login with --client-id and --client-secret to give another)') =>
        `A Self Client works only at its own data centre: set PHONEBRIDGE_ZOHO_ACCOUNTS_URL to that data centre's Zoho Accounts (or a proxy to it), or unset it to use the "${dc}" data centre's own (${host}); or ${check}.`;
      const login = await runCli(['--config-dir', join(h.tmp.dir, 'accounts-url-login'), 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
      expect({ code: login.code, lines: login.stderr.split('\n') }).toEqual({ code: 3, lines: [said, fix('in', 'accounts.zoho.in', 'check --client-id'), ''] });
      const saved = await runCli(['--config-dir', cfg, 'list', 'zoho'], urls());
      expect(saved.stderr.split('\n').slice(0, 2)).toEqual([said, fix('in', 'accounts.zoho.in')]);
      const envDc = await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_ZOHO_DC: 'eu' });
      // The saved login is of "in": at "eu" login would not reuse its client, so --client-id is the flag to check.
      expect(envDc.stderr.split('\n').slice(0, 2)).toEqual([said, fix('eu', 'accounts.zoho.eu', 'check --client-id')]);
    } finally {
      h.e.zoho.rejectAllClients = false;
    }
  });
});

describe('credentials edited by hand with spaces or a line break around them', () => {
  it('are taken as the environment\'s are: trimmed, and a blank one is none', async () => {
    const cfg = join(h.tmp.dir, 'hand-spaces');
    const { cfg: zcfg, refreshToken } = await savedLogin('hand-spaces-zoho');
    editZoho(zcfg, (z) => {
      z.refreshToken = `${refreshToken}\n`;
      delete z.token;
    });
    expect((await runCli(['--config-dir', zcfg, 'list', 'zoho'], urls())).code).toBe(0);
    const logout = await runCli(['--config-dir', zcfg, '--json', 'logout', 'zoho', '--yes'], urls());
    // It said "Zoho did not know the refresh token any more (already revoked)" of a live token.
    expect(JSON.parse(logout.stdout)).toMatchObject({ zohoTokenRevoked: true });
    expect(logout.stderr.split('\n')[0]).toBe('Revoked the Zoho refresh token.');

    const saveToken = (token: string) =>
      writeFileSync(join(cfg, 'credentials.json'), JSON.stringify({ version: 1, profiles: { default: { myoperator: { token } } } }), { mode: 0o600 });
    await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token], urls());
    saveToken(`${h.e.mo.token}\n`);
    const list = await runCli(['--config-dir', cfg, 'list', 'myoperator'], urls());
    expect({ code: list.code, stderr: list.stderr }).toEqual({ code: 0, stderr: '21 MyOperator users.\n' });
    saveToken('  ');
    const blank = await runCli(['--config-dir', cfg, 'list', 'myoperator'], urls());
    expect({ code: blank.code, first: blank.stderr.split('\n')[0] }).toEqual({ code: 3, first: 'Not logged in to MyOperator (profile "default"): no API token.' });
  });
});

describe('a saved refresh token with a line break, echoed back bare by a remote', () => {
  it('is redacted as sent (trimmed): only the untrimmed one was known as a secret', async () => {
    const { cfg, refreshToken } = await savedLogin('hand-spaces-echo');
    editZoho(cfg, (z) => {
      z.refreshToken = `${refreshToken}\n`;
      delete z.token;
    });
    // A token endpoint that refuses and quotes the values it was sent, without their names.
    const echo = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: `could not process ${[...new URLSearchParams(body).values()].join(' ')}` }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    try {
      for (const verbose of [[], ['--verbose']]) {
        const r = await runCli(['--config-dir', cfg, ...verbose, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_ZOHO_ACCOUNTS_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}` });
        expect(r.stderr).toMatch(/could not process/);
        expect(r.stdout + r.stderr).not.toContain(refreshToken);
      }
    } finally {
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });
});

describe('a grant-token login that replaces a saved one and then fails its check for a passing reason', () => {
  it('says the refresh token saved before was replaced and may still be live, as a login that succeeds says', async () => {
    const { cfg } = await savedLogin('replaced-then-500');
    const grant = ['--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)];
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 500 }, Infinity);
    const run = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, ...grant], urls()).finally(() =>
      h.e.zoho.server.clearFaults(),
    );
    expect({ code: run.code, stack: !noStack(run.stderr) }).toEqual({ code: 4, stack: false });
    const saved = `so the refresh token it gave was saved in ${join(cfg, 'credentials.json')}.`;
    expect(run.stderr.split('\n')[0]).toContain(
      `${saved} The refresh token saved before was replaced; unless Zoho refused it already, it is still valid there (Zoho keeps 20 per user and drops the oldest in silence, perhaps the one a CI job uses). Next time, \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` before \`login zoho\` revokes the old one first.`,
    );
    // The next step once: it was "…; run again later, …. Once the cause is fixed, `… doctor` checks …",
    // and this login, run again, would meet a grant token Zoho takes once.
    expect(run.stderr.split('\n')[1]).toBe(
      `The service may be down; wait a while (--verbose shows each attempt). Once the cause is fixed, \`phonebridge-sync --config-dir ${cfg} doctor\` checks the saved login again.`,
    );
  });
});

describe('logout through a proxy that answers the revoke with an HTML page and a 200', () => {
  it('says the revoke failed and keeps the login, still live at Zoho, so logout again revokes it (it was deleted here, live there)', async () => {
    const { cfg } = await savedLogin('revoke-html');
    await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token, '--no-verify'], urls());
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'html', status: 200 }, Infinity);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    expect(run.code).toBe(4);
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stderr.split('\n').slice(1)).toEqual([
      notRevoked(cfg, 'Zoho Accounts answered the revoke request with an HTML page (perhaps from a proxy or a login portal) (HTTP 200)'),
      // Its next step once: it was "Check proxies between you and the API, then run again. Then run `…` again".
      expect.stringMatching(new RegExp(`^Check proxies between you and Zoho Accounts\\. Then run \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again, or \`phonebridge-sync --config-dir ${cfg} logout zoho --no-revoke --yes\` to delete it unrevoked, which leaves it live at Zoho until it is revoked by hand \\(a POST to https://accounts\\.zoho\\.in/oauth/v2/token/revoke with the refresh token as its token parameter\\)\\.$`)),
      '',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['myoperator'], zohoTokenRevoked: null, zohoTokenRevokeError: expect.stringMatching(/HTML page/) });
    // Kept, as the sentence says: its command, pasted once the proxy lets the revoke through, revokes it.
    const again = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls());
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: 'Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "default".\n' });
  });
});

describe('logout when Zoho Accounts keeps failing the revoke (5xx) or refusing it (429)', () => {
  it('names the next step once: it was "…; run again later, …. Then run `…` again"', async () => {
    const { cfg } = await savedLogin('revoke-5xx-429');
    const rest = `Then run \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again, or \`phonebridge-sync --config-dir ${cfg} logout zoho --no-revoke --yes\` to delete it unrevoked, which leaves it live at Zoho until it is revoked by hand (a POST to https://accounts.zoho.in/oauth/v2/token/revoke with the refresh token as its token parameter).`;
    const hints: string[] = [];
    // The login is kept by each failure, so one serves both.
    for (const status of [503, 429]) {
      h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'status', status }, Infinity);
      const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
      expect(run.code).toBe(4);
      hints.push(run.stderr.split('\n')[1] ?? '');
    }
    expect(hints).toEqual([
      `The service may be down; wait a while (--verbose shows each attempt). ${rest}`,
      `Wait a few minutes; other integrations may be using the same API quota. ${rest}`,
    ]);
  });
});

describe('logout --json when the revoke fails (exit 4)', () => {
  it('prints no document when nothing was removed: it printed "removed": [] at exit 4, as if there had been nothing to remove', async () => {
    const { cfg, refreshToken } = await savedLogin('revoke-fails-json-zoho');
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'reset' }, Infinity);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stderr.split('\n')[0]).toBe(
      notRevoked(cfg, `Cannot reach Zoho Accounts (POST ${new URL('/oauth/v2/token/revoke', h.e.zoho.url).href}): the connection was reset, after 3 attempts`),
    );
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
    // What --help promises a script of this exit.
    const help = (await runCli(['logout', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '4 the revoke failed, or Zoho did not know the token at the data centre PHONEBRIDGE_ZOHO_DC names, which may not be the one that issued it (the Zoho login kept; the MyOperator token removed if asked, unless another run saved one while logout asked, which is kept too and said first; with --json, stdout holds the document only when that token was removed, its zohoTokenRevokeError saying why the Zoho login stayed, and is empty when nothing was removed);',
    );
  });
});

describe('logout when Zoho Accounts answers the revoke with its error in a 200, as it answers its other errors', () => {
  it('does not say "Revoked the Zoho refresh token." of an answer that is an error', async () => {
    const { cfg } = await savedLogin('revoke-200-error');
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'body', status: 200, body: '{"error":"invalid_code"}' }, Infinity);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('Zoho did not know the refresh token any more (already revoked); nothing to revoke.');
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: false });
  });

  it('names an error other than an unknown token, claims no revoke, and keeps the login', async () => {
    const { cfg, refreshToken } = await savedLogin('revoke-200-other');
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'body', status: 200, body: '{"error":"Access Denied"}' }, Infinity);
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    expect({ code: run.code, first: run.stderr.split('\n')[0] }).toEqual({
      code: 4,
      first: notRevoked(cfg, 'Zoho Accounts refused the revoke request: "Access Denied"'),
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
  });
});

describe('logout when the revoke is answered with a 404 (a wrong address), not Zoho\'s 400', () => {
  it('is the revoke failing, not "already revoked" of a token still live: the login is kept, and works', async () => {
    const { cfg, refreshToken } = await savedLogin('revoke-404');
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'status', status: 404, body: '{"error":"not found"}' }, Infinity);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    expect({ code: run.code, first: run.stderr.split('\n')[0] }).toEqual({
      code: 4,
      first: notRevoked(cfg, 'Zoho Accounts answered the revoke request with HTTP 404, not with what it answers a token it does not know (HTTP 400)'),
    });
    // Kept, and still live at Zoho, as the sentence says.
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
    expect((await runCli(['--config-dir', cfg, 'list', 'zoho'], urls())).code).toBe(0);
  });
});

describe('a saved refresh token Zoho refuses, where login asks nothing', () => {
  it.each([
    ['CI=true', { CI: 'true' }, 'where CI is set'],
    ['a log, no CI', { CI: '' }, 'off a terminal'],
  ])('with %s, the hint is a login that carries every flag it needs, the saved client id and secret left to login (it was `login zoho`: it asks for it, exit 2 at --dc there)', async (_, env: Record<string, string>, where) => {
    const { cfg } = await savedLogin(`refused-${where.length}`);
    editZoho(cfg, (z) => {
      z.refreshToken = '1000.0000000000000000000000000000000.00000000000000000000000000000000';
      delete z.token;
    });
    const run = await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...urls(), ...env });
    expect(run.code).toBe(3);
    const command = `phonebridge-sync --config-dir ${cfg} login zoho --dc in --grant-token <grant-token>`;
    expect(run.stderr.split('\n')[1]).toBe(
      `Generate a grant token in the Zoho API console (Self Client, scope ZohoCRM.users.READ), then run \`${command}\` (login asks for nothing ${where}).`,
    );
    // Pasted there with its value filled in, it logs in with the saved Self Client.
    const pasted = command.replace('<grant-token>', h.e.zoho.issueGrantCode(CLIENT_ID)).split(' ').slice(1);
    const login = await runCli(pasted, { ...urls(), ...env });
    expect({ code: login.code, lines: login.stderr.split('\n').slice(0, 2) }).toEqual({
      code: 0,
      lines: [`Using the Self Client saved for profile "default" at data centre in: client id ${CLIENT_ID}, its secret not shown.${viaAccountsUrl()}`, expect.stringMatching(/^Logged in to Zoho CRM \(data centre in\)/)],
    });
    expect((await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...urls(), ...env })).code).toBe(0);
  });

  it('with the client from the environment, the hint still carries --client-id and --client-secret: login does not read them there', async () => {
    const { cfg } = await savedLogin('refused-env-client');
    editZoho(cfg, (z) => {
      z.refreshToken = '1000.0000000000000000000000000000000.00000000000000000000000000000000';
      delete z.token;
    });
    const run = await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_ZOHO_CLIENT_ID: CLIENT_ID, PHONEBRIDGE_ZOHO_CLIENT_SECRET: CLIENT_SECRET });
    expect(run.stderr.split('\n')[1]).toContain(`login zoho --dc in --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>\``);
  });
});

describe('login zoho again where login asks nothing, without --client-id or --client-secret', () => {
  it('takes the saved Self Client at its own data centre, naming its id and never its secret (it was "--client-id is required")', async () => {
    const { cfg } = await savedLogin('again-saved-client');
    const grant = h.e.zoho.issueGrantCode(CLIENT_ID);
    for (const env of [{ CI: 'true' }, { CI: '' }]) {
      const run = await runCli(['--config-dir', cfg, '--json', 'login', 'zoho', '--dc', 'in', '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID)], { ...urls(), ...env });
      expect({ code: run.code, first: run.stderr.split('\n')[0] }).toEqual({
        code: 0,
        first: `Using the Self Client saved for profile "default" at data centre in: client id ${CLIENT_ID}, its secret not shown.${viaAccountsUrl()}`,
      });
      expect(run.stdout + run.stderr).not.toContain(CLIENT_SECRET);
    }
    const exchanged = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--grant-token', grant], urls());
    expect(exchanged.code).toBe(0);
    for (const secret of h.e.zoho.allSecrets()) expect(exchanged.stdout + exchanged.stderr).not.toContain(secret);
    // The id given is the saved one: its saved secret goes with it.
    const sameId = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID)], urls());
    expect({ code: sameId.code, first: sameId.stderr.split('\n')[0] }).toEqual({
      code: 0,
      first: `Using the client secret saved for profile "default" at data centre in: client id ${CLIENT_ID}, the secret saved with it not shown.${viaAccountsUrl()}`,
    });
    // Another id: the saved secret is not its own.
    const otherId = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', '1000.OTHER', '--refresh-token', '1000.abc.def'], urls());
    expect({ code: otherId.code, first: otherId.stderr.split('\n')[0] }).toEqual({ code: 2, first: '--client-secret is required: prompts are off here (CI is set).' });
    // Without the variable it goes to the data centre's own accounts server: nothing more to say (unverified, nothing is sent).
    const direct = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--refresh-token', '1000.abc.def', '--no-verify']);
    expect(direct.stderr.split('\n')[0]).toBe(`Using the Self Client saved for profile "default" at data centre in: client id ${CLIENT_ID}, its secret not shown.`);
  });

  it('whose saved client secret was hand-edited with a space in it: said of the file, not of a --client-secret nobody typed', async () => {
    const { cfg } = await savedLogin('again-odd-secret');
    editZoho(cfg, (z) => (z.clientSecret = 'abc def'));
    const before = readFileSync(join(cfg, 'credentials.json'), 'utf8');
    const exchanges = h.e.zoho.tokenCalls.authorization_code;
    const run = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], { ...urls(), CI: 'true' });
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `The client secret saved for profile "default" in ${join(cfg, 'credentials.json')} holds a space or an invisible or control character (character 4 of 7), which no credential has: nothing was sent or saved.\nPass --client-id and --client-secret of the Self Client (login saves them over the saved ones), or fix the file by hand.\n`,
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(before);
    expect(h.e.zoho.tokenCalls.authorization_code).toBe(exchanges);
  });

  it('whose reused client id Zoho Accounts does not know: the hint names the saved client id, not a --client-id nobody typed', async () => {
    const { cfg } = await savedLogin('again-unknown-client');
    h.e.zoho.rejectAllClients = true;
    const run = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--grant-token', '1000.grant.unknown'], urls()).finally(() => (h.e.zoho.rejectAllClients = false));
    const [using, refused, hint] = run.stderr.split('\n');
    expect({ code: run.code, using, refused }).toEqual({
      code: 3,
      using: `Using the Self Client saved for profile "default" at data centre in: client id ${CLIENT_ID}, its secret not shown.${viaAccountsUrl()}`,
      refused: expect.stringContaining('does not know this client id (invalid_client)'),
    });
    expect(hint).toMatch(/; or check the saved client id \(login with --client-id and --client-secret to give another\)\.$/);
    expect(hint).not.toContain('check --client-id');
  });

  it('whose refresh token Zoho refuses: the hint is a login with its flags, not "`login zoho`: it asks for it", which asks nothing there', async () => {
    const cfg = join(h.tmp.dir, 'again-refused');
    const refused = ['--refresh-token', '1000.0000000000000000000000000000000.00000000000000000000000000000000'];
    const hint = (command: string) =>
      `Generate a grant token in the Zoho API console (Self Client, scope ZohoCRM.users.READ), then run \`phonebridge-sync --config-dir ${cfg} login zoho --dc in ${command}\` (login asks for nothing where CI is set).`;
    const first = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, ...refused], urls());
    expect({ code: first.code, hint: first.stderr.split('\n')[1] }).toEqual({ code: 3, hint: hint('--client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>') });
    await savedLogin('again-refused');
    const again = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', ...refused], urls());
    expect({ code: again.code, hint: again.stderr.split('\n')[2] }).toEqual({ code: 3, hint: hint('--grant-token <grant-token>') });
    // Pasted with its grant token, it logs in.
    const pasted = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect(pasted.code).toBe(0);
  });

  it('at another data centre than the saved login\'s, asks for them by name and says why the saved one is not used, spending no grant token', async () => {
    const { cfg } = await savedLogin('again-other-dc');
    const before = readFileSync(join(cfg, 'credentials.json'), 'utf8');
    const exchanges = h.e.zoho.tokenCalls.authorization_code;
    const run = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'eu', '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect({ code: run.code, stack: !noStack(run.stderr), lines: run.stderr.split('\n') }).toEqual({
      code: 2,
      stack: false,
      lines: [
        '--client-id and --client-secret are required for --dc eu: the Self Client saved for profile "default" is of data centre in, and a Self Client is known at its own data centre only; prompts are off here (CI is set).',
        'Pass --client-id and --client-secret of a Self Client of data centre eu (API console at zoho.eu), or --dc in to use the saved one.',
        '',
      ],
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(before);
    expect(h.e.zoho.tokenCalls.authorization_code).toBe(exchanges);
    // Given, they are used there.
    const given = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'eu', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', '1000.abc.def', '--no-verify'], urls());
    expect({ code: given.code, first: given.stderr.split('\n')[0] }).toEqual({ code: 0, first: expect.stringMatching(/^Logged in to Zoho CRM \(data centre eu\)/) });
  });
});

describe('the profile chosen has no login, another saved profile has', () => {
  it('"Not logged in" names the profiles that have one, per side, in list, doctor and logout (it named none, and sent the admin to log in again)', async () => {
    const cfg = join(h.tmp.dir, 'other-profiles');
    const login = (profile: string, ...args: string[]) => runCli(['--config-dir', cfg, '--profile', profile, 'login', ...args, '--no-verify']);
    expect((await login('work', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', '1000.abc.def')).code).toBe(0);
    expect((await login('test', 'myoperator', '--token', 'mo-1')).code).toBe(0);
    expect((await login('night shift', 'myoperator', '--token', 'mo-2')).code).toBe(0);
    const zoho = await runCli(['--config-dir', cfg, 'list', 'zoho']);
    expect({ code: zoho.code, first: zoho.stderr.split('\n')[0] }).toEqual({
      code: 3,
      first: 'Not logged in to Zoho (profile "default"): no client id, client secret, refresh token or data centre. A Zoho login is saved for profile "work" (pass `--profile work`).',
    });
    const mo = await runCli(['--config-dir', cfg, 'list', 'myoperator']);
    expect(mo.stderr.split('\n')[0]).toBe('Not logged in to MyOperator (profile "default"): no API token. MyOperator logins are saved for profiles "test" and "night shift" (pass --profile with one of them).');
    const doctor = await runCli(['--config-dir', cfg, 'doctor', '--only', 'zoho-credentials']);
    // The sentence list zoho gives, word for word.
    expect(doctor.stdout).toContain(`  ✗ zoho-credentials: ${zoho.stderr.split('\n')[0]}\n`);
    // Of the profile chosen, the others are not named as saved elsewhere.
    const work = await runCli(['--config-dir', cfg, '--profile', 'work', 'list', 'myoperator']);
    expect(work.stderr.split('\n')[0]).toBe('Not logged in to MyOperator (profile "work"): no API token. MyOperator logins are saved for profiles "test" and "night shift" (pass --profile with one of them).');
    const pasted = await runCli(['--config-dir', cfg, '--profile', 'night shift', 'logout', 'zoho']);
    expect(pasted.stderr.split('\n')[0]).toBe('No Zoho credentials stored for profile "night shift": nothing to remove. A Zoho login is saved for profile "work" (pass `--profile work`).');
  });
});

describe('logout shows its plan, has --dry-run, and needs --yes off a terminal', () => {
  it('without --yes in CI it is exit 2 quoting the plan, --dry-run prints it, and neither revokes or deletes anything (it revoked and deleted at once)', async () => {
    const { cfg } = await savedLogin('logout-plan');
    await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token, '--no-verify'], urls());
    const before = readFileSync(join(cfg, 'credentials.json'), 'utf8');
    const revokes = h.e.zoho.tokenCalls.revoke;
    const plan = `Log out of profile "default" (${join(cfg, 'credentials.json')}): revoke the Zoho refresh token at ${new URL(h.e.zoho.url).host}, then delete the Zoho login; delete the MyOperator token (MyOperator has no API to revoke one)`;
    const refused = await runCli(['--config-dir', cfg, 'logout'], urls());
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({ code: 2, stderr: `Confirmation needed: ${plan}?\nPrompts are off here (CI is set): pass --yes to confirm.\n` });
    const dry = await runCli(['--config-dir', cfg, '--json', 'logout', '--dry-run'], urls());
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: `${plan}.\nNothing changed (--dry-run).\n` });
    expect(JSON.parse(dry.stdout)).toEqual({ sandbox: false, profile: 'default', dryRun: true, planned: ['zoho', 'myoperator'], removed: [], zohoTokenRevoked: null, zohoTokenRevokeError: null, zohoTokenNotRevoked: null, sharedWith: { zoho: [], myoperator: [] } });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(before);
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
    const help = (await runCli(['logout', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('When the revoke at Zoho fails (the network, a proxy, Zoho Accounts down), the Zoho login is kept, so the token still live at Zoho can be revoked by running logout again; --no-revoke deletes it unrevoked.');
  });
});

describe('the login a MyOperator hint names, where login asks nothing', () => {
  it('a token refused, or none saved, under CI=true: the hint is `login myoperator --token <token>`, which works pasted there (it was `login myoperator`, exit 2 there)', async () => {
    const cfg = join(h.tmp.dir, 'mo-hint');
    const refused = await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', 'mo_not_a_token'], urls());
    const command = `phonebridge-sync --config-dir ${cfg} login myoperator --token <token>`;
    expect({ code: refused.code, hint: refused.stderr.split('\n')[1] }).toEqual({
      code: 3,
      hint: `Create a token in MyOperator (Dashboard → APIs & Webhook → Calling APIs) and run \`${command}\` (login asks for nothing where CI is set).`,
    });
    const none = await runCli(['--config-dir', cfg, 'list', 'myoperator'], urls());
    expect(none.stderr.split('\n')[1]).toBe(`Run \`${command}\` (login asks for nothing where CI is set), or set PHONEBRIDGE_MYOPERATOR_TOKEN.`);
    const pasted = await runCli(command.replace('<token>', h.e.mo.token).split(' ').slice(1), urls());
    expect(pasted.code).toBe(0);
  });
});

describe('logout when the revoke is answered with a 400, or a 200 other than {"status":"success"}', () => {
  it.each([
    [400, 'invalid_token'],
    [400, 'invalid_code'],
    [200, 'invalid_token'],
    [200, 'invalid_code'],
  ] as const)('Zoho Accounts not knowing the token (HTTP %s, "%s"; which it sends is unconfirmed) is "already revoked": the login is removed', async (status, error) => {
    const cfg = join(h.tmp.dir, `revoke-unknown-${status}-${error}`);
    // A refresh token this Zoho Accounts never issued.
    const login = await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', '1000.abc.def', '--no-verify'], urls());
    expect(login.code).toBe(0);
    h.e.zoho.revokeUnknown = { status, error };
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls()).finally(() => (h.e.zoho.revokeUnknown = { status: 400, error: 'invalid_token' }));
    expect({ code: run.code, lines: run.stderr.split('\n') }).toEqual({
      code: 0,
      lines: ['Zoho did not know the refresh token any more (already revoked); nothing to revoke.', 'Removed Zoho credentials of profile "default".', ''],
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: false, zohoTokenRevokeError: null });
  });

  it.each([
    // The next step said once: a proxy's JSON ended "…, then run again. Then run `…` again".
    [400, '{"error":"Bad Request"}', 'Zoho Accounts refused the revoke request: "Bad Request" (HTTP 400)', 'Run'],
    [400, '{"message":"Request blocked by policy"}', 'Zoho Accounts answered the revoke request with HTTP 400 without the error it gives a token it does not know ("invalid_token" or "invalid_code")', 'Check proxies between you and Zoho Accounts. Then run'],
    [200, '{"status":"failure"}', 'Zoho Accounts answered the revoke request with HTTP 200 but not with {"status":"success"}, which it answers a token revoked', 'Check proxies between you and Zoho Accounts. Then run'],
    [200, '{}', 'Zoho Accounts answered the revoke request with HTTP 200 but not with {"status":"success"}, which it answers a token revoked', 'Check proxies between you and Zoho Accounts. Then run'],
  ])('HTTP %s with %s (a proxy\'s JSON), the revoke failed: the login is kept, exit 4 (it said "already revoked" of a 400, "Revoked" of a 200, and deleted a live token)', async (status, body, said, next) => {
    const { cfg, refreshToken } = await savedLogin(`revoke-${status}-${body.length}`);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'body', status, body }, Infinity);
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    const fix = `${next} \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again,`;
    expect({ code: run.code, stack: !noStack(run.stderr), first: run.stderr.split('\n')[0], fix: run.stderr.split('\n')[1]!.slice(0, fix.length) }).toEqual({
      code: 4,
      stack: false,
      first: notRevoked(cfg, said),
      fix,
    });
    // Nothing removed: stdout is empty at exit 4, as other commands' are when a remote fails them (f19fccc).
    expect(run.stdout).toBe('');
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
    // Kept, and still live at Zoho: logout again, the proxy gone, revokes it.
    const again = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls());
    expect({ code: again.code, first: again.stderr.split('\n')[0] }).toEqual({ code: 0, first: 'Revoked the Zoho refresh token.' });
  });
});

describe('logout through a proxy that refuses the revoke with a 403', () => {
  it.each([
    // A proxy's page: said as the data calls say it (it was "answered the revoke request with an HTML
    // page (perhaps from a proxy or a login portal)", and "Check proxies between you and Zoho Accounts").
    [
      'an HTML page',
      { kind: 'html', status: 403 } as const,
      "A proxy or firewall between here and Zoho Accounts refused the revoke request: POST /oauth/v2/token/revoke was answered with HTTP 403 and an HTML page, not Zoho Accounts' JSON",
      'Check the proxy or firewall between you and Zoho Accounts (or PHONEBRIDGE_ZOHO_ACCOUNTS_URL, where it is set). Then run',
    ],
    [
      'JSON',
      { kind: 'status', status: 403, body: '{"error":"forbidden"}' } as const,
      'Zoho Accounts answered the revoke request with HTTP 403, not with what it answers a token it does not know (HTTP 400)',
      // The next step said once: it was "…, then run again. Then run `…` again".
      'Check proxies between you and Zoho Accounts. Then run',
    ],
  ])('with %s: the revoke failed and the login is kept (it said "Zoho did not know the refresh token any more (already revoked)" and deleted a live token)', async (_, fault, said, hint) => {
    const { cfg, refreshToken } = await savedLogin(`revoke-403-${fault.kind}`);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', fault, Infinity);
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], urls()).finally(() => h.e.zoho.server.clearFaults());
    const fix = `${hint} \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again`;
    expect({ code: run.code, first: run.stderr.split('\n')[0], fix: run.stderr.split('\n')[1]!.slice(0, fix.length) }).toEqual({
      code: 4,
      first: notRevoked(cfg, said),
      fix,
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
  });
});

describe('login zoho again without --product', () => {
  it("keeps the saved login's product: a Bigin login became a CRM one", async () => {
    const cfg = join(h.tmp.dir, 'bigin-again');
    const login = (...more: string[]) =>
      runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', '1000.abc.def', '--no-verify', ...more]);
    expect((await login('--product', 'bigin')).code).toBe(0);
    expect((await login()).stderr.split('\n')[0]).toBe(`Logged in to Zoho Bigin (data centre in) for profile "default" (not verified). Saved in ${join(cfg, 'credentials.json')}.`);
    expect(JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8')).profiles.default.zoho.product).toBe('bigin');
    // A new login starts at crm; --product still chooses.
    expect((await login('--product', 'crm')).stderr).toMatch(/^Logged in to Zoho CRM /);
    expect((await runCli(['--config-dir', join(h.tmp.dir, 'crm-new'), 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', '1000.abc.def', '--no-verify'])).stderr).toMatch(/^Logged in to Zoho CRM /);
  });
});

describe('logout myoperator --no-revoke', () => {
  it('is exit 2 and changes nothing: MyOperator has no revoke, and the flag did nothing, unsaid (exit 0)', async () => {
    const cfg = join(h.tmp.dir, 'mo-no-revoke');
    expect((await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token, '--no-verify'], urls())).code).toBe(0);
    const before = readFileSync(join(cfg, 'credentials.json'), 'utf8');
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'myoperator', '--no-revoke', '--yes'], urls());
    expect({ code: run.code, stdout: run.stdout, lines: run.stderr.split('\n') }).toEqual({
      code: 2,
      stdout: '',
      lines: [
        '--no-revoke does not apply to `logout myoperator`: MyOperator has no API to revoke a token, so its token is only ever deleted here; nothing was changed.',
        `Run \`phonebridge-sync --config-dir ${cfg} logout myoperator --yes\` (without --no-revoke); --no-revoke is for the Zoho login.`,
        '',
      ],
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toBe(before);
    // The command it gives, pasted, logs out.
    const pasted = await runCli(['--config-dir', cfg, 'logout', 'myoperator', '--yes'], urls());
    expect({ code: pasted.code, first: pasted.stderr.split('\n')[0] }).toEqual({ code: 0, first: expect.stringMatching(/^Removed MyOperator credentials of profile "default"/) });
  });
});

describe('logout when the revoke cannot reach Zoho Accounts', () => {
  it('the hint names where the revoke went and what chose it, not the --dc of login or PHONEBRIDGE_ZOHO_DC, which do not move a saved login\'s revoke', async () => {
    const { cfg, refreshToken } = await savedLogin('revoke-unreachable');
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'reset' }, Infinity);
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], { ...urls(), CI: 'true' }).finally(() => h.e.zoho.server.clearFaults());
    expect({ code: run.code, stack: !noStack(run.stderr) }).toEqual({ code: 4, stack: false });
    expect(run.stderr.split('\n')[1]).toBe(
      `Check the network or a proxy, and PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which sent the revoke to ${new URL(h.e.zoho.url).host} (unset, it goes to accounts.zoho.in, the Zoho Accounts of the data centre "in" saved with this login); run with --verbose to see each attempt. Then run \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again, or \`phonebridge-sync --config-dir ${cfg} logout zoho --no-revoke --yes\` to delete it unrevoked, which leaves it live at Zoho until it is revoked by hand (a POST to https://accounts.zoho.in/oauth/v2/token/revoke with the refresh token as its token parameter).`,
    );
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
  });
});

describe('logout of a Zoho login saved without its data centre, PHONEBRIDGE_ZOHO_DC set', () => {
  it('revokes at the data centre the variable names, as every other command uses it, and says so in the plan (it refused: "the Zoho Accounts host is unknown")', async () => {
    const { cfg, refreshToken } = await savedLogin('no-dc-env');
    editZoho(cfg, (z) => delete z.dc);
    const env = { ...urls(), PHONEBRIDGE_ZOHO_DC: 'in' };
    expect((await runCli(['--config-dir', cfg, 'list', 'zoho'], env)).code).toBe(0);
    const dry = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--dry-run'], env);
    expect({ code: dry.code, first: dry.stderr.split('\n')[0] }).toEqual({
      code: 0,
      first: `Log out of profile "default" (${join(cfg, 'credentials.json')}): revoke the Zoho refresh token at ${new URL(h.e.zoho.url).host} (data centre "in", which PHONEBRIDGE_ZOHO_DC names: none is saved with the login), then delete the Zoho login.`,
    });
    const run = await runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], env);
    expect({ code: run.code, first: run.stderr.split('\n').slice(0, 2) }).toEqual({ code: 0, first: ['Revoked the Zoho refresh token.', 'Removed Zoho credentials of profile "default".'] });
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: ['zoho'], zohoTokenRevoked: true });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).not.toContain(refreshToken);
  });

  it('keeps the login when Zoho there does not know the token: another data centre may have issued it, still live', async () => {
    const { cfg, refreshToken } = await savedLogin('no-dc-env-unknown');
    editZoho(cfg, (z) => delete z.dc);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'status', status: 400, body: '{"error":"invalid_code"}' }, Infinity);
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], { ...urls(), PHONEBRIDGE_ZOHO_DC: 'eu' }).finally(() => h.e.zoho.server.clearFaults());
    expect({ code: run.code, stack: !noStack(run.stderr), lines: run.stderr.split('\n') }).toEqual({
      code: 4,
      stack: false,
      // No "Note: PHONEBRIDGE_ZOHO_DC is still set here": that is said of a login removed, and this one was kept.
      lines: [
        `Zoho Accounts at ${new URL(h.e.zoho.url).host} did not know the refresh token: it was revoked already, or another data centre than "eu" (which PHONEBRIDGE_ZOHO_DC names: none is saved with the login) issued it, so the Zoho login of profile "default" was kept in ${join(cfg, 'credentials.json')}.`,
        // The revoke went where PHONEBRIDGE_ZOHO_ACCOUNTS_URL says: "set PHONEBRIDGE_ZOHO_DC to that one" sent the next one to the same host.
        `If another data centre issued it, point PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which sent this revoke to ${new URL(h.e.zoho.url).host} whatever PHONEBRIDGE_ZOHO_DC names, at that data centre's Zoho Accounts (or unset it and set PHONEBRIDGE_ZOHO_DC to that one), and run \`phonebridge-sync --config-dir ${cfg} logout zoho --yes\` again; if it was revoked already, \`phonebridge-sync --config-dir ${cfg} logout zoho --no-revoke --yes\` deletes it.`,
        '',
      ],
    });
    expect(readFileSync(join(cfg, 'credentials.json'), 'utf8')).toContain(refreshToken);
    // In --json as a revoke that failed (README): null with its error, the Zoho login not removed.
    // It was false, "Zoho no longer knew it", of a login kept. Both sides, so that the MyOperator
    // token goes and the run prints its document (one that removed nothing prints none).
    await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', h.e.mo.token, '--no-verify'], urls());
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'status', status: 400, body: '{"error":"invalid_code"}' }, Infinity);
    const json = await runCli(['--config-dir', cfg, '--json', 'logout', '--yes'], { ...urls(), PHONEBRIDGE_ZOHO_DC: 'eu' }).finally(() => h.e.zoho.server.clearFaults());
    expect(JSON.parse(json.stdout)).toMatchObject({ removed: ['myoperator'], zohoTokenRevoked: null, zohoTokenRevokeError: expect.stringMatching(/^Zoho Accounts at \S+ did not know the refresh token: /) });
  });

  it('a revoke that cannot reach Zoho Accounts names the variable that chose the data centre', async () => {
    const { cfg } = await savedLogin('no-dc-env-unreachable');
    editZoho(cfg, (z) => delete z.dc);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'reset' }, Infinity);
    const run = await runCli(['--config-dir', cfg, 'logout', 'zoho', '--yes'], { ...urls(), PHONEBRIDGE_ZOHO_DC: 'eu' }).finally(() => h.e.zoho.server.clearFaults());
    expect(run.code).toBe(4);
    // The failure first: no "still set here" note of a login kept.
    expect(run.stderr.split('\n')[0]).toMatch(/^Could not revoke the Zoho refresh token, so it may still be live at Zoho and .* was kept in \S+\. Cannot reach Zoho Accounts \(/);
    expect(run.stderr.split('\n')[1]).toMatch(
      /^Check the network or a proxy, and PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which sent the revoke to \S+ \(unset, it goes to accounts\.zoho\.eu, the Zoho Accounts of the data centre "eu", which PHONEBRIDGE_ZOHO_DC names; none is saved with this login\); run with --verbose/,
    );
  });
});

describe('logout whose Zoho login another run removes after logout read it', () => {
  it('says there was nothing left to remove, not "Removed Zoho credentials …" of a login it never removed', async () => {
    const { cfg } = await savedLogin('gone-meanwhile');
    const revokes = h.e.zoho.server.count('POST', '/oauth/v2/token/revoke');
    const revoke = held();
    h.e.zoho.server.fault('/oauth/v2/token/revoke', revoke.fault, 1, 'POST');
    const running = runCli(['--config-dir', cfg, '--json', 'logout', 'zoho', '--yes'], urls());
    // The run has read the login and waits on its revoke: a hand edit removes it. (Another logout
    // waits for this one's lock on the credentials file, and finds it gone after.)
    while (h.e.zoho.server.count('POST', '/oauth/v2/token/revoke') === revokes) await new Promise((r) => setTimeout(r, 10));
    try {
      const file = join(cfg, 'credentials.json');
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      delete doc.profiles.default.zoho;
      writeFileSync(file, JSON.stringify(doc));
    } finally {
      revoke.letGo();
    }
    const run = await running;
    expect({ code: run.code, lines: run.stderr.split('\n') }).toEqual({
      code: 0,
      lines: [
        'Revoked the Zoho refresh token.',
        `No Zoho credentials stored for profile "default" any more: nothing to remove (another run or a hand edit removed them from ${join(cfg, 'credentials.json')} after logout read it).`,
        '',
      ],
    });
    expect(JSON.parse(run.stdout)).toMatchObject({ planned: ['zoho'], removed: [], zohoTokenRevoked: true });
  });
});

describe('logout --help', () => {
  it('names exit 5, a login another run saved while logout asked, kept: its exit list went from 4 to 6', async () => {
    const help = (await runCli(['logout', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('; 5 a login of the profile that another run saved while logout asked was kept, not deleted (the logout to log it out is named); 6 ');
  });
});

// One placeholder for a secret option's value, the option's own name, in login's --help as in every
// hint that writes the command out ("pass --client-secret <client-secret>"): --help said <secret>, <code>, <token>.
it('login --help names each secret value as the hints do', async () => {
  const help = (await runCli(['login', '--help'])).stdout;
  for (const flag of ['--client-id', '--client-secret', '--grant-token', '--refresh-token', '--token']) expect(help).toContain(`${flag} <${flag.slice(2)}>`);
});

describe('logout of a refresh token another profile holds too (a hand copy, a second login with the same token)', () => {
  // It revoked the token and exited 0: the other profile's next run failed with exit 3, unsaid.
  it('removes this profile\'s copy unrevoked, says so in the plan, the ending and --json, naming the logout that revokes it; the other profile still logs in', async () => {
    const { cfg, refreshToken } = await savedLogin('logout-shared');
    const work = await runCli(['--config-dir', cfg, '--profile', 'work', 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', refreshToken, '--no-verify'], urls());
    expect(work.code).toBe(0);
    const revokes = h.e.zoho.tokenCalls.revoke;
    const plan = `Log out of profile "default" (${join(cfg, 'credentials.json')}): delete the Zoho login without revoking its refresh token (profile "work" holds the same one: revoking it would log that profile out too)`;
    const dry = await runCli(['--config-dir', cfg, '--profile', 'default', 'logout', 'zoho', '--dry-run'], urls());
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: `${plan}.\nNothing changed (--dry-run).\n` });
    const run = await runCli(['--config-dir', cfg, '--profile', 'default', '--json', 'logout', 'zoho', '--yes'], urls());
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: `Removed Zoho credentials of profile "default", not revoked: profile "work" holds the same refresh token; \`phonebridge-sync --config-dir ${cfg} --profile work logout zoho --yes\` revokes it.\n`,
    });
    expect(JSON.parse(run.stdout)).toEqual({
      sandbox: false,
      profile: 'default',
      dryRun: false,
      planned: ['zoho'],
      removed: ['zoho'],
      zohoTokenRevoked: null,
      zohoTokenRevokeError: null,
      zohoTokenNotRevoked: 'held-elsewhere',
      sharedWith: { zoho: ['work'], myoperator: [] },
    });
    expect(h.e.zoho.tokenCalls.revoke).toBe(revokes);
    const doc = JSON.parse(readFileSync(join(cfg, 'credentials.json'), 'utf8'));
    expect({ default: doc.profiles.default.zoho, work: doc.profiles.work.zoho.refreshToken }).toEqual({ default: undefined, work: refreshToken });
    expect((await runCli(['--config-dir', cfg, '--profile', 'work', 'list', 'zoho'], urls())).code).toBe(0);
    // The logout it names revokes it: no other profile holds it now.
    const last = await runCli(['--config-dir', cfg, '--profile', 'work', 'logout', 'zoho', '--yes'], urls());
    expect({ code: last.code, stderr: last.stderr }).toEqual({ code: 0, stderr: 'Revoked the Zoho refresh token.\nRemoved Zoho credentials of profile "work".\n' });
    expect((await runCli(['--config-dir', cfg, '--profile', 'work', 'list', 'zoho'], urls())).code).toBe(3);
    const help = (await runCli(['logout', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Exit: 0 done (or nothing stored, --dry-run, answered no, or a Zoho login deleted unrevoked because another profile holds the same refresh token);');
  });
});
