/**
 * Remote strings that try to drive the terminal — an OSC 52 clipboard write, a screen clear, an
 * OSC 8 link, a right-to-left override — arrive through the fields people forget: a MyOperator
 * uuid and extension, a nameless user's extension. Whatever a command prints, none of it reaches
 * the terminal raw; each shows as <U+XXXX>.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DEMO_CASES, demoCompany } from '../../src/sandbox/demo-company.js';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { runCli } from '../support/cli.js';
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
