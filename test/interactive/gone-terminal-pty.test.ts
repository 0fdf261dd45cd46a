/**
 * The terminal closing while a run works on, away from any question or pager, where no SIGHUP
 * reaches the run: its pane's or SSH session's command a shell script that traps HUP, which keeps
 * the kernel's SIGHUP and passes none on. The run learns of it only by its writes failing (EIO),
 * finishes its work, and ends with its own exit code. Node 20 then set each of fds 0–2 that was a
 * terminal back to its modes at exit, failed on the terminal that is gone, and aborted
 * (nodejs/node#51519): the shell read 134 whatever the run had done.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';
import { BIN, tempDir } from '../support/cli.js';
import { killedAfterEach, statusWithin, until } from '../support/pty.js';

const open = killedAfterEach();

/** The run at its terminal, for a helper below to close the terminal at its moment. */
interface AtTerminal {
  term: pty.IPty;
  /** All the terminal showed so far, its control sequences taken out. */
  screen: () => string;
  /** The fix history's results so far. */
  results: () => string[];
  /**
   * node-pty's destroy() closes its side of the terminal, as a window closing does, then sends
   * the shell SIGHUP, as its owner does (not in IPty's type); the shell traps it.
   */
  close: () => void;
}

/**
 * `--sandbox fix <args>` at an 80 × 24 terminal under `sh -c 'trap : HUP; <run>; echo $? > "$STATUS"'`
 * (the command is "$@"), the sandbox's MyOperator leaving the change unanswered; `closing` closes
 * the terminal at its moment, and the run goes on to its end. What the shell recorded, the fix
 * history's results, the locks left, and `$ERR_LOG`.
 */
async function fixUnderShellTrappingHup(run: string, args: string[], closing: (at: AtTerminal) => Promise<void>) {
  const tmp = tempDir();
  try {
    const dir = join(tmp.dir, 'config');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: tmp.dir,
      TERM: 'xterm-256color',
      NO_COLOR: '1',
      STATUS: join(tmp.dir, 'status'),
      ERR_LOG: join(tmp.dir, 'err.log'),
      PHONEBRIDGE_SANDBOX_EMAIL_UPDATE: 'hang',
      PHONEBRIDGE_HTTP_TIMEOUT_MS: '1000',
      PHONEBRIDGE_HTTP_RETRIES: '2',
    };
    const script = `trap : HUP; ${run}; echo $? > "$STATUS"`;
    const term = pty.spawn('/bin/sh', ['-c', script, 'sh', process.execPath, BIN, '--config-dir', dir, '--sandbox', 'fix', ...args], { cols: 80, rows: 24, env });
    open.push(term);
    let screen = '';
    term.onData((d) => (screen += d));
    const files = () => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);
    const results = () => {
      const history = files().find((f) => f.endsWith('.history.jsonl'));
      // Complete lines only: polled while fix writes it, the file can end mid-line.
      return history === undefined ? [] : readFileSync(join(dir, history), 'utf8').split('\n').slice(0, -1).map((l) => (JSON.parse(l) as { result: string }).result);
    };
    await closing({ term, screen: () => stripVTControlCharacters(screen), results, close: () => (term as pty.IPty & { destroy(): void }).destroy() });
    const status = await statusWithin(env.STATUS);
    return { status, results: results(), locks: files().filter((f) => f.endsWith('.lock')), errLog: existsSync(env.ERR_LOG) ? readFileSync(env.ERR_LOG, 'utf8') : '' };
  } finally {
    tmp.cleanup();
  }
}

/** `fix --yes --only 12` as `run` runs it, the terminal closed once the change is recorded as being sent (and `shown` is on the screen). */
async function closedWhileSending(run: string, shown = /^/) {
  return fixUnderShellTrappingHup(run, ['--yes', '--only', '12'], async ({ screen, results, close }) => {
    await until(() => results().includes('sending') && shown.test(screen()));
    expect(results()).toEqual(['sending']);
    expect(screen()).toMatch(shown);
    close();
  });
}

/** `fix --only 12`, which asks, the terminal closed as soon as `shown` is on the screen: the question follows the plan within milliseconds. */
async function closedAtQuestion(shown: RegExp) {
  return fixUnderShellTrappingHup('"$@"', ['--only', '12'], async ({ term, screen, results, close }) => {
    term.onData(() => shown.test(screen()) && close());
    await until(() => shown.test(screen()));
    expect(results()).toEqual([]);
    expect(screen()).toMatch(shown);
  });
}

describe('the terminal closing while fix sends, under a shell that outlives the hang-up (no SIGHUP reaches the run)', () => {
  // Once its spinner shows; and as soon as the change is recorded as being sent, its spinner starting
  // or not: there ora's setting raw mode failed with EIO, "Unexpected error: setRawMode EIO", exit 1,
  // the change left "sending" and never sent (most runs; the moment is the machine's). The spinner is
  // decoration (ui/spinner.ts).
  it.each([
    ['once its spinner shows', /Changing 1 e-mail in MyOperator/],
    ['as soon as the change is recorded as being sent, its spinner starting or not', undefined],
  ])("stdin, stdout and stderr the terminal, closed %s: the run ends with its own exit code (4, MyOperator unreachable), not Node's abort (134) or exit 1; the change is recorded, no lock is left", async (_when, shown) => {
    const ended = await closedWhileSending('"$@"', shown);
    expect(ended.status).toBe('4');
    expect(ended.results).toEqual(['sending', 'unverified']);
    expect(ended.locks).toEqual([]);
  }, 40_000);

  it('closed as the plan is drawn, before its question: a hang-up (129), nothing sent or recorded, no lock left', async () => {
    // readline's setting the terminal in raw mode for the question failed with EIO: "Unexpected
    // error: setRawMode EIO", exit 1 (ui/prompts.ts).
    const ended = await closedAtQuestion(/e-mail to set/);
    expect(ended.status).toBe('129');
    expect(ended.results).toEqual([]);
    expect(ended.locks).toEqual([]);
  }, 40_000);

  it("stderr sent to a file (`2>err.log`), stdin and stdout the terminal: exit 4, not 134, and the file ends with what the run said of it", async () => {
    // No spinner there: the run is not interactive with stderr a file.
    const ended = await closedWhileSending('"$@" 2>"$ERR_LOG"');
    expect(ended.status).toBe('4');
    expect(ended.results).toEqual(['sending', 'unverified']);
    expect(ended.locks).toEqual([]);
    // The reason for its 4: the run went on after the terminal closed, to its last retry.
    expect(ended.errLog.replace(/\s+/g, ' ')).toMatch(
      /0 applied and verified, 0 not applied, 0 conflicts, 1 not verified; recorded in \S+\. Cannot reach MyOperator \(sandbox\) \(PUT \S+\): no answer within 1 s, after 3 attempts\./,
    );
  }, 40_000);
});
