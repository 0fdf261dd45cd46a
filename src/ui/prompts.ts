/**
 * Prompts through Inquirer, loaded only when a prompt is really shown. Off a terminal (or under CI
 * or --json) a missing value is a usage error naming the flag that replaces the prompt: that is
 * decided here, once, from `ctx.interactive`.
 */
import { noPromptReason, type Context } from '../context.js';
import { UsageError } from '../errors.js';
import { wrapIndented } from './wrap.js';

export async function askText(
  ctx: Context,
  flag: string,
  message: string,
  opts: { secret?: boolean; validate?: (v: string) => true | string } = {},
): Promise<string> {
  if (!ctx.interactive)
    throw new UsageError(`${flag} is required: prompts are off here (${noPromptReason(ctx)}).`, `Pass ${flag} <value>.`);
  const { input, password } = await import('@inquirer/prompts');
  const io = { input: ctx.stdin, output: ctx.stderr };
  const validate = (v: string) => (v.trim() ? (opts.validate?.(v.trim()) ?? true) : 'A value is required.');
  const answer = opts.secret ? await password({ message, mask: '*', validate }, io) : await input({ message, validate }, io);
  return answer.trim();
}

export async function askChoice<T extends string>(
  ctx: Context,
  flag: string,
  message: string,
  choices: ReadonlyArray<{ value: T; name: string }>,
  fallback?: T,
): Promise<T> {
  if (!ctx.interactive) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${flag} is required: prompts are off here (${noPromptReason(ctx)}).`, `Pass ${flag} (one of: ${choices.map((c) => c.value).join(', ')}).`);
  }
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices: [...choices], default: fallback }, { input: ctx.stdin, output: ctx.stderr });
}

export async function confirm(ctx: Context, message: string, flag = '--yes'): Promise<boolean> {
  if (ctx.globals.yes) return true;
  if (!ctx.interactive) throw new UsageError(`Confirmation needed: ${message}`, `Pass ${flag} to confirm without a prompt.`);
  const { confirm: ask } = await import('@inquirer/prompts');
  // Broken between words, as map's own questions are: Inquirer breaks a line at the screen's edge
  // wherever it falls, mid-word or mid-e-mail ("MyOpera" / "tor"). The last line keeps room for " (y/N)".
  const columns = ctx.stderr.columns ? ctx.stderr.columns - ' (y/N)'.length : undefined;
  return ask({ message: wrapIndented(message, columns, '  '), default: false }, { input: ctx.stdin, output: ctx.stderr });
}
