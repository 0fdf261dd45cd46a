/**
 * `--since`: "7d", "24h", "90m", "2w", or a date/time → the instant it starts from. Pure: the caller
 * gives the clock. A date or a time without a zone is UTC, as the tool prints every time (history,
 * doctor --calls): a time copied from its output means the same instant on any machine. (JavaScript
 * reads a bare date as UTC but a bare date-time as local time, so the two disagreed.)
 */
import { timeWords } from './utc-time.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
// "M" is left out: read as minutes, "1M" (one month, to many) silently gave the last minute.
const PERIOD = /^(\d+)\s*([mhdwHDW])$/;
const MONTHS = /^\d+\s*M$/;
// A date or a date-time, as ISO 8601 writes it; nothing looser (Date.parse accepts too much).
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The instant an ISO date or date-time names, UTC when it names no zone; NaN when none. */
function parseUtc(v: string): number {
  const t = v.replace(' ', 'T');
  return Date.parse(t.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t);
}

/**
 * As typed, or as the tool prints a time ("2026-11-28 03:18 UTC", doctor's): " UTC" and "z" are "Z".
 * A month, a day or an hour of one digit ("2026-12-7 9:30", as most people type a date and a time)
 * has only one reading, 2026-12-07 09:30: it was "not a period or a date".
 */
function normal(value: string): string {
  const v = value
    .trim()
    .replace(/\s*UTC$/i, 'Z')
    .replace(/z$/, 'Z')
    .replace(/^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T Z])/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`)
    .replace(/^(\d{4}-\d{2}-\d{2}[T ])(\d):/, '$10$2:');
  return /^\d{4}-\d{2}-\d{2}Z$/.test(v) ? v.slice(0, -1) : v;
}

/** The hint under a refused --since: each form it takes. */
/** The period `doctor --calls` reads when --since is not given. */
export const CALLS_SINCE_DEFAULT = '7d';

export const SINCE_FORMS = 'Use e.g. --since 7d, 24h, 2w, 2026-11-01, or "2026-11-01 09:30" (UTC, as the tool prints times).';

/** Why a `--since` value cannot be used, or undefined when it can. */
export function sinceProblem(value: string, now: Date): string | undefined {
  if (sinceInstant(value, now)) return undefined;
  const v = normal(value);
  const period = PERIOD.exec(v);
  if (period) return Number(period[1]) === 0 ? 'is an empty period' : 'is too far back for a date';
  if (MONTHS.test(v)) return 'could mean months or minutes: months are not a unit here (30d is about one), and minutes are a small m';
  if (DATE.test(v) && !realDay(v)) return 'is not a day of the calendar';
  if (DATE.test(v) && !inRange(v)) return `is before the year ${EARLIEST_YEAR}, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)`;
  if (DATE.test(v) && Number.isNaN(parseUtc(v))) return clockProblem(v) ?? 'is not a period or a date';
  if (DATE.test(v) && parseUtc(v) > now.getTime()) return 'is in the future';
  return oneDigitProblem(v) ?? 'is not a period or a date';
}

// A DATE but for minutes or seconds of one digit: the hour, the minutes, the seconds (if any).
const LOOSE_CLOCK = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Minutes or seconds of one digit, unlike an hour, may stand for two times ("9:5": 09:05 or 09:50),
 * so none is guessed: the times it may be are named, each whole (none where a reading is past 59:
 * "9:7" is 09:07); both of one digit ("19:3:5") name every pair of readings.
 */
function oneDigitProblem(v: string): string | undefined {
  const [, hour, minutes, seconds] = LOOSE_CLOCK.exec(v) ?? [];
  if (hour === undefined || minutes === undefined) return undefined;
  const parts = seconds === undefined ? [minutes] : [minutes, seconds];
  const short = (['minutes', 'seconds'] as const).filter((_, i) => parts[i]?.length === 1);
  if (short.length === 0) return undefined;
  if (!realDay(v)) return 'is not a day of the calendar';
  // A part of two digits past its range is said as such: "25:3" is no time, whichever 3 is meant.
  const outOfRange = clockProblem(`${v.slice(0, 11)}${[hour, ...parts.map((p) => p.padStart(2, '0'))].join(':')}`);
  if (outOfRange) return outOfRange;
  const readings = (part: string) => (part.length === 2 ? [part] : [`0${part}`, `${part}0`].filter((two) => Number(two) <= 59));
  const times = parts.reduce<string[]>((clocks, part) => clocks.flatMap((c) => readings(part).map((two) => `${c}:${two}`)), [hour]);
  const said = short.length === 2 ? 'its minutes and its seconds one digit each' : `its ${short[0]} one digit`;
  const list = times.length > 1 ? `${times.slice(0, -1).join(', ')} or ${times.at(-1)}, whichever is meant` : times[0];
  return `gives ${said}: write ${list}`;
}

/**
 * The instant a --since stands for, as the tool prints times: "2026-11-01 09:30 UTC". `seconds`:
 * to the second when it has any, where the rows beside it print seconds (list history): "since
 * 12:38 UTC" for 12:38:46 left out that minute's earlier entries unsaid.
 */
export function sinceWords(from: Date, seconds = false): string {
  return timeWords(from, seconds && from.getUTCSeconds() !== 0);
}

export function sinceInstant(value: string, now: Date): Date | undefined {
  const v = normal(value);
  const period = PERIOD.exec(v);
  if (period) {
    const from = new Date(now.getTime() - Number(period[1]) * UNIT_MS[period[2]!.toLowerCase() as keyof typeof UNIT_MS]);
    // A period reaches no further back than a date may: 1000000d was taken, and doctor --calls
    // said "calls since -271764-03-24 19 UTC" and sent MyOperator that instant.
    return Number(period[1]) === 0 || Number.isNaN(from.getTime()) || from.getUTCFullYear() < EARLIEST_YEAR ? undefined : from;
  }
  if (!DATE.test(v) || !realDay(v) || !inRange(v)) return undefined;
  const t = parseUtc(v);
  return Number.isNaN(t) || t > now.getTime() ? undefined : new Date(t);
}

/** Whether the string's leading YYYY-MM-DD is a day of the calendar: Date.parse rolls 2026-02-30 over to March 2. */
function realDay(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999, so every day
  // of them (0001-01-01) was called "not a day of the calendar".
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

// The clock of a DATE, in parts: hour, minute, second, and the offset as typed.
const CLOCK = /^.{10}[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|([+-](\d{2}):?(\d{2})))?$/;

/**
 * What is wrong with the time of a real day that names no instant: "2026-12-07 25:00" was "not a
 * period or a date", while a wrong day was named as such. (24:00, the day's end, is taken, as ISO
 * 8601 and Date.parse take it.)
 */
function clockProblem(v: string): string | undefined {
  const [, hour, minute, second, offset, offsetHours, offsetMinutes] = CLOCK.exec(v) ?? [];
  if (Number(hour) > 23) return 'is not a time of day: hours go from 00 to 23';
  if (Number(minute) > 59) return 'is not a time of day: minutes go from 00 to 59';
  if (Number(second) > 59) return 'is not a time of day: seconds go from 00 to 59';
  if (offset && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return `has no zone at ${offset}: offsets go up to 23:59 either side of UTC`;
  return undefined;
}

/**
 * A --since date is taken from the year 100 on, as it always was (that Date.UTC slip refused the
 * years before it): a day of those years is a real day, but out of this range, and said so.
 */
const EARLIEST_YEAR = 100;

function inRange(v: string): boolean {
  return Number(v.slice(0, 4)) >= EARLIEST_YEAR;
}
