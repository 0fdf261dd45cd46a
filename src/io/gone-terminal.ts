/**
 * Node 20 sets each of fds 0–2 that was a terminal at start back to that terminal's modes at exit,
 * and aborts (SIGABRT, a native stack, the shell reads 134) when it cannot: a terminal that hung up
 * (its window shut, an SSH session dropped) fails every tcsetattr with EIO (nodejs/node#51519;
 * later Node ignores the failure, nodejs/node#58200). Where no SIGHUP reaches the run (a shell
 * script that traps HUP holds the terminal), the run finishes its work and ended in that abort,
 * its own exit code lost. Node leaves alone an fd that no longer holds the file it had at start,
 * so each one that was a terminal then and is none now (isatty's TCGETS fails on one hung up) is
 * reopened on /dev/null: a gone terminal has no modes to set back. One still there is Node's to
 * reset, as before, and a reset that fails there still aborts.
 */
import { closeSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';

const terminalsAtStart = [0, 1, 2].filter((fd) => isatty(fd));

/**
 * Whether the terminal `fd` was at start went away (its window shut, an SSH session dropped): the
 * one test of it, at exit here and when the pager ends (io/pager.ts).
 */
export function terminalGone(fd: number): boolean {
  return terminalsAtStart.includes(fd) && !isatty(fd);
}

/**
 * Whether `e` is a terminal refusing raw mode: one that hung up fails it with EIO until Node has
 * read the hang-up on stdin (ora's spinner and readline's prompts set it: ui/spinner.ts, ui/prompts.ts).
 */
export function rawModeRefused(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.syscall === 'setRawMode';
}

/** Called at exit (cli.ts): what is written to these fds after it goes nowhere. */
export function letGoOfGoneTerminal(): void {
  for (const fd of terminalsAtStart) {
    if (!terminalGone(fd)) continue;
    try {
      closeSync(fd);
      // open takes the lowest free fd: this one, unless another thread opened a file in between,
      // which then holds it (Node leaves that alone too) and /dev/null is not needed.
      const got = openSync('/dev/null', 'r+');
      if (got !== fd) closeSync(got);
    } catch {
      // Closed already, or /dev/null missing: Node leaves a closed fd alone as well.
    }
  }
}

/**
 * Whether `e` is a terminal that hung up failing a read of it: for a moment after it closes, before
 * the hang-up is done (and its SIGHUP sent), a read fails with EIO, where after it reads as the end
 * of input.
 */
function hungUpRead(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  return err?.code === 'EIO' && err.syscall === 'read';
}

const taken = new WeakSet<NodeJS.EventEmitter>();

/**
 * Makes a terminal input's read that failed as it hung up what it reads as a moment later: the end
 * of input. Node reads the terminal while the spinner spins (ora drops what is typed) and at a
 * question, and emits a failed read as an 'error' on stdin, thrown for want of a listener (readline
 * passes it on to its interface, which has none): fix ended "Unexpected error: read EIO" (exit 1)
 * while it sent, just before the SIGHUP that stops it as it should (1 run in 25 under load). As an
 * end, the SIGHUP that follows ends the run; where none comes (a shell that traps HUP holds the
 * terminal) the run goes on to its own end, and a question ends as a hang-up (ui/prompts.ts). Any
 * other error is emitted as it was.
 */
export function takeHangUpOn(input: NodeJS.EventEmitter): void {
  if (taken.has(input)) return;
  taken.add(input);
  const emit = input.emit.bind(input);
  input.emit = (event: string | symbol, ...args: unknown[]): boolean => (event === 'error' && hungUpRead(args[0]) ? emit('end') : emit(event, ...args));
}
