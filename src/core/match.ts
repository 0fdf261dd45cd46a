/**
 * The matching engine: pure data in, data out. One result per Zoho user, then one per MyOperator
 * user nobody claimed, in a stable order whatever the input order.
 *
 * Tiers, strongest first, each over the users the previous tiers left free:
 *   exact    — byte-identical e-mail (what PhoneBridge itself matches)
 *   mismatch — the same address once whitespace, invisibles, Unicode forms, look-alikes and case are set aside
 *   suggested — plus tags, typos, domain typos, other domains, the same name
 * Within a tier, edges are settled by rank, highest first. At a rank, a Zoho user with more than
 * one free candidate, or a candidate wanted by more than one Zoho user, is `ambiguous`: the engine
 * never guesses among duplicates. Everything else claims its candidate, so a MyOperator user ends
 * with at most one Zoho user.
 */
import { emailKey } from './forensics.js';
import { series } from '../io/plural.js';
import { differenceWords, kindWords, emptyEmailReason, explainMismatch, inactiveReason, inactiveZohoReason, leftUnmappedHolderReason, leftUnmappedWhy, mappedAlikeReason, mismatchReason, myOperatorNoted, needsFixReason, NOT_COMPARED, oldPhonesAlone, otherZohoUsers, sharedLineMayStay, SIDE_LABEL, staleMappingReason, switchedOffHolderReason, twinDifferenceCodes, UNCONFIRMED_REASON, zohoTwinsMatchedReason, unclaimedOnDuty, zohoMappedElsewhereReason, type Reason, type ReasonCode } from './reasons.js';
import { CompactResult, ExactResult, FuzzyCandidates, SuggestedResult } from './compact-results.js';
import { KeyIndex } from './hashed-ids.js';
import { MAX_SUGGESTIONS, parseKey, SuggestIndex, type ParsedKey } from './suggest.js';
import { deletedInZoho, holdersByEmail, unsavedHolders, type MyOperatorUser, type ZohoUser } from './users.js';

/** `myoperator-ignored`: a MyOperator user nobody claimed that the admin left unmapped on purpose (`map --ignore-myoperator`, a shared line). */
export type Status = 'mapped' | 'exact' | 'mismatch' | 'suggested' | 'ambiguous' | 'zoho-only' | 'myoperator-only' | 'zoho-mapped-elsewhere' | 'inactive' | 'ignored' | 'myoperator-ignored';

/** Display and summary order. */
export const STATUSES: readonly Status[] = ['mapped', 'exact', 'mismatch', 'suggested', 'ambiguous', 'inactive', 'zoho-only', 'myoperator-only', 'zoho-mapped-elsewhere', 'ignored', 'myoperator-ignored'];

/**
 * The statuses of a MyOperator user nobody claimed (a row with no Zoho user): `zoho-mapped-elsewhere`
 * when it has exactly the e-mail of a Zoho user whose saved mapping names another MyOperator user.
 */
export const MYOPERATOR_ALONE: ReadonlySet<Status> = new Set<Status>(['myoperator-only', 'zoho-mapped-elsewhere']);

/**
 * The "why" of a user alone on its side, which has no reason of its own (resync says the same).
 * Only users left free are looked at: a MyOperator user already matched or mapped to another Zoho
 * user (Asha's, for a second Zoho "asha.rao+crm@…") is no candidate, so "no MyOperator user
 * resembles this one" was untrue of it.
 */
export const ALONE: Partial<Record<MatchResult['status'], string>> = {
  'zoho-only': 'no MyOperator user still unmatched resembles this one',
  'myoperator-only': 'no Zoho user still unmatched resembles this one',
};

/**
 * A result's "why", each reason as `say` words it (match's table, resync's, map's picker). A user alone on its
 * side whose only reason is an invitation not accepted says first why it is alone: that note is not
 * why it is left, and in its place the row no longer said that nobody resembles it. `wordOf`: a
 * MyOperator user as map takes it; its uuid, never two people, without. `undoWordOf`: one left
 * unmapped as `map --unmap` finds its mark, which may differ (a line moved since, an extension shared). `markedWhy`: the
 * sentence of a line a mark alone leaves unclaimed (markedLineWhy), where the caller has the whole report.
 */
export function whyLines(r: MatchResult, say: (x: Reason) => string, wordOf: (m: MyOperatorUser) => string = (m) => m.id, undoWordOf = wordOf, markedWhy?: (m: MyOperatorUser) => string | undefined): string[] {
  const lines = r.reasons.map(say);
  // Unclaimed only because of a Zoho user's "never map" mark (marked-match.ts): "nobody resembles it" hid the mark, and
  // the shared-line step below is refused by map of a line holding that user's e-mail byte for byte.
  const marked = r.status === 'myoperator-only' ? markedWhy?.(r.myoperator!) : undefined;
  if (marked) return [...lines, marked];
  const alone = r.status === 'myoperator-ignored' ? leftUnmappedWhy(undoWordOf(r.myoperator!)) : ALONE[r.status];
  // Left unmapped on purpose, the undo leads whatever else is said (switched off, say).
  const whys = alone && (r.status === 'myoperator-ignored' || r.reasons.every((x) => x.code === 'unconfirmed')) ? [alone, ...lines] : lines;
  if (unclaimedOnDuty([r]).length === 0) return whys;
  // The choice doctor and fix offer such a line: without it, the row asked for a Zoho user for ever.
  // In the sentence saying nobody resembles it; under a reason of its own, which has its tag.
  const mayStay = sharedLineMayStay(wordOf(r.myoperator!));
  return lines.length ? [...whys, mayStay] : [`${whys[0]}; ${mayStay}`];
}

/** What the duplicate-email reason asks: match, resync and doctor show it, and send the admin to `map`. */
const CHOOSE_IN_MAP = 'choose one by hand (`map` asks which)';

/**
 * A reason's message as map's picker heads its question with it: there the admin is in `map`
 * already, and "(`map` asks which)" read as a command still to run; the choice is the list below.
 */
export function inPicker(message: string): string {
  return message.endsWith(CHOOSE_IN_MAP) ? `${message.slice(0, -CHOOSE_IN_MAP.length)}choose which one below is theirs` : message;
}

export interface Candidate {
  user: MyOperatorUser;
  confidence: number;
  reasons: Reason[];
}

export interface MatchResult {
  status: Status;
  zoho: ZohoUser | null;
  myoperator: MyOperatorUser | null;
  candidates: Candidate[];
  confidence: number;
  reasons: Reason[];
}

export interface SavedPair {
  zohoId: string;
  myoperatorId: string;
  /** What the mapping recorded of its MyOperator user: once that user has left, its uuid alone named nobody a person could place. */
  recorded?: { email: string; extension?: string | null };
}

export interface MatchInput {
  zoho: readonly ZohoUser[];
  myoperator: readonly MyOperatorUser[];
  /** Saved mappings: honoured when both users still exist and are active. */
  mappings?: readonly SavedPair[];
  /** Zoho ids the admin marked "never map". */
  ignored?: readonly string[];
  /** MyOperator uuids the admin left unmapped on purpose: matched and offered to no Zoho user, each listed as `myoperator-ignored`. */
  ignoredMyOperator?: readonly string[];
  /**
   * How many saved mappings a `resync --prune` would remove (reconcile's count, which sees the
   * e-mails recorded with them), for the stale pairs' reasons; else counted from the pairs here.
   * Asked only when a pair here is stale: the count indexes every user, work a run with no stale
   * pair (most of them) need not do.
   */
  stale?: () => number;
  /**
   * Users left out of the matching (resync's: a stale pair kept in the store holds them) who are the
   * company's all the same: their e-mails count in its domain figures, or "the domain of N e-mails"
   * said one fewer on a plain resync than match, doctor and resync --prune said of the same users.
   */
  leftOut?: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] };
}

export interface MatchReport {
  summary: Record<Status, number>;
  results: MatchResult[];
  /**
   * The Zoho users (ids) whose saved pair zoho-mapped-elsewhere holds up for old phones alone
   * (oldPhonesAlone of the holders its sentence names): the summaries count them from here, as they
   * judged only the holders on zoho-mapped-elsewhere rows, and missed one paired by name.
   */
  oldPhonesOnly: ReadonlySet<string>;
}

/**
 * Each side that has no users at all, as a sentence naming the file (or the API) it came from: one
 * wording for match, resync and doctor, which named Zoho alone when both sides listed nobody. A side
 * not given was not read (a doctor check of one side's users): it is not doubted.
 */
export function emptySides(files: { zohoFile?: string; myoperatorFile?: string }, users: { zoho?: readonly unknown[]; myoperator?: readonly unknown[] }): string[] {
  const zoho = users.zoho?.length === 0;
  const myoperator = users.myoperator?.length === 0;
  // Both read live: one sentence, so what it most likely is (match's emptySidesSaid) is said of both.
  if (zoho && myoperator && !files.zohoFile && !files.myoperatorFile) return ['Zoho and MyOperator returned no users'];
  const out: string[] = [];
  if (zoho) out.push(files.zohoFile ? `${files.zohoFile} has no Zoho users` : 'Zoho returned no users');
  if (myoperator) out.push(files.myoperatorFile ? `${files.myoperatorFile} has no MyOperator users` : 'MyOperator returned no users');
  return out;
}

/** An active Zoho user in one of these needs nobody's attention. */
export const SETTLED: ReadonlySet<Status> = new Set<Status>(['mapped', 'exact', 'ignored']);

const MAX_CANDIDATES = 10;
const RANK_EXACT = 1000;
const RANK_MISMATCH = 900;

type Tier = 'exact' | 'mismatch' | 'suggested';
interface Edge {
  z: number;
  m: number;
  rank: number;
  tier: Tier;
  confidence: number;
  reasons: Reason[];
}

/**
 * Shared by every result that has no reasons (most of them): 200,000 fewer arrays at 100,000 users.
 * Frozen, so code that tried to add to it would throw rather than change every result at once.
 */
const NO_REASONS = Object.freeze([]) as unknown as Reason[];

/** The fuzzy clues that can tie Zoho users for one MyOperator user, as a sentence says them. */
const TIE: Partial<Record<ReasonCode, string>> = {
  'plus-address': 'the same address but for a plus tag',
  'domain-typo': 'the same local part on a domain that looks like a typo',
  'other-domain': 'the same local part on another domain',
  'local-part-typo': 'a local part a typo or two away',
  'same-name': 'the same name',
};

const FREE = 0;
const CLAIMED = 1;
const RESERVED = 2;
/**
 * Left unmapped on purpose by the admin (`map --ignore-myoperator`): in no tier, so no Zoho user is
 * matched to it, offered it, or made ambiguous by it, and fix (planned from the matches) never changes
 * its e-mail. Listed at the end, as a user nobody claimed is.
 */
const LEFT = 3;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order: by address as a person reads it, then the exact bytes, then id. */
function byEmailThenId<T extends { email: string; id: string }>(a: T, b: T): number {
  return compare(emailKey(a.email), emailKey(b.email)) || compare(a.email, b.email) || compare(a.id, b.id);
}

function sortByKey<T extends { email: string; id: string }>(users: readonly T[]): { sorted: T[]; keys: string[] } {
  const decorated = users.map((u) => ({ u, k: emailKey(u.email) }));
  decorated.sort((a, b) => compare(a.k, b.k) || compare(a.u.email, b.u.email) || compare(a.u.id, b.u.id));
  return { sorted: decorated.map((d) => d.u), keys: decorated.map((d) => d.k) };
}

function mismatchConfidence(reasons: Reason[]): number {
  let c = 0.95;
  for (const r of reasons) {
    if (r.code === 'invisible-character' || r.code === 'unicode-normalization') c = Math.min(c, 0.9);
    if (r.code === 'confusable-character') c = Math.min(c, 0.85);
  }
  return c;
}

function candidateOf(users: readonly MyOperatorUser[], e: Edge): Candidate {
  return { user: users[e.m]!, confidence: e.confidence, reasons: e.reasons };
}

function byConfidence(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || byEmailThenId(a.user, b.user);
}

export function matchUsers(input: MatchInput): MatchReport {
  const { sorted: Z, keys: zKeys } = sortByKey(input.zoho);
  // MyOperator users keep their input order: every decision below is order-free (edges are
  // grouped, candidates sorted), and only the few unclaimed ones are sorted for output. One sort
  // of 100,000 users fewer.
  const M = input.myoperator;
  const mKeys = M.map((u) => emailKey(u.email));
  const mState = new Uint8Array(M.length);
  // Whether a side listed anyone, judged by the users listed: one in a stale pair resync keeps
  // (leftOut) was listed, only kept out of this match; "no user was listed at all" was untrue of it.
  const sideListed = { zoho: Z.length + (input.leftOut?.zoho.length ?? 0) > 0, myoperator: M.length + (input.leftOut?.myoperator.length ?? 0) > 0 };
  const results: Array<MatchResult | undefined> = new Array(Z.length);
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  // Built only when needed (saved mappings, ambiguity): a 100,000-entry map is not free.
  let mIndexMap: Map<string, number> | undefined;
  const mIndex = (): Map<string, number> => {
    if (!mIndexMap) {
      mIndexMap = new Map();
      for (let i = 0; i < M.length; i++) mIndexMap.set(M[i]!.id, i);
    }
    return mIndexMap;
  };

  const ignored = new Set(input.ignored ?? []);
  const leftAlone = new Set(input.ignoredMyOperator ?? []);
  if (leftAlone.size > 0) for (let i = 0; i < M.length; i++) if (leftAlone.has(M[i]!.id)) mState[i] = LEFT;
  // Saved pairs whose MyOperator e-mail is not the (sound) Zoho one: a MyOperator user left
  // unclaimed with that Zoho e-mail is the likelier person, or must give the e-mail up (see the end).
  const unfixed: Array<{ z: number; m: number }> = [];
  const savedFor = new Map<string, SavedPair>();
  for (const p of input.mappings ?? []) savedFor.set(p.zohoId, p);
  // A saved pair a user of which has left is not honoured below; its Zoho user's result says the
  // pair exists and is stale, or it reads as if nobody had ever mapped that user.
  const staleFor = new Map<number, Reason>();
  if (savedFor.size > 0) {
    const staleAt: Array<{ i: number; user: MyOperatorUser | undefined; saved: SavedPair }> = [];
    let listed = 0;
    Z.forEach((z, i) => {
      const saved = savedFor.get(z.id);
      if (saved === undefined) return;
      listed++;
      if (ignored.has(z.id)) return;
      const m = mIndex().get(saved.myoperatorId);
      const user = m === undefined ? undefined : M[m];
      if (!user || !z.active || !user.active) staleAt.push({ i, user, saved });
    });
    // The prune the reason offers takes the pairs whose Zoho user is gone too: past --max-prune it needs the count.
    const pruned = staleAt.length === 0 ? 0 : (input.stale?.() ?? staleAt.length + savedFor.size - listed);
    // A MyOperator that lists nobody says nothing of who left it (and resync prunes nothing then).
    for (const { i, user, saved } of staleAt) staleFor.set(i, staleMappingReason(Z[i]!, user, saved, pruned, !sideListed.myoperator));
  }

  // Every result is finished where it is made, while its users are at hand: a last pass over
  // 100,000 results to add the same reasons costs more in cache misses than the work itself.
  // `beside`: what the pair's own reasons leave unsaid (heldElsewhere).
  const decide = (i: number, r: MatchResult, beside: readonly Reason[] = NO_REASONS): void => {
    const stale = staleFor.get(i);
    const empty = !r.zoho!.email && r.status !== 'ignored' && r.status !== 'mapped';
    const lead = stale ? (empty ? [stale, emptyEmailReason('zoho')] : [stale]) : empty ? [emptyEmailReason('zoho')] : NO_REASONS;
    const done = withInactive(r, lead, beside);
    results[i] = done;
    summary[done.status]++;
  };

  // A deleted Zoho user takes no calls and competes for nobody: an old deleted record with an
  // active user's e-mail must not make that user ambiguous (whether Zoho lists deleted users by
  // default is unconfirmed, reference §3.1). Reported as inactive, with no candidate.
  for (let i = 0; i < Z.length; i++)
    if (deletedInZoho(Z[i])) decide(i, { status: 'inactive', zoho: Z[i]!, myoperator: null, candidates: [], confidence: 0, reasons: NO_REASONS });

  if (ignored.size > 0 || savedFor.size > 0) {
    Z.forEach((z, i) => {
      if (results[i]) return; // deleted, above
      if (ignored.has(z.id)) {
        // Confidence 0, as for any result with no MyOperator user: nobody was matched, by choice.
        decide(i, { status: 'ignored', zoho: z, myoperator: null, candidates: [], confidence: 0, reasons: NO_REASONS });
        return;
      }
      const saved = savedFor.get(z.id);
      const m = saved === undefined ? undefined : mIndex().get(saved.myoperatorId);
      if (m !== undefined && mState[m] === FREE && z.active && M[m]!.active) {
        mState[m] = CLAIMED;
        const user = M[m]!;
        const reasons = z.email && z.email === user.email ? NO_REASONS : [needsFixReason(z, user)];
        if (reasons[0]?.side === 'myoperator') unfixed.push({ z: i, m });
        decide(i, {
          status: 'mapped',
          zoho: z,
          myoperator: user,
          candidates: [{ user, confidence: 1, reasons: NO_REASONS }],
          confidence: 1,
          reasons,
        });
      }
    });
  }

  // The saved pair (of one Zoho user only, or PhoneBridge could not choose either: duplicate-email's
  // business) whose Zoho e-mail is exactly `email` and not yet its MyOperator user's. Indexed at the
  // first ask, which only a user holding an e-mail makes, and only where such pairs are.
  let unfixedBy: Map<string, Array<{ z: number; m: number }>> | undefined;
  const unfixedPairOf = (email: string): { z: number; m: number } | undefined => {
    if (unfixed.length === 0 || !email) return undefined;
    if (!unfixedBy) {
      unfixedBy = new Map();
      for (const p of unfixed) (unfixedBy.get(Z[p.z]!.email) ?? unfixedBy.set(Z[p.z]!.email, []).get(Z[p.z]!.email)!).push(p);
    }
    const twin = unfixedBy.get(email);
    return twin?.length === 1 ? twin[0] : undefined;
  };
  // Every holder of the e-mail but the mapped one in no saved mapping, as fix names them: one that
  // this match paired by name with another Zoho user holds it too, and MyOperator links by e-mail.
  let holdersBy: Map<string, MyOperatorUser[]> | undefined;
  let savedM: Set<string> | undefined;
  const holdersOf = (email: string, mapped: MyOperatorUser): MyOperatorUser[] =>
    unsavedHolders((holdersBy ??= holdersByEmail(M)), email, mapped.id, (savedM ??= new Set([...savedFor.values()].map((p) => p.myoperatorId))));
  const oldPhonesOnly = new Set<string>();
  // The zoho-mapped-elsewhere reason of a saved pair some holder of its Zoho e-mail holds up, made once
  // for every holder's row and put on the Zoho user's own row by the first holder met: that was the
  // unclaimed holders' work alone, so a Zoho user whose only holder was paired by name (Farhan's phone
  // with Lakshmi's e-mail) kept a needs-fix sending it to `fix`, which refuses the pair.
  const elsewhereFor = new Map<number, Reason>();
  const elsewhere = (pair: { z: number; m: number }): Reason => {
    const known = elsewhereFor.get(pair.z);
    if (known) return known;
    const z = Z[pair.z]!;
    // Every holder of the e-mail, so that each row, and the Zoho user's, names them all.
    const holders = holdersOf(z.email, M[pair.m]!);
    const reason = zohoMappedElsewhereReason(z, M[pair.m]!, holders, input);
    elsewhereFor.set(pair.z, reason);
    if (oldPhonesAlone(z, M[pair.m]!, holders)) oldPhonesOnly.add(z.id);
    // The Zoho user's row: its needs-fix without `fix` as the cure (fix refuses the pair), then the
    // same reason, so a count of such pairs (match's summary) reads a code, not a sentence.
    const unconfirmed = z.confirmed || !z.active ? NO_REASONS : [UNCONFIRMED_REASON];
    results[pair.z] = { ...results[pair.z]!, reasons: [needsFixReason(z, M[pair.m]!, true), reason, ...unconfirmed] };
    return reason;
  };
  // A phone paired by name (or by a typo) that holds exactly the e-mail of a Zoho user mapped to
  // another phone: PhoneBridge gives its calls to that user, which "same-name" alone left unsaid. In
  // fix's sentence, as the rows of the other holders and of that Zoho user say it.
  const heldElsewhere = (m: MyOperatorUser): readonly Reason[] => {
    const pair = unfixedPairOf(m.email);
    return pair ? [elsewhere(pair)] : NO_REASONS;
  };

  // Plain loops: a flatMap here allocates one small array per user, which at 100,000 users is GC time.
  const undecided = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < Z.length; i++) if (!results[i]) out.push(i);
    return out;
  };
  const freeM = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < M.length; i++) if (mState[i] === FREE) out.push(i);
    return out;
  };

  const settle = (edges: Edge[]): void => {
    edges.sort((a, b) => b.rank - a.rank || a.z - b.z || a.m - b.m);
    const allOf = new Map<number, Edge[]>();
    for (const e of edges) {
      const list = allOf.get(e.z);
      if (list) list.push(e);
      else allOf.set(e.z, [e]);
    }
    for (let start = 0; start < edges.length;) {
      let end = start;
      while (end < edges.length && edges[end]!.rank === edges[start]!.rank) end++;
      const live = edges.slice(start, end).filter((e) => !results[e.z] && mState[e.m] === FREE);
      start = end;
      const perZ = new Map<number, Edge[]>();
      const perM = new Map<number, Edge[]>();
      for (const e of live) {
        (perZ.get(e.z) ?? perZ.set(e.z, []).get(e.z)!).push(e);
        (perM.get(e.m) ?? perM.set(e.m, []).get(e.m)!).push(e);
      }
      const claims: Edge[] = [];
      const reserve: number[] = [];
      for (const [z, mine] of perZ) {
        const rivals = mine.flatMap((e) => perM.get(e.m)!.filter((o) => o.z !== z));
        if (mine.length === 1 && rivals.length === 0) {
          claims.push(mine[0]!);
          continue;
        }
        decide(z, ambiguous(z, mine, rivals, allOf.get(z)!));
        reserve.push(...mine.map((e) => e.m));
      }
      for (const e of claims) {
        mState[e.m] = CLAIMED;
        const user = M[e.m]!;
        const candidates = allOf
          .get(e.z)!
          .map((x) => candidateOf(M, x))
          .sort(byConfidence)
          .slice(0, MAX_CANDIDATES);
        decide(e.z, { status: e.tier, zoho: Z[e.z]!, myoperator: user, candidates, confidence: e.confidence, reasons: e.reasons });
      }
      for (const m of reserve) if (mState[m] === FREE) mState[m] = RESERVED;
    }
  };

  const ambiguous = (z: number, found: Edge[], rivals: Edge[], all: Edge[]): MatchResult => {
    const mine = [...found].sort((a, b) => byEmailThenId(M[a.m]!, M[b.m]!));
    const reasons: Reason[] = [];
    const tier = mine[0]!.tier;
    if (mine.length > 1 && tier !== 'suggested') {
      // As people, in the order of their ids (the piped line's): uuids alone named nobody a person
      // knows, and the one switched off (an old phone still holding the e-mail) went unsaid here,
      // where doctor's duplicate-emails and `fix --only` say it.
      // Mixed where a line has the e-mail exactly and another up to case (caseTwins): each line then
      // says which it is, as reasons.ts says a holder "but for case", or the two read alike.
      const exactly = mine.filter((e) => e.tier === 'exact').length;
      const mixed = exactly > 0 && exactly < mine.length;
      const who = [...mine]
        .sort((a, b) => compare(M[a.m]!.id, M[b.m]!.id))
        .map((e) => {
          const u = M[e.m]!;
          const how = mixed && (e.tier === 'exact' ? 'exactly' : `but for ${differenceWords(Z[z]!.email, u.email)}`);
          return myOperatorNoted(u, [!u.active && 'switched off', how].filter(Boolean).join(', ') || undefined);
        });
      const how = exactly === mine.length ? 'exactly this e-mail' : exactly > 0 ? 'this e-mail, exactly or up to case, spaces or look-alike characters' : 'this e-mail up to case, spaces or look-alike characters';
      reasons.push({ code: 'duplicate-email', side: 'myoperator', message: `${mine.length} MyOperator users have ${how}: ${series(who, 'and')}; ${CHOOSE_IN_MAP}` });
    } else if (mine.length > 1) {
      reasons.push(...uniqueReasons(mine.flatMap((e) => e.reasons)));
    }
    if (rivals.length > 0) {
      // In Zoho order: the rivals come through MyOperator users, whose order is the input's.
      const others = [...new Set(rivals.map((e) => e.z))].sort((a, b) => a - b).map((r) => Z[r]!);
      if (tier === 'suggested') {
        // Coded by the clue that ties them (two nameless users with one local part share no
        // name): this user's own clue to the contested MyOperator user, one the rivals have too if any.
        const contested = new Set(rivals.map((e) => e.m));
        const own = mine.filter((e) => contested.has(e.m)).flatMap((e) => e.reasons.map((x) => x.code).filter((c) => c in TIE));
        const theirs = new Set(rivals.flatMap((e) => e.reasons.map((x) => x.code)));
        const tie = own.find((c) => theirs.has(c)) ?? own[0] ?? 'same-name';
        reasons.push({ code: tie, side: 'zoho', message: `${otherZohoUsers(others, 'is')} as likely to be this MyOperator user, by ${TIE[tie]}; choose by hand` });
      } else {
        // Rivals that have it but for case (zohoCaseTwins', or two near one line) say how, as a line's sentence does:
        // "the same e-mail" was untrue of them byte for byte.
        const alike = rivals.filter((e) => Z[e.z]!.email !== Z[z]!.email);
        const kinds = kindWords(alike.flatMap((e) => twinDifferenceCodes(Z[z]!.email, Z[e.z]!.email)));
        const how = alike.length === 0 ? 'the same e-mail' : `this e-mail ${alike.length < rivals.length ? 'exactly or ' : ''}but for ${series(kinds, 'and')}`;
        reasons.push({ code: 'duplicate-email', side: 'zoho', message: `${otherZohoUsers(others, 'has')} ${how}; choose by hand` });
      }
    }
    // The users this one is ambiguous between come first, then the rest by confidence.
    const top = new Set(mine.map((e) => M[e.m]!));
    const candidates = all
      .map((e) => candidateOf(M, e))
      .sort((a, b) => Number(top.has(b.user)) - Number(top.has(a.user)) || byConfidence(a, b))
      .slice(0, MAX_CANDIDATES);
    // The likeliest candidate's confidence shared among the ways it could go (its fellow candidates, the
    // rival Zoho users): the first by e-mail's was taken, so Ravi@ (0.95) beside ravi@ (1) gave 0.48 or 0.50 by sort order.
    const best = mine.reduce((c, e) => Math.max(c, e.confidence), 0);
    const confidence = Math.round((best / (mine.length + new Set(rivals.map((e) => e.z)).size)) * 100) / 100;
    return { status: 'ambiguous', zoho: Z[z]!, myoperator: null, candidates, confidence, reasons };
  };

  // Tier 1: byte-identical e-mails. Most users of a real company land here, so the plain case
  // (one MyOperator user with the e-mail, wanted by one Zoho user) is settled without building
  // edges; duplicates on either side go through `settle`, which makes them ambiguous.
  // By hashed e-mail in flat arrays (`KeyIndex`), not a Map: at a million users a Map of every
  // e-mail costs seconds in rehashing and cache misses, and its garbage slows every collection after.
  const byEmail = new KeyIndex((m) => M[m]!.email, M.length);
  for (const m of freeM()) if (M[m]!.email) byEmail.add(m);
  const wantedBy = new Int32Array(M.length).fill(-1);
  const contested: Edge[] = [];
  const exactEdge = (z: number, m: number): Edge => ({ z, m, rank: RANK_EXACT, tier: 'exact', confidence: 1, reasons: NO_REASONS });
  for (const z of undecided()) {
    const email = Z[z]!.email;
    if (!email) continue;
    let first = -1;
    let dups: number[] | undefined;
    byEmail.each(email, (m) => {
      if (first < 0) first = m;
      else (dups ??= [first]).push(m);
    });
    if (first < 0) continue;
    if (dups) contested.push(...dups.map((d) => exactEdge(z, d)));
    else if (wantedBy[first] === -1) wantedBy[first] = z;
    else contested.push(exactEdge(z, first));
  }
  for (const e of contested) {
    if (wantedBy[e.m]! >= 0) {
      contested.push(exactEdge(wantedBy[e.m]!, e.m));
      wantedBy[e.m] = -2;
    }
  }
  // An active Zoho user whose exact holders are all switched off (old phones): settled after tier 2,
  // where an active user with the e-mail up to case (the phone on duty) is the person's phone. The
  // old phones are held aside meanwhile, named on that row rather than offered to anyone. Several
  // of them are held aside too, where no other Zoho user wants them: they were the choice offered,
  // and the phone on duty was matched by none.
  const offExact: Array<{ z: number; ms: number[]; edges?: Edge[] }> = [];
  wantedBy.forEach((z, m) => {
    if (z < 0) return;
    if (!M[m]!.active && Z[z]!.active) {
      offExact.push({ z, ms: [m] });
      mState[m] = RESERVED;
      return;
    }
    mState[m] = CLAIMED;
    decide(z, new ExactResult(Z[z]!, M[m]!));
  });
  const byZ = new Map<number, Edge[]>();
  const wanters = new Map<number, number>();
  for (const e of contested) {
    (byZ.get(e.z) ?? byZ.set(e.z, []).get(e.z)!).push(e);
    wanters.set(e.m, (wanters.get(e.m) ?? 0) + 1);
  }
  const heldAside = new Set<Edge>();
  for (const [z, edges] of byZ) {
    if (!Z[z]!.active || !edges.every((e) => !M[e.m]!.active && wanters.get(e.m) === 1)) continue;
    offExact.push({ z, ms: edges.map((e) => e.m), edges });
    for (const e of edges) {
      heldAside.add(e);
      mState[e.m] = RESERVED;
    }
  }
  settle(heldAside.size > 0 ? contested.filter((e) => !heldAside.has(e)) : contested);
  const mismatchEdge = (z: number, m: number): Edge => {
    const reasons = explainMismatch(Z[z]!.email, M[m]!.email).map(mismatchReason);
    return { z, m, rank: RANK_MISMATCH, tier: 'mismatch', confidence: mismatchConfidence(reasons), reasons };
  };
  // The line of Zoho user `z`'s exact pair, its result unmade: that pair is to be remade ambiguous.
  const unmadeExact = (z: number): number => {
    const r = results[z]!;
    summary[r.status]--;
    let held = -1;
    byEmail.each(Z[z]!.email, (m) => {
      if (M[m] === r.myoperator) held = m;
    });
    return held;
  };
  // A line left free whose e-mail is, but for case, spaces or look-alikes, that of a Zoho user matched
  // exactly above (Ravi@ beside ravi@): which of the two lines is the person's is a guess, as between
  // byte-identical duplicates, so that user is ambiguous between them (`map` asks), where the other line
  // read myoperator-only, "no Zoho user still unmatched resembles this one".
  for (const [z, twins] of caseTwins(Z, zKeys, M, mKeys, freeM(), results)) {
    const edges = [exactEdge(z, unmadeExact(z)), ...twins.map((m) => mismatchEdge(z, m))];
    for (const e of edges) mState[e.m] = RESERVED;
    decide(z, ambiguous(z, edges, [], edges));
  }

  // Tier 2: the same address once normalised.
  const byKey = new KeyIndex((m) => mKeys[m]!, M.length);
  for (const m of freeM()) if (mKeys[m]) byKey.add(m);
  const sameKey = (key: string): number[] => {
    const out: number[] = [];
    if (key) byKey.each(key, (m) => out.push(m));
    return out;
  };
  const offZ = offExact.length > 0 ? new Set(offExact.map((p) => p.z)) : undefined;
  settle(
    undecided().flatMap((z) => {
      const twins = sameKey(zKeys[z]!);
      // Beside an old phone with the exact e-mail, only a phone on duty is worth leading with.
      return (offZ?.has(z) ? twins.filter((m) => M[m]!.active) : twins).map((m) => mismatchEdge(z, m));
    }),
  );
  const noTwin: Edge[] = [];
  for (const { z, ms, edges } of offExact) {
    const r = results[z];
    if (r) {
      // The phone on duty (or phones, ambiguous): fix cannot give it the e-mail the old phones hold.
      results[z] = { ...r, reasons: [...r.reasons, switchedOffHolderReason(ms.map((m) => M[m]!), r.status === 'mismatch' ? r.myoperator! : undefined)] };
      continue;
    }
    for (const m of ms) mState[m] = FREE;
    if (edges) noTwin.push(...edges);
    else {
      mState[ms[0]!] = CLAIMED;
      decide(z, new ExactResult(Z[z]!, M[ms[0]!]!));
    }
  }
  // Several old phones and no phone on duty: the choice between them, as before.
  if (noTwin.length > 0) settle(noTwin);
  // caseTwins' mirror: a Zoho user still unmatched whose e-mail is, but for case, spaces or look-alikes,
  // that of a Zoho user matched exactly (Ravi@ beside ravi@, one line ravi@). Which of them the line's
  // person is, is a guess, as between byte-identical Zoho users: both are ambiguous for the line, where
  // ravi@ read exact and Ravi@ zoho-only with no reason. After tier 2, so that one with a line of its own
  // up to case has it.
  for (const [z, twins] of zohoCaseTwins(Z, zKeys, undecided(), results)) {
    const held = unmadeExact(z);
    mState[held] = RESERVED;
    const edges = [exactEdge(z, held), ...twins.map((t) => mismatchEdge(t, held))];
    for (const e of edges) decide(e.z, ambiguous(e.z, [e], edges.filter((o) => o !== e), [e]));
  }

  // Tier 3: probably the same person. Settled as `settle` does, rank by rank, but over flat
  // arrays: there are up to ten edges per undecided Zoho user, millions at a million users.
  const rest = undecided();
  if (rest.length > 0) {
    const leftOut = input.leftOut ? [...input.leftOut.zoho, ...input.leftOut.myoperator].map((u) => emailKey(u.email)) : [];
    const { set, from } = suggestAll(Z, zKeys, M, mKeys, rest, freeM(), leftOut);
    const edgeOf = (e: number): Edge => {
      const z = rest[set.slot[e]!]!;
      return { z, m: set.m[e]!, rank: set.rank(e), tier: 'suggested', confidence: set.confidence(e), reasons: set.reasons(Z[z]!, z, e) };
    };
    const range = (slot: number): Edge[] => {
      const out: Edge[] = [];
      for (let e = from[slot]!; e < from[slot + 1]!; e++) out.push(edgeOf(e));
      return out;
    };
    // Highest rank first by a counting sort (ranks are whole percentages), which keeps each Zoho
    // user's edges of a rank together and in their ranked order.
    const rankOf = new Uint8Array(set.length);
    const starts = new Int32Array(102);
    for (let e = 0; e < set.length; e++) starts[100 - (rankOf[e] = set.rank(e)) + 1]!++;
    for (let i = 1; i < starts.length; i++) starts[i]! += starts[i - 1]!;
    const byRank = new Int32Array(set.length);
    const fill = starts.slice();
    for (let e = 0; e < set.length; e++) byRank[fill[100 - rankOf[e]!]!++] = e;
    const seenAt = new Int32Array(M.length);
    const wanted = new Int32Array(M.length);
    for (let r = 100, level = 1; r >= 0; r--, level++) {
      // The edges of this rank whose users are both still free, and how many of them want each MyOperator user.
      const live: number[] = [];
      for (let i = starts[100 - r]!; i < starts[101 - r]!; i++) {
        const e = byRank[i]!;
        const m = set.m[e]!;
        if (results[rest[set.slot[e]!]!] || mState[m] !== FREE) continue;
        live.push(e);
        if (seenAt[m] !== level) [seenAt[m], wanted[m]] = [level, 0];
        wanted[m]!++;
      }
      const claims: number[] = [];
      const reserve: number[] = [];
      let perM: Map<number, number[]> | undefined;
      for (let a = 0, b = 1; a < live.length; a = b, b = a + 1) {
        const slot = set.slot[live[a]!]!;
        while (b < live.length && set.slot[live[b]!] === slot) b++;
        if (b - a === 1 && wanted[set.m[live[a]!]!] === 1) {
          claims.push(live[a]!);
          continue;
        }
        if (!perM) {
          perM = new Map();
          for (const e of live) (perM.get(set.m[e]!) ?? perM.set(set.m[e]!, []).get(set.m[e]!)!).push(e);
        }
        const mine = live.slice(a, b);
        const rivals = mine.flatMap((e) => perM!.get(set.m[e]!)!.filter((o) => set.slot[o] !== slot));
        decide(rest[slot]!, ambiguous(rest[slot]!, mine.map(edgeOf), rivals.map(edgeOf), range(slot)));
        for (const e of mine) reserve.push(set.m[e]!);
      }
      for (const e of claims) {
        const m = set.m[e]!;
        const slot = set.slot[e]!;
        const z = rest[slot]!;
        mState[m] = CLAIMED;
        decide(z, new SuggestedResult(set, z, e, from[slot]!, from[slot + 1]!, Z[z]!, M[m]!), heldElsewhere(M[m]!));
      }
      for (const m of reserve) if (mState[m] === FREE) mState[m] = RESERVED;
    }
  }

  // With MyOperator listing nobody, a Zoho user alone was compared with no one: its row says that.
  const alone = !sideListed.myoperator ? (Object.freeze([NOT_COMPARED.myoperator]) as Reason[]) : NO_REASONS;
  // Lines left unmapped on purpose by their exact e-mail: PhoneBridge still ties them to an active Zoho user holding it.
  const leftByEmail = leftAlone.size > 0 ? holdersByEmail(M.filter((_, i) => mState[i] === LEFT)) : undefined;
  const twinsOf = exactCaseTwins(Z, zKeys, results);
  for (let i = 0; i < Z.length; i++) {
    if (results[i]) continue;
    const tied = Z[i]!.email && Z[i]!.active ? leftByEmail?.get(Z[i]!.email) : undefined;
    const twins = tied ? [] : twinsOf(i);
    const reasons = tied ? [leftUnmappedHolderReason(Z[i]!, tied, input)] : twins.length > 1 ? [zohoTwinsMatchedReason(Z[i]!, twins.map((t) => Z[t]!))] : alone;
    decide(i, { status: 'zoho-only', zoho: Z[i]!, myoperator: null, candidates: [], confidence: 0, reasons });
  }
  const out = results as MatchResult[];
  const unclaimed = sortByKey(M.filter((_, i) => mState[i] === FREE || mState[i] === LEFT)).sorted;
  // A Zoho user mapped to a MyOperator user with another e-mail, whose e-mail this unclaimed one has
  // up to case, spaces or look-alikes: the pair may be the slip (only with saved pairs: matching
  // exports never builds it).
  let mappedByKey: Map<string, number> | undefined;
  const mappedAlike = (m: MyOperatorUser): number | undefined => {
    if (!m.email || savedFor.size === 0) return undefined;
    if (!mappedByKey) {
      mappedByKey = new Map();
      for (let i = 0; i < Z.length; i++) if (out[i]!.status === 'mapped' && out[i]!.myoperator!.email !== Z[i]!.email) mappedByKey.set(zKeys[i]!, i);
    }
    return mappedByKey.get(emailKey(m.email));
  };
  unclaimed.forEach((m) => {
    // With Zoho listing nobody, likewise: this user was compared with no one.
    const reasons: Reason[] = !sideListed.zoho ? [NOT_COMPARED.zoho] : [];
    // Left unmapped on purpose, it needs no Zoho user: "it needs one added in Zoho first" was the
    // very advice the admin declined, and it stood in place of the row's undo.
    if (!m.email && !leftAlone.has(m.id)) reasons.push(emptyEmailReason('myoperator', 'alone'));
    // Not "no Zoho user": PhoneBridge ties this user to that Zoho user by e-mail, and fix cannot
    // give the mapped one that e-mail while this user has it. Both rows say so, in one sentence.
    const pair = unfixedPairOf(m.email);
    if (pair) reasons.push(elsewhere(pair));
    const alike = pair ? undefined : mappedAlike(m);
    if (alike !== undefined) reasons.push(mappedAlikeReason(Z[alike]!, out[alike]!.myoperator!, m, input));
    if (!m.active) reasons.push(inactiveReason('myoperator', 'is inactive or not receiving calls'));
    // Left unmapped on purpose first: counted by this status (resync's count, the row's undo), and its
    // tie to that Zoho user is said by the reason above all the same.
    const status: Status = leftAlone.has(m.id) ? 'myoperator-ignored' : pair ? 'zoho-mapped-elsewhere' : 'myoperator-only';
    out.push({ status, zoho: null, myoperator: m, candidates: [], confidence: 0, reasons });
    summary[status]++;
  });
  return { summary, results: out, oldPhonesOnly };
}

/**
 * The lines still free (`free`) whose e-mail is, as a person reads it, that of a Zoho user matched
 * exactly, by that user: its duplicates as much as byte-identical ones. Not a line whose e-mail a
 * Zoho user has exactly (it is that user's), nor one whose key an undecided Zoho user has (tier 2
 * pairs them), nor one two Zoho users matched exactly share. `zKeys` is sorted (sortByKey), so a
 * key's Zoho users are found by halving, with no index of a million keys built for a few lines.
 */
function caseTwins(
  Z: readonly ZohoUser[],
  zKeys: readonly string[],
  M: readonly MyOperatorUser[],
  mKeys: readonly string[],
  free: readonly number[],
  results: ReadonlyArray<MatchResult | undefined>,
): Map<number, number[]> {
  const twins = new Map<number, number[]>();
  for (const m of free) {
    const key = mKeys[m]!;
    if (!key) continue;
    let lo = 0;
    for (let hi = zKeys.length; lo < hi;) {
      const mid = (lo + hi) >>> 1;
      if (zKeys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    let matched = -1;
    let clear = true;
    for (let z = lo; clear && z < Z.length && zKeys[z] === key; z++) {
      const r = results[z];
      if (!r || Z[z]!.email === M[m]!.email) clear = false;
      else if ((r.status === 'exact' || r.status === 'inactive') && r.myoperator?.email === Z[z]!.email) {
        clear = matched < 0;
        matched = z;
      }
    }
    if (clear && matched >= 0) (twins.get(matched) ?? twins.set(matched, []).get(matched)!).push(m);
  }
  return twins;
}

/**
 * For Zoho user `z`, asked in ascending order: the other Zoho users whose e-mail is `z`'s but for
 * case, spaces or look-alikes, each matched exactly to a line of its own (a switched-off one too), in Zoho order. Two or more
 * leave `z` alone with no line (zohoCaseTwins makes one such twin and `z` ambiguous for its line),
 * and its row says so. A key's users are neighbours, and its run is read once (thousands of Zoho
 * users of one unmatched e-mail would make a read per user quadratic).
 */
function exactCaseTwins(Z: readonly ZohoUser[], zKeys: readonly string[], results: ReadonlyArray<MatchResult | undefined>): (z: number) => number[] {
  let runKey: string | undefined;
  let matched: number[] = [];
  return (z) => {
    const key = zKeys[z]!;
    if (!key) return [];
    if (key !== runKey) {
      runKey = key;
      matched = [];
      let lo = z;
      while (lo > 0 && zKeys[lo - 1] === key) lo--;
      for (let o = lo; o < Z.length && zKeys[o] === key; o++) {
        const r = results[o];
        // A switched-off twin paired with its line holds it as an exact one does (zohoCaseTwins counts it so):
        // left out, the third read zoho-only with no reason beside one exact twin.
        if ((r?.status === 'exact' || r?.status === 'inactive') && r.myoperator?.email === Z[o]!.email) matched.push(o);
      }
    }
    return matched.filter((o) => Z[o]!.email !== Z[z]!.email);
  };
}

/**
 * caseTwins' mirror: the Zoho users in `undecided` whose key is that of one Zoho user matched exactly,
 * by that user. Zoho users are sorted by key, so a key's users are neighbours. None where two Zoho
 * users of the key are matched exactly (each has its line).
 */
function zohoCaseTwins(Z: readonly ZohoUser[], zKeys: readonly string[], undecided: readonly number[], results: ReadonlyArray<MatchResult | undefined>): Map<number, number[]> {
  const twins = new Map<number, number[]>();
  // `undecided` ascends, so a key's users come together: its run is read once, not once per user of
  // it (thousands of Zoho users with one unmatched e-mail made that quadratic).
  let runKey: string | undefined;
  let matched = -1;
  for (const z of undecided) {
    const key = zKeys[z]!;
    if (!key) continue;
    if (key !== runKey) {
      runKey = key;
      matched = -1;
      let lo = z;
      while (lo > 0 && zKeys[lo - 1] === key) lo--;
      for (let o = lo; o < Z.length && zKeys[o] === key; o++) {
        const r = results[o];
        if ((r?.status === 'exact' || r?.status === 'inactive') && r.myoperator?.email === Z[o]!.email) {
          if (matched >= 0) {
            matched = -1;
            break;
          }
          matched = o;
        }
      }
    }
    if (matched >= 0) (twins.get(matched) ?? twins.set(matched, []).get(matched)!).push(z);
  }
  return twins;
}

/**
 * The up to ten candidates of each undecided Zoho user (`from[slot]`..`from[slot + 1]`, slots in
 * the order of `rest`). In a function of its own so that the indexes are freed when it returns:
 * only the keys and domain figures stay, for the sentences.
 */
function suggestAll(
  Z: readonly ZohoUser[],
  zKeys: readonly string[],
  M: readonly MyOperatorUser[],
  mKeys: readonly string[],
  rest: readonly number[],
  free: readonly number[],
  /** The keys of users matched with nobody here but counted in the domain figures (MatchInput.leftOut). */
  leftOutKeys: readonly string[],
): { set: FuzzyCandidates; from: Int32Array } {
  const domainCounts = new Map<string, number>();
  for (const k of [zKeys, mKeys, leftOutKeys]) {
    for (const key of k) {
      const at = key.lastIndexOf('@');
      if (at < 0 || at === key.length - 1) continue;
      const d = key.slice(at + 1);
      domainCounts.set(d, (domainCounts.get(d) ?? 0) + 1);
    }
  }
  const mParsed: Array<ParsedKey | null> = new Array(M.length).fill(null);
  for (const m of free) mParsed[m] = parseKey(mKeys[m]!);
  const index = new SuggestIndex(M, mParsed, free, domainCounts);
  const set = new FuzzyCandidates(index.explainer(zKeys, mKeys), M, rest.length * MAX_SUGGESTIONS);
  const from = new Int32Array(rest.length + 1);
  for (let slot = 0; slot < rest.length; slot++) {
    const z = rest[slot]!;
    for (const s of index.suggest(Z[z]!, parseKey(zKeys[z]!))) set.push(slot, s);
    from[slot + 1] = set.length;
  }
  return { set, from };
}

/**
 * A pair with a deactivated user on either side is reported, never mapped automatically. `lead`:
 * sentences that go before the result's own (an empty Zoho e-mail); `beside`: after them, before the
 * deactivated users' (heldElsewhere, as the holders' own rows order it). A Zoho user who has not
 * accepted Zoho's invitation keeps its status (a pair is right, and takes calls once accepted), and
 * says why it takes none until then: "exact 1.00" alone read as a pair that works.
 */
function withInactive(r: MatchResult, lead: Reason[], beside: readonly Reason[]): MatchResult {
  const extra: Reason[] = [];
  if (r.status !== 'ignored' && r.status !== 'mapped' && r.status !== 'ambiguous') {
    if (r.zoho && !r.zoho.active) extra.push(inactiveZohoReason(r.zoho));
    if (r.myoperator && !r.myoperator.active) extra.push(inactiveReason('myoperator', 'is inactive or not receiving calls'));
  }
  const status = extra.length > 0 ? 'inactive' : r.status;
  // Alone on its side, or between candidates, too: whoever it is mapped to, it takes no calls until then.
  if (r.status !== 'ignored' && r.zoho && !r.zoho.confirmed && r.zoho.active) extra.push(UNCONFIRMED_REASON);
  const after = beside.length > 0 ? [...beside, ...extra] : extra;
  if (r instanceof CompactResult) {
    r.surround(lead, after);
    r.status = status;
    return r;
  }
  if (lead.length === 0 && after.length === 0) return r;
  return { ...r, status, reasons: [...lead, ...r.reasons, ...after] };
}

function uniqueReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const k = `${r.code}\0${r.side}\0${r.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** "Zoho", "MyOperator" or "both sides". */
function sideLabel(side: Reason['side']): string {
  return side === 'both' ? 'both sides' : SIDE_LABEL[side];
}

/**
 * The side a reason is about, as match's table tags it. A case reason's side is where the capitals
 * are, no fault of that side: "[case, Zoho]" read as if Zoho's e-mail were wrong, while `fix`
 * changes MyOperator's. A plus-address reason's side is where the plus tag is: "[plus-address,
 * Zoho]" left the reader to ask which side had it.
 */
export function reasonSide(r: Reason): string {
  const what = WHAT_IS_ON_THE_SIDE[r.code];
  if (!what) return sideLabel(r.side);
  return r.side === 'both' ? `${what.both} on both sides` : `${what.one} in ${SIDE_LABEL[r.side]}`;
}
const WHAT_IS_ON_THE_SIDE: Partial<Record<ReasonCode, { one: string; both: string }>> = {
  case: { one: 'capitals', both: 'capitals' },
  'plus-address': { one: 'tag', both: 'tags' },
};
