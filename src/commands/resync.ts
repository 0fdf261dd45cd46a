/**
 * `resync`: fetch both sides at once, reconcile with the saved mappings, add new exact matches,
 * report stale ones, and offer to map the rest at a terminal. Nothing is written until both sides
 * were read in full: a failed page is exit 4 with the store byte-identical. Pruning never happens
 * by default, never when a side came back empty (--force or not), and never when more than
 * --max-prune mappings would go, unless --force: a bad read must never wipe the mappings.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Context } from '../context.js';
import { AttentionNeeded, Cancelled, StorageError } from '../errors.js';
import { pastable, reveal, visible } from '../core/forensics.js';
import { crossedWhenAsked, fixConflictsWhenAsked, ignoredZohoIn, MISMATCH_MEANS, setByFixAlone, wholePlanChanges } from '../core/fix-plan.js';
import { plural } from '../io/plural.js';
import { mappingChanges } from '../core/mapping-changes.js';
import { EMPTY_SIDE_LIKELY, nameAndEmail, namedWhenFew, pruneAlsoTakes, pruneRemoves, RESEND_INVITATION, UNCLAIMED_LISTED, unmapCommand, type Reason } from '../core/reasons.js';
import { emptySides, whyLines } from '../core/match.js';
import { markedAlikeLines, markedSentences } from '../core/marked-match.js';
import { myOperatorWord, zohoWord } from '../core/resolve.js';
import { applyPlan, ignoredUndoWord, reconcile, unchecked, type Mapping, type MappingData, type Plan, type StaleMapping } from '../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../core/users.js';
import { toJson, toTsv, writeJson } from '../io/render.js';
import { page } from '../io/pager.js';
import { nameOverEmail } from '../io/name-cell.js';
import { writeFileDurably } from '../store/durable-write.js';
import { unusable } from '../store/file-errors.js';
import { notRegularFile } from '../store/kept-files.js';
import { MappingStore } from '../store/mappings.js';
import { appendToPage, failedSection, failureToSay, fitPage, md, mdSentence, PAGE_LIMIT, type PageSays } from '../io/ci-page.js';
import { withSpinner } from '../ui/spinner.js';
import { emptySidesCure, failIfUnsettled, needingFix, needingMapAgain, needingOldPhoneEmail, needingZohoFirst, needsFixSentence, pairsNeedingFix, resultJson, settleForFix } from './match.js';
import { fixForPlan } from '../core/max-changes.js';
import { recordsFirstNote, stoppedNote } from '../store/set-aside-words.js';

export interface ResyncOptions {
  auto: boolean;
  dryRun?: boolean;
  prune?: boolean;
  /** 10 by default; a string when given on the command line. */
  /** Parsed by the CLI (a whole number). */
  maxPrune: number;
  force?: boolean;
  failOnUnresolved?: boolean;
}

export interface ResyncDeps {
  fetchUsers: () => Promise<{ zoho: ZohoUser[]; myoperator: MyOperatorUser[] }>;
  store: MappingStore;
  /** The store as read before the fetch began, when the caller read it (else run reads it first). */
  saved?: MappingData;
  /** Runs after a resync that was not a dry run, given the store as it left it (the sandbox's day turns on it). */
  afterRun?: (left: MappingData) => void | Promise<void>;
  /**
   * Where the Zoho ids left unresolved by the last resync are kept, so the next run can mark who is
   * new. Not the mappings file (a CI job commits that): a small file beside the config.
   */
  seenFile?: string;
  /**
   * Called as the report takes the CI page, with the errors that page says: a run that ends before
   * has its error written there by cli.ts (writeFailedPage), one that ends after with another error
   * has it appended under the page.
   */
  pageTaken?: (says: PageSays) => void;
}

/**
 * Zoho ids the last (non-dry) resync left unresolved; undefined when there was none. A file there
 * that cannot be read is said (the NEW marks vanish for a run; a good run writes it anew), never a
 * reason to fail a resync.
 */
function lastUnresolved(file: string | undefined, ctx: Context): Set<string> | undefined {
  if (!file) return undefined;
  let problem: string | undefined = notRegularFile(file);
  try {
    if (problem) throw new Error(problem);
    const ids = (JSON.parse(readFileSync(file, 'utf8')) as { unresolved?: unknown } | null)?.unresolved;
    if (Array.isArray(ids)) return new Set(ids.filter((x): x is string => typeof x === 'string'));
    problem = 'it holds no list of users';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    problem ??= e instanceof SyntaxError ? 'it is not valid JSON' : unusable(e);
  }
  ctx.say(`Note: ${visible(file)}, where resync keeps who was unresolved last time, could not be read (${problem}): no user is marked NEW this run.\n`);
  return undefined;
}

function rememberUnresolved(file: string | undefined, ids: string[], at: string, ctx: Context): void {
  if (!file) return;
  try {
    const odd = notRegularFile(file);
    if (odd) throw new Error(odd);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileDurably(file, JSON.stringify({ at, unresolved: ids }) + '\n', { defaultMode: 0o600, what: "resync's record of the unresolved" });
  } catch (e) {
    // Only the "new" marks of the next run depend on it: said, never a reason to fail a resync.
    ctx.say(`Note: ${visible(file)}, where resync keeps who is unresolved for the next run's NEW marks, could not be saved (${unusable(e instanceof StorageError ? e.cause : e)}).\n`);
  }
}

/** The default place of `seenFile`: the config dir, per profile (or per mappings file). */
export function seenFilePath(configDir: string, profile: string): string {
  return join(configDir, 'state', `resync-${profile.replace(/[^\w.-]/g, '_')}.json`);
}

/** Why pruning must not happen now, or undefined when it may. */
function pruneRefusal(plan: Plan, users: { zoho: unknown[]; myoperator: unknown[] }, maxPrune: number, force: boolean): string | undefined {
  // Before --force: reconcile removes none of a side's pairs when it listed nobody, and a prune asked
  // for is said refused, not "0 pruned" as if the stale pairs had been judged and kept.
  if (plan.stale.some(unchecked)) return `${emptySides({}, users).join('; ')} at all`;
  if (force || plan.remove.length === 0) return undefined;
  if (plan.remove.length > maxPrune) return `${plan.remove.length} mapping${plan.remove.length === 1 ? '' : 's'} would be removed, more than --max-prune ${maxPrune}`;
  return undefined;
}

/** Whether two reads of the store hold the same mappings and ignored users: no change the history would record. */
function sameStore(a: MappingData, b: MappingData): boolean {
  return mappingChanges(a, b).length === 0;
}

export async function run(opts: ResyncOptions, ctx: Context, deps: ResyncDeps): Promise<void> {
  const maxPrune = opts.maxPrune;
  const saved = deps.saved ?? deps.store.read(); // a broken store fails before any network call
  const users = await withSpinner(ctx, 'Fetching Zoho and MyOperator users…', deps.fetchUsers);
  const now = ctx.now().toISOString();
  const planFrom = (data: MappingData): { plan: Plan; refusal: string | undefined } => {
    const plan = reconcile({ ...data, ...users, auto: opts.auto, prune: Boolean(opts.prune), now });
    const refusal = opts.prune ? pruneRefusal(plan, users, maxPrune, Boolean(opts.force)) : undefined;
    // Planned again without pruning: the stale mappings stay, so their users stay taken (a plan made
    // for pruning freed them, and offered them as unresolved or as new matches).
    return { plan: refusal ? reconcile({ ...data, ...users, auto: opts.auto, prune: false, now }) : plan, refusal };
  };
  let { plan, refusal } = planFrom(saved);

  let written = false;
  // The store the report (and its unresolved users) describes: as read, or as this run left it.
  let basis = saved;
  if (!opts.dryRun && (plan.add.length > 0 || plan.remove.length > 0 || plan.refresh.length > 0)) {
    // The plan was made before the lock. Another run (a resync, a map) may have written since:
    // then it is made again from the store as it is now, so what is applied and what the report
    // counts (kept, stale, unresolved) are both of that store, not of the one read first.
    const planned = plan;
    // Written when the store recorded changes: it diffs what it writes for the history anyway, and
    // a second diff of 10,000 mappings here was ~20 ms of the run's tail.
    const recorded = deps.store.changes.length;
    ({ plan, refusal, basis } = await deps.store.update((data) => {
      const again = sameStore(data, saved) ? { plan: planned, refusal } : planFrom(data);
      const next = applyPlan(data, again.plan);
      // applyPlan keeps the planned objects it applied: identity says which, without building keys.
      const added = new Set(next.mappings);
      const result = { plan: { ...again.plan, add: again.plan.add.filter((a) => added.has(a)) }, refusal: again.refusal, basis: next };
      return { data: next, result };
    }));
    written = deps.store.changes.length > recorded;
  } else if (!opts.dryRun) {
    // Nothing to change: what a run killed mid-save left for the history is recorded all the same.
    await deps.store.recordSetAside();
  }
  // Saved pairs `fix` would set: kept ones whose e-mails differ, and stale ones whose e-mails alone
  // changed (a MyOperator e-mail retyped in its panel). A CI gate on this passed those silently.
  // A stale pair this run pruned is saved no more: fix has nothing to set for it, and the pair
  // counted here was a pair "that differs" on a run that had just removed it.
  const removed = new Set(plan.remove);
  const stillSaved = removed.size === 0 ? plan.stale : plan.stale.filter((x) => !removed.has(x.mapping));
  const unfixed = needingFix(plan.report) + stillSaved.filter((x) => x.needsFix).length;
  // Of those, the kept pairs whose Zoho e-mail fix will not copy: their cure is in Zoho.
  const inZoho = needingZohoFirst(plan.report) + stillSaved.filter((x) => x.zohoFirst).length;
  // Of those, the ones fix will not set as they stand: refused (zoho-mapped-elsewhere, or a conflict
  // of fix's own, judged by fix's plan among the mappings as this run leaves them, or would), or held
  // (MyOperator's e-mail changed since mapping; not those to change in Zoho first, counted above).
  // fix's indexes are built once, and only when a pair needs fix.
  let afterMappings: readonly Mapping[] | undefined;
  const after = () => (afterMappings ??= opts.dryRun ? applyPlan(saved, plan).mappings : basis.mappings);
  const refuses = fixConflictsWhenAsked(() => ({ ...users, mappings: after() }));
  const kept = settleForFix(plan.report, after, users, refuses);
  // A stale pair's MyOperator user may be another Zoho user's likely match too: fix holds it for
  // that first, as settleForFix says of a kept one (the retyped cure named the wrong question).
  const crossed = crossedWhenAsked(() => ({ ...users, mappings: after(), ignored: ignoredZohoIn(plan.report) }));
  const staleRefused = staleConflicts(stillSaved, users, (z, m) => refuses(z, m) ?? crossed(z, m));
  const notForFix = {
    elsewhere: needingMapAgain(plan.report),
    oldPhone: needingOldPhoneEmail(plan.report),
    refused: kept.refused + staleRefused.size,
    held: stillSaved.filter((x) => x.needsFix && !x.zohoFirst && !staleRefused.has(x) && x.reasons.some((r) => r.code === 'myoperator-email-changed')).length,
    // Only the terminal's table names each held pair's `fix --only`: the lines and --json do not.
    heldIn: ctx.stdoutIsTTY && !ctx.globals.json ? ('row' as const) : ('fix --dry-run' as const),
  };
  // The unresolved mismatches fix sets with no mapping (fix-plan's rule and its conflict verdict):
  // the picker is for the others, who need a person. It asked about these too, and the closing
  // line counted only mapped pairs for fix.
  const fixSetsAlone = setByFixAlone(plan.unresolved, refuses);
  const forPicker = fixSetsAlone.size === 0 ? plan.unresolved : plan.unresolved.filter((r) => !fixSetsAlone.has(r));
  // Exact matches left by --no-auto: the picker offered here asks about them, but they need no
  // person, and a plain `map` leaves them to `map --auto` or a resync without --no-auto.
  const exactLeft = forPicker.filter((r) => r.status === 'exact').length;
  // --yes means a script is running: it gets the report, never an offer to map. So does
  // --fail-on-unresolved, which asks for this run's verdict: after the picker the run ended exit 0
  // with users still unresolved, since the offer returned before the verdict.
  // A side that lists nobody: its read is at fault, and the picker would have no one to map them to.
  const empty = emptySides({}, users);
  const offer = ctx.interactive && !ctx.globals.yes && !opts.failOnUnresolved && !opts.dryRun && forPicker.length > 0 && empty.length === 0;
  // With the offer, afterRun waits for the picker: the store it leaves is the one the sandbox's day
  // turns on (a first `resync --no-auto` mapped by hand kept the sandbox on day one).
  if (!opts.dryRun && !offer) await deps.afterRun?.(basis);
  const seen = lastUnresolved(deps.seenFile, ctx);
  const isNew = (id: string) => seen !== undefined && !seen.has(id);
  if (!opts.dryRun) rememberUnresolved(deps.seenFile, plan.unresolved.map((r) => r.zoho!.id), now, ctx);

  // The stale pairs whose row offers `fix --only` or `map --unmap`: a prune would remove them too.
  const samePerson = stillSaved.filter((x) => x.needsFix && !staleRefused.has(x));
  // Of those, the ones whose Zoho e-mail fix will not copy: no `fix --only` sets them.
  const samePersonInZoho = samePerson.filter((x) => x.zohoFirst).length;
  const refused = refusal === undefined ? undefined : pruneRefused(refusal, alsoPruned(samePerson.length, samePersonInZoho, '`phonebridge-sync match`'), empty.length === 0);
  const mappedForFix = unfixed - inZoho - notForFix.elsewhere - notForFix.refused - notForFix.held;
  // The fix this line sends the admin to plans both: over the default cap, plain `fix` is refused.
  const wholeFix = fixForPlan(fixSetsAlone.size + Math.max(0, mappedForFix));
  const forFixAlone = fixSetsAlone.size ? unmappedForFix(fixSetsAlone.size, plan.unresolved.length, mappedForFix, exactLeft, wholeFix) : '';
  // Every mapped pair that differs is plain `fix`'s (none held, refused or Zoho's to change): the
  // closing line says them with the mismatches, in one sentence naming `fix` once.
  const allForFix = unfixed > 0 && fixSetsAlone.size > 0 && mappedForFix === unfixed;
  const closingFix =
    allForFix || (offer && fixSetsAlone.size) ? unmappedForFix(fixSetsAlone.size, plan.unresolved.length, mappedForFix, exactLeft, wholeFix, allForFix, Boolean(offer)) : forFixAlone;
  // With no mismatch for fix among them, who settles the unresolved was said only by the offer to
  // map, which a CI job never gets: its log and page counted them and named no command.
  // Why a side that lists nobody is checked before anything is believed of it: its stale rows are
  // not checked, and the admin was left to wonder whether the company had let everyone go.
  const forPerson = empty.length > 0 ? `${empty.join('; ')}, ${EMPTY_SIDE_LIKELY}: ${emptySidesCure({}, users)!.slice(0, -1)}` : forFixAlone ? '' : leftForPerson(forPicker);
  const addedWhy = addedReasons(plan);
  const invitations = invitationsPending(plan, addedWhy, Boolean(opts.dryRun));
  const summary = {
    added: plan.add.length,
    kept: plan.keep.length,
    refreshed: plan.refresh.length,
    stale: plan.stale.length,
    pruned: plan.remove.length,
    unresolved: plan.unresolved.length,
    ignored: plan.ignored.length,
    // Counted beside the ignored Zoho users: neither unclaimed nor ignored, they were counted nowhere.
    ignoredMyOperator: plan.report.summary['myoperator-ignored'],
    unclaimed: plan.unclaimed.length,
    needsFix: unfixed,
    // Unresolved, yet fix's without a mapping: a CI job reading the summary saw only needsFix.
    mismatchesForFix: fixSetsAlone.size,
  };
  // As match's: a saved pair whose e-mails differ is attributed nothing until fix, so a CI job fails
  // on it too. Judged before the CI page is written, which says it: the page showed a run that
  // failed as if it had passed, the verdict only in the job's log.
  const failed = opts.failOnUnresolved ? unsettled(() =>
    failIfUnsettled(plan.unresolved.length ? `${plan.unresolved.length} active Zoho user${plan.unresolved.length === 1 ? ' is' : 's are'} left unresolved` : '', unfixed, {
      inZoho,
      others: notForFix,
      fixSetsAlone: fixSetsAlone.size,
      unresolvedCount: plan.unresolved.length,
      exactLeft,
      // A side that lists nobody resolves nobody, as match's gate says: it passed as "Nothing to change".
      emptySides: empty,
      emptyCure: emptySidesCure({}, users),
      fix: wholeFix,
    })) : undefined;
  // A side that lists nobody, and its cure (doctor), are the verdict's when the gate fails on it:
  // the closing line and the CI page said them again beside it.
  const forPersonSaid = failed && empty.length > 0 ? '' : forPerson;
  // Who settles the unresolved and the pairs to fix is the verdict's, right after the closing line
  // (with no offer to map between them) and first on the CI page: said there too, the same `fix`
  // and `map` came twice ("5 of the 14 unresolved are mismatches …" under "`fix` sets the 5 …").
  const verdictSays = failed !== undefined;
  // What removes the stale pairs, when this run was not asked to: the CI page listed them and named nothing.
  const staleCure = (settledBy?: string) => (!opts.prune && summary.stale ? pruneHint(summary.stale, users, maxPrune, samePerson.length, samePersonInZoho, settledBy) : '');
  if (ctx.globals.json) {
    const doc = {
      plan: {
        summary,
        // As match --json gives an exact result's: a pair added whose Zoho user has not accepted
        // Zoho's invitation takes no calls yet, which only the terminal's table said.
        add: plan.add.map((m) => ({ ...m, reasons: addedWhy.get(m.zoho.id) ?? NO_REASONS })),
        refresh: plan.refresh,
        // A pair this run prunes (or would) needs no fix any more, as the summary counts it.
        stale: removed.size === 0 ? plan.stale : plan.stale.map((x) => (removed.has(x.mapping) ? { ...x, needsFix: false, zohoFirst: false } : x)),
        remove: plan.remove,
        // `new`: not unresolved at the last resync; null when no last run is known (a fresh CI runner).
        unresolved: plan.unresolved.map((r) => ({ ...resultJson(r), new: seen ? isNew(r.zoho!.id) : null })),
        ignored: plan.ignored,
      },
      result: { dryRun: Boolean(opts.dryRun), written, mappingsFile: deps.store.path, pruneRefused: refusal ?? null },
    };
    // Indented for a person; for a program, compact and in pieces (10,000 added mappings are megabytes).
    if (ctx.stdoutIsTTY) ctx.stdout.write(toJson(doc, true, ctx.retargetJson));
    else writeJson(ctx.stdout, doc, ctx.retargetJson);
  } else {
    if (ctx.stdoutIsTTY) {
      const [table, { prose }] = await Promise.all([import('../io/table.js'), import('../ui/wrap.js')]);
      await page(ctx, renderTables(table, prose, plan, addedWhy, users, saved, ctx, Boolean(opts.dryRun), isNew, staleRefused));
    } else ctx.stdout.write(renderTsv(plan, summary, Boolean(opts.dryRun), isNew));
    const verb = opts.dryRun ? 'Dry run: nothing written' : written ? `Saved ${visible(deps.store.path)}` : 'Nothing to change';
    const would = opts.dryRun ? 'would be ' : '';
    const fresh = seen ? plan.unresolved.filter((r) => isNew(r.zoho!.id)).length : 0;
    ctx.say(
      `${verb}. ${summary.added} ${would}added, ${summary.kept} kept${summary.refreshed ? ` (${summary.refreshed} ${opts.dryRun ? 'to be ' : ''}recorded anew)` : ''}, ${summary.stale} stale${opts.prune ? (refusal ? ` (prune ${would}refused)` : ` (${summary.pruned} ${would}pruned)`) : staleCure() ? ` (${staleCure()})` : ''}, ${summary.unresolved} unresolved${fresh ? ` (${fresh} new since the last resync)` : ''}, ${summary.ignored} ignored${summary.ignoredMyOperator ? `, ${plural(summary.ignoredMyOperator, 'MyOperator user')} left unmapped on purpose` : ''}.${verdictSays && !offer ? '' : `${unfixed && !allForFix ? ` ${needsFixSentence(unfixed, inZoho, notForFix, wholeFix)}.` : ''}${closingFix ? ` ${closingFix}.` : ''}${forPersonSaid && !offer ? ` ${forPersonSaid}.` : ''}`}${
        // At a terminal each such pair's row says it.
        invitations && !ctx.stdoutIsTTY ? ` ${invitations}.` : ''
      }\n`,
    );
  }
  // The run it previews would stop there (recordSetAside), or record them first, whatever it changes:
  // said after the plan, as list history says it.
  const aside = opts.dryRun ? deps.store.heldAside() : undefined;
  if (aside?.refused) ctx.say(stoppedNote(aside.refused));
  else if (aside?.held) ctx.say(recordsFirstNote(deps.store.path, aside.held.lines.length, 'resync'));
  // Every exit 5 it ends with after the page (the --fail-on-unresolved verdict, a prune refused) is
  // the report's, said there: made now, so the page is told which by identity, and an exit 5 from
  // anything after it (the picker) goes under it.
  const pruneStopped = refused ? new AttentionNeeded(refused) : undefined;
  // Its sentence said on stderr just before it is thrown.
  const saidAbove = refused ? new AttentionNeeded('') : undefined;
  deps.pageTaken?.(new Set([failed, pruneStopped, saidAbove].filter((e) => e !== undefined)));
  if (ctx.env.GITHUB_STEP_SUMMARY) {
    const page = (limit: number) =>
      markdown(plan, summary, Boolean(opts.dryRun), isNew, refused, { sentence: unfixed ? needsFixSentence(unfixed, inZoho, { ...notForFix, heldIn: 'row' }, wholeFix) : '', alone: verdictSays ? '' : forFixAlone || forPersonSaid, staleRefused, staleCure: staleCure('`phonebridge-sync match`'), invitations, failed }, ctx.retargetPage, limit);
    appendToPage((room) => fitPage(page, plan.report.results.length + plan.stale.length + plan.unresolved.length, room), ctx, deps.store, 'resync');
  }

  if (offer) {
    const { askYesNo } = await import('../ui/prompts.js');
    // Said before the question: answered first, the admin learnt only afterwards that the prune
    // they asked for had not happened, and why.
    if (refused) ctx.say(`${refused}\n`);
    let picked = false;
    try {
      const question = fixSetsAlone.size ? `Map ${pickerWho(forPicker.length - exactLeft, exactLeft)} now?` : `Map the ${plan.unresolved.length} unresolved Zoho users now?`;
      // Ctrl-C here ends the run, not the resync: "Cancelled." alone read as if nothing was saved.
      const yes = await askYesNo(ctx, question, true).catch((e: unknown) => {
        if ((e as Error)?.name !== 'ExitPromptError') throw e;
        // Ctrl-C clears the question: "at the question; … asks about each of them" leant on it, under the sandbox's closing note.
        throw new Cancelled(`Cancelled; the resync itself is done${written ? ' and saved' : ''}. Left for later: ${whoMaps(forPicker, '', true)}.`);
      });
      if (yes) {
        picked = true;
        const { flowSummary, mapInteractively } = await import('../ui/map-flow.js');
        const done = await mapInteractively(ctx, deps.store, forPicker, users.myoperator, basis, users.zoho);
        ctx.say(flowSummary(done, () => wholePlanChanges(users, deps.store.read())));
        // Mapping by hand does not make the refused prune happen: the person who asked for --prune is
        // still told why nothing was pruned (the picker has scrolled the sentence away), and the run
        // still exits 5, as on a No.
        if (pruneStopped) throw pruneStopped;
        return;
      }
    } finally {
      // Also after Ctrl-C in the picker: every answer given is saved.
      await deps.afterRun?.(picked ? deps.store.read() : basis);
    }
    // A No ended the run on the question: what takes them up later is said.
    ctx.say(`Left for later: ${whoMaps(forPicker)}.\n`);
    // On a No, the sentence is the line above the question.
    if (saidAbove) throw saidAbove;
  }
  if (pruneStopped && !opts.failOnUnresolved) throw pruneStopped;
  if (saidAbove) {
    // The verdict asked for is said too: the CI log held the refused prune alone, and the users
    // left unresolved came to light only on the run after the prune was settled.
    ctx.say(`${refused}\n`);
    throw failed ?? saidAbove;
  }
  if (failed) throw failed;
}

function reasonsOf(r: Plan['unresolved'][number]): string {
  // An exact match is unresolved only under --no-auto: its row was blank, which read as no reason
  // at all. Said first: a note of its own (an invitation not accepted) is not why it is left.
  if (r.status === 'exact')
    return ['the same e-mail on both sides, not mapped under --no-auto (`phonebridge-sync map --auto` maps exact matches)', ...r.reasons.map((x) => visible(x.message))].join('\n');
  return whyLines(r, (x) => visible(x.message)).join('\n');
}

type Users = { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] };

const NO_REASONS: readonly Reason[] = Object.freeze([]);

/**
 * The reasons of the pairs added (or that would be), by Zoho id, for those that have any: an exact
 * result's are notes of its own (its Zoho user has not accepted Zoho's invitation), not why it differs.
 */
function addedReasons(plan: Plan): Map<string, readonly Reason[]> {
  const out = new Map<string, readonly Reason[]>();
  if (plan.add.length > 0) for (const r of plan.report.results) if (r.status === 'exact' && r.reasons.length > 0) out.set(r.zoho!.id, r.reasons);
  return out;
}

/**
 * The pairs added (or that would be) whose Zoho user has not accepted Zoho's invitation, in one
 * sentence for where no row says it beside each (piped, the CI page: a CI job never learnt it); ''
 * when none. Named when few, as the unclaimed are.
 */
function invitationsPending(plan: Plan, addedWhy: ReadonlyMap<string, readonly Reason[]>, dryRun: boolean): string {
  if (addedWhy.size === 0) return '';
  const pending = plan.add.filter((m) => addedWhy.get(m.zoho.id)?.some((x) => x.code === 'unconfirmed'));
  const n = pending.length;
  if (n === 0) return '';
  const one = n === 1;
  return `${n} pair${one ? '' : 's'} ${dryRun ? 'that would be added' : 'added'} ${one ? 'has a Zoho user who has' : 'have Zoho users who have'} not accepted Zoho's invitation (${
    namedWhenFew(pending, (m) => reveal(m.zoho.email) || visible(m.zoho.id)) ?? '`phonebridge-sync doctor` names them'
  }), so PhoneBridge attributes none of ${one ? 'its calls until the invitation is' : 'their calls until each invitation is'} accepted (${RESEND_INVITATION})`;
}

/**
 * A table cell: the user's name over the e-mail. The names are indexed once per side: a search of
 * every user for each row made 10,000 added pairs 10,000 × 10,000 comparisons. The first user with
 * an id keeps it, as a search from the start found it.
 */
function namer(users: readonly { id: string; name: string }[], named: boolean): (id: string, email: string, unlisted?: string, mark?: string) => string {
  const byId = new Map<string, string>();
  for (const u of users) if (!byId.has(u.id)) byId.set(u.id, u.name);
  return (id, email, unlisted, mark) => {
    const name = byId.get(id);
    // A listed user with no name says "(no name)" where the tables have names, as match's does.
    // A user no longer listed has no name to show (a mapping records ids, e-mails and the
    // extension): `unlisted` takes the name's line, so its e-mail sits beside the other side's.
    const cell = name !== undefined ? nameOverEmail(name, reveal(email) || id, named) : unlisted ? `${unlisted}\n${reveal(email) || id}` : reveal(email) || id;
    // The row's mark ends its first line: on a line of its own under the e-mail it read as the
    // e-mail's, and cost the row a line.
    return mark ? cell.replace(/^[^\n]*/, (first) => `${first} ${mark}`) : cell;
  };
}

/**
 * The people, by name: added (or would be), recorded anew and what they were recorded as, stale
 * and why, unresolved with what is new since the last run.
 */
function renderTables(
  { hiddenNote, toTable }: typeof import('../io/table.js'),
  fit: typeof import('../ui/wrap.js').prose,
  plan: Plan,
  addedWhy: ReadonlyMap<string, readonly Reason[]>,
  users: Users,
  saved: MappingData,
  ctx: Context,
  dryRun: boolean,
  isNew: (zohoId: string) => boolean,
  staleRefused: ReadonlyMap<StaleMapping, string>,
): string {
  const width = ctx.stdout.columns;
  const withNames = users.zoho.some((u) => u.name) || users.myoperator.some((u) => u.name);
  const zohoNamed = namer(users.zoho, withNames);
  const myoperatorNamed = namer(users.myoperator, withNames);
  const hidden: string[] = [];
  const table = (columns: Parameters<typeof toTable>[0], rows: string[][]) => {
    const t = toTable(columns, rows, { width });
    hidden.push(...t.hidden);
    return t.text;
  };
  let out = '';
  if (plan.add.length > 0) {
    out += `${dryRun ? 'Would add' : 'Added'} (${plan.add.length}): exact e-mail matches\n`;
    // A pair added is right, but may take no calls yet (a Zoho user who has not accepted Zoho's
    // invitation): its exact result's note goes beside it, in a column only when one has a note.
    const notes = new Map([...addedWhy].map(([id, reasons]) => [id, reasons.map((x) => visible(x.message)).join('\n')]));
    out += table(
      ['Zoho user', 'MyOperator user', 'ext', ...(notes.size > 0 ? [{ header: 'note', trailing: true }] : [])],
      plan.add.map((m) => [
        zohoNamed(m.zoho.id, m.zoho.email),
        myoperatorNamed(m.myoperator.uuid, m.myoperator.email),
        visible(m.myoperator.extension ?? ''),
        ...(notes.size > 0 ? [notes.get(m.zoho.id) ?? ''] : []),
      ]),
    );
  }
  if (plan.refresh.length > 0) {
    // The record as it was: the e-mails someone retyped, or the extension, since the pair was mapped.
    const was = new Map(saved.mappings.map((m) => [`${m.zoho.id}\0${m.myoperator.uuid}`, m]));
    const pairs = plan.refresh.map((m) => ({ now: m, before: was.get(`${m.zoho.id}\0${m.myoperator.uuid}`) }));
    const retyped = pairs.some(({ now, before }) => before && (before.zoho.email !== now.zoho.email || before.myoperator.email !== now.myoperator.email));
    const moved = pairs.some(({ now, before }) => before && before.myoperator.extension !== now.myoperator.extension);
    const what = [retyped ? 'e-mails retyped since mapped, now equal' : '', moved ? `${retyped ? 'or ' : ''}a new MyOperator extension` : ''].filter(Boolean).join('; ');
    // Both kinds named, the heading is wider than 80 columns: left to the terminal it broke inside "MyOperator".
    out += `${out ? '\n' : ''}${fit(`${dryRun ? 'Would record anew' : 'Recorded anew'} (${plan.refresh.length}): ${what || 'changed since mapped'}\n`, width)}`;
    out += table(
      ['Zoho user', 'MyOperator user', { header: 'recorded before', trailing: true }],
      pairs.map(({ now: m, before }) => {
        const then = [
          before && before.zoho.email !== m.zoho.email ? `Zoho was ${reveal(before.zoho.email) || '(no e-mail)'}` : '',
          before && before.myoperator.email !== m.myoperator.email ? `MyOperator was ${reveal(before.myoperator.email) || '(no e-mail)'}` : '',
          before && before.myoperator.extension !== m.myoperator.extension ? `ext was ${visible(before.myoperator.extension ?? '') || '(none)'}` : '',
        ].filter(Boolean);
        return [zohoNamed(m.zoho.id, m.zoho.email), myoperatorNamed(m.myoperator.uuid, m.myoperator.email), then.join('\n')];
      }),
    );
  }
  if (plan.stale.length > 0) {
    const pruned = new Set(plan.remove);
    // A side that listed nobody says nothing of who left it: each row said its user "no longer exists".
    const unlisted = (side: readonly unknown[]) => (side.length === 0 ? 'not checked' : 'no longer exists');
    const empty = emptySides({}, users);
    const what = empty.length ? `saved mappings not confirmed: ${empty.join('; ')}` : 'saved mappings whose users changed';
    out += `${out ? '\n' : ''}${fit(`Stale (${plan.stale.length}): ${what}${plan.remove.length ? `; ${dryRun ? 'would be pruned' : 'pruned'}: ${plan.remove.length}` : ''}\n`, width)}`;
    out += table(
      ['Zoho user', 'MyOperator user', { header: 'why', trailing: true }],
      plan.stale.map((s) => [
        zohoNamed(s.mapping.zoho.id, s.mapping.zoho.email, `(${unlisted(users.zoho)})`, pruned.has(s.mapping) ? `(${dryRun ? 'would be pruned' : 'pruned'})` : undefined),
        myoperatorNamed(
          s.mapping.myoperator.uuid,
          s.mapping.myoperator.email || s.mapping.myoperator.uuid,
          `(${s.mapping.myoperator.extension ? `ext ${visible(s.mapping.myoperator.extension)}, ` : ''}${unlisted(users.myoperator)})`,
        ),
        s.reasons.map((r) => visible(r.message)).join('\n') + (s.needsFix && !pruned.has(s.mapping) ? `\n${ctx.retarget(staleFix(s, staleRefused.get(s)))}` : ''),
      ]),
    );
  }
  if (plan.unresolved.length > 0) {
    const fresh = plan.unresolved.filter((r) => isNew(r.zoho!.id)).length;
    out += `${out ? '\n' : ''}Unresolved (${plan.unresolved.length})${fresh ? `: ${fresh} new since the last resync, marked NEW` : ''}\n`;
    out += table(
      ['Zoho user', 'status', { header: 'why', trailing: true }],
      plan.unresolved.map((r) => [
        `${visible(r.zoho!.name)}${isNew(r.zoho!.id) ? '  NEW' : ''}\n${reveal(r.zoho!.email)}`,
        r.status,
        ctx.retarget(reasonsOf(r)),
      ]),
    );
  }
  // The counts of kept, stale, unresolved and ignored are in the closing sentence (stderr): here
  // only who is in no table, the MyOperator users nobody is mapped to, by name when they are few.
  const n = plan.unclaimed.length;
  // Not "mapped to nobody" alone: so are the candidates named in the unresolved rows, and the
  // tables above show far more MyOperator users mapped to nobody than this count.
  const named = namedWhenFew(plan.unclaimed, nameAndEmail) ?? ctx.retarget(UNCLAIMED_LISTED);
  const unclaimed = n ? `${n} MyOperator user${n === 1 ? '' : 's'} unclaimed (mapped to nobody, nor anyone's candidate): ${named}.\n` : '';
  // A line a Zoho user's "never map" mark keeps from its match, in match's words (marked-match.ts): holding that user's
  // e-mail byte for byte it is that user's, not unclaimed, yet it was counted there with no word of the mark.
  const unmapOf = (z: ZohoUser) => unmapCommand(ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved));
  const marked = markedSentences(markedAlikeLines(plan.report), plan.report, unmapOf, (u) => myOperatorWord(users, u), 'unclaimed');
  const apart = [...marked.values()].map((x) => fit(`${ctx.retarget(x)}\n`, width)).join('');
  return out + (out && (unclaimed || apart) ? '\n' : '') + fit(unclaimed, width) + apart + hiddenNote([...new Set(hidden)], width);
}

/**
 * `summary <key> <n>` lines, then `added|refreshed|stale|unresolved` lines with ids, e-mails and reason codes.
 * A dry run starts with `summary dry-run 1`: its `added` lines are what a run would add. E-mails as
 * fix and history pipe them: invisible and look-alike characters as code points. An unresolved
 * line ends with `new` for a Zoho user not unresolved at the last resync (as --json's `new` and the
 * table's NEW), else an empty field: a CI job reading the lines could not tell who had just joined.
 * A stale line ends likewise with `pruned` for a pair --prune removed (on a dry run, would remove),
 * as the table and the step summary mark it: a script could not tell a pruned pair from one kept.
 */
function renderTsv(plan: Plan, summary: Record<string, number>, dryRun: boolean, isNew: (zohoId: string) => boolean): string {
  const pruned = new Set(plan.remove);
  return toTsv([
    ...(dryRun ? [['summary', 'dry-run', 1]] : []),
    ...Object.entries(summary).map(([k, v]) => ['summary', k, v]),
    ...plan.add.map((m) => ['added', m.zoho.id, reveal(m.zoho.email), m.myoperator.uuid, reveal(m.myoperator.email)]),
    ...plan.refresh.map((m) => ['refreshed', m.zoho.id, reveal(m.zoho.email), m.myoperator.uuid, reveal(m.myoperator.email)]),
    ...plan.stale.map((s) => ['stale', s.mapping.zoho.id, reveal(s.mapping.zoho.email), s.mapping.myoperator.uuid, s.reasons.map((r) => r.code).join(','), pruned.has(s.mapping) ? 'pruned' : '']),
    ...plan.unresolved.map((r) => ['unresolved', r.zoho!.id, reveal(r.zoho!.email), r.status, [...new Set(r.reasons.map((x) => x.code))].join(','), isNew(r.zoho!.id) ? 'new' : '']),
  ]);
}

/**
 * What to do with a stale pair whose e-mails alone changed: only a person knows which it is, so
 * `fix` holds such a pair back until `--only` names it (core/fix-plan.ts). By uuid: the extension
 * recorded may be another user's by now. Not the same person: `map --unmap` of this Zoho user, as
 * fix says it; `resync --prune` removed every stale pair, the ones still the same person too.
 */
const staleFix = (s: StaleMapping, conflict?: string) =>
  conflict
    ? `\`fix\` refuses to set it as it stands: ${conflict}`
    : s.zohoFirst
      ? // Its `fix --only` was offered as setting the MyOperator e-mail, and fix then showed a conflict and set nothing.
        `\`fix\` will not copy this Zoho e-mail as it stands: change it in Zoho first, as \`phonebridge-sync fix --dry-run\` says; not the same person? \`phonebridge-sync map --unmap ${pastable(s.mapping.zoho.id)}\` removes the pair.`
      : `Still the same person? \`phonebridge-sync fix --only ${pastable(s.mapping.myoperator.uuid)}\` sets the MyOperator e-mail to the Zoho one; if not, \`phonebridge-sync map --unmap ${pastable(s.mapping.zoho.id)}\` removes the pair.`;

/**
 * The closing line's word on the `k` of the `unresolved` users that are mismatches fix sets with
 * no mapping, beside the `mapped` pairs it sets: fix planned them all, and the line counted only
 * the mapped ones, leaving these to the picker.
 */
function unmappedForFix(k: number, unresolved: number, mapped: number, exact: number, fix = 'fix', mappedUnsaid = false, mapAsked = false): string {
  const which = k === unresolved ? (k === 1 ? 'The 1 unresolved is a mismatch' : `All ${k} unresolved are mismatches`) : `${k} of the ${unresolved} unresolved ${k === 1 ? 'is a mismatch' : 'are mismatches'}`;
  const rest = unresolved - k;
  // The exact matches --no-auto left need no person: "the other 13 need a person: `map`" counted
  // them, and map does not ask about them.
  const byHand = rest - exact;
  // Not the `map` where the offer to map them follows: a No names it ("Left for later: …"), and the
  // same `map` came on two lines running.
  const needs = `need${byHand === 1 ? 's' : ''} a person${mapAsked ? '' : ': `phonebridge-sync map`'}`;
  const exactOnes = `${exact === 1 ? 'is an exact match' : 'are exact matches'} that a plain \`phonebridge-sync resync\` maps`;
  const others = !rest ? '' : !exact ? `; the other ${rest} ${needs}` : !byHand ? `; the other ${rest} ${exactOnes}` : `; ${exact} ${exactOnes}, and the other ${byHand} ${needs}`;
  // The mapped pairs fix sets, when no sentence before said them with their cure: one sentence and
  // one command for all. Said apart, the same `fix` came twice a sentence apart.
  if (mappedUnsaid && mapped > 0)
    return `${which} (${MISMATCH_MEANS}), which need${k === 1 ? 's' : ''} no mapping, and ${mapped} mapped pair${mapped === 1 ? ' has' : 's have'} e-mails that differ: PhoneBridge attributes none of their calls until \`phonebridge-sync ${fix}\` sets those ${k + mapped} MyOperator e-mails${others}`;
  const inAll = mapped > 0 ? ` (${k + mapped} MyOperator e-mails in all, with ${mapped === 1 ? 'the mapped pair' : `the ${mapped} mapped pairs`})` : '';
  return `${which} (${MISMATCH_MEANS}), so PhoneBridge attributes none of ${k === 1 ? 'its' : 'their'} calls until \`phonebridge-sync ${fix}\` sets ${k === 1 ? 'it' : 'them'}, no mapping needed${inAll}${others}`;
}

/** Whom resync's picker asks about beside the mismatches fix sets: those who need a person, and the exact matches --no-auto left. */
function pickerWho(byHand: number, exact: number): string {
  const people = byHand ? `the ${plural(byHand, 'Zoho user')} that need${byHand === 1 ? 's' : ''} a person` : '';
  const matches = exact ? `the ${exact === 1 ? 'exact match' : `${exact} exact matches`}` : '';
  return people && matches ? `${people}, and ${matches},` : people || matches;
}

/**
 * Which `map` takes up unresolved users left to it. Exact matches (left by --no-auto) are not asked
 * about by a plain map: "map asks about each of them (the 4 exact matches: map --auto)" read as map
 * asking about those 4 too. `named`: said of "the 9 Zoho users that need a person", not "of them",
 * for a sentence with nothing above it that says who they are.
 */
function whoMaps(left: Plan['unresolved'], where = '', named = false): string {
  const exact = left.filter((r) => r.status === 'exact').length;
  const byHand = left.length - exact;
  const auto = `\`phonebridge-sync map --auto\` maps the ${exact === 1 ? 'exact match' : `${exact} exact matches`}`;
  const asked = named ? pickerWho(byHand, 0) : exact === 0 ? 'each of them' : `${byHand} of them`;
  return exact > 0 && byHand === 0 ? auto : `\`phonebridge-sync map\` asks about ${asked}${where}${exact ? `, and ${auto}` : ''}`;
}

/** The closing line's word on unresolved users none of whom fix sets: who settles them, or ''. */
function leftForPerson(left: Plan['unresolved']): string {
  if (left.length === 0) return '';
  const byHand = left.some((r) => r.status !== 'exact');
  const who = byHand ? `${left.length === 1 ? 'The 1 unresolved needs' : `The ${left.length} unresolved need`} a person` : `The ${left.length} unresolved ${left.length === 1 ? 'is an exact match' : 'are exact matches'} left by --no-auto`;
  // Off a terminal a plain map is exit 2: the log says where it asks.
  return `${who}: ${whoMaps(left, ' at a terminal')}`;
}

/**
 * What a prune takes beside the gone users: the stale pairs still the same person (pruneAlsoTakes),
 * or ''. Some to change in Zoho first have no `fix --only`: `settledBy` says where their cure is read.
 */
function alsoPruned(samePerson: number, inZoho: number, settledBy = 'the next sentence'): string {
  return samePerson ? pruneAlsoTakes(samePerson, { first: inZoho ? `settle ${samePerson === 1 ? 'it' : 'those'} as ${settledBy} says` : undefined }) : '';
}

/**
 * What removes the stale mappings, as the closing line says it: a command that --prune would refuse
 * as pasted (a side read empty, more than --max-prune) was offered as the cure. With a side read
 * empty the refusal is said instead (the closing line names the side and its cure, doctor); past
 * --max-prune, the command says how many go.
 * `samePerson` of them are pairs whose e-mail alone changed, perhaps still the same person: the
 * prune, pasted, removed those too, beside the `fix --only` their rows offer (or, for the `inZoho`
 * whose Zoho e-mail fix will not copy, a change in Zoho). With no other stale pair no prune is
 * offered (the sentence on pairs to fix, which follows, says their cure), as doctor does.
 */
function pruneHint(stale: number, users: { zoho: unknown[]; myoperator: unknown[] }, maxPrune: number, samePerson: number, inZoho: number, settledBy?: string): string {
  // Which side listed nobody, and its cure, the closing line (forPerson) or the verdict says: said here too, it came twice in one line.
  if (users.zoho.length === 0 || users.myoperator.length === 0) return '`--prune` refuses to remove them while a side lists nobody';
  if (samePerson >= stale) return '';
  const too = alsoPruned(samePerson, inZoho, settledBy);
  return `${pruneRemoves(stale, stale === 1 ? 'it' : 'them', maxPrune)}${too}`;
}

/**
 * Why a run with --prune removed nothing and exits 5: said on stderr, and on the CI page. `too` is
 * what --force would take beside the gone users (pruneAlsoTakes, as the closing line says it): the
 * sentence read as if forcing it removed only mappings of users who left. Not `forceable` when
 * --force prunes nothing either (a side that listed nobody): it was offered, and removed every mapping.
 */
const pruneRefused = (refusal: string, too = '', forceable = true) =>
  !forceable
    ? `Did not prune: ${refusal}, and nothing is pruned while a side lists nobody, --force or not.`
    : `Did not prune: ${refusal}. A bad read must never wipe the mappings; check both sides, then use --force to prune anyway${too ? `: it removes every stale mapping${too}` : ''}.`;

/**
 * The stale pairs needing fix (e-mails alone changed) that fix refuses as they stand for a conflict
 * of its own, with fix's sentence: judged as fix's plan judges every saved pair, the users looked
 * up by id only when there is one to judge.
 */
function staleConflicts(stale: readonly StaleMapping[], users: Users, refuses: (z: ZohoUser, m: MyOperatorUser) => string | undefined): Map<StaleMapping, string> {
  const out = new Map<StaleMapping, string>();
  const judged = stale.filter((s) => s.needsFix && !s.zohoFirst);
  if (judged.length === 0) return out;
  const zById = new Map(users.zoho.map((u) => [u.id, u]));
  const mById = new Map(users.myoperator.map((u) => [u.id, u]));
  for (const s of judged) {
    const z = zById.get(s.mapping.zoho.id);
    const m = mById.get(s.mapping.myoperator.uuid);
    const conflict = z && m ? refuses(z, m) : undefined;
    if (conflict) out.set(s, conflict);
  }
  return out;
}

/** What `judge` throws as its verdict (AttentionNeeded), or undefined when it passes: kept to be said on the CI page, then thrown. */
function unsettled(judge: () => void): AttentionNeeded | undefined {
  try {
    judge();
    return undefined;
  } catch (e) {
    if (e instanceof AttentionNeeded) return e;
    throw e;
  }
}

/**
 * Appends the CI page of a resync that stopped before its report (no login, a token refused, a
 * remote down, a mappings file broken or locked): the job went red with an empty page, why only in
 * its log. Said as the log says it, under the exit code and what it means.
 */
export function writeFailedPage(ctx: Context, store: Pick<MappingStore, 'path' | 'historyPath'>, error: unknown, dryRun: boolean): void {
  const failed = failureToSay(error);
  if (failed) appendToPage(() => `## phonebridge-sync resync${dryRun ? ' (dry run)' : ''}\n\n${failedSection(failed, ctx.retargetPage)}\n`, ctx, store);
}

function markdown(
  plan: Plan,
  summary: Record<string, number>,
  dryRun: boolean,
  isNew: (zohoId: string) => boolean,
  refused: string | undefined,
  fix: { sentence: string; alone: string; staleRefused: ReadonlyMap<StaleMapping, string>; staleCure: string; invitations: string; failed?: AttentionNeeded },
  retarget: (text: string) => string,
  /** How many lines each list keeps (see fitPage). */
  limit = Infinity,
): string {
  // Commands on the CI page are pasted too, at a terminal without the job's variables: with this
  // run's --config-dir, and its sandbox, profile and mappings file however they were given, added
  // before the escaping so a path's `_` or `*` stays as typed.
  const said = (text: string) => mdSentence(retarget(text));
  const removed = new Set(plan.remove);
  const keys = Object.keys(summary);
  let out = `## phonebridge-sync resync${dryRun ? ' (dry run)' : ''}\n\n| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|\n| ${Object.values(summary).join(' | ')} |\n`;
  if (limit !== Infinity) out += `\nEach list below is cut to its first ${limit}: GitHub drops the whole page of a step past ${PAGE_LIMIT / 1024}k.\n`;
  const cut = (lines: readonly string[], listsAll: string) =>
    lines.length <= limit ? lines : [...lines.slice(0, limit), `- … and ${lines.length - limit} more: ${said(`${listsAll} lists every one`)}`];
  // The verdict of --fail-on-unresolved, as the job's log says it: first, since it is why the job is red.
  if (fix.failed) out += `\n### Failed: exit 5 (--fail-on-unresolved)\n\n${said(fix.failed.message)}\n${fix.failed.hint ? `\n${said(fix.failed.hint)}\n` : ''}`;
  // The unresolved that fix sets with no mapping, said as the job's log says it.
  if (fix.alone) out += `\n${said(fix.alone)}.\n`;
  // No table of added pairs here to say it beside each, as the terminal's does.
  if (fix.invitations) out += `\n${said(fix.invitations)}.\n`;
  // A refused prune fails the run (exit 5): the CI page says why, not only the job's log.
  if (refused) out += `\n### Prune refused\n\n${said(refused)}\n`;
  // The reason a run failed on pairs to fix is on the CI page too, not only in the job's log.
  const toFix = [
    ...pairsNeedingFix(plan.report).map((r) => `- ${md(reveal(r.zoho!.email))} → ${md(reveal(r.myoperator!.email) || r.myoperator!.id)}: ${r.reasons.map((x) => said(x.message)).join('; ')}`),
    ...plan.stale.filter((s) => s.needsFix && !removed.has(s.mapping)).map((s) => `- ${md(reveal(s.mapping.zoho.email))} → ${md(reveal(s.mapping.myoperator.email) || s.mapping.myoperator.uuid)}: ${s.reasons.map((r) => said(r.message)).join('; ')}; ${said(staleFix(s, fix.staleRefused.get(s)))}`),
  ];
  // The closing sentence's own count of who is whose: a plain "(`fix`)" was untrue of a pair fix
  // holds until `--only` names it, refuses as it stands, or leaves to a change in Zoho first. A
  // failed run's verdict, above, says it already: the page said the pairs twice.
  const intro = fix.failed ? '' : `${retarget(fix.sentence)}.\n\n`;
  if (toFix.length > 0) out += `\n### Pairs to fix\n\n${intro}${cut(toFix, '`phonebridge-sync fix --dry-run`').join('\n')}\n`;
  if (plan.stale.length > 0)
    // Marked as the terminal's table marks it: the page listed a pair --prune had removed as if it
    // were still saved, with only the table's count to say otherwise.
    out += `\n### Stale mappings\n\n${cut(plan.stale.map((s) => `- ${md(reveal(s.mapping.zoho.email))} → ${md(reveal(s.mapping.myoperator.email) || s.mapping.myoperator.uuid)}${removed.has(s.mapping) ? (dryRun ? ' (would be pruned)' : ' (pruned)') : ''}: ${s.reasons.map((r) => said(r.message)).join('; ')}`), '`phonebridge-sync match`').join('\n')}\n${fix.staleCure ? `\n${said(fix.staleCure)}.\n` : ''}`;
  if (plan.unresolved.length > 0)
    out += `\n### Unresolved Zoho users\n\n${cut(plan.unresolved.map((r) => `- ${md(reveal(r.zoho!.email))}${isNew(r.zoho!.id) ? ' **new**' : ''} (${r.status}): ${said(reasonsOf(r).replace(/\n/g, '; '))}`), '`phonebridge-sync match`').join('\n')}\n`;
  return out + '\n';
}
