import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DeletionIndex, shareVariant, variantHashes, Visits } from '../../src/core/deletion-index.js';

/** The definition, on strings: `s` and every string one deletion away. */
function variants(s: string): Set<string> {
  const out = new Set([s]);
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return out;
}
const naiveShare = (a: string, b: string): boolean => {
  const ofB = variants(b);
  return [...variants(a)].some((v) => ofB.has(v));
};

// A small alphabet makes doubles, swaps and near misses common; a surrogate half and a long run check the edges.
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '1', '\ud83d', '\u00e9'), maxLength: 12 });
const longWord = fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 60, maxLength: 90 });
const typoOf = (s: string) =>
  fc.oneof(
    fc.nat(s.length).map((i) => s.slice(0, i) + 'x' + s.slice(i)),
    fc.nat(Math.max(0, s.length - 1)).map((i) => s.slice(0, i) + s.slice(i + 1)),
    fc.nat(Math.max(0, s.length - 1)).map((i) => s.slice(0, i) + 'x' + s.slice(i + 1)),
    fc.nat(Math.max(0, s.length - 2)).map((i) => s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2)),
  );

describe('the deletion index', () => {
  it('says two strings share a variant exactly when their variant sets meet', () => {
    fc.assert(
      fc.property(word, word, (a, b) => expect(shareVariant(a, b)).toBe(naiveShare(a, b))),
      { numRuns: 5000 },
    );
  });

  it('hashes each variant, once, as the variant string itself hashes', () => {
    const own = (t: string): number => variantHashes(t)[0]!;
    fc.assert(
      fc.property(fc.oneof(word, longWord), (s) => {
        const hashes = variantHashes(s);
        const all = variants(s);
        expect(hashes[0]).toBe(own(s));
        expect(hashes.length).toBe(all.size);
        // One expect per run, not one per variant: jest's matchers cost more than the hashing.
        expect([...all].filter((v) => !hashes.includes(own(v)))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds every string one typo away, and only strings that share a variant', () => {
    fc.assert(
      fc.property(
        word.chain((s) => fc.tuple(fc.constant(s), typoOf(s))),
        fc.array(word, { maxLength: 30 }),
        ([s, typo], others) => {
          const index = new DeletionIndex();
          const strings = [typo, ...others];
          strings.forEach((t, id) => index.add(t, id));
          const found: number[] = [];
          index.near(s, (id) => found.push(id));
          expect(found).toContain(0);
          expect(new Set(found).size).toBe(found.length);
          expect(found.sort((x, y) => x - y)).toEqual(strings.flatMap((t, id) => (naiveShare(s, t) ? [id] : [])));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('indexes sharing one Visits (one per domain, as the fuzzy tier builds them) each find exactly their own neighbours, lookup after lookup', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), word), { maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 6 }), (filed, queries) => {
        const visits = new Visits();
        const shared = [new DeletionIndex(undefined, undefined, visits), new DeletionIndex(undefined, undefined, visits)];
        const alone = [new DeletionIndex(), new DeletionIndex()];
        filed.forEach(([second, t], id) => {
          shared[Number(second)]!.add(t, id);
          alone[Number(second)]!.add(t, id);
        });
        for (const q of queries)
          for (const side of [0, 1]) {
            const a: number[] = [];
            const b: number[] = [];
            shared[side]!.near(q, (id) => a.push(id));
            alone[side]!.near(q, (id) => b.push(id));
            expect(a).toEqual(b);
          }
      }),
      { numRuns: 1000 },
    );
  });
});
