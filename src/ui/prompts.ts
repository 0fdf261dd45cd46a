/**
 * Prompts through Inquirer, loaded only when a prompt is really shown. Off a terminal (or under CI
 * or --json) a missing value is a usage error naming the flag that replaces the prompt: that is
 * decided here, once, from `ctx.interactive`. At a terminal Esc is the way out: it stops the map
 * picker (map-flow.ts), answers No at every yes/no question, and leaves a list or a text question
 * as Ctrl-C does.
 */
import type { ReadStream } from 'node:tty';
import { noPromptReason, type Context } from '../context.js';
import { HungUp, LeftAtEsc, UsageError } from '../errors.js';
import { optionPlaceholder } from '../clients/redact.js';
import { rawModeRefused, takeHangUpOn } from '../io/gone-terminal.js';
import { terminalClosed } from '../io/graceful-stop.js';
import { palette } from './style.js';
import { wrapIndented } from './wrap.js';

export async function askText(
  ctx: Context,
  flag: string,
  message: string,
  /**
   * `default`: what Enter keeps, shown beside the question (never for a secret, which is not shown).
   * `offTerminal`: the fix where nothing is asked, in place of "Pass <flag> <value>." (a secret's variable).
   */
  opts: { secret?: boolean; validate?: (v: string) => true | string; default?: string; offTerminal?: string } = {},
): Promise<string> {
  if (!ctx.interactive)
    throw new UsageError(`${flag} is required: prompts are off here (${noPromptReason(ctx)}).`, opts.offTerminal ?? `Pass ${flag} ${optionPlaceholder(flag)}.`);
  const { input, password } = await import('@inquirer/prompts');
  const io = { input: ctx.stdin, output: ctx.stderr };
  const validate = (v: string) => (v.trim() ? (opts.validate?.(v.trim()) ?? true) : 'A value is required.');
  const answer = await leftAtEsc(ctx.stdin, (stop) =>
    opts.secret
      ? password({ message, mask: '*', validate }, Object.assign(stop, io))
      : input({ message, validate, ...(opts.default ? { default: opts.default } : {}) }, Object.assign(stop, io)),
  );
  return answer.trim();
}

export async function askChoice<T extends string>(
  ctx: Context,
  flag: string,
  message: string,
  choices: ReadonlyArray<{ value: T; name: string }>,
  fallback?: T,
  /** Where the list starts at a terminal (a saved login's choice), with no fallback off one. */
  preselected?: T,
): Promise<T> {
  if (!ctx.interactive) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${flag} is required: prompts are off here (${noPromptReason(ctx)}).`, `Pass ${flag} (one of: ${choices.map((c) => c.value).join(', ')}).`);
  }
  const { select } = await import('@inquirer/prompts');
  return leftAtEsc(ctx.stdin, (stop) => select({ message, choices: [...choices], default: fallback ?? preselected }, Object.assign(stop, { input: ctx.stdin, output: ctx.stderr })));
}

/**
 * Esc leaves a list or a text question as Ctrl-C does, the question gone: it did nothing there, and
 * only Ctrl-C left. Neither has an answer that changes nothing, as No is at a yes/no question.
 */
async function leftAtEsc<T>(input: Context['stdin'], ask: Parameters<typeof untilEsc<T>>[1]): Promise<T> {
  const answer = await untilEsc(input, ask);
  if (answer === ESC) throw new LeftAtEsc();
  return answer;
}

type Key = { name?: string; ctrl?: boolean };

/**
 * Ctrl-C at a question ends the run, and the command says what it left (login: what was saved,
 * map: the answers kept): the question goes, at every prompt the tool shows, else it stayed above
 * that sentence with Inquirer's key help under it ("ctrl+t toggle visibility", map's "esc stop
 * asking") or a list, as if still asking. Set as the key comes, on the very object Inquirer reads
 * as the prompt ends (a copy is never read again); `onKey` hears the other keys. A terminal closed
 * at the question ends it too (whenTerminalCloses).
 */
async function clearedOnCtrlC<T, C extends { clearPromptOnDone: boolean }>(input: Context['stdin'], context: C, ask: (context: C) => Promise<T>, onKey: (key: Key) => void = () => {}): Promise<T> {
  const listener = (_: unknown, key?: Key) => {
    if (key?.ctrl && key.name === 'c') context.clearPromptOnDone = true;
    else if (key) onKey(key);
  };
  input.on('keypress', listener);
  const { closed, ended, gone } = whenTerminalCloses(input);
  // First: readline's own 'end' listener comes next (see whenTerminalCloses).
  input.prependListener('end', ended);
  // A read that failed as the terminal closed: an end too.
  takeHangUpOn(input);
  try {
    return await Promise.race([ask(context), closed]);
  } catch (e) {
    // Hung up just before the question, its input not ended yet: readline's setting the terminal in
    // raw mode fails with EIO ("Unexpected error: setRawMode EIO", exit 1). A hang-up as well.
    if (!rawModeRefused(e)) throw e;
    gone();
    throw new HungUp();
  } finally {
    input.off('keypress', listener);
    input.off('end', ended);
  }
}

/**
 * A terminal that closes while a question is asked ends its input (raw mode takes no Ctrl-D, so
 * nothing else ends it) before its SIGHUP comes: the question is then answered by nobody, and the
 * run ends as a hang-up (HungUp). Readline's 'end' listener closes the prompt and sets the
 * terminal back from raw mode, which a terminal gone fails with EIO, an error readline throws for
 * want of a listener of its own (exit 1, at which Node 20 aborted: nodejs/node#51519). So the
 * input sets no mode once it ended: there is no terminal left to set it on.
 */
function whenTerminalCloses(input: Context['stdin']) {
  let hangUp: (e: HungUp) => void = () => {};
  const closed = new Promise<never>((_, reject) => (hangUp = reject));
  const gone = () => {
    if (typeof (input as Partial<ReadStream>).setRawMode === 'function') Object.assign(input, { setRawMode: () => input });
    terminalClosed();
  };
  const ended = () => {
    gone();
    hangUp(new HungUp());
  };
  return { closed, ended, gone };
}

/** What `untilEsc` gives when Esc ended the prompt. */
export const ESC = Symbol('esc');

/**
 * Inquirer's prompts take no Esc of their own; its documented way to end one from outside is an
 * AbortSignal. Readline reports a lone Esc after its escape-sequence timeout (half a second).
 * An answered prompt stays on screen as the record of the answer; one stopped by Esc (or Ctrl-C)
 * is cleared (the caller says what Esc did), else a list stayed above it. Inquirer reads
 * `clearPromptOnDone` as the prompt ends, so it is set then, on Esc or Ctrl-C only.
 */
export async function untilEsc<T>(input: Context['stdin'], ask: (context: { signal: AbortSignal; clearPromptOnDone: boolean }) => Promise<T>): Promise<T | typeof ESC> {
  const controller = new AbortController();
  const context = { signal: controller.signal, clearPromptOnDone: false };
  try {
    return await clearedOnCtrlC(input, context, ask, (key) => {
      if (key.name !== 'escape') return;
      context.clearPromptOnDone = true;
      controller.abort();
    });
  } catch (e) {
    if (controller.signal.aborted && (e as Error)?.name === 'AbortPromptError') return ESC;
    throw e;
  }
}

/**
 * A yes/no question at a terminal, every one the tool asks. Esc answers No, whatever the default:
 * Esc stops the map picker, and at a question it is the way out that changes nothing. The
 * question is left on screen answered "No", as a typed n leaves it.
 */
export async function askYesNo(ctx: Context, message: string, byDefault = false): Promise<boolean> {
  const { confirm: ask } = await import('@inquirer/prompts');
  // Broken between words: Inquirer breaks a line at the screen's edge wherever it falls, mid-word
  // or mid-e-mail ("MyOpera" / "tor"). The last line keeps room for " (y/N)" (or " (Y/n)").
  const columns = ctx.stderr.columns ? ctx.stderr.columns - ' (y/N)'.length : undefined;
  const question = wrapIndented(message, columns, '  ');
  const answer = await untilEsc(ctx.stdin, (stop) => ask({ message: question, default: byDefault }, Object.assign(stop, { input: ctx.stdin, output: ctx.stderr })));
  if (answer !== ESC) return answer;
  const c = palette(ctx.color);
  ctx.stderr.write(`${c.green('✔')} ${c.bold(question)} ${c.cyan('No')}\n`);
  return false;
}

export async function confirm(ctx: Context, message: string, flag = '--yes'): Promise<boolean> {
  if (ctx.globals.yes) return true;
  // Why no question was asked, as fix and plain map say it: "Pass --yes" alone left a CI job's
  // admin to guess why the same command asks at their terminal.
  if (!ctx.interactive) throw new UsageError(`Confirmation needed: ${message}`, `Prompts are off here (${noPromptReason(ctx)}): pass ${flag} to confirm.`);
  // A command the question quotes acts on this run's profile, as the same sentence off a terminal does.
  return askYesNo(ctx, ctx.retarget(message));
}
