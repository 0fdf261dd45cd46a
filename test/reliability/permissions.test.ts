/**
 * Permission refused, for real: the sentence names what refused and the chmod that lets it. Root
 * may read, write and enter anything, so where these tests run as root (as here) the tool runs as
 * the unprivileged `nobody` (uid 65534), on files made that user's; elsewhere as the user itself.
 * Where neither is possible (the checkout cannot be read by nobody), the tests are skipped and say why.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BIN, noStack, tempDir } from '../support/cli.js';
import { moUser, zohoUser } from '../support/builders.js';
import { mappingOf } from '../../src/core/reconcile.js';
import { serialize } from '../../src/store/mappings.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const as: SpawnSyncOptions = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
const tmp = tempDir();
afterAll(() => tmp.cleanup());
chmodSync(tmp.dir, 0o755);

/** A directory of the user the tool runs as, with `mode`. */
function dir(name: string, mode: number): string {
  const d = join(tmp.dir, name);
  mkdirSync(d);
  if (asRoot) chownSync(d, NOBODY, NOBODY);
  chmodSync(d, mode);
  return d;
}

function run(args: string[], script?: string, cwd?: string) {
  const r = spawnSync(process.execPath, script ? ['--input-type=module', '-e', script] : [BIN, ...args], {
    ...as,
    cwd,
    env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    input: '',
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** As run(), without blocking this process (whose emulators must answer the child). */
function runAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { ...as, env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Decided before the tests are declared, so a skip says why in the test name.
const probe = run(['--version']);
const cannot = probe.code === 0 ? undefined : `the tool cannot run as uid ${NOBODY} from this checkout: ${probe.stderr.split('\n')[0]}`;
const maybe = cannot ? it.skip : it;
const skipped = cannot ? ` (skipped: ${cannot})` : '';

describe('a directory on the way that cannot be entered (no x bit)', () => {
  maybe(`reading the store: exit 6, that directory named, chmod u+x, not u+w; doctor's config-dir fails on it, and on a config dir that cannot be entered itself (it passed "(0600)", credentials-file gave u+w)${skipped}`, () => {
    const nx = dir('no-x', 0o600);
    const cfg = join(nx, 'cfg');
    for (const args of [['list', 'mappings'], ['map', '--unmap', 'someone']]) {
      const r = run(['--config-dir', cfg, ...args]);
      // Exit 6, as the exit table says of a directory that cannot be read and as the save says it: it was 2.
      expect(r.code).toBe(6);
      expect(r.stderr).toBe(`Cannot read the mappings file ${join(cfg, 'mappings', 'default.json')}: ${nx} cannot be entered.\nLet it be entered (\`chmod u+x ${nx}\`).\n`);
      expect(noStack(r.stderr)).toBe(true);
    }
    // doctor said "does not exist yet" of it, and to log in, for any stat error but a file in the way.
    // credentials-file (run for config-dir, which it needs) points there: a chmod u+w of it would not do.
    const doc = run(['--config-dir', cfg, 'doctor', '--only', 'credentials-file']);
    expect(doc.code).toBe(5);
    expect(doc.stdout).toContain(
      `✗ config-dir: config directory ${cfg} cannot be used: ${nx} cannot be entered\n      fix: Let it be entered (\`chmod u+x ${nx}\`), or choose another place with --config-dir.\n` +
        '  – credentials-file: skipped, for the same reason as config-dir\n',
    );
    // The config dir itself that cannot be entered passed "(0600)", and credentials-file gave a chmod u+w
    // that cures nothing, while every command stopped at its first store (exit 6, as above).
    expect(run(['--config-dir', nx, 'list', 'mappings']).code).toBe(6);
    const own = (mode: number) => {
      chmodSync(nx, mode);
      return run(['--config-dir', nx, 'doctor', '--only', 'credentials-file']);
    };
    const itself = own(0o600);
    expect(itself.code).toBe(5);
    expect(itself.stdout).toContain(
      `✗ config-dir: config directory ${nx} cannot be used: ${nx} cannot be entered\n      fix: Let it be entered (\`chmod u+x ${nx}\`), or choose another place with --config-dir.\n` +
        '  – credentials-file: skipped, for the same reason as config-dir\n',
    );
    // mappings-file failed on it too, in the store's words ("Cannot read the mappings file …: … cannot
    // be entered."): one cause counted twice. It and what needs it point to config-dir now.
    const config = run(['--config-dir', nx, 'doctor', '--only', 'config', 'mappings']);
    expect(config.code).toBe(5);
    expect(config.stdout).toContain(
      '  – credentials-file: skipped, for the same reason as config-dir\n  – mappings-file: skipped, for the same reason as config-dir\n\nMappings\n  – mapping-health: skipped, for the same reason as config-dir\n',
    );
    expect(config.stdout).toMatch(/\n0 passed, 0 warnings, 1 failed, 3 skipped\.\n$/);
    // Asked alone, it says config-dir's words and fix: a skip there would have passed (exit 0).
    const alone = run(['--config-dir', nx, 'doctor', '--only', 'mappings-file']);
    expect(alone.code).toBe(5);
    expect(alone.stdout).toContain(
      `✗ mappings-file: cannot check: config directory ${nx} cannot be used: ${nx} cannot be entered\n      fix: Let it be entered (\`chmod u+x ${nx}\`), or choose another place with --config-dir.\n`,
    );
    // Neither enterable nor writable: the cure every command gives, what reading needs (it was u+wx
    // here and u+x from \`list\`); a save's w is the saving checks' warning, as it is at 0500.
    expect(own(0o400).stdout).toContain(`✗ config-dir: config directory ${nx} cannot be used: ${nx} cannot be entered\n      fix: Let it be entered (\`chmod u+x ${nx}\`), or choose another place with --config-dir.\n`);
    expect(run(['--config-dir', nx, 'list', 'mappings']).stderr).toContain(`: ${nx} cannot be entered.\nLet it be entered (\`chmod u+x ${nx}\`).\n`);
  });

  maybe(`doctor in full on a config dir that cannot be entered (chmod 000): one ✗, at config-dir, and what needs it skipped for it${skipped}`, () => {
    const shut = dir('shut', 0o000);
    const fix = `      fix: Let it be entered (\`chmod u+x ${shut}\`), or choose another place with --config-dir.\n`;
    // zoho-credentials failed on it too, in the store's words ("Cannot read the credentials file
    // …/credentials.json: … cannot be entered.", with a chmod u+x of its own), and every Zoho and
    // user check was skipped "for the same reason as zoho-credentials": one cause, two ✗.
    const real = run(['--config-dir', shut, 'doctor']);
    expect(real.code).toBe(5);
    expect(real.stdout).toContain(`✗ config-dir: config directory ${shut} cannot be used: ${shut} cannot be entered\n${fix}`);
    expect(real.stdout).toContain('  – zoho-credentials: skipped, for the same reason as config-dir\n');
    expect(real.stdout).not.toMatch(/Cannot read the credentials file|same reason as zoho-credentials/);
    expect(real.stdout).toMatch(/\n0 passed, 0 warnings, 1 failed, 14 skipped\.\n$/);
    // The sandbox's directory under it: zoho-token was skipped in those words, and myoperator-api and
    // four user checks were ✗ "cannot check, for the same reason as zoho-token": six problems for one.
    const sandbox = run(['--sandbox', '--config-dir', shut, 'doctor']);
    expect(sandbox.code).toBe(5);
    expect(sandbox.stdout).toContain(`✗ config-dir: config directory ${join(shut, 'sandbox')} cannot be used: ${shut} cannot be entered\n`);
    expect(sandbox.stdout).toContain('  – zoho-token: skipped, for the same reason as config-dir\n');
    expect(sandbox.stdout).toContain('  – myoperator-api: skipped, for the same reason as config-dir\n');
    expect(sandbox.stdout).not.toMatch(/Cannot read the credentials file|same reason as zoho-token/);
    expect(sandbox.stdout).toMatch(/\n1 passed, 0 warnings, 1 failed, 13 skipped\.\n$/);
  });

  maybe(`saving: the directory named, with the bits it lacks (u+x, or u+wx when it lacks both)${skipped}`, () => {
    // No command of ours saves without reading the same path first (which says it above), so the
    // sentence of a save is asked of the module itself, as that user.
    const cases = { 'x-only-missing': 0o600, 'neither': 0o400, 'w-only-missing': 0o500 };
    const dirs = Object.fromEntries(Object.entries(cases).map(([name, mode]) => [name, dir(name, mode)]));
    const module = resolve('dist/store/file-errors.js');
    const said = Object.fromEntries(
      Object.entries(dirs).map(([name, d]) => {
        const file = join(d, 'cfg', 'mappings', 'default.json');
        const r = run([], `import { cannotWrite } from ${JSON.stringify(module)};
const e = cannotWrite(${JSON.stringify(file)}, Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'the mappings file');
console.log(JSON.stringify([e.message, e.hint]));`);
        expect(r.stderr).toBe('');
        return [name, JSON.parse(r.stdout) as [string, string]];
      }),
    );
    const more = 'or choose another place with --config-dir (or --mappings for the mappings file).';
    const file = (name: string) => join(dirs[name]!, 'cfg', 'mappings', 'default.json');
    expect(said['x-only-missing']).toEqual([
      `Cannot save the mappings file ${file('x-only-missing')}: ${dirs['x-only-missing']} cannot be entered. Nothing was changed.`,
      `Let it be entered (\`chmod u+x ${dirs['x-only-missing']}\`), ${more}`,
    ]);
    expect(said['neither']).toEqual([
      `Cannot save the mappings file ${file('neither')}: ${dirs['neither']} is not writable and cannot be entered. Nothing was changed.`,
      `Let it be entered (\`chmod u+wx ${dirs['neither']}\`), ${more}`,
    ]);
    expect(said['w-only-missing']).toEqual([
      `Cannot save the mappings file ${file('w-only-missing')}: ${dirs['w-only-missing']} is not writable. Nothing was changed.`,
      `Make it writable (\`chmod u+w ${dirs['w-only-missing']}\`), ${more}`,
    ]);
  });

  maybe(`a store file the user may not read: exit 6, that file named, chmod u+r${skipped}`, () => {
    const cfg = dir('cfg-unreadable', 0o755);
    const mappings = join(cfg, 'mappings');
    mkdirSync(mappings);
    const file = join(mappings, 'default.json');
    writeFileSync(file, '{}');
    if (asRoot) {
      chownSync(mappings, NOBODY, NOBODY);
      chownSync(file, NOBODY, NOBODY);
    }
    chmodSync(file, 0o200);
    const r = run(['--config-dir', cfg, 'list', 'mappings']);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(`Cannot read the mappings file ${file}: the file is not readable.\nMake it readable (\`chmod u+r ${file}\`).\n`);
  });
});

describe('the chmod to paste, in a directory named with $, a space and a quote', () => {
  // Pasted as printed, by the user the tool ran as. `"…/c$HOME…"` once put the home directory in;
  // HOME points elsewhere here, so an expanded `$HOME` would miss.
  const paste = (sentence: string, cwd?: string) => {
    const command = /`(chmod [^`]+)`/.exec(sentence)?.[1];
    expect(command).toBeDefined();
    const r = spawnSync('sh', ['-c', command!], { ...as, cwd, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  };
  const odd = `c$HOME sp'x`;

  maybe(`a directory that cannot be entered, and a file that cannot be read: pasting the chmod lets the command run${skipped}`, () => {
    const nx = dir(`${odd} no-x`, 0o600);
    const cfg = join(nx, 'cfg');
    const refused = run(['--config-dir', cfg, 'list', 'mappings']);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain(`(\`chmod u+x '${tmp.dir}/c$HOME sp'\\''x no-x'\`)`);
    paste(refused.stderr);
    expect(run(['--config-dir', cfg, 'list', 'mappings']).code).toBe(0);

    const base = dir(`${odd} unreadable`, 0o755);
    mkdirSync(join(base, 'mappings'));
    const file = join(base, 'mappings', 'default.json');
    writeFileSync(file, JSON.stringify({ version: 1, mappings: [], ignored: [] }));
    if (asRoot) {
      chownSync(join(base, 'mappings'), NOBODY, NOBODY);
      chownSync(file, NOBODY, NOBODY);
    }
    chmodSync(file, 0o200);
    const unreadable = run(['--config-dir', base, 'list', 'mappings']);
    expect(unreadable.code).toBe(6);
    paste(unreadable.stderr);
    expect(run(['--config-dir', base, 'list', 'mappings']).code).toBe(0);
  });

  maybe(`a relative config dir that starts with "-": the chmod names it ./-…, not as an option${skipped}`, () => {
    // `--config-dir=-cfg`, typed in the directory that holds it: `chmod u+r -cfg/…` was chmod's
    // option -c, and pasting it failed ("invalid mode").
    const cwd = dir('dash-cwd', 0o755);
    const mappings = join(cwd, '-cfg', 'mappings');
    mkdirSync(mappings, { recursive: true });
    const file = join(mappings, 'default.json');
    writeFileSync(file, JSON.stringify({ version: 1, mappings: [], ignored: [] }));
    if (asRoot) for (const p of [join(cwd, '-cfg'), mappings, file]) chownSync(p, NOBODY, NOBODY);
    chmodSync(file, 0o200);
    const refused = run(['--config-dir=-cfg', 'list', 'mappings'], undefined, cwd);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('(`chmod u+r ./-cfg/mappings/default.json`)');
    paste(refused.stderr, cwd);
    expect(run(['--config-dir=-cfg', 'list', 'mappings'], undefined, cwd).code).toBe(0);
  });

  maybe(`saving: pasting the chmod makes the directory writable${skipped}`, () => {
    const d = dir(`${odd} no-w`, 0o500);
    const module = resolve('dist/store/file-errors.js');
    const r = run([], `import { cannotWrite } from ${JSON.stringify(module)};
console.log(cannotWrite(${JSON.stringify(join(d, 'm.json'))}, Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'the mappings file').hint);`);
    expect(r.stdout).toMatch(/^Make it writable \(`chmod u\+w '/);
    paste(r.stdout);
    expect(statSync(d).mode & 0o777).toBe(0o700);
  });
});

describe('logout from a config dir it may not write', () => {
  maybe(`checks before it revokes: exit 6, the token still live and still saved${skipped}`, async () => {
    const { startEmulators, emulatorUrls, CLIENT_ID, CLIENT_SECRET } = await import('../support/emulators.js');
    const e = await startEmulators();
    try {
      const cfg = dir('logout-ro', 0o700);
      const token = e.zoho.issueRefreshToken(CLIENT_ID);
      const stored = { version: 1, profiles: { default: { zoho: { dc: 'in', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: token } } } };
      writeFileSync(join(cfg, 'credentials.json'), JSON.stringify(stored), { mode: 0o600 });
      if (asRoot) chownSync(join(cfg, 'credentials.json'), NOBODY, NOBODY);
      chmodSync(cfg, 0o500);
      const before = readFileSync(join(cfg, 'credentials.json'));
      // Asynchronous: the emulators live in this process and must answer while the child runs.
      const r = await runAsync(['--config-dir', cfg, 'logout', 'zoho'], emulatorUrls(e));
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(/^Cannot save the credentials file .*credentials\.json: .* is not writable\./);
      expect(r.stderr).not.toContain('Revoked');
      expect(e.zoho.tokenCalls.revoke).toBe(0);
      expect(readFileSync(join(cfg, 'credentials.json'))).toEqual(before);
    } finally {
      await e.close();
    }
  });
});

describe('a mappings file the user made read-only (chmod a-w)', () => {
  maybe(`map --unmap: exit 6, the file named with chmod u+w, as a read-only history is; the file, its mode and its history left as they were${skipped}`, () => {
    // The rename replaced it (keeping 0444) and said "Unmapped", exit 0: the protection was ignored.
    const cfg = dir('cfg-read-only', 0o755);
    const mappings = join(cfg, 'mappings');
    mkdirSync(mappings);
    const file = join(mappings, 'default.json');
    const bytes = serialize({ mappings: [mappingOf(zohoUser('a@x.in', { id: 'z1' }), moUser('a@x.in', { id: 'm1' }), 'manual', '2026-12-01T00:00:00.000Z')], ignored: [] });
    writeFileSync(file, bytes);
    if (asRoot) for (const p of [mappings, file]) chownSync(p, NOBODY, NOBODY);
    chmodSync(file, 0o444);
    const r = run(['--config-dir', cfg, 'map', '--unmap', 'z1']);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      `Cannot save the mappings file ${file}: the file is not writable. Nothing was changed.\n` +
        `Make it writable (\`chmod u+w ${file}\`), or choose another place with --config-dir (or --mappings for the mappings file).\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(bytes);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readdirSync(mappings)).toEqual(['default.json']);
  });

  maybe(`fix of a saved pair: exit 6 before anything is sent, the file named with chmod u+w, as map --unmap; it sent the e-mail, then could not record it ("MyOperator was changed as listed …, but the record of it was not saved")${skipped}`, () => {
    const cfg = dir('cfg-read-only-fix', 0o700);
    const sandbox = (...args: string[]) => run(['--sandbox', '--config-dir', cfg, ...args]);
    expect(sandbox('map', '--zoho', 'Ravi.Kumar@acmetraders.in', '--myoperator', '12').code).toBe(0);
    const file = join(cfg, 'sandbox', 'mappings', 'sandbox.json');
    const history = join(cfg, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    const [bytes, lines] = [readFileSync(file, 'utf8'), readFileSync(history, 'utf8')];
    chmodSync(file, 0o444);
    const r = sandbox('fix', '--yes', '--only', '12');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 6,
      stdout: '',
      stderr: `Cannot save the mappings file ${file}: the file is not writable. Nothing was changed.\nMake it writable (\`chmod u+w ${file}\`), or choose another place with --config-dir.\n`,
    });
    // Nothing sent (the sandbox's MyOperator still holds the old e-mail), nothing recorded.
    expect(sandbox('fix', '--dry-run', '--only', '12').stdout).toMatch(/^planned\t\d+\tRavi\.Kumar@acmetraders\.in\t\w+\t12\travi\.kumar@acmetraders\.in\t/);
    expect([readFileSync(file, 'utf8'), readFileSync(history, 'utf8'), statSync(file).mode & 0o777]).toEqual([bytes, lines, 0o444]);
    // The chmod given, pasted: fix sends and records.
    chmodSync(file, 0o644);
    expect(sandbox('fix', '--yes', '--only', '12').code).toBe(0);
  });
});

describe('a history file the user may not read (chmod 000, or write-only 0200), or not write (0444)', () => {
  maybe(`doctor's mappings-file warns with one chmod for every bit missing, and fix names the file with it (doctor passed a write-only one, and fix said "permission denied", its directory to check); read-only before any mappings file, it names the history as what refuses the first save (it said no mappings file "can be made")${skipped}`, () => {
    const cfg = dir('cfg-history-unreadable', 0o700);
    const mappings = join(cfg, 'sandbox', 'mappings');
    mkdirSync(mappings, { recursive: true });
    const history = join(mappings, 'sandbox.history.jsonl');
    writeFileSync(history, '');
    if (asRoot) for (const p of [join(cfg, 'sandbox'), mappings, history]) chownSync(p, NOBODY, NOBODY);
    const sandbox = (...args: string[]) => run(['--sandbox', '--config-dir', cfg, ...args]);
    const cases = [
      [0o000, 'neither readable nor writable', 'Make it readable and writable', 'u+rw'],
      [0o200, 'not readable', 'Make it readable', 'u+r'],
    ] as const;
    for (const [mode, is, make, bits] of cases) {
      chmodSync(history, mode);
      const chmod = `(\`chmod ${bits} ${history}\`)`;
      expect(sandbox('doctor', '--only', 'mappings-file').stdout).toContain(
        `  ! mappings-file: the history file ${history} is ${is}: list history, resync, map and fix stop with exit 6, changing nothing\n      fix: ${make} ${chmod}.\n`,
      );
      const fix = sandbox('fix', '--yes', '--only', '12');
      expect({ code: fix.code, stderr: fix.stderr }).toEqual({
        code: 6,
        stderr: `Cannot save the history file ${history}: the file is ${is}. Nothing was changed.\n${make} ${chmod}, or choose another place with --config-dir.\n`,
      });
    }
    // Read-only (0444) with no mappings file yet: "none can be made: <history> is not writable", as if the
    // mappings file's place refused it. The history refuses each save, and resync, map and fix stop there.
    chmodSync(history, 0o444);
    expect(sandbox('doctor', '--only', 'mappings-file').stdout).toContain(
      `  ! mappings-file: no mappings file yet (${join(mappings, 'sandbox.json')}), and the history file refuses the first save: ${history} is not writable\n` +
        `      fix: \`chmod u+w ${history}\`; until then resync, map and fix stop with exit 6 and change nothing.\n`,
    );
    for (const command of [['resync'], ['map', '--ignore', 'gaurav.bose@acmetraders.in'], ['fix', '--yes', '--only', '12']]) {
      const r = sandbox(...command);
      expect({ code: r.code, stderr: r.stderr }).toEqual({
        code: 6,
        stderr: `Cannot save the history file ${history}: the file is not writable. Nothing was changed.\nMake it writable (\`chmod u+w ${history}\`), or choose another place with --config-dir.\n`,
      });
    }
    expect(readdirSync(mappings)).toEqual(['sandbox.history.jsonl']);
    // The chmod given, pasted: doctor passes the file, and fix sends and records.
    chmodSync(history, 0o600);
    expect(sandbox('doctor', '--only', 'mappings-file').stdout).toContain('  ✓ mappings-file: ');
    expect(sandbox('fix', '--yes', '--only', '12').code).toBe(0);
  });
});

/** A sandbox config dir (of the user the tool runs as) whose state file is read-only (0400). */
function sandboxStateReadOnly(name: string) {
  const cfg = dir(name, 0o700);
  const own = join(cfg, 'sandbox');
  mkdirSync(own, { mode: 0o700 });
  const state = join(own, 'sandbox-state.json');
  writeFileSync(state, '{"day":1,"emails":{},"enabled":{}}\n');
  if (asRoot) for (const p of [own, state]) chownSync(p, NOBODY, NOBODY);
  chmodSync(state, 0o400);
  return { cfg, own, state };
}

describe('doctor on a config dir made read-only (chmod -R a-w)', () => {
  maybe(`credentials-file and mappings-file warn, naming every path that refuses a save, with the chmod that lets resync, map and fix save, and on the same line the history's broken line with its fix (it went unsaid until the chmod was done)${skipped}`, () => {
    // Every check passed: the first resync, map or fix then stopped with exit 6, one path at a time.
    const cfg = dir('cfg-doctor-read-only', 0o700);
    const mappings = join(cfg, 'mappings');
    mkdirSync(mappings);
    const credentials = join(cfg, 'credentials.json');
    const file = join(mappings, 'default.json');
    const history = join(mappings, 'default.history.jsonl');
    writeFileSync(credentials, '{"version":1,"profiles":{}}');
    writeFileSync(file, serialize({ mappings: [mappingOf(zohoUser('a@x.in', { id: 'z1' }), moUser('a@x.in', { id: 'm1' }), 'manual', '2026-12-01T00:00:00.000Z')], ignored: [] }));
    writeFileSync(history, 'garbage\n');
    if (asRoot) for (const p of [mappings, credentials, file, history]) chownSync(p, NOBODY, NOBODY);
    for (const p of [credentials, file, history]) chmodSync(p, 0o400);
    for (const p of [mappings, cfg]) chmodSync(p, 0o500);
    const r = run(['--config-dir', cfg, 'doctor', '--only', 'config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  ✓ config-dir: config directory ${cfg} (0500)\n`);
    expect(r.stdout).toContain(
      `  ! credentials-file: credentials file ${credentials} (0400) cannot be saved: ${credentials} and ${cfg} are not writable\n` +
        `      fix: \`chmod u+w ${credentials} ${cfg}\`; until then each run asks Zoho for a new access token (Zoho allows about 10 in 10 minutes), and login cannot save.\n`,
    );
    expect(r.stdout).toContain(
      `  ! mappings-file: mappings file ${file} cannot be saved: ${file}, ${mappings} and ${history} are not writable; ` +
        `and the history file ${history} has a broken line 1: it is not JSON (Unexpected token 'g': column 1); until that is mended, list history stops with exit 2, fix cannot record what became of the changes an earlier fix left open, and doctor --calls cannot tell which e-mails MyOperator refused from fix\n` +
        `      fix: \`chmod u+w ${file} ${mappings} ${history}\`; until then resync, map and fix stop with exit 6 and change nothing. ` +
        'Then fix or delete that line by hand (`git diff` shows what changed if it is in a repository); the tool only appends to this file.\n',
    );
    // The fixes, pasted, and the line deleted: doctor passes them, and a save goes through.
    for (const p of [credentials, cfg, file, mappings, history]) chmodSync(p, statSync(p).mode | 0o200);
    writeFileSync(history, '');
    expect(run(['--config-dir', cfg, 'doctor', '--only', 'config']).stdout).toMatch(/✓ credentials-file: [^\n]+\n {2}✓ mappings-file: /);
    expect(run(['--config-dir', cfg, 'map', '--unmap', 'z1']).code).toBe(0);
  });

  maybe(`a config dir not made yet under a directory that refuses it, or made and refusing the credentials file: config-dir and credentials-file say so, with the chmod (with every credential in the environment they passed: "the first command that saves something … makes it", "none is needed"; with none, credentials-file said "else run login")${skipped}`, async () => {
    const parent = dir('cfg-parent-read-only', 0o500);
    const cfg = join(parent, 'cfg');
    const env = { PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.ID', PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'secret', PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.refresh', PHONEBRIDGE_ZOHO_DC: 'in', PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo' };
    // With no credential given config-dir was "does not exist yet" and a login to run, which cannot save there either;
    // credentials-file (run with config-dir, which it needs) still ended "else run `phonebridge-sync login`".
    const cure = `      fix: \`chmod u+w ${parent}\`; until then each run asks Zoho for a new access token (Zoho allows about 10 in 10 minutes), and login cannot save.\n`;
    for (const given of [env, {}]) {
      const r = await runAsync(['--config-dir', cfg, 'doctor', '--only', 'credentials-file'], given);
      expect(r.stdout).toContain(`  ! config-dir: config directory ${cfg} does not exist yet, and cannot be made: ${parent} is not writable\n${cure}`);
      expect(r.stdout).toContain(`  ! credentials-file: no credentials file yet (${join(cfg, 'credentials.json')}), and none can be made: ${parent} is not writable\n${cure}`);
    }
    // Made, but refusing the file: credentials-file said "none is needed, the credentials come from the environment",
    // while each run refreshed the token it could not cache.
    const r = await runAsync(['--config-dir', parent, 'doctor', '--only', 'credentials-file'], env);
    expect(r.stdout).toContain(
      `  ! credentials-file: no credentials file yet (${join(parent, 'credentials.json')}), and none can be made: ${parent} is not writable\n` +
        `      fix: \`chmod u+w ${parent}\`; until then each run asks Zoho for a new access token (Zoho allows about 10 in 10 minutes), and login cannot save.\n`,
    );
  });

  maybe(`in the sandbox, config-dir names its state file, which the sandbox's resync and fix must save${skipped}`, () => {
    const { cfg, own, state } = sandboxStateReadOnly('cfg-doctor-sandbox-state');
    const r = run(['--sandbox', '--config-dir', cfg, 'doctor', '--only', 'config-dir']);
    expect(r.stdout).toContain(
      `  ! config-dir: config directory ${own} (0700): the sandbox's state ${state} cannot be saved: ${state} is not writable\n` +
        `      fix: \`chmod u+w ${state}\`; until then the sandbox keeps neither the day resync moves it to nor the e-mails fix sets.\n`,
    );
  });
});

describe("the sandbox's state file made read-only", () => {
  maybe(`resync and fix do their work, exit 0, and say in a note that the sandbox's state was not kept (they said "Nothing was changed." and exit 6 after saving)${skipped}`, () => {
    const { cfg, state } = sandboxStateReadOnly('cfg-sandbox-state-read-only');
    const note = `Note: Cannot save the sandbox's state file ${state}: the file is not writable.`;
    const resync = run(['--sandbox', '--config-dir', cfg, 'resync']);
    expect(resync.code).toBe(0);
    expect(resync.stderr).toContain(`${note} The sandbox's next run starts from the same day. Make it writable (\`chmod u+w ${state}\`), or choose another place with --config-dir.\n`);
    expect(resync.stderr).toMatch(/Saved \S+sandbox\.json\. 4 added/);
    expect(resync.stderr).not.toContain('Nothing was changed');
    const fix = run(['--sandbox', '--config-dir', cfg, 'fix', '--yes', '--only', '12']);
    expect(fix.code).toBe(0);
    expect(fix.stderr).toContain('1 applied and verified');
    expect(fix.stderr).toContain(`${note} The sandbox's next run shows its MyOperator as it was before this run's changes.`);
    expect(fix.stderr).not.toContain('Nothing was changed');
  });
});
