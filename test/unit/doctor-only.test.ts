/** `doctor --only`: the checks a list of names selects, and the sentence and fix for one that selects none. */
import { describe, expect, it } from '@jest/globals';
import { selectChecks, strayWords, type Selectable } from '../../src/doctor/only.js';
import { looksLikeOption } from '../../src/option-values.js';

const CHECKS: Selectable[] = [
  { id: 'config-dir', group: 'Config' },
  { id: 'mappings-file', group: 'Config' },
  { id: 'zoho-token', group: 'Zoho' },
  { id: 'user-status', group: 'Users' },
  { id: 'mapping-health', group: 'Mappings', needs: ['mappings-file'] },
];
const CALLS: Selectable = { id: 'calls', group: 'Calls' };
const WEBHOOK: Selectable = { id: 'webhook', group: 'Calls', needs: ['mappings-file'] };

// commander's rule for an option word, handed in as cli.ts hands it in.
const ids = (names: string[] | undefined, all = CHECKS, flags = {}) => selectChecks(all, names, { isOption: looksLikeOption, ...flags }).checks?.map((c) => c.id);
const problem = (names: string[], all = CHECKS, flags = {}) => selectChecks(all, names, { isOption: looksLikeOption, ...flags }).problem;

describe('doctor --only', () => {
  it('selects every check when none is named, and checks or groups in any case, in the run order', () => {
    expect(ids(undefined)).toEqual(['config-dir', 'mappings-file', 'zoho-token', 'user-status', 'mapping-health']);
    expect(ids([])).toEqual(ids(undefined));
    expect(ids(['USERS', 'Config'])).toEqual(['config-dir', 'mappings-file', 'user-status']);
  });

  it('runs what a chosen check stands on, and the calls checks its flag asked for', () => {
    expect(ids(['mapping-health'])).toEqual(['mappings-file', 'mapping-health']);
    expect(ids(['users'], [...CHECKS, WEBHOOK], { webhook: 'call.json' })).toEqual(['mappings-file', 'user-status', 'webhook']);
    expect(ids(['calls'], [...CHECKS, CALLS], { calls: true })).toEqual(['calls']);
  });

  it('with --webhook and nothing named, the calls checks and what they stand on: where the call goes decides the exit code', () => {
    expect(ids(undefined, [...CHECKS, WEBHOOK], { webhook: 'call.json' })).toEqual(['mappings-file', 'webhook']);
    expect(ids(undefined, [...CHECKS, WEBHOOK, CALLS], { webhook: 'call.json', calls: true })).toEqual(['mappings-file', 'webhook', 'calls']);
    expect(ids(undefined, [...CHECKS, CALLS], { calls: true })).toEqual([...CHECKS.map((c) => c.id), 'calls']);
  });

  it('names an option given where a check was expected, and where to put it', () => {
    expect(problem(['--webhook', 'call.json'])).toEqual({
      kind: 'option',
      message: '--only --webhook: that is an option, not a check.',
      hint: 'Name the checks right after --only, e.g. --only users --webhook …, or put --webhook before --only.',
    });
    expect(problem(['users', '--since=7d'])?.message).toBe('--only --since: that is an option, not a check.');
    // As commander reads a word: it ends --only's checks at `--1h` (an unknown option to it), not
    // at `-1` (a negative number), so --only's first value is said the same way.
    expect(problem(['--1h'])?.message).toBe('--only --1h: that is an option, not a check.');
    expect(problem(['-1'])?.message).toBe('--only -1: no such check.');
    // An option word with nothing before its "=" is named whole: "--only --: that is an option" sent
    // the admin to `--only users -- …`, or to "put -- before --only", where -- ends every option.
    expect(problem(['--=x'])).toEqual({
      kind: 'option',
      message: '--only --=x: that is an option, not a check.',
      hint: 'Name the checks right after --only, e.g. --only users --=x …, or put --=x before --only.',
    });
  });

  it('says an empty value names no check, as an unset variable in a script gives', () => {
    expect(problem(['users', ''])).toEqual({
      kind: 'empty',
      message: '--only was given an empty value, which names no check.',
      hint: 'Checks: config-dir, mappings-file, zoho-token, user-status, mapping-health (or a group: config, zoho, myoperator, users, mappings). In a script, check that the variable is set.',
    });
  });

  it('tells calls and webhook named without their flag which flag they need, and offers the command for the call logs', () => {
    expect(problem(['calls', 'users'])).toEqual({
      kind: 'flag-needed',
      message: '--only calls: the calls checks run only with --calls (the call logs) or --webhook <file> (one saved call payload).',
      hint: 'Run `phonebridge-sync doctor --calls --only calls users`.',
    });
    expect(problem(['webhook'], [...CHECKS, CALLS], { calls: true })).toEqual({
      kind: 'flag-needed',
      message: '--only webhook: the webhook check runs only with --webhook <file> (one saved call payload).',
      hint: 'Give --webhook the file the call payload was saved in.',
    });
    expect(problem(['calls', 'webhook'])).toEqual({
      kind: 'flag-needed',
      message: '--only calls, webhook: the calls checks run only with --calls (the call logs) or --webhook <file> (one saved call payload), and the webhook check only with --webhook <file>.',
      hint: 'Run `phonebridge-sync doctor --calls --only calls` for the call logs; for the webhook check, give --webhook the file the call payload was saved in.',
    });
  });

  it('suggests spaces for checks joined by commas, with the flag a calls check among them still needs', () => {
    expect(problem(['users,', 'mappings'])).toEqual({
      kind: 'commas',
      message: '--only users,: no such check.',
      hint: 'Separate checks with spaces, not commas: --only users mappings.',
    });
    // Quoted in a script ("$CHECKS"): it was "--only users mappings: no such check.", of two names the list then gave.
    expect(problem(['users mappings'])).toEqual({
      kind: 'commas',
      message: '--only "users mappings": no such check.',
      hint: 'Give each check as a word of its own, not one quoted value: --only users mappings.',
    });
    expect(problem(['users,mappings config'])?.hint).toBe('Separate checks with spaces, not commas: --only users mappings config.');
    // One quoted value with a comma and a space: it was "--only users, mappings: no such check.", as two values are listed.
    expect(problem(['users, mappings'])).toEqual({
      kind: 'commas',
      message: '--only "users, mappings": no such check.',
      hint: 'Separate checks with spaces, not commas: --only users mappings.',
    });
    expect(problem(['users,webhook'], [...CHECKS, CALLS], { calls: true })?.hint).toBe(
      'Separate checks with spaces, not commas: --only users webhook. The webhook check runs only with --webhook <file> (one saved call payload).',
    );
  });

  it('calls a name that is no check "no such check", listing the checks, and not a calls check beside it', () => {
    expect(problem(['calls', 'nosuch'])).toEqual({
      kind: 'unknown',
      message: '--only nosuch: no such check.',
      hint: 'Checks: config-dir, mappings-file, zoho-token, user-status, mapping-health (or a group: config, zoho, myoperator, users, mappings). The calls checks come with --calls or --webhook.',
    });
    expect(problem(['webhook', 'nosuch'], [...CHECKS, CALLS], { calls: true })?.hint).toBe(
      'Checks: config-dir, mappings-file, zoho-token, user-status, mapping-health, calls (or a group: config, zoho, myoperator, users, mappings, calls). The webhook check comes with --webhook <file>.',
    );
    // One quoted value naming no check: it was "--only nosuch thing: no such check.", read as two names.
    expect(problem(['nosuch thing'])?.message).toBe('--only "nosuch thing": no such check.');
    // A name with a control character in it is shown, not sent to the terminal.
    expect(problem(['us\u001bers'])?.message).toBe('--only us<U+001B>ers: no such check.');
  });

  it('offers the nearest check or group to a name that is close to one, as commander does for an option (it listed the checks, and left the typo to find)', () => {
    expect(problem(['zoho-tokn'])).toEqual({
      kind: 'unknown',
      message: '--only zoho-tokn: no such check.',
      hint: 'Did you mean zoho-token? Checks: config-dir, mappings-file, zoho-token, user-status, mapping-health (or a group: config, zoho, myoperator, users, mappings). The calls checks come with --calls or --webhook.',
    });
    // A group too, and one for each name that has one; a name near none gets the list alone.
    expect(problem(['usrs', 'mapping-helth'])?.hint).toMatch(/^Did you mean users \(for usrs\) and mapping-health \(for mapping-helth\)\? Checks: /);
    expect(problem(['nosuch', 'zoho-tokn'])?.hint).toMatch(/^Did you mean zoho-token \(for zoho-tokn\)\? Checks: /);
    expect(problem(['nosuch'])?.hint).toMatch(/^Checks: /);
  });
});

describe('doctor given words no option takes', () => {
  it('names them, and gives every check after one --only (they came after --, after another option, or with no --only at all)', () => {
    // `doctor --only users -- mappings`: it was commander's "error: too many arguments for 'doctor'. Expected 0 arguments but got 1.".
    expect(strayWords(CHECKS, ['mappings'], ['users'])).toEqual({
      kind: 'stray',
      message: 'doctor takes no words of its own: "mappings" is not among the checks of --only, which are the words right after it, up to -- or another option.',
      hint: 'Give every check after one --only, separated by spaces: --only users mappings.',
    });
    expect(strayWords(CHECKS, ['Users', 'zoho'], undefined)?.message).toBe(
      'doctor takes no words of its own: "Users" and "zoho" are not among the checks of --only, which are the words right after it, up to -- or another option.',
    );
    expect(strayWords(CHECKS, ['Users', 'zoho'], undefined)?.hint).toBe('Give every check after one --only, separated by spaces: --only Users zoho.');
    // A word that is no check is not offered to --only, and is shown, not sent to the terminal.
    expect(strayWords(CHECKS, ['us\u001bers'], ['users'])).toEqual({
      kind: 'stray',
      message: 'doctor takes no words of its own: "us<U+001B>ers" is not among the checks of --only, which are the words right after it, up to -- or another option.',
      hint: 'Give checks after one --only, separated by spaces (`phonebridge-sync doctor --help` lists them, and the options).',
    });
    expect(strayWords(CHECKS, [], ['users'])).toBeUndefined();
    // No --only given, and no check among the words (`doctor --calls 7d`, `doctor --calls --since last
    // week`): "not among the checks of --only" named an option that was never typed, for a word that
    // is no check. Said as every other command says a stray word.
    expect(strayWords(CHECKS, ['7d'], undefined)).toEqual({
      kind: 'stray',
      message: 'doctor takes no words of its own: "7d" is not the value of any option.',
      hint: 'A value goes right after its option, in quotes if it holds spaces (`phonebridge-sync doctor --help` lists them); else leave the word out.',
    });
    expect(strayWords(CHECKS, ['users', 'week'], undefined)?.message).toBe('doctor takes no words of its own: "users" and "week" are not the value of any option.');
    // The calls checks need their flag: offered without it, `--only users calls` failed next.
    expect(strayWords([...CHECKS, CALLS, WEBHOOK], ['calls'], ['users'])?.hint).toBe(
      'Give every check after one --only, separated by spaces: --only users calls. The calls checks run only with --calls (the call logs) or --webhook <file>: add one.',
    );
    expect(strayWords([...CHECKS, CALLS, WEBHOOK], ['calls'], ['users'], { calls: true })?.hint).toBe('Give every check after one --only, separated by spaces: --only users calls.');
    expect(strayWords([...CHECKS, CALLS, WEBHOOK], ['webhook'], ['users'], { calls: true })?.hint).toBe(
      'Give every check after one --only, separated by spaces: --only users webhook. The webhook check runs only with --webhook <file> (one saved call payload): add it.',
    );
  });
});
