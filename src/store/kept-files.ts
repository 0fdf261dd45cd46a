/**
 * The files the tool keeps, as seen from a path a user gives it to write: a CSV or a Markdown
 * summary written over one of them loses every mapping or the login.
 */
import { realpathSync, statSync } from 'node:fs';
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
  if (same(store.path)) return `the mappings file (${store.path})`;
  if (same(store.historyPath)) return `the history file (${store.historyPath})`;
  // Where a save sets the history's lines aside first (history-journal.ts): a worklist written there
  // would be appended to the history, or dropped, by the next change.
  if (same(pendingPath(store.historyPath))) return `the history's set-aside lines (${pendingPath(store.historyPath)})`;
  // Under --sandbox the store is the demo's, but the real file PHONEBRIDGE_MAPPINGS_FILE names (a
  // CI's, in a repository) is still the user's mappings: a worklist must not replace it either.
  const real = ctx.env.PHONEBRIDGE_MAPPINGS_FILE && homeExpanded(ctx.env.PHONEBRIDGE_MAPPINGS_FILE);
  const realHistory = real && historyPath(real);
  if (real && same(real)) return `the mappings file PHONEBRIDGE_MAPPINGS_FILE names (${real})`;
  if (realHistory && same(realHistory)) return `the history file of PHONEBRIDGE_MAPPINGS_FILE (${realHistory})`;
  if (realHistory && same(pendingPath(realHistory))) return `the history's set-aside lines of PHONEBRIDGE_MAPPINGS_FILE (${pendingPath(realHistory)})`;
  const base = configDir({ configDir: ctx.globals.configDir, sandbox: false });
  if (same(join(base, 'credentials.json'))) return `the credentials file (${join(base, 'credentials.json')})`;
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
    const kind = statSync(file);
    if (kind.isFIFO()) return 'it is a named pipe, not a file';
    if (kind.isSocket()) return 'it is a socket, not a file';
    return undefined;
  } catch {
    return undefined; // absent (to be made) or unreadable: using it says what is wrong
  }
}
