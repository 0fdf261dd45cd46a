/**
 * The CI page (GITHUB_STEP_SUMMARY) of a resync or a fix that fails: one rule for both commands
 * (cli.ts's pageOfFailure). Their run writes the page once it takes it (resync at its report, fix
 * as its run ends, whatever ends it); a run stopped before says its error there, under "Failed:
 * exit N", as the log says it, a refusal of its options as given too (resync's `--force` without
 * `--prune`, fix's `--only ""`); a run stopped before anything was read by a word commander refuses
 * (an option it does not take) writes none. The same cases write, or do not write, for both. A run
 * a signal ended (fix's while it sends; resync's and fix's while they read the users) is headed
 * "Stopped: exit N", not "Failed".
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { BIN, runCli } from '../support/cli.js';

const h = withEmulators();
beforeEach(() => resetEmulators(h.e));
let n = 0;

/**
 * `phonebridge-sync <args>` in a CI job whose step page is a file of its own, its mappings file one
 * of its own too (holding `mappings`, if given): the exit code, and the page, or null when none was written.
 */
async function failed(args: string[], extra: Record<string, string> = {}, mappings?: string): Promise<{ code: number; page: string | null; file: string }> {
  const [file, page] = [join(h.tmp.dir, `mappings-${++n}.json`), join(h.tmp.dir, `page-${n}.md`)];
  if (mappings !== undefined) writeFileSync(file, mappings);
  const run = await runCli(['--config-dir', h.tmp.dir, ...args], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file, GITHUB_STEP_SUMMARY: page, ...extra });
  return { code: run.code, page: existsSync(page) ? readFileSync(page, 'utf8') : null, file };
}

/** Options each command takes but refuses as given, and what it says of them (the sentence, then its fix). */
const refusedOptions = {
  resync: [['--force'], '--force applies only with --prune, and resync prunes nothing without it.', 'Add --prune, or leave it out.'],
  fix: [['--only', ''], '--only was given an empty value, which names nobody.', 'Give an id, e-mail or extension (in a script, check that the variable is set).'],
} as const;

const commands = [
  ['resync', ['resync', '--yes'], refusedOptions.resync],
  ['fix', ['fix', '--yes'], refusedOptions.fix],
  ['resync --dry-run', ['resync', '--dry-run'], refusedOptions.resync],
  ['fix --dry-run', ['fix', '--dry-run'], refusedOptions.fix],
] as const;

describe.each(commands)('%s that fails', (name, args, [refused, sentence, hint]) => {
  // As a pattern: a dry run's heading ends "(dry run)".
  const heading = `## phonebridge-sync ${name.replace(' --dry-run', ' \\(dry run\\)')}\n\n`;

  it('before it reads anything, a secret arriving empty (exit 3): its error on the page, as the log says it', async () => {
    const run = await failed([...args], { PHONEBRIDGE_MYOPERATOR_TOKEN: '' });
    expect(run.code).toBe(3);
    expect(run.page).toMatch(new RegExp(`^${heading}### Failed: exit 3 \\(not logged in, or credentials rejected\\)\\n\\nNot logged in to MyOperator \\(profile "default"\\): no API token\\.`));
  });

  // Pasted from the page, where the job's variables are not set, it acted on the default profile and mappings file.
  it("its commands carry the profile and mappings file the job's variables chose (not the runner's config dir: it is given here)", async () => {
    const run = await failed([...args], { PHONEBRIDGE_MYOPERATOR_TOKEN: '', PHONEBRIDGE_PROFILE: 'job' });
    expect(run.code).toBe(3);
    expect(run.page).toContain(`\`phonebridge-sync --config-dir ${h.tmp.dir} --profile job --mappings ${run.file} login myoperator --token <token>\``);
  });

  it('on a hand-broken mappings file (exit 2): its error on the page', async () => {
    const run = await failed([...args], {}, '{"version": 1, "mappings": [],}\n');
    expect(run.code).toBe(2);
    expect(run.page).toMatch(new RegExp(`^${heading}### Failed: exit 2 \\(usage or input error\\)\\n\\nThe mappings file \\S+ is not valid: not JSON`));
  });

  it("on MyOperator's users that cannot be read (exit 4): its error on the page", async () => {
    h.e.mo.server.fault('/user', { kind: 'status', status: 500 }, Infinity);
    const run = await failed([...args]);
    h.e.mo.server.clearFaults({ untakenAllowed: true });
    expect(run.code).toBe(4);
    expect(run.page).toMatch(new RegExp(`^${heading}### Failed: exit 4 \\(remote API failed after retries[^)]*\\)\\n\\n`));
  });

  // resync's `--force` without `--prune` was refused before the run had its context, and wrote no
  // page, where fix's `--only ""` wrote "Failed: exit 2": the step failed with nothing said there.
  it('on options it takes but refuses as given (exit 2, before anything is read): its error on the page, as the log says it', async () => {
    const run = await failed([...args, ...refused]);
    expect(run.code).toBe(2);
    expect(run.page).toBe(`## phonebridge-sync ${name.replace(' --dry-run', ' (dry run)')}\n\n### Failed: exit 2 (usage or input error)\n\n${sentence}\n\n${hint}\n\n`);
  });

  it('on an option it does not take (exit 2, before anything is read): no page', async () => {
    const run = await failed([...args, '--no-such-option']);
    expect({ code: run.code, page: run.page }).toEqual({ code: 2, page: null });
  });
});

// fix read its PHONEBRIDGE_FIX_READ_AGAIN_MS before its run took the page: refused, the step's page
// was left without a word, where resync's refusal of a variable (PHONEBRIDGE_HTTP_TIMEOUT_MS=0) is on it.
describe.each([
  ['fix', ['fix', '--yes']],
  ['fix --dry-run', ['fix', '--dry-run']],
] as const)('%s with a variable of its own of no form it takes', (name, args) => {
  it('PHONEBRIDGE_FIX_READ_AGAIN_MS="abc" (exit 2, before anything is read): its error on the page, as the log says it', async () => {
    const run = await failed([...args], { PHONEBRIDGE_FIX_READ_AGAIN_MS: 'abc' });
    expect(run.code).toBe(2);
    expect(run.page).toBe(
      // Markdown's escapes of the name's underscores, as the page writes every sentence.
      `## phonebridge-sync ${name.replace(' --dry-run', ' (dry run)')}\n\n### Failed: exit 2 (usage or input error)\n\nPHONEBRIDGE\\_FIX\\_READ\\_AGAIN\\_MS="abc" is not a whole number of milliseconds or retries (0 to 2147483647).\n\nUnset PHONEBRIDGE\\_FIX\\_READ\\_AGAIN\\_MS, or give it a whole number.\n\n`,
    );
  });
});

/**
 * `phonebridge-sync <args>` in a CI job, sent `signal` once its first `method` /user is in flight
 * (held there by a hang): the exit code, the page (or null when none was written), the mappings file.
 */
async function signalled(args: string[], method: 'GET' | 'PUT', signal: NodeJS.Signals): Promise<{ code: number | null; page: string | null; file: string }> {
  const requests = () => h.e.mo.server.log.filter((r) => r.method === method && r.path === '/user').length;
  const before = requests();
  h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, method);
  const [file, page] = [join(h.tmp.dir, `mappings-${++n}.json`), join(h.tmp.dir, `page-${n}.md`)];
  const env = { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file, PHONEBRIDGE_HTTP_TIMEOUT_MS: '3000', GITHUB_STEP_SUMMARY: page };
  const child = spawn(process.execPath, [BIN, '--config-dir', h.tmp.dir, ...args], { env, stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  const t0 = Date.now();
  while (requests() === before && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
  child.kill(signal);
  const code = await exited;
  return { code, page: existsSync(page) ? readFileSync(page, 'utf8') : null, file };
}

// A run a signal ends (a CI timeout's SIGTERM, a cancel) is stopped, not failed: fix's page said
// "### Failed: exit 143 (terminated)" above "Stopped by SIGTERM …", read as MyOperator's failure.
describe('fix stopped by a signal while it sends', () => {
  it.each([
    ['SIGTERM', 143, 'terminated', 'SIGTERM'],
    ['SIGINT', 130, 'cancelled', 'Ctrl-C'],
  ] as const)('%s: its page is headed "Stopped: exit %d (…)", no "Failed" on it', async (signal, code, meaning, said) => {
    const run = await signalled(['fix', '--yes', '--only', '13'], 'PUT', signal);
    expect(run.code).toBe(code);
    expect(run.page).toMatch(/^## phonebridge-sync fix\n/);
    expect(run.page).toContain(`\n### Stopped: exit ${code} (${meaning})\n\nStopped by ${said} while the last change was in flight: `);
    expect(run.page).not.toMatch(/Failed/);
  });
});

// Every other command ends at once on a signal (cli.ts onSignal): a resync a CI timeout killed while
// it read the users left no page at all, where fix's says "Stopped: exit 143 (terminated)". So did
// a fix killed there: its page is written as its run ends, and a signal outside its sending ends no run.
describe.each(['resync', 'fix'])('%s stopped by a signal while it reads the users', (command) => {
  it.each([
    ['SIGTERM', 143, 'terminated', 'Terminated'],
    ['SIGINT', 130, 'cancelled', 'Cancelled'],
  ] as const)('%s: its page is headed "Stopped: exit %d (…)", nothing sent, the mappings file untouched', async (signal, code, meaning, said) => {
    // The emulator's log holds the earlier tests' requests too.
    const puts = () => h.e.mo.server.log.filter((r) => r.method === 'PUT').length;
    const before = puts();
    const run = await signalled([command, '--yes'], 'GET', signal);
    expect(run.code).toBe(code);
    expect(run.page).toBe(`## phonebridge-sync ${command}\n\n### Stopped: exit ${code} (${meaning})\n\n${said}.\n\n`);
    expect(puts()).toBe(before);
    expect(existsSync(run.file)).toBe(false);
  });
});
