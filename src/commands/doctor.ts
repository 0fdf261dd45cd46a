/**
 * `doctor`: every check in its own module, run concurrently (config-dir and credentials-file once
 * the rest are done: the token cache may make what they look at), printed in a fixed order grouped
 * Config, Zoho, MyOperator, Users, Mappings (and Calls with --webhook), each ✓ / ! / ✗ / – with its
 * fix (its brief form at a terminal, but under --verbose), then a summary. A check that crashes
 * shows as ✗ with its error; it never aborts the run. Exit 5 when any check fails, 0 with warnings only. It changes no user and no mapping:
 * a refreshed Zoho token is cached, and a broken mappings file gets its copy (the store's read).
 */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { besideOutput, type Context } from '../context.js';
import { pathWord } from '../io/invocation.js';
import { AttentionNeeded, clause, CliError, UsageError } from '../errors.js';
import type { Clients } from '../clients/connect.js';
import { printable, redact } from '../clients/redact.js';
import { savedPairs, type MappingData } from '../core/reconcile.js';
import { matchUsers } from '../core/match.js';
import { planFix } from '../core/fix-plan.js';
import { toJson } from '../io/render.js';
import { CredentialStore } from '../store/credentials.js';
import { MappingStore, mappingsPath, mappingsPlacedBy } from '../store/mappings.js';
import { configDir, isDirectory } from '../store/paths.js';
import { palette } from '../ui/style.js';
import type { Check, CheckStatus, DoctorEnv, Outcome } from '../doctor/check.js';
import { configDirCheck } from '../doctor/checks/config-dir.js';
import { fileWhereConfigDirGoes } from '../store/file-errors.js';
import { configDirFound } from '../doctor/config-dir-found.js';
import { credentialsFileCheck } from '../doctor/checks/credentials-file.js';
import { mappingsFileCheck } from '../doctor/checks/mappings-file.js';
import { zohoCredentialsCheck } from '../doctor/checks/zoho-credentials.js';
import { zohoTokenCheck } from '../doctor/checks/zoho-token.js';
import { zohoApiCheck } from '../doctor/checks/zoho-api.js';
import { zohoPhoneBridgeCheck } from '../doctor/checks/zoho-phonebridge.js';
import { myOperatorApiCheck } from '../doctor/checks/myoperator-api.js';
import { myOperatorEmailsCheck, zohoEmailsCheck } from '../doctor/checks/email-forensics.js';
import { duplicateEmailsCheck } from '../doctor/checks/duplicate-emails.js';
import { userStatusCheck } from '../doctor/checks/user-status.js';
import { mismatchesCheck, oneSideOnlyCheck } from '../doctor/checks/matching.js';
import { mappingHealthCheck } from '../doctor/checks/mapping-health.js';
import { webhookCheck } from '../doctor/checks/webhook.js';
import { callsCheck } from '../doctor/checks/calls.js';
import { CALLS_SINCE_DEFAULT, SINCE_FORMS, sinceInstant, sinceProblem } from '../core/period.js';
import { pastable, visible } from '../core/forensics.js';
import { startProgress } from '../ui/spinner.js';
import { wrapIndented } from '../ui/wrap.js';
import { page } from '../io/pager.js';
import { namesTerminal } from '../io/read-input.js';
import { onlyProblem, selectChecks, strayWords, type OnlyFlags, type OnlyProblem } from '../doctor/only.js';

export const CHECKS: readonly Check[] = [
  configDirCheck,
  credentialsFileCheck,
  mappingsFileCheck,
  zohoCredentialsCheck,
  zohoTokenCheck,
  zohoApiCheck,
  zohoPhoneBridgeCheck,
  myOperatorApiCheck,
  zohoEmailsCheck,
  myOperatorEmailsCheck,
  duplicateEmailsCheck,
  userStatusCheck,
  mismatchesCheck,
  oneSideOnlyCheck,
  mappingHealthCheck,
];

export interface DoctorOptions {
  only?: string[];
  /** Words no option took (commander's excess arguments). */
  words?: string[];
  webhook?: string;
  calls?: boolean;
  since?: string;
  /** commander's rule for an option word, for --only (doctor/only.ts OnlyFlags). */
  isOption?: OnlyFlags['isOption'];
  /** An option's value cut in two by the words (doctor/only.ts OnlyFlags). */
  cut?: OnlyFlags['cut'];
}

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

/** How far doctor's report indents a fix's lines after its first ("      fix: " leads it). */
const FIX_INDENT = 8;

function memo<T>(f: () => T): () => T {
  // What it threw is kept too: a broken file is read once, and every check is told the same.
  let v: { value: T } | { error: unknown } | undefined;
  return () => {
    if (!v)
      try {
        v = { value: f() };
      } catch (error) {
        v = { error };
      }
    if ('error' in v) throw v.error;
    return v.value;
  };
}

/**
 * --since given without --calls, `since` its value: the doctor line to run with --calls, or what is
 * wrong with --only, to be said first. Also asked by cli.ts of a value cut in two (`doctor --since 7d
 * ago`), so that and --calls are said at once.
 */
export function sinceWithoutCalls(opts: DoctorOptions, since: string): { problem?: OnlyProblem; hint: string } {
  // The checks asked for are kept too: pasted without --only, it ran every check. The webhook
  // check is not, without its file: pasted, it was refused for want of --webhook.
  const keep = (opts.only ?? []).filter((o) => opts.webhook !== undefined || o.toLowerCase() !== webhookCheck.id);
  // A name --only cannot take went into the command offered: `--only nosuch --since 7d` was told to
  // run `doctor --only nosuch --calls --since 7d`, which said "--only nosuch: no such check.".
  const all = [...CHECKS, ...(opts.webhook ? [webhookCheck] : [])];
  return {
    problem: onlyProblem(all, keep.filter((o) => o.toLowerCase() !== callsCheck.id), opts),
    hint: `Run \`phonebridge-sync doctor${opts.webhook === undefined ? '' : ` --webhook ${pathWord(opts.webhook)}`}${keep.length ? ` --only ${keep.map((o) => pastable(o)).join(' ')}` : ''} --calls --since ${pastable(since)}\`.`,
  };
}

/**
 * A --since value doctor cannot take, given without --calls: both said, --calls first. After the
 * value's own fault, ", and goes with --calls" read as part of its cure ("write 7d, and goes with --calls").
 * `problem` is a clause after "and": the value's fault, or the sentence of a value cut in two by the shell.
 */
export const sinceFaultWithoutCalls = (since: string, problem: string): string => `--since "${visible(since)}" goes with --calls, and ${problem}.`;

/**
 * The words no option took, with the checks they may be and a value they cut in two: said first.
 * cli.ts asks it before the run's context is made, as preAction asks every other command's:
 * `--sandbox doctor --profile my work` was told "--profile does not apply with --sandbox", where
 * `--sandbox match --profile my work` is told the value is cut in two.
 */
export function refuseStrayWords(opts: DoctorOptions): void {
  const stray = strayWords([...CHECKS, webhookCheck, callsCheck], opts.words ?? [], opts.only, { calls: opts.calls, webhook: opts.webhook, isOption: opts.isOption, cut: opts.cut });
  if (stray) throw new UsageError(stray.message, stray.hint);
}

export async function run(opts: DoctorOptions, ctx: Context): Promise<void> {
  refuseStrayWords(opts);
  // `--webhook "$CALL"` with CALL unset ran every other check and passed, as if no call was asked about.
  if (opts.webhook !== undefined && opts.webhook.trim() === '')
    throw new UsageError('--webhook was given an empty value: no call payload to read.', 'Give it the file the webhook request body was saved in (in a script, check that the variable is set).');
  const all = [...CHECKS, ...(opts.webhook ? [webhookCheck] : []), ...(opts.calls ? [callsCheck] : [])];
  let callPeriod: DoctorEnv['callPeriod'];
  if (opts.calls) {
    const to = ctx.now();
    const from = sinceInstant(opts.since ?? CALLS_SINCE_DEFAULT, to);
    if (!from)
      throw new UsageError(`--since "${visible(opts.since ?? '')}" ${sinceProblem(opts.since ?? '', to)}.`, SINCE_FORMS);
    callPeriod = { from, to, label: opts.since ?? CALLS_SINCE_DEFAULT };
  } else if (opts.since !== undefined) {
    const { problem, hint } = sinceWithoutCalls(opts, opts.since);
    if (problem) throw new UsageError(problem.message, problem.hint);
    // Its own fault with it: said one at a time, the value, quoted as told, was refused only once --calls was added.
    const own = sinceInstant(opts.since, ctx.now()) ? undefined : sinceProblem(opts.since, ctx.now());
    throw own ? new UsageError(sinceFaultWithoutCalls(opts.since, own), SINCE_FORMS) : new UsageError('--since goes with --calls.', hint);
  }
  const selection = selectChecks(all, opts.only, opts);
  if (selection.problem) throw new UsageError(selection.problem.message, selection.problem.hint);
  const { checks } = selection;

  const dir = configDir(ctx.globals);
  const store = new MappingStore(mappingsPath(ctx.globals, ctx.env), { placedBy: mappingsPlacedBy(ctx.globals, ctx.env) });
  let opened: Clients | undefined;
  // The one thing doctor writes: the Zoho access token it refreshes, cached as every command caches
  // it. Kept in memory only, each doctor run after the cached token expired spent one of the ~10
  // refreshes Zoho allows in 10 minutes, and a few runs while troubleshooting locked resync out.
  // Not the sandbox's, while its directory is not there: doctor reports the state it finds, and
  // caching made the directory config-dir had just said "does not exist yet" in the same run. Its
  // token is the emulator's and costs no refresh of Zoho's; its day and e-mails (sandbox-state.json)
  // are kept only in a directory that exists, so the sandbox needs nothing made for it here.
  const persistToken = !ctx.globals.sandbox || isDirectory(dir);
  const credentials = ctx.globals.sandbox ? new CredentialStore(dir, 'sandbox', 'sandbox') : new CredentialStore(dir, ctx.globals.profile);
  // One store for the checks and the clients: it reads the file once, and a broken file is one
  // error, said by each check that needs it, as the store keeps what its read threw.
  const clients = memo(async () => (opened = await (await import('../clients/connect.js')).connect(ctx, { persistToken, store: credentials })));
  const zohoUsers = memo(async () => (await clients()).zoho.listUsers());
  const myOperatorUsers = memo(async () => (await clients()).myoperator.listUsers());
  // Read once for the mappings and for the lines set aside, which are held when the file has the
  // bytes they were for: it was read a second time for them.
  const mappingBytes = memo(() => store.readBytes());
  const env: DoctorEnv = {
    ctx,
    dir,
    credentials,
    mappingsStore: store,
    clients,
    // Both sides at once, each read once and shared with the checks of one side alone.
    users: memo(async () => (await import('../clients/connect.js')).bothSides(zohoUsers(), myOperatorUsers())),
    sideUsers: ((side: 'zoho' | 'myoperator') => (side === 'zoho' ? zohoUsers() : myOperatorUsers())) as DoctorEnv['sideUsers'],
    mappings: memo((): MappingData => store.parse(mappingBytes())),
    history: memo(() => store.readHistory(env.heldAside)),
    heldAside: memo(() => store.heldAside(mappingBytes)),
    report: memo(async () => {
      const users = await env.users();
      return matchUsers({ ...users, ...savedPairs(env.mappings(), users) });
    }),
    fixPlan: memo(async () => planFix({ ...(await env.users()), mappings: env.mappings().mappings, report: await env.report() })),
    webhookFile: opts.webhook,
    callPeriod,
    output: ctx.globals.json ? 'document' : 'report',
    progress: () => {},
  };
  // A spinner takes the terminal's input while it spins (and Ctrl-C with it): a payload pasted for
  // --webhook /dev/stdin went to it, and the run waited for ever. Such a run reads the logs unspun.
  const progress = opts.calls && !(opts.webhook && namesTerminal(opts.webhook)) ? await startProgress(ctx, 'Reading MyOperator call logs…') : undefined;
  if (progress) env.progress = progress.update;
  const runCheck = async (c: Check): Promise<Outcome> => {
    try {
      return await c.run(env);
    } catch (e) {
      if (e instanceof UsageError && c.id === 'webhook') throw e;
      // A remote or a credential said no: that is the check's finding, in the error's own words and fix.
      if (e instanceof CliError) return { status: 'fail', message: e.message, hint: e.hint };
      return { status: 'fail', message: `the check itself failed: ${(e as Error).message}`, hint: 'Run with --verbose for details.' };
    }
  };
  // Decided here, as persistToken above: on a real config dir never used (a CI job's, with the
  // PHONEBRIDGE_* credentials), zoho-token's cache makes the directory and credentials.json on
  // purpose, and config-dir and credentials-file, judged first, said "does not exist yet" (fix:
  // run login) and "no credentials file" of what the same run then made. They describe the local
  // state the report is read in, so they are judged once every other check is done, and name what
  // this run made: predicted at the start, the words were false whenever the refresh failed.
  const late = checks.flatMap((c) => {
    const path = MADE_BY_TOKEN_CACHE.get(c)?.(env);
    return path === undefined ? [] : [{ c, path, wasThere: existsSync(path) }];
  });
  const results = new Map<Check, Promise<Outcome>>();
  for (const c of checks) if (!MADE_BY_TOKEN_CACHE.has(c)) results.set(c, runCheck(c));
  const others = Promise.allSettled(results.values());
  for (const { c, path, wasThere } of late) results.set(c, others.then(() => runCheck(c)).then((o) => (wasThere ? o : madeByThisRun(o, path))));
  // Every check is let finish before the clients close: with Promise.all a bad --webhook file
  // rejected at once, the close ran before another check opened the sandbox, and its servers then
  // kept the process alive forever.
  const settled = await Promise.allSettled(checks.map((c) => results.get(c)!)).finally(() => {
    progress?.stop();
    return opened?.close();
  });
  const rejected = settled.find((s) => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  const found = settled.map((s) => redacted((s as PromiseFulfilledResult<Outcome>).value));

  // A reason is said once, by the first check that failed or was skipped for it (the failure, where
  // it met a refusal); later ones point to it. One unreadable side fails every check that needs its users ("cannot check: …"), a
  // missing login skipped three Zoho checks with one sentence each, and a broken mappings file,
  // four lines at 80 columns, stopped every check after mappings-file.
  const saidBy = new Map<string, string>();
  // A missing scope is one reason whichever endpoint met it first: zoho-api met it at the count,
  // zoho-phonebridge at the users list, and one scope to add was two problems.
  const reason = (message: string) => clause(message.replace(/^(skipped|cannot check): /, '').replace(/^Zoho refused \/\S+: (?=the token lacks the scope )/, 'Zoho refused: '));
  const failed = new Set<string>();
  const sameAs: Array<string | undefined> = [];
  // How a check skipped for causes other checks said names them, where that is not "reason as <first>".
  const sameAsWords: Array<string | undefined> = [];
  const skippedFor = new Map<string, string>();
  // A side listing nobody was warned of by its login check (myoperator-api) with its fix, and the
  // first check of its users failed for it with the same fix again: one cause, one fix, said there.
  const warnedBy = new Map<string, string>();
  const fixSaidBy: Array<string[] | undefined> = [];
  // The checks that said each cause an outcome is made of (madeOf), once each, first first; undefined
  // unless every one was said by a check that failed for it, or (`warnings`) warned of it. Both sides
  // listing nobody, each already said: a third ✗ said the two again, and mapping-health, failing for
  // the two after each login check's warning, gave the two fixes again as one.
  const partsSaidBy = (madeOf: readonly string[] | undefined, warnings: boolean) => {
    const by = (madeOf ?? []).map((part) => (warnings ? warnedBy.get(reason(part)) : undefined) ?? [saidBy.get(reason(part))].find((id) => id !== undefined && failed.has(id)));
    return by.length && by.every((id) => id !== undefined) ? [...new Set(by as string[])] : undefined;
  };
  let inTheWay: string | undefined;
  let unusableDir: boolean | undefined;
  const inUnusableConfigDir = (message: string) =>
    ((inTheWay ??= fileWhereConfigDirGoes(dir) ?? '') !== '' && message.includes(`${inTheWay} is a file, not a directory`)) ||
    ((unusableDir ??= configDirFound(dir).state === 'unusable') && message.includes(`${dir}${sep}`));
  const outcomes = checks.map((check, i): Outcome => {
    const { hintAfter, ...given } = found[i]!;
    const o: Outcome = hintAfter ? { ...given, hint: redact(hintAfter([...failed])) } : given;
    // One side listing nobody failed six checks of users with one fix: its cause is said once.
    const cause = reason(o.reason ?? o.message);
    let first = o.status === 'skip' || o.status === 'fail' ? saidBy.get(cause) : undefined;
    const parts = o.status === 'fail' && !first ? partsSaidBy(o.madeOf, false) : undefined;
    if (parts) {
      first = parts[0];
      sameAsWords[i] = `reasons as ${parts.join(' and ')}`;
    }
    // Skipped for want of a check that failed, it says that check's reason in other words: an empty
    // PHONEBRIDGE_ZOHO_CLIENT_ID was named at zoho-credentials, then again in zoho-token's "Not
    // logged in to Zoho …". The checks that would repeat it point to the first, as to a sentence.
    // A check it needs that was itself skipped for a failure (mappings-file, in a config dir that
    // cannot be entered) passes that failure on: its own words ("Cannot read the mappings file …")
    // made one more first.
    // A check that failed where what it needs failed (needing()'s "cannot check: …") is skipped for it too.
    if (!first && (o.status === 'skip' || o.status === 'fail') && (first = check.needs?.map((id) => (failed.has(id) ? id : skippedFor.get(id))).find((id) => id !== undefined)))
      saidBy.set(cause, first);
    // A config dir no command can use fails every store under it, each in its own words ("Cannot read
    // the credentials file …: <it> is a file, not a directory", or "…/credentials.json: <it> cannot be
    // entered", with a chmod of its own): one cause, counted and fixed at config-dir. In one that
    // cannot be entered, zoho-credentials was a second ✗, and the sandbox's six.
    if (!first && (o.status === 'skip' || o.status === 'fail') && failed.has(configDirCheck.id) && inUnusableConfigDir(o.message))
      saidBy.set(cause, (first = configDirCheck.id));
    sameAs.push(first);
    if (first === undefined && (o.status === 'skip' || o.status === 'fail')) {
      saidBy.set(cause, check.id);
      const warned = warnedBy.get(cause);
      fixSaidBy[i] = warned === undefined ? partsSaidBy(o.madeOf, true) : [warned];
    }
    if (o.status === 'warn' && o.reason !== undefined && !warnedBy.has(cause)) warnedBy.set(cause, check.id);
    // A check that cannot run for a failure already counted is not checked, not one more problem:
    // logged in to neither side, "8 failed" counted six user checks that had not run.
    if (first !== undefined && failed.has(first)) skippedFor.set(check.id, first);
    if (o.status === 'fail' && first !== undefined && failed.has(first)) return { ...o, status: 'skip' };
    if (o.status === 'fail') failed.add(check.id);
    return o;
  });

  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const o of outcomes) summary[o.status]++;
  if (ctx.globals.json) {
    ctx.stdout.write(
      toJson(
        {
          // The whole fix only: a brief one is the terminal's shorter form of it.
          checks: checks.map((c, i) => {
            const { brief: _terminalOnly, reason: _runnersKey, madeOf: _runnersKeys, ...o } = outcomes[i]!;
            return { id: c.id, group: c.group, ...o, hint: o.hint ?? null, data: o.data ?? null };
          }),
          summary,
          ...(opts.calls ? { calls: callsDocument(outcomes[checks.indexOf(callsCheck)]) } : {}),
        },
        ctx.stdoutIsTTY,
        ctx.retargetJson,
      ),
    );
  } else {
    const c = palette(ctx.color);
    const colour: Record<CheckStatus, (s: string) => string> = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.gray };
    let out = '';
    let group = '';
    checks.forEach((check, i) => {
      let o = outcomes[i]!;
      if (check.group !== group) out += `${out ? '\n' : ''}${c.bold((group = check.group))}\n`;
      // What a check saw beyond the shared cause (user-status' Zoho users, with MyOperator listing nobody) is still said.
      const beyond = o.reason !== undefined && o.message.startsWith(o.reason) ? o.message.slice(o.reason.length) : '';
      if (sameAs[i]) o = { ...o, message: `${o.status === 'skip' ? 'skipped' : 'cannot check'}, for the same ${sameAsWords[i] ?? `reason as ${sameAs[i]}`}${beyond}`, hint: undefined, brief: undefined };
      else if (fixSaidBy[i] && o.hint) o = { ...o, hint: `see ${fixSaidBy[i]!.join(' and ')} above: the same cause${fixSaidBy[i]!.length > 1 ? 's' : ''}.`, brief: undefined };
      // The brief fix is for a person at a screen: piped (a log, a ticket) the fix is whole, as under --verbose.
      const fix = ctx.stdoutIsTTY && !ctx.globals.verbose ? (o.brief ?? o.hint) : o.hint;
      const [first, ...rest] = printable(ctx.retarget(o.message)).split('\n');
      const cols = ctx.stdoutIsTTY ? ctx.stdout.columns : undefined;
      // Continuation lines keep the message's own indent, plus two, so a wrapped line reads as one.
      const line = (l: string) =>
        wrapIndented(l.trimStart(), cols, ' '.repeat(8 + l.length - l.trimStart().length), ' '.repeat(6 + l.length - l.trimStart().length));
      out += `${wrapIndented(first ?? '', cols, '      ', `  ${colour[o.status](MARK[o.status])} ${check.id}: `)}\n${rest.map((l) => `${line(l)}\n`).join('')}`;
      if (fix && o.status !== 'pass') out += `${wrapIndented(printable(ctx.retarget(fix)), cols, ' '.repeat(FIX_INDENT), `      ${c.dim('fix:')} `)}\n`;
    });
    out += `\n${summary.pass} passed, ${summary.warn} warning${summary.warn === 1 ? '' : 's'}, ${summary.fail} failed, ${summary.skip} skipped.\n`;
    await page(ctx, out);
  }
  if (summary.fail > 0) throw new AttentionNeeded(`doctor found ${summary.fail} problem${summary.fail === 1 ? '' : 's'} (${ctx.globals.json ? 'status "fail" in the document' : reportWhere(ctx)}).`);
}

/**
 * Where the report's ✗ are, for stderr's closing sentence: "above" only where both go to the terminal;
 * a file stderr is sent to (`2>err.log`) holds the sentence apart from the report.
 */
function reportWhere(ctx: Context): string {
  if (!ctx.stdoutIsTTY) return '✗ in the report on standard output';
  return besideOutput(ctx) ? '✗ above' : '✗ in the report on the terminal';
}

/** The checks of what zoho-token's cache may make, each with the path it looks at. */
const MADE_BY_TOKEN_CACHE = new Map<Check, (env: DoctorEnv) => string>([
  [configDirCheck, (env) => env.dir],
  [credentialsFileCheck, (env) => env.credentials.path],
]);

/** A check of a path that was not there when doctor started, and passes now: the token cache made it. */
function madeByThisRun(o: Outcome, path: string): Outcome {
  return o.status === 'pass' && existsSync(path) ? { ...o, message: `${o.message}, made by this run to cache the Zoho access token` } : o;
}

/** `calls` in doctor's JSON: the audit's summary and agents, or null with the reason when it could not run. */
function callsDocument(o: Outcome | undefined) {
  const d = o?.data as { summary?: unknown; agents?: unknown } | undefined;
  return d?.summary ? { ...d, error: null } : { summary: null, agents: [], error: o?.message ?? 'not run' };
}

/** Checks quote remote text (an error_description may echo our request): nothing leaves doctor unredacted, --json included. */
function redacted(o: Outcome): Outcome {
  return {
    ...o,
    message: redact(o.message),
    ...(o.hint === undefined ? {} : { hint: redact(o.hint) }),
    ...(o.brief === undefined ? {} : { brief: redact(o.brief) }),
    ...(o.reason === undefined ? {} : { reason: redact(o.reason) }),
    ...(o.madeOf === undefined ? {} : { madeOf: o.madeOf.map(redact) }),
    ...(o.data === undefined ? {} : { data: JSON.parse(redact(JSON.stringify(o.data))) as unknown }),
  };
}
