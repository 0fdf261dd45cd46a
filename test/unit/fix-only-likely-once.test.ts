/**
 * fix --only, for each value the plan leaves out, asked who a MyOperator user probably is of a
 * LikelyZoho it made anew, walking the whole match report each time: made once now, on first need.
 */
import { describe, expect, it, jest } from '@jest/globals';
import type { MatchReport } from '../../src/core/match.js';
import { moUser, zohoUser } from '../support/builders.js';

const real = await import('../../src/core/likely-zoho.js');
const made = jest.fn();
jest.unstable_mockModule('../../src/core/likely-zoho.js', () => ({
  ...real,
  LikelyZoho: class extends real.LikelyZoho {
    constructor(report: MatchReport) {
      super(report);
      made();
    }
  },
}));
const { selectOnly } = await import('../../src/commands/fix/only.js');
const { planFix } = await import('../../src/core/fix-plan.js');
const { matchUsers } = await import('../../src/core/match.js');

describe('fix --only, several MyOperator users the plan leaves out as ambiguous', () => {
  it('says why of each, from one LikelyZoho', () => {
    const us = {
      zoho: [
        zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar', id: 'z-ravi' }),
        zohoUser('RAVI.KUMAR@acme.in', { name: 'R K Sales', id: 'z-caps' }),
        zohoUser('Neha.Shah@acme.in', { name: 'Neha Shah', id: 'z-neha' }),
        zohoUser('NEHA.SHAH@acme.in', { name: 'N S Desk', id: 'z-ncaps' }),
      ],
      myoperator: [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'm-ravi', extension: '12' }), moUser('neha.shah@acme.in', { name: 'Neha Shah', id: 'm-neha', extension: '13' })],
    };
    const report = matchUsers(us);
    made.mockClear();
    const { entries, left } = selectOnly(planFix({ ...us, mappings: [], report }), ['12', '13'], us, report, { mappings: [], ignored: [] }, { say: () => {} } as never);
    expect(entries).toEqual([]);
    expect(left.map((l) => l.why)).toEqual([
      expect.stringMatching(/^Zoho user Ravi\.Kumar@acme\.in is ambiguous, not confirmed \(Zoho user R K Sales <RAVI\.KUMAR@acme\.in> is as likely/),
      expect.stringMatching(/^Zoho user Neha\.Shah@acme\.in is ambiguous, not confirmed \(Zoho user N S Desk <NEHA\.SHAH@acme\.in> is as likely/),
    ]);
    expect(made).toHaveBeenCalledTimes(1);
  });
});
