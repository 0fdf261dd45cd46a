/** What a `fix` run records: its history lines, the saved pairs following a change, and the results an earlier run never recorded. */
import type { Context } from '../../context.js';
import { clause, LockHeld, UsageError } from '../../errors.js';
import { reveal } from '../../core/forensics.js';
import type { FixEntry } from '../../core/fix-plan.js';
import type { MappingData } from '../../core/reconcile.js';
import type { MyOperatorUser } from '../../core/users.js';
import { plural } from '../../io/plural.js';
import { BrokenHistory, type HistoryEntry } from '../../store/history.js';
import { UnreadableStore } from '../../store/read-store-file.js';
import { NOT_TAKEN, pairOutcomes, setEmailLineOf, type SetEmailLine } from '../../store/set-email-lines.js';
import type { FixDeps } from '../fix.js';
import type { FixResult } from './results.js';

/** The history line of one change: what it was, what MyOperator holds now (as read back), and the verified result. */
export function historyLine(e: FixEntry, result: FixResult | 'sending', now: string | null, detail?: string): SetEmailLine & { result: FixResult | 'sending' } {
  return {
    action: 'set-email' as const,
    // The seat's name, by which `list history` names it: its uuid alone told an auditor nothing.
    before: { zoho: { id: e.zoho.id, email: e.zoho.email }, myoperator: { uuid: e.myoperator.id, extension: e.myoperator.extension, email: e.from, ...(e.myoperator.name ? { name: e.myoperator.name } : {}) } },
    after: { myoperator: { uuid: e.myoperator.id, extension: e.myoperator.extension, email: now }, target: e.to },
    result,
    ...(detail ? { detail } : {}),
  };
}

/**
 * The words a run whose lock another fix took over (paused over 10 s: a laptop asleep, SIGSTOP) adds
 * to its late line of a change that fix recorded meanwhile; undefined when none did. `takeoverSaid`:
 * the line's detail says the takeover already.
 *
 * Which line is the truth: the later. That fix recorded this run's open `sending` lines from what
 * MyOperator held when it read it, and cannot tell a paused run from a dead one (both leave a lock
 * whose heartbeat stopped): of a change still in flight it said "not-applied", which for a run that
 * died is the truth, so it is left as it is. This run read MyOperator back after its change's answer,
 * later, and its line says so, naming the line it follows: `list history` then reads the latest line
 * of a change as what became of it, as the next fix does (openChanges pairs the `sending` line with
 * the first result, and its latest line is this one, settled).
 */
export function afterTakeover(entries: readonly HistoryEntry[], e: FixEntry, takeoverSaid: boolean): string | undefined {
  let latest: SetEmailLine | undefined;
  for (const entry of entries) {
    const line = setEmailLineOf(entry);
    if (line && String(line.before.myoperator.uuid) === String(e.myoperator.id) && line.after.target === e.to) latest = line;
  }
  // This run's own `sending` line is the latest when no other run recorded the change meanwhile.
  if (!latest || latest.result === 'sending') return undefined;
  // A change left unsent by the takeover says it already ("not sent: … another fix took its lock over"): not twice in a line.
  const which = takeoverSaid ? 'that fix' : "recorded after another fix, which took this run's lock over,";
  return `${which} had recorded this change "${latest.result}" from an earlier read of MyOperator: this line is the later one`;
}

/** Each change's pair (Zoho id NUL MyOperator uuid) → the e-mail it sets, as followingFixes takes it. */
export function targetsOf(entries: readonly FixEntry[]): Map<string, string> {
  return new Map(entries.map((e) => [`${e.zoho.id}\0${e.myoperator.id}`, e.to]));
}

/**
 * The mappings with each fixed pair's recorded MyOperator e-mail following the fix (`took`: Zoho id
 * NUL MyOperator uuid → the e-mail now held), so resync does not call the mapping stale.
 */
export function followingFixes(data: MappingData, took: ReadonlyMap<string, string>): MappingData {
  if (took.size === 0) return data;
  return {
    ...data,
    mappings: data.mappings.map((m) => {
      const to = took.get(`${m.zoho.id}\0${m.myoperator.uuid}`);
      return to === undefined ? m : { ...m, myoperator: { ...m.myoperator, email: to } };
    }),
  };
}

/**
 * The changes an earlier fix left open, in one pass over the history:
 * - `sending` lines no later line gives a result for: a run stopped at once (a second Ctrl-C, a
 *   kill) between its record of what it was about to send and the record of the results, paired as
 *   list history pairs them (pairOutcomes: the earliest open `sending` line of the same MyOperator
 *   user and target; lines carry no run id, the counts are what matter);
 * - changes whose latest line is `unverified`: sent, but the read-back failed or did not list the
 *   user, so whether MyOperator took it was left open. The next fix that reads MyOperator settles
 *   it, as it does a `sending` line; until then `list history` said "unverified" of a change that
 *   took. One whose user MyOperator does not list now stays as it was: "unverified" again would be
 *   recorded by every run;
 * - changes MyOperator answered with success but did not show when fix read it back (`not-applied`,
 *   "it may yet take"), as the latest line of their user, whose user MyOperator lists now holding
 *   the e-mail sent: it took later, or an admin set it by hand as fix said to; which, nobody can
 *   tell. A change MyOperator refused, or one never sent, that an admin set later is no change of
 *   fix's that took; one still not set stays "not-applied", as fix said: both are left as they were.
 * Each line's own result says which it is.
 */
function openChanges(entries: readonly HistoryEntry[], now: ReadonlyMap<string, MyOperatorUser>): Array<SetEmailLine & { result: EarlierChange['was'] }> {
  const byChange = new Map<string, { waiting: SetEmailLine[]; latest: SetEmailLine }>();
  const byUser = new Map<string, SetEmailLine>();
  for (const paired of pairOutcomes(entries)) {
    if (!paired.line) continue;
    const { line, change } = paired;
    const waiting = byChange.get(change)?.waiting ?? [];
    if (line.result === 'sending' && paired.outcome === undefined) waiting.push(line);
    byChange.set(change, { waiting, latest: line });
    byUser.set(line.before.myoperator.uuid, line);
  }
  const listed = (line: SetEmailLine) => now.get(String(line.before.myoperator.uuid));
  const changes = [...byChange.values()];
  return [
    ...changes.flatMap((c) => c.waiting),
    ...changes.map((c) => c.latest).filter((line) => line.result === 'unverified' && listed(line)),
    ...[...byUser.values()].filter((line) => line.result === 'not-applied' && line.detail?.startsWith(NOT_TAKEN.ignored) && listed(line)?.email === line.after.target),
  ] as Array<SetEmailLine & { result: EarlierChange['was'] }>;
}

/** Why a change is recorded by a later fix, by its latest line's result, as its detail begins, and as the run says it on stderr (n: how many). */
const EARLIER = {
  sending: { why: 'an earlier fix was stopped before it recorded the result of this change', said: (n: string) => `An earlier fix was stopped before it recorded what became of ${n}` },
  unverified: { why: 'an earlier fix could not verify this change', said: (n: string) => `An earlier fix could not verify ${n}` },
  'not-applied': { why: 'MyOperator answered this change with success, but did not show it when fix sent it' },
} as const;

/**
 * What is known of an earlier change MyOperator holds now, by its latest line's result. A run stopped
 * before it recorded the result may have been stopped before it sent it, the e-mail then set by hand:
 * "the e-mail it set" said the run set it.
 */
const TOOK = {
  sending: { set: 'was to set', how: ' (sent before the stop, or set by hand)' },
  unverified: { set: 'set', how: '' },
  'not-applied': { set: 'set', how: ' (it took later, or was set by hand)' },
} as const;

/**
 * What this run says of the changes a run whose lock it took over left `sending`, `other` of them not
 * shown by MyOperator. "An earlier fix was stopped …: 0 applied, 2 not" was said as the last word of a
 * run only paused, whose change in flight then took and was recorded by it, later (afterTakeover).
 */
function inFlight(applied: number, other: number): string {
  const n = applied + other;
  const them = n === 1 ? 'it' : 'them';
  const those = other < n ? `The ${other} not shown` : n === 1 ? 'It' : `Those ${n}`;
  return (
    `An earlier fix, whose lock this run took over once it had gone quiet for over 10 s (killed, or only paused), had sent ${plural(n, 'change')}, or was about to, without recording what became of ${them}; recorded now, from what MyOperator holds: ${applied} applied${applied ? TOOK.sending.how : ''}, ${other} not. ` +
    `${those} may still be in flight and take: if that run was only paused, it records what became of ${other === 1 ? 'it' : 'them'} when it wakes, and its line is the later one. ` +
    '`phonebridge-sync fix --dry-run` shows what still differs; `phonebridge-sync list history`, what each run recorded.\n'
  );
}

/** One earlier change a run recorded the result of, as `fix --json` gives it in `earlier` (README). */
export interface EarlierChange {
  myoperator: { uuid: string; extension: string | null };
  to: string;
  /** Its latest line before: `sending` (a run stopped before it recorded the result), `unverified`, or `not-applied` (MyOperator answered success but did not show it). */
  was: 'sending' | 'unverified' | 'not-applied';
  result: 'applied' | 'not-applied' | 'unverified';
  detail: string;
}

/**
 * What became of the changes an earlier fix left open (openChanges) as MyOperator holds them now:
 * recorded under the lock, so `list history` stops showing them as `sending`, `unverified` or
 * `not-applied` for good. Read under the mappings lock (a fresh read of the history), from a run
 * holding the fix lock, so no other fix is sending meanwhile. A history with a line broken by hand is named on stderr,
 * and the run goes on; any other refusal here (a file it may not read) is the next update's to say.
 */
export async function recordEarlierSends(users: readonly MyOperatorUser[], ctx: Context, deps: FixDeps, tookOver = false): Promise<EarlierChange[]> {
  const now = new Map(users.map((u) => [u.id, u]));
  let recorded: EarlierChange[];
  try {
    // Looked at first without the lock: nearly always there is nothing to record, and nothing to lock for.
    const first = deps.store.readHistory();
    if (openChanges(first.entries, now).length === 0) return [];
    recorded = await deps.store.update((data) => {
      // Read again under the lock, as another run may have appended meanwhile: only what it appended.
      const lines = openChanges(deps.store.readHistory(undefined, first.readTo).entries, now);
      const history = lines.map((line) => {
        const user = now.get(String(line.before.myoperator.uuid));
        const holds = user?.email ?? null;
        const took = holds !== null && holds === line.after.target;
        const { why } = EARLIER[line.result];
        // The line's own time, command and user are the earlier run's: the store writes this run's.
        return {
          action: line.action,
          before: line.before,
          after: { ...line.after, myoperator: { ...line.after.myoperator, email: holds } },
          result: user ? (took ? 'applied' : 'not-applied') : 'unverified',
          detail: !user
            ? `${why}, and MyOperator no longer lists this user`
            : took
              ? `${why}; MyOperator holds the e-mail it ${TOOK[line.result].set}, when a later fix read it${TOOK[line.result].how}`
              : `${why}${line.result === 'sending' ? ' (or before it sent it)' : ''}; MyOperator held "${reveal(holds ?? '')}" when a later fix read it`,
        } as const;
      });
      // As after a run that recorded its own results.
      const took = new Map(history.filter((l) => l.result === 'applied').map((l) => [`${l.before.zoho.id}\0${l.before.myoperator.uuid}`, l.after.target]));
      const result = history.map(
        (l, i): EarlierChange => ({
          myoperator: { uuid: l.before.myoperator.uuid, extension: l.before.myoperator.extension },
          to: l.after.target,
          was: lines[i]!.result,
          result: l.result,
          detail: l.detail,
        }),
      );
      return { data: followingFixes(data, took), result, history, recordDiff: false };
    });
  } catch (e) {
    // A line broken by hand (or a merge left in the file): resync and map append past it unread,
    // and fix's own changes do not hang on it, so the run goes on as theirs do, appending after it.
    // Said, not passed over: what this step would have recorded stays unrecorded until it is mended.
    // A lock another run holds past the wait is, as a file it may not read, the next update's to say.
    if (!(e instanceof UsageError || e instanceof LockHeld || e instanceof UnreadableStore)) throw e;
    if (!(e instanceof BrokenHistory)) return [];
    ctx.say(
      `${clause(e.message)}; fix goes on without reading it, appending its own lines after it, but cannot record what became of the changes an earlier fix left open (stopped before it recorded them, not verified, or not shown when sent) until that is mended.\n${e.hint ? `${e.hint}\n` : ''}`,
    );
    return [];
  }
  // Under --json, the document's `earlier` says it: stdout stays one document, and stderr chatter.
  if (ctx.globals.json) return recorded;
  const count = (was: EarlierChange['was'], applied: boolean) => recorded.filter((c) => c.was === was && (c.result === 'applied') === applied).length;
  for (const was of ['sending', 'unverified'] as const) {
    const [applied, other] = [count(was, true), count(was, false)];
    if (was === 'sending' && tookOver && other > 0) {
      ctx.say(inFlight(applied, other));
      continue;
    }
    // "1 applied" of a run stopped before it recorded the result claimed the run set it; the detail says what is known.
    if (applied + other > 0)
      ctx.say(`${EARLIER[was].said(plural(applied + other, 'change'))}; recorded now, from what MyOperator holds: ${applied} applied${applied ? TOOK[was].how : ''}, ${other} not.\n`);
  }
  // Only those MyOperator holds are recorded, so every one is applied; which took by itself is not known.
  const n = count('not-applied', true);
  const it = n === 1 ? 'it' : 'them';
  if (n > 0)
    ctx.say(
      `An earlier fix found ${plural(n, 'change')} not applied (MyOperator answered ${it} with success, but did not show ${it}) whose e-mail${n === 1 ? '' : 's'} MyOperator holds now: ${n === 1 ? 'it took later, or was' : 'they took later, or were'} set by hand; recorded now as applied.\n`,
    );
  return recorded;
}
