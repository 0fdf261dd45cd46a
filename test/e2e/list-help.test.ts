/**
 * `list --help` must not offer what `list` then refuses: `list history --help` listed --csv,
 * --status and --unmapped, and `list history --csv` is exit 2 "does not apply to `list history`".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const ONLY_SOME: Record<string, string[]> = { '--status': ['active'], '--unmapped': [], '--csv': [], '--since': ['7d'] };
/** The options of `list` a help text offers, of those only some lists read. */
const offered = (help: string) => Object.keys(ONLY_SOME).filter((o) => new RegExp(`^\\s+${o}\\b`, 'm').test(help));

describe('list --help', () => {
  it.each([
    ['history', ['--since']],
    ['mappings', ['--csv']],
    ['zoho', ['--status', '--unmapped', '--csv']],
    ['myoperator', ['--status', '--unmapped', '--csv']],
  ])('list %s --help offers only the options it takes, and each one it leaves out is refused', async (what, takes) => {
    const help = await runCli(['--config-dir', tmp.dir, 'list', what, '--help']);
    expect(help.code).toBe(0);
    expect(offered(help.stdout)).toEqual(takes);
    for (const option of Object.keys(ONLY_SOME).filter((o) => !takes.includes(o))) {
      const run = await runCli(['--config-dir', tmp.dir, 'list', what, option, ...ONLY_SOME[option]!]);
      expect([run.code, run.stderr]).toEqual([2, expect.stringContaining(`${option} does not apply to \`list ${what}\``)]);
    }
  });

  it('without a list named, every option under a heading naming the lists that read it, and <what> named required here and in the top-level help', async () => {
    const help = await runCli(['list', '--help']);
    expect(help.code).toBe(0);
    const section = (heading: string) => help.stdout.split(`\n${heading}\n`)[1]?.split('\n\n')[0] ?? '';
    expect(offered(section('Options for zoho and myoperator:'))).toEqual(['--status', '--unmapped']);
    expect(offered(section('Options for zoho, myoperator and mappings:'))).toEqual(['--csv']);
    expect(offered(section('Options for history:'))).toEqual(['--since']);
    expect(offered(section('Options:'))).toEqual([]);
    // <what> is required, as a bare `list` refuses; the top-level help said "list [options] [what]".
    expect(help.stdout).toMatch(/^Usage: phonebridge-sync list \[options\] <what>$/m);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}list \[options\] <what> +list the users/m);
  });
});
