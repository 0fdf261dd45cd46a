/**
 * The files the tool keeps, as seen from a path a user gives it to write: a CSV or a Markdown
 * summary written over one of them loses every mapping or the login.
 */
import { realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Context } from '../context.js';
import { historyPath } from './history.js';
import { pendingPath } from './history-journal.js';
import { homeExpanded } from './home-path.js';
import type { MappingStore } from './mappings.js';
import { configDir } from './paths.js';

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return `${realpathSync(dirname(file))}${sep}${basename(file)}`;
    } catch {
      return resolve(file);
    }
  }
}

/**
 * Why a file the user named for the tool to write (fix's --worklist, resync's GITHUB_STEP_SUMMARY)
 * must not be written, or undefined: a file the tool keeps (the mappings, their history, the
 * credentials, the state beside them, the sandbox's or the real ones) would be overwritten by a
 * CSV, or appended to, and with it every saved mapping or the login. Other files in the config
 * directory are the user's (a CI job may use the repository as one).
 */
export function keptFileClash(file: string, ctx: Pick<Context, 'env' | 'globals'>, store: Pick<MappingStore, 'path' | 'historyPath'>): string | undefined {
  if (file === '-') return undefined;
  const target = realPath(file);
  // The same file by another name too: a hard link has a path of its own, and a CSV written
  // through it replaced every mapping.
  const id = fileId(file);
  const same = (other: string) => target === realPath(other) || (id !== undefined && id === fileId(other));
  // Under --sandbox the store is the demo's, but the real file PHONEBRIDGE_MAPPINGS_FILE names (a
  // CI's, in a repository) is still the user's mappings: a worklist must not replace it either.
  const real = ctx.env.PHONEBRIDGE_MAPPINGS_FILE && homeExpanded(ctx.env.PHONEBRIDGE_MAPPINGS_FILE);
  const realHistory = real && historyPath(real);
  const base = configDir({ configDir: ctx.globals.configDir, sandbox: false });
  // Where a save sets the history's lines aside first (history-journal.ts) too: a worklist written
  // there would be appended to the history, or dropped, by the next change.
  const files: ReadonlyArray<readonly [path: string | undefined, what: string]> = [
    [store.path, 'the mappings file'],
    [store.historyPath, 'the history file'],
    [pendingPath(store.historyPath), "the history's set-aside lines"],
    [real, 'the mappings file PHONEBRIDGE_MAPPINGS_FILE names'],
    [realHistory, 'the history file of PHONEBRIDGE_MAPPINGS_FILE'],
    [realHistory && pendingPath(realHistory), "the history's set-aside lines of PHONEBRIDGE_MAPPINGS_FILE"],
    [join(base, 'credentials.json'), 'the credentials file'],
  ];
  const clash = files.find(([path]) => path && same(path));
  if (clash) return `${clash[1]} (${clash[0]})`;
  // The directories themselves too: a CSV named "mappings" where the directory goes breaks every later run.
  const where = (dir: string) => (target === realPath(dir) ? `the directory ${dir}` : target.startsWith(realPath(dir) + sep) ? `inside ${dir}` : undefined);
  for (const kept of ['mappings', 'state']) {
    const at = where(join(base, kept));
    if (at) return `${at}, where the tool keeps its ${kept === 'mappings' ? 'mappings and their history' : 'state'}`;
  }
  // The sandbox's directory is the tool's alone: its credentials, its mappings, the demo's state.
  const sandbox = where(join(base, 'sandbox'));
  if (sandbox) return `${sandbox}, which the sandbox keeps for itself`;
  return undefined;
}

/** A file's device and inode, or undefined when there is none yet. */
function fileId(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

export function isPipe(file: string): boolean {
  try {
    const kind = statSync(file);
    return kind.isFIFO() || kind.isSocket();
  } catch {
    return false; // absent (to be made) or unreadable: writing it says what is wrong
  }
}

/**
 * Why a file the tool reads or writes on the side (resync's state, the step summary) is not one it
 * can use, when it exists and is no regular file: a named pipe holds the run until some other
 * program opens its other end (SIGTERM included, as the open is not interruptible).
 */
export function notRegularFile(file: string): string | undefined {
  try {
    return notRegular(statSync(file));
  } catch {
    return undefined; // absent (to be made) or unreadable: using it says what is wrong
  }
}
/** notRegularFile of a file already looked at (the CI page, whose size is wanted too). */
export function notRegular(kind: Pick<Stats, 'isFIFO' | 'isSocket'>): string | undefined {
  if (kind.isFIFO()) return 'it is a named pipe, not a file';
  if (kind.isSocket()) return 'it is a socket, not a file';
  return undefined;
}
