/**
 * A spinner on stderr while something slow runs, only when a person is watching (TTY, not CI, not
 * --json) on a terminal wide enough to draw it. ora counts the lines it must clear by dividing by
 * the width: a terminal of 0 columns (`script` without a window size, some CI pseudo-terminals)
 * made it clear endlessly (475 MB in 12 minutes), so below MIN_COLUMNS there is no spinner at all.
 */
import type { Context } from '../context.js';
import { rawModeRefused, takeHangUpOn } from '../io/gone-terminal.js';

const MIN_COLUMNS = 20;

/** Whether a spinner may be drawn: a person is watching, on a terminal wide enough for ora. */
function canSpin(ctx: Context): boolean {
  const columns = ctx.stderr.columns;
  return ctx.interactive && typeof columns === 'number' && columns >= MIN_COLUMNS;
}

/**
 * ora puts the terminal in raw mode while it spins, dropping what is typed and re-raising Ctrl-C
 * as SIGINT, through stdin-discarder. That reads stdin only if stdin was paused, and a fresh
 * process.stdin is neither paused nor flowing: Ctrl-C was a byte nobody read, and a fetch from a
 * remote that never answered could not be stopped (exit 4 some 75 s later). Paused first, it is
 * read; the discarder pauses it again when the spinner stops, and a prompt resumes it.
 */
async function spin(ctx: Context, text: string): Promise<Progress> {
  const { default: ora } = await import('ora');
  if (process.stdin.isTTY && process.stdin.readableFlowing === null) process.stdin.pause();
  takeHangUpOn(process.stdin);
  const spinner = ora({ text, stream: ctx.stderr as NodeJS.WritableStream, color: ctx.color ? 'cyan' : (false as never) });
  despiteRawModeFailing(() => spinner.start());
  return { update: (t) => void (spinner.text = t), stop: () => despiteRawModeFailing(() => spinner.stop()) };
}

/**
 * A terminal that hung up (its window closed, an SSH session dropped) where no SIGHUP reaches the
 * run (a shell that traps HUP holds it) fails the raw mode ora sets as it starts and stops, with
 * EIO, until Node has read the hang-up on stdin. Node emits that as an 'error' on stdin, thrown for
 * want of a listener: fix ended "Unexpected error: setRawMode EIO" (exit 1) between the record of a
 * change as being sent and its sending, or after it was sent, before its result was recorded. The
 * spinner is decoration: that error is taken here, and ora and its stdin-discarder go on as after
 * a mode set (their counts stay right for the next spinner); the run goes on to its own end.
 */
function despiteRawModeFailing(step: () => void): void {
  const taken = (e: NodeJS.ErrnoException) => {
    if (!rawModeRefused(e)) throw e;
  };
  process.stdin.on('error', taken);
  try {
    step();
  } finally {
    process.stdin.off('error', taken);
  }
}

export async function withSpinner<T>(ctx: Context, text: string, work: () => Promise<T>): Promise<T> {
  if (!canSpin(ctx)) return work();
  const spinner = await spin(ctx, text);
  try {
    const result = await work();
    spinner.stop();
    return result;
  } catch (e) {
    spinner.stop();
    throw e;
  }
}

/**
 * The same spinner, and where there is none (a CI job, a pipe, --json) its text as one line on
 * stderr: a wait the log does not explain read as a hang. Never both: the spinner says it.
 */
export async function withSpinnerOrLine<T>(ctx: Context, text: string, work: () => Promise<T>): Promise<T> {
  if (!canSpin(ctx)) ctx.say(`${text}\n`);
  return withSpinner(ctx, text, work);
}

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** A spinner whose text the work updates (a page count); nothing at all when nobody is watching. */
export async function startProgress(ctx: Context, text: string): Promise<Progress> {
  // The same width rule as withSpinner: at 0 columns it spun at 90% CPU, deaf to Ctrl-C (doctor --calls).
  if (!canSpin(ctx)) return { update: () => {}, stop: () => {} };
  return spin(ctx, text);
}
