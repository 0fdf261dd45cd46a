/**
 * An option whose value was left out must not take the next option as its value: `--config-dir
 * --sandbox` ran on a directory named "--sandbox" with the sandbox off (the real accounts, in a CI
 * with credentials in its environment), and `fix --worklist --dry-run` wrote a file named "--dry-run".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DC_NAMES } from '../../src/clients/zoho-auth.js';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('a value-taking option followed by an option', () => {
  it.each([
    [['--config-dir', '--sandbox', 'list', 'zoho'], '--config-dir', '--sandbox'],
    [['--profile', '--sandbox', 'list', 'mappings'], '--profile', '--sandbox'],
    [['--sandbox', '--config-dir', 'cfg', 'map', '--zoho', '--myoperator', '12'], '--zoho', '--myoperator'],
    [['--sandbox', '--config-dir', 'cfg', 'list', 'zoho', '--status', '-h'], '--status', '-h'],
  ])('%j is exit 2 naming the option and the word it would have taken', async (args, flag, next) => {
    const cwd = join(tmp.dir, `case-${flag.slice(2)}-${next.replace(/-/g, '')}`);
    mkdirSync(cwd, { recursive: true });
    const run = await runCli(args, {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${flag} is missing its value: the next word, ${next}, is an option.\nPut the value right after ${flag}; a value that starts with "-" goes in the same word, joined by "=".\n`);
    expect(run.stdout).toBe('');
    // Nothing ran: no config dir named after the option, nor any other.
    expect(readdirSync(cwd)).toEqual([]);
  });

  // The value left out before the command: commander took the command for it. `--config-dir list
  // zoho` said "unknown command 'zoho'" and offered `--config-dir list list zoho` (a config dir named
  // "list"); `--config-dir map --auto` said "unknown option '--auto'"; `--config-dir doctor` printed
  // the whole help.
  it.each([
    [['--sandbox', '--config-dir', 'list', 'zoho'], '--config-dir', 'list'],
    [['--sandbox', '--config-dir', 'map', '--auto'], '--config-dir', 'map'],
    [['--profile', 'doctor'], '--profile', 'doctor'],
    // commander's own `help` command likewise: `--profile help` printed the whole help on stderr, exit 2, saying nothing of --profile.
    [['--profile', 'help'], '--profile', 'help'],
    [['--sandbox', '--config-dir', 'help', '--json'], '--config-dir', 'help'],
  ])('%j is exit 2 saying the command was taken for the value', async (args, flag, next) => {
    const cwd = join(tmp.dir, `case-${flag.slice(2)}-${next}`);
    mkdirSync(cwd, { recursive: true });
    const run = await runCli(args, {}, cwd);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `${flag} is missing its value: the next word, ${next}, is a command.\nPut the value right after ${flag}, before the command; a value that is a command's name goes in the same word, joined by "=" (${flag}=${next}).\n`,
    });
    expect(readdirSync(cwd)).toEqual([]);
  });

  // A `--` ends the options: taken for the value, `--profile -- prune` ran on a profile named "--"
  // (and offered `--profile=-- resync --prune`), `--config-dir -- list zoho` made a directory "--",
  // and `fix --only -- -a@b.in` gave --only the user "--", then said "unknown option '-a@b.in'".
  it.each([
    [['--profile', '--', 'prune'], '--profile'],
    [['--profile', '--', 'list', 'mappings'], '--profile'],
    [['--sandbox', '--config-dir', '--', 'list', 'zoho'], '--config-dir'],
    [['--sandbox', '--config-dir', 'cfg', 'fix', '--worklist', '--', 'x'], '--worklist'],
    [['--sandbox', '--config-dir', 'cfg', 'fix', '--only', '--', '-a@b.in'], '--only'],
  ])('%j is exit 2 saying the `--` is no value: it ends the options', async (args, flag) => {
    const cwd = join(tmp.dir, `dashes-${args.join('')}`.replace(/[^\w]/g, '_'));
    mkdirSync(cwd, { recursive: true });
    const run = await runCli(args, {}, cwd);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `${flag} is missing its value: the next word, --, ends the options, and is no value.\nPut the value right after ${flag}; a value that starts with "-" goes in the same word, joined by "=".\n`,
    });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a value that is a command\'s name, followed by the command, is still that value (a profile named "list")', async () => {
    const run = await runCli(['--config-dir', join(tmp.dir, 'profile-list'), '--profile', 'list', 'list', 'mappings']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('mappings/list.json') });
    // And "help", as commander's `help` command is taken for a command: a profile named so, given glued on or with a command after it.
    for (const args of [['--profile', 'help', 'list', 'mappings'], ['--profile=help', 'list', 'mappings']]) {
      const help = await runCli(['--config-dir', join(tmp.dir, 'profile-help'), ...args]);
      expect([args, help.code, help.stderr]).toEqual([args, 0, expect.stringContaining('mappings/help.json')]);
    }
  });

  it('a credential holding a control character or a space (a paste that brought an escape sequence or a second line) is refused, by position, never echoed', async () => {
    const dir = join(tmp.dir, 'pasted');
    for (const [args, position] of [
      [['login', 'myoperator', '--token', 'Zq\x1b[31mXy', '--no-verify'], 'character 3 of 9'],
      [['login', 'myoperator', '--token', 'Tk1\nTk2', '--no-verify'], 'character 4 of 7'],
      [['login', 'zoho', '--dc', 'in', '--client-id', '1000.ABC', '--client-secret', 'Se cRet', '--refresh-token', '1000.abc', '--no-verify'], 'character 3 of 7'],
    ] as const) {
      const run = await runCli(['--config-dir', dir, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^--(token|client-secret) holds a space or an invisible or control character \\(${position}\\), which no credential has: it was not saved\\.\n`));
      expect(run.stderr).not.toMatch(/Zq|Xy|Tk1|Tk2|Se|cRet|\x1b/);
      expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
    }
  });

  it('the word after a secret option is not repeated (it may be the secret), and the secret glued on is taken', async () => {
    const dir = join(tmp.dir, 'secret');
    const run = await runCli(['--config-dir', dir, 'login', 'myoperator', '--token', '-Xs3cr3tT0k3n', '--no-verify']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('--token is missing its value: the next word is an option.\nPut the value right after --token; a value that starts with "-" goes in the same word, joined by "=".\n');
    expect((await runCli(['--config-dir', dir, 'login', 'myoperator', '--token=-Xs3cr3tT0k3n', '--no-verify'])).code).toBe(0);
    // Nor what follows the "=" of the next word: a secret glued to its option.
    const glued = await runCli(['--config-dir', dir, 'login', 'zoho', '--client-id', '--client-secret=TOPSECRET', '--refresh-token=1000.abc']);
    expect(glued.code).toBe(2);
    expect(glued.stderr).toMatch(/^--client-id is missing its value: the next word, --client-secret=…, is an option\.\n/);
    expect(glued.stderr).not.toMatch(/TOPSECRET/);
  });

  it("an unknown option's value glued on with \"=\" is not repeated: it may be a secret, its option typed wrong or before the command", async () => {
    const dir = join(tmp.dir, 'unknown-glued');
    const typo = await runCli(['--config-dir', dir, 'login', 'zoho', '--dc', 'in', '--client-secrte=TOPSECRET', '--refresh-token=1000.abc']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown option '--client-secrte=…'\n\(Did you mean --client-secret\?\)\n/);
    const before = await runCli(['--config-dir', dir, '--client-secret=TOPSECRET', 'login', 'zoho']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^error: unknown option '--client-secret=…'\n/);
    const short = await runCli(['--config-dir', dir, 'login', 'zoho', '--client-sec=TOPSECRET']);
    expect(short.stderr).toMatch(/^error: unknown option '--client-sec=…'\n\(Did you mean --client-secret\?\)\n/);
    for (const run of [typo, before, short]) expect(run.stderr).not.toMatch(/TOPSECRET/);
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });

  it('fix --worklist --dry-run writes no file named "--dry-run"', async () => {
    const cwd = join(tmp.dir, 'worklist');
    mkdirSync(cwd, { recursive: true });
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'wl-cfg'), 'fix', '--worklist', '--dry-run'], {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--worklist is missing its value: the next word, --dry-run, is an option\./);
    expect(existsSync(join(cwd, '--dry-run'))).toBe(false);
    expect(noStack(run.stderr)).toBe(true);
  });

  it('a value glued on with "=" is taken as given, and a negative number is a value, not an option', async () => {
    const dir = join(tmp.dir, 'glued');
    const glued = await runCli(['--sandbox', `--config-dir=${dir}`, '--json', 'list', 'zoho']);
    expect(glued.code).toBe(0);
    const negative = await runCli(['--sandbox', '--config-dir', dir, 'fix', '--max-changes', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/--max-changes takes a whole number/);
  });

  // commander gives a value-taking option the next word, and no option here starts with a digit:
  // `--since -7d` (7 days back, typed with a minus) was "--since is missing its value: the next
  // word, -7d, is an option.", and its fix, `--since=-7d`, then said the period was wrong after all.
  it.each([
    [['list', 'history', '--since', '-7d'], '--since "-7d" has a sign, which a period does not take (it is how far back): write 7d.'],
    [['doctor', '--calls', '--since', '-24h'], '--since "-24h" has a sign, which a period does not take (it is how far back): write 24h.'],
    [['map', '--ignore', '-9x'], 'No Zoho user matches "-9x".'],
  ])('a value of "-" and a digit (%j) is the value, said by its own check, not an option', async (args, said) => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'minus-digit'), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(said);
    expect(run.stderr).not.toContain('is missing its value');
  });

  it('a whole number too large to hold is said to be too large, not "not a whole number"', async () => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'huge'), 'resync', '--prune', '--max-prune', '99999999999999999999', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-prune takes a whole number up to 9,007,199,254,740,991, e.g. --max-prune 10.');
    expect(run.stderr).not.toContain('takes a whole number, e.g.');
  });

  it('a value glued to --only with "=" is a value, as the missing-value hint says, though it starts with "-": it was "that is an option, not a user"', async () => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'only-glued'), 'fix', '--only=-a@b.in', '--dry-run']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^--only -a@b\.in: no user in Zoho's or MyOperator's users list has that id, e-mail or extension\.\n/);
  });

  it('--only keeps its own sentence (it takes several values)', async () => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'only'), 'fix', '--only', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^--only --dry-run: that is an option, not a user\./);
  });

  // "Give --only an id, e-mail or extension" left a user whose e-mail starts with "-" no way to be
  // named: after --only it reads as an option, and `--only -- -a@b.in` gives --only the `--`.
  it('an option after --only (`fix --only --nosuch`) is named, with the fix for a user that starts with "-"', async () => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'only-nosuch'), 'fix', '--only', '--nosuch']);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '--only --nosuch: that is an option, not a user.\nGive --only an id, e-mail or extension, e.g. --only 14 --dry-run; a user that starts with "-" goes in the same word, joined by "=", e.g. --only=-a@b.in.\n',
    });
  });

  // A global option after it is the program's, so --only was left with nothing, and commander said
  // "error: option '--only <user...>' argument missing", naming neither the word nor what to give.
  // (With values after it, `doctor --only --json users`, the program takes --json and --only users.)
  it.each([
    [['fix', '--only', '--yes'], '--yes'],
    [['doctor', '--only', '--json'], '--json'],
  ])('--only followed by a global option (%j) names that option, as any other missing value does', async (args, next) => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'only-global'), ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `--only is missing its value: the next word, ${next}, is an option.\nPut the value right after --only; a value that starts with "-" goes in the same word, joined by "=".\n`,
    });
  });
});

// Last on the line, --only was left nothing, and commander said "error: option '--only <user...>'
// argument missing", in its words, not naming what --only takes.
describe('--only with nothing after it', () => {
  it.each([
    [['fix', '--only'], 'Give --only the users to fix, each an id, e-mail or extension of either side, e.g. --only 14 --dry-run.'],
    [['doctor', '--only'], 'Give --only the checks or groups to run, e.g. --only users (`phonebridge-sync doctor --help` lists them).'],
  ])('%j says what --only takes, as any other missing value is said', async (args, hint) => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'only-last'), ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: '', stderr: `--only is missing its value: nothing was typed after it.\n${hint}\n` });
  });
});

// Last on the line, any option that takes a value was left nothing, and commander said "error:
// option '--worklist <file>' argument missing" and "(run with --help for usage)", in its words.
// Every such option is walked, as each command's --help lists it from commander's options, so one
// added later is covered too (its value's name then needs words in option-values.ts, or it fails here).
describe('an option that takes a value, last on the line', () => {
  const optionsTakingValues = async (): Promise<[string[], string][]> => {
    const top = (await runCli(['--help'])).stdout;
    const commands = [...top.slice(top.indexOf('\nCommands:')).matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    const found: [string[], string][] = [];
    for (const command of [[], ...commands.map((c) => [c])]) {
      const help = (await runCli([...command, '--help'])).stdout;
      for (const [, flag] of help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+) <[^>]+>/gm)) found.push([command, flag!]);
    }
    return found;
  };

  it('is one sentence naming the option, and one saying what it takes, for every one of them', async () => {
    const options = await optionsTakingValues();
    // The walk found them (a --help it could not read would leave nothing to check).
    for (const known of [[[], '--config-dir'], [['fix'], '--worklist'], [['map'], '--zoho'], [['list'], '--since'], [['doctor'], '--only'], [['login'], '--dc']])
      expect(options).toContainEqual(known);
    const cwd = join(tmp.dir, 'nothing-after');
    mkdirSync(cwd, { recursive: true });
    for (const [command, flag] of options) {
      const run = await runCli(['--sandbox', ...command, flag], { PHONEBRIDGE_CONFIG_DIR: join(cwd, 'cfg') }, cwd);
      expect({ command, flag, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        command,
        flag,
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(new RegExp(`^${flag} is missing its value: nothing was typed after it\\.\\nGive ${flag} [^\\n<]+\\.\\n$`)),
      });
    }
    // Refused before anything ran: no config dir was made.
    expect(readdirSync(cwd)).toEqual([]);
    // A walk of every command's --help, then a run per option (about 50 runs, 5 s on a quiet machine):
    // jest's 30 s ran out under a loaded one.
  }, 120_000);

  it.each([
    [['fix', '--worklist'], "Give --worklist a file's path."],
    // As --help and an empty value (`map --zoho ""`) say it: a Zoho user has no extension.
    [['map', '--zoho'], "Give --zoho the Zoho user's id, zuid or e-mail."],
    [['map', '--ignore'], "Give --ignore the Zoho user's id, zuid or e-mail."],
    [['map', '--myoperator'], "Give --myoperator the MyOperator user's uuid, user id, extension or e-mail."],
    [['map', '--unmap'], "Give --unmap an id, e-mail or extension of either side's user."],
    // Two tokens, each named: "Give --refresh-token the token." said neither which nor whose.
    [['login', 'zoho', '--refresh-token'], 'Give --refresh-token an existing Zoho refresh token.'],
    [['login', 'myoperator', '--token'], "Give --token MyOperator's API token."],
    [['list', 'history', '--since'], 'Give --since a period or a date in UTC, e.g. --since 7d.'],
    [['--config-dir'], "Give --config-dir a directory's path."],
    [['fix', '--max-changes'], 'Give --max-changes a whole number, e.g. --max-changes 10.'],
    [['login', 'zoho', '--dc'], 'Give --dc one of us, eu, in, au, jp, ca, sa, cn, uk or ae.'],
    [['list', 'zoho', '--status'], 'Give --status one of active, inactive, disabled, deleted or all.'],
  ])('%j says what the option takes, not "argument missing"', async (args, hint) => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'last'), ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: '', stderr: `${args.at(-1)} is missing its value: nothing was typed after it.\n${hint}\n` });
  });

  // Asked for the version first, commander printed it and stopped before the option it left
  // nothing (as git and gh do); c717f66's sentence for that option came first and ended it 2.
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  it.each([[['-V', '--profile']], [['--version', '--mappings']], [['--sandbox', '-V', 'fix', '--worklist']], [['list', '--version', '--since']]])(
    '%j prints the version, as before the option was said missing',
    async (args) => {
      const cwd = join(tmp.dir, `version-${args.join('')}`);
      mkdirSync(cwd, { recursive: true });
      const run = await runCli(args, { PHONEBRIDGE_CONFIG_DIR: join(cwd, 'cfg') }, cwd);
      expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  // Where commander refused them: the version taken for --profile's value, and a help flag, which
  // commander answers only after every option has its value.
  it.each([
    [['--profile', '--version'], '--profile is missing its value: the next word, --version, is an option.\nPut the value right after --profile; a value that starts with "-" goes in the same word, joined by "=".\n'],
    [['fix', '--help', '--worklist'], "--worklist is missing its value: nothing was typed after it.\nGive --worklist a file's path.\n"],
    [['-h', '--profile'], "--profile is missing its value: nothing was typed after it.\nGive --profile a profile's name, e.g. --profile work.\n"],
  ])('%j is still refused', async (args, stderr) => {
    const run = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'last'), ...args]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe("commander's own sentences", () => {
  it('show a control character in the word they quote as <U+XXXX>, never raw', async () => {
    const cfg = join(tmp.dir, 'control');
    const runs = [
      await runCli(['--config-dir', cfg, '--profile', 'a\x1b]0;owned\x07', 'list', 'mappings']),
      await runCli(['--config-dir', cfg, 'list', 'mappings'], { PHONEBRIDGE_PROFILE: 'a\x1b[2J' }),
      await runCli(['--config-dir', cfg, 'list', 'zoho', '--status', 'x\x1b[31m']),
      await runCli(['--config-dir', cfg, '\x1b[31mlist']),
    ];
    expect(runs.map((r) => r.stderr.split('\n')[0])).toEqual([
      "error: option '--profile <name>' argument 'a<U+001B>]0;owned<U+0007>' is invalid. --profile (or PHONEBRIDGE_PROFILE) names a file: not '.' or '..', without '/' or '\\', invisible characters or spaces at either end, at most 200 bytes, e.g. --profile work.",
      "error: option '--profile <name>' value 'a<U+001B>[2J' from env 'PHONEBRIDGE_PROFILE' is invalid. --profile (or PHONEBRIDGE_PROFILE) names a file: not '.' or '..', without '/' or '\\', invisible characters or spaces at either end, at most 200 bytes, e.g. --profile work.",
      "error: option '--status <status>' argument 'x<U+001B>[31m' is invalid. Allowed choices are active, inactive, disabled, deleted, all.",
      "error: unknown command '<U+001B>[31mlist'",
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
  });
});

describe('a path with a space or line break at an end', () => {
  it('is exit 2 naming it, before anything is made under that name (a YAML block ends its value with a line break)', async () => {
    const parent = join(tmp.dir, 'padded');
    mkdirSync(parent, { recursive: true });
    const file = join(parent, 'mappings.json\n');
    const named = await runCli(['--config-dir', join(parent, 'cfg'), 'list', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: file });
    expect({ code: named.code, stdout: named.stdout, stderr: named.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `PHONEBRIDGE_MAPPINGS_FILE ${JSON.stringify(file)} has a space or line break at an end, which would become part of the file's name.\nGive the path without it (in YAML, a plain value rather than a ">" or "|" block).\n`,
    });
    const dir = `${join(parent, 'cfg')} `;
    const resync = await runCli(['--sandbox', '--config-dir', dir, 'resync', '--yes']);
    expect({ code: resync.code, stderr: resync.stderr }).toEqual({
      code: 2,
      stderr: `--config-dir ${JSON.stringify(dir)} has a space or line break at an end, which would become part of the directory's name.\nGive the path without it (in YAML, a plain value rather than a ">" or "|" block).\n`,
    });
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('"-" given as the config dir or the mappings file', () => {
  it('is exit 2 naming it, before a folder or file named "-" is made in the working directory', async () => {
    const cwd = join(tmp.dir, 'dash-cwd');
    mkdirSync(cwd, { recursive: true });
    const runs = [
      await runCli(['--config-dir', join(cwd, 'cfg'), '--mappings', '-', 'map', '--ignore', 'someone@acme.in'], {}, cwd),
      await runCli(['--config-dir', join(cwd, 'cfg'), 'list', 'mappings'], { PHONEBRIDGE_MAPPINGS_FILE: '-' }, cwd),
      await runCli(['--config-dir', '-', '--sandbox', 'resync', '--yes'], {}, cwd),
    ];
    expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, '', '--mappings "-" would be a file named "-" in the working directory: "-" is not standard input or output here.\nGive a path (./- for a file of that name).\n'],
      [2, '', 'PHONEBRIDGE_MAPPINGS_FILE "-" would be a file named "-" in the working directory: "-" is not standard input or output here.\nGive a path (./- for a file of that name).\n'],
      [2, '', '--config-dir "-" would be a directory named "-" in the working directory: "-" is not standard input or output here.\nGive a path (./- for a directory of that name).\n'],
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('--only given a list with commas', () => {
  it('doctor and fix say to separate with spaces, and how, rather than only "no such check" or "no user has that"', async () => {
    const cfg = join(tmp.dir, 'only-commas');
    const doctor = await runCli(['--sandbox', '--config-dir', cfg, 'doctor', '--only', 'users, mappings', 'config']);
    expect({ code: doctor.code, stdout: doctor.stdout, stderr: doctor.stderr }).toEqual({
      code: 2,
      stdout: '',
      // One value with a space, quoted as fix --only quotes one: it read as two values listed.
      stderr: '--only "users, mappings": no such check.\nSeparate checks with spaces, not commas: --only users mappings config.\n',
    });
    const fix = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', '14', '12,ravi.kumar@acmetraders.in']);
    expect({ code: fix.code, stdout: fix.stdout, stderr: fix.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: '--only 12,ravi.kumar@acmetraders.in: no user in Zoho\'s or MyOperator\'s users list has that id, e-mail or extension.\nSeparate users with spaces, not commas: --only 14 12 ravi.kumar@acmetraders.in.\n',
    });
    // Typed "12, 13", the shell gives "12," apart: it was "no user … has that", with where to look.
    const spaced = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', '12,', '13']);
    expect({ code: spaced.code, stdout: spaced.stdout, stderr: spaced.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: '--only 12,: no user in Zoho\'s or MyOperator\'s users list has that id, e-mail or extension.\nSeparate users with spaces, not commas: --only 12 13.\n',
    });
    // "12 13" as one quoted value, as a script's "$USERS" gives: it read "--only 12 13: no user … has
    // that", as if of two values.
    const quoted = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', '12 13']);
    expect({ code: quoted.code, stdout: quoted.stdout, stderr: quoted.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: '--only "12 13": no user in Zoho\'s or MyOperator\'s users list has that id, e-mail or extension.\nGive each user as a word of its own, not one quoted value: --only 12 13.\n',
    });
    // A comma list naming someone nobody has keeps the sentence that lists where to look.
    const typo = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', '12,999']);
    expect(typo.stderr).toBe(`--only 12,999: ${nobodyHasIt(cfg)}`);
  });
});

describe('fix --only given a name', () => {
  // Every table fix and match print leads with the name ("Ravi Kumar · ext 12 · case"), so a name is
  // what an admin types first: it was "no user in Zoho's or MyOperator's users list has that id,
  // e-mail or extension", and the lists to look in, though both lists have him, by that name.
  it('says --only takes no names, whose name it is, and the value to give instead', async () => {
    const cfg = join(tmp.dir, 'only-name');
    const full = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'Ravi Kumar', '16']);
    expect([full.code, full.stdout, full.stderr]).toEqual([
      2,
      '',
      '--only "Ravi Kumar": --only takes an id, e-mail or extension, not a name; that is the name of Zoho user Ravi.Kumar@acmetraders.in and of MyOperator user Ravi Kumar (ext 12).\nGive the extension instead: --only 12 16.\n',
    ]);
    // The part of the e-mail before the @, which the name key reads as "ravi kumar": it was "that is the name of".
    const local = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'ravi.kumar']);
    expect([local.code, local.stdout, local.stderr]).toEqual([
      2,
      '',
      '--only ravi.kumar: --only takes an id, e-mail or extension; that is the part before the @ of the e-mail of Zoho user Ravi.Kumar@acmetraders.in and of MyOperator user Ravi Kumar (ext 12).\nGive the extension instead: --only 12.\n',
    ]);
    // A first name alone, several users' (Arjun's old phone, ext 23, beside ext 22): named, none picked.
    const word = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'arjun']);
    expect([word.code, word.stdout, word.stderr]).toEqual([
      2,
      '',
      '--only arjun: --only takes an id, e-mail or extension, not a name; that is in the name of Zoho user arjun.malhotra@acmetraders.in and of MyOperator users Arjun Malhotra (ext 22) and Arjun M. (old) (ext 23).\n' +
        `Give the extension of the user you mean instead; \`phonebridge-sync --sandbox --config-dir ${cfg} list myoperator\` shows them.\n`,
    ]);
    // A name in the plan beside one the plan leaves out: the value to give for the one, and for the other why it is left out.
    const zoho = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'Gaurav', 'Ravi']);
    expect([zoho.code, zoho.stdout, zoho.stderr]).toEqual([
      2,
      '',
      '--only Gaurav: --only takes an id, e-mail or extension, not a name; that is in the name of Zoho user gaurav.bose@acmetraders.in.\n' +
        `${gauravLeftOut}\n` +
        '--only Ravi: --only takes an id, e-mail or extension, not a name; that is in the name of Zoho user Ravi.Kumar@acmetraders.in and of MyOperator user Ravi Kumar (ext 12).\n' +
        'Give the extension instead: --only 12.\n',
    ]);
    // One of them several users' name: what to give, in map's words. It was "Give the extension and the e-mail of
    // the users you mean instead", which read as both of each user, where either names one. Gaurav,
    // whom the plan leaves out, is not among the users to name again.
    const vague = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'arjun', 'Gaurav']);
    expect(vague.stderr).toContain(`\n${gauravLeftOut}\n`);
    expect(vague.stderr.split('\n').at(-2)).toBe(`Give the extension of the user you mean instead; \`phonebridge-sync --sandbox --config-dir ${cfg} list myoperator\` shows them.`);
  });

  // "Give the e-mail instead: --only gaurav.bose@…" sent the admin to a run that ended 5 on "not in
  // the plan: … zoho-only": the first answer says it, in that run's words.
  it('says of a name whose one user the plan leaves out why, as --only of its e-mail would, with no value to give instead', async () => {
    const cfg = join(tmp.dir, 'only-name-left-out');
    const byEmail = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'gaurav.bose@acmetraders.in']);
    expect(byEmail.code).toBe(5);
    expect(byEmail.stderr.split('\n')[0]).toBe(gauravLeftOut);
    const byName = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'Gaurav']);
    expect([byName.code, byName.stdout, byName.stderr]).toEqual([
      2,
      '',
      `--only Gaurav: --only takes an id, e-mail or extension, not a name; that is in the name of Zoho user gaurav.bose@acmetraders.in.\n${gauravLeftOut}\n`,
    ]);
  });
});

/** What fix --only says of Gaurav, whom no MyOperator user resembles, as --only of his e-mail says it. */
const gauravLeftOut = '--only gaurav.bose@acmetraders.in: not in the plan: Zoho user gaurav.bose@acmetraders.in is zoho-only: nobody on the other side to copy the e-mail to or from.';

/** fix --only's refusal of a value no user it read has, and where to look, as said for `cfg`. */
const nobodyHasIt = (cfg: string) =>
  `no user in Zoho's or MyOperator's users list has that id, e-mail or extension.\n\`phonebridge-sync --sandbox --config-dir ${cfg} list zoho\` and \`phonebridge-sync --sandbox --config-dir ${cfg} list myoperator\` show them; a user deleted in Zoho is not among them (\`phonebridge-sync --sandbox --config-dir ${cfg} list zoho --status deleted\` lists those), and fix has nothing to set for one.\n`;

describe('fix --only naming a user deleted in Zoho', () => {
  it('says where a deleted user is listed, where it pointed only to `list zoho`, which does not show them either', async () => {
    const cfg = join(tmp.dir, 'only-deleted');
    const fix = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 'karan.walia@acmetraders.in']);
    // Its first sentence was "no Zoho or MyOperator user has that …", untrue of Karan, whom Zoho
    // keeps as deleted and its hint sends the admin to: the lists fix reads do not have him.
    expect([fix.code, fix.stdout, fix.stderr]).toEqual([2, '', `--only karan.walia@acmetraders.in: ${nobodyHasIt(cfg)}`]);
    // What the hint says is true: `list zoho` leaves him out, and the command it gives lists him.
    expect((await runCli(['--sandbox', '--config-dir', cfg, 'list', 'zoho'])).stdout).not.toContain('karan.walia@acmetraders.in');
    const deleted = await runCli(['--sandbox', '--config-dir', cfg, 'list', 'zoho', '--status', 'deleted']);
    expect({ code: deleted.code, listed: deleted.stdout.includes('\tkaran.walia@acmetraders.in\tdeleted\t') }).toEqual({ code: 0, listed: true });
  });
});

describe('fix --only naming a saved mapping whose user neither side lists now', () => {
  it('names the mapping and the prune that removes it, where it said no user has that id and pointed to the lists', async () => {
    const cfg = join(tmp.dir, 'only-stale');
    // The sandbox's second day: Imran Qureshi is gone from MyOperator, his mapping kept from the first.
    for (let day = 0; day < 2; day++) expect((await runCli(['--sandbox', '--config-dir', cfg, 'resync', '--yes'])).code).toBe(0);
    const fix = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', 's5f3b3c369b33']);
    expect([fix.code, fix.stdout, fix.stderr]).toEqual([
      2,
      '',
      `--only s5f3b3c369b33: it names the saved mapping of Zoho user imran.qureshi@acmetraders.in and MyOperator user s5f3b3c369b33 ("imran.qureshi@acmetraders.in"), but MyOperator no longer lists its MyOperator user: fix has nothing to set.\n\`phonebridge-sync --sandbox --config-dir ${cfg} resync --prune\` removes the stale mapping, after checking that both sides returned users and that no more than --max-prune 10 go.\n`,
    ]);
    // By the extension `list mappings` shows for it, as by its uuid: it was "no … user has that id, e-mail or extension".
    const byExt = await runCli(['--sandbox', '--config-dir', cfg, 'fix', '--dry-run', '--only', '28']);
    expect([byExt.code, byExt.stderr]).toEqual([2, fix.stderr.replace('--only s5f3b3c369b33:', '--only 28:')]);
    const prune = await runCli(['--sandbox', '--config-dir', cfg, 'resync', '--prune', '--dry-run']);
    expect(prune.stderr).toContain('1 stale (1 would be pruned)');
  });
});

describe('a list option wrong for its side', () => {
  it('list myoperator --status deleted is exit 2 at once: before the login it lacks, or a network that is down', async () => {
    const cfg = join(tmp.dir, 'status-no-login');
    const said = '--status deleted is a Zoho status; MyOperator users are only active or inactive.\nUse --status active or --status inactive.\n';
    // No credentials: it said "Not logged in to MyOperator", exit 3.
    const bare = await runCli(['--config-dir', cfg, 'list', 'myoperator', '--status', 'deleted']);
    expect({ code: bare.code, stderr: bare.stderr }).toEqual({ code: 2, stderr: said });
    // A token but no network (a port nothing listens on): it retried, then "Cannot reach MyOperator", exit 4.
    const offline = await runCli(['--config-dir', cfg, 'list', 'myoperator', '--status', 'disabled', '--unmapped'], {
      PHONEBRIDGE_MYOPERATOR_TOKEN: 'token',
      PHONEBRIDGE_MYOPERATOR_API_URL: 'http://127.0.0.1:9',
    });
    expect({ code: offline.code, stderr: offline.stderr }).toEqual({ code: 2, stderr: said.replace('deleted', 'disabled') });
  });

  it('--status is taken in any case, as the list it goes with is, and said in its own', async () => {
    // `list Zoho` was taken and `list zoho --status Active` refused ("Allowed choices are active, …").
    const cased = await runCli(['--sandbox', '--config-dir', join(tmp.dir, 'status-case'), 'list', 'Zoho', '--status', 'Active']);
    expect({ code: cased.code, stderr: cased.stderr }).toEqual({ code: 0, stderr: '18 Zoho users (active) of 19.\n' });
    const zohoOnly = await runCli(['--config-dir', join(tmp.dir, 'status-case-mo'), 'list', 'MyOperator', '--status', 'DELETED']);
    expect({ code: zohoOnly.code, stderr: zohoOnly.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: '--status deleted is a Zoho status; MyOperator users are only active or inactive.' });
  });

  it('Zoho Accounts out of reach at the host PHONEBRIDGE_ZOHO_ACCOUNTS_URL names: the hint names that variable, not --dc or PHONEBRIDGE_ZOHO_DC, which would not move it', async () => {
    const run = await runCli(['--config-dir', join(tmp.dir, 'zoho-offline'), 'list', 'zoho'], {
      PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.TESTCLIENT00000000000000000000',
      PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'test-client-secret-0123456789abcdef',
      PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.refresh',
      PHONEBRIDGE_ZOHO_DC: 'in',
      PHONEBRIDGE_ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9',
      PHONEBRIDGE_ZOHO_API_URL: 'http://127.0.0.1:9',
      // The same attempts, without the default backoff's seconds of waiting between them.
      PHONEBRIDGE_HTTP_RETRY_BASE_MS: '5',
    });
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n')[1]).toBe('Check the network, a proxy, or PHONEBRIDGE_ZOHO_ACCOUNTS_URL, which named that host; run with --verbose to see each attempt.');
  });

  it('list history --since it cannot read is said first, not after the history file has been read (a broken line hid it)', async () => {
    const cfg = join(tmp.dir, 'since-first');
    mkdirSync(join(cfg, 'mappings'), { recursive: true });
    writeFileSync(join(cfg, 'mappings', 'default.history.jsonl'), 'not a change\n');
    const run = await runCli(['--config-dir', cfg, 'list', 'history', '--since', '3M']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('--since "3M" could mean months or minutes: months are not a unit here (30d is about one), and minutes are a small m.');
  });
});

describe('login --dc and --product', () => {
  it('login --dc offers the data centres the Zoho client knows, no more and no fewer (cli.ts writes them out)', async () => {
    const help = (await runCli(['login', '--help'], { COLUMNS: '200' })).stdout.replace(/\s+/g, ' ');
    const offered = /--dc <dc> Zoho data centre \(choices: ([^)]*)\)/.exec(help)?.[1];
    expect(offered?.split(', ').map((c) => JSON.parse(c) as string)).toEqual(DC_NAMES);
  });

  it('are taken in any case, as list --status is, and said and saved in the listed one', async () => {
    // `login zoho --dc IN` was refused ("Allowed choices are us, eu, in, …"), as --product Bigin was.
    const dir = join(tmp.dir, 'login-case');
    const run = await runCli(['--config-dir', dir, 'login', 'zoho', '--dc', 'IN', '--product', 'Bigin', '--client-id', '1000.ABC', '--client-secret', 'secret1', '--refresh-token', '1000.abc', '--no-verify']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: `Logged in to Zoho Bigin (data centre in) for profile "default" (not verified). Saved in ${join(dir, 'credentials.json')}.\n`,
    });
    expect(JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))).toMatchObject({ profiles: { default: { zoho: { dc: 'in', product: 'bigin' } } } });
  });
});

describe("login given the other side's option", () => {
  // Each login is given whole, with the options typed for its side: "Run `login zoho` without it",
  // pasted, logged in to the default profile, not the --config-dir typed. A secret is never echoed.
  it.each([
    [
      ['login', 'zoho', '--dc', 'in', '--client-id', '1000.ABC', '--client-secret', 'secret1', '--refresh-token', '1000.abc', '--token', 'mo_token_1', '--no-verify'],
      '--token',
      'zoho',
      "MyOperator's token",
      'login zoho --dc in --client-id 1000.ABC --client-secret <client-secret> --refresh-token <refresh-token> --no-verify',
      'login myoperator --token <token> --no-verify',
      'MyOperator',
    ],
    [['login', 'myoperator', '--token', 'mo_token_1', '--dc', 'in', '--no-verify'], '--dc', 'myoperator', 'a Zoho setting', 'login myoperator --token <token> --no-verify', 'login zoho --dc in --no-verify', 'Zoho'],
    [['login', 'myoperator', '--token', 'mo_token_1', '--product', 'crm'], '--product', 'myoperator', 'a Zoho setting', 'login myoperator --token <token>', 'login zoho --product crm', 'Zoho'],
  ])('%j is exit 2 naming the flag and its login, and saves nothing, rather than dropping it unsaid', async (args, flag, side, what, own, other, ownerName) => {
    const dir = join(tmp.dir, `other-side-${side}-${flag.slice(2)}`);
    const run = await runCli(['--config-dir', dir, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${flag} does not apply to \`login ${side}\`: it is ${what}, and this login would not save it.\nRun \`phonebridge-sync --config-dir ${dir} ${own}\` without it, and \`phonebridge-sync --config-dir ${dir} ${other}\` for ${ownerName}.\n`,
    );
    for (const secret of ['secret1', '1000.abc', 'mo_token_1']) expect(run.stderr).not.toContain(secret);
    expect(run.stdout).toBe('');
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });
});
