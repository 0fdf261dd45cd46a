/** A spinner on stderr while something slow runs, only when a person is watching (TTY, not CI, not --json). */
import type { Context } from '../context.js';

export async function withSpinner<T>(ctx: Context, text: string, work: () => Promise<T>): Promise<T> {
  if (!ctx.interactive) return work();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: ctx.stderr as NodeJS.WritableStream, color: ctx.color ? 'cyan' : (false as never) }).start();
  try {
    const result = await work();
    spinner.stop();
    return result;
  } catch (e) {
    spinner.stop();
    throw e;
  }
}

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/** A spinner whose text the work updates (a page count); nothing at all when nobody is watching. */
export async function startProgress(ctx: Context, text: string): Promise<Progress> {
  if (!ctx.interactive) return { update: () => {}, stop: () => {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: ctx.stderr as NodeJS.WritableStream, color: ctx.color ? 'cyan' : (false as never) }).start();
  return { update: (t) => void (spinner.text = t), stop: () => void spinner.stop() };
}
