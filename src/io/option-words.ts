/**
 * One option value that holds several words the shell did not split: `--only 12,13`, `--only 12,`
 * (typed "12, 13") or `--only "12 13"` (a script's "$USERS"). doctor --only and fix --only say the
 * same of it, and were written twice. And an extension typed as the tables label it ("ext 12"),
 * which fix --only and map --myoperator say alike.
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

/**
 * "ext 12", as every plan, result, picker and table labels an extension ("Ravi Kumar · ext 12"),
 * typed back (`ext 12` as two words, quoted as one, "ext12", "Ext.12"): the label is nobody, and
 * "no user has that" sent the admin to the lists, which show the same "12".
 */
const EXT_LABEL = /^ext\.?\s*(\d*)$/i;

/** Whether the value is that label, with or without its number. */
export const isExtensionLabel = (value: string): boolean => EXT_LABEL.test(value.trim());

/** The number the label holds, as a list of it (none for "ext" alone). */
export const labelledExtension = (value: string): string[] => {
  const n = EXT_LABEL.exec(value.trim())?.[1];
  return n ? [n] : [];
};

/** The start of the hint, before the command that gives the number alone. */
export const EXTENSION_ALONE = '"ext" is the label the tables put before an extension, not a user: give the extension alone';
