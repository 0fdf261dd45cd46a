/**
 * One option value that holds several words the shell did not split: `--only 12,13`, `--only 12,`
 * (typed "12, 13") or `--only "12 13"` (a script's "$USERS"). doctor --only and fix --only say the
 * same of it, and were written twice.
 */
import { visible } from '../core/forensics.js';

/** Its words, split at commas and spaces. */
export const wordsOf = (value: string): string[] => value.split(/[,\s]+/).filter(Boolean);

/** Whether it holds more than one word: a comma, or a space inside it. */
export const joinsWords = (value: string): boolean => /[,\s]/.test(value.trim());

/** As a sentence quotes it: in quotes when it holds a space, since `--only 12 13: …` reads as two values. */
export const shownValue = (value: string): string => (/\s/.test(value.trim()) ? `"${visible(value)}"` : visible(value));

/** How to give the words apart, the start of a hint that then gives the command. */
export function giveApart(values: readonly string[], noun: string): string {
  return values.every((v) => !v.includes(',')) ? `Give each ${noun} as a word of its own, not one quoted value` : `Separate ${noun}s with spaces, not commas`;
}
