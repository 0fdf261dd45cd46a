/** A count with its noun, as every sentence says one: "1 change", "3 changes", "2 mismatches". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "a", "a or b", "a, b or c" (conjunction "and" for a heading). */
export function series(words: readonly string[], conjunction = 'or'): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}` : (words[0] ?? '');
}
