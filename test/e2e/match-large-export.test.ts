import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { constants } from 'node:buffer';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noStack, runCli, tempDir, writeDemoExports } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

it('an export larger than one JavaScript string can hold is exit 2 with a sentence saying so and what to do, and is never read', async () => {
  const { myoperatorFile } = writeDemoExports(tmp.dir);
  // Sparse: a file past the cap that takes no room on disk.
  const huge = join(tmp.dir, 'zoho-huge.json');
  writeFileSync(huge, '');
  truncateSync(huge, constants.MAX_STRING_LENGTH + 1);
  const run = await runCli(['--config-dir', tmp.dir, 'match', '--zoho-file', huge, '--myoperator-file', myoperatorFile]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`${huge} is 512 MB, more than one JavaScript string can hold (about 512 MB), so it cannot be read as one export.`);
  expect(run.stderr).toMatch(/Keep only the fields match reads .* pass the smaller file to --zoho-file, or match live/);
  expect(run.stderr).not.toMatch(/Check the path/);
  expect(noStack(run.stderr)).toBe(true);
  expect(run.stdout).toBe('');
});

it.each([
  ['--import', ['--sandbox', 'map', '--import'], /^Split it into smaller files and run `map --import` on each in turn: each adds to the mappings already saved/m],
  ['--webhook', ['--sandbox', 'doctor', '--webhook'], /^Save the body of one webhook request in the file/m],
])("a %s file past the cap gets advice that fits it, not match's (keep only the fields match reads)", async (_flag, args, advice) => {
  const huge = join(tmp.dir, 'huge-input.json');
  writeFileSync(huge, '');
  truncateSync(huge, constants.MAX_STRING_LENGTH + 1);
  const run = await runCli(['--config-dir', join(tmp.dir, 'cfg-advice'), ...args, huge]);
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n')[0]).toBe(`${huge} is 512 MB, more than one JavaScript string can hold (about 512 MB), so it cannot be read as one export.`);
  expect(run.stderr).toMatch(advice);
  expect(run.stderr).not.toMatch(/match/);
});

// A device or a pipe has no size to check first: read with no limit, /dev/zero grew the process
// to 24 GB until the kernel killed it (exit 137, no sentence). Now it stops past the cap.
it.each([
  ['--zoho-file', 'match'],
  ['--import', 'map'],
])('an input that never ends (/dev/zero to %s) is exit 2 once it passes what one export can be, not a read until memory runs out', async (flag, command) => {
  const { myoperatorFile } = writeDemoExports(tmp.dir);
  const args = command === 'match' ? ['match', '--zoho-file', '/dev/zero', '--myoperator-file', myoperatorFile] : ['--sandbox', 'map', '--import', '/dev/zero', '--yes'];
  const run = await runCli(['--config-dir', join(tmp.dir, `endless-${command}`), ...args]);
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n')[0]).toBe('/dev/zero sent more than 512 MB and was still sending, more than one JavaScript string can hold (about 512 MB), so it cannot be read as one export.');
  expect(run.stderr).toContain(flag === '--import' ? 'Split it into smaller files and run `map --import` on each in turn' : `pass the smaller file to ${flag}`);
  if (flag === '--import') expect(run.stderr).not.toMatch(/match/);
  expect(run.stdout).toBe('');
}, 60_000);
