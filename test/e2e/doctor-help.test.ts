/**
 * `doctor --help` and README define "attributable" as the audit (core/call-audit.ts) counts it:
 * help said "equals an active Zoho user's", README "active, confirmed", and the code also
 * wants no other Zoho user, even an inactive one, to hold the e-mail.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';

const flat = (s: string) => s.replace(/\s+/g, ' ');
/** The parenthesis after `word`, nested ones included. */
function definition(text: string, word: string): string {
  const at = text.indexOf(`${word} (`);
  if (at < 0) return '';
  let depth = 0;
  for (let i = at + word.length + 1; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(at + word.length + 2, i);
  }
  return '';
}

describe('doctor --help: attributable', () => {
  it('is defined as README defines it, by the rule the audit applies: one Zoho user with that e-mail, active and confirmed', async () => {
    const help = await runCli(['doctor', '--help']);
    expect(help.code).toBe(0);
    const inHelp = definition(flat(help.stdout), 'attributable');
    const inReadme = definition(flat(readFileSync('README.md', 'utf8')), '**attributable**');
    expect(inHelp).toBe(inReadme);
    expect(inHelp).toContain('exactly one Zoho user (inactive ones counted)');
    expect(inHelp).toContain('active and confirmed');
    // A fix whose update switched the MyOperator user off left the agent's calls counted attributable.
    expect(inHelp).toContain("the agent's MyOperator user takes calls (active, call availability on)");
    // A seat saved with Asha that holds Ravi's e-mail was counted attributable, though PhoneBridge gives Ravi its calls.
    expect(inHelp).toContain('and the agent is not saved with another active Zoho user');
    const apart = "attributed to another Zoho user than the saved mapping's";
    expect(definition(flat(help.stdout), apart)).toContain('as attributable, but the agent is saved with another active Zoho user');
    expect(definition(flat(readFileSync('README.md', 'utf8')), `**${apart}**`)).toContain('as attributable, but the agent is saved with another active Zoho user');
  });

  it('unconfirmed covers an agent whose e-mail several Zoho users hold, in both; unattributable no longer counts "several" among its cases', async () => {
    // Both said "unattributable (… matches no Zoho user, several, or one inactive …)", as if PhoneBridge could not choose (unconfirmed: reference §8 says nothing of it).
    const help = flat((await runCli(['doctor', '--help'])).stdout);
    const readme = flat(readFileSync('README.md', 'utf8'));
    expect(definition(help, 'unconfirmed')).toContain('or another Zoho user');
    expect(definition(readme, '**unconfirmed**')).toContain('or another Zoho user, active or not');
    for (const text of [definition(help, 'unattributable'), definition(readme, '**unattributable**')]) {
      expect(text).toContain('matches no Zoho user, or only ones');
      expect(text).not.toContain('several');
    }
  });
});
