/**
 * Output longer than the screen goes through a pager, as git and gh do: `PHONEBRIDGE_PAGER`, else
 * `PAGER`, else `less` (with `LESS=FRX` unless LESS is set: quit when it fits, keep colours, leave
 * the text on screen). Never off a terminal, under CI, with --json, or with --no-pager;
 * `PAGER=` (empty) or `PAGER=cat` turns it off too. The decision is made once (pagerFor): in the
 * Context for a command, in cli.ts for --help.
 */
import { spawn } from 'node:child_process';
import type { Context, GlobalOptions } from '../context.js';
import { HungUp } from '../errors.js';
import { truthy } from './env-flag.js';
import { terminalGone } from './gone-terminal.js';
import { terminalClosed } from './graceful-stop.js';

/** The pager for long output: at a terminal only, never under CI, with --json or --no-pager. Every command's (the Context's), and --help's (cli.ts). */
export function pagerFor(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean, globals: Pick<GlobalOptions, 'json' | 'pager'>): string | undefined {
  if (!stdoutIsTTY || truthy(env.CI) || globals.json || globals.pager === false) return undefined;
  const cmd = (env.PHONEBRIDGE_PAGER ?? env.PAGER ?? 'less').trim();
  return cmd === '' || cmd === 'cat' ? undefined : cmd;
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `ctx`: a command's Context, or what --help has of one (cli.ts). */
export async function page(ctx: Pick<Context, 'stdout' | 'env' | 'pager'>, text: string): Promise<void> {
  const rows = ctx.stdout.rows ?? 24;
  // A terminal of no size (a 0-column pseudo-terminal) cannot show a pager: it would wait forever.
  const degenerate = !ctx.stdout.columns || ctx.stdout.columns < 20 || rows < 2;
  if (!ctx.pager || degenerate || lineCount(text) < rows - 1) {
    ctx.stdout.write(text);
    return;
  }
  // While the pager has the terminal, Ctrl-C is its own (less ignores it): as with git, we wait.
  const sigint = process.listeners('SIGINT');
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', () => {});
  try {
    const code = await new Promise<number | null>((done) => {
      const child = spawn(ctx.pager!, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...ctx.env, LESS: ctx.env.LESS ?? 'FRX', LV: ctx.env.LV ?? '-c' } });
      child.on('error', () => done(127));
      child.on('close', (c) => done(c));
      // Quitting the pager before the end closes its input: a normal end, not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(text);
    });
    // The terminal closed while the pager showed the text (a window shut, an SSH session dropped):
    // the pager ended on it, and its SIGHUP reaches this run late, or never (a shell between that
    // traps it). Nothing more is shown or asked there: the run ends hung up, as that SIGHUP ends it.
    const fd = (ctx.stdout as { fd?: unknown }).fd;
    if (typeof fd === 'number' && terminalGone(fd)) {
      terminalClosed();
      throw new HungUp();
    }
    // The shell could not find the pager: show the text anyway.
    if (code === 127) ctx.stdout.write(text);
  } finally {
    process.removeAllListeners('SIGINT');
    for (const l of sigint) process.on('SIGINT', l as () => void);
  }
}
