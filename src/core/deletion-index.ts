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
import { BASE, HashedIds } from './hashed-ids.js';

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
  while (p < b.length && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  if (a.length > b.length) return equalRun(a, p + 1, b, p, b.length - p);
  if (p === a.length) return true;
  let q = a.length - 1;
  while (a.charCodeAt(q) === b.charCodeAt(q)) q--;
  return p === q || equalRun(a, p + 1, b, p, q - p) || equalRun(b, p + 1, a, p, q - p);
}

/** a[i..i+n) === b[j..j+n), without slicing: asked of dozens of neighbours a user, at a million users. */
function equalRun(a: string, i: number, b: string, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * The edit distance of two different strings that share a one-deletion variant (`shareVariant`):
 * 1 for one insertion, deletion, substitution or swap of neighbours, else 2 (one deletion on each
 * side). The same as Damerau-Levenshtein on such pairs, without its matrix: the typo tier asks it
 * of every neighbour found, dozens a user where local parts are numbered.
 */
export function typoDistance(a: string, b: string): 1 | 2 {
  if (a.length !== b.length) return 1;
  let first = -1;
  let mismatches = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (++mismatches > 2) return 2;
    if (first < 0) first = i;
  }
  if (mismatches === 1) return 1;
  return mismatches === 2 && a[first] === b[first + 1] && a[first + 1] === b[first] ? 1 : 2;
}

/**
 * Which ids one lookup has met: per id, the number of the last lookup that met it, so "seen" is
 * one array read and no set is made per lookup. Where local parts are numbered a string has
 * hundreds of neighbours (about 200 a user at 100,000 users, 280 at a million): a list searched
 * per id grew with their square. One is shared by the indexes of every domain (SuggestIndex), as
 * it grows to the largest id met: one per domain would cost each domain an array of every user.
 */
export class Visits {
  private stamp: Int32Array;
  private lookup = 0;

  constructor(ids = 0) {
    this.stamp = new Int32Array(ids);
  }

  /** Starts a lookup: no id is met yet. */
  begin(): void {
    this.lookup++;
  }

  /** True the first time this lookup meets `id`. */
  first(id: number): boolean {
    if (id >= this.stamp.length) {
      const grown = new Int32Array(Math.max(id + 1, 2 * this.stamp.length, 1024));
      grown.set(this.stamp);
      this.stamp = grown;
    }
    if (this.stamp[id] === this.lookup) return false;
    this.stamp[id] = this.lookup;
    return true;
  }
}

/**
 * Ids filed under the variant hashes of their strings (see `HashedIds`). `stringOf` reads back the
 * string an id was added with when the caller keeps them already; by default the index keeps its own.
 */
export class DeletionIndex {
  private readonly table: HashedIds;
  private readonly own: Map<number, string> | undefined;
  private readonly strings: (id: number) => string;

  /**
   * `capacity`: the variants expected, when known (a string of n characters has at most n + 1).
   * `visits`: shared with other indexes whose lookups never overlap (see Visits).
   */
  constructor(
    stringOf?: (id: number) => string,
    capacity?: number,
    private readonly visits = new Visits(),
  ) {
    this.table = new HashedIds(capacity);
    if (stringOf) this.strings = stringOf;
    else {
      const own = new Map<number, string>();
      this.own = own;
      this.strings = (id) => own.get(id)!;
    }
  }

  add(s: string, id: number): void {
    this.own?.set(id, s);
    for (const h of variantHashes(s)) this.table.add(h, id);
  }

  /** Each id whose string shares a one-deletion variant with `s` (or is `s`), once. */
  near(s: string, use: (id: number) => void): void {
    const visits = this.visits;
    visits.begin();
    for (const h of variantHashes(s)) {
      this.table.each(h, (id) => {
        if (visits.first(id) && shareVariant(s, this.strings(id))) use(id);
      });
    }
  }
}
