/**
 * Words no option took, said for every command in one place (io/stray-words.ts): it was commander's
 * "error: too many arguments for 'fix'. Expected 0 arguments but got 1.", naming neither the word,
 * nor the command's own word it came after, nor where it belongs.
 */
import { describe, expect, it } from '@jest/globals';
import { looseWords, sinceCutInTwo, strayWords, valueCutInTwo } from '../../src/io/stray-words.js';
import { looksLikeOption } from '../../src/option-values.js';

describe('words no option took', () => {
  it('none: nothing to say', () => {
    expect(strayWords({ command: 'resync', args: [], own: 0, isOption: looksLikeOption })).toBeUndefined();
    expect(strayWords({ command: 'list', args: ['zoho'], own: 1, isOption: looksLikeOption })).toBeUndefined();
  });

  it('fix gives them to one --only, after the users it has, or offers --only when there is none', () => {
    expect(strayWords({ command: 'fix', args: ['13', 'meena@acme.in'], own: 0, only: ['12'], isOption: looksLikeOption })?.hint).toBe('Give every user after one --only, separated by spaces: --only 12 13 meena@acme.in.');
    expect(strayWords({ command: 'fix', args: ['13'], own: 0, isOption: looksLikeOption })).toEqual({
      message: 'fix takes no words of its own: "13" is not among the users of --only, which are the words right after it, up to -- or another option.',
      hint: 'To fix only some users, give them after one --only, separated by spaces: --only 13.',
    });
  });

  // `fix --only 14 -- -a@b.in` offered `--only 14 -a@b.in`, where -a@b.in reads as an option and is refused.
  it('a user that starts with "-" is offered glued on, in an --only of its own', () => {
    expect(strayWords({ command: 'fix', args: ['-a@b.in', '13'], own: 0, only: ['12'], isOption: looksLikeOption })?.hint).toBe(
      'Give every user after one --only, separated by spaces (one that starts with "-" in an --only of its own, joined by "="): --only 12 13 --only=-a@b.in.',
    );
    expect(strayWords({ command: 'fix', args: ['-a@b.in'], own: 0, isOption: looksLikeOption })?.hint).toBe(
      'To fix only some users, give them after one --only, separated by spaces (one that starts with "-" in an --only of its own, joined by "="): --only=-a@b.in.',
    );
  });

  it('a command with no word of its own names each word, shown rather than sent raw', () => {
    expect(strayWords({ command: 'map', args: ['ravi', 'x\u001b[2J'], own: 0, isOption: looksLikeOption })).toEqual({
      message: 'map takes no words of its own: "ravi" and "x<U+001B>[2J" are not the value of any option.',
      hint: 'A value goes right after its option, in quotes if it holds spaces (`phonebridge-sync map --help` lists them); else leave the word out.',
    });
  });

  // Three words read "a, b, and c" (Intl.ListFormat) where every other list of the tool says "a, b and c".
  it('three words are listed as the rest of the tool lists, with no comma before "and"', () => {
    expect(strayWords({ command: 'map', args: ['ravi', 'kumar', 'x'], own: 0, isOption: looksLikeOption })?.message).toBe(
      'map takes no words of its own: "ravi", "kumar" and "x" are not the value of any option.',
    );
  });

  it('a second list or side is said as one, with what to run instead', () => {
    expect(strayWords({ command: 'logout', args: ['zoho', 'MyOperator'], own: 1, isOption: looksLikeOption })).toEqual({
      message: 'logout takes one word of its own, the side (zoho or myoperator): "MyOperator" after `logout zoho` is a second.',
      hint: 'Leave the side out to log out of both: `phonebridge-sync logout`.',
    });
    expect(strayWords({ command: 'login', args: ['zoho', 'myoperator'], own: 1, isOption: looksLikeOption })?.hint).toBe(
      'Leave the side out to log in to both, one after the other (at a terminal): `phonebridge-sync login`.',
    );
    expect(strayWords({ command: 'list', args: ['history', '09:30'], own: 1, isOption: looksLikeOption })?.message).toBe(
      'list takes one word of its own, the list (zoho, myoperator, mappings or history): "09:30" after `list history` is not the value of any option.',
    );
  });

  it('login repeats no word that may be a secret, its side\'s place included', () => {
    for (const args of [['myoperator', 's3cr3t'], ['s3cr3t', 'an0ther']]) {
      const said = strayWords({ command: 'login', args, own: 1, isOption: looksLikeOption })!;
      expect(`${said.message}\n${said.hint}`).not.toMatch(/s3cr3t|an0ther/);
      expect(said.hint).toBe('A secret goes right after its option (--token, --client-secret, --grant-token or --refresh-token), or leave it out and login asks for it at a terminal.');
    }
  });

  // Given the words before any `--` (cli.ts cuts them there; calls e2e pins `--since 7d -- ago`).
  it('"ago" only where it comes right after the value of --since', () => {
    const now = new Date('2026-12-07T09:00:00.000Z');
    expect(sinceCutInTwo(['doctor', '--calls', '--since', '7d', 'ago'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "7d ago"`) or write `--since 7d`.');
    expect(sinceCutInTwo(['list', 'history', '--since=2w', 'ago'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "2w ago"`) or write `--since 2w`.');
    // A date's time and zone: as far as they make a value, and no further (a list, an option).
    expect(sinceCutInTwo(['list', '--since', '2026-12-01', '09:30', 'history'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "2026-12-01 09:30"`).');
    expect(sinceCutInTwo(['list', 'history', '--since', '2026-12-01', '09:30', 'UTC', '--json'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "2026-12-01 09:30 UTC"`).');
    // A zone after its time, as " UTC" is: the quotes offered held "2026-12-01 09:30", a time 5½ hours off the one meant.
    expect(sinceCutInTwo(['list', 'history', '--since', '2026-12-01', '09:30', '+05:30'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "2026-12-01 09:30 +05:30"`).');
    // A zone with a minus reads as an option to commander, yet is the value's: the quotes offered held the time without it.
    expect(sinceCutInTwo(['list', 'history', '--since', '2026-12-01', '09:30', '-01:00'], now, looksLikeOption)?.hint).toBe('Put the value in quotes (`--since "2026-12-01 09:30 -01:00"`).');
    expect(sinceCutInTwo(['list', 'history', '--since', '2026-12-01', '--json', '09:30'], now, looksLikeOption)).toBeUndefined();
    // A unit --since lacks, unquoted: said of the whole value, not as a stray word after a number with no unit.
    expect(sinceCutInTwo(['list', 'history', '--since', '1', 'year'], now, looksLikeOption)?.message).toBe(
      '--since "1 year" is in years, which are not a unit here (--since takes m, h, d and w): write 365d for about as long.',
    );
    // So is a unit no unit is, and a date with a two-digit year and its time: "fortnight" was said as a stray word after `list history`.
    expect(sinceCutInTwo(['list', 'history', '--since', '1', 'fortnight'], now, looksLikeOption)?.message).toBe(
      '--since "1 fortnight" is in fortnights, which are not a unit here (--since takes m, h, d and w): write 14d for as long.',
    );
    expect(sinceCutInTwo(['doctor', '--calls', '--since', '26-11-01', '09:30'], now, looksLikeOption)?.message).toBe(
      '--since "26-11-01 09:30" has a two-digit year, which is ambiguous: write "2026-11-01 09:30" or "2001-11-26 09:30", whichever is meant.',
    );
    // A number with no unit before "ago": its own fault is said, "ago" after `list history` was said first as a stray word.
    expect(sinceCutInTwo(['list', 'history', '--since', '7', 'ago'], now, looksLikeOption)).toEqual({
      message: '--since "7 ago" is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes).',
      hint: 'Use e.g. --since 7d, 24h, 2w, 2026-11-01, or "2026-11-01 09:30" (UTC, as the tool prints times).',
      fault: { value: '7 ago', problem: 'is a number with no unit: write 7d for days (or 7h for hours, 7w for weeks, 7m for minutes)' },
    });
    // Neither the first word nor the rest make a value: every word of the rest no option took is named, and no other.
    expect(sinceCutInTwo(['list', 'history', '--since', 'Dec', '1', '2026'], now, looksLikeOption, undefined, ['1', '2026'])?.message).toBe(
      '"1" and "2026" after --since Dec are not the value of any option: --since takes one word unless its value is in quotes, and "Dec 1 2026" is not a period or a date either.',
    );
    expect(sinceCutInTwo(['list', '--since', 'Dec', '1', 'history'], now, looksLikeOption, undefined, ['1'])?.fault?.value).toBe('Dec 1');
    expect(sinceCutInTwo(['list', '--since', 'Dec', 'history'], now, looksLikeOption, undefined, [])).toBeUndefined();
    for (const args of [
      ['list', 'history', '--since', '7d'],
      ['list', 'history', '--since', '7d', '--json', 'ago'],
      ['list', 'history', 'ago', '--since', '7d'],
    ])
      expect([args, sinceCutInTwo(args, now, looksLikeOption)]).toEqual([args, undefined]);
  });
});

describe('a value cut in two by a space, for an option other than --since', () => {
  const takesOne = (word: string) => ['--zoho-file', '--mappings'].find((flag) => word === flag || word.startsWith(`${flag}=`));
  it('names the option and the quotes, glued or not, when every word after the value is one no option took', () => {
    expect(valueCutInTwo(['match', '--zoho-file=my', 'file.json', '--json'], ['file.json'], takesOne, looksLikeOption)).toEqual({
      message: '"file.json" after --zoho-file my is not the value of any option: --zoho-file takes one word unless its value is in quotes.',
      hint: 'Put the value in quotes (`--zoho-file "my file.json"`).',
      cut: { flag: '--zoho-file', quoted: '--zoho-file "my file.json"' },
    });
  });
  it("leaves a command's own word alone: `list --mappings m.json zoho` is no value cut in two", () => {
    expect(valueCutInTwo(['list', '--mappings', 'm.json', 'zoho'], [], takesOne, looksLikeOption)).toBeUndefined();
    expect(valueCutInTwo(['list', '--mappings', 'm.json', 'zoho', 'x'], ['x'], takesOne, looksLikeOption)).toBeUndefined();
  });

  // `list --mappings my file.json history` gave list "file.json", and "history" was said as a second list.
  it("takes the command's own word for the first of its kinds, so the word before it may be a value's rest", () => {
    expect(looseWords('list', ['file.json', 'history'], 1)).toEqual(['file.json']);
    expect(looseWords('list', ['zoho', 'x'], 1)).toEqual(['x']);
    expect(looseWords('list', ['nosuch', 'x'], 1)).toEqual(['x']);
    expect(looseWords('map', ['x', 'y'], 0)).toEqual(['x', 'y']);
    const typed = ['list', '--mappings', 'my', 'file.json', 'history'];
    expect(valueCutInTwo(typed, looseWords('list', ['file.json', 'history'], 1), takesOne, looksLikeOption)?.hint).toBe('Put the value in quotes (`--mappings "my file.json"`).');
  });

  // `--worklist w.csv Ravi` offered `--worklist "w.csv Ravi"`; `map --zoho a@b.in x` "Nor is a name taken", of no name.
  it('gives a value whole as typed no rest: a file with its extension, an e-mail, a user option\'s number', () => {
    const userToo = (word: string) => takesOne(word) ?? (word === '--zoho' ? '--zoho' : undefined);
    expect(valueCutInTwo(['fix', '--worklist', 'w.csv', 'Ravi'], ['Ravi'], () => '--worklist', looksLikeOption)).toBeUndefined();
    expect(valueCutInTwo(['match', '--zoho-file', 'z.json', 'extra.json'], ['extra.json'], takesOne, looksLikeOption)).toBeUndefined();
    expect(valueCutInTwo(['map', '--zoho', 'gaurav.bose@acmetraders.in', 'x'], ['x'], userToo, looksLikeOption)).toBeUndefined();
    expect(valueCutInTwo(['map', '--zoho', '4150868000000225013', 'x'], ['x'], userToo, looksLikeOption)).toBeUndefined();
    // A number is no whole file name ("2026 fixes.csv"), and a dot file's name no extension.
    expect(valueCutInTwo(['match', '--zoho-file', '2026', 'z.json'], ['z.json'], takesOne, looksLikeOption)?.hint).toBe('Put the value in quotes (`--zoho-file "2026 z.json"`).');
    expect(valueCutInTwo(['list', '--mappings', '~/.config', 'm.json', 'zoho'], ['m.json'], takesOne, looksLikeOption)?.hint).toBe('Put the value in quotes (`--mappings "~/.config m.json"`).');
    // A user option takes no file: "Dr.Ravi" is a name's first word, not a file's name with its extension ("map takes no words of its own: \"Kumar\" …").
    expect(valueCutInTwo(['map', '--zoho', 'Dr.Ravi', 'Kumar', '--myoperator', '10'], ['Kumar'], userToo, looksLikeOption)).toEqual({
      message: '"Kumar" after --zoho Dr.Ravi is not the value of any option: --zoho takes one word unless its value is in quotes.',
      hint: expect.stringMatching(/^Nor is a name taken, in quotes or not: /),
      wholeUser: { option: 'zoho', value: 'Dr.Ravi Kumar' },
      cut: { flag: '--zoho', quoted: '--zoho "Dr.Ravi Kumar"' },
    });
    // The rest ends where the value reads whole: the word after it is a stray word of its own.
    expect(valueCutInTwo(['match', '--zoho-file', 'my', 'file.json', 'extra'], ['file.json', 'extra'], takesOne, looksLikeOption)?.message).toBe(
      '"file.json" after --zoho-file my is not the value of any option: --zoho-file takes one word unless its value is in quotes.',
    );
  });
});
