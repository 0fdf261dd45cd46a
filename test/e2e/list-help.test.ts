/**
 * `list --help` must not offer what `list` then refuses: `list history --help` listed --status and
 * --unmapped, and `list history --status active` is exit 2 "does not apply to `list history`".
 * And every --help's examples, pasted into the sandbox, run and find their users.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCompany } from '../../src/sandbox/demo-company.js';
import { runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const ONLY_SOME: Record<string, string[]> = { '--status': ['active'], '--unmapped': [], '--csv': [], '--since': ['7d'] };
/** The options of `list` a help text offers, of those only some lists read. */
const offered = (help: string) => Object.keys(ONLY_SOME).filter((o) => new RegExp(`^\\s+${o}\\b`, 'm').test(help));

describe('list --help', () => {
  it.each([
    ['history', ['--csv', '--since']],
    ['mappings', ['--csv']],
    ['zoho', ['--status', '--unmapped', '--csv']],
    ['myoperator', ['--status', '--unmapped', '--csv']],
  ])('list %s --help offers only the options it takes, and each one it leaves out is refused', async (what, takes) => {
    const help = await runCli(['--config-dir', tmp.dir, 'list', what, '--help']);
    expect(help.code).toBe(0);
    expect(offered(help.stdout)).toEqual(takes);
    for (const option of Object.keys(ONLY_SOME).filter((o) => !takes.includes(o))) {
      const run = await runCli(['--config-dir', tmp.dir, 'list', what, option, ...ONLY_SOME[option]!]);
      expect([run.code, run.stderr]).toEqual([2, expect.stringContaining(`${option} does not apply to \`list ${what}\``)]);
    }
  });

  it('without a list named, every option under a heading naming the lists that read it, and <what> named required here and in the top-level help', async () => {
    const help = await runCli(['list', '--help']);
    expect(help.code).toBe(0);
    const section = (heading: string) => help.stdout.split(`\n${heading}\n`)[1]?.split('\n\n')[0] ?? '';
    expect(offered(section('Options for zoho and myoperator:'))).toEqual(['--status', '--unmapped']);
    // --csv under every list's heading: "--json and --csv have every column" was said of `list history`, which refused it.
    expect(offered(section('Options for zoho, myoperator, mappings and history:'))).toEqual(['--csv']);
    expect(offered(section('Options for history:'))).toEqual(['--since']);
    expect(offered(section('Options:'))).toEqual([]);
    // <what> is required, as a bare `list` refuses; the top-level help said "list [options] [what]".
    expect(help.stdout).toMatch(/^Usage: phonebridge-sync list \[options\] <what>$/m);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}list \[options\] <what> +list the users/m);
  });

  it('`help list` after a program option that takes a value prints list\'s help, as without the option', async () => {
    // 501f04b refused both, exit 2: "\"help\" after --config-dir … is not the value of any option".
    for (const before of [['--config-dir', tmp.dir], ['--profile', 'work']]) {
      const help = await runCli([...before, 'help', 'list']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: phonebridge-sync list \[options\] <what>$/m);
      expect(help.stderr).toBe('');
    }
  });

  it("fix --help's exit list says what a No (or Esc) at its question ends with: exit 0, nothing sent, as logout's says of its own", async () => {
    // It said 0 was "all applied and verified … (or nothing to fix; …)" alone, and a No ends 0 having sent nothing (yes-no-pty pins the run).
    const help = (await runCli(['fix', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Exit: 0 all applied and verified, nothing else changed (or nothing to fix; answered no or Esc at its question: nothing sent; --worklist; ');
  });

  it("fix --help's exit list says what a stop while sending ends with: 130, 143 or 129, not 4, the change in flight unanswered too", async () => {
    // It ended on "75 another fix running …": a CI timeout's SIGTERM ends 143 (fix e2e's signal tests pin the runs), and its 4 said "a change got no answer".
    const help = (await runCli(['fix', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '; 75 another fix running for the same mappings file (try again when it ends); 130 Ctrl-C while it sends, 143 SIGTERM (a CI timeout), 129 SIGHUP (a terminal that closed): nothing more is sent, what was sent is read back and recorded, the last change in flight and unanswered too (not 4); a stop after every change was sent ends as the run would. ',
    );
  });

  it('resync --help says what --prune calls stale: a pair whose MyOperator e-mail was retyped since it was mapped is one', async () => {
    // It said "remove stale mappings" alone, and an hourly `resync --prune --yes` removed hand-made pairs after someone retyped an e-mail.
    const help = (await runCli(['resync', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--prune remove stale mappings (never by default): a user gone or inactive, or an e-mail changed on either side since it was mapped (a retyped one too, unless the two e-mails are now equal) --max-prune',
    );
  });

  it('map --help names both mappings exports that --import reads back: it named only the --json one', async () => {
    const help = (await runCli(['map', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--import <file> pairs from CSV (columns zoho,myoperator) or JSON, or a `list mappings` export (--json or --csv)');
  });
});

/** The commands under "Examples:" in a help text, a line continued with " \\" joined, without the text after them. */
function examplesIn(help: string): string[] {
  const joined = help.replace(/ \\\n +/g, ' ');
  return [...joined.matchAll(/^ {2}\$ phonebridge-sync (.+)$/gm)].map((m) => m[1]!.replace(/ {2,}.*$/, '').trim());
}

/** An example's words as a shell would pass them, up to a pipe or redirection; "$VAR" from `env`. */
function wordsOf(example: string, env: Record<string, string>): string[] {
  const words = example.split(/ *[|>#]/)[0]!.match(/"[^"]*"|\S+/g) ?? [];
  return words.map((w) => w.replace(/^"(.*)"$/, '$1').replace(/\$(\w+)/g, (_, v: string) => env[v] ?? ''));
}

/** The demo company as the file an example names: CSV with a header row, or the API's JSON. */
function writeDemoFile(path: string, side: 'zoho' | 'myoperator'): void {
  const demo = demoCompany();
  if (!path.endsWith('.csv')) {
    writeFileSync(path, JSON.stringify(side === 'zoho' ? { users: demo.zoho } : { data: demo.myoperator }));
    return;
  }
  const rows = side === 'zoho' ? demo.zoho.map((u) => [u.id, u.full_name, u.email]) : demo.myoperator.map((u) => [u.uuid, u.name, u.email, u.extension]);
  writeFileSync(path, `${side === 'zoho' ? 'id,name,email' : 'uuid,name,email,extension'}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
}

/** What an example may meet that is no fault of its words: a terminal's prompts, the sandbox's one profile. */
const NOT_ITS_WORDS = [/prompts are off here/, /^--profile does not apply with --sandbox/];

describe("every --help's examples", () => {
  it('pasted in turn into the sandbox, each runs and finds its users (the map and fix ones named no demo user)', async () => {
    const work = join(tmp.dir, 'examples');
    mkdirSync(work);
    const env = { MYOPERATOR_TOKEN: 'demo-token' };
    const helps = await Promise.all([[], ...['match', 'login', 'logout', 'list', 'map', 'resync', 'fix', 'doctor'].map((c) => [c])].map((c) => runCli([...c, '--help'])));
    const examples = [...new Set(helps.flatMap((h) => examplesIn(h.stdout)))];
    expect(examples.length).toBeGreaterThanOrEqual(16);
    const failed: Array<{ example: string; code: number; stderr: string }> = [];
    for (const example of examples) {
      const words = wordsOf(example, env);
      for (const side of ['zoho', 'myoperator'] as const) {
        const file = words[words.indexOf(`--${side}-file`) + 1];
        if (words.includes(`--${side}-file`) && file) writeDemoFile(join(work, file), side);
      }
      const run = await runCli(['--sandbox', '--config-dir', join(work, 'config'), ...words], env, work);
      if (!(run.code === 0 || run.code === 5 || (run.code === 2 && NOT_ITS_WORDS.some((r) => r.test(run.stderr))))) failed.push({ example, code: run.code, stderr: run.stderr });
    }
    expect(failed).toEqual([]);
  }, 120_000);
});
