/** `--since` (list history, doctor --calls): what a person may type, and the sentence for what they may not. */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sinceInstant, sinceProblem } from '../../src/core/period.js';

const NOW = new Date('2026-12-04T12:00:00Z');

describe('--since', () => {
  it('takes a period back from now, or a day or time of the calendar', () => {
    expect(sinceInstant('7d', NOW)?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(sinceInstant('24h', NOW)?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    expect(sinceInstant('2026-02-28', NOW)?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(sinceInstant('2024-02-29 08:30', NOW)?.toISOString()).toBe('2024-02-29T08:30:00.000Z');
    expect(sinceInstant('90m', NOW)?.toISOString()).toBe('2026-12-04T10:30:00.000Z');
    expect(sinceInstant('2W', NOW)?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    // As doctor prints its period ("since 2026-11-28 03:18 UTC"), pasted back; a small z too.
    expect(sinceInstant('2026-11-28 03:18 UTC', NOW)?.toISOString()).toBe('2026-11-28T03:18:00.000Z');
    // And as list history prints a change's time, to the second.
    expect(sinceInstant('2026-11-28 03:18:26 UTC', NOW)?.toISOString()).toBe('2026-11-28T03:18:26.000Z');
    expect(sinceInstant('2026-11-28T03:18z', NOW)?.toISOString()).toBe('2026-11-28T03:18:00.000Z');
    expect(sinceInstant('2026-11-28 UTC', NOW)?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    // The earliest day it takes.
    expect(sinceInstant('0100-01-01', NOW)?.toISOString()).toBe('0100-01-01T00:00:00.000Z');
    // A zone given as an offset is that zone's time (this is also checked, under TZ=Asia/Kolkata, through the built module below).
    expect(sinceInstant('2026-12-04T06:15+05:30', NOW)?.toISOString()).toBe('2026-12-04T00:45:00.000Z');
    expect(sinceInstant('2026-12-04 06:15-0100', NOW)?.toISOString()).toBe('2026-12-04T07:15:00.000Z');
    // With a space before the offset, as " UTC" takes one: "06:15 +05:30" was "not a period or a date", and unquoted
    // (`--since 2026-12-04 06:15 +05:30`) the quotes offered held the time without its zone, 5½ hours off.
    expect(sinceInstant('2026-12-04 06:15 +05:30', NOW)?.toISOString()).toBe('2026-12-04T00:45:00.000Z');
    expect(sinceInstant('2026-12-04T06:15:30  -0100', NOW)?.toISOString()).toBe('2026-12-04T07:15:30.000Z');
    // An hour of one digit, as most people type one: "9:30" can only be 09:30 (it was "not a period or a date").
    expect(sinceInstant('2026-12-03 9:30', NOW)?.toISOString()).toBe('2026-12-03T09:30:00.000Z');
    expect(sinceInstant('2026-12-03T9:30:15 UTC', NOW)?.toISOString()).toBe('2026-12-03T09:30:15.000Z');
    expect(sinceInstant('2026-12-04 6:15+05:30', NOW)?.toISOString()).toBe('2026-12-04T00:45:00.000Z');
    // A day or a month of one digit, as a date is often typed: "2026-12-7" can only be 2026-12-07 (it was "not a period or a date").
    expect(sinceInstant('2026-12-3', NOW)?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(sinceInstant('2026-1-07', NOW)?.toISOString()).toBe('2026-01-07T00:00:00.000Z');
    expect(sinceInstant('2026-2-3 9:30 UTC', NOW)?.toISOString()).toBe('2026-02-03T09:30:00.000Z');
    expect(sinceInstant('2026-12-3T06:15+05:30', NOW)?.toISOString()).toBe('2026-12-03T00:45:00.000Z');
    expect(sinceInstant('2026-1-7z', NOW)?.toISOString()).toBe('2026-01-07T00:00:00.000Z');
    // A period said as people say it, "ago" after it: the same period ("7d ago" was "not a period or a date").
    expect(sinceInstant('7d ago', NOW)?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(sinceInstant(' 2 W  AGO ', NOW)?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
  });

  it('takes a space between the number and its unit, spaces around the value, and the present instant itself', () => {
    expect(sinceInstant('7 d', NOW)?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(sinceInstant('  24h ', NOW)?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    expect(sinceInstant(' 2026-11-28 03:18 UTC ', NOW)?.toISOString()).toBe('2026-11-28T03:18:00.000Z');
    // A time equal to now is not in the future: the period is empty, not refused.
    expect(sinceInstant('2026-12-04T12:00Z', NOW)?.toISOString()).toBe(NOW.toISOString());
    expect(sinceProblem('2026-12-04T12:00Z', NOW)).toBeUndefined();
  });

  it('reads a date-time with no zone as UTC, as a bare date is and as the tool prints times, whatever TZ is', () => {
    // In another process with India's zone (TZ is read at start-up): a local reading moves each
    // instant 5h30 earlier. The built module, as the CLI runs it.
    const script = `import { sinceInstant } from ${JSON.stringify(pathToFileURL(resolve('dist/core/period.js')).href)};
      const now = new Date('2026-12-04T12:00:00Z');
      console.log(JSON.stringify(['2026-12-04 00:00', '2026-12-04T06:15:30', '2026-12-04T06:15+05:30', '2026-12-04 06:15Z', '2026-12-04'].map((v) => sinceInstant(v, now).toISOString())));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Kolkata' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['2026-12-04T00:00:00.000Z', '2026-12-04T06:15:30.000Z', '2026-12-04T00:45:00.000Z', '2026-12-04T06:15:00.000Z', '2026-12-04T00:00:00.000Z']);
  });

  it.each([
    ['2026-02-30', 'is not a day of the calendar'],
    ['2026-13-01', 'is not a day of the calendar'],
    ['2025-02-29T10:00Z', 'is not a day of the calendar'],
    // Real days, out of range: Date.UTC's reading of the years 0 to 99 as 1900s had called them no day.
    ['0001-01-01', 'is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)'],
    ['0099-12-31 23:59', 'is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)'],
    ['0000-02-29', 'is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)'],
    ['0099-02-29', 'is not a day of the calendar, and is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists)'],
    ['0d', 'is an empty period'],
    ['99999999999w', 'is too far back for a date'],
    // Within what a Date holds, but before the earliest day a date may name.
    ['1000000d', 'is too far back for a date'],
    [`${Math.ceil((NOW.getTime() - Date.UTC(100, 0, 1)) / 3_600_000) + 1}h`, 'is too far back for a date'],
    ['2027-01-01', 'is in the future'],
    ['garbage', 'is not a period or a date'],
    ['1M', 'could mean months or minutes: months are not a unit here (30d is about one), and minutes are a small m'],
    // A real day at no time of it: it was "not a period or a date", where a bad day is said as such.
    ['2026-01-01T25:00Z', 'is not a time of day: hours go from 00 to 23, or 24:00Z for the end of the day'],
    ['2026-12-07 25:00', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and is in the future'],
    ['2026-12-07 24:30', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and is in the future'],
    ['2026-12-07 23:60', 'is not a time of day: minutes go from 00 to 59, and is in the future'],
    ['2026-12-03 12:00:61 UTC', 'is not a time of day: seconds go from 00 to 59'],
    ['2026-12-03 12:00+25:00', 'has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    // Minutes or seconds of one digit: "9:5" could be 09:05 or 09:50, so each time it may stand for is named, none guessed.
    ['2026-12-03 9:5', 'gives its minutes one digit: write 09:05 or 09:50, whichever is meant'],
    ['2026-12-03 09:30:7Z', 'gives its seconds one digit: write 09:30:07Z'],
    // Both of one digit: "19:3:5" was "not a period or a date"; each time it may stand for is named.
    ['2026-12-03 19:3:5', 'gives its minutes and its seconds one digit each: write 19:03:05, 19:03:50, 19:30:05 or 19:30:50, whichever is meant'],
    ['2026-12-3 9:7:8Z', 'gives its minutes and its seconds one digit each: write 09:07:08Z'],
    ['2026-12-03 25:3', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes one digit: write them as 03 or 30, whichever is meant'],
    ['2026-12-03 12:61:5', 'is not a time of day: minutes go from 00 to 59, and gives its seconds one digit: write them as 05 or 50, whichever is meant'],
    ['2026-12-03 9:5:30', 'gives its minutes one digit: write 09:05:30 or 09:50:30, whichever is meant'],
    // A time named for one of one digit is a time --since takes, or none is named: it offered
    // "05:09:00 or 05:09:00" (one time twice), and times it then refused (a zone no zone is, a
    // year before 100, the future).
    ['2026-12-03 5:9:0', 'gives its minutes and its seconds one digit each: write 05:09:00'],
    // Both faults in one sentence, so the user fixes once: after the zone, it said the minutes. Their
    // digits alone, as no time at a zone no zone is is taken: "write 09:05 or 09:50" named times in
    // UTC, hours off the one meant, and refused where they are still to come ("2026-12-05 9:5+25:00").
    ['2026-12-03 9:5+25:00', 'has no zone at +25:00: offsets go up to 23:59 either side of UTC, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['2026-12-05 9:5+25:00', 'has no zone at +25:00: offsets go up to 23:59 either side of UTC, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['2026-12-03 9:7:8+24:00', 'has no zone at +24:00: offsets go up to 23:59 either side of UTC, and gives its minutes and its seconds one digit each: write the minutes as 07 and the seconds as 08'],
    // No time of a day before the year 100 is taken: "write 09:05 or 09:50" named two times, each then refused.
    ['0099-12-31 9:5', 'is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists), and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    // Every time it may be is in the future: "write 12:03 or 12:30" offered two times, each then refused.
    ['2026-12-04 12:3', 'is in the future, whichever time it means (its minutes of one digit make it 12:03 or 12:30)'],
    ['2026-12-04 12:7', 'is in the future (its minutes of one digit make it 12:07)'],
    ['2026-12-04 12:1:5', 'is in the future, whichever time it means (its minutes and its seconds of one digit make it 12:01:05, 12:01:50, 12:10:05 or 12:10:50)'],
    // A fraction goes after the seconds only: "write 09:05 or 09:50" gave "09:05.5", refused.
    ['2026-12-03 9:5.5', 'is not a period or a date'],
    // A time named keeps every part typed: the seconds' fraction was left off ("write 09:05:05, …").
    ['2026-12-03 09:5:5.5', 'gives its minutes and its seconds one digit each: write 09:05:05.5, 09:05:50.5, 09:50:05.5 or 09:50:50.5, whichever is meant'],
    ['2026-12-03 9:30:7.25Z', 'gives its seconds one digit: write 09:30:07.25Z'],
    ['2026-12-03 24:5', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    // A time named keeps the zone typed, as typed: "9:5+05:30" was offered "09:05 or 09:50", which is UTC.
    ['2026-12-03 9:5+05:30', 'gives its minutes one digit: write 09:05+05:30 or 09:50+05:30, whichever is meant'],
    ['2026-12-03 9:5:7-0100', 'gives its minutes and its seconds one digit each: write 09:05:07-0100 or 09:50:07-0100, whichever is meant'],
    ['2026-12-03 9:5 utc', 'gives its minutes one digit: write 09:05 utc or 09:50 utc, whichever is meant'],
    ['2026-12-03 24:0+05:30', 'gives its minutes one digit: write 24:00+05:30'],
    ['2026-12-07 24:30+05:30', 'is not a time of day: hours go from 00 to 23, or 24:00+05:30 for the end of the day, and is in the future'],
    ['2026-12-03 24:30 UTC', 'is not a time of day: hours go from 00 to 23, or 24:00 UTC for the end of the day'],
    // 24:00, the day's end, is taken: "24:0" was "hours go from 00 to 23".
    ['2026-12-03 24:0', 'gives its minutes one digit: write 24:00'],
    ['2026-12-03 24:0:5', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes and its seconds one digit each: write the minutes as 00 and the seconds as 05 or 50, whichever is meant'],
    // A time with no day was "not a period or a date", whatever of a time it was.
    ['24:5', 'names no day: --since takes a time only after its day, and is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['12:5', 'names no day: --since takes a time only after its day, and gives its minutes one digit: write 12:05 or 12:50, whichever is meant'],
    ['7:60', 'names no day: --since takes a time only after its day, and is not a time of day: minutes go from 00 to 59'],
    ['25:00', 'names no day: --since takes a time only after its day, and is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    ['09:30 UTC', 'names no day: --since takes a time only after its day'],
    // A day with a zone and no time, or a zone alone, was "not a period or a date": a zone goes after a time.
    ['2026-11-01 +05:30', 'names a zone but no time (--since takes a zone only after a time): write "2026-11-01 00:00 +05:30" for midnight at +05:30, or 2026-11-01 for midnight UTC'],
    ['2026-11-1-0530', 'names a zone but no time (--since takes a zone only after a time): write "2026-11-01 00:00-0530" for midnight at -0530, or 2026-11-01 for midnight UTC'],
    ['2026-11-01T+05:30', 'names a zone but no time (--since takes a zone only after a time): write 2026-11-01T00:00+05:30 for midnight at +05:30, or 2026-11-01 for midnight UTC'],
    // Only what --since takes is offered: midnight at -14:00 is still to come, midnight UTC has passed.
    ['2026-12-04 -14:00', 'names a zone but no time (--since takes a zone only after a time), and is in the future'],
    ['2026-12-05 +05:30', 'names a zone but no time (--since takes a zone only after a time), and is in the future'],
    ['2026-02-30 +05:30', 'names a zone but no time (--since takes a zone only after a time), and is not a day of the calendar'],
    ['2026-11-01 +25:00', 'names a zone but no time (--since takes a zone only after a time), and has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    ['+05:30', 'is a zone alone: --since takes a zone only after a day and its time, as in "2026-11-01 09:30 +05:30"'],
    ['-0530', 'is a zone alone: --since takes a zone only after a day and its time, as in "2026-11-01 09:30 +05:30"'],
    ['UTC', 'is a zone alone: --since takes a zone only after a day and its time, as in "2026-11-01 09:30 +05:30"'],
    // A unit written out has one reading, the letter: it was "not a period or a date".
    ['3 days', 'spells out its unit: write 3d'],
    ['1day', 'spells out its unit: write 1d'],
    ['24 hours', 'spells out its unit: write 24h'],
    ['90 Minutes', 'spells out its unit: write 90m'],
    ['90 mins', 'spells out its unit: write 90m'],
    ['2 weeks', 'spells out its unit: write 2w'],
    ['0 days', 'spells out its unit (its letter is d), and is an empty period'],
    ['1000000 days', 'spells out its unit (its letter is d), and is too far back for a date'],
    // Months, years and seconds, none of its units, were "not a period or a date" but for months
    // written out: each names the units it takes, and what stands for about as long in one of them.
    ['3 months', 'is in months, which are not a unit here (--since takes m, h, d and w): write 90d for about as long'],
    ['1 month', 'is in months, which are not a unit here (--since takes m, h, d and w): write 30d for about as long'],
    ['2 mos', 'is in months, which are not a unit here (--since takes m, h, d and w): write 60d for about as long'],
    ['1y', 'is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long'],
    ['1Y', 'is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long'],
    ['1yr', 'is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long'],
    ['1 year', 'is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long'],
    ['2 Years ago', 'is in years, which are not a unit here (--since takes m, h, d and w): write 730d for about as long'],
    ['-1y', 'has a sign, which a period does not take (it is how far back), and is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long'],
    ['0y', 'is in years, which are not a unit here (--since takes m, h, d and w), and is an empty period'],
    ['3000 years', 'is in years, which are not a unit here (--since takes m, h, d and w), and is too far back for a date'],
    // Seconds rounded up to whole minutes, minutes being the least unit it takes.
    // "1s": "write 1m, the whole minutes that hold them" said "them" of one second.
    ['1s', 'is in seconds, which are not a unit here (--since takes m, h, d and w): write 1m, rounded up to whole minutes'],
    ['30s', 'is in seconds, which are not a unit here (--since takes m, h, d and w): write 1m, rounded up to whole minutes'],
    ['90 secs', 'is in seconds, which are not a unit here (--since takes m, h, d and w): write 2m, rounded up to whole minutes'],
    ['120 seconds', 'is in seconds, which are not a unit here (--since takes m, h, d and w): write 2m for as long'],
    ['0 sec', 'is in seconds, which are not a unit here (--since takes m, h, d and w), and is an empty period'],
    // A unit abbreviated as "hr" is: its letter.
    ['1wk', 'spells out its unit: write 1w'],
    ['2 wks', 'spells out its unit: write 2w'],
    ['yesterday', 'is not a period or a date'],
    // A number alone, as "the last 7" is often typed: it was "not a period or a date", naming no unit.
    ['7', 'is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes)'],
    ['30', 'is a number with no unit: write 30d for days (or 30h for hours, 30w for weeks, 30m for minutes)'],
    [' 7 ', 'is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes)'],
    ['0', 'is an empty period'],
    // A day or month of one digit is read as its two, and then judged as any date.
    ['2026-2-30', 'is not a day of the calendar'],
    ['2026-12-7 25:00', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and is in the future'],
    ['2027-1-1', 'is in the future'],
    ['2026-123-01', 'is not a period or a date'],
    // A period is how far back, with no sign: "-7d" was "not a period or a date".
    ['-7d', 'has a sign, which a period does not take (it is how far back): write 7d'],
    ['+24h', 'has a sign, which a period does not take (it is how far back): write 24h'],
    ['- 2 W', 'has a sign, which a period does not take (it is how far back): write 2W'],
    ['-3 days', 'has a sign, which a period does not take (it is how far back), and spells out its unit: write 3d'],
    ['-0d', 'has a sign, which a period does not take (it is how far back), and is an empty period'],
    ['-2026-12-01', 'is not a period or a date'],
    ['last7d', 'is not a period or a date'],
    // "ago" is taken after a period, and changes nothing of what else it is.
    ['7 days ago', 'spells out its unit: write 7d'],
    ['-7d ago', 'has a sign, which a period does not take (it is how far back): write 7d'],
    ['0d ago', 'is an empty period'],
    ['2026-12-01 ago', 'is not a period or a date'],
    ['ago', 'is not a period or a date'],
    // A number with "ago" and no unit: it was "not a period or a date", and unquoted "ago" was said first, as a stray word.
    ['7 ago', 'is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes)'],
    ['-7 ago', 'has a sign, which a period does not take (it is how far back), and is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes)'],
    // A minus as documents and some keyboards give it (U+2212), or as an editor makes one (an en dash): it was "not a period or a date".
    ['\u22127d', 'has a sign, a Unicode minus (U+2212), which a period does not take (it is how far back): write 7d'],
    ['\u2013 24h', 'has a sign, an en dash (U+2013), which a period does not take (it is how far back): write 24h'],
    ['\u22123 days ago', 'has a sign, a Unicode minus (U+2212), which a period does not take (it is how far back), and spells out its unit: write 3d'],
    // A date typed with dashes that are not "-" (an editor's, a document's): it was "not a period or a date", naming no character.
    ['2026\u201312\u201301', 'has en dashes (U+2013) where a date takes hyphens (-): write 2026-12-01'],
    ['2026\u221212\u201301', 'has a Unicode minus (U+2212) and an en dash (U+2013) where a date takes hyphens (-): write 2026-12-01'],
    ['2026\u201012\u201101 09:30', 'has a Unicode hyphen (U+2010) and a non-breaking hyphen (U+2011) where a date takes hyphens (-): write "2026-12-01 09:30"'],
    // A zone's sign is no part of the date: "where a date takes a hyphen" was said of it.
    ['2026-12-01 09:30\u221205:30', 'has a Unicode minus (U+2212) as its zone\'s sign, which is a hyphen (-): write "2026-12-01 09:30-05:30"'],
    ['2026-12-01 09:30 \u20130100', 'has an en dash (U+2013) as its zone\'s sign, which is a hyphen (-): write "2026-12-01 09:30 -0100"'],
    ['2026\u201312\u201301 09:30\u221205:30', 'has en dashes (U+2013) where a date takes hyphens (-), and a Unicode minus (U+2212) as its zone\'s sign, also a hyphen (-): write "2026-12-01 09:30-05:30"'],
    ['2026-12-07 09:30\u221205:30', 'has a Unicode minus (U+2212) as its zone\'s sign, which is a hyphen (-), and is in the future'],
    ['2026\uff0d12\u201201', 'has a full-width hyphen-minus (U+FF0D) and a figure dash (U+2012) where a date takes hyphens (-): write 2026-12-01'],
    // Its other faults at once, as any date's.
    ['2026\u201302\u201330', 'has en dashes (U+2013) where a date takes hyphens (-), and is not a day of the calendar'],
    ['2026\u201412\u201403 9:5', 'has em dashes (U+2014) where a date takes hyphens (-), and gives its minutes one digit: write 09:05 or 09:50, whichever is meant'],
    ['2027\u201301\u201301', 'has en dashes (U+2013) where a date takes hyphens (-), and is in the future'],
    ['2026\u2013xx', 'is not a period or a date'],
    ['\u20147d', 'has a sign, an em dash (U+2014), which a period does not take (it is how far back): write 7d'],
    // Said one at a time, each fault fixed was answered with the next: every one is said at once.
    ['2026-02-30 25:00', 'is not a day of the calendar, and is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    ['2026-12-03 25:61', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and minutes from 00 to 59'],
    ['2026-12-03 12:61:61', 'is not a time of day: minutes go from 00 to 59, and seconds from 00 to 59'],
    ['2026-12-03 24:30+25:00', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    ['2026-02-30 25:00+25:00', 'is not a day of the calendar, and is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    // No time of a day no day is is taken: "write 09:05 or 09:50" named two times, each then refused.
    ['2026-02-30 9:5', 'is not a day of the calendar, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['2026-02-30 9:5+05:30', 'is not a day of the calendar, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    // No time of the day to name while the hour or the seconds are none: the fault is still said.
    // It said no more than that, so what to type for them went unsaid: their two digits are named alone.
    ['2026-12-03 25:5', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['2026-12-03 9:5:61', 'is not a time of day: seconds go from 00 to 59, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['2026-12-03 25:7', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes one digit: write them as 07'],
    ['2026-12-03 25:7:8', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and gives its minutes and its seconds one digit each: write the minutes as 07 and the seconds as 08'],
    ['2026-12-03 12:61:5.25', 'is not a time of day: minutes go from 00 to 59, and gives its seconds one digit: write them as 05.25 or 50.25, whichever is meant'],
    ['0050-02-30 25:00', 'is not a day of the calendar, and is before the year 100, the earliest day --since takes: give a later one, such as 1970-01-01 (older than anything the tool lists), and is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    // In the future whatever time of the day or zone is meant.
    ['2027-01-01 25:00', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day, and is in the future'],
    ['2027-02-30', 'is not a day of the calendar, and is in the future'],
    ['2027-13-01', 'is not a day of the calendar, and is in the future'],
    ['2026-12-07 9:5+25:00', 'has no zone at +25:00: offsets go up to 23:59 either side of UTC, and is in the future, whichever time it means (its minutes of one digit make it 09:05 or 09:50)'],
    ['2026-12-05 25:00+05:30', 'is not a time of day: hours go from 00 to 23, or 24:00+05:30 for the end of the day, and is in the future'],
    // A day that has begun (in UTC, or at some zone while the zone typed is none) is not said to be in the future while its time is no time.
    ['2026-12-04 25:00', 'is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    ['2026-12-04 12:00+25:00', 'has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    ['12:5+25:00', 'names no day: --since takes a time only after its day, and has no zone at +25:00: offsets go up to 23:59 either side of UTC, and gives its minutes one digit: write them as 05 or 50, whichever is meant'],
    ['12:00+25:00', 'names no day: --since takes a time only after its day, and has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    ['-0 days', 'has a sign, which a period does not take (it is how far back), and spells out its unit (its letter is d), and is an empty period'],
    ['0 months', 'is in months, which are not a unit here (--since takes m, h, d and w), and is an empty period'],
    ['0M', 'could mean months or minutes: months are not a unit here (30d is about one), and minutes are a small m, and is an empty period'],
    // Months as "mo" and "mos", as "2 mos" is: each its own row.
    ['1mo', 'is in months, which are not a unit here (--since takes m, h, d and w): write 30d for about as long'],
    ['18mo', 'is in months, which are not a unit here (--since takes m, h, d and w): write 540d for about as long'],
    ['3mos', 'is in months, which are not a unit here (--since takes m, h, d and w): write 90d for about as long'],
    ['2 MOS ago', 'is in months, which are not a unit here (--since takes m, h, d and w): write 60d for about as long'],
    // A fraction was "not a period or a date", naming neither what was wrong nor what to write.
    ['1.5y', 'has a fraction, which a period does not take (it is a whole number), and is in years, which are not a unit here (--since takes m, h, d and w): write 548d for about as long'],
    ['1.5y ago', 'has a fraction, which a period does not take (it is a whole number), and is in years, which are not a unit here (--since takes m, h, d and w): write 548d for about as long'],
    ['1.5mo', 'has a fraction, which a period does not take (it is a whole number), and is in months, which are not a unit here (--since takes m, h, d and w): write 45d for about as long'],
    ['1.5d', 'has a fraction, which a period does not take (it is a whole number): write 36h for as long'],
    ['2.5 hours', 'has a fraction, which a period does not take (it is a whole number): write 150m for as long'],
    ['0.5w', 'has a fraction, which a period does not take (it is a whole number): write 84h for as long'],
    ['1.5m', 'has a fraction, which a period does not take (it is a whole number): write 2m, rounded up to whole minutes'],
    ['-1.5d', 'has a sign, which a period does not take (it is how far back), and has a fraction, which a period does not take (it is a whole number): write 36h for as long'],
    ['0.0d', 'has a fraction, which a period does not take (it is a whole number), and is an empty period'],
    // Milliseconds and fortnights, as seconds and years: "not a period or a date".
    ['1ms', 'is in milliseconds, which are not a unit here (--since takes m, h, d and w): write 1m, rounded up to whole minutes'],
    ['120000 msec', 'is in milliseconds, which are not a unit here (--since takes m, h, d and w): write 2m for as long'],
    ['1 fortnight', 'is in fortnights, which are not a unit here (--since takes m, h, d and w): write 14d for as long'],
    ['2 Fortnights ago', 'is in fortnights, which are not a unit here (--since takes m, h, d and w): write 28d for as long'],
    ['1.5 fortnights', 'has a fraction, which a period does not take (it is a whole number), and is in fortnights, which are not a unit here (--since takes m, h, d and w): write 21d for as long'],
    // A two-digit year: its century, and (day first, as India writes a date) which end is the year, are not guessed.
    ['26-11-01', 'has a two-digit year, which is ambiguous: write 2026-11-01 or 2001-11-26, whichever is meant'],
    ['26-11-01 09:30', 'has a two-digit year, which is ambiguous: write "2026-11-01 09:30" or "2001-11-26 09:30", whichever is meant'],
    // One reading (one end of one digit, or both ends the same): it said "which is ambiguous" of it.
    ['5-11-26', 'has a two-digit year: write 2026-11-05'],
    ['26-11-5', 'has a two-digit year: write 2026-11-05'],
    ['12-12-12', 'has a two-digit year: write 2012-12-12'],
    ['27-01-01', 'has a two-digit year, which is ambiguous: write 2001-01-27 if that is meant, as 2027-01-01 is in the future'],
    // Every reading refused: it read "…, and as 2027-01-05 is in the future", a clause with no verb of its own.
    ['27-01-5', 'has a two-digit year, and its one reading is not taken: 2027-01-05 is in the future'],
    ['26-02-30', 'has a two-digit year, which is ambiguous, and neither reading is taken: 2026-02-30 is not a day of the calendar, and 2030-02-26 is in the future'],
    // Both readings refused for one reason: it was said of each, twice over (four lines at 80 columns).
    ['30-01-29', 'has a two-digit year, which is ambiguous, and neither reading is taken: each of 2030-01-29 and 2029-01-30 is in the future'],
    ['30-02-31', 'has a two-digit year, which is ambiguous, and neither reading is taken: each of 2030-02-31 and 2031-02-30 is not a day of the calendar, and is in the future'],
    // A time at fault whatever its day: the day's reading in one sentence, the time's fault once in
    // another, so one more try puts both right. "28-11-01 25:00" said the hours' rule twice, once
    // per reading, as one was also in the future; "26-11-01 9:5" named the minutes alone, and,
    // those written, the two-digit year came next.
    ['26-11-01 25:00', 'has a two-digit year, which is ambiguous: write 2026-11-01 or 2001-11-26, whichever is meant. Its time 25:00 is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    ['26-11-01T12:61', 'has a two-digit year, which is ambiguous: write 2026-11-01 or 2001-11-26, whichever is meant. Its time 12:61 is not a time of day: minutes go from 00 to 59'],
    ['26-11-01 09:30 +25:00', 'has a two-digit year, which is ambiguous: write 2026-11-01 or 2001-11-26, whichever is meant. Its time "09:30 +25:00" has no zone at +25:00: offsets go up to 23:59 either side of UTC'],
    ['28-11-01 25:00', 'has a two-digit year, which is ambiguous: write 2001-11-28 if that is meant, as 2028-11-01 is in the future. Its time 25:00 is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
    ['26-11-01 9:5', 'has a two-digit year, which is ambiguous: write 2026-11-01 or 2001-11-26, whichever is meant. Its time 9:5 gives its minutes one digit: write 09:05 or 09:50, whichever is meant'],
    ['5-11-26 9:5', 'has a two-digit year: write 2026-11-05. Its time 9:5 gives its minutes one digit: write 09:05 or 09:50, whichever is meant'],
    ['30-02-31 25:00', 'has a two-digit year, which is ambiguous, and neither reading is taken: each of 2030-02-31 and 2031-02-30 is not a day of the calendar, and is in the future. Its time 25:00 is not a time of day: hours go from 00 to 23, or 24:00 for the end of the day'],
  ])('refuses %s: it %s', (value, problem) => {
    expect(sinceInstant(value, NOW)).toBeUndefined();
    expect(sinceProblem(value, NOW)).toBe(problem);
  });

  /** The values a refusal offers ("write …", "such as …"), unquoted: each starts with a digit. */
  const offered = (problem: string): string[] =>
    [...problem.matchAll(/(?:write|such as) ((?:"[^"]+"|[^\s,()]+)(?:(?:, | or )(?:"[^"]+"|[^\s,()]+))*)/g)]
      .flatMap((m) => m[1]!.split(/, | or /))
      .map((o) => o.replace(/^"|"$/g, ''))
      .filter((o) => /^\d/.test(o));

  // Fed back in, each value offered is taken: a time in place of the one typed, after the day typed.
  // Where no time of that day, or at that zone, is taken, the digits to write are named instead.
  it.each(['0099-12-31 9:5', '0099-12-31 9:5+05:30', '0050-06-01 12:3:4', '0001-01-01', '2026-12-03 9:5', '2026-12-03 19:3:5', '2026-11-01 +05:30', '3 days', '-7d', '2026\u201312\u201301', '2026-12-05 9:5+25:00', '2026-12-03 9:7:8+24:00', '2026-02-30 9:5', '2026-02-30 9:5:7+05:30', '2 months', '1y', '-2 years', '30s', '1wk', '18mo', '1.5y', '1.5d', '-1.5d', '1ms', '1 fortnight', '26-11-01', '26-11-01 09:30', '27-01-01', '5-11-26', '12-12-12'])(
    'offers for %s only values --since takes',
    (value) => {
      const problem = sinceProblem(value, NOW)!;
      const values = offered(problem);
      expect(values.length > 0 || /write (?:them|the minutes|the seconds) as \d\d/.test(problem)).toBe(true);
      for (const o of values) expect([o, sinceInstant(/^\d\d:/.test(o) ? `${value.slice(0, 10)} ${o}` : o, NOW)]).toEqual([o, expect.any(Date)]);
    },
  );
});
