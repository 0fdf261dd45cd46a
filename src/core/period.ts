/**
 * `--since`: "7d", "24h", "90m", "2w", or a date/time → the instant it starts from. Pure: the caller
 * gives the clock. A date or a time without a zone is UTC, as the tool prints every time (history,
 * doctor --calls): a time copied from its output means the same instant on any machine. (JavaScript
 * reads a bare date as UTC but a bare date-time as local time, so the two disagreed.)
 */
import { series } from '../io/plural.js';
import { timeWords } from './utc-time.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
// "M" is left out: read as minutes, "1M" (one month, to many) silently gave the last minute.
const PERIOD = /^(\d+)\s*([mhdwHDW])$/;
const MONTHS = /^(\d+)\s*M$/;
// A unit written out ("3 days", "90 mins", "2 wks") has one reading, its letter, named rather than
// taken, as --since takes few forms.
const SPELLED_UNIT = /^(\d+)\s*(minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)$/i;
/**
 * Units --since lacks, each with what stands for it in one it has: months and years, about as many
 * days (`days`); fortnights, seconds and milliseconds, as long exactly (`ms`), seconds rounded up to
 * whole minutes (minutes are its least). "1y", "30s", "1ms" and "1 fortnight" were "not a period or
 * a date", naming neither the unit nor what to write.
 */
const OTHER_UNITS: ReadonlyArray<{ name: string; form: RegExp } & ({ days: number } | { ms: number })> = [
  { name: 'months', form: /^(\d+)\s*(?:months?|mos?)$/i, days: 30 },
  { name: 'years', form: /^(\d+)\s*(?:y|yrs?|years?)$/i, days: 365 },
  { name: 'fortnights', form: /^(\d+)\s*fortnights?$/i, ms: 2 * UNIT_MS.w },
  { name: 'seconds', form: /^(\d+)\s*(?:s|secs?|seconds?)$/i, ms: 1000 },
  { name: 'milliseconds', form: /^(\d+)\s*(?:ms|msecs?|millis(?:econds?)?)$/i, ms: 1 },
];
// A number with a fraction and a unit ("1.5y", "2.5 hours"): a period is a whole number of its unit.
const FRACTION = /^(\d+\.\d+)\s*([a-z]+)$/i;
const FRACTION_FAULT = 'has a fraction, which a period does not take (it is a whole number)';
// A date with a two-digit year, year first ("26-11-01") or last, day first, as India writes a date
// ("01-11-26"): the reading a part of two digits at either end gives is named, none guessed.
const TWO_DIGIT_YEAR = /^(\d{1,2})-(\d{1,2})-(\d{1,2})(?=$|[T\s])/;
// Dashes that are not "-", as documents and some keyboards give them, or an editor makes of "-":
// one in a sign or a date is said by name (one of them, several). "not a period or a date" named no
// fault, and the sentence for "-7d" read as if "−7d" were that.
const DASH_NAMES: Record<string, readonly [string, string]> = {
  '\u2010': ['a Unicode hyphen (U+2010)', 'Unicode hyphens (U+2010)'],
  '\u2011': ['a non-breaking hyphen (U+2011)', 'non-breaking hyphens (U+2011)'],
  '\u2012': ['a figure dash (U+2012)', 'figure dashes (U+2012)'],
  '\u2013': ['an en dash (U+2013)', 'en dashes (U+2013)'],
  '\u2014': ['an em dash (U+2014)', 'em dashes (U+2014)'],
  '\u2212': ['a Unicode minus (U+2212)', 'Unicode minus signs (U+2212)'],
  '\ufe63': ['a small hyphen-minus (U+FE63)', 'small hyphen-minus signs (U+FE63)'],
  '\uff0d': ['a full-width hyphen-minus (U+FF0D)', 'full-width hyphen-minus signs (U+FF0D)'],
};
// The dashes named, as a regex reads them: one list, DASH_NAMES, so no dash is found that has no name.
const OTHER_DASHES = Object.keys(DASH_NAMES).join('');
const DASHES = new RegExp(`[${OTHER_DASHES}]`, 'g');
// One for the sign of a zone, after a time ("09:30−05:30"): no part of the date, and said as the sign.
const ZONE_SIGN = new RegExp(`:\\d{1,2}(?:\\.\\d+)?\\s*([${OTHER_DASHES}])\\d{2}:?\\d{2}\\s*$`);
// A period typed with a sign ("-7d", as "7 days ago" is often written): how far back has none.
const SIGNED = new RegExp(`^([+\\-${OTHER_DASHES}])\\s*(\\d.*)$`);
// "7d ago", as a period is said: it means the period ("7 days ago" is then a unit written out, and
// "7 ago" a number with no unit, as "7" is: it was "not a period or a date").
const AGO = new RegExp(`^([+\\-${OTHER_DASHES}]?\\s*\\d+(?:\\.\\d+)?(?:\\s*[a-z]+)?)\\s+ago$`, 'i');
// A number alone ("--since 7", the last seven of something): no unit is guessed, each is named. Of
// up to three digits: "2026" is likelier a year than 2,026 of anything.
const BARE_NUMBER = /^(\d{1,3})$/;
// A time alone ("12:05", "24:5"), no day before it: a time is taken only after its day.
const TIME_ALONE = /^\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
// A real day long past, to say what is wrong with a time whatever day it is of.
const ANY_DAY = '2000-01-01';
/**
 * A date or a date-time, as ISO 8601 writes it, and nothing looser (Date.parse accepts too much),
 * but for minutes or seconds of one digit, read only to be said (dateProblem). One regex for
 * both: of the three that read it, two took a fraction after the minutes ("9:5.5") where the form
 * takes one after the seconds only, and named times for it that were then refused.
 */
const WHEN = /^\d{4}-\d{2}-\d{2}(?:[T ](\d{2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;
// A day and a zone with no time between them ("2026-11-01 +05:30"), and a zone alone: a zone is
// taken only after a time, and each was "not a period or a date". (A day with "Z" or " UTC" is taken.)
const DAY_ZONE = /^(\d{4}-\d{2}-\d{2})(T|\s*)([+-]\d{2}:?\d{2})$/;
const ZONE_ALONE = /^(?:Z|[+-]\d{2}:?\d{2})$/;

/** A date's clock in parts, as typed: `second` undefined when none is given, `zone` '' when none. */
interface Clock {
  hour: string;
  minute: string;
  second?: string;
  fraction: string;
  zone: string;
  offsetHours?: string;
  offsetMinutes?: string;
}

/** A date or date-time's clock (undefined for a bare date), or null when `v` is neither. */
function clockOf(v: string): Clock | undefined | null {
  const m = WHEN.exec(v);
  if (!m) return null;
  const [, hour, minute, second, fraction = '', zone = '', offsetHours, offsetMinutes] = m;
  return hour === undefined || minute === undefined ? undefined : { hour, minute, second, fraction, zone, offsetHours, offsetMinutes };
}

/**
 * The zone of `value` (as typed, before `normal`) as it was typed, to go after a time named for it:
 * "09:05" named for "9:5+05:30" was a time in UTC. '' when it names none, or one no zone is.
 */
function zoneAsTyped(value: string, clock: Clock): string {
  if (clock.zone === '' || zoneProblem(clock)) return '';
  return clock.zone === 'Z' ? /(?:\s*UTC|z)$/i.exec(value.trim())![0] : clock.zone;
}

/** The clock's minutes and seconds typed with one digit, by name. */
function oneDigitParts(clock: Clock): Array<'minutes' | 'seconds'> {
  return [clock.minute.length === 1 && ('minutes' as const), clock.second?.length === 1 && ('seconds' as const)].filter((p) => p !== false);
}

/** Whether `v` is a date or a date-time as ISO 8601 writes it, every part of the clock of two digits. */
function isDate(v: string): boolean {
  const clock = clockOf(v);
  return clock !== null && (clock === undefined || oneDigitParts(clock).length === 0);
}

/** The instant an ISO date or date-time names, UTC when it names no zone; NaN when none. */
function parseUtc(v: string): number {
  const t = v.replace(' ', 'T');
  return Date.parse(t.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t);
}

/**
 * As typed, or as the tool prints a time ("2026-11-28 03:18 UTC", doctor's): " UTC" and "z" are "Z",
 * an offset may have a space before it as " UTC" has ("09:30 +05:30": refused, unquoted the quotes
 * offered held the time alone, hours off the one meant), and a period said with "ago" is the period
 * ("7d ago" is 7d, "-7d ago" -7d, for its sign to be said).
 * A month, a day or an hour of one digit ("2026-12-7 9:30", as most people type a date and a time)
 * has only one reading, 2026-12-07 09:30: it was "not a period or a date".
 */
function normal(value: string): string {
  const v = value
    .trim()
    .replace(AGO, '$1')
    .replace(/\s*UTC$/i, 'Z')
    .replace(/z$/, 'Z')
    .replace(/(:\d+(?:\.\d+)?)\s+([+-]\d{2}:?\d{2})$/, '$1$2')
    .replace(/^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T Z+-])/, (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`)
    .replace(/^(\d{4}-\d{2}-\d{2}[T ])(\d):/, '$10$2:');
  return /^\d{4}-\d{2}-\d{2}Z$/.test(v) ? v.slice(0, -1) : v;
}

/** The period `doctor --calls` reads when --since is not given. */
export const CALLS_SINCE_DEFAULT = '7d';

/** What --since says of a value that is none of its forms, nor near one. */
const NOT_SINCE = 'is not a period or a date';

/** The hint under a refused --since: each form it takes. */
export const SINCE_FORMS = 'Use e.g. --since 7d, 24h, 2w, 2026-11-01, or "2026-11-01 09:30" (UTC, as the tool prints times).';

/** Why a `--since` value cannot be used, or undefined when it can. */
export function sinceProblem(value: string, now: Date): string | undefined {
  return sinceFault(value, now)?.problem;
}

/**
 * Why a `--since` value cannot be used, or undefined when it can; `near` is false of a value that is
 * none of its forms, nor near one (the problem then says only that). A caller that decides on it
 * (stray-words, taking fewer words) reads this flag, never the sentence back.
 */
export function sinceFault(value: string, now: Date): { problem: string; near: boolean } | undefined {
  if (sinceInstant(value, now)) return undefined;
  const problem = nearMissProblem(value, now);
  return problem === undefined ? { problem: NOT_SINCE, near: false } : { problem, near: true };
}

/** What is wrong with a value sinceInstant refused, as near one of --since's forms; undefined when it is near none. */
function nearMissProblem(value: string, now: Date): string | undefined {
  const v = normal(value);
  const period = PERIOD.exec(v);
  if (period) return Number(period[1]) === 0 ? 'is an empty period' : 'is too far back for a date';
  const months = MONTHS.exec(v);
  if (months) return together(['could mean months or minutes: months are not a unit here (30d is about one), and minutes are a small m', ...(Number(months[1]) === 0 ? ['is an empty period'] : [])]);
  const spelled = SPELLED_UNIT.exec(v);
  if (spelled) return spelledProblem(Number(spelled[1]), spelled[2]![0]!.toLowerCase(), now);
  for (const unit of OTHER_UNITS) {
    const n = unit.form.exec(v)?.[1];
    if (n !== undefined) return otherUnitProblem(unit, Number(n), now);
  }
  const fraction = fractionProblem(v, now);
  if (fraction !== undefined) return fraction;
  const [, sign = '', signed] = SIGNED.exec(v) ?? [];
  const nearPeriod = (u: string) => [PERIOD, MONTHS, SPELLED_UNIT, ...OTHER_UNITS.map((unit) => unit.form), BARE_NUMBER].some((form) => form.test(u)) || fractionProblem(u, now) !== undefined;
  if (signed !== undefined && nearPeriod(signed)) return signedProblem(sign, signed, now);
  if (TIME_ALONE.test(v)) return timeAloneProblem(value);
  const bare = BARE_NUMBER.exec(v)?.[1];
  if (bare !== undefined) return bareNumberProblem(Number(bare), now);
  const dayZone = DAY_ZONE.exec(v);
  if (dayZone) return dayZoneProblem(dayZone[1]!, dayZone[2]!, dayZone[3]!, now);
  if (ZONE_ALONE.test(v)) return 'is a zone alone: --since takes a zone only after a day and its time, as in "2026-11-01 09:30 +05:30"';
  const clock = clockOf(v);
  if (clock === null) return dashProblem(value, now) ?? twoDigitYearProblem(value, now);
  return dateProblem(v, value, clock, now);
}

/**
 * A day and a zone with no time: midnight at that zone, or the day alone (midnight UTC), those of
 * the two --since takes; where midnight at that zone is not taken, what else is wrong with it.
 */
function dayZoneProblem(day: string, between: string, zone: string, now: Date): string {
  const fault = 'names a zone but no time (--since takes a zone only after a time)';
  const atZone = between === 'T' ? `${day}T00:00${zone}` : `${day} 00:00${between}${zone}`;
  if (!sinceInstant(atZone, now)) return together([fault, sinceProblem(atZone, now)!]);
  const utc = sinceInstant(day, now) ? `, or ${day} for midnight UTC` : '';
  return `${fault}: write ${/\s/.test(atZone) ? `"${atZone}"` : atZone} for midnight at ${zone}${utc}`;
}

/**
 * A date typed with dashes that are not "-" ("2026–12–01"): each named, then the date to write, or
 * what else is wrong with it, in one sentence; undefined when it is no date with "-" either.
 */
function dashProblem(value: string, now: Date): string | undefined {
  const dashes = value.match(DASHES);
  const plain = value.replace(DASHES, '-');
  if (!dashes || clockOf(normal(plain)) === null) return undefined;
  const sign = ZONE_SIGN.exec(value)?.[1];
  const inDate = sign === undefined ? dashes : dashes.slice(0, -1);
  const names = (found: string[]) => series([...new Set(found)].map((d) => DASH_NAMES[d]![found.filter((e) => e === d).length === 1 ? 0 : 1]), 'and');
  // "where a date takes a hyphen" was said of a zone's sign.
  const date = inDate.length === 0 ? undefined : `${names(inDate)} where a date takes ${inDate.length === 1 ? 'a hyphen' : 'hyphens'} (-)`;
  const zone = sign === undefined ? undefined : `${names([sign])} as its zone's sign, ${date ? 'also' : 'which is'} a hyphen (-)`;
  const fault = `has ${together([date, zone].filter((f) => f !== undefined))}`;
  // Quoted where it holds a space: unquoted, the shell gives --since its first word alone.
  const typed = plain.trim();
  return sinceInstant(plain, now) ? `${fault}: write ${/\s/.test(typed) ? `"${typed}"` : typed}` : together([fault, sinceProblem(plain, now)!]);
}

/** Faults, each a clause of "--since "…" ___", as one sentence: said one at a time, each fix was answered with the next. */
function together(faults: string[]): string {
  return faults.join(', and ');
}

/**
 * A number and a unit written out: the --since it stands for, named where that is taken, else that
 * and what else is wrong with it ("0 days": the unit and the empty period).
 */
function spelledProblem(n: number, unit: string, now: Date): string {
  const period = `${n}${unit}`;
  return sinceInstant(period, now) ? `spells out its unit: write ${period}` : together([`spells out its unit (its letter is ${unit})`, sinceProblem(period, now)!]);
}

/** A number in a unit --since lacks: the units it takes, and what stands for as long in one of them where that is taken, else what is wrong with that. */
function otherUnitProblem(unit: (typeof OTHER_UNITS)[number], n: number, now: Date): string {
  const fault = `is in ${unit.name}, which are not a unit here (--since takes m, h, d and w)`;
  const { period, asLong } = 'days' in unit ? { period: `${Math.round(n * unit.days)}d`, asLong: ' for about as long' } : periodOf(n * unit.ms);
  return sinceInstant(period, now) ? `${fault}: write ${period}${asLong}` : together([fault, sinceProblem(period, now)!]);
}

/** A span as --since writes it: in the largest of d, h and m that holds it whole ("1.5d": 36h), else rounded up to whole minutes. */
function periodOf(ms: number): { period: string; asLong: string } {
  const whole = Math.round(ms);
  const unit = (['d', 'h', 'm'] as const).find((u) => whole % UNIT_MS[u] === 0);
  return unit ? { period: `${whole / UNIT_MS[unit]}${unit}`, asLong: ' for as long' } : { period: `${Math.ceil(whole / UNIT_MS.m)}m`, asLong: ', rounded up to whole minutes' };
}

/**
 * A number with a fraction in a unit, taken or not ("1.5d", "1.5y"): that, and what stands for as
 * long, in one sentence; undefined when its unit is none (nor "M", months or minutes).
 */
function fractionProblem(v: string, now: Date): string | undefined {
  const [, number, word] = FRACTION.exec(v) ?? [];
  if (number === undefined || word === undefined || word === 'M') return undefined;
  const n = Number(number);
  const letter = PERIOD.exec(`1${word}`)?.[2] ?? SPELLED_UNIT.exec(`1${word}`)?.[2]?.[0];
  if (letter !== undefined) {
    const { period, asLong } = periodOf(n * UNIT_MS[letter.toLowerCase() as keyof typeof UNIT_MS]);
    return sinceInstant(period, now) ? `${FRACTION_FAULT}: write ${period}${asLong}` : together([FRACTION_FAULT, sinceProblem(period, now)!]);
  }
  const unit = OTHER_UNITS.find((u) => u.form.test(`1${word}`));
  return unit && together([FRACTION_FAULT, otherUnitProblem(unit, n, now)]);
}

/**
 * A date with a two-digit year: each day it may be (year first in the 2000s, or last, day first),
 * those --since takes offered, and why each other one is not; undefined when it is no such date.
 */
function twoDigitYearProblem(value: string, now: Date): string | undefined {
  const typed = value.trim();
  const [date, first, month, last] = TWO_DIGIT_YEAR.exec(typed) ?? [];
  if (date === undefined) return undefined;
  const rest = typed.slice(date.length);
  const two = (part: string) => part.padStart(2, '0');
  const days = [...(first!.length === 2 ? [`20${first}-${two(month!)}-${two(last!)}`] : []), ...(last!.length === 2 ? [`20${last}-${two(month!)}-${two(first!)}`] : [])];
  const readings = [...new Set(days.map((day) => `${day}${rest}`))].filter((r) => clockOf(normal(r)) !== null);
  if (readings.length === 0) return undefined;
  // A time at fault on any day: the day's readings, then the time's fault once, a sentence each.
  // Said of each reading, it came twice where they were refused for different reasons ("28-11-01
  // 25:00", one in the future too); said alone ("26-11-01 9:5"), the year was the next try's fault.
  const time = rest.replace(/^[T\s]+/, '');
  const timeFault = time === '' ? undefined : sinceProblem(`${ANY_DAY} ${time}`, now);
  if (timeFault !== undefined) return `${twoDigitYearProblem(date, now)!}. Its time ${quotedIfSpaced(time)} ${timeFault}`;
  // "Ambiguous" only of two readings: "5-11-26" and "12-12-12" have one.
  const fault = readings.length > 1 ? 'has a two-digit year, which is ambiguous' : 'has a two-digit year';
  const taken = readings.filter((r) => sinceInstant(r, now));
  const refusals = readings.filter((r) => !sinceInstant(r, now)).map((r) => ({ reading: r, problem: sinceProblem(r, now)! }));
  const refused = refusals.map(({ reading, problem }) => `${quotedIfSpaced(reading)} ${problem}`);
  // Each refusal a clause with its own verb: "…, and as 2027-01-05 is in the future" had none.
  if (taken.length === 0) return together([fault, `${readings.length > 1 ? 'neither reading is taken' : 'its one reading is not taken'}: ${sharedRefusal(refusals) ?? together(refused)}`]);
  return `${fault}: write ${whichever(taken.map(quotedIfSpaced))}${refused.length > 0 ? ` if that is meant, ${refused.map((r) => `as ${r}`).join(', and ')}` : ''}`;
}

/** A value as a sentence offers it: quoted where it holds a space, which the shell would split it at unquoted. */
function quotedIfSpaced(v: string): string {
  return /\s/.test(v) ? `"${v}"` : v;
}

/**
 * The one reason every reading of a two-digit year is refused for, said once of the readings at
 * once ("each of 2030-01-29 and 2029-01-30 is in the future"); undefined when there is one reading,
 * or the reasons differ. (A time's own fault is said apart from the readings: twoDigitYearProblem.)
 */
function sharedRefusal(refusals: ReadonlyArray<{ reading: string; problem: string }>): string | undefined {
  const problems = new Set(refusals.map((r) => r.problem));
  if (refusals.length < 2 || problems.size > 1) return undefined;
  return `each of ${series(refusals.map((r) => quotedIfSpaced(r.reading)), 'and')} ${[...problems][0]}`;
}

/** A number with no unit: each unit it may be named, days first (doctor --calls' default is in days); "0" is an empty period. */
function bareNumberProblem(n: number, now: Date): string {
  if (!sinceInstant(`${n}d`, now)) return sinceProblem(`${n}d`, now)!;
  return `is a number with no unit: write ${n}d for days (or ${n}h for hours, ${n}w for weeks, ${n}m for minutes)`;
}

/**
 * A period with a sign: the one to write where it is taken unsigned, else its sign and what else is
 * wrong with it, in one sentence ("-3 days": the sign and the unit spelled out), so it is fixed once.
 */
function signedProblem(typed: string, unsigned: string, now: Date): string {
  const sign = `has a sign${DASH_NAMES[typed] ? `, ${DASH_NAMES[typed][0]}` : ''}, which a period does not take (it is how far back)`;
  const period = PERIOD.exec(unsigned);
  return period && sinceInstant(unsigned, now) ? `${sign}: write ${period[1]}${period[2]}` : together([sign, sinceProblem(unsigned, now)!]);
}

/** A time with no day ("25:00", "12:5"): that, and what is wrong with the time itself, as a date-time's would be. */
function timeAloneProblem(value: string): string {
  const clock = clockOf(normal(`${ANY_DAY} ${value.trim()}`))!;
  const zone = zoneAsTyped(value, clock);
  const times = zoneProblem(clock) ? [] : clockReadings(clock).filter(isTimeOfDay);
  const short = oneDigitParts(clock).length > 0 && oneDigitFault(clock, times.map((time) => `${time}${zone}`));
  return together(['names no day: --since takes a time only after its day', ...clockFaults(clock, zone), ...(short ? [short] : [])]);
}

/**
 * Every fault of a date or date-time (`v` as `normal` makes it, `value` as typed) refused, in one
 * sentence: the day, the year, the time, the zone, the future, the minutes or seconds of one digit.
 * Minutes or seconds of one digit, unlike an hour, may stand for two times ("9:5": 09:05 or 09:50),
 * so none is guessed: the times it may be are named, each whole ("9:5:5.5" was offered as
 * "09:05:05", its fraction left off), in the zone typed ("9:5+05:30" was offered "09:05", a time in
 * UTC), and only those --since takes where nothing else is wrong ("9:7" is 09:07, 09:70 being no
 * time; "24:0" is 24:00, the day's end), else those that are times of the day, on a day of the
 * calendar from the year 100 on, at a zone there is.
 */
function dateProblem(v: string, value: string, clock: Clock | undefined, now: Date): string | undefined {
  const zone = clock ? zoneAsTyped(value, clock) : '';
  const faults = [
    ...(realDay(v) ? [] : ['is not a day of the calendar']),
    ...(inRange(v) ? [] : [`is before the year ${EARLIEST_YEAR}, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)`]),
    ...(clock ? clockFaults(clock, zone) : []),
  ];
  const times = clock && oneDigitParts(clock).length > 0 ? clockReadings(clock) : undefined;
  // Whether it is in the future: said last, or, of a time with digits to fix, with the times it may be.
  let future = false;
  if (faults.length === 0) {
    // A real instant from the year 100 on that sinceInstant refused: in the future, each time it may be.
    const taken = times?.filter((time) => sinceInstant(`${v.slice(0, 11)}${time}${clock!.zone}`, now)) ?? [];
    if (taken.length > 0) return oneDigitFault(clock!, taken.map((time) => `${time}${zone}`));
    if (times || !Number.isNaN(parseUtc(v))) future = true;
    // No fault to name, and still no instant: said as a value near none of its forms.
    else return undefined;
  } else future = inRange(v) && beforeItBegins(v, clock, now);
  if (!times) return together(future ? [...faults, FUTURE] : faults);
  const readings = inRange(v) ? times.filter(isTimeOfDay).map((time) => `${time}${zone}`) : [];
  // Every time it may be is in the future: "write 12:03 or 12:30" named two times, each then refused.
  if (future && readings.length > 0) return together([...faults, futureReadings(clock!, readings)]);
  // No time of a day no day is, or before the year 100, or at a zone no zone is, is taken: named,
  // each was then refused (without the zone, a time in UTC, hours off the one meant). Their digits
  // are said instead, with the other faults, so the value is fixed once (7a68c31).
  return together([...faults, ...(future ? [FUTURE] : []), oneDigitFault(clock!, realDay(v) && !zoneProblem(clock!) ? readings : [])]);
}

const FUTURE = 'is in the future';

/** In the future as each time its minutes or seconds of one digit may make it: those times, none offered to write. */
function futureReadings(clock: Clock, times: string[]): string {
  const short = oneDigitParts(clock);
  const parts = short.length === 2 ? 'minutes and its seconds' : short[0];
  return `${FUTURE}${times.length > 1 ? ', whichever time it means' : ''} (its ${parts} of one digit make it ${series(times)})`;
}

/** Each time a clock with minutes or seconds of one digit may be, every part as typed: "9:5:5.5" → 09:05:05.5, 09:05:50.5, … */
function clockReadings(clock: Clock): string[] {
  const parts = clock.second === undefined ? [clock.minute] : [clock.minute, clock.second];
  const readings = (part: string) => [...new Set(part.length === 2 ? [part] : [`0${part}`, `${part}0`])];
  const clocks = parts.reduce<string[]>((sofar, part) => sofar.flatMap((c) => readings(part).map((two) => `${c}:${two}`)), [clock.hour]);
  return clocks.map((time) => `${time}${clock.fraction}`);
}

/** Whether "09:05", "24:00:00.5" is a time of some day. */
function isTimeOfDay(time: string): boolean {
  return !Number.isNaN(Date.parse(`2000-01-01T${time}Z`));
}

/**
 * Minutes or seconds of one digit, with the times to write, those given; where no time of the day
 * is one of them (the hour, or the other part, is none), the two digits each part may be: "gives
 * its minutes one digit" alone left what to type for them unsaid.
 */
function oneDigitFault(clock: Clock, times: string[]): string {
  const short = oneDigitParts(clock);
  const said = `gives ${short.length === 2 ? 'its minutes and its seconds one digit each' : `its ${short[0]} one digit`}`;
  if (times.length > 0) return `${said}: write ${whichever(times)}`;
  // Each reading that is a minute or a second (00 to 59: "7" is 07 alone), the seconds with their fraction.
  const digits = (part: string, fraction: string) => [...new Set([`0${part}`, `${part}0`])].filter((two) => Number(two) <= 59).map((two) => `${two}${fraction}`);
  const parts = short.map((name) => ({ name, readings: name === 'minutes' ? digits(clock.minute, '') : digits(clock.second!, clock.fraction) }));
  const write = parts.length === 1 ? `them as ${series(parts[0]!.readings)}` : parts.map((p) => `the ${p.name} as ${series(p.readings)}`).join(' and ');
  return `${said}: write ${write}${parts.some((p) => p.readings.length > 1) ? ', whichever is meant' : ''}`;
}

/**
 * Whether the day typed begins after `now` at the zone typed (at any zone, where the one typed is no
 * zone): in the future whatever time of it, or zone, is meant. A day no day is stands for its month,
 * or its year where the month is none ("2027-02-30").
 */
function beforeItBegins(v: string, clock: Clock | undefined, now: Date): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, m >= 1 && m <= 12 ? m - 1 : 0, realDay(v) ? d : 1);
  const offsetMinutes = !clock || clock.offsetHours === undefined ? 0 : zoneProblem(clock) ? 24 * 60 : (clock.zone.startsWith('-') ? -1 : 1) * (Number(clock.offsetHours) * 60 + Number(clock.offsetMinutes));
  return day.getTime() - offsetMinutes * 60_000 > now.getTime();
}

/** Times to choose from, as a sentence names them: "09:05", "09:05 or 09:50, whichever is meant". */
function whichever(times: string[]): string {
  return times.length > 1 ? `${series(times)}, whichever is meant` : times[0]!;
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
  if (!isDate(v) || !realDay(v) || !inRange(v)) return undefined;
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

/**
 * What is wrong with a clock (its minutes and seconds of two digits) and its zone, a clause each:
 * "2026-12-07 25:00" was "not a period or a date", while a wrong day was named as such. (24:00, the
 * day's end, is taken, as ISO 8601 and Date.parse take it.)
 */
function clockFaults(clock: Clock, typedZone: string): string[] {
  const { hour, minute, second = '', fraction } = clock;
  const zeros = /^[0.]*$/.test(`${minute}${second}${fraction}`);
  // 24:00 is named with the rule: "00 to 23" alone was said of "24:30", while "24:00" is taken.
  const rules = [
    (Number(hour) > 24 || (Number(hour) === 24 && !zeros)) && ['hours', `00 to 23, or 24:00${typedZone} for the end of the day`],
    minute.length === 2 && Number(minute) > 59 && ['minutes', '00 to 59'],
    second.length === 2 && Number(second) > 59 && ['seconds', '00 to 59'],
  ].filter((rule) => rule !== false);
  const time = rules.length === 0 ? [] : [`is not a time of day: ${rules.map(([part, range], i) => `${part}${i === 0 ? ' go' : ''} from ${range}`).join(', and ')}`];
  const zone = zoneProblem(clock);
  return zone ? [...time, zone] : time;
}

/** What is wrong with an offset no zone has ("+25:00"), or undefined. */
function zoneProblem({ zone, offsetHours, offsetMinutes }: Clock): string | undefined {
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return `has no zone at ${zone}: offsets go up to 23:59 either side of UTC`;
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
