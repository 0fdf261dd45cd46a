/**
 * A leading `~` or `~/` as the home directory. A shell expands it on a command line, but not in a
 * variable set by a CI file (`PHONEBRIDGE_CONFIG_DIR: ~/.phonebridge` in a workflow's env) or in
 * quotes: taken as it is, it was a directory named `~` in the current one, which in a CI job is the
 * repository checkout, credentials and token cache included. (`~user` forms are left as they are.)
 * Every reading of --config-dir, --mappings and their variables goes through it, the worklist's
 * guard included: a guard reading the raw `~/…` compared another file than the one the store is.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function homeExpanded(path: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  // node:os only then: cli.ts loads this module for every command, --help included.
  const { homedir } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  return join(homedir(), path.slice(1));
}
