/**
 * The CI page (GITHUB_STEP_SUMMARY) of a run that ends after its own page was taken, at a real
 * pseudo-terminal (node-pty): the terminal closed at the question each command asks, under a shell
 * that outlives the hang-up (no SIGHUP reaches the run). One page a run, by one rule for both
 * commands (cli.ts's pageOfFailure): fix's run writes its page whatever ends it; resync's report
 * wrote its page before its offer to map, and a resync hung up at that offer appended a second,
 * "## phonebridge-sync resync / ### Failed: exit 129", as if a second run had failed; then none at
 * all, the page of a run that passed. Under its one heading, it says once that the run failed.
 * A page that could not be written is said so once: a resync failing in its picker after its report
 * said "Could not append the Markdown summary…" again for the failure it had nowhere to put.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pty from '@lydell/node-pty';
import { BIN, tempDir } from '../support/cli.js';
import { killedAfterEach, statusWithin, until } from '../support/pty.js';

const open = killedAfterEach();
const made: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => {
  for (const tmp of made.splice(0)) tmp.cleanup();
});

/**
 * The sandbox's `args` at an 80-column terminal with a CI page, in a directory of its own, under a shell that writes
 * the run's status (`hangUp`: one that outlives the terminal closing; `pageIsDirectory`: a page that cannot be
 * written); what it shows as it goes.
 */
function atTerminal(args: readonly string[], { hangUp = false, pageIsDirectory = false } = {}) {
  const tmp = tempDir();
  made.push(tmp);
  const dir = tmp.dir;
  const page = join(dir, 'page.md');
  if (pageIsDirectory) mkdirSync(page);
  // PAGER=cat: the report is written whatever its length, and the question follows it.
  const env = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1', PAGER: 'cat', STATUS: join(dir, 'status'), GITHUB_STEP_SUMMARY: page };
  const term = pty.spawn('/bin/sh', ['-c', `${hangUp ? 'trap : HUP; ' : ''}"$@"; echo $? > "$STATUS"`, 'sh', process.execPath, BIN, '--config-dir', join(dir, 'config'), '--sandbox', ...args], { cols: 80, rows: 24, env });
  open.push(term);
  let screen = '';
  term.onData((d) => (screen += d));
  const shows = async (what: RegExp) => {
    await until(() => what.test(stripVTControlCharacters(screen)));
    expect(stripVTControlCharacters(screen)).toMatch(what);
  };
  const written = () => (existsSync(page) ? readFileSync(page, 'utf8') : '');
  return { term, shows, status: () => statusWithin(env.STATUS), written, dir, screen: () => stripVTControlCharacters(screen) };
}

describe('the terminal closing at the question a command asks after it took its CI page', () => {
  it.each([
    ['resync', ['resync'], /now\?/],
    ['fix', ['fix', '--only', '12'], /as shown\?/],
  ])('%s: ended hung up (129), its page written once, under its one heading, saying once that it failed so', async (command, args, question) => {
    const run = atTerminal(args, { hangUp: true });
    await run.shows(question);
    // node-pty's destroy() closes its side of the terminal, as a window closing does (not in IPty's type).
    (run.term as pty.IPty & { destroy(): void }).destroy();
    expect(await run.status()).toBe('129');
    const written = run.written();
    expect(written.match(/^## .*/gm)).toEqual([`## phonebridge-sync ${command}`]);
    // In a failed page's words, once, last, as the run ended: resync's page read as that of a run that passed.
    expect(written.match(/^### (Failed|Stopped).*/gm)).toEqual(['### Stopped: exit 129 (hung up)']);
    expect(written).toMatch(/### Stopped: exit 129 \(hung up\)\n\nHung up \(the terminal closed\)\.\n+$/);
  }, 40_000);

  it('resync: Ctrl-C in its picker, a question as the offer is, ends it (130) with its page as the report wrote it', async () => {
    const run = atTerminal(['resync']);
    await run.shows(/now\?/);
    run.term.write('\r');
    await run.shows(/\[1\/\d+\]/);
    run.term.write('\x03');
    expect(await run.status()).toBe('130');
    const written = run.written();
    expect(written.match(/^## .*/gm)).toEqual(['## phonebridge-sync resync']);
    expect(written).not.toMatch(/^### Failed/m);
  }, 40_000);

  it('resync whose page cannot be written (a directory), failing in its picker after its report: says once that the page could not be written', async () => {
    const run = atTerminal(['resync'], { pageIsDirectory: true });
    await run.shows(/now\?/);
    run.term.write('\r');
    await run.shows(/\[1\/\d+\]/);
    // Another hand breaks the mappings file while the picker waits: the answer's save refuses it (exit 2), an error the page does not say.
    writeFileSync(join(run.dir, 'config', 'sandbox', 'mappings', 'sandbox.json'), '{broken\n');
    run.term.write('\r');
    expect(await run.status()).toBe('2');
    expect(run.screen()).toMatch(/sandbox\.json is\s+not valid: not JSON/);
    expect(run.screen().match(/Could not append the Markdown summary/g)).toEqual(['Could not append the Markdown summary']);
    expect(readdirSync(join(run.dir, 'page.md'))).toEqual([]);
  }, 40_000);
});
