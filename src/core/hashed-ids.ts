/**
 * Ids filed under 32-bit hashes: (hash, id) pairs in two flat typed arrays, sorted by hash when
 * first asked (a radix sort), then found by bisecting the one bucket of the hash's top bits. A Map
 * of strings to arrays of ids costs about ten times the memory (at a million users, millions of
 * small arrays the garbage collector must visit) and most of the build time in rehashing. Callers
 * confirm each id on its string: a collision adds an id, never hides one.
 */
export class HashedIds {
  private hashes: Uint32Array<ArrayBufferLike>;
  private ids: Uint32Array<ArrayBufferLike>;
  private size = 0;
  /** Where each value of the hash's top (32 - shift) bits starts among the sorted hashes; null until sorted. */
  private starts: Uint32Array | null = null;
  private shift = 16;

  /**
   * `capacity`: how many entries the caller expects, when it knows. Each doubling of a large typed
   * array is a new allocation outside V8's heap, and V8 answers every 64 MB of those with a full
   * collection: at a million users, growing from small cost seconds of collections of a 600 MB heap.
   */
  constructor(capacity = 1024) {
    this.hashes = new Uint32Array(Math.max(16, capacity));
    this.ids = new Uint32Array(Math.max(16, capacity));
  }

  add(hash: number, id: number): void {
    if (this.size === this.hashes.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a.subarray(0, this.size));
        return b;
      };
      this.hashes = grow(this.hashes);
      this.ids = grow(this.ids);
    }
    this.hashes[this.size] = hash >>> 0;
    this.ids[this.size++] = id;
    this.starts = null;
  }

  /**
   * Stable (ids of one hash stay in the order they were added), so results do not depend on it.
   * Below 65,536 entries, one counting pass on the top bits (about one bucket per entry) and an
   * insertion pass that only reorders within a bucket: two passes of 65,536 buckets cost more than
   * the entries themselves there, and a resync of 10,000 users sorts several such tables while its
   * code is still cold (27 of its 130 ms of matching went to empty buckets).
   */
  private sort(): Uint32Array {
    const n = this.size;
    const [hs, is] = [this.hashes.subarray(0, n), this.ids.subarray(0, n)];
    const [hOut, iOut] = [new Uint32Array(n), new Uint32Array(n)];
    if (n >= 65536) {
      // Two passes of 16 bits: linear at a million entries, where every bucket is full.
      byBits(hs, is, hOut, iOut, 0, 16);
      this.starts = byBits(hOut, iOut, hs, is, 16, 16);
      [this.hashes, this.ids, this.shift] = [hs, is, 16];
      return this.starts;
    }
    const bits = Math.max(4, 32 - Math.clz32(n));
    this.starts = byBits(hs, is, hOut, iOut, 32 - bits, bits);
    // Entries never leave their bucket here, and equal hashes keep their order (strict >).
    for (let i = 1; i < n; i++) {
      const h = hOut[i]!;
      if (hOut[i - 1]! <= h) continue;
      const id = iOut[i]!;
      let j = i - 1;
      for (; j >= 0 && hOut[j]! > h; j--) {
        hOut[j + 1] = hOut[j]!;
        iOut[j + 1] = iOut[j]!;
      }
      hOut[j + 1] = h;
      iOut[j + 1] = id;
    }
    [this.hashes, this.ids, this.shift] = [hOut, iOut, 32 - bits];
    return this.starts;
  }

  /** Each id filed under `hash`, in the order added. */
  each(hash: number, use: (id: number) => void): void {
    const starts = this.starts ?? this.sort();
    const { hashes, ids } = this;
    const h = hash >>> 0;
    const b = h >>> this.shift;
    let lo = starts[b]!;
    let hi = starts[b + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < hashes.length && hashes[i] === h; i++) use(ids[i]!);
  }

  /** Each run of ids that share a hash, longer than `min`, in hash order. */
  runs(min: number, use: (ids: Uint32Array) => void): void {
    if (!this.starts) this.sort();
    const { hashes, ids } = this;
    for (let a = 0, b = 1; a < hashes.length; a = b, b = a + 1) {
      while (b < hashes.length && hashes[b] === hashes[a]) b++;
      if (b - a > min) use(ids.subarray(a, b));
    }
  }
}

/**
 * One stable counting pass on `bits` bits of each hash from `shift` up, from (hs, is) into
 * (hOut, iOut); returns where each bucket starts (one entry more than buckets, the last is the end).
 */
function byBits(hs: Uint32Array, is: Uint32Array, hOut: Uint32Array, iOut: Uint32Array, shift: number, bits: number): Uint32Array {
  const mask = 2 ** bits - 1;
  const count = new Uint32Array(mask + 2);
  for (let i = 0; i < hs.length; i++) count[((hs[i]! >>> shift) & mask) + 1]!++;
  for (let b = 1; b < count.length; b++) count[b]! += count[b - 1]!;
  const starts = count.slice();
  for (let i = 0; i < hs.length; i++) {
    const at = count[(hs[i]! >>> shift) & mask]!++;
    hOut[at] = hs[i]!;
    iOut[at] = is[i]!;
  }
  return starts;
}

export const BASE = 0x01000193;

/** The polynomial hash `variantHashes` gives a whole string (Σ s[k]·BASE^(n-1-k) mod 2^32). */
export function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** Ids by an exact key (a local part, an address, a folded name), the key read back through `keyOf`. */
export class KeyIndex {
  private readonly table: HashedIds;

  /** `capacity`: how many ids will be added, when known (see `HashedIds`). */
  constructor(
    private readonly keyOf: (id: number) => string,
    capacity?: number,
  ) {
    this.table = new HashedIds(capacity);
  }

  add(id: number): void {
    this.table.add(stringHash(this.keyOf(id)), id);
  }

  each(key: string, use: (id: number) => void): void {
    this.table.each(stringHash(key), (id) => {
      if (this.keyOf(id) === key) use(id);
    });
  }

  count(key: string): number {
    let n = 0;
    this.each(key, () => n++);
    return n;
  }

  /** Each key shared by more than `min` ids, with its ids in the order added. */
  groups(min: number, use: (key: string, ids: number[]) => void): void {
    this.table.runs(min, (run) => {
      // One hash can hold several keys (a collision): split the run by key.
      const byKey = new Map<string, number[]>();
      for (const id of run) {
        const k = this.keyOf(id);
        (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(id);
      }
      for (const [k, ids] of byKey) if (ids.length > min) use(k, ids);
    });
  }
}
