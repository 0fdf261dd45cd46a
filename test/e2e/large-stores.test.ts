/** Store files past what one JavaScript string can hold: said as such, never read, never changed. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { constants } from 'node:buffer';
import { mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

// Each was exit 1, "Unexpected error: Cannot create a string longer than 0x1fffffe8 characters …
// This is a bug"; past 2 GB, exit 2 with "Check the path and its permissions".
it.each([
  ['the mappings file', join('mappings', 'default.json'), ['list', 'mappings']],
  ['the mappings file', join('mappings', 'default.json'), ['map', '--unmap', 'someone']],
  ['the history file', join('mappings', 'default.history.jsonl'), ['list', 'history']],
  ['the credentials file', 'credentials.json', ['list', 'zoho']],
])('%s past the cap (%s, `%s`): exit 2, one sentence with its size and what to do, the file left as it is', async (what, name, args) => {
  for (const size of [constants.MAX_STRING_LENGTH + 1, 3 * 2 ** 30]) {
    const dir = join(tmp.dir, `${name.replace(/\W/g, '-')}-${args.join('-')}-${size}`);
    const file = join(dir, name);
    mkdirSync(join(dir, 'mappings'), { recursive: true });
    // Sparse: past the cap, and no room taken on disk.
    writeFileSync(file, '');
    truncateSync(file, size);
    const run = await runCli(['--config-dir', dir, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `Cannot read ${what} ${file}: it is ${Math.round(size / 2 ** 20).toLocaleString('en')} MB, more than one JavaScript string can hold (about 512 MB); it was left as it is.\n` +
        `phonebridge-sync never writes ${what} this large: restore it from a backup, or move it aside.\n`,
    );
    expect(noStack(run.stderr)).toBe(true);
    expect(statSync(file).size).toBe(size);
  }
}, 60_000);
