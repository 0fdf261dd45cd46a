/** Reads a file the user named with a flag; a path that cannot be read is a UsageError naming the flag. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export async function readInput(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`Cannot read ${file}: ${why}.`, `Check the path given to ${flag}.`);
  }
}
