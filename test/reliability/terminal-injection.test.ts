/**
 * Remote strings that try to drive the terminal — an OSC 52 clipboard write, a screen clear, an
 * OSC 8 link, a right-to-left override — arrive through the fields people forget: a MyOperator
 * uuid and extension, a nameless user's extension. Whatever a command prints, none of it reaches
 * the terminal raw; each shows as <U+XXXX>.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { run as fix } from '../../src/commands/fix.js';
import { run as resync } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { CliError } from '../../src/errors.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { MappingStore } from '../../src/store/mappings.js';
import { DEMO_CASES, demoCompany } from '../../src/sandbox/demo-company.js';
import { moUser, zohoUser } from '../support/builders.js';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { runCli, tempDir } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const CLIPBOARD = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
const CLEAR = '\u001b[2J';
const LINK = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007';

describe('escape sequences through ids and extensions', () => {
  it('map --zoho X --myoperator Y, doctor and doctor --json print none of them raw', async () => {
    resetEmulators(h.e);
    const demo = demoCompany();
    const target = demo.myoperator.find((u) => u.email === DEMO_CASES.exact)!;
    target.uuid = `u-${CLIPBOARD}${CLEAR}`;
    target.extension = `\u202e21${LINK}`;
    // A nameless, e-mail-less user: doctor names it by extension (user-status, one-side-only).
    demo.myoperator.push({ ...target, uuid: `u2-${CLEAR}`, user_id: '999', name: '', email: '', extension: `9${CLIPBOARD}\u202e` });
    h.e.mo.users = demo.myoperator;
    const env = emulatorEnv(h.e);
    const cfg = join(h.tmp.dir, 'cfg');
    const runs = [
      await runCli(['--config-dir', cfg, 'map', '--zoho', DEMO_CASES.exact, '--myoperator', DEMO_CASES.exact], env),
      await runCli(['--config-dir', cfg, 'doctor'], env),
      await runCli(['--config-dir', cfg, '--json', 'doctor', '--only', 'users'], env),
      await runCli(['--config-dir', cfg, 'list', 'mappings'], env),
      await runCli(['--config-dir', cfg, 'map', '--unmap', DEMO_CASES.exact], env),
    ];
    expect(runs[0]!.code).toBe(0);
    expect(runs[0]!.stderr).toContain('Mapped Zoho');
    expect(runs[0]!.stderr).toContain('<U+001B>]52;c;');
    expect(runs[0]!.stderr).toContain('<U+202E>21');
    // Within each check's own lines (up to the next check's mark):
    expect(runs[1]!.stdout).toMatch(/user-status:(?:(?!\n {2}\S )[\s\S])*\(ext 9<U\+001B>\]52;c;/);
    expect(runs[1]!.stdout).toMatch(/one-side-only:(?:(?!\n {2}\S )[\s\S])*u2-<U\+001B>\[2J \(ext 9<U\+001B>\]52;c;/);
    let checked = 0;
    for (const r of runs)
      for (const text of [r.stdout, r.stderr]) {
        expect(text).not.toMatch(RAW);
        checked++;
      }
    writeReport('terminal-injection', { runs: runs.length, outputsChecked: checked, rawEscapes: 0 });
  });
});

describe("fix's view for a person, at a terminal", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const zoho = (id: string, email: string, name: string): ZohoUser => ({ id, zuid: null, email, name, active: true, status: 'active', confirmed: true });
  const mo = (id: string, email: string, extension: string, name: string): MyOperatorUser => ({ id, userId: null, email, name, extension, active: true });

  it('names a nameless user by its id, and suggests `map --zoho X --myoperator Y`, with neither id raw', async () => {
    const cases = [
      { only: undefined, zoho: [zoho('z1', 'Ravi@acme.in', 'Ravi')], myoperator: [mo(`u-${CLIPBOARD}${CLEAR}`, 'ravi@acme.in', '12', '')] },
      // No Zoho e-mail nor extension to name them by (the example's words where they name one user): the ids.
      { only: [`u-${CLIPBOARD}`], zoho: [zoho(`z-${CLEAR}`, '', 'Deepak')], myoperator: [mo(`u-${CLIPBOARD}`, 'deepak.vemra@acme.in', '', 'Deepak')] },
    ];
    for (const [i, c] of cases.entries()) {
      const dir = join(tmp.dir, `fix${i}`);
      mkdirSync(dir);
      let out = '';
      // stdout a terminal (the view for a person); stderr not, so no spinner draws on it.
      const sink = (isTTY: boolean) => Object.assign(new Writable({ write: (chunk, _e, done) => ((out += String(chunk)), done()) }), { isTTY, columns: 120 });
      const ctx = createContext(
        { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true },
        { stdout: sink(true), stderr: sink(false), stdin: Readable.from([]), env: {} },
      );
      await fix({ maxChanges: 10, dryRun: true, only: c.only }, ctx, {
        store: new MappingStore(join(dir, 'mappings.json')),
        fetchUsers: async () => ({ zoho: c.zoho, myoperator: c.myoperator }),
        myoperator: { updateEmail: async () => ({ accepted: true as const }), listUsers: async () => c.myoperator },
      }).catch((e) => {
        if (!(e instanceof CliError)) throw e;
      });
      expect(out).toContain(i === 0 ? 'u-<U+001B>]52;c;' : "map --zoho 'z-<U+001B>[2J' --myoperator 'u-<U+001B>]52;c;");
      expect(out).not.toMatch(RAW);
    }
  });
});

describe('a config directory named with an escape sequence', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('the closing lines that name the mappings or history file show it as <U+001B>, as the error messages do', async () => {
    // Typed by the user, not remote: still, printed raw, it turned the rest of the terminal red.
    const cfg = join(tmp.dir, `cfg-${CLEAR}\u001b[31m`);
    const runs = [
      await runCli(['--config-dir', cfg, 'list', 'mappings']),
      await runCli(['--config-dir', cfg, 'list', 'history']),
      await runCli(['--config-dir', cfg, '--sandbox', 'resync']),
      await runCli(['--config-dir', cfg, '--sandbox', 'fix', '--yes']),
      await runCli(['--config-dir', cfg, '--sandbox', 'list', 'mappings']),
    ];
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`cfg-<U+001B>[2J<U+001B>[31m${sep}`);
      expect(run.stderr).not.toMatch(RAW);
    }
  });
});

describe("resync's view for a person, at a terminal", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it("resync's table of added pairs: the MyOperator extension was printed raw (an OSC 52 clipboard write reached the terminal)", async () => {
    const zoho = [zohoUser('asha@acme.in', { id: 'z1', name: 'Asha' })];
    const myoperator = [moUser('asha@acme.in', { id: 'm1', extension: `11${CLIPBOARD}\u202e${CLEAR}` })];
    let out = '';
    const terminal = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns: 120 });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
      { stdout: terminal, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: { CI: 'true' } },
    );
    const dir = join(tmp.dir, 'resync-table');
    mkdirSync(dir, { recursive: true });
    await resync({ auto: true, maxPrune: 10, dryRun: true }, ctx, { store: new MappingStore(join(dir, 'mappings.json'), { command: 'resync' }), fetchUsers: async () => ({ zoho, myoperator }) });
    expect(out).toMatch(/Would add \(1\)/);
    expect(out).toContain('11<U+001B>]52;c;');
    expect(out).not.toMatch(RAW);
  });
});
