/**
 * What commander's "unknown option" says of a word it could not read as an option, where that
 * sentence alone misleads. Either way a value glued on with "=" is shown as "=…", never as typed:
 * an option typed wrong, or before its command, may be a secret's (`--client-secrte=…`), which no
 * other sentence repeats.
 *
 * - A value glued to an option that takes none (`fix --dry-run=yes`, `--json=1`) was "unknown
 *   option '--dry-run=…' (Did you mean --dry-run?)", the very option typed: it is said as what it is.
 * - An option typed short of its end (`fix --dry`): commander suggests a near name only within three
 *   letters, and "--dry" is four from "--dry-run", so a newcomer got "unknown option" and nothing
 *   else. When exactly one of the command's options (its own and the global ones) starts with what
 *   was typed, it is suggested as commander suggests a near one; otherwise commander says its own.
 */
import type { Command, Option } from 'commander';

type Refusing = { unknownOption(flag: string): void };

/** The command's visible options and those of the program above it, each read wherever it is typed. */
function optionsReadBy(cmd: Command): Option[] {
  const all: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) all.push(...c.createHelp().visibleOptions(c));
  return all;
}

export function sayUnknownOption(cmd: Command): void {
  const refusing = cmd as unknown as Refusing;
  const commanders = refusing.unknownOption.bind(cmd);
  refusing.unknownOption = (typedFlag: string) => {
    const typed = typedFlag.split('=')[0]!;
    const flag = typed === typedFlag ? typed : `${typed}=…`;
    const options = optionsReadBy(cmd);
    if (typed !== typedFlag && options.some((o) => o.long === typed && !o.required && !o.optional))
      cmd.error(`error: ${typed} takes no value: write ${typed} alone.`, { code: 'commander.optionTakesNoValue' });
    const longs = new Set(options.flatMap((o) => (o.long?.startsWith(typed) ? [o.long] : [])));
    if (typed.startsWith('--') && typed.length > 2 && longs.size === 1)
      cmd.error(`error: unknown option '${flag}'\n(Did you mean ${[...longs][0]}?)`, { code: 'commander.unknownOption' });
    commanders(flag);
  };
}
