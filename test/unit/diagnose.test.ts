import { describe, expect, it } from '@jest/globals';
import { attributeCall, duplicateEmails, emailFindings, mappingFindings } from '../../src/core/diagnose.js';
import { mappingOf } from '../../src/core/reconcile.js';
import { parseCallPayload } from '../../src/io/webhook.js';
import { UsageError } from '../../src/errors.js';
import { moUser, zohoUser } from '../support/builders.js';

const NOW = '2026-11-24T10:00:00.000Z';

describe('e-mail findings', () => {
  it('names each hidden character with its code point; plain addresses pass', () => {
    const found = emailFindings(
      [
        { id: 'a', email: 'ok@acme.in' },
        { id: 'b', email: 'ravi\u200b@acme.in' },
        { id: 'c', email: 'r\u0430vi@acme.in' },
      ],
      'myoperator',
    );
    expect(found.map((f) => [f.id, f.reasons[0]!.code])).toEqual([
      ['b', 'invisible-character'],
      ['c', 'confusable-character'],
    ]);
    expect(found[1]!.reasons[0]!.message).toMatch(/U\+0430, Cyrillic/);
  });

  it('finds duplicates, exact and up to case', () => {
    const groups = duplicateEmails([
      { id: '1', email: 'a@x.in' },
      { id: '2', email: 'a@x.in' },
      { id: '3', email: 'B@x.in' },
      { id: '4', email: 'b@x.in' },
      { id: '5', email: '' },
      { id: '6', email: '' },
    ]);
    expect(groups).toEqual([
      { email: 'a@x.in', ids: ['1', '2'], exact: true },
      { email: 'b@x.in', ids: ['3', '4'], exact: false },
    ]);
  });
});

describe('mapping findings', () => {
  it('stale, inactive, mapped twice, and e-mails that differ', () => {
    const z1 = zohoUser('a@x.in');
    const z2 = zohoUser('b@x.in');
    const m1 = moUser('A@x.in');
    const m2 = moUser('b@x.in', { active: false });
    const gone = mappingOf(zohoUser('gone@x.in'), moUser('gone@x.in'), 'auto', NOW);
    const found = mappingFindings(
      [mappingOf(z1, m1, 'manual', NOW), mappingOf(z2, m2, 'auto', NOW), mappingOf(z2, m1, 'manual', NOW), gone],
      [z1, z2],
      [m1, m2],
    );
    expect(found.map((f) => f.problem).sort()).toEqual([
      'emails-differ',
      'emails-differ',
      'inactive',
      'myoperator-mapped-twice',
      'myoperator-mapped-twice',
      'stale',
      'zoho-mapped-twice',
      'zoho-mapped-twice',
    ]);
  });
});

describe('mapping findings agree with resync', () => {
  it('a pair whose MyOperator e-mail was retyped to the Zoho one since it was mapped is current, not stale: pruning it would delete a working mapping', () => {
    const z = zohoUser('Ravi.Kumar@acme.in');
    const before = moUser('ravi.kumar@acme.in');
    const found = mappingFindings([mappingOf(z, before, 'manual', NOW)], [z], [{ ...before, email: 'Ravi.Kumar@acme.in' }]);
    expect(found).toEqual([]);
    // Changed to something else, it is stale.
    const other = mappingFindings([mappingOf(z, before, 'manual', NOW)], [z], [{ ...before, email: 'r.kumar@acme.in' }]);
    expect(other.map((f) => f.problem)).toEqual(['stale', 'emails-differ']);
  });
});

describe('call attribution', () => {
  const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
  const asha = zohoUser('asha@acme.in', { name: 'Asha' });
  const meena = zohoUser('meena@acme.in', { name: 'Meena' });
  const mRavi = moUser('ravi@acme.in', { extension: '14' });
  const mAsha = moUser('asha@acme.in', { extension: '15' });
  const mMeena = moUser('x@other.in', { extension: '16' });
  const mappings = [mappingOf(meena, mMeena, 'manual', NOW)];
  const who = (agent: object) => attributeCall(agent, mappings, [ravi, asha, meena], [mRavi, mAsha, mMeena]);

  it('a saved mapping whose e-mails differ attributes nothing: MyOperator does not read it; the steps leave the cure to fix\'s plan', () => {
    const a = who({ id: mMeena.id });
    expect([a.zoho, a.via, a.agentBy, a.mapped?.id]).toEqual([null, null, 'uuid', meena.id]);
    expect(a.steps.join('\n')).toMatch(/A saved mapping ties it to Zoho user Meena <meena@acme\.in>, but MyOperator does not read our mappings/);
    // Whether fix sets, holds or refuses the pair is the check's cure to say (doctor --webhook's hint).
    expect(a.steps.join('\n')).not.toMatch(/phonebridge-sync fix/);
    // The last step does not then deny the mapping it just named.
    expect(a.steps.at(-1)).toBe('No Zoho user has its e-mail "x@other.in".');
  });

  it('a saved mapping whose e-mails are equal: the e-mail rule attributes the call, as the mapping says', () => {
    const mapped = moUser('meena@acme.in', { extension: '17' });
    const a = attributeCall({ extension: '17' }, [mappingOf(meena, mapped, 'manual', NOW)], [meena], [mapped]);
    expect([a.zoho?.id, a.via]).toEqual([meena.id, 'mapping']);
  });

  it('through the e-mail rule, the agent found by extension when the uuid is unknown', () => {
    const a = who({ id: 'nope', extension: '15' });
    expect([a.zoho?.id, a.via, a.agentBy]).toEqual([asha.id, 'email', 'extension']);
    expect(a.steps[0]).toMatch(/No MyOperator user has the agent id/);
  });

  it('nobody, saying the e-mails differ only in case', () => {
    const a = who({ email: 'ravi@acme.in' });
    expect(a.zoho).toBeNull();
    expect(a.steps.at(-1)).toBe(
      'Its e-mail "ravi@acme.in" differs from the Zoho e-mail "Ravi@acme.in" only in letter case, and PhoneBridge matches e-mails byte for byte: letter case differs at position 1 ("R" in Zoho, "r" in MyOperator).',
    );
  });

  it('nobody, when the payload names no agent', () => {
    expect(who({}).steps).toEqual([expect.stringMatching(/names no agent/)]);
  });

  describe('an e-mail names someone only when exactly one user holds it: 0, 1 or 2 holders', () => {
    const agent = moUser('desk@acme.in', { name: 'Desk', extension: '40' });
    const holders = (n: number) => Array.from({ length: n }, (_, i) => zohoUser('desk@acme.in', { name: `Desk ${i + 1}` }));
    it.each([
      [0, null, 'No Zoho user has its e-mail "desk@acme.in", and no saved mapping covers it.'],
      [1, 'Desk 1', "Its e-mail is byte-identical to Zoho user Desk 1's."],
      [2, null, '2 Zoho users hold its e-mail: Desk 1 and Desk 2; MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several Zoho users holding one e-mail it links it to (one of them, each, or none) is unconfirmed.'],
    ])('%i Zoho users hold the agent e-mail', (n, name, last) => {
      const zoho = holders(n);
      const a = attributeCall({ extension: '40' }, [], zoho, [agent]);
      expect([a.myoperator?.id, a.zoho?.name ?? null, a.via]).toEqual([agent.id, name, name ? 'email' : null]);
      expect(a.steps.at(-1)).toBe(last);
    });

    it.each([
      [0, null, 'No MyOperator user has the agent e-mail "desk@acme.in".'],
      [1, 'email', "Its e-mail is byte-identical to Zoho user Desk 1's."],
      [2, null, '2 MyOperator users have the agent e-mail "desk@acme.in".'],
    ])('%i MyOperator users hold the e-mail a payload names its agent by', (n, agentBy, last) => {
      const myoperator = Array.from({ length: n }, (_, i) => moUser('desk@acme.in', { name: `Desk ${i + 1}` }));
      const a = attributeCall({ email: 'desk@acme.in' }, [], holders(1), myoperator);
      expect([a.agentBy, a.myoperator?.id ?? null]).toEqual([agentBy, n === 1 ? myoperator[0]!.id : null]);
      expect(a.zoho?.name ?? null).toBe(n === 1 ? 'Desk 1' : null);
      expect(a.steps.at(-1)).toBe(last);
    });

    it('two Zoho e-mails that differ from the agent only in case: one sentence naming both, the rule, and which of them its e-mail must become', () => {
      const a = attributeCall({ extension: '40' }, [], [zohoUser('Desk@acme.in'), zohoUser('DESK@acme.in')], [agent]);
      expect(a.zoho).toBeNull();
      // It ended "…, which PhoneBridge does not forgive.", where the case of one such e-mail says the rule and what differs.
      expect(a.steps.at(-1)).toBe(
        'Its e-mail "desk@acme.in" differs from the Zoho e-mails "Desk@acme.in" and "DESK@acme.in" only in letter case, and PhoneBridge matches e-mails byte for byte: make its MyOperator e-mail exactly that of whichever of them is this agent\'s Zoho user.',
      );
    });

    it('three Zoho e-mails that differ from the agent each in its own way: every kind once, the e-mails as a series, the rule once', () => {
      const a = attributeCall({ extension: '40' }, [], [zohoUser('Desk@acme.in'), zohoUser('desk@acme.in '), zohoUser('d\u0435sk@acme.in')], [agent]);
      const last = a.steps.at(-1)!;
      expect(last).toBe(
        'Its e-mail "desk@acme.in" differs from the Zoho e-mails "Desk@acme.in", "desk@acme.in<U+0020>" and "d<U+0435>sk@acme.in" only in letter case, spaces and look-alike characters, and PhoneBridge matches e-mails byte for byte: make its MyOperator e-mail exactly that of whichever of them is this agent\'s Zoho user.',
      );
      expect(last.match(/PhoneBridge/g)).toHaveLength(1);
    });

    it('an e-mail that differs in two ways names both kinds, and the PhoneBridge rule once', () => {
      const ravi = moUser('ravi@acme.in ', { name: 'Ravi', extension: '12' });
      const last = attributeCall({ extension: '12' }, [], [zohoUser('Ravi@acme.in')], [ravi]).steps.at(-1)!;
      expect(last).toMatch(/^Its e-mail "ravi@acme\.in<U\+0020>" differs from the Zoho e-mail "Ravi@acme\.in" only in spaces and letter case, and PhoneBridge matches e-mails byte for byte: MyOperator e-mail has /);
      expect(last.match(/PhoneBridge/g)).toHaveLength(1);
    });

    it('one Zoho e-mail that differs from the agent by a look-alike: that difference, as mismatches says it, not "only in case, spaces or invisible characters"', () => {
      const anil = moUser('\u0430nil@acme.in', { name: 'Anil', extension: '15' });
      const a = attributeCall({ extension: '15' }, [], [zohoUser('anil@acme.in')], [anil]);
      expect(a.steps.at(-1)).toBe(
        'Its e-mail "<U+0430>nil@acme.in" differs from the Zoho e-mail "anil@acme.in" only in look-alike characters, and PhoneBridge matches e-mails byte for byte: MyOperator e-mail has "\u0430" (U+0430, Cyrillic), which looks like Latin "a" at the start.',
      );
      const ravi = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
      expect(attributeCall({ extension: '12' }, [], [zohoUser('Ravi@acme.in')], [ravi]).steps.at(-1)).toBe(
        'Its e-mail "ravi@acme.in" differs from the Zoho e-mail "Ravi@acme.in" only in letter case, and PhoneBridge matches e-mails byte for byte: letter case differs at position 1 ("R" in Zoho, "r" in MyOperator).',
      );
    });

    it('a look-alike and a letter case apart: each difference in its own words, in lower case inside the sentence, and the rule once', () => {
      const ravi = moUser('ravi\ua78fk@acme.in', { name: 'Ravi', extension: '12' });
      const last = attributeCall({ extension: '12' }, [], [zohoUser('Ravi\u00b7k@acme.in')], [ravi]).steps.at(-1)!;
      expect(last).toBe(
        'Its e-mail "ravi\ua78fk@acme.in" differs from the Zoho e-mail "Ravi\u00b7k@acme.in" only in look-alike characters and letter case, and PhoneBridge matches e-mails byte for byte: ' +
          'look-alike characters at position 5 ("\u00b7" (U+00B7, Common) in Zoho, "\ua78f" (U+A78F, Latin) in MyOperator); letter case differs at position 1 ("R" in Zoho, "r" in MyOperator).',
      );
      expect(last.match(/PhoneBridge/g)).toHaveLength(1);
    });
  });
});

describe('call payloads', () => {
  const legacy = { _ci: 'c1', _ld: [{ _ds: 'ANSWER', _rr: [{ _id: 'u1', _ex: '14', _em: 'ravi@acme.in', _na: 'Ravi' }] }] };
  it.each([
    ['legacy JSON', JSON.stringify(legacy)],
    ['legacy form field', new URLSearchParams({ myoperator: JSON.stringify(legacy) }).toString()],
    ['legacy JSON string under "myoperator"', JSON.stringify({ myoperator: JSON.stringify(legacy) })],
    ['legs and agents as plain objects', JSON.stringify({ _ci: 'c1', _ld: { _rr: { _id: 'u1', _ex: '14', _em: 'ravi@acme.in', _na: 'Ravi' } } })],
  ])('%s', (_n, text) => {
    expect(parseCallPayload('call.txt', text)).toEqual({
      form: 'legacy',
      callId: 'c1',
      agent: { id: 'u1', extension: '14', email: 'ravi@acme.in', name: 'Ravi' },
      answered: true,
    });
  });

  it('the newer envelope', () => {
    const doc = { event_id: 'e1', event_type: 'call.answered', session_id: 's1', payload: { agent: { uuid: 'u1', email: 'ravi@acme.in', extension: 14 } } };
    expect(parseCallPayload('call.json', JSON.stringify(doc))).toEqual({
      form: 'envelope',
      callId: 's1',
      agent: { id: 'u1', email: 'ravi@acme.in', extension: '14', name: undefined },
    });
  });

  it.each([
    ['', /empty/],
    ['nonsense', /not JSON, nor a form with a "myoperator" field/],
    ['myoperator=%7Bbroken&x=1', /its "myoperator" form field is not JSON/],
    ['[1]', /found an array/],
    ['{"a":1}', /no "_ld" legs/],
    ['myoperator=%7B%22_ld%22%3A5%7D', /its "_ld" \(the call's legs\) is number, not a list of legs/],
    // In the newer envelope's payload too: it was "names no agent", sending the reader after a missing agent.
    ['{"event_type":"call.end","payload":{"_ci":"c1","_ld":"14"}}', /its "_ld" \(the call's legs\) is string, not a list of legs/],
  ])('rejects %j with a sentence', (text, message) => {
    expect(() => parseCallPayload('call.json', text)).toThrow(UsageError);
    expect(() => parseCallPayload('call.json', text)).toThrow(message);
  });
});

describe('doctor findings, each side and each order', () => {
  it('duplicates are listed by address, each group by id, whatever order the users come in; a hidden character does not hide one', () => {
    const groups = duplicateEmails([
      { id: '9', email: 'b@x.in' },
      { id: '3', email: 'ravi\u200b@acme.in' },
      { id: '7', email: 'b@x.in' },
      { id: '1', email: 'ravi@acme.in' },
      { id: '2', email: 'a@x.in' },
      { id: '0', email: 'a@x.in' },
    ]);
    expect(groups.map((g) => [g.email, g.ids, g.exact])).toEqual([
      ['a@x.in', ['0', '2'], true],
      ['b@x.in', ['7', '9'], true],
      ['ravi@acme.in', ['1', '3'], false],
    ]);
  });

  it('a mapping is stale when its MyOperator user is gone, or its Zoho e-mail changed; inactive when its Zoho user is', () => {
    const z = zohoUser('a@x.in');
    const m = moUser('a@x.in');
    const goneM = mappingFindings([mappingOf(z, m, 'manual', NOW)], [z], []);
    expect(goneM.map((f) => [f.problem, f.message])).toEqual([['stale', 'a@x.in → a@x.in: the MyOperator user no longer exists']]);
    const retyped = mappingFindings([mappingOf(z, m, 'manual', NOW)], [{ ...z, email: 'b@x.in' }], [m]);
    expect(retyped.map((f) => [f.problem, f.message])).toEqual([
      ['stale', 'a@x.in → a@x.in: the Zoho e-mail is not the one recorded (now "b@x.in")'],
      // The e-mails as they are now: the recorded a@x.in → a@x.in are equal.
      ['emails-differ', 'b@x.in → a@x.in: the e-mails differ, so MyOperator will not attribute its calls until they are equal'],
    ]);
    // Both changed: both said (fix holds the pair for the MyOperator side's change).
    const both = mappingFindings([mappingOf(z, m, 'manual', NOW)], [{ ...z, email: 'b@x.in' }], [{ ...m, email: 'c@x.in' }]);
    expect(both[0]).toEqual(
      expect.objectContaining({ problem: 'stale', message: 'a@x.in → a@x.in: the Zoho e-mail is not the one recorded (now "b@x.in"), and the MyOperator e-mail is not the one recorded (now "c@x.in")' }),
    );
    const off = mappingFindings([mappingOf(z, m, 'manual', NOW)], [{ ...z, active: false, status: 'disabled' }], [m]);
    expect(off.map((f) => [f.problem, f.message])).toEqual([['inactive', 'a@x.in → a@x.in: the Zoho user is inactive']]);
    // Where Zoho's users list holds its deleted users: said as deleted, not as a user to switch back on.
    const deleted = mappingFindings([mappingOf(z, m, 'manual', NOW)], [{ ...z, active: false, status: 'deleted' }], [m]);
    expect(deleted.map((f) => [f.problem, f.message])).toEqual([['inactive', 'a@x.in → a@x.in: the Zoho user is deleted in Zoho']]);
  });
});

describe('call attribution, what decides', () => {
  const asha = zohoUser('asha@acme.in', { name: 'Asha' });
  const meena = zohoUser('meena@acme.in', { name: 'Meena' });
  const mAsha = moUser('asha@acme.in', { name: 'Asha', extension: '15' });
  const mMeena = moUser('meena@acme.in', { name: 'Meena', extension: '16' });

  it('the agent id decides over an extension or an e-mail the payload also names', () => {
    const a = attributeCall({ id: mAsha.id, extension: '16', email: 'meena@acme.in' }, [], [asha, meena], [mAsha, mMeena]);
    expect([a.myoperator?.id, a.agentBy, a.zoho?.id]).toEqual([mAsha.id, 'uuid', asha.id]);
  });

  it("a saved mapping is found by the MyOperator user, though its e-mail changed since; the call goes by e-mail, not 'as the saved mapping says'", () => {
    // Saved with Meena while this phone had another address; it now holds Asha's.
    const phone = moUser('asha@acme.in', { name: 'Desk', extension: '40' });
    const saved = mappingOf(meena, { ...phone, email: 'old@acme.in' }, 'manual', NOW);
    const a = attributeCall({ extension: '40' }, [saved], [asha, meena], [phone]);
    expect([a.mapped?.id, a.zoho?.id, a.via]).toEqual([meena.id, asha.id, 'email']);
    expect(a.steps.at(-1)).toBe("Its e-mail is byte-identical to Zoho user Asha's.");
  });

  it('a saved mapping whose e-mails are equal is not said to differ', () => {
    const a = attributeCall({ extension: '15' }, [mappingOf(asha, mAsha, 'manual', NOW)], [asha], [mAsha]);
    expect(a.steps).toEqual(['The agent is MyOperator user Asha <asha@acme.in> (found by extension).', "Its e-mail is byte-identical to Zoho user Asha's."]);
  });

  it('an agent with no e-mail: the steps say why the rule cannot apply, and leave the cure to the check; a mapping to a Zoho user now gone is said', () => {
    const bare = moUser('', { name: 'Night', extension: '50' });
    expect(attributeCall({ extension: '50' }, [], [asha], [bare]).steps.at(-1)).toBe('It has no e-mail, so the e-mail rule cannot apply.');
    expect(attributeCall({ extension: '50' }, [mappingOf(asha, bare, 'manual', NOW)], [asha], [bare]).steps.at(-1)).toBe('It has no e-mail, so the e-mail rule cannot apply.');
    const gone = attributeCall({ extension: '50' }, [mappingOf(zohoUser('left@acme.in', { id: 'z-left' }), bare, 'manual', NOW)], [asha], [bare]);
    // Named as resync's stale row names a Zoho user gone (reconcile.ts's recordedUser): "Zoho user z-left" alone was an id nobody can place.
    expect(gone.steps).toContain('A saved mapping points at Zoho user left@acme.in (id z-left), who no longer exists.');
  });
});
