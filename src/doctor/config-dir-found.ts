/** The config directory as doctor's local-state checks find it: one look, so they cannot say two things of it. */
import { constants, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { fileWhereConfigDirGoes, may, refusedBy, unusable } from '../store/file-errors.js';

/**
 * The config directory as doctor finds it: there (with its mode), not made yet, or not to be used
 * (why, and the fix), for config-dir and for credentials-file, which must not say otherwise.
 */
export function configDirFound(dir: string): { state: 'there'; mode: number } | { state: 'not made yet' } | Unusable {
  // A file where the directory goes (or on its way) was "mode 0644: other users can look inside",
  // with a chmod 700 that makes a file no directory; or "does not exist yet", to be made by a login
  // that cannot make it.
  const file = fileWhereConfigDirGoes(dir);
  if (file)
    return {
      state: 'unusable',
      message: `config directory ${dir} ${file === dir ? 'is a file' : `cannot be made: ${file} is a file`}, not a directory`,
      hint: 'Move that file aside, or choose another place with --config-dir.',
    };
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Only ENOENT is "not there yet": a directory on the way that cannot be entered, or a link
    // that loops, was said so too, with a login to run that meets the same error.
    if (code === 'ENOENT') return { state: 'not made yet' };
    return cannotUse(dir, code === 'EACCES' || code === 'EPERM' ? refusedBy(dir, 'r') : undefined, e);
  }
  // One that cannot be entered itself (no x bit) passed "(0600)", while every command stopped at its
  // first store (exit 6). Asked for a file in it to read, as every command's first store is, so the
  // cure is theirs (u+x): it was u+wx here and u+x from `list`. A save's w is said where it is needed,
  // by the checks of the files saved there, as of a config dir at 0500.
  if (!may(dir, constants.X_OK)) return cannotUse(dir, refusedBy(join(dir, 'credentials.json'), 'r'));
  return { state: 'there', mode: stats.mode & 0o777 };
}

/** Why the config directory cannot be used (what refused it, else the stat's own error), and the fix. */
function cannotUse(dir: string, refused: { says: string; fix: string } | undefined, e?: unknown): Unusable {
  return {
    state: 'unusable',
    message: `config directory ${dir} cannot be used: ${refused?.says ?? unusable(e)}`,
    hint: `${refused?.fix ?? 'Check the links and directories on that path'}, or choose another place with --config-dir.`,
  };
}

/** A config dir no command can use: config-dir's failure, with its fix; credentials-file's skip for it repeats the words. */
interface Unusable {
  state: 'unusable';
  message: string;
  hint: string;
}
