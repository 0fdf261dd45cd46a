/**
 * fix's result rows at a terminal: what each says to do of a change not applied must agree with the
 * closing line. One MyOperator answered with success but did not show (it may yet take, when it is
 * only slow) is looked at again later first: its row said "by hand:" now, under the closing line
 * "Run … --dry-run later to see what still differs, then set that by hand".
 */
import { describe, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { renderHuman } from '../../src/commands/fix/render.js';
import type { Outcome } from '../../src/commands/fix/results.js';
import { planFix, type FixEntry } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import { createContext } from '../../src/context.js';
import { moUser, zohoUser } from '../support/builders.js';

/** A terminal's standard output, 80 columns, no colour. */
function atTerminal() {
  const stdout = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: true, columns: 80 });
  return createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true },
    { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: { NO_COLOR: '1' } },
  );
}

/** Ravi's MyOperator e-mail differs from his Zoho one by letter case only: one change. */
function oneChange(): FixEntry {
  const zoho = [zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' })];
  const myoperator = [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12' })];
  const [entry] = planFix({ zoho, myoperator, mappings: [], report: matchUsers({ zoho, myoperator }) });
  return entry!;
}

const rows = (o: Outcome) => {
  const e = oneChange();
  return renderHuman([e], new Map([[e, o]]), atTerminal(), 'Result, verified by reading MyOperator back:', true).replace(/\s+/g, ' ');
};
const panel = `in MyOperator's panel: Manage → Users → Ravi Kumar → e-mail, set it to "Ravi.Kumar@acme.in"`;

describe('a result row says what to do of its change as the closing line does', () => {
  it('one MyOperator refused or ignored: set it by hand now', () => {
    expect(rows({ result: 'not-applied', detail: 'MyOperator answered success, but the e-mail is still "ravi.kumar@acme.in" on two reads 5 s apart' })).toContain(`by hand: ${panel}`);
  });

  it('one that may yet take (answered success, not shown; the read again failed, or none was asked for): by hand only if it still differs later', () => {
    const row = rows({
      result: 'not-applied',
      mayYetShow: true,
      detail: 'MyOperator answered success, but the e-mail is still "ravi.kumar@acme.in"; read again after 2 s, the users could not be listed: …; if MyOperator is only slow to show it, it may yet take',
    });
    expect(row).not.toMatch(/(?<!later,) by hand: /);
    expect(row).toContain(`if it still differs later, by hand: ${panel}`);
  });
});
