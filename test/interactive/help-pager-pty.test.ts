/**
 * --help at a real pseudo-terminal (node-pty): 97 lines at 80 columns (fix's 85), on a 50-line
 * terminal its Usage and Options scrolled off, Exit codes and Environment alone left on screen.
 * Help longer than the screen goes through the pager, by the pager's rules (tables-pty's "the
 * pager"); piped, it is written as it is.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { killedAfterEach, runAtTerminal, startAtTerminal } from '../support/pty.js';

/** A pager that marks each line it is given, so what went through it shows on screen. */
const PAGER = `${process.execPath} -e "process.stdin.on('data', (d) => process.stdout.write(String(d).replace(/^/gm, 'PAGED|')))"`;

/** No CI, HOME a directory of the test's own: a person at a terminal. */
function personEnv(home: string, env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, TERM: 'xterm-256color', NO_COLOR: '1', ...env };
}

async function atTerminal(args: string[], cols: number, rows: number, env: Record<string, string> = {}) {
  const tmp = tempDir();
  try {
    const r = await runAtTerminal([process.execPath, BIN, ...args], cols, rows, personEnv(tmp.dir, env));
    return { code: r.code, lines: stripVTControlCharacters(r.output).replace(/\r/g, '').split('\n') };
  } finally {
    tmp.cleanup();
  }
}

const paged = (lines: string[]) => lines.filter((l) => l.startsWith('PAGED|'));

describe('--help longer than the screen', () => {
  it.each([
    [['--help'], /^PAGED\|Usage: phonebridge-sync \[options\] \[command\]$/],
    [['fix', '--help'], /^PAGED\|Usage: phonebridge-sync fix \[options\]$/],
    [['help', 'fix'], /^PAGED\|Usage: phonebridge-sync fix \[options\]$/],
    [['resync', '-h'], /^PAGED\|Usage: phonebridge-sync resync \[options\]$/],
  ])(
    '%j at 80 × 50 goes through the pager, all of it, exit 0',
    async (args, usage) => {
      const r = await atTerminal(args, 80, 50, { PAGER });
      expect(r.code).toBe(0);
      expect(r.lines.some((l) => usage.test(l))).toBe(true);
      // Every line of the help through the pager, none written past it.
      const piped = await runCli(args);
      expect(
        paged(r.lines)
          .map((l) => l.slice('PAGED|'.length))
          .join('\n')
          .trimEnd(),
      ).toEqual(piped.stdout.trimEnd());
      expect(r.lines.filter((l) => l.trim() && !l.startsWith('PAGED|'))).toEqual([]);
    },
    30_000,
  );

  it.each([
    ['--no-pager', ['--help', '--no-pager'], {}, 50],
    ['--no-pager before the command', ['--no-pager', 'fix', '--help'], {}, 50],
    ['CI', ['--help'], { CI: 'true' }, 50],
    ['--json', ['--json', '--help'], {}, 50],
    ['PHONEBRIDGE_PAGER=cat', ['--help'], { PHONEBRIDGE_PAGER: 'cat' }, 50],
    ['a screen it fits', ['--help'], {}, 200],
  ])(
    'is written as it is with %s',
    async (_name, args, env, rows) => {
      const r = await atTerminal(args as string[], 80, rows as number, { PAGER, ...(env as Record<string, string>) });
      expect(r.code).toBe(0);
      expect(paged(r.lines)).toEqual([]);
      // The help whole, as a pipe gets it.
      expect(r.lines.join('\n').trimEnd()).toEqual((await runCli(args as string[])).stdout.trimEnd());
    },
    30_000,
  );

  it('piped, is written as it is, PAGER or not', async () => {
    const withPager = await runCli(['--help'], { CI: '', PAGER });
    expect(withPager.code).toBe(0);
    expect(withPager.stdout).not.toContain('PAGED|');
    expect(withPager.stdout).toEqual((await runCli(['--help'])).stdout);
    expect(withPager.stdout).toMatch(/^Usage: phonebridge-sync \[options\] \[command\]\n/);
  });

  it('--version at a terminal is its one line, as before', async () => {
    const r = await atTerminal(['--version'], 80, 3, { PAGER });
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.trim())).toEqual([(await runCli(['--version'])).stdout.trim()]);
  }, 30_000);

  describe('what a terminal run loads to show it', () => {
    /** Whether `args` at a terminal loaded the bundle's chunk holding `source` (ui/wrap, the prose wrapper), from the module hooks in test/support/load-log. */
    async function loadsWrapper(args: string[], source = 'dist/ui/wrap.js'): Promise<{ code: number; wrapper: boolean }> {
      const tmp = tempDir();
      try {
        const log = join(tmp.dir, 'loaded.txt');
        const env = { PAGER, NODE_OPTIONS: `--import=${resolve('test/support/load-log/register.mjs')}`, LOAD_LOG: log };
        const r = await runAtTerminal([process.execPath, BIN, ...args], 80, 200, personEnv(tmp.dir, env));
        const outputs = (JSON.parse(readFileSync('dist/bundle/meta.json', 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
        const holding = Object.keys(outputs).filter((chunk) => source in outputs[chunk]!.inputs);
        expect(holding).toHaveLength(1);
        const loaded = existsSync(log) ? readFileSync(log, 'utf8') : '';
        return { code: r.code, wrapper: loaded.includes(holding[0]!.replace(/^dist\//, '/dist/')) };
      } finally {
        tmp.cleanup();
      }
    }

    // commander lays out the help and the version itself: the error handler loaded the wrapper whenever
    // stderr was a terminal, 16 bundle files opened for `--version` where a pipe opens 12.
    it.each([[['--version']], [['--help']], [['fix', '--help']]])('%j loads no wrapper, with nothing to fit', async (args) => {
      expect(await loadsWrapper(args)).toEqual({ code: 0, wrapper: false });
    }, 30_000);

    // The version is held at a terminal as help is, and was handed to the pager's module for its one line.
    it('--version loads no pager', async () => {
      expect(await loadsWrapper(['--version'], 'dist/io/pager.js')).toEqual({ code: 0, wrapper: false });
    }, 30_000);

    it('an error loads it, to fit its sentence to the screen', async () => {
      expect(await loadsWrapper(['fxi'])).toEqual({ code: 2, wrapper: true });
    }, 30_000);
  });

  describe('in less, as most people have it (no PAGER)', () => {
    const open = killedAfterEach();
    it('shows Usage and Options first, the rest a key away, and q ends the run with exit 0', async () => {
      const tmp = tempDir();
      try {
        const run = startAtTerminal([process.execPath, BIN, '--help'], 80, 50, personEnv(tmp.dir));
        open.push(run.term);
        const atPrompt = () => /\n:\s*$/.test(stripVTControlCharacters(run.output()).replace(/\r/g, ''));
        for (let i = 0; i < 800 && !atPrompt(); i++) await new Promise((r) => setTimeout(r, 25));
        expect(atPrompt()).toBe(true);
        const shown = stripVTControlCharacters(run.output());
        expect(shown).toContain('Usage: phonebridge-sync [options] [command]');
        expect(shown).toContain('Options:');
        expect(shown).not.toContain('Environment:');
        run.term.write('q');
        const { code } = await run.over;
        expect(code).toBe(0);
      } finally {
        tmp.cleanup();
      }
    }, 30_000);
  });
});
