/**
 * Where the sandbox keeps its state (the day, and what fix changed in its MyOperator): a file of
 * its config dir, named by nobody, so a directory there is said as what it takes the place of.
 */
import { join } from 'node:path';
import type { KeptThere } from '../store/file-errors.js';

export function sandboxStateFile(dir: string): string {
  return join(dir, 'sandbox-state.json');
}

/** What the sandbox keeps there, and what moves it: its config dir alone (it refuses --mappings). */
export const SANDBOX_STATE: KeptThere = {
  keeps: "the sandbox's state (its day, and the MyOperator changes fix made)",
  elsewhere: 'choose another place with --config-dir',
};
