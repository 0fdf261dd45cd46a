import { describe, expect, it } from '@jest/globals';
import { entriesNamed, fixConflict, liftNamedHolds, planFix } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import { mappingOf, savedPairs, type Mapping } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { series } from '../../src/io/plural.js';
import { needingMapAgain, needingOldPhoneEmail, settleForFix } from '../../src/commands/match.js';

const AT = '2026-11-25T00:00:00.000Z';

function plan(zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[] = []) {
  const report = matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) });
  return planFix({ zoho, myoperator, mappings, report });
}

/**
 * A saved pair (`z`, `now`) that fix refuses with `said`, for each listing order of MyOperator's
 * users: fix's plan and fixConflict say it, and match's Zoho row and each holder's row too.
 */
function expectSaidByFixAndMatch(z: ZohoUser, now: MyOperatorUser, mappings: Mapping[], said: string, orders: MyOperatorUser[][]): void {
  for (const myoperator of orders) {
    const [e, ...rest] = plan([z], myoperator, mappings);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: now, source: 'mapping', conflict: `${said}.` });
    expect(fixConflict(z, now, { zoho: [z], myoperator, mappings })).toBe(`${said}.`);
    const results = matchUsers({ zoho: [z], myoperator, ...savedPairs({ mappings, ignored: [] }) }).results;
    expect(results.find((r) => r.zoho)!.reasons.find((x) => x.code === 'zoho-mapped-elsewhere')!.message).toBe(said);
    for (const r of results.filter((x) => !x.zoho)) expect(r.reasons[0]).toEqual({ code: 'zoho-mapped-elsewhere', side: 'myoperator', message: said });
  }
}

describe('fix plan', () => {
  it('sets the MyOperator e-mail of a single-candidate mismatch to the exact Zoho string', () => {
    const z = zohoUser('Ravi.Kumar@acme.in');
    const m = moUser('ravi.kumar@acme.in');
    const [e, ...rest] = plan([z], [m]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ from: 'ravi.kumar@acme.in', to: 'Ravi.Kumar@acme.in', source: 'mismatch' });
    expect(e!.conflict).toBeUndefined();
    expect(e!.myoperator.id).toBe(m.id);
    expect(e!.reasons.map((r) => r.code)).toEqual(['case']);
  });

  it('covers saved mappings whose e-mails differ, even when the matcher alone would not pair them', () => {
    const z = zohoUser('suresh.pillai@acme.in', { name: 'Suresh Pillai' });
    const m = moUser('', { name: 'Suresh Pillai' });
    const other = zohoUser('neha@acme.in');
    const m2 = moUser('nkapoor@gmail.com');
    const entries = plan([z, other], [m, m2], [mappingOf(z, m, 'manual', AT), mappingOf(other, m2, 'manual', AT)]);
    expect(entries.map((e) => [e.myoperator.id, e.from, e.to, e.source])).toEqual([
      [m2.id, 'nkapoor@gmail.com', 'neha@acme.in', 'mapping'],
      [m.id, '', 'suresh.pillai@acme.in', 'mapping'],
    ]);
    expect(entries.every((e) => !e.conflict)).toBe(true);
  });

  it('holds back a saved pair whose MyOperator e-mail was changed since it was mapped (a seat handed on?), naming both cures; a pair mapped as it differs is planned', () => {
    const sneha = zohoUser('sneha.reddy@acme.in', { name: 'Sneha Reddy' });
    const seat = moUser('sneha.reddy@acme.in', { name: 'Sneha Reddy', extension: '29' });
    const mapped = mappingOf(sneha, seat, 'auto', AT);
    // MyOperator's panel now: the seat's e-mail retyped to a new hire's.
    const now = { ...seat, email: 'rohit.new@acme.in' };
    const ravi = zohoUser('Ravi.Kumar@acme.in', { name: 'Ravi Kumar' });
    const raviSeat = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const entries = plan([sneha, ravi], [now, raviSeat], [mapped, mappingOf(ravi, raviSeat, 'manual', AT)]);
    const held = entries.find((e) => e.myoperator.id === seat.id)!;
    expect(held).toMatchObject({ from: 'rohit.new@acme.in', to: 'sneha.reddy@acme.in', recorded: 'sneha.reddy@acme.in', untilNamed: true });
    expect(held.conflict).toBe(
      'MyOperator user Sneha Reddy (ext 29) has "rohit.new@acme.in" now, not the "sneha.reddy@acme.in" this pair was recorded with. ' +
        `Still Sneha Reddy <sneha.reddy@acme.in>? \`phonebridge-sync fix --only 29\` sets it back. Someone else now? \`phonebridge-sync map --unmap ${sneha.id}\` removes the pair.`,
    );
    // Mapped while its e-mail differed, and unchanged since: what fix is for.
    const planned = entries.find((e) => e.myoperator.id === raviSeat.id)!;
    expect(planned.recorded).toBeUndefined();
    expect(planned.conflict).toBeUndefined();
  });

  it("a held pair imported from another day's export says only that the recorded e-mail differs, not that someone changed it in MyOperator", () => {
    const kavita = zohoUser('kavita.joshi@acmetraders.in', { name: 'Kavita Joshi' });
    const seat = moUser('kavita.joshi@acmetrader.in', { name: 'Kavita Joshi', extension: '19' });
    // `map --import` of an export made after another company's fix: recorded with the Zoho e-mail, which this MyOperator never held.
    const imported = { ...mappingOf(kavita, seat, 'manual', AT), myoperator: { uuid: seat.id, extension: '19', email: 'kavita.joshi@acmetraders.in' } };
    const [e] = plan([kavita], [seat], [imported]);
    expect(e).toMatchObject({ untilNamed: true, recorded: 'kavita.joshi@acmetraders.in' });
    expect(e!.conflict).toBe(
      'MyOperator user Kavita Joshi (ext 19) has "kavita.joshi@acmetrader.in" now, not the "kavita.joshi@acmetraders.in" this pair was recorded with. ' +
        `Still Kavita Joshi <kavita.joshi@acmetraders.in>? \`phonebridge-sync fix --only 19\` sets it back. Someone else now? \`phonebridge-sync map --unmap ${kavita.id}\` removes the pair.`,
    );
    expect(e!.conflict).not.toMatch(/changed|since/);
  });

  // "Still Deepak Verma?" asked after either of two namesakes: the one the pair names is told by its e-mail too.
  it('a held pair asks whether the seat is still its Zoho user by name and e-mail, in fix and on match\'s row: a namesake may be in Zoho', () => {
    const deepak = zohoUser('deepak.verma@acme.in', { id: 'z-d1', name: 'Deepak Verma' });
    const namesake = zohoUser('dverma@branch.in', { id: 'z-d2', name: 'Deepak Verma' });
    const seat = moUser('deepak.verma@acme.in', { id: 'u-18', name: 'Deepak Verma', extension: '18' });
    const theirs = moUser('dverma@branch.in', { id: 'u-40', name: 'Deepak V', extension: '40' });
    const mappings = [mappingOf(deepak, seat, 'manual', AT), mappingOf(namesake, theirs, 'manual', AT)];
    // Retyped in MyOperator's panel since.
    const now = { ...seat, email: 'deepak.vemra@acme.in' };
    const zoho = [deepak, namesake];
    const myoperator = [now, theirs];
    const held = plan(zoho, myoperator, mappings).find((e) => e.myoperator.id === 'u-18');
    expect(held!.conflict).toBe(
      'MyOperator user Deepak Verma (ext 18) has "deepak.vemra@acme.in" now, not the "deepak.verma@acme.in" this pair was recorded with. ' +
        'Still Deepak Verma <deepak.verma@acme.in>? `phonebridge-sync fix --only 18` sets it back. Someone else now? `phonebridge-sync map --unmap z-d1` removes the pair.',
    );
    const report = matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) });
    settleForFix(report, mappings, { zoho, myoperator });
    expect(report.results.find((r) => r.myoperator?.id === 'u-18')!.reasons.find((x) => x.code === 'needs-fix')!.message).toBe(
      'Saved mapping, but MyOperator holds "deepak.vemra@acme.in", not the Zoho e-mail byte for byte, and this pair was recorded with "deepak.verma@acme.in", so `fix` leaves it alone until told. ' +
        'Still Deepak Verma <deepak.verma@acme.in>? `phonebridge-sync fix --only 18` sets it back. Someone else now? `phonebridge-sync map --unmap z-d1` removes the pair',
    );
  });

  it("a held pair's sentence shows a look-alike character in either e-mail as <U+XXXX>, so the two it quotes do not read the same", () => {
    const anil = zohoUser('anil.mehta@acmetraders.in', { name: 'Anil Mehta' });
    const seat = moUser('anil.mehta@acmetraders.in', { name: 'Anil Mehta', extension: '15' });
    // Retyped in MyOperator's panel with a Cyrillic "а" (U+0430) for the first letter.
    const [e] = plan([anil], [{ ...seat, email: '\u0430nil.mehta@acmetraders.in' }], [mappingOf(anil, seat, 'auto', AT)]);
    expect(e!.conflict).toContain('has "<U+0430>nil.mehta@acmetraders.in" now, not the "anil.mehta@acmetraders.in" this pair was recorded with');
    // Recorded with the look-alike (an imported pair), retyped since to another address.
    const imported = { ...mappingOf(anil, seat, 'auto', AT), myoperator: { uuid: seat.id, extension: '15', email: '\u0430nil.mehta@acmetraders.in' } };
    const [f] = plan([anil], [{ ...seat, email: 'anil.m@acmetraders.in' }], [imported]);
    expect(f!.conflict).toContain('has "anil.m@acmetraders.in" now, not the "<U+0430>nil.mehta@acmetraders.in" this pair was recorded with');
  });

  it('a held pair named by --only says what it had with a look-alike character as <U+XXXX>: "set to the Zoho e-mail" is then no riddle', () => {
    const anil = zohoUser('anil.mehta@acmetraders.in', { name: 'Anil Mehta' });
    const seat = moUser('anil.mehta@acmetraders.in', { name: 'Anil Mehta', extension: '15' });
    const imported = { ...mappingOf(anil, seat, 'auto', AT), myoperator: { uuid: seat.id, extension: '15', email: '\u0430nil.mehta@acmetraders.in' } };
    const [f] = plan([anil], [{ ...seat, email: 'anil.m@acmetraders.in' }], [imported]);
    liftNamedHolds([f!], ['15']);
    // An imported pair: "changed in MyOperator since it was mapped (it had …)" was a guess.
    expect(f!.lifted).toBe('recorded with "<U+0430>nil.mehta@acmetraders.in", not the e-mail MyOperator holds now: set to the Zoho e-mail, as --only asks');
  });

  it("a held pair's --only names the uuid when its extension is another user's too, and another conflict outranks the hold (never lifted by --only)", () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const seat = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
    const mapped = mappingOf(z, seat, 'auto', AT);
    const twin = moUser('desk@acme.in', { extension: '11' });
    const [e] = plan([z], [{ ...seat, email: 'new@acme.in' }, twin], [mapped]);
    expect(e!.conflict).toContain(`\`phonebridge-sync fix --only ${seat.id}\``);
    // The target held by another MyOperator user: that conflict, which no --only lifts.
    const holder = moUser('asha@acme.in', { name: 'Front Desk' });
    const [f] = plan([z], [{ ...seat, email: 'new@acme.in' }, holder], [mapped]);
    expect(f!.conflict).toContain('already has exactly the e-mail of Zoho user Asha Rao <asha@acme.in>');
    expect(f!.untilNamed).toBeUndefined();
  });

  it("a held pair's --only names the uuid when its extension is another user's user id: `fix --only 11` would name both", () => {
    const z = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const seat = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
    const ravi = zohoUser('ravi@acme.in', { name: 'Ravi Kumar' });
    // MyOperator's user id of Ravi's seat is the number Asha's extension is.
    const raviSeat = moUser('r.kumar@acme.in', { name: 'Ravi Kumar', extension: '12', userId: '11' });
    const entries = plan([z, ravi], [{ ...seat, email: 'new@acme.in' }, raviSeat], [mappingOf(z, seat, 'auto', AT), mappingOf(ravi, raviSeat, 'manual', AT)]);
    const held = entries.find((e) => e.myoperator.id === seat.id)!;
    expect(entriesNamed(entries, '11')).toHaveLength(2);
    expect(held.conflict).toContain(`\`phonebridge-sync fix --only ${seat.id}\` sets it back`);
    expect(entriesNamed(entries, seat.id)).toEqual([held]);
  });

  it('a mapped MyOperator user with no e-mail and nothing else in common still has its reason, in every view', () => {
    const z = zohoUser('lakshmi@acme.in', { name: 'Lakshmi Menon' });
    const m = moUser('', { name: 'Night Shift' });
    const [e] = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
    // --json printed "reasons": [] here while the piped line said empty-email.
    expect(e!.reasons.map((r) => [r.code, r.side])).toEqual([['empty-email', 'myoperator']]);
  });

  it('leaves out pairs already equal, inactive or ambiguous mismatches, and mappings whose user is gone', () => {
    const same = zohoUser('asha@acme.in');
    const inactive = zohoUser('Farhan@acme.in', { active: false, status: 'disabled' });
    const dup = zohoUser('Arjun@acme.in');
    const gone = zohoUser('Gone@acme.in');
    const ghost = moUser('gone@acme.in');
    const entries = plan(
      [same, inactive, dup, gone],
      [moUser('asha@acme.in'), moUser('farhan@acme.in'), moUser('arjun@acme.in'), moUser('ARJUN@acme.in')],
      [mappingOf(gone, ghost, 'manual', AT)],
    );
    expect(entries).toEqual([]);
  });

  it('never writes a Zoho e-mail that carries an invisible, space or look-alike character: a conflict that says to fix it in Zoho', () => {
    for (const bad of ['vikram\u200b.singh@acme.in', 'meena@acme.in ', '\u0430nil@acme.in']) {
      const z = zohoUser(bad, { name: 'Someone' });
      const m = moUser('x@elsewhere.in');
      const [e] = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
      expect(e!.conflict).toMatch(/Zoho e-mail has .* change it in Zoho \(Setup → Users → Someone\) first/);
    }
  });

  it("a phone on duty whose Zoho e-mail a switched-off old phone holds exactly: the conflict names the old phone's e-mail as the thing to change, not a choice to settle", () => {
    // It said "… already has "arjun@acme.in"; two users with one e-mail cannot be told apart, so
    // settle which one it is first", where match has settled it: the phone on duty is Arjun's.
    const z = zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { name: 'Arjun M. (old)', extension: '23', active: false });
    const [e, ...rest] = plan([z], [old, now]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: now, source: 'mismatch' });
    expect(e!.conflict).toBe(
      "MyOperator user Arjun M. (old) (ext 23, switched off) still has \"arjun@acme.in\" exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).",
    );
  });

  it('a target another MyOperator user already holds, or that two entries would set, is a conflict', () => {
    // (two entries can only share a target when two Zoho users share the e-mail)
    const z = zohoUser('Ravi@acme.in');
    const holder = moUser('Ravi@acme.in', { name: 'Old Ravi', extension: '40' });
    const m = moUser('ravi@acme.in');
    const [e] = plan([z], [holder, m], [mappingOf(z, m, 'manual', AT)]);
    expect(e!.conflict).toMatch(/MyOperator user Old Ravi \(ext 40\) already has exactly the e-mail of Zoho user Ravi@acme\.in, /);

    const z1 = zohoUser('Sam@acme.in');
    const z2 = zohoUser('Sam@acme.in');
    const mx = moUser('x@acme.in');
    const my = moUser('y@acme.in');
    const [a, b] = plan([z1, z2], [mx, my], [mappingOf(z1, mx, 'manual', AT), mappingOf(z2, my, 'manual', AT)]);
    expect(a!.conflict).toMatch(/2 Zoho users have "Sam@acme.in"/);
    expect(b!.conflict).toMatch(/2 Zoho users have "Sam@acme.in"/);
  });

  it('an empty Zoho e-mail is a conflict, never an e-mail erased in MyOperator', () => {
    const z = zohoUser('', { name: 'Nobody' });
    const m = moUser('nobody@acme.in');
    const [e] = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
    expect(e!.conflict).toMatch(/has no e-mail to copy/);
  });

  it("--only names entries by either side's id, e-mail (any case) or extension", () => {
    const z = zohoUser('Ravi.Kumar@acme.in', { id: 'z-ravi', zuid: '777' });
    const m = moUser('ravi.kumar@acme.in', { id: 'u-ravi', userId: '55', extension: '14' });
    const entries = plan([z, zohoUser('Meena@acme.in')], [m, moUser('meena@acme.in')]);
    for (const x of ['z-ravi', '777', 'u-ravi', '55', '14', 'ravi.kumar@acme.in', 'RAVI.KUMAR@ACME.IN', ' 14 '])
      expect(entriesNamed(entries, x).map((e) => e.myoperator.id)).toEqual(['u-ravi']);
    expect(entriesNamed(entries, 'nobody@acme.in')).toEqual([]);
  });

  it('--only with an empty value names nobody, not the users without an e-mail or extension', () => {
    const z = zohoUser('suresh@acme.in', { name: 'Suresh' });
    const m = moUser('', { name: 'Suresh', extension: '' });
    const entries = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
    expect(entries).toHaveLength(1);
    expect(entriesNamed(entries, '')).toEqual([]);
    expect(entriesNamed(entries, '  ')).toEqual([]);
  });
});

describe('fix plan, what it leaves out', () => {
  it('--only with a value that is nothing but invisible characters names nobody, not the users without an e-mail', () => {
    const z = zohoUser('', { name: 'No Mail' });
    const m = moUser('someone@acme.in');
    const entries = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
    expect(entries).toHaveLength(1);
    expect(entriesNamed(entries, '\u200b')).toEqual([]);
  });

  it('a saved mapping with an inactive user on either side is left out: inactive users take no calls', () => {
    const z = zohoUser('Farhan@acme.in', { active: false, status: 'disabled' });
    const m = moUser('farhan@acme.in');
    const z2 = zohoUser('Lakshmi@acme.in');
    const m2 = moUser('lakshmi@acme.in', { active: false });
    expect(plan([z, z2], [m, m2], [mappingOf(z, m, 'manual', AT), mappingOf(z2, m2, 'manual', AT)])).toEqual([]);
  });

  it('a target two Zoho users hold is a conflict: PhoneBridge could not choose between them', () => {
    const z = zohoUser('Shared@acme.in');
    const twin = zohoUser('Shared@acme.in');
    const m = moUser('shared@other.in');
    const [e] = plan([z, twin], [m], [mappingOf(z, m, 'manual', AT)]);
    expect(e!.conflict).toMatch(/2 Zoho users have "Shared@acme.in"/);
  });

  it("a saved mapping that would take an exact e-mail from another active Zoho user is a conflict: that user's calls go through it now", () => {
    const anil = zohoUser('anil@acme.in', { id: 'z-anil', name: 'Anil' });
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha' });
    const ashaPhone = moUser('asha@acme.in', { id: 'u-asha', name: 'Asha', extension: '11' });
    const [e, ...rest] = plan([anil, asha], [ashaPhone], [mappingOf(anil, ashaPhone, 'manual', AT)]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ from: 'asha@acme.in', to: 'anil@acme.in', source: 'mapping' });
    expect(e!.conflict).toBe(
      'PhoneBridge gives the calls of MyOperator user Asha (ext 11) to Zoho user Asha <asha@acme.in> now: both have "asha@acme.in". The change would take those calls from that Zoho user, so check the saved mapping (`phonebridge-sync map --unmap z-anil` removes it) first.',
    );
    // An inactive Zoho user takes no calls: nothing to take away.
    const [free] = plan([anil, { ...asha, active: false, status: 'disabled' }], [ashaPhone], [mappingOf(anil, ashaPhone, 'manual', AT)]);
    expect(free!.conflict).toBeUndefined();
  });

  it('the e-mail two users share, quoted where fix refuses to take it from one, shows a look-alike character as <U+XXXX>, as the plan\'s other lines do', () => {
    const anil = zohoUser('anil@acme.in', { id: 'z-anil', name: 'Anil' });
    // Both sides hold it with a Cyrillic "а" (U+0430): PhoneBridge ties them byte for byte.
    const asha = zohoUser('\u0430sha@acme.in', { id: 'z-asha', name: 'Asha' });
    const ashaPhone = moUser('\u0430sha@acme.in', { id: 'u-asha', name: 'Asha', extension: '11' });
    const [e] = plan([anil, asha], [ashaPhone], [mappingOf(anil, ashaPhone, 'manual', AT)]);
    // It read "both have "аsha@acme.in"", the look-alike raw, as if the plain address.
    expect(e!.conflict).toContain('to Zoho user Asha <<U+0430>sha@acme.in> now: both have "<U+0430>sha@acme.in". The change would take those calls from that Zoho user');
  });

  it("a saved mapping onto a seat whose e-mail is another active Zoho user's but for look-alike characters is a conflict: fix would hand that user's phone to this one", () => {
    const meena = zohoUser('meena.iyer@acme.in', { id: 'z-meena', name: 'Meena Iyer' });
    const priya = zohoUser('priya.nair@acme.in', { id: 'z-priya', name: 'Priya Nair' });
    const priyaPhone = moUser('\uff50riya.nair@acme.in', { id: 'u-priya', name: 'Priya Nair', extension: '16' });
    const [e, ...rest] = plan([meena, priya], [priyaPhone], [mappingOf(meena, priyaPhone, 'manual', AT)]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ to: 'meena.iyer@acme.in', source: 'mapping' });
    expect(e!.conflict).toBe(
      'MyOperator user Priya Nair (ext 16) has "<U+FF50>riya.nair@acme.in", which reads as the e-mail of Zoho user Priya Nair <priya.nair@acme.in> but for look-alike characters: the seat is likelier that Zoho user\'s, and the change would give it to Zoho user Meena Iyer <meena.iyer@acme.in>, so check the saved mapping (`phonebridge-sync map --unmap z-meena` removes it) first.',
    );
    // Case alone, too; but not when Priya is mapped to another phone (her seat handed on), nor when
    // the look-alike is of Meena's own e-mail (the mismatch fix exists to set right).
    const [cased] = plan([meena, priya], [moUser('Priya.Nair@acme.in', { id: 'u-p2', extension: '17' })], [mappingOf(meena, moUser('Priya.Nair@acme.in', { id: 'u-p2', extension: '17' }), 'manual', AT)]);
    expect(cased!.conflict).toMatch(/which reads as the e-mail of Zoho user Priya Nair <priya\.nair@acme\.in> but for letter case: the seat is likelier that Zoho user's/);
    const newPhone = moUser('priya@acme.in', { id: 'u-new', name: 'Priya Nair', extension: '26' });
    const handedOn = plan([meena, priya], [priyaPhone, newPhone], [mappingOf(meena, priyaPhone, 'manual', AT), mappingOf(priya, newPhone, 'manual', AT)]);
    expect(handedOn.find((x) => x.myoperator.id === 'u-priya')!.conflict).toBeUndefined();
    const own = moUser('m\u0435ena.iyer@acme.in', { id: 'u-meena', name: 'Meena Iyer', extension: '13' });
    const [mine] = plan([meena, priya], [own], [mappingOf(meena, own, 'manual', AT)]);
    expect(mine!.conflict).toBeUndefined();
  });

  it("a saved pair whose Zoho e-mail a MyOperator user in no mapping has: the conflict names the re-map (the pair may be the slip), not only 'settle which one it is'", () => {
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    for (const active of [true, false]) {
      const phone = moUser('asha@acme.in', { id: 'u-asha', name: 'Asha Rao', extension: '11', active });
      const [e] = plan([asha], [night, phone], [mappingOf(asha, night, 'manual', AT)]);
      expect(e!.conflict).toMatch(active ? /^MyOperator user Asha Rao \(ext 11\) already has exactly the e-mail of Zoho user Asha Rao <asha@acme\.in>, / : /^MyOperator user Asha Rao \(ext 11, switched off\) already has exactly the e-mail of Zoho user Asha Rao <asha@acme\.in>, /);
      expect(e!.conflict).toContain('If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 11 --yes` maps that Zoho user to MyOperator user Asha Rao (ext 11) instead');
      // A phone switched off carries no calls today: the sentence does not say it does.
      expect(e!.conflict).toContain(active ? 'so PhoneBridge ties its calls to that Zoho user;' : 'so PhoneBridge would tie its calls to that Zoho user once it takes calls again;');
    }
  });

  it("a saved pair to the phone on duty (the Zoho e-mail up to case) whose Zoho e-mail a switched-off old phone has: only the cure, the old phone's e-mail, not a re-map to it", () => {
    // Map's picker, Enter on Arjun's phone on duty (ext 22) beside his switched-off ext 23, said "If
    // the mapping is a slip, `… map --zoho … --myoperator <ext 23> --yes` maps Arjun Malhotra to … (ext 23) instead".
    const z = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
    const mappings = [mappingOf(z, now, 'manual', AT)];
    const said =
      'MyOperator user Arjun M. (old) (ext 23, switched off) still has exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, who is mapped to MyOperator user Arjun Malhotra (ext 22), ' +
      "and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).";
    const [e, ...rest] = plan([z], [old, now], mappings);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: now, source: 'mapping', conflict: said });
    // What map says once the pair is saved, by flags or in its picker.
    expect(fixConflict(z, now, { zoho: [z], myoperator: [old, now], mappings })).toBe(said);
    expect(e!.conflict).not.toContain('u-23');
    // A switched-off holder beside a mapped phone that is no twin (Night Shift, no e-mail, above) may
    // be the seat the mapping meant: its re-map stays.
  });

  // Twelve phones on duty with the Zoho e-mail: the opening, the re-map's "but … still have the e-mail
  // too" and the cure's "and those of …" each named every one. Each names ten at most, the rest counted.
  /** Where every holder of a shared e-mail is listed, said only after a list of them cut short. */
  const ALL_LISTED = '`phonebridge-sync doctor --only duplicate-emails` lists them all';
  it('a saved pair to a phone with no e-mail whose Zoho e-mail twelve users on duty have: each list of them names ten at most, the first then where all are listed', () => {
    const desks = Array.from({ length: 12 }, (_, i) => moUser('arjun@acme.in', { id: `u-${40 + i}`, name: `Desk ${i}`, extension: String(40 + i) }));
    const who = (u: MyOperatorUser) => `${u.name} (ext ${u.extension})`;
    const others = series([...desks.slice(1, 9).map(who), '3 more'], 'and');
    const said =
      // Said once, after the first list cut short: the two after it are of the same holders.
      `MyOperator users ${series([...desks.slice(0, 9).map(who), `3 more (${ALL_LISTED})`], 'and')} already have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, ` +
      'and whose calls PhoneBridge ties to that Zoho user (one of them, each, or none) is unconfirmed; ' +
      'but that Zoho user is mapped to MyOperator user Night Shift (ext 31), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
      'If the mapping is a slip, `phonebridge-sync map --zoho arjun@acme.in --myoperator 40 --yes` maps that Zoho user to MyOperator user Desk 0 (ext 40) instead, ' +
      `but MyOperator users ${others} still have the e-mail too: change their e-mails in MyOperator as well; ` +
      `if not, change the e-mail of Desk 0 (ext 40) in MyOperator first, and those of MyOperator users ${others}, which have it too`;
    expectSaidByFixAndMatch(arjunZ, nightShift, [mappingOf(arjunZ, nightShift, 'manual', AT)], said, [
      [nightShift, ...desks],
      [...desks].reverse().concat(nightShift),
    ]);
  });

  // Twelve old phones beside the phone on duty: the old-phone cure named all twelve, then eleven of
  // them again in the panel's "and likewise …". It names ten at most, as every sentence of holders does.
  it('a saved pair to the phone on duty whose Zoho e-mail twelve switched-off old phones have: counted, and the panel names ten at most, then where all are listed', () => {
    const z = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = Array.from({ length: 12 }, (_, i) => moUser('arjun@acme.in', { id: `u-${40 + i}`, name: `Old desk ${i}`, extension: String(40 + i), active: false }));
    const said =
      '12 MyOperator users, all switched off, still have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, who is mapped to MyOperator user Arjun Malhotra (ext 22), ' +
      "and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change their e-mails first (in MyOperator's panel: Manage → Users → Old desk 0 → e-mail, " +
      // The list cut short says where the rest are: it ended "… and 3 more", naming nothing that lists them.
      `and likewise ${series([...old.slice(1, 9).map((u) => u.name), `3 more (${ALL_LISTED})`], 'and')}); then \`fix\` sets the e-mail of Arjun Malhotra (ext 22)`;
    expectSaidByFixAndMatch(z, now, [mappingOf(z, now, 'manual', AT)], said, [
      [...old, now],
      [now, ...[...old].reverse()],
    ]);
  });

  // Night Shift (ext 31) holds Arjun's e-mail beside his switched-off old phone (ext 23):
  // - switched off too, the cure named the first alone ("change that user's e-mail first …; then
  //   `fix` sets the e-mail of Arjun Malhotra (ext 22)"), and, that one changed, fix refused again for the second;
  // - on, fix said the old-phone cure alone, untrue while Night Shift held the e-mail, and match's
  //   Arjun row named whichever holder MyOperator listed last.
  it.each([
    [
      'two switched-off old phones have: both named, as fix, map and match say it',
      false,
      'MyOperator users Arjun M. (old) (ext 23, switched off) and Night Shift (ext 31, switched off) still have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, who is mapped to MyOperator user Arjun Malhotra (ext 22), ' +
      "and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change their e-mails first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail, and likewise Night Shift); then `fix` sets the e-mail of Arjun Malhotra (ext 22)",
    ],
    [
      'an active user and a switched-off old phone have: the active one first, both named, whatever order MyOperator lists them in',
      true,
      'MyOperator user Night Shift (ext 31) already has exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, so PhoneBridge ties its calls to that Zoho user; ' +
      'but that Zoho user is mapped to MyOperator user Arjun Malhotra (ext 22), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
      'If the mapping is a slip, `phonebridge-sync map --zoho arjun@acme.in --myoperator 31 --yes` maps that Zoho user to MyOperator user Night Shift (ext 31) instead; ' +
      'if not, change the e-mail of Night Shift (ext 31) in MyOperator first, and that of MyOperator user Arjun M. (old) (ext 23, switched off), which has it too (switching a user off does not clear its e-mail)',
    ],
  ])('a saved pair to the phone on duty whose Zoho e-mail %s', (_case, nightOn, said) => {
    const z = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
    const night = moUser('arjun@acme.in', { id: 'u-31', name: 'Night Shift', extension: '31', active: nightOn });
    expectSaidByFixAndMatch(z, now, [mappingOf(z, now, 'manual', AT)], said, [
      [night, old, now],
      [old, now, night],
    ]);
  });

  // Night Shift (no e-mail, ext 31) is mapped to Arjun, whose e-mail only switched-off phones hold:
  // the opening named the first alone, as if on duty ("MyOperator user Arjun M. (old) (ext 23)
  // already has …"), and the others only in the cure. Each is named in it and said switched off, up
  // to NAMED_AT_MOST; past that, counted, and the cure after it names ten at most.
  const offPhones = (n: number) => Array.from({ length: n }, (_, i) => moUser('arjun@acme.in', { id: `u-${40 + i}`, name: `Old desk ${i}`, extension: String(40 + i), active: false }));
  const nightShift = moUser('', { id: 'u-31', name: 'Night Shift', extension: '31' });
  const arjunZ = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
  const slipTo40 =
    'but that Zoho user is mapped to MyOperator user Night Shift (ext 31), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
    'If the mapping is a slip, `phonebridge-sync map --zoho arjun@acme.in --myoperator 40 --yes` maps that Zoho user to MyOperator user Old desk 0 (ext 40) instead; ' +
    'if not, change the e-mail of Old desk 0 (ext 40) in MyOperator first';
  it.each([
    [
      'one switched-off phone has: said switched off',
      1,
      'MyOperator user Old desk 0 (ext 40, switched off) already has exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, so PhoneBridge would tie its calls to that Zoho user once it takes calls again; ' +
        slipTo40,
    ],
    [
      'two switched-off phones have: both named in the opening, each said switched off',
      2,
      'MyOperator users Old desk 0 (ext 40, switched off) and Old desk 1 (ext 41, switched off) already have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, ' +
        'so PhoneBridge would tie to that Zoho user the calls of whichever takes calls again; ' +
        `${slipTo40}, and that of MyOperator user Old desk 1 (ext 41, switched off), which has it too (switching a user off does not clear its e-mail)`,
    ],
    [
      'ten switched-off phones have: each named in the opening',
      10,
      `MyOperator users ${series(offPhones(10).map((u) => `${u.name} (ext ${u.extension}, switched off)`), 'and')} already have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, ` +
        'so PhoneBridge would tie to that Zoho user the calls of whichever takes calls again; ' +
        `${slipTo40}, and those of MyOperator users ${series(offPhones(10).slice(1).map((u) => `${u.name} (ext ${u.extension}, switched off)`), 'and')}, which have it too (switching a user off does not clear its e-mail)`,
    ],
    [
      // The cure after it named the other ten in full, the list the opening had counted: it names ten
      // users at most too, the first and eight others, and counts the rest.
      'eleven switched-off phones have: counted in the opening, and the cure names ten at most, then where all are listed',
      11,
      '11 MyOperator users, all switched off, already have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, ' +
        'so PhoneBridge would tie to that Zoho user the calls of whichever takes calls again; ' +
        `${slipTo40}, and those of MyOperator users ${series([...offPhones(11).slice(1, 9).map((u) => `${u.name} (ext ${u.extension}, switched off)`), `2 more (${ALL_LISTED})`], 'and')}, which have it too (switching a user off does not clear its e-mail)`,
    ],
  ])('a saved pair to a phone with no e-mail whose Zoho e-mail %s', (_case, n, said) => {
    const off = offPhones(n);
    expectSaidByFixAndMatch(arjunZ, nightShift, [mappingOf(arjunZ, nightShift, 'manual', AT)], said, [
      [nightShift, ...off],
      [...off].reverse().concat(nightShift),
    ]);
  });

  // The sandbox's Farhan Ali phone, switched off, holding Lakshmi's e-mail, and paired by name with
  // Zoho's Farhan Ali (disabled: "inactive"): MyOperator links a user by its e-mail alone (reference
  // §8), so that phone too would give Lakshmi its calls. fix named Farhan Ali and Lakshmi Menon; match's
  // zoho-mapped-elsewhere, on Lakshmi's row and on the old phone's, named Lakshmi Menon alone.
  it('a saved pair whose Zoho e-mail a phone match pairs by name with another Zoho user has too: match names every holder, as fix does', () => {
    const lakshmi = zohoUser('lakshmi@acme.in', { id: 'z-lakshmi', name: 'Lakshmi Menon' });
    const farhanZ = zohoUser('farhan@acme.in', { id: 'z-farhan', name: 'Farhan Ali', active: false, status: 'disabled' });
    const farhan = moUser('lakshmi@acme.in', { id: 'u-25', name: 'Farhan Ali', extension: '25', active: false });
    const old = moUser('lakshmi@acme.in', { id: 'u-26', name: 'Lakshmi Menon', extension: '26', active: false });
    const night = moUser('', { id: 'u-31', name: 'Night Shift', extension: '31' });
    const mappings = [mappingOf(lakshmi, night, 'manual', AT)];
    const said =
      'MyOperator users Farhan Ali (ext 25, switched off) and Lakshmi Menon (ext 26, switched off) already have exactly the e-mail of Zoho user Lakshmi Menon <lakshmi@acme.in>, ' +
      'so PhoneBridge would tie to that Zoho user the calls of whichever takes calls again; ' +
      'but that Zoho user is mapped to MyOperator user Night Shift (ext 31), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
      'If the mapping is a slip, `phonebridge-sync map --zoho lakshmi@acme.in --myoperator 25 --yes` maps that Zoho user to MyOperator user Farhan Ali (ext 25) instead; ' +
      'if not, change the e-mail of Farhan Ali (ext 25) in MyOperator first, and that of MyOperator user Lakshmi Menon (ext 26, switched off), which has it too (switching a user off does not clear its e-mail)';
    const zoho = [lakshmi, farhanZ];
    for (const myoperator of [[farhan, old, night], [night, old, farhan]]) {
      expect(fixConflict(lakshmi, night, { zoho, myoperator, mappings })).toBe(`${said}.`);
      const results = matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) }).results;
      // The pairing by name stays what it is; the sentence about Lakshmi's e-mail names its phone.
      expect(results.find((r) => r.zoho?.id === 'z-farhan')).toMatchObject({ status: 'inactive', myoperator: { id: 'u-25' } });
      expect(results.find((r) => r.zoho?.id === 'z-lakshmi')!.reasons.find((x) => x.code === 'zoho-mapped-elsewhere')!.message).toBe(said);
      expect(results.find((r) => !r.zoho && r.myoperator?.id === 'u-26')!.reasons[0]).toEqual({ code: 'zoho-mapped-elsewhere', side: 'myoperator', message: said });
    }
  });

  // Farhan Ali's phone, on duty, holds Lakshmi's e-mail exactly beside her switched-off old phone
  // (ext 26), and Night Shift, mapped to her, holds it but for case. The rows say Farhan's phone takes
  // her calls (a re-map, or its e-mail), while the summary, judging only the holders match paired with
  // nobody (the old phone), said "1 with e-mails that differ: to change the e-mail of the switched-off
  // user still holding it first".
  it('a saved pair to the phone on duty whose e-mail a phone paired by name holds beside an old phone: the summary counts it to map again, as its rows say', () => {
    const lakshmi = zohoUser('lakshmi@acme.in', { id: 'z-lakshmi', name: 'Lakshmi Menon' });
    const farhanZ = zohoUser('farhan@acme.in', { id: 'z-farhan', name: 'Farhan Ali', active: false, status: 'disabled' });
    const farhan = moUser('lakshmi@acme.in', { id: 'u-25', name: 'Farhan Ali', extension: '25' });
    const old = moUser('lakshmi@acme.in', { id: 'u-26', name: 'Lakshmi Menon', extension: '26', active: false });
    const night = moUser('Lakshmi@acme.in', { id: 'u-31', name: 'Night Shift', extension: '31' });
    const mappings = [mappingOf(lakshmi, night, 'manual', AT)];
    const report = matchUsers({ zoho: [lakshmi, farhanZ], myoperator: [farhan, old, night], ...savedPairs({ mappings, ignored: [] }) });
    const said = report.results.find((r) => r.zoho?.id === 'z-lakshmi')!.reasons.find((x) => x.code === 'zoho-mapped-elsewhere')!.message;
    expect(said).toMatch(/^MyOperator user Farhan Ali \(ext 25\) already has exactly the e-mail of Zoho user Lakshmi Menon <lakshmi@acme\.in>, so PhoneBridge ties its calls to that Zoho user; /);
    expect({ elsewhere: needingMapAgain(report), oldPhone: needingOldPhoneEmail(report) }).toEqual({ elsewhere: 1, oldPhone: 0 });
  });

  // Two active users with the Zoho e-mail: the slip's re-map to the first (by id) was offered as if
  // it were the whole cure, while the second, which takes calls too, still held the e-mail. And the
  // opening said of the first alone "so PhoneBridge ties its calls to Arjun Malhotra", which of
  // several holders it ties being unconfirmed (SHARED_EMAIL_UNCONFIRMED). The sandbox's story adds
  // Arjun's switched-off old phone: it takes no calls, so it stays out of the opening, named in the cure.
  const arjun = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
  const onDuty = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
  const oldPhone = moUser('arjun@acme.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
  const night = moUser('arjun@acme.in', { id: 'u-31', name: 'Night Shift', extension: '31' });
  it.each([
    ['two active users have', moUser('arjun@acme.in', { id: 'u-30', name: 'Reception', extension: '30' }), [], 'that of MyOperator user Night Shift (ext 31), which has it too'],
    [
      'two active users and an old phone have',
      moUser('arjun@acme.in', { id: 'u-30', name: 'Front Desk', extension: '10' }),
      [oldPhone],
      'those of MyOperator users Night Shift (ext 31) and Arjun M. (old) (ext 23, switched off), which have it too (switching a user off does not clear its e-mail)',
    ],
  ])('a saved pair whose Zoho e-mail %s: the active ones named, which one PhoneBridge ties unconfirmed, and the re-map to one says the other still has it, whatever order MyOperator lists them in', (_case, desk, old, others) => {
    const ext = desk.extension;
    const said =
      `MyOperator users ${desk.name} (ext ${ext}) and Night Shift (ext 31) already have exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, ` +
      'and whose calls PhoneBridge ties to that Zoho user (one of them, each, or none) is unconfirmed; ' +
      'but that Zoho user is mapped to MyOperator user Arjun Malhotra (ext 22), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
      `If the mapping is a slip, \`phonebridge-sync map --zoho arjun@acme.in --myoperator ${ext} --yes\` maps that Zoho user to MyOperator user ${desk.name} (ext ${ext}) instead, ` +
      "but MyOperator user Night Shift (ext 31) still has the e-mail too: change that user's e-mail in MyOperator as well; " +
      `if not, change the e-mail of ${desk.name} (ext ${ext}) in MyOperator first, and ${others}`;
    expectSaidByFixAndMatch(arjun, onDuty, [mappingOf(arjun, onDuty, 'manual', AT)], said, [
      [...old, night, desk, onDuty],
      [onDuty, desk, night, ...old],
    ]);
  });

  it("a saved pair to the phone on duty whose Zoho e-mail a switched-off old phone has but for letter case: that phone's e-mail to change, not a re-map to it", () => {
    // It said "… If the mapping is a slip, `… map --zoho … --myoperator <ext 23> --yes` maps Arjun
    // Malhotra to MyOperator user Arjun M. (old) (ext 23) instead", a phone that takes no calls.
    const z = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('ARJUN@acme.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
    const mappings = [mappingOf(z, now, 'manual', AT)];
    const [e] = plan([z], [old, now], mappings);
    expect(e).toMatchObject({ myoperator: now, source: 'mapping' });
    expect(e!.conflict).toBe(
      'MyOperator user Arjun M. (old) (ext 23, switched off) still has "ARJUN@acme.in", the e-mail of Zoho user Arjun Malhotra <arjun@acme.in> but for letter case: MyOperator may refuse the change as an e-mail already taken, and where it takes it, two users hold one address. ' +
        "Switching a user off does not clear its e-mail: change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).",
    );
    expect(fixConflict(z, now, { zoho: [z], myoperator: [old, now], mappings })).toBe(e!.conflict);
  });

  // "the seat is likelier Ravi Kumar's, and the change would give it to Ravi Kumar" named two namesakes alike.
  it('a saved pair onto a seat whose e-mail reads as a namesake\'s names each Zoho user by name and e-mail', () => {
    const ravi = zohoUser('ravi.kumar@acme.in', { id: 'z-r1', name: 'Ravi Kumar' });
    const other = zohoUser('rkumar@acme.in', { id: 'z-r2', name: 'Ravi Kumar' });
    const seat = moUser('RKUMAR@acme.in', { id: 'u-12', name: 'Ravi K', extension: '12' });
    const [e] = plan([ravi, other], [seat], [mappingOf(ravi, seat, 'manual', AT)]).filter((x) => x.myoperator.id === 'u-12');
    expect(e!.conflict).toBe(
      'MyOperator user Ravi K (ext 12) has "RKUMAR@acme.in", which reads as the e-mail of Zoho user Ravi Kumar <rkumar@acme.in> but for letter case: the seat is likelier that Zoho user\'s, ' +
        'and the change would give it to Zoho user Ravi Kumar <ravi.kumar@acme.in>, so check the saved mapping (`phonebridge-sync map --unmap z-r1` removes it) first.',
    );
    // Byte for byte the namesake's: PhoneBridge gives it the seat's calls now.
    const [f] = plan([ravi, other], [{ ...seat, email: 'rkumar@acme.in' }], [mappingOf(ravi, seat, 'manual', AT)]).filter((x) => x.myoperator.id === 'u-12');
    expect(f!.conflict).toBe(
      'PhoneBridge gives the calls of MyOperator user Ravi K (ext 12) to Zoho user Ravi Kumar <rkumar@acme.in> now: both have "rkumar@acme.in". ' +
        'The change would take those calls from that Zoho user, so check the saved mapping (`phonebridge-sync map --unmap z-r1` removes it) first.',
    );
  });

  // Two Zoho users may share one name: "that seat is likelier Asha Rao's" and "… ties its calls to Asha Rao; but Asha Rao is
  // mapped …" named neither. The first mention says name and e-mail (listedUser), the later ones "that Zoho user".
  it('a hold on a saved pair names its Zoho user once by name and e-mail, then "that Zoho user": a namesake may be in Zoho', () => {
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const namesake = zohoUser('asha.rao@branch.in', { id: 'z-asha2', name: 'Asha Rao' });
    const hers = moUser('asha.rao@branch.in', { id: 'u-13', name: 'Asha Rao (branch)', extension: '13' });
    const theirs = mappingOf(namesake, hers, 'manual', AT);
    // A near copy: another seat holds her e-mail but for an invisible character.
    const desk = moUser('old@acme.in', { id: 'u-11', name: 'Desk 11', extension: '11' });
    const own = moUser('asha\u200b@acme.in', { id: 'u-12', name: 'Asha R', extension: '12' });
    const near = plan([asha, namesake], [desk, own, hers], [mappingOf(asha, desk, 'manual', AT), theirs]).find((x) => x.myoperator.id === 'u-11');
    expect(near!.conflict).toBe(
      'MyOperator user Asha R (ext 12) already has "asha<U+200B>@acme.in", the e-mail of Zoho user Asha Rao <asha@acme.in> but for invisible characters: the change would leave two users with one address as a person reads it, and that seat is likelier that Zoho user\'s. ' +
        'If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 12 --yes` maps that Zoho user to MyOperator user Asha R (ext 12) instead; if not, change the e-mail of Asha R (ext 12) in MyOperator first.',
    );
    // Her very e-mail on a seat in no mapping, she mapped to Night Shift.
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const phone = moUser('asha@acme.in', { id: 'u-asha', name: 'Asha Rao', extension: '10' });
    const exact = plan([asha, namesake], [night, phone, hers], [mappingOf(asha, night, 'manual', AT), theirs]).find((x) => x.myoperator.id === 'u-night');
    expect(exact!.conflict).toBe(
      'MyOperator user Asha Rao (ext 10) already has exactly the e-mail of Zoho user Asha Rao <asha@acme.in>, so PhoneBridge ties its calls to that Zoho user; ' +
        'but that Zoho user is mapped to MyOperator user Night Shift (ext 31), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
        'If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 10 --yes` maps that Zoho user to MyOperator user Asha Rao (ext 10) instead; if not, change the e-mail of Asha Rao (ext 10) in MyOperator first.',
    );
  });

  it("a saved pair whose Zoho e-mail another seat holds but for invisible or look-alike characters is refused, as but for letter case is: that seat is likelier the Zoho user's", () => {
    // It planned ext 11 to "asha@acme.in" with no conflict, though match reads ext 12 as Asha's.
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha' });
    const mapped = moUser('old@acme.in', { id: 'u-11', name: 'Desk 11', extension: '11' });
    const own = moUser('asha\u200b@acme.in', { id: 'u-12', name: 'Asha R', extension: '12' });
    const mappings = [mappingOf(asha, mapped, 'manual', AT)];
    const [e, ...rest] = plan([asha], [mapped, own], mappings);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: mapped, source: 'mapping' });
    expect(e!.conflict).toBe(
      'MyOperator user Asha R (ext 12) already has "asha<U+200B>@acme.in", the e-mail of Zoho user Asha <asha@acme.in> but for invisible characters: the change would leave two users with one address as a person reads it, and that seat is likelier that Zoho user\'s. ' +
        'If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 12 --yes` maps that Zoho user to MyOperator user Asha R (ext 12) instead; if not, change the e-mail of Asha R (ext 12) in MyOperator first.',
    );
    expect(fixConflict(asha, mapped, { zoho: [asha], myoperator: [mapped, own], mappings })).toBe(e!.conflict);
    // A Cyrillic "а" on a seat mapped to someone else: settled by the admin, named for what it is.
    const ravi = zohoUser('ravi@acme.in', { id: 'z-ravi', name: 'Ravi' });
    const alike = { ...own, email: '\u0430sha@acme.in' };
    const [f] = plan([asha, ravi], [mapped, alike], [...mappings, mappingOf(ravi, alike, 'manual', AT)]).filter((x) => x.myoperator.id === 'u-11');
    expect(f!.conflict).toBe(
      'MyOperator user Asha R (ext 12) already has "<U+0430>sha@acme.in", the e-mail of Zoho user Asha <asha@acme.in> but for look-alike characters: the change would leave two users with one address as a person reads it, and that seat is likelier that Zoho user\'s. Settle which one it is first.',
    );
  });

  // Both were refused: the phone on duty with "…(ext 12, switched off) still has "asha<U+200B>@acme.in" …
  // and that seat is likelier Asha Rao's. Switching a user off does not clear its e-mail …", and a
  // slip's "`… map --zoho asha@acme.in --myoperator 12 --yes`" to the dead phone, not said switched off.
  it.each([
    ['the phone on duty', 'Asha@acme.in', 'asha\u200b@acme.in'],
    ['another phone', 'asha.r@acme.in', '\u0430sha@acme.in'],
  ])('a saved pair to %s whose Zoho e-mail a switched-off seat holds with an invisible or look-alike character is planned: that seat takes no calls, and MyOperator cannot call the e-mail taken', (_case, from, held) => {
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const mapped = moUser(from, { id: 'u-11', name: 'Desk 11', extension: '11' });
    const old = moUser(held, { id: 'u-12', name: 'Asha (old)', extension: '12', active: false });
    const mappings = [mappingOf(asha, mapped, 'manual', AT)];
    const [e, ...rest] = plan([asha], [old, mapped], mappings);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: mapped, to: 'asha@acme.in', source: 'mapping' });
    expect(e!.conflict).toBeUndefined();
    expect(fixConflict(asha, mapped, { zoho: [asha], myoperator: [old, mapped], mappings })).toBeUndefined();
  });

  // It said "… "asha@acme.in " … but for letter case: MyOperator may refuse the change as an e-mail already taken …".
  it.each([
    ['a space', 'asha@acme.in ', 'asha@acme.in<U+0020>', 'spaces'],
    ['a space and letter case', 'Asha@acme.in ', 'Asha@acme.in<U+0020>', 'spaces and letter case'],
  ])('a seat holding the Zoho e-mail but for %s is named for what differs, not for letter case alone, which alone MyOperator may refuse as taken', (_case, held, shown, kinds) => {
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha' });
    const mapped = moUser('old@acme.in', { id: 'u-11', name: 'Desk 11', extension: '11' });
    const own = moUser(held, { id: 'u-12', name: 'Asha R', extension: '12' });
    const [e] = plan([asha], [mapped, own], [mappingOf(asha, mapped, 'manual', AT)]);
    expect(e!.conflict).toBe(
      `MyOperator user Asha R (ext 12) already has "${shown}", the e-mail of Zoho user Asha <asha@acme.in> but for ${kinds}: the change would leave two users with one address as a person reads it, and that seat is likelier that Zoho user's. ` +
        'If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 12 --yes` maps that Zoho user to MyOperator user Asha R (ext 12) instead; if not, change the e-mail of Asha R (ext 12) in MyOperator first.',
    );
  });

  it("a switched-off old phone holding the Zoho e-mail but for a space: named for the space, its e-mail the cure, and its seat not called the Zoho user's likelier", () => {
    const z = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const now = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in ', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
    const [e] = plan([z], [old, now], [mappingOf(z, now, 'manual', AT)]);
    expect(e!.conflict).toBe(
      'MyOperator user Arjun M. (old) (ext 23, switched off) still has "arjun@acme.in<U+0020>", the e-mail of Zoho user Arjun Malhotra <arjun@acme.in> but for spaces: the change would leave two users with one address as a person reads it. ' +
        "Switching a user off does not clear its e-mail: change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22).",
    );
  });

  it('an account handed on is not that conflict: the Zoho user the e-mail ties to is mapped to another MyOperator user', () => {
    const anil = zohoUser('anil@acme.in', { id: 'z-anil', name: 'Anil' });
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha' });
    const oldPhone = moUser('asha@acme.in', { id: 'u-old', name: 'Old desk', extension: '11' });
    const newPhone = moUser('asha.new@acme.in', { id: 'u-new', name: 'Asha', extension: '21' });
    const entries = plan([anil, asha], [oldPhone, newPhone], [mappingOf(anil, oldPhone, 'manual', AT), mappingOf(asha, newPhone, 'manual', AT)]);
    const byPhone = new Map(entries.map((e) => [e.myoperator.id, e]));
    // The old desk goes to Anil now; Asha's new phone follows once the old desk no longer holds her e-mail.
    expect(byPhone.get('u-old')).toMatchObject({ to: 'anil@acme.in' });
    expect(byPhone.get('u-old')!.conflict).toBeUndefined();
    expect(byPhone.get('u-new')!.conflict).toMatch(/^MyOperator user Old desk \(ext 11\) already has "asha@acme\.in"/);
  });
});

describe('fix plan, why a saved pair differs', () => {
  it("a saved pair's reasons are its own, not those of the MyOperator user the matcher would have paired the Zoho user with", () => {
    const z = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const saved = moUser('ravi.k@acme.in', { name: 'Ravi K' });
    // Without the saved pair the matcher would take this one for Ravi (the same address but for case).
    const lookalike = moUser('ravi@acme.in', { name: 'Old Ravi' });
    const [e, ...rest] = plan([z], [saved, lookalike], [mappingOf(z, saved, 'manual', AT)]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ from: 'ravi.k@acme.in', to: 'Ravi@acme.in', source: 'mapping' });
    expect(e!.reasons.map((r) => [r.code, r.side])).toEqual([['needs-fix', 'myoperator']]);
    expect(e!.reasons[0]!.message).toContain('MyOperator holds "ravi.k@acme.in"');
  });

  it('a saved pair with e-mails and names far apart says MyOperator holds another e-mail, not that it has none', () => {
    const z = zohoUser('neha@acme.in', { name: 'Neha Kapoor' });
    const m = moUser('night.desk@other.in', { name: 'Night Desk' });
    const [e] = plan([z], [m], [mappingOf(z, m, 'manual', AT)]);
    expect(e!.reasons.map((r) => [r.code, r.side])).toEqual([['needs-fix', 'myoperator']]);
    expect(e!.reasons[0]!.message).toContain('MyOperator holds "night.desk@other.in"');
  });

  it('entries for one target are listed by MyOperator user, whatever order the mappings were saved in', () => {
    const z1 = zohoUser('Sam@acme.in', { id: 'z-sam-1' });
    const z2 = zohoUser('Sam@acme.in', { id: 'z-sam-2' });
    const mA = moUser('a@acme.in', { id: 'u-a' });
    const mB = moUser('b@acme.in', { id: 'u-b' });
    const saved = [mappingOf(z1, mB, 'manual', AT), mappingOf(z2, mA, 'manual', AT)];
    for (const mappings of [saved, [...saved].reverse()]) expect(plan([z1, z2], [mA, mB], mappings).map((e) => e.myoperator.id)).toEqual(['u-a', 'u-b']);
  });
});

describe("fix plan, a saved pair whose MyOperator user resembles another Zoho user (crossed)", () => {
  const ravi = () => zohoUser('ravi.kumar@acme.in', { name: 'Ravi Kumar' });

  /** The saved pair (`z`, `seat`), alone among these users, is planned to be set: neither held nor refused. */
  function expectSetAsIs(z: ZohoUser, seat: MyOperatorUser, zoho: ZohoUser[], myoperator: MyOperatorUser[]): void {
    const [e, ...rest] = plan(zoho, myoperator, [mappingOf(z, seat, 'manual', AT)]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ myoperator: seat, to: z.email, source: 'mapping' });
    expect(e!.conflict).toBeUndefined();
    expect(e!.untilNamed).toBeUndefined();
  }

  it('a switched-off namesake in Zoho takes no calls: the right pair is not held for it, nor the seat offered to it', () => {
    const z = ravi();
    const seat = moUser('rk@gmail.com', { name: 'Ravi Kumar', extension: '12' });
    const off = zohoUser('rkumar@acme.in', { name: 'Ravi Kumar', active: false, status: 'disabled' });
    expectSetAsIs(z, seat, [z, off], [seat]);
  });

  it("a namesake whose own likely match is another free seat is not held against: the seat is only that user's second candidate", () => {
    const z = ravi();
    const seat = moUser('ravi@gmail.com', { name: 'Ravi Kumar', extension: '12' });
    const other = zohoUser('rkumar@acme.in', { name: 'Ravi Kumar' });
    const his = moUser('rkumar@gmail.com', { name: 'Ravi K', extension: '13' });
    expectSetAsIs(z, seat, [z, other], [seat, his]);
  });

  it('held when that other seat is mapped: the seat is said "a candidate" of the namesake, not "the likely match"', () => {
    const z = ravi();
    const seat = moUser('ravi@gmail.com', { name: 'Ravi Kumar', extension: '12' });
    const other = zohoUser('rkumar@acme.in', { name: 'Ravi Kumar' });
    const his = moUser('rkumar@gmail.com', { name: 'Ravi K', extension: '13' });
    const third = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const [e] = plan([z, other, third], [seat, his], [mappingOf(z, seat, 'manual', AT), mappingOf(third, his, 'manual', AT)]).filter((x) => x.myoperator === seat);
    expect(e!.untilNamed).toBe(true);
    expect(e!.resembles).toBe('a candidate of Zoho user Ravi Kumar (rkumar@acme.in; suggested: same-name)');
    expect(e!.conflict).toMatch(/^MyOperator user Ravi Kumar \(ext 12\) is a candidate of Zoho user Ravi Kumar \(rkumar@acme\.in; suggested: same-name\), not of /);
  });

  it('names both Zoho users by name and e-mail: two namesakes by bare name read as one person', () => {
    const z = ravi();
    const seat = moUser('ravi@gmail.com', { name: 'Ravi Kumar', extension: '12' });
    const other = zohoUser('rkumar@acme.in', { name: 'Ravi Kumar' });
    const [e] = plan([z, other], [seat], [mappingOf(z, seat, 'manual', AT)]);
    expect(e!.conflict).toBe(
      'MyOperator user Ravi Kumar (ext 12) is a candidate of Zoho user Ravi Kumar (rkumar@acme.in; ambiguous: same-name), not of Ravi Kumar <ravi.kumar@acme.in>, so fix leaves this pair alone until told: ' +
        'if the seat is that of Ravi Kumar <ravi.kumar@acme.in>, `phonebridge-sync fix --only 12` sets it; ' +
        'if it is that of Ravi Kumar <rkumar@acme.in>, `phonebridge-sync map --zoho rkumar@acme.in --myoperator 12 --yes` maps that pair instead.',
    );
  });

  it('the seat that is the other Zoho user\'s own likely match is held as "the likely match"', () => {
    const z = ravi();
    const seat = moUser('nkapoor@gmail.com', { name: 'Neha Kapoor', extension: '21' });
    const neha = zohoUser('neha.k@acme.in', { name: 'Neha Kapoor' });
    const [e] = plan([z, neha], [seat], [mappingOf(z, seat, 'manual', AT)]);
    expect(e!.untilNamed).toBe(true);
    expect(e!.resembles).toBe('the likely match of Zoho user Neha Kapoor (neha.k@acme.in; suggested: same-name)');
  });
});
