/**
 * Words typed on the command line, as a hint repeats them in a command to paste: each quoted for
 * the shell, a help flag before any `--` left out (the hint is the command to run, not its help), and a secret's
 * value a placeholder: the hint is an error message, and no message repeats the value of an option
 * SECRET (clients/redact.ts) names.
 */
import { SECRET, optionPlaceholder } from '../clients/redact.js';
import { shellWord } from './invocation.js';

/** `drop(word)` leaves out words of the caller's choosing: 1 the word alone, 2 with the value after it. */
export function repeatedWords(words: readonly string[], drop: (word: string) => 0 | 1 | 2 = () => 0): string[] {
  const kept: string[] = [];
  // After a `--` a help flag is an operand, kept as typed.
  const dashes = words.indexOf('--');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = word.split('=')[0]!;
    const dropped = drop(word);
    if (dropped) i += dropped - 1;
    else if (SECRET.has(flag)) {
      kept.push(word.includes('=') ? `${flag}=${optionPlaceholder(flag)}` : `${flag} ${optionPlaceholder(flag)}`);
      if (!word.includes('=')) i++;
    } else if ((word !== '-h' && word !== '--help') || (dashes >= 0 && i > dashes)) kept.push(shellWord(word));
  }
  return kept;
}
