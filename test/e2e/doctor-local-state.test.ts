/**
 * doctor as a new admin meets it with local state gone wrong: a flag in the wrong place, a setting
 * from the environment that names nothing. What it prints must be true, and every command it
 * suggests must work when pasted into the same shell.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('doctor --since without --calls', () => {
  it('suggests a whole command, with the options of this run, that pastes as it is', async () => {
    const dir = join(tmp.dir, 'since');
    const r = await runCli(['--sandbox', '--config-dir', dir, 'doctor', '--since', '2d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--since goes with --calls.\nRun \`phonebridge-sync --sandbox --config-dir ${dir} doctor --calls --since 2d\`.\n`);
    expect(noStack(r.stderr)).toBe(true);
  });
});
