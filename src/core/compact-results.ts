/**
 * Results kept small, for the tiers that make most of them at a million users. Up to ten fuzzy
 * candidates per undecided Zoho user, each with a few sentences, is gigabytes when every one is an
 * object holding its strings until the last result is written; an exact pair's one candidate is
 * two objects more per user. Here a fuzzy candidate is three numbers in flat arrays, and a result
 * makes its candidates and sentences each time it is read (reading is pure: two reads give equal
 * values). Readers that keep what they read pay for what they keep, no more.
 */
import type { Candidate, MatchResult, Status } from './match.js';
import type { Reason } from './reasons.js';
import { confidenceOf, type Explainer, type SuggestEdge } from './suggest.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

const NONE: readonly Reason[] = Object.freeze([]);

export class FuzzyCandidates {
  /** Per candidate: its Zoho user's slot (the order it was added in), its MyOperator user, its clues. */
  slot: Int32Array;
  m: Int32Array;
  clues: Uint8Array;
  length = 0;

  /** `capacity`: the most candidates expected (sized once: see `HashedIds` on growing typed arrays). */
  constructor(
    private readonly explainer: Explainer,
    private readonly users: readonly MyOperatorUser[],
    capacity: number,
  ) {
    this.slot = new Int32Array(Math.max(16, capacity));
    this.m = new Int32Array(Math.max(16, capacity));
    this.clues = new Uint8Array(Math.max(16, capacity));
  }

  push(slot: number, e: SuggestEdge): void {
    if (this.length === this.m.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.slot = grow(this.slot);
      this.m = grow(this.m);
      this.clues = grow(this.clues);
    }
    this.slot[this.length] = slot;
    this.m[this.length] = e.m;
    this.clues[this.length++] = e.clues;
  }

  /** Confidence as results show it (two decimals); `rank` is the same ×100, an integer. */
  confidence(e: number): number {
    return confidenceOf(this.clues[e]!);
  }

  rank(e: number): number {
    return Math.round(this.confidence(e) * 100);
  }

  /** `zi` is the Zoho user's index in the matcher's sorted list (for its parsed key). */
  reasons(zoho: ZohoUser, zi: number, e: number): Reason[] {
    return this.explainer.reasons(zoho, this.explainer.zohoKey(zi), this.m[e]!, this.clues[e]!);
  }

  /** Candidates `from`..`to` (one Zoho user's, already in the order results list them). */
  candidates(zoho: ZohoUser, zi: number, from: number, to: number): Candidate[] {
    const zp = this.explainer.zohoKey(zi);
    const out: Candidate[] = new Array(to - from);
    for (let e = from; e < to; e++) {
      const m = this.m[e]!;
      out[e - from] = { user: this.users[m]!, confidence: this.confidence(e), reasons: this.explainer.reasons(zoho, zp, m, this.clues[e]!) };
    }
    return out;
  }
}

/** What exact and suggested results share: sentences around their own, and a status that can turn `inactive`. */
export abstract class CompactResult implements MatchResult {
  abstract status: Status;
  abstract readonly confidence: number;
  abstract readonly candidates: Candidate[];
  #before: readonly Reason[] = NONE;
  #after: readonly Reason[] = NONE;

  constructor(
    readonly zoho: ZohoUser,
    readonly myoperator: MyOperatorUser,
  ) {}

  protected abstract own(): Reason[];

  get reasons(): Reason[] {
    const own = this.own();
    return this.#before.length + this.#after.length === 0 ? own : [...this.#before, ...own, ...this.#after];
  }

  /** Sentences that are not about the match: an empty e-mail before them, deactivated users (and match's heldElsewhere) after. */
  surround(before: readonly Reason[], after: readonly Reason[]): void {
    this.#before = before;
    this.#after = after;
  }
}

/** A byte-identical pair. */
export class ExactResult extends CompactResult {
  status: Status = 'exact';
  readonly confidence = 1;

  protected own(): Reason[] {
    return [];
  }

  get candidates(): Candidate[] {
    return [{ user: this.myoperator, confidence: 1, reasons: [] }];
  }
}

/** A Zoho user that claimed one fuzzy candidate: `suggested`, or `inactive` when either user is. */
export class SuggestedResult extends CompactResult {
  status: Status = 'suggested';
  readonly confidence: number;
  readonly #set: FuzzyCandidates;
  readonly #zi: number;
  readonly #pick: number;
  readonly #from: number;
  readonly #to: number;

  constructor(
    set: FuzzyCandidates,
    zi: number,
    /** The claimed candidate, and the range of this user's candidates. */
    pick: number,
    from: number,
    to: number,
    zoho: ZohoUser,
    myoperator: MyOperatorUser,
  ) {
    super(zoho, myoperator);
    this.#set = set;
    this.#zi = zi;
    this.#pick = pick;
    this.#from = from;
    this.#to = to;
    this.confidence = set.confidence(pick);
  }

  protected own(): Reason[] {
    return this.#set.reasons(this.zoho, this.#zi, this.#pick);
  }

  get candidates(): Candidate[] {
    return this.#set.candidates(this.zoho, this.#zi, this.#from, this.#to);
  }
}
