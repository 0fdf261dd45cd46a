/**
 * fix's CI page (GITHUB_STEP_SUMMARY): what a run that may send set and verified, what it did not
 * and why, its conflicts, and why it failed, as its log says them. A CI job that ran `fix --yes`
 * got an empty page, where resync's gets one; written with resync's escaping, cut and file rules.
 * A dry run's page says only why it failed: a job gating on it (exit 5 at the cap) went red with
 * an empty page. One that passes changed nothing and writes none.
 */
import type { Context } from '../../context.js';
import type { CliError } from '../../errors.js';
import { reveal } from '../../core/forensics.js';
import type { FixEntry } from '../../core/fix-plan.js';
import { appendToPage, failedSection, failureToSay, fitPage, md, mdSentence, PAGE_LIMIT } from '../../io/ci-page.js';
import type { MappingStore } from '../../store/mappings.js';
import { summaryOf, type Outcome } from './results.js';

/** What a run has to say on the page once it knows its results (or, sending nothing, its plan). */
export interface PageResults {
  entries: readonly FixEntry[];
  outcomes: ReadonlyMap<FixEntry, Outcome>;
  /** Sentences the log ends the results with (the pairs not saved as mappings yet, nothing to fix). */
  closing: readonly string[];
  /**
   * The run's verdict (exit 5) as the log says it, and as the page says it: there its entries are
   * listed above it, as at a terminal, so it names them as "above" rather than again, or on standard output.
   */
  verdict?: { log: string; page: string };
}

/** How each result not set as planned is named on its line, as the terminal's marks name it. */
function resultWords(o: Outcome): string {
  if (o.alsoChanged) return 'applied, with more changed than the e-mail';
  if (o.result === 'unverified') return 'sent, not verified';
  if (o.result === 'shared') return 'set, but shared with another user';
  return 'not applied';
}

function fixPage(results: PageResults | undefined, failure: Pick<CliError, 'exitCode' | 'message' | 'hint'> | undefined, dryRun: boolean, retarget: (text: string) => string, limit: number): string {
  const said = (text: string) => mdSentence(retarget(text));
  let out = `## phonebridge-sync fix${dryRun ? ' (dry run)' : ''}\n\n`;
  if (results) {
    const { entries, outcomes } = results;
    const sum = summaryOf(entries, outcomes);
    const keys = Object.keys(sum);
    out += `| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|\n| ${Object.values(sum).join(' | ')} |\n\n`;
    if (limit !== Infinity) out += `Each list below is cut to its first ${limit}: GitHub drops the whole page of a step past ${PAGE_LIMIT / 1024}k.\n\n`;
    const who = (e: FixEntry) => `${md(reveal(e.to))} (MyOperator ext ${md(e.myoperator.extension ?? '-')})`;
    const was = (e: FixEntry) => `was ${md(reveal(e.from)) || '(no e-mail)'}`;
    const list = (title: string, lines: string[], listsAll: string) => {
      if (lines.length === 0) return;
      const cut = lines.length <= limit ? lines : [...lines.slice(0, limit), `- … and ${lines.length - limit} more: ${said(`${listsAll} lists every one`)}`];
      out += `### ${title}\n\n${cut.join('\n')}\n\n`;
    };
    const of = (e: FixEntry) => outcomes.get(e)!;
    const setClean = (o: Outcome) => o.result === 'applied' && !o.alsoChanged;
    list(
      'Set and verified',
      entries.filter((e) => setClean(of(e))).map((e) => `- ${who(e)}, ${was(e)}`),
      '`phonebridge-sync list history`',
    );
    list(
      'Not set',
      entries
        .filter((e) => !setClean(of(e)) && of(e).result !== 'conflict' && of(e).result !== 'planned')
        .map((e) => `- ${who(e)}, ${resultWords(of(e))}${of(e).detail ? `: ${said(of(e).detail!)}` : ''}`),
      '`phonebridge-sync list history`',
    );
    list(
      'Conflicts, not written',
      entries.filter((e) => of(e).result === 'conflict').map((e) => `- ${who(e)}, ${was(e)}: ${said(of(e).detail ?? '')}`),
      '`phonebridge-sync fix --dry-run`',
    );
    // The log's lists ("Left to settle:", a pair's indented line) stay lists; its other lines are
    // paragraphs of their own, as Markdown ran them into one.
    for (const block of results.closing)
      out += `${block
        .split('\n')
        .filter((line) => line.trim())
        .map((line, i) => (/^(- | {2})/.test(line) ? `- ${said(line.replace(/^(- | {2})/, ''))}` : `${i ? '\n' : ''}${said(line)}`))
        .join('\n')}\n\n`;
  }
  if (failure) out += `${failedSection(failure, retarget)}\n`;
  return out;
}

/**
 * Appends the page of a run that may send, whatever ended it: its results when it had them, and
 * the error it ends with (a Ctrl-C at the question, asked at a terminal only, writes none); of a
 * dry run, only the error it ends with (its job went red with an empty page); of a worklist alone,
 * none: it is for the panel, not a job's gate. The one rule for both callers (fix's run, and cli.ts
 * for a run stopped before it began), which each wrote it, negated one from the other.
 */
export function writeFixPage(
  ctx: Context,
  store: Pick<MappingStore, 'path' | 'historyPath'>,
  results: PageResults | undefined,
  error: unknown,
  { dryRun = false, worklist }: { dryRun?: boolean; worklist?: string },
): void {
  if (!ctx.env.GITHUB_STEP_SUMMARY) return;
  if (worklist !== undefined && !dryRun) return;
  const failed = failureToSay(error);
  if (error !== undefined && !failed) return;
  // The verdict as the page says it; a dry run refused at the cap throws none, its closing line said it.
  const own = results?.verdict && failed && results.verdict.log === failed.message ? results.verdict.page : undefined;
  const message = own ?? failed?.message ?? '';
  const failure = failed && (message || failed.hint) ? { exitCode: failed.exitCode, message, hint: failed.hint } : undefined;
  const listed = dryRun ? undefined : results;
  if (!listed && !failure) return;
  appendToPage((room) => fitPage((limit) => fixPage(listed, failure, dryRun, ctx.retargetPage, limit), listed?.entries.length ?? 0, room), ctx, store, listed ? 'fix' : undefined);
}
