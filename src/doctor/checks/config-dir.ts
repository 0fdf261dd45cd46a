import { statSync } from 'node:fs';
import type { Check } from '../check.js';

export const configDirCheck: Check = {
  id: 'config-dir',
  group: 'Config',
  async run({ dir }) {
    let mode: number;
    try {
      mode = statSync(dir).mode & 0o777;
    } catch {
      return {
        status: 'warn',
        message: `config directory ${dir} does not exist yet`,
        hint: 'Run `phonebridge-sync login` (or use the PHONEBRIDGE_* environment variables).',
      };
    }
    if (mode & 0o077)
      return {
        status: 'warn',
        message: `config directory ${dir} is mode ${mode.toString(8).padStart(4, '0')}: other users can look inside`,
        hint: `chmod 700 ${dir}`,
      };
    return { status: 'pass', message: `config directory ${dir} (0700)` };
  },
};
