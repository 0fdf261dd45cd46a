/**
 * A file flag given the terminal itself (`/dev/stdin` with nothing piped in), at a real
 * pseudo-terminal (node-pty): the input is read from what is pasted, after a sentence saying so.
 * Before, `map --import /dev/stdin` sat with nothing on the screen until Ctrl-C, and under
 * `doctor --calls` the spinner took the pasted payload and Ctrl-C with it: the run never ended.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';
import { terminals } from '../support/pty.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const ptys = terminals();

/** What the terminal shows asking for the input of `flag`, wrapped at 80 columns. */
const asking = (flag: string) =>
  new RegExp(`${flag} /dev/stdin is the terminal: paste the input, then press Ctrl-D on a\\s+line of its own \\(Ctrl-C cancels\\)\\.`);

describe('a file flag reading the terminal', () => {
  it('map --import /dev/stdin says to paste and press Ctrl-D, then imports what was pasted', async () => {
    const dir = join(tmp.dir, 'import');
    const t = ptys.start(dir, ['--no-pager', 'map', '--import', '/dev/stdin'], 80, 40);
    const at = await t.waitFor(asking('--import'));
    t.term.write('zoho,myoperator\rasha.rao@acmetraders.in,11\r\x04');
    await t.waitFor(/Imported 1 mapping\./, at);
    expect(await t.exited).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')) as { mappings: Array<{ zoho: { email: string } }> };
    expect(saved.mappings.map((m) => m.zoho.email)).toEqual(['asha.rao@acmetraders.in']);
  });

  // Blank space alone was "nothing was pasted", as if the paste had not arrived; the file readers say what it held.
  it.each([
    ['before anything was pasted', '', /\/dev\/stdin: nothing was pasted before Ctrl-D\./],
    ['after blank space alone', '  \t\r\r', /\/dev\/stdin: what was pasted holds only blank lines\./],
  ])('Ctrl-D %s: said so, not "nothing was piped in"', async (_, paste, said) => {
    const t = ptys.start(join(tmp.dir, `nothing-${paste.length}`), ['--no-pager', 'map', '--import', '/dev/stdin'], 80, 40);
    const at = await t.waitFor(asking('--import'));
    t.term.write(`${paste}\x04`);
    await t.waitFor(new RegExp(`${said.source}\\s+Paste the input, then press Ctrl-D on a line of its own; or pipe it in`), at);
    expect(await t.exited).toBe(2);
    expect(t.screen()).not.toContain('piped in (standard input is empty)');
  });

  it('match given the terminal for both sides: refused at once, not after two pastes', async () => {
    const t = ptys.start(join(tmp.dir, 'both'), ['--no-pager', 'match', '--zoho-file', '/dev/stdin', '--myoperator-file', '/dev/stdin'], 80, 40);
    await t.waitFor(/--zoho-file and --myoperator-file name the same file, \/dev\/stdin: its users\s+would be matched against themselves\./);
    expect(await t.exited).toBe(2);
    expect(t.screen()).not.toContain('paste the input');
  });

  it('doctor --calls --webhook /dev/stdin: the same sentence, no spinner to take the paste, and the call judged', async () => {
    const t = ptys.start(join(tmp.dir, 'webhook'), ['--no-pager', 'doctor', '--calls', '--only', 'calls', '--webhook', '/dev/stdin'], 80, 40);
    const at = await t.waitFor(asking('--webhook'));
    t.term.write('{"_ci":"c1","_ld":[{"_ac":"received","_rr":[{"_ex":"11"}]}]}\r\x04');
    await t.waitFor(/✓ webhook: call c1 goes to Zoho user Asha Rao/, at);
    await t.exited;
    // Not even drawn and cleared: while it spins, a spinner holds the terminal's input.
    expect(t.screen()).not.toContain('Reading MyOperator call logs');
  });
});
