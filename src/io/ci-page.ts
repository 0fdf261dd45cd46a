/**
 * The CI page (GITHUB_STEP_SUMMARY) that resync and fix append to: Markdown escaped so that a name
 * or an e-mail from either side is text, never markup, a mention or a link; cut to fit what GitHub
 * keeps of a step's page; and never written over a file of the tool's own.
 */
import { appendFileSync, statSync } from 'node:fs';
import type { Context } from '../context.js';
import { Cancelled, CliError, EXIT, EXIT_CODE_TABLE } from '../errors.js';
import { visible } from '../core/forensics.js';
import { unusable } from '../store/file-errors.js';
import { keptFileClash, notRegular } from '../store/kept-files.js';
import type { MappingStore } from '../store/mappings.js';
import { codeSpans } from '../ui/code-spans.js';

/**
 * What GitHub makes live in a page's text after the Markdown is parsed, where a backslash no longer
 * counts: an @mention (a ping to a person or a team), an :emoji: code, a bare URL. A name
 * "@org/team :rocket: https://evil.example" pinged, drew and linked. An empty comment inside each
 * breaks it, shows the text as it is, and leaves nothing in a copy, where a zero-width character
 * would ride along. An e-mail's @ follows a word character, so e-mails are left as they are.
 */
const LIVE_ON_GITHUB = /(?<!\w)@(?=\w)|:(?=[\w+-]+:)|(?<=\b(?:https?|ftp)):(?=\/\/)|(?<=\bwww)(?=\.)/gi;

// `~` and `&` too: a name "Neha ~~gone~~ &lt;b&gt;" was struck through, and shown as "<b>".
const mdEscaped = (s: string): string => s.replace(/[|\\`*_<>[\]~&]/g, (c) => `\\${c}`).replace(LIVE_ON_GITHUB, (m) => `${m}<!-- -->`);
export function md(s: string): string {
  return mdEscaped(visible(s));
}

/**
 * What our own code spans on the CI page quote: a command, or one of its options, or a shell
 * command our sentences offer for a file of ours (`git diff`, `rm …`, `chmod …`): opened on ours
 * alone, the page showed "(\`git diff\` shows what changed…)".
 */
const OUR_COMMAND = /(?:phonebridge-sync|fix|map|resync|match|doctor|list|login|logout|--|(?:git|rm|rmdir|mkdir|chmod|ls) )/y;
function startsCommand(text: string, at: number): boolean {
  OUR_COMMAND.lastIndex = at;
  return OUR_COMMAND.test(text);
}

/**
 * One of our sentences for the CI page: the commands it quotes in backticks stay code spans (their
 * text is never read as Markdown there, so it is not escaped: `\_` would show its backslash), the
 * rest is escaped as md() escapes it. Escaped whole, the page showed \`phonebridge-sync fix\`.
 * Spans as codeSpans finds them, opening only where a command starts: a name's own backtick
 * ("Suresh `Pillai") is text, never the start of a span up to our `fix`.
 */
export function mdSentence(s: string): string {
  const text = visible(s);
  let out = '';
  let from = 0;
  for (const [open, close] of codeSpans(text, (at) => startsCommand(text, at))) {
    out += mdEscaped(text.slice(from, open)) + codeSpan(text.slice(open + 1, close));
    from = close + 1;
  }
  return out + mdEscaped(text.slice(from));
}

/** A code span of `text`, fenced by more backticks than any run in it (a name's, in a pasted command). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  if (longest === 0) return `\`${text}\``;
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

/** GitHub's limit on a step's page: past it the whole page is dropped, not cut ("upload aborted, supports content up to a size of 1024k"). */
export const PAGE_LIMIT = 1024 * 1024;

/**
 * The step's page as one look at it finds it: what is left of PAGE_LIMIT there (an earlier command
 * of the step may have written to it), and why it cannot be written when it is no file.
 */
function pageNow(file: string): { room: number; notFile?: string } {
  try {
    const kind = statSync(file);
    return { room: PAGE_LIMIT - kind.size, notFile: notRegular(kind) };
  } catch {
    return { room: PAGE_LIMIT }; // not there yet, or said when it is appended to
  }
}

/** Why `text`, at its shortest, is not appended: past PAGE_LIMIT the step's whole page is dropped, not only this part. */
function tooLarge(text: string, room: number): string | undefined {
  const size = Buffer.byteLength(text);
  if (size <= room) return undefined;
  return `it has ${Math.max(0, room)} bytes left of the ${PAGE_LIMIT / 1024}k GitHub keeps of a step's page, too few for the summary (${size} bytes at its shortest); past ${PAGE_LIMIT / 1024}k GitHub drops the whole page, what the step wrote before too`;
}

/**
 * The page whole when it fits the room left, else with each list cut to the most lines that fit:
 * a large company's zoho-only users, listed every run, made a page GitHub dropped altogether.
 */
export function fitPage(page: (limit: number) => string, longest: number, room: number): string {
  const whole = page(Infinity);
  if (Buffer.byteLength(whole) <= room) return whole;
  let [fits, over] = [0, longest];
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (Buffer.byteLength(page(mid)) <= room) fits = mid;
    else over = mid;
  }
  return page(fits);
}

/**
 * The runs whose page could not be written: nothing goes under a page that is not there
 * (failedAfterPage), and why was said once. A resync whose page was a directory, failing in its
 * picker after its report, said "Could not append the Markdown summary…" a second time.
 */
const pageNotWritten = new WeakSet<Context>();

/**
 * Appends to the CI page (GITHUB_STEP_SUMMARY) what a command says there, made for the room left on
 * it (fitPage): the page is looked at once, here, for that room and for what it is. `done`: the
 * command whose work is done whatever becomes of the page (resync, fix), said after a page that
 * cannot be written.
 */
export function appendToPage(textFor: (room: number) => string, ctx: Context, store: Pick<MappingStore, 'path' | 'historyPath'>, done?: 'resync' | 'fix'): void {
  const page = ctx.env.GITHUB_STEP_SUMMARY;
  if (!page) return;
  // A store of the tool's there would be broken by the Markdown (seen: credentials.json, then
  // every later run exit 2), and a named pipe would hold the run for good: neither is written.
  const clash = keptFileClash(page, ctx, store);
  const { room, notFile } = pageNow(page);
  const text = clash || notFile ? '' : textFor(room);
  let problem = clash ? `it is ${clash}, which Markdown would break` : (notFile ?? tooLarge(text, room));
  try {
    if (!problem) appendFileSync(page, text);
  } catch (e) {
    // The summary is a courtesy to the CI page: the command's work is done (and saved), so its exit
    // code stays what the command says, and a file that cannot be written is one sentence, not "a bug".
    if (!(e as NodeJS.ErrnoException).code) throw e;
    problem = unusable(e);
  }
  if (!problem) return;
  pageNotWritten.add(ctx);
  ctx.say(`Could not append the Markdown summary to GITHUB_STEP_SUMMARY (${visible(page)}): ${visible(problem)}.${done ? ` The ${done} itself is done.` : ''}\n`);
}

/**
 * The error a command's page says its run failed with, resync's and fix's alike: any of the tool's
 * own but a Ctrl-C at a question (asked at a terminal only, never in a job); a bug, none.
 */
export function failureToSay(error: unknown): CliError | undefined {
  return error instanceof CliError && !(error instanceof Cancelled) ? error : undefined;
}

/**
 * The errors a run's own CI page says, once the run has taken it (cli.ts's failureOnCiPage): every
 * one (fix's page says whatever ends its run), or those its report says, by identity (resync's
 * verdict and a prune refused): any other goes under the page (failedAfterPage).
 */
export type PageSays = 'every error' | ReadonlySet<unknown>;

/**
 * Appends under a run's page the error it ended with after writing it (resync hung up at its offer
 * to map, after its report), as a failed page says one: the page read as a run that passed. Under
 * no heading of its own: a second "## phonebridge-sync resync" read as a second run.
 */
export function failedAfterPage(ctx: Context, store: Pick<MappingStore, 'path' | 'historyPath'>, error: unknown): void {
  const failed = failureToSay(error);
  if (failed && !pageNotWritten.has(ctx)) appendToPage(() => `${failedSection(failed, ctx.retargetPage)}\n`, ctx, store);
}

/** The exit codes of a run a signal ended (Ctrl-C, SIGTERM, SIGHUP): stopped, not failed. */
const BY_SIGNAL: ReadonlySet<number> = new Set([EXIT.hungUp, EXIT.cancelled, EXIT.terminated]);

/**
 * Why a run failed, as its log says it, under the exit code and what the code means (the table's
 * meaning up to its details: "cannot read or save a file of its own", not the list of why): the job
 * went red with the reason only in its log. A run a signal ended is headed "Stopped": a CI
 * timeout's SIGTERM under "Failed: exit 143" read as MyOperator's failure, above "Stopped by SIGTERM".
 */
export function failedSection(err: Pick<CliError, 'exitCode' | 'message' | 'hint'>, retarget: (text: string) => string): string {
  // A message of several lines (fix's verdict, then the users --only left out) is a paragraph each:
  // escaped whole, its line break showed on the page as <U+000A>.
  const said = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => mdSentence(retarget(line)))
      .join('\n\n');
  const meaning = EXIT_CODE_TABLE.find(([code]) => code === err.exitCode)?.[1].split(/ \(|: /)[0];
  return `### ${BY_SIGNAL.has(err.exitCode) ? 'Stopped' : 'Failed'}: exit ${err.exitCode}${meaning ? ` (${meaning})` : ''}\n\n${err.message ? `${said(err.message)}\n` : ''}${err.hint ? `\n${said(err.hint)}\n` : ''}`;
}
