/**
 * Strings one typo apart, found by lookup rather than by comparing every pair (symmetric deletion):
 * two strings within one insertion, deletion, substitution or swap of each other share a string
 * that is one deletion (or none) from each. So each indexed string is filed under itself and under
 * every one-deletion variant, and a query looks up its own variants.
 *
 * Variants are kept as 32-bit polynomial hashes, computed from prefix and suffix hashes without
 * building the strings: at 10,000 free users a side, building, hashing and storing ~150,000
 * variant strings cost four times as much. A hash collision could only add a candidate, never
 * hide one, and each candidate is confirmed on the strings themselves (`shareVariant`), so the
 * index answers exactly what an index of the variant strings would.
 */
const BASE = 0x01000193;
let pow = powers(64);
let suffix = new Int32Array(64);

function powers(n: number): Int32Array {
  const p = new Int32Array(n);
  p[0] = 1;
  for (let i = 1; i < n; i++) p[i] = Math.imul(p[i - 1]!, BASE);
  return p;
}

/**
 * The hash of `s`, then of each one-deletion variant of it. Deleting either letter of a double
 * gives the same string, so only the first is hashed.
 */
export function variantHashes(s: string): number[] {
  const n = s.length;
  if (n + 1 > pow.length) {
    pow = powers(2 * n + 2);
    suffix = new Int32Array(pow.length);
  }
  // hash(t) = Σ t[k]·BASE^(|t|-1-k) mod 2^32; suffix[i] is that sum over s[i..n) with s's exponents,
  // so dropping s[i] gives hash(s[0..i))·BASE^(n-1-i) + suffix[i+1].
  suffix[n] = 0;
  for (let i = n - 1; i >= 0; i--) suffix[i] = (Math.imul(s.charCodeAt(i), pow[n - 1 - i]!) + suffix[i + 1]!) | 0;
  const out = [suffix[0]!];
  let prefix = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || s.charCodeAt(i) !== s.charCodeAt(i - 1)) out.push((Math.imul(prefix, pow[n - 1 - i]!) + suffix[i + 1]!) | 0);
    prefix = (Math.imul(prefix, BASE) + s.charCodeAt(i)) | 0;
  }
  return out;
}

/**
 * Whether `a` and `b`, or one-deletion variants of them, are equal: what the hashes say, told on
 * the strings. Deletions must fall between the first and the last position where the two differ,
 * so only that stretch is compared, shifted by one.
 */
export function shareVariant(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let p = 0;
  while (p < b.length && a[p] === b[p]) p++;
  if (a.length > b.length) return a.slice(p + 1) === b.slice(p);
  if (p === a.length) return true;
  let q = a.length - 1;
  while (a[q] === b[q]) q--;
  return p === q || a.slice(p + 1, q + 1) === b.slice(p, q) || b.slice(p + 1, q + 1) === a.slice(p, q);
}

/** Ids filed under the variant hashes of their strings. Most hashes have one id: kept bare, not in an array. */
export class DeletionIndex {
  private readonly byHash = new Map<number, number | number[]>();
  private readonly strings = new Map<number, string>();

  add(s: string, id: number): void {
    this.strings.set(id, s);
    for (const h of variantHashes(s)) {
      const found = this.byHash.get(h);
      if (found === undefined) this.byHash.set(h, id);
      else if (typeof found === 'number') {
        if (found !== id) this.byHash.set(h, [found, id]);
      } else if (found[found.length - 1] !== id) found.push(id);
    }
  }

  /** Each id whose string shares a one-deletion variant with `s` (or is `s`), once. */
  near(s: string, use: (id: number) => void): void {
    const seen = new Set<number>();
    const once = (id: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      if (shareVariant(s, this.strings.get(id)!)) use(id);
    };
    for (const h of variantHashes(s)) {
      const found = this.byHash.get(h);
      if (found === undefined) continue;
      if (typeof found === 'number') once(found);
      else for (const id of found) once(id);
    }
  }
}
