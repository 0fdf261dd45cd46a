/**
 * Whether a saved pair's MyOperator user is another Zoho user's likely match (fix's hold) is judged
 * in the match of the users without the saved pairs: a whole match more. Each view that says fix's
 * verdict made its own, so one run matched the users that way two or three times (doctor: its
 * mapping-health and fix's plan; resync: its rows and the count after the picker; map --import: the
 * verdicts and the count). Counted here: made once per pair of user lists, whoever asks.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MatchInput, MatchReport } from '../../src/core/match.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import type { DoctorEnv } from '../../src/doctor/check.js';
import { moUser, zohoUser } from '../support/builders.js';
import { Readable, Writable } from 'node:stream';

const sink = () => new Writable({ write: (_c, _e, done) => done() });

const real = await import('../../src/core/match.js');
const matchUsers = jest.fn((input: MatchInput): MatchReport => real.matchUsers(input));
jest.unstable_mockModule('../../src/core/match.js', () => ({ ...real, matchUsers }));
const { fixVerdicts, planFix, wholePlanChanges } = await import('../../src/core/fix-plan.js');
const { settleForFix } = await import('../../src/commands/match.js');
const { mappingHealthCheck } = await import('../../src/doctor/checks/mapping-health.js');
const { createContext } = await import('../../src/context.js');
const { mappingOf, savedPairs } = await import('../../src/core/reconcile.js');

/** The matches made of all these users, with no saved pair nor mark: the one fix's hold is judged in (not a pair's alone, which explains it). */
const looseMatches = (users: { zoho: readonly ZohoUser[] }) => matchUsers.mock.calls.filter(([input]) => input.zoho === users.zoho && input.mappings === undefined && input.ignored === undefined).length;

/** Deepak Verma mapped by a slip to ext 21, Neha Kapoor's seat (fix holds it), beside Asha's right pair: fresh lists each time. */
function slipped() {
  const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
  const neha = zohoUser('neha.k@acme.in', { name: 'Neha Kapoor' });
  const asha = zohoUser('asha.rao@acme.in', { name: 'Asha Rao' });
  const nehasSeat = moUser('nkapoor.sales@gmail.com', { name: 'Neha Kapoor', extension: '21' });
  const ashasSeat = moUser('asha@gmail.com', { name: 'Asha Rao', extension: '11' });
  const users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] } = { zoho: [deepak, neha, asha], myoperator: [nehasSeat, ashasSeat] };
  const data = { mappings: [mappingOf(deepak, nehasSeat, 'manual', '2026-01-01T00:00:00.000Z'), mappingOf(asha, ashasSeat, 'manual', '2026-01-01T00:00:00.000Z')], ignored: [] };
  return { users, data, report: () => real.matchUsers({ ...users, ...savedPairs(data) }) };
}

beforeEach(() => {
  matchUsers.mockClear();
});

describe("the match without saved pairs, for fix's hold on a crossed pair", () => {
  it("doctor: mapping-health's cure and fix's plan (the calls, matching) share one", async () => {
    const { users, data, report } = slipped();
    const made = report();
    // As doctor's env keeps them: each side read once, the report made once.
    const env = {
      ctx: createContext({ profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false }, { stdout: sink(), stderr: sink(), stdin: Readable.from([]), env: {} }),
      users: async () => users,
      mappings: () => data,
      report: async () => made,
      fixPlan: async () => planFix({ ...users, mappings: data.mappings, report: made }),
    } as unknown as DoctorEnv;
    const health = await mappingHealthCheck.run(env);
    expect(health.hint).toContain('is the likely match of Zoho user Neha Kapoor');
    const plan = await env.fixPlan();
    expect(plan.find((e) => e.zoho.name === 'Deepak Verma')!.untilNamed).toBe(true);
    expect(looseMatches(users)).toBe(1);
  });

  it("resync: the rows' verdicts and the count after the picker share one", () => {
    const { users, data, report } = slipped();
    const made = report();
    expect(settleForFix(made, data.mappings, users).refused).toBe(1);
    expect(wholePlanChanges(users, data, made)).toBe(1);
    expect(looseMatches(users)).toBe(1);
  });

  it("map --import: the verdicts on the pairs imported and fix's whole count share one", () => {
    const { users, data } = slipped();
    const verdict = fixVerdicts({ ...users, mappings: data.mappings, ignored: [] });
    expect(verdict(data.mappings[0]!, users.zoho[0]!, users.myoperator[0]!)).toBe('crossed');
    expect(wholePlanChanges(users, data)).toBe(1);
    expect(looseMatches(users)).toBe(1);
  });
});
