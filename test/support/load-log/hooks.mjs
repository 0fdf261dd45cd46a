// Module hooks for tests that check what a command loads: every resolved URL is appended to LOAD_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.LOAD_LOG) appendFileSync(process.env.LOAD_LOG, `${resolved.url}\n`);
  return resolved;
}
