/**
 * Stores on disks that cannot take them, for real: a small tmpfs nearly full or full, a read-only
 * file system, a config dir that is a file. Each run exits 6 with one sentence naming the file
 * and the cause, at once, with the old file byte for byte and no temp file left. Mounting needs
 * root (or CAP_SYS_ADMIN); where it is refused the tmpfs tests are skipped and say why, and the
 * injected short write in short-write.test.ts still runs.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from '../../src/store/mappings.js';
import { CLIENT_ID, emulatorEnv, held, resetEmulators, withEmulators } from '../support/emulators.js';
import { noStack, runCli, type Run } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();
const mounts: string[] = [];
/** Mount points live apart from h.tmp, which is removed before our afterAll unmounts. */
const mountRoot = mkdtempSync(join(tmpdir(), 'pbs-mounts-'));
const tally = { fullDiskRuns: 0, readOnlyRuns: 0, notADirectoryRuns: 0, storesIntact: 0, tempsLeft: 0, readsCompleted: 0, tmpfs: '' };

/** Mounts a tmpfs of `size` on `dir`; the reason it could not, or undefined. */
function mountTmpfs(dir: string, options: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return undefined;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim() || 'mount failed';
  }
}

// Decided before the tests are declared, so a skip says why in the test name.
const probe = join(mountRoot, 'probe');
const noMount = mountTmpfs(probe, 'size=64k');
if (!noMount) {
  execFileSync('umount', [probe]);
  mounts.pop();
}
const onTmpfs = noMount ? it.skip : it;
const skipped = noMount ? ` (skipped: cannot mount a tmpfs here: ${noMount})` : '';
tally.tmpfs = noMount ? `skipped: ${noMount}` : 'mounted';

afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
  rmSync(mountRoot, { recursive: true, force: true });
  writeReport('storage', tally);
});

function mapping(i: number) {
  return {
    zoho: { id: `old-z${i}`, zuid: `${9000 + i}`, email: `former${i}@example.com` },
    myoperator: { uuid: `old-m${i}-0000-0000`, extension: `${500 + i}`, email: `former${i}@example.com` },
    how: 'manual' as const,
    at: '2026-01-01T00:00:00.000Z',
  };
}

/** Fills the file system at `dir` until `leave` bytes are free. */
function fill(dir: string, leave: number): number {
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  writeFileSync(join(dir, `filler-${readdirSync(dir).length}`), Buffer.alloc(Math.max(0, free() - leave)));
  return free();
}

/** One sentence naming the file and why, exit 6, no stack, no "bug". */
function expectStorageSentence(r: Run, file: string, cause: RegExp): void {
  expect(r.code).toBe(6);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(cause);
  expect(r.stderr).not.toMatch(/Unexpected error|This is a bug|another phonebridge-sync run/);
  expect(noStack(r.stderr)).toBe(true);
}

function tempsBeside(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.includes('.tmp-'));
}

describe(`a full disk${skipped}`, () => {
  onTmpfs('map --auto with 4 KiB free: exit 6 "the disk is full", the 11.5 KB mappings file byte for byte', async () => {
    resetEmulators(h.e);
    const disk = join(mountRoot, 'disk-mappings');
    expect(mountTmpfs(disk, 'size=256k')).toBeUndefined();
    const file = join(disk, 'mappings.json');
    writeFileSync(file, serialize({ mappings: Array.from({ length: 40 }, (_, i) => mapping(i)), ignored: [] }));
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(11_000);
    const free = fill(disk, 4096);
    expect(free).toBeLessThanOrEqual(12 * 1024);

    const r = await runCli(['--config-dir', join(h.tmp.dir, 'cfg-1'), 'map', '--auto'], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file });
    tally.fullDiskRuns++;
    expectStorageSentence(r, file, /the disk is full/);
    expect(r.stdout).not.toMatch(/Mapped/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(tempsBeside(disk)).toEqual([]);
    tally.storesIntact++;

    // A completely full disk says the same, not "Unexpected error".
    fill(disk, 0);
    const full = await runCli(['--config-dir', join(h.tmp.dir, 'cfg-1'), 'map', '--auto'], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file });
    tally.fullDiskRuns++;
    expectStorageSentence(full, file, /the disk is full/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(tempsBeside(disk)).toEqual([]);
    tally.storesIntact++;

    // Space freed: the same command completes.
    for (const f of readdirSync(disk).filter((n) => n.startsWith('filler-'))) unlinkSync(join(disk, f));
    const ok = await runCli(['--config-dir', join(h.tmp.dir, 'cfg-1'), 'map', '--auto'], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file });
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).mappings.length).toBeGreaterThan(40);
  });

  onTmpfs('list zoho whose token-cache write does not fit: the users still listed (exit 0), said once, the 14 KB credentials file keeps every profile; space freed, the next run keeps the token', async () => {
    resetEmulators(h.e);
    const disk = join(mountRoot, 'disk-credentials');
    expect(mountTmpfs(disk, 'size=256k')).toBeUndefined();
    const profiles = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [
        `client-${i}`,
        { zoho: { dc: 'in', clientId: `1000.CLIENT${i}`, clientSecret: `secret-${i}-0123456789abcdef`, refreshToken: `1000.refresh.${i}.0123456789abcdef` } },
      ]),
    );
    const file = join(disk, 'credentials.json');
    writeFileSync(file, JSON.stringify({ version: 1, profiles }, null, '\t'), { mode: 0o600 });
    chmodSync(disk, 0o700);
    const before = readFileSync(file);
    expect(before.length).toBeGreaterThan(12_000);
    fill(disk, 4096);

    const r = await runCli(['--config-dir', disk, '--profile', 'client-3', 'list', 'zoho'], emulatorEnv(h.e));
    tally.readsCompleted++;
    // Only the token's cache failed: a command that reads is not stopped by it (it was exit 6, no output).
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('asha.rao@acmetraders.in');
    // With the cure the same error gives where it stops a command (it gave the cause alone), less its
    // "then run again": this run went on and listed, and it is the next run that keeps the token.
    expect(r.stderr).toContain(
      `Could not keep the Zoho access token for the next run: Cannot save the credentials file ${file}: the disk is full. This run goes on; until that is fixed, each run asks Zoho for a new token (Zoho allows about 10 in 10 minutes). Free some space on the disk that holds ${disk}, and the next run will keep the token.\n`,
    );
    expect(r.stderr.match(/Could not keep/g)).toHaveLength(1);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(tempsBeside(disk)).toEqual([]);
    tally.storesIntact++;

    // As it says: space freed, the next run keeps the token, saying nothing of it.
    for (const f of readdirSync(disk).filter((n) => n.startsWith('filler-'))) unlinkSync(join(disk, f));
    const next = await runCli(['--config-dir', disk, '--profile', 'client-3', 'list', 'zoho'], emulatorEnv(h.e));
    expect(next.code).toBe(0);
    expect(next.stderr).not.toMatch(/Could not keep/);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles['client-3'].zoho.token).toMatchObject({ accessToken: expect.any(String) });
  });
});

describe(`paths that cannot be written${skipped}`, () => {
  onTmpfs('a read-only config dir: list still lists (the token not kept, said); map is exit 6 at once, "read-only", never "another run"', async () => {
    resetEmulators(h.e);
    const ro = join(mountRoot, 'ro');
    expect(mountTmpfs(ro, 'ro,size=64k')).toBeUndefined();
    const r = await runCli(['--config-dir', ro, 'list', 'zoho'], emulatorEnv(h.e));
    tally.readsCompleted++;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('asha.rao@acmetraders.in');
    expect(r.stderr).toMatch(new RegExp(`^Could not keep the Zoho access token for the next run: Cannot save the credentials file ${join(ro, 'credentials.json').replace(/[.]/g, '\\.')}: .*read-only`, 'm'));
    expect(r.stderr).toContain('(Zoho allows about 10 in 10 minutes). Remount it read-write, or choose another place with --config-dir.\n');
    const m = await runCli(['--config-dir', ro, 'map', '--auto'], emulatorEnv(h.e));
    tally.readOnlyRuns++;
    expect(m.code).toBe(6);
    expect(m.stderr).toMatch(/read-only/);
    expect(m.stderr).not.toMatch(/another phonebridge-sync run|Unexpected error/);
  });

  onTmpfs('a read-only mappings directory: exit 6 naming the file, not a 26 s wait blaming another run', async () => {
    resetEmulators(h.e);
    const ro = join(mountRoot, 'ro-mappings');
    expect(mountTmpfs(ro, 'ro,size=64k')).toBeUndefined();
    const file = join(ro, 'mappings.json');
    const r = await runCli(['--config-dir', join(h.tmp.dir, 'cfg-2'), 'map', '--auto'], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file });
    tally.readOnlyRuns++;
    expectStorageSentence(r, file, /read-only/);
  });
});

describe('a credentials file that turns into a directory while the token is being refreshed', () => {
  it('list zoho still lists (exit 0): the token not kept is a note naming the directory and its fix, not exit 2 for a cache; nothing is written there', async () => {
    resetEmulators(h.e);
    const cfg = join(h.tmp.dir, 'cfg-swapped');
    mkdirSync(cfg, { mode: 0o700 });
    const file = join(cfg, 'credentials.json');
    writeFileSync(file, JSON.stringify({ version: 1 }), { mode: 0o600 });
    // Its own refresh token: the emulator, as Zoho, allows 10 refreshes in 10 minutes each.
    const env = { ...emulatorEnv(h.e), PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID) };
    const refreshes = h.e.zoho.server.count('POST', '/oauth/v2/token');
    const refresh = held();
    h.e.zoho.server.fault('/oauth/v2/token', refresh.fault, 1, 'POST');
    const running = runCli(['--config-dir', cfg, 'list', 'zoho'], env);
    // The run has read the file (its login, the cache) and waits on the refresh: the file goes.
    while (h.e.zoho.server.count('POST', '/oauth/v2/token') === refreshes) await new Promise((r) => setTimeout(r, 10));
    rmSync(file);
    mkdirSync(file);
    refresh.letGo();
    const r = await running;
    tally.readsCompleted++;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('asha.rao@acmetraders.in');
    expect(r.stderr).toContain(
      `Could not keep the Zoho access token for the next run: Cannot read the credentials file ${file}: it is a directory, where phonebridge-sync keeps the Zoho and MyOperator logins of every profile, and the Zoho access token it caches. This run goes on; the next run stops at that read until it is fixed. Rename or remove that directory, or choose another place with --config-dir.\n`,
    );
    expect(noStack(r.stderr)).toBe(true);
    expect(readdirSync(file)).toEqual([]);
  });
});

describe('a config dir that is a file', () => {
  it('list zoho and map --auto: exit 6, "is a file, not a directory", naming the path', async () => {
    resetEmulators(h.e);
    const notDir = join(h.tmp.dir, 'i-am-a-file');
    writeFileSync(notDir, 'x');
    const r = await runCli(['--config-dir', notDir, 'list', 'zoho'], emulatorEnv(h.e));
    tally.notADirectoryRuns++;
    expectStorageSentence(r, join(notDir, 'credentials.json'), /is a file, not a directory/);
    const m = await runCli(['--config-dir', notDir, 'map', '--unmap', 'someone'], {});
    tally.notADirectoryRuns++;
    expectStorageSentence(m, join(notDir, 'mappings', 'default.json'), new RegExp(`: ${notDir} is a file, not a directory`));
    // Reading alone says it too, rather than show an empty list from a path that cannot exist.
    const l = await runCli(['--config-dir', notDir, 'list', 'mappings'], {});
    tally.notADirectoryRuns++;
    expectStorageSentence(l, join(notDir, 'mappings', 'default.json'), /is a file, not a directory/);
    const hist = await runCli(['--config-dir', notDir, 'list', 'history'], {});
    tally.notADirectoryRuns++;
    expectStorageSentence(hist, join(notDir, 'mappings', 'default.history.jsonl'), /is a file, not a directory/);
    expect(readFileSync(notDir, 'utf8')).toBe('x');
    expect(existsSync(join(h.tmp.dir, 'i-am-a-file.lock'))).toBe(false);
  });

  it("that read's exit 6 is in the exit-code table's words, in --help and README: it said \"cannot save a file\" of a run that only read", async () => {
    const help = (await runCli(['--help'], {})).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(' 6 cannot read or save a file of its own: ');
    expect(readFileSync('README.md', 'utf8')).toMatch(/\n\| 6 \| cannot read or save a file of its own: [^\n]*\|\n/);
    // A directory where a store's file goes is exit 6 too (`--mappings /tmp`, as `--config-dir /etc/passwd`): the row said only the file.
    const where = 'a file stands where a directory goes, or a directory where a file goes';
    expect(help).toContain(where);
    expect(readFileSync('README.md', 'utf8')).toMatch(new RegExp(`\\n\\| 6 \\| [^\\n]*${where}`));
  });
});

describe('a profile that is a path', () => {
  it('--profile ../../escaped and PHONEBRIDGE_PROFILE=a/b: exit 2 naming the rule; no file is made outside the config dir', async () => {
    const cfg = join(h.tmp.dir, 'cfg-profile');
    const flag = await runCli(['--config-dir', cfg, '--profile', '../../escaped', 'map', '--unmap', 'someone'], {});
    const env = await runCli(['--config-dir', cfg, 'list', 'mappings'], { PHONEBRIDGE_PROFILE: 'a/b' });
    for (const r of [flag, env]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--profile \(or PHONEBRIDGE_PROFILE\) names a file: not '\.' or '\.\.', without '\/'/);
      expect(noStack(r.stderr)).toBe(true);
    }
    expect(existsSync(join(h.tmp.dir, 'escaped.json'))).toBe(false);
    expect(existsSync(cfg)).toBe(false);
    // A name that is not a path keeps working, spaces and all.
    const ok = await runCli(['--config-dir', cfg, '--profile', 'acme corp.eu_2', 'list', 'mappings'], {});
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(join(cfg, 'mappings', 'acme corp.eu_2.json'));
    // Hidden characters, and an empty variable (set, so not the default), each get a sentence.
    const bidi = await runCli(['--config-dir', cfg, '--profile', 'work\u202e', 'list', 'mappings'], {});
    expect(bidi.code).toBe(2);
    const empty = await runCli(['--config-dir', cfg, 'list', 'mappings'], { PHONEBRIDGE_PROFILE: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/A profile name cannot be empty \(an empty PHONEBRIDGE_PROFILE counts as set\)/);
  });

  it('an empty --config-dir or PHONEBRIDGE_CONFIG_DIR is exit 2, not the current directory', async () => {
    for (const [args, env] of [
      [['--config-dir', ''], {}],
      [[], { PHONEBRIDGE_CONFIG_DIR: '' }],
    ] as const) {
      const here = join(h.tmp.dir, 'empty-config-dir');
      mkdirSync(here, { recursive: true });
      const r = await runCli([...args, '--sandbox', 'resync', '--yes'], env, here);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^A config directory cannot be empty.*: it would be the current directory\./);
      expect(readdirSync(here)).toEqual([]);
    }
  });

  it('a leading ~ in PHONEBRIDGE_CONFIG_DIR or --mappings (a CI file does not expand it) is the home directory, not a directory named ~ where the job runs', async () => {
    const home = join(h.tmp.dir, 'tilde-home');
    const here = join(h.tmp.dir, 'tilde-checkout');
    mkdirSync(home, { recursive: true });
    mkdirSync(here, { recursive: true });
    const env = { HOME: home, PHONEBRIDGE_CONFIG_DIR: '~/.phonebridge', PHONEBRIDGE_MAPPINGS_FILE: '~/mappings.json' };
    const r = await runCli(['list', 'mappings'], env, here);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(` in ${join(home, 'mappings.json')}`);
    const demo = await runCli(['--sandbox', 'resync', '--yes'], env, here);
    expect(demo.code).toBe(0);
    expect(existsSync(join(home, '.phonebridge', 'sandbox', 'mappings', 'sandbox.json'))).toBe(true);
    expect(readdirSync(here)).toEqual([]);
  });

  it('an empty --mappings or PHONEBRIDGE_MAPPINGS_FILE is exit 2, not the default store (a CI would commit nothing); the sandbox leaves the variable alone', async () => {
    const cfg = join(h.tmp.dir, 'empty-mappings');
    for (const [args, env, said] of [
      [['--mappings', ''], {}, 'A mappings file cannot be empty.'],
      [[], { PHONEBRIDGE_MAPPINGS_FILE: '' }, 'A mappings file cannot be empty (an empty PHONEBRIDGE_MAPPINGS_FILE counts as set).'],
    ] as const) {
      const r = await runCli(['--config-dir', cfg, ...args, 'map', '--unmap', 'someone'], env);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(said);
      expect(existsSync(cfg)).toBe(false);
    }
    const sandbox = await runCli(['--config-dir', cfg, '--sandbox', 'list', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: '' });
    expect(sandbox.code).toBe(0);
    expect(sandbox.stderr).toMatch(new RegExp(`^No mappings and no ignored users in ${join(cfg, 'sandbox', 'mappings', 'sandbox.json')} yet: `));
  });
});
