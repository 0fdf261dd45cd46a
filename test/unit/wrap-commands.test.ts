/** Commands in backticks in a paragraph, broken over lines: laid out alike wherever they are, at any length of text. */
import { describe, expect, it } from '@jest/globals';
import { wrapIndented } from '../../src/ui/wrap.js';

const cli = 'phonebridge-sync --sandbox --config-dir /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123';
/** A fix line as doctor words one, with a `fix --only` for each of `count` agents, at 80 columns. */
function fixLine(count: number): string[] {
  const commands = Array.from({ length: count }, (_, i) => `\`${cli} fix --only ${10 + i}\``);
  return wrapIndented(`fix: run ${commands.join(', then run ')}.`, 80, '          ', '        ').split('\n');
}

describe('a command broken over lines', () => {
  it('is laid out the same however many commands follow it: in a text of 5, the first parted "--config-dir \\" from its path, kept with it in a text of 4', () => {
    // Its option kept with its value costs no line here: ", then run" goes on beside its end.
    const first = [
      '        fix: run `phonebridge-sync --sandbox \\',
      '            --config-dir /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123 fix \\',
      '            --only 10`, then run `phonebridge-sync --sandbox \\',
    ];
    for (const others of [3, 4, 5]) expect(fixLine(1 + others).slice(0, 3)).toEqual(first);
    // Each but the last as in a text of one command fewer: the last, paired, took a line more.
    expect(fixLine(6).slice(0, 8)).toEqual(fixLine(5).slice(0, 8));
    expect(fixLine(6).slice(-2)).toEqual([
      '            --only 14`, then run `phonebridge-sync --sandbox --config-dir \\',
      '            /tmp/s44h15/c-abcdefghijklmnopqrstuvwxyz0123 fix --only 15`.',
    ]);
  });
});

describe('a word wider than the screen', () => {
  it('goes on beside its last piece before a paragraph of 150,000 words: the lines after it, spread into one call, overflowed the stack', () => {
    const words = Array.from({ length: 150_000 }, (_, i) => `w${String(i).padStart(9, '0')}`);
    const lines = wrapIndented(`s.kumar.sales.team.lead.for.the.western.region@acmetraders.in to ${words.join(' ')}`, 20, '').split('\n');
    expect(lines.slice(0, 5)).toEqual(['s.kumar.sales.team.', 'lead.for.the.', 'western.region', '@acmetraders.in to', 'w000000000']);
    // One word a line after it, none lost (compared as one string, which is quicker than line by line).
    expect(lines.length).toBe(4 + words.length);
    expect(lines.slice(4).join(' ')).toBe(words.join(' '));
  });
});
