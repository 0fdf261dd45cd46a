import { pathWord } from '../../io/invocation.js';
import { notSavable, octal, tokenNotKept, type Check } from '../check.js';
import { directoryWhereWeKeep, notWritable } from '../../store/file-errors.js';
import { isDirectory } from '../../store/paths.js';
import { SANDBOX_STATE, sandboxStateFile } from '../../sandbox/state-file.js';
import { envCredentials } from '../env-credentials.js';
import { configDirFound } from '../config-dir-found.js';

export const configDirCheck: Check = {
  id: 'config-dir',
  group: 'Config',
  async run({ dir, ctx, credentials }) {
    const found = configDirFound(dir);
    if (found.state === 'unusable') return { status: 'fail', message: found.message, hint: found.hint };
    if (found.state === 'not made yet') {
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
    const { mode } = found;
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

const SANDBOX_KEEPS_NOTHING = 'the sandbox keeps neither the day resync moves it to nor the e-mails fix sets';
