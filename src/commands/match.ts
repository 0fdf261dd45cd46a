/** `match`: run the matching engine and report every Zoho user's status and why. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { besideOutput, type Context } from '../context.js';
import { AttentionNeeded, UsageError } from '../errors.js';
import { reveal, visible } from '../core/forensics.js';
import { emptySides, matchUsers, MYOPERATOR_ALONE, reasonSide, SETTLED, STATUSES, whyLines, type MatchReport, type MatchResult } from '../core/match.js';
import { MATCH_EXPORT_COLUMNS, type MyOperatorUser, type ZohoUser } from '../core/users.js';
import { ignoredUndoWord, leftUndoWord, savedPairs, type Mapping, type MappingData } from '../core/reconcile.js';
import { crossedWhenAsked, fixConflictsWhenAsked, ignoredZohoIn, setByFixAlone } from '../core/fix-plan.js';
import { myOperatorWord, zohoWord } from '../core/resolve.js';
import { markedLineWhy } from '../core/marked-match.js';
import { EMPTY_SIDE_LIKELY, heldByAnotherAbove, heldNeedsFixReason, heldPairs, OLD_PHONE_FIRST, refusedNeedsFixReason, refusedPairs, unmapCommand, type HeldShownIn } from '../core/reasons.js';
import { toJson, toTsv, writeJsonStream } from '../io/render.js';
import { page } from '../io/pager.js';
import { nameOverEmail } from '../io/name-cell.js';
import { namesTerminal, refuseDash } from '../io/read-input.js';
import { fixForPlan } from '../core/max-changes.js';

export interface MatchOptions {
  zohoFile?: string;
  myoperatorFile?: string;
  failOnUnresolved?: boolean;
  csv?: boolean;
}

/** Where live users come from; injected so the command runs in tests without the network. */
export type FetchUsers = () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;

export async function run(opts: MatchOptions, ctx: Context, fetchLive?: FetchUsers, saved?: MappingData): Promise<void> {
  if (opts.csv && ctx.globals.json) throw new UsageError('--csv and --json cannot be used together.', 'Choose one output format.');
  // V8 "pretenures" an allocation site once most of what it made survived a collection. Matching
  // an export of a million users keeps most of what it makes, so the sites that then build each
  // result's candidates and reasons for output were tenured too, and their garbage piled up in the
  // old generation: one domain at a million peaked at 1.47-1.93 GB with 10 ms scavenges, and at
  // 1.25 GB in 0.89x the time without (the command before and after, paired runs). Set here, before
  // the users are read, rather than for every command: loading node:v8 costs about 4 ms, and
  // resync of 10,000 users took the same time either way.
  setFlagsFromString('--no-allocation-site-pretenuring');
  const users = await loadUsers(opts, fetchLive);
  const report = matchUsers({ ...users, ...(saved && savedPairs(saved, users)) });
  const { held, refused } = saved ? settleForFix(report, saved.mappings, users) : { held: 0, refused: 0 };
  // Only the terminal's table shows each reason whole: the lines and the CSV carry its code alone.
  const heldIn: HeldShownIn = ctx.stdoutIsTTY && !opts.csv && !ctx.globals.json ? 'row' : 'fix --dry-run';
  if (opts.csv) ctx.stdout.write((await import('../io/csv.js')).toCsv(CSV_COLUMNS, lineRows(report)));
  else if (ctx.globals.json && ctx.stdoutIsTTY) ctx.stdout.write(toJson(matchDocument(report), true, ctx.retargetJson));
  else if (ctx.globals.json) writeJsonStream(ctx.stdout, { summary: report.summary }, 'results', report.results, resultJson, ctx.retargetJson);
  else if (ctx.stdoutIsTTY) await page(ctx, await renderTable(report, ctx, users, saved));
  else ctx.stdout.write(renderTsv(report));
  const empty = emptySides(opts, users);
  // Counted once, for the summary, the next step and --fail-on-unresolved's error alike; and only
  // when one of them is said: a --json document has none of them, and at a million users each count
  // is a pass over every result.
  let counted: NotForFix | undefined;
  const others = (): NotForFix => (counted ??= { elsewhere: needingMapAgain(report), oldPhone: needingOldPhoneEmail(report), held, refused, heldIn });
  if (!ctx.globals.json) {
    // At a terminal the line breaks between words (the terminal itself would split "zoho-only").
    // Under the table, a blank line first, as between its rows: it ran on from the last row's e-mail.
    const underTable = besideOutput(ctx) && !opts.csv;
    ctx.say(`${underTable ? '\n' : ''}${summaryLine(report, others())}\n`);
    // With --fail-on-unresolved the error below says it.
    if (!opts.failOnUnresolved && empty.length > 0) ctx.say(`Note: ${emptySidesSaid(empty, !opts.zohoFile)}.\n${emptySidesCure(opts, users)}\n`);
    // For the person reading the table: the counts alone left a new admin to find which command
    // acts on which. Not after exports (those commands read the live accounts, not the files), nor
    // with --fail-on-unresolved, whose error says what settles the run.
    // Nor when a side listed nobody: the note's cure comes first, and map would have no one to map to.
    // The mismatches fix sets with no mapping, by fix's own verdict, as map and resync count them.
    const byFix = () => setByFixAlone(report.results, fixConflictsWhenAsked(() => ({ ...users, mappings: saved?.mappings ?? [] })));
    const next = ctx.stdoutIsTTY && !opts.csv && !opts.zohoFile && !opts.failOnUnresolved && empty.length === 0 ? nextStep(report, byFix, others()) : undefined;
    if (next) ctx.say(`${next}\n`);
  }
  const unresolved = unresolvedCount(report);
  // A side with no users resolves nobody: a header-only export or `[]` (a failed or filtered
  // export) passed this gate with "nothing to match". resync's gate fails on one too; fix refuses one.
  if (opts.failOnUnresolved)
    failIfUnsettled(unresolved ? `${unresolved} active Zoho user${unresolved === 1 ? ' is' : 's are'} neither mapped, exact nor ignored` : '', needingFix(report), {
      inZoho: needingZohoFirst(report),
      emptySides: empty,
      emptyCure: emptySidesCure(opts, users),
      others: others(),
      fromExports: Boolean(opts.zohoFile && opts.myoperatorFile),
    });
}

/**
 * fix's own verdict on the saved pairs needing it, said where `match` (and resync) would otherwise
 * send them to plain `fix`: one fix refuses as it stands (core/fix-plan: the MyOperator e-mail is,
 * exactly or as read, another active Zoho user's; another MyOperator user holds the target; several
 * Zoho users share it) says so and why on its row; one whose MyOperator e-mail was changed in
 * MyOperator since it was mapped, which fix holds back until `--only` names it, says that and both
 * cures. Rewritten in the report, so the table, the lines and --json agree. Only the pairs fix
 * would otherwise set are judged (not one whose Zoho e-mail is at fault, nor a zoho-mapped-elsewhere
 * one: each has its own cure), with fix's indexes built once, when the first is. Returns how many
 * of each, for the summary and --fail-on-unresolved.
 */
export function settleForFix(
  report: MatchReport,
  mappings: readonly Mapping[] | (() => readonly Mapping[]),
  users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] },
  refuses: (z: ZohoUser, m: MyOperatorUser) => string | undefined = fixConflictsWhenAsked(() => ({ ...users, mappings: savedOf(mappings) })),
): Required<Pick<NotForFix, 'held' | 'refused'>> {
  let recorded: Map<string, string> | undefined;
  let crossed: ((z: ZohoUser, m: MyOperatorUser) => string | undefined) | undefined;
  const saved = () => savedOf(mappings);
  let held = 0;
  let refused = 0;
  report.results.forEach((r, i) => {
    if (r.status !== 'mapped' || !r.zoho || !r.myoperator) return;
    const needsFix = r.reasons.find((x) => x.code === 'needs-fix');
    if (!needsFix || needsFix.side !== 'myoperator' || r.reasons.some((x) => x.code === 'zoho-mapped-elsewhere')) return;
    // fix judges a conflict first: a held pair it refuses is not set back by `--only` either. Then
    // a pair whose MyOperator user is another Zoho user's likely match, which plain fix refuses
    // too (only `--only` naming it sets it): the row said "`fix` sets it" of a pair fix left alone.
    crossed ??= crossedWhenAsked(() => ({ ...users, mappings: saved(), ignored: ignoredZohoIn(report) }));
    const conflict = refuses(r.zoho, r.myoperator) ?? crossed(r.zoho, r.myoperator);
    if (conflict) {
      report.results[i] = { ...r, reasons: r.reasons.map((x) => (x === needsFix ? refusedNeedsFixReason(r.myoperator!.email, conflict) : x)) };
      refused++;
      return;
    }
    recorded ??= new Map(saved().map((mp) => [`${mp.zoho.id}\0${mp.myoperator.uuid}`, mp.myoperator.email]));
    const then = recorded.get(`${r.zoho.id}\0${r.myoperator.id}`);
    if (then === undefined || then === r.myoperator.email) return;
    const reason = heldNeedsFixReason(r.zoho, r.myoperator.email, then, myOperatorWord(users, r.myoperator));
    report.results[i] = { ...r, reasons: r.reasons.map((x) => (x === needsFix ? reason : x)) };
    held++;
  });
  return { held, refused };
}

function savedOf(mappings: readonly Mapping[] | (() => readonly Mapping[])): readonly Mapping[] {
  return typeof mappings === 'function' ? mappings() : mappings;
}

/**
 * The sides emptySides names, as one clause. A side the API listed empty is said with what that most
 * likely is, as resync's closing line and doctor say it: "MyOperator returned no users." alone left a
 * company that let everyone go as likely as a bad read. An empty export's cure names its own causes.
 */
export function emptySidesSaid(empty: readonly string[], live: boolean): string {
  return `${empty.join('; ')}${live ? `, ${EMPTY_SIDE_LIKELY}` : ''}`;
}

/**
 * What to do about the sides emptySides names: "ez.json has no Zoho users." alone left the admin
 * to guess. An export with none is a filtered view or a failed export; an API listing none is the
 * login's view of it.
 */
export function emptySidesCure(opts: MatchOptions, users: { zoho: unknown[]; myoperator: unknown[] }): string | undefined {
  const zohoFile = users.zoho.length === 0 && opts.zohoFile;
  const moFile = users.myoperator.length === 0 && opts.myoperatorFile;
  const live = (users.zoho.length === 0 && !opts.zohoFile) || (users.myoperator.length === 0 && !opts.myoperatorFile);
  const writers = [zohoFile && '`phonebridge-sync list zoho --json`', moFile && `\`${zohoFile ? '' : 'phonebridge-sync '}list myoperator --json\``].filter(Boolean);
  const files = writers.length
    ? `Export ${zohoFile && moFile ? 'both sides' : 'that side'} again, whole: a filtered view or a failed export has no users (${writers.join(' and ')} ${writers.length === 1 ? 'writes one' : 'write them'}).`
    : '';
  const api = live ? '`phonebridge-sync doctor` checks what each login can see.' : '';
  return [files, api].filter(Boolean).join(' ') || undefined;
}

/**
 * The sentence for saved pairs whose e-mails differ: PhoneBridge attributes none of their calls
 * until `fix`, or, for the `inZoho` of them whose Zoho e-mail fix will not copy, until it is changed in Zoho.
 * `fix`: the command as the whole plan needs it (with --max-changes over the default cap: core's fixForPlan).
 */
export function needsFixSentence(n: number, inZoho = 0, others: NotForFix = {}, fix = 'fix'): string {
  const elsewhere = others.elsewhere ?? 0;
  const held = others.held ?? 0;
  const refused = others.refused ?? 0;
  // Pairs fix refuses, or holds until --only names them: "run fix" alone sent a CI job to a fix
  // that then exited 5 on the very pairs counted.
  if (elsewhere > 0 || held > 0 || refused > 0) {
    const forFix = n - inZoho - elsewhere - held - refused;
    const parts = [
      forFix > 0 && `${forFix} for \`phonebridge-sync ${fix}\``,
      inZoho > 0 && `${inZoho} to change in Zoho first, as \`phonebridge-sync match\` says`,
      ...elsewhereSaid(elsewhere, others.oldPhone ?? 0),
      refused > 0 && refusedPairs(refused),
      held > 0 && heldPairs(held, others.heldIn),
    ].filter(Boolean);
    return `${n} mapped pair${n === 1 ? ' has' : 's have'} e-mails that differ, so PhoneBridge attributes none of ${n === 1 ? 'its' : 'their'} calls (${parts.join('; ')})`;
  }
  const cure =
    inZoho === 0
      ? `run \`phonebridge-sync ${fix}\``
      : inZoho === n
        ? `change ${n === 1 ? 'its Zoho e-mail' : 'their Zoho e-mails'} in Zoho first, as \`phonebridge-sync match\` says: fix will not copy ${n === 1 ? 'it' : 'them'}`
        : `run \`phonebridge-sync ${fix}\`, but change the Zoho e-mail of ${inZoho} of them in Zoho first, as \`phonebridge-sync match\` says: fix will not copy ${inZoho === 1 ? 'it' : 'those'}`;
  return `${n} mapped pair${n === 1 ? ' has' : 's have'} e-mails that differ, so PhoneBridge attributes none of ${n === 1 ? 'its' : 'their'} calls (${cure})`;
}

/** Of the pairs needing fix, those fix will not set as they stand: for needsFixSentence. */
export interface NotForFix {
  /** Whose Zoho e-mail another MyOperator user has (zoho-mapped-elsewhere): fix refuses them. */
  elsewhere?: number;
  /** Of `elsewhere`, those whose holder is a switched-off old phone (needingOldPhoneEmail): its e-mail is the whole cure. */
  oldPhone?: number;
  /** Whose MyOperator e-mail is not the one recorded: fix holds them until --only names them. */
  held?: number;
  /**
   * Of the rest, those fix refuses as they stand for a conflict of its own (fix-plan's verdict: see
   * settleForFix), whatever `--only` says, or until an `--only` names it where its MyOperator user is
   * another Zoho user's likely match. Not among `held`: fix judges the conflict first.
   */
  refused?: number;
  /** Where each held pair's `fix --only` is shown: its row in a table (the default), or only by fix's plan. */
  heldIn?: HeldShownIn;
}

/**
 * Of the pairs needingMapAgain counts, those whose holder is a switched-off old phone beside the
 * phone on duty (oldPhonesAlone): "to map again" was said of them, where no mapping is wrong.
 */
export function needingOldPhoneEmail(report: MatchReport): number {
  if (report.oldPhonesOnly.size === 0) return 0;
  return heldElsewhere(report).filter((r) => r.zoho && report.oldPhonesOnly.has(r.zoho.id)).length;
}

/**
 * The pieces of advice for the pairs zoho-mapped-elsewhere holds up: to map again, or, where the
 * holder is an old phone, its e-mail. `alone`: they are every pair counted, so no count is said.
 */
function elsewhereSaid(elsewhere: number, oldPhone: number, alone = false): string[] {
  const remap = elsewhere - oldPhone;
  const n = (k: number) => (alone && (remap === 0 || oldPhone === 0) ? '' : `${k} `);
  return [remap > 0 && `${n(remap)}to map again or settle first, as zoho-mapped-elsewhere says`, oldPhone > 0 && `${n(oldPhone)}${OLD_PHONE_FIRST}, as zoho-mapped-elsewhere says`].filter(
    (x): x is string => typeof x === 'string',
  );
}

/** The pairs needing fix whose Zoho e-mail another MyOperator user has (fix refuses them): needingMapAgain counts them all. */
const heldElsewhere = (report: MatchReport) => pairsNeedingFix(report).filter((r) => r.reasons.some((x) => x.code === 'zoho-mapped-elsewhere'));

export function needingMapAgain(report: MatchReport): number {
  return heldElsewhere(report).length;
}

/** What failIfUnsettled says beside the users left unresolved and the pairs needing fix. */
interface Unsettled {
  /** Of the pairs needing fix, those whose Zoho e-mail is at fault: their cure is in Zoho. */
  inZoho?: number;
  /** Each side that has no users at all, as a sentence (see emptySides). */
  emptySides?: readonly string[];
  /** What to do about them (see emptySidesCure; given exactly when emptySides has any): said in place of the unresolved users' cure, which an empty side makes wrong. */
  emptyCure?: string;
  /** Of the pairs needing fix, those fix refuses or holds as they stand. */
  others?: NotForFix;
  /** The report came from exports: plain `match` would read the live accounts, not those files. */
  fromExports?: boolean;
  /** Of the unresolvedCount users, the mismatches fix sets with no mapping (resync). */
  fixSetsAlone?: number;
  /** How many users the unresolved sentence counts. */
  unresolvedCount?: number;
  /** The fix that plans them all (resync's `fix --max-changes N` past the default cap): the closing line that named it leaves them to this verdict. */
  fix?: string;
  /** Of the unresolvedCount users, the exact matches --no-auto left (resync): a plain resync maps them. */
  exactLeft?: number;
}

/** --fail-on-unresolved (match and resync): exit 5 naming the users left to a person and the pairs left to `fix` or to Zoho. */
export function failIfUnsettled(
  unresolved: string,
  unfixed: number,
  { inZoho = 0, emptySides = [], emptyCure, others = {}, fromExports = false, fixSetsAlone = 0, unresolvedCount = 0, exactLeft = 0, fix = 'fix' }: Unsettled = {},
): void {
  // Not from exports, the sides were listed by the API (resync's always are).
  const parts = [emptySides.length ? emptySidesSaid(emptySides, !fromExports) : '', unresolved, unfixed ? needsFixSentence(unfixed, inZoho, others, fix) : ''].filter(Boolean);
  // A CI log shows this line alone (the report is in --json or a file): it says what settles them.
  // After a match of exports, plain `match` would read the live accounts (or stop at "not logged
  // in"), not the files this report came from. resync's unresolved mismatches that fix sets with no
  // mapping (fixSetsAlone of unresolvedCount), and the exact matches its --no-auto left (exactLeft),
  // were sent to match and map with the rest; map does not ask about either.
  const rest = unresolvedCount - fixSetsAlone - exactLeft;
  const byFix = fixSetsAlone > 0 ? `\`phonebridge-sync ${fix}\` sets the ${fixSetsAlone} mismatch${fixSetsAlone === 1 ? '' : 'es'} among them, no mapping needed; ` : '';
  const byResync = exactLeft > 0 ? `${byFix ? 'a' : 'A'} plain \`phonebridge-sync resync\` maps the ${exactLeft === 1 ? 'exact match' : `${exactLeft} exact matches`}; ` : '';
  const apart = byFix + byResync;
  const next = !unresolved
    ? undefined
    : fromExports
      ? "The report on standard output gives each one's status and reasons; `phonebridge-sync map` maps users of the live accounts, not of exports, at a terminal."
      : apart && rest === 0
        ? `${apart.slice(0, -2)}.`
        : `${apart}\`phonebridge-sync match\` says why ${apart ? (rest === 1 ? 'the other one is' : `each of the other ${rest} is`) : 'each is'} left; \`phonebridge-sync map\` maps them at a terminal (\`map --ignore\` marks one never to map).`;
  // A side that lists nobody leaves every user of the other unresolved: "map them at a terminal"
  // sent the admin to map, one by one, users with no one to map them to, where the read is at fault.
  if (parts.length > 0) throw new AttentionNeeded(`${parts.join('; ')}.`, emptyCure ?? next);
}

/**
 * An empty value (a variable left unset) read as no file: "--zoho-file is missing", or live
 * matching when both were empty. "-" is no file either (read-input's rule), said before either is read.
 */
function refuseNoPath(flag: string, value: string | undefined): void {
  if (value === '') throw new UsageError(`${flag} was given an empty value: no file to read.`, 'Give the path of the export (in a script, check that the variable is set).');
  if (value !== undefined) refuseDash(flag, value);
}

/** One path, or two names of one file (a link, ./x and x); false when either cannot be looked at, which its read then says. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function isPipe(file: string): boolean {
  try {
    return statSync(file).isFIFO();
  } catch {
    return false;
  }
}

async function loadUsers(opts: MatchOptions, fetchLive?: FetchUsers): Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }> {
  refuseNoPath('--zoho-file', opts.zohoFile);
  refuseNoPath('--myoperator-file', opts.myoperatorFile);
  if (opts.zohoFile && opts.myoperatorFile) {
    const { exportHead, parseMyOperatorUsers, parseZohoUsers, readZohoUsers, readMyOperatorUsers } = await import('../io/user-files.js');
    // One after the other (Zoho first, so the same bad input always gets the same sentence): parsing
    // is one thread's work either way, and at a million users a side two exports' text and parsed
    // records alive at once are 600 MB more at the peak (1.9 GB instead of 1.3 GB).
    const same = sameFile(opts.zohoFile, opts.myoperatorFile);
    const bothSides = 'Pass the Zoho users to --zoho-file and the MyOperator users to --myoperator-file (`phonebridge-sync list zoho --json` and `list myoperator --json` write them).';
    // One side's export given to both flags is named for what it is, but "Pass it to
    // --zoho-file" sent the reader to the flag it was given to already, and an API body's "did you
    // swap --zoho-file and --myoperator-file?" asked of two flags given one file.
    const givenToBoth = (e: unknown): void => {
      if (same && e instanceof UsageError && /^Pass it to --|did you swap --zoho-file and --myoperator-file\?$/.test(e.hint ?? ''))
        throw new UsageError(`${e.message} It is given to both flags.`, bothSides);
    };
    // Read as both sides, a plain export (id, email) matched itself: every user "exact", exit 0.
    // After both sides have read it, so a file that is one side's export (or none) is said as such first.
    const oneFile = () =>
      new UsageError(
        `${opts.zohoFile === opts.myoperatorFile ? `--zoho-file and --myoperator-file name the same file, ${opts.zohoFile}` : `--zoho-file ${opts.zohoFile} and --myoperator-file ${opts.myoperatorFile} are one file`}: its users would be matched against themselves.`,
        bothSides,
      );
    // Judged by its head, read once: both sides read in full took 10 s to refuse a million users (a CSV of id, name, email).
    // A head that says something else (no header line, a broken first user) leaves it to the full
    // reads, whose sentence names the file's own fault.
    // A named pipe is read once: after the Zoho side had read it, the MyOperator side waited for
    // ever for another writer. The terminal is read twice, but the second paste was asked for only
    // to be refused with this sentence.
    if (same && (isPipe(opts.zohoFile) || namesTerminal(opts.zohoFile))) throw oneFile();
    const head = same ? exportHead(opts.zohoFile) : undefined;
    if (head !== undefined) {
      const judged = await parseZohoUsers(opts.zohoFile, head)
        .then(() => parseMyOperatorUsers(opts.myoperatorFile!, head))
        .then(
          () => true,
          (e: unknown) => (givenToBoth(e), false),
        );
      if (judged) throw oneFile();
    }
    let zoho: ZohoUser[];
    let myoperator: MyOperatorUser[];
    try {
      zoho = await readZohoUsers(opts.zohoFile);
      myoperator = await readMyOperatorUsers(opts.myoperatorFile);
    } catch (e) {
      givenToBoth(e);
      throw e;
    }
    if (same) throw oneFile();
    return { zoho, myoperator };
  }
  if (opts.zohoFile || opts.myoperatorFile) {
    throw new UsageError(
      `--${opts.zohoFile ? 'myoperator' : 'zoho'}-file is missing: offline matching needs both files.`,
      'Pass both --zoho-file and --myoperator-file, or neither to fetch live users.',
    );
  }
  if (!fetchLive) {
    throw new UsageError('Live matching needs saved credentials, and none are configured.', 'Pass --zoho-file and --myoperator-file to match exported users.');
  }
  return fetchLive();
}

/** Saved pairs whose e-mails are not byte-equal: mapped, but not attributed until `fix`. */
export function needingFix(report: MatchReport): number {
  return pairsNeedingFix(report).length;
}

/** The saved pairs whose e-mails differ (`needs-fix`): what needingFix counts and resync's summary lists. */
export function pairsNeedingFix(report: MatchReport): MatchResult[] {
  return report.results.filter((r) => r.status === 'mapped' && r.reasons.some((x) => x.code === 'needs-fix'));
}

/**
 * Of those, the pairs whose Zoho e-mail is the one at fault (empty, or with a character fix will
 * not copy): `fix` refuses them, so the cure is in Zoho.
 */
export function needingZohoFirst(report: MatchReport): number {
  return pairsNeedingFix(report).filter((r) => r.reasons.some((x) => x.code === 'needs-fix' && x.side === 'zoho')).length;
}

/** Active Zoho users that still need a person: not mapped, exact or ignored. */
export function unresolvedCount(report: MatchReport): number {
  return report.results.filter((r) => r.zoho?.active && !SETTLED.has(r.status)).length;
}

function zohoJson(u: ZohoUser | null) {
  return u && { id: u.id, zuid: u.zuid, email: u.email, name: u.name, active: u.active };
}

function myOperatorJson(u: MyOperatorUser | null) {
  return u && { id: u.id, email: u.email, name: u.name, extension: u.extension, active: u.active };
}

export function resultJson(r: MatchResult) {
  return {
    status: r.status,
    zoho: zohoJson(r.zoho),
    myoperator: myOperatorJson(r.myoperator),
    candidates: r.candidates.map((c) => ({ id: c.user.id, email: c.user.email, name: c.user.name, confidence: c.confidence, reasons: c.reasons })),
    confidence: r.confidence,
    reasons: r.reasons,
  };
}

export function matchDocument(report: MatchReport) {
  return { summary: report.summary, results: report.results.map(resultJson) };
}

/** A user's name over its e-mail (io/name-cell.ts), marked inactive among an ambiguous result's candidates. */
function person(u: { name: string; email: string; active?: boolean } | null, named: boolean, markInactive = false): string {
  if (!u) return '—';
  const email = (u.email ? reveal(u.email) : '(no e-mail)') + (markInactive && u.active === false ? ' (inactive)' : '');
  return nameOverEmail(u.name, email, named);
}

/** The MyOperator cell: the user, the best candidate, or for an ambiguous result every candidate by name. */
function myOperatorCell(r: MatchResult, named: boolean): string {
  if (r.status === 'ambiguous') return r.candidates.map((x) => `? ${person(x.user, named, true).replace('\n', '\n  ')}`).join('\n');
  return person(r.myoperator ?? r.candidates[0]?.user ?? null, named);
}

async function renderTable(report: MatchReport, ctx: Context, users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }, saved?: MappingData): Promise<string> {
  // Colour is for people at a terminal: JSON and tab-separated output do not load it.
  const { palette, statusColour } = await import('../ui/style.js');
  const { hiddenNote, toTable } = await import('../io/table.js');
  const c = palette(ctx.color);
  const width = ctx.stdout.columns;
  let out = '';
  const hidden = new Set<string>();
  const named = report.results.some((r) => r.zoho?.name || r.myoperator?.name || r.candidates.some((x) => x.user.name));
  // zoho-mapped-elsewhere's sentence, by the mapped row that shows it whole (mapped rows come first):
  // each holder's row below refers to it, where all said the same fifteen lines at 80 columns.
  const shownWhole = new Map<string, MatchResult>();
  const said = (r: MatchResult, x: MatchResult['reasons'][number]): string => {
    if (x.code !== 'zoho-mapped-elsewhere') return visible(x.message);
    const above = shownWhole.get(x.message);
    if (r.status === 'mapped') shownWhole.set(x.message, r);
    else if (above?.zoho && above.myoperator && r.myoperator?.email === above.zoho.email) return heldByAnotherAbove(above.zoho, above.myoperator);
    return visible(x.message);
  };
  const unmapOf = (z: ZohoUser) => unmapCommand(saved ? ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved) : zohoWord(users.zoho, z));
  const markedWhy = (m: MyOperatorUser) => {
    const why = markedLineWhy(m, report, unmapOf, myOperatorWord(users, m));
    return why && ('holds' in why ? `this one ${why.holds}` : why.steps);
  };
  for (const status of STATUSES) {
    const rows = report.results.filter((r) => r.status === status);
    if (rows.length === 0) continue;
    out += `\n${statusColour(c, status)(c.bold(`${status} (${rows.length})`))}\n`;
    // A line left unmapped on purpose is named as --unmap, offline, finds its mark; any other as map takes it.
    const wordOf = (m: MyOperatorUser) => myOperatorWord(users, m);
    const undoWordOf = (m: MyOperatorUser) => (saved ? leftUndoWord(wordOf(m), m.id, saved) : wordOf(m));
    const whys = rows.map((r) => ctx.retarget(whyLines(r, (x) => `[${x.code}, ${reasonSide(x)}] ${said(r, x)}`, wordOf, undoWordOf, markedWhy).join('\n')));
    // "why" moves under each row on a narrow terminal: both e-mails stay whole. A group with no
    // reason at all (exact pairs, say) has none: its header stood over an empty column.
    const withWhy = whys.some(Boolean);
    const table = toTable(
      [{ header: 'Zoho user' }, { header: 'MyOperator user' }, { header: 'conf' }, ...(withWhy ? [{ header: 'why', trailing: true }] : [])],
      rows.map((r, i) => [person(r.zoho, named), myOperatorCell(r, named), r.confidence.toFixed(2), ...(withWhy ? [whys[i]!] : [])]),
      { width },
    );
    out += table.text;
    for (const h of table.hidden) hidden.add(h);
  }
  return out + (hidden.size ? hiddenNote([...hidden], width) : '');
}

/** The columns of the piped (tab-separated) and --csv outputs: one line per result. */
const CSV_COLUMNS = MATCH_EXPORT_COLUMNS;

function renderTsv(report: MatchReport): string {
  return toTsv(lineRows(report));
}

/**
 * One of an ambiguous result's e-mails in its comma-separated cell: a comma of the e-mail itself (a
 * quoted local part may hold one) is a code point, so the cell splits as its ids do.
 */
function listed(email: string): string {
  return reveal(email).replaceAll(',', '<U+002C>');
}

/**
 * status, Zoho id, Zoho e-mail, MyOperator id, MyOperator e-mail, confidence, reason codes. E-mails
 * as fix and history write theirs, invisible and look-alike characters as code points (--json keeps
 * the bytes).
 */
function lineRows(report: MatchReport) {
  return report.results.map((r) => [
    r.status,
    r.zoho?.id,
    r.zoho && reveal(r.zoho.email),
    r.myoperator?.id ?? (r.status === 'ambiguous' ? r.candidates.map((x) => x.user.id).join(',') : ''),
    r.myoperator ? reveal(r.myoperator.email) : r.status === 'ambiguous' ? r.candidates.map((x) => listed(x.user.email)).join(',') : undefined,
    r.confidence.toFixed(2),
    [...new Set(r.reasons.map((x) => x.code))].join(','),
  ]);
}

/**
 * The commands that settle what the summary counts, only those its counts call for: resync, fix, map.
 * fix plans the mapped pairs whose e-mails differ beside the mismatches (not those it holds or
 * refuses, nor those to change in Zoho first): over the default cap, plain `fix` is refused.
 */
function nextStep(report: MatchReport, setByFix: () => ReadonlySet<MatchResult>, { elsewhere = 0, held = 0, refused = 0 }: NotForFix): string | undefined {
  const s = report.summary;
  // A mismatch fix refuses (a switched-off phone holding the Zoho e-mail exactly) is map's, as map and resync say.
  const forFix = s.mismatch > 0 ? setByFix() : new Set<MatchResult>();
  const fixes = forFix.size;
  const asked = askedByMap(report, forFix);
  // An inactive one map asks about is off in MyOperator only: its Zoho user is active.
  const kinds = asked.map(([status, n]) => `${n} ${status}${status === 'inactive' ? ' in MyOperator' : ''}`);
  const offInZoho = leftOutOfMap(report);
  const mappedForFix = Math.max(0, needingFix(report) - needingZohoFirst(report) - elsewhere - held - refused);
  const steps = [
    s.exact > 0 && `\`phonebridge-sync resync\` saves the ${s.exact} exact match${s.exact === 1 ? '' : 'es'}`,
    fixes > 0 &&
      `\`phonebridge-sync ${fixForPlan(fixes + mappedForFix)}\` sets the MyOperator e-mail of ${fixes === s.mismatch ? 'the' : `${fixes} of the`} ${s.mismatch} mismatch${s.mismatch === 1 ? '' : 'es'}`,
    asked.length > 0 &&
      `\`phonebridge-sync map\` asks about the ${asked.length === 1 ? kinds[0] : `${asked.reduce((all, [, n]) => all + n, 0)} that need a person (${kinds.join(', ')})`}${
        offInZoho > 0 ? `, not the ${offInZoho} inactive in Zoho, who ${offInZoho === 1 ? 'gets' : 'get'} no calls while off there` : ''
      }`,
  ].filter((x): x is string => typeof x === 'string');
  if (steps.length === 0) return undefined;
  return `Next: ${steps.length > 1 ? `${steps.slice(0, -1).join(', ')}, and ${steps.at(-1)}` : steps[0]}.`;
}

/**
 * Whom map asks about, by status: every active Zoho user not settled, but for the
 * mismatches the step before gives to fix. Counting only the suggested and ambiguous said 7 where
 * resync then said "the other 9 need a person" and map asked 9: an inactive MyOperator user's Zoho
 * user and a Zoho user alone are asked about too.
 */
function askedByMap(report: MatchReport, forFix: ReadonlySet<MatchResult>): Array<[string, number]> {
  const byStatus = new Map<string, number>();
  for (const r of report.results) if (r.zoho?.active && !SETTLED.has(r.status) && !forFix.has(r)) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  return STATUSES.filter((st) => byStatus.has(st)).map((st) => [st, byStatus.get(st)!]);
}

/**
 * Zoho users the counts call inactive whom map does not ask about: off in Zoho, so PhoneBridge gives
 * them no calls. Unsaid, "1 inactive" in map's step read as a miscount under the counts' "2 inactive".
 */
function leftOutOfMap(report: MatchReport): number {
  return report.results.filter((r) => r.zoho && !r.zoho.active && !SETTLED.has(r.status)).length;
}

/** The MyOperator users whose own row says zoho-mapped-elsewhere: alone (its status) or paired with another Zoho user. */
function holdingElsewhere(report: MatchReport): number {
  return report.results.filter((r) => r.myoperator && r.status !== 'mapped' && r.reasons.some((x) => x.code === 'zoho-mapped-elsewhere')).length;
}

function summaryLine(report: MatchReport, { elsewhere = 0, oldPhone = 0, held = 0, refused = 0, heldIn }: NotForFix): string {
  const zoho = report.results.filter((r) => r.zoho).length;
  // MyOperator users no Zoho user claims are counted apart: they are not among the Zoho users.
  const unfixed = needingFix(report);
  const inZoho = needingZohoFirst(report);
  // A pair whose Zoho e-mail another MyOperator user has (elsewhere) is not fix's: fix refuses it.
  const settle = elsewhereSaid(elsewhere, oldPhone, elsewhere === unfixed);
  const forFix = unfixed - inZoho - elsewhere - held - refused;
  const cure =
    elsewhere > 0 || held > 0 || refused > 0
      ? [
          forFix > 0 && `${forFix} for fix`,
          inZoho > 0 && `${inZoho} to change in Zoho first`,
          ...settle,
          // Refused by fix for a conflict of its own: the same piece as every other advice says.
          refused > 0 && refusedPairs(refused),
          // Held by fix until --only names it: the same piece as every other advice says.
          held > 0 && heldPairs(held, heldIn),
        ]
          .filter(Boolean)
          .join(', ')
      : inZoho === 0
        ? 'run fix'
        : inZoho === unfixed
          ? `change the Zoho e-mail${inZoho === 1 ? '' : 's'} first`
          : `${unfixed - inZoho} for fix, ${inZoho} to change in Zoho first`;
  const parts = STATUSES.filter((s) => !MYOPERATOR_ALONE.has(s) && s !== 'myoperator-ignored' && report.summary[s] > 0).map(
    (s) => `${report.summary[s]} ${s}${s === 'mapped' && unfixed ? ` (${unfixed} with e-mails that differ: ${cure})` : ''}`,
  );
  const alone = report.summary['myoperator-only'];
  // By the reason, not the status: a phone paired by name (or a typo) with another Zoho user holds
  // the e-mail too, on that pair's row. Only a saved pair needing fix can give the reason.
  const lone = report.summary['zoho-mapped-elsewhere'];
  const twins = unfixed === 0 ? lone : holdingElsewhere(report);
  const paired = twins - lone;
  const left = report.summary['myoperator-ignored'];
  const where = paired > 0 ? `: ${lone > 0 ? `${lone} alone, ` : ''}${paired} paired with ${paired === 1 ? 'another Zoho user' : 'other Zoho users'}` : '';
  const rest =
    (alone > 0 ? `; ${alone} MyOperator user${alone === 1 ? '' : 's'} matched by none (myoperator-only)` : '') +
    (twins > 0 ? `; ${twins} MyOperator user${twins === 1 ? ' has' : 's have'} the e-mail of a Zoho user mapped to another (zoho-mapped-elsewhere${where})` : '') +
    (left > 0 ? `; ${left} MyOperator user${left === 1 ? '' : 's'} left unmapped on purpose (myoperator-ignored)` : '');
  return `${zoho} Zoho user${zoho === 1 ? '' : 's'}: ${parts.join(', ') || 'nothing to match'}${rest}.`;
}
