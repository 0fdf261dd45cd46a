/**
 * A command's option typed before the command (`phonebridge-sync --dry-run fix`): --help says the
 * global options go before or after it, so a newcomer puts the command's own there too, and
 * commander said "unknown option '--dry-run'", naming neither whose option it is nor where it goes.
 * So did another command's option typed after a command (`fix --prune`).
 */
import type { Command, Option } from 'commander';
import { series } from './plural.js';
import { repeatedWords } from './repeated-words.js';
import { optionsEnd } from '../option-values.js';

const takesValue = (o: Option, word: string): boolean => (o.required || o.optional) && !word.includes('=');

/**
 * The sentence after commander's, for the option `flag` among `args` (the command line after the
 * program's name); '' when it is no command's option.
 */
export function misplacedOptionHint(program: Command, args: readonly string[], flag: string): string {
  const typed = flag.split('=')[0]!;
  // A hidden option (map's --dry-run, kept only to say that map has none) is not offered.
  const optionOf = (c: Command) => c.options.find((o) => !o.hidden && (o.long === typed || o.short === typed));
  const owners = program.commands.filter((c) => optionOf(c));
  // `flag` as commander's sentence quotes it: a value glued on is shown as "=…", not as typed.
  const at = args.findIndex((a) => a.split('=')[0] === typed);
  if (owners.length === 0 || at < 0) return '';
  const moved = takesValue(optionOf(owners[0]!)!, args[at]!) && at + 1 < args.length ? 2 : 1;
  const end = optionsEnd(args);
  // The command word, as commander finds it: the first word that is neither an option nor a value.
  let command: number | undefined;
  for (let i = 0; i < end && command === undefined; i++) {
    const word = args[i]!;
    if (i === at) i += moved - 1;
    else if (word.startsWith('-')) {
      const global = program.options.find((o) => o.long === word.split('=')[0] || o.short === word);
      if (global && takesValue(global, word)) i++;
    } else command = i;
  }
  const word = command === undefined ? undefined : args[command];
  const named = program.commands.some((c) => c.name() === word);
  // After its command, an option is refused by that command: another's (`fix --prune`) is named.
  if (command !== undefined && command < at) return named ? `\`${typed}\` is an option of ${series(owners.map((c) => c.name()))}, not of ${word}.\n` : '';
  const target = owners.find((c) => c.name() === word);
  if (!target) {
    const other = named ? `, not of ${word}` : '';
    return `\`${typed}\` is an option of ${series(owners.map((c) => c.name()))}${other}: it goes after the command it is for.\n`;
  }
  // At the end, where every command reads its options (before a `--`, after which nothing is one).
  const rest = [...args.slice(0, at), ...args.slice(at + moved)];
  const cut = optionsEnd(rest);
  const line = [...rest.slice(0, cut), ...args.slice(at, at + moved), ...rest.slice(cut)];
  return `\`${typed}\` is an option of ${target.name()}, so it goes after it: run \`phonebridge-sync ${repeatedWords(line).join(' ')}\`.\n`;
}
