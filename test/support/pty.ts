/**
 * The CLI at a real pseudo-terminal (node-pty), a person at it (no CI), for the tests in
 * test/interactive: typing as a person would, and the screen as a terminal emulator shows it.
 */
import { afterEach } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { BIN } from './cli.js';

/** Until `what` holds, or 20 s: the caller then expects what it waited for, which says what never came. */
export async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 800 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
}

/** The status a shell wrote to `file` once the run it ran ended, or why there is none within 20 s. */
export async function statusWithin(file: string): Promise<string> {
  await until(() => existsSync(file));
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'still running 20 s after the terminal closed';
}

/** How the run ended (`ended`, node-pty's exit), or `late` if it is still running 20 s on. */
export async function endsWithin<T>(ended: Promise<T>, late: string): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const after = new Promise<string>((r) => (timer = setTimeout(() => r(late), 20_000)));
  return Promise.race([ended, after]).finally(() => clearTimeout(timer));
}

/**
 * The list to push each spawned terminal on: each is killed after its test, since a failed
 * expectation must not leave a child waiting at its prompt (jest would never exit).
 */
export function killedAfterEach(): pty.IPty[] {
  const open: pty.IPty[] = [];
  afterEach(() => {
    for (const t of open.splice(0)) {
      try {
        t.kill();
      } catch {
        // already gone
      }
    }
  });
  return open;
}

/** `start(dir, args, cols, rows)` runs the sandbox CLI with its config in `dir`, killed after its test. */
export function terminals() {
  const open = killedAfterEach();
  return {
    start(dir: string, args: string[], cols: number, rows: number) {
      const env = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1' }; // no CI: a person at a terminal
      const run = startAtTerminal([process.execPath, BIN, '--config-dir', dir, '--sandbox', ...args], cols, rows, env);
      const { term, isOver } = run;
      open.push(term);
      const screen = run.output;
      // Once all it printed is read (see startAtTerminal), not at node-pty's exit.
      const exited = run.over.then((r) => r.code);
      const waitFor = async (re: RegExp, from = 0): Promise<number> => {
        for (let i = 0; i < 800; i++) {
          const m = re.exec(screen().slice(from));
          if (m) return from + m.index + m[0].length;
          if (isOver()) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error(`timed out waiting for ${re}; screen so far:\n${screen().slice(-2000)}`);
      };
      // Until nothing more is drawn for `quiet` ms: the search prompt filters after each key, and an
      // Enter pressed while the last filter is still running is dropped (seen on a loaded machine).
      const settled = async (quiet = 250): Promise<void> => {
        for (let seen = -1; seen !== screen().length; ) {
          seen = screen().length;
          await new Promise((r) => setTimeout(r, quiet));
        }
      };
      return { term, waitFor, settled, exited, screen };
    },
  };
}

/** The screen a `cols` × `rows` terminal shows after `stream` (its scrollback too), line by line, trailing spaces trimmed. */
export async function shownLines(stream: string, cols: number, rows: number): Promise<string[]> {
  const screen = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  await new Promise<void>((done) => screen.write(stream, done));
  const buffer = screen.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  screen.dispose();
  return lines;
}

/** Printed by the shell that ran the command, once it is over: no command of this tool prints it. */
const RUN_OVER = /\[run over, exit (\d+)\]$/;

/**
 * Runs `command` (a file and its arguments) at a `cols` × `rows` pseudo-terminal: `term` to type
 * at, `output()` all it printed so far, and `over`, once it has ended: all it printed and its exit
 * code. Not to node-pty's onExit alone: once the last process holding the terminal exits, Linux
 * may report the hang-up before the last of the output is read, and node-pty drops what is unread
 * 200 ms after the exit (seen under load: the last 1,131 characters of `match`, its last rows and
 * its summary). So a shell runs the command and holds the terminal past its exit, then says it is
 * over; what came before that is all of the command's output. The shell outlives a Ctrl-C that
 * the terminal makes a signal (its trap is reset for the command, which keeps the default), and
 * it sleeps rather than reads: typing the command left unread must not end it before its mark is read.
 */
export function startAtTerminal(command: string[], cols: number, rows: number, env: Record<string, string>) {
  const script = 'trap : INT; "$@"; printf "[run over, exit %d]" $?; exec sleep 600';
  const term = pty.spawn('/bin/sh', ['-c', script, 'sh', ...command], { cols, rows, env });
  let output = '';
  let ended: { code: number; output: string } | undefined;
  const over = new Promise<{ code: number; output: string }>((done) => {
    term.onData((d) => {
      if (ended) return;
      output += d;
      const m = RUN_OVER.exec(output);
      if (!m) return;
      ended = { code: Number(m[1]), output: (output = output.slice(0, m.index)) };
      term.kill(); // the shell, asleep
    });
    term.onExit(() => done(ended ?? { code: NaN, output: `${output}\n(the terminal closed before the command's end was read)` }));
  });
  return { term, output: () => output, over, isOver: () => ended !== undefined };
}

/** `startAtTerminal` left to run to its end: all it printed, and its exit code. */
export function runAtTerminal(command: string[], cols: number, rows: number, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return startAtTerminal(command, cols, rows, env).over;
}
