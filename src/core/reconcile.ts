/**
 * The resync plan, pure: saved mappings × fresh users → keep / add / stale / unresolved / ignored.
 *
 * A mapping is kept while both users exist, are active and still have the e-mails recorded when
 * it was made; otherwise it is stale, with the reason and the side. Stale mappings stay in the
 * store (and keep their users out of new mappings) unless the caller prunes them. New exact
 * matches are added; every other active Zoho user is unresolved, with the matcher's status and
 * reasons.
 */
import { matchUsers, MYOPERATOR_ALONE, SETTLED, type MatchInput, type MatchReport, type MatchResult } from './match.js';
import { reveal } from './forensics.js';
import { recordedUser, unmapCommand, zohoEmailFlaw } from './reasons.js';
import { leftUnmappedIds, type MyOperatorUser, type ZohoUser } from './users.js';
import { markedAlikeLines, markedHolderOf } from './marked-match.js';

export type MappingOrigin = 'auto' | 'manual' | 'import';

export interface Mapping {
  zoho: { id: string; zuid: string | null; email: string };
  myoperator: { uuid: string; extension: string | null; email: string };
  how: MappingOrigin;
  /** ISO-8601, when the mapping was made. */
  at: string;
}

export interface Ignored {
  zohoId: string;
  email: string;
  at: string;
}

/** A MyOperator user left unmapped on purpose: a reception or shared line that is nobody in Zoho. */
export interface IgnoredMyOperator {
  uuid: string;
  extension: string | null;
  email: string;
  /** Its name when left, so the offline `map --unmap` names a line with no e-mail as the ignore did; absent in files before it. */
  name?: string;
  at: string;
}

export interface MappingData {
  mappings: Mapping[];
  ignored: Ignored[];
  /** Absent from a file that never held one (see the schema in store/mappings.ts). */
  ignoredMyOperator?: IgnoredMyOperator[];
}

/** The MyOperator users left unmapped on purpose that `keep` keeps; absent where the data had none, so that file stays as it was. */
function leftUnmapped(data: MappingData, keep: (uuid: string) => boolean): Pick<MappingData, 'ignoredMyOperator'> {
  return data.ignoredMyOperator ? { ignoredMyOperator: data.ignoredMyOperator.filter((i) => keep(i.uuid)) } : {};
}

/** What the matcher needs of the store: the saved pairs by id, the Zoho users never to map, and the MyOperator users left unmapped. */
export function savedPairs(data: MappingData, users?: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }): Pick<MatchInput, 'mappings' | 'ignored' | 'ignoredMyOperator' | 'stale'> {
  return {
    mappings: data.mappings.map((m) => ({ zohoId: m.zoho.id, myoperatorId: m.myoperator.uuid, recorded: { email: m.myoperator.email, extension: m.myoperator.extension } })),
    ignored: data.ignored.map((i) => i.zohoId),
    ...(data.ignoredMyOperator?.length && { ignoredMyOperator: data.ignoredMyOperator.map((i) => i.uuid) }),
    // The match judges pairs by ids only: a pair retyped since it was mapped is stale too, and the prune its reasons offer counts it.
    ...(users && { stale: () => staleCount(data.mappings, users) }),
  };
}

export type StaleReason =
  | 'zoho-gone'
  | 'myoperator-gone'
  | 'zoho-inactive'
  | 'myoperator-inactive'
  | 'zoho-email-changed'
  | 'myoperator-email-changed'
  /** The side listed nobody at all: whether the pair's user is still there was not checked (see unchecked). */
  | 'zoho-side-empty'
  | 'myoperator-side-empty';

/**
 * A side that listed nobody is far likelier a wrong account, a token that may not list users or an
 * outage than a company with nobody in it: its pairs are not called gone, and never pruned.
 */
const SIDE_EMPTY: ReadonlySet<StaleReason> = new Set(['zoho-side-empty', 'myoperator-side-empty']);

/** Whether the pair is stale only as far as a side that listed nobody can tell: a prune never removes it. */
export function unchecked(s: Pick<StaleMapping, 'reasons'>): boolean {
  return s.reasons.some((r) => SIDE_EMPTY.has(r.code));
}

export interface StaleMapping {
  mapping: Mapping;
  reasons: Array<{ code: StaleReason; message: string }>;
  /**
   * Both users are still there and active, and only their e-mails changed, to ones that differ:
   * `fix` plans it as it plans every saved pair, and PhoneBridge attributes none of its calls until
   * then. Stale all the same: the MyOperator user may now be someone else, which only a person can
   * tell (then `resync --prune` or `map --unmap` removes the pair).
   */
  needsFix: boolean;
  /** Of those, one whose Zoho e-mail fix will not copy (a look-alike or invisible character): its cure is in Zoho. */
  zohoFirst: boolean;
}

export interface Plan {
  keep: Mapping[];
  /**
   * Kept mappings whose record is behind its users: e-mails changed so that the two are now equal
   * byte for byte (an admin retyped one in its panel, as `fix` would have), or the MyOperator user
   * given another extension (a kept record with the old one was listed under it, and `map --unmap`
   * of the new one named nothing). Current, so kept, recorded anew. The same objects are in `keep`.
   */
  refresh: Mapping[];
  add: Mapping[];
  stale: StaleMapping[];
  /** Stale mappings the caller asked to prune. */
  remove: Mapping[];
  unresolved: MatchResult[];
  ignored: Ignored[];
  /** MyOperator users nobody is mapped or matched to; not one holding the e-mail of a Zoho user marked "never map" byte for byte (markedHolderOf). */
  unclaimed: MyOperatorUser[];
  report: MatchReport;
}

export interface ReconcileInput extends MappingData {
  zoho: readonly ZohoUser[];
  myoperator: readonly MyOperatorUser[];
  /** Add new exact matches (resync's default; `--no-auto` turns it off). */
  auto: boolean;
  prune: boolean;
  /** ISO time stamped on new mappings: the caller's clock, so this stays pure. */
  now: string;
  /**
   * The matcher's report on these users with every saved pair, when the caller has made it already
   * (fix, for its plan): used as it is when no mapping is stale, since the match below is then of
   * the same users and pairs, and a second one cost a whole match (at 100,000 users, seconds).
   */
  matched?: MatchReport;
}

export function mappingOf(z: ZohoUser, m: MyOperatorUser, how: MappingOrigin, at: string): Mapping {
  return { zoho: { id: z.id, zuid: z.zuid, email: z.email }, myoperator: { uuid: m.id, extension: m.extension, email: m.email }, how, at };
}

/**
 * A saved pair whose e-mails changed since it was recorded but are now the same bytes on both
 * sides is current, not stale: PhoneBridge ties them, and only the record is behind. One rule for
 * resync (which records them anew) and doctor (which does not call them stale).
 */
export function emailsNowEqual(z: Pick<ZohoUser, 'email'>, m: Pick<MyOperatorUser, 'email'>): boolean {
  return z.email !== '' && z.email === m.email;
}

/** Which sides listed anyone: a pair on a side that listed nobody is not checked (staleReasons). */
type Listed = { zoho: boolean; myoperator: boolean };
const listed = (users: { zoho: readonly unknown[]; myoperator: readonly unknown[] }): Listed => ({ zoho: users.zoho.length > 0, myoperator: users.myoperator.length > 0 });

function staleReasons(mp: Mapping, z: ZohoUser | undefined, m: MyOperatorUser | undefined, sides: Listed): StaleMapping['reasons'] {
  // E-mails as every table shows them: a Cyrillic "а" or a trailing space written as itself made
  // "changed from "anil.mehta@…" to "аnil.mehta@…"" read as no change at all.
  const out: StaleMapping['reasons'] = [];
  if (!sides.zoho) out.push({ code: 'zoho-side-empty', message: 'not checked: Zoho returned no users at all' });
  else if (!z) out.push({ code: 'zoho-gone', message: `${recordedUser('Zoho', mp.zoho.email, mp.zoho.id)} no longer exists` });
  else {
    if (!z.active) out.push({ code: 'zoho-inactive', message: `Zoho user ${reveal(z.email)} is ${z.status}` });
    if (z.email !== mp.zoho.email) out.push({ code: 'zoho-email-changed', message: `Zoho e-mail changed from "${reveal(mp.zoho.email)}" to "${reveal(z.email)}"` });
  }
  if (!sides.myoperator) out.push({ code: 'myoperator-side-empty', message: 'not checked: MyOperator returned no users at all' });
  else if (!m) out.push({ code: 'myoperator-gone', message: `${recordedUser('MyOperator', mp.myoperator.email, mp.myoperator.uuid, mp.myoperator.extension)} no longer exists` });
  else {
    if (!m.active) out.push({ code: 'myoperator-inactive', message: `MyOperator user ${reveal(m.email) || m.id} is inactive or not receiving calls` });
    if (m.email !== mp.myoperator.email)
      out.push({ code: 'myoperator-email-changed', message: `MyOperator e-mail changed from "${reveal(mp.myoperator.email)}" to "${reveal(m.email)}"` });
  }
  return out;
}

/** Stale, but current after all: only the e-mails changed, to the same bytes on both sides (see emailsNowEqual). */
function recordedAnew(reasons: StaleMapping['reasons'], z: ZohoUser | undefined, m: MyOperatorUser | undefined): boolean {
  return Boolean(z && m && emailsNowEqual(z, m) && reasons.every((r) => r.code.endsWith('-email-changed')));
}

/** How many saved mappings are stale, as reconcile tells them: what a `resync --prune` removes. */
export function staleCount(mappings: readonly Mapping[], users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }): number {
  if (mappings.length === 0) return 0;
  const zById = new Map(users.zoho.map((u) => [u.id, u]));
  const mById = new Map(users.myoperator.map((u) => [u.id, u]));
  const sides = listed(users);
  return mappings.filter((mp) => {
    const [z, m] = [zById.get(mp.zoho.id), mById.get(mp.myoperator.uuid)];
    const reasons = staleReasons(mp, z, m, sides);
    return reasons.length > 0 && !recordedAnew(reasons, z, m);
  }).length;
}

export function reconcile(input: ReconcileInput): Plan {
  const keep: Mapping[] = [];
  const refresh: Mapping[] = [];
  const stale: StaleMapping[] = [];
  // Users by id only when there are saved mappings to check (a first resync has none).
  if (input.mappings.length > 0) {
    const zById = new Map(input.zoho.map((u) => [u.id, u]));
    const mById = new Map(input.myoperator.map((u) => [u.id, u]));
    const sides = listed(input);
    for (const mp of input.mappings) {
      const z = zById.get(mp.zoho.id);
      const m = mById.get(mp.myoperator.uuid);
      const reasons = staleReasons(mp, z, m, sides);
      if (reasons.length === 0) {
        if (m!.extension === mp.myoperator.extension) keep.push(mp);
        else {
          const current = mappingOf(z!, m!, mp.how, mp.at);
          keep.push(current);
          refresh.push(current);
        }
      } else if (recordedAnew(reasons, z, m)) {
        // How and when it was made stay: the person's decision did not change, the e-mails did.
        const current = mappingOf(z!, m!, mp.how, mp.at);
        keep.push(current);
        refresh.push(current);
      } else {
        const needsFix = Boolean(z && m && z.active && m.active && z.email !== m.email);
        stale.push({ mapping: mp, reasons, needsFix, zohoFirst: needsFix && zohoEmailFlaw(z!.email, z!.name || z!.id) !== undefined });
      }
    }
  }
  // Never a pair a side that listed nobody left unchecked: a bad read must never wipe the mappings, --force or not.
  const staying = input.prune ? stale.filter(unchecked) : stale;
  const remove = input.prune ? stale.filter((s) => !unchecked(s)).map((s) => s.mapping) : [];
  // Users of stale mappings that stay in the store are off limits: one MyOperator user, one mapping.
  const blockedZ = new Set(staying.map((s) => s.mapping.zoho.id));
  const blockedM = new Set(staying.map((s) => s.mapping.myoperator.uuid));

  const report =
    input.matched && stale.length === 0
      ? input.matched
      : matchUsers({
          zoho: blockedZ.size > 0 ? input.zoho.filter((u) => !blockedZ.has(u.id)) : input.zoho,
          myoperator: blockedM.size > 0 ? input.myoperator.filter((u) => !blockedM.has(u.id)) : input.myoperator,
          ...savedPairs({ ...input, mappings: keep }),
          ...(blockedZ.size > 0 || blockedM.size > 0
            ? { leftOut: { zoho: input.zoho.filter((u) => blockedZ.has(u.id)), myoperator: input.myoperator.filter((u) => blockedM.has(u.id)) } }
            : {}),
        });
  const add: Mapping[] = [];
  const unresolved: MatchResult[] = [];
  const unclaimed: MyOperatorUser[] = [];
  // A line holding a marked Zoho user's e-mail byte for byte is that user's: PhoneBridge gives it the calls whatever the mark.
  const marked = new Set(markedAlikeLines(report).filter((u) => markedHolderOf(u, report)));
  for (const r of report.results) {
    // Mapped to nobody, whatever else its row says (zoho-mapped-elsewhere).
    if (MYOPERATOR_ALONE.has(r.status)) {
      if (!marked.has(r.myoperator!)) unclaimed.push(r.myoperator!);
    } else if (r.status === 'exact' && input.auto) add.push(mappingOf(r.zoho!, r.myoperator!, 'auto', input.now));
    else if (r.zoho?.active && (!SETTLED.has(r.status) || r.status === 'exact')) unresolved.push(r);
  }
  const zIds = input.ignored.length > 0 ? new Set(input.zoho.map((u) => u.id)) : undefined;
  return { keep, refresh, add, stale, remove, unresolved, ignored: input.ignored.filter((i) => zIds!.has(i.zohoId)), unclaimed, report };
}

/** The store after the plan: kept (refreshed) and unpruned stale mappings, plus the additions; sorted. */
export function applyPlan(data: MappingData, plan: Pick<Plan, 'add' | 'remove'> & Partial<Pick<Plan, 'refresh'>>): MappingData {
  const removed = new Set(plan.remove.map((m) => `${m.zoho.id}\0${m.myoperator.uuid}`));
  const refreshed = new Map((plan.refresh ?? []).map((m) => [`${m.zoho.id}\0${m.myoperator.uuid}`, m]));
  let mappings = removed.size > 0 ? data.mappings.filter((m) => !removed.has(`${m.zoho.id}\0${m.myoperator.uuid}`)) : [...data.mappings];
  // Matched by the pair's ids: a pair removed meanwhile is not brought back; one re-recorded
  // meanwhile (a map --import) takes the refreshed e-mails with its how and when from the plan.
  if (refreshed.size > 0) mappings = mappings.map((m) => refreshed.get(`${m.zoho.id}\0${m.myoperator.uuid}`) ?? m);
  // Another run may have mapped or ignored these users meanwhile (the plan was made before the
  // lock): never map one user twice, and never map a user someone marked "never map".
  const takenZ = new Set([...mappings.map((m) => m.zoho.id), ...data.ignored.map((i) => i.zohoId)]);
  const takenM = new Set([...mappings.map((m) => m.myoperator.uuid), ...leftUnmappedIds(data)]);
  for (const a of plan.add) {
    if (takenZ.has(a.zoho.id) || takenM.has(a.myoperator.uuid)) continue;
    mappings.push(a);
    takenZ.add(a.zoho.id);
    takenM.add(a.myoperator.uuid);
  }
  return { ...data, mappings };
}

/** Maps the pair, first removing any mapping of either user (one MyOperator user, one Zoho user) and un-ignoring the Zoho user. */
export function withMapping(data: MappingData, z: ZohoUser, m: MyOperatorUser, how: MappingOrigin, at: string): MappingData {
  return withMappingRecord(data, mappingOf(z, m, how, at));
}

/** `withMapping` of a mapping as recorded (a restored export: its users may be gone), by its ids. */
export function withMappingRecord(data: MappingData, record: Mapping): MappingData {
  const mappings = data.mappings.filter((x) => x.zoho.id !== record.zoho.id && x.myoperator.uuid !== record.myoperator.uuid);
  return {
    mappings: [...mappings, record],
    ignored: data.ignored.filter((i) => i.zohoId !== record.zoho.id),
    ...leftUnmapped(data, (uuid) => uuid !== record.myoperator.uuid),
  };
}

/**
 * `withMappingRecord` of each record in turn, in one pass: the records name each user once (an
 * import checks that), so none removes another, and the result is the same. Applied one by one,
 * 10,000 restored pairs copied the growing list 10,000 times.
 */
export function withMappingRecords(data: MappingData, records: readonly Mapping[]): MappingData {
  const zoho = new Set(records.map((r) => r.zoho.id));
  const myoperator = new Set(records.map((r) => r.myoperator.uuid));
  const mappings = data.mappings.filter((x) => !zoho.has(x.zoho.id) && !myoperator.has(x.myoperator.uuid));
  return { mappings: [...mappings, ...records], ignored: data.ignored.filter((i) => !zoho.has(i.zohoId)), ...leftUnmapped(data, (uuid) => !myoperator.has(uuid)) };
}

/** Marks the Zoho user "never map", removing its mapping if it had one. */
export function withIgnored(data: MappingData, z: Pick<ZohoUser, 'id' | 'email'>, at: string): MappingData {
  return {
    ...data,
    mappings: data.mappings.filter((x) => x.zoho.id !== z.id),
    ignored: [...data.ignored.filter((x) => x.zohoId !== z.id), { zohoId: z.id, email: z.email, at }],
  };
}

/** Leaves the MyOperator user unmapped on purpose; its caller refuses one that is mapped (`map --ignore-myoperator`). */
export function withIgnoredMyOperator(data: MappingData, m: Pick<MyOperatorUser, 'id' | 'extension' | 'email'> & { name?: string }, at: string): MappingData {
  return {
    ...data,
    ignoredMyOperator: [...(data.ignoredMyOperator ?? []).filter((x) => x.uuid !== m.id), { uuid: m.id, extension: m.extension, email: m.email, ...(m.name && { name: m.name }), at }],
  };
}

/*
 * What `map --unmap x` finds in the store, which it reads alone (offline, byte for byte as typed),
 * and so the word an undo may show for a MyOperator user left unmapped on purpose. Here, not in a
 * file of their own: that was one more bundle file for match, map and doctor --webhook to open.
 */

/** The saved pairs `--unmap x` removes: each whose either side x names. */
export const unmapHits = (x: string) => (m: Mapping) => [m.zoho.id, m.zoho.zuid, m.zoho.email, m.myoperator.uuid, m.myoperator.extension, m.myoperator.email].includes(x);

/** An ignored Zoho user has no mapping to remove: --unmap takes it off the ignore list instead. */
export const ignoredHits = (x: string) => (i: Ignored) => [i.zohoId, i.email].includes(x);

/** A MyOperator user left unmapped on purpose, by what was saved with the mark: --unmap puts it back among those to map. */
export const leftHits = (x: string) => (i: IgnoredMyOperator) => [i.uuid, i.extension, i.email].includes(x);

/**
 * The word to give `map --unmap` for one saved entry (`isIt`) of the user `id` (a MyOperator uuid, or a
 * Zoho id): `word` (as map takes that user today) where --unmap finds that entry by it and nothing
 * else, else the id.
 */
function undoWord(word: string, id: string, data: MappingData, isIt: (found: Mapping | IgnoredMyOperator | Ignored) => boolean): string {
  const found = [...data.mappings.filter(unmapHits(word)), ...(data.ignoredMyOperator ?? []).filter(leftHits(word)), ...data.ignored.filter(ignoredHits(word))];
  return found.length === 1 && isIt(found[0]!) ? word : id;
}

/**
 * The word for the MyOperator user `uuid` left unmapped on purpose: its mark keeps the extension it
 * was saved with: once MyOperator moved the line, the undo shown with the extension it has now,
 * pasted, was "No saved mapping or ignored user involves …" (exit 2).
 */
export const leftUndoWord = (word: string, uuid: string, data: MappingData): string => undoWord(word, uuid, data, (f) => 'uuid' in f && f.uuid === uuid);

/** As leftUndoWord, for MyOperator user `uuid`'s saved pair. */
export const pairUndoWord = (word: string, uuid: string, data: MappingData): string => undoWord(word, uuid, data, (f) => 'myoperator' in f && f.myoperator.uuid === uuid);

/**
 * As pairUndoWord, for Zoho user `zohoId`'s saved pair, by the Zoho side's word. Its e-mail may be a
 * line's left unmapped on purpose too: the undo map's slip note showed took that mark off as well.
 */
export const zohoPairUndoWord = (word: string, zohoId: string, data: MappingData): string => undoWord(word, zohoId, data, (f) => 'zoho' in f && f.zoho.id === zohoId);

/** The whole command that undoes leaving MyOperator user `uuid` unmapped on purpose (`word`: as map takes it). */
export const leftUndoCommand = (word: string, uuid: string, data: MappingData): string => unmapCommand(leftUndoWord(word, uuid, data));

/** As leftUndoWord, for Zoho user `zohoId` marked "never map". */
export const ignoredUndoWord = (word: string, zohoId: string, data: MappingData): string => undoWord(word, zohoId, data, (f) => 'zohoId' in f && f.zohoId === zohoId);
