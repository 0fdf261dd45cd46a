/** A count with its noun, as every sentence says one: "1 change", "3 changes", "2 mismatches". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "a", "a or b", "a, b or c" (conjunction "and" for a heading). */
export function series(words: readonly string[], conjunction = 'or'): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}` : (words[0] ?? '');
}

/**
 * `series` of up to `most` words; past that the first few and how many more, in the same room. Never
 * "and 1 more": the one word left out takes as little room as that (doctor's calls list drew the same line).
 */
export function seriesUpTo(words: readonly string[], most: number, conjunction = 'and'): string {
  return series(words.length > most ? [...words.slice(0, most - 1), `${words.length - most + 1} more`] : words, conjunction);
}
