/** `--since`: "7d", "24h", "90m", "2w", or a date/time → the instant it starts from. Pure: the caller gives the clock. */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function sinceInstant(value: string, now: Date): Date | undefined {
  const v = value.trim();
  const rel = /^(\d+)\s*([mhdw])$/i.exec(v);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase() as keyof typeof UNIT_MS]);
  // A date or a date-time, as ISO 8601 writes it; nothing looser (Date.parse accepts too much).
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return undefined;
  const t = Date.parse(v.replace(' ', 'T'));
  return Number.isNaN(t) || t > now.getTime() ? undefined : new Date(t);
}
