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
 *
 * This file is the run, in that order; its parts are in ./fix/ (the plan itself is core/fix-plan.ts).
 */
import { dirname } from 'node:path';
import { besideOutput, noPromptReason, type Context } from '../context.js';
import { AttentionNeeded, AuthError, Cancelled, clause, CliError, lowerFirst, RemoteError, StorageError, UsageError } from '../errors.js';
import { pastable, reveal, visible } from '../core/forensics.js';
import { changedSince, entriesNamed, inactiveMappedPairs, inactivePairSentence, liftNamedHolds, mappingTies, planFix, type FixEntry } from '../core/fix-plan.js';
import { inMyOperatorPanel } from '../core/myoperator-panel.js';
import { matchUsers, type MatchReport } from '../core/match.js';
import { myOperatorWord } from '../core/resolve.js';
import { savedPairs, type MappingData } from '../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import type { EmailUpdate } from '../clients/myoperator.js';
import { isPipe, keptFileClash } from '../store/kept-files.js';
import type { MappingStore } from '../store/mappings.js';
import { isDirectory } from '../store/paths.js';
import { confirm } from '../ui/prompts.js';
import { startProgress, withSpinner, type Progress } from '../ui/spinner.js';
import { endedBy, enterStretch, leaveStretch, quitsAtOnce } from '../io/graceful-stop.js';
import { prose } from '../ui/wrap.js';
import { fromCodePoints } from '../io/csv-cell.js';
import { plural } from '../io/plural.js';
import { afterTakeover, followingFixes, historyLine, recordEarlierSends, targetsOf } from './fix/history.js';
import { leftOutOfPlan, leftOutOnPage, notInPlan, selectOnly, type LeftOut } from './fix/only.js';
import { stillLeft } from './fix/still-left.js';
import { restOfPlan } from './fix/rest-of-plan.js';
import { invitationNote, planHeading, print, renderHuman } from './fix/render.js';
import { holdsTarget, summaryOf, type Outcome } from './fix/results.js';
import { seconds } from '../core/duration-words.js';
import { apply, haltsSending } from './fix/send.js';
import { readUsersBack } from './fix/read-back.js';
import { fixForPlan, MAX_CHANGES_DEFAULT } from '../core/max-changes.js';
import { overCapCure } from './fix/over-cap.js';
import { conflictsLeft, settleFirst } from './fix/conflicts-left.js';
import { noWorklistDirectory, writeWorklist } from './fix/worklist.js';
import { recordsFirstNote, stoppedNote } from '../store/set-aside-words.js';
import { writeFixPage, type PageResults } from './fix/page.js';

export interface FixOptions {
  dryRun?: boolean;
  only?: string[];
  maxChanges: number;
  force?: boolean;
  worklist?: string;
  /** The --only values typed glued on with "=" (`--only=-a@b.in`): users, though they start with "-". */
  glued?: readonly string[];
  /** commander's rule for an option word, handed in by cli.ts as doctor's is (doctor/only.ts OnlyFlags); without it no value is taken for an option. */
  isOption?: (word: string) => boolean;
}

export interface FixDeps {
  fetchUsers: () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  myoperator: { updateEmail(uuid: string, email: string, noMoreAttempts?: AbortSignal, who?: string): Promise<EmailUpdate>; listUsers(): Promise<MyOperatorUser[]> };
  store: MappingStore;
  /** The pause before reading again changes answered with success but not shown yet (fix/read-back.ts); none when unset or 0. */
  readAgainMs?: number;
}

/** What the run leaves for run() to say as it ends, whatever ends it. */
interface RunEnd {
  /** For the CI page: writeFixPage says which runs write one. */
  results?: PageResults;
  /**
   * The users --only left out whose reasons wait for the --json document at the terminal (its
   * leftOut; stderr does not say them): a run stopped before it (the mappings lock held past the
   * wait, exit 75) said nothing of them.
   */
  unsaid?: readonly LeftOut[];
}

export async function run(given: FixOptions, ctx: Context, deps: FixDeps): Promise<void> {
  const end: RunEnd = {};
  let error: unknown;
  try {
    await fixRun(given, ctx, deps, end);
  } catch (e) {
    error = e;
    throw e;
  } finally {
    for (const l of end.unsaid ?? []) ctx.say(notInPlan(l.only, l.why));
    writeFixPage(ctx, deps.store, end.results, error, given);
  }
}

async function fixRun(given: FixOptions, ctx: Context, deps: FixDeps, end: RunEnd): Promise<void> {
  // A user named as the tables and hints print them: an e-mail with an invisible or look-alike
  // character shows it as <U+XXXX>, and that text, pasted, named nobody (map reads it back too).
  const opts: FixOptions = { ...given, only: given.only?.map(fromCodePoints) };
  // `--only "$WHO"` with WHO unset must not pick the users whose e-mail or extension is empty.
  if (opts.only?.some((v) => v.trim() === ''))
    throw new UsageError('--only was given an empty value, which names nobody.', 'Give an id, e-mail or extension (in a script, check that the variable is set).');
  // `--only --dry-run` took "--dry-run" for a user (an option needs a value, and this was the next word).
  // A user that does start with "-" is named glued on, as option-values.ts says of any such value.
  const flag = opts.only?.find((v, i) => given.isOption?.(v) === true && !given.glued?.includes(given.only![i]!));
  if (flag !== undefined)
    throw new UsageError(
      `--only ${visible(flag)}: that is an option, not a user.`,
      'Give --only an id, e-mail or extension, e.g. --only 14 --dry-run; a user that starts with "-" goes in the same word, joined by "=", e.g. --only=-a@b.in.',
    );
  // A value given twice (a list pasted after a user typed, a script's list with a repeat) names one
  // user: "--only 99, 99: no user has any of those", its "not in the plan" twice, and the command a hint gives, each repeated it.
  if (opts.only) opts.only = [...new Set(opts.only)];
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
  // As do set-aside lines every change stops on (recordSetAside), which stopped a run that may send
  // only once its question was answered; a dry run says them after its plan.
  const stops = opts.dryRun || opts.worklist ? undefined : deps.store.setAsideRefused();
  if (stops) throw stops;
  // A run that may send holds the fix lock until its results are recorded (see holdForFix).
  // Lost (this run paused over 10 s, and another fix took the lock over): nothing more is sent.
  const lock = opts.dryRun || opts.worklist ? undefined : await deps.store.holdForFix(sameRun(opts, ctx));
  try {
    await planAndApply(opts, ctx, deps, saved, () => lock !== undefined && !lock.held(), lock !== undefined, lock?.tookOver === true, end);
  } finally {
    leaveStretch();
    await lock?.release();
  }
}

/**
 * Where this run's entries are, for a sentence on stderr that points at them: "above" only where
 * both go to the terminal (besideOutput in context.ts). Under --json standard output holds a document, piped its
 * lines, and a log or a file holds them apart from the sentence: "as listed above" pointed at
 * nothing there, as it did in the err.log of a run at a terminal with `2>err.log`.
 */
function listedWhere(ctx: Context): string {
  if (ctx.globals.json) return 'in the JSON document';
  if (!ctx.stdoutIsTTY) return 'on standard output';
  return besideOutput(ctx) ? 'above' : 'in the table on the terminal';
}

/**
 * ` --only …` as this run was given it, or '': a later command about the same users names them.
 * `of`: only the values that name those entries, as typed (and so lifting the same holds): a dry run
 * to list a run's conflicts again, given its whole --only, opened on "--only 12: not in the plan: …"
 * for each user the run had just fixed.
 */
function sameUsers(opts: FixOptions, of?: readonly FixEntry[]): string {
  const only = of ? opts.only?.filter((v) => entriesNamed(of, v).length > 0) : opts.only;
  return only?.length ? ` --only ${only.map((v) => pastable(v)).join(' ')}` : '';
}

/**
 * What to do of the changes not applied: set them by hand. When MyOperator answered some with
 * success and showed them unchanged on both reads (or on the one, when no second was asked for or
 * it failed: `readAgainFailed`), it may only be slow: "set it by hand" at once
 * would do twice what may yet take, so the dry run that shows what still differs comes first.
 */
function byHandCure(toSend: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>, notApplied: number, opts: FixOptions, pausedMs = 0, readAgainFailed = false): string {
  const list = `\`phonebridge-sync fix${sameUsers(opts)} --worklist fixes.csv\` for a list`;
  const slow = toSend.filter((e) => outcomes.get(e)!.mayYetShow).length;
  if (slow === 0) return `Set ${notApplied === 1 ? 'it' : 'them'} by hand (${inMyOperatorPanel()}), as each entry says, or ${list}.`;
  const which = slow === notApplied ? (slow === 1 ? 'it' : 'them') : `${slow} of them`;
  return (
    `MyOperator answered ${which} with success but did not show ${slow === 1 ? 'it' : 'them'} ${readAgainFailed ? `on the one read made after sending (the read again after ${seconds(pausedMs)} failed)` : pausedMs > 0 ? `on two reads ${seconds(pausedMs)} apart` : 'on the one read made after sending (PHONEBRIDGE_FIX_READ_AGAIN_MS=0 asks for no second read)'}: if MyOperator is only slow, ${slow === 1 ? 'it' : 'they'} may yet take. ` +
    `Run \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` later to see what still differs, then set that by hand (${inMyOperatorPanel()}), as each entry says, or ${list}.`
  );
}

/**
 * The users and cap this run was given, for the command that sends the rest after a stop: plain
 * `fix` would plan the users --only left out, hold again a pair --only lifted, and refuse at the cap
 * a rest that --force let through.
 */
function sameChoice(opts: FixOptions): string {
  return `${sameUsers(opts)}${opts.maxChanges !== MAX_CHANGES_DEFAULT ? ` --max-changes ${opts.maxChanges}` : ''}${opts.force ? ' --force' : ''}`;
}

/**
 * This run as it was given, for a sentence that says to run it again (refused for another fix's
 * lock, stopped by a signal: a CI timeout's SIGTERM, or left unverified): `fix --only 13` in a CI job that ran
 * `fix --only 13 --yes` met "prompts are off here" there (exit 2), and one without its --json wrote
 * no document for the step that reads it.
 */
function sameRun(opts: FixOptions, ctx: Context): string {
  return `phonebridge-sync fix${sameChoice(opts)}${ctx.globals.yes ? ' --yes' : ''}${ctx.globals.json ? ' --json' : ''}`;
}

/**
 * The run that sends a dry run's changes, as it can be run here: off a terminal (a CI job) a plain
 * `fix` is exit 2 for want of --yes, and the dry run ended on its counts, naming none.
 */
function sendingRun(opts: FixOptions, ctx: Context, changes: number): string {
  return sends(ctx, `phonebridge-sync fix${sameChoice(opts)}`, changes === 1 ? 'it' : 'them');
}

/**
 * The run that sends a plan over the cap whole: these users, with the --max-changes it needs.
 * "raise --max-changes" left the admin to count the plan, where doctor names `fix --max-changes 11`.
 */
function overCapRun(opts: FixOptions, ctx: Context, changes: number): string {
  const all = changes === 1 ? 'it' : changes === 2 ? 'both' : `all ${changes}`;
  return overCapCure(opts.maxChanges, sends(ctx, `phonebridge-sync ${fixForPlan(changes, { cap: opts.maxChanges, only: sameUsers(opts) })}`, all));
}

/**
 * `command` as the run that sends `what` is said: it asks once at a terminal, and carries --yes where
 * it cannot ask or where --yes was given (a dry run's line said "asks once" beside the cap's --yes).
 */
function sends(ctx: Context, command: string, what: string): string {
  return ctx.interactive && !ctx.globals.yes ? `\`${command}\` asks once, then sends ${what}` : `\`${command} --yes\` sends ${what}`;
}

/**
 * What a No at fix's question leaves the admin to do: a bare "Nothing changed." named no next step,
 * where map and resync name theirs ("Left for later: …"). Part of a plan is sent by --only, shown
 * with the plan's first user as the plan labels it, so the command is pastable as it stands.
 */
function afterNo(opts: FixOptions, changes: readonly FixEntry[], users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }): string {
  const part =
    changes.length > 1
      ? `; \`phonebridge-sync fix --only ${pastable(myOperatorWord(users, changes[0]!.myoperator))}\` sends part of it (give --only the extensions of the users to set, as the plan names them)`
      : '';
  return `Nothing changed: no e-mail was sent to MyOperator. \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` shows the plan again${part}.`;
}

/**
 * A run with nothing to send. A saved pair with an inactive user is left out of the plan however its
 * e-mails differ: "every mapped user already holds the Zoho e-mail" was said over such pairs.
 */
function nothingToFix(idle: ReadonlyArray<{ zoho: ZohoUser; myoperator: MyOperatorUser }>): string {
  if (idle.length === 0) return 'Every mapped or mismatched MyOperator user already holds the Zoho e-mail byte for byte: nothing to fix.\n';
  return `Nothing to fix: every mapped or mismatched pair whose two users are active already holds the Zoho e-mail byte for byte. ${plural(idle.length, 'saved mapping')} whose e-mails differ ${idle.length === 1 ? 'is' : 'are'} left alone:\n${idle
    .map((p) => `  Zoho ${reveal(p.zoho.email) || visible(p.zoho.id)} ↔ MyOperator ${reveal(p.myoperator.email) || '(no e-mail)'} (ext ${visible(p.myoperator.extension ?? '-')}): ${inactivePairSentence(p.zoho, p.myoperator)}\n`)
    .join('')}`;
}

/** A run with nothing to send: said so, then what else keeps calls unattributed, with its command (from the plan's own match). */
function nothingLeft(saved: MappingData, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }, now: string, report: MatchReport): string {
  const idle = inactiveMappedPairs({ ...users, mappings: saved.mappings });
  return nothingToFix(idle) + stillLeft(saved, users, idle, now, report);
}

async function planAndApply(
  opts: FixOptions,
  ctx: Context,
  deps: FixDeps,
  saved: MappingData,
  lockLost: () => boolean,
  mayRecord: boolean,
  tookOver: boolean,
  end: RunEnd,
): Promise<void> {
  const users = await withSpinner(ctx, 'Fetching Zoho and MyOperator users…', deps.fetchUsers);
  const empty = users.zoho.length === 0 ? 'Zoho' : users.myoperator.length === 0 ? 'MyOperator' : undefined;
  if (empty) {
    // Refused as a run over --max-changes is, so --json has its document too: a CI job reading
    // `.refused` (or a dry run's `.wouldBeRefused`) got an empty standard output.
    const why = `${empty} returned no users at all`;
    const preview = Boolean(opts.dryRun || opts.worklist);
    if (ctx.globals.json) print([], new Map(), ctx, '', preview, false, preview ? null : why, preview ? why : null);
    throw new AttentionNeeded(`${why}: fix plans nothing from an empty list (a bad read must never drive changes). Check the account and credentials, then run again.`);
  }
  const report = matchUsers({ ...users, ...savedPairs(saved, users) });
  let entries = planFix({ ...users, mappings: saved.mappings, report });
  // "run without --only for the whole plan" sent the admin to a run that says there is nothing to fix.
  const wholePlanEmpty = entries.length === 0;
  let left: LeftOut[] = [];
  // Why a user --only named is left out is said by the --json document at the terminal (its leftOut), not on stderr too.
  const leftInDocument = Boolean(ctx.globals.json && ctx.stdoutIsTTY && !opts.dryRun && !opts.worklist);
  if (opts.only?.length) {
    ({ entries, left } = selectOnly(entries, opts.only, users, report, saved, ctx, leftInDocument));
    liftNamedHolds(entries, opts.only);
  }
  // A run that leaves out a user --only names ends on it, exit 5 (or after its error), and so does
  // its dry run, as on a conflict: a CI job gating on `fix --dry-run` passed a plan whose run then
  // ended 5. Not a worklist, which is for the panel. After a plan with entries, "Nothing changed:"
  // was said already, or the run sent.
  const leftOut =
    !opts.worklist && left.length ? { log: leftOutOfPlan(left, entries.length > 0, leftInDocument), page: leftOutOnPage(left, entries.length > 0) } : undefined;
  if (leftInDocument) end.unsaid = left;
  // Written, the document says why each is left out: nothing is left for run() to say.
  const show = (...args: Parameters<typeof print>) => {
    print(...args);
    end.unsaid = undefined;
  };
  const outcomes = new Map<FixEntry, Outcome>(entries.map((e) => [e, e.conflict ? { result: 'conflict', detail: e.conflict } : { result: 'planned', detail: e.lifted }]));
  const changes = entries.filter((e) => !e.conflict);
  const conflicts = entries.length - changes.length;

  // Why a run of this plan would be refused, for a dry run or a worklist to say.
  const wouldBeRefused = (opts.dryRun || opts.worklist) && changes.length > opts.maxChanges && !opts.force ? `more than --max-changes ${opts.maxChanges}` : null;
  // The run a dry run or a worklist previews stops on these before it asks or sends anything (run
  // refuses it so): said last, as resync --dry-run says it. A worklist needs only that
  // (setAsideRefused, which reads no mappings file); a dry run reads the lines held too.
  const aside = opts.dryRun && !opts.worklist ? deps.store.heldAside() : undefined;
  const setAsideStop = opts.worklist ? deps.store.setAsideRefused() : aside?.refused;
  // Or it records them first, as a run that sends does (its update), with the plan made from the mappings file that holds their change already.
  const recordsFirst = aside?.held && changes.length > 0 && !wouldBeRefused ? recordsFirstNote(deps.store.path, aside.held.lines.length, 'fix') : '';
  // Said after the plan it closes: at a terminal it came above the plan, the counts below it.
  let wrote = '';
  if (opts.worklist) {
    const n = writeWorklist(opts.worklist, entries, ctx.stdout);
    const where = opts.worklist === '-' ? 'standard output' : visible(opts.worklist);
    // "run without --worklist to apply them" was untrue of a plan over the cap: that run is refused.
    // Given --dry-run too, a run without --worklist alone is still a dry run.
    const without = opts.dryRun ? '--worklist and --dry-run' : '--worklist';
    wrote =
      n === 0
        ? `Wrote the worklist's header alone to ${where}: there is nothing to set in MyOperator's panel.\n`
        : `Wrote ${n} change${n === 1 ? '' : 's'} to ${where} for MyOperator's panel; nothing was changed (${wouldBeRefused ? `a run without ${without} would be refused: ${wouldBeRefused}; ${overCapRun(opts, ctx, changes.length)}` : `run without ${without} to apply them`}).\n`;
    if (opts.worklist === '-') {
      ctx.say(wrote);
      // The plan cannot follow on standard output, which the worklist holds: its conflicts are said here.
      if (conflicts > 0)
        ctx.say(
          `${conflicts} conflict${conflicts === 1 ? ' was' : 's were'} left out of it (not to be set as ${conflicts === 1 ? 'it stands' : 'they stand'}): \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` lists each with why.\n`,
        );
      // Said here too: standard output holds the worklist, not the plan print() would close with it.
      const note = invitationNote(entries);
      if (note) ctx.say(`${note}\n`);
      if (setAsideStop) ctx.say(stoppedNote(setAsideStop));
      return;
    }
  }
  if (opts.dryRun || opts.worklist || changes.length === 0) {
    // Nothing left to send, as when an earlier run's changes all took before it was killed: with no
    // run that sends to come, its `sending` lines stayed so for good. Recorded once confirmed (--yes,
    // or a terminal, where no question is asked of nothing); a run without --yes off a terminal
    // leaves the store as it was, as it would have been refused had there been anything to send.
    const earlier = changes.length === 0 && mayRecord && (ctx.interactive || ctx.globals.yes) ? await recordEarlierSends(users.myoperator, ctx, deps, tookOver) : [];
    // A worklist is a dry run by request: nothing is sent, and the document says so.
    show(entries, outcomes, ctx, planHeading(entries), Boolean(opts.dryRun || opts.worklist), false, null, wouldBeRefused, earlier, left);
    // Apart from the plan's last entry by a blank line, as a run's "Result" is: it sat against it.
    if (entries.length > 0 && besideOutput(ctx)) ctx.say('\n');
    if (wrote) ctx.say(wrote);
    // The verdict under this line counts the conflicts (conflictsLeft: "(above)" at a terminal, each
    // named piped): the line counting them too said it twice ("5 to change, 1 conflict; …" then "1
    // conflict cannot be fixed from here: …"). Not where the run would be refused: that verdict is the cap's.
    const conflictsSaidBelow = conflicts > 0 && !opts.worklist && !wouldBeRefused;
    const previewClosing = () => {
      const counts = conflictsSaidBelow ? (changes.length ? `${changes.length} to change` : '') : `${changes.length} to change, ${plural(conflicts, 'conflict')}`;
      // Not where the run would be refused (its cure follows), nor after a worklist's sentence, which said how.
      const then = wouldBeRefused || changes.length === 0 || opts.worklist ? '' : `; ${sendingRun(opts, ctx, changes.length)}`;
      const dry = opts.dryRun && !opts.worklist ? 'Dry run: nothing changed.' : ''; // --worklist said so already
      const refused = wouldBeRefused && !opts.worklist /* the worklist's sentence said it */ ? ` A run would be refused: ${wouldBeRefused}; ${overCapRun(opts, ctx, changes.length)}.` : '';
      return `${[dry, counts && `${counts}${then}.`].filter(Boolean).join(' ')}${refused}\n`;
    };
    // "Left to settle" is a list, said as one: its items wrap under their text at a terminal.
    const settling = changes.length === 0 && conflicts === 0 && !opts.only?.length;
    const closing = settling
      ? nothingLeft(saved, users, ctx.now().toISOString(), report)
      : changes.length === 0 && conflicts === 0
        ? wholePlanEmpty
          ? 'Nothing to fix among the users --only names (see above), nor among the others: a run without --only would set nothing either.\n'
          : 'Nothing to fix among the users --only names (see above); run without --only for the whole plan.\n'
        : opts.dryRun || opts.worklist
          ? previewClosing()
          : '';
    // Not where the run ends on the users --only left out: their verdict says it, and "Nothing to fix
    // among the users --only names (see above)" pointed on the page at nothing.
    const closes = closing && !(leftOut && changes.length === 0 && conflicts === 0);
    if (!ctx.globals.json && closes) ctx.say(closing, { list: settling });
    // What the page says of a run that sent nothing: its conflicts, or that there is nothing to fix.
    const pageResults: PageResults = { entries, outcomes, closing: closes ? [closing] : [] };
    end.results = pageResults;
    if (setAsideStop) ctx.say(stoppedNote(setAsideStop));
    else if (recordsFirst) ctx.say(recordsFirst);
    // A preview of a run that would be refused ends as that run would, exit 5, as resync --dry-run
    // --prune does on a prune it would refuse: a CI job gating on the dry run passed it. The
    // sentence is the closing line's; under --json, which has no closing line, it is said here (a
    // CI log showed exit 5 and no reason: `wouldBeRefused` is in a document the log does not show).
    // A worklist is done by hand: no cap.
    if (wouldBeRefused && opts.dryRun && !opts.worklist) {
      // The page says the closing line, counts and all, under --json too.
      pageResults.verdict = { log: ctx.globals.json ? `Dry run: nothing changed. A run would be refused: ${wouldBeRefused}; ${overCapRun(opts, ctx, changes.length)}.` : '', page: closing.trim() };
      throw new AttentionNeeded(pageResults.verdict.log);
    }
    if (!opts.worklist && (conflicts > 0 || leftOut)) {
      const verdict = (besidePlan: boolean, page = false) =>
        [conflicts > 0 ? conflictsLeft(entries.filter((e) => e.conflict), ctx.globals.json, besidePlan) : '', page ? leftOut?.page : leftOut?.log]
          .filter(Boolean)
          .join('\n');
      // A dry run's page lists no entries (page.ts): its conflicts are named there, not "(above)".
      pageResults.verdict = { log: verdict(besideOutput(ctx)), page: verdict(!opts.dryRun, true) };
      throw new AttentionNeeded(pageResults.verdict.log);
    }
    return;
  }
  const overCap = changes.length > opts.maxChanges && !opts.force;
  // Off a terminal without --yes, that is the answer whatever the plan (README: exit 2, nothing on
  // stdout); a plan over the cap says so in the same breath.
  if (!ctx.interactive && !ctx.globals.yes) {
    throw new UsageError(
      `fix would change ${changes.length} MyOperator e-mail${changes.length === 1 ? '' : 's'}, and prompts are off here (${noPromptReason(ctx)}).`,
      `Pass --yes to apply ${changes.length === 1 ? 'it' : 'them'}, or --dry-run to see the plan first.${overCap ? ` It is more than --max-changes ${opts.maxChanges}; ${overCapRun(opts, ctx, changes.length)}.` : ''}`,
    );
  }
  if (overCap) {
    show(entries, outcomes, ctx, planHeading(entries), Boolean(opts.dryRun), false, `more than --max-changes ${opts.maxChanges}`, null, [], left);
    throw new AttentionNeeded(
      `Nothing changed: ${plural(changes.length, 'change')} planned, more than --max-changes ${opts.maxChanges}; ${overCapRun(opts, ctx, changes.length)}.`,
    );
  }
  if (ctx.interactive) ctx.stdout.write(renderHuman(entries, outcomes, ctx, planHeading(entries)) + '\n');
  const what = `Set ${changes.length} MyOperator e-mail${changes.length === 1 ? '' : 's'} as shown?`;
  let yes: boolean;
  try {
    yes = await confirm(ctx, what);
  } catch (e) {
    // Ctrl-C at the question: a bare "Cancelled." left the admin wondering whether anything went out.
    if ((e as Error)?.name === 'ExitPromptError') throw new Cancelled('Cancelled. Nothing changed: no e-mail was sent to MyOperator.');
    throw e;
  }
  if (!yes) {
    ctx.say(`${afterNo(opts, changes, users)}\n`);
    return;
  }
  // Only in a run that goes on to send: one answered No, refused for want of --yes or over the cap,
  // or with nothing to send, says nothing changed, and a CI job commits the store it leaves.
  const earlier = mayRecord ? await recordEarlierSends(users.myoperator, ctx, deps, tookOver) : [];

  // From the record of what is about to be sent until the history holds the results, a Ctrl-C,
  // SIGTERM or SIGHUP stops the sending, not the run: what was sent is still read back and recorded
  // (io/graceful-stop.ts).
  let stoppedBy: NodeJS.Signals | undefined;
  // Aborted with the first signal: the change in flight may answer, but is not tried again.
  const noMoreAttempts = new AbortController();
  let sending = true;
  let progress: Progress | undefined;
  const signalName = (s: NodeJS.Signals) => (s === 'SIGINT' ? 'Ctrl-C' : s);
  // Aborted, with the signal's name, by the first signal: the run does not wait to read again what
  // is not shown yet (fix/read-back.ts; in its pause, it says so once its spinner is gone).
  const noReadAgain = new AbortController();
  let pausing = false;
  enterStretch({
    stop: (signal) => {
      const again = quitsAtOnce(signalName(signal));
      noReadAgain.abort(signalName(signal));
      if (pausing) return;
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
        `fix was stopped while it sent changes to MyOperator: some may have been applied without their result being recorded. \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` lists every e-mail${opts.only?.length ? ' of those users' : ''} that still differs; \`phonebridge-sync list history\` shows what was sent, and the next \`phonebridge-sync fix\` that sends records what became of it.\n`,
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
    // The saved pairs' e-mails follow what takes (below): a file that could not take that is refused
    // now, with nothing sent. Found only then, the e-mails stood in MyOperator with no result recorded.
    return { data, result: still, history, recordDiff: false, savedLater: followingFixes(data, targetsOf(still)) };
  });

  progress = await startProgress(ctx, `Changing ${toSend.length} e-mail${toSend.length === 1 ? '' : 's'} in MyOperator…`);
  const sent = await apply(toSend, deps, () =>
    stoppedBy
      ? { by: 'stop', why: `stopped by ${signalName(stoppedBy)} before it was sent` }
      : lockLost()
        ? { by: 'takeover', why: 'this run was paused over 10 s and another fix took its lock over; that run plans from what MyOperator holds now' }
        : undefined,
    noMoreAttempts.signal,
  ).finally(() => {
    sending = false;
    progress?.stop();
  });
  const { users: readBack, error: readError, readAgainFailed } = await readUsersBack(ctx, deps, toSend, sent, users.myoperator, stoppedBy && signalName(stoppedBy), outcomes, {
    signal: noReadAgain.signal,
    pausing: (on) => (pausing = on),
  });

  // The results first: they are what MyOperator holds now, whatever happens to the record of them.
  const sum = summaryOf(entries, outcomes);
  // "verified by reading MyOperator back" headed the entries that say the read-back failed, and
  // those a read that worked left "not verified" (a Ctrl-C in the pause, a user it did not list).
  const heading = !readBack
    ? 'Result, not verified: MyOperator could not be read back (see below):'
    : sum.unverified
      ? `Result, read back from MyOperator; ${plural(sum.unverified, 'change')} not verified (see below):`
      : 'Result, verified by reading MyOperator back:';
  // Apart from the question's answer by a blank line; under --yes nothing was asked, and the plan ends with one.
  show(entries, outcomes, ctx, `${ctx.interactive && !ctx.globals.yes ? '\n' : ''}${heading}`, false, ctx.interactive, null, null, earlier, left);
  // Lock lost: another fix may have recorded these changes meanwhile; each line then says it is the later (afterTakeover).
  const lateLines = (sentNow: readonly FixEntry[], line: (e: FixEntry) => ReturnType<typeof historyLine>) => {
    const entries = lockLost() ? deps.store.readHistory().entries : undefined;
    return sentNow.map((e) => {
      const l = line(e);
      const after = entries && afterTakeover(entries, e, sent.get(e)?.unsent?.by === 'takeover');
      return after ? { ...l, detail: l.detail ? `${l.detail}; ${after}` : after } : l;
    });
  };
  // The pairs whose MyOperator e-mail is now the Zoho one, by their ids.
  const took = targetsOf(toSend.filter((e) => holdsTarget(outcomes.get(e)!)));
  try {
    await deps.store.update((data) => ({
      data: followingFixes(data, took),
      result: undefined,
      history: lateLines(toSend, (e) => historyLine(e, outcomes.get(e)!.result, readBack?.get(e.myoperator.id)?.email ?? null, outcomes.get(e)!.detail)),
      recordDiff: false,
    }));
  } catch (e) {
    // A full disk, a lock held too long, a mappings file broken by hand meanwhile: whatever stops
    // the record, the sentence first says what MyOperator holds now. A storage error's own claim
    // ("Nothing was changed.") speaks of the file; MyOperator was changed, so only its problem is said.
    if (!(e instanceof CliError) || sent.size === 0) throw e;
    const why = e instanceof StorageError ? e.problem : e.message;
    // Exit 6 whatever stopped it (a broken mappings file is 2 elsewhere, a locked one 75): a script must
    // not read "usage error, nothing done" when MyOperator was changed.
    throw new StorageError(
      `MyOperator was changed as listed ${listedWhere(ctx)} (${took.size} e-mail${took.size === 1 ? '' : 's'} set), but the record of it was not saved: ${why}`,
      `Those e-mails stand in MyOperator. ${e.hint ? `${e.hint} ` : ''}Then \`phonebridge-sync resync\` records the retyped pairs anew; the history keeps the lines saying what was sent.`,
      { cause: e },
    );
  }
  // A change never sent is `not-applied` (its result in --json and the history, counted in
  // notApplied), its detail "not sent: …": the count says which of them those are, as README does.
  const neverSent = toSend.filter((e) => sent.get(e)!.unsent).length;
  const notSent = neverSent === 0 ? '' : neverSent === sum.notApplied ? ' (not sent)' : ` (${neverSent} of them not sent)`;
  if (!ctx.globals.json)
    ctx.say(
      `${sum.applied - sum.alsoChanged} applied and verified${sum.alsoChanged ? `, ${sum.alsoChanged} applied with more changed than the e-mail` : ''}, ${sum.notApplied} not applied${notSent}, ${sum.conflicts} conflict${sum.conflicts === 1 ? '' : 's'}${sum.shared ? `, ${sum.shared} set but shared with another user` : ''}${sum.unverified ? `, ${sum.unverified} not verified` : ''}; recorded in ${visible(deps.store.historyPath)}.\n`,
    );
  // The history records what was sent, the mappings file only saved pairs: a pair set from match's
  // mismatches is still unmapped, and it is resync that saves it now that its e-mails are equal.
  const unsavedPairs = toSend.filter((e) => e.source === 'mismatch' && outcomes.get(e)!.result === 'applied' && !outcomes.get(e)!.alsoChanged);
  const unsaved = unsavedPairs.length;
  const unsavedSaid =
    unsaved > 0
      ? `${unsaved === sum.applied ? (unsaved === 1 ? 'That pair is' : `Those ${unsaved} pairs are`) : `${unsaved} of them ${unsaved === 1 ? 'is' : 'are'}`} not saved as ${unsaved === 1 ? 'a mapping' : 'mappings'} yet; with both e-mails equal now, \`phonebridge-sync resync\` saves ${unsaved === 1 ? 'it' : 'them'}.`
      : '';
  if (unsavedSaid && !ctx.globals.json) ctx.say(`${unsavedSaid}\n`);
  const pageResults: PageResults = { entries, outcomes, closing: unsavedSaid ? [unsavedSaid] : [] };
  end.results = pageResults;
  leaveStretch();
  // What the run ends on, as its log and its page say it (`onPage`, where that differs). Whatever
  // ends the run names the users --only left out of the plan after it: only the exit-5 verdicts
  // did, and a run a proxy halted, or whose read-back failed, ended 4 as if every user named had
  // been tried. The page gives each reason, as for a verdict.
  const ending = (said = '', onPage = said): string => {
    pageResults.verdict = { log: [said, leftOut?.log].filter(Boolean).join('\n'), page: [onPage, leftOut?.page].filter(Boolean).join('\n') };
    return pageResults.verdict.log;
  };
  // A signal while sending ends the run by it (130, 143; SIGHUP's 129), during the last change too:
  // that change, left unanswered and not tried again, is the stop's doing, not MyOperator's failure
  // to report (exit 4). One after every change was sent never set stoppedBy.
  const unsentByStop = toSend.filter((e) => sent.get(e)!.unsent?.by === 'stop').length;
  // Recorded: the history lists them too, where a terminal's table may be gone by the time stderr's file is read (it closed, or scrolled off).
  const listed = besideOutput(ctx) ? ' above' : `, as listed ${listedWhere(ctx)}${ctx.stdoutIsTTY && !ctx.globals.json ? ' and by `phonebridge-sync list history`' : ''}`;
  // "not verified: see it" named nothing to do: the dry run that shows whether it took, as `later` says.
  const lookAgain = `run \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` later to see whether ${sum.unverified === 1 ? 'it' : 'they'} took`;
  if (stoppedBy)
    throw new CliError(
      ending(
        `Stopped by ${signalName(stoppedBy)}${unsentByStop ? `: ${plural(unsentByStop, 'change')} not sent;` : ' while the last change was in flight:'} what was sent is ${sum.unverified ? `recorded${listed} (${plural(sum.unverified, 'change')} not verified: ${lookAgain})` : `verified and recorded${listed}`}.`,
      ),
      endedBy(stoppedBy).code,
      unsentByStop ? `Run \`${sameRun(opts, ctx)}\` again to send the rest: it plans only what still differs.` : undefined,
    );
  const unsentByTakeover = toSend.filter((e) => sent.get(e)!.unsent?.by === 'takeover').length;
  if (unsentByTakeover > 0)
    throw new AttentionNeeded(
      ending(
        `${plural(unsentByTakeover, 'change')} not sent: this run was paused over 10 s, and another fix took its lock over (that run plans from what MyOperator holds now). What was sent is ${sum.unverified ? `recorded${listed} (${plural(sum.unverified, 'change')} not verified: it may yet take)` : `verified and recorded${listed}`}; \`phonebridge-sync fix${sameChoice(opts)} --dry-run\`${sum.unverified ? ' later' : ''} lists what still differs${opts.only?.length ? ' of those users' : ''}.`,
      ),
    );
  // A rejected token is the thing to fix, whatever else happened: log in again and run fix again
  // (it plans only what still differs). "Set them by hand" would be the wrong advice.
  const auth = [...sent.values()].find((s) => s.error instanceof AuthError)?.error;
  if (auth) throw leftOut ? new AuthError(ending(auth.message), auth.hint, { cause: auth }) : auth;
  // With this run's --only (and cap): plain `fix --dry-run`, then `fix`, planned the users --only left
  // out; and the sending run as this one was given (a bare `fix --only 13` in CI is exit 2 for want of --yes).
  const later = `Run \`phonebridge-sync fix${sameChoice(opts)} --dry-run\` later: it lists every e-mail${opts.only?.length ? ' of those users' : ''} that still differs; \`${sameRun(opts, ctx)}\` then sends only those.`;
  // A change refused by the rate limit or a proxy is known not applied without the read, so is not
  // "not verified": when every change sent was such, the count is of the changes sent (it said "0 changes").
  const unread = plural(sum.unverified || toSend.length - neverSent, 'change');
  if (readError) {
    const said = `Could not read MyOperator users back to verify ${unread}: ${lowerFirst(clause(readError.message))}.`;
    if (readError instanceof AuthError) throw new AuthError(ending(said), readError.hint);
    // A proxy's refusal is cured at the proxy: "later" alone would meet the same page.
    const proxy = readError instanceof RemoteError && readError.kind === 'proxy' && readError.cure ? `${readError.cure} ` : '';
    throw new RemoteError('remote', ending(said), `${proxy}${later}`);
  }
  // MyOperator went silent, or refused for too many requests, part-way: the changes not sent are
  // for a later run, not for the panel by hand. A change whose answer was lost, but which the
  // read-back shows set, stopped nothing when it was the last: the run ends as its results say.
  const haltedAt = toSend.find((e) => sent.get(e)!.error && haltsSending(sent.get(e)!.error!));
  const halted = haltedAt && (neverSent > 0 || ['not-applied', 'unverified'].includes(outcomes.get(haltedAt)!.result)) ? sent.get(haltedAt)!.error! : undefined;
  // Its hint without "run again" (a rate limit's "Wait a few minutes and run again"), as `later` names the run.
  const haltedHint = (halted instanceof RemoteError ? halted.cure : undefined) ?? halted?.hint;
  if (halted)
    throw new RemoteError('remote', ending(`${halted.message}${neverSent ? ` The ${plural(neverSent, 'change')} after it ${neverSent === 1 ? 'was' : 'were'} not sent.` : ''}`), `${haltedHint ? `${haltedHint} ` : ''}${later}`);
  if (sum.unverified > 0)
    throw new RemoteError('remote', ending(`${plural(sum.unverified, 'change')} sent could not be verified (see ${sum.unverified === 1 ? 'it' : 'each'} ${listedWhere(ctx)}).`), later);
  if (sum.notApplied > 0 || sum.conflicts > 0 || sum.shared > 0 || sum.alsoChanged > 0) {
    const conflicted = entries.filter((e) => outcomes.get(e)!.result === 'conflict');
    const tableOnTerminal = ctx.stdoutIsTTY && !ctx.globals.json ? `phonebridge-sync fix${sameUsers(opts, conflicted)} --dry-run` : undefined;
    const verdict = (besidePlan: boolean) =>
      `${[sum.notApplied ? `${sum.notApplied} not applied` : '', sum.conflicts ? `${sum.conflicts} conflict${sum.conflicts === 1 ? '' : 's'}` : '', sum.shared ? `${sum.shared} shared with another user` : '', sum.alsoChanged ? `${sum.alsoChanged} applied with more changed than the e-mail (see each)` : ''].filter(Boolean).join(', ')}.${sum.notApplied ? ` ${byHandCure(toSend, outcomes, sum.notApplied, opts, deps.readAgainMs, readAgainFailed)}` : ''}${sum.conflicts || sum.shared ? ` ${settleFirst(sum.conflicts, sum.shared, ctx.globals.json, besidePlan, tableOnTerminal)}` : ''}`;
    // The page lists each entry above its verdict, as a terminal does: "on standard output" pointed elsewhere.
    const said = ending(verdict(besideOutput(ctx)), verdict(true));
    // The read again after the pause failed: a read that failed, exit 4 as when the read-back fails or a
    // Ctrl-C skips the read again. Exit 5 told a CI job the run was done and a person should act now,
    // where the cure is a later run (the change may yet take), and the failed read went unsaid.
    if (readAgainFailed) throw new RemoteError('remote', said);
    throw new AttentionNeeded(said);
  }
  if (leftOut) throw new AttentionNeeded(ending());
  // Every user --only named is set: the rest of the plan, or what else is left, is said as plain fix would say it.
  if (opts.only?.length && readBack) {
    const saidAbove = new Set(unsavedPairs.map((e) => `${e.zoho.id}\0${e.myoperator.id}`));
    const rest = restOfPlan(deps.store.read(), { zoho: users.zoho, myoperator: [...readBack.values()] }, ctx.now().toISOString(), saidAbove);
    if (rest && !ctx.globals.json) ctx.say(rest, { list: true });
    if (rest) pageResults.closing = [...pageResults.closing, rest.trimEnd()];
  }
}
