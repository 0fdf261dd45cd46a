/** Where the config lives: --config-dir, PHONEBRIDGE_CONFIG_DIR (via commander), else the OS's config folder. */
import { chmodSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import envPaths from 'env-paths';
import type { GlobalOptions } from '../context.js';
import { cannotWrite } from './file-errors.js';

export function configDir(globals: Pick<GlobalOptions, 'configDir' | 'sandbox'>): string {
  const base = globals.configDir ?? envPaths('phonebridge-sync', { suffix: '' }).config;
  // The sandbox keeps its own profile and files, so it never touches real credentials or mappings.
  return globals.sandbox ? join(base, 'sandbox') : base;
}

/** Whether the path is a directory now; absent or unreadable is no (the caller's error then says what). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the path goes round a loop of symbolic links (or through too many of them). */
export function loops(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

/**
 * Creates the directory 0700 if it is missing; an existing one is left as the user set it (doctor
 * warns). A path that cannot be a directory is one StorageError naming `forFile`, at once. Returns
 * the first directory it made (the topmost), for removeIfLeftEmpty; undefined when it made none.
 */
export function ensureDir(dir: string, forFile: string, what: string): string | undefined {
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(forFile, e, what);
  }
  if (isDir === false) throw cannotWrite(forFile, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), what);
  if (isDir === undefined) {
    try {
      const made = mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      return made;
    } catch (e) {
      throw cannotWrite(forFile, e, what);
    }
  }
  return undefined;
}

/**
 * Removes `dir` and its parents up to `made` (what ensureDir made), each only while it is empty: a
 * run that ended before it wrote anything there (not logged in, a read that failed) left a config
 * directory, or the one of a --mappings path it had just called likely mistyped, made for nothing.
 */
export function removeIfLeftEmpty(dir: string, made: string | undefined): void {
  if (made === undefined) return;
  const top = resolve(made);
  for (let d = resolve(dir); d === top || d.startsWith(top + sep); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (the run wrote there, or another run did), or gone: left as it is
    }
  }
}
