/**
 * An option typed short of its end (`fix --dry`): commander suggests a near name only within three
 * letters, and "--dry" is four from "--dry-run", so a newcomer got "unknown option" and nothing
 * else. When exactly one of the command's options (its own and the global ones) starts with what
 * was typed, it is suggested as commander suggests a near one; otherwise commander says its own.
 * Either way a value glued on with "=" is shown as "=…".
 */
import type { Command } from 'commander';

type Refusing = { unknownOption(flag: string): void };

export function suggestByPrefix(cmd: Command): void {
  const refusing = cmd as unknown as Refusing;
  const commanders = refusing.unknownOption.bind(cmd);
  refusing.unknownOption = (typedFlag: string) => {
    const typed = typedFlag.split('=')[0]!;
    // What follows its "=" is not repeated: an option typed wrong, or before its command, may be a
    // secret's (`--client-secrte=…`), which no other sentence repeats.
    const flag = typed === typedFlag ? typed : `${typed}=…`;
    const longs = new Set<string>();
    for (let c: Command | null = cmd; c; c = c.parent)
      for (const o of c.createHelp().visibleOptions(c)) if (o.long?.startsWith(typed)) longs.add(o.long);
    if (typed.startsWith('--') && typed.length > 2 && longs.size === 1)
      cmd.error(`error: unknown option '${flag}'\n(Did you mean ${[...longs][0]}?)`, { code: 'commander.unknownOption' });
    commanders(flag);
  };
}
