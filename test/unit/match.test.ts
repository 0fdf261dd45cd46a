import { describe, expect, it } from '@jest/globals';
import { planFix } from '../../src/core/fix-plan.js';
import { matchUsers, whyLines, type MatchResult } from '../../src/core/match.js';
import { mappingOf, savedPairs } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

function only(zEmail: string, mEmails: string[], zOver = {}, mOver = {}): MatchResult {
  const z = zohoUser(zEmail, zOver);
  const report = matchUsers({ zoho: [z], myoperator: mEmails.map((e) => moUser(e, mOver)) });
  return report.results.find((r) => r.zoho?.id === z.id)!;
}
const codes = (r: MatchResult) => r.reasons.map((x) => x.code);

describe('exact', () => {
  it('maps a byte-identical, unique e-mail with confidence 1 and no reasons', () => {
    const r = only('asha@acme.in', ['asha@acme.in']);
    expect(r.status).toBe('exact');
    expect(r.myoperator?.email).toBe('asha@acme.in');
    expect(r.confidence).toBe(1);
    expect(r.reasons).toEqual([]);
  });

  it('never picks among MyOperator duplicates: ambiguous, both offered, duplicate-email on the MyOperator side', () => {
    const r = only('asha@acme.in', ['asha@acme.in', 'asha@acme.in']);
    expect(r.status).toBe('ambiguous');
    expect(r.myoperator).toBeNull();
    expect(r.candidates).toHaveLength(2);
    expect(r.reasons[0]).toMatchObject({ code: 'duplicate-email', side: 'myoperator' });
    // "choose one by hand" named no way to do it, where match and resync show it.
    expect(r.reasons[0]!.message).toMatch(/^2 MyOperator users have exactly this e-mail: m\d+ \(ext \d+\) and m\d+ \(ext \d+\); choose one by hand \(`map` asks which\)$/);
  });

  it("names the duplicates as people, by name and extension, and says which are switched off (Arjun's old phone beside him), where it gave their uuids alone", () => {
    const now = moUser('arjun@acme.in', { id: 's5f3adc249b2d', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 's5f3aec279b2e', name: 'Arjun M. (old)', extension: '23', active: false });
    const r = matchUsers({ zoho: [zohoUser('arjun@acme.in', { name: 'Arjun Malhotra' })], myoperator: [old, now] }).results[0]!;
    expect(r.status).toBe('ambiguous');
    expect(r.reasons[0]).toEqual({
      code: 'duplicate-email',
      side: 'myoperator',
      message: '2 MyOperator users have exactly this e-mail: Arjun Malhotra (ext 22) and Arjun M. (old) (ext 23, switched off); choose one by hand (`map` asks which)',
    });
  });

  // Three read "a, b, and c" (Intl.ListFormat) where every other list of the tool says "a, b and c".
  it('three duplicates are listed as the rest of the tool lists, with no comma before "and"', () => {
    const r = only('asha@acme.in', ['asha@acme.in', 'asha@acme.in', 'asha@acme.in']);
    expect(r.reasons[0]!.message).toMatch(/^3 MyOperator users have exactly this e-mail: m\d+ \(ext \d+\), m\d+ \(ext \d+\) and m\d+ \(ext \d+\); choose one by hand/);
  });

  it('two Zoho users with one MyOperator e-mail are both ambiguous, and the MyOperator user is not myoperator-only', () => {
    const m = moUser('x@acme.in');
    const report = matchUsers({ zoho: [zohoUser('x@acme.in'), zohoUser('x@acme.in')], myoperator: [m] });
    expect(report.results.map((r) => r.status)).toEqual(['ambiguous', 'ambiguous']);
    expect(report.results[0]!.reasons).toContainEqual(expect.objectContaining({ code: 'duplicate-email', side: 'zoho' }));
  });
});

// Ravi@ beside ravi@ against Zoho's ravi@: the exact one was matched and the other left myoperator-only, "no Zoho
// user still unmatched resembles this one", where byte-identical duplicates make the Zoho user ambiguous.
describe('a duplicate that differs only by case', () => {
  const ravi = () => zohoUser('ravi@acme.in', { id: 'z-ravi', name: 'Ravi Kumar' });
  const upper = () => moUser('Ravi@acme.in', { id: 'm-upper', name: 'Ravi Kumar', extension: '12' });
  const lower = () => moUser('ravi@acme.in', { id: 'm-lower', name: 'Ravi Kumar', extension: '30' });

  it('makes the Zoho user ambiguous between the two, with duplicate-email naming both, and leaves no myoperator-only row', () => {
    const report = matchUsers({ zoho: [ravi()], myoperator: [upper(), lower()] });
    expect(report.results).toHaveLength(1);
    const r = report.results[0]!;
    expect({ status: r.status, myoperator: r.myoperator, candidates: r.candidates.map((c) => [c.user.id, c.confidence, c.reasons.map((x) => x.code)]) }).toEqual({
      status: 'ambiguous',
      myoperator: null,
      candidates: [
        ['m-lower', 1, []],
        ['m-upper', 0.95, ['case']],
      ],
    });
    expect(r.reasons).toEqual([
      {
        code: 'duplicate-email',
        side: 'myoperator',
        message: '2 MyOperator users have this e-mail, exactly or up to case, spaces or look-alike characters: Ravi Kumar (ext 30, exactly) and Ravi Kumar (ext 12, but for letter case); choose one by hand (`map` asks which)',
      },
    ]);
    expect(report.summary).toMatchObject({ exact: 0, ambiguous: 1, 'myoperator-only': 0 });
  });

  // The sentence named both lines alike, "Ravi Kumar (ext 12) and Ravi Kumar (ext 30)", not which one holds the e-mail exactly;
  // then said what differs by its reason codes: "but for whitespace and case", "but for invisible-character".
  it.each([
    { email: 'RAVI@acme.in ', kinds: 'spaces and letter case' },
    { email: 'ravi\u200B@acme.in', kinds: 'invisible characters' },
    { email: 'r\u0430vi@acme.in', kinds: 'look-alike characters' },
  ])('says of each line whether it has the e-mail exactly or but for what ($kinds), beside its being switched off', ({ email, kinds }) => {
    const off = moUser(email, { id: 'm-off', name: 'Ravi K', extension: '14', active: false });
    const r = matchUsers({ zoho: [ravi()], myoperator: [off, lower()] }).results[0]!;
    expect([r.status, r.reasons.map((x) => x.message)]).toEqual([
      'ambiguous',
      [`2 MyOperator users have this e-mail, exactly or up to case, spaces or look-alike characters: Ravi Kumar (ext 30, exactly) and Ravi K (ext 14, switched off, but for ${kinds}); choose one by hand (\`map\` asks which)`],
    ]);
  });

  // The mirror: Ravi@ in Zoho beside ravi@, one line ravi@. ravi@ was exact and Ravi@ zoho-only with no
  // reason, where byte-identical Zoho users are both ambiguous for the line.
  it('two Zoho users whose e-mails differ only by case, against one line: both ambiguous for it, each saying how the other differs', () => {
    const report = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper', name: 'Ravi K' })], myoperator: [lower()] });
    expect(report.results.map((r) => [r.status, r.zoho?.id, r.confidence, r.candidates.map((c) => [c.user.id, c.confidence, c.reasons.map((x) => x.code)]), r.reasons])).toEqual([
      ['ambiguous', 'z-upper', 0.48, [['m-lower', 0.95, ['case']]], [{ code: 'duplicate-email', side: 'zoho', message: 'Another Zoho user (Ravi Kumar <ravi@acme.in>) has this e-mail but for letter case; choose by hand' }]],
      ['ambiguous', 'z-ravi', 0.5, [['m-lower', 1, []]], [{ code: 'duplicate-email', side: 'zoho', message: 'Another Zoho user (Ravi K <Ravi@acme.in>) has this e-mail but for letter case; choose by hand' }]],
    ]);
    expect(report.summary).toMatchObject({ exact: 0, ambiguous: 2, 'zoho-only': 0 });
  });

  // Said by its reason code: "have this e-mail but for invisible-character".
  it('two Zoho users whose e-mails differ by a zero-width space, against one line: each says how the other differs in words', () => {
    const report = matchUsers({ zoho: [ravi(), zohoUser('ravi\u200B@acme.in', { id: 'z-zw', name: 'Ravi K' })], myoperator: [lower()] });
    expect(report.results.map((r) => [r.status, r.zoho?.id, r.reasons.map((x) => x.message)])).toEqual([
      ['ambiguous', 'z-ravi', ['Another Zoho user (Ravi K <ravi<U+200B>@acme.in>) has this e-mail but for invisible characters; choose by hand']],
      ['ambiguous', 'z-zw', ['Another Zoho user (Ravi Kumar <ravi@acme.in>) has this e-mail but for invisible characters; choose by hand']],
    ]);
  });

  // Neither exact for the line, each said the other "has the same e-mail": not true byte for byte.
  it('two Zoho users whose e-mails differ only by case, both near the line: each says the other has it but for case, and a byte twin exactly', () => {
    const caps = moUser('RAVI@acme.in', { id: 'm-caps', name: 'Ravi Kumar' });
    const report = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper', name: 'Ravi K' })], myoperator: [caps] });
    expect(report.results.map((r) => [r.status, r.zoho?.id, r.reasons.find((x) => x.code === 'duplicate-email')?.message])).toEqual([
      ['ambiguous', 'z-upper', 'Another Zoho user (Ravi Kumar <ravi@acme.in>) has this e-mail but for letter case; choose by hand'],
      ['ambiguous', 'z-ravi', 'Another Zoho user (Ravi K <Ravi@acme.in>) has this e-mail but for letter case; choose by hand'],
    ]);
    // A trailing space both have is no difference between them; a byte twin beside the case twin has it exactly.
    const padded = matchUsers({
      zoho: [zohoUser('ravi@acme.in ', { id: 'z-a' }), zohoUser('Ravi@acme.in ', { id: 'z-b' }), zohoUser('ravi@acme.in ', { id: 'z-c' })],
      myoperator: [moUser('ravi@acme.in', { id: 'm-lower' })],
    });
    expect(Object.fromEntries(padded.results.map((r) => [r.zoho!.id, r.reasons.find((x) => x.code === 'duplicate-email')?.message]))).toEqual({
      'z-a': 'Other Zoho users (Ravi@acme.in<U+0020> and ravi@acme.in<U+0020>) have this e-mail exactly or but for letter case; choose by hand',
      // Two labels alike (no name, one e-mail) are told apart by their ids: "(ravi@acme.in<U+0020> and ravi@acme.in<U+0020>)" read as one user twice.
      'z-b': 'Other Zoho users (ravi@acme.in<U+0020> (id z-a) and ravi@acme.in<U+0020> (id z-c)) have this e-mail but for letter case; choose by hand',
      'z-c': 'Other Zoho users (Ravi@acme.in<U+0020> and ravi@acme.in<U+0020>) have this e-mail exactly or but for letter case; choose by hand',
    });
  });

  it('is no duplicate where the other Zoho user has a line of its own up to case: that pair is a mismatch, the exact one stays', () => {
    const report = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' })], myoperator: [lower(), moUser('RAVI@acme.in', { id: 'm-caps' })] });
    expect(report.results.map((r) => [r.status, r.zoho?.id, r.myoperator?.id])).toEqual([
      ['mismatch', 'z-upper', 'm-caps'],
      ['exact', 'z-ravi', 'm-lower'],
    ]);
    // Nor where two Zoho users of the e-mail are matched exactly, each to its line: neither is its duplicate's.
    const two = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' }), zohoUser('RAVI@acme.in', { id: 'z-caps' })], myoperator: [lower(), upper()] });
    expect(two.results.map((r) => [r.status, r.zoho?.id])).toEqual([
      ['zoho-only', 'z-caps'],
      ['exact', 'z-upper'],
      ['exact', 'z-ravi'],
    ]);
    // The third is left with no line, and its row says why: it read zoho-only with no reason ("no MyOperator user still
    // unmatched resembles this one"), though two Zoho users hold its address but for case.
    expect(two.results[0]!.reasons).toEqual([
      { code: 'duplicate-email', side: 'zoho', message: 'Other Zoho users (Ravi@acme.in and Ravi Kumar <ravi@acme.in>) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly: none is left for this one' },
    ]);
    // A Zoho user alone with no such twin keeps the plain zoho-only row.
    const alone = matchUsers({ zoho: [ravi(), zohoUser('asha@acme.in', { id: 'z-asha' })], myoperator: [lower()] });
    expect(alone.results.find((r) => r.zoho?.id === 'z-asha')!.reasons).toEqual([]);
  });

  // A switched-off twin still holds its line: PhoneBridge may tie that line to its e-mail, and the match
  // pairs them (inactive), so the third has no line either way. Beside one exact twin it read zoho-only
  // with no reason ("no MyOperator user still unmatched resembles this one"), beside two the off one went
  // uncounted ("Other Zoho users (z-upper, z-ravi) …").
  it('counts a switched-off Zoho twin that holds a line of its own in the third twin\'s reason, and says it is off', () => {
    const off = zohoUser('RAVI@acme.in', { id: 'z-off', active: false, status: 'disabled' });
    const caps = moUser('RAVI@acme.in', { id: 'm-caps', extension: '14' });
    const third = (zoho: ZohoUser[], myoperator: MyOperatorUser[], id: string) => matchUsers({ zoho, myoperator }).results.find((r) => r.zoho?.id === id)!;
    const one = third([ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' }), off], [lower(), caps], 'z-upper');
    expect([one.status, one.myoperator, one.reasons]).toEqual([
      'zoho-only',
      null,
      [{ code: 'duplicate-email', side: 'zoho', message: 'Other Zoho users (RAVI@acme.in and Ravi Kumar <ravi@acme.in>) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly (that of RAVI@acme.in too, though it is "disabled"): none is left for this one' }],
    ]);
    const two = third([ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' }), zohoUser('rAvi@acme.in', { id: 'z-mixed' }), off], [lower(), upper(), caps], 'z-mixed');
    expect(two.reasons.map((x) => x.message)).toEqual([
      'Other Zoho users (RAVI@acme.in, Ravi@acme.in and Ravi Kumar <ravi@acme.in>) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly (that of RAVI@acme.in too, though it is "disabled"): none is left for this one',
    ]);
    // A deleted Zoho record competes with nobody and is given no line: that line is the third's, a mismatch, no twin said.
    const deleted = third([ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' }), { ...off, status: 'deleted' }], [lower(), caps], 'z-upper');
    expect([deleted.status, deleted.myoperator?.id, deleted.reasons.map((x) => x.code)]).toEqual(['mismatch', 'm-caps', ['case']]);
  });

  // They were named by their 19-digit ids ("Other Zoho users (4815900000000999994, 4815900000000107919) …"), which
  // name nobody a person can find: as other sentences name a Zoho user (listedUser), four at the most.
  it('names the other Zoho users of the e-mail by name and e-mail (a nameless one by e-mail), past four the first three and how many more', () => {
    const zoho = [
      zohoUser('ravi@acme.in', { id: '4815900000000107919', name: 'Ravi Kumar' }),
      zohoUser('Ravi@acme.in', { id: '4815900000000999994', name: 'Ravi K' }),
      zohoUser('RAVI@acme.in', { id: '4815900000000999995' }),
      zohoUser('rAvi@acme.in', { id: '4815900000000999996', name: 'R. Kumar' }),
      zohoUser('raVi@acme.in', { id: '4815900000000999997', name: 'Ravi (desk)' }),
    ];
    const why = (report: ReturnType<typeof matchUsers>, id: string) => report.results.find((r) => r.zoho?.id === id)!.reasons.map((x) => x.message);
    // Against one line, each is ambiguous; four others are all named.
    const four = matchUsers({ zoho, myoperator: [lower()] });
    expect(why(four, '4815900000000107919')).toEqual([
      'Other Zoho users (RAVI@acme.in, Ravi K <Ravi@acme.in>, R. Kumar <rAvi@acme.in> and Ravi (desk) <raVi@acme.in>) have this e-mail but for letter case; choose by hand',
    ]);
    // A fifth: the first three and how many more.
    const five = [...zoho, zohoUser('ravI@acme.in', { id: '4815900000000999998', name: 'Kumar R' })];
    expect(why(matchUsers({ zoho: five, myoperator: [lower()] }), '4815900000000107919')).toEqual([
      'Other Zoho users (RAVI@acme.in, Ravi K <Ravi@acme.in>, R. Kumar <rAvi@acme.in> and 2 more) have this e-mail but for letter case; choose by hand',
    ]);
    // The one left with no line beside five twins matched exactly, one of them switched off: that one is named where it is
    // said to be off, though the list leaves it among the "more".
    const lines = five.slice(0, 5).map((z, i) => moUser(z.email, { id: `m-${i}`, extension: `${20 + i}` }));
    const left = matchUsers({ zoho: [...five.slice(0, 4), { ...five[4]!, active: false, status: 'disabled' }, five[5]!], myoperator: lines });
    expect(why(left, '4815900000000999998')).toEqual([
      'Other Zoho users (RAVI@acme.in, Ravi K <Ravi@acme.in>, R. Kumar <rAvi@acme.in> and 2 more) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly (that of Ravi (desk) <raVi@acme.in> too, though it is "disabled"): none is left for this one',
    ]);
    // Two switched off: both named where they are said to be off.
    const twoOff = matchUsers({ zoho: [...five.slice(0, 3), ...five.slice(3, 5).map((z) => ({ ...z, active: false, status: 'disabled' })), five[5]!], myoperator: lines });
    expect(why(twoOff, '4815900000000999998')).toEqual([
      'Other Zoho users (RAVI@acme.in, Ravi K <Ravi@acme.in>, R. Kumar <rAvi@acme.in> and 2 more) have this e-mail but for letter case, and each has a MyOperator line of its own, matched exactly (those of R. Kumar <rAvi@acme.in> and Ravi (desk) <raVi@acme.in> too, though they are not active in Zoho): none is left for this one',
    ]);
  });

  // It read 0.48, the case twin's 0.95 halved because "Ravi@" sorts before "ravi@", where byte duplicates read 0.50.
  it("gives the Zoho user the confidence of byte-identical duplicates (its likeliest candidate's, shared), whichever line sorts first", () => {
    for (const myoperator of [[upper(), lower()], [lower(), upper()]]) {
      expect(matchUsers({ zoho: [ravi()], myoperator }).results[0]!.confidence).toBe(0.5);
    }
    const bytes = matchUsers({ zoho: [ravi()], myoperator: [lower(), { ...lower(), id: 'm-other', extension: '12' }] }).results[0]!;
    expect([bytes.status, bytes.confidence]).toEqual(['ambiguous', 0.5]);
  });

  it('is no duplicate where another Zoho user has its e-mail exactly: each line is that user\'s exact match', () => {
    const report = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' })], myoperator: [upper(), lower()] });
    expect(report.results.map((r) => [r.status, r.zoho?.id, r.myoperator?.id])).toEqual([
      ['exact', 'z-upper', 'm-upper'],
      ['exact', 'z-ravi', 'm-lower'],
    ]);
  });

  it('is neither\'s duplicate where two Zoho users matched exactly both have its e-mail up to case: both stay exact, the line left to the rest of matching', () => {
    const third = moUser('RAVI@acme.in', { id: 'm-third', name: 'Ravi Kumar', extension: '31' });
    const report = matchUsers({ zoho: [ravi(), zohoUser('Ravi@acme.in', { id: 'z-upper' })], myoperator: [upper(), lower(), third] });
    expect(report.results.map((r) => [r.status, r.zoho?.id ?? null, r.myoperator?.id ?? null])).toEqual([
      ['exact', 'z-upper', 'm-upper'],
      ['exact', 'z-ravi', 'm-lower'],
      ['myoperator-only', null, 'm-third'],
    ]);
  });
});

describe('mismatch: the same address, not byte-identical', () => {
  it('case: names the positions and the letters on each side', () => {
    const r = only('Ravi.Kumar@acme.in', ['ravi.kumar@acme.in']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'case', side: 'zoho', message: expect.stringContaining('positions 1 ("R" in Zoho, "r" in MyOperator), 6 ("K"') }),
    ]);
  });

  it('whitespace: a trailing space on the MyOperator side, with its code point', () => {
    const r = only('meena@acme.in', ['meena@acme.in ']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons[0]).toMatchObject({ code: 'whitespace', side: 'myoperator' });
    expect(r.reasons[0]!.message).toMatch(/a space \(U\+0020\) at the end/);
  });

  it("invisible-character: the zero-width space of DESIGN's example, named with its position", () => {
    const r = only('ravi@acme.in', ['ravi\u200b@acme.in']);
    expect(r.reasons[0]).toEqual({
      code: 'invisible-character',
      side: 'myoperator',
      message: 'MyOperator e-mail has a zero-width space (U+200B) at position 5, after "ravi"',
    });
  });

  it.each([
    ['\ufeffravi@acme.in', /byte-order mark .*U\+FEFF/],
    ['ra\u00advi@acme.in', /soft hyphen \(U\+00AD\)/],
    ['ravi\u0007@acme.in', /control character \(U\+0007\)/],
  ])('invisible-character: %j', (zEmail, message) => {
    const r = only(zEmail, ['ravi@acme.in']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons[0]).toMatchObject({ code: 'invisible-character', side: 'zoho', message: expect.stringMatching(message) });
  });

  it('unicode-normalization: full-width letters (NFKC) and decomposed accents (NFC)', () => {
    const full = only('priya@acme.in', ['\uff50riya@acme.in']);
    expect(full.reasons[0]).toMatchObject({ code: 'unicode-normalization', side: 'myoperator', message: expect.stringMatching(/full-width "ｐ" \(U\+FF50/) });
    const nfd = only('jos\u00e9@acme.in', ['jose\u0301@acme.in']);
    expect(nfd.status).toBe('mismatch');
    expect(nfd.reasons[0]).toMatchObject({ code: 'unicode-normalization', side: 'myoperator', message: expect.stringMatching(/decomposed "é".*U\+0301.*NFC/) });
  });

  it('confusable-character: Cyrillic а for Latin a, with the script', () => {
    const r = only('anil@acme.in', ['\u0430nil@acme.in']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons[0]).toMatchObject({
      code: 'confusable-character',
      side: 'myoperator',
      message: expect.stringMatching(/"а" \(U\+0430, Cyrillic\), which looks like Latin "a"/),
    });
  });

  it('confusables come from UTS #39 data, not a hand list: Greek omicron and Cherokee letters too', () => {
    expect(only('bob@acme.in', ['b\u03bfb@acme.in']).reasons[0]?.code).toBe('confusable-character');
    expect(only('SAM@acme.in', ['S\u13aaM@acme.in']).reasons[0]?.code).toBe('confusable-character');
  });

  it('ASCII look-alikes are different addresses, not a mismatch', () => {
    expect(only('john1@acme.in', ['johnl@acme.in']).status).not.toBe('mismatch');
  });

  it('several differences are all reported', () => {
    const r = only(' Ravi@acme.in', ['ravi\u200b@acme.in']);
    expect(new Set(codes(r))).toEqual(new Set(['whitespace', 'invisible-character', 'case']));
  });
});

describe('suggested: probably the same person', () => {
  it('plus-address names the side with the tag', () => {
    const r = only('sunil+crm@acme.in', ['sunil@acme.in']);
    expect(r.status).toBe('suggested');
    expect(r.reasons[0]).toMatchObject({ code: 'plus-address', side: 'zoho', message: expect.stringContaining('"+crm"') });
  });

  it('local-part-typo: one swap within a long local part, described', () => {
    const r = only('deepak.verma@acme.in', ['deepak.vemra@acme.in']);
    expect(r.status).toBe('suggested');
    expect(r.reasons[0]).toMatchObject({ code: 'local-part-typo', message: expect.stringContaining('swapped at position 10') });
  });

  it('local-part-typo is bounded by length: short local parts get none', () => {
    expect(only('ravi@acme.in', ['rave@acme.in']).status).toBe('zoho-only');
    expect(only('deepak.verma@acme.in', ['deepak.xxxxx@acme.in']).status).toBe('zoho-only');
  });

  it('domain-typo is judged against the domains the company uses', () => {
    const company = Array.from({ length: 5 }, (_, i) => moUser(`p${i}@acmetraders.in`));
    const z = zohoUser('kavita@acmetraders.in');
    const m = moUser('kavita@acmetrader.in');
    const r = matchUsers({ zoho: [z], myoperator: [...company, m] }).results.find((x) => x.zoho?.id === z.id)!;
    expect(r.status).toBe('suggested');
    expect(r.reasons[0]).toMatchObject({
      code: 'domain-typo',
      side: 'myoperator',
      message: expect.stringContaining('"acmetrader.in" looks like a typo of "acmetraders.in"'),
    });
  });

  it('a fuzzy sentence quotes each e-mail as its user has it: letter case kept, a control character as its code point', () => {
    const anna = only('ANNA.ROY@X.IN', ['anna.roy@x.com']);
    expect(anna.reasons.find((x) => x.code === 'other-domain')!.message).toBe('Same local part (Zoho "ANNA.ROY", MyOperator "anna.roy") on another domain: Zoho "@X.IN", MyOperator "@x.com"');
    const ctrl = only('control@acme.in', ['control@acme.in\u001b[2J']);
    const typo = ctrl.reasons.find((x) => x.code === 'other-domain')!.message;
    expect(typo).toBe('Same local part "control" on another domain: Zoho "@acme.in", MyOperator "@acme.in<U+001B>[2J"');
    const sunil = only('Sunil.Das+CRM@Acme.in', ['sunil.das@acme.in']);
    expect(sunil.reasons.find((x) => x.code === 'plus-address')!.message).toBe('Zoho e-mail has the plus tag "+CRM" that the other side\'s lacks');
  });

  it('other-domain: same local part elsewhere', () => {
    const r = only('rahul.gupta@acme.in', ['rahul.gupta@acme-group.com']);
    expect(r.status).toBe('suggested');
    expect(codes(r)).toEqual(['other-domain']);
  });

  it('same-name with unrelated e-mails, ignoring case, accents and word order', () => {
    const r = only('neha.k@acme.in', ['nkapoor@gmail.com'], { name: 'Neha Kapoor' }, { name: 'KAPOOR, Néha' });
    expect(r.status).toBe('suggested');
    expect(codes(r)).toEqual(['same-name']);
  });

  it('two equally likely candidates are ambiguous, not a guess', () => {
    const r = only('neha@acme.in', ['a@x.com', 'b@y.com'], { name: 'Neha Kapoor' }, { name: 'Neha Kapoor' });
    expect(r.status).toBe('ambiguous');
    expect(r.candidates).toHaveLength(2);
  });
});

describe('fuzzy ambiguity', () => {
  it('says what ties the rivals: two nameless Zoho users with the same local part on other domains are tied by other-domain, not same-name', () => {
    const a = zohoUser('anna.roy@x.in');
    const b = zohoUser('anna.roy@y.in');
    const report = matchUsers({ zoho: [a, b], myoperator: [moUser('anna.roy@z.com')] });
    const r = report.results.find((x) => x.zoho?.id === a.id)!;
    expect(r.status).toBe('ambiguous');
    expect(r.reasons).toEqual([
      { code: 'other-domain', side: 'zoho', message: `Another Zoho user (${b.email}) is as likely to be this MyOperator user, by the same local part on another domain; choose by hand` },
    ]);
  });
});

describe('empty, inactive, one side only, mapped, ignored', () => {
  it('an empty e-mail never matches an empty e-mail', () => {
    const report = matchUsers({ zoho: [zohoUser('')], myoperator: [moUser('')] });
    expect(report.results.map((r) => r.status)).toEqual(['zoho-only', 'myoperator-only']);
    expect(report.results[0]!.reasons[0]).toMatchObject({ code: 'empty-email', side: 'zoho' });
    expect(report.results[1]!.reasons[0]).toMatchObject({ code: 'empty-email', side: 'myoperator' });
  });

  it('an inactive user on either side is reported, never auto-mapped', () => {
    const z = only('farhan@acme.in', ['farhan@acme.in'], { active: false, status: 'disabled' });
    expect(z.status).toBe('inactive');
    expect(z.reasons).toContainEqual(expect.objectContaining({ code: 'inactive', side: 'zoho' }));
    const m = only('lakshmi@acme.in', ['lakshmi@acme.in'], {}, { active: false });
    expect(m.status).toBe('inactive');
    expect(m.reasons).toContainEqual(expect.objectContaining({ code: 'inactive', side: 'myoperator' }));
  });

  // Arjun's old phone (ext 23, switched off) kept his Zoho e-mail byte for byte; the phone on duty
  // (ext 22) has it but for letter case. The old phone was offered alone, inactive, and ext 22 read
  // "no Zoho user still unmatched resembles this one".
  describe('a switched-off phone with the exact e-mail beside the phone on duty that has it up to case', () => {
    const arjun = () => {
      const now = moUser('Arjun.Malhotra@acme.in', { id: 's5f3adc249b2d', name: 'Arjun Malhotra', extension: '22' });
      const old = moUser('arjun.malhotra@acme.in', { id: 's5f3aec279b2e', name: 'Arjun M. (old)', extension: '23', active: false });
      return { z: zohoUser('arjun.malhotra@acme.in', { name: 'Arjun Malhotra' }), now, old };
    };

    it('leads with the phone on duty, as a mismatch, and says the old phone must give the e-mail up first', () => {
      const { z, now, old } = arjun();
      for (const myoperator of [
        [old, now],
        [now, old],
      ]) {
        const report = matchUsers({ zoho: [z], myoperator });
        const r = report.results[0]!;
        expect(r).toMatchObject({ status: 'mismatch', zoho: z, myoperator: now, confidence: 0.95 });
        expect(r.candidates.map((c) => c.user)).toEqual([now]);
        expect(codes(r)).toEqual(['case', 'duplicate-email']);
        expect(r.reasons[1]).toEqual({
          code: 'duplicate-email',
          side: 'myoperator',
          message:
            "MyOperator user Arjun M. (old) (ext 23, switched off) still has this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets the e-mail of Arjun Malhotra (ext 22)",
        });
        // The old phone is named in Arjun's row, not listed as a user nobody resembles.
        expect(report.results).toHaveLength(1);
        expect(report.summary).toMatchObject({ mismatch: 1, inactive: 0, 'myoperator-only': 0 });
      }
    });

    it('fix plans no change while the old phone holds the e-mail, and sets the phone on duty once it gave it up', () => {
      const { z, now, old } = arjun();
      const held = planFix({ zoho: [z], myoperator: [old, now], mappings: [], report: matchUsers({ zoho: [z], myoperator: [old, now] }) });
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ myoperator: now, to: 'arjun.malhotra@acme.in', conflict: expect.stringContaining('Arjun M. (old) (ext 23') });
      const gaveUp = { ...old, email: 'arjun.old@acme.in' };
      const free = planFix({ zoho: [z], myoperator: [gaveUp, now], mappings: [], report: matchUsers({ zoho: [z], myoperator: [gaveUp, now] }) });
      expect(free).toEqual([expect.objectContaining({ myoperator: now, from: 'Arjun.Malhotra@acme.in', to: 'arjun.malhotra@acme.in' })]);
      expect(free[0]!.conflict).toBeUndefined();
    });

    // Two old phones (ext 23, and Night Shift's ext 31 handed the e-mail once) were offered as the
    // choice, ambiguous, and the phone on duty was listed "matched by none", with no reason at all.
    it('with two switched-off phones holding the e-mail exactly, still leads with the phone on duty and names both', () => {
      const { z, now, old } = arjun();
      const night = moUser('arjun.malhotra@acme.in', { id: 's5f3b6c3f9b36', name: 'Night Shift', extension: '31', active: false });
      for (const myoperator of [
        [old, night, now],
        [now, night, old],
      ]) {
        const report = matchUsers({ zoho: [z], myoperator });
        const r = report.results[0]!;
        expect(r).toMatchObject({ status: 'mismatch', zoho: z, myoperator: now });
        expect(r.candidates.map((c) => c.user)).toEqual([now]);
        expect(codes(r)).toEqual(['case', 'duplicate-email']);
        expect(r.reasons[1]!.message).toBe(
          "MyOperator users Arjun M. (old) (ext 23, switched off) and Night Shift (ext 31, switched off) still have this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change their e-mails first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail, and likewise Night Shift); then `fix` sets the e-mail of Arjun Malhotra (ext 22)",
        );
        expect(report.results).toHaveLength(1);
        const plan = planFix({ zoho: [z], myoperator, mappings: [], report });
        expect(plan).toEqual([expect.objectContaining({ myoperator: now, conflict: expect.stringContaining('MyOperator users Arjun M. (old) (ext 23, switched off) and Night Shift (ext 31, switched off) still have') })]);
      }
    });

    it('with two switched-off phones and no active twin, the two are the choice as before', () => {
      const { z, now, old } = arjun();
      const night = moUser('arjun.malhotra@acme.in', { id: 's5f3b6c3f9b36', name: 'Night Shift', extension: '31', active: false });
      const r = matchUsers({ zoho: [z], myoperator: [old, night, { ...now, active: false }] }).results;
      expect(r[0]).toMatchObject({ status: 'ambiguous', myoperator: null });
      expect(r[0]!.candidates.map((c) => c.user.id).sort()).toEqual([old.id, night.id].sort());
    });

    it('with no active twin, the old phone is reported inactive as before', () => {
      const { z, now, old } = arjun();
      const off = { ...now, active: false };
      const r = matchUsers({ zoho: [z], myoperator: [old, off] }).results;
      expect(r[0]).toMatchObject({ status: 'inactive', myoperator: old, confidence: 1 });
      expect(r[1]).toMatchObject({ status: 'myoperator-only', myoperator: off });
    });
  });

  it('a Zoho user switched off is named by its status, with reactivation as the cure (a deleted one has none, below)', () => {
    const z = only('farhan@acme.in', ['farhan@acme.in'], { active: false, status: 'disabled' });
    expect(z.reasons.filter((r) => r.side === 'zoho').map((r) => r.message)).toEqual(['Zoho user is "disabled"; it is never mapped automatically (reactivate it, or leave it)']);
    // Zoho's own word, as doctor --calls quotes it: never raw, where an escape drives the terminal.
    const odd = only('farhan@acme.in', ['farhan@acme.in'], { active: false, status: 'disabled\u001b[2J' });
    expect(odd.reasons.find((r) => r.side === 'zoho')!.message).toBe('Zoho user is "disabled<U+001B>[2J"; it is never mapped automatically (reactivate it, or leave it)');
  });

  it("a Zoho user who has not accepted Zoho's invitation keeps the pair (exact, mapped, mismatch) and says beside it that PhoneBridge attributes none of its calls until then", () => {
    const unconfirmed = {
      code: 'unconfirmed',
      side: 'zoho',
      message: "Zoho user has not accepted Zoho's invitation (not confirmed), so PhoneBridge attributes none of its calls until the invitation is accepted (an admin can resend it from Zoho's Setup → Users)",
    };
    const pooja = zohoUser('pooja@acme.in', { confirmed: false });
    const phone = moUser('pooja@acme.in');
    const report = matchUsers({ zoho: [pooja], myoperator: [phone] });
    // The pair is right and works once she accepts: counted exact, as scripts read the summary.
    expect(report.results[0]).toMatchObject({ status: 'exact', myoperator: phone, confidence: 1, reasons: [unconfirmed] });
    expect(report.summary).toMatchObject({ exact: 1, inactive: 0 });
    const mapped = matchUsers({ zoho: [pooja], myoperator: [phone], mappings: [{ zohoId: pooja.id, myoperatorId: phone.id }] }).results[0]!;
    expect(mapped).toMatchObject({ status: 'mapped', reasons: [unconfirmed] });
    // After the pair's own reasons; fix's plan gives only why the e-mails differ.
    const mis = only('Pooja@acme.in', ['pooja@acme.in'], { confirmed: false });
    expect(codes(mis)).toEqual(['case', 'unconfirmed']);
    const fixReport = matchUsers({ zoho: [mis.zoho!], myoperator: [mis.myoperator!] });
    expect(planFix({ zoho: [mis.zoho!], myoperator: [mis.myoperator!], mappings: [], report: fixReport })[0]!.reasons.map((x) => x.code)).toEqual(['case']);
    // A disabled one is said by its status: inactive, as before.
    expect(codes(only('p@acme.in', ['p@acme.in'], { confirmed: false, active: false, status: 'disabled' }))).toEqual(['inactive']);
  });

  it('zoho-only and myoperator-only when nobody resembles anybody', () => {
    const report = matchUsers({ zoho: [zohoUser('gaurav@acme.in')], myoperator: [moUser('reception@acme.in')] });
    expect(report.results.map((r) => r.status)).toEqual(['zoho-only', 'myoperator-only']);
    expect(report.summary['zoho-only']).toBe(1);
    expect(report.summary['myoperator-only']).toBe(1);
  });

  it('a side that listed nobody: the other side\'s users were compared with no one, and say so rather than "no user resembles this one"', () => {
    // "no MyOperator user still unmatched resembles this one" on every row read as if each were looked at and found alone.
    const unconfirmed = zohoUser('ravi@acme.in', { confirmed: false });
    const noMo = matchUsers({ zoho: [zohoUser('gaurav@acme.in'), unconfirmed], myoperator: [] });
    expect(noMo.results.map((r) => r.status)).toEqual(['zoho-only', 'zoho-only']);
    const notCompared = { code: 'myoperator-side-empty', side: 'myoperator', message: 'Not compared with anyone: no MyOperator user was listed at all' };
    expect(noMo.results.map((r) => r.reasons)).toEqual([[notCompared], [notCompared, expect.objectContaining({ code: 'unconfirmed' })]]);
    expect(noMo.results.map((r) => whyLines(r, (x) => x.message)[0])).toEqual([notCompared.message, notCompared.message]);
    const noZoho = matchUsers({ zoho: [], myoperator: [moUser('reception@acme.in')] });
    expect(noZoho.results.map((r) => [r.status, r.reasons])).toEqual([
      ['myoperator-only', [{ code: 'zoho-side-empty', side: 'zoho', message: 'Not compared with anyone: no Zoho user was listed at all' }]],
    ]);
  });

  it('a side whose only users were left out of the match (leftOut: held by a stale pair resync keeps) listed them all the same: not "no user was listed at all"', () => {
    const held = { zoho: [zohoUser('deepak@acme.in')], myoperator: [moUser('deepak.v@gmail.com')] };
    const noMoHere = matchUsers({ zoho: [zohoUser('neha@acme.in')], myoperator: [], leftOut: { zoho: [], myoperator: held.myoperator } });
    expect(noMoHere.results.map((r) => [r.status, r.reasons])).toEqual([['zoho-only', []]]);
    const noZohoHere = matchUsers({ zoho: [], myoperator: [moUser('desk@acme.in')], leftOut: { zoho: held.zoho, myoperator: [] } });
    expect(noZohoHere.results.map((r) => [r.status, r.reasons])).toEqual([['myoperator-only', []]]);
  });

  it('a saved mapping of two active users is mapped even when e-mails differ; ignored users claim nobody', () => {
    const z1 = zohoUser('a@acme.in');
    const z2 = zohoUser('b@acme.in');
    const m1 = moUser('other@acme.in');
    const m2 = moUser('b@acme.in');
    const report = matchUsers({ zoho: [z1, z2], myoperator: [m1, m2], mappings: [{ zohoId: z1.id, myoperatorId: m1.id }], ignored: [z2.id] });
    const byZ = (id: string) => report.results.find((r) => r.zoho?.id === id)!;
    expect(byZ(z1.id).status).toBe('mapped');
    expect(byZ(z2.id).status).toBe('ignored');
    // Matched to nobody, by choice: no confidence in a match (it read 1.00 in match's output).
    expect(byZ(z2.id)).toMatchObject({ myoperator: null, confidence: 0 });
    expect(report.results.find((r) => r.myoperator?.id === m2.id)?.status).toBe('myoperator-only');
  });

  // A shared line left unmapped on purpose (`map --ignore-myoperator`): "leave this line as it is".
  // Kept out of every tier, as an ignored Zoho user is, so no Zoho user is matched or offered to it
  // and fix, which plans from the mismatches, never changes its e-mail.
  it.each([
    ['exact', 'reception@acme.in'],
    ['mismatch', 'Reception@acme.in'],
    ['suggested', 'reception+crm@acme.in'],
  ])('a MyOperator user left unmapped on purpose is matched to no Zoho user, nor offered, that would have been %s', (was, email) => {
    const z = zohoUser(email);
    const desk = moUser('reception@acme.in', { name: 'Front Desk' });
    expect(matchUsers({ zoho: [z], myoperator: [desk] }).results[0]!.status).toBe(was);
    const report = matchUsers({ zoho: [z], myoperator: [desk], ignoredMyOperator: [desk.id] });
    expect(report.results.map((r) => [r.status, r.zoho?.id ?? null, r.myoperator?.id ?? null, r.candidates.length])).toEqual([
      ['zoho-only', z.id, null, 0],
      ['myoperator-ignored', null, desk.id, 0],
    ]);
    expect(planFix({ zoho: [z], myoperator: [desk], mappings: [], report })).toEqual([]);
  });

  // PhoneBridge links by the e-mail itself: the line's calls go to that Zoho user whatever the store
  // says. Its row said "no MyOperator user still unmatched resembles this one", and doctor's
  // one-side-only sent the admin to create a MyOperator user for someone already tied to the line.
  it('a Zoho user whose exact e-mail a line left unmapped on purpose holds says the tie on its row, with the map and the panel; one with it but for case does not', () => {
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    const office = zohoUser('reception@acme.in', { name: 'Front Office' });
    const users = { zoho: [office], myoperator: [desk] };
    const r = matchUsers({ ...users, ignoredMyOperator: [desk.id] }).results[0]!;
    expect([r.status, r.myoperator, r.candidates]).toEqual(['zoho-only', null, []]);
    expect(r.reasons).toEqual([
      {
        code: 'left-unmapped-holder',
        side: 'myoperator',
        message:
          "MyOperator user Front Desk (ext 10), left unmapped on purpose, has exactly this e-mail, so PhoneBridge ties its calls to Front Office <reception@acme.in> whatever the mappings file says: to give them to that Zoho user, `phonebridge-sync map --zoho reception@acme.in --myoperator 10` maps the two; to leave the line unmapped, change or remove its e-mail in MyOperator's panel: Manage → Users → Front Desk → e-mail",
      },
    ]);
    expect(whyLines(r, (x) => x.message).join('\n')).not.toContain('resembles');
    // Switched off, it takes no calls until it is on again.
    const off = matchUsers({ zoho: [office], myoperator: [{ ...desk, active: false }], ignoredMyOperator: [desk.id] }).results[0]!;
    expect(off.reasons[0]!.message).toMatch(/^MyOperator user Front Desk \(ext 10, switched off\), left unmapped on purpose, has exactly this e-mail, so PhoneBridge would tie its calls to Front Office <reception@acme.in> once it takes calls again, whatever the mappings file says: /);
    // Two Zoho users may share a name: the one the line is tied to is told by its e-mail too, as each
    // of its sentences names a Zoho user. The ways out name it by the e-mail map takes, its id where
    // that e-mail is not its own alone.
    const namesake = zohoUser('front.office@acme.in', { name: 'Front Office' });
    const two = matchUsers({ zoho: [office, namesake], myoperator: [desk], ignoredMyOperator: [desk.id] }).results.find((x) => x.zoho?.id === office.id)!;
    expect(two.reasons[0]!.message).toContain('so PhoneBridge ties its calls to Front Office <reception@acme.in> whatever the mappings file says: to give them to that Zoho user, `phonebridge-sync map --zoho reception@acme.in --myoperator 10`');
    // But for case, PhoneBridge links nobody by it: nobody resembles it, as before.
    const upper = matchUsers({ zoho: [zohoUser('Reception@acme.in')], myoperator: [desk], ignoredMyOperator: [desk.id] }).results[0]!;
    expect([upper.status, upper.reasons]).toEqual(['zoho-only', []]);
  });

  it('a duplicate of a line left unmapped on purpose makes no one ambiguous: the other holder of the e-mail is the match', () => {
    const z = zohoUser('sales@acme.in');
    const desk = moUser('sales@acme.in', { name: 'Sales line' });
    const priya = moUser('sales@acme.in', { name: 'Priya' });
    expect(matchUsers({ zoho: [z], myoperator: [desk, priya] }).results[0]!.status).toBe('ambiguous');
    const report = matchUsers({ zoho: [z], myoperator: [desk, priya], ignoredMyOperator: [desk.id] });
    expect(report.results.map((r) => [r.status, r.myoperator?.id])).toEqual([
      ['exact', priya.id],
      ['myoperator-ignored', desk.id],
    ]);
  });

  it('same name with one e-mail missing says the names match, not that the e-mails "do not match"', () => {
    const z = zohoUser('suresh.pillai@acme.in', { name: 'Suresh Pillai' });
    const m = moUser('', { name: 'Suresh Pillai' });
    const r = matchUsers({ zoho: [z], myoperator: [m] }).results.find((x) => x.zoho)!;
    expect(r.candidates[0]!.reasons.map((x) => x.message)).toContain('Same name "Suresh Pillai" on both sides');
  });

  it('a deleted Zoho record with an active user\'s e-mail competes for nobody: the active one stays exact, the deleted one inactive', () => {
    const asha = zohoUser('asha@acme.in');
    const old = zohoUser('asha@acme.in', { active: false, status: 'deleted' });
    const m = moUser('asha@acme.in');
    const report = matchUsers({ zoho: [old, asha], myoperator: [m] });
    const byZ = (id: string) => report.results.find((r) => r.zoho?.id === id)!;
    expect(byZ(asha.id)).toMatchObject({ status: 'exact', myoperator: m });
    expect(byZ(old.id)).toMatchObject({ status: 'inactive', myoperator: null, candidates: [] });
    expect(byZ(old.id).reasons.map((r) => r.message)).toEqual(['Zoho user is deleted in Zoho; it is never mapped automatically (there is no user to reactivate)']);
    expect(report.summary).toMatchObject({ exact: 1, inactive: 1, ambiguous: 0 });
  });

  it('a saved pair whose e-mails differ says PhoneBridge attributes none of its MyOperator user\'s calls, named, until fix; an equal pair says nothing', () => {
    const z1 = zohoUser('a@acme.in');
    const z2 = zohoUser('b@acme.in');
    const z3 = zohoUser('c@acme.in');
    const m1 = moUser('other@acme.in', { name: 'Front Desk', extension: '10' });
    const m2 = moUser('b@acme.in');
    const m3 = moUser('');
    const report = matchUsers({
      zoho: [z1, z2, z3],
      myoperator: [m1, m2, m3],
      mappings: [
        { zohoId: z1.id, myoperatorId: m1.id },
        { zohoId: z2.id, myoperatorId: m2.id },
        { zohoId: z3.id, myoperatorId: m3.id },
      ],
    });
    const reasonsOf = (id: string) => report.results.find((r) => r.zoho?.id === id)!.reasons;
    expect(reasonsOf(z1.id)).toEqual([
      {
        code: 'needs-fix',
        side: 'myoperator',
        // "none of these calls": no call is listed on a match row, nor in doctor's or --json's.
        message:
          'Saved mapping, but MyOperator holds "other@acme.in", not the Zoho e-mail byte for byte: PhoneBridge attributes none of the calls of MyOperator user Front Desk (ext 10) until it holds the Zoho one (`phonebridge-sync fix` sets it)',
      },
    ]);
    expect(reasonsOf(z2.id)).toEqual([]);
    expect(reasonsOf(z3.id)[0]!.message).toMatch(/^Saved mapping, but the MyOperator user has no e-mail:/);
    // A look-alike letter is shown as its code point, or the sentence would seem to quote the Zoho e-mail.
    const anil = zohoUser('anil@acme.in');
    const phone = moUser('\u0430nil@acme.in');
    const alike = matchUsers({ zoho: [anil], myoperator: [phone], mappings: [{ zohoId: anil.id, myoperatorId: phone.id }] });
    expect(alike.results[0]!.reasons[0]!.message).toMatch(/^Saved mapping, but MyOperator holds "<U\+0430>nil@acme\.in"/);
  });

  it('a saved pair whose Zoho e-mail has a look-alike or a right-to-left mark blames Zoho and sends to Zoho, not to `fix` (which refuses it)', () => {
    for (const bad of ['\u0430nil@acme.in', 'anil\u200f@acme.in']) {
      const z = zohoUser(bad, { name: 'Anil Mehta' });
      const m = moUser('anil@acme.in', { name: 'Anil Mehta', extension: '15' });
      const mappings = [mappingOf(z, m, 'manual', '2026-11-25T00:00:00.000Z')];
      const report = matchUsers({ zoho: [z], myoperator: [m], ...savedPairs({ mappings, ignored: [] }) });
      const [reason, ...rest] = report.results[0]!.reasons;
      expect(rest).toEqual([]);
      expect(reason).toMatchObject({ code: 'needs-fix', side: 'zoho' });
      expect(reason!.message).toMatch(
        /^Saved mapping, but PhoneBridge attributes none of the calls of MyOperator user Anil Mehta \(ext 15\), and `fix` will not copy the Zoho e-mail: Zoho e-mail has .*; copying it would spread the error, so change it in Zoho \(Setup → Users → Anil Mehta\) first$/,
      );
      expect(reason!.message).not.toContain('phonebridge-sync fix');
      // fix's own verdict on the same pair is the same sentence: the two never disagree.
      const [entry] = planFix({ zoho: [z], myoperator: [m], mappings, report });
      expect(reason!.message).toContain(entry!.conflict!.replace(/\.$/, ''));
    }
  });

  it('a saved pair whose users have left says the Zoho user is mapped and the mapping stale, not only "never mapped automatically"', () => {
    const imran = zohoUser('imran@acme.in', { name: 'Imran', active: false, status: 'disabled' });
    const gone = moUser('imran@acme.in', { id: 'u-imran' });
    // Gone from a MyOperator that lists someone else: one that lists nobody is said below.
    const desk = moUser('desk@acme.in', { id: 'u-desk' });
    const report = matchUsers({ zoho: [imran], myoperator: [desk], mappings: [{ zohoId: imran.id, myoperatorId: gone.id }] });
    expect(report.results[0]!.status).toBe('inactive');
    expect(report.results[0]!.reasons[0]).toEqual({
      code: 'stale-mapping',
      side: 'both',
      message: 'Saved mapping to MyOperator user with uuid u-imran, but that user is no longer in MyOperator and the Zoho user is "disabled": the mapping is stale (`phonebridge-sync resync --prune` removes every stale mapping, this one among them, after checking that both sides returned users and that no more than --max-prune 10 go)',
    });
    // Past the default --max-prune, the prune it offers says the count it needs (plain `--prune` is refused, exit 5).
    // Counted as the prune counts: 10 seats retyped since mapping are stale too, though the match sees only ids.
    const agents = Array.from({ length: 10 }, (_, i) => zohoUser(`agent${i}@acme.in`));
    const seats = agents.map((z) => moUser(z.email));
    const saved = { mappings: [imran, ...agents].map((z, i) => mappingOf(z, i ? seats[i - 1]! : gone, 'manual', '2026-11-25T00:00:00.000Z')), ignored: [] };
    const now = { zoho: [imran, ...agents], myoperator: seats.map((m) => ({ ...m, email: `desk.${m.email}` })) };
    const many = matchUsers({ ...now, ...savedPairs(saved, now) });
    expect(many.results.find((r) => r.zoho?.id === imran.id)!.reasons[0]!.message).toMatch(/\(`phonebridge-sync resync --prune --max-prune 11` removes every stale mapping, this one among them, after checking that both sides returned users and that no more than --max-prune 11 go\)$/);
    // The prune takes every stale pair (a retyped one too): said, as resync's closing line says it.
    // A deleted Zoho user (where Zoho's list holds them) is said as deleted, as everywhere else.
    const deleted = matchUsers({ zoho: [{ ...imran, status: 'deleted' }], myoperator: [desk], mappings: [{ zohoId: imran.id, myoperatorId: gone.id }] });
    expect(deleted.results[0]!.reasons[0]!.message).toContain('that user is no longer in MyOperator and the Zoho user is deleted in Zoho: the mapping is stale');
    // A MyOperator that lists nobody (a wrong account, a token that may not list users, an outage) says
    // nothing of who left: each pair read "but that user is no longer in MyOperator", with a prune
    // resync refuses while a side lists nobody.
    const asha = zohoUser('asha@acme.in');
    const unread = matchUsers({ zoho: [asha, imran], myoperator: [], mappings: [{ zohoId: asha.id, myoperatorId: 'u-asha' }, { zohoId: imran.id, myoperatorId: gone.id }] });
    expect(unread.results.map((x) => x.reasons[0])).toEqual([
      { code: 'stale-mapping', side: 'myoperator', message: 'Saved mapping to MyOperator user with uuid u-asha, not checked: MyOperator returned no users at all' },
      { code: 'stale-mapping', side: 'both', message: 'Saved mapping to MyOperator user with uuid u-imran, not checked: MyOperator returned no users at all; the Zoho user is "disabled"' },
    ]);
    // An active Zoho user whose saved phone was switched off: still matched on, and told of its stale pair.
    const ravi = zohoUser('Ravi@acme.in');
    const off = moUser('old-ravi@acme.in', { id: 'u-off', extension: '21', active: false });
    const next = moUser('ravi@acme.in');
    const r = matchUsers({ zoho: [ravi], myoperator: [off, next], mappings: [{ zohoId: ravi.id, myoperatorId: off.id }] }).results[0]!;
    expect(r).toMatchObject({ status: 'mismatch', myoperator: next });
    expect(r.reasons.map((x) => [x.code, x.side])).toEqual([
      ['stale-mapping', 'myoperator'],
      ['case', 'zoho'],
    ]);
    // Named as everywhere else (asRecorded): "old-ravi@acme.in (u-off)" left out the extension and the "id".
    expect(r.reasons[0]!.message).toMatch(/^Saved mapping to MyOperator user old-ravi@acme\.in \(ext 21, id u-off\), but that user is inactive or not receiving calls:/);
    // fix's reasons say why the two e-mails differ: the stale pair is not one of them.
    const [entry] = planFix({ zoho: [ravi], myoperator: [off, next], mappings: [mappingOf(ravi, off, 'manual', '2026-11-25T00:00:00.000Z')], report: matchUsers({ zoho: [ravi], myoperator: [off, next], mappings: [{ zohoId: ravi.id, myoperatorId: off.id }] }) });
    expect(entry!.reasons.map((x) => x.code)).toEqual(['case']);
  });

  it('a saved pair whose MyOperator user has left names that user as the mapping recorded it (e-mail, extension, id), not by its uuid alone', () => {
    const imran = zohoUser('imran@acme.in', { name: 'Imran', active: false, status: 'disabled' });
    const gone = moUser('imran@acme.in', { id: 'u-imran', extension: '28' });
    const desk = moUser('desk@acme.in', { id: 'u-desk' });
    const mappings = [mappingOf(imran, gone, 'auto', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [imran], myoperator: [desk], ...savedPairs({ mappings, ignored: [] }) });
    expect(report.results[0]!.reasons[0]!.message).toMatch(/^Saved mapping to MyOperator user imran@acme\.in \(ext 28, id u-imran\), but that user is no longer in MyOperator and the Zoho user is "disabled": the mapping is stale/);
    // Nor when MyOperator listed nobody: the pair is not checked, and still named as recorded.
    const unread = matchUsers({ zoho: [imran], myoperator: [], ...savedPairs({ mappings, ignored: [] }) });
    expect(unread.results[0]!.reasons[0]!.message).toBe('Saved mapping to MyOperator user imran@acme.in (ext 28, id u-imran), not checked: MyOperator returned no users at all; the Zoho user is "disabled"');
    // A seat recorded with no e-mail (MyOperator creates users without one) by its extension.
    const blank = [mappingOf(imran, { ...gone, email: '' }, 'manual', '2026-11-25T00:00:00.000Z')];
    const noEmail = matchUsers({ zoho: [imran], myoperator: [desk], ...savedPairs({ mappings: blank, ignored: [] }) });
    expect(noEmail.results[0]!.reasons[0]!.message).toMatch(/^Saved mapping to MyOperator user with no e-mail \(ext 28, id u-imran\), but that user is no longer in MyOperator/);
  });

  it("a MyOperator user nobody claimed whose e-mail is a mapped Zoho user's but for a space (that pair's e-mails differ) says so and names the re-map, not 'no Zoho user resembles this one'", () => {
    // The slip: Zoho Meena mapped to ext 16 (Priya's phone), while her own, ext 13, holds her e-mail and a trailing space.
    const meena = zohoUser('meena.iyer@acme.in', { id: 'z-meena', name: 'Meena Iyer' });
    const priyaPhone = moUser('\uff50riya.nair@acme.in', { id: 'u-priya', name: 'Priya Nair', extension: '16' });
    const meenaPhone = moUser('meena.iyer@acme.in ', { id: 'u-meena', name: 'Meena Iyer', extension: '13' });
    const mappings = [mappingOf(meena, priyaPhone, 'manual', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [meena], myoperator: [priyaPhone, meenaPhone], ...savedPairs({ mappings, ignored: [] }) });
    const row = report.results.find((r) => r.myoperator?.id === meenaPhone.id)!;
    expect(row).toMatchObject({ status: 'myoperator-only', zoho: null });
    expect(row.reasons).toEqual([
      {
        code: 'whitespace',
        side: 'myoperator',
        message:
          'Zoho user Meena Iyer <meena.iyer@acme.in> has this e-mail but for spaces, and is mapped to MyOperator user Priya Nair (ext 16): ' +
          'if that mapping is a slip, `phonebridge-sync map --zoho meena.iyer@acme.in --myoperator 13 --yes` maps that Zoho user to this one instead',
      },
    ]);
    // A pair whose e-mails are equal is no slip: a look-alike seat elsewhere says nothing of it.
    const own = moUser('meena.iyer@acme.in', { id: 'u-own', extension: '23' });
    const settled = matchUsers({ zoho: [meena], myoperator: [own, meenaPhone], ...savedPairs({ mappings: [mappingOf(meena, own, 'manual', '2026-11-25T00:00:00.000Z')], ignored: [] }) });
    expect(settled.results.find((r) => r.myoperator?.id === meenaPhone.id)!.reasons).toEqual([]);
  });

  // "Zoho user Ravi Kumar has this e-mail … maps Ravi Kumar to this one instead" named either of two namesakes.
  it("a seat nobody claimed whose e-mail is a mapped Zoho user's but for case names that Zoho user by name and e-mail, then \"that Zoho user\": a namesake may be in Zoho", () => {
    const ravi = zohoUser('Ravi.Kumar@acme.in', { id: 'z-ravi', name: 'Ravi Kumar' });
    const namesake = zohoUser('rkumar@branch.in', { id: 'z-ravi2', name: 'Ravi Kumar' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const hisPhone = moUser('ravi.kumar@acme.in', { id: 'u-ravi', name: 'Ravi K', extension: '12' });
    const theirs = moUser('rkumar@branch.in', { id: 'u-ravi2', name: 'Ravi Kumar', extension: '40' });
    const mappings = [mappingOf(ravi, night, 'manual', '2026-11-25T00:00:00.000Z'), mappingOf(namesake, theirs, 'manual', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [ravi, namesake], myoperator: [night, hisPhone, theirs], ...savedPairs({ mappings, ignored: [] }) });
    expect(report.results.find((r) => r.myoperator?.id === hisPhone.id)!.reasons.map((x) => x.message)).toEqual([
      'Zoho user Ravi Kumar <Ravi.Kumar@acme.in> has this e-mail but for letter case, and is mapped to MyOperator user Night Shift (ext 31): ' +
        'if that mapping is a slip, `phonebridge-sync map --zoho Ravi.Kumar@acme.in --myoperator 12 --yes` maps that Zoho user to this one instead',
    ]);
  });

  it('a line left unmapped on purpose that holds the e-mail of a Zoho user mapped to another stays myoperator-ignored, and says the tie', () => {
    // Counted by its status (resync's "left unmapped on purpose", the row's undo): as zoho-mapped-elsewhere it was counted nowhere.
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const desk = moUser('asha@acme.in', { id: 'u-desk', name: 'Front Desk', extension: '10' });
    const mappings = [mappingOf(asha, night, 'manual', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [asha], myoperator: [night, desk], ...savedPairs({ mappings, ignored: [] }), ignoredMyOperator: [desk.id] });
    const row = report.results.find((r) => r.myoperator?.id === desk.id)!;
    expect({ status: row.status, codes: row.reasons.map((x) => x.code) }).toEqual({ status: 'myoperator-ignored', codes: ['zoho-mapped-elsewhere'] });
    expect(report.summary).toMatchObject({ 'myoperator-ignored': 1, 'zoho-mapped-elsewhere': 0 });
    // The Zoho user's row still says fix refuses the pair, and why.
    expect(report.results.find((r) => r.zoho?.id === asha.id)!.reasons.map((x) => x.code)).toEqual(['needs-fix', 'zoho-mapped-elsewhere']);
  });

  it("a MyOperator user with exactly the e-mail of a Zoho user mapped to another is zoho-mapped-elsewhere, not myoperator-only: both rows name the re-map, in fix's own sentence", () => {
    // The tester's slip: Zoho Asha mapped to extension 31 ("Night Shift", no e-mail) while her own phone, ext 11, holds her e-mail.
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const phone = moUser('asha@acme.in', { id: 'u-asha', name: 'Asha Rao', extension: '11' });
    const mappings = [mappingOf(asha, night, 'manual', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [asha], myoperator: [night, phone], ...savedPairs({ mappings, ignored: [] }) });
    const row = report.results.find((r) => r.myoperator?.id === phone.id)!;
    expect(row).toMatchObject({ status: 'zoho-mapped-elsewhere', zoho: null, confidence: 0 });
    expect(report.summary).toMatchObject({ mapped: 1, 'myoperator-only': 0, 'zoho-mapped-elsewhere': 1 });
    expect(row.reasons).toEqual([
      {
        code: 'zoho-mapped-elsewhere',
        side: 'myoperator',
        message:
          'MyOperator user Asha Rao (ext 11) already has exactly the e-mail of Zoho user Asha Rao <asha@acme.in>, so PhoneBridge ties its calls to that Zoho user; ' +
          'but that Zoho user is mapped to MyOperator user Night Shift (ext 31), and `fix` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ' +
          'If the mapping is a slip, `phonebridge-sync map --zoho asha@acme.in --myoperator 11 --yes` maps that Zoho user to MyOperator user Asha Rao (ext 11) instead; ' +
          'if not, change the e-mail of Asha Rao (ext 11) in MyOperator first',
      },
    ]);
    // The Zoho user's row no longer sends to `fix`, which refuses the pair: it says what fix says.
    const mine = report.results.find((r) => r.zoho?.id === asha.id)!;
    expect(mine.reasons.map((x) => x.code)).toEqual(['needs-fix', 'zoho-mapped-elsewhere']);
    expect(mine.reasons[0]!.message).toBe('Saved mapping, but the MyOperator user has no e-mail: PhoneBridge attributes none of the calls of MyOperator user Night Shift (ext 31) until it holds the Zoho one');
    expect(mine.reasons[1]).toEqual(row.reasons[0]);
    const [entry] = planFix({ zoho: [asha], myoperator: [night, phone], mappings, report });
    expect(entry!.conflict).toBe(`${row.reasons[0]!.message}.`);
    // Not when the Zoho user is marked "never map" (no saved pair to be a slip), nor when nobody holds that e-mail.
    expect(matchUsers({ zoho: [asha], myoperator: [night, phone], ignored: [asha.id] }).results.map((r) => r.status)).toEqual(['ignored', 'myoperator-only', 'myoperator-only']);
  });

  // Farhan's row said only same-name and inactive, where PhoneBridge gives his phone's calls to Lakshmi by its e-mail.
  it("a phone paired by name that holds exactly the e-mail of a Zoho user mapped to another says so on its row and that Zoho user's, in fix's own sentence", () => {
    const lakshmi = zohoUser('lakshmi@acme.in', { id: 'z-lakshmi', name: 'Lakshmi Menon' });
    const farhan = zohoUser('farhan@acme.in', { id: 'z-farhan', name: 'Farhan Ali', active: false, status: 'disabled' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const phone = moUser('lakshmi@acme.in', { id: 'u-farhan', name: 'Farhan Ali', extension: '25', active: false });
    const mappings = [mappingOf(lakshmi, night, 'manual', '2026-11-25T00:00:00.000Z')];
    const users = { zoho: [lakshmi, farhan], myoperator: [night, phone] };
    const report = matchUsers({ ...users, ...savedPairs({ mappings, ignored: [] }) });
    const row = report.results.find((r) => r.zoho?.id === farhan.id)!;
    expect({ status: row.status, phone: row.myoperator?.id, codes: codes(row) }).toEqual({ status: 'inactive', phone: phone.id, codes: ['same-name', 'zoho-mapped-elsewhere', 'inactive', 'inactive'] });
    const [entry] = planFix({ ...users, mappings, report });
    expect(`${row.reasons[1]!.message}.`).toBe(entry!.conflict);
    expect(row.reasons[1]!.message).toMatch(/^MyOperator user Farhan Ali \(ext 25, switched off\) already has exactly the e-mail of Zoho user Lakshmi Menon <lakshmi@acme\.in>, /);
    // Lakshmi's own row said only needs-fix, "(`phonebridge-sync fix` sets it)", which fix refuses, where
    // this phone is the only holder of her e-mail: only a holder nobody paired put the reason there.
    const mine = report.results.find((r) => r.zoho?.id === lakshmi.id)!;
    expect({ status: mine.status, codes: codes(mine) }).toEqual({ status: 'mapped', codes: ['needs-fix', 'zoho-mapped-elsewhere'] });
    expect(mine.reasons[0]!.message).toBe('Saved mapping, but the MyOperator user has no e-mail: PhoneBridge attributes none of the calls of MyOperator user Night Shift (ext 31) until it holds the Zoho one');
    expect(mine.reasons[1]).toEqual(row.reasons[1]);
    // Not when Lakshmi's pair is settled (her phone holds her e-mail), nor on a name pair whose phone holds its own e-mail.
    const own = moUser('lakshmi@acme.in', { id: 'u-lakshmi', name: 'Lakshmi Menon', extension: '26' });
    const settled = matchUsers({ zoho: users.zoho, myoperator: [own, phone], ...savedPairs({ mappings: [mappingOf(lakshmi, own, 'manual', '2026-11-25T00:00:00.000Z')], ignored: [] }) });
    expect(codes(settled.results.find((r) => r.zoho?.id === farhan.id)!)).toEqual(['same-name', 'inactive', 'inactive']);
    const hisOwn = matchUsers({ ...users, myoperator: [night, { ...phone, email: 'farhan.ali@acme.in' }], ...savedPairs({ mappings, ignored: [] }) });
    expect(codes(hisOwn.results.find((r) => r.zoho?.id === farhan.id)!)).toEqual(['same-name', 'inactive', 'inactive']);
  });

  it('an old phone paired by name, the only holder beside the phone on duty a Zoho user is mapped to, is counted as old phones alone', () => {
    const lakshmi = zohoUser('lakshmi@acme.in', { id: 'z-lakshmi', name: 'Lakshmi Menon' });
    const farhan = zohoUser('farhan@acme.in', { id: 'z-farhan', name: 'Farhan Ali' });
    const onDuty = moUser('Lakshmi@acme.in', { id: 'u-lakshmi', name: 'Lakshmi Menon', extension: '26' });
    const old = moUser('lakshmi@acme.in', { id: 'u-farhan', name: 'Farhan Ali', extension: '25', active: false });
    const mappings = [mappingOf(lakshmi, onDuty, 'manual', '2026-11-25T00:00:00.000Z')];
    const report = matchUsers({ zoho: [lakshmi, farhan], myoperator: [onDuty, old], ...savedPairs({ mappings, ignored: [] }) });
    expect(codes(report.results.find((r) => r.zoho?.id === lakshmi.id)!)).toEqual(['needs-fix', 'zoho-mapped-elsewhere']);
    expect([...report.oldPhonesOnly]).toEqual([lakshmi.id]);
  });

  it('a mapped MyOperator user is not offered to anyone else', () => {
    const z1 = zohoUser('a@acme.in');
    const z2 = zohoUser('x@acme.in');
    const m = moUser('x@acme.in');
    const report = matchUsers({ zoho: [z1, z2], myoperator: [m], mappings: [{ zohoId: z1.id, myoperatorId: m.id }] });
    expect(report.results.find((r) => r.zoho?.id === z2.id)!.status).toBe('zoho-only');
  });
});

describe('mismatch: what each sentence says, word for word', () => {
  const messages = (z: string, m: string) => only(z, [m]).reasons.map((x) => [x.code, x.side, x.message]);

  it.each([
    ['a combining grapheme joiner (U+034F)', '\u034f'],
    ['an invisible formatting character (U+FFFB)', '\ufffb'],
    ['an invisible formatting character (U+E000)', '\ue000'],
  ])('an invisible character of any kind is explained as %s, never left to look like a different address', (what, ch) => {
    const r = only('ravi@acme.in', [`ra${ch}vi@acme.in`]);
    expect(r.status).toBe('mismatch');
    expect(r.reasons).toEqual([{ code: 'invisible-character', side: 'myoperator', message: `MyOperator e-mail has ${what} at position 3, after "ra"` }]);
  });

  it('a no-break space pasted from a web page is named as one', () => {
    expect(messages('meena@acme.in', 'meena\u00a0@acme.in')).toEqual([
      ['whitespace', 'myoperator', 'MyOperator e-mail has a no-break space (U+00A0) at position 6, after "meena"'],
    ]);
  });

  it('a decomposed accent names the base letter, the combining mark and the single character it should be', () => {
    expect(messages('jos\u00e9@acme.in', 'jose\u0301@acme.in')).toEqual([
      [
        'unicode-normalization',
        'myoperator',
        'MyOperator e-mail has a decomposed "é" ("e" + a combining mark (U+0301), NFD) where the usual form is the single character U+00E9 (NFC) at position 5, after "jose"',
      ],
    ]);
  });

  it('a full-width "@" typed with an East Asian keyboard is called full-width', () => {
    expect(messages('ravi@acme.in', 'ravi\uff20acme.in')).toEqual([
      ['unicode-normalization', 'myoperator', 'MyOperator e-mail has a full-width "＠" (U+FF20, Common) that NFKC turns into "@" at position 5, after "ravi"'],
    ]);
  });

  it('a leading space is "at the start", then the letter case of what remains', () => {
    expect(messages(' Ravi@acme.in', 'ravi@acme.in')).toEqual([
      ['whitespace', 'zoho', 'Zoho e-mail has a space (U+0020) at the start'],
      ['case', 'zoho', 'Letter case differs at position 1 ("R" in Zoho, "r" in MyOperator); PhoneBridge compares e-mails case-sensitively'],
    ]);
  });

  it('Zoho\'s characters are told before MyOperator\'s', () => {
    expect(messages('ravi\u200b@acme.in', ' ravi@acme.in').map(([code, side]) => `${side} ${code}`)).toEqual(['zoho invisible-character', 'myoperator whitespace']);
  });

  it('the same character repeated is one sentence, with its count and where the run starts', () => {
    expect(messages('meena@acme.in', 'meena@acme.in  ')).toEqual([
      ['whitespace', 'myoperator', 'MyOperator e-mail has a space (U+0020), 2 times in a row, at the end (from position 14), after "meena@acme.in"'],
    ]);
  });

  it('two different invisible characters side by side are two sentences, not one run', () => {
    expect(messages('ravi@acme.in', 'ravi\u200b\u200c@acme.in')).toEqual([
      ['invisible-character', 'myoperator', 'MyOperator e-mail has a zero-width space (U+200B) at position 5, after "ravi"'],
      ['invisible-character', 'myoperator', 'MyOperator e-mail has a zero-width non-joiner (U+200C) at position 6, after "ravi<U+200B>"'],
    ]);
  });

  it('quotes at most 24 characters before the place, with "…" only when it cut some off', () => {
    const local = 'abcdefghijklmnopqrstuvwxy';
    expect(messages(`${local.slice(0, 24)}@acme.in`, `${local.slice(0, 24)}\u200b@acme.in`)[0]![2]).toMatch(/after "abcdefghijklmnopqrstuvwx"$/);
    expect(messages(`${local}@acme.in`, `${local}\u200b@acme.in`)[0]![2]).toMatch(/after "…bcdefghijklmnopqrstuvwxy"$/);
  });

  it('a capital look-alike is named in the capital the reader sees: Cyrillic "А" for Latin "A"', () => {
    expect(messages('ANIL@acme.in', '\u0410NIL@acme.in')).toEqual([
      ['confusable-character', 'myoperator', 'MyOperator e-mail has "А" (U+0410, Cyrillic), which looks like Latin "A" at the start'],
    ]);
  });

  it('a look-alike known only by its lower case (Cyrillic shha "һ", "Һ") is still the same address, explained as a look-alike and not as letter case', () => {
    const r = only('Hari@acme.in', ['\u04baari@acme.in']);
    expect(r.status).toBe('mismatch');
    expect(codes(r)).toEqual(['confusable-character']);
    expect(r.reasons[0]).toMatchObject({ side: 'myoperator', message: expect.stringContaining('"Һ" (U+04BA, Cyrillic), which looks like Latin') });
  });

  it('a look-alike carrying a combining accent is still the same address as the accented letter, and the look-alike is named', () => {
    const r = only('jos\u00e9@acme.in', ['jos\u0435\u0301@acme.in']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons[0]).toMatchObject({ code: 'confusable-character', side: 'myoperator', message: expect.stringContaining('"е" (U+0435, Cyrillic), which looks like Latin "e"') });
  });

  it('look-alikes that pass for no Latin letter ("ě" and "ĕ", "·" and "ꞏ") are named on both sides, not left as a mismatch with no reason', () => {
    const r = only('jan\u011b@acme.cz', ['jan\u0115@acme.cz']);
    expect(r.status).toBe('mismatch');
    expect(r.reasons).toEqual([
      {
        code: 'confusable-character',
        side: 'both',
        message: 'Look-alike characters at position 4 ("ě" (U+011B, Latin) in Zoho, "ĕ" (U+0115, Latin) in MyOperator); PhoneBridge compares e-mails byte for byte',
      },
    ]);
    // Below the surest mismatches (0.95), as any look-alike is.
    expect(r.confidence).toBe(0.85);
    expect(only('Ravi\u00b7k@acme.in', ['ravi\ua78fk@acme.in']).reasons.map((x) => [x.code, x.side])).toEqual([
      ['confusable-character', 'both'],
      ['case', 'zoho'],
    ]);
  });

  it('many look-alikes are one sentence with how many more; past a look-alike of several letters, only the first place is named', () => {
    expect(only('jan\u011b\u011b\u011b\u011b\u011b@acme.cz', ['jan\u0115\u0115\u0115\u0115\u0115@acme.cz']).reasons.map((x) => x.message)).toEqual([
      'Look-alike characters at positions 4 ("ě" (U+011B, Latin) in Zoho, "ĕ" (U+0115, Latin) in MyOperator), 5 ("ě" (U+011B, Latin) in Zoho, "ĕ" (U+0115, Latin) in MyOperator), 6 ("ě" (U+011B, Latin) in Zoho, "ĕ" (U+0115, Latin) in MyOperator), 7 ("ě" (U+011B, Latin) in Zoho, "ĕ" (U+0115, Latin) in MyOperator) and 1 more; PhoneBridge compares e-mails byte for byte',
    ]);
    // "ʤ" passes for "dȝ": after it the two addresses are one letter apart, and no later place is compared.
    expect(only('ra\u02a4a@acme.in', ['rad\u021da@acme.in']).reasons.map((x) => x.message)).toEqual([
      'Look-alike characters at position 3 ("ʤ" (U+02A4, Latin) in Zoho, "d" (U+0064, Latin) in MyOperator); PhoneBridge compares e-mails byte for byte',
    ]);
  });

  it('a space with no name of its own is "a space character", and a Greek look-alike is called Greek', () => {
    expect(messages('meena@acme.in', 'meena\u2002@acme.in')).toEqual([['whitespace', 'myoperator', 'MyOperator e-mail has a space character (U+2002) at position 6, after "meena"']]);
    expect(messages('bob@acme.in', 'b\u03bfb@acme.in')).toEqual([
      ['confusable-character', 'myoperator', 'MyOperator e-mail has "ο" (U+03BF, Greek), which looks like Latin "o" at position 2, after "b"'],
    ]);
  });

  it('letter case: capitals on both sides say "both"; past four positions, how many more', () => {
    expect(only('Ravi@acme.in', ['rAvi@acme.in']).reasons).toEqual([expect.objectContaining({ code: 'case', side: 'both' })]);
    expect(only('ravikumar@acme.in', ['RAVIKumar@acme.in']).reasons[0]!.message).toBe(
      'Letter case differs at positions 1 ("r" in Zoho, "R" in MyOperator), 2 ("a" in Zoho, "A" in MyOperator), 3 ("v" in Zoho, "V" in MyOperator), 4 ("i" in Zoho, "I" in MyOperator) and 1 more; PhoneBridge compares e-mails case-sensitively',
    );
  });
});

describe('users without an e-mail, in what is offered', () => {
  it('a user without an e-mail is told what to do about it', () => {
    const report = matchUsers({ zoho: [zohoUser('')], myoperator: [moUser('')] });
    // It said "add one, or map by hand": a mapping by hand alone gives PhoneBridge nothing to attribute by.
    expect(report.results.map((r) => r.reasons[0]!.message)).toEqual([
      'Zoho user has no e-mail, so PhoneBridge attributes none of its calls until it has one in Zoho (`fix` never changes Zoho)',
      "MyOperator user has no e-mail, so PhoneBridge attributes none of its calls until it holds its Zoho user's, and no Zoho user still unmatched resembles it: it needs one added in Zoho first, whom `map` then asks about (`fix` sets the e-mail once the pair is mapped)",
    ]);
  });

  it('a saved pair whose Zoho user has no e-mail says so, on the Zoho side', () => {
    const z = zohoUser('');
    const m = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const r = matchUsers({ zoho: [z], myoperator: [m], mappings: [{ zohoId: z.id, myoperatorId: m.id }] }).results.find((x) => x.zoho?.id === z.id)!;
    expect(r.reasons).toEqual([
      {
        code: 'needs-fix',
        side: 'zoho',
        message: 'Saved mapping, but the Zoho user has no e-mail: PhoneBridge attributes none of the calls of MyOperator user Ravi Kumar (ext 12) until the Zoho user has one (add it in Zoho, then `phonebridge-sync fix`)',
      },
    ]);
  });

  it('a namesake without an e-mail is offered with both reasons: the name, and the missing e-mail', () => {
    const z = zohoUser('suresh.pillai@acme.in', { name: 'Suresh Pillai' });
    const r = matchUsers({ zoho: [z], myoperator: [moUser('', { name: 'Suresh Pillai' })] }).results.find((x) => x.zoho)!;
    expect(r.candidates[0]!.reasons.map((x) => [x.code, x.side])).toEqual([
      ['same-name', 'both'],
      ['empty-email', 'myoperator'],
    ]);
  });
});

describe('suggested: what is offered first, and how sure', () => {
  const offered = (r: MatchResult) => r.candidates.map((c) => [c.user.email, c.confidence, c.reasons.map((x) => x.code).join('+')]);
  /** Three MyOperator users on the company's domain, so that a domain used once is judged against it. */
  const company = (domain = 'acmetraders.in', n = 3) => Array.from({ length: n }, (_, i) => moUser(`p${i}@${domain}`));
  const suggestFor = (z: ZohoUser, myoperator: MyOperatorUser[]) => matchUsers({ zoho: [z], myoperator }).results.find((r) => r.zoho?.id === z.id)!;

  it('each kind of resemblance has its confidence, and the candidates are listed from the surest down', () => {
    const z = zohoUser('kavita.rao@acmetraders.in', { name: 'Kavita Rao' });
    const r = suggestFor(z, [
      ...company(),
      moUser('krao@example.com', { name: 'Kavita Rao' }),
      moUser('kavita.rao@gmail.com'),
      moUser('avita.raok@acmetraders.in'),
      moUser('kavita.roa@acmetraders.in'),
      moUser('kavita.rao@acmetrader.in'),
      moUser('kavita.rao+crm@acmetraders.in'),
    ]);
    expect(r).toMatchObject({ status: 'suggested', confidence: 0.85, myoperator: { email: 'kavita.rao+crm@acmetraders.in' } });
    expect(offered(r)).toEqual([
      ['kavita.rao+crm@acmetraders.in', 0.85, 'plus-address'],
      ['kavita.rao@acmetrader.in', 0.8, 'domain-typo'],
      ['kavita.roa@acmetraders.in', 0.75, 'local-part-typo'],
      ['avita.raok@acmetraders.in', 0.65, 'local-part-typo'],
      ['kavita.rao@gmail.com', 0.6, 'other-domain'],
      ['krao@example.com', 0.5, 'same-name'],
    ]);
  });

  it('the same name beside an e-mail resemblance adds 0.1, never past 0.9', () => {
    const z = zohoUser('kavita.rao@acmetraders.in', { name: 'Kavita Rao' });
    const r = suggestFor(z, [
      moUser('kavita.rao@gmail.com'),
      moUser('kavita.roa@acmetraders.in', { name: 'Rao Kavita' }),
      moUser('kavita.rao+crm@acmetraders.in', { name: 'Kavita Rao' }),
    ]);
    expect(offered(r)).toEqual([
      ['kavita.rao+crm@acmetraders.in', 0.9, 'plus-address+same-name'],
      ['kavita.roa@acmetraders.in', 0.85, 'local-part-typo+same-name'],
      ['kavita.rao@gmail.com', 0.6, 'other-domain'],
    ]);
  });

  it('plus tags: the side that has one is named; tags on both sides are quoted both', () => {
    expect(only('sunil@acme.in', ['sunil+crm@acme.in']).reasons).toEqual([
      { code: 'plus-address', side: 'myoperator', message: 'MyOperator e-mail has the plus tag "+crm" that the other side\'s lacks' },
    ]);
    expect(only('sunil+crm@acme.in', ['sunil+sales@acme.in']).reasons).toEqual([
      { code: 'plus-address', side: 'both', message: 'Plus tags differ: Zoho "+crm", MyOperator "+sales" on the same address "sunil@acme.in"' },
    ]);
  });

  it('a local part that starts with "+" (a phone number) has no plus tag: two numbers are not one address', () => {
    const r = only('+919800000001@acme.in', ['+919800000002@acme.in']);
    expect(r.candidates.flatMap((c) => c.reasons.map((x) => x.code))).not.toContain('plus-address');
  });

  it('two typos are allowed from nine characters, one below', () => {
    // One letter moved: a deletion and an insertion.
    expect(only('anilkumar@acme.in', ['nilkumaar@acme.in']).reasons).toEqual([
      { code: 'local-part-typo', side: 'both', message: 'Local parts differ by two typos: Zoho "anilkumar", MyOperator "nilkumaar" (2 edits apart)' },
    ]);
    expect(only('anilkuma@acme.in', ['nilkumaa@acme.in']).status).toBe('zoho-only');
    // A four-letter local part has a neighbour one letter longer.
    expect(only('ravi@acme.in', ['raavi@acme.in']).reasons[0]!.message).toBe('Local parts differ by one typo: Zoho "ravi", MyOperator "raavi" (MyOperator has an extra "a" at position 3)');
  });

  it.each([
    ['deepak.vermaa', 'MyOperator has an extra "a" at position 13'],
    ['deepak.verm', 'Zoho has an extra "a" at position 12'],
    ['deepak.varma', '"e" in Zoho where MyOperator has "a" at position 9'],
  ])('one typo is described: %s', (mLocal, how) => {
    expect(only('deepak.verma@acme.in', [`${mLocal}@acme.in`]).reasons[0]!.message).toBe(`Local parts differ by one typo: Zoho "deepak.verma", MyOperator "${mLocal}" (${how})`);
  });

  it('a plus tag on the same domain is a plus tag only, not also "another domain"', () => {
    expect(codes(only('sunil+crm@acme.in', ['sunil@acme.in']))).toEqual(['plus-address']);
  });

  it('a shared local part is a clue up to 25 users; past that ("info", "sales") it says nothing', () => {
    const infos = (n: number) => Array.from({ length: n }, (_, i) => moUser(`info@d${i}.com`));
    const z25 = zohoUser('info@acme.in');
    expect(suggestFor(z25, infos(25)).status).toBe('ambiguous');
    const z26 = zohoUser('info@acme.in');
    expect(suggestFor(z26, infos(26)).status).toBe('zoho-only');
  });

  it('domain typos: on the Zoho side too, against any of the company\'s domains, with the right count; equally used domains are not typos of each other', () => {
    const zSide = suggestFor(zohoUser('kavita@acmetrader.in'), [...company(), moUser('kavita@acmetraders.in')]);
    expect(zSide.reasons).toEqual([
      { code: 'domain-typo', side: 'zoho', message: 'Zoho e-mail\'s domain "acmetrader.in" looks like a typo of "acmetraders.in", the domain of 4 e-mails on the two sides' },
    ]);
    const second = suggestFor(zohoUser('kavita@acmetraders.in'), [...company('acme.in', 5), ...company(), moUser('kavita@acmetrader.in')]);
    expect(codes(second)).toEqual(['domain-typo']);
    const equal = suggestFor(zohoUser('kavita@acmetraders.in'), [...company(), ...company('acmetrader.in'), moUser('kavita@acmetrader.in')]);
    expect(codes(equal)).toEqual(['other-domain']);
  });

  it('among more than ten equally likely candidates, the ten offered are the first by address, whatever order they came in', () => {
    const local = (i: number) => `info@d${String(i).padStart(2, '0')}.com`;
    const r = suggestFor(zohoUser('info@acme.in'), Array.from({ length: 12 }, (_, i) => moUser(local(11 - i))));
    expect(r.candidates.map((c) => c.user.email)).toEqual(Array.from({ length: 10 }, (_, i) => local(i)));
  });

  it('the same name still adds to a typo when more people share the name than are offered on the name alone', () => {
    const z = zohoUser('kavita.rao@acmetraders.in', { name: 'Kavita Rao' });
    // Four namesakes whose addresses sort nearer to hers than the typo's does.
    const namesakes = ['p', 'q', 'r', 's'].map((c) => moUser(`kavita.ra${c}@example.com`, { name: 'Kavita Rao' }));
    const r = suggestFor(z, [...namesakes, moUser('kavita.roa@acmetraders.in', { name: 'Kavita Rao' })]);
    expect(offered(r)[0]).toEqual(['kavita.roa@acmetraders.in', 0.85, 'local-part-typo+same-name']);
  });

  it('ten candidates with e-mail evidence leave no room for a name alone: a weaker candidate never pushes out a stronger one', () => {
    const local = (i: number) => `info@d${String(i).padStart(2, '0')}.com`;
    const z = zohoUser('info@acme.in', { name: 'Kavita Rao' });
    const r = suggestFor(z, [moUser('krao@example.com', { name: 'Kavita Rao' }), ...Array.from({ length: 10 }, (_, i) => moUser(local(i)))]);
    expect(r.candidates.map((c) => c.user.email)).toEqual(Array.from({ length: 10 }, (_, i) => local(i)));
  });

  it('a name of fewer than three letters is no clue; a name is quoted without the spaces around it', () => {
    expect(only('jo@acme.in', ['x@example.com'], { name: 'Jo' }, { name: 'Jo' }).status).toBe('zoho-only');
    expect(only('n@acme.in', ['k@example.com'], { name: 'Neha Kapoor ' }, { name: 'Neha Kapoor' }).reasons[0]!.message).toBe('Same name "Neha Kapoor" on both sides, with e-mails that do not match');
  });
});
