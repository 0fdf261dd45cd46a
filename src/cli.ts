/**
 * The commander program: global options, the commands, and the one handler that turns every error
 * into a sentence and an exit code. Command modules are imported inside their action, so
 * `--help` and `--version` load nothing but commander.
 */
import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { createRequire } from 'node:module';
import { CliError, EXIT, EXIT_CODE_TABLE, leftPrompt, UsageError } from './errors.js';
import { printable, SECRET, optionPlaceholder } from './clients/redact.js';
import { cannotWrite } from './store/file-errors.js';
import { homeExpanded } from './store/home-path.js';
import { endQuietlyOnClosedPipe, exitCodeAfter, silenced } from './io/closed-pipe.js';
import { readsMayBlock } from './io/blocked-reads.js';
import { cutShortNote, endedBy, handOver } from './io/graceful-stop.js';
import { letGoOfGoneTerminal } from './io/gone-terminal.js';
import { retarget, shellWord, targetOptions } from './io/invocation.js';
import { misplacedOptionHint } from './io/misplaced-option.js';
import { optionsTakenBy } from './io/options-taken.js';
import { refuseUnknownOptionIn, sayUnknownOption } from './io/unknown-option.js';
import { series } from './io/plural.js';
import { repeatedWords } from './io/repeated-words.js';
import { gluedValues, looksLikeOption, optionsEnd, refuseOptionAsValue, takesOneValue, typedAsOption, wordsBeforeCommand } from './option-values.js';
import type { Context, GlobalOptions } from './context.js';
import type { Clients } from './clients/connect.js';
import type { ResyncOptions } from './commands/resync.js';
import type { MappingStore } from './store/mappings.js';
import type { PageSays } from './io/ci-page.js';
import type { StrayProblem } from './io/stray-words.js';
import { DEFAULT_MAX_PRUNE, MAX_CHANGES_DEFAULT } from './core/max-changes.js';
import { inMyOperatorPanel } from './core/myoperator-panel.js';

/**
 * The bundle (scripts/bundle.mjs) has the version written in at build time, since it sits at
 * another depth than dist/cli.js; tsc's output reads it from package.json beside dist/.
 */
declare const PACKAGE_VERSION: string | undefined;
const version =
  typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const EXAMPLES = `
Examples:
  $ phonebridge-sync --sandbox resync            try everything on the built-in demo company
  $ phonebridge-sync --sandbox fix               make MyOperator hold the Zoho e-mails, verified
  $ phonebridge-sync --sandbox doctor --calls    calls PhoneBridge could not attribute, per agent
  $ phonebridge-sync match --zoho-file zoho.json --myoperator-file myoperator.csv
  $ phonebridge-sync match --json --zoho-file z.csv --myoperator-file m.csv | jq .summary

Exit codes:
${EXIT_CODE_TABLE.map(([code, what]) => `  ${String(code).padEnd(4)} ${what}`).join('\n')}

Environment:
  PHONEBRIDGE_PROFILE, PHONEBRIDGE_CONFIG_DIR   same as --profile, --config-dir
  CI                                           no prompts, spinners, pager or colour
  PHONEBRIDGE_PAGER, PAGER                     pager for output longer than the screen (default: less)
  PHONEBRIDGE_ZOHO_CLIENT_ID, PHONEBRIDGE_ZOHO_CLIENT_SECRET,
  PHONEBRIDGE_ZOHO_REFRESH_TOKEN, PHONEBRIDGE_ZOHO_DC,
  PHONEBRIDGE_ZOHO_PRODUCT                     a Zoho login for CI (wins over the saved one)
  PHONEBRIDGE_MYOPERATOR_TOKEN                 the MyOperator token for CI (wins likewise)

Colour: --no-color turns it off; else FORCE_COLOR (not 0) turns it on, even piped or under CI; else NO_COLOR turns it off, and so does CI; else it is on at a terminal. --json is never coloured.
`;

/** commander argument parser: a whole number ≥ 0, or one sentence naming the flag. */
function wholeNumber(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${flag} takes a whole number, e.g. ${flag} 10.`);
    // Whole, but past what a number holds exactly: "takes a whole number" of one was untrue.
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} takes a whole number up to ${Number.MAX_SAFE_INTEGER.toLocaleString('en')}, e.g. ${flag} 10.`);
    return n;
  };
}

/**
 * An option of commander's .choices(), taken in any case and given on in the listed one, as `list
 * Zoho` is taken: `list zoho --status Active` was refused, and `login zoho --dc IN`. A value of none
 * says what .choices() says. One function, so the choices --help lists and those taken cannot differ.
 */
function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices).argParser((v: string): string => {
    const chosen = choices.find((c) => c === v.toLowerCase());
    if (chosen === undefined) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return chosen;
  });
}

/**
 * A profile names a file (`mappings/<profile>.json`) and a key of credentials.json: a name, never
 * a path, so `--profile ../../x` cannot put a mappings file outside the config dir.
 */
function profileName(v: string): string {
  // Only what makes it a path, or hides what it is, is refused: "acme corp" and ".old" keep working.
  // An empty PHONEBRIDGE_PROFILE (a CI variable left unset) counts as set, so it gets its own words.
  if (v === '') throw new InvalidArgumentError('A profile name cannot be empty (an empty PHONEBRIDGE_PROFILE counts as set): unset it, or give a name, e.g. --profile work.');
  const path = v === '.' || v === '..' || /[/\\]/.test(v);
  // Controls, format characters (bidi overrides, zero-width), line separators, or spaces at either end.
  const hidden = /[\p{C}\p{Zl}\p{Zp}]/u.test(v) || v.trim() !== v;
  // With ".history.jsonl" after it, a file name must stay under the usual 255-byte limit.
  if (path || hidden || Buffer.byteLength(v) > 200)
    throw new InvalidArgumentError(
      "--profile (or PHONEBRIDGE_PROFILE) names a file: not '.' or '..', without '/' or '\\', invisible characters or spaces at either end, at most 200 bytes, e.g. --profile work.",
    );
  // As a key of credentials.json it was saved ("Logged in … Saved in") and never read back: a
  // parsed object takes "__proto__" for its prototype, so every later run found no login, logout
  // removed nothing, and the token stayed in the file.
  if (v === '__proto__')
    throw new InvalidArgumentError('--profile (or PHONEBRIDGE_PROFILE) cannot be "__proto__": the credentials file could save that profile but never read it back. Choose another name, e.g. --profile work.');
  return v;
}

/**
 * Closing notes wrap like commander wraps the options: to the terminal's width (80 off a
 * terminal), between words. Not capped for readability: held to 100 columns, they stood in a
 * strip narrower than the option lines above them at 120, while every sentence a command prints
 * fills the screen; and the wider the line, the fewer examples break. A table row that does not
 * fit goes on under its own second column (`  5 attention needed (…` continues under
 * "attention"); another indented line four columns further in, so its continuation never reads
 * as a row of its own. An example command is never broken. Computed when help is shown, for the
 * terminal it is shown on.
 */
function note(text: string): () => string {
  return () => {
    const width = process.stdout.columns || 80;
    // Greedy fill: words (each with the spaces before it, so a line keeps its own alignment up to a
    // break) onto lines of the width; each later line starts with `hang`, each but the last ends
    // with `tail`; never a break right after an example's "$".
    const fill = (first: string, words: string[], hang: string, tail = ''): string => {
      const out: string[] = [];
      let cur = first;
      for (const word of words) {
        if (cur.trim() && !/^\s*\$$/.test(cur) && cur.length + word.length + tail.length > width) {
          out.push(cur + tail);
          cur = hang + word.trimStart();
        } else cur += word;
      }
      return [...out, cur].join('\n');
    };
    const wordsOf = (text: string) => text.match(/ *\S+/g) ?? [];
    // `hangAt`: where the lines a text wraps to start, when the caller knows (a text put below its name).
    const wrap = (line: string, hangAt?: number): string => {
      if (line.length <= width) return line;
      // An example is a command to copy. What it does, if beside it, goes on the line below; a
      // command still too long breaks between words with a trailing " \\", so it pastes as one.
      const example = /^(\s+\$ .*?\S)( {2,})(\S.*)$/.exec(line);
      if (example) return `${wrap(example[1]!)}\n${wrap(`      ${example[3]}`, 6)}`;
      if (/^\s+\$ /.test(line)) return fill('', wordsOf(line), '      ', ' \\');
      const lead = /^ */.exec(line)![0].length;
      // The second column of a table row: where the text after the first run of two spaces starts.
      const column = /^\s*\S(?:.*?\S)? {2,}/.exec(line)?.[0].length;
      // A second column past half the screen: the row's name alone, its text on the lines below.
      if (column !== undefined && column * 2 > width) return `${line.slice(0, column).trimEnd()}\n${wrap(' '.repeat(lead + 4) + line.slice(column), lead + 4)}`;
      return fill(line.slice(0, lead), wordsOf(line.slice(lead)), ' '.repeat(hangAt ?? column ?? lead + (lead ? 4 : 0)));
    };
    return text
      .split('\n')
      .map((line) => wrap(line))
      .join('\n');
  };
}

/** Two examples for each command, shown under its --help; the users they name are the demo company's, so each pastes into the sandbox. */
const COMMAND_EXAMPLES: Record<string, string[]> = {
  match: ['phonebridge-sync --sandbox match', 'phonebridge-sync match --zoho-file zoho.json --myoperator-file myoperator.csv --json | jq .summary'],
  login: ['phonebridge-sync login                  # both sides, asking for what is missing', 'phonebridge-sync login myoperator --token "$MYOPERATOR_TOKEN"'],
  logout: ['phonebridge-sync logout', 'phonebridge-sync logout zoho --profile staging'],
  list: ['phonebridge-sync --sandbox list zoho --status active', 'phonebridge-sync list mappings --csv > mappings.csv'],
  map: ['phonebridge-sync map                    # at a terminal: one question per Zoho user', 'phonebridge-sync map --zoho Ravi.Kumar@acmetraders.in --myoperator 12'],
  resync: ['phonebridge-sync resync --dry-run', 'phonebridge-sync resync --prune --fail-on-unresolved --yes   # in CI'],
  doctor: ['phonebridge-sync doctor', 'phonebridge-sync --sandbox doctor --calls', 'phonebridge-sync doctor --calls --since 30d --json | jq .calls.summary'],
  fix: ['phonebridge-sync --sandbox fix --dry-run', 'phonebridge-sync fix --only Ravi.Kumar@acmetraders.in 14 --yes', 'phonebridge-sync fix --worklist fixes.csv'],
};

/**
 * PHONEBRIDGE_SANDBOX read as a person means it: commander's env() turns a flag on for any value,
 * so `PHONEBRIDGE_SANDBOX=0` ran a CI job against the demo company with no word said.
 */
function sandboxFromEnv(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  throw new UsageError(`PHONEBRIDGE_SANDBOX="${value}" is neither on (1, true, yes, on) nor off (0, false, no, off, or empty).`, 'Set it to 1 for the sandbox, or unset it.');
}

/** Why --profile and --mappings typed with the sandbox on are refused, and what the run would work on without the sandbox. */
const SANDBOX_KEEPS = {
  '--profile': { why: 'the sandbox has one profile of its own, whatever the name', target: 'that profile' },
  '--mappings': { why: 'the sandbox keeps its own mappings (under the config dir, in sandbox/), so a real mappings file is never changed', target: 'that file' },
};

/** What turned the sandbox on, as a sentence names it, and how a hint turns it off. */
function sandboxBy(fromEnv: boolean): { name: string; off: string } {
  return fromEnv ? { name: 'PHONEBRIDGE_SANDBOX', off: 'unset PHONEBRIDGE_SANDBOX' } : { name: '--sandbox', off: 'drop --sandbox' };
}

/**
 * A --profile or --mappings value cut in two with the sandbox on, said with the sandbox's refusal
 * in one sentence, as doctor's --since says "goes with --calls, and …": told to quote the value,
 * the admin who did was refused the option on the next run. `argv`: the command line.
 */
function cutUnderSandbox<P extends StrayProblem | undefined>(problem: P, argv: readonly string[]): P | StrayProblem {
  const flag = problem?.cut?.flag;
  if (flag !== '--profile' && flag !== '--mappings') return problem;
  const byFlag = typedAsOption('--sandbox', argv);
  if (!byFlag && !sandboxFromEnv(process.env.PHONEBRIDGE_SANDBOX)) return problem;
  const by = sandboxBy(!byFlag);
  const { why, target } = SANDBOX_KEEPS[flag];
  const { quoted } = problem!.cut!;
  return {
    message: `${quoted} does not apply with ${by.name}, and ${problem!.message}`,
    hint: `${why[0]!.toUpperCase()}${why.slice(1)}: drop ${flag} to try the sandbox, or ${by.off} to work on ${target}, its name in quotes (\`${quoted}\`).`,
  };
}

/**
 * The global options; whether PHONEBRIDGE_SANDBOX (not --sandbox) turned the sandbox on; and the
 * options typed that choose what the run acts on, for the commands its sentences quote.
 */
function globalsOf(cmd: Command): { globals: GlobalOptions; sandboxByEnv: boolean; target: string; pageTarget: string } {
  const o = cmd.optsWithGlobals();
  // An empty directory (a variable left unset in a script) would be the current directory, where
  // credentials and mappings would then be written. As with the profile, an empty variable counts as set.
  if (o.configDir !== undefined && o.configDir.trim() === '')
    throw new UsageError(
      `A config directory cannot be empty${cmd.getOptionValueSourceWithGlobals('configDir') === 'env' ? ' (an empty PHONEBRIDGE_CONFIG_DIR counts as set)' : ''}: it would be the current directory.`,
      'Give a directory, or leave --config-dir (and PHONEBRIDGE_CONFIG_DIR) out for the default.',
    );
  const fromEnv = o.sandbox !== true && sandboxFromEnv(process.env.PHONEBRIDGE_SANDBOX);
  if (fromEnv) o.sandbox = true;
  // The sandbox keeps the demo's profile and mappings in a dir of its own: a real mappings file must
  // never get the demo's users, nor lose its own to a --prune. A CI's PHONEBRIDGE_MAPPINGS_FILE is
  // left alone; --profile or --mappings typed with the sandbox on is a mistake to say.
  if (o.sandbox === true) {
    const by = sandboxBy(fromEnv);
    const refuse = (flag: keyof typeof SANDBOX_KEEPS) =>
      new UsageError(`${flag} does not apply with ${by.name}: ${SANDBOX_KEEPS[flag].why}.`, `Drop ${flag} to try the sandbox, or ${by.off} to work on ${SANDBOX_KEEPS[flag].target}.`);
    if (cmd.getOptionValueSourceWithGlobals('profile') === 'cli') throw refuse('--profile');
    if (cmd.getOptionValueSourceWithGlobals('mappings') === 'cli') throw refuse('--mappings');
    o.mappings = undefined;
  }
  // Read as no value, an empty one sent a CI's resync to the runner's throwaway config dir, and
  // the commit step after it found nothing: said, as for the config dir.
  if (o.mappings !== undefined && o.mappings.trim() === '')
    throw new UsageError(
      `A mappings file cannot be empty${cmd.getOptionValueSourceWithGlobals('mappings') === 'env' ? ' (an empty PHONEBRIDGE_MAPPINGS_FILE counts as set)' : ''}.`,
      'Give a file, or leave --mappings (and PHONEBRIDGE_MAPPINGS_FILE) out for the default, <config-dir>/mappings/<profile>.json.',
    );
  // A line break or space at an end would become part of the name (a CI's YAML ">" or "|" block
  // ends its value with one): a resync made "mappings.json\n" beside the file the job commits.
  for (const [key, flag, variable, what] of [
    ['configDir', '--config-dir', 'PHONEBRIDGE_CONFIG_DIR', 'directory'],
    ['mappings', '--mappings', 'PHONEBRIDGE_MAPPINGS_FILE', 'file'],
  ] as const) {
    const value = o[key] as string | undefined;
    const named = cmd.getOptionValueSourceWithGlobals(key) === 'env' ? variable : flag;
    // Not standard input or output: a map or resync wrote a "-" of its own in the working directory.
    if (value === '-')
      throw new UsageError(`${named} "-" would be a ${what} named "-" in the working directory: "-" is not standard input or output here.`, `Give a path (./- for a ${what} of that name).`);
    if (value !== undefined && value !== value.trim())
      throw new UsageError(
        `${named} ${JSON.stringify(value)} has a space or line break at an end, which would become part of the ${what}'s name.`,
        `Give the path without it (in YAML, a plain value rather than a ">" or "|" block).`,
      );
  }
  const globals: GlobalOptions = {
    profile: o.profile,
    configDir: o.configDir === undefined ? undefined : homeExpanded(o.configDir),
    json: o.json === true,
    color: o.color !== false,
    verbose: o.verbose === true,
    sandbox: o.sandbox === true,
    yes: o.yes === true,
    mappings: o.mappings === undefined ? undefined : homeExpanded(o.mappings),
    mappingsFrom: o.mappings === undefined ? undefined : cmd.getOptionValueSourceWithGlobals('mappings') === 'env' ? 'env' : 'cli',
    pager: o.pager !== false,
  };
  return { globals, sandboxByEnv: fromEnv, target: targetOf(cmd), pageTarget: pageTargetOf(cmd, o) };
}

/**
 * The options typed on the command line that choose what the run acts on, as commander parsed
 * them (also when the command word itself was unknown: the program's own options are read first).
 */
function targetOf(cmd: Command): string {
  const o = cmd.optsWithGlobals();
  const typed = (name: string) => cmd.getOptionValueSourceWithGlobals(name) === 'cli';
  return targetOptions({
    sandbox: typed('sandbox') && o.sandbox === true,
    configDir: typed('configDir') ? o.configDir : undefined,
    profile: typed('profile') ? o.profile : undefined,
    mappings: typed('mappings') ? o.mappings : undefined,
  });
}

/**
 * targetOf for resync's GITHUB_STEP_SUMMARY, read on the CI page and pasted at someone's terminal,
 * where the job's PHONEBRIDGE_SANDBOX, PHONEBRIDGE_PROFILE and PHONEBRIDGE_MAPPINGS_FILE are not
 * set: the README's CI recipe names its mappings file that way, and its page said `phonebridge-sync
 * fix`, which there acts on the default mappings file. A PHONEBRIDGE_CONFIG_DIR is left out: the
 * runner's holds only its token cache and state, and whoever pastes logs in from their own.
 * `o` is after globalsOf's checks: under the sandbox the mappings are unset and a profile is moot.
 */
function pageTargetOf(cmd: Command, o: { sandbox?: boolean; configDir?: string; profile?: string; mappings?: string }): string {
  const given = (name: string) => ['cli', 'env'].includes(cmd.getOptionValueSourceWithGlobals(name) ?? '');
  return targetOptions({
    sandbox: o.sandbox === true,
    configDir: cmd.getOptionValueSourceWithGlobals('configDir') === 'cli' ? o.configDir : undefined,
    profile: o.sandbox !== true && given('profile') ? o.profile : undefined,
    mappings: o.mappings !== undefined && given('mappings') ? o.mappings : undefined,
  });
}

let verbose = typedAsOption('--verbose', process.argv.slice(2));
/** The options the commands quoted in an error's sentence repeat (see contextFor); none before a context exists. */
let errorTarget = '';
let program: Command | undefined;

async function contextFor(cmd: Command): Promise<Context> {
  const { createContext } = await import('./context.js');
  const { globals, sandboxByEnv, target, pageTarget } = globalsOf(cmd);
  verbose = globals.verbose;
  errorTarget = target;
  // Only a terminal gets its prose fitted, so piped runs never load the wrapper.
  const fit = process.stderr.isTTY ? (await import('./ui/wrap.js')).prose : undefined;
  const ctx = createContext(globals, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, fit, target, pageTarget });
  // Set once in a shell or a CI file, it is easily forgotten: every run says what it works on
  // (said here, once the context can fit it to the terminal).
  if (sandboxByEnv) ctx.say('Sandbox (PHONEBRIDGE_SANDBOX is set): the built-in demo company, not your accounts.\n');
  // Inquirer colours its prompts with node:util's styleText, which reads NO_COLOR and FORCE_COLOR
  // itself: the one colour rule (--no-color, CI, NO_COLOR) must reach the prompts too.
  if (!ctx.color) {
    delete process.env.FORCE_COLOR;
    process.env.NO_COLOR = '1';
  }
  return ctx;
}

/** `list --status`: which users. */
const STATUSES = ['active', 'inactive', 'disabled', 'deleted', 'all'];
/** `login --dc` and `--product`: written out, not imported from the Zoho client, which would load zod and the HTTP layer at every start. */
const DATA_CENTRES = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk', 'ae'];
const PRODUCTS = ['crm', 'bigin'];

/** The options of `list` each <what> reads: one given for another is said, not silently ignored. */
const LIST_OPTIONS: Record<string, readonly string[]> = {
  zoho: ['status', 'unmapped', 'csv'],
  myoperator: ['status', 'unmapped', 'csv'],
  mappings: ['csv'],
  history: ['since', 'csv'],
};

/** The options that only some lists read: every one LIST_OPTIONS names, so a new one cannot be missed here. */
const LIST_ONLY = [...new Set(Object.values(LIST_OPTIONS).flat())];

/** Whether list `what` reads option `o`: every option but those only some lists read. */
function listReads(what: string, o: Option): boolean {
  return !LIST_ONLY.includes(o.attributeName()) || LIST_OPTIONS[what]!.includes(o.attributeName());
}

/** The lists that read option `name`, in LIST_OPTIONS' order. */
function listsTaking(name: string): string[] {
  return Object.keys(LIST_OPTIONS).filter((w) => LIST_OPTIONS[w]!.includes(name));
}


/**
 * `list` is one command with <what> as its argument, not four subcommands: `list --csv zoho`,
 * `list ZOHO` and the sentence for a bare or unknown <what> keep working, and a refused option
 * names where it goes. Its help must still not offer what it then refuses (`list history --help`
 * listed --status, which `list history --status` refuses): each option sits under a heading naming the
 * lists that read it (commander's help groups, from LIST_OPTIONS, the table the refusal reads), and
 * help asked after a <what> (`list history --help`) shows only that list's options.
 */
function listOption(option: Option): Option {
  return option.helpGroup(`Options for ${series(listsTaking(option.attributeName()), 'and')}:`);
}
function listHelp(program: Command): Partial<Help> {
  return {
    ...program.configureHelp(),
    visibleOptions(cmd: Command): Option[] {
      const all = Help.prototype.visibleOptions.call(this, cmd);
      // commander has set the words typed before it shows help: `list history --help` → ['history', '--help'].
      const what = cmd.args.map((a) => a.toLowerCase()).find((a) => Object.hasOwn(LIST_OPTIONS, a));
      return what ? all.filter((o) => listReads(what, o)) : all;
    },
  };
}

/** An option as typed again, from commander's parse: `--csv`, `--since 7d`. */
function optionTyped(cmd: Command, o: Option): string {
  const value: unknown = cmd.getOptionValue(o.attributeName());
  return typeof value === 'boolean' ? o.long! : `${o.long} ${shellWord(String(value))}`;
}

function refuseOptionsThatDoNotApply(cmd: Command, what: string): void {
  // An unknown <what> (or none) gets its own sentence, in list's action.
  if (!Object.hasOwn(LIST_OPTIONS, what)) return;
  const reads = LIST_OPTIONS[what]!;
  for (const name of LIST_ONLY) {
    const source = cmd.getOptionValueSource(name);
    if (reads.includes(name) || (source !== 'cli' && source !== 'env')) continue;
    const goesWith = series(listsTaking(name).map((w) => `\`list ${w}\``));
    // Whole, with what this list reads of what was typed: "Run `list history` without it" dropped the
    // --since typed beside it, and, named without the program, was not given --sandbox or --config-dir.
    const kept = reads.filter((n) => cmd.getOptionValueSource(n) === 'cli').map((n) => optionTyped(cmd, cmd.options.find((o) => o.attributeName() === n)!));
    throw new UsageError(`--${name} does not apply to \`list ${what}\`: it goes with ${goesWith}.`, `Run \`phonebridge-sync list ${[what, ...kept].join(' ')}\` without it.`);
  }
}

/** Which side each of login's own options logs in; --no-verify is both sides'. */
const LOGIN_SIDE: Record<string, 'zoho' | 'myoperator'> = {
  dc: 'zoho',
  clientId: 'zoho',
  clientSecret: 'zoho',
  grantToken: 'zoho',
  refreshToken: 'zoho',
  product: 'zoho',
  token: 'myoperator',
};

/**
 * `login zoho --token X` logged in to Zoho alone and dropped the MyOperator token without a word, so
 * the user took MyOperator for logged in too; `login myoperator --client-id …` dropped Zoho's likewise.
 */
function refuseOtherSidesOptions(cmd: Command, side: 'zoho' | 'myoperator'): void {
  for (const [name, owner] of Object.entries(LOGIN_SIDE)) {
    if (owner === side || cmd.getOptionValueSource(name) !== 'cli') continue;
    const flag = cmd.options.find((o) => o.attributeName() === name)!.long!;
    // Whole, as every hint is: "Run `login zoho` without it", pasted, logged in to the default
    // profile, not the --config-dir or --profile typed.
    throw new UsageError(
      `${flag} does not apply to \`login ${side}\`: it is ${owner === 'zoho' ? 'a Zoho setting' : "MyOperator's token"}, and this login would not save it.`,
      `Run \`${loginTyped(cmd, side)}\` without it, and \`${loginTyped(cmd, owner)}\` for ${owner === 'zoho' ? 'Zoho' : 'MyOperator'}.`,
    );
  }
}

/** `phonebridge-sync login zoho --dc in --client-secret <client-secret>`: the login of one side with the options typed for it, a secret by its placeholder only. */
function loginTyped(cmd: Command, side: 'zoho' | 'myoperator'): string {
  const typed = cmd.options.filter((o) => cmd.getOptionValueSource(o.attributeName()) === 'cli' && (LOGIN_SIDE[o.attributeName()] ?? side) === side);
  const words = typed.map((o) => {
    const value = cmd.getOptionValue(o.attributeName());
    if (typeof value !== 'string') return o.long!;
    return `${o.long} ${SECRET.has(o.long!) ? optionPlaceholder(o.long!) : shellWord(value)}`;
  });
  return ['phonebridge-sync', 'login', side, ...words].join(' ');
}

/**
 * The mappings store of this run; `command` is what its history lines record. A command that does
 * not create it (`reads`: list, match, fix) says when the file named by --mappings or
 * PHONEBRIDGE_MAPPINGS_FILE is not there, as it first reads it: read as an empty store, a mistyped
 * path listed "0 mappings" (or fixed no saved pair) without a word.
 */
async function mappingStore(ctx: Context, command: string, reads = false) {
  const [{ MappingStore, mappingsPath, mappingsPlacedBy, missingNamedFile }, { recordedNote }] = await Promise.all([
    import('./store/mappings.js'),
    import('./store/set-aside-words.js'),
  ]);
  const path = mappingsPath(ctx.globals, ctx.env);
  const beforeFirstRead = () => {
    const missing = missingNamedFile(ctx.globals, ctx.env, path);
    if (missing) ctx.say(`${missing}\n`);
  };
  const onLockWait = (lock: string, seconds: number) =>
    ctx.say(`Another phonebridge-sync run holds the lock of the mappings file ${path} (${lock}): waiting up to ${seconds} s for it to finish.\n`);
  const onHistoryRecovered = (lines: number) => ctx.say(recordedNote(path, lines));
  return new MappingStore(path, {
    command,
    now: ctx.now,
    beforeFirstRead: reads ? beforeFirstRead : undefined,
    onLockWait,
    onHistoryRecovered,
    placedBy: mappingsPlacedBy(ctx.globals, ctx.env),
  });
}

/**
 * Runs `work`, then puts the error that ends it on the CI page (GITHUB_STEP_SUMMARY) where no page
 * of the run says it. resync and fix write their page themselves once their run takes it
 * (`pageTaken`, with the errors that page says): fix as its run ends (its page says whatever ends
 * the run), resync at its report (the verdict it fails on, a prune refused). A run that ends before
 * (no login, a mappings file broken or locked, a remote down) has its error written there by
 * `failedBeforePage`; one that ends after with an error its page does not say has it appended under
 * that page, in a failed page's words (ci-page's failedAfterPage): one page a run, one rule for
 * both. resync's offer to map comes after its page (at a terminal only): a hang-up there added a
 * second page, as if a second run had failed, and then none, its page that of a run that passed.
 * A signal before the page is taken writes it too (onSignal), as "Stopped": the writer is loaded
 * first, as the exit it comes before cannot wait for an import while the run goes on.
 */
async function failureOnCiPage(
  ctx: Context,
  store: MappingStore,
  work: (pageTaken: (says: PageSays) => void) => Promise<void>,
  failedBeforePage: () => Promise<(e: unknown) => void>,
): Promise<void> {
  const writeBeforePage = ctx.env.GITHUB_STEP_SUMMARY ? await failedBeforePage() : undefined;
  let says: PageSays | undefined;
  pageOnSignal = writeBeforePage;
  try {
    await work((taken) => {
      says = taken;
      pageOnSignal = undefined;
    });
  } catch (e) {
    if (writeBeforePage) {
      if (!says) writeBeforePage(e);
      else if (says !== 'every error' && !says.has(e)) (await import('./io/ci-page.js')).failedAfterPage(ctx, store, e);
    }
    throw e;
  } finally {
    pageOnSignal = undefined;
  }
}

/** A resync from its first read of the store; `pageTaken` as failureOnCiPage gives it, for its report. */
async function resyncWith(opts: ResyncOptions, ctx: Context, store: MappingStore, pageTaken: (says: PageSays) => void): Promise<void> {
  const saved = store.read(); // a broken store fails before any network call
  // As do set-aside lines every change stops on (recordSetAside), which stopped it only once both
  // sides were read in full; a dry run plans, and says them after its plan.
  const stops = opts.dryRun ? undefined : store.setAsideRefused();
  if (stops) throw stops;
  await withClients(ctx, async (clients) => {
    // The requests go out first; reconciling, matching and reporting load while the first
    // pages are on their way (about 30 ms of a resync's start-up). run() awaits the answer.
    const users = fetchBoth(clients);
    users.catch(() => undefined);
    const [{ run, seenFilePath }, { configDir }] = await Promise.all([import('./commands/resync.js'), import('./store/paths.js'), store.readyToWrite()]);
    // The mappings are saved by then: a state the sandbox cannot keep is a note, not "Nothing was changed." and exit 6.
    // The day moves on only once a mapping is saved: after a day one that saved none (--no-auto),
    // day two's leaver had never been mapped, and the stale mapping to try --prune on never came.
    // Not "only after a write": a day one mapped by `map --auto` leaves resync nothing to write.
    let dayTwo: string | undefined;
    const afterRun = ctx.globals.sandbox
      ? async (left: { mappings: readonly unknown[] }) => {
          if (left.mappings.length === 0) return;
          const { advanceSandboxDay, dayTwoNote, keepStateOrSay } = await import('./sandbox/sandbox.js');
          const dir = configDir(ctx.globals);
          await keepStateOrSay(ctx.say, "The sandbox's next run starts from the same day.", async () => {
            if ((await advanceSandboxDay(dir, ctx.say)) === 2) dayTwo = dayTwoNote(dir);
          });
        }
      : undefined;
    const seenFile = seenFilePath(configDir(ctx.globals), ctx.globals.sandbox ? 'sandbox' : ctx.globals.profile);
    try {
      await run(opts, ctx, { store, saved, fetchUsers: () => users, afterRun, seenFile, pageTaken });
    } finally {
      // After the report and any picker, where the closing line has been said.
      if (dayTwo) ctx.say(dayTwo);
    }
  });
}

async function fetchBoth(clients: Clients) {
  return (await import('./clients/connect.js')).fetchBothSides(clients);
}

/** Opens the API clients (or the sandbox) for one command and always closes them. */
async function withClients(ctx: Context, work: (clients: Clients) => Promise<void>, needed = true): Promise<void> {
  if (!needed) return work(undefined as never);
  const { connect } = await import('./clients/connect.js');
  const clients = await connect(ctx);
  try {
    await work(clients);
  } finally {
    await clients.close();
  }
}

/**
 * What a command that takes --since says of its value cut in two by the shell, as the error to throw:
 * for the word commander refused as an option (`refused`: a zone with a minus, `--since 2026-12-01
 * 09:30 -01:00`, was "error: unknown option '-01:00'"; see sinceCutInTwo), or, with none, for words
 * no option took (`--since 7d ago`). Undefined for a command without --since. Loaded before the
 * command's words are read: commander refuses an option while it reads them, and cannot wait.
 * `doctor --since 7d ago`, without --calls, was told to quote the value, then, quoted, "--since goes
 * with --calls": both are said at once, in the words of every --since fault without --calls (--calls
 * first: `--since "7d ago" goes with --calls, and "ago" after …`), with doctor's line to run, the value
 * whole in it ("7 ago", refused either way: its fault and --calls, with the forms). Where --only is
 * wrong, the value alone, as before.
 */
async function sinceCutRule(cmd: Command): Promise<((refused?: string) => UsageError | undefined) | undefined> {
  // Loaded only where --since was typed: `doctor --help` loaded doctor's module and the stray-word
  // check for nothing (51 bundle files opened, against fix --help's 13).
  const typed = process.argv.slice(2);
  if (!cmd.options.some((o) => o.long === '--since') || !typed.slice(0, optionsEnd(typed)).some((w) => w === '--since' || w.startsWith('--since='))) return undefined;
  const [{ looseWords, sinceCutInTwo }, doctor] = await Promise.all([import('./io/stray-words.js'), cmd.name() === 'doctor' ? import('./commands/doctor.js') : undefined]);
  return (refused) => {
    // The command's words are read by then where nothing was refused (preAction).
    const loose = refused === undefined ? looseWords(cmd.name(), cmd.args, cmd.registeredArguments.length) : [];
    const cut = sinceCutInTwo(typed.slice(0, optionsEnd(typed)), new Date(), looksLikeOption, refused, loose);
    if (!cut) return undefined;
    // As preAction does, the --since a list does not read first: quoted, it was refused in turn.
    if (cmd.name() === 'list') refuseOptionsThatDoNotApply(cmd, cmd.args[0]?.toLowerCase() ?? '');
    const calls = doctor && !cmd.opts().calls ? doctor.sinceWithoutCalls({ ...cmd.opts(), isOption: looksLikeOption }, cut.whole ?? '') : undefined;
    if (!calls || calls.problem) return new UsageError(cut.message, cut.hint);
    if (cut.fault) return new UsageError(doctor!.sinceFaultWithoutCalls(cut.fault.value, cut.fault.problem), cut.hint);
    return new UsageError(doctor!.sinceFaultWithoutCalls(cut.whole ?? '', cut.message.replace(/\.$/, '')), calls.hint);
  };
}

/**
 * A program option's value cut in two before the command (`--mappings my file.json list history`):
 * commander took the second word for the command ("error: unknown command 'file.json'"). Said as a
 * command option's is, before commander reads the line; stray-words is loaded only where words stand
 * before the command.
 */
async function refuseGlobalValueCut(program: Command, argv: readonly string[]): Promise<void> {
  const typed = argv.slice(0, optionsEnd(argv));
  const loose = wordsBeforeCommand(program, typed);
  if (loose.length === 0) return;
  const cut = cutUnderSandbox((await import('./io/stray-words.js')).valueCutInTwo(typed, loose, takesOneValue(program), looksLikeOption), argv);
  if (cut) throw new UsageError(cut.message, cut.hint);
}

export function buildProgram(): Command {
  // The command's --since rule, made once before its words are read and asked again before its action.
  let sinceRule: ReturnType<typeof sinceCutRule> | undefined;
  const program = new Command('phonebridge-sync')
    // The commands by name: "explain" and "diagnose" here were typed as commands, and unknown.
    .description('Keep MyOperator users and Zoho CRM users mapped for Zoho PhoneBridge: list, match (explain every mismatch), map, resync, fix, doctor (diagnose).')
    .version(version, '-V, --version')
    .addOption(new Option('--profile <name>', 'credentials and mappings profile').env('PHONEBRIDGE_PROFILE').argParser(profileName).default('default'))
    .addOption(new Option('--config-dir <dir>', 'where config, credentials and mappings live').env('PHONEBRIDGE_CONFIG_DIR'))
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--no-color', 'no colour (also NO_COLOR and CI; FORCE_COLOR turns it on)')
    .option('--no-pager', 'never page long output (the pager: PHONEBRIDGE_PAGER, else PAGER, else less)')
    .option('--verbose', 'trace HTTP requests on stderr (secrets redacted); stack traces on errors')
    .option('--sandbox', 'run against the built-in emulators and demo company (env: PHONEBRIDGE_SANDBOX=1)')
    .option('-y, --yes', 'answer yes to every confirmation without asking (needed off a terminal; without it, a terminal asks, and Esc answers no)')
    .addOption(new Option('--mappings <file>', 'the mappings file (default: <config-dir>/mappings/<profile>.json)').env('PHONEBRIDGE_MAPPINGS_FILE'))
    .showHelpAfterError('(run with --help for usage)')
    // At a terminal what commander writes to stderr (a bad flag or value, its "(run with --help…)",
    // help after no command) waits for the top-level handler, which writes it in order and broken
    // between words like every other sentence; elsewhere it is written at once.
    // Through printable as every other sentence: commander quotes the word it refused, and an
    // escape sequence typed or set in PHONEBRIDGE_PROFILE reached the terminal raw.
    // Its help (and version) at a terminal waits likewise, for the pager if it is longer than the screen (shownHelp).
    .configureOutput({
      writeErr: (text) => void (process.stderr.isTTY ? (usageText += printable(text)) : process.stderr.write(printable(text))),
      writeOut: (text) => void (process.stdout.isTTY ? (helpText += text) : process.stdout.write(text)),
    })
    // Subcommand help lists the global options too (they go before or after the command).
    // Descriptions wrap in a column as narrow as 20 (commander's own floor is 40, which leaves a
    // 50-column terminal to cut them mid-word).
    // A command listed as its own help's usage line says it: commander builds the list's from the
    // arguments alone, and `list`'s <what> is optional to commander only so a bare `list` gets our sentence.
    .configureHelp({ showGlobalOptions: true, minWidthToWrap: 20, subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`.trimEnd() })
    .addHelpText('after', note(EXAMPLES))
    .exitOverride()
    // Words no option took are ours to say, naming the word and where it belongs: commander's "too
    // many arguments for 'fix'. Expected 0 arguments but got 1." did neither. Every command made
    // after this inherits it; doctor says them itself, with its checks (its run gets the words).
    .allowExcessArguments()
    // Before the command's options are read, which is when commander refuses one it does not know.
    .hook('preSubcommand', async (_program, cmd) => sayUnknownOption(cmd, process.argv.slice(2), await (sinceRule = sinceCutRule(cmd))))
    .hook('preAction', async (_program, cmd) => {
      // Before the words around it: `list mappings --since 7d ago` was told to quote "7d ago", then refused the --since.
      if (cmd.name() === 'list') refuseOptionsThatDoNotApply(cmd, cmd.args[0]?.toLowerCase() ?? '');
      // Before doctor's words and list's own: there "ago" read as a check, or as the list to show.
      const cut = (await (sinceRule ?? sinceCutRule(cmd)))?.();
      if (cut) throw cut;
      const own = cmd.registeredArguments.length;
      if (cmd.args.length <= own) return;
      const { strayWords, valueCutInTwo } = await import('./io/stray-words.js');
      const argv = process.argv.slice(2);
      const typed = argv.slice(0, optionsEnd(argv));
      // doctor says its words itself, with its checks (its run gets them, and a value they cut in two).
      if (cmd.name() === 'doctor') return void cmd.setOptionValue('cut', cutUnderSandbox(valueCutInTwo(typed, cmd.args, takesOneValue(cmd), looksLikeOption), argv));
      const { only, zoho, myoperator } = cmd.opts();
      const stray = strayWords({ command: cmd.name(), args: cmd.args, own, only, zoho, myoperator, isOption: looksLikeOption, typed, takesOne: takesOneValue(cmd) });
      if (stray?.wholeUser) {
        // map reads the value whole against the users' names, and says this when it is nobody's.
        cmd.setOptionValue(stray.wholeUser.option, stray.wholeUser.value);
        cmd.setOptionValue('cutInTwo', new UsageError(stray.message, stray.hint));
        return;
      }
      if (stray) {
        const said = cutUnderSandbox(stray, argv);
        throw new UsageError(said.message, said.hint);
      }
    });

  program
    .command('match')
    .description('match Zoho users to MyOperator users and explain every mismatch')
    .option('--zoho-file <file>', 'Zoho users: GET /crm/v8/users JSON, a JSON array, or a CSV export')
    .option('--myoperator-file <file>', 'MyOperator users: GET /user JSON, a JSON array, or a CSV export')
    .option('--fail-on-unresolved', 'exit 5 when an active Zoho user is not mapped, exact or ignored, a mapped pair needs fix, or a side has no users')
    .option('--csv', 'CSV with a header row: the tab-separated columns below')
    .addHelpText(
      'after',
      note(`
Live, saved mappings show as mapped and ignored users as ignored; exported files are matched on their own.
Each file is a path: "-" is not read as standard input (save the export to a file, or pass /dev/stdin for one of the two; a file named "-" is ./-).
Output: a table grouped by status on a terminal; piped, one tab-separated line per result:
  status, Zoho id, Zoho e-mail, MyOperator id, MyOperator e-mail, confidence, reason codes
--csv: the same columns as CSV, with a header row (status, zoho_id, zoho_email, myoperator_id, myoperator_email, confidence, reasons); a cell starting with = + - @ gets a leading ' so a spreadsheet shows it as text, not a formula.
Statuses: mapped, exact, mismatch, suggested, ambiguous, inactive, zoho-only, myoperator-only, zoho-mapped-elsewhere, ignored.`),
    )
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/match.js');
      const ctx = await contextFor(cmd);
      // Given, even empty, is not live: `--zoho-file "$Z"` with Z unset must be refused, not fetch the accounts.
      const live = opts.zohoFile === undefined && opts.myoperatorFile === undefined;
      // Live users are judged with the saved mappings and ignores, as doctor and resync judge them;
      // exported files may come from anywhere, so they are matched on their own.
      const saved = live ? (await mappingStore(ctx, 'match', true)).read() : undefined;
      await withClients(ctx, (clients) => run(opts, ctx, () => fetchBoth(clients), saved), live);
    });

  program
    .command('login')
    .argument('[side]', 'zoho or myoperator (both, one after the other, at a terminal)')
    .description('store and verify credentials (prompts for what is missing at a terminal)')
    .addOption(choiceOption('--dc <dc>', 'Zoho data centre', DATA_CENTRES))
    .option('--client-id <client-id>', 'Zoho Self Client id')
    .option('--client-secret <client-secret>', 'Zoho Self Client secret')
    .option('--grant-token <grant-token>', 'Zoho Self Client grant token (exchanged once for a refresh token)')
    .option('--refresh-token <refresh-token>', 'an existing Zoho refresh token, instead of a grant token')
    .addOption(choiceOption('--product <product>', "Zoho product (default: the saved login's, else crm)", PRODUCTS))
    .option('--token <token>', 'MyOperator API token')
    .option('--no-verify', 'save without checking the credentials with a real call')
    .addHelpText(
      'after',
      note(
        '\nSecrets on the command line can be seen by other users of the machine: prefer the prompts, or the PHONEBRIDGE_* environment variables in CI.\nWhere login asks nothing (CI, no terminal, --json), a Zoho login again at the data centre saved for the profile takes the saved client id and secret when --client-id and --client-secret are not given, and says which client id it used (never the secret) and, where PHONEBRIDGE_ZOHO_ACCOUNTS_URL names the accounts server, that it goes there (the login keeps its data centre, not that server); the saved secret goes only with its own client id. At another --dc they must be given (exit 2 otherwise): a Self Client is known at its own data centre only. At a terminal the client id question offers the saved one at its own data centre only.',
      ),
    )
    .action(async (side: string | undefined, opts, cmd: Command) => {
      // No side is both; a bad one gets its own sentence (login's run).
      const { isSide } = await import('./io/stray-words.js');
      if (side !== undefined && isSide(side)) refuseOtherSidesOptions(cmd, side);
      const { run } = await import('./commands/login.js');
      await run(side, opts, await contextFor(cmd));
    });

  program
    .command('logout')
    .argument('[side]', 'zoho or myoperator (default: both)')
    .description('revoke (where the API allows) and delete stored credentials')
    .option('--dry-run', 'print the plan; change nothing')
    .option('--no-revoke', 'delete the Zoho login without revoking its refresh token (it stays live at Zoho)')
    .addHelpText(
      'after',
      note(
        '\nlogout says its plan and asks at a terminal; elsewhere it needs --yes. When the revoke at Zoho fails (the network, a proxy, Zoho Accounts down), the Zoho login is kept, so the token still live at Zoho can be revoked by running logout again; --no-revoke deletes it unrevoked. Only the answer Zoho gives a token it does not know ("error" "invalid_token" or "invalid_code", HTTP 400 or 200) is taken for "already revoked", and the login deleted; any other error or 400 (a JSON one from a proxy too), or a 200 other than {"status":"success"}, is a failed revoke. MyOperator has no API to revoke a token: its token is deleted here only. A refresh token another profile holds too (a hand copy) is not revoked, since that would log it out: this profile\'s copy is deleted, and the logout of that profile named; the last of them to log out revokes it, two at once too.\nExit: 0 done (or nothing stored, --dry-run, answered no, or a Zoho login deleted unrevoked because another profile holds the same refresh token); 2 off a terminal without --yes, or a Zoho login with no data centre saved and PHONEBRIDGE_ZOHO_DC unset (the host to revoke at is unknown; nothing changed); 4 the revoke failed, or Zoho did not know the token at the data centre PHONEBRIDGE_ZOHO_DC names, which may not be the one that issued it (the Zoho login kept; the MyOperator token removed if asked, unless another run saved one while logout asked, which is kept too and said first; with --json, stdout holds the document only when that token was removed, its zohoTokenRevokeError saying why the Zoho login stayed, and is empty when nothing was removed); 5 a login of the profile that another run saved while logout asked was kept, not deleted (the logout to log it out is named); 6 the credentials file cannot be saved (nothing changed, nothing revoked); 75 another logout held the credentials file\'s lock past the wait (nothing changed).',
      ),
    )
    .action(async (side: string | undefined, opts: { dryRun?: boolean; revoke?: boolean }, cmd: Command) => {
      const { run } = await import('./commands/logout.js');
      await run(side, await contextFor(cmd), opts);
    });

  program
    .command('list')
    // Optional to commander, so a bare `list` gets the sentence naming the four, not "missing argument".
    .argument('[what]', 'zoho, myoperator, mappings or history')
    .usage('[options] <what>')
    .description('list the users of one side, the saved mappings, or the history of changes')
    .configureHelp(listHelp(program))
    .addOption(
      listOption(
        choiceOption('--status <status>', 'which users (disabled and deleted: Zoho statuses)', STATUSES).default('all'),
      ),
    )
    .addOption(listOption(new Option('--unmapped', 'only users without a saved mapping, leaving out Zoho users marked never map (map --ignore) and MyOperator users left unmapped on purpose (map --ignore-myoperator)')))
    .addOption(listOption(new Option('--csv', "CSV with a header row (a cell starting with = + - @ gets a leading ', so spreadsheets keep it text)")))
    .addOption(
      listOption(new Option('--since <period>', 'changes newer than this: 90m, 24h, 7d, 2w (minutes, hours, days, weeks), or a date or time in UTC (2026-11-01, "2026-11-01 09:30")')),
    )
    .addHelpText(
      'after',
      note(`
At a terminal: a table, e-mails whole; columns that do not fit are left out and named on stderr.
Piped: one tab-separated line per user and no header line (as gh does), in these columns:
  zoho        id, zuid, name, email, status, confirmed, active
  myoperator  id, user_id, name, email, extension, active
  mappings    zoho_id, zuid, zoho_email, myoperator_uuid, extension,
              myoperator_email, how, at
  history     time, command, action, result, user, change, detail, how (who
              chose a pair mapped: auto, manual or import, as in mappings;
              one line per change, oldest first)
--json and --csv have every column; the zoho and myoperator exports are read back by \`match --zoho-file/--myoperator-file\`, the mappings export by \`map --import\`.
An option given to a list it is not for (see the headings above) is exit 2, naming where it goes.
Zoho's deleted users are asked for by name (type=DeletedUsers), as its users list may leave them out: \`list zoho --status deleted\` reads that list alone (an organisation that refuses the type: exit 4, saying so). The other statuses, all (the default) too, read Zoho's users list, which may or may not hold deleted users.`),
    )
    .action(async (what: string | undefined, opts, cmd: Command) => {
      if (what === undefined) throw new UsageError('Say what to list.', 'Use `list zoho`, `list myoperator`, `list mappings` or `list history`.');
      const list = await import('./commands/list.js');
      if (!Object.hasOwn(LIST_OPTIONS, what.toLowerCase())) throw await list.unknownList(what, Object.keys(LIST_OPTIONS));
      const ctx = await contextFor(cmd);
      what = what.toLowerCase();
      const store = await mappingStore(ctx, 'list', what === 'mappings' || what === 'history' || opts.unmapped === true);
      if (what === 'mappings') return list.runMappings(opts, ctx, store);
      if (what === 'history') return (await import('./commands/history.js')).run(opts, ctx, store);
      // LIST_OPTIONS' two lists left: an unknown one was refused above.
      const side = what as 'zoho' | 'myoperator';
      await withClients(ctx, (clients) => list.run(side, opts, ctx, clients, store));
    });

  program
    .command('map')
    .description('map users: one prompt per unresolved Zoho user at a terminal, or by flags')
    .option('--auto', 'map every exact match (byte-identical, unique e-mail, both active)')
    .option('--zoho <user>', 'Zoho user: id, zuid or e-mail (with --myoperator)')
    .option('--myoperator <user>', 'MyOperator user: uuid, user id, extension or e-mail (with --zoho)')
    .option('--unmap <user>', 'remove the mapping of a user (either side), or un-ignore an ignored user (either side); no network needed. Of a user the history knows who is neither mapped nor ignored, nothing to do (exit 0); of a value nobody in the mappings or history has, exit 2')
    .option('--ignore <user>', 'never map this Zoho user')
    .option('--ignore-myoperator <user>', 'leave this MyOperator user (a reception or shared line) unmapped on purpose: uuid, user id, extension or e-mail; doctor --calls and match stop asking for its Zoho user (a mapped user is refused: --unmap it first; so is one whose e-mail is exactly an active Zoho user\'s, since PhoneBridge gives that user its calls whatever the mappings file says)')
    .option('--import <file>', 'pairs from CSV (columns zoho,myoperator) or JSON, or a `list mappings` export (--json or --csv)')
    // map writes only the local mappings file, one change at a time, and says each; its bulk
    // preview is resync's. Hidden, so --dry-run is a sentence pointing there, not "unknown option".
    .addOption(new Option('--dry-run').hideHelp())
    .action(async (opts, cmd: Command) => {
      if (opts.dryRun)
        throw new UsageError('map has no --dry-run: it changes only the local mappings file, and says each change.', '`phonebridge-sync resync --dry-run` shows the exact matches `map --auto` would add, and writes nothing.');
      const { run } = await import('./commands/map.js');
      const ctx = await contextFor(cmd);
      const store = await mappingStore(ctx, 'map');
      const needsUsers = !opts.unmap;
      await withClients(ctx, (clients) => run(opts, ctx, { store, fetchUsers: () => fetchBoth(clients) }), needsUsers);
    });

  program
    .command('resync')
    .description('fetch both sides, keep the mappings current, add new exact matches, report the rest')
    .option('--dry-run', 'print the plan; write nothing')
    .option('--no-auto', 'do not map new exact matches')
    .option('--prune', 'remove stale mappings (never by default): a user gone or inactive, or an e-mail changed on either side since it was mapped (a retyped one too, unless the two e-mails are now equal)')
    .addOption(new Option('--max-prune <n>', 'refuse to prune more than this many at once').argParser(wholeNumber('--max-prune')).default(DEFAULT_MAX_PRUNE))
    .option('--force', 'prune even when more than --max-prune would go (never while a side returned no users)')
    .option('--fail-on-unresolved', 'exit 5 when active Zoho users are left unresolved, a mapped pair needs fix, or a side has no users (for CI)')
    .addHelpText(
      'after',
      note('\nPruning is refused (exit 5, nothing pruned, additions still saved) when a side returned no users, --force or not, or when more than --max-prune mappings would go, unless --force: a bad read must never wipe the mappings.\nPiped: `summary <key> <n>` lines (a dry run starts with `summary dry-run 1`), then one tab-separated line per added, refreshed (recorded anew: e-mails retyped to be equal, or a new MyOperator extension), stale or unresolved user (an unresolved line ends with `new` for a Zoho user who was not unresolved at the last resync, such as a new hire or one unmapped since).\n`summary unclaimed <n>` counts the MyOperator users no Zoho user is mapped or matched to, nor has as a candidate (not one holding byte for byte the e-mail of an active Zoho user marked "never map", whose calls PhoneBridge gives that user); `summary mismatchesForFix <n>` the unresolved mismatches `fix` sets with no mapping; `summary ignoredMyOperator <n>` the MyOperator users left unmapped on purpose (`map --ignore-myoperator`), which unclaimed leaves out.\nWith GITHUB_STEP_SUMMARY set, a Markdown summary is appended to it (for a run that stops before its report, its error; for one that fails after it, its error under it).'),
    )
    .action(async (opts, cmd: Command) => {
      const ctx = await contextFor(cmd);
      const store = await mappingStore(ctx, 'resync');
      await failureOnCiPage(
        ctx,
        store,
        async (pageTaken) => {
          // Limits of pruning given without --prune would be read as "prune, with this limit": said,
          // on the CI page too, as fix's refusal of its options is (refused before the context was
          // made, the step failed with nothing said there).
          for (const flag of ['maxPrune', 'force'] as const)
            if (!opts.prune && cmd.getOptionValueSource(flag) === 'cli')
              throw new UsageError(`${flag === 'force' ? '--force' : '--max-prune'} applies only with --prune, and resync prunes nothing without it.`, 'Add --prune, or leave it out.');
          await resyncWith(opts, ctx, store, pageTaken);
        },
        async () => {
          const { writeFailedPage } = await import('./commands/resync.js');
          return (e) => writeFailedPage(ctx, store, e, Boolean(opts.dryRun));
        },
      );
    });

  program
    .command('fix')
    .description("make MyOperator hold exactly the Zoho e-mail of each mapped or mismatched user, then verify by reading back")
    .option('--dry-run', 'print the plan; change nothing')
    .option('--only <user...>', 'only these users: id, e-mail or extension of either side')
    .option('--max-changes <n>', 'refuse to change more users than this in one run', wholeNumber('--max-changes'), MAX_CHANGES_DEFAULT)
    .option('--force', 'change more than --max-changes users')
    .option('--worklist <file>', "write the plan as CSV for MyOperator's panel (name, extension, uuid, current_email, new_email, reasons); change nothing")
    .addHelpText(
      'after',
      note(
        [
          '',
          "PhoneBridge attributes a call only when the MyOperator e-mail equals the Zoho e-mail byte for byte, case included; a saved mapping is a record that neither Zoho nor MyOperator reads. fix sets the MyOperator e-mail (PUT /user) of every saved mapping and every single-candidate mismatch (both users active) to the Zoho user's exact string.",
          'Zoho is never changed: Zoho does not let an admin change the e-mail of a confirmed user. An entry is a conflict, reported and never written, when the Zoho e-mail is empty or itself has an invisible, space or look-alike character (fix it in Zoho first), when several Zoho users have it, when another MyOperator user already holds it, exactly or as a person reads it (case, spaces, invisible or look-alike characters: MyOperator may refuse one differing in case alone as taken; a switched-off one, which takes no calls, counts only where it differs in case or padding alone), or when the MyOperator user\'s e-mail is another active Zoho user\'s, exactly or as a person reads it (that seat is likelier theirs). A saved pair whose MyOperator user holds another e-mail than the one it was recorded with is held back until --only names it, and so is one whose MyOperator user is another Zoho user\'s likely match or candidate in match (a slip of the extension that map asked about, saved with --yes or imported).',
          'Every change is read back and checked byte for byte; a change MyOperator did not take is "not applied", with where to set it by hand (' +
            inMyOperatorPanel() +
            '); one never sent (the run stopped first) is "not applied" too, "not sent: …" with no panel path, for a later run. A change MyOperator answered with success but does not show is read again once, after 5 s (PHONEBRIDGE_FIX_READ_AGAIN_MS: the pause in milliseconds, 0 for no second read), before it is called "not applied"; not shown then either, it may yet take if MyOperator is only slow, so look again later with --dry-run before setting it by hand. Each change is recorded in the history (`list history`).',
          'With GITHUB_STEP_SUMMARY set, a run that may send (not --dry-run or --worklist) appends a Markdown page to it: what it set and verified, what it did not and why, its conflicts, and why the run failed; a --dry-run that fails appends why, one that passes nothing.',
          '',
          'Exit: 0 all applied and verified, nothing else changed (or nothing to fix; answered no or Esc at its question: nothing sent; --worklist; a --dry-run whose run would end 0); 5 an entry not applied, a conflict, shared with another user, or applied with more than the e-mail changed, a user --only names left out of the plan (not one that holds the Zoho e-mail already, nor one left alone on purpose: map --ignore, --ignore-myoperator), or more than --max-changes planned, or a side that listed no users; a --dry-run ends 5 where the run it previews would (a conflict, a user --only leaves out, the cap, a side with no users), a --worklist never; 2 off a terminal without --yes; 3 MyOperator rejected the token (sending or reading back); 4 a read failed (before sending: nothing changed; the read-back: the changes sent are "not verified"; the read again after the pause: the results of the read-back stand, those it did not show "may yet take"), a change got no answer, or was not read again after a Ctrl-C ("not verified": it may yet take), or MyOperator stopped answering or limited requests part-way (the rest not sent); 6 the record of the changes sent could not be saved; 75 another fix running for the same mappings file (try again when it ends); 130 Ctrl-C while it sends, 143 SIGTERM (a CI timeout), 129 SIGHUP (a terminal that closed): nothing more is sent, what was sent is read back and recorded, the last change in flight and unanswered too (not 4); a stop after every change was sent ends as the run would.',
        ].join('\n'),
      ),
    )
    .action(async (opts, cmd: Command) => {
      const { run } = await import('./commands/fix.js');
      const ctx = await contextFor(cmd);
      const store = await mappingStore(ctx, 'fix', true);
      await failureOnCiPage(
        ctx,
        store,
        // The variable is read inside, so that its refusal is on the CI page too, as resync's of its variables is.
        async (pageTaken) => {
          const readAgainMs = (await import('./commands/fix/read-back.js')).readAgainMsFrom(ctx.env);
          await withClients(ctx, async (clients) => {
            // fix's run writes its page whatever ends it, as it ends: taken once it is written, as a
            // signal outside its sending (while it reads the users) ends the process before that.
            try {
              return await run({ ...opts, glued: gluedValues('--only', process.argv.slice(2)), isOption: looksLikeOption }, ctx, {
                store,
                readAgainMs,
                fetchUsers: () => fetchBoth(clients),
                // Made when first used, after both sides were asked for: logged in to neither, the read says both.
                get myoperator() {
                  return clients.myoperator;
                },
              });
            } finally {
              pageTaken('every error');
            }
          });
        },
        async () => {
          const { writeFixPage } = await import('./commands/fix/page.js');
          return (e) => writeFixPage(ctx, store, undefined, e, opts);
        },
      );
    });

  program
    .command('doctor')
    .description('check config, credentials, both APIs, the users and the mappings; say the fix for each problem')
    .option('--only <check...>', 'run only these checks or groups (config, zoho, myoperator, users, mappings; calls with --calls or --webhook), and the checks they stand on')
    .option('--webhook <file>', 'explain which Zoho user a saved MyOperator call payload would be attributed to (alone, it runs only the checks this needs: add --only for others)')
    .option('--calls', "audit MyOperator's call logs: answered calls PhoneBridge cannot attribute now, per agent, with the fix")
    .option('--since <period>', 'with --calls: how far back: 7d (the default), 90m, 24h, 2w (minutes, hours, days, weeks), or a date or time in UTC (2026-11-01, "2026-11-01 09:30")')
    .addHelpText(
      'after',
      note(
        "\nEach check prints ✓ (pass), ! (warning), ✗ (fail) or – (skipped), each problem with its fix: at a terminal the next step, or the first few users' cures and a command that says the rest's (--verbose, --json and a piped run give the fix whole). Exit 5 when any check fails; 0 with warnings only. --webhook without --only runs the webhook check and the mappings-file check it stands on (and --calls' check, if given), so exit 5 there says the call will not be attributed; plain `doctor` runs every check. doctor changes no user and no mapping: it writes only the Zoho access token it refreshes (cached, as every command caches it) and a copy of a mappings file it finds broken.\n--calls reads MyOperator's call logs (POST /search) for the period and judges every answered call against the users as they are now: attributable (the agent's MyOperator e-mail equals, byte for byte, the e-mail of exactly one Zoho user (inactive ones counted), that user is active and confirmed, the agent's MyOperator user takes calls (active, call availability on), no other MyOperator user holds its e-mail: PhoneBridge gives calls to no other, and the agent is not saved with another active Zoho user), unconfirmed (as attributable, but for another MyOperator user holding the agent's e-mail too, or another Zoho user: which of them MyOperator links is unconfirmed), attributed to another Zoho user than the saved mapping's (as attributable, but the agent is saved with another active Zoho user: one of the two is wrong, and the agent's line gives fix's cure, or why fix refuses the pair), unattributable (a known agent switched off in MyOperator, or whose e-mail matches no Zoho user, or only ones inactive or not confirmed), or unknown agent. Exit 5 when any call was unattributable, or when another check failed (plain `--calls` runs every check; `--calls --only calls` judges the calls alone); run it again after `fix` to see the cure.",
      ),
    )
    .action(async (opts, cmd: Command) => {
      refuseUnknownOptionIn(cmd, opts.only);
      const { refuseStrayWords, run } = await import('./commands/doctor.js');
      const doctorOpts = { ...opts, words: cmd.args, isOption: looksLikeOption };
      refuseStrayWords(doctorOpts);
      await run(doctorOpts, await contextFor(cmd));
    });

  sayUnknownOption(program, process.argv.slice(2));
  // Beside a hint of ours, commander's "(Did you mean map?)" led to plain `map` (`unmap`): left out.
  const commanders = (program as unknown as { unknownCommand(): void }).unknownCommand.bind(program);
  // Nor for a word after `--` that starts with "--": commander suggested a command cut short by two
  // letters (`-- --match`: "(Did you mean --tch?)").
  (program as unknown as { unknownCommand(): void }).unknownCommand = () => {
    unknownCommandHint = commandWordHint(program.args[0]);
    // Our line says where the word belongs: commander's "(run with --help for usage)" came between it
    // and the refusal, the generic step read first.
    if (unknownCommandHint) program.showHelpAfterError(false);
    return unknownCommandHint || program.args[0]?.startsWith('-')
      ? program.error(`error: unknown command '${program.args[0]}'`, { code: 'commander.unknownCommand' })
      : commanders();
  };
  for (const cmd of program.commands) {
    const examples = COMMAND_EXAMPLES[cmd.name()];
    if (examples) cmd.addHelpText('after', note(`\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`));
  }
  return program;
}

/**
 * `phonebridge-sync histroy --help` and `help histroy` are a mistyped command, not requests for the
 * top-level help, which commander shows before it looks at the command (exit 0, or 2 with no word
 * of why). Without the help, commander names the command, suggests a near one and exits 2. The
 * probe is a program of its own, silent: the real parse reports whatever else is wrong.
 */
function unknownCommandBeforeHelp(argv: string[]): string[] {
  const args = argv.slice(2);
  // After a `--` a help flag is an operand, shown back as typed in the hint (`prune -- --help`).
  const end = optionsEnd(args);
  const isHelp = (a: string, i: number) => i < end && (a === '-h' || a === '--help');
  // Plain `--help` (nothing else to read) costs no second program: it is every start-up's help.
  if (!args.some((a, i) => isHelp(a, i) || a === 'help') || args.every(isHelp)) return argv;
  const probe = buildProgram().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  const words = args.filter((a, i) => !isHelp(a, i));
  let operands: string[];
  let unknown: string[];
  try {
    // Without the help flags: after one, commander files every later word as "unknown", option
    // values included (`--help --profile work resync` would have taken "work" for the command).
    ({ operands, unknown } = probe.parseOptions(words));
  } catch {
    return argv;
  }
  const known = (word: string) => probe.commands.some((c) => c.name() === word || c.aliases().includes(word));
  // `--dry-run fix --help`: after an option the program does not know, commander files every word as
  // unknown, the command too, and showed the top-level help. The command's it is, the option after it.
  if (operands.length === 0 && args.some(isHelp) && !unknown.includes('--')) {
    const at = unknown.findIndex(known);
    if (at < 0) return argv;
    return [...argv.slice(0, 2), ...words.slice(0, words.length - unknown.length), unknown[at]!, ...unknown.filter((_, i) => i !== at), '--help'];
  }
  const asked = operands[0] === 'help' ? operands[1] : operands[0];
  if (asked === undefined || known(asked)) return argv;
  if (operands[0] === 'help') {
    const at = args.indexOf('help');
    return [...argv.slice(0, 2), ...args.slice(0, at), ...args.slice(at + 1)];
  }
  return [...argv.slice(0, 2), ...words];
}

/**
 * An option typed as a command (`phonebridge-sync unmap 12`): whose it is. commander's "Did you
 * mean map?" led to `map 12`, which map refuses.
 */
const OPTION_OF: Record<string, string> = { unmap: 'map', ignore: 'map', 'ignore-myoperator': 'map', import: 'map', auto: 'map', prune: 'resync', calls: 'doctor', webhook: 'doctor', worklist: 'fix' };

/** The program's options that choose what a command acts on: retarget repeats them in every hint. */
const TARGET_FLAGS = ['--sandbox', '--config-dir', '--profile', '--mappings'];

/** What a command does, in the words the README and the package's description use, typed as the command. */
const DONE_BY: Record<string, string> = { explain: 'match', diagnose: 'doctor' };

/**
 * What was typed with the command word commander found unknown (the first of the program's parsed
 * words): the words after it, as a shell reads them, then the program's options other than the
 * target's, wherever they were typed, then the words typed after a `--`, behind one. Read from commander's parse, not the process's argv, where the
 * first word alike may be an option's value (`--profile calls calls`), and an option typed before
 * the word was dropped. A secret's value is a placeholder (repeated-words.ts).
 */
function typedAfter(cmd: Command, words: SplitWords): string[] {
  const kept = repeatedWords(words.before);
  for (const o of cmd.options) {
    if (cmd.getOptionValueSource(o.attributeName()) !== 'cli' || TARGET_FLAGS.includes(o.long ?? '')) continue;
    kept.push(optionTyped(cmd, o));
  }
  return words.after.length ? [...kept, ...repeatedWords(['--', ...words.after])] : kept;
}

/** The words after the command word, before and after a `--` typed among them. */
interface SplitWords {
  before: string[];
  after: string[];
}

/**
 * commander's args lose the first `--` (`prune -- --yes` offered `resync --prune --yes`, a run that
 * sends), except after an option it does not know, where it keeps it: the words typed after it are
 * found from the end, and go behind a `--` again, after the options. Not by looking for a `--` among
 * the args: one typed after the first is an operand, and was taken for it (`prune -- --` offered
 * `resync --prune`).
 */
function splitWords(cmd: Command, argv: readonly string[]): SplitWords {
  const words = cmd.args.slice(1);
  const dashes = argv.indexOf('--');
  const at = words.length - Math.min(dashes < 0 ? 0 : argv.length - dashes - 1, words.length);
  const before = words.slice(0, at);
  // Before the first `--` no word is one: a `--` last there is the first, as commander kept it.
  return { before: dashes >= 0 && before.at(-1) === '--' ? before.slice(0, -1) : before, after: words.slice(at) };
}

/**
 * A kind of list typed as a command (`phonebridge-sync history`), an option typed as one
 * (`phonebridge-sync unmap 12`), or what a command does (`diagnose`): the line that says where it is,
 * with the words typed that the command it offers takes. commander's own suggestion covers near command names.
 */
function commandWordHint(word: string | undefined): string {
  const list = word !== undefined && Object.hasOwn(LIST_OPTIONS, word);
  const does = word !== undefined && Object.hasOwn(DONE_BY, word);
  const owner = list ? 'list' : does ? DONE_BY[word!]! : word !== undefined && Object.hasOwn(OPTION_OF, word) ? OPTION_OF[word]! : undefined;
  const target = owner === undefined ? undefined : program?.commands.find((c) => c.name() === owner);
  if (!program || !target) return '';
  const split = splitWords(program, process.argv.slice(2));
  // A list keeps only list's options it reads: `history --since 7d` offered plain `list history`.
  const { kept, notTaken } = optionsTakenBy(target, split.before, list ? (o) => listReads(word!, o) : undefined);
  const words = { before: kept, after: split.after };
  const offered = list ? `list ${word}` : owner;
  const without = notTaken.length ? ` (${offered} has no ${series(notTaken.map(shellWord))})` : '';
  if (list) return `\`${word}\` is a list: run \`${['phonebridge-sync', offered, ...typedAfter(program, words)].join(' ')}\`${without}.\n`;
  if (does) return `\`${word}\` is what ${owner} does: run \`${['phonebridge-sync', owner, ...typedAfter(program, words)].join(' ')}\`${without}.\n`;
  const option = target.options.find((o) => o.long === `--${word}`);
  // Its value typed after `--` (`unmap -- -12`) is glued on: `map --unmap -- -12` gives --unmap "--".
  const glued = option?.required && words.before.length === 0 && words.after.length > 0 ? words.after.shift() : undefined;
  // Its value left out (`unmap` alone, or an option next), the command given was refused in turn
  // ("argument missing"): the value's name in --help stands in for it.
  const next = words.before[0];
  const valueName = option?.required && glued === undefined && (next === undefined || looksLikeOption(next)) ? /<[^>]*>/.exec(option.flags)?.[0] : undefined;
  const flag = glued === undefined ? `--${word}` : `--${word}=${shellWord(glued)}`;
  const run = ['phonebridge-sync', owner, flag, ...(valueName ? [valueName] : []), ...typedAfter(program, words)].join(' ');
  return `\`${word}\` is an option of ${owner}${valueName ? ' and takes a value' : ''}: run \`${run}\`${without}.\n`;
}

/** The line after "unknown command", worked out once where commander finds the word unknown; '' for none. */
let unknownCommandHint = '';

/** commander's error lines held at a terminal, for handleError to write fitted. */
let usageText = '';

/**
 * What commander writes on stdout (its help, its version) held at a terminal, for shownHelp: help
 * comes in parts (each addHelpText on its own), and whether it is longer than the screen is the
 * whole's to say: `--help` comes as its usage, options and commands (47 lines at 80 columns), then
 * its examples, exit codes and environment (50); judged apart, on a 50-line terminal the second
 * alone was paged, under the first.
 */
let helpText = '';

/**
 * The help held, through the pager when it is longer than the screen, by the rules every
 * command's long output goes by (--no-pager, --json, CI, PAGER): on a 50-line terminal `--help`
 * (97 lines) scrolled its Usage and Options off. Held only at a terminal: piped, help loads no
 * more than commander. The options are read as typed, as --verbose is: commander shows help
 * before it reads those after it.
 */
async function shownHelp(): Promise<void> {
  const text = helpText;
  helpText = '';
  // One line (the version) fits every screen page() would page on: no pager module is loaded for it.
  if (text.indexOf('\n') >= text.length - 1) return void process.stdout.write(text);
  const { page, pagerFor } = await import('./io/pager.js');
  const typed = (flag: string) => typedAsOption(flag, process.argv.slice(2));
  const pager = pagerFor(process.env, true, { json: typed('--json'), pager: !typed('--no-pager') });
  await page({ stdout: process.stdout, env: process.env, pager }, text);
}

/** Set once an error reaches the top at a terminal: its sentence and fix then break between words. */
let fitError: ((text: string, columns: number | undefined) => string) | undefined;
const sayError = (text: string): void => void process.stderr.write(fitError ? fitError(text, process.stderr.columns) : text);

/**
 * Whether handleError has a sentence of `err` to fit (sayError): not the help nor the version, which
 * commander lays out itself. Loaded for them, the wrapper made `--version` at a terminal open 16
 * bundle files, 12 piped.
 */
function fitsError(err: unknown): boolean {
  if (!(err instanceof CommanderError)) return true;
  // The help after no command goes out as commander laid it out (handleError writes it as it is).
  if (err.code === 'commander.help') return false;
  return usageText !== '' || (err.code !== 'commander.helpDisplayed' && err.code !== 'commander.version');
}

export function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    // The help (after no command) is laid out by commander for this width already: as it is.
    // Only an error's own lines are fitted.
    if (usageText) err.code === 'commander.help' ? process.stderr.write(usageText) : sayError(usageText);
    usageText = '';
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    // `help` asks for help (0); no command at all is a usage error: the help goes to stderr, exit 2.
    if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err.code === 'commander.unknownCommand') sayError(retarget(unknownCommandHint, errorTarget));
    // Not retargeted: the command it gives is this one's words, its target options as typed (those
    // after the refused option are not among errorTarget's: commander stopped reading there).
    const refused = /unknown option '(.*)'/.exec(err.message)?.[1];
    if (err.code === 'commander.unknownOption' && refused !== undefined && program) sayError(misplacedOptionHint(program, process.argv.slice(2), refused));
    return EXIT.usage; // commander already printed the sentence (or it was just written, fitted)
  }
  if (err instanceof CliError) {
    // The reader left (`| head`): what was found needs no sentence on a pipe nobody reads (a `2>err.log` keeps it).
    if (err.exitCode === EXIT.attention && silenced(process.stderr)) return EXIT.ok;
    if (err.exitCode !== EXIT.attention || err.message) sayError(`${printable(retarget(err.message, errorTarget))}\n`);
    if (err.hint) sayError(`${printable(retarget(err.hint, errorTarget))}\n`);
    if (verbose && err.cause) process.stderr.write(`${printable(String((err.cause as Error).stack ?? err.cause))}\n`);
    return err.exitCode;
  }
  const e = err as NodeJS.ErrnoException;
  // A file outside the stores (the sandbox's day, a GitHub summary) on a full or read-only disk.
  if (typeof e?.path === 'string' && ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR'].includes(e.code ?? '')) return handleError(cannotWrite(e.path, e, 'the file'));
  if (leftPrompt(e) || e?.name === 'AbortPromptError') {
    process.stderr.write('Cancelled.\n');
    return EXIT.cancelled;
  }
  process.stderr.write(`Unexpected error: ${printable(e?.message ?? String(err))}\n`);
  process.stderr.write(verbose ? `${printable(e?.stack ?? '')}\n` : 'This is a bug; run again with --verbose and report the output.\n');
  return EXIT.unexpected;
}

/**
 * The last resort: an error nobody awaited (or thrown from a callback) is one redacted sentence and
 * its exit code, never Node's dump of the object, which for an HTTP error holds the request's
 * headers and form body (tokens, the client secret).
 */
function lastResort(err: unknown): void {
  process.exit(handleError(err));
}
process.on('unhandledRejection', lastResort);
process.on('uncaughtException', lastResort);

/**
 * Ends by the signal itself: an exit would wait for a thread blocked on an input. Only this
 * handler is removed: signal-exit's (ora's cursor, proper-lockfile's lock) then runs its exit hooks
 * and re-raises, as it does for any signal; with no listener left, the default action ends us.
 */
function dieBy(signal: NodeJS.Signals, handler: NodeJS.SignalsListener): void {
  process.off(signal, handler);
  process.kill(process.pid, signal);
}
// Every command ends on Ctrl-C, SIGTERM (a CI timeout, `kill`) and SIGHUP (the terminal closed), whatever is
// in flight: stores are written whole or not at all, so stopping at any point loses nothing. The
// exceptions, fix between the record of what it sends and the record of the results, and login
// between a grant token's exchange and its save, take the first signal themselves (io/graceful-stop.ts).
let hungUp = false;
/** The signal onSignal ends the run for by process.exit (not one a stretch took, nor dieBy's). */
let exitingBy: NodeJS.Signals | undefined;
/**
 * Writes the CI page of a run stopped before it took its page (failureOnCiPage): a resync a CI
 * timeout killed while it read the users left the step no page, where fix's says "Stopped: exit 143".
 */
let pageOnSignal: ((stopped: CliError) => void) | undefined;
const onSignal = (signal: NodeJS.Signals): void => {
  hungUp ||= signal === 'SIGHUP';
  if (handOver(signal)) return;
  const ended = endedBy(signal);
  process.stderr.write(`\n${ended.said}.\n${cutShortNote()}`);
  const page = pageOnSignal;
  pageOnSignal = undefined;
  page?.(new CliError(`${ended.said}.`, ended.code));
  if (readsMayBlock()) return dieBy(signal, onSignal);
  exitingBy = signal;
  process.exit(ended.code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

endQuietlyOnClosedPipe(process.stdout, process.stderr);
// Decided at exit: the reader may leave while the last write is still being flushed.
process.on('exit', (code) => {
  process.exitCode = exitCodeAfter(code);
  // A run whose terminal closed with no SIGHUP reaching it ends with its own code, not Node's abort.
  letGoOfGoneTerminal();
  // Hung up, the run ends by SIGHUP itself (the shell shows 129), once done: Node 20's exit resets the
  // terminal's modes and aborts, with a native stack, when the terminal has gone (nodejs/node#51519).
  // So does a run whose terminal closed at a question before its SIGHUP came (HungUp, exit 129).
  if (!hungUp && code !== EXIT.hungUp) return;
  const end = () => {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  };
  // Ended by onSignal's process.exit, at exit's last step (reallyExit): signal-exit's hooks, which
  // remove proper-lockfile's locks, run after every 'exit' listener, so a SIGHUP raised here left the
  // fix lock a run held for its plan (the next fix for 10 s: "another fix is running"). A run that
  // took the SIGHUP in a stretch released its locks itself, and may end with no process.exit.
  if (exitingBy === 'SIGHUP') (process as unknown as { reallyExit: () => void }).reallyExit = end;
  else end();
});
try {
  program = buildProgram();
  refuseOptionAsValue(program, process.argv.slice(2));
  await refuseGlobalValueCut(program, process.argv.slice(2));
  await program.parseAsync(unknownCommandBeforeHelp(process.argv));
} catch (err) {
  // An error before any context (a command word typed wrong): its hint's options, as commander read them.
  if (!errorTarget && program) errorTarget = targetOf(program);
  // commander ends the parse once it has given the help: a terminal closed at the pager ends the run hung up.
  const ended = helpText ? await shownHelp().then(() => err, (e: unknown) => e) : err;
  if (process.stderr.isTTY && fitsError(ended)) fitError = (await import('./ui/wrap.js')).prose;
  process.exitCode = handleError(ended);
}
