/**
 * fix --only given names, or an extension as the tables label it ("ext 12"): the hint asks for what
 * names that user instead, in the words map uses.
 */
import { describe, expect, it } from '@jest/globals';
import { selectOnly } from '../../src/commands/fix/only.js';
import { planFix } from '../../src/core/fix-plan.js';
import { UsageError } from '../../src/errors.js';
import type { FixEntry } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

type Users = { zoho: ZohoUser[]; myoperator: MyOperatorUser[] };
const NOTHING_SAVED = { mappings: [], ignored: [] };

/** A change of `m`'s e-mail to `z`'s, as the plan holds one. */
const entry = (z: ZohoUser, m: MyOperatorUser): FixEntry => ({ zoho: z, myoperator: m, from: m.email, to: z.email, reasons: [], source: 'mismatch' });

/** A plan with a change for every user given, each with a partner of its own: every name refused picks a user in it. */
const planOfAll = (users: Users): FixEntry[] => [
  ...users.myoperator.map((m) => entry(zohoUser(`partner.${m.id}@acme.in`), m)),
  ...users.zoho.map((z) => entry(z, moUser(`partner.${z.id}@acme.in`))),
];

/** The refusal of --only `only` among `users`, with `plan` (by default one that has every user): its sentence and its hint. */
function refusal(only: string[], users: Users, plan = planOfAll(users)): { message: string; hint?: string } {
  try {
    // Refused before the context is read: none is given.
    selectOnly(plan, only, users, matchUsers(users), NOTHING_SAVED, undefined as never);
  } catch (e) {
    if (e instanceof UsageError) return { message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error(`--only ${only.join(' ')} was not refused`);
}

describe('fix --only given a name', () => {
  it('asks for the uuid of a MyOperator user whose extension another user has, as map does', () => {
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const desk = moUser('desk@acme.in', { name: 'Front Desk', extension: '12' });
    expect(refusal(['Ravi'], { zoho: [], myoperator: [ravi, desk] }).hint).toBe(`Give the uuid instead: --only ${ravi.id}.`);
  });

  it("asks for the uuid of a MyOperator user whose extension is a Zoho user's zuid too: that value names both", () => {
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', id: 'u-ravi', extension: '12' });
    const asha = zohoUser('asha@acme.in', { name: 'Asha Rao', zuid: '12' });
    expect(refusal(['Ravi'], { zoho: [asha], myoperator: [ravi] }).hint).toBe('Give the uuid instead: --only u-ravi.');
  });

  it('asks for the id of a Zoho user with no e-mail, and for the e-mail of one with it', () => {
    const gaurav = zohoUser('', { name: 'Gaurav Bose' });
    const sneha = zohoUser('sneha@acme.in', { name: 'Sneha Reddy' });
    expect(refusal(['Gaurav'], { zoho: [gaurav, sneha], myoperator: [] }).hint).toBe(`Give the id instead: --only ${gaurav.id}.`);
    expect(refusal(['Gaurav', 'Sneha'], { zoho: [gaurav, sneha], myoperator: [] }).hint).toBe(`Give the id and the e-mail instead: --only ${gaurav.id} sneha@acme.in.`);
  });

  it('asks for the extension of a MyOperator user, one word per kind however many users', () => {
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const asha = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
    expect(refusal(['Ravi', 'Asha'], { zoho: [], myoperator: [ravi, asha] }).hint).toBe('Give the extensions instead: --only 12 11.');
  });

  it('asks, of names that stand for no one user, for the extension or the e-mail of each: "the extension and the e-mail" read as both', () => {
    const arjun = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun.m@acme.in', { name: 'Arjun M.', extension: '23' });
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const gaurav = zohoUser('gaurav@acme.in', { name: 'Gaurav Bose' });
    expect(refusal(['Arjun', 'Gaurav', 'Ravi'], { zoho: [gaurav], myoperator: [arjun, old, ravi] }).hint).toBe(
      'Give the extension or the e-mail of each user you mean instead; `phonebridge-sync list myoperator` and `phonebridge-sync list zoho` show them.',
    );
  });
});

// "Give the e-mail instead: --only gaurav@…" sent the admin to a run that ended 5 on "not in the plan".
describe('fix --only given a name whose one user the plan leaves out', () => {
  const gaurav = zohoUser('gaurav@acme.in', { name: 'Gaurav Bose' });
  const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
  const zRavi = zohoUser('Ravi@acme.in', { name: 'Ravi Kumar' });
  const users = { zoho: [gaurav, zRavi], myoperator: [ravi] };
  const plan = [entry(zRavi, ravi)];
  const named = (name: string, who: string) => `--only ${name}: --only takes an id, e-mail or extension, not a name; that is the name of ${who}.`;
  const gauravOut = '--only gaurav@acme.in: not in the plan: Zoho user gaurav@acme.in is zoho-only: nobody on the other side to copy the e-mail to or from.';

  it('says why, in the words --only of its e-mail says, and gives nothing instead', () => {
    expect(refusal(['Gaurav Bose'], users, plan)).toEqual({ message: `${named('"Gaurav Bose"', 'Zoho user gaurav@acme.in')}\n${gauravOut}`, hint: undefined });
  });

  it('beside a name in the plan, gives the value for that one alone', () => {
    expect(refusal(['Gaurav Bose', 'Ravi Kumar'], users, plan)).toEqual({
      message: `${named('"Gaurav Bose"', 'Zoho user gaurav@acme.in')}\n${gauravOut}\n${named('"Ravi Kumar"', 'Zoho user Ravi@acme.in and of MyOperator user Ravi Kumar (ext 12)')}`,
      hint: 'Give the extension instead: --only 12.',
    });
  });

  it('says why once for two names of one user', () => {
    expect(refusal(['Gaurav', 'Bose'], users, plan).message.split(gauravOut)).toHaveLength(2);
  });

  it('says a user who holds the Zoho e-mail already has nothing to set, as --only of its e-mail says', () => {
    const asha = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const mAsha = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
    expect(refusal(['Asha'], { zoho: [asha], myoperator: [mAsha] }, []).message).toBe(
      '--only Asha: --only takes an id, e-mail or extension, not a name; that is in the name of Zoho user asha@acme.in and of MyOperator user Asha Rao (ext 11).\n' +
        '--only 11: not in the plan: Zoho user asha@acme.in and its MyOperator user already hold the same e-mail byte for byte.',
    );
  });
});

// `--only ravi.kumar` was said to be "the name of Zoho user Ravi.Kumar@…": it is the first half of
// the e-mail (the name key reads "." as a space), and the sentence called it a name.
describe('fix --only given the part of an e-mail before the @', () => {
  const zRavi = zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' });
  const ravi = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12' });
  const sunil = zohoUser('sunil.das+crm@acme.in', { name: 'Sunil Das' });

  it('says it is that, of whose e-mail, in any case, with the value that names the user', () => {
    expect(refusal(['ravi.kumar'], { zoho: [zRavi, sunil], myoperator: [ravi] })).toEqual({
      message: '--only ravi.kumar: --only takes an id, e-mail or extension; that is the part before the @ of the e-mail of Zoho user Ravi.Kumar@acme.in and of MyOperator user Ravi Kumar (ext 12).',
      hint: 'Give the extension instead: --only 12.',
    });
    // One that is no name, nor a word of one, was "no user … has that id, e-mail or extension".
    expect(refusal(['Sunil.Das+CRM'], { zoho: [zRavi, sunil], myoperator: [ravi] })).toEqual({
      message: '--only Sunil.Das+CRM: --only takes an id, e-mail or extension; that is the part before the @ of the e-mail of Zoho user sunil.das+crm@acme.in.',
      hint: 'Give the e-mail instead: --only sunil.das+crm@acme.in.',
    });
  });

  it('leaves a name said as a name', () => {
    expect(refusal(['Ravi Kumar'], { zoho: [zRavi], myoperator: [ravi] }).message).toBe(
      '--only "Ravi Kumar": --only takes an id, e-mail or extension, not a name; that is the name of Zoho user Ravi.Kumar@acme.in and of MyOperator user Ravi Kumar (ext 12).',
    );
  });
});

describe('fix --only given "ext" before an extension, as every table labels one ("Ravi Kumar · ext 12")', () => {
  const ravi = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12' });
  const meena = moUser('meena.iyer@acme.in', { name: 'Meena Iyer', extension: '13' });
  const users = { zoho: [zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' })], myoperator: [ravi, meena] };
  const nobody = (shown: string, several = false) =>
    `--only ${shown}: no user in Zoho's or MyOperator's users list has ${several ? 'any of those as id, e-mail or extension' : 'that id, e-mail or extension'}.`;
  const alone = (extensions: string) => `"ext" is the label the tables put before an extension, not a user: give the extension alone: --only ${extensions}.`;

  it('typed as two words (`--only ext 12`), "ext" is said to be the label, with the --only that names the user', () => {
    expect(refusal(['ext', '12'], users)).toEqual({ message: nobody('ext'), hint: alone('12') });
  });

  it('quoted as one value, or joined to its number, with a dot or capitals, likewise', () => {
    expect(refusal(['ext 12'], users)).toEqual({ message: nobody('"ext 12"'), hint: alone('12') });
    expect(refusal(['Ext.13', '12'], users)).toEqual({ message: nobody('Ext.13'), hint: alone('13 12') });
    expect(refusal(['ext12', 'ext', '13'], users)).toEqual({ message: nobody('ext12, ext', true), hint: alone('12 13') });
  });

  // `--only ext 99` lost the label's hint once a value nobody has stood beside it: the lists alone.
  it('beside a value nobody has, still says "ext" is the label, then where to look for the other', () => {
    const lists = /^"ext" is the label the tables put before an extension, not a user: give the extension alone\. `phonebridge-sync list zoho` and `phonebridge-sync list myoperator` show them; /;
    expect(refusal(['ext', '99'], users)).toEqual({ message: nobody('ext, 99', true), hint: expect.stringMatching(lists) });
    expect(refusal(['ext', '12', 'bogus'], users).hint).toMatch(lists);
    expect(refusal(['ext 99'], users).hint).toMatch(lists);
    // With no label, the lists alone, as before.
    expect(refusal(['99'], users).hint).toMatch(/^`phonebridge-sync list zoho` and /);
  });

  it("keeps the lists to look in when the number is nobody's, or another value is nobody", () => {
    expect(refusal(['ext 99'], users).hint).toMatch(/`phonebridge-sync list myoperator` show them/);
    expect(refusal(['ext', '12', 'bogus'], users).hint).toMatch(/`phonebridge-sync list myoperator` show them/);
    expect(refusal(['ext'], users).hint).toMatch(/`phonebridge-sync list myoperator` show them/);
  });
});

// A Zoho zuid or id is a number as an extension or a user id is: "--only 12" kept the pair of the Zoho
// user whose zuid is 12 and Ravi's (ext 12) alike, and fix would set both, where one was meant.
describe('fix --only given a value that names users on both sides who are not one pair', () => {
  const asha = zohoUser('asha@acme.in', { name: 'Asha Rao', zuid: '12' });
  const zRavi = zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' });
  // Their MyOperator user ids set apart from 12: the builder's count would make one 12 as tests are added.
  const mAsha = moUser('Asha@acme.in', { name: 'Asha Rao', id: 'u-asha', userId: '2011', extension: '11' });
  const ravi = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'u-ravi', userId: '2012', extension: '12' });
  const users = { zoho: [asha, zRavi], myoperator: [mAsha, ravi] };
  const select = (only: string[], us: typeof users = users) => {
    const report = matchUsers(us);
    return selectOnly(planFix({ ...us, mappings: [], report }), only, us, report, NOTHING_SAVED, { say: () => {} } as never);
  };

  it('refuses it, saying whose zuid and whose extension it is, and what names each one alone', () => {
    // Both are in the plan: each MyOperator e-mail differs from its Zoho one only in case.
    expect(select(['11']).entries.map((e) => e.myoperator.id)).toEqual(['u-asha']);
    expect(select(['u-ravi']).entries.map((e) => e.myoperator.id)).toEqual(['u-ravi']);
    let error: unknown;
    try {
      select(['12']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect({ message: (error as UsageError).message, hint: (error as UsageError).hint }).toEqual({
      message: '--only 12 is the zuid of Zoho user asha@acme.in and the extension of MyOperator user Ravi Kumar (ext 12), who are not one pair: it does not say which of them you mean.',
      hint: 'Give a value that names one of them alone instead: --only asha@acme.in for the Zoho user or --only u-ravi for the MyOperator user.',
    });
  });

  it("keeps a value whose users on both sides are one pair (a zuid that is its own pair's extension)", () => {
    const own = { zoho: [zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar', zuid: '12' })], myoperator: [ravi] };
    expect(select(['12'], own).entries.map((e) => e.myoperator.id)).toEqual(['u-ravi']);
  });
});

// Match leaves a MyOperator user ambiguous with two Zoho users whose e-mails differ only in case (at
// one confidence): `fix --only 12` said to map the first in report order ("RAVI…", its bytes sort
// first), whatever Ravi's name said. The example names the one with his name, as doctor --calls does.
describe('fix --only a MyOperator user two Zoho users match by e-mail up to case', () => {
  const whyLeft = (names: [string, string]) => {
    const us = {
      zoho: [zohoUser('Ravi.Kumar@acme.in', { name: names[0], id: 'z-ravi' }), zohoUser('RAVI.KUMAR@acme.in', { name: names[1], id: 'z-caps' })],
      myoperator: [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'm-ravi', extension: '12' })],
    };
    const report = matchUsers(us);
    const { entries, left } = selectOnly(planFix({ ...us, mappings: [], report }), ['12'], us, report, NOTHING_SAVED, { say: () => {} } as never);
    expect(entries).toEqual([]);
    return left.map((l) => l.why);
  };

  it('names the Zoho user whose name is the MyOperator user\'s in the example map', () => {
    expect(whyLeft(['Ravi Kumar', 'R K Sales'])).toEqual([
      'Zoho user Ravi.Kumar@acme.in is ambiguous, not confirmed (Zoho user R K Sales <RAVI.KUMAR@acme.in> is as likely, but only this one has the MyOperator user\'s name): save the pair with `phonebridge-sync map` (e.g. `phonebridge-sync map --zoho Ravi.Kumar@acme.in --myoperator 12`), then run fix',
    ]);
  });

  it('names both, and neither as the example, when the names do not tell them apart', () => {
    for (const [names, why] of [
      [['Ravi Kumar', 'Ravi Kumar'], 'and both have its name'],
      [['R K Sales', 'R Kumar'], 'and neither has its name'],
    ] as const)
      expect(whyLeft([...names])).toEqual([
        `MyOperator user Ravi Kumar (ext 12) is ambiguous, not confirmed: Zoho users ${names[1]} <RAVI.KUMAR@acme.in> and ${names[0]} <Ravi.Kumar@acme.in> are as likely, ${why}: save the pair with the one that is theirs (\`phonebridge-sync map --zoho <zoho e-mail> --myoperator 12\`), then run fix`,
      ]);
  });
});

// Two phones holding one Zoho user's e-mail: `--only 23` (the second) had the first phone, ext 22, as
// its example map, a pair the admin did not name.
describe('fix --only one of two MyOperator users a Zoho user is ambiguous with', () => {
  it('gives the example map with the MyOperator user named', () => {
    const us = {
      zoho: [zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' })],
      myoperator: [moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' }), moUser('arjun@acme.in', { name: 'Arjun M.', extension: '23' })],
    };
    const report = matchUsers(us);
    const left = (only: string) => selectOnly(planFix({ ...us, mappings: [], report }), [only], us, report, NOTHING_SAVED, { say: () => {} } as never).left.map((l) => l.why);
    for (const ext of ['22', '23'])
      expect(left(ext)).toEqual([
        `Zoho user arjun@acme.in is ambiguous, not confirmed: save the pair with \`phonebridge-sync map\` (e.g. \`phonebridge-sync map --zoho arjun@acme.in --myoperator ${ext}\`): its e-mail is the Zoho one already, so fix has nothing to set`,
      ]);
  });
});

// The undo of a line left unmapped on purpose is named as `map --unmap`, offline, finds its mark: by the extension
// saved with it. MyOperator moved the desk (saved at 40, now 10), and "`map --unmap 10` undoes that", pasted, was exit 2.
describe('fix --only a line left unmapped on purpose that MyOperator moved since', () => {
  it('names its undo by the uuid, not the extension the mark does not hold', () => {
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    const us = { zoho: [zohoUser('asha@acme.in', { name: 'Asha Rao' })], myoperator: [desk] };
    const saved = { mappings: [], ignored: [], ignoredMyOperator: [{ uuid: desk.id, extension: '40', email: desk.email, at: '2026-11-24T10:00:00.000Z' }] };
    const report = matchUsers({ ...us, ignoredMyOperator: [desk.id] });
    // It needs nothing, so it is not left out (exit 5): stderr alone says it, as of a user holding the Zoho e-mail.
    const said: string[] = [];
    const { left } = selectOnly(planFix({ ...us, mappings: [], report }), ['10'], us, report, saved, { say: (s: string) => said.push(s) } as never);
    expect(left).toEqual([]);
    expect(said).toEqual([`--only 10: not in the plan: MyOperator user Front Desk is left unmapped on purpose: fix leaves its e-mail as it is (\`phonebridge-sync map --unmap ${desk.id}\` undoes that).\n`]);
  });
});
