/**
 * What commander's "unknown option" says of a word it could not read as an option, where that
 * sentence alone misleads. Either way a value glued on with "=" is shown as "=…", never as typed:
 * an option typed wrong, or before its command, may be a secret's (`--client-secrte=…`), which no
 * other sentence repeats.
 *
 * - A value glued to an option that takes none (`fix --dry-run=yes`, `--json=1`) was "unknown
 *   option '--dry-run=…' (Did you mean --dry-run?)", the very option typed: it is said as what it is;
 *   so is a short one's (`-y=1`, "unknown option '-=…'").
 * - An option typed short of its end (`fix --dry`): commander suggests a near name only within three
 *   letters, and "--dry" is four from "--dry-run", so a newcomer got "unknown option" and nothing
 *   else. When exactly one of the command's options (its own and the global ones) starts with what
 *   was typed, it is suggested as commander suggests a near one; otherwise commander says its own.
 */
import type { Command, Option } from 'commander';
import { looksLikeOption, optionsEnd } from '../option-values.js';

type Refusing = { unknownOption(flag: string): void };

/** The command's visible options and those of the program above it, each read wherever it is typed. */
function optionsReadBy(cmd: Command): Option[] {
  const all: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) all.push(...c.createHelp().visibleOptions(c));
  return all;
}

/**
 * The short option a "-=…" came from: commander reads `-y=1` as -y, then "-=1" as the next option
 * (as `-yn` is -y -n), and said "unknown option '-=…'". `args`: the command line after the program's name.
 */
function shortBefore(glued: string, args: readonly string[]): string | undefined {
  const word = args.slice(0, optionsEnd(args)).find((a) => /^-[^-=]+=/.test(a) && a.slice(a.indexOf('=')) === glued.slice(1));
  return word && `-${word[word.indexOf('=') - 1]}`;
}

export function sayUnknownOption(cmd: Command, args: readonly string[]): void {
  const refusing = cmd as unknown as Refusing;
  const commanders = refusing.unknownOption.bind(cmd);
  refusing.unknownOption = (typedFlag: string) => {
    const options = optionsReadBy(cmd);
    const typed = typedFlag.split('=')[0]!;
    const flag = typed === typedFlag ? typed : `${typed}=…`;
    // The option a value was glued to: a short one's, or a long one's as typed.
    const valued = typedFlag.startsWith('-=') ? shortBefore(typedFlag, args) : typed !== typedFlag ? typed : undefined;
    if (valued && options.some((o) => (o.short === valued || o.long === valued) && !o.required && !o.optional))
      cmd.error(`error: ${valued} takes no value: write ${valued} alone.`, { code: 'commander.optionTakesNoValue' });
    const longs = new Set(options.flatMap((o) => (o.long?.startsWith(typed) ? [o.long] : [])));
    if (typed.startsWith('--') && typed.length > 2 && longs.size === 1)
      cmd.error(`error: unknown option '${flag}'\n(Did you mean ${[...longs][0]}?)`, { code: 'commander.unknownOption' });
    commanders(flag);
  };
}

/**
 * An option word among a list option's values (`doctor --only --1h`: commander gives --only the next
 * word, whatever it is) that is no option of the command's, nor the program's: commander's sentence
 * (with its did-you-mean), as after a check. "put --1h before --only" sent the admin to an option
 * nobody has. A real option there is left to the command, which says where it goes.
 */
export function refuseUnknownOptionIn(cmd: Command, values: readonly string[] | undefined): void {
  const word = values?.find(looksLikeOption);
  if (word === undefined) return;
  const typed = word.split('=')[0]!;
  const options = [...optionsReadBy(cmd)];
  for (let c: Command | null = cmd; c; c = c.parent) options.push(...c.options);
  if (!options.some((o) => o.long === typed || o.short === typed)) (cmd as unknown as Refusing).unknownOption(word);
}
