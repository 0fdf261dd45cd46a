/**
 * The CI page (GITHUB_STEP_SUMMARY) of a run that ends after its own page was taken, at a real
 * pseudo-terminal (node-pty): the terminal closed at the question each command asks, under a shell
 * that outlives the hang-up (no SIGHUP reaches the run). One page a run, by one rule for both
 * commands (cli.ts's pageOfFailure): fix's run writes its page whatever ends it; resync's report
 * wrote its page before its offer to map, and a resync hung up at that offer appended a second,
 * "## phonebridge-sync resync / ### Failed: exit 129", as if a second run had failed.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';
import { BIN, tempDir } from '../support/cli.js';
import { killedAfterEach, statusWithin, until } from '../support/pty.js';

const open = killedAfterEach();

describe('the terminal closing at the question a command asks after it took its CI page', () => {
  it.each([
    ['resync', ['resync'], /now\?/],
    ['fix', ['fix', '--only', '12'], /as shown\?/],
  ])('%s: ended hung up (129), its page written once, under its one heading', async (command, args, question) => {
    const tmp = tempDir();
    try {
      const page = join(tmp.dir, 'page.md');
      // PAGER=cat: the report is written whatever its length, and the question follows it.
      const env = { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm-256color', NO_COLOR: '1', PAGER: 'cat', STATUS: join(tmp.dir, 'status'), GITHUB_STEP_SUMMARY: page };
      const term = pty.spawn('/bin/sh', ['-c', 'trap : HUP; "$@"; echo $? > "$STATUS"', 'sh', process.execPath, BIN, '--config-dir', join(tmp.dir, 'config'), '--sandbox', ...args], { cols: 80, rows: 24, env });
      open.push(term);
      let screen = '';
      term.onData((d) => (screen += d));
      await until(() => question.test(stripVTControlCharacters(screen)));
      expect(stripVTControlCharacters(screen)).toMatch(question);
      // node-pty's destroy() closes its side of the terminal, as a window closing does (not in IPty's type).
      (term as pty.IPty & { destroy(): void }).destroy();
      expect(await statusWithin(env.STATUS)).toBe('129');
      const written = existsSync(page) ? readFileSync(page, 'utf8') : '';
      expect(written.match(/^## .*/gm)).toEqual([`## phonebridge-sync ${command}`]);
    } finally {
      tmp.cleanup();
    }
  }, 40_000);
});
