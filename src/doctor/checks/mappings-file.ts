import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../../errors.js';
import { pathWord } from '../../io/invocation.js';
import type { Check } from '../check.js';
import { notSavable, plural } from '../check.js';
import { writeTarget } from '../../store/durable-write.js';
import { notWritable } from '../../store/file-errors.js';
import { missingNamedBy } from '../../store/mappings.js';

export const mappingsFileCheck: Check = {
  id: 'mappings-file',
  group: 'Config',
  async run({ ctx, mappingsStore, mappings }) {
    try {
      const data = mappings();
      // A path named by --mappings or PHONEBRIDGE_MAPPINGS_FILE that is not there is likelier a typo than a new store.
      // A warning, not a failure (exit 0 stays): a new CI repository's first run names a file yet to be made.
      const namedBy = missingNamedBy(ctx.globals, ctx.env, mappingsStore.path);
      if (namedBy)
        return { status: 'warn', message: `the mappings file ${mappingsStore.path}, named by ${namedBy}, does not exist yet: nothing is saved there`, hint: 'Check the path if it should exist; the first resync or map creates the file there.' };
      const there = existsSync(mappingsStore.path);
      const target = writeTarget(mappingsStore.path, 'the mappings file');
      // A link into a directory that is gone (a checkout moved or deleted): saves go through the
      // link and make no directory there, so "the first resync or map creates it" was untrue.
      if (!there && target !== mappingsStore.path && !existsSync(dirname(target)))
        return {
          status: 'warn',
          message: `no mappings file yet: ${mappingsStore.path} is a link to ${target}, whose directory does not exist, so resync, map and fix cannot save there`,
          hint: `Create that directory (\`mkdir -p ${pathWord(dirname(target))}\`), or point the link at a directory that exists.`,
        };
      // Writable as a directory is, a history path a directory took stops every save all the same.
      const inTheWay = mappingsStore.historyIsDirectory();
      if (inTheWay)
        return {
          status: 'warn',
          message: `the history file ${mappingsStore.historyPath} cannot be read or saved: ${inTheWay.why}; resync, map and fix stop with exit 6 and change nothing`,
          hint: inTheWay.hint,
        };
      // A read-only store reads fine, and every resync, map and fix then stops at its first save (exit 6):
      // doctor passing it left the cause to be found one command at a time.
      // The history too: each save appends to it, and a read-only one stops the save as surely.
      const refused = [...new Set([...notWritable(target), ...notWritable(mappingsStore.historyPath)])];
      if (refused.length) return notSavable(there ? `mappings file ${mappingsStore.path} cannot be saved` : `no mappings file yet (${mappingsStore.path}), and none can be made`, refused, 'resync, map and fix stop with exit 6 and change nothing');
      // "0 mappings" of a file that is not there read as if one had been found empty.
      if (!there) return { status: 'pass', message: `no mappings file yet (${mappingsStore.path}): the first resync or map creates it` };
      return { status: 'pass', message: `mappings file ${mappingsStore.path}: ${plural(data.mappings.length, 'mapping')}, ${data.ignored.length} ignored` };
    } catch (e) {
      // The error's own fix when it has one: "a part of the path is a file" is not fixed by editing it.
      const hint = e instanceof CliError && e.hint ? e.hint : 'Fix the file by hand (a backup copy was kept), or move it aside.';
      return { status: 'fail', message: (e as Error).message, hint };
    }
  },
};
