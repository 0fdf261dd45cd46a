/** The middle of the figures (the upper one of two middles): what every bench row quotes. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
