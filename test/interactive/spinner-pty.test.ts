/**
 * Ctrl-C while a spinner shows, at a real pseudo-terminal (node-pty): the spinner holds the
 * terminal in raw mode, where Ctrl-C is a byte, not a signal. The byte must still stop the run
 * (exit 130, "Cancelled."), at once rather than when the remote's timeout and retries run out.
 * In fix's sending, the first Ctrl-C stops the sending instead, and the change in flight must not be
 * tried again (it was, 4 times at 15 s each, then the run blamed MyOperator: exit 4).
 * The terminal closing there (its window, an SSH session dropped) hangs up, twice (the kernel's
 * SIGHUP, then its owner's), and every write to it fails (EIO): before, the first SIGHUP killed fix
 * at once, the changes left "sending", the one in flight unrecorded.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';
import { BIN, runCli, type Run } from '../support/cli.js';
import { endsWithin, killedAfterEach, shownLines, startAtTerminal, until } from '../support/pty.js';
import { CLIENT_ID, CLIENT_SECRET, emulatorEnv, emulatorUrls, held, resetEmulators, withEmulators } from '../support/emulators.js';

const h = withEmulators();
const open = killedAfterEach();
afterEach(() => {
  h.e.mo.server.clearFaults({ untakenAllowed: true });
});

describe('Ctrl-C while a spinner shows', () => {
  it.each([
    ['list myoperator', ['list', 'myoperator']],
    ['resync', ['resync']],
  ])('%s waiting on a remote that does not answer: "Cancelled.", exit 130, at once', async (_command, args) => {
    resetEmulators(h.e);
    // Longer than the test: only Ctrl-C can end the run in time.
    h.e.mo.server.fault('/user', { kind: 'latency', ms: 60_000 }, Infinity);
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 0), PHONEBRIDGE_HTTP_TIMEOUT_MS: '60000' };
    const { term, output: screen, over } = startAtTerminal([process.execPath, BIN, '--config-dir', join(h.tmp.dir, args.join('-')), ...args], 80, 24, env);
    open.push(term);
    const exited = over.then((r) => r.code);
    for (let i = 0; i < 400 && !/Fetching .*users…/.test(screen()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(screen()).toMatch(/Fetching .*users…/);
    // What is typed while it spins is dropped, and Ctrl-C among it still counts.
    term.write('yes\r');
    await new Promise((r) => setTimeout(r, 200));
    const sent = Date.now();
    term.write('\x03');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 5 s after Ctrl-C'), 5_000))]);
    expect(code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(screen()).toMatch(/Cancelled\./);
    expect(screen()).not.toMatch(/yes/);
  }, 30_000);

  it('fix, answered y, then Ctrl-C while MyOperator does not answer the change in flight: it is not tried again, the rest are "not sent: stopped by Ctrl-C", exit 130', async () => {
    resetEmulators(h.e);
    h.e.mo.server.log.length = 0;
    h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, 'PUT');
    const puts = () => h.e.mo.server.count('PUT', '/user');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 3), PHONEBRIDGE_HTTP_TIMEOUT_MS: '3000' };
    const { term, output: screen, over } = startAtTerminal([process.execPath, BIN, '--config-dir', join(h.tmp.dir, 'fix-stop'), 'fix'], 80, 50, env);
    open.push(term);
    await until(() => /Set 5 MyOperator e-mails as shown\?/.test(screen()));
    term.write('y\r');
    await until(() => puts() === 1);
    term.write('\x03');
    await until(() => /Stopping after the change in flight/.test(screen()));
    expect(screen()).toContain('Stopping after the change in flight (Ctrl-C again quits at once, unrecorded)…');
    const ended = await over;
    expect(ended.code).toBe(130);
    expect(puts()).toBe(1);
    const text = ended.output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(text).toMatch(/\? sent, not verified .+\n\s+the request failed \(Cannot reach MyOperator/);
    expect(text.replace(/\s+/g, ' ')).toContain('after 1 attempt), and was not tried again after Ctrl-C; the read-back still shows');
    expect(text.match(/not sent: stopped by Ctrl-C before it was sent/g)).toHaveLength(4);
    expect(text.replace(/\s+/g, ' ')).toContain(
      `Stopped by Ctrl-C: 4 changes not sent; what was sent is recorded above (1 change not verified: run \`phonebridge-sync --config-dir ${join(h.tmp.dir, 'fix-stop')} fix --dry-run\` later to see whether it took).`,
    );
    expect(text).not.toMatch(/could not be reached/);
  }, 60_000);

  it('a change MyOperator does not answer: each retry is said under the spinner, at a terminal only (a log gets the closing sentence)', async () => {
    resetEmulators(h.e);
    h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, 'PUT');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 1), PHONEBRIDGE_HTTP_TIMEOUT_MS: '500' };
    const run = startAtTerminal([process.execPath, BIN, '--config-dir', join(h.tmp.dir, 'fix-waiting'), 'fix', '--yes', '--only', '12'], 100, 50, env);
    open.push(run.term);
    const { code, output } = await run.over;
    expect(code).toBe(4);
    const text = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '').replace(/\s+/g, ' ');
    expect(text).toMatch(/MyOperator did not answer PUT http:\/\/127\.0\.0\.1:\d+\/user within 500 ms; trying again \(attempt 2 of 2\)\./);
    const logged = await runCli(['--config-dir', join(h.tmp.dir, 'fix-waiting-log'), 'fix', '--yes', '--only', '12'], { ...env, CI: 'true' });
    expect(logged.code).toBe(4);
    expect(logged.stderr).toMatch(/no answer within 500 ms, after 2 attempts/);
    expect(logged.stderr).not.toMatch(/trying again/);
  }, 30_000);
});

describe('fix at a terminal, its stderr sent to a file', () => {
  it('stopped by Ctrl-C: the file does not say what was sent is recorded "above" (nothing is above it there); it names the table on the terminal', async () => {
    resetEmulators(h.e);
    h.e.mo.server.log.length = 0;
    // The first change is slow: Ctrl-C comes while it is in flight, and the second is not sent.
    h.e.mo.server.fault('/user', { kind: 'latency', ms: 1500 }, 1, 'PUT');
    const puts = () => h.e.mo.server.count('PUT', '/user');
    const dir = join(h.tmp.dir, 'fix-stop-err-log');
    mkdirSync(dir, { recursive: true });
    const errLog = join(dir, 'err.log');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 3), ERR_LOG: errLog };
    // `fix --yes 2>err.log`, as typed at a shell: stdout (the results) is the terminal, stderr the file.
    const { term, output: screen, over } = startAtTerminal(['/bin/sh', '-c', 'exec "$@" 2>"$ERR_LOG"', 'sh', process.execPath, BIN, '--config-dir', dir, 'fix', '--yes', '--only', '12', '13'], 80, 50, env);
    open.push(term);
    await until(() => puts() === 1);
    term.write('\x03');
    const ended = await over;
    expect(ended.code).toBe(130);
    expect(screen()).toMatch(/Result, verified by reading MyOperator back:/);
    const logged = readFileSync(errLog, 'utf8');
    // It said "Stopped by Ctrl-C: 1 change not sent; what was sent is verified and recorded above.", with the results on the terminal.
    expect(logged.replace(/\s+/g, ' ')).toContain(`Stopped by Ctrl-C: 1 change not sent; what was sent is verified and recorded, as listed in the table on the terminal and by \`phonebridge-sync --config-dir ${dir} list history\`.`);
    expect(logged).not.toMatch(/above/);
  }, 30_000);

  /**
   * `fix --yes --only … 2>err.log` at a terminal, Imran's Zoho e-mail retyped with a Cyrillic "а": a conflict, never copied.
   * `after`: what to do with the emulators as the run left them, before they are reset.
   */
  async function besideAConflict(name: string, only: (imranId: string) => string[], after?: (dir: string, logged: string) => Promise<void>) {
    resetEmulators(h.e);
    const imran = h.e.zoho.users.find((u) => u.email === 'imran.qureshi@acmetraders.in')!;
    imran.email = 'imr\u0430n.qureshi@acmetraders.in';
    const dir = join(h.tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    const errLog = join(dir, 'err.log');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 3), ERR_LOG: errLog };
    const run = startAtTerminal(['/bin/sh', '-c', 'exec "$@" 2>"$ERR_LOG"', 'sh', process.execPath, BIN, '--config-dir', dir, 'fix', '--yes', '--only', ...only(imran.id)], 80, 50, env);
    open.push(run.term);
    const ended = await run.over;
    const logged = readFileSync(errLog, 'utf8');
    try {
      await after?.(dir, logged);
    } finally {
      resetEmulators(h.e);
    }
    return { dir, imranId: imran.id, ended, logged };
  }

  it('a run of conflicts alone: the file names the conflict, not "1 conflict (above)", which is on the terminal', async () => {
    const { ended, logged } = await besideAConflict('fix-conflict-err-log', (id) => [id]);
    expect(ended.code).toBe(5);
    expect(ended.output).toMatch(/imr<U\+0430>n\.qureshi@acmetraders\.in/);
    // It said "1 conflict (above) cannot be fixed from here.", the plan being on the terminal.
    expect(logged).toMatch(/^1 conflict cannot be fixed from here: Zoho imr<U\+0430>n\.qureshi@acmetraders\.in ↔ MyOperator ext 28 /);
    expect(logged).not.toMatch(/above/);
  }, 30_000);

  it('a change sent beside a conflict: the file points at the table on the terminal and at `fix --dry-run` of the conflict\'s user alone, not at "Each conflict … above"', async () => {
    let pasted: Run | undefined;
    // The dry run offered, pasted as the file gives it, against MyOperator as the run left it (12 fixed).
    const pasteOffered = async (dir: string, logged: string) => {
      const offered = /`phonebridge-sync (--config-dir \S+ fix [^`]*--dry-run)`/.exec(logged.replace(/\s+/g, ' '))?.[1];
      if (offered) pasted = await runCli(offered.split(' '), emulatorEnv(h.e, 3));
    };
    const { dir, imranId, ended, logged } = await besideAConflict('fix-sent-and-conflict-err-log', (id) => ['12', id], pasteOffered);
    expect(ended.code).toBe(5);
    expect(ended.output).toMatch(/Result, verified by reading MyOperator back:/);
    // It said "1 conflict. Each conflict or shared e-mail above says what to settle first.", the results being on the terminal.
    // Then it offered the run's whole --only, "--only 12 <imran>": 12 just fixed, that dry run opened on "--only 12: not in the plan: …".
    expect(logged.replace(/\s+/g, ' ')).toContain(`1 conflict. The conflict in the table on the terminal says what to settle first; \`phonebridge-sync --config-dir ${dir} fix --only ${imranId} --dry-run\` lists the conflict again.`);
    expect(logged).not.toMatch(/above/);
    expect(pasted?.stderr).not.toMatch(/not in the plan/);
    expect(pasted?.stdout).toMatch(/^conflict\b.*imr<U\+0430>n\.qureshi@acmetraders\.in/m);
  }, 30_000);
});

describe('doctor at a terminal, its stderr sent to a file', () => {
  it('finding problems: the file says the ✗ are in the report on the terminal, not "(✗ above)"', async () => {
    const dir = join(h.tmp.dir, 'doctor-err-log');
    mkdirSync(dir, { recursive: true });
    const errLog = join(dir, 'err.log');
    // PAGER=cat: the report is written to the terminal whatever its length.
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', PAGER: 'cat', ERR_LOG: errLog };
    const run = startAtTerminal(['/bin/sh', '-c', 'exec "$@" 2>"$ERR_LOG"', 'sh', process.execPath, BIN, '--config-dir', dir, '--sandbox', 'doctor'], 80, 50, env);
    open.push(run.term);
    const ended = await run.over;
    expect(ended.code).toBe(5);
    expect(run.output()).toMatch(/✗/);
    // It said "doctor found 3 problems (✗ above).", the report being on the terminal.
    expect(readFileSync(errLog, 'utf8')).toBe('doctor found 3 problems (✗ in the report on the terminal).\n');
  }, 30_000);
});

/** `fix --only 12 13` at a terminal of its own (config in `name`), once it asks "… as shown?", holding its fix lock. */
async function fixAtQuestion(name: string) {
  resetEmulators(h.e);
  h.e.mo.server.log.length = 0;
  const dir = join(h.tmp.dir, name);
  // A refresh token of its own: the file's runs, each with a config dir of its own, spent the ten refreshes Zoho allows in 10 minutes.
  const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 0), PHONEBRIDGE_ZOHO_REFRESH_TOKEN: h.e.zoho.issueRefreshToken(CLIENT_ID) };
  const term = pty.spawn(process.execPath, [BIN, '--config-dir', dir, 'fix', '--only', '12', '13'], { cols: 80, rows: 24, env });
  open.push(term);
  let screen = '';
  term.onData((d) => (screen += d));
  const ended = new Promise<{ exitCode: number; signal?: number }>((done) => term.onExit(done));
  await until(() => /as shown\?/.test(screen));
  expect(screen).toMatch(/as shown\?/);
  const lock = readdirSync(dir, { recursive: true }).map(String).find((f) => f.endsWith('.fix.lock'));
  expect(lock).toBeDefined();
  return { term, dir, lock: lock!, screen: () => screen, ended };
}

describe('the terminal closing while fix sends', () => {
  it('stops the sending as SIGTERM does: what was sent is read back and recorded, the rest "not sent", and the run ends by SIGHUP', async () => {
    resetEmulators(h.e);
    h.e.mo.server.log.length = 0;
    // The change in flight gets no answer: only the stop can keep the next one from being sent.
    h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, 'PUT');
    const file = join(h.tmp.dir, 'hangup', 'mappings.json');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 0), PHONEBRIDGE_HTTP_TIMEOUT_MS: '3000', PHONEBRIDGE_MAPPINGS_FILE: file };
    const term = pty.spawn(process.execPath, [BIN, '--config-dir', h.tmp.dir, 'fix', '--yes', '--only', '12', '13'], { cols: 80, rows: 24, env });
    open.push(term);
    const ended = new Promise<{ exitCode: number; signal?: number }>((done) => term.onExit(done));
    const puts = () => h.e.mo.server.count('PUT', '/user');
    await until(() => puts() === 1);
    // The terminal closes: node-pty's Unix terminal closes its side, as a window closing does, then
    // sends SIGHUP, as its owner does (not in IPty's type).
    (term as pty.IPty & { destroy(): void }).destroy();
    const end = await endsWithin(ended, 'still running 20 s after the terminal closed');
    // Ended by the signal, as the shell expects of a process it hung up (exit 129); not Node's abort
    // at exit when the terminal is gone, nor "Unexpected error: write EIO", exit 1.
    expect(end).toEqual({ exitCode: 0, signal: 1 });
    expect(puts()).toBe(1);
    const history = existsSync(file.replace(/\.json$/, '.history.jsonl')) ? readFileSync(file.replace(/\.json$/, '.history.jsonl'), 'utf8') : '';
    const lines = history
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { result: string; detail?: string });
    expect(lines.map((l) => [l.result, l.detail])).toEqual([
      ['sending', undefined],
      ['sending', undefined],
      ['unverified', expect.stringMatching(/^the request failed \(.*\), and was not tried again after SIGHUP; the read-back still shows /)],
      ['not-applied', 'not sent: stopped by SIGHUP before it was sent'],
    ]);
  }, 40_000);

  // Closed before the spinner started, its raw mode failed (EIO) before the SIGHUP came: "Unexpected
  // error: setRawMode EIO" left the run's stop undone, the changes "sending" and never sent, and at
  // times the fix lock behind (most runs; the moment is the machine's).
  it('closed as soon as the changes are recorded as being sent: stopped as above, each recorded (not sent, or not tried again), the fix lock gone, ended by SIGHUP', async () => {
    // The sandbox's MyOperator, in the run's own process, leaves each change unanswered. (With the
    // emulators in this process, the spinner had started by the time the history was seen, each run.)
    const dir = join(h.tmp.dir, 'hangup-at-record');
    const env = { PATH: process.env.PATH ?? '', HOME: h.tmp.dir, TERM: 'xterm-256color', NO_COLOR: '1', PHONEBRIDGE_SANDBOX_EMAIL_UPDATE: 'hang', PHONEBRIDGE_HTTP_TIMEOUT_MS: '3000' };
    const term = pty.spawn(process.execPath, [BIN, '--config-dir', dir, '--sandbox', 'fix', '--yes', '--only', '12', '13'], { cols: 80, rows: 24, env });
    open.push(term);
    const ended = new Promise<{ exitCode: number; signal?: number }>((done) => term.onExit(done));
    const files = () => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);
    const results = () => {
      const history = files().find((f) => f.endsWith('.history.jsonl'));
      // Complete lines only: polled while fix writes it, the file is at times there but empty, or ends mid-line.
      const complete = history === undefined ? [] : readFileSync(join(dir, history), 'utf8').split('\n').slice(0, -1);
      return complete.map((l) => JSON.parse(l) as { result: string; detail?: string });
    };
    for (let i = 0; i < 2000 && results().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    (term as pty.IPty & { destroy(): void }).destroy();
    expect(await endsWithin(ended, 'still running 20 s after the terminal closed')).toEqual({ exitCode: 0, signal: 1 });
    const lines = results().map((l) => [l.result, l.detail]);
    expect(lines.slice(0, 2)).toEqual([
      ['sending', undefined],
      ['sending', undefined],
    ]);
    const notSent = ['not-applied', 'not sent: stopped by SIGHUP before it was sent'];
    // The first change was in flight when the SIGHUP came, or not sent yet.
    const first = lines[2]?.[0] === 'unverified' ? ['unverified', expect.stringMatching(/, and was not tried again after SIGHUP; the read-back still shows /)] : notSent;
    expect(lines.slice(2)).toEqual([first, notSent]);
    expect(files().filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 40_000);

  // The closed-pipe rule silenced both streams once the terminal failed a write (EIO): a `2>err.log`
  // lost the run's closing lines with it, though nothing was wrong with the file.
  it('keeps the closing lines in a file standard error is redirected to (`2>err.log`): only the closed terminal goes quiet', async () => {
    resetEmulators(h.e);
    h.e.mo.server.log.length = 0;
    h.e.mo.server.fault('/user', { kind: 'hang' }, Infinity, 'PUT');
    const dir = join(h.tmp.dir, 'hangup-log');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'err.log');
    const env = { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorEnv(h.e, 0), PHONEBRIDGE_HTTP_TIMEOUT_MS: '3000', ERR_LOG: log };
    // As a shell runs `phonebridge-sync … 2>err.log` at the terminal: stdin and stdout the terminal, stderr the file.
    const term = pty.spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>"$ERR_LOG"', process.execPath, BIN, '--config-dir', dir, 'fix', '--yes', '--only', '12', '13'], { cols: 80, rows: 24, env });
    open.push(term);
    const ended = new Promise<{ exitCode: number; signal?: number }>((done) => term.onExit(done));
    await until(() => h.e.mo.server.count('PUT', '/user') === 1);
    (term as pty.IPty & { destroy(): void }).destroy();
    expect(await endsWithin(ended, 'still running 20 s after the terminal closed')).toEqual({ exitCode: 0, signal: 1 });
    const text = readFileSync(log, 'utf8').replace(/\s+/g, ' ');
    // Before, the file held the first line alone: "Stopping: no more changes are sent; …".
    expect(text).toMatch(/^Stopping: no more changes are sent; [^.]+\. 0 applied and verified, 1 not applied \(not sent\), 0 conflicts, 1 not verified; recorded in \S+\. /);
    // Not "recorded above": nothing is above it in the file; the table was on the terminal.
    expect(text).toContain(`Stopped by SIGHUP: 1 change not sent; what was sent is recorded, as listed in the table on the terminal and by \`phonebridge-sync --config-dir ${dir} list history\` (1 change not verified: run \`phonebridge-sync --config-dir ${dir} fix --only 12 13 --dry-run\` later to see whether it took).`);
    expect(text).toMatch(/fix --only 12 13 --yes` again to send the rest: it plans only what still differs\. $/);
  }, 40_000);

  // At the question, before the stretch, a SIGHUP (here with the terminal still open, to read it):
  // the fix lock held for the plan goes (an exit handler's SIGHUP came before signal-exit's hooks
  // and left it: the next fix for 10 s was "another fix is running"), and "Hung up" is the last word.
  it('at the question ("Set … as shown?"): "Hung up (SIGHUP)." alone, ended by SIGHUP, the fix lock gone', async () => {
    const { term, dir, lock, screen, ended } = await fixAtQuestion('hangup-question');
    process.kill(term.pid, 'SIGHUP');
    expect(await endsWithin(ended, 'still running 20 s after SIGHUP')).toEqual({ exitCode: 0, signal: 1 });
    const after = stripVTControlCharacters(screen().slice(screen().lastIndexOf('as shown?')));
    expect(after.replace(/\r/g, '')).toMatch(/^as shown\? \(y\/N\)\s*\nHung up \(SIGHUP\)\.\s*$/);
    expect(existsSync(join(dir, lock))).toBe(false);
  }, 40_000);

  // The terminal closed at the question (a window shut, an SSH session dropped): its input ends
  // before the SIGHUP comes, readline then set the gone terminal back from raw mode ("setRawMode
  // EIO", uncaught: exit 1) and Node aborted at that exit as the terminal was gone (nodejs/node#51519),
  // a crash in place of a hang-up. node-pty's destroy() closes its side first, then sends SIGHUP.
  it('closed at the question ("Set … as shown?"): taken as No, nothing sent or recorded, the fix lock gone, ended by SIGHUP as a hang-up is', async () => {
    const { term, dir, lock, ended } = await fixAtQuestion('closed-at-question');
    (term as pty.IPty & { destroy(): void }).destroy();
    expect(await endsWithin(ended, 'still running 20 s after the terminal closed')).toEqual({ exitCode: 0, signal: 1 });
    expect(h.e.mo.server.count('PUT', '/user')).toBe(0);
    expect(existsSync(join(dir, lock))).toBe(false);
    const history = readdirSync(dir, { recursive: true }).map(String).find((f) => f.endsWith('.history.jsonl'));
    expect(history === undefined ? '' : readFileSync(join(dir, history), 'utf8')).not.toMatch(/"sending"/);
  }, 40_000);
});

describe('login zoho at a terminal, the token its grant gave refused (a missing scope)', () => {
  // The revoke of that token may take a command's retries (a minute): the screen stayed blank while it ran.
  it('the revoke is said by a spinner while Zoho holds it, gone once it lands; the refusal, exit 3', async () => {
    resetEmulators(h.e);
    const revoke = held();
    h.e.zoho.server.fault('/oauth/v2/token/revoke', revoke.fault, 1);
    try {
      const dir = join(h.tmp.dir, 'login-refused-revoke');
      const env = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1', ...emulatorUrls(h.e) };
      const grant = h.e.zoho.issueGrantCode(CLIENT_ID, ['ZohoCRM.org.READ']);
      const args = ['login', 'zoho', '--dc', 'in', '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET, '--grant-token', grant];
      const { output: screen, over, term } = startAtTerminal([process.execPath, BIN, '--config-dir', dir, ...args], 80, 24, env);
      open.push(term);
      await until(() => /Revoking/.test(screen()));
      expect(stripVTControlCharacters(screen())).toMatch(/Revoking the refresh token the grant gave, as Zoho refused it…/);
      revoke.letGo();
      const ended = await over;
      expect(ended.code).toBe(3);
      const shown = (await shownLines(ended.output, 80, 24)).join('\n');
      expect(shown).not.toMatch(/Revoking/);
      expect(shown.replace(/\s+/g, ' ')).toContain('Zoho refused /crm/v8/users: the token lacks the scope ZohoCRM.users.READ (OAUTH_SCOPE_MISMATCH).');
    } finally {
      revoke.letGo();
      h.e.zoho.server.clearFaults({ untakenAllowed: true });
    }
  }, 30_000);
});
