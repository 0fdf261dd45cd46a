/**
 * Times as the tool reads them from its records and says them at a terminal. One form everywhere a
 * person reads a time (list history, doctor, list mappings, a rate limit's "run again after"):
 * ISO 8601's date and 24-hour clock, in UTC, with a space for its "T" and " UTC" for its "Z":
 * "2026-01-05 12:35:26 UTC". `list history` printed "2026-01-05 12:35:26Z" beside doctor's
 * "2026-01-05 12:35 UTC", and an admin lining up a call with a change read two clocks. `--json`,
 * CSV and piped lines keep the ISO time as written: programs read those.
 */

/**
 * A recorded time as an instant (NaN when it is none). One without a zone, typed by hand (the tool
 * writes "Z"), is UTC, as --since and every time printed are: Date.parse read it in the machine's
 * zone, so the same --since kept a history line in UTC and left it out in India.
 */
export function utcInstant(time: string): number {
  return Date.parse(/T[\d:.]+$/.test(time) ? `${time}Z` : time);
}

/**
 * The date and clock in UTC, "2026-01-05 12:35", or to the second where seconds tell entries apart
 * (a fix's `sending` line and its result fall in one minute): "2026-01-05 12:35:26". A table cell
 * under a header that says "(UTC)" takes it as it is; a sentence, timeWords.
 */
export function utcClock(at: Date, seconds = false): string {
  return at.toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}

/** A time in a sentence or a line of facts: "2026-01-05 12:35 UTC", or "2026-01-05 12:35:26 UTC". */
export function timeWords(at: Date, seconds = false): string {
  return `${utcClock(at, seconds)} UTC`;
}

/**
 * A recorded time as timeWords says it, from what it stands for: one typed with an offset
 * ("…T15:30:26+05:30") showed its own clock beside times in UTC. As written when it names no instant.
 */
export function recordedTimeWords(time: string, seconds = false): string {
  const t = utcInstant(time);
  return Number.isNaN(t) ? time : timeWords(new Date(t), seconds);
}
