import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { HashedIds } from '../../src/core/hashed-ids.js';

/** The definition: every id filed under a hash, in the order added. */
function reference(entries: Array<[number, number]>): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const [h, id] of entries) (m.get(h >>> 0) ?? m.set(h >>> 0, []).get(h >>> 0)!).push(id);
  return m;
}

function filed(entries: Array<[number, number]>, capacity?: number): HashedIds {
  const t = new HashedIds(capacity);
  for (const [h, id] of entries) t.add(h, id);
  return t;
}

function idsOf(t: HashedIds, h: number): number[] {
  const out: number[] = [];
  t.each(h, (id) => out.push(id));
  return out;
}

// Few distinct hashes make shared hashes and shared top bits common; the extremes check the edges.
const hash = fc.oneof(fc.constantFrom(0, 1, 0xffff, 0x10000, 0xffffffff, -1, 0x80000000), fc.integer({ min: 0, max: 40 }), fc.integer());

describe('hashed ids', () => {
  it('gives each hash its ids in the order added, and nothing for a hash never added', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hash, fc.nat()), { maxLength: 300 }), fc.array(hash, { maxLength: 20 }), (entries, probes) => {
        const t = filed(entries);
        const ref = reference(entries);
        for (const h of [...entries.map(([x]) => x), ...probes]) expect(idsOf(t, h)).toEqual(ref.get(h >>> 0) ?? []);
      }),
      { numRuns: 500 },
    );
  });

  it('answers the same on either side of the size where the sort changes (65,536 entries), and after adding more', () => {
    const rand = fc.sample(fc.integer(), 70_000);
    for (const n of [65_535, 65_536, 70_000]) {
      // Every 7th hash repeats an earlier one, so ids that share a hash must keep their order.
      const entries: Array<[number, number]> = rand.slice(0, n).map((h, i) => [i % 7 === 0 && i > 0 ? rand[i - 7]! : h, i]);
      const t = filed(entries, n);
      const ref = reference(entries);
      for (let i = 0; i < n; i += 97) expect(idsOf(t, entries[i]![0])).toEqual(ref.get(entries[i]![0] >>> 0));
      t.add(entries[0]![0], n);
      expect(idsOf(t, entries[0]![0])).toEqual([...ref.get(entries[0]![0] >>> 0)!, n]);
    }
  });

  it('lists each run of ids that share a hash, longer than asked, in hash order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hash, fc.nat()), { maxLength: 300 }), fc.nat(3), (entries, min) => {
        const seen: number[][] = [];
        filed(entries).runs(min, (ids) => seen.push([...ids]));
        const expected = [...reference(entries)]
          .sort((a, b) => a[0] - b[0])
          .filter(([, ids]) => ids.length > min)
          .map(([, ids]) => ids);
        expect(seen).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
