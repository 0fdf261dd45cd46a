/** A count with its noun, as every sentence says one: "1 change", "3 changes", "2 mismatches". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "a", "a or b", "a, b or c" (conjunction "and" for a heading). */
export function series(words: readonly string[], conjunction = 'or'): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}` : (words[0] ?? '');
}

/**
 * Of `items` said in the room of `most`, those named and how many more are counted instead: past
 * `most`, the first few and the count, in the same room. Never "and 1 more": the one item left out
 * takes as little room as that (doctor's calls list drew the same line).
 */
export function namedUpTo<T>(items: readonly T[], most: number): { named: readonly T[]; more: number } {
  return items.length > most ? { named: items.slice(0, most - 1), more: items.length - most + 1 } : { named: items, more: 0 };
}

/** `series` of up to `most` words; past that the first few and how many more (namedUpTo). */
export function seriesUpTo(words: readonly string[], most: number, conjunction = 'and'): string {
  const { named, more } = namedUpTo(words, most);
  return series(more ? [...named, `${more} more`] : named, conjunction);
}
