import { statSync } from 'node:fs';
import { pathWord } from '../../io/invocation.js';
import { octal, type Check } from '../check.js';

export const configDirCheck: Check = {
  id: 'config-dir',
  group: 'Config',
  async run({ dir, ctx }) {
    let mode: number;
    try {
      mode = statSync(dir).mode & 0o777;
    } catch {
      return {
        status: 'warn',
        message: `config directory ${dir} does not exist yet`,
        // The sandbox has its credentials built in: nothing to log in to. The hint names --sandbox
        // itself: doctor --json keeps hints as written.
        hint: ctx.globals.sandbox
          ? 'The sandbox makes it the first time it saves something, e.g. `phonebridge-sync --sandbox resync`.'
          : 'Run `phonebridge-sync login` (or use the PHONEBRIDGE_* environment variables).',
      };
    }
    if (mode & 0o077)
      return {
        status: 'warn',
        message: `config directory ${dir} is mode ${octal(mode)}: other users can look inside`,
        hint: `chmod 700 ${pathWord(dir)}`,
      };
    return { status: 'pass', message: `config directory ${dir} (${octal(mode)})` };
  },
};
