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
import { killedAfterEach } from '../support/pty.js';

const open = killedAfterEach();

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 800 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
}

/** The status the shell recorded for the run once it ended, or why there is none within 20 s. */
async function statusWithin(file: string): Promise<string> {
  for (let i = 0; i < 800 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'still running 20 s after the terminal closed';
}

/**
 * `--sandbox fix --yes --only 12` at an 80 × 24 terminal under `sh -c 'trap : HUP; <run>; echo $? > "$STATUS"'`
 * (the command is "$@"), the sandbox's MyOperator leaving the change unanswered: the terminal closes
 * once the change is recorded as being sent (and `shown` is on the screen, if given), and the run
 * goes on to the last of its retries. What the shell recorded, the fix history's results, the locks left, and `$ERR_LOG`.
 * With `asked`, the run is `fix --only 12`, which asks, and the terminal closes once `shown` is on the screen.
 */
async function closedWhileSending(run: string, shown = /^/, asked = false) {
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
    const term = pty.spawn('/bin/sh', ['-c', script, 'sh', process.execPath, BIN, '--config-dir', dir, '--sandbox', 'fix', ...(asked ? [] : ['--yes']), '--only', '12'], { cols: 80, rows: 24, env });
    open.push(term);
    let screen = '';
    term.onData((d) => (screen += d));
    const files = () => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);
    const results = () => {
      const history = files().find((f) => f.endsWith('.history.jsonl'));
      return history === undefined ? [] : readFileSync(join(dir, history), 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { result: string }).result);
    };
    // node-pty's destroy() closes its side of the terminal, as a window closing does, then sends
    // the shell SIGHUP, as its owner does (not in IPty's type); the shell traps it.
    const close = () => (term as pty.IPty & { destroy(): void }).destroy();
    // Asked, closed as soon as `shown` comes: the question follows the plan within milliseconds.
    if (asked) term.onData(() => shown.test(stripVTControlCharacters(screen)) && close());
    await until(() => (asked || results().includes('sending')) && shown.test(stripVTControlCharacters(screen)));
    expect(results()).toEqual(asked ? [] : ['sending']);
    expect(stripVTControlCharacters(screen)).toMatch(shown);
    if (!asked) close();
    const status = await statusWithin(env.STATUS);
    return { status, results: results(), locks: files().filter((f) => f.endsWith('.lock')), errLog: existsSync(env.ERR_LOG) ? readFileSync(env.ERR_LOG, 'utf8') : '' };
  } finally {
    tmp.cleanup();
  }
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
    const ended = await closedWhileSending('"$@"', /e-mail to set/, true);
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
