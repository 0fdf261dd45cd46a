/**
 * The words typed with a command word that is no command (`diagnose --token x`), as the command a
 * hint offers instead would take them. That hint offered `doctor --token <token>`, which doctor then
 * refused: an option the offered command does not take is left out, with the value it takes (for a
 * secret's, never repeated), and named beside the command, so the hint does not drop it unsaid.
 */
import type { Command, Option } from 'commander';
import { looksLikeOption } from '../option-values.js';

/**
 * `words`: those typed before any `--` (none of them a `--`). `reads`: which of the options it has the
 * command offered reads (list's: those of the one list it names).
 */
export function optionsTakenBy(target: Command, words: readonly string[], reads: (o: Option) => boolean = () => true): { kept: string[]; notTaken: string[] } {
  const named = (o: Option, flag: string) => o.long === flag || o.short === flag;
  // Its own options and the program's; a hidden one (map's --dry-run, there to say map has none) is not taken.
  const takes = (flag: string) => [target, target.parent].some((c) => c?.options.some((o) => !o.hidden && reads(o) && named(o, flag)));
  const everyOption = target.parent ? [...target.parent.options, ...target.parent.commands.flatMap((c) => c.options)] : target.options;
  const kept: string[] = [];
  const notTaken = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = word.split('=')[0]!;
    if (!looksLikeOption(word) || takes(flag)) {
      kept.push(word);
      continue;
    }
    notTaken.add(flag);
    if (!word.includes('=') && everyOption.some((o) => o.required && named(o, flag))) i++;
  }
  return { kept, notTaken: [...notTaken] };
}
