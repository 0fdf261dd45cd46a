/**
 * Words of a command that no option took (after `--`, after a flag, a value cut in two by a space,
 * or a second list or side): commander said "error: too many arguments for 'fix'. Expected 0
 * arguments but got 1." and its usage line, naming neither the word nor where it belongs. Every
 * command says it here; doctor adds its checks (doctor/only.ts strayWords) with the same words.
 */
import { pastable, visible } from '../core/forensics.js';
import { EXTENSION_ALONE, isExtensionLabel, labelledExtension } from './option-words.js';
import { series } from './plural.js';
import { SINCE_FORMS, sinceFault } from '../core/period.js';
import { USER_TAKES } from './user-takes.js';

/** One sentence and its fix, for a usage error (exit 2). */
export interface StrayProblem {
  message: string;
  hint: string;
  /**
   * map's --zoho, --myoperator, --ignore or --ignore-myoperator cut in two (`--zoho Gaurav Bose`): the option and its value
   * read whole, which map looks up among the users' names before it says this, as it says a name
   * given in quotes (whose name it is, and the e-mail to give).
   */
  wholeUser?: { option: UserOption; value: string };
  /** A value cut in two (valueCutInTwo): its option, and it with the value whole in quotes as shown, for cli.ts to say with a fault of the option's own. */
  cut?: { flag: string; quoted: string };
}

/** `"a" is` or `"a" and "b" are` (`where` between them): the words as shown, never sent to the terminal raw. */
function quotedWords(words: readonly string[], where = ''): string {
  const list = series(words.map((w) => `"${visible(w)}"`), 'and');
  return `${list}${where} ${words.length === 1 ? 'is' : 'are'}`;
}

/** Words no option took, where none of them is for an option of this command to take: said alike by every command. */
export function noOptionsValue(command: string, words: readonly string[]): StrayProblem {
  return {
    message: `${command} takes no words of its own: ${quotedWords(words)} not the value of any option.`,
    hint: `A value goes right after its option, in quotes if it holds spaces (\`phonebridge-sync ${command} --help\` lists them); else leave the word out.`,
  };
}

/** For a command with a variadic --only: the words are not among its values, and why. */
export function notAmongOnly(command: string, words: readonly string[], noun: string): string {
  return `${command} takes no words of its own: ${quotedWords(words)} not among the ${noun}s of --only, which are the words right after it, up to -- or another option.`;
}

/**
 * Commander's rule for an option word (option-values.ts looksLikeOption), handed in by cli.ts: imported
 * here, it took commander out of the entry chunk into one of its own (doctor's --only uses this file),
 * one more file every start-up reads.
 */
export type IsOption = (word: string) => boolean;

/**
 * `--only` with its values and then the words, each as pasted, and what it says of them. One that
 * reads as an option is glued on in an --only of its own: `--only 14 -a@b.in` refused -a@b.in as an option.
 */
function onlyWith(only: readonly string[] | undefined, words: readonly string[], isOption: IsOption): { run: string; dashed: string } {
  const all = [...(only ?? []), ...words];
  const plain = all.filter((w) => !isOption(w));
  const glued = all.filter(isOption).map((w) => `--only=${pastable(w)}`);
  return {
    run: [...(plain.length ? [`--only ${plain.map((w) => pastable(w)).join(' ')}`] : []), ...glued].join(' '),
    dashed: glued.length ? ' (one that starts with "-" in an --only of its own, joined by "=")' : '',
  };
}

/** The fix that gives them to one --only, after the values it has. */
export function giveAfterOnly(only: readonly string[] | undefined, words: readonly string[], noun: string, isOption: IsOption): string {
  const { run, dashed } = onlyWith(only, words, isOption);
  return `Give every ${noun} after one --only, separated by spaces${dashed}: ${run}.`;
}

/** The sides login and logout take (and list lists, among others): their checks and their sentences read this one list. */
export const SIDES = ['zoho', 'myoperator'] as const;

/** Whether a word is a side, as typed (login and logout take no other case). */
export function isSide(word: string): word is (typeof SIDES)[number] {
  return (SIDES as readonly string[]).includes(word);
}

/** The word a command takes for itself (list's <what>, login's and logout's side), as its sentence names it. */
const OWN_WORD: Record<string, { what: string; kinds: readonly string[] }> = {
  list: { what: 'the list (zoho, myoperator, mappings or history)', kinds: [...SIDES, 'mappings', 'history'] },
  login: { what: 'the side (zoho or myoperator)', kinds: SIDES },
  logout: { what: 'the side (zoho or myoperator)', kinds: SIDES },
};

/**
 * The words no option took but the command's own (0 or 1 of `args`, as `own` says): its own is the first
 * of its kinds where one is among them, not the first word. `list --mappings my file.json history` gave
 * list "file.json", and "history" was said as a second list, where "file.json" is the rest of --mappings'
 * value. What a value cut in two is read from (valueCutInTwo, sinceCutInTwo).
 */
export function looseWords(command: string, args: readonly string[], own: number): string[] {
  if (own === 0) return [...args];
  const kinds = OWN_WORD[command]?.kinds;
  const at = kinds ? args.findIndex((w) => kinds.includes(w.toLowerCase())) : -1;
  return args.filter((_, i) => i !== Math.max(at, 0));
}

export interface StrayWords {
  /** The command's name. */
  command: string;
  /** Every word commander did not give an option, the command's own word (if it takes one) first. */
  args: readonly string[];
  /** How many of them the command takes for itself (0 or 1). */
  own: number;
  /** fix --only's values, when given. */
  only?: readonly string[];
  /** map's --zoho and --myoperator, when given: `--myoperator ext 12` leaves "12" stray. */
  zoho?: string;
  myoperator?: string;
  isOption: IsOption;
  /** The command line before any `--`, and the options on it that take a value, for a value cut in two (see valueCutInTwo). */
  typed?: readonly string[];
  takesOne?: TakesOneValue;
}

/** The sentence for the words no option took, or undefined when there are none. */
export function strayWords({ command, args, own, only, zoho, myoperator, isOption, typed, takesOne }: StrayWords): StrayProblem | undefined {
  const words = args.slice(own);
  if (words.length === 0) return undefined;
  const generic = noOptionsValue(command, words).hint;
  // "in quotes" sent `--myoperator ext 12` to `--myoperator "ext 12"`, which names nobody either.
  if (command === 'map' && myoperator !== undefined && isExtensionLabel(myoperator) && labelledExtension(myoperator).length === 0 && words.length === 1 && /^\d+$/.test(words[0]!))
    return {
      message: `map takes no words of its own: ${quotedWords(words)} not the value of any option.`,
      hint: `${EXTENSION_ALONE}: \`phonebridge-sync map${zoho === undefined ? '' : ` --zoho ${pastable(zoho)}`} --myoperator ${words[0]}\`.`,
    };
  const cut = typed && takesOne ? valueCutInTwo(typed, looseWords(command, args, own), takesOne, isOption) : undefined;
  // A number or an e-mail after fix's --worklist value is a user, for --only: `fix --only 12 --worklist w.csv 13`.
  if (cut && !(command === 'fix' && words.some((w) => /^\d+$/.test(w) || w.includes('@')))) return cut;
  if (command === 'fix') {
    const { run, dashed } = onlyWith(undefined, words, isOption);
    return {
      message: notAmongOnly('fix', words, 'user'),
      hint: only?.length ? giveAfterOnly(only, words, 'user', isOption) : `To fix only some users, give them after one --only, separated by spaces${dashed}: ${run}.`,
    };
  }
  const takes = OWN_WORD[command];
  if (!takes || own === 0) return noOptionsValue(command, words);
  const first = `${command} takes one word of its own, ${takes.what}`;
  const after = ` after \`${command} ${pastable(args[0]!)}\``;
  const more = words.every((w) => takes.kinds.includes(w.toLowerCase()));
  const another = `${first}: ${quotedWords(words, after)} ${words.length === 1 ? 'a second' : 'more'}.`;
  if (command === 'login' && more) return { message: another, hint: 'Leave the side out to log in to both, one after the other (at a terminal): `phonebridge-sync login`.' };
  // A token typed without --token (`login myoperator <token>`) must not be repeated: it may be a
  // secret, and so may the side's place when that is no side (`login <token> <secret>`).
  if (command === 'login')
    return {
      message: takes.kinds.includes(args[0]!.toLowerCase())
        ? `${first}: the ${words.length === 1 ? `word${after} is` : `words${after} are`} not the value of any option (not repeated here: a secret, perhaps).`
        : `${first}, and was given ${args.length} words that are no option's value (not repeated here: a secret, perhaps).`,
      hint: 'A secret goes right after its option (--token, --client-secret, --grant-token or --refresh-token), or leave it out and login asks for it at a terminal.',
    };
  if (!more) return { message: `${first}: ${quotedWords(words, after)} not the value of any option.`, hint: generic };
  return {
    message: another,
    hint:
      command === 'logout'
        ? 'Leave the side out to log out of both: `phonebridge-sync logout`.'
        : `List one at a time: ${[args[0]!, ...words].map((w) => `\`phonebridge-sync list ${pastable(w.toLowerCase())}\``).join(', then ')}.`,
  };
}

// An offset after a time, as the tool takes one: "-01:00" is commander's option word, but no option's.
const ZONE_OFFSET = /^[+-]\d{2}:?\d{2}$/;

/** A --since value cut in two: `whole`, the value as quotes would give it, where it is taken so. */
export interface SinceCut extends StrayProblem {
  whole?: string;
  /** The value whole, where that is what is wrong, and what is wrong with it (as sinceProblem says it). */
  fault?: { value: string; problem: string };
}

/**
 * A --since value cut in two by a space (`words`: the command line after the program's name, up to
 * the first `--`, which cli.ts cuts, as it hands in commander's rule: see IsOption), said
 * before any other stray word: unquoted, `--since 7d ago` or `--since 2026-12-01 09:30` gives
 * --since its first word and the rest to no option, which was told as any stray word ("ago" after
 * `list history` … / … not among the checks of --only), never that quotes were missing; before
 * `history` it was list's own word ("Cannot list "ago""). The words after the value (up to two: a
 * time and its zone) are taken with it as far as they make a --since value, or one refused for a
 * fault of its own, which is then said ("7 days": "spells out its unit: write 7d"). A zone with a minus
 * ("-01:00") is among them, though it reads as an option. `refused`: the word commander refused as an
 * option, said so only where it is one of them (cli.ts asks before commander's "unknown option '-01:00'").
 * `loose`: the words no option took but the command's own (looseWords), for a value none of whose
 * readings is one: each of them after it is named.
 */
export function sinceCutInTwo(words: readonly string[], now: Date, isOption: IsOption, refused?: string, loose: readonly string[] = []): SinceCut | undefined {
  for (const [i, word] of words.entries()) {
    const glued = word.startsWith('--since=');
    if (word !== '--since' && !glued) continue;
    const at = glued ? i + 1 : i + 2;
    const value = glued ? word.slice('--since='.length) : words[i + 1];
    if (value === undefined) continue;
    const after = words.slice(at, at + 2);
    const cut = after.findIndex((w) => isOption(w) && !ZONE_OFFSET.test(w));
    for (let n = cut < 0 ? after.length : cut; n > 0; n--) {
      const rest = after.slice(0, n);
      if (refused !== undefined && !rest.includes(refused)) break;
      const said = [value, ...rest].join(' ');
      const fault = sinceFault(said, now);
      if (fault && !fault.near) continue;
      if (fault) return { message: `--since "${visible(said)}" ${fault.problem}.`, hint: SINCE_FORMS, fault: { value: said, problem: fault.problem } };
      // "ago" changes nothing of the period: it may as well be left out.
      const orBare = rest.length === 1 && rest[0]!.toLowerCase() === 'ago' ? ` or write \`--since ${pastable(value)}\`` : '';
      return { message: `${cutAfter('--since', value, rest)}.`, hint: `Put the value in quotes (\`--since "${visible(said)}"\`)${orBare}.`, whole: said };
    }
    // `--since Dec 1`: neither the first word nor the two make a value, so the quotes alone would not
    // do; the word after it was said as any stray word, naming neither --since nor the quotes. Every
    // word of the rest is named (`loose`: those no option took, cli.ts reads them from commander):
    // `--since Dec 1 2026` named "1", and "2026" was said only once "Dec 1" was quoted.
    const rest = refused === undefined ? restOf(words, at, value, loose, isOption) : [];
    const said = [value, ...rest].join(' ');
    const wholeFault = rest.length > 0 && sinceFault(value, now) ? sinceFault(said, now) : undefined;
    if (wholeFault)
      return { message: `${cutAfter('--since', value, rest)}, and "${visible(said)}" ${wholeFault.problem} either.`, hint: SINCE_FORMS, fault: { value: said, problem: wholeFault.problem } };
  }
  return undefined;
}

/**
 * The words from `from` on that may be the rest of the value before them: each one no option took
 * (`loose`), up to the first that is not, or an option word, or the value read `whole` so far.
 */
function restOf(words: readonly string[], from: number, value: string, loose: readonly string[], isOption: IsOption, whole: (value: string) => boolean = () => false): string[] {
  const rest: string[] = [];
  for (const word of words.slice(from)) {
    if (isOption(word) || !loose.includes(word) || whole([value, ...rest].join(' '))) break;
    rest.push(word);
  }
  return rest;
}

/** What is said of `rest`, the words after an option's value that no option took: one sentence for --since and every other option, without its period. */
function cutAfter(flag: string, value: string, rest: readonly string[]): string {
  return `${quotedWords(rest, ` after ${flag} ${pastable(value)}`)} not the value of any option: ${flag} takes one word unless its value is in quotes`;
}

/**
 * The option (its long flag) a word on the command line gives a value of its own, as `--x` or
 * `--x=v`, where a value may hold a space: not --since (sinceCutInTwo says it, with its forms), a
 * choice, a list, a value that never holds a space, or a secret (never repeated). option-values.ts'
 * takesOneValue makes it from the command's options; cli.ts hands it in.
 */
export type TakesOneValue = (word: string) => string | undefined;

/** map's options that look a user up among both sides' users, by their names as commander keeps them. */
export type UserOption = 'zoho' | 'myoperator' | 'ignore' | 'ignoreMyoperator';

/** Where the options map's user options take are listed, and which user each takes. */
const USER_LISTS: Partial<Record<string, { list: string; takes: string; option?: UserOption }>> = {
  '--zoho': { list: 'zoho', takes: USER_TAKES.zoho, option: 'zoho' },
  '--ignore': { list: 'zoho', takes: USER_TAKES.ignore, option: 'ignore' },
  '--myoperator': { list: 'myoperator', takes: USER_TAKES.myoperator, option: 'myoperator' },
  '--ignore-myoperator': { list: 'myoperator', takes: USER_TAKES.ignoreMyoperator, option: 'ignoreMyoperator' },
  // --unmap reads no users: it has no names to look the value up in.
  '--unmap': { list: 'mappings', takes: USER_TAKES.unmap },
};

/**
 * A value whole as typed, which the word after it is no rest of: an e-mail, a file's name with its
 * extension (`--worklist w.csv Ravi` offered `--worklist "w.csv Ravi"`), and for map's user options,
 * which take no file, a number (an id, zuid or extension: only a name there holds a space). `map
 * --zoho a@b.in x` was told "Nor is a name taken", of no name typed; `map --zoho Dr.Ravi Kumar`, "Dr.Ravi"
 * read as a file's name, "map takes no words of its own: "Kumar" …", naming neither --zoho nor the name.
 */
function readsWhole(flag: string, value: string): boolean {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return true;
  return flag in USER_LISTS ? /^\d+$/.test(value) : /[^/\\.]\.[a-z0-9]{2,8}$/i.test(value);
}

/**
 * A value other than --since's cut in two by a space: `match --zoho-file my file.json`, `map --zoho
 * Gaurav Bose`, `list --mappings my file.json history`, and before the command `--mappings my
 * file.json list history` (cli.ts refuseGlobalValueCut). The words after the value, up to the next
 * option word, that are among `loose` (the words no option took, but the command's own: see
 * looseWords) and that the value, whole so far, may go on with (readsWhole): they were said as any
 * stray word ("map takes no words of its own: "Bose" …"), naming neither the option nor the quotes,
 * as `--since 7d ago` names them. `words`: the command line before any `--`. map's user options take
 * no name, so quoting one would only be refused in turn: what they take is said instead.
 */
export function valueCutInTwo(words: readonly string[], loose: readonly string[], takesOne: TakesOneValue, isOption: IsOption): StrayProblem | undefined {
  for (const [i, word] of words.entries()) {
    const flag = takesOne(word);
    if (flag === undefined) continue;
    const glued = word.startsWith(`${flag}=`);
    const value = glued ? word.slice(flag.length + 1) : words[i + 1];
    if (value === undefined) continue;
    const rest = restOf(words, glued ? i + 1 : i + 2, value, loose, isOption, (v) => readsWhole(flag, v));
    if (rest.length === 0) continue;
    const user = USER_LISTS[flag];
    const whole = [value, ...rest].join(' ');
    const quoted = `${flag} "${visible(whole)}"`;
    return {
      message: `${cutAfter(flag, value, rest)}.`,
      hint: user
        ? `Nor is a name taken, in quotes or not: give ${user.takes} (\`phonebridge-sync list ${user.list}\` shows them).`
        : `Put the value in quotes (\`${quoted}\`).`,
      ...(user?.option && { wholeUser: { option: user.option, value: whole } }),
      cut: { flag, quoted },
    };
  }
  return undefined;
}

/**
 * A login's or logout's side, as its sentence may repeat it: a short word of letters (a side mistyped),
 * quoted; else undefined. `login <token>` put a token where the side goes, and "Cannot log in to
 * "<token>"." repeated the secret to the terminal and to a CI log.
 */
export function sideShown(word: string): string | undefined {
  return /^[a-z]{1,16}$/i.test(word) ? `"${word}"` : undefined;
}

/** What login and logout say of a word in the side's place that is no side. */
export const NO_SIDE_NOT_REPEATED = 'the word given: it is no side (not repeated here: a secret, perhaps)';
