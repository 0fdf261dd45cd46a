/**
 * `fix`: make MyOperator hold exactly the Zoho e-mail for every saved mapping and every
 * single-candidate mismatch, because that byte-for-byte equality is the only thing MyOperator
 * reads. Zoho is never changed (it does not let an admin change a confirmed user's e-mail).
 *
 * The plan is shown first; `--dry-run` and `--worklist F` stop there. A run asks once at a
 * terminal (default No) and needs `--yes` elsewhere, changes at most `--max-changes` users unless
 * `--force`, sends `PUT /user` only for the plan's entries, then reads every user back and checks
 * each change byte for byte: a success answer that left the e-mail as it was is "not applied",
 * with the panel path to do it by hand. Every change sent is recorded in the history, with the
 * result the read-back showed.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { noPromptReason, type Context } from '../context.js';
import { AttentionNeeded, AuthError, CliError, clause, EXIT, RemoteError, StorageError, UsageError } from '../errors.js';
import { pastable, reveal, visible } from '../core/forensics.js';
import { changedSince, entriesNamed, holdersByEmail, liftNamedHolds, mappingTies, planFix, type FixEntry } from '../core/fix-plan.js';
import { matchUsers, type MatchReport } from '../core/match.js';
import { savedPairs, type MappingData } from '../core/reconcile.js';
import { findMyOperator, findZoho } from '../core/resolve.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import type { EmailUpdate } from '../clients/myoperator.js';
import { toCsv } from '../io/csv.js';
import { cannotWrite } from '../store/file-errors.js';
import { toJson, toTsv } from '../io/render.js';
import { isPipe, keptFileClash } from '../store/kept-files.js';
import type { MappingStore } from '../store/mappings.js';
import { myOperatorWho } from '../core/reasons.js';
import { readHistoryWithGaps, type HistoryEntry } from '../store/history.js';
import { configDir, isDirectory } from '../store/paths.js';
import { confirm } from '../ui/prompts.js';
import { palette } from '../ui/style.js';
import { startProgress, withSpinner, type Progress } from '../ui/spinner.js';
import { enterStretch, leaveStretch } from '../io/graceful-stop.js';
import { prose, wrapIndented } from '../ui/wrap.js';
import { plural } from '../doctor/check.js';

export interface FixOptions {
  dryRun?: boolean;
  only?: string[];
  maxChanges: number;
  force?: boolean;
  worklist?: string;
}

export interface FixDeps {
  fetchUsers: () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  myoperator: { updateEmail(uuid: string, email: string, noMoreAttempts?: AbortSignal): Promise<EmailUpdate>; listUsers(): Promise<MyOperatorUser[]> };
  store: MappingStore;
}

/** `shared`: set and read back, but another MyOperator user was given the same e-mail meanwhile. */
export type FixResult = 'planned' | 'applied' | 'not-applied' | 'conflict' | 'unverified' | 'shared';

interface Outcome {
  result: FixResult;
  /** Why it was not applied, or the conflict; for an applied one, what else changed. */
  detail?: string;
  /** Applied, and the read-back shows more changed than the e-mail (what, in `detail`). */
  alsoChanged?: true;
  /** A conflict found after sending: the e-mail was written, but another user holds it now. */
  elsewhere?: true;
  /**
   * Not applied, and for a later run rather than the panel: never sent (an earlier failure stopped
   * the run), or stopped by what a later run is the cure for (a rejected token, a request that did
   * not reach MyOperator, a rate limit).
   */
  later?: true;
}

/** The reason codes, or for a saved pair the matcher cannot explain, why it is in the plan at all. */
function codesOf(e: FixEntry): string[] {
  const codes = [...new Set(e.reasons.map((r) => r.code))];
  return codes.length ? codes : [e.from ? 'needs-fix' : 'empty-email'];
}

/** Where an admin changes it by hand. */
export function panelPath(e: FixEntry): string {
  return `in MyOperator's panel: Manage → Users → ${visible(e.myoperator.name) || visible(e.myoperator.id)} → e-mail, set it to "${reveal(e.to)}"`;
}

/** Why a user `--only` names is not in the plan, from the matcher's view of them. */
function notPlanned(value: string, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, report: MatchReport): string {
  const z = findZoho(users.zoho, value);
  const m = findMyOperator(users.myoperator, value);
  const r = report.results.find(
    (x) =>
      (x.zoho && z.some((u) => u.id === x.zoho!.id)) ||
      (x.myoperator && m.some((u) => u.id === x.myoperator!.id)) ||
      x.candidates.some((c) => m.some((u) => u.id === c.user.id)),
  );
  // A MyOperator user named who is off, and paired with nobody: found only as a candidate of some
  // Zoho user's result, it was explained as that user's ambiguity, with a map hint to another user.
  const off = z.length === 0 && m.length === 1 && !m[0]!.active ? m[0]! : undefined;
  if (off && r?.myoperator?.id !== off.id)
    return `MyOperator user ${myOperatorWho(off)} is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel first, or leave it; fix changes only pairs whose users are both active`;
  if (!r) return 'nobody on the other side resembles that user, so there is nothing to copy';
  const who = r.zoho ? `Zoho user ${reveal(r.zoho.email) || visible(r.zoho.id)}` : `MyOperator user ${visible(r.myoperator!.name) || visible(r.myoperator!.id)}`;
  switch (r.status) {
    case 'exact':
    case 'mapped':
      if (!r.zoho?.email) return `${who} has no e-mail to copy; add one in Zoho first`;
      return `${who} and its MyOperator user already hold the same e-mail byte for byte`;
    case 'suggested':
    case 'ambiguous':
      return `${who} is ${r.status}, not confirmed: save the pair with \`phonebridge-sync map\` (e.g. \`phonebridge-sync map --zoho ${r.zoho ? pastable(r.zoho.id) : 'ZOHO_USER'} --myoperator ${r.candidates[0] ? pastable(r.candidates[0].user.id) : 'MYOPERATOR_USER'}\`), then run fix`;
    case 'inactive': {
      // Which side is off, from the users themselves: "paired with an inactive user" was said of a
      // Zoho user disabled itself, and of one deleted with no MyOperator user at all.
      if (r.zoho?.status === 'deleted') return `${who} is deleted in Zoho: there is no user's e-mail to copy`;
      const m = r.myoperator ?? r.candidates[0]?.user;
      const zohoOff = r.zoho !== null && !r.zoho.active;
      const moOff = m !== undefined && m !== null && !m.active;
      const them = m ? `MyOperator user ${myOperatorWho(m)}` : '';
      const what =
        zohoOff && moOff
          ? `${who} is inactive in Zoho ("${visible(r.zoho!.status)}"), and so is ${them} in MyOperator (or it does not receive calls): reactivate both first, or leave them`
          : zohoOff
            ? `${who} is inactive in Zoho ("${visible(r.zoho!.status)}"): reactivate it in Zoho first, or leave it`
            : moOff
              ? `${who} is paired with ${them}, which is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel first, or leave it`
              : `${who} is paired with an inactive user`;
      return `${what}; fix changes only pairs whose users are both active`;
    }
    case 'ignored':
      return `${who} is marked "never map"`;
    case 'zoho-mapped-elsewhere':
      // Its reason says who holds the pairing and the cure; "nobody on the other side" was the opposite.
      return clause(visible(r.reasons.find((x) => x.code === 'zoho-mapped-elsewhere')?.message ?? `${who} has the e-mail of a Zoho user mapped to another MyOperator user`));
    default:
      return `${who} is ${r.status}: nobody on the other side to copy the e-mail to or from`;
  }
}

function selectOnly(
  entries: FixEntry[],
  only: readonly string[],
  users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] },
  report: MatchReport,
  ctx: Context,
): FixEntry[] {
  // Every value nobody has, said at once: one per run made a list of typos a run each.
  const nobody = only.filter((v) => findZoho(users.zoho, v).length === 0 && findMyOperator(users.myoperator, v).length === 0);
  if (nobody.length > 0)
    throw new UsageError(
      `--only ${nobody.map((v) => visible(v)).join(', ')}: no Zoho or MyOperator user has ${nobody.length === 1 ? 'that id, e-mail or extension' : 'any of those as id, e-mail or extension'}.`,
      '`phonebridge-sync list zoho` and `list myoperator` show them.',
    );
  const kept = new Set<FixEntry>();
  for (const value of only) {
    // An extension two MyOperator users share names both: pasted from a hint, it would change a
    // user it does not name. Refused as map refuses it, through map's resolver (an id of either
    // side's wins over an extension).
    const sharing = findMyOperator(users.myoperator, value);
    if (sharing.length > 1 && sharing.every((u) => u.extension === value.trim()) && findZoho(users.zoho, value).length === 0)
      throw new UsageError(
        `--only ${visible(value)} names ${sharing.length} MyOperator users by extension: ${sharing.map((u) => `${visible(u.name) || '(no name)'} (${visible(u.id)})`).join(', ')}.`,
        'Give the uuid of the one you mean instead.',
      );
    const named = entriesNamed(entries, value);
    if (named.length === 0) {
      ctx.say(`--only ${visible(value)}: not in the plan: ${notPlanned(value, users, report)}.\n`);
    }
    for (const e of named) kept.add(e);
  }
  return entries.filter((e) => kept.has(e));
}

function summaryOf(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>) {
  const count = (r: FixResult) => entries.filter((e) => outcomes.get(e)!.result === r).length;
  return {
    planned: entries.filter((e) => !e.conflict).length,
    applied: count('applied'),
    notApplied: count('not-applied'),
    conflicts: count('conflict'),
    unverified: count('unverified'),
    shared: count('shared'),
    /** Applied, but the read-back shows more changed than the e-mail. */
    alsoChanged: entries.filter((e) => outcomes.get(e)!.alsoChanged).length,
  };
}

function entryJson(e: FixEntry, o: Outcome) {
  const z = e.zoho;
  const m = e.myoperator;
  return {
    zoho: { id: z.id, zuid: z.zuid, email: z.email, name: z.name },
    myoperator: { uuid: m.id, user_id: m.userId, extension: m.extension, email: m.email, name: m.name },
    from: e.from,
    to: e.to,
    reasons: e.reasons,
    source: e.source,
    /** The MyOperator e-mail recorded when the pair was mapped, when it has been changed since; else null. */
    recorded: e.recorded ?? null,
    result: o.result,
    detail: o.detail ?? null,
    panel: byHand(o) ? panelPath(e) : null,
  };
}

/**
 * For a person: each entry with its e-mails whole (never cut), invisible and look-alike
 * characters shown as code points. After a run whose plan was just shown, `compact` gives one
 * line per entry with its result instead of the plan again.
 */
function renderHuman(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>, ctx: Context, heading: string, compact = false): string {
  const c = palette(ctx.color);
  const mark: Record<FixResult, string> = {
    planned: c.cyan('→'),
    applied: c.green('✓ applied'),
    'not-applied': c.red('✗ not applied'),
    conflict: c.yellow('! conflict, not written'),
    unverified: c.yellow('? sent, not verified'),
    shared: c.yellow('! set, but shared'),
  };
  // Applied, but with more changed than the e-mail: not the clean tick of a success.
  const markOf = (o: Outcome) => (o.alsoChanged ? c.yellow('! applied') : o.elsewhere ? c.yellow('! written to another user') : mark[o.result]);
  const done = [...outcomes.values()].some((o) => o.result !== 'planned' && o.result !== 'conflict');
  // No heading over a list that is not there (an --only that names nobody in the plan).
  let out = entries.length ? `${wrapIndented(heading, ctx.stdout.columns, '')}\n` : '';
  for (const e of entries) {
    const o = outcomes.get(e)!;
    const who = `${c.bold(visible(e.myoperator.name) || visible(e.myoperator.id))} · ext ${visible(e.myoperator.extension ?? '-')}`;
    const cols = ctx.stdout.columns;
    if (compact)
      out += `${wrapIndented(`${markOf(o)} ${who} · ${reveal(o.result === 'applied' ? e.to : e.from) || '(no e-mail)'}`, cols, '    ', '  ')}${o.detail ? `\n${wrapIndented(ctx.retarget(visible(o.detail)), cols, '        ', '      ')}` : ''}\n`;
    else {
      const codes = e.reasons.length ? codesOf(e).join(', ') : e.from ? 'different address' : 'no e-mail';
      const zoho = e.zoho.name === e.myoperator.name ? '' : `   ${c.dim(`(Zoho user ${visible(e.zoho.name) || visible(e.zoho.id)})`)}`;
      // Broken between words, never inside an e-mail: a narrow screen's own wrap would cut one.
      out += `\n${wrapIndented(`${who} · ${codes}${e.source === 'mapping' ? ' · saved mapping' : ''}`, cols, '    ', '  ')}\n`;
      out += `${wrapIndented(`${reveal(e.from) || c.dim('(no e-mail)')}`, cols, '           ', `      ${done ? 'was' : 'now'}  `)}\n`;
      out += `${wrapIndented(`${reveal(e.to) || c.dim('(no e-mail)')}${zoho}`, cols, '           ', '      set  ')}\n`;
      if (o.result !== 'planned')
        out += `${wrapIndented(o.detail ? ctx.retarget(visible(o.detail)) : '', cols, '        ', `      ${markOf(o)}${o.detail ? ': ' : ''}`)}\n`;
      else if (o.detail) out += `${wrapIndented(visible(o.detail), cols, '        ', `      ${c.yellow('!')} `)}\n`;
    }
    if (byHand(o)) out += `${wrapIndented(panelPath(e), cols, '        ', `      ${c.dim('by hand:')} `)}\n`;
  }
  return out;
}

/** Piped, a detail's command still names this run's --sandbox and --config-dir: it is pasted as it is. */
function renderTsvRows(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>, ctx: Context): string {
  return toTsv(
    entries.map((e) => {
      const o = outcomes.get(e)!;
      return [
        o.result,
        e.zoho.id,
        reveal(e.zoho.email),
        e.myoperator.id,
        e.myoperator.extension,
        reveal(e.from),
        reveal(e.to),
        codesOf(e).join(','),
        o.detail === undefined ? undefined : ctx.retarget(o.detail),
        byHand(o) ? panelPath(e) : '',
      ];
    }),
  );
}

/** A path as the file system resolves it (links, `..`), for a file that may not exist yet. */
/** A path given to a flag is the user's input to correct (exit 2), not a store the tool failed to save. */
function noWorklistDirectory(file: string): UsageError {
  return new UsageError(`--worklist ${visible(file)}: the directory ${visible(dirname(file))} does not exist, or is not a directory.`, 'Create it, or give --worklist a path in an existing directory, or - for standard output.');
}

function writeWorklist(file: string, entries: readonly FixEntry[], out: Context['stdout']): number {
  const rows = entries
    .filter((e) => !e.conflict)
    .map((e) => [e.myoperator.name, e.myoperator.extension ?? '', e.myoperator.id, reveal(e.from), e.to, codesOf(e).join(' ')]);
  const csv = toCsv(['name', 'extension', 'uuid', 'current_email', 'new_email', 'reasons'], rows);
  if (file === '-') {
    out.write(csv);
    return rows.length;
  }
  try {
    writeFileSync(file, csv);
  } catch (e) {
    // A worklist's directory is not the tool's to make (cannotWrite speaks of store directories it makes).
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw noWorklistDirectory(file);
    const failed = cannotWrite(file, e, 'the worklist');
    throw new StorageError(failed.message, 'Give --worklist a path in a directory you can write to, or - for standard output.', { cause: e });
  }
  return rows.length;
}

function print(
  entries: readonly FixEntry[],
  outcomes: ReadonlyMap<FixEntry, Outcome>,
  ctx: Context,
  heading: string,
  dryRun: boolean,
  compact = false,
  refused: string | null = null,
  wouldBeRefused: string | null = null,
): void {
  // `dryRun` is what was asked: a run refused at the cap, or with nothing to do, is not a dry run;
  // `refused` says why nothing was sent although it was asked for; `wouldBeRefused`, why a dry
  // run's plan would be refused as a run (a CI preview reads it, as a person reads the closing line).
  if (ctx.globals.json)
    ctx.stdout.write(
      toJson(
        { entries: entries.map((e) => entryJson(e, outcomes.get(e)!)), summary: summaryOf(entries, outcomes), dryRun, refused, wouldBeRefused },
        ctx.stdoutIsTTY,
        ctx.retargetJson,
      ),
    );
  else if (ctx.stdoutIsTTY) ctx.stdout.write(renderHuman(entries, outcomes, ctx, heading, compact));
  else ctx.stdout.write(renderTsvRows(entries, outcomes, ctx));
}

function planHeading(entries: readonly FixEntry[]): string {
  const changes = entries.filter((e) => !e.conflict).length;
  const conflicts = entries.length - changes;
  return `${changes} MyOperator e-mail${changes === 1 ? '' : 's'} to set to the Zoho e-mail${conflicts ? `, ${conflicts} conflict${conflicts === 1 ? '' : 's'} left alone` : ''} (Zoho is never changed):`;
}

/** What became of one request: MyOperator's answer, the error, or why it was never sent. */
interface Sent {
  answer?: EmailUpdate;
  error?: CliError;
  unsent?: string;
  /** The request failed after the stop came: its retries were not sent. */
  notRetried?: true;
}

/**
 * One change at a time: MyOperator's published limits are tight (20 requests a minute, reference
 * §7). What would fail every change after it (haltsSending) stops the changes not yet sent.
 * Once `signal` is aborted (the first Ctrl-C), the change in flight sends no further attempt.
 */
async function apply(changes: readonly FixEntry[], deps: FixDeps, stopped: () => string | undefined, signal: AbortSignal): Promise<Map<FixEntry, Sent>> {
  const sent = new Map<FixEntry, Sent>();
  let halt: string | undefined;
  for (const e of changes) {
    // A stop wins over the failure of the change that was in flight when it came: the person asked
    // for it, and "MyOperator could not be reached" would send them after the wrong cure.
    halt = stopped() ?? halt;
    if (halt) {
      sent.set(e, { unsent: halt });
      continue;
    }
    try {
      sent.set(e, { answer: await deps.myoperator.updateEmail(e.myoperator.id, e.to, signal) });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      sent.set(e, signal.aborted ? { error: err, notRetried: true } : { error: err });
      halt = haltsSending(err);
    }
  }
  return sent;
}

/**
 * Why the changes after this failure are not sent, or undefined to go on: each would meet the same
 * (a rejected token; a MyOperator unreachable or silent, each change waiting out its own timeouts
 * and retries, minutes each; a rate limit longer than a run waits). `fix` again later plans only
 * what still differs. An HTTP error after retries, or an answer of the wrong shape, comes quickly
 * and may concern that change alone: the rest are sent.
 */
function haltsSending(err: CliError): string | undefined {
  if (err instanceof AuthError) return 'MyOperator rejected the API token on an earlier change';
  if (!(err instanceof RemoteError)) return undefined;
  if (err.kind === 'network') return 'MyOperator could not be reached, or stopped answering, on an earlier change';
  if (err.kind === 'rate-limit') return 'MyOperator refused an earlier change for too many requests';
  // Not followed (no credential goes to another host): every change would be sent to the same one.
  if (err.kind === 'redirect') return 'MyOperator answered an earlier change with a redirect, which is not followed';
  return undefined;
}

/**
 * A change whose request failed while the read-back shows it not set. A rejected token, a request
 * that never reached MyOperator and a rate limit are definite, and for a later run; anything else
 * (no answer within the timeout, a cut connection, an HTTP error after retries, an answer that
 * cannot be read) may have reached MyOperator, which may yet apply it. `notRetried` says when a
 * stop kept it from being tried again: a retry might have got through.
 */
function failedRequest(err: CliError, now: string, notRetried = ''): Outcome {
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  if (err instanceof AuthError) return { result: 'not-applied', later: true, detail: `the request failed: ${err.message}` };
  if (err instanceof RemoteError && err.kind === 'network' && (code === 'ECONNREFUSED' || code === 'ENOTFOUND'))
    return { result: 'not-applied', later: true, detail: `the request did not reach MyOperator: ${err.message}` };
  if (err instanceof RemoteError && err.kind === 'rate-limit') return { result: 'not-applied', later: true, detail: `MyOperator refused it for too many requests: ${err.message}` };
  if (err instanceof RemoteError && err.kind === 'redirect') return { result: 'not-applied', later: true, detail: `the request was redirected, and not followed: ${err.message}` };
  return { result: 'unverified', detail: `the request failed (${clause(err.message)})${notRetried}; the read-back still shows "${reveal(now)}", but it may have reached MyOperator, which may yet apply it` };
}

/** Only a change that was sent and that MyOperator refused, or ignored, is one to set by hand: the rest may yet take, or are for a later run. */
function byHand(o: Outcome): boolean {
  return o.result === 'not-applied' && !o.later;
}

/** The history line of one change: what it was, what MyOperator holds now (as read back), and the verified result. */
function historyLine(e: FixEntry, result: FixResult | 'sending', now: string | null, detail?: string) {
  return {
    action: 'set-email' as const,
    before: { zoho: { id: e.zoho.id, email: e.zoho.email }, myoperator: { uuid: e.myoperator.id, extension: e.myoperator.extension, email: e.from } },
    after: { myoperator: { uuid: e.myoperator.id, extension: e.myoperator.extension, email: now }, target: e.to },
    result,
    ...(detail ? { detail } : {}),
  };
}

type SetEmailLine = ReturnType<typeof historyLine>;

/**
 * The mappings with each fixed pair's recorded MyOperator e-mail following the fix (`took`: Zoho id
 * NUL MyOperator uuid → the e-mail now held), so resync does not call the mapping stale.
 */
function followingFixes(data: MappingData, took: ReadonlyMap<string, string>): MappingData {
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
 * The `sending` lines of set-email no later line gives a result for: a run stopped at once (a
 * second Ctrl-C, a kill) between its record of what it was about to send and the record of the
 * results. A result pairs with the earliest open `sending` of the same MyOperator user and target
 * (lines carry no run id; the counts are what matter).
 */
function unresolvedSendings(entries: readonly HistoryEntry[]): SetEmailLine[] {
  const open = new Map<string, SetEmailLine[]>();
  for (const entry of entries) {
    const line = entry as unknown as Partial<SetEmailLine>;
    const uuid = line.before?.myoperator?.uuid;
    const target = line.after?.target;
    // Only lines of the shape fix writes: a hand-edited one is no change to pair.
    if (entry.action !== 'set-email' || typeof uuid !== 'string' || typeof target !== 'string' || typeof line.before?.zoho?.id !== 'string') continue;
    const key = `${uuid}\0${target}`;
    const waiting = open.get(key) ?? [];
    if (line.result === 'sending') open.set(key, [...waiting, line as SetEmailLine]);
    else open.set(key, waiting.slice(1));
  }
  return [...open.values()].flat();
}

/**
 * What became of the changes an earlier fix recorded as `sending` but never recorded the result of
 * (sent or not), as MyOperator holds them now: recorded under the lock, so `list history` stops showing them as `sending` for
 * good. Read under the mappings lock (a fresh read of the history), from a run holding the fix lock,
 * so no other fix is sending meanwhile. A history this run cannot read is left for `list history`
 * to name; the run goes on.
 */
async function recordEarlierSends(users: readonly MyOperatorUser[], ctx: Context, deps: FixDeps): Promise<void> {
  const now = new Map(users.map((u) => [u.id, u]));
  const said = { applied: 0, other: 0 };
  try {
    // Looked at first without the lock: nearly always there is nothing to record, and nothing to lock for.
    if (unresolvedSendings(readHistoryWithGaps(deps.store.historyPath).entries).length === 0) return;
    await deps.store.update((data) => {
      const history = unresolvedSendings(readHistoryWithGaps(deps.store.historyPath).entries).map((line) => {
        const user = now.get(String(line.before.myoperator.uuid));
        const holds = user?.email ?? null;
        const took = holds !== null && holds === line.after.target;
        if (took) said.applied++;
        else said.other++;
        const why = 'an earlier fix was stopped before it recorded the result of this change';
        // The line's own time, command and user are the earlier run's: the store writes this run's.
        return {
          action: line.action,
          before: line.before,
          after: { ...line.after, myoperator: { ...line.after.myoperator, email: holds } },
          result: user ? (took ? 'applied' : 'not-applied') : 'unverified',
          detail: !user
            ? `${why}, and MyOperator no longer lists this user`
            : took
              ? `${why}; MyOperator holds the e-mail it set, when a later fix read it`
              : `${why} (or before it sent it); MyOperator held "${reveal(holds ?? '')}" when a later fix read it`,
        };
      });
      // As after a run that recorded its own results.
      const took = new Map(history.filter((l) => l.result === 'applied').map((l) => [`${l.before.zoho.id}\0${l.before.myoperator.uuid}`, l.after.target]));
      return { data: followingFixes(data, took), result: undefined, history, recordDiff: false };
    });
  } catch (e) {
    if (e instanceof UsageError) return;
    throw e;
  }
  const n = said.applied + said.other;
  if (n > 0 && !ctx.globals.json)
    ctx.say(`An earlier fix was stopped before it recorded what became of ${plural(n, 'change')}; recorded now, from what MyOperator holds: ${said.applied} applied, ${said.other} not.\n`);
}

export async function run(opts: FixOptions, ctx: Context, deps: FixDeps): Promise<void> {
  // `--only "$WHO"` with WHO unset must not pick the users whose e-mail or extension is empty.
  if (opts.only?.some((v) => v.trim() === ''))
    throw new UsageError('--only was given an empty value, which names nobody.', 'Give an id, e-mail or extension (in a script, check that the variable is set).');
  // `--only --dry-run` took "--dry-run" for a user (an option needs a value, and this was the next word).
  const flag = opts.only?.find((v) => /^--?[a-z]/i.test(v));
  if (flag !== undefined)
    throw new UsageError(`--only ${visible(flag)}: that is an option, not a user.`, 'Give --only an id, e-mail or extension, e.g. --only 14 --dry-run.');
  // `--worklist "$OUT"` with OUT unset is a dry run asked for: never a run that sends (it did: an
  // empty value is false where the worklist is written, and every change went out).
  if (opts.worklist !== undefined && opts.worklist.trim() === '')
    throw new UsageError('--worklist was given an empty value: no file to write, and nothing was sent.', 'Give it a file name (e.g. fixes.csv), or - for standard output (in a script, check that the variable is set).');
  if (opts.worklist === '-' && ctx.globals.json)
    throw new UsageError('--worklist - and --json both want standard output.', 'Give --worklist a file, or leave out --json.');
  // Written whole at once: a named pipe nobody reads would hold the run for ever, deaf to Ctrl-C.
  if (opts.worklist !== undefined && opts.worklist !== '-' && isPipe(opts.worklist))
    throw new UsageError(
      `--worklist ${visible(opts.worklist)} is a named pipe or a socket: the worklist is written whole, at once, and one nobody reads would hold the run for ever.`,
      'Give --worklist a file, or - for standard output (and a shell pipe).',
    );
  const clash = opts.worklist === undefined ? undefined : keptFileClash(opts.worklist, ctx, deps.store);
  if (clash)
    throw new UsageError(
      `--worklist ${visible(opts.worklist!)} is ${clash}: a worklist there could overwrite what the tool keeps.`,
      'Give --worklist a path of its own (e.g. fixes.csv), or - for standard output.',
    );
  // Checked before the fetch: a path that cannot be written is known now, not after the network.
  if (opts.worklist !== undefined && opts.worklist !== '-' && !isDirectory(dirname(opts.worklist))) throw noWorklistDirectory(opts.worklist);
  if (opts.worklist !== undefined && opts.worklist !== '-' && isDirectory(opts.worklist))
    throw new UsageError(`--worklist ${visible(opts.worklist)} is a directory: a worklist is a file.`, 'Give --worklist a file in it (e.g. fixes.csv), or - for standard output.');
  const saved = deps.store.read(); // a broken store fails before any network call
  // A run that may send holds the fix lock until its results are recorded (see holdForFix).
  // Lost (this run paused over 10 s, and another fix took the lock over): nothing more is sent.
  const lock = opts.dryRun || opts.worklist ? undefined : await deps.store.holdForFix();
  try {
    await planAndApply(opts, ctx, deps, saved, () => lock !== undefined && !lock.held(), lock !== undefined);
  } finally {
    leaveStretch();
    await lock?.release();
  }
}

async function planAndApply(opts: FixOptions, ctx: Context, deps: FixDeps, saved: MappingData, lockLost: () => boolean, mayRecord: boolean): Promise<void> {
  const users = await withSpinner(ctx, 'Fetching Zoho and MyOperator users…', deps.fetchUsers);
  const empty = users.zoho.length === 0 ? 'Zoho' : users.myoperator.length === 0 ? 'MyOperator' : undefined;
  if (empty)
    throw new AttentionNeeded(
      `${empty} returned no users at all: fix plans nothing from an empty list (a bad read must never drive changes). Check the account and credentials, then run again.`,
    );
  const report = matchUsers({ ...users, ...savedPairs(saved) });
  let entries = planFix({ ...users, mappings: saved.mappings, report });
  if (opts.only?.length) {
    entries = selectOnly(entries, opts.only, users, report, ctx);
    liftNamedHolds(entries, opts.only);
  }
  const outcomes = new Map<FixEntry, Outcome>(entries.map((e) => [e, e.conflict ? { result: 'conflict', detail: e.conflict } : { result: 'planned', detail: e.lifted }]));
  const changes = entries.filter((e) => !e.conflict);
  const conflicts = entries.length - changes.length;

  if (opts.worklist) {
    const n = writeWorklist(opts.worklist, entries, ctx.stdout);
    const where = opts.worklist === '-' ? 'standard output' : visible(opts.worklist);
    ctx.say(
      n === 0
        ? `Wrote the worklist's header alone to ${where}: there is nothing to set in MyOperator's panel.\n`
        : `Wrote ${n} change${n === 1 ? '' : 's'} to ${where} for MyOperator's panel; nothing was changed (run without --worklist to apply them).\n`,
    );
    if (opts.worklist === '-') {
      // The plan cannot follow on standard output, which the worklist holds: its conflicts are said here.
      if (conflicts > 0)
        ctx.say(
          `${conflicts} conflict${conflicts === 1 ? ' was' : 's were'} left out of it (not to be set as ${conflicts === 1 ? 'it stands' : 'they stand'}): \`phonebridge-sync fix --dry-run\` lists each with why.\n`,
        );
      return;
    }
  }
  if (opts.dryRun || opts.worklist || changes.length === 0) {
    // A worklist is a dry run by request: nothing is sent, and the document says so.
    const overCap = (opts.dryRun || opts.worklist) && changes.length > opts.maxChanges && !opts.force ? `more than --max-changes ${opts.maxChanges}` : null;
    print(entries, outcomes, ctx, planHeading(entries), Boolean(opts.dryRun || opts.worklist), false, null, overCap);
    if (!ctx.globals.json)
      ctx.say(
        changes.length === 0 && conflicts === 0
          ? opts.only?.length
            ? 'Nothing to fix among the users --only names (see above); run without --only for the whole plan.\n'
            : 'Every mapped or mismatched MyOperator user already holds the Zoho e-mail byte for byte: nothing to fix.\n'
          : opts.dryRun || opts.worklist
            ? `${opts.dryRun && !opts.worklist ? 'Dry run: nothing changed. ' : '' /* --worklist said so already */}${changes.length} to change, ${conflicts} conflict${conflicts === 1 ? '' : 's'}.${overCap ? ` A run would be refused: ${overCap} (narrow it with --only, or raise it).` : ''}\n`
            : '',
      );
    if (!opts.dryRun && !opts.worklist && conflicts > 0)
      throw new AttentionNeeded(
        entries.some((e) => e.untilNamed)
          ? `${conflicts} conflict${conflicts === 1 ? '' : 's'} (above) left alone: each says what to do.`
          : `${conflicts} conflict${conflicts === 1 ? '' : 's'} (above) cannot be fixed from here.`,
      );
    return;
  }
  const overCap = changes.length > opts.maxChanges && !opts.force;
  // Off a terminal without --yes, that is the answer whatever the plan (README: exit 2, nothing on
  // stdout); a plan over the cap says so in the same breath.
  if (!ctx.interactive && !ctx.globals.yes)
    throw new UsageError(
      `fix would change ${changes.length} MyOperator e-mail${changes.length === 1 ? '' : 's'}, and prompts are off here (${noPromptReason(ctx)}).`,
      `Pass --yes to apply ${changes.length === 1 ? 'it' : 'them'}, or --dry-run to see the plan first.${overCap ? ` It is more than --max-changes ${opts.maxChanges}: narrow it with --only, or raise --max-changes.` : ''}`,
    );
  if (overCap) {
    print(entries, outcomes, ctx, planHeading(entries), Boolean(opts.dryRun), false, `more than --max-changes ${opts.maxChanges}`);
    throw new AttentionNeeded(
      `Nothing changed: ${changes.length} changes planned, more than --max-changes ${opts.maxChanges}. Narrow it with --only, raise --max-changes, or pass --force.`,
    );
  }
  if (ctx.interactive) ctx.stdout.write(renderHuman(entries, outcomes, ctx, planHeading(entries)) + '\n');
  const what = `Set ${changes.length} MyOperator e-mail${changes.length === 1 ? '' : 's'} as shown?`;
  if (!(await confirm(ctx, what))) {
    ctx.say('Nothing changed.\n');
    return;
  }
  // Only in a run that goes on to send: one answered No, refused for want of --yes or over the cap,
  // or with nothing to send, says nothing changed, and a CI job commits the store it leaves.
  if (mayRecord) await recordEarlierSends(users.myoperator, ctx, deps);

  // From the record of what is about to be sent until the history holds the results, a Ctrl-C or
  // SIGTERM stops the sending, not the run: what was sent is still read back and recorded
  // (io/graceful-stop.ts).
  let stoppedBy: NodeJS.Signals | undefined;
  // Aborted with the first signal: the change in flight may answer, but is not tried again.
  const noMoreAttempts = new AbortController();
  let sending = true;
  let progress: Progress | undefined;
  enterStretch({
    stop: (signal) => {
      const again = `${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again quits at once, unrecorded`;
      // Every change sent already: the run finishes as it would have, only sooner said.
      if (!sending) return ctx.say(`Every change was sent; reading back and recording first (${again}).\n`);
      stoppedBy = signal;
      noMoreAttempts.abort();
      // A spinner's line stays within one row of 80 columns: ora redraws a wrapped one badly.
      if (ctx.interactive && progress) progress.update(`Stopping after the change in flight (${again})…`);
      else ctx.say(`Stopping: no more changes are sent; what was sent is read back and recorded first (${again}).\n`);
    },
    // Written by the signal handler as it is: fitted to the terminal now, commands kept whole.
    note: prose(
      ctx.retarget(
        'fix was stopped while it sent changes to MyOperator: some may have been applied without their result being recorded. `phonebridge-sync fix --dry-run` lists every e-mail that still differs; `phonebridge-sync list history` shows what was sent, and the next `phonebridge-sync fix` that sends records what became of it.\n',
      ),
      ctx.stderr.isTTY ? ctx.stderr.columns : undefined,
    ),
  });
  // Checked again under the lock, against the mappings as they are now (the plan was read before
  // the fetch and the question), and recorded before anything is sent: if the run is cut short,
  // the history still says what went out. A change dropped here is recorded as a conflict, as
  // README says: it was confirmed, then not sent.
  const toSend = await deps.store.update((data) => {
    const then = mappingTies(saved);
    const now = mappingTies(data);
    const history: Array<ReturnType<typeof historyLine>> = [];
    const still = changes.filter((e) => {
      const why = changedSince(e, then, now);
      if (why) outcomes.set(e, { result: 'conflict', detail: why });
      history.push(why ? historyLine(e, 'conflict', e.from, why) : historyLine(e, 'sending', e.from, e.lifted));
      return !why;
    });
    return { data, result: still, history, recordDiff: false };
  });

  progress = await startProgress(ctx, `Changing ${toSend.length} e-mail${toSend.length === 1 ? '' : 's'} in MyOperator…`);
  const signalName = (s: NodeJS.Signals) => (s === 'SIGINT' ? 'Ctrl-C' : s);
  const sent = await apply(toSend, deps, () =>
    stoppedBy
      ? `stopped by ${signalName(stoppedBy)} before it was sent`
      : lockLost()
        ? 'this run was paused over 10 s and another fix took its lock over; that run plans from what MyOperator holds now'
        : undefined,
    noMoreAttempts.signal,
  ).finally(() => {
    sending = false;
    progress?.stop();
  });
  let readBack: Map<string, MyOperatorUser> | undefined;
  let readError: CliError | undefined;
  try {
    const listed = await withSpinner(ctx, 'Reading MyOperator users back to verify…', () => deps.myoperator.listUsers());
    // No users at all is a bad read, as it is for the plan: it must not turn every change into
    // "no longer listed, not applied, set it by hand".
    if (listed.length === 0) throw new RemoteError('bad-response', 'MyOperator listed no users at all');
    readBack = new Map(listed.map((u) => [u.id, u]));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    readError = e;
  }
  // Who holds each e-mail now: a change that took, while someone else was given the same e-mail
  // since the plan was read, leaves two users PhoneBridge cannot tell apart.
  const holders = holdersByEmail(readBack?.values() ?? []);
  for (const e of toSend) {
    const s = sent.get(e)!;
    const notRetried = s.notRetried && stoppedBy ? `, and was not tried again after ${signalName(stoppedBy)}` : '';
    const now = readBack?.get(e.myoperator.id);
    const twin = (holders.get(e.to) ?? []).find((u) => u.id !== e.myoperator.id);
    const refused = s.answer && !s.answer.accepted ? s.answer.message : undefined;
    if (s.unsent) outcomes.set(e, { result: 'not-applied', later: true, detail: `not sent: ${s.unsent}` });
    // MyOperator said no: that is the answer, unless the read-back shows the e-mail set after all
    // (another run set it meanwhile, or the refusal came after the write).
    else if (refused !== undefined && now?.email !== e.to) outcomes.set(e, { result: 'not-applied', detail: `MyOperator refused: ${refused}` });
    else if (!readBack) outcomes.set(e, { result: 'unverified', detail: s.error ? `the request failed${notRetried}: ${s.error.message}` : 'sent, but the read-back failed' });
    // Listed without this user, the read may be partial: that is no proof it was not applied.
    else if (!now) outcomes.set(e, { result: 'unverified', detail: `${s.error ? `the request failed (${clause(s.error.message)})${notRetried}, and ` : ''}the read-back did not list this user` });
    // The e-mail went to someone else (MyOperator updated the wrong user, or an admin gave it away
    // meanwhile): "set it by hand" would make two users PhoneBridge cannot tell apart.
    else if (now.email !== e.to && twin) {
      // What that user held when the plan was read: the one thing the panel needs to put back.
      const had = users.myoperator.find((u) => u.id === twin.id)?.email;
      outcomes.set(e, {
        result: 'conflict',
        elsewhere: true,
        detail: `not set: MyOperator user ${visible(twin.name) || visible(twin.id)} (ext ${visible(twin.extension ?? '-')}, ${visible(twin.id)}) holds "${reveal(e.to)}" now${had !== undefined ? ` (it held "${reveal(had)}" when the plan was read)` : ''}, not this one (still "${reveal(now.email)}"); give that user ${had ? `"${reveal(had)}"` : 'its own e-mail'} back in MyOperator's panel, then run fix again`,
      });
    }
    else if (now.email === e.to && twin)
      outcomes.set(e, {
        result: 'shared',
        detail: `set, but MyOperator user ${myOperatorWho(twin)} holds "${reveal(e.to)}" too (given it since the plan was read): PhoneBridge cannot tell the two apart; settle which one it is`,
      });
    else if (now && now.email === e.to) {
      // Which other fields an update touches is unconfirmed (reference §4): the e-mail is right,
      // but a user who stopped taking calls, or changed extension or name, must not pass unseen.
      const also = [
        now.active !== e.myoperator.active ? (now.active ? 'it is now active' : 'it no longer takes calls (inactive, or receive calls off)') : '',
        now.extension !== e.myoperator.extension ? `its extension is now ${visible(now.extension ?? '-')} (was ${visible(e.myoperator.extension ?? '-')})` : '',
        now.name !== e.myoperator.name ? `its name is now "${visible(now.name)}" (was "${visible(e.myoperator.name)}")` : '',
      ].filter(Boolean);
      const despite = refused === undefined ? '' : ` (the read-back shows it set, though MyOperator answered: ${clause(refused)})`;
      outcomes.set(
        e,
        also.length
          ? { result: 'applied', alsoChanged: true, detail: `set, but MyOperator changed more than the e-mail: ${also.join('; ')}; check the user in its panel${despite}` }
          : despite
            ? { result: 'applied', detail: despite.slice(2, -1) }
            : { result: 'applied' },
      );
    } else if (s.error) outcomes.set(e, failedRequest(s.error, now.email, notRetried));
    else
      outcomes.set(e, {
        result: 'not-applied',
        detail: now.email === e.from
              ? `MyOperator answered success, but the e-mail is still "${reveal(now.email)}"`
              : `MyOperator answered success, but holds "${reveal(now.email)}", neither the e-mail sent nor the one before`,
      });
  }

  // The results first: they are what MyOperator holds now, whatever happens to the record of them.
  print(entries, outcomes, ctx, `${ctx.interactive ? '\n' : ''}Result, verified by reading MyOperator back:`, false, ctx.interactive);
  const sum = summaryOf(entries, outcomes);
  // The pairs whose MyOperator e-mail is now the Zoho one, by their ids.
  const took = new Map(toSend.filter((e) => ['applied', 'shared'].includes(outcomes.get(e)!.result)).map((e) => [`${e.zoho.id}\0${e.myoperator.id}`, e.to]));
  try {
    await deps.store.update((data) => ({
      data: followingFixes(data, took),
      result: undefined,
      history: toSend.map((e) => historyLine(e, outcomes.get(e)!.result, readBack?.get(e.myoperator.id)?.email ?? null, outcomes.get(e)!.detail)),
      recordDiff: false,
    }));
  } catch (e) {
    // A full disk, a lock held too long, a mappings file broken by hand meanwhile: whatever stops
    // the record, the sentence first says what MyOperator holds now. A storage error's own claim
    // ("Nothing was changed.") speaks of the file; MyOperator was changed, so only its problem is said.
    if (!(e instanceof CliError) || sent.size === 0) throw e;
    const why = e instanceof StorageError ? e.problem : e.message;
    // Exit 6 whatever stopped it (a broken or locked mappings file is 2 elsewhere): a script must
    // not read "usage error, nothing done" when MyOperator was changed.
    throw new StorageError(
      `MyOperator was changed as listed above (${sum.applied + sum.shared} e-mail${sum.applied + sum.shared === 1 ? '' : 's'} set), but the record of it was not saved: ${why}`,
      `Those e-mails stand in MyOperator. ${e.hint ? `${e.hint} ` : ''}Then \`phonebridge-sync resync\` records the retyped pairs anew; the history keeps the lines saying what was sent.`,
      { cause: e },
    );
  }
  if (!ctx.globals.json)
    ctx.say(
      `${sum.applied - sum.alsoChanged} applied and verified${sum.alsoChanged ? `, ${sum.alsoChanged} applied with more changed than the e-mail` : ''}, ${sum.notApplied} not applied, ${sum.conflicts} conflict${sum.conflicts === 1 ? '' : 's'}${sum.shared ? `, ${sum.shared} set but shared with another user` : ''}${sum.unverified ? `, ${sum.unverified} not verified` : ''}; recorded in ${visible(deps.store.historyPath)}.\n`,
    );
  leaveStretch();
  // Stopped while the last change was in flight, nothing was left unsent: the run ends as it would have.
  const unsentByStop = toSend.filter((e) => sent.get(e)!.unsent?.startsWith('stopped by')).length;
  if (stoppedBy && unsentByStop > 0)
    throw new CliError(
      `Stopped by ${signalName(stoppedBy)}: ${plural(unsentByStop, 'change')} not sent; what was sent is ${sum.unverified ? `recorded above (${plural(sum.unverified, 'change')} not verified: see ${sum.unverified === 1 ? 'it' : 'each'})` : 'verified and recorded above'}.`,
      stoppedBy === 'SIGINT' ? EXIT.cancelled : EXIT.terminated,
      'Run `phonebridge-sync fix` again to send the rest: it plans only what still differs.',
    );
  const unsentByTakeover = toSend.filter((e) => sent.get(e)!.unsent?.startsWith('this run was paused')).length;
  if (unsentByTakeover > 0)
    throw new AttentionNeeded(
      `${plural(unsentByTakeover, 'change')} not sent: this run was paused over 10 s, and another fix took its lock over (that run plans from what MyOperator holds now). What was sent is verified and recorded above; \`phonebridge-sync fix --dry-run\` lists what still differs.`,
    );
  // A rejected token is the thing to fix, whatever else happened: log in again and run fix again
  // (it plans only what still differs). "Set them by hand" would be the wrong advice.
  const auth = [...sent.values()].find((s) => s.error instanceof AuthError)?.error;
  if (auth) throw auth;
  const later = 'Run `phonebridge-sync fix --dry-run` later: it lists every e-mail that still differs; `fix` then sends only those.';
  if (readError instanceof AuthError)
    throw new AuthError(`Could not read MyOperator users back to verify ${plural(sum.unverified, 'change')}: ${readError.message}`, readError.hint);
  if (readError) throw new RemoteError('remote', `Could not read MyOperator users back to verify ${plural(sum.unverified, 'change')}: ${readError.message}`, later);
  // MyOperator went silent, or refused for too many requests, part-way: the changes not sent are
  // for a later run, not for the panel by hand.
  const halted = toSend.map((e) => sent.get(e)!.error).find((err) => err && haltsSending(err));
  const unsent = toSend.filter((e) => sent.get(e)!.unsent).length;
  if (halted) throw new RemoteError('remote', `${halted.message}${unsent ? ` The ${plural(unsent, 'change')} after it ${unsent === 1 ? 'was' : 'were'} not sent.` : ''}`, `${halted.hint ? `${halted.hint} ` : ''}${later}`);
  if (sum.unverified > 0) throw new RemoteError('remote', `${plural(sum.unverified, 'change')} sent could not be verified (see each above).`, later);
  if (sum.notApplied > 0 || sum.conflicts > 0 || sum.shared > 0 || sum.alsoChanged > 0)
    throw new AttentionNeeded(
      `${[sum.notApplied ? `${sum.notApplied} not applied` : '', sum.conflicts ? `${sum.conflicts} conflict${sum.conflicts === 1 ? '' : 's'}` : '', sum.shared ? `${sum.shared} shared with another user` : '', sum.alsoChanged ? `${sum.alsoChanged} applied with more changed than the e-mail (see each)` : ''].filter(Boolean).join(', ')}.${sum.notApplied ? ` Set ${sum.notApplied === 1 ? 'it' : 'them'} by hand in MyOperator's panel (Manage → Users → the user → e-mail), as each entry says, or \`fix --worklist F\` for a list.` : ''}${sum.conflicts || sum.shared ? ' Each conflict or shared e-mail above says what to settle first.' : ''}`,
    );
}
