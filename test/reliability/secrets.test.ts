/**
 * Every end-to-end command runs once plain and once with --verbose; no secret appears in any
 * stdout, stderr, store other than the credentials file, or the GitHub summary. The credentials
 * file is 0600 and its directory 0700 after every write.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CASES } from '../../src/sandbox/demo-company.js';
import { demoCalls } from '../../src/sandbox/demo-calls.js';
import { CLIENT_ID, CLIENT_SECRET, emulatorUrls, withEmulators } from '../support/emulators.js';
import { runCli, type Run } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();

describe('secrets', () => {
  it('never leave the credentials file, whatever the command, --verbose included', async () => {
    const dir = join(h.tmp.dir, 'config');
    const summary = join(h.tmp.dir, 'summary.md');
    const call = join(h.tmp.dir, 'call.json');
    writeFileSync(call, JSON.stringify({ _ci: 'c1', _ld: [{ _rr: [{ _ex: '11' }] }] }));
    h.e.mo.calls = demoCalls(Math.floor(Date.now() / 1000), h.e.mo.users);
    const code = h.e.zoho.issueGrantCode(CLIENT_ID);
    const env = { ...emulatorUrls(h.e, 1), GITHUB_STEP_SUMMARY: summary };
    const commands = [
      ['login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', code],
      ['login', 'myoperator', '--token', h.e.mo.token],
      ['list', 'zoho'],
      ['--json', 'list', 'myoperator'],
      ['match'],
      ['--json', 'resync'],
      ['map', '--auto'],
      ['map', '--zoho', DEMO_CASES.case, '--myoperator', 'ravi.kumar@acmetraders.in'],
      ['list', 'mappings', '--csv'],
      ['doctor'],
      ['doctor', '--webhook', call],
      ['doctor', '--calls'],
      ['fix', '--dry-run'],
      ['fix', '--yes', '--only', '12'],
      ['list', 'history'],
      ['list', 'myoperator', '--status', 'inactive'],
    ];
    const runs: Run[] = [];
    let writes = 0;
    for (const args of commands) {
      for (const verbose of [false, true]) {
        runs.push(await runCli(['--config-dir', dir, ...(verbose ? ['--verbose'] : []), ...args], env));
        if (existsSync(join(dir, 'credentials.json'))) {
          writes++;
          expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
          expect(statSync(dir).mode & 0o777).toBe(0o700);
        }
      }
    }
    // and a rejected token, whose error echoes the request URL
    runs.push(await runCli(['--config-dir', dir, '--verbose', 'list', 'myoperator'], { ...env, PHONEBRIDGE_MYOPERATOR_TOKEN: 'mo_leaky_leaky_leaky' }));
    runs.push(await runCli(['--config-dir', dir, '--verbose', 'logout'], env));

    const secrets = [...h.e.zoho.allSecrets(), h.e.mo.token, CLIENT_SECRET, 'mo_leaky_leaky_leaky'];
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile() && !f.endsWith('credentials.json'));
    const places = [...runs.flatMap((r) => [r.stdout, r.stderr]), readFileSync(summary, 'utf8'), ...files.map((f) => readFileSync(f, 'utf8'))];
    let checked = 0;
    for (const text of places)
      for (const s of secrets) {
        expect(text).not.toContain(s);
        checked++;
      }
    expect(runs.filter((r) => r.stderr.includes('token=<redacted>')).length).toBeGreaterThan(5);
    writeReport('secrets', {
      commands: runs.length,
      secrets: secrets.length,
      placesChecked: places.length,
      comparisons: checked,
      leaks: 0,
      credentialWritesChecked0600: writes,
    });
  }, 120_000);
});
