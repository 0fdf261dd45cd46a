/**
 * The terminal closing while the pager (less) shows a report, at a real pseudo-terminal (node-pty).
 * Its SIGHUP goes to the terminal's session leader: where that is the run itself, or a shell that
 * passes it on (an interactive one), the run is hung up at the pager. Where it is a shell that
 * outlives it (a script that traps HUP, run as a tmux pane's or an SSH session's command), no
 * SIGHUP reaches the run: less ends on the terminal's EIO and the run went on, then Node 20 aborted
 * at its exit, setting a terminal that is gone back to its modes (nodejs/node#51519): status 134.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';
import { BIN, tempDir } from '../support/cli.js';
import { endsWithin, killedAfterEach, startAtTerminal, statusWithin, until } from '../support/pty.js';

const open = killedAfterEach();

/**
 * `--sandbox <args>` at an 80 × 24 terminal, under `sh -c <script>` (the run is "$@"), once less
 * shows its first screen of the report (its ":" prompt on the last line).
 */
async function atThePager(args: string[], script: string) {
  const tmp = tempDir();
  const dir = join(tmp.dir, 'config');
  // No PAGER: less, as for most people (with LESS=FRX); HOME: never the real one.
  const env = { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm-256color', NO_COLOR: '1', STATUS: join(tmp.dir, 'status') };
  const term = pty.spawn('/bin/sh', ['-c', script, 'sh', process.execPath, BIN, '--config-dir', dir, '--sandbox', ...args], { cols: 80, rows: 24, env });
  open.push(term);
  let screen = '';
  term.onData((d) => (screen += d));
  const ended = new Promise<{ exitCode: number; signal?: number }>((done) => term.onExit(done));
  const atPrompt = () => /\n:\s*$/.test(stripVTControlCharacters(screen).replace(/\r/g, ''));
  await until(atPrompt);
  expect(atPrompt()).toBe(true);
  return { term, tmp, dir, status: env.STATUS, ended };
}

/** No lock is left beside any store, and every store the run left is whole: `mapped` pairs saved (before the report was shown), the history and the sandbox's state each read. */
function storesWholeNoLock(dir: string, mapped: number): void {
  const files = readdirSync(dir, { recursive: true }).map(String);
  expect(files.filter((f) => f.endsWith('.lock'))).toEqual([]);
  const mappings = join(dir, 'sandbox', 'mappings', 'sandbox.json');
  expect(existsSync(mappings) ? (JSON.parse(readFileSync(mappings, 'utf8')) as { mappings: unknown[] }).mappings : []).toHaveLength(mapped);
  for (const f of files.filter((f) => f.endsWith('.jsonl'))) for (const line of readFileSync(join(dir, f), 'utf8').trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  for (const f of files.filter((f) => f.endsWith('sandbox-state.json'))) expect(() => JSON.parse(readFileSync(join(dir, f), 'utf8'))).not.toThrow();
}

describe('the terminal closing while the pager shows a report', () => {
  // node-pty's destroy() closes its side of the terminal, as a window closing does, then sends the
  // shell SIGHUP, as its owner does (not in IPty's type). The shell traps it and records the run's status.
  it.each([
    ['resync', 4],
    ['match', 0],
  ])('%s, under a shell that outlives the hang-up (no SIGHUP reaches the run): ended by SIGHUP (129), no lock left, every store whole', async (command, mapped) => {
    const { term, tmp, dir, status } = await atThePager([command], 'trap : HUP; "$@"; echo $? > "$STATUS"');
    try {
      (term as pty.IPty & { destroy(): void }).destroy();
      expect(await statusWithin(status)).toBe('129');
      storesWholeNoLock(dir, mapped);
    } finally {
      tmp.cleanup();
    }
  }, 40_000);

  it('resync, the run the terminal\'s session leader (the SIGHUP reaches it at the pager): ended by SIGHUP, no lock left, every store whole', async () => {
    const { term, tmp, dir, ended } = await atThePager(['resync'], 'exec "$@"');
    try {
      (term as pty.IPty & { destroy(): void }).destroy();
      expect(await endsWithin(ended, 'still running 20 s after the terminal closed')).toEqual({ exitCode: 0, signal: 1 });
      storesWholeNoLock(dir, 4);
    } finally {
      tmp.cleanup();
    }
  }, 40_000);

  // The terminal is asked whether it is gone once the pager ends: one quit with q is not.
  it('match, the pager quit with q at a terminal still open: the run goes on to its closing lines and its own exit code', async () => {
    const tmp = tempDir();
    try {
      const env = { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm-256color', NO_COLOR: '1' };
      const run = startAtTerminal([process.execPath, BIN, '--config-dir', join(tmp.dir, 'config'), '--sandbox', 'match'], 80, 24, env);
      open.push(run.term);
      await until(() => /\n:\s*$/.test(stripVTControlCharacters(run.output()).replace(/\r/g, '')));
      run.term.write('q');
      const { code, output } = await run.over;
      expect(code).toBe(0);
      expect(stripVTControlCharacters(output).replace(/\s+/g, ' ')).toMatch(/Next: `phonebridge-sync --sandbox --config-dir \S+ resync` saves the 4 exact matches/);
    } finally {
      tmp.cleanup();
    }
  }, 40_000);
});
