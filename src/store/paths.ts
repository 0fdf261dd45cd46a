/** Where the config lives: --config-dir, PHONEBRIDGE_CONFIG_DIR (via commander), else the OS's config folder. */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Creates the directory 0700 if it is missing; an existing one is left as the user set it (doctor
 * warns). A path that cannot be a directory is one StorageError naming `forFile`, at once.
 */
export function ensureDir(dir: string, forFile: string, what: string): void {
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(forFile, e, what);
  }
  if (isDir === false) throw cannotWrite(forFile, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), what);
  if (isDir === undefined) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
    } catch (e) {
      throw cannotWrite(forFile, e, what);
    }
  }
}
