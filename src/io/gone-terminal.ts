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
