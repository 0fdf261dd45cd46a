import type { Check } from '../check.js';
import { plural } from '../check.js';

export const mappingsFileCheck: Check = {
  id: 'mappings-file',
  group: 'Config',
  async run({ mappingsStore, mappings }) {
    try {
      const data = mappings();
      return { status: 'pass', message: `mappings file ${mappingsStore.path}: ${plural(data.mappings.length, 'mapping')}, ${data.ignored.length} ignored` };
    } catch (e) {
      return { status: 'fail', message: (e as Error).message, hint: 'Fix the file by hand (a backup copy was kept), or move it aside.' };
    }
  },
};
