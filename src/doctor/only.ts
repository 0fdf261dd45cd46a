/**
 * `doctor --only`: which checks the names given select, or why they select none. Data in, data
 * out: the command turns a problem into its usage error (exit 2), so every sentence here can be
 * tested without a run.
 */
import { pastable, visible } from '../core/forensics.js';
import { nearestName } from '../core/suggest.js';
import { callsCheck } from './checks/calls.js';
import { webhookCheck } from './checks/webhook.js';
import { giveApart, joinsWords, shownValue, wordsOf } from '../io/option-words.js';
import { giveAfterOnly, noOptionsValue, notAmongOnly, type StrayProblem } from '../io/stray-words.js';

/** What --only reads of a check: the names a person may type, and what it stands on. */
export interface Selectable {
  id: string;
  group: string;
  needs?: readonly string[];
}

/** The flags that decide whether the calls checks are there to be named. */
export interface OnlyFlags {
  webhook?: string;
  calls?: boolean;
  /**
   * commander's rule for an option word (option-values.ts looksLikeOption), handed in by cli.ts,
   * which has commander loaded: imported here, commander left cli.js for a chunk of its own, one
   * more file every start-up read. Without it no name is taken for an option.
   */
  isOption?: (word: string) => boolean;
  /** The value of an option cut in two by these words (`--webhook my call.json`), as cli.ts found it: said where no check is among them. */
  cut?: StrayProblem;
}

export interface OnlyProblem {
  /** option: a flag where a check was expected; empty: ''; flag-needed: calls/webhook without their flag; commas: checks in one value (commas, or quoted with spaces); unknown; stray: words no option took. */
  kind: 'option' | 'empty' | 'flag-needed' | 'commas' | 'unknown' | 'stray';
  message: string;
  hint: string;
}

export type OnlySelection<C> = { checks: C[]; problem?: undefined } | { checks?: undefined; problem: OnlyProblem };

/**
 * The checks `--only` names (each check, or a group), in `all`'s order, with the checks they need;
 * every check of `all` when nothing is named, except with --webhook. The Calls checks in `all`
 * always run: their flag asked for them.
 */
export function selectChecks<C extends Selectable>(all: readonly C[], names: readonly string[] | undefined, flags: OnlyFlags): OnlySelection<C> {
  const problem = onlyProblem(all, names ?? [], flags);
  if (problem) return { problem };
  // Decided: --webhook asks where one call goes, so alone it is `--only calls`. Beside every check,
  // "✓ webhook: call c1 goes to Zoho user Ravi Kumar" came last and exit 5 for problems of other
  // users; now the exit code is the call's (and its mappings file's). --only adds the others back.
  const only = (names?.length ? names : flags.webhook ? ['calls'] : []).map((o) => o.toLowerCase());
  const chosen = all.filter((c) => only.includes(c.id) || only.includes(c.group.toLowerCase()) || c.group === 'Calls');
  // What the chosen checks stand on runs too: alone, `--only mappings` skipped on a broken file and passed.
  const needed = new Set(chosen.flatMap((c) => c.needs ?? []));
  return { checks: only.length ? all.filter((c) => chosen.includes(c) || needed.has(c.id)) : [...all] };
}

/** Why the names given to --only select no checks (the sentence and its fix), or undefined when they all name one. */
export function onlyProblem(all: readonly Selectable[], names: readonly string[], flags: OnlyFlags): OnlyProblem | undefined {
  // `--only --webhook call.json` gave --only the option and its file ("--only --webhook, call.json:
  // no such check", then "The calls checks come with --calls or --webhook"): the option is named.
  // Named without its value (`--since=7d` as --since), unless nothing is before the "=": "--=x" as "--".
  const isOption = flags.isOption ?? (() => false);
  const word = names.find(isOption);
  const flag = word && (isOption(word.split('=')[0]!) ? word.split('=')[0] : word);
  if (flag !== undefined)
    return {
      kind: 'option',
      message: `--only ${visible(flag)}: that is an option, not a check.`,
      hint: `Name the checks right after --only, e.g. --only users ${visible(flag)} …, or put ${visible(flag)} before --only.`,
    };
  const only = names.map((o) => o.toLowerCase());
  const known = new Set([...all.map((c) => c.id), ...all.map((c) => c.group.toLowerCase())]);
  const unknown = only.filter((o) => !known.has(o));
  if (!unknown.length) return undefined;
  const checksAre = `Checks: ${all.map((c) => c.id).join(', ')} (or a group: config, zoho, myoperator, users, mappings${flags.webhook || flags.calls ? ', calls' : ''}).`;
  // An empty value (a variable unset in a script) was "--only : no such check.", naming nothing.
  if (unknown.some((o) => !o.trim())) return { kind: 'empty', message: '--only was given an empty value, which names no check.', hint: `${checksAre} In a script, check that the variable is set.` };
  // A check that is there, only not asked for: "no such check" was untrue of the group --help names.
  // Both named, each is told its flag: `doctor --calls --only calls webhook`, offered for both,
  // then said "--only webhook: no such check."
  const calls = unknown.includes(callsCheck.id);
  const webhook = unknown.includes(webhookCheck.id);
  const notAskedFor = (o: string) => (o === callsCheck.id && !flags.calls && !flags.webhook) || (o === webhookCheck.id && !flags.webhook);
  const runsWith = (ids: string[]) =>
    [
      ids.includes(callsCheck.id) && 'the calls checks run only with --calls (the call logs) or --webhook <file> (one saved call payload)',
      ids.includes(webhookCheck.id) && `the webhook check${ids.includes(callsCheck.id) ? ' only with --webhook <file>' : ' runs only with --webhook <file> (one saved call payload)'}`,
    ]
      .filter(Boolean)
      .join(', and ');
  if (unknown.every(notAskedFor)) {
    const giveWebhook = 'give --webhook the file the call payload was saved in';
    const runCalls = `Run \`phonebridge-sync doctor --calls --only ${only.filter((o) => o !== webhookCheck.id).map((o) => pastable(o)).join(' ')}\``;
    return {
      kind: 'flag-needed',
      message: `--only ${unknown.join(', ')}: ${runsWith(unknown)}.`,
      hint: calls && webhook ? `${runCalls} for the call logs; for the webhook check, ${giveWebhook}.` : calls ? `${runCalls}.` : `${giveWebhook[0]!.toUpperCase()}${giveWebhook.slice(1)}.`,
    };
  }
  // `--only users, mappings` as a shell splits it: "users," ends in the comma it is told about.
  // `--only "users mappings"` (a script's "$CHECKS") is one value too: "--only users mappings: no
  // such check." read as two names that --help lists, so it is quoted and its words are offered.
  // A value with a space in it is said in quotes, as fix --only says one: `--only "users, mappings"`
  // was "--only users, mappings: no such check.", the way two values are listed, both checks.
  // `--only calls,webhook` without --calls/--webhook: the two names were not counted as checks, so
  // the spaces were not suggested, only the list, and spaced they still need their flag.
  const commas = unknown.filter((o) => joinsWords(o) && wordsOf(o).length > 0 && wordsOf(o).every((part) => known.has(part) || notAskedFor(part)));
  if (commas.length && unknown.every((o) => commas.includes(o) || notAskedFor(o))) {
    const spaced = only.flatMap((o) => (commas.includes(o) ? wordsOf(o) : [o]));
    const flagless = runsWith(spaced.filter(notAskedFor));
    return {
      kind: 'commas',
      message: `--only ${commas.map(shownValue).join(', ')}: no such check.`,
      hint: `${giveApart(commas, 'check')}: --only ${spaced.join(' ')}.${flagless ? ` ${flagless[0]!.toUpperCase()}${flagless.slice(1)}.` : ''}`,
    };
  }
  const noSuch = unknown.filter((o) => !notAskedFor(o));
  // A typo of a check was left to be found in the list: the nearest name is offered, as commander offers an option's.
  const near = noSuch.flatMap((o) => {
    const to = nearestName(o, [...known]);
    return to ? [{ o, to }] : [];
  });
  const meant = near.length === 0 ? '' : `Did you mean ${noSuch.length === 1 ? near[0]!.to : near.map(({ o, to }) => `${to} (for ${shownValue(o)})`).join(' and ')}? `;
  return {
    kind: 'unknown',
    // Beside a name that is no check, one that is only not asked for is not called "no such check": the hint says where it is.
    message: `--only ${noSuch.map(shownValue).join(', ')}: no such check.`,
    // With --calls, the webhook check was "no such check" with nothing to say where it is.
    hint: `${meant}${checksAre}${flags.webhook || flags.calls ? '' : ' The calls checks come with --calls or --webhook.'}${flags.calls && !flags.webhook && webhook ? ' The webhook check comes with --webhook <file>.' : ''}`,
  };
}


/**
 * The words of `doctor` that no option took (after `--`, after another option, or with no --only),
 * or undefined, in every command's words (io/stray-words.ts). Checks among them are offered to one --only.
 */
export function strayWords(all: readonly Selectable[], words: readonly string[], names: readonly string[] | undefined, flags: OnlyFlags = {}): OnlyProblem | undefined {
  if (words.length === 0) return undefined;
  const known = new Set([...all.map((c) => c.id), ...all.map((c) => c.group.toLowerCase())]);
  // `--only users -- calls` offered `--only users calls`, which then failed for want of --calls: its flag is said now.
  const lower = words.map((w) => w.toLowerCase());
  const checks = lower.every((w) => known.has(w));
  // With no --only typed and no check among them (`doctor --calls --since last week`), --only has
  // nothing to do with them: "not among the checks of --only" named an option nobody typed.
  if (!checks && flags.cut) return { kind: 'stray', ...flags.cut };
  if (names === undefined && !checks) return { kind: 'stray', ...noOptionsValue('doctor', words) };
  const flag =
    lower.includes(webhookCheck.id) && !flags.webhook
      ? ' The webhook check runs only with --webhook <file> (one saved call payload): add it.'
      : lower.includes(callsCheck.id) && !flags.calls && !flags.webhook
        ? ' The calls checks run only with --calls (the call logs) or --webhook <file>: add one.'
        : '';
  return {
    kind: 'stray',
    message: notAmongOnly('doctor', words, 'check'),
    hint: checks
      ? `${giveAfterOnly(names, words, 'check', flags.isOption ?? (() => false))}${flag}`
      : 'Give checks after one --only, separated by spaces (`phonebridge-sync doctor --help` lists them, and the options).',
  };
}
