/** A count with its noun, as every sentence says one: "1 change", "3 changes", "2 mismatches". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
