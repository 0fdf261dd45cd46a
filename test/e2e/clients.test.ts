import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLIENT_ID, CLIENT_SECRET, emulatorEnv, emulatorUrls, held, withEmulators, zohoClients } from '../support/emulators.js';
import { BIN, noStack, runCli, tempDir, type Run } from '../support/cli.js';

const h = withEmulators();
/** Every run's output, for the secrets check; `verbose` marks the --verbose runs. */
const outputs: Array<Run & { verbose?: true }> = [];

const urls = () => emulatorUrls(h.e);
const envCreds = () => emulatorEnv(h.e);
/** Runs every command twice, the second time with --verbose; keeps all output for the secrets check. */
async function cli(args: string[], env: Record<string, string>, dir = h.tmp.dir): Promise<Run> {
  const run = await runCli(['--config-dir', dir, ...args], env);
  outputs.push(run, { ...(await runCli(['--config-dir', dir, '--verbose', ...args], env)), verbose: true });
  return run;
}
/** Runs a command once, kept for the secrets check: where its twin would repeat a run the test makes anyway. */
async function once(args: string[], env: Record<string, string>, dir: string, verbose = false): Promise<Run> {
  const run = await runCli(['--config-dir', dir, ...(verbose ? ['--verbose'] : []), ...args], env);
  outputs.push(verbose ? { ...run, verbose: true } : run);
  return run;
}

/** A credentials.json broken by hand: not valid JSON. */
const BROKEN = '{"profiles": ';

/**
 * `login zoho --grant-token …` in `place`, off a terminal, Ctrl-C'd once its check of the users is out
 * (held there: the grant token was exchanged before it); `meanwhile` runs just before the Ctrl-C (a
 * hand edit); `again`: Ctrl-C'd a second time once its revoke is out. The run, kept for the secrets
 * check; when the (last) Ctrl-C was sent; the secrets Zoho issued.
 */
async function ctrlCAtCheck(place: string, meanwhile = () => {}, again = false): Promise<Run & { stoppedAt: number; issued: string[] }> {
  const check = held();
  h.e.zoho.server.fault('/crm/v8/users', check.fault, 1);
  const before = new Set(h.e.zoho.allSecrets());
  const child = spawn(process.execPath, [BIN, '--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], {
    env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...urls() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((done) => child.on('close', done));
  const t0 = Date.now();
  // The check's request is out, so the grant token was exchanged before it.
  while (!h.e.zoho.server.log.some((r) => r.path === '/crm/v8/users' && r.at >= t0) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
  meanwhile();
  let stoppedAt = Date.now();
  child.kill('SIGINT');
  if (again) {
    const first = stoppedAt;
    while (!h.e.zoho.server.log.some((r) => r.path === '/oauth/v2/token/revoke' && r.at >= first) && Date.now() - first < 20_000) await new Promise((r) => setTimeout(r, 10));
    stoppedAt = Date.now();
    child.kill('SIGINT');
  }
  const code = (await closed) ?? -1;
  check.letGo();
  h.e.zoho.server.clearFaults({ untakenAllowed: true });
  const run = { code, stdout, stderr };
  outputs.push(run);
  return { ...run, stoppedAt, issued: h.e.zoho.allSecrets().filter((s) => !before.has(s)) };
}

/** Whether any of these logs in as a refresh token: the one a grant gave, if it is still live. */
async function anyLive(tokens: string[]): Promise<boolean> {
  const live = await Promise.all(tokens.map((t) => zohoClients(h.e, { refreshToken: t }).auth.token().then(() => true, () => false)));
  return live.includes(true);
}

/** The hint of a login whose save failed after its grant token was spent, off a terminal (CI=true). */
const newGrantToken = (place: string) =>
  `The grant token given is spent (Zoho takes each one once): generate a new one in the Zoho API console (Self Client, scope ZohoCRM.users.READ), then run \`phonebridge-sync --config-dir ${place} login zoho --dc in --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>\` (login asks for nothing where CI is set).`;

describe('the sandbox, on a fresh config dir, with no account', () => {
  it('lists Zoho users', async () => {
    const fresh = tempDir();
    try {
      const run = await runCli(['--config-dir', fresh.dir, '--sandbox', 'list', 'zoho']);
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(19);
      expect(run.stderr).toBe('19 Zoho users.\n');
    } finally {
      fresh.cleanup();
    }
  });

  it('lists its one deleted Zoho user with --status deleted (type=DeletedUsers), and only there', async () => {
    const fresh = tempDir();
    try {
      const run = await runCli(['--config-dir', fresh.dir, '--sandbox', 'list', 'zoho', '--status', 'deleted']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\d+\t\d+\tKaran Walia\tkaran\.walia@acmetraders\.in\tdeleted\t/);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toBe('1 Zoho user deleted in Zoho.\n');
      // README quotes this line as the demo company's: it quoted "2 Zoho users deleted in Zoho.".
      expect(readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')).toContain(`(in the sandbox, "${run.stderr.trim()}")`);
      const unmapped = await runCli(['--config-dir', fresh.dir, '--sandbox', 'list', 'zoho', '--status', 'deleted', '--unmapped']);
      expect(unmapped.stderr).toBe('1 Zoho user (unmapped) of 1 deleted in Zoho.\n');
      const json = JSON.parse((await runCli(['--config-dir', fresh.dir, '--sandbox', '--json', 'list', 'zoho', '--status', 'deleted'])).stdout);
      expect(json.users).toMatchObject([{ name: 'Karan Walia', email: 'karan.walia@acmetraders.in', status: 'deleted', active: false }]);
      // The users list (list zoho, match, resync, doctor) does not hold it: nobody to map.
      const all = await runCli(['--config-dir', fresh.dir, '--sandbox', 'list', 'zoho']);
      expect(all.stdout).not.toContain('karan.walia');
    } finally {
      fresh.cleanup();
    }
  });

  it('lists MyOperator users as JSON and CSV, and filters by status', async () => {
    const json = JSON.parse((await runCli(['--config-dir', h.tmp.dir, '--sandbox', '--json', 'list', 'myoperator'])).stdout);
    expect(json.users).toHaveLength(21);
    const csv = await runCli(['--config-dir', h.tmp.dir, '--sandbox', 'list', 'myoperator', '--csv', '--status', 'inactive']);
    expect(csv.stdout.split('\n')[0]).toBe('id,user_id,name,email,extension,active');
    expect(csv.stdout.trim().split('\n')).toHaveLength(1 + 2);
  });

  it('PHONEBRIDGE_SANDBOX=1 works like --sandbox, and live match gives the offline result', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, '--json', 'match'], { PHONEBRIDGE_SANDBOX: '1' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ exact: 4, mismatch: 5, suggested: 6, ambiguous: 1 });
    expect(run.stderr).toMatch(/^Sandbox \(PHONEBRIDGE_SANDBOX is set\): the built-in demo company, not your accounts\.$/m);
  });

  it.each(['0', 'false', 'no', ''])('PHONEBRIDGE_SANDBOX=%j is off: the real accounts are used (here: none, exit 3)', async (value) => {
    const run = await runCli(['--config-dir', h.tmp.dir, '--json', 'list', 'zoho'], { PHONEBRIDGE_SANDBOX: value });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/Sandbox/);
  });

  it('PHONEBRIDGE_SANDBOX=1 with --profile is exit 2 naming the variable, before any notice', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, '--profile', 'work', 'list', 'zoho'], { PHONEBRIDGE_SANDBOX: '1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--profile does not apply with PHONEBRIDGE_SANDBOX: .*\nDrop --profile to try the sandbox, or unset PHONEBRIDGE_SANDBOX to work on that profile\.\n$/);
  });

  it('PHONEBRIDGE_SANDBOX=1 with a --profile value cut in two says both, naming the variable', async () => {
    // It was told to quote "my work", and quoted, refused for the sandbox on the next run.
    const run = await runCli(['--config-dir', h.tmp.dir, '--profile', 'my', 'work', 'list', 'zoho'], { PHONEBRIDGE_SANDBOX: '1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      '--profile "my work" does not apply with PHONEBRIDGE_SANDBOX, and "work" after --profile my is not the value of any option: --profile takes one word unless its value is in quotes.\n' +
        'The sandbox has one profile of its own, whatever the name: drop --profile to try the sandbox, or unset PHONEBRIDGE_SANDBOX to work on that profile, its name in quotes (`--profile "my work"`).\n',
    );
  });

  it('PHONEBRIDGE_SANDBOX of another value is exit 2 naming it', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, 'list', 'zoho'], { PHONEBRIDGE_SANDBOX: 'maybe' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PHONEBRIDGE_SANDBOX="maybe" is neither on (1, true, yes, on) nor off (0, false, no, off, or empty).');
  });
});

describe('live, against the emulators', () => {
  it('lists with credentials from the environment', async () => {
    const run = await cli(['list', 'zoho', '--status', 'active'], envCreds());
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(18);
  });

  it('a deleted old record of an active user, when Zoho lists deleted users too, leaves that user exact', async () => {
    h.e.zoho.defaultListIncludesDeleted = true;
    const asha = h.e.zoho.users.find((u) => u.email === 'asha.rao@acmetraders.in')!;
    h.e.zoho.users = [...h.e.zoho.users, { ...asha, id: '4815900000000999999', status: 'deleted' }];
    try {
      const doc = JSON.parse((await cli(['--json', 'match'], envCreds())).stdout);
      const statusOf = (id: string) => doc.results.find((r: { zoho: { id: string } | null }) => r.zoho?.id === id).status;
      expect([statusOf(asha.id), statusOf('4815900000000999999')]).toEqual(['exact', 'inactive']);
      expect(doc.summary.exact).toBe(4);
    } finally {
      h.e.zoho.defaultListIncludesDeleted = false;
      h.e.zoho.users = h.e.zoho.users.filter((u) => u.id !== '4815900000000999999');
    }
  });

  it('match without files fetches both sides', async () => {
    const run = await cli(['--json', 'match'], envCreds());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.exact).toBe(4);
  });

  it('live match shows saved mappings as mapped and ignored users as ignored, and --fail-on-unresolved counts neither', async () => {
    const fresh = tempDir();
    try {
      const before = JSON.parse((await cli(['--json', 'match'], envCreds(), fresh.dir)).stdout);
      const suggested = before.results.find((r: { status: string }) => r.status === 'suggested');
      const alone = before.results.find((r: { status: string; zoho: { active: boolean } | null }) => r.status === 'zoho-only' && r.zoho?.active);
      // Each change once, with --verbose (its plain twin only repeated it, already saved); the match
      // after plainly: its --verbose twin would log the requests the match before logged.
      expect((await once(['--yes', 'map', '--zoho', suggested.zoho.id, '--myoperator', suggested.myoperator.id], envCreds(), fresh.dir, true)).code).toBe(0);
      expect((await once(['map', '--ignore', alone.zoho.id], envCreds(), fresh.dir, true)).code).toBe(0);

      const after = await once(['--json', 'match', '--fail-on-unresolved'], envCreds(), fresh.dir);
      const doc = JSON.parse(after.stdout);
      const statusOf = (id: string) => doc.results.find((r: { zoho: { id: string } | null }) => r.zoho?.id === id).status;
      expect([statusOf(suggested.zoho.id), statusOf(alone.zoho.id)]).toEqual(['mapped', 'ignored']);
      expect(doc.summary).toMatchObject({ mapped: 1, ignored: 1, suggested: before.summary.suggested - 1 });
      const unresolved = (d: typeof doc) =>
        d.results.filter((r: { status: string; zoho: { active: boolean } | null }) => r.zoho?.active && !['exact', 'mapped', 'ignored'].includes(r.status))
          .length;
      expect(after.code).toBe(5);
      // The suggested pair saved by hand differs by e-mail: mapped, but named for `fix` (PhoneBridge
      // reads MyOperator's e-mail, not our mappings), and counted by --fail-on-unresolved.
      expect(after.stderr).toContain(
        `${unresolved(doc)} active Zoho users are neither mapped, exact nor ignored; 1 mapped pair has e-mails that differ, so PhoneBridge attributes none of its calls (run \`phonebridge-sync --config-dir ${fresh.dir} fix\`).`,
      );
      expect(doc.results.find((r: { zoho: { id: string } | null }) => r.zoho?.id === suggested.zoho.id).reasons.map((x: { code: string }) => x.code)).toEqual(['needs-fix']);
      expect(unresolved(doc)).toBe(unresolved(before) - 2);
    } finally {
      fresh.cleanup();
    }
  });

  it('credentials from the environment are taken as login takes them: the line break or spaces a CI secret was pasted with are not part of them', async () => {
    const creds = envCreds();
    const padded = {
      ...creds,
      PHONEBRIDGE_ZOHO_CLIENT_ID: ` ${creds.PHONEBRIDGE_ZOHO_CLIENT_ID}\n`,
      PHONEBRIDGE_ZOHO_CLIENT_SECRET: `${creds.PHONEBRIDGE_ZOHO_CLIENT_SECRET}\r\n`,
      PHONEBRIDGE_ZOHO_REFRESH_TOKEN: `${creds.PHONEBRIDGE_ZOHO_REFRESH_TOKEN}\n`,
      PHONEBRIDGE_ZOHO_DC: 'in\n',
      PHONEBRIDGE_MYOPERATOR_TOKEN: `${creds.PHONEBRIDGE_MYOPERATOR_TOKEN}\n`,
    };
    // They were sent as they were: "MyOperator rejected the API token", exit 3, and PHONEBRIDGE_ZOHO_DC="in\n" was no data centre.
    const zoho = await cli(['list', 'zoho', '--status', 'active'], padded);
    expect({ code: zoho.code, stderr: zoho.stderr }).toEqual({ code: 0, stderr: '18 Zoho users (active) of 19.\n' });
    const mo = await cli(['list', 'myoperator'], padded);
    expect({ code: mo.code, stderr: mo.stderr }).toEqual({ code: 0, stderr: '21 MyOperator users.\n' });
    // A blank one is not set, as an empty one is not: it was sent as the token, and rejected.
    const blank = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'list', 'myoperator'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: ' \n' });
    expect({ code: blank.code, first: blank.stderr.split('\n')[0] }).toEqual({
      code: 3,
      first: 'Not logged in to MyOperator (profile "nobody"): no API token. PHONEBRIDGE_MYOPERATOR_TOKEN is set, but empty (in CI, a secret that is not defined arrives empty).',
    });
  });

  it('PHONEBRIDGE_ZOHO_PRODUCT is taken as the credentials beside it are: a line break or spaces around it, or a blank one, do not stop the run', async () => {
    for (const product of ['crm\n', ' crm ', ' \n']) {
      const zoho = await cli(['list', 'zoho', '--status', 'active'], { ...envCreds(), PHONEBRIDGE_ZOHO_PRODUCT: product });
      expect({ product, code: zoho.code, stderr: zoho.stderr }).toEqual({ product, code: 0, stderr: '18 Zoho users (active) of 19.\n' });
    }
  });

  it('rejected credentials exit 3 with one sentence and no token', async () => {
    const run = await cli(['list', 'myoperator'], { ...envCreds(), PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo_wrong_wrong_wrong' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^MyOperator rejected the API token: Invalid token/);
    // The variable wins over a login: the fix is named where the token came from.
    expect(run.stderr).toMatch(/The token in use is PHONEBRIDGE_MYOPERATOR_TOKEN \(it wins over a saved login\)/);
    expect(run.stderr).not.toContain('mo_wrong_wrong_wrong');
    expect(noStack(run.stderr)).toBe(true);
    const zoho = await cli(['list', 'zoho'], { ...envCreds(), PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.wrongwrongwrongwrong' });
    expect(zoho.code).toBe(3);
    expect(zoho.stderr).toMatch(/The refresh token in use is PHONEBRIDGE_ZOHO_REFRESH_TOKEN \(it wins over a saved login\)/);
    expect(zoho.stderr).not.toContain('wrongwrongwrong');
  });

  it('a command that reads both sides, logged in to neither, says both at once (it named Zoho alone, and the next run MyOperator)', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'resync'], urls());
    expect(run.code).toBe(3);
    // With every flag: under CI=true login asks for nothing.
    const login = (side: string) =>
      `\`phonebridge-sync --config-dir ${h.tmp.dir} --profile nobody login ${side === 'zoho' ? 'zoho --dc <dc> --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>' : 'myoperator --token <token>'}\` (login asks for nothing where CI is set)`;
    for (const command of ['match', 'fix']) {
      const other = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', command], urls());
      expect([command, other.code, other.stderr]).toEqual([command, 3, run.stderr]);
    }
    expect(run.stderr.split('\n')).toEqual([
      'Not logged in to Zoho (profile "nobody"): no client id, client secret, refresh token or data centre. Not logged in to MyOperator (profile "nobody"): no API token.',
      `Run ${login('zoho')}, or set PHONEBRIDGE_ZOHO_CLIENT_ID, PHONEBRIDGE_ZOHO_CLIENT_SECRET, PHONEBRIDGE_ZOHO_REFRESH_TOKEN and PHONEBRIDGE_ZOHO_DC; try \`--sandbox\` to see the tool without an account. For MyOperator, run ${login('myoperator')}, or set PHONEBRIDGE_MYOPERATOR_TOKEN.`,
      '',
    ]);
  });

  it('not logged in exits 3 naming what is missing in words, the command to run and the variables that give just that', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'list', 'zoho'], urls());
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')).toEqual([
      'Not logged in to Zoho (profile "nobody"): no client id, client secret, refresh token or data centre.',
      `Run \`phonebridge-sync --config-dir ${h.tmp.dir} --profile nobody login zoho --dc <dc> --client-id <client-id> --client-secret <client-secret> --grant-token <grant-token>\` (login asks for nothing where CI is set), or set PHONEBRIDGE_ZOHO_CLIENT_ID, PHONEBRIDGE_ZOHO_CLIENT_SECRET, PHONEBRIDGE_ZOHO_REFRESH_TOKEN and PHONEBRIDGE_ZOHO_DC; try \`--sandbox\` to see the tool without an account.`,
      '',
    ]);
    // Half given by the environment: only the rest is asked for.
    const half = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'list', 'zoho'], { ...urls(), PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.ABC', PHONEBRIDGE_ZOHO_DC: 'in' });
    expect(half.code).toBe(3);
    expect(half.stderr.split('\n')[0]).toBe('Not logged in to Zoho (profile "nobody"): no client secret or refresh token.');
    expect(half.stderr).toContain('or set PHONEBRIDGE_ZOHO_CLIENT_SECRET and PHONEBRIDGE_ZOHO_REFRESH_TOKEN;');
    // A CI secret never defined arrives as an empty variable: said, not only "set it".
    const empty = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'list', 'zoho'], { ...urls(), ...envCreds(), PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '' });
    expect(empty.code).toBe(3);
    expect(empty.stderr.split('\n')[0]).toBe(
      'Not logged in to Zoho (profile "nobody"): no refresh token. PHONEBRIDGE_ZOHO_REFRESH_TOKEN is set, but empty (in CI, a secret that is not defined arrives empty).',
    );
    const noMo = await runCli(['--config-dir', h.tmp.dir, '--profile', 'nobody', 'list', 'myoperator'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: '' });
    expect(noMo.stderr.split('\n')[0]).toBe(
      'Not logged in to MyOperator (profile "nobody"): no API token. PHONEBRIDGE_MYOPERATOR_TOKEN is set, but empty (in CI, a secret that is not defined arrives empty).',
    );
  });

  it('a base-URL override that is no http(s) URL is exit 2 naming the variable, not a bug (exit 1) or "cannot reach"', async () => {
    for (const [name, side] of [
      ['PHONEBRIDGE_MYOPERATOR_API_URL', 'myoperator'],
      ['PHONEBRIDGE_ZOHO_API_URL', 'zoho'],
      ['PHONEBRIDGE_ZOHO_ACCOUNTS_URL', 'zoho'],
    ] as const)
      for (const value of ['http://[::1', 'not a url', 'ftp://127.0.0.1/x']) {
        const run = await cli(['list', side], { ...envCreds(), [name]: value });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(`${name}="${value}" is not an http or https URL.\nGive it the base URL of the API (or of a proxy to it), e.g. https://proxy.example:8443, or unset it.\n`);
      }
    const refused = async (value: string) => {
      const run = await cli(['list', 'myoperator'], { ...envCreds(), PHONEBRIDGE_MYOPERATOR_API_URL: value });
      expect(run.code).toBe(2);
      return run.stderr.split('\n')[0];
    };
    // A space a pasted secret kept: URL() forgives it, the HTTP client did not (exit 1, "a bug").
    expect(await refused(`${h.e.mo.url} `)).toBe(`PHONEBRIDGE_MYOPERATOR_API_URL="${h.e.mo.url}<U+0020>" has spaces or control characters at an end.`);
    expect(await refused(`${h.e.mo.url}/api?x=1`)).toMatch(/has a query \(\?…\) or a fragment \(#…\), to which request paths cannot be added\.$/);
    // A proxy's password is never repeated, with a scheme or without one.
    for (const value of ['admin:hunter2@proxy.local:8080', 'https://u:p@ss@host:badport'])
      expect(await refused(value)).toBe('PHONEBRIDGE_MYOPERATOR_API_URL (not shown: it holds an "@", perhaps a password) is not an http or https URL.');
  });

  it('a remote that keeps failing exits 4 with one sentence', async () => {
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 503 }, Infinity);
    try {
      const run = await cli(['list', 'zoho'], envCreds());
      expect(run.code).toBe(4);
      expect(run.stderr.split('\n')[0]).toMatch(
        /^Zoho kept failing with HTTP 503 for GET http:\/\/127\.0\.0\.1:\d+\/crm\/v8\/users, after 3 attempts: 503 "injected fault"\.$/,
      );
      expect(noStack(run.stderr)).toBe(true);
    } finally {
      h.e.zoho.server.clearFaults();
    }
  });
});

describe('login and logout', () => {
  const dir = () => join(h.tmp.dir, 'login');

  it('login and logout say when a variable set here wins over the saved login (env wins over the file)', async () => {
    const cfg = join(h.tmp.dir, 'login-env');
    const env = { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: 'from-env' };
    const login = await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', 'from-file', '--no-verify'], env);
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/\nNote: PHONEBRIDGE_MYOPERATOR_TOKEN is set here and wins over the saved login: commands here use it until unset\.\n$/);
    expect(login.stderr).not.toMatch(/from-env|from-file/);
    const logout = await runCli(['--config-dir', cfg, 'logout', 'myoperator', '--yes'], env);
    expect(logout.stderr).toMatch(/\nNote: PHONEBRIDGE_MYOPERATOR_TOKEN is still set here: commands here keep using it until unset\.\n$/);
    // Without the variable, neither says it.
    const plain = await runCli(['--config-dir', cfg, 'login', 'myoperator', '--token', 'from-file', '--no-verify'], urls());
    expect(plain.stderr).not.toMatch(/Note:/);
  });

  it("a saved login's cached access token is used for that login alone: another client id from the environment refreshes, and is told at once", async () => {
    const cfg = join(h.tmp.dir, 'login-other-client');
    const token = h.e.zoho.issueRefreshToken(CLIENT_ID);
    expect((await runCli(['--config-dir', cfg, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', token], urls())).code).toBe(0);
    const refreshes = h.e.zoho.tokenCalls.refresh_token;
    // The same login: its cached token serves, no refresh.
    expect((await runCli(['--config-dir', cfg, 'list', 'zoho'], urls())).code).toBe(0);
    expect(h.e.zoho.tokenCalls.refresh_token).toBe(refreshes);
    // Another client id (a CI secret that is not this login's): before, the cached token served it
    // (exit 0, doctor ✓) until it expired; now the refresh is made, and refused.
    const other = await runCli(['--config-dir', cfg, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.NOTTHISLOGIN000000000000000000' });
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/does not know this client id \(invalid_client\)/);
    expect(other.stderr).toContain('it comes from PHONEBRIDGE_ZOHO_CLIENT_ID, which wins over a saved login');
  });

  it('off a terminal, a missing value is exit 2 naming the flag', async () => {
    const run = await runCli(['--config-dir', dir(), 'login', 'zoho', '--dc', 'in'], urls());
    expect(run.code).toBe(2);
    // runCli sets CI: the reason is said as the other commands say it.
    expect(run.stderr).toBe('--client-id is required: prompts are off here (CI is set).\nPass --client-id <client-id>.\n');
    const noTty = await runCli(['--config-dir', dir(), 'login', 'myoperator'], { ...urls(), CI: '' });
    expect(noTty.stderr).toBe(
      '--token is required: prompts are off here (no terminal).\nSet PHONEBRIDGE_MYOPERATOR_TOKEN instead: every command reads it in place of a saved login, so a CI job needs no login; or pass --token <token>, which shell history, the process list and a CI log can show.\n',
    );
  });

  it('off a terminal, a missing secret offers its environment variable first, the option (seen in shell history and the process list) only as the other way', async () => {
    const zoho = await runCli(['--config-dir', dir(), 'login', 'zoho', '--dc', 'in', '--client-id', 'x'], urls());
    expect(zoho.code).toBe(2);
    expect(zoho.stderr).toBe(
      '--client-secret is required: prompts are off here (CI is set).\n' +
        'Set PHONEBRIDGE_ZOHO_CLIENT_SECRET instead (with PHONEBRIDGE_ZOHO_CLIENT_ID, PHONEBRIDGE_ZOHO_REFRESH_TOKEN and PHONEBRIDGE_ZOHO_DC): every command reads them in place of a saved login, so a CI job needs no login; or pass --client-secret <client-secret>, which shell history, the process list and a CI log can show.\n',
    );
    const myOperator = await runCli(['--config-dir', dir(), 'login', 'myoperator'], urls());
    expect(myOperator.stderr).toBe(
      '--token is required: prompts are off here (CI is set).\n' +
        'Set PHONEBRIDGE_MYOPERATOR_TOKEN instead: every command reads it in place of a saved login, so a CI job needs no login; or pass --token <token>, which shell history, the process list and a CI log can show.\n',
    );
    const grant = await runCli(['--config-dir', dir(), 'login', 'zoho', '--dc', 'in', '--client-id', 'x', '--client-secret', 'y'], urls());
    expect(grant.stderr).toBe(
      '--grant-token or --refresh-token is required: prompts are off here (CI is set).\n' +
        'Set PHONEBRIDGE_ZOHO_REFRESH_TOKEN instead (with PHONEBRIDGE_ZOHO_CLIENT_ID, PHONEBRIDGE_ZOHO_CLIENT_SECRET and PHONEBRIDGE_ZOHO_DC): every command reads them in place of a saved login, so a CI job needs no login; or generate a grant token in the Zoho API console (Self Client, scope ZohoCRM.users.READ) and pass --grant-token <grant-token>, which shell history, the process list and a CI log can show.\n',
    );
    // Set already: this login is not what a job needs, and the option is still the way to save one.
    const set = await runCli(['--config-dir', dir(), 'login', 'myoperator'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo_from_env' });
    expect(set.stderr).toBe(
      '--token is required: prompts are off here (CI is set).\n' +
        'PHONEBRIDGE_MYOPERATOR_TOKEN is set here, and every command reads it in place of a saved login, so no login is needed; to save one anyway, pass --token <token>, which shell history, the process list and a CI log can show.\n',
    );
  });

  it('an empty credential is exit 2 naming the flag, and a working login is not replaced by it; spaces around one are not kept', async () => {
    const place = join(h.tmp.dir, 'login-empty');
    expect((await runCli(['--config-dir', place, 'login', 'myoperator', '--token', 'mo_good_token_1', '--no-verify'], urls())).code).toBe(0);
    const file = join(place, 'credentials.json');
    const before = readFileSync(file, 'utf8');
    for (const args of [
      ['login', 'myoperator', '--token', '', '--no-verify'],
      ['login', 'myoperator', '--token', ' \n'],
      ['login', 'zoho', '--dc', 'in', '--client-id', '', '--client-secret', 'x', '--refresh-token', '1000.x', '--no-verify'],
      ['login', 'zoho', '--dc', 'in', '--client-id', 'x', '--client-secret', ' ', '--refresh-token', '1000.x', '--no-verify'],
      // Named as empty, not "cannot be used together".
      ['login', 'zoho', '--dc', 'in', '--client-id', 'x', '--client-secret', 'y', '--grant-token', '', '--refresh-token', '1000.x', '--no-verify'],
    ]) {
      const run = await runCli(['--config-dir', place, ...args], urls());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^--(token|client-id|client-secret|grant-token) was given an empty value\.\n/);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await runCli(['--config-dir', place, 'login', 'myoperator', '--token', ' mo_good_token_2\n', '--no-verify'], urls())).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.default.myoperator.token).toBe('mo_good_token_2');
  });

  it('exchanges a grant token once, saves 0600 in a 0700 dir, and the next run reuses the access token', async () => {
    const code = h.e.zoho.issueGrantCode(CLIENT_ID);
    const exchanges = h.e.zoho.tokenCalls.authorization_code;
    const run = await cli(['login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', code], urls(), dir());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Logged in to Zoho CRM \(data centre in\) for profile "default": 19 users visible/);
    expect(h.e.zoho.tokenCalls.authorization_code - exchanges).toBe(2); // the --verbose rerun tried the used code again
    expect(outputs.at(-1)!.code).toBe(3); // and was told the grant token was used
    expect(statSync(join(dir(), 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir()).mode & 0o777).toBe(0o700);
    const refreshes = h.e.zoho.tokenCalls.refresh_token;
    const login2 = await cli(['--json', 'login', 'myoperator', '--token', h.e.mo.token], urls(), dir());
    expect(login2.code).toBe(0);
    // --json: one document of what was saved, no secret in it.
    expect(JSON.parse(login2.stdout)).toEqual({ sandbox: false, profile: 'default', loggedIn: [{ side: 'myoperator', verified: true, usersVisible: null }], credentialsFile: join(dir(), 'credentials.json') });
    expect((await cli(['list', 'zoho'], urls(), dir())).code).toBe(0);
    expect(h.e.zoho.tokenCalls.refresh_token - refreshes).toBe(0);
    expect(JSON.parse(readFileSync(join(dir(), 'credentials.json'), 'utf8')).profiles.default.zoho.dc).toBe('in');
  });

  it('a check that fails after the grant token was exchanged keeps the refresh token it gave (Zoho takes a grant once)', async () => {
    const place = join(h.tmp.dir, 'login-kept');
    h.e.zoho.server.fault('/crm/v8/users', { kind: 'status', status: 500 }, Infinity);
    try {
      const run = await runCli(
        ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)],
        urls(),
      );
      expect(run.code).toBe(4);
      expect(noStack(run.stderr)).toBe(true);
      expect(run.stderr).toMatch(/The grant token was exchanged already \(Zoho takes each one once\), so the refresh token it gave was saved in .*credentials\.json\./);
      // The command to paste is for the config dir this run used.
      expect(run.stderr).toContain(`\`phonebridge-sync --config-dir ${place} doctor\` checks the saved login again`);
    } finally {
      h.e.zoho.server.clearFaults();
    }
    // No new grant token needed: the saved login reads users once Zoho is well again.
    expect((await runCli(['--config-dir', place, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: h.e.mo.token })).code).toBe(0);
  });

  it('a grant token whose refresh token is refused (a missing scope) leaves the login saved before as it was', async () => {
    const place = join(h.tmp.dir, 'login-refused');
    const good = h.e.zoho.issueRefreshToken(CLIENT_ID);
    const base = ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET];
    expect((await runCli([...base, '--refresh-token', good], urls())).code).toBe(0);
    const revokes = h.e.zoho.tokenCalls.revoke;
    const refused = await runCli([...base, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID, ['ZohoCRM.org.READ'])], urls());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/lacks the scope ZohoCRM\.users\.READ/);
    expect(refused.stderr).not.toMatch(/was saved/);
    // the refresh token it gave is of no use: revoked, not left among the 20 Zoho keeps per user
    expect(h.e.zoho.tokenCalls.revoke - revokes).toBe(1);
    expect(JSON.parse(readFileSync(join(place, 'credentials.json'), 'utf8')).profiles.default.zoho.refreshToken).toBe(good);
    expect((await runCli(['--config-dir', place, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: h.e.mo.token })).code).toBe(0);
  });

  it('a grant token is not spent when the credentials cannot be saved: a config dir that is a file is exit 6 before the exchange', async () => {
    const place = join(h.tmp.dir, 'a-file');
    writeFileSync(place, 'x');
    const exchanges = h.e.zoho.tokenCalls.authorization_code;
    const run = await runCli(['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect(run.code).toBe(6);
    expect(noStack(run.stderr)).toBe(true);
    expect(h.e.zoho.tokenCalls.authorization_code - exchanges).toBe(0);
  });

  it('Ctrl-C while the login is checked, after the grant token was exchanged: the refresh token it gave is saved, unverified, and said (exit 130)', async () => {
    const place = join(h.tmp.dir, 'login-interrupted');
    const run = await ctrlCAtCheck(place);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/Cancelled\. The grant token was exchanged already \(Zoho takes each one once\), so the refresh token it gave was saved, not verified, in \S+credentials\.json; `phonebridge-sync --config-dir \S+ doctor` checks it\./);
    expect((await runCli(['--config-dir', place, 'list', 'zoho'], { ...urls(), PHONEBRIDGE_MYOPERATOR_TOKEN: h.e.mo.token })).code).toBe(0);
  });

  // The Ctrl-C's save failed in the signal handler: exit 2, and the refresh token the grant gave was
  // neither saved nor revoked, live at Zoho with nothing to name it.
  it('Ctrl-C while the login is checked, credentials.json broken meanwhile: the refresh token the grant gave is revoked, said, exit 130, the file as it was', async () => {
    const file = join(h.tmp.dir, 'login-interrupted-broken', 'credentials.json');
    const run = await ctrlCAtCheck(dirname(file), () => writeFileSync(file, BROKEN));
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 130, stdout: '' });
    expect(noStack(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(
      /^Cancelled\. \S+credentials\.json is not valid JSON \(.*\); it was left untouched\. The grant token was exchanged already, and the refresh token it gave was revoked at Zoho, as it could not be saved: nothing of this login is left live\.$/m,
    );
    expect(run.stderr).toContain(newGrantToken(dirname(file)));
    // The emulator got the revoke, after the Ctrl-C, and the refresh token is dead.
    expect(h.e.zoho.server.log.filter((r) => r.path === '/oauth/v2/token/revoke' && r.at >= run.stoppedAt)).toHaveLength(1);
    expect(await anyLive(run.issued)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(BROKEN);
    for (const s of h.e.zoho.allSecrets()) expect(`${run.stdout}${run.stderr}`).not.toContain(s);
  });

  /**
   * ctrlCAtCheck (`again` as there) with credentials.json broken meanwhile and Zoho Accounts holding the
   * revoke; `check` looks at the run while it is held: let go after, the revoke the ended run sent
   * lands here, not in a later test's count (and kills the token).
   */
  async function revokeHeld(name: string, again: boolean, check: (run: Awaited<ReturnType<typeof ctrlCAtCheck>>, file: string) => Promise<void>): Promise<void> {
    const file = join(h.tmp.dir, name, 'credentials.json');
    const revoke = held();
    h.e.zoho.server.fault('/oauth/v2/token/revoke', revoke.fault, Infinity);
    const revokes = h.e.zoho.tokenCalls.revoke;
    try {
      await check(await ctrlCAtCheck(dirname(file), () => writeFileSync(file, BROKEN), again), file);
    } finally {
      revoke.letGo();
      h.e.zoho.server.clearFaults({ untakenAllowed: true });
      const t0 = Date.now();
      while (h.e.zoho.tokenCalls.revoke === revokes && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('Ctrl-C while the login is checked, credentials.json broken and Zoho Accounts not answering the revoke: the run still ends soon (exit 130) and says the token is not revoked', async () => {
    await revokeHeld('login-interrupted-unrevoked', false, async (run, file) => {
      // One attempt of at most 5 s, not the 3 of 15 s a command's request gets.
      expect(Date.now() - run.stoppedAt).toBeLessThan(12_000);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 130, stdout: '' });
      expect(run.stderr).toMatch(
        /^Cancelled\. \S+credentials\.json is not valid JSON \(.*\); it was left untouched\. The grant token was exchanged already, and the refresh token it gave could not be saved nor revoked: it stays live at Zoho, never shown, until Zoho drops it \(it keeps 20 per user and drops the oldest in silence\)\.$/m,
      );
      expect(run.stderr).toContain(newGrantToken(dirname(file)));
      expect(h.e.zoho.server.log.filter((r) => r.path === '/oauth/v2/token/revoke' && r.at >= run.stoppedAt)).toHaveLength(1);
      expect(await anyLive(run.issued)).toBe(true);
      for (const s of h.e.zoho.allSecrets()) expect(`${run.stdout}${run.stderr}`).not.toContain(s);
    });
  });

  // It quit with "Cancelled." alone: nothing said whether the refresh token the grant gave was revoked.
  it('a second Ctrl-C during that revoke quits at once, and says the refresh token may still be live (exit 130)', async () => {
    // Room for this test's exchange: the file's other logins use all 10 the emulator allows per 10 minutes.
    h.e.zoho.grantExchangesPer10Min += 1;
    await revokeHeld('login-interrupted-twice', true, async (run, file) => {
      // Not the 5 s the revoke may take.
      expect(Date.now() - run.stoppedAt).toBeLessThan(4_000);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 130, stdout: '' });
      expect(noStack(run.stderr)).toBe(true);
      expect(run.stderr).toMatch(
        /^Cancelled\. \S+credentials\.json is not valid JSON \(.*\); it was left untouched\. The grant token was exchanged already, and the refresh token it gave could not be saved, and its revoke was cut short: it may still be live at Zoho, never shown, until Zoho drops it \(it keeps 20 per user and drops the oldest in silence\)\.$/m,
      );
      expect(run.stderr).toContain(newGrantToken(dirname(file)));
      expect(await anyLive(run.issued)).toBe(true);
      for (const s of h.e.zoho.allSecrets()) expect(`${run.stdout}${run.stderr}`).not.toContain(s);
      expect(readFileSync(file, 'utf8')).toBe(BROKEN);
    });
  });

  // The same stretch where no Ctrl-C came before: the save at the end fails, and its revoke (with a
  // command's retries) is Ctrl-C'd. It quit with "Cancelled." alone.
  it('a first Ctrl-C during the revoke of a save that failed at the end says the refresh token may still be live (exit 130)', async () => {
    h.e.zoho.grantExchangesPer10Min += 1;
    const place = join(h.tmp.dir, 'login-save-failed-ctrl-c');
    const file = join(place, 'credentials.json');
    const check = held();
    const revoke = held();
    h.e.zoho.server.fault('/crm/v8/users', check.fault, 1);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', revoke.fault, Infinity);
    const revokes = h.e.zoho.tokenCalls.revoke;
    const before = new Set(h.e.zoho.allSecrets());
    const child = spawn(process.execPath, [BIN, '--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], {
      env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...urls() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((done) => child.on('close', done));
    const t0 = Date.now();
    const out = (path: string) => h.e.zoho.server.log.some((r) => r.path === path && r.at >= t0);
    try {
      while (!out('/crm/v8/users') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
      writeFileSync(file, BROKEN);
      check.letGo();
      while (!out('/oauth/v2/token/revoke') && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      expect(await closed).toBe(130);
      outputs.push({ code: 130, stdout: '', stderr });
      expect(stderr).toMatch(/^Cancelled\. \S+credentials\.json is not valid JSON \(.*\); it was left untouched\. The grant token was exchanged already, and the refresh token it gave could not be saved, and its revoke was cut short: it may still be live at Zoho/m);
      expect(stderr).toContain(newGrantToken(place));
      expect(await anyLive(h.e.zoho.allSecrets().filter((s) => !before.has(s)))).toBe(true);
    } finally {
      check.letGo();
      revoke.letGo();
      h.e.zoho.server.clearFaults({ untakenAllowed: true });
      while (h.e.zoho.tokenCalls.revoke === revokes && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    }
  });

  // It quit with "Cancelled." alone: nothing said whether the refused refresh token was revoked.
  it('Ctrl-C while a refused token is being revoked: the login saved before stays as it was, and it says the refused token may still be live', async () => {
    const place = join(h.tmp.dir, 'login-revoking');
    const good = h.e.zoho.issueRefreshToken(CLIENT_ID);
    const base = ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET];
    expect((await runCli([...base, '--refresh-token', good], urls())).code).toBe(0);
    const revoke = held();
    h.e.zoho.server.fault('/oauth/v2/token/revoke', revoke.fault, 1);
    const revokes = h.e.zoho.tokenCalls.revoke;
    const t0 = Date.now();
    try {
      const before = new Set(h.e.zoho.allSecrets());
      const child = spawn(process.execPath, [BIN, ...base, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID, ['ZohoCRM.org.READ'])], {
        env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...urls() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = new Promise<number | null>((done) => child.on('close', done));
      while (!h.e.zoho.server.log.some((r) => r.path === '/oauth/v2/token/revoke' && r.at >= t0) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      expect({ code: await code, stdout }).toEqual({ code: 130, stdout: '' });
      outputs.push({ code: 130, stdout, stderr });
      expect(noStack(stderr)).toBe(true);
      expect(stderr).toMatch(
        /^Cancelled\. Zoho refused \/crm\/v8\/users: the token lacks the scope ZohoCRM\.users\.READ \(OAUTH_SCOPE_MISMATCH\)\. The grant token was exchanged already, and the refresh token it gave was refused, and its revoke was cut short: it may still be live at Zoho, never shown, until Zoho drops it \(it keeps 20 per user and drops the oldest in silence\)\.\nGenerate a new grant token with scope ZohoCRM\.users\.READ /m,
      );
      // Still held at the emulator: the refused token is live until the revoke lands.
      expect(await anyLive(h.e.zoho.allSecrets().filter((s) => !before.has(s)))).toBe(true);
      for (const s of h.e.zoho.allSecrets()) expect(`${stdout}${stderr}`).not.toContain(s);
      expect(JSON.parse(readFileSync(join(place, 'credentials.json'), 'utf8')).profiles.default.zoho.refreshToken).toBe(good);
    } finally {
      // The revoke the killed run sent is still in the emulator: let it land here, not in a later test's count.
      revoke.letGo();
      const letGo = Date.now();
      while (h.e.zoho.tokenCalls.revoke === revokes && Date.now() - letGo < 20_000) await new Promise((r) => setTimeout(r, 20));
      h.e.zoho.server.clearFaults({ untakenAllowed: true });
    }
  });

  it('a wrong client secret is said to be the secret, not the data centre; Bigin asks for its own scope', async () => {
    const place = join(h.tmp.dir, 'login-secret');
    const wrong = await runCli(['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', 'not-the-secret-0123456789', '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/rejected the client secret \(invalid_client_secret\): the client id is known there, so the secret is wrong\./);
    expect(wrong.stderr).not.toMatch(/data centre/);
    // the same from the environment names the variable that wins
    const envWrong = await runCli(['--config-dir', place, 'list', 'zoho'], { ...envCreds(), PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'not-the-secret-0123456789' });
    expect(envWrong.code).toBe(3);
    expect(envWrong.stderr).toMatch(/The client secret in use is PHONEBRIDGE_ZOHO_CLIENT_SECRET \(it wins over a saved login\)/);
    const bigin = await runCli(['--config-dir', place, 'login', 'zoho', '--product', 'bigin', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET], urls());
    expect(bigin.code).toBe(2);
    expect(bigin.stderr).toContain('(Self Client, scope ZohoBigin.users.READ)');
  });

  it('a login that lists nobody is saved (exit 0) and says what that most likely is: Zoho said only "0 users visible", MyOperator nothing at all', async () => {
    const place = join(h.tmp.dir, 'login-nobody');
    const file = join(place, 'credentials.json');
    const listed = { zoho: h.e.zoho.users, mo: h.e.mo.users };
    h.e.zoho.users = [];
    h.e.mo.users = [];
    try {
      const likely = (side: string) =>
        `Note: the ${side} login works but lists no users, far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account it belongs to and what it may list, before anything else.`;
      const zoho = ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET];
      const crm = await runCli([...zoho, '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID)], urls());
      expect({ code: crm.code, lines: crm.stderr.split('\n') }).toEqual({
        code: 0,
        lines: [`Logged in to Zoho CRM (data centre in) for profile "default": 0 users visible. Saved in ${file}.`, likely('Zoho'), ''],
      });
      // Bigin sends no count: its empty first page is what says it lists nobody.
      const bigin = await runCli([...zoho, '--product', 'bigin', '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoBigin.users.READ'])], urls());
      expect({ code: bigin.code, lines: bigin.stderr.split('\n').slice(0, 2) }).toEqual({
        code: 0,
        lines: [`Logged in to Zoho Bigin (data centre in) for profile "default": 0 users visible. Saved in ${file}.`, likely('Zoho')],
      });
      const mo = await runCli(['--config-dir', place, 'login', 'myoperator', '--token', h.e.mo.token], urls());
      expect({ code: mo.code, lines: mo.stderr.split('\n') }).toEqual({ code: 0, lines: [`Logged in to MyOperator for profile "default". Saved in ${file}.`, likely('MyOperator'), ''] });
      const saved = JSON.parse(readFileSync(file, 'utf8')).profiles.default;
      expect({ product: saved.zoho.product, token: saved.myoperator.token === h.e.mo.token }).toEqual({ product: 'bigin', token: true });
    } finally {
      h.e.zoho.users = listed.zoho;
      h.e.mo.users = listed.mo;
    }
  });

  it('login --json counts the users the login lists, as its sentence does ("19 users visible"): null where the API gives no count (MyOperator, Bigin) or nothing was checked, 0 where the first page is empty', async () => {
    const place = join(h.tmp.dir, 'login-json-count');
    const zoho = (product: string, ...rest: string[]) => {
      const scope = product === 'bigin' ? ['ZohoBigin.users.READ'] : undefined;
      return ['login', 'zoho', '--product', product, '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID, scope), ...rest];
    };
    const mo = (...rest: string[]) => ['login', 'myoperator', '--token', h.e.mo.token, ...rest];
    /** What --json said of the one side logged in to. */
    const said = async (args: string[]) => {
      const run = await runCli(['--config-dir', place, '--json', ...args], urls());
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.stdout) as { loggedIn: unknown[] };
      expect(doc.loggedIn).toHaveLength(1);
      return doc.loggedIn[0];
    };
    expect(await said(zoho('crm'))).toEqual({ side: 'zoho', verified: true, dc: 'in', product: 'crm', usersVisible: h.e.zoho.users.length });
    // Bigin documents no count, and MyOperator has none: a first page with users in it tells no number.
    expect(await said(zoho('bigin'))).toEqual({ side: 'zoho', verified: true, dc: 'in', product: 'bigin', usersVisible: null });
    expect(await said(mo())).toEqual({ side: 'myoperator', verified: true, usersVisible: null });
    expect(await said(zoho('crm', '--no-verify'))).toEqual({ side: 'zoho', verified: false, dc: 'in', product: 'crm', usersVisible: null });
    expect(await said(mo('--no-verify'))).toEqual({ side: 'myoperator', verified: false, usersVisible: null });
    const listed = { zoho: h.e.zoho.users, mo: h.e.mo.users };
    h.e.zoho.users = [];
    h.e.mo.users = [];
    try {
      // An empty first page is a count: nobody.
      expect(await said(zoho('bigin'))).toMatchObject({ side: 'zoho', usersVisible: 0 });
      expect(await said(mo())).toEqual({ side: 'myoperator', verified: true, usersVisible: 0 });
    } finally {
      h.e.zoho.users = listed.zoho;
      h.e.mo.users = listed.mo;
    }
  });

  it('a login that replaces a saved refresh token says the old one may still be live and how to retire it', async () => {
    const place = join(h.tmp.dir, 'login-again');
    const base = ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET];
    expect((await runCli([...base, '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID)], urls())).stderr).not.toMatch(/replaced/);
    const again = await runCli([...base, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect(again.code).toBe(0);
    expect(again.stderr.replace(/\s+/g, ' ')).toContain(
      `The refresh token saved before was replaced; unless Zoho refused it already, it is still valid there (Zoho keeps 20 per user and drops the oldest in silence, perhaps the one a CI job uses). Next time, \`phonebridge-sync --config-dir ${place} logout zoho --yes\` before \`login zoho\` revokes the old one first.`,
    );
    // With --yes where CI is set: without it, that logout stops at exit 2 there.
    const pasted = /`phonebridge-sync ([^`]*logout[^`]*)`/.exec(again.stderr.replace(/\s+/g, ' '))![1]!.split(' ');
    expect((await runCli(pasted, urls())).code).toBe(0);
  });

  it('a login after Zoho refused the saved refresh token does not call that token still valid: it said "is still valid at Zoho" just after "Zoho rejected the refresh token"', async () => {
    const place = join(h.tmp.dir, 'login-after-refused');
    const base = ['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET];
    expect((await runCli([...base, '--refresh-token', '1000.revokedlongago', '--no-verify'], urls())).code).toBe(0);
    const refused = await runCli(['--config-dir', place, 'list', 'zoho'], urls());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Zoho rejected the refresh token/);
    const again = await runCli([...base, '--grant-token', h.e.zoho.issueGrantCode(CLIENT_ID)], urls());
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/The refresh token saved before was replaced; unless Zoho refused it already/);
    expect(again.stderr).not.toMatch(/and is still valid at Zoho/);
  });

  it('Bigin logs in though the reference documents no count endpoint for it; ae (UAE) is a data centre', async () => {
    const rt = h.e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoBigin.users.READ']);
    const run = await runCli(
      ['--config-dir', join(h.tmp.dir, 'login-bigin'), 'login', 'zoho', '--product', 'bigin', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', rt],
      urls(),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Logged in to Zoho Bigin \(data centre in\) for profile "default": users readable \(Zoho did not say how many\)/);
    const ae = await runCli(
      ['--config-dir', join(h.tmp.dir, 'login-ae'), 'login', 'zoho', '--dc', 'ae', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', rt, '--no-verify'],
      {},
    );
    expect(ae.code).toBe(0);
    expect(ae.stderr).toMatch(/data centre ae/);
  });

  it('a CI job with no saved login reads Bigin when PHONEBRIDGE_ZOHO_PRODUCT=bigin; any other value is exit 2', async () => {
    const rt = h.e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoBigin.users.READ']);
    const env = { ...emulatorEnv(h.e), PHONEBRIDGE_ZOHO_REFRESH_TOKEN: rt };
    const before = h.e.zoho.server.log.length;
    const run = await runCli(['--config-dir', join(h.tmp.dir, 'ci-bigin'), '--json', 'list', 'zoho'], { ...env, PHONEBRIDGE_ZOHO_PRODUCT: 'bigin' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).users.length).toBe(h.e.zoho.users.length);
    expect(h.e.zoho.server.log.slice(before).filter((r) => r.path.endsWith('/users')).map((r) => r.path)).toEqual(['/bigin/v2/users']);
    const bad = await runCli(['--config-dir', join(h.tmp.dir, 'ci-bigin'), 'list', 'zoho'], { ...env, PHONEBRIDGE_ZOHO_PRODUCT: 'Bigin' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('PHONEBRIDGE_ZOHO_PRODUCT="Bigin" is not a Zoho product phonebridge-sync reads.');
  });

  it('logout --json tells a revoke that failed (the token may still be live) from one Zoho no longer knew', async () => {
    const place = join(h.tmp.dir, 'logout-failed');
    expect((await runCli(['--config-dir', place, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', h.e.zoho.issueRefreshToken(CLIENT_ID)], urls())).code).toBe(0);
    // Both sides: the document is printed at exit 4 only when something was removed (the MyOperator token).
    expect((await runCli(['--config-dir', place, 'login', 'myoperator', '--token', h.e.mo.token, '--no-verify'], urls())).code).toBe(0);
    h.e.zoho.server.fault('/oauth/v2/token/revoke', { kind: 'status', status: 500 }, Infinity);
    try {
      const run = await runCli(['--config-dir', place, '--json', 'logout', '--yes'], urls());
      expect(run.code).toBe(4);
      const doc = JSON.parse(run.stdout);
      expect(doc).toMatchObject({ planned: ['zoho', 'myoperator'], removed: ['myoperator'], zohoTokenRevoked: null });
      expect(doc.zohoTokenRevokeError).toMatch(/500/);
      expect(run.stderr.split('\n')[1]).toMatch(/^Could not revoke the Zoho refresh token, so it may still be live at Zoho and the Zoho login of profile "default" was kept in \S+\. Zoho Accounts kept failing with HTTP 500 for POST \S+, after \d attempts: [^.]*\.$/);
    } finally {
      h.e.zoho.server.clearFaults();
    }
  });

  it('logout revokes the refresh token, then deletes; afterwards the user is not logged in', async () => {
    const revokes = h.e.zoho.tokenCalls.revoke;
    const run = await runCli(['--config-dir', dir(), '--json', 'logout', '--yes'], urls());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Revoked the Zoho refresh token/);
    expect(JSON.parse(run.stdout)).toEqual({
      sandbox: false,
      profile: 'default',
      dryRun: false,
      planned: ['zoho', 'myoperator'],
      removed: ['zoho', 'myoperator'],
      zohoTokenRevoked: true,
      zohoTokenRevokeError: null,
      zohoTokenNotRevoked: null,
      sharedWith: { zoho: [], myoperator: [] },
    });
    expect(h.e.zoho.tokenCalls.revoke - revokes).toBe(1);
    expect((await runCli(['--config-dir', dir(), 'list', 'zoho'], urls())).code).toBe(3);
  });
});

describe('secrets', () => {
  it('no secret appears in any output of the suite, --verbose runs included', () => {
    const secrets = [...h.e.zoho.allSecrets(), h.e.mo.token, CLIENT_SECRET];
    expect(outputs.length).toBeGreaterThanOrEqual(12);
    const verbose = outputs
      .filter((r) => r.verbose)
      .map((r) => r.stderr)
      .join('\n');
    expect(verbose).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/user\?token=<redacted>&page=1/);
    for (const run of outputs)
      for (const s of secrets) {
        expect(run.stdout).not.toContain(s);
        expect(run.stderr).not.toContain(s);
      }
  });
});
