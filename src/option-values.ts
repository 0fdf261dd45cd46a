/**
 * commander gives an option that takes a value the next word, whatever it is, as getopt does. A
 * value left out then takes the option after it: `--config-dir --sandbox list zoho` ran with a
 * config dir named "--sandbox" and the sandbox off (the real accounts, from a CI's environment),
 * `fix --worklist --dry-run` wrote the plan to a file named "--dry-run". So a value that is itself
 * an option is refused before anything runs. A value that really starts with "--" can still be
 * given glued on: `--config-dir=--odd`.
 */
import { Command, type Option } from 'commander';
import { UsageError } from './errors.js';
import { series } from './io/plural.js';
import { USER_TAKES } from './io/user-takes.js';
import { SECRET } from './clients/redact.js';
import type { TakesOneValue } from './io/stray-words.js';

function flagsOf(cmd: Command): Map<string, Option> {
  const flags = new Map<string, Option>();
  for (const o of cmd.options) {
    if (o.long) flags.set(o.long, o);
    if (o.short) flags.set(o.short, o);
  }
  return flags;
}

/**
 * An option word as commander reads one (`--x`, `--x=v`, `-x`; not `-` alone, `--` or a negative
 * number), where it ends a list of values. commander keeps that test inside parseOptions, so it is
 * asked of a command with no options, to which every option word is unknown: a copy of it here, and
 * in doctor's and fix's --only, had drifted (`--1h`, which ends the list, was a check's name to them).
 */
export function looksLikeOption(word: string): boolean {
  return new Command().parseOptions([word]).unknown.length > 0;
}

/** Where the options end: at a `--`, after which no word is one, else the end of the line. */
export const optionsEnd = (args: readonly string[]): number => (args.includes('--') ? args.indexOf('--') : args.length);

/** The words before a `--`, after which none is an option. */
const beforeDashes = (args: readonly string[]): readonly string[] => args.slice(0, optionsEnd(args));

/** The values typed glued to `flag` (`--only=-a@b.in`), before any `--`: values, whatever they start with, as missingValue's hint says. */
export function gluedValues(flag: string, args: readonly string[]): string[] {
  return beforeDashes(args).flatMap((w) => (w.startsWith(`${flag}=`) ? [w.slice(flag.length + 1)] : []));
}

/**
 * Whether `flag` (one that takes no value) was typed as an option, for what is read before
 * commander's parse: a word after `--` is none (`fix --worklist w.csv -- --verbose` turned on
 * stack traces), nor is a value glued to another option (`--profile=--verbose`).
 */
export function typedAsOption(flag: string, args: readonly string[]): boolean {
  return beforeDashes(args).includes(flag);
}

/**
 * A value that reads as the next option, so the value was left out: dashes, then a letter, as every
 * option has. Not commander's rule for the end of a list (looksLikeOption): it gives a value-taking
 * option the next word whatever it is, and "-7d" after --since is the value typed with a minus, for
 * its own check to say ("has a sign, which a period does not take"), not an option no one has.
 */
const readsAsOption = (word: string): boolean => /^--?[A-Za-z]/.test(word);

/**
 * Whether `word` is a command word of `cmd`: one of its commands, or commander's own `help` command,
 * which a program with commands takes and which is not among cmd.commands. So `help` is read as
 * every command word is: ending the words before the command (`--config-dir x help list` printed
 * list's help), and taken for a value left out where no command follows. `--profile help` printed
 * the whole help on stderr, exit 2, saying nothing of --profile: a profile named "help" with no
 * command after it runs nothing, and a user who meant help gets commander's the moment --profile
 * has its value. A profile really named "help" is given as one named "list" is: before a command,
 * or glued on (`--profile=help`), as the sentence says.
 */
const isCommandOf = (cmd: Command, word: string): boolean =>
  cmd.commands.some((c) => c.name() === word || c.aliases().includes(word)) || (word === 'help' && cmd.commands.length > 0);

/**
 * `--config-dir list zoho`: the directory left out, commander took the command for it, then said
 * "unknown command 'zoho'" and offered `--config-dir list list zoho`, a config dir named "list"
 * (`--config-dir map --auto`: "unknown option '--auto'"; `--config-dir doctor`: the whole help).
 * Only when no command follows, so a profile really named "list" (`--profile list list mappings`)
 * is still one; a help or version flag, which needs no command, is left to commander.
 */
function takesCommandFor(value: string, rest: readonly string[], cmd: Command): boolean {
  if (!isCommandOf(cmd, value)) return false;
  const words = rest.slice(0, optionsEnd(rest));
  return !words.some((w) => isCommandOf(cmd, w) || ['-h', '--help', '-V', '--version'].includes(w));
}

/**
 * The words before the command that no program option took, where a command follows them
 * (`--mappings my file.json list history`: "file.json", which commander took for the command, "error:
 * unknown command 'file.json'"); else none. Before any `--`, as commander reads a command.
 */
export function wordsBeforeCommand(program: Command, args: readonly string[]): string[] {
  const flags = flagsOf(program);
  const words: string[] = [];
  for (let i = 0; i < optionsEnd(args); i++) {
    const word = args[i]!;
    if (isCommandOf(program, word)) return words;
    if (flags.get(word)?.required) i++;
    else if (!looksLikeOption(word)) words.push(word);
  }
  return [];
}

/** `--zoho --myoperator 12`: the option whose value was left out, and the option word (or `--`) after it. */
function missingValue(flag: string, value: string): UsageError {
  // A value that really starts with "-" (a token may) goes in the same word, after "=". The next
  // word is named by its option alone: what follows its "=" may be a secret (--client-secret=…),
  // and after a secret option the word itself may be the secret.
  const next = value.split('=')[0];
  const said = value === '--' ? 'the next word, --, ends the options, and is no value' : `the next word${SECRET.has(flag) ? '' : `, ${next}${next === value ? '' : '=…'},`} is an option`;
  return new UsageError(
    `${flag} is missing its value: ${said}.`,
    `Put the value right after ${flag}; a value that starts with "-" goes in the same word, joined by "=".`,
  );
}

/**
 * What a value of each name in --help's flags (`--worklist <file>`) is. Its words, for one left out
 * at the end of the line: commander said "error: option '--worklist <file>' argument missing", in its
 * words, naming neither the word left out nor what to give. And `oneWord` where it never holds a
 * space (a whole number, a Zoho client id), so the word after it is no rest of it (takesOneValue).
 * Keyed by the value's name, so an option added with a name already here is said alike (but for
 * OPTION_TAKES' options, whose words go first); a choice option lists its choices instead.
 */
const VALUE_TAKES: Record<string, { what: string; example?: string; oneWord?: true }> = {
  'user...': { what: 'the users to fix, each an id, e-mail or extension of either side', example: '14 --dry-run' },
  'check...': { what: 'the checks or groups to run', example: 'users (`phonebridge-sync doctor --help` lists them)' },
  file: { what: "a file's path" },
  dir: { what: "a directory's path" },
  name: { what: "a profile's name", example: 'work' },
  n: { what: 'a whole number', example: '10', oneWord: true },
  period: { what: 'a period or a date in UTC', example: '7d' },
  'client-id': { what: "the Zoho Self Client's client id", oneWord: true },
  'client-secret': { what: "the Zoho Self Client's client secret" },
  'grant-token': { what: "a grant token from Zoho's API console" },
};

/**
 * Where options share a value's name but not its meaning, each one's words, by option: map's
 * `<user>`s, and login's two `<token>`s ("the token" said neither which nor whose).
 */
const OPTION_TAKES: Partial<Record<string, string>> = { ...USER_TAKES, token: "MyOperator's API token", refreshToken: 'an existing Zoho refresh token' };

/** What a value of `option` is, by its name in --help's flags; undefined for a name VALUE_TAKES lacks. */
const valueTakes = (option: Option) => VALUE_TAKES[/<([^>]*)>/.exec(option.flags)?.[1] ?? ''];

/** `fix --worklist`, last on the line: the option left nothing, and what to give it. */
function nothingAfter(option: Option, flag: string): UsageError {
  const own = OPTION_TAKES[option.attributeName()];
  const takes = option.argChoices ? { what: `one of ${series(option.argChoices)}` } : own ? { what: own } : valueTakes(option);
  const hint = takes ? `Give ${flag} ${takes.what}${takes.example ? `, e.g. ${flag} ${takes.example}` : ''}.` : `Put the value right after ${flag}.`;
  return new UsageError(`${flag} is missing its value: nothing was typed after it.`, hint);
}

/**
 * The option (its long flag) of `cmd` or the program that a word gives one free value (see
 * TakesOneValue). Not one whose value never holds a space (VALUE_TAKES' oneWord): quoted,
 * `--max-prune "5 6"` would be refused in turn, so the word after it is said as any stray word.
 */
export function takesOneValue(cmd: Command): TakesOneValue {
  const options = [...cmd.options, ...(cmd.parent?.options ?? [])];
  return (word) => {
    const o = options.find((opt) => opt.long !== undefined && (word === opt.long || word.startsWith(`${opt.long}=`)));
    return o?.required && !o.variadic && !o.argChoices && !valueTakes(o)?.oneWord && o.long !== '--since' && !SECRET.has(o.long!) ? o.long : undefined;
  };
}

/**
 * The first of the words after a variadic option when they are all the program's options (and
 * their values): `fix --only --yes`, where the program takes --yes and --only is left nothing.
 */
function onlyGlobalsAfter(rest: readonly string[], scopes: readonly Map<string, Option>[]): string | undefined {
  const program = scopes.at(-1)!;
  const own = scopes.slice(0, -1);
  const global = (w: string) => {
    const name = w.split('=')[0]!;
    return program.has(name) && !own.some((s) => s.has(name));
  };
  let j = 0;
  while (j < rest.length && global(rest[j]!)) j += program.get(rest[j]!)?.required ? 2 : 1;
  return j > 0 && (j >= rest.length || rest[j] === '--') ? rest[0] : undefined;
}

export function refuseOptionAsValue(program: Command, args: readonly string[]): void {
  const scopes = [flagsOf(program)];
  const versionFlag = program.options.find((o) => o.long === '--version');
  // commander prints the version where it meets the flag, before an option after it is left
  // nothing (`-V --profile`, as git and gh do); a help flag it answers only after every option.
  let versionAsked = false;
  let cmd = program;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') return; // the rest are operands
    const option = scopes.map((s) => s.get(word)).find(Boolean);
    if (option) {
      const flag = option.long ?? option.short ?? '';
      // commander gives the option a `--` as it would any word: `--profile -- prune` ran on a profile
      // named "--", and `fix --only -- -a@b.in` gave --only the user "--". A `--` there is a slip.
      if (option.required && args[i + 1] === '--') throw missingValue(flag, '--');
      if (option === versionFlag) versionAsked = true;
      if (option.required && i + 1 === args.length) {
        if (versionAsked) return;
        throw nothingAfter(option, flag);
      }
      // --only takes several values and says itself when one is an option (fix.ts), but not of a
      // global option after it, which the program takes: alone there, it left --only nothing.
      if (option.variadic) {
        const global = onlyGlobalsAfter(args.slice(i + 1), scopes);
        if (global) throw missingValue(flag, global);
      }
      if (!option.required || option.variadic) continue;
      const value = args[i + 1];
      if (value !== undefined && takesCommandFor(value, args.slice(i + 2), cmd))
        throw new UsageError(
          `${flag} is missing its value: the next word, ${value}, is a command.`,
          `Put the value right after ${flag}, before the command; a value that is a command's name goes in the same word, joined by "=" (${flag}=${value}).`,
        );
      if (value !== undefined && readsAsOption(value)) {
        throw missingValue(flag, value);
      }
      i++;
      continue;
    }
    if (looksLikeOption(word)) continue;
    // A command word opens its options (fix's --worklist is fix's).
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) {
      cmd = sub;
      scopes.unshift(flagsOf(sub));
    }
  }
}
