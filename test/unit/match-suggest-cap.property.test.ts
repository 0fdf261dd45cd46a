import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { emailKey } from '../../src/core/forensics.js';
import { matchUsers } from '../../src/core/match.js';
import { shareVariant, typoDistance } from '../../src/core/deletion-index.js';
import { editDistance, MAX_NAMESAKES, MAX_SUGGESTIONS, parseKey, SuggestIndex, type SuggestEdge } from '../../src/core/suggest.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

/** The fuzzy tier over these users, as match.ts builds it (every MyOperator user free). */
function index(myoperator: MyOperatorUser[], limit?: number): SuggestIndex {
  const keys = myoperator.map((u) => emailKey(u.email));
  const domainCounts = new Map<string, number>();
  for (const k of keys) {
    const d = k.slice(k.lastIndexOf('@') + 1);
    if (k.includes('@') && d) domainCounts.set(d, (domainCounts.get(d) ?? 0) + 1);
  }
  return new SuggestIndex(
    myoperator,
    keys.map((k) => parseKey(k)),
    myoperator.map((_, i) => i),
    domainCounts,
    limit,
    limit,
  );
}
const suggest = (ix: SuggestIndex, z: ZohoUser): SuggestEdge[] => ix.suggest(z, parseKey(emailKey(z.email)));

/** Address order, as results list candidates at equal confidence. */
function order(users: MyOperatorUser[]) {
  return (a: number, b: number) => {
    const [ka, kb] = [emailKey(users[a]!.email), emailKey(users[b]!.email)];
    return ka < kb ? -1 : ka > kb ? 1 : users[a]!.email < users[b]!.email ? -1 : users[a]!.email > users[b]!.email ? 1 : users[a]!.id < users[b]!.id ? -1 : 1;
  };
}

// Small alphabets so that same names, shared local parts, plus tags and one-typo neighbours all occur.
const local = fc.stringMatching(/^[abc]{3,7}(\+[xy])?$/);
const domain = fc.constantFrom('acme.in', 'acme.com', 'acmee.in');
const person = fc.record({ local, domain, name: fc.constantFrom('Ravi Kumar', 'Asha Rao', 'Neha Kapoor') });
const company = fc.array(person, { minLength: 0, maxLength: 60 });

describe('the fuzzy tier keeps a bounded, best-ranked set of candidates', () => {
  it('at most MAX_SUGGESTIONS candidates; those with e-mail evidence are the best of all the clues find; a name alone keeps the MAX_NAMESAKES nearest addresses', () => {
    fc.assert(
      fc.property(company, person, (people, who) => {
        const myoperator = people.map((p, i) => moUser(`${p.local}@${p.domain}`, { name: p.name, id: `m${String(i).padStart(3, '0')}` }));
        const z = zohoUser(`${who.local}@${who.domain}`, { name: who.name });
        const kept = suggest(index(myoperator), z);
        const all = suggest(index(myoperator, Infinity), z);
        expect(kept.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
        // Every kept candidate is one the unbounded search finds, with the same confidence and clues.
        for (const e of kept) expect(all.find((a) => a.m === e.m)).toEqual(e);
        // Candidates with e-mail evidence rank above a name alone: the kept ones are the unbounded list's first.
        const evidence = all.filter((a) => a.confidence > 0.5);
        const keptEvidence = kept.filter((e) => e.confidence > 0.5);
        expect(keptEvidence).toEqual(evidence.slice(0, Math.min(evidence.length, MAX_SUGGESTIONS)));
        // A name alone: among more than MAX_NAMESAKES namesakes, only the nearest to this user's
        // address in address order are kept (the nearer left on a tie).
        const nameOnly = all.filter((a) => a.confidence === 0.5).map((a) => a.m);
        const room = MAX_SUGGESTIONS - keptEvidence.length;
        const keptNameOnly = kept.filter((e) => e.confidence === 0.5).map((e) => e.m);
        const sameName = myoperator
          .map((_, i) => i)
          .filter((m) => myoperator[m]!.name === who.name)
          .sort(order(myoperator));
        const zKey = emailKey(z.email);
        const at = sameName.filter((m) => emailKey(myoperator[m]!.email) < zKey).length;
        const distance = (m: number) => {
          const pos = sameName.indexOf(m);
          return pos < at ? 2 * (at - pos) - 1 : 2 * (pos - at + 1);
        };
        const window = [...sameName].sort((a, b) => distance(a) - distance(b)).slice(0, MAX_NAMESAKES);
        const eligible = nameOnly.filter((m) => window.includes(m));
        expect(keptNameOnly.length).toBe(Math.min(room, eligible.length));
        for (const m of keptNameOnly) expect(eligible).toContain(m);
      }),
      { numRuns: 300 },
    );
  });

  it('twelve users sharing a local part on other domains: the index keeps ten of them, the first by address', () => {
    const myoperator = Array.from({ length: 12 }, (_, i) => moUser(`info@d${String(11 - i).padStart(2, '0')}.com`));
    const kept = suggest(index(myoperator), zohoUser('info@acme.in'));
    expect(kept.map((e) => myoperator[e.m]!.email)).toEqual(Array.from({ length: MAX_SUGGESTIONS }, (_, i) => `info@d${String(i).padStart(2, '0')}.com`));
  });

  it('a name shared by forty MyOperator users: the Zoho user is ambiguous among the three whose addresses sort next to its own', () => {
    const myoperator = Array.from({ length: 40 }, (_, i) => moUser(`agent${String(i).padStart(2, '0')}@callcentre.example`, { name: 'Ravi Kumar' }));
    const z = zohoUser('agent20.x@acme.in', { name: 'Ravi Kumar' });
    const r = matchUsers({ zoho: [z], myoperator }).results[0]!;
    expect(r.status).toBe('ambiguous');
    expect(r.candidates.map((c) => c.user.email)).toEqual([18, 19, 20].map((i) => `agent${i}@callcentre.example`));
    expect(r.candidates.every((c) => c.reasons.map((x) => x.code).join() === 'same-name')).toBe(true);
  });
});

describe('typoDistance', () => {
  it('is Damerau-Levenshtein on every pair of different strings that share a one-deletion variant', () => {
    const word = fc.stringMatching(/^[ab12]{0,7}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        fc.pre(a !== b && shareVariant(a, b));
        expect(typoDistance(a, b)).toBe(editDistance(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
