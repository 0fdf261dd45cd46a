/**
 * Ids filed under 32-bit hashes: (hash, id) pairs in two flat typed arrays, sorted by hash when
 * first asked (two passes of a 16-bit radix sort), then found by bisecting the one bucket of the
 * hash's top 16 bits. A Map of strings to arrays of ids costs about ten times the memory (at a
 * million users, millions of small arrays the garbage collector must visit) and most of the build
 * time in rehashing. Callers confirm each id on its string: a collision adds an id, never hides one.
 */
export class HashedIds {
  private hashes: Uint32Array<ArrayBufferLike>;
  private ids: Uint32Array<ArrayBufferLike>;
  private size = 0;
  /** Where each value of the top 16 bits starts among the sorted hashes; null until sorted. */
  private starts: Uint32Array | null = null;

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

  /** Stable (ids of one hash stay in the order they were added), so results do not depend on it. */
  private sort(): Uint32Array {
    const n = this.size;
    let [hs, is] = [this.hashes.subarray(0, n), this.ids.subarray(0, n)];
    let [hOut, iOut]: [Uint32Array<ArrayBufferLike>, Uint32Array<ArrayBufferLike>] = [new Uint32Array(n), new Uint32Array(n)];
    let starts = new Uint32Array(0);
    for (const shift of [0, 16]) {
      const count = new Uint32Array(65537);
      for (let i = 0; i < n; i++) count[((hs[i]! >>> shift) & 0xffff) + 1]!++;
      for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
      starts = count.slice();
      for (let i = 0; i < n; i++) {
        const at = count[(hs[i]! >>> shift) & 0xffff]!++;
        hOut[at] = hs[i]!;
        iOut[at] = is[i]!;
      }
      [hs, hOut] = [hOut, hs];
      [is, iOut] = [iOut, is];
    }
    this.hashes = hs;
    this.ids = is;
    return (this.starts = starts);
  }

  /** Each id filed under `hash`, in the order added. */
  each(hash: number, use: (id: number) => void): void {
    const starts = this.starts ?? this.sort();
    const { hashes, ids } = this;
    const h = hash >>> 0;
    let lo = starts[h >>> 16]!;
    let hi = starts[(h >>> 16) + 1]!;
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
