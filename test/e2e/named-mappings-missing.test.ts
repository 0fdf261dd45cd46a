/**
 * A mappings file named by --mappings or PHONEBRIDGE_MAPPINGS_FILE that is not there: a reading
 * command says so on stderr (a mistyped path listed "0 mappings" without a word), exit codes as
 * before, --json still one document. Each test has its own config dir.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** What list mappings says of a store with nothing in it; `globals` as its commands carry them. */
const nothingIn = (file: string, globals: string) =>
  `No mappings and no ignored users in ${file} yet: \`phonebridge-sync${globals} resync\` saves the exact matches, \`phonebridge-sync${globals} map\` the rest.\n`;
const said = (file: string, by: string) => `The mappings file ${file}, named by ${by}, does not exist yet (\`map\` or \`resync\` creates it): is the path right?\n`;

describe('a named mappings file that does not exist', () => {
  it('list mappings says so on stderr, exit 0, the list on stdout as before', async () => {
    const file = join(tmp.dir, 'typo.json');
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), '--mappings', file, 'list', 'mappings']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${said(file, '--mappings')}${nothingIn(file, ` --config-dir ${join(tmp.dir, 'cfg')} --mappings ${file}`)}`);
    expect(noStack(run.stderr)).toBe(true);
  });

  it('names PHONEBRIDGE_MAPPINGS_FILE when that named it; --json stays one document', async () => {
    const file = join(tmp.dir, 'typo.json');
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), '--json', 'list', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: file });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ mappings: [], ignored: [] });
    expect(run.stderr).toBe(said(file, 'PHONEBRIDGE_MAPPINGS_FILE'));
  });

  it('list history says so too', async () => {
    const file = join(tmp.dir, 'typo.json');
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), '--mappings', file, 'list', 'history']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(said(file, '--mappings'));
  });

  it("doctor's mappings-file check warns (exit 0 stays) instead of passing", async () => {
    const file = join(tmp.dir, 'typo.json');
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), '--mappings', file, 'doctor', '--only', 'mappings-file']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`! mappings-file: the mappings file ${file}, named by --mappings, does not exist yet: nothing is saved there\n`);
  });

  it('a usage error comes first and alone: the note is said as the file is read, and a refused run reads nothing', async () => {
    const file = join(tmp.dir, 'typo.json');
    const cases: Array<[string[], string]> = [
      [['list', 'mappings', '--csv', '--json'], '--csv and --json cannot be used together.\nChoose one output format.\n'],
      [['list', 'zoho', '--unmapped', '--csv', '--json'], '--csv and --json cannot be used together.\nChoose one output format.\n'],
      [['list', 'history', '--since', 'bogus'], '--since "bogus" is not a period or a date.\n'],
    ];
    for (const [args, error] of cases) {
      const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), '--mappings', file, ...args]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr.startsWith(error)).toBe(true);
      expect(run.stderr).not.toContain('does not exist yet');
    }
  });

  it('a path through a file is the one error saying so, not also "does not exist yet (`map` or `resync` creates it)"', async () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const inside = join(file, 'mappings.json');
    const said = `Cannot read the mappings file ${inside}: ${file} is a file, not a directory.\nMove that file aside, or choose another place with --config-dir (or --mappings for the mappings file).\n`;
    for (const [args, env] of [
      [['--mappings', inside, 'list', 'mappings'], {}],
      [['list', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: inside }],
    ] as const) {
      const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), ...args], env);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 6, stdout: '', stderr: said });
    }
  });

  it('the default path, not named, is not remarked on', async () => {
    const run = await runCli(['--config-dir', join(tmp.dir, 'cfg'), 'list', 'mappings']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(nothingIn(join(tmp.dir, 'cfg', 'mappings', 'default.json'), ` --config-dir ${join(tmp.dir, 'cfg')}`));
  });
});
