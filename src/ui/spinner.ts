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
