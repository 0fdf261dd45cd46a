import { statSync } from 'node:fs';
import { pathWord } from '../../io/invocation.js';
import { notSavable, octal, tokenNotKept, type Check } from '../check.js';
import { directoryWhereWeKeep, fileWhereConfigDirGoes, notWritable, refusedBy, unusable } from '../../store/file-errors.js';
import { isDirectory } from '../../store/paths.js';
import { SANDBOX_STATE, sandboxStateFile } from '../../sandbox/state-file.js';
import { envCredentials } from '../env-credentials.js';

export const configDirCheck: Check = {
  id: 'config-dir',
  group: 'Config',
  async run({ dir, ctx, credentials }) {
    let mode: number;
    // A file where the directory goes (or on its way) was "mode 0644: other users can look inside",
    // with a chmod 700 that makes a file no directory; or "does not exist yet", to be made by a login
    // that cannot make it.
    const file = fileWhereConfigDirGoes(dir);
    if (file)
      return {
        status: 'fail',
        message: `config directory ${dir} ${file === dir ? 'is a file' : `cannot be made: ${file} is a file`}, not a directory`,
        hint: 'Move that file aside, or choose another place with --config-dir.',
      };
    try {
      mode = statSync(dir).mode & 0o777;
    } catch (e) {
      // Only ENOENT is "not there yet": a directory on the way that cannot be entered, or a link
      // that loops, was said so too, with a login to run that meets the same error.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { status: 'fail', ...unreachable(dir, e) };
      // Not there, and not to be made (its nearest directory refuses it): "the first save makes it",
      // or a login to run, was untrue, as every save and that login meet the same refusal.
      const refused = notWritable(credentials.path);
      if (refused.length)
        return notSavable(
          `config directory ${dir} does not exist yet, and cannot be made`,
          refused,
          ctx.globals.sandbox ? SANDBOX_KEEPS_NOTHING : tokenNotKept(false),
        );
      const given = ctx.globals.sandbox ? 'none' : envCredentials(ctx.env);
      // With every credential in the environment nothing needs the directory before it is made
      // (ensureDir, 0700) by the first save of the token cache or the mappings: a warning there
      // was one a CI job, on a fresh runner each time, could never clear.
      if (given === 'all')
        return {
          status: 'pass',
          message: `config directory ${dir} does not exist yet, which is fine: the credentials come from the environment, and the first command that saves something (the Zoho access token, a mapping) makes it`,
        };
      return {
        status: 'warn',
        message: `config directory ${dir} does not exist yet`,
        // The sandbox has its credentials built in: nothing to log in to. The hint names --sandbox
        // itself: doctor --json keeps hints as written.
        hint: ctx.globals.sandbox
          ? 'The sandbox makes it the first time it saves something, e.g. `phonebridge-sync --sandbox resync`.'
          : given === 'none'
            ? 'Run `phonebridge-sync login` (or use the PHONEBRIDGE_* environment variables).'
            : given.hint,
      };
    }
    if (mode & 0o077)
      return {
        status: 'warn',
        message: `config directory ${dir} is mode ${octal(mode)}: other users can look inside`,
        hint: `Run \`chmod 700 ${pathWord(dir)}\`.`,
      };
    // The sandbox keeps its demo company's day and fix's changes here: when it cannot, each run
    // starts again from what it kept last, which only a note at the end of resync or fix said.
    const state = sandboxStateFile(dir);
    // Writable as a directory is, one there passed, and every resync and fix then lost its state.
    if (ctx.globals.sandbox && isDirectory(state)) {
      const inTheWay = directoryWhereWeKeep(SANDBOX_STATE);
      return { status: 'warn', message: `config directory ${dir} (${octal(mode)}): the sandbox's state ${state} cannot be saved: ${inTheWay.why}`, hint: inTheWay.hint };
    }
    const refused = ctx.globals.sandbox ? notWritable(state) : [];
    if (refused.length) return notSavable(`config directory ${dir} (${octal(mode)}): the sandbox's state ${state} cannot be saved`, refused, SANDBOX_KEEPS_NOTHING);
    return { status: 'pass', message: `config directory ${dir} (${octal(mode)})` };
  },
};

/** Why the config directory cannot be looked at (stat failed, not for want of it), and the fix. */
function unreachable(dir: string, e: unknown): { message: string; hint: string } {
  const code = (e as NodeJS.ErrnoException).code;
  const refused = code === 'EACCES' || code === 'EPERM' ? refusedBy(dir, 'r') : undefined;
  return {
    message: `config directory ${dir} cannot be used: ${refused?.says ?? unusable(e)}`,
    hint: `${refused?.fix ?? 'Check the links and directories on that path'}, or choose another place with --config-dir.`,
  };
}

const SANDBOX_KEEPS_NOTHING = 'the sandbox keeps neither the day resync moves it to nor the e-mails fix sets';
