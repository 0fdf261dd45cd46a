/**
 * doctor as a new admin meets it with local state gone wrong: a flag in the wrong place, a setting
 * from the environment that names nothing. What it prints must be true, and every command it
 * suggests must work when pasted into the same shell.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DC_NAMES } from '../../src/clients/zoho-auth.js';
import { noStack, runCli, tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('doctor --since without --calls', () => {
  it('suggests a whole command, with the options of this run, that pastes as it is', async () => {
    const dir = join(tmp.dir, 'since');
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--since', '2d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--since goes with --calls.\nRun \`phonebridge-sync --sandbox --config-dir ${dir} doctor --calls --since 2d\`.\n`);
    expect(noStack(r.stderr)).toBe(true);
    // With --webhook, the command keeps it: pasted without, it would not explain the payload asked about.
    const w = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--webhook', 'call payload.json', '--since', '2d']);
    expect(w.code).toBe(2);
    expect(w.stderr).toBe(`--since goes with --calls.\nRun \`phonebridge-sync --sandbox --config-dir ${dir} doctor --webhook 'call payload.json' --calls --since 2d\`.\n`);
    // With --only, so are the checks asked for: the command offered dropped it, and pasted ran every check.
    const only = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'users', 'calls', '--since', '2d']);
    expect(only.stderr).toBe(`--since goes with --calls.\nRun \`phonebridge-sync --sandbox --config-dir ${dir} doctor --only users calls --calls --since 2d\`.\n`);
    // The webhook check is not kept without its file: pasted, that command was refused for want of --webhook.
    const webhook = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'users', 'webhook', '--since', '2d']);
    expect(webhook.stderr).toBe(`--since goes with --calls.\nRun \`phonebridge-sync --sandbox --config-dir ${dir} doctor --only users --calls --since 2d\`.\n`);
  });
});

describe('doctor with Zoho settings from the environment that name nothing', () => {
  it('PHONEBRIDGE_ZOHO_DC naming no data centre: zoho-credentials fails with the fix that names the ones there are', async () => {
    const r = await runCli(['--config-dir', join(tmp.dir, 'dc'), 'doctor', '--only', 'zoho-credentials'], { PHONEBRIDGE_ZOHO_DC: 'xx' });
    expect(r.code).toBe(5);
    expect(r.stdout).toContain(`  ✗ zoho-credentials: PHONEBRIDGE_ZOHO_DC="xx" is not a Zoho data centre.\n      fix: Use one of: ${DC_NAMES.join(', ')}.\n`);
  });

  it('a CI secret not defined arrives as a variable set but empty: zoho-credentials and myoperator-api say so, and the profile (not "no API token … or set it")', async () => {
    const r = await runCli(['--config-dir', join(tmp.dir, 'empty-vars'), '--json', 'doctor', '--only', 'zoho-credentials', 'myoperator-api'], {
      PHONEBRIDGE_ZOHO_CLIENT_ID: '',
      PHONEBRIDGE_MYOPERATOR_TOKEN: '',
      PHONEBRIDGE_PROFILE: 'ci',
    });
    const checks = (JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; message: string }> }).checks;
    const said = Object.fromEntries(checks.map((c) => [c.id, [c.status, c.message]]));
    const empty = (name: string) => `${name} is set, but empty (in CI, a secret that is not defined arrives empty).`;
    expect(said['zoho-credentials']).toEqual(['fail', `Not logged in to Zoho (profile "ci"): no client id, client secret, refresh token or data centre. ${empty('PHONEBRIDGE_ZOHO_CLIENT_ID')}`]);
    expect(said['myoperator-api']).toEqual(['fail', `Not logged in to MyOperator (profile "ci"): no API token. ${empty('PHONEBRIDGE_MYOPERATOR_TOKEN')}`]);
  });

  it('a credentials file that is not JSON: zoho-credentials gives the same fix as credentials-file', async () => {
    const dir = join(tmp.dir, 'garbled');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'credentials.json'), '{"profiles":', { mode: 0o600 });
    const r = await runCli(['--config-dir', dir, '--json', 'doctor', '--only', 'config', 'zoho-credentials']);
    const checks = (JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; hint: string | null }> }).checks;
    const hint = (id: string) => checks.find((c) => c.id === id)!.hint;
    expect(hint('credentials-file')).toBe(`Fix the file by hand, or move it aside and run \`phonebridge-sync --config-dir ${dir} login\` again.`);
    expect(hint('zoho-credentials')).toBe(hint('credentials-file'));
  });
});

describe('doctor on a config directory made read-only', () => {
  it('config-dir and credentials-file say the modes the files have, not 0700 and 0600 whatever they are', async () => {
    const dir = join(tmp.dir, 'modes');
    const own = join(dir, 'sandbox');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'credentials.json'), '{}');
    chmodSync(join(own, 'credentials.json'), 0o400);
    chmodSync(own, 0o500);
    try {
      const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'config-dir', 'credentials-file']);
      expect(r.stdout).toContain(`  ✓ config-dir: config directory ${own} (0500)\n`);
      expect(r.stdout).toContain(`  ✓ credentials-file: credentials file ${join(own, 'credentials.json')} (0400)\n`);
    } finally {
      chmodSync(own, 0o700);
    }
  });
});

describe('doctor with one Zoho-only user', () => {
  it('one-side-only gives the whole `map --ignore` for that user, which pasted marks them', async () => {
    const dir = join(tmp.dir, 'one-zoho-only');
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'one-side-only']);
    // It quoted `phonebridge-sync --sandbox --config-dir … map --ignore` "followed by their e-mail": pasted, exit 2.
    const command = `phonebridge-sync --sandbox --config-dir ${dir} map --ignore gaurav.bose@acmetraders.in`;
    // One form for everyone listed, name, extension and e-mail where there is one: it named Night
    // Shift by name and Front Desk by e-mail alone, and Gaurav Bose by e-mail alone.
    expect(r.stdout).toContain(
      '  ! one-side-only: 1 Zoho user with no MyOperator user: Gaurav Bose <gaurav.bose@acmetraders.in>\n      2 MyOperator users with no Zoho user: Night Shift (ext 31), Front Desk (ext 10) <reception@acmetraders.in>\n',
    );
    expect(r.stdout).toContain(
      `      fix: Create the missing user on the other side; if Gaurav Bose takes no calls, \`${command}\` marks them so; a shared line can stay as it is: \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore-myoperator <extension>\` leaves one unmapped on purpose.\n`,
    );
    const pasted = await runCli(command.split(' ').slice(1));
    expect(pasted.code).toBe(0);
    expect(pasted.stderr).toContain(`Zoho user gaurav.bose@acmetraders.in will never be mapped (\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap gaurav.bose@acmetraders.in\` undoes it).`);
  });
});

describe('doctor after the last Zoho-only user was ignored (map --ignore)', () => {
  it('one-side-only lists MyOperator users only, and its fix no longer offers map --ignore, which ignores Zoho users only', async () => {
    const dir = join(tmp.dir, 'ignored');
    expect((await runCli(['--sandbox', '--config-dir', dir, 'map', '--ignore', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'one-side-only']);
    expect(r.stdout).toContain(
      `  ! one-side-only: 2 MyOperator users with no Zoho user: Night Shift (ext 31), Front Desk (ext 10) <reception@acmetraders.in>\n      fix: Create the missing user on the other side; a shared line can stay as it is: \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore-myoperator <extension>\` leaves one unmapped on purpose.\n`,
    );
  });
});

describe('doctor with a file where the config directory goes', () => {
  it('PHONEBRIDGE_CONFIG_DIR naming a file: config-dir fails saying so, not "mode 0644: other users can look inside" with a chmod 700', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, '', { mode: 0o644 });
    const r = await runCli(['doctor', '--only', 'config-dir'], { PHONEBRIDGE_CONFIG_DIR: file });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(`Config\n  ✗ config-dir: config directory ${file} is a file, not a directory\n      fix: Move that file aside, or choose another place with --config-dir.\n\n0 passed, 0 warnings, 1 failed, 0 skipped.\n`);
  });

  it('credentials-file is skipped for config-dir\'s reason: it said "Fine …; else run `login`", a login that cannot save there (exit 6)', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, '');
    const r = await runCli(['--config-dir', file, 'doctor', '--only', 'credentials-file']);
    expect(r.stdout).toBe(
      `Config\n  ✗ config-dir: config directory ${file} is a file, not a directory\n      fix: Move that file aside, or choose another place with --config-dir.\n  – credentials-file: skipped, for the same reason as config-dir\n\n0 passed, 0 warnings, 1 failed, 1 skipped.\n`,
    );
    // The login it named: exit 6 there.
    expect((await runCli(['--config-dir', file, 'login', 'myoperator', '--token', 'x', '--no-verify'])).code).toBe(6);
  });

  it.each([
    ['a real profile', []],
    ['the sandbox', ['--sandbox']],
  ])('the whole doctor, in %s: one ✗ at config-dir, every store under it skipped for that reason (it counted 3 failures, 7 in the sandbox)', async (_, flags: string[]) => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, '');
    const r = await runCli([...flags, '--config-dir', file, 'doctor']);
    expect(r.code).toBe(5);
    expect(r.stdout.match(/✗/g)).toEqual(['✗']);
    expect(r.stdout).toContain('  ✗ config-dir: config directory ');
    for (const id of ['mappings-file', 'zoho-token', 'myoperator-api', 'user-status', 'mapping-health'])
      expect(r.stdout).toContain(`  – ${id}: skipped, for the same reason as config-dir\n`);
    if (flags.length === 0) expect(r.stdout).toContain('  – zoho-credentials: skipped, for the same reason as config-dir\n');
    expect(r.stdout).toMatch(/ 1 failed, 1[34] skipped\.\n$/);
    expect(r.stderr).toBe('doctor found 1 problem (✗ in the report on standard output).\n');
  });

  it('--mappings elsewhere, with a config dir that is a file: the mappings file is still checked on its own', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, '');
    const r = await runCli(['--config-dir', file, '--mappings', join(tmp.dir, 'elsewhere.json'), 'doctor', '--only', 'config']);
    expect(r.stdout).toContain(`  ! mappings-file: the mappings file ${join(tmp.dir, 'elsewhere.json')}, named by --mappings, does not exist yet`);
  });

  it('a credentials.json that links into a directory that is gone: said, with the mkdir, not "no credentials file … else run `login`" (exit 6 there)', async () => {
    const dir = join(tmp.dir, 'dangling');
    const gone = join(tmp.dir, 'gone-dir');
    mkdirSync(dir, { mode: 0o700 });
    symlinkSync(join(gone, 'credentials.json'), join(dir, 'credentials.json'));
    const r = await runCli(['--config-dir', dir, 'doctor', '--only', 'credentials-file']);
    expect(r.stdout).toContain(
      `  ! credentials-file: credentials file ${join(dir, 'credentials.json')} is a symbolic link to ${join(gone, 'credentials.json')}, whose directory ${gone} does not exist: login cannot save there\n      fix: Create that directory (\`mkdir -p ${gone}\`), or remove the link (\`rm ${join(dir, 'credentials.json')}\`) for a file of its own.\n`,
    );
    expect((await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', 'x', '--no-verify'])).code).toBe(6);
    // Its fix, pasted: the login saves through the link.
    mkdirSync(gone);
    expect((await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', 'x', '--no-verify'])).code).toBe(0);
    expect(readFileSync(join(gone, 'credentials.json'), 'utf8')).toContain('"myoperator"');
  });

  it('a credentials.json that links to itself: the read error every command stops on, not "Cannot save …: check the disk"', async () => {
    const dir = join(tmp.dir, 'loop');
    mkdirSync(dir, { mode: 0o700 });
    symlinkSync('credentials.json', join(dir, 'credentials.json'));
    const r = await runCli(['--config-dir', dir, 'doctor', '--only', 'credentials-file']);
    const list = await runCli(['--config-dir', dir, 'list', 'zoho']);
    expect(list.code).toBe(2);
    const [sentence, fix] = list.stderr.trimEnd().split('\n');
    expect(r.stdout).toContain(`  ✗ credentials-file: ${sentence}\n      fix: ${fix}\n`);
    expect(r.stdout).not.toContain('Cannot save');
    expect(r.code).toBe(5);
    expect(noStack(r.stdout + r.stderr)).toBe(true);
  });

  it('a history file that links to itself: saves stop too, as for a directory there (it said only that list history stops with exit 2 "until that is mended")', async () => {
    const dir = join(tmp.dir, 'history-loop');
    mkdirSync(join(dir, 'mappings'), { recursive: true, mode: 0o700 });
    const history = join(dir, 'mappings', 'default.history.jsonl');
    symlinkSync('default.history.jsonl', history);
    const r = await runCli(['--config-dir', dir, 'doctor', '--only', 'mappings-file']);
    expect(r.stdout).toContain(
      `  ! mappings-file: the history file ${history} cannot be read or saved: its path goes round a loop of symbolic links (or through too many of them); resync, map and fix stop with exit 6 and change nothing\n` +
        `      fix: Remove or re-point the symbolic link that loops (\`ls -l ${history}\` shows where it points), or give the mappings file another place with --mappings (or --config-dir): its history goes beside it.\n`,
    );
    expect(r.code).toBe(0);
  });

  it('the sandbox under a config dir that is a file: that file named, not "does not exist yet" and a resync that cannot make it', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, '');
    const r = await runCli(['--sandbox', '--config-dir', file, 'doctor', '--only', 'config-dir']);
    expect(r.stdout).toContain(`  ✗ config-dir: config directory ${join(file, 'sandbox')} cannot be made: ${file} is a file, not a directory\n`);
  });
});

/** A sandbox config dir whose mappings file holds `text`: its path. */
function sandboxWithMappings(name: string, text: string): string {
  const dir = join(tmp.dir, name);
  const mappings = join(dir, 'sandbox', 'mappings');
  mkdirSync(mappings, { recursive: true, mode: 0o700 });
  writeFileSync(join(mappings, 'sandbox.json'), text);
  return dir;
}

describe('what doctor writes, and what its help says it writes', () => {
  it('on a broken mappings file it writes the copy and the token cache, and --help names both (it said "doctor changes nothing")', async () => {
    const dir = sandboxWithMappings('writes', '{"version": 1, "mappings": [}');
    const files = () => readdirSync(dir, { recursive: true }).map(String).sort();
    const before = files();
    expect((await runCli(['--sandbox', '--config-dir', dir, 'doctor'])).code).toBe(5);
    const made = files().filter((f) => !before.includes(f));
    expect(made).toEqual(['sandbox/credentials.json', expect.stringMatching(/^sandbox\/mappings\/sandbox\.json\.corrupt-[0-9a-f]{12}\.bak$/)]);
    const help = (await runCli(['doctor', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).not.toContain('doctor changes nothing');
    expect(help).toContain('doctor changes no user and no mapping: it writes only the Zoho access token it refreshes (cached, as every command caches it) and a copy of a mappings file it finds broken.');
  });
});

describe('doctor on a broken mappings file', () => {
  it('says the problem once, at mappings-file; the checks it stops point there instead of repeating it whole', async () => {
    const dir = sandboxWithMappings('broken-once', '{"version": 1, "mappings": {}}');
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--calls', '--only', 'mappings', 'mismatches', 'calls']);
    expect(r.code).toBe(5);
    expect(r.stdout.match(/is not valid: mappings: /g)).toHaveLength(1);
    expect(r.stdout).toContain('  – mismatches: skipped, for the same reason as mappings-file\n');
    expect(r.stdout).toContain('  – mapping-health: skipped, for the same reason as mappings-file\n');
    expect(r.stdout).toContain('  – calls: skipped, for the same reason as mappings-file\n');
  });
});

describe('doctor on a mappings file that is a link into a directory that is gone', () => {
  it('warns that no save can go through it, with the mkdir that lets resync save (it said "the first resync or map creates it", and resync stopped with exit 6)', async () => {
    const dir = sandboxWithMappings('dangling', '');
    const link = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const gone = join(tmp.dir, 'moved-checkout');
    rmSync(link);
    symlinkSync(join(gone, 'mappings.json'), link);
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'mappings-file']);
    expect(r.stdout).toContain(
      `  ! mappings-file: no mappings file yet: ${link} is a link to ${join(gone, 'mappings.json')}, whose directory does not exist, so resync, map and fix cannot save there\n      fix: Create that directory (\`mkdir -p ${gone}\`), or point the link at a directory that exists.\n`,
    );
    // resync's exit 6 names that directory too: it named the link's own, which is there; fix's
    // named "the fix lock" <gone>/mappings.json.fix.lock.
    for (const command of [['resync'], ['fix', '--yes']]) {
      const refused = await runCli(['--sandbox', '--config-dir', dir, ...command]);
      expect({ code: refused.code, stderr: refused.stderr }).toEqual({
        code: 6,
        stderr: `Cannot save the mappings file ${link}: it is a link to ${join(gone, 'mappings.json')}, and ${gone} does not exist. Nothing was changed.\nCreate that directory (\`mkdir -p ${gone}\`), point the link at a directory that exists, or choose another place with --config-dir.\n`,
      });
    }
    mkdirSync(gone);
    expect((await runCli(['--sandbox', '--config-dir', dir, 'resync'])).code).toBe(0);
  });
});

describe('doctor on history lines a stopped run left waiting', () => {
  it('says on the mappings-file line how many wait and that the next change records them (list history said it, doctor read them unsaid)', async () => {
    const store = '{"version": 1, "mappings": [], "ignored": []}\n';
    const dir = sandboxWithMappings('set-aside', store);
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    // A run stopped after it saved the mappings file, before its history took the two lines it set aside.
    const line = (zohoId: string) => JSON.stringify({ time: '2026-12-01T10:00:00.000Z', command: 'map', user: 'u', action: 'ignore', before: null, after: { zohoId }, result: 'done' });
    writeFileSync(`${history}.pending`, `${JSON.stringify({ store: createHash('sha256').update(store).digest('hex'), historySize: 0 })}\n${line('z1')}\n${line('z2')}\n`);
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'mappings-file']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({
      code: 0,
      stdout:
        `Config\n  ✓ mappings-file: mappings file ${join(dir, 'sandbox', 'mappings', 'sandbox.json')}: 0 mappings, 0 ignored\n` +
        `      2 history entries wait in ${history}.pending: a run saved their change in the mappings file and was stopped before the history file took them; the next change to the mappings (or resync) records them there\n` +
        '\n1 passed, 0 warnings, 0 failed, 0 skipped.\n',
    });
    // A check that warns for another reason (a history line broken by hand) says them too: they went unsaid under the warning.
    const broken = '{oops\n';
    writeFileSync(history, broken);
    writeFileSync(`${history}.pending`, `${JSON.stringify({ store: createHash('sha256').update(store).digest('hex'), historySize: broken.length })}\n${line('z1')}\n`);
    const warned = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'mappings-file']);
    expect(warned.stdout).toContain(
      'refused from fix\n' +
        `      1 history entry waits in ${history}.pending: a run saved its change in the mappings file and was stopped before the history file took it; the next change to the mappings (or resync) records it there\n` +
        '      fix: Fix or delete that line by hand',
    );
  });
});

describe('history lines set aside that every change stops on', () => {
  it('doctor warns with the change\'s own sentence and fix, and list history shows the rest and says it (both passed them unsaid while resync and map stopped, exit 2)', async () => {
    const store = '{"version": 1, "mappings": [], "ignored": []}\n';
    const dir = sandboxWithMappings('aside-refused', store);
    const mappings = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    const line = (zohoId: string) => JSON.stringify({ time: '2026-12-01T10:00:00.000Z', command: 'map', user: 'u', action: 'ignore', before: null, after: { zohoId }, result: 'done' });
    writeFileSync(history, `${line('z0')}\n`);
    // A line cut short by a hand edit: the tool writes them whole.
    const pending = `${JSON.stringify({ store: createHash('sha256').update(store).digest('hex'), historySize: 0 })}\n${line('z1').slice(0, 50)}\n`;
    writeFileSync(`${history}.pending`, pending);
    const why = `Cannot record the history's set-aside lines ${history}.pending, kept as they are: line 2 is cut short, which the tool never writes`;
    const hint = 'Mend that line by hand, or move the file aside (the history then lacks the change it tells of), then run again.';
    const stops = 'resync, map and fix stop there with exit 2, changing nothing';
    const map = await runCli(['--sandbox', '--config-dir', dir, 'map', '--ignore', 'ravi.kumar@acmetraders.in']);
    expect({ code: map.code, stderr: map.stderr }).toEqual({ code: 2, stderr: `${why}.\n${hint}\n` });
    const doctor = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--only', 'mappings-file']);
    expect({ code: doctor.code, stdout: doctor.stdout }).toEqual({
      code: 0,
      stdout: `Config\n  ! mappings-file: mappings file ${mappings}: 0 mappings, 0 ignored\n      ${why}; ${stops}\n      fix: ${hint}\n\n0 passed, 1 warning, 0 failed, 0 skipped.\n`,
    });
    const listed = await runCli(['--sandbox', '--config-dir', dir, 'list', 'history']);
    expect({ code: listed.code, rows: listed.stdout.split('\n').length - 1, stderr: listed.stderr }).toEqual({
      code: 0,
      rows: 1,
      stderr: expect.stringContaining(`1 entry, in ${history}.\n${why}; ${stops}. ${hint}\n`),
    });
    // A directory in their place: the same words as a change's (readStoreFile), and the same fix.
    rmSync(`${history}.pending`);
    mkdirSync(`${history}.pending`);
    const again = await runCli(['--sandbox', '--config-dir', dir, '--json', 'doctor', '--only', 'mappings-file']);
    expect((JSON.parse(again.stdout) as { checks: Array<{ status: string; message: string; hint: string }> }).checks[0]).toMatchObject({
      status: 'warn',
      // Exit 6, as for any store's path a directory takes (it was 2 as the mappings file's was).
      message: expect.stringContaining(`\nCannot read the history's set-aside lines ${history}.pending: it is a directory, where phonebridge-sync keeps the lines a change sets aside for the history of the mappings file ${mappings}; ${stops.replace('exit 2', 'exit 6')}`),
      hint: 'Rename or remove that directory, or choose another place with --config-dir.',
    });
    expect(readFileSync(history, 'utf8')).toBe(`${line('z0')}\n`);
  });
});

describe('a dry run of a change that stops on set-aside lines', () => {
  // They previewed the run and sent to it ("`… fix --yes` sends them"), which then stopped, exit 2.
  it('resync --dry-run, fix --dry-run and fix --worklist say, after their plan, that the run they preview stops there, and why', async () => {
    const store = '{"version": 1, "mappings": [], "ignored": []}\n';
    const dir = sandboxWithMappings('aside-dry-run', store);
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    const line = JSON.stringify({ time: '2026-12-01T10:00:00.000Z', command: 'map', user: 'u', action: 'ignore', before: null, after: { zohoId: 'z1' }, result: 'done' });
    const pending = `${JSON.stringify({ store: createHash('sha256').update(store).digest('hex'), historySize: 0 })}\n${line.slice(0, 50)}\n`;
    writeFileSync(`${history}.pending`, pending);
    const note = `Cannot record the history's set-aside lines ${history}.pending, kept as they are: line 2 is cut short, which the tool never writes; resync, map and fix stop there with exit 2, changing nothing. Mend that line by hand, or move the file aside (the history then lacks the change it tells of), then run again.\n`;
    // A worklist is a dry run by request, and its "run without --worklist to apply them" sent to that run too.
    const worklist = join(dir, 'worklist.csv');
    for (const args of [['resync', '--dry-run'], ['fix', '--dry-run'], ['--json', 'resync', '--dry-run'], ['fix', '--worklist', worklist], ['fix', '--worklist', '-']]) {
      const run = await runCli(['--sandbox', '--config-dir', dir, ...args]);
      expect({ args, code: run.code, last: run.stderr.slice(-note.length) }).toEqual({ args, code: 0, last: note });
    }
    expect(readFileSync(`${history}.pending`, 'utf8')).toBe(pending);
  });
});

describe('doctor with a directory where a store file goes', () => {
  it('credentials-file, login and a token refresh say what the tool keeps there and what to do with the directory (nobody gave its path)', async () => {
    const dir = join(tmp.dir, 'dir-for-file');
    const file = join(dir, 'credentials.json');
    mkdirSync(file, { recursive: true });
    chmodSync(dir, 0o700);
    const why = `Cannot read the credentials file ${file}: it is a directory, where phonebridge-sync keeps the Zoho and MyOperator logins of every profile, and the Zoho access token it caches.`;
    const hint = 'Rename or remove that directory, or choose another place with --config-dir.';
    const r = await runCli(['--config-dir', dir, 'doctor', '--only', 'credentials-file']);
    expect(r.stdout).toContain(`  ✗ credentials-file: ${why}\n      fix: ${hint}\n`);
    const login = await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', 'mo-token-1', '--no-verify']);
    // Exit 6, as its save would be, and as a file where the config dir goes is: it was 2.
    expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 6, stderr: `${why}\n${hint}\n` });
    // A command that refreshes the (sandbox's) Zoho token reads its cache there first.
    const sandboxFile = join(dir, 'sandbox', 'credentials.json');
    mkdirSync(sandboxFile, { recursive: true });
    const list = await runCli(['--sandbox', '--config-dir', dir, 'list', 'zoho']);
    expect({ code: list.code, stderr: list.stderr }).toEqual({
      code: 6,
      stderr: `Cannot read the credentials file ${sandboxFile}: it is a directory, where phonebridge-sync keeps the access token the sandbox caches between runs.\n${hint}\n`,
    });
  });
});

describe('doctor says a reason once', () => {
  it.each([
    ['no login', {}, '.'],
    // It was said twice: at zoho-credentials, and again in zoho-token's "Not logged in to Zoho …".
    ['an empty PHONEBRIDGE_ZOHO_CLIENT_ID', { PHONEBRIDGE_ZOHO_CLIENT_ID: '' }, '. PHONEBRIDGE_ZOHO_CLIENT_ID is set, but empty (in CI, a secret that is not defined arrives empty).'],
  ])('with %s, the Zoho checks skipped for it and the user checks that cannot run point to zoho-credentials, which said it', async (_, env: Record<string, string>, empty) => {
    const dir = join(tmp.dir, `no-login-${Object.keys(env).length}`);
    const r = await runCli(['--config-dir', dir, 'doctor'], env);
    expect(r.code).toBe(5);
    // The sentence and fix `list zoho` gives: doctor said "missing data centre, client id, client
    // secret, refresh token for profile …", in another order, with a fix of its own.
    const list = await runCli(['--config-dir', dir, 'list', 'zoho'], env);
    expect(list.code).toBe(3);
    const [notLoggedIn, fix] = list.stderr.split('\n');
    expect(notLoggedIn).toBe(`Not logged in to Zoho (profile "default"): no client id, client secret, refresh token or data centre${empty}`);
    expect(r.stdout).toContain(
      `Zoho\n  ✗ zoho-credentials: ${notLoggedIn}\n      fix: ${fix}\n` +
        ['zoho-token', 'zoho-api', 'zoho-phonebridge'].map((id) => `  – ${id}: skipped, for the same reason as zoho-credentials\n`).join('') +
        '\nMyOperator\n',
    );
    expect(r.stdout.match(/Not logged in to Zoho/g)).toHaveLength(1);
    expect(r.stdout).toContain('  – zoho-emails: skipped, for the same reason as zoho-credentials\n');
    expect(r.stdout).toContain('  – myoperator-emails: skipped, for the same reason as myoperator-api\n');
    // Two problems to fix, the logins: the six user checks that could not run are not counted as six more.
    expect(r.stdout).not.toContain('✗ zoho-emails');
    expect(r.stdout).toMatch(/\n1 passed, 1 warning, 2 failed, 11 skipped\.\n$/);
    expect(r.stderr).toContain('doctor found 2 problems');
  });
});
