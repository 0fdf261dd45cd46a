import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCompany, DEMO_CASES } from '../../src/sandbox/demo-company.js';
import { FULL_SCOPES } from '../../src/sandbox/zoho-emulator.js';
import { CLIENT_ID, CLIENT_SECRET, emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { runCli } from '../support/cli.js';

interface Doc {
  checks: Array<{ id: string; group: string; status: string; message: string; hint: string | null; data: unknown }>;
  summary: Record<string, number>;
}

const h = withEmulators();
let n = 0;
beforeEach(() => resetEmulators(h.e));

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...emulatorEnv(h.e, 1), ...extra };
}
async function doctor(args: string[], extra: Record<string, string> = {}, dir = join(h.tmp.dir, `d${++n}`)) {
  const run = await runCli(['--config-dir', dir, '--json', 'doctor', ...args], env(extra));
  const doc = JSON.parse(run.stdout) as Doc;
  return { run, doc, check: (id: string) => doc.checks.find((c) => c.id === id)! };
}

describe('doctor on the sandbox', () => {
  it('on a fresh config, its fixes speak of the sandbox, not of logging in (it has its credentials built in), and it makes no directory', async () => {
    const dir = join(h.tmp.dir, 'fresh-sandbox');
    const fresh = await runCli(['--config-dir', dir, '--sandbox', 'doctor', '--only', 'config', 'zoho-token']);
    expect(fresh.stdout).toMatch(/! config-dir: .* does not exist yet\n {6}fix: The sandbox makes it the first time it saves something/);
    expect(fresh.stdout).toMatch(/credentials-file: no credentials file .*\n {6}fix: Fine: the sandbox has its credentials built in/);
    expect(fresh.stdout).toContain('✓ zoho-token: refreshed just now');
    expect(fresh.stdout).not.toMatch(/login/);
    // What the report said is still so when it ends: zoho-token cached its token there, making the
    // directory config-dir had just said does not exist.
    expect(existsSync(dir)).toBe(false);
  });

  it('finds every planted user problem, fails with exit 5, and prints ✓ / ! / ✗ with fixes', async () => {
    const dir = join(h.tmp.dir, 'sandbox');
    await runCli(['--config-dir', dir, '--sandbox', 'resync']);
    const text = await runCli(['--config-dir', dir, '--sandbox', 'doctor']);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/^Config\n {2}✓ config-dir:/);
    expect(text.stdout).toMatch(
      / {2}✗ myoperator-emails: 4 MyOperator e-mails will never match byte for byte:\n {6}meena\.iyer@acmetraders\.in<U\+0020>: a space \(U\+0020\) at the end/,
    );
    expect(text.stdout).toMatch(/ {6}fix: `phonebridge-sync --sandbox --config-dir \S+ fix` sets each MyOperator e-mail that has a Zoho user to that user's/);
    // The plan's command whole, as every other hint gives one: a bare `fix --dry-run`, pasted, was no command.
    expect(text.stdout).toMatch(/ {6}fix: `phonebridge-sync --sandbox --config-dir \S+ fix` sets each MyOperator e-mail that has a Zoho user to that user's \(`phonebridge-sync --sandbox --config-dir \S+ fix --dry-run` shows the plan\);/);
    expect(text.stdout).toMatch(/ {6}fix: `phonebridge-sync --sandbox --config-dir \S+ fix` sets each MyOperator e-mail to the Zoho one \(Zoho is never changed\); `phonebridge-sync --sandbox --config-dir \S+ fix --dry-run` shows the plan\. A pair only suggested is set too once `phonebridge-sync --sandbox --config-dir \S+ map` has confirmed it\.\n/);
    // Each of mismatches' two headings above its own pairs: the second sat at their indent, one more pair to read.
    expect(text.stdout).toMatch(/ {2}✗ mismatches: \d+ users not syncing because the e-mails differ by case, spaces or look-alike characters:\n {8}\S+ ≠ /);
    expect(text.stdout).toMatch(/\n {8}\S+ ≠ [^\n]+\n {6}\d+ Zoho users not mapped whose MyOperator user is probably theirs under another e-mail, so PhoneBridge attributes none of their calls:\n {8}\S+ ≠ /);
    // Suresh's cure in whole commands, as the fix line under it: "(`map` asks about the pair; once it is mapped, `fix` sets it)" pasted nothing.
    expect(text.stdout).toMatch(/ of Suresh Pillai \(ext 24\): [^\n]*\(`phonebridge-sync --sandbox --config-dir \S+ map` asks about the pair; once it is mapped, `phonebridge-sync --sandbox --config-dir \S+ fix --only 24` sets it\)\n/);
    // The resync moved the sandbox to day two, when one mapped person has left: his mapping is stale.
    expect(text.stdout).toMatch(/✗ mapping-health: stale: imran\.qureshi@acmetraders\.in → imran\.qureshi@acmetraders\.in: the MyOperator user no longer exists/);
    // zoho-api's "21 users visible" beside "19 PhoneBridge users": the two PhoneBridge does not list are named, and why they do not matter.
    expect(text.stdout).toContain(
      '  ✓ zoho-phonebridge: 19 PhoneBridge users, each a CRM user (by zuid); the 2 CRM users it does not list are not active and take no calls anyway: Farhan Ali <farhan.ali@acmetraders.in> (disabled) and Imran Qureshi <imran.qureshi@acmetraders.in> (disabled)\n',
    );
    expect(text.stdout).toMatch(/\n\d+ passed, \d+ warnings?, 4 failed, \d+ skipped\.\n$/);

    const { doc } = { doc: JSON.parse((await runCli(['--config-dir', dir, '--sandbox', '--json', 'doctor'])).stdout) as Doc };
    const status = Object.fromEntries(doc.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'config-dir': 'pass',
      'credentials-file': 'pass',
      'mappings-file': 'pass',
      'zoho-credentials': 'pass',
      'zoho-token': 'pass',
      'zoho-api': 'pass',
      'zoho-phonebridge': 'pass',
      'myoperator-api': 'pass',
      'zoho-emails': 'pass',
      'myoperator-emails': 'fail',
      'duplicate-emails': 'fail',
      'user-status': 'warn',
      mismatches: 'fail',
      'one-side-only': 'warn',
      'mapping-health': 'fail',
    });
    const msg = (id: string) => doc.checks.find((c) => c.id === id)!.message;
    // Its holders by name, extension and e-mail: they were uuids alone ("— s5f3adc249b2d, s5f3aec279b2e (inactive)").
    expect(msg('duplicate-emails')).toBe(
      [
        "1 e-mail shared within one side, so PhoneBridge, which attributes calls by e-mail, may give its holders' calls to the wrong user or to nobody:",
        `MyOperator: ${DEMO_CASES['duplicate-email']}`,
        `  Arjun Malhotra (ext 22) <${DEMO_CASES['duplicate-email']}>`,
        `  Arjun M. (old) (ext 23) <${DEMO_CASES['duplicate-email']}> (inactive)`,
        'MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links (one of them, each, or none) is unconfirmed.',
      ].join('\n'),
    );
    // Its lists in one form, as one-side-only's: name, extension for a MyOperator user, e-mail where
    // there is one. Zoho users were e-mails alone, Lakshmi a name and e-mail, Suresh a name and extension.
    expect(msg('user-status')).toBe(
      [
        '1 Zoho user not confirmed (invitation not accepted): Pooja Sharma <pooja.sharma@acmetraders.in>',
        '2 Zoho users not active: Farhan Ali <farhan.ali@acmetraders.in> (disabled), Imran Qureshi <imran.qureshi@acmetraders.in> (disabled)',
        '1 MyOperator user not taking calls (deactivated, or call availability off), though the Zoho user of that e-mail (up to case, spaces or look-alikes) is active: Lakshmi Menon (ext 26) <lakshmi.menon@acmetraders.in>',
        '2 MyOperator users without an e-mail: Suresh Pillai (ext 24), Night Shift (ext 31)',
      ].join('\n'),
    );
    // Lakshmi is active in Zoho but off in MyOperator: no call reaches her, and doctor says so.
    // (Arjun's old account is off too, but the active Arjun holds that e-mail: no call is lost to it.)
    expect(doc.checks.find((c) => c.id === 'user-status')!.hint).toContain('Set Call Availability');
    // --json gives the fix whole, and only it: the terminal's brief form (user-status' first few users
    // without an e-mail, and how many more `… match` gives) is no field of its own.
    expect([...new Set(doc.checks.flatMap((c) => Object.keys(c)))].sort()).toEqual(['data', 'group', 'hint', 'id', 'message', 'status']);
    // Each MyOperator user without an e-mail gets its own cure: "map each by hand (`map`), then `fix`
    // sets it" was said of Night Shift too, whom no Zoho user resembles and `map` never offers.
    const noEmail = doc.checks.find((c) => c.id === 'user-status')!.hint!.replace(/^[\s\S]*MyOperator users without an e-mail/, '');
    expect(noEmail).toMatch(/^ take no attributed calls until they hold their Zoho user's: `phonebridge-sync [^`]*map` offers Suresh Pillai \(ext 24\) to the Zoho user it resembles: map it there, then `phonebridge-sync [^`]*fix` sets it; Night Shift \(ext 31\) resembles no Zoho user: it needs one added in Zoho first, whom `phonebridge-sync [^`]*map` then asks about \(a shared line can stay as it is: `phonebridge-sync [^`]*map --ignore-myoperator 31` leaves it unmapped on purpose\)\.$/);
    // MyOperator's e-mails are the tool's to set: the fix line says fix, not "retype by hand".
    expect(doc.checks.find((c) => c.id === 'myoperator-emails')!.hint).toMatch(/^`phonebridge-sync [^`]*fix` sets each MyOperator e-mail that has a Zoho user/);
    expect(msg('mismatches')).toMatch(/Ravi\.Kumar@acmetraders\.in ≠ ravi\.kumar@acmetraders\.in: Letter case differs/);
    // Kavita's MyOperator e-mail has a typo in its domain: her calls go to nobody, and doctor said nothing of her.
    expect(msg('mismatches')).toContain('\n  kavita.joshi@acmetraders.in ≠ kavita.joshi@acmetrader.in of Kavita Joshi (ext 19): MyOperator e-mail\'s domain "acmetrader.in" looks like a typo');
    expect(doc.checks.find((c) => c.id === 'mismatches')!.hint).toMatch(/ A pair only suggested is set too once `phonebridge-sync [^`]*map` has confirmed it\.$/);
    expect(msg('one-side-only')).toContain(DEMO_CASES['zoho-only']);
    // Look-alike characters are shown as code points in every sentence, --json's messages too
    // (the raw bytes are in each check's data).
    expect(msg('myoperator-emails')).toContain('<U+0430>nil.mehta@acmetraders.in: "\u0430" (U+0430, Cyrillic)');
    expect(doc.checks.map((c) => c.message).join('\n')).not.toMatch(/\u0430nil|\uff50riya/);
  });

  it('after fix, mapping-health says how many pairs match exactly but are not saved, and that resync saves them; before any resync it says what it said', async () => {
    const dir = join(h.tmp.dir, 'sandbox-after-fix');
    const sandbox = (args: string[]) => runCli(['--config-dir', dir, '--sandbox', ...args]);
    // A fresh config: nothing mapped, so nothing "not saved yet" either; the first resync is the step.
    const fresh = JSON.parse((await sandbox(['--json', 'doctor', '--only', 'mapping-health'])).stdout) as Doc;
    expect(fresh.checks.find((c) => c.id === 'mapping-health')).toMatchObject({
      status: 'skip',
      message: 'no saved mappings yet',
      hint: `Save the first mappings with \`phonebridge-sync --sandbox --config-dir ${dir} resync\`.`,
    });
    expect((await sandbox(['resync'])).code).toBe(0);
    expect((await sandbox(['fix', '--yes'])).code).toBe(0);
    // As many as the resync it names would add: fix's six, and Nikhil, who joined on day two.
    const adds = (JSON.parse((await sandbox(['--json', 'resync', '--dry-run'])).stdout) as { plan: { add: unknown[] } }).plan.add.length;
    expect(adds).toBe(7);
    // It said only "✗ mapping-health: stale: imran.qureshi@…", and nothing of the seven.
    const text = await sandbox(['doctor']);
    expect(text.stdout).toMatch(
      /\n {2}✗ mapping-health: stale: imran\.qureshi@acmetraders\.in → imran\.qureshi@acmetraders\.in: the MyOperator user no longer exists\n {6}7 pairs whose e-mails match exactly are not saved as mappings yet\n {6}fix: [^\n]*`phonebridge-sync --sandbox --config-dir \S+ resync`, with --prune or without, saves the 7 pairs not saved yet\.\n/,
    );
    const health = (JSON.parse((await sandbox(['--json', 'doctor', '--only', 'mapping-health'])).stdout) as Doc).checks.find((c) => c.id === 'mapping-health')!;
    expect(health.data).toMatchObject({ unsaved: 7 });
    // The resync named saves them: the line goes.
    expect((await sandbox(['resync'])).code).toBe(0);
    const after = (JSON.parse((await sandbox(['--json', 'doctor', '--only', 'mapping-health'])).stdout) as Doc).checks.find((c) => c.id === 'mapping-health')!;
    expect(after.message).not.toContain('not saved');
    expect(after.data).toMatchObject({ unsaved: 0 });
  });
});

describe("duplicate-emails once the active Arjun is mapped (ext 22, beside his inactive old account, ext 23)", () => {
  it('does not send the admin to `map`, which would not ask about him: it names the saved mapping', async () => {
    const dir = join(h.tmp.dir, 'arjun-mapped');
    const cli = (args: string[]) => runCli(['--config-dir', dir, '--sandbox', ...args]);
    expect((await cli(['map', '--zoho', DEMO_CASES['duplicate-email'], '--myoperator', '22'])).code).toBe(0);

    const text = await cli(['doctor', '--only', 'users']);
    const hint = /✗ duplicate-emails: [\s\S]*?\n {6}fix: (.*)\n/.exec(text.stdout)?.[1];
    expect(hint).toBe(
      "MyOperator user Arjun M. (old) (ext 23) <arjun.malhotra@acmetraders.in> is inactive already and still holds the e-mail, which deactivating does not clear: change or remove its e-mail (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); the saved mapping already names MyOperator user Arjun Malhotra (ext 22) <arjun.malhotra@acmetraders.in>.",
    );
    // Asked about the rest, `map` would not have asked about Arjun at all.
    expect(text.stdout).not.toMatch(/map the right one/);
  });
});

describe('doctor on the sandbox: one cause that stops the clients is one problem, at the first check that meets it', () => {
  // It was "– zoho-token: skipped: …" (the cause, with its fix) and seven checks "✗ … cannot check,
  // for the same reason as zoho-token": "7 failed, 5 skipped", "doctor found 7 problems".
  const userChecks = ['myoperator-api', 'zoho-emails', 'myoperator-emails', 'duplicate-emails', 'user-status', 'mismatches', 'one-side-only'];
  it.each([
    ['a state file edited by hand', '{"day":1,"emails":{},"enabled":"all","cleared":{}}\n', {}],
    ['PHONEBRIDGE_HTTP_TIMEOUT_MS=0', undefined, { PHONEBRIDGE_HTTP_TIMEOUT_MS: '0' }],
  ])('%s: zoho-token is ✗ with its fix, the checks that follow from it are skipped, and doctor counts one problem', async (name, state: string | undefined, vars: Record<string, string>) => {
    const dir = join(h.tmp.dir, `one-cause-${Object.keys(vars).length}`);
    mkdirSync(join(dir, 'sandbox'), { recursive: true, mode: 0o700 });
    if (state !== undefined) writeFileSync(join(dir, 'sandbox', 'sandbox-state.json'), state);
    const r = await runCli(['--config-dir', dir, '--sandbox', 'doctor'], vars);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 5, stderr: 'doctor found 1 problem (✗ in the report on standard output).\n' });
    const cause = name === 'PHONEBRIDGE_HTTP_TIMEOUT_MS=0' ? 'PHONEBRIDGE_HTTP_TIMEOUT_MS="0" would give every request 0 ms to answer' : "The sandbox's state file ";
    const fix = name === 'PHONEBRIDGE_HTTP_TIMEOUT_MS=0' ? 'Unset it for the default (15 s)' : 'Put it right there, or `rm ';
    expect(r.stdout).toContain(`  ✗ zoho-token: cannot check: ${cause}`);
    expect(r.stdout).toMatch(new RegExp(`\\n {2}✗ zoho-token: [^\\n]+\\n {6}fix: ${fix.replace(/[()`]/g, '\\$&')}`));
    for (const id of ['zoho-api', 'zoho-phonebridge', ...userChecks]) expect(r.stdout).toContain(`  – ${id}: skipped, for the same reason as zoho-token\n`);
    expect(r.stdout.match(/^ {2}✗ /gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/\n\d+ passed, \d+ warnings?, 1 failed, \d+ skipped\.\n$/);
  });

  // No later check failing for it, zoho-token stayed "– … skipped: The sandbox's state file …" and
  // doctor said "1 passed, 0 warnings, 0 failed, 3 skipped." with exit 0, on a sandbox that cannot start.
  it.each([
    ['zoho', '1 passed, 0 warnings, 1 failed, 2 skipped.'],
    ['zoho-token', '1 passed, 0 warnings, 1 failed, 0 skipped.'],
  ])('--only %s on a state file edited by hand: zoho-token is ✗ with its fix, and doctor exits 5', async (only, summary) => {
    const dir = join(h.tmp.dir, `one-cause-only-${only}`);
    mkdirSync(join(dir, 'sandbox'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'sandbox', 'sandbox-state.json'), '{"day":1,"emails":{},"enabled":"all","cleared":{}}\n');
    const r = await runCli(['--config-dir', dir, '--sandbox', 'doctor', '--only', only]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 5, stderr: 'doctor found 1 problem (✗ in the report on standard output).\n' });
    expect(r.stdout).toMatch(/\n {2}✗ zoho-token: cannot check: The sandbox's state file [^\n]+\n {6}fix: Put it right there, or `rm /);
    expect(r.stdout).toContain(`\n${summary}\n`);
  });

  // The same refusal was said two ways: "✗ zoho-token: cannot check: … here" under --only zoho, and
  // "✗ zoho-emails: cannot check: … here." (the sentence whole) under --only users.
  it.each([
    ['zoho', 'zoho-token'],
    ['users', 'zoho-emails'],
  ])('--only %s with PHONEBRIDGE_HTTP_TIMEOUT_MS=0: %s says the refusal as one whole sentence', async (only, id) => {
    const dir = join(h.tmp.dir, `one-form-${only}`);
    const r = await runCli(['--config-dir', dir, '--sandbox', 'doctor', '--only', only], { PHONEBRIDGE_HTTP_TIMEOUT_MS: '0' });
    expect(r.code).toBe(5);
    expect(r.stdout).toContain(
      `  ✗ ${id}: cannot check: PHONEBRIDGE_HTTP_TIMEOUT_MS="0" would give every request 0 ms to answer: it is not "no limit" here.\n      fix: Unset it for the default (15 s), or give the milliseconds to wait, e.g. 30000.\n`,
    );
  });
});

describe('a slip of the extension: Zoho Asha mapped to ext 31 (Night Shift) while her own phone, ext 11, has her e-mail', () => {
  it('doctor and match do not call her phone "no Zoho user"; the fix line names the re-map fix names, not `fix`, and the re-map as printed cures it', async () => {
    const dir = join(h.tmp.dir, 'slip');
    const cli = (args: string[]) => runCli(['--config-dir', dir, '--sandbox', ...args]);
    expect((await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '31', '--yes'])).code).toBe(0);

    const doc = await cli(['doctor']);
    expect(doc.code).toBe(5);
    expect(doc.stdout).toMatch(/ {2}! one-side-only: 1 Zoho user with no MyOperator user: Gaurav Bose <gaurav\.bose@acmetraders\.in>\n {6}1 MyOperator user with no Zoho user: Front Desk \(ext 10\) <reception@acmetraders\.in>\n/);
    // It read "asha.rao@acmetraders.in → s5f3b6c3f9b36: the e-mails differ": a uuid where MyOperator's e-mail stands.
    // Asha's pair alone is saved: the other exact matches are said to be unsaved, their resync last on the fix line.
    const health =
      /mapping-health: emails-differ: asha\.rao@acmetraders\.in → Night Shift \(ext 31\), who has no e-mail: MyOperator will not attribute its calls until it holds the Zoho one\n {6}3 pairs whose e-mails match exactly are not saved as mappings yet\n {6}fix: (.*) `phonebridge-sync --sandbox --config-dir \S+ resync` saves the 3 pairs not saved yet\.\n/.exec(
        doc.stdout,
      );
    expect(health?.[1]).toMatch(
      /^MyOperator user Asha Rao \(ext 11\) already has exactly the e-mail of Zoho user Asha Rao <asha\.rao@acmetraders\.in>, so PhoneBridge ties its calls to that Zoho user; but that Zoho user is mapped to MyOperator user Night Shift \(ext 31\), .* If the mapping is a slip, `phonebridge-sync --sandbox --config-dir \S+ map --zoho asha\.rao@acmetraders\.in --myoperator 11 --yes` maps that Zoho user to MyOperator user Asha Rao \(ext 11\) instead; if not, change the e-mail of Asha Rao \(ext 11\) in MyOperator first\.$/,
    );
    expect(health?.[1]).not.toMatch(/fix` sets/);

    const match = await cli(['match']);
    expect(match.code).toBe(0);
    expect(match.stdout).toMatch(/^zoho-mapped-elsewhere\t\t\t\w+\tasha\.rao@acmetraders\.in\t0\.00\tzoho-mapped-elsewhere$/m);
    expect(match.stdout).not.toMatch(/^myoperator-only\t.*asha\.rao/m);
    expect(match.stdout).toMatch(/^mapped\t\d+\tasha\.rao@acmetraders\.in\t\w+\t\t1\.00\tneeds-fix,zoho-mapped-elsewhere$/m);
    // The summary sends this pair to the re-map, not to `run fix` (which refuses it).
    expect(match.stderr).toContain(': 1 mapped (1 with e-mails that differ: to map again or settle first, as zoho-mapped-elsewhere says), ');
    expect(match.stderr).toContain('; 1 MyOperator user matched by none (myoperator-only); 1 MyOperator user has the e-mail of a Zoho user mapped to another (zoho-mapped-elsewhere).');
    // A CI gate on match says so too, not "run fix" (which exits 5 on this pair).
    const matchGate = await cli(['match', '--fail-on-unresolved']);
    expect(matchGate.code).toBe(5);
    expect(matchGate.stderr).toContain('1 mapped pair has e-mails that differ, so PhoneBridge attributes none of its calls (1 to map again or settle first, as zoho-mapped-elsewhere says)');
    // fix says the same of the pair, word for word.
    const fix = await cli(['fix', '--dry-run']);
    expect(fix.stdout).toContain(health![1]!);

    // Every call of the saved pair goes to nobody: a failure, as for an unmapped mismatch.
    const gate = await cli(['doctor', '--only', 'mappings']);
    expect(gate.code).toBe(5);
    expect(gate.stdout).toMatch(/ {2}✗ mapping-health: emails-differ: asha\.rao@acmetraders\.in/);

    // The cure as printed, pasted (the retargeted invocation is this test's own).
    const cure = /`phonebridge-sync (--sandbox --config-dir \S+ map --zoho asha\.rao@acmetraders\.in --myoperator 11 --yes)`/.exec(health![1]!)![1]!;
    expect((await runCli(cure.split(' '))).code).toBe(0);
    const after = await cli(['doctor', '--only', 'mappings', 'one-side-only']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/! mapping-health: 1 mapping, all current; 3 pairs whose e-mails match exactly are not saved as mappings yet\n/);
  });
});

describe('doctor against the emulators, with planted faults', () => {
  it('passes where all is well, on a config dir never used before too (CI), which it makes for the token cache and says so', async () => {
    const dir = join(h.tmp.dir, `d${++n}`);
    const { check } = await doctor(['--only', 'config', 'zoho', 'myoperator'], {}, dir);
    // zoho-token caches its token there, as README and --help say; config-dir said "does not exist
    // yet" (fix: run login) and credentials-file "no credentials file" of what the run then made.
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(check('config-dir')).toMatchObject({ status: 'pass', message: `config directory ${dir} (0700), made by this run to cache the Zoho access token` });
    expect(check('credentials-file')).toMatchObject({ status: 'pass', message: `credentials file ${join(dir, 'credentials.json')} (0600), made by this run to cache the Zoho access token` });
    expect(['zoho-credentials', 'zoho-token', 'zoho-api', 'zoho-phonebridge', 'myoperator-api'].map((id) => check(id).status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    expect(check('zoho-credentials').message).toMatch(/client id from the environment/);
    expect(check('zoho-api').message).toMatch(/users API reachable, 19 users visible \(\d+ ms\)/);
  });

  it('a login that sees nobody is a warning naming what that most likely is, not a pass', async () => {
    // zoho-api passed "users API reachable, 0 users visible", myoperator-api "API token from the environment accepted":
    // the checks of the login itself were the ones to doubt an empty side, and said nothing.
    h.e.zoho.users = [];
    h.e.mo.users = [];
    const { run, check } = await doctor(['--only', 'zoho-api', 'myoperator-api']);
    expect(run.code).toBe(0);
    const likely = (side: string) =>
      `${side} listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account that side's login belongs to and what it may list, before anything else.`;
    expect(check('zoho-api')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^users API reachable, but 0 users visible \(\d+ ms\)$/), hint: likely('Zoho') });
    expect(check('myoperator-api')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^API token from the environment accepted, but it lists no users \(\d+ ms\)$/), hint: likely('MyOperator') });
  });

  it('with a side listing nobody, the checks of users say they did not check it, rather than pass of users nobody saw', async () => {
    // user-status passed "every Zoho user is active and confirmed; every MyOperator user takes calls and has an e-mail",
    // mismatches "no pair differs only by case, …", zoho-phonebridge "0 PhoneBridge users, each a CRM user (by zuid)".
    // Its own refresh token, and one config dir (the token cached): this file's runs are near Zoho's 10 refreshes a token.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES) };
    const dir = join(h.tmp.dir, 'side-listing-nobody');
    h.e.mo.users = [];
    const mo = await doctor(['--only', 'user-status', 'mismatches'], own, dir);
    expect(mo.run.code).toBe(5);
    expect(mo.check('user-status')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^not checked: MyOperator returned no users at all(;|\n)/) });
    // Its cause counted once: mismatches, not checked for the same one, points to user-status.
    expect(mo.check('mismatches')).toMatchObject({ status: 'skip', message: 'not checked: MyOperator returned no users at all' });
    // Nor of MyOperator's e-mails: "no hidden characters in MyOperator e-mails", "no e-mail is shared by two users of one side".
    const emails = await doctor(['--only', 'myoperator-emails', 'duplicate-emails'], own, dir);
    expect(emails.check('myoperator-emails')).toMatchObject({ status: 'fail', message: 'not checked: MyOperator returned no users at all' });
    expect(emails.check('duplicate-emails')).toMatchObject({ status: 'skip', message: 'not checked: MyOperator returned no users at all; no e-mail is shared by two Zoho users' });
    h.e.zoho.users = [];
    const both = await doctor(['--only', 'user-status', 'mismatches', 'zoho-phonebridge'], own, dir);
    expect(both.run.code).toBe(5);
    expect(both.check('user-status')).toMatchObject({ status: 'fail', message: 'not checked: Zoho and MyOperator returned no users at all', data: expect.objectContaining({ emptySide: 'both' }) });
    // One reason is counted once: mismatches, failing for the same one, points to user-status.
    expect(both.check('mismatches')).toMatchObject({ status: 'skip', message: 'not checked: Zoho and MyOperator returned no users at all' });
    expect(both.doc.summary.fail).toBe(2);
    expect(both.check('zoho-phonebridge')).toMatchObject({ status: 'fail', message: 'not checked: Zoho returned no users at all', data: { emptySide: 'zoho', phonebridge: 0 } });
  });

  it('a side listing nobody is one problem, said once with its fix: the other checks of users are skipped for that reason', async () => {
    // Each check of users said "✗ … not checked: MyOperator returned no users at all" with the same
    // three-line fix: 4 failed at `doctor --only users` for one empty side.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES) };
    const dir = join(h.tmp.dir, 'side-listing-nobody-once');
    h.e.mo.users = [];
    const { run, check, doc } = await doctor(['--only', 'users'], own, dir);
    expect(run.code).toBe(5);
    expect(check('myoperator-emails')).toMatchObject({ status: 'fail', message: 'not checked: MyOperator returned no users at all' });
    // What they saw of Zoho stays in --json; the reason is counted once.
    expect(check('duplicate-emails')).toMatchObject({ status: 'skip', message: 'not checked: MyOperator returned no users at all; no e-mail is shared by two Zoho users' });
    expect(check('user-status')).toMatchObject({ status: 'skip', message: expect.stringMatching(/^not checked: MyOperator returned no users at all\n1 Zoho user not confirmed/) });
    expect(check('mismatches')).toMatchObject({ status: 'skip' });
    const failed = doc.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed).toEqual(['myoperator-emails']);
    expect(check('one-side-only')).toMatchObject({ status: 'skip', message: '18 active Zoho users not checked: MyOperator returned no users at all' });
    const text = await runCli(['--config-dir', dir, 'doctor', '--only', 'users'], env(own));
    expect(text.stdout).toContain('  ✗ myoperator-emails: not checked: MyOperator returned no users at all\n      fix: MyOperator listing nobody is far likelier');
    expect(text.stdout).toContain('  – duplicate-emails: skipped, for the same reason as myoperator-emails; no e-mail is shared by two Zoho users\n');
    expect(text.stdout).toContain('  – user-status: skipped, for the same reason as myoperator-emails\n      1 Zoho user not confirmed (invitation not accepted): Pooja Sharma');
    expect(text.stdout).toContain('  – mismatches: skipped, for the same reason as myoperator-emails\n');
    expect(text.stdout).toContain('  – one-side-only: skipped, for the same reason as myoperator-emails\n');
    expect(text.stdout.match(/listing nobody is far likelier/g)).toHaveLength(1);
    // Both sides: each is said once, by its e-mail check; "Zoho and MyOperator returned no users at
    // all" was a third ✗ with a third fix, the two said again.
    h.e.zoho.users = [];
    const both = await doctor(['--only', 'users'], own, dir);
    expect(both.doc.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['zoho-emails', 'myoperator-emails']);
    expect(both.check('duplicate-emails')).toMatchObject({ status: 'skip', message: 'not checked: Zoho and MyOperator returned no users at all' });
    // The cause the runner counts once, and the causes it is made of, are the runner's: no --json field.
    expect([...new Set(both.doc.checks.flatMap((c) => Object.keys(c)))].sort()).toEqual(['data', 'group', 'hint', 'id', 'message', 'status']);
    const bothText = await runCli(['--config-dir', dir, 'doctor', '--only', 'users'], env(own));
    expect(bothText.stdout).toContain('  – duplicate-emails: skipped, for the same reasons as zoho-emails and myoperator-emails\n');
    expect(bothText.stdout).toContain('  – one-side-only: skipped, for the same reasons as zoho-emails and myoperator-emails\n');
    expect(bothText.stdout.match(/listing nobody is far likelier/g)).toHaveLength(2);
  });

  it('a side listing nobody, warned of by its login check with its fix, is not fixed again by the first check of its users: that one points to it', async () => {
    // myoperator-api's "! … lists no users" and myoperator-emails' "✗ not checked: MyOperator returned
    // no users at all" each gave the same three-line fix ("MyOperator listing nobody is far likelier …").
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES) };
    const dir = join(h.tmp.dir, 'side-listing-nobody-login');
    h.e.mo.users = [];
    const text = await runCli(['--config-dir', dir, 'doctor'], env(own));
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/\n {2}! myoperator-api: API token from the environment accepted, but it lists no users \(\d+ ms\)\n {6}fix: MyOperator listing nobody is far likelier /);
    expect(text.stdout).toContain('  ✗ myoperator-emails: not checked: MyOperator returned no users at all\n      fix: see myoperator-api above: the same cause.\n');
    expect(text.stdout.match(/listing nobody is far likelier/g)).toHaveLength(1);
    expect(text.stdout).toMatch(/\n\d+ passed, 1 warning, 1 failed, \d+ skipped\.\n$/);
    // --json keeps each check's whole fix: a document is read one check at a time.
    const json = await doctor([], own, dir);
    expect(json.check('myoperator-emails').hint).toBe(json.check('myoperator-api').hint);
    // Both sides: each login check says its side's fix, and the first check of that side's users points to it.
    h.e.zoho.users = [];
    const both = await runCli(['--config-dir', dir, 'doctor', '--only', 'zoho', 'myoperator', 'users'], env(own));
    expect(both.stdout).toContain('  ✗ zoho-phonebridge: not checked: Zoho returned no users at all\n      fix: see zoho-api above: the same cause.\n');
    expect(both.stdout).toContain('  ✗ myoperator-emails: not checked: MyOperator returned no users at all\n      fix: see myoperator-api above: the same cause.\n');
    expect(both.stdout.match(/listing nobody is far likelier/g)).toHaveLength(2);
    expect(both.stdout).toMatch(/\n\d+ passed, 2 warnings, 2 failed, \d+ skipped\.\n$/);
  });

  it('a side listing nobody beside saved mappings: mapping-health, which cannot check them for it, is not a second problem with the same fix', async () => {
    // It was "✗ mapping-health: 4 saved mappings not checked: MyOperator returned no users at all" with
    // the whole "MyOperator listing nobody is far likelier …" again, 2 failed for one empty side.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES) };
    const dir = join(h.tmp.dir, 'side-listing-nobody-mapped');
    expect((await runCli(['--config-dir', dir, 'resync'], env(own))).code).toBe(0);
    const users = h.e.mo.users;
    h.e.mo.users = [];
    const text = await runCli(['--config-dir', dir, 'doctor'], env(own));
    expect(text.code).toBe(5);
    expect(text.stdout).toContain('  ✗ myoperator-emails: not checked: MyOperator returned no users at all\n      fix: see myoperator-api above: the same cause.\n');
    expect(text.stdout).toContain('\nMappings\n  – mapping-health: skipped, for the same reason as myoperator-emails\n\n');
    expect(text.stdout.match(/listing nobody is far likelier/g)).toHaveLength(1);
    expect(text.stdout).toMatch(/\n\d+ passed, 1 warning, 1 failed, \d+ skipped\.\n$/);
    // --json keeps what it could not check, and its whole fix.
    expect((await doctor([], own, dir)).check('mapping-health')).toMatchObject({
      status: 'skip',
      message: '4 saved mappings not checked: MyOperator returned no users at all',
      hint: expect.stringMatching(/^MyOperator listing nobody is far likelier .* \(myoperator-api says what that login sees\)\.$/),
      data: { notChecked: 4, emptySide: 'myoperator' },
    });
    // The first to meet it, it fails, pointing to the login check that warned of it; alone, with its own fix.
    const beside = await runCli(['--config-dir', dir, 'doctor', '--only', 'myoperator', 'mappings'], env(own));
    expect(beside.stdout).toContain('  ✗ mapping-health: 4 saved mappings not checked: MyOperator returned no users at all\n      fix: see myoperator-api above: the same cause.\n');
    const alone = await runCli(['--config-dir', dir, 'doctor', '--only', 'mapping-health'], env(own));
    expect(alone.code).toBe(5);
    expect(alone.stdout).toMatch(/ {2}✗ mapping-health: 4 saved mappings not checked: MyOperator returned no users at all\n {6}fix: MyOperator listing nobody is far likelier /);
    // Both sides: skipped for the two reasons the checks of each side said.
    h.e.zoho.users = [];
    const both = await runCli(['--config-dir', dir, 'doctor'], env(own));
    expect(both.stdout).toContain('  – mapping-health: skipped, for the same reasons as zoho-phonebridge and myoperator-emails\n');
    expect(both.stdout.match(/listing nobody is far likelier/g)).toHaveLength(2);
    h.e.mo.users = users;
  });

  it('both sides listing nobody beside saved mappings, with no check of users run: mapping-health points back to both login checks', async () => {
    // mapping-health's "✗ … 4 saved mappings not checked: Zoho and MyOperator returned no users at all"
    // gave "fix: Zoho and MyOperator listing nobody is far likelier …", a third time after zoho-api's
    // and myoperator-api's.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES) };
    const dir = join(h.tmp.dir, 'both-sides-listing-nobody-mapped');
    expect((await runCli(['--config-dir', dir, 'resync'], env(own))).code).toBe(0);
    h.e.zoho.users = [];
    h.e.mo.users = [];
    // Without the checks of users, the login checks' fixes are pointed to: each side's, once.
    const logins = await runCli(['--config-dir', dir, 'doctor', '--only', 'zoho-api', 'myoperator-api', 'mappings'], env(own));
    expect(logins.stdout).toContain('  ✗ mapping-health: 4 saved mappings not checked: Zoho and MyOperator returned no users at all\n      fix: see zoho-api and myoperator-api above: the same causes.\n');
    expect(logins.stdout.match(/listing nobody is far likelier/g)).toHaveLength(2);
  });

  it('a Bigin login is judged as login judges it: by its first page where Bigin sends no count, so one that sees nobody warns as a CRM one does', async () => {
    // It was ✗ "Zoho answered /bigin/v2/users/actions/count with HTTP 404: INVALID_URL_PATTERN …" for
    // every Bigin login, one that lists nobody too, which `login zoho --product bigin` had just called "0 users visible".
    const bigin = { PHONEBRIDGE_ZOHO_PRODUCT: 'bigin', PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, ['ZohoBigin.users.READ']) };
    const listed = await doctor(['--only', 'zoho-api'], bigin);
    expect(listed.run.code).toBe(0);
    expect(listed.check('zoho-api')).toMatchObject({ status: 'pass', message: expect.stringMatching(/^users API reachable, user count unknown \(Zoho did not send a number\) \(\d+ ms\)$/) });
    h.e.zoho.users = [];
    const nobody = await doctor(['--only', 'zoho-api'], bigin);
    expect(nobody.run.code).toBe(0);
    expect(nobody.check('zoho-api')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/^users API reachable, but 0 users visible \(\d+ ms\)$/),
      hint: "Zoho listing nobody is far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it: check which account that side's login belongs to and what it may list, before anything else.",
    });
  });

  it('wrong data centre: names the accounts server that refused, and the variable that chose it', async () => {
    h.e.zoho.rejectAllClients = true;
    const { run, check } = await doctor(['--only', 'zoho']);
    expect(run.code).toBe(5);
    expect(check('zoho-token').message).toMatch(/, which PHONEBRIDGE_ZOHO_ACCOUNTS_URL names, does not know this client id \(invalid_client\)/);
    // The emulators are reached through PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which PHONEBRIDGE_ZOHO_DC and
    // `login --dc` would not change (test/clients/zoho.test.ts has the hint without it).
    expect(check('zoho-token').hint).toMatch(/^A Self Client works only at its own data centre: set PHONEBRIDGE_ZOHO_ACCOUNTS_URL to that data centre's Zoho Accounts \(or a proxy to it\), or unset it to use the "in" data centre's own \(accounts\.zoho\.in\); or check --client-id \(it comes from PHONEBRIDGE_ZOHO_CLIENT_ID/);
    expect(check('zoho-token').hint).not.toMatch(/run login again|saved login's|PHONEBRIDGE_ZOHO_DC/);
  });

  it('a revoked refresh token: log in again', async () => {
    const { check } = await doctor(['--only', 'zoho-token'], { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.revoked.revoked' });
    expect(check('zoho-token').message).toMatch(/invalid_code/);
    // The token came from the environment, which wins over a login: the fix is named there.
    expect(check('zoho-token').hint).toMatch(/^The refresh token in use is PHONEBRIDGE_ZOHO_REFRESH_TOKEN \(it wins over a saved login\)/);
  });

  it("a credential revoked or missing is a failed check: doctor's exit code is its checks' (5, as README's exit codes say), where a command that needs the login stops with 3", async () => {
    const revoked = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.revoked.revoked' };
    const { run, check } = await doctor(['--only', 'zoho-token'], revoked);
    expect(check('zoho-token').status).toBe('fail');
    expect(run.code).toBe(5);
    expect((await runCli(['--config-dir', join(h.tmp.dir, `d${++n}`), 'list', 'zoho'], env(revoked))).code).toBe(3);
    // Not logged in to MyOperator at all: its check fails, and the run is still one document, exit 5.
    const missing = await doctor(['--only', 'myoperator-api'], { PHONEBRIDGE_MYOPERATOR_TOKEN: '' });
    expect(missing.check('myoperator-api').status).toBe('fail');
    expect(missing.run.code).toBe(5);
  });

  it('refresh throttled: wait', async () => {
    const rt = h.e.zoho.issueRefreshToken(CLIENT_ID);
    for (let i = 0; i < 10; i++)
      await fetch(`${h.e.zoho.url}/oauth/v2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: rt }),
      });
    const { check } = await doctor(['--only', 'zoho-token'], { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: rt });
    expect(check('zoho-token').status).toBe('fail');
    expect(check('zoho-token').hint).toMatch(/Wait 10 to 30 minutes/);
  });

  it('a missing scope: names it', async () => {
    const rt = h.e.zoho.issueRefreshToken(
      CLIENT_ID,
      FULL_SCOPES.filter((s) => s !== 'ZohoCRM.users.READ'),
    );
    const { check } = await doctor(['--only', 'zoho-api'], { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: rt });
    expect(check('zoho-api').status).toBe('fail');
    expect(check('zoho-api').message).toMatch(/lacks the scope ZohoCRM\.users\.READ/);
  });

  it('a missing scope is one problem, though zoho-api and zoho-phonebridge meet it at different endpoints (it was ✗ twice, "2 problems")', async () => {
    const rt = h.e.zoho.issueRefreshToken(
      CLIENT_ID,
      FULL_SCOPES.filter((s) => s !== 'ZohoCRM.users.READ'),
    );
    const { run, doc, check } = await doctor(['--only', 'zoho'], { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: rt });
    expect(check('zoho-api').status).toBe('fail');
    expect(check('zoho-api').message).toMatch(/lacks the scope ZohoCRM\.users\.READ/);
    expect(check('zoho-phonebridge').status).toBe('skip');
    expect(doc.summary.fail).toBe(1);
    expect(run.stderr).toBe('doctor found 1 problem (status "fail" in the document).\n');
    const text = await runCli(['--config-dir', join(h.tmp.dir, `d${++n}`), 'doctor', '--only', 'zoho'], env({ PHONEBRIDGE_ZOHO_REFRESH_TOKEN: rt }));
    expect(text.stdout).toContain('  – zoho-phonebridge: skipped, for the same reason as zoho-api\n');
  });

  it('a rejected MyOperator token, with no token in the output', async () => {
    const { run, check } = await doctor(['--only', 'myoperator'], { PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo_bad_bad_bad_bad' });
    expect(check('myoperator-api').status).toBe('fail');
    expect(check('myoperator-api').hint).toMatch(/^The token in use is PHONEBRIDGE_MYOPERATOR_TOKEN \(it wins over a saved login\)/);
    expect(run.stdout + run.stderr).not.toContain('mo_bad_bad_bad_bad');
  });

  it('loose file modes are warnings with the chmod to run; a broken mappings file fails', async () => {
    const dir = join(h.tmp.dir, 'modes');
    const login = await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', h.e.mo.token], env());
    expect(login.code).toBe(0);
    // Open to the group alone is open too: a shared group sees the tokens.
    chmodSync(dir, 0o750);
    chmodSync(join(dir, 'credentials.json'), 0o640);
    mkdirSync(join(dir, 'mappings'));
    writeFileSync(join(dir, 'mappings', 'default.json'), '{"version": 1, "mappings": [{"zoho": 1}]}');
    const { check } = await doctor(['--only', 'config'], {}, dir);
    expect(check('config-dir')).toMatchObject({ status: 'warn', message: `config directory ${dir} is mode 0750: other users can look inside`, hint: `Run \`chmod 700 ${dir}\`.` });
    expect(check('credentials-file')).toMatchObject({ status: 'warn', message: `credentials file ${join(dir, 'credentials.json')} is mode 0640: secrets readable by others`, hint: `Run \`chmod 600 ${join(dir, 'credentials.json')}\`.` });
    expect(check('mappings-file').status).toBe('fail');
    expect(check('mappings-file').message).toMatch(/mappings\[0\]\.zoho/);
  });

  it('stale mappings fail, and so do mapped pairs whose e-mails differ: MyOperator attributes none of their calls', async () => {
    const dir = join(h.tmp.dir, 'stale');
    const file = join(dir, 'm.json');
    await runCli(['--config-dir', dir, '--mappings', file, 'resync'], env());
    await runCli(['--config-dir', dir, '--mappings', file, 'map', '--zoho', DEMO_CASES.case, '--myoperator', 'ravi.kumar@acmetraders.in'], env());
    let r = await doctor(['--only', 'mapping-health'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    // A CI gate on doctor passed (a warning, exit 0) while every call of the pair went to nobody.
    expect(r.run.code).toBe(5);
    expect(r.check('mapping-health').status).toBe('fail');
    expect(r.check('mapping-health').hint).toMatch(/^MyOperator attributes calls by e-mail alone: `phonebridge-sync --config-dir \S+ fix` sets each mapped MyOperator e-mail to the Zoho one\.$/);
    expect(r.check('mapping-health').message).toMatch(/emails-differ: Ravi\.Kumar@acmetraders\.in → ravi\.kumar@acmetraders\.in/);
    h.e.mo.users = h.e.mo.users.filter((u) => u.email !== DEMO_CASES.exact);
    r = await doctor(['--only', 'mapping-health'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(r.check('mapping-health').status).toBe('fail');
    expect(r.check('mapping-health').message).toMatch(/stale: asha\.rao@acmetraders\.in → asha\.rao@acmetraders\.in: the MyOperator user no longer exists/);
    expect(r.check('mapping-health').hint).toMatch(/resync --prune/);
    // A stale pair no longer hides the cure of the pairs whose e-mails differ: before, prune alone.
    expect(r.check('mapping-health').hint).toMatch(/removes stale mappings, after checking that both sides returned users and that no more than --max-prune 10 go; MyOperator attributes calls by e-mail alone: `phonebridge-sync [^`]*fix` sets each mapped MyOperator e-mail to the Zoho one\.$/);
    // A seat handed on: Imran's MyOperator e-mail retyped since it was mapped. doctor says to what,
    // and that fix sets it back only where it is still the same person (fix holds it until --only names it).
    h.e.mo.users.find((u) => u.email === 'imran.qureshi@acmetraders.in')!.email = 'rohit.new@acmetraders.in';
    r = await doctor(['--only', 'mapping-health'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(r.check('mapping-health').message).toContain(
      'stale: imran.qureshi@acmetraders.in → imran.qureshi@acmetraders.in: the MyOperator e-mail is not the one recorded (now "rohit.new@acmetraders.in")',
    );
    expect(r.check('mapping-health').hint).toMatch(
      /a pair whose MyOperator user holds another e-mail than the one it was recorded with is set only where it is still the same person: `phonebridge-sync [^`]*fix --dry-run` names the `fix --only` for each; MyOperator attributes calls by e-mail alone: `phonebridge-sync [^`]*fix` sets the other mapped MyOperator e-mails to the Zoho ones\.$/,
    );
    // A Zoho-side change (Imran's seat given back, Sneha's Zoho e-mail changed) is no hold: fix plans it as it is.
    h.e.mo.users.find((u) => u.email === 'rohit.new@acmetraders.in')!.email = 'imran.qureshi@acmetraders.in';
    h.e.zoho.users.find((u) => u.email === 'sneha.reddy@acmetraders.in')!.email = 'sneha.r@acmetraders.in';
    r = await doctor(['--only', 'mapping-health'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(r.check('mapping-health').message).toContain('stale: sneha.reddy@acmetraders.in → sneha.reddy@acmetraders.in: the Zoho e-mail is not the one recorded (now "sneha.r@acmetraders.in")');
    expect(r.check('mapping-health').hint).not.toContain('changed since it was mapped is set back');
    expect(r.check('mapping-health').hint).toMatch(/MyOperator attributes calls by e-mail alone: `phonebridge-sync [^`]*fix` sets each mapped MyOperator e-mail to the Zoho one\.$/);
  });

  it('pairs fix set with no mapping match exactly but are not saved: a warning naming resync, not "all current"', async () => {
    const dir = join(h.tmp.dir, 'unsaved');
    const file = join(dir, 'm.json');
    // Its own refresh token: this file's runs are near Zoho's 10 refreshes a token.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES), PHONEBRIDGE_MAPPINGS_FILE: file };
    expect((await runCli(['--config-dir', dir, 'resync'], env(own))).code).toBe(0);
    let r = await doctor(['--only', 'mapping-health'], own, dir);
    expect(r.check('mapping-health')).toMatchObject({ status: 'pass', message: '4 mappings, all current', data: { unsaved: 0 } });
    expect((await runCli(['--config-dir', dir, 'fix', '--yes'], env(own))).code).toBe(0);
    r = await doctor(['--only', 'mapping-health'], own, dir);
    // It passed, "4 mappings, all current", with the five fix had just set left out of the file.
    expect(r.run.code).toBe(0);
    expect(r.check('mapping-health')).toMatchObject({
      status: 'warn',
      message: '4 mappings, all current; 5 pairs whose e-mails match exactly are not saved as mappings yet',
      hint: `\`phonebridge-sync --config-dir ${dir} resync\` saves the 5 pairs not saved yet.`,
      data: { unsaved: 5 },
    });
    expect((await runCli(['--config-dir', dir, 'resync'], env(own))).code).toBe(0);
    r = await doctor(['--only', 'mapping-health'], own, dir);
    expect(r.check('mapping-health')).toMatchObject({ status: 'pass', message: '9 mappings, all current', data: { unsaved: 0 } });
  });

  it("a pair set right, then given back its Cyrillic 'а' in MyOperator: the e-mails said to differ are the two that differ now, not the two recorded (equal)", async () => {
    const dir = join(h.tmp.dir, 'lookalike-back');
    const file = join(dir, 'm.json');
    const anil = DEMO_CASES['confusable-character'];
    const phone = h.e.mo.users.find((u) => String(u.extension) === '15')!;
    const cyrillic = phone.email;
    phone.email = anil;
    expect((await runCli(['--config-dir', dir, '--mappings', file, 'map', '--zoho', anil, '--myoperator', '15'], env())).code).toBe(0);
    phone.email = cyrillic;
    const r = await doctor(['--only', 'mapping-health'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(r.check('mapping-health').status).toBe('fail');
    expect(r.check('mapping-health').message.split('\n')).toEqual([
      'stale: anil.mehta@acmetraders.in → anil.mehta@acmetraders.in: the MyOperator e-mail is not the one recorded (now "<U+0430>nil.mehta@acmetraders.in")',
      // It read "anil.mehta@acmetraders.in → anil.mehta@acmetraders.in: the e-mails differ".
      'emails-differ: anil.mehta@acmetraders.in → <U+0430>nil.mehta@acmetraders.in: the e-mails differ, so MyOperator will not attribute its calls until they are equal',
      // Anil's pair was mapped alone: the exact matches a resync adds are not saved yet.
      '4 pairs whose e-mails match exactly are not saved as mappings yet',
    ]);
  });

  it('--only mappings with a broken mappings file shows mappings-file failing and exits 5, not a skip that passes', async () => {
    const dir = join(h.tmp.dir, 'broken-only');
    const file = join(dir, 'm.json');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '{"mappings": 3');
    const { run, doc } = await doctor(['--only', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(run.code).toBe(5);
    // --json: nothing is "above"; the sentence points at the document.
    expect(run.stderr).toContain('doctor found 1 problem (status "fail" in the document).');
    expect(doc.checks.map((c) => [c.id, c.status])).toEqual([
      ['mappings-file', 'fail'],
      ['mapping-health', 'skip'],
    ]);
    expect(readFileSync(file, 'utf8')).toBe('{"mappings": 3');
  });

  it('logged in to Zoho only: the checks of Zoho alone run on its users; those that need both say MyOperator is not logged in', async () => {
    const { run, check } = await doctor([], { PHONEBRIDGE_MYOPERATOR_TOKEN: '' });
    expect(run.code).toBe(5);
    expect(check('zoho-api').status).toBe('pass');
    expect([check('zoho-emails').status, check('zoho-emails').message]).toEqual(['pass', 'no hidden characters in Zoho e-mails']);
    expect(check('zoho-phonebridge').message).not.toMatch(/MyOperator/);
    expect(check('myoperator-emails').message).toMatch(/^cannot check: Not logged in to MyOperator/);
  });

  it('no mappings yet and MyOperator not logged in: mapping-health does not send the admin to a resync that cannot run yet', async () => {
    const dir = join(h.tmp.dir, 'zoho-only-first-run');
    const { check } = await doctor([], { PHONEBRIDGE_MYOPERATOR_TOKEN: '' }, dir);
    expect(check('mapping-health')).toMatchObject({
      status: 'skip',
      message: 'no saved mappings yet',
      // A document has no "above" ("see the failures above" was said in it): the check that failed is named by its id.
      hint: `Once both sides can be read (myoperator-api says why), \`phonebridge-sync --config-dir ${dir} resync\` saves the first mappings.`,
    });
    const resync = await runCli(['--config-dir', dir, 'resync'], env({ PHONEBRIDGE_MYOPERATOR_TOKEN: '' }));
    expect(resync.code).toBe(3);
    // Both logged in, the hint is the resync itself.
    expect((await doctor(['--only', 'mapping-health'], {}, dir)).check('mapping-health').hint).toBe(`Save the first mappings with \`phonebridge-sync --config-dir ${dir} resync\`.`);
  });

  // It named every check that failed before it as saying why: "(zoho-phonebridge and myoperator-api
  // say why)", though PhoneBridge's list is not what keeps the users from being read.
  it('no mappings yet, MyOperator not logged in and zoho-phonebridge failing too: mapping-health names only the check that says why the users cannot be read', async () => {
    h.e.zoho.users = [];
    const dir = join(h.tmp.dir, 'zoho-empty-myoperator-out');
    // Its own refresh token: this file's runs are near Zoho's 10 refreshes a token.
    const { doc, check } = await doctor([], { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES), PHONEBRIDGE_MYOPERATOR_TOKEN: '' }, dir);
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['zoho-phonebridge', 'myoperator-api']);
    expect(check('mapping-health').hint).toBe(`Once both sides can be read (myoperator-api says why), \`phonebridge-sync --config-dir ${dir} resync\` saves the first mappings.`);
  });

  // `--only mappings` on a first run said "Once both sides can be read (see the failures above)" under
  // a report with no failure in it: the checks that say why were not run.
  it('no mappings yet, a side not logged in, and --only mappings: the hint names the doctor that says why, not failures that are not above', async () => {
    const dir = join(h.tmp.dir, 'zoho-only-only-mappings');
    // Its own refresh token, and one config dir (the token cached): this file's runs are near Zoho's 10 refreshes a token.
    const own = { PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID, FULL_SCOPES), PHONEBRIDGE_MYOPERATOR_TOKEN: '' };
    const alone = await runCli(['--config-dir', dir, 'doctor', '--only', 'mappings'], env(own));
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain(
      `  – mapping-health: no saved mappings yet\n      fix: Once both sides can be read (\`phonebridge-sync --config-dir ${dir} doctor\` says why they cannot now), \`phonebridge-sync --config-dir ${dir} resync\` saves the first mappings.\n`,
    );
    // With the check that fails for it above, the hint names it.
    const above = await runCli(['--config-dir', dir, 'doctor', '--only', 'myoperator', 'mappings'], env(own));
    expect(above.code).toBe(5);
    expect(above.stdout).toMatch(/\n {2}✗ myoperator-api: /);
    expect(above.stdout).toContain(`      fix: Once both sides can be read (myoperator-api says why), \`phonebridge-sync --config-dir ${dir} resync\` saves the first mappings.\n`);
  });

  it('a first run says there is no mappings file yet, rather than "0 mappings" of a file that is not there', async () => {
    const dir = join(h.tmp.dir, 'no-mappings-yet');
    const { check } = await doctor(['--only', 'mappings-file'], {}, dir);
    expect(check('mappings-file')).toMatchObject({ status: 'pass', message: `no mappings file yet (${join(dir, 'mappings', 'default.json')}): the first resync or map creates it` });
  });

  it('zoho-token says whether Zoho accepted the refresh token just now or the token came from the cache', async () => {
    const dir = join(h.tmp.dir, 'token-source');
    const first = await doctor(['--only', 'zoho'], {}, dir);
    expect(first.check('zoho-token').message).toMatch(/^refreshed just now: Zoho accepted the refresh token; access token valid for \d+ more minutes/);
    const second = await doctor(['--only', 'zoho'], {}, dir);
    expect(second.check('zoho-token').message).toMatch(/^a cached access token, valid for \d+ more minutes \(not asked of Zoho here; zoho-api uses it\)$/);
  });

  it('--only with an unknown check is exit 2 listing the checks', async () => {
    const run = await runCli(['--config-dir', h.tmp.dir, 'doctor', '--only', 'nope'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--only nope: no such check\.\nChecks: config-dir, credentials-file/);
  });

  it('changes nothing but the Zoho token cache: every other file is byte-identical, and the token it refreshed is reused by the next run', async () => {
    const dir = join(h.tmp.dir, 'untouched');
    await runCli(
      ['--config-dir', dir, 'login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--refresh-token', h.e.refreshToken],
      env(),
    );
    await runCli(['--config-dir', dir, 'resync'], env());
    h.e.zoho.clockOffsetMs = 0;
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => statSync(join(dir, f)).isFile())
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      );
    const before = snapshot();
    // an expired cached token forces a refresh inside doctor: the new one is cached, as any command
    // caches it (in memory only, doctor runs while troubleshooting spent Zoho's ~10 refreshes per 10 minutes)
    const cred = JSON.parse(before['credentials.json']!);
    cred.profiles.default.zoho.token.expiresAt = 1;
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify(cred));
    const expired = snapshot();
    const refreshes = h.e.zoho.tokenCalls.refresh_token;
    const { check } = await doctor([], {}, dir);
    expect(check('zoho-token').status).toBe('pass');
    expect(h.e.zoho.tokenCalls.refresh_token - refreshes).toBe(1);
    const after = snapshot();
    const { 'credentials.json': credsAfter, ...rest } = after;
    const { 'credentials.json': _credsBefore, ...restBefore } = expired;
    expect(rest).toEqual(restBefore);
    const saved = JSON.parse(credsAfter!).profiles.default.zoho;
    expect({ ...saved, token: undefined }).toEqual({ ...cred.profiles.default.zoho, token: undefined });
    expect(saved.token.expiresAt).toBeGreaterThan(Date.now());
    await doctor([], {}, dir);
    expect(h.e.zoho.tokenCalls.refresh_token - refreshes).toBe(1);
  });
});

describe('doctor --webhook', () => {
  const legacy = (rr: object) => JSON.stringify({ _ci: 'call-1', _ev: '1', _su: '1', _ld: [{ _ds: 'ANSWER', _ac: 'received', _rr: [rr] }] });
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = join(h.tmp.dir, 'calls');
    file = join(dir, 'm.json');
    await runCli(['--config-dir', dir, '--mappings', file, 'map', '--zoho', DEMO_CASES['zoho-only'], '--myoperator', '10'], env());
  });
  async function call(payload: string) {
    const p = join(h.tmp.dir, `call-${++n}.txt`);
    writeFileSync(p, payload);
    return doctor(['--only', 'calls', '--webhook', p], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
  }
  const mo = (email: string) => demoCompany().myoperator.find((u) => u.email === email)!;

  it('a mapped agent whose e-mails differ (form field, found by uuid): nobody, since MyOperator reads e-mails, not our mappings; the fix is `fix`', async () => {
    const front = mo('reception@acmetraders.in');
    const { check } = await call(new URLSearchParams({ myoperator: legacy({ _id: front.uuid, _ex: '10', _na: 'Front Desk' }) }).toString());
    expect(check('webhook').status).toBe('fail');
    expect(check('webhook').message).toMatch(/would be attributed to nobody[\s\S]*A saved mapping ties it to Zoho user Gaurav Bose <gaurav\.bose@acmetraders\.in>, but MyOperator does not read our mappings/);
    expect(check('webhook').hint).toMatch(/`phonebridge-sync --config-dir \S+ fix/);
    expect(check('webhook').data).toMatchObject({ via: null, agentBy: 'uuid', mapped: { email: 'gaurav.bose@acmetraders.in' } });
  });

  it("an agent whose e-mail is another Zoho user's than its saved pair's: the call goes to that user, and fix's refusal is said, not `fix` as the cure; a warning, as --calls counts such calls apart", async () => {
    const own = join(h.tmp.dir, 'slip.json');
    // Meena's Zoho user saved with Asha's phone (ext 11): a slip of the extension.
    expect((await runCli(['--config-dir', dir, '--mappings', own, 'map', '--zoho', 'meena.iyer@acmetraders.in', '--myoperator', '11'], env())).code).toBe(0);
    const p = join(h.tmp.dir, 'slip-call.json');
    writeFileSync(p, legacy({ _ex: '11', _na: 'Asha Rao' }));
    const { run, check } = await doctor(['--only', 'calls', '--webhook', p], { PHONEBRIDGE_MAPPINGS_FILE: own }, dir);
    // It passed (✓), where --calls counts that seat's calls "attributed to another Zoho user than the saved mapping's" (!).
    expect(check('webhook').status).toBe('warn');
    expect(check('webhook').data).toMatchObject({ cure: 'conflict' });
    expect(run.code).toBe(0);
    const message = check('webhook').message;
    expect(message).toMatch(/^call call-1 goes to Zoho user Asha Rao <asha\.rao@acmetraders\.in>/);
    expect(message).toContain('A saved mapping ties it to Zoho user Meena Iyer <meena.iyer@acmetraders.in>, but MyOperator does not read our mappings: it attributes by e-mail alone, and the two differ.\n');
    // It said "`phonebridge-sync fix` sets the MyOperator e-mail to the Zoho one", which fix refuses to do.
    expect(message).not.toMatch(/fix` sets/);
    expect(message).toMatch(/\n`fix` cannot: PhoneBridge gives the calls of MyOperator user Asha Rao \(ext 11\) to Zoho user Asha Rao <asha\.rao@acmetraders\.in> now: both have "asha\.rao@acmetraders\.in"\..*`phonebridge-sync --config-dir \S+ map --unmap \d+` removes it/);
    const plan = await runCli(['--config-dir', dir, '--mappings', own, 'fix', '--dry-run', '--only', '11'], env());
    expect(plan.stdout).toMatch(/^conflict\t/);
  });

  it('an agent with no e-mail (Night Shift, ext 31): one cure, the fix line\'s `fix --only 31`, not also a bare `fix` that would set every user\'s e-mail', async () => {
    const { run, check } = await call(legacy({ _ex: '31', _na: 'Night Shift' }));
    expect(run.code).toBe(5);
    const lines = check('webhook').message.split('\n');
    expect(lines.at(-1)).toBe('It has no e-mail, so the e-mail rule cannot apply.');
    expect(check('webhook').message).not.toMatch(/fix`/);
    expect(check('webhook').hint).toMatch(
      /map them by hand to their Zoho user \(`phonebridge-sync --config-dir \S+ map --myoperator 31 --zoho <zoho e-mail>`\), then `phonebridge-sync --config-dir \S+ fix --only 31`; a shared line can stay as it is: `phonebridge-sync --config-dir \S+ map --ignore-myoperator 31` leaves it unmapped on purpose\.$/,
    );
  });

  it('a call that rang one agent (missed) and was answered by another: judged by the one who answered, as --calls reads the legs', async () => {
    const asha = mo(DEMO_CASES.exact);
    const ravi = mo('ravi.kumar@acmetraders.in');
    const doc = {
      _ci: 'call-2',
      _ev: '1',
      _su: '1',
      _ld: [
        { _ds: 'NOANSWER', _ac: 'missed', _rr: [{ _na: asha.name, _ex: asha.extension }] },
        { _ds: 'ANSWER', _ac: 'received', _rr: [{ _na: ravi.name, _ex: ravi.extension }] },
      ],
    };
    const { check } = await call(JSON.stringify(doc));
    // It said "call call-2 goes to Zoho user Asha Rao", and passed, of a call Ravi answered.
    expect(check('webhook').status).toBe('fail');
    expect(check('webhook').message).toMatch(/^call call-2 would be attributed to nobody\nThe agent is MyOperator user Ravi Kumar <ravi\.kumar@acmetraders\.in> \(found by extension\)\./);
    expect(check('webhook').data).toMatchObject({ agent: { extension: ravi.extension }, agentBy: 'extension' });
  });

  it("README's call.json of a mapped pair whose e-mails are equal: 'as the saved mapping says' once, in the headline, not again in a step", async () => {
    const asha = mo(DEMO_CASES.exact);
    const own = join(h.tmp.dir, 'equal-pair.json');
    expect((await runCli(['--config-dir', dir, '--mappings', own, 'map', '--zoho', DEMO_CASES.exact, '--myoperator', asha.extension], env())).code).toBe(0);
    const p = join(h.tmp.dir, 'equal-pair-call.json');
    writeFileSync(p, JSON.stringify({ _ci: 'c1', _ld: [{ _ac: 'received', _rr: [{ _ex: asha.extension }] }] }));
    const run = await runCli(['--config-dir', dir, '--mappings', own, 'doctor', '--only', 'calls', '--webhook', p], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ webhook: call c1 goes to Zoho user Asha Rao <asha\.rao@acmetraders\.in> \(zohouser \d+\) through the e-mail rule, as the saved mapping says\n/);
    expect(run.stdout).toContain("Its e-mail is byte-identical to Zoho user Asha Rao's.\n");
    expect(run.stdout.match(/as the saved mapping says/g)).toHaveLength(1);
    // As README gives it, without --only: the answer came after every other check, and exit 5 for
    // the demo's unrelated failures (mismatches, duplicate e-mails) though this call goes to Asha.
    const asked = await runCli(['--config-dir', dir, '--mappings', own, 'doctor', '--webhook', p], env());
    expect({ code: asked.code, stderr: asked.stderr }).toEqual({ code: 0, stderr: '' });
    expect(asked.stdout).toMatch(/^Config\n {2}✓ mappings-file: [^\n]*\n\nCalls\n {2}✓ webhook: call c1 goes to Zoho user Asha Rao /);
    expect(asked.stdout).toMatch(/\n\n2 passed, 0 warnings, 0 failed, 0 skipped\.\n$/);
  });

  it('a missed call (every leg missed), or one with no legs: nothing to check, exit 0, as --calls judges answered calls only', async () => {
    const asha = mo(DEMO_CASES.exact);
    const { run, check } = await call(JSON.stringify({ _ci: 'call-3', _ev: '1', _su: '2', _ld: [{ _ds: 'NOANSWER', _ac: 'missed', _rr: [{ _na: asha.name, _ex: asha.extension }] }] }));
    // It was ✗ "would be attributed to nobody" (then, of Asha's phone, "goes to Asha"), exit 5, beside "nothing to fix".
    expect(run.code).toBe(0);
    expect(check('webhook')).toMatchObject({
      status: 'skip',
      message: 'call call-3 was not answered (no leg of it was received): PhoneBridge has no agent to attribute it to, so there is nothing to check',
      hint: null,
    });
    // A body whose legs list none: as README says of it, nothing to judge. It was ✗ "would be attributed to nobody", exit 5, beside "nothing to fix".
    const legless = await call('{"_ld":[]}');
    expect(legless.run.code).toBe(0);
    expect(legless.check('webhook')).toMatchObject({
      status: 'skip',
      message: 'the call lists no legs (its "_ld" is empty): it reached no agent, so PhoneBridge has no one to attribute it to, and there is nothing to check',
      hint: null,
    });
    // No agent named anywhere (no `_ld`, or one leg neither answered nor missed with none): each was
    // ✗ "would be attributed to nobody", exit 5, beside "nothing to fix": a failure with no cure.
    for (const body of ['{"_ci":"c9"}', '{"_ci":"c9","_ld":[{"_rr":[]}]}']) {
      const nobody = await call(body);
      expect({ body, code: nobody.run.code }).toEqual({ body, code: 0 });
      expect(nobody.check('webhook')).toMatchObject({
        status: 'skip',
        message: 'call c9 names no agent (no _id, _ex or _em): nobody answered it, or it is not an after-call payload, so there is nothing to check',
        hint: null,
      });
    }
  });

  it.each([
    ['an empty _rr', { _ci: 'call-4', _ld: [{ _ds: 'ANSWER', _ac: 'received', _rr: [] }] }],
    ['no _rr, in the newer envelope', { event_type: 'call.end', session_id: 'call-4', payload: { _ld: [{ _ac: 'received' }] } }],
  ])('an answered call whose answered leg records no agent (%s): answered, not "nobody answered it"; a warning, since nothing can cure it', async (_n, doc) => {
    const { run, check } = await call(JSON.stringify(doc));
    // It was ✗, exit 5, beside "fix: No agent is named as answering this call; nothing to fix.": a
    // failure with no cure. --calls counts such a call `!` (an unknown agent), and so does this.
    expect(run.code).toBe(0);
    // It said "The payload names no agent (no _id, _ex or _em): nobody answered it, …" of a call its own leg says was received.
    expect(check('webhook')).toMatchObject({
      status: 'warn',
      message:
        'call call-4 would be attributed to nobody\nIt was answered, but no agent is recorded on its answered leg (no _id, _ex or _em in _rr): PhoneBridge cannot attribute it to a user, and no change to the users or mappings would.',
      hint: null,
    });
  });

  it('an answered leg naming its agent by name alone (no _id, _ex or _em): not "no agent is recorded", nor "No MyOperator user has" a user MyOperator has', async () => {
    const asha = mo(DEMO_CASES.exact);
    const { run, check } = await call(JSON.stringify({ _ci: 'call-8', _ld: [{ _ds: 'ANSWER', _ac: 'received', _rr: [{ _na: asha.name }] }] }));
    // It was ✗, exit 5, beside "fix: PhoneBridge does not attribute a call by the agent's name alone; nothing to fix for this call."
    // (and before that 'No MyOperator user has "Asha Rao": the agent has left, or was renamed; …').
    expect(run.code).toBe(0);
    expect(check('webhook')).toMatchObject({
      status: 'warn',
      message: `call call-8 would be attributed to nobody\nIt was answered by "${asha.name}", but its answered leg records only that name (no _id, _ex or _em in _rr): PhoneBridge does not attribute a call by the agent's name alone, and no change to the users or mappings would.`,
      hint: null,
    });
  });

  it('a leg neither answered nor missed naming its agent by name alone: not "names no agent", nor "No MyOperator user has" a user MyOperator has; nothing to check', async () => {
    const asha = mo(DEMO_CASES.exact);
    const { run, check } = await call(JSON.stringify({ _ci: 'call-10', _ld: [{ _rr: [{ _na: asha.name }] }] }));
    // It was ✗ "The payload names no agent (no _id, _ex or _em): nobody answered it, …", exit 5, beside
    // 'fix: No MyOperator user has "Asha Rao": the agent has left, or was renamed; nothing to fix for past calls.'
    expect(run.code).toBe(0);
    expect(check('webhook')).toMatchObject({
      status: 'skip',
      message: `call call-10 names its agent by name alone ("${asha.name}": no _id, _ex or _em in _rr), on a leg not marked answered: PhoneBridge does not attribute a call by the agent's name alone, so there is nothing to check`,
      hint: null,
    });
  });

  it('a call whose only named agent is on a missed leg: that agent is named, not "The payload names no agent"; nothing to check unless a leg says it was answered', async () => {
    const asha = mo(DEMO_CASES.exact);
    const missedLeg = { _ds: 'NOANSWER', _ac: 'missed', _rr: [{ _na: asha.name, _ex: asha.extension }] };
    const { run, check } = await call(JSON.stringify({ _ci: 'call-6', _ld: [missedLeg, { _rr: [] }] }));
    // It was ✗ "would be attributed to nobody", exit 5, beside "fix: No agent is recorded as answering
    // it (Asha Rao's leg was missed); nothing to fix.": a failure with no cure. As a call whose one
    // leg neither answered nor missed names nobody, it is nothing to check.
    expect(run.code).toBe(0);
    expect(check('webhook')).toMatchObject({
      status: 'skip',
      message: `call call-6 names an agent only on a leg marked missed (${asha.name}, ext ${asha.extension}), and no leg that may have answered it records one (no _id, _ex or _em in _rr): PhoneBridge has no agent to attribute it to, so there is nothing to check`,
      hint: null,
    });
    // Named there by name alone: it was "call call-6 names no agent (no _id, _ex or _em): nobody answered it, or it is not an after-call payload".
    const byName = await call(JSON.stringify({ _ci: 'call-6', _ld: [{ ...missedLeg, _rr: [{ _na: asha.name }] }, { _rr: [] }] }));
    expect(byName.run.code).toBe(0);
    expect(byName.check('webhook')).toMatchObject({
      status: 'skip',
      message: `call call-6 names an agent only on a leg marked missed (${asha.name}), and no leg that may have answered it records one (no _id, _ex or _em in _rr): PhoneBridge has no agent to attribute it to, so there is nothing to check`,
    });
    // Beside a leg that says it was answered and records nobody: the call will not be attributed, a
    // warning (as above), and her missed leg is still named, as the fix line named it.
    const answered = await call(JSON.stringify({ _ci: 'call-6', _ld: [missedLeg, { _ac: 'received', _rr: [] }] }));
    expect(answered.run.code).toBe(0);
    expect(answered.check('webhook')).toMatchObject({
      status: 'warn',
      message: `call call-6 would be attributed to nobody\nIt was answered, but no agent is recorded on its answered leg (no _id, _ex or _em in _rr), and the only agent it names (${asha.name}, ext ${asha.extension}) is on a leg marked missed: PhoneBridge cannot attribute it to a user, and no change to the users or mappings would.`,
      hint: null,
    });
  });

  it("the newer envelope carrying the flat form's fields in its payload: the call is named by its _ci, as the flat form's is", async () => {
    const ravi = mo('ravi.kumar@acmetraders.in');
    const legs = [{ _ds: 'ANSWER', _ac: 'received', _rr: [{ _ex: ravi.extension }] }];
    const { check } = await call(JSON.stringify({ event_id: 'evt-77', event_type: 'call.end', session_id: 'sess-9', payload: { _ci: 'call-5', _ld: legs } }));
    // It was "call sess-9 would be attributed to nobody": an id the flat form of the same call never shows.
    expect(check('webhook').message).toMatch(/^call call-5 would be attributed to nobody\n/);
    expect(check('webhook').data).toMatchObject({ form: 'envelope', callId: 'call-5' });
  });

  it('an envelope whose payload is a JSON string is read as the object it holds; a payload that is no object is said as such', async () => {
    const ravi = mo('ravi.kumar@acmetraders.in');
    const inner = { _ci: 'call-7', _ld: [{ _ds: 'ANSWER', _ac: 'received', _rr: [{ _ex: ravi.extension }] }] };
    const asObject = await call(JSON.stringify({ event_type: 'call.end', payload: inner }));
    // It was "The payload names no agent (no _id, _ex or _em): nobody answered it, or it is not an after-call payload."
    const asString = await call(JSON.stringify({ event_type: 'call.end', payload: JSON.stringify(inner) }));
    expect(asString.check('webhook').message).toBe(asObject.check('webhook').message);
    expect(asString.check('webhook').message).toMatch(/^call call-7 would be /);
    for (const [payload, said] of [
      ['nope', 'is a string that is not a JSON object'],
      [[inner], 'is a list, not an object'],
    ] as const) {
      const p = join(h.tmp.dir, `call-${++n}.txt`);
      writeFileSync(p, JSON.stringify({ event_type: 'call.end', payload }));
      const run = await runCli(['--config-dir', dir, 'doctor', '--webhook', p], env());
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: '', stderr: `${p}: its "payload" ${said}: it names no call.\nSave the raw webhook request body, unchanged.\n` });
    }
  });

  it('the newer envelope naming no agent: said without the flat form\'s key names, which are not its own', async () => {
    // A "name" of the payload itself is not its agent's (a caller's, a campaign's).
    const { check } = await call(JSON.stringify({ event_type: 'call.end', session_id: 'sess-3', payload: { direction: 'inbound', name: 'Asha Rao', agent: { status: 'free' } } }));
    // It was "The payload names no agent (no _id, _ex or _em): …", keys of the legacy form; then ✗ with "nothing to fix".
    expect(check('webhook')).toMatchObject({
      status: 'skip',
      message: 'call sess-3 names no agent (no agent id, e-mail or extension in it): nobody answered it, or it is not an after-call payload, so there is nothing to check',
    });
  });

  describe('the newer envelope naming its agent by name alone (no id, e-mail or extension)', () => {
    // Each was "The payload names no agent (no agent id, e-mail or extension in it): nobody answered it, or it is not an after-call payload."
    const named = (name: string) => call(JSON.stringify({ event_type: 'call.end', session_id: 'sess-4', payload: { direction: 'inbound', agent: { name } } }));

    it('the one MyOperator user of that name: judged as that agent, and said to be found by name', async () => {
      const { run, check } = await named('Asha Rao');
      expect(run.code).toBe(0);
      expect(check('webhook').status).toBe('pass');
      expect(check('webhook').message).toMatch(
        /^call sess-4 goes to Zoho user Asha Rao <asha\.rao@acmetraders\.in> \(zohouser \d+\) through the e-mail rule\nThe payload names the agent "Asha Rao" but no agent id, e-mail or extension; one MyOperator user has that name\.\nThe agent is MyOperator user Asha Rao <asha\.rao@acmetraders\.in> \(found by name\)\.\n/,
      );
      expect(check('webhook').data).toMatchObject({ agent: { name: 'Asha Rao' }, agentBy: 'name', via: 'email' });
    });

    it('in another letter case, of an agent whose e-mails differ: the cure fix gives that agent', async () => {
      const ravi = mo('ravi.kumar@acmetraders.in');
      const { run, check } = await named('ravi kumar');
      expect(run.code).toBe(5);
      expect(check('webhook').message.split('\n').slice(0, 3)).toEqual([
        'call sess-4 would be attributed to nobody',
        'The payload names the agent "ravi kumar" but no agent id, e-mail or extension; one MyOperator user has that name.',
        'The agent is MyOperator user Ravi Kumar <ravi.kumar@acmetraders.in> (found by name).',
      ]);
      expect(check('webhook').hint).toMatch(new RegExp(`fix --only ${ravi.extension}\` sets its MyOperator e-mail to "Ravi\\.Kumar@acmetraders\\.in"\\.$`));
    });

    it('a name no MyOperator user has: that name, and the agent has left or was renamed; a warning, as --calls counts an unknown agent', async () => {
      const { run, check } = await named('Karan Shah');
      // It was ✗, exit 5, beside its own "nothing to fix for past calls".
      expect(run.code).toBe(0);
      expect(check('webhook').status).toBe('warn');
      expect(check('webhook').message).toBe(
        'call sess-4 would be attributed to nobody: the agent has left, or was renamed, and a past call cannot be attributed after the fact\nThe payload names the agent "Karan Shah" but no agent id, e-mail or extension, and no MyOperator user has that name.',
      );
      // No fix line that says there is nothing to do: it was '…; nothing to fix for past calls.'
      expect(check('webhook').hint).toBeNull();
    });
  });

  it('an e-mail-matched agent (found by extension): the Zoho user with the same e-mail', async () => {
    const asha = mo(DEMO_CASES.exact);
    const { check } = await call(legacy({ _id: 'unknown-uuid', _ex: asha.extension, _em: asha.email }));
    expect(check('webhook').data).toMatchObject({ via: 'email', agentBy: 'extension', zoho: { email: DEMO_CASES.exact } });
  });

  it('an unmatched agent: nobody, and exactly why', async () => {
    const ravi = mo('ravi.kumar@acmetraders.in');
    const { run, check } = await call(JSON.stringify({ event_type: 'call.answered', session_id: 's9', payload: { agent: { uuid: ravi.uuid } } }));
    expect(run.code).toBe(5);
    expect(check('webhook').status).toBe('fail');
    expect(check('webhook').message).toMatch(/would be attributed to nobody[\s\S]*Its e-mail "ravi\.kumar@acmetraders\.in" differs from the Zoho e-mail "Ravi\.Kumar@acmetraders\.in" only in letter case, and PhoneBridge matches e-mails byte for byte: letter case differs at positions 1 \("R" in Zoho, "r" in MyOperator\), 6 \("K" in Zoho, "k" in MyOperator\)\.$/);
    // The cure --calls gives this agent: fix alone (a single candidate, both active), no map first.
    // As the terminal shows it: with the --config-dir of this run, so a script pasting it acts on the same users.
    expect(check('webhook').hint).toMatch(/^`phonebridge-sync --config-dir \S+ fix --only 12` sets its MyOperator e-mail to "Ravi\.Kumar@acmetraders\.in"\.$/);
    expect(check('webhook').data).toMatchObject({ cure: 'fix' });
  });

  it('an agent two Zoho e-mails resemble: one sentence naming both, the rule once, and which of them its e-mail must become', async () => {
    const ravi = mo('ravi.kumar@acmetraders.in');
    const zRavi = h.e.zoho.users.find((u) => u.email === 'Ravi.Kumar@acmetraders.in')!;
    h.e.zoho.users = [...h.e.zoho.users, { ...zRavi, id: '4815900000000999001', zuid: '60099001', email: 'RAVI.KUMAR@acmetraders.in', full_name: 'Ravi K', last_name: 'K' }];
    const { run, check } = await call(legacy({ _ex: ravi.extension, _na: ravi.name }));
    expect(run.code).toBe(5);
    // It ended "…; "Ravi.Kumar@acmetraders.in", "RAVI.KUMAR@acmetraders.in" differ only in case, spaces, invisible or look-alike characters, which PhoneBridge does not forgive."
    expect(check('webhook').message.split('\n').at(-1)).toBe(
      'Its e-mail "ravi.kumar@acmetraders.in" differs from the Zoho e-mails "Ravi.Kumar@acmetraders.in" and "RAVI.KUMAR@acmetraders.in" only in letter case, and PhoneBridge matches e-mails byte for byte: make its MyOperator e-mail exactly that of whichever of them is this agent\'s Zoho user.',
    );
  });

  it("an agent whose Zoho user is deactivated: not attributed, a failure (exit 5) with --calls' cure, not a warning without one", async () => {
    const farhan = mo(DEMO_CASES['inactive-zoho']);
    const { run, check } = await call(legacy({ _ex: farhan.extension, _na: farhan.name }));
    expect(run.code).toBe(5);
    expect(check('webhook').status).toBe('fail');
    expect(check('webhook').message.split('\n')[0]).toMatch(
      /^call call-1 will not be attributed: the e-mail rule gives it to Zoho user Farhan Ali <farhan\.ali@acmetraders\.in> \(zohouser \d+\), who is "disabled"; PhoneBridge shows calls to active, confirmed users only$/,
    );
    expect(check('webhook').hint).toBe('Reactivate Farhan Ali in Zoho, or stop routing calls to this agent.');
    expect(check('webhook').data).toMatchObject({ cure: 'inactive-zoho-user' });
  });

  it("an agent whose Zoho user has not accepted Zoho's invitation: the verdict says so, and the fix line only what to do", async () => {
    const pooja = mo(DEMO_CASES['not-confirmed']);
    const p = join(h.tmp.dir, `call-${++n}.txt`);
    writeFileSync(p, legacy({ _ex: pooja.extension, _na: pooja.name }));
    const run = await runCli(['--config-dir', dir, 'doctor', '--only', 'calls', '--webhook', p], env({ PHONEBRIDGE_MAPPINGS_FILE: file }));
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(
      /✗ webhook: call call-1 will not be attributed: the e-mail rule gives it to Zoho user Pooja Sharma <pooja\.sharma@acmetraders\.in> \(zohouser \d+\), who has not accepted Zoho's invitation \(not confirmed\); PhoneBridge shows calls to active, confirmed users only\n/,
    );
    // It said it twice: "fix: Zoho user Pooja Sharma <…> has not accepted Zoho's invitation (not confirmed), and PhoneBridge gives calls to confirmed users only: have them accept it …".
    expect(run.stdout).toContain("\n      fix: Have them accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users), or stop routing calls to this agent.\n");
    expect(run.stdout.match(/not confirmed/g)).toHaveLength(1);
    expect(run.stdout.match(/confirmed users only/g)).toHaveLength(1);
  });

  it('an agent nobody has any more: nothing to map or fix, and it says so on its `!` line with no fix line, as --calls does: a warning (exit 0), not ✗ with nothing to do', async () => {
    const { run, check } = await call(legacy({ _ex: '99', _na: 'Karan Walia' }));
    expect(run.code).toBe(0);
    expect(check('webhook').status).toBe('warn');
    expect(check('webhook').message.split('\n')[0]).toBe('call call-1 would be attributed to nobody: the agent has left, or was renamed, and a past call cannot be attributed after the fact');
    // It was 'fix: No MyOperator user has "Karan Walia" at extension 99: the agent has left, or was renamed; nothing to fix for past calls.'
    expect(check('webhook').hint).toBeNull();
    expect(check('webhook').data).toMatchObject({ cure: 'unknown-agent' });
  });

  it('an agent named by e-mail or uuid alone that no MyOperator user has: its `!` line does not say no agent is named, nor that the agent was renamed', async () => {
    const byEmail = await call(JSON.stringify({ event_type: 'call.completed', payload: { agent: { email: 'Deepak.Verma@acmetraders.in' } } }));
    // It said "No agent is named as answering this call; nothing to fix." under the agent's e-mail,
    // then "The agent has left, or its e-mail was changed since the call; nothing to fix for past calls."
    expect(byEmail.check('webhook').message).toBe(
      'the call would be attributed to nobody: the agent has left, or its e-mail was changed since the call, and a past call cannot be attributed after the fact\nNo MyOperator user has the agent e-mail "Deepak.Verma@acmetraders.in".',
    );
    expect(byEmail.check('webhook').hint).toBeNull();
    expect(byEmail.check('webhook').status).toBe('warn');
    const byUuid = await call(legacy({ _id: 's0000gone' }));
    expect(byUuid.check('webhook').status).toBe('warn');
    expect(byUuid.check('webhook').message.split('\n')[0]).toBe('call call-1 would be attributed to nobody: the agent has left, and a past call cannot be attributed after the fact');
    expect(byUuid.check('webhook').hint).toBeNull();
    expect(byUuid.check('webhook').data).toMatchObject({ cure: 'unknown-agent' });
  });

  it("a body saved as UTF-16 (PowerShell's `>`) is read with its byte-order mark, and named without one: not 'binary data'", async () => {
    const asha = mo(DEMO_CASES.exact);
    const body = legacy({ _id: 'unknown-uuid', _ex: asha.extension, _em: asha.email });
    const withBom = join(h.tmp.dir, 'call-utf16.json');
    writeFileSync(withBom, Buffer.from(`\ufeff${body}`, 'utf16le'));
    const { check } = await doctor(['--only', 'calls', '--webhook', withBom], { PHONEBRIDGE_MAPPINGS_FILE: file }, dir);
    expect(check('webhook').data).toMatchObject({ via: 'email', agentBy: 'extension', zoho: { email: DEMO_CASES.exact } });
    const bare = join(h.tmp.dir, 'call-utf16-bare.json');
    writeFileSync(bare, Buffer.from(body, 'utf16le'));
    const named = await runCli(['--config-dir', dir, 'doctor', '--webhook', bare], env());
    const saveAs = 'Save the raw webhook request body as UTF-8 (PowerShell: `| Out-File -Encoding utf8`).';
    expect({ code: named.code, stdout: named.stdout, stderr: named.stderr }).toEqual({ code: 2, stdout: '', stderr: `${bare} is UTF-16 text (little-endian, with no byte-order mark), not UTF-8.\n${saveAs}\n` });
    const latin1 = join(h.tmp.dir, 'call-latin1.json');
    writeFileSync(latin1, Buffer.from(legacy({ _ex: '99', _na: 'José' }), 'latin1'));
    const encoded = await runCli(['--config-dir', dir, 'doctor', '--webhook', latin1], env());
    expect({ code: encoded.code, stderr: encoded.stderr }).toEqual({ code: 2, stderr: `${latin1} is not UTF-8 text (line 1 is not: a Latin-1 or Windows-1252 body?).\n${saveAs}\n` });
  });

  it('an unreadable payload is exit 2 naming the file', async () => {
    const p = join(h.tmp.dir, 'bad-call.json');
    writeFileSync(p, '{"hello": "world"}');
    const run = await runCli(['--config-dir', dir, 'doctor', '--webhook', p], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${p}: not a MyOperator call payload`);
  });

  it('an empty --webhook (a variable left unset) is exit 2, not a doctor run without the call', async () => {
    for (const blank of ['', ' ']) {
      const run = await runCli(['--config-dir', dir, 'doctor', '--webhook', blank], env());
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: '--webhook was given an empty value: no call payload to read.\nGive it the file the webhook request body was saved in (in a script, check that the variable is set).\n',
      });
    }
  });

  it('a file that is no payload at all is said for what it is: null, a proxy page, a workbook', async () => {
    const cases: Array<[string, string | Buffer, string]> = [
      // It was "expected a JSON object, found object".
      ['null.json', 'null', 'expected a JSON object, found null.\nSave one webhook request body per file.'],
      // Bodies appended one a line: it was "not JSON, nor a form … (Unexpected non-whitespace character after JSON at position 13)".
      ['calls.jsonl', '{"_ci":"c1"}\n{"_ci":"c2"}\n', 'holds 2 JSON documents, one a line, not one call payload.\nSave one webhook request body per file.'],
      // These quoted their first bytes back: "(Unexpected token '<', "<!DOCTYPE "... is not valid JSON)".
      ['page.json', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>', "not a MyOperator call payload, but an HTML page (a login or proxy page saved instead of the request body?).\nSave the raw webhook request body, as MyOperator sent it."],
      ['call.xlsx', Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2\x9c', 'latin1'), 'not a MyOperator call payload: it holds binary data (NUL bytes).\nSave the raw webhook request body.'],
    ];
    for (const [name, body, said] of cases) {
      const p = join(h.tmp.dir, name);
      writeFileSync(p, body);
      const run = await runCli(['--config-dir', dir, 'doctor', '--webhook', p], env());
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: '', stderr: `${p}: ${said}\n` });
    }
  });
});
