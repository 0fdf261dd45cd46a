/**
 * A stretch that must not be cut between a write and its record takes the first Ctrl-C, SIGTERM or
 * SIGHUP itself, and says what stopping means there: fix, from the record of what it is about to send
 * until the history holds the results, sends nothing more, then reads back and records what it
 * sent; login, between exchanging a grant token (Zoho takes each once) and saving what it gave,
 * saves it unverified (or revokes it, where the save fails). A second signal ends the process at
 * once, as any other time, and the stretch's note says what may be left half done. cli.ts's signal
 * handlers ask here first: "can we stop now?" is decided in this one place.
 */
import { EXIT, type ExitCode } from '../errors.js';

/**
 * How a signal that ends the tool is said, and its exit code (the shell's 128 + the signal's number).
 * SIGHUP (the terminal closed, an SSH session dropped) is SIGTERM's kind: it killed fix at once,
 * between a change sent and its record.
 */
export function endedBy(signal: NodeJS.Signals): { said: string; code: ExitCode } {
  if (signal === 'SIGINT') return { said: 'Cancelled', code: EXIT.cancelled };
  if (signal === 'SIGHUP') return { said: 'Hung up (SIGHUP)', code: EXIT.hungUp };
  return { said: 'Terminated', code: EXIT.terminated };
}

interface Stretch {
  /** Called with the first signal: the stretch stops at its next safe point. */
  stop(signal: NodeJS.Signals): void;
  /** What to say if the process ends at once inside the stretch. */
  note: string;
}

let current: Stretch | undefined;
let handedOver = false;
/**
 * The terminal closed at a question (its input ended: ui/prompts.ts) or under the pager (pager.ts).
 * The run is ending as hung up already, through each command's own finally (fix removes its lock
 * there), then by SIGHUP itself; the SIGHUP that follows is taken, not a second end: it cut that
 * short, and left fix's lock behind (proper-lockfile forgets a lock before its directory is gone).
 * Not named for the terminal: gone-terminal.ts's terminalGone() is the check that leads here.
 */
let endingHungUp = false;

export function terminalClosed(): void {
  endingHungUp = true;
}

/** Enters a stretch; `leaveStretch` ends it (in a finally). */
export function enterStretch(stretch: Stretch): void {
  current = stretch;
  handedOver = false;
}

export function leaveStretch(): void {
  current = undefined;
  handedOver = false;
}

/**
 * For the signal handlers: true when a stretch took this signal (the first one in it), or a SIGHUP
 * after the terminal closed at a question (terminalClosed). A SIGHUP
 * after the first signal is taken too: a closed terminal sends two (the shell passes its own on,
 * then the kernel sends one), so it must not quit at once; one who means to quit has Ctrl-C or SIGTERM.
 */
export function handOver(signal: NodeJS.Signals): boolean {
  if (endingHungUp && signal === 'SIGHUP') return true;
  if (!current) return false;
  if (handedOver) return signal === 'SIGHUP';
  handedOver = true;
  current.stop(signal);
  return true;
}

/** The note of the stretch the process is in, or '' outside one. */
export function cutShortNote(): string {
  return current?.note ?? '';
}

/**
 * What quits a stretch at once, unrecorded, after a signal (as said: Ctrl-C, SIGTERM, SIGHUP) stopped
 * it: the same again, but for SIGHUP (see handOver). Said to whoever is at the terminal (SIGTERM
 * quits too); "Ctrl-C or SIGTERM" made fix's spinner line longer than 80 columns.
 */
export function quitsAtOnce(said: string): string {
  return `${said === 'SIGHUP' ? 'Ctrl-C' : `${said} again`} quits at once, unrecorded`;
}
