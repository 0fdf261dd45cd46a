/**
 * What commander's "unknown option" says of a word it could not read as an option, where that
 * sentence alone misleads. Either way a value glued on with "=" is shown as "=…", never as typed:
 * an option typed wrong, or before its command, may be a secret's (`--client-secrte=…`), which no
 * other sentence repeats.
 *
 * - A value glued to an option that takes none (`fix --dry-run=yes`, `--json=1`) was "unknown
 *   option '--dry-run=…' (Did you mean --dry-run?)", the very option typed: it is said as what it is;
 *   so is a short one's (`-y=1`, "unknown option '-=…'"), also with letters after it (`-yn=1`,
 *   "unknown option '-n=…'").
 * - An option typed short of its end (`fix --dry`): commander suggests a near name only within three
 *   letters, and "--dry" is four from "--dry-run", so a newcomer got "unknown option" and nothing
 *   else. When exactly one of the command's options (its own and the global ones) starts with what
 *   was typed, it is suggested as commander suggests a near one; otherwise commander says its own.
 * - A word the caller's own rule explains, asked first (cli.ts: a --since value cut in two by the
 *   shell, whose zone "-01:00" commander reads as an option).
 */
import type { Command, Option } from 'commander';
import { looksLikeOption, optionsEnd } from '../option-values.js';
import { misplacedOptionHint } from './misplaced-option.js';

type Refusing = { unknownOption(flag: string): void };

/** The command's visible options and those of the program above it, each read wherever it is typed. */
function optionsReadBy(cmd: Command): Option[] {
  const all: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) all.push(...c.createHelp().visibleOptions(c));
  return all;
}

/**
 * The group of short options a refused "-=…" or "-n=…" came from, and the option read last before
 * it: commander reads `-y=1` as -y, then "-=1" as the next option (as `-yn` is -y -n), and `-yn=1` as
 * -y, then "-n=1", and said "unknown option '-=…'" or "'-n=…'". `args`: the command line after the program's name.
 */
function shortGroup(refused: string, args: readonly string[]): { group: string; last: string } | undefined {
  const rest = refused.slice(1);
  const group = args.slice(0, optionsEnd(args)).find((a) => /^-[^-=]+=/.test(a) && a.length > refused.length && a.endsWith(rest));
  return group ? { group, last: `-${group[group.length - rest.length - 1]}` } : undefined;
}

/** The error to throw for the word commander refused, as typed, or undefined where the rules below say it. */
type OwnRule = (typedFlag: string) => Error | undefined;

export function sayUnknownOption(cmd: Command, args: readonly string[], ownRule?: OwnRule): void {
  const refusing = cmd as unknown as Refusing;
  const commanders = refusing.unknownOption.bind(cmd);
  refusing.unknownOption = (typedFlag: string) => {
    const own = ownRule?.(typedFlag);
    if (own) throw own;
    const options = optionsReadBy(cmd);
    const typed = typedFlag.split('=')[0]!;
    const flag = typed === typedFlag ? typed : `${typed}=…`;
    const takesNone = (flag: string) => options.some((o) => (o.short === flag || o.long === flag) && !o.required && !o.optional);
    // The option a value was glued to: a short one's, or a long one's as typed.
    const group = /^-[^-]/.test(typedFlag) && typed !== typedFlag ? shortGroup(typedFlag, args) : undefined;
    const valued = typedFlag.startsWith('-=') ? group?.last : typed !== typedFlag ? typed : undefined;
    if (valued && takesNone(valued)) cmd.error(`error: ${valued} takes no value: write ${valued} alone.`, { code: 'commander.optionTakesNoValue' });
    // Letters after it too (`-yn=1`): the group as read, the value still unsaid.
    if (group && takesNone(group.last))
      cmd.error(`error: ${group.last} takes no value, so ${group.group.split('=')[0]}=… was read as ${group.last}, then ${flag}, which is no option: write ${group.last} alone.`, {
        code: 'commander.optionTakesNoValue',
      });
    const longs = new Set(options.flatMap((o) => (o.long?.startsWith(typed) ? [o.long] : [])));
    if (typed.startsWith('--') && typed.length > 2 && longs.size === 1)
      cmd.error(`error: unknown option '${flag}'\n(Did you mean ${[...longs][0]}?)`, { code: 'commander.unknownOption' });
    // Where our line says whose option it is (handleError writes it after commander's sentence),
    // commander's "(run with --help for usage)" came between the two, the generic step read first.
    let program = cmd;
    while (program.parent) program = program.parent;
    if (misplacedOptionHint(program, args, flag)) cmd.showHelpAfterError(false);
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
