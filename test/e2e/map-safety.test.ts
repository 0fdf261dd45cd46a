/**
 * Replacing a mapping is never silent; logout on a fresh config writes nothing; map off a terminal
 * says prompts are off (not "nothing to map"); resync names the people it added and marks the
 * unresolved users that are new since the last run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { BIN, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** The built bin in --sandbox on its own config dir. */
const sandbox = (dir: string) => (args: string[]) => runCli(['--config-dir', dir, '--sandbox', ...args]);

const prepared = new Map<string, Promise<string>>();
/**
 * The sandbox after `steps`, in a config dir of the test's own (`name`): the steps run once per file
 * and each test gets a copy, so none sees another's changes. Run in every test, they were a process
 * each (about half a second of CPU) whose output no test read but for its exit code.
 */
async function sandboxAfter(steps: string[][], name: string) {
  const key = JSON.stringify(steps);
  let ready = prepared.get(key);
  if (!ready) {
    ready = (async () => {
      const dir = join(tmp.dir, `prepared-${prepared.size}`);
      for (const step of steps) expect((await sandbox(dir)(step)).code).toBe(0);
      return dir;
    })();
    prepared.set(key, ready);
  }
  const dir = join(tmp.dir, name);
  cpSync(await ready, dir, { recursive: true });
  return { dir, cli: sandbox(dir) };
}
const AUTO = [['map', '--auto']];

const mappingsOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8')) as { mappings: Array<{ zoho: { email: string }; myoperator: { email: string } }> })
    .mappings;

describe('map --unmap', () => {
  it('a blank value (a variable left unset) is exit 2 and removes nothing, not every mapping whose user has no e-mail', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'unmap-blank');
    // Suresh's MyOperator user has no e-mail: a blank value once matched it.
    expect((await cli(['map', '--zoho', 'suresh.pillai@acmetraders.in', '--myoperator', '24'])).code).toBe(0);
    const before = mappingsOf(dir).length;
    for (const blank of ['', ' ']) {
      const run = await cli(['map', '--unmap', blank]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^--unmap was given an empty value, which names nobody\.\n/);
    }
    // Ignoring a user twice says it already was, rather than announcing it again.
    expect((await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).stderr).toMatch(/will never be mapped \(`[^`]+` undoes it\)\./);
    expect((await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).stderr).toMatch(/is already marked "never map": nothing to change\./);
    // The ignored users are in no row of the list: they are named under it.
    expect((await cli(['list', 'mappings'])).stderr).toMatch(/^\d+ mappings, 1 ignored \(gaurav\.bose@acmetraders\.in\), in /m);
    const pair = await cli(['map', '--zoho', '', '--myoperator', '24']);
    expect(pair.code).toBe(2);
    expect(pair.stderr).toMatch(/^--zoho was given an empty value/);
    expect(mappingsOf(dir)).toHaveLength(before);
  });

  it('run twice, the second says the user is not mapped, exit 0 (a script may repeat it); a value nobody has is still exit 2', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'unmap-twice');
    expect((await cli(['map', '--unmap', '11'])).code).toBe(0);
    // Named by the other side's value too, as the history recorded the pair.
    const again = await cli(['map', '--unmap', '11']);
    expect([again.code, again.stdout, again.stderr]).toEqual([0, '', 'MyOperator user asha.rao@acmetraders.in (ext 11, id s5f3a2c039b22) is not mapped, nor ignored; nothing to do.\n']);
    const byZoho = await cli(['map', '--unmap', '4815900000000107919', '--json']);
    expect([byZoho.code, JSON.parse(byZoho.stdout).changes]).toEqual([0, []]);
    expect(byZoho.stderr).toBe('Zoho user asha.rao@acmetraders.in (id 4815900000000107919) is not mapped, nor ignored; nothing to do.\n');
    // Un-ignored, then un-ignored again: the same.
    expect((await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    expect((await cli(['map', '--unmap', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    expect((await cli(['map', '--unmap', 'gaurav.bose@acmetraders.in'])).stderr).toBe(
      'Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) is not mapped, nor ignored; nothing to do.\n',
    );
    const typo = await cli(['map', '--unmap', 'asha.rao@acmetrader.in']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^No saved mapping or ignored user involves "asha\.rao@acmetrader\.in"\./);
  });

  it('takes an e-mail typed with other capitals, as --ignore and --zoho take it, when it names one entry alone: it said nobody was involved', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'unmap-capitals');
    // --ignore found the user by the e-mail as a person reads it; --unmap of the same words said "No saved mapping …".
    expect((await cli(['map', '--ignore', 'GAURAV.BOSE@acmetraders.in'])).code).toBe(0);
    const unignore = await cli(['map', '--unmap', 'GAURAV.BOSE@acmetraders.in']);
    expect([unignore.code, unignore.stderr]).toEqual([0, 'Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) is no longer ignored: map and resync will consider it again.\n']);
    // Run again, the history knows it the same way.
    expect((await cli(['map', '--unmap', 'Gaurav.Bose@ACMETRADERS.IN'])).stderr).toBe(
      'Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) is not mapped, nor ignored; nothing to do.\n',
    );
    const before = mappingsOf(dir).length;
    const pair = await cli(['map', '--unmap', 'Asha.Rao@AcmeTraders.in']);
    expect(pair.code).toBe(0);
    expect(pair.stderr).toMatch(/^Unmapped Zoho user asha\.rao@acmetraders\.in \(id 4815900000000107919\) from MyOperator user asha\.rao@acmetraders\.in \(ext 11, id s5f3a2c039b22\)\.\n/);
    expect(mappingsOf(dir)).toHaveLength(before - 1);
    // A typo is still no e-mail anyone has.
    expect((await cli(['map', '--unmap', 'Asha.Rao@AcmeTrader.in'])).code).toBe(2);
  });

  it('names the pair it removes as map named it: a MyOperator user with no e-mail by the name map recorded, its extension and id, not its uuid alone', async () => {
    const { cli } = await sandboxAfter(AUTO, 'unmap-no-email');
    expect((await cli(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '31'])).code).toBe(0);
    // It said "Unmapped Zoho gaurav.bose@acmetraders.in (4815900000000226704) from MyOperator s5f3b6c3f9b36.", then "… from MyOperator user with no e-mail (ext 31, …)".
    const undo = await cli(['map', '--unmap', '31']);
    expect([undo.code, undo.stdout, undo.stderr]).toEqual([
      0,
      '',
      'Unmapped Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) from MyOperator user Night Shift (no e-mail) (ext 31, id s5f3b6c3f9b36).\n',
    ]);
  });

  it('run twice over a history with a hand-edited line and one cut short: the same exit 0; a broken line is named as `list history` names it', async () => {
    const dir = join(tmp.dir, 'unmap-twice-edited-history');
    const cli = sandbox(dir);
    expect((await cli(['map', '--auto'])).code).toBe(0);
    expect((await cli(['map', '--unmap', '11'])).code).toBe(0);
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    const whole = readFileSync(history, 'utf8');
    // Sides the tool never writes so (a number for an id, a list for an e-mail, a string for a side), then a run killed mid-append.
    const edited = { time: '2026-12-01T10:00:00.000Z', command: 'map', user: 'ops', action: 'unmap', before: { zoho: { id: 11, email: ['x'] }, myoperator: 'nope', zohoId: null }, after: null, result: 'done' };
    writeFileSync(history, `${whole}${JSON.stringify(edited)}\n{"time":"2026-12-01T10:01:00.000Z","comm`);
    for (const [value, said] of [
      ['11', 'MyOperator user asha.rao@acmetraders.in (ext 11, id s5f3a2c039b22) is not mapped, nor ignored; nothing to do.\n'],
      ['4815900000000107919', 'Zoho user asha.rao@acmetraders.in (id 4815900000000107919) is not mapped, nor ignored; nothing to do.\n'],
    ]) {
      const again = await cli(['map', '--unmap', value!]);
      expect([again.code, again.stdout, again.stderr]).toEqual([0, '', said]);
    }
    expect((await cli(['map', '--unmap', 'nope'])).stderr).toMatch(/^No saved mapping or ignored user involves "nope"\./);
    // A line broken by hand (not cut short) stops it as it stops `list history`: named, exit 2.
    writeFileSync(history, `${whole}garbage\n`);
    const broken = await cli(['map', '--unmap', '11']);
    const listed = await cli(['list', 'history']);
    expect([broken.code, listed.code]).toEqual([2, 2]);
    expect(broken.stderr.split('\n')[0]).toMatch(/^The history file .*sandbox\.history\.jsonl has a broken line \d+: it is not JSON \(/);
    expect(broken.stderr).toBe(listed.stderr);
    expect(readFileSync(history, 'utf8')).toBe(`${whole}garbage\n`);
  });
});

describe('map --zoho X --myoperator Y', () => {
  it('list history names a MyOperator user with no e-mail that it maps by the name map read, not its uuid alone', async () => {
    const { cli } = await sandboxAfter(AUTO, 'no-email-named');
    expect((await cli(['map', '--zoho', 'suresh.pillai@acmetraders.in', '--myoperator', '24'])).code).toBe(0);
    // It read "Zoho suresh.pillai@acmetraders.in ↔ MyOperator s5f3afc2a9b2f (ext 24)": the seat by its uuid.
    const rows = (await cli(['list', 'history'])).stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.at(-1)!.slice(1, 6)).toEqual(['map', 'map', 'done', expect.any(String), 'Zoho suresh.pillai@acmetraders.in ↔ MyOperator Suresh Pillai (no e-mail) (ext 24)']);
    // The mappings file keeps no name (a version-1 tool reads it): the history line alone records it.
    const line = JSON.parse((await cli(['--json', 'list', 'history'])).stdout).at(-1) as { after: { myoperator: Record<string, unknown> } };
    expect(line.after.myoperator).toEqual({ uuid: 's5f3afc2a9b2f', extension: '24', email: '', name: 'Suresh Pillai' });
    // --unmap reads no users, so its line records no name: the row takes the one an earlier line recorded for that uuid,
    // and so does its sentence, which read "… from MyOperator user with no e-mail (ext 24, id s5f3afc2a9b2f).".
    const unmapped = await cli(['map', '--unmap', '24']);
    expect(unmapped.code).toBe(0);
    expect(unmapped.stderr).toMatch(/^Unmapped Zoho user suresh\.pillai@acmetraders\.in \(id \d+\) from MyOperator user Suresh Pillai \(no e-mail\) \(ext 24, id s5f3afc2a9b2f\)\.$/m);
    const after = (await cli(['list', 'history'])).stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(after.at(-1)!.slice(1, 6)).toEqual(['map', 'unmap', 'done', expect.any(String), 'Zoho suresh.pillai@acmetraders.in ↮ MyOperator Suresh Pillai (no e-mail) (ext 24)']);
    // Run again, as a script's retry: it read "MyOperator user with no e-mail (ext 24, id s5f3afc2a9b2f) is not mapped, nor ignored; …".
    const again = await cli(['map', '--unmap', '24']);
    expect([again.code, again.stderr]).toEqual([0, 'MyOperator user Suresh Pillai (no e-mail) (ext 24, id s5f3afc2a9b2f) is not mapped, nor ignored; nothing to do.\n']);
  });

  it('map --unmap of a seat with no e-mail over a history with a broken line is done and says so, naming the seat as it can', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'no-email-broken-history');
    expect((await cli(['map', '--zoho', 'suresh.pillai@acmetraders.in', '--myoperator', '24'])).code).toBe(0);
    const history = join(dir, 'sandbox', 'mappings', 'sandbox.history.jsonl');
    writeFileSync(history, `${readFileSync(history, 'utf8')}{broken\n`);
    // The seat's name is looked up in the history after the pair is removed: a history it cannot read must not fail a done unmap.
    const unmapped = await cli(['map', '--unmap', '24']);
    expect([unmapped.code, unmapped.stderr]).toEqual([0, expect.stringMatching(/^Unmapped Zoho user suresh\.pillai@acmetraders\.in \(id \d+\) from MyOperator user with no e-mail \(ext 24, id s5f3afc2a9b2f\)\.$/m)]);
    expect(mappingsOf(dir).some((m) => m.zoho.email === 'suresh.pillai@acmetraders.in')).toBe(false);
  });

  it("replacing X's own mapping needs --yes off a terminal, and says what it replaced", async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'replace');
    const refused = await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '10']);
    expect(refused.code).toBe(2);
    // Why no question was asked, as fix and plain map say it: "Pass --yes" alone left CI unnamed.
    expect(refused.stderr).toMatch(
      /^Confirmation needed: Zoho user asha\.rao@acmetraders\.in \(id \d+\) is mapped to MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\)\. Replace that mapping\?\nPrompts are off here \(CI is set\): pass --yes to confirm\.\n$/,
    );
    expect(mappingsOf(dir).find((m) => m.zoho.email === 'asha.rao@acmetraders.in')!.myoperator.email).toBe('asha.rao@acmetraders.in');

    const done = await cli(['--yes', 'map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '10']);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/^Replaced: Zoho asha\.rao@acmetraders\.in was mapped to MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\)\.$/m);
    expect(mappingsOf(dir).find((m) => m.zoho.email === 'asha.rao@acmetraders.in')!.myoperator.email).toBe('reception@acmetraders.in');
  });

  it('a replaced or removed mapping to a MyOperator user with no e-mail is named by the name MyOperator lists, its extension and id, not its uuid twice', async () => {
    const { cli } = await sandboxAfter(AUTO, 'replace-no-email');
    expect((await cli(['--yes', 'map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '31'])).code).toBe(0);
    // Night Shift (ext 31) has no e-mail: "was mapped to MyOperator s5f3b6c3f9b36 (s5f3b6c3f9b36)". Then "ext 31 (id …, no e-mail)",
    // then "with no e-mail (ext 31, id …)", which named nobody: the mapping records no name, so it is the one map reads, as "Mapped … to" names the seat.
    const asked = await cli(['map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '11']);
    expect(asked.stderr).toMatch(/^Confirmation needed: Zoho user anil\.mehta@acmetraders\.in \(id \d+\) is mapped to MyOperator user Night Shift \(no e-mail\) \(ext 31, id \w+\); /);
    const done = await cli(['--yes', 'map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '11']);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/^Replaced: Zoho anil\.mehta@acmetraders\.in was mapped to MyOperator user Night Shift \(no e-mail\) \(ext 31, id \w+\)\.$/m);
    // --ignore, removing such a pair, named it so too.
    expect((await cli(['--yes', 'map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '31'])).code).toBe(0);
    const ignored = await cli(['--yes', 'map', '--ignore', 'anil.mehta@acmetraders.in']);
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toMatch(/^Zoho user anil\.mehta@acmetraders\.in will never be mapped; its mapping to MyOperator user Night Shift \(no e-mail\) \(ext 31, id \w+\) was removed \(/m);
  });

  it("another Zoho user's likely match, given for this one (a slip of the extension), needs --yes off a terminal, naming whom it resembles and the map of each", async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'slip-ext');
    const before = mappingsOf(dir);
    // Ext 21 is Neha Kapoor's seat (the same name); Deepak's own is ext 18.
    const refused = await cli(['map', '--zoho', 'deepak.verma@acmetraders.in', '--myoperator', '21']);
    const map = (zoho: string, ext: string) => `\`phonebridge-sync --sandbox --config-dir ${dir} map --zoho ${zoho} --myoperator ${ext}\``;
    const said =
      'MyOperator user nkapoor.sales@gmail.com (ext 21, id s5f3acc219b2c) is the likely match of Zoho user Neha Kapoor (neha.k@acmetraders.in; suggested: same-name), not of Deepak Verma, whose name shares no word with it; ' +
      `${map('neha.k@acmetraders.in', '21')} maps that pair instead; Deepak Verma's own likely match is MyOperator user Deepak Verma (ext 18): ${map('deepak.verma@acmetraders.in', '18')}`;
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      2,
      '',
      `Confirmation needed: ${said}. Map Deepak Verma to it all the same?\nPrompts are off here (CI is set): pass --yes to confirm.\n`,
    ]);
    expect(mappingsOf(dir)).toEqual(before);
    // One of an ambiguous user's candidates too, with the reason match gives that user.
    const candidate = await cli(['map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '22']);
    expect([candidate.code, candidate.stderr]).toEqual([2, expect.stringContaining('(ext 22, id s5f3adc249b2d) is a candidate of Zoho user Arjun Malhotra (arjun.malhotra@acmetraders.in; ambiguous: duplicate-email), not of Kavita Joshi')]);
    // `fix --only 21` then had nothing to send: Neha's seat keeps her e-mail.
    expect((await cli(['fix', '--dry-run', '--only', '21'])).stdout).not.toMatch(/deepak\.verma/);

    const done = await cli(['--yes', 'map', '--zoho', 'deepak.verma@acmetraders.in', '--myoperator', '21']);
    expect(done.code).toBe(0);
    const undo = `\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap deepak.verma@acmetraders.in\``;
    expect(done.stderr.split('\n')[1]).toBe(`Warning: ${said}. If this pairing is a slip, ${undo} undoes it.`);
    // Pasted as printed, the undo removes the pair alone.
    expect((await runCli(undo.slice(1, -1).split(' ').slice(1))).code).toBe(0);
    expect(mappingsOf(dir)).toEqual(before);
  });

  it("an import's hand-written pair that maps another Zoho user's likely match is asked as `map --zoho … --myoperator …` asks it, in its words: --yes off a terminal", async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'slip-import');
    const before = mappingsOf(dir);
    const file = join(tmp.dir, 'slip-import.csv');
    // The same slip as typed on the command line (ext 21 for 18), written into a file: it went through in silence.
    writeFileSync(file, 'zoho,myoperator\ndeepak.verma@acmetraders.in,21\n');
    const map = (zoho: string, ext: string) => `\`phonebridge-sync --sandbox --config-dir ${dir} map --zoho ${zoho} --myoperator ${ext}\``;
    const said =
      'MyOperator user nkapoor.sales@gmail.com (ext 21, id s5f3acc219b2c) is the likely match of Zoho user Neha Kapoor (neha.k@acmetraders.in; suggested: same-name), not of Deepak Verma, whose name shares no word with it; ' +
      `${map('neha.k@acmetraders.in', '21')} maps that pair instead; Deepak Verma's own likely match is MyOperator user Deepak Verma (ext 18): ${map('deepak.verma@acmetraders.in', '18')}`;
    const refused = await cli(['map', '--import', file]);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      2,
      '',
      `Pair of the file that may be a slip:\n  line 2: ${said}.\nConfirmation needed: 1 pair of the file may be a slip (above). Import it all the same?\nPrompts are off here (CI is set): pass --yes to confirm.\n`,
    ]);
    expect(mappingsOf(dir)).toEqual(before);
    // Deepak's own seat is no slip: imported with nothing asked.
    writeFileSync(file, 'zoho,myoperator\ndeepak.verma@acmetraders.in,18\n');
    const own = await cli(['map', '--import', file]);
    expect([own.code, own.stderr]).toEqual([0, expect.stringMatching(/^Imported 1 mapping;/)]);
    expect((await cli(['map', '--unmap', 'deepak.verma@acmetraders.in'])).code).toBe(0);
    // With --yes the pair is imported, and said as it was asked.
    writeFileSync(file, 'zoho,myoperator\ndeepak.verma@acmetraders.in,21\n');
    const done = await cli(['--yes', 'map', '--import', file]);
    expect(done.code).toBe(0);
    // And fix holds it until --only names it: "run `… fix --only 21`" sent plain fix's plan to it.
    expect(done.stderr).toBe(
      `Pair of the file that may be a slip, imported as --yes says:\n  line 2: ${said}.\n` +
        `Imported 1 mapping; 1 of them with e-mails that differ, whose MyOperator user is another Zoho user's likely match or candidate, which fix leaves alone until told: \`phonebridge-sync --sandbox --config-dir ${dir} fix --only 21\` sets it where the seat is its pair's.\n`,
    );
    expect(mappingsOf(dir).find((x) => x.zoho.email === 'deepak.verma@acmetraders.in')?.myoperator.email).toBe('nkapoor.sales@gmail.com');
  });

  it('names that share no word are said, with the undo, and not asked; a pair whose names share one is said as before', async () => {
    const dir = join(tmp.dir, 'strangers');
    // Night Shift (ext 31) is nobody's candidate: only its name differs.
    const run = await sandbox(dir)(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '31']);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')[1]).toBe(
      `Warning: Zoho user Gaurav Bose and MyOperator user Night Shift (ext 31) share no word of their names. If this pairing is a slip, \`phonebridge-sync --sandbox --config-dir ${dir} map --unmap gaurav.bose@acmetraders.in\` undoes it.`,
    );
    const own = await sandbox(dir)(['map', '--zoho', 'deepak.verma@acmetraders.in', '--myoperator', '18']);
    expect(own.code).toBe(0);
    expect(own.stderr).not.toMatch(/Warning|share no word|likely match/);
  });

  it('a pair whose e-mails differ says whose calls PhoneBridge does not attribute yet, not "these calls" with none listed', async () => {
    const dir = join(tmp.dir, 'differ');
    const run = await sandbox(dir)(['map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '19']);
    expect([run.code, run.stdout]).toEqual([0, '']);
    expect(run.stderr).toBe(
      'Mapped Zoho kavita.joshi@acmetraders.in (id 4815900000000171271) to MyOperator kavita.joshi@acmetrader.in (ext 19, id s5f3aac1b9b2a).\n' +
        `Their e-mails differ, so PhoneBridge attributes none of the calls of MyOperator user Kavita Joshi (ext 19) yet: \`phonebridge-sync --sandbox --config-dir ${dir} fix --only 19\` sets MyOperator's to the Zoho one.\n`,
    );
  });

  it("a user's name given to --zoho, --myoperator or --ignore says that it is that user's name and what the flag takes, with the command to run instead", async () => {
    const dir = join(tmp.dir, 'by-name');
    const refused = (stderr: string) => ({ code: 2, stdout: '', stderr });
    expect(await sandbox(dir)(['map', '--zoho', 'Kavita Joshi', '--myoperator', 'kavita joshi'])).toEqual(
      refused(
        '--zoho "Kavita Joshi": --zoho takes an id, zuid or e-mail, not a name; that is the name of Zoho user kavita.joshi@acmetraders.in.\n' +
          '--myoperator "kavita joshi": --myoperator takes a uuid, user id, extension or e-mail, not a name; that is the name of MyOperator user Kavita Joshi (ext 19).\n' +
          `Give the e-mail and the extension instead: \`phonebridge-sync --sandbox --config-dir ${dir} map --zoho kavita.joshi@acmetraders.in --myoperator 19\`.\n`,
      ),
    );
    // A word of several users' names names them all, and asks for the one meant.
    expect(await sandbox(dir)(['map', '--zoho', 'arjun.malhotra@acmetraders.in', '--myoperator', 'Arjun'])).toEqual(
      refused(
        '--myoperator Arjun: --myoperator takes a uuid, user id, extension or e-mail, not a name; that is in the name of MyOperator users Arjun Malhotra (ext 22) and Arjun M. (old) (ext 23).\n' +
          `Give the extension of the user you mean instead; \`phonebridge-sync --sandbox --config-dir ${dir} list myoperator\` shows them.\n`,
      ),
    );
    // --ignore takes a Zoho user as --zoho does: its own flag in the sentence and the command.
    expect(await sandbox(dir)(['map', '--ignore', 'Kavita Joshi'])).toEqual(
      refused(
        '--ignore "Kavita Joshi": --ignore takes an id, zuid or e-mail, not a name; that is the name of Zoho user kavita.joshi@acmetraders.in.\n' +
          `Give the e-mail instead: \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore kavita.joshi@acmetraders.in\`.\n`,
      ),
    );
  });

  it('the same pair again changes nothing and says so', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'same');
    const again = await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '11']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/is already mapped to MyOperator asha\.rao@acmetraders\.in .*: nothing to change\./);
  });

  it('--ignore on a mapped Zoho user asks before it removes the mapping (--yes off a terminal), and says what it removed', async () => {
    const { cli } = await sandboxAfter(AUTO, 'ignore-mapped');
    const asked = await cli(['map', '--ignore', 'asha.rao@acmetraders.in']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/Confirmation needed: Zoho user asha\.rao@acmetraders\.in .* is mapped to MyOperator user asha\.rao@acmetraders\.in .*\. Remove that mapping and never map it\?/);
    expect((await cli(['--json', 'list', 'mappings'])).stdout).toContain('asha.rao@acmetraders.in');
    const done = await cli(['--yes', 'map', '--ignore', 'asha.rao@acmetraders.in']);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/will never be mapped; its mapping to MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\) was removed \(`[^`]+` undoes it\)\./);
  });

  it('--ignore names its undo, as --ignore-myoperator does; each undo, pasted, puts back what the run changed', async () => {
    const dir = join(tmp.dir, 'ignore-undo');
    const cli = sandbox(dir);
    const paste = (said: string) => /`phonebridge-sync --sandbox --config-dir \S+ (map [^`]+)`/.exec(said)![1]!.split(' ');
    const gaurav = await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in']);
    expect([gaurav.code, gaurav.stderr]).toEqual([
      0,
      `Zoho user gaurav.bose@acmetraders.in will never be mapped (\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap gaurav.bose@acmetraders.in\` undoes it).\n`,
    ]);
    expect((await cli(paste(gaurav.stderr))).stderr).toMatch(/^Zoho user gaurav\.bose@acmetraders\.in \(id \d+\) is no longer ignored/);

    // Asha's e-mail is also the MyOperator side of Anil's saved pair: --unmap of it would unmap that pair too.
    expect((await cli(['map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '11'])).code).toBe(0);
    const asha = await cli(['map', '--ignore', 'asha.rao@acmetraders.in']);
    expect(asha.stderr).toBe(
      `Zoho user asha.rao@acmetraders.in will never be mapped (\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap 4815900000000107919\` undoes it).\n`,
    );
    expect((await cli(paste(asha.stderr))).code).toBe(0);
    expect(mappingsOf(dir).map((m) => [m.zoho.email, m.myoperator.email])).toEqual([['anil.mehta@acmetraders.in', 'asha.rao@acmetraders.in']]);

    // A mapping the mark removed is put back by mapping the pair again (which takes the mark off): --unmap would only take the mark off.
    const anil = await cli(['--yes', 'map', '--ignore', 'anil.mehta@acmetraders.in']);
    expect(anil.stderr).toMatch(
      /^Zoho user anil\.mehta@acmetraders\.in will never be mapped; its mapping to MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\) was removed \(`phonebridge-sync --sandbox --config-dir \S+ map --zoho anil\.mehta@acmetraders\.in --myoperator 11` undoes it\)\.\n$/,
    );
    expect((await cli(paste(anil.stderr))).code).toBe(0);
    expect(mappingsOf(dir).map((m) => [m.zoho.email, m.myoperator.email])).toEqual([['anil.mehta@acmetraders.in', 'asha.rao@acmetraders.in']]);
    expect(JSON.parse((await cli(['--json', 'list', 'mappings'])).stdout).ignored).toEqual([]);
  });

  it("a MyOperator user with another active Zoho user's exact e-mail is mapped, with a note on whose calls it carries and how to undo it", async () => {
    const cli = sandbox(join(tmp.dir, 'tied'));
    const r = await cli(['map', '--zoho', 'anil.mehta@acmetraders.in', '--myoperator', '11']);
    expect(r.code).toBe(0);
    const note = /Note: MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\) has exactly the e-mail of Zoho user asha\.rao@acmetraders\.in \(id \d+\), so PhoneBridge gives that user its calls\. If this pairing is a slip, `phonebridge-sync (--sandbox --config-dir \S+ map --unmap anil\.mehta@acmetraders\.in)` undoes it\./.exec(r.stderr);
    expect(note?.[1]).toBeDefined();
    // Pasted as printed: the pair made is removed, and nothing else.
    const undo = await runCli(note![1]!.split(' '));
    expect(undo.code).toBe(0);
    expect(undo.stderr).toMatch(/^Unmapped Zoho user anil\.mehta@acmetraders\.in \(id \d+\) from MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\)\.$/m);
    expect(mappingsOf(join(tmp.dir, 'tied'))).toEqual([]);
    const plain = await sandbox(join(tmp.dir, 'untied'))(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '31']);
    expect(plain.stderr).not.toMatch(/Note: MyOperator user/);
  });

  it('the undo the note quotes takes the Zoho id where the e-mail also names a line left unmapped on purpose: pasted, it removes the pair alone', async () => {
    const dir = join(tmp.dir, 'tied-left');
    const cli = sandbox(dir);
    // Ext 25 holds Farhan's e-mail: `--unmap farhan.ali@…` would take its mark off too.
    expect((await cli(['map', '--ignore-myoperator', '25'])).code).toBe(0);
    const r = await cli(['map', '--zoho', 'farhan.ali@acmetraders.in', '--myoperator', '11', '--yes']);
    expect(r.code).toBe(0);
    const note = /If this pairing is a slip, `phonebridge-sync (--sandbox --config-dir \S+ map --unmap (\S+))` undoes it\./.exec(r.stderr);
    expect(note?.[2]).toMatch(/^\d+$/);
    const undo = await runCli(note![1]!.split(' '));
    expect(undo.code).toBe(0);
    expect(undo.stderr).toMatch(/^Unmapped Zoho user farhan\.ali@acmetraders\.in \(id \d+\) from MyOperator user asha\.rao@acmetraders\.in \(ext 11, id \w+\)\.$/m);
    expect(undo.stderr).not.toMatch(/no longer left unmapped on purpose/);
    expect(mappingsOf(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'), 'utf8'))).toMatchObject({ ignoredMyOperator: [{ extension: '25', email: 'farhan.ali@acmetraders.in' }] });
  });

  it('a slip that replaced a mapping is undone by the command the note quotes: the replaced pair is mapped again, not left unmapped', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'tied-replace');
    const slip = await cli(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '11', '--yes']);
    expect(slip.code).toBe(0);
    const quoted = /If this pairing is a slip, `phonebridge-sync ([^`]+)` restores the mapping it replaced\./.exec(slip.stderr);
    expect(quoted?.[1]).toMatch(new RegExp(`^--sandbox --config-dir ${dir} map --zoho asha\\.rao@acmetraders\\.in --myoperator 11 --yes$`));
    // Pasted as printed (off a terminal, so with the --yes the replacement it makes asks for).
    const undo = await runCli(quoted![1]!.split(' '));
    expect(undo.code).toBe(0);
    const pairs = mappingsOf(dir).map((m) => `${m.zoho.email} ${m.myoperator.email}`);
    expect(pairs).toContain('asha.rao@acmetraders.in asha.rao@acmetraders.in');
    expect(pairs.filter((p) => p.startsWith('gaurav.bose@'))).toEqual([]);
  });

  it('promises `fix` only when fix would make the change: another MyOperator user holding the Zoho e-mail is said instead', async () => {
    const cli = sandbox(join(tmp.dir, 'promise'));
    // Lakshmi's e-mail is already held by MyOperator ext 26: fix would call this pair a conflict.
    const held = await cli(['map', '--zoho', 'lakshmi.menon@acmetraders.in', '--myoperator', '31']);
    expect(held.code).toBe(0);
    // A user without an e-mail is told by name, not by uuid alone.
    expect(held.stderr).toMatch(/^Mapped Zoho lakshmi\.menon@acmetraders\.in \(id \d+\) to MyOperator Night Shift \(no e-mail\) \(ext 31, id \w+\)\.$/m);
    expect(held.stderr).toMatch(
      /^Their e-mails differ, so PhoneBridge attributes none of the calls of MyOperator user Night Shift \(ext 31\) yet, and `fix` cannot set MyOperator's until this is settled: MyOperator user Lakshmi Menon \(ext 26, switched off\) already has exactly the e-mail of Zoho user Lakshmi Menon <lakshmi\.menon@acmetraders\.in>, /m,
    );
    expect(held.stderr).not.toMatch(/fix --only 31/);
    const fix = await cli(['fix', '--dry-run', '--only', '31']);
    expect(fix.stdout).toMatch(/conflict/);
    // Nor for an inactive user: fix leaves such a pair alone.
    const off = await cli(['map', '--zoho', 'farhan.ali@acmetraders.in', '--myoperator', '31', '--yes']);
    expect(off.stderr).toMatch(/`fix` cannot set MyOperator's until this is settled: Zoho user Farhan Ali is inactive, and fix leaves a pair with an inactive user alone/);
    expect(off.stderr).not.toMatch(/fix --only 31/);
    const free = await cli(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '31', '--yes']);
    expect(free.stderr).toMatch(/`phonebridge-sync --sandbox --config-dir \S+ fix --only 31` sets MyOperator's to the Zoho one\./);
  });
});

describe('logout on a fresh config', () => {
  it('says there was nothing to remove and writes nothing', async () => {
    const dir = join(tmp.dir, 'fresh-logout');
    const r = await runCli(['--config-dir', dir, 'logout']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('No Zoho credentials stored for profile "default": nothing to remove.\nNo MyOperator credentials stored for profile "default": nothing to remove.\n');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

describe('map off a terminal', () => {
  it('says prompts are off and why, not that there is nothing to map', async () => {
    const r = await runCli(['--config-dir', join(tmp.dir, 'offtty'), '--sandbox', 'map']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^map asks user by user only at a terminal, and prompts are off here \(CI is set\)\.\nPass --auto, --zoho X --myoperator Y/);
    const noTty = await runCli(['--config-dir', join(tmp.dir, 'offtty'), '--sandbox', 'map'], { CI: '' });
    expect(noTty.stderr).toMatch(/prompts are off here \(no terminal\)/);
  });
});

describe('resync names people', () => {
  it('names who would be added in a dry run, and marks unresolved users new since the last resync', async () => {
    const dir = join(tmp.dir, 'resync-names');
    const cli = sandbox(dir);
    const dry = await cli(['resync', '--dry-run']);
    expect(dry.stdout).toMatch(/^added\t\d+\tasha\.rao@acmetraders\.in/m);
    expect(dry.stderr).toMatch(/4 would be added/);
    expect(dry.stderr).not.toMatch(/day two/);
    // Anil, Meena, Priya, Ravi and Vikram are fix's without a mapping: the closing line said nothing
    // of them, and the picker asked about all 14.
    expect(dry.stderr).toMatch(
      /, 14 unresolved, 0 ignored\. 5 of the 14 unresolved are mismatches \(one address on both sides but for case, spaces or look-alike characters\), so PhoneBridge attributes none of their calls until `phonebridge-sync --sandbox --config-dir \S+ fix` sets them, no mapping needed; the other 9 need a person: `phonebridge-sync --sandbox --config-dir \S+ map`\. 1 pair that would be added has a Zoho user who has not accepted Zoho's invitation \(pooja\.sharma@acmetraders\.in\), [^\n]+\.\n/,
    );
    // The next run's people change: said, else Tanvi Shah came into fix's plan, and Imran's mapping
    // went stale, unannounced (the first resync said nothing of a day two).
    const first = await cli(['resync']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /\nNote: the demo company moves on to day two for its next run: Nikhil Jain and Tanvi Shah join, and Imran Qureshi leaves, so the mapping saved for Imran Qureshi goes stale \(`phonebridge-sync --sandbox --config-dir \S+ resync --prune` removes it then\)\. To start the demo over at day one: `rm -r \S+\/sandbox`\.\n$/,
    );
    // Day two in the sandbox: new hires join; the second run marks them new. Nikhil Jain is an
    // exact match (added); Tanvi Shah's e-mail differs in case: she alone is new among the unresolved.
    const second = await cli(['resync']);
    expect(second.stderr).not.toMatch(/day two/);
    // It said "removes it, after checking", and not what is checked: the checks that refuse a prune.
    expect(second.stderr).toMatch(/1 added, 3 kept, 1 stale \(`phonebridge-sync --sandbox --config-dir \S+ resync --prune` removes it, after checking that both sides returned users and that no more than --max-prune 10 go\), 15 unresolved \(1 new since the last resync\), 0 ignored\. 6 of the 15 unresolved are mismatches /);
    // A third run, with nobody new: no mark at all.
    expect((await cli(['resync'])).stderr).toMatch(/, 15 unresolved, 0 ignored\./);
  });

  it('marks `new` a user who was not unresolved at the last resync, as --help says: one unmapped since, though no new hire; --help says what unclaimed counts', async () => {
    const dir = join(tmp.dir, 'resync-new-unmapped');
    const cli = sandbox(dir);
    expect((await cli(['map', '--zoho', 'Ravi.Kumar@acmetraders.in', '--myoperator', '12'])).code).toBe(0);
    expect((await cli(['resync'])).code).toBe(0);
    expect((await cli(['map', '--unmap', '12'])).code).toBe(0);
    const second = await cli(['resync']);
    expect(second.stdout).toMatch(/^unresolved\t\d+\tRavi\.Kumar@acmetraders\.in\tmismatch\tcase\tnew$/m);
    const help = (await cli(['resync', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('an unresolved line ends with `new` for a Zoho user who was not unresolved at the last resync, such as a new hire or one unmapped since');
    // Piped, "summary unclaimed 2" was a word only README defined; one holding a marked Zoho user's e-mail is that user's (9c1bbaa).
    expect(help).toContain(
      '`summary unclaimed <n>` counts the MyOperator users no Zoho user is mapped or matched to, nor has as a candidate (not one holding byte for byte the e-mail of an active Zoho user marked "never map", whose calls PhoneBridge gives that user); `summary mismatchesForFix <n>` the unresolved mismatches `fix` sets with no mapping; `summary ignoredMyOperator <n>` the MyOperator users left unmapped on purpose (`map --ignore-myoperator`), which unclaimed leaves out.',
    );
  });
});

describe('the sandbox, day two', () => {
  it('one mapped person has left: the mapping is stale, and --prune removes it', async () => {
    const dir = join(tmp.dir, 'day-two');
    const cli = sandbox(dir);
    expect((await cli(['resync'])).code).toBe(0);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).toContain('imran.qureshi@acmetraders.in');
    const plan = JSON.parse((await cli(['--json', 'resync', '--dry-run'])).stdout);
    expect(plan.plan.stale).toHaveLength(1);
    expect(plan.plan.stale[0].mapping.zoho.email).toBe('imran.qureshi@acmetraders.in');
    expect(plan.plan.stale[0].reasons.map((r: { code: string }) => r.code)).toEqual(['zoho-inactive', 'myoperator-gone']);
    const pruned = await cli(['resync', '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toMatch(/1 stale \(1 pruned\)/);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).not.toContain('imran.qureshi@acmetraders.in');
  });

  it("resync's closing line counts every pair fix sets, mapped or not; fix with nothing to set names what is left, and the command for each", async () => {
    const { cli } = await dayTwo('tour-fix');
    // Kavita Joshi mapped by hand to her MyOperator user (ext 19, the domain typo): a mapped pair fix sets.
    expect((await cli(['map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '19'])).code).toBe(0);
    const dry = await cli(['resync', '--dry-run']);
    // It said "1 mapped pair has e-mails that differ" alone, and fix then planned 7 changes. Then it
    // gave the same `fix` twice, a sentence apart ("… its calls (run `… fix`). 6 of the 14 unresolved
    // are mismatches (…), so PhoneBridge attributes none of their calls until `… fix` sets them, no
    // mapping needed (7 MyOperator e-mails in all, with the mapped pair)"): one sentence, one command.
    expect(dry.stderr).toMatch(
      /, 14 unresolved, 0 ignored\. 6 of the 14 unresolved are mismatches \([^)]+\), which need no mapping, and 1 mapped pair has e-mails that differ: PhoneBridge attributes none of their calls until `[^`]+ fix` sets those 7 MyOperator e-mails; the other 8 need a person: `[^`]+ map`\.\n/,
    );
    expect(dry.stderr.match(/ fix`/g)).toHaveLength(1);
    expect((await cli(['fix', '--yes'])).stderr).toContain('7 applied and verified, 0 not applied, 0 conflicts');
    // It said only "nothing to fix": not the 8 users map must settle first, nor Imran's stale mapping;
    // then not that the 6 mismatches just set are not saved as mappings until resync.
    const none = await cli(['fix']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(
      /^Every mapped or mismatched MyOperator user already holds the Zoho e-mail byte for byte: nothing to fix\.\nLeft to settle:\n- 6 pairs whose e-mails are equal now, not saved as mappings yet: `phonebridge-sync --sandbox --config-dir \S+ resync` saves them\.\n- 8 unresolved Zoho users \(6 with a likely MyOperator user\): `phonebridge-sync --sandbox --config-dir \S+ map` asks about each, and `fix` then sets the e-mails of the pairs it saves\.\n- 1 stale mapping, whose user has left or is switched off: `phonebridge-sync --sandbox --config-dir \S+ resync --prune` removes it, after checking that both sides returned users and that no more than --max-prune 10 go\.\n- 2 active MyOperator users no Zoho user claims \(Night Shift <no e-mail>, Front Desk <reception@acmetraders\.in>\), so their calls are attributed to nobody: [^\n]+\n$/,
    );
  });
});

describe('resync --prune refused with --fail-on-unresolved', () => {
  it('says both reasons for exit 5: the refused prune, and the users left unresolved (the verdict was not said)', async () => {
    const cli = sandbox(join(tmp.dir, 'refused-and-unresolved'));
    expect((await cli(['resync'])).code).toBe(0);
    for (const dry of [['--dry-run'], []]) {
      const r = await cli(['resync', ...dry, '--prune', '--max-prune', '0', '--fail-on-unresolved']);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/\nDid not prune: 1 mapping would be removed, more than --max-prune 0\. [^\n]*\n15 active Zoho users are left unresolved\.\n`[^\n]*fix` sets the 6 mismatches among them, no mapping needed; `[^\n]*match` says why each of the other 9 is left/);
      expect(r.stderr.match(/Did not prune/g)).toHaveLength(1);
      // The closing line says the prune was refused, not "(0 pruned)", as if nothing was to go.
      expect(r.stderr).toContain(`, 1 stale (prune ${dry.length ? 'would be ' : ''}refused), `);
    }
  });
});

describe("the sandbox's day", () => {
  it('stays on day one after a resync that saved no mapping (--no-auto): the leaver is then mapped, and goes stale on day two', async () => {
    const dir = join(tmp.dir, 'day-one-no-auto');
    const cli = sandbox(dir);
    const none = await cli(['resync', '--no-auto']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/Nothing to change\. 0 added, 0 kept, 0 stale, 18 unresolved/);
    const first = await cli(['resync']);
    expect(first.stderr).toMatch(/Saved \S+\. 4 added, 0 kept, 0 stale, 14 unresolved/);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).toContain('imran.qureshi@acmetraders.in');
    const second = await cli(['resync']);
    expect(second.stderr).toMatch(/1 added, 3 kept, 1 stale/);
  });

  it('moves on after a day one mapped by `map --auto`, though resync then has nothing to write', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'day-one-map-auto');
    expect((await cli(['resync'])).stderr).toMatch(/Nothing to change\. 0 added, 4 kept, 0 stale/);
    expect((await cli(['resync'])).stderr).toMatch(/1 added, 3 kept, 1 stale/);
  });
});

/** A sandbox after two resyncs: day two, when Imran has left and his mapping is stale. */
async function dayTwo(name: string) {
  const { dir, cli } = await sandboxAfter([['resync'], ['resync']], name);
  return { dir, cli, store: join(dir, 'sandbox', 'mappings', 'sandbox.json') };
}

describe('map --import of a backup holding a stale mapping', () => {
  for (const kind of ['json', 'csv'] as const)
    it(`restores the ${kind} export as recorded, the leaver's mapping stale as before`, async () => {
      const { dir, cli, store } = await dayTwo(`restore-stale-${kind}`);
      const original = readFileSync(store);
      const stale = async () => JSON.parse((await cli(['--json', 'resync', '--dry-run'])).stdout).plan.stale as unknown[];
      const staleBefore = await stale();
      expect(staleBefore).toHaveLength(1);
      const backup = join(dir, `backup.${kind}`);
      writeFileSync(backup, (await cli(kind === 'json' ? ['--json', 'list', 'mappings'] : ['list', 'mappings', '--csv'])).stdout);
      // The broken-store advice: move it aside to start again; the backup is the way back.
      renameSync(store, `${store}.aside`);
      const restored = await cli(['map', '--import', backup]);
      expect(restored.stderr).toBe('Imported 5 mappings; 1 of them restored as recorded though its user is not among the users now: stale (`resync` reports it).\n');
      expect(restored.code).toBe(0);
      // Whole: the same bytes as the store that was backed up (ids, e-mails, how, when).
      expect(readFileSync(store, 'utf8')).toBe(original.toString('utf8'));
      expect(await stale()).toEqual(staleBefore);
      const doctor = await cli(['doctor', '--only', 'mappings']);
      expect(doctor.stdout).toMatch(/stale: imran\.qureshi@acmetraders\.in → imran\.qureshi@acmetraders\.in: the MyOperator user no longer exists/);
      // The same backup again restores nothing: no leaver is said to be restored a second time.
      const again = await cli(['map', '--import', backup]);
      expect(again.stderr).toBe('Imported 0 mappings; 5 already saved as they are.\n');
      expect(readFileSync(store, 'utf8')).toBe(original.toString('utf8'));
    });

  // The sections below were one test of ~20 CLI processes, which on a loaded machine ran past its 30 s.
  it('restores a "never map" whose Zoho user has left, as recorded', async () => {
    const { dir, cli, store } = await dayTwo('restore-ignored');
    const json = join(dir, 'backup.json');
    writeFileSync(json, (await cli(['--json', 'list', 'mappings'])).stdout);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { ignored: unknown[] };
    doc.ignored.push({ zohoId: '4815900000000999999', email: 'left.long.ago@acmetraders.in', at: '2026-01-02T03:04:05.000Z' });
    writeFileSync(json, JSON.stringify(doc));
    renameSync(store, `${store}.aside-ignored`);
    const withIgnored = await cli(['map', '--import', json]);
    expect(withIgnored.code).toBe(0);
    expect(withIgnored.stderr).toMatch(/; 1 Zoho user ignored, as the file says\.\n$/);
    expect(JSON.parse(readFileSync(store, 'utf8')).ignored).toEqual([{ zohoId: '4815900000000999999', email: 'left.long.ago@acmetraders.in', at: '2026-01-02T03:04:05.000Z' }]);

  });

  it('refuses pairs written by hand that name nobody, and ids a spreadsheet turned into numbers, writing nothing', async () => {
    const { dir, cli, store } = await dayTwo('restore-refused');
    const csv = join(dir, 'backup.csv');
    writeFileSync(csv, (await cli(['list', 'mappings', '--csv'])).stdout);
    // Pairs written by hand name users: one that matches nobody is a typo, and nothing is written.
    const restoredBytes = readFileSync(store);
    const typo = join(dir, 'pairs.csv');
    writeFileSync(typo, 'zoho,myoperator\nasha.rao@acmetraders.in,11\nimran.qureshi@acmetraders.in,s5f3b3c369b33\n');
    const refused = await cli(['--yes', 'map', '--import', typo]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\/pairs\.csv, line 3: No MyOperator user matches "s5f3b3c369b33"\. Nothing was imported\./);
    const typoJson = join(dir, 'pairs.json');
    writeFileSync(typoJson, JSON.stringify([{ zoho: 'imran.qureshi@acmetraders.in', myoperator: 's5f3b3c369b33' }]));
    expect((await cli(['--yes', 'map', '--import', typoJson])).stderr).toMatch(/\/pairs\.json, entry 1: No MyOperator user matches "s5f3b3c369b33"\. Nothing was imported\./);
    // A stray long line is quoted cut, with its length: it was repeated whole on stderr.
    const long = join(dir, 'long.csv');
    writeFileSync(long, `zoho,myoperator\n${'x'.repeat(5000)},11\n`);
    const cut = await cli(['--yes', 'map', '--import', long]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(new RegExp(`/long\\.csv, line 2: No Zoho user matches "${'x'.repeat(60)}…" \\(5,000 characters\\)\\. Nothing was imported\\.`));
    expect(cut.stderr.length).toBeLessThan(1000);
    expect(readFileSync(store).equals(restoredBytes)).toBe(true);

    // The CSV export opened and saved in a spreadsheet: a Zoho id turned into a number is refused,
    // not restored as a stale mapping of nobody.
    const exported = readFileSync(csv, 'utf8');
    const zohoId = exported.split('\n')[1]!.split(',')[0]!;
    for (const [how, mangled] of [
      ['written in scientific notation', `${zohoId[0]}.${zohoId.slice(1, 5)}E+${zohoId.length - 1}`],
      ['rounded to 15 digits', `${zohoId.slice(0, 15)}${'0'.repeat(zohoId.length - 15)}`],
    ] as const) {
      const resaved = join(dir, 'resaved.csv');
      writeFileSync(resaved, exported.replace(`\n${zohoId},`, `\n${mangled},`));
      const r = await cli(['--yes', 'map', '--import', resaved]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`/resaved.csv, line 2: the Zoho id "${mangled}" was turned into a number by a spreadsheet (${how}), so it names nobody. Nothing was imported.`);
      expect(readFileSync(store).equals(restoredBytes)).toBe(true);
    }

  });

  it('restores a CSV export\'s empty zuid and extension cells as the record\'s nulls, not ""', async () => {
    const { dir, cli, store } = await dayTwo('restore-nulls');
    const csv = join(dir, 'backup.csv');
    writeFileSync(csv, (await cli(['list', 'mappings', '--csv'])).stdout);
    const cols = readFileSync(csv, 'utf8').split('\n')[0]!.split(',').map((c) => c.toLowerCase().replace(/[^a-z]/g, ''));
    const cell: Record<string, string> = {
      zohoid: '4815900000000888888',
      zohoemail: 'left.too@acmetraders.in',
      myoperatoruuid: 's0000000000ff',
      myoperatoremail: 'left.too@acmetraders.in',
      how: 'manual',
      at: '2026-01-02T03:04:05.000Z',
    };
    const nulls = join(dir, 'nulls.csv');
    writeFileSync(nulls, `${cols.join(',')}\n${cols.map((c) => cell[c] ?? '').join(',')}\n`);
    renameSync(store, `${store}.aside-nulls`);
    expect((await cli(['map', '--import', nulls])).code).toBe(0);
    expect(JSON.parse(readFileSync(store, 'utf8')).mappings).toEqual([
      {
        zoho: { id: '4815900000000888888', zuid: null, email: 'left.too@acmetraders.in' },
        myoperator: { uuid: 's0000000000ff', extension: null, email: 'left.too@acmetraders.in' },
        how: 'manual',
        at: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });
});

describe('map --import of a CSV export a spreadsheet saved again', () => {
  it('reads the semicolons, BOM and CRLF of a European Excel as the export it is, restoring the store byte for byte', async () => {
    const { dir, cli, store } = await dayTwo('resaved-semicolons');
    const original = readFileSync(store, 'utf8');
    const exported = (await cli(['list', 'mappings', '--csv'])).stdout;
    // Excel where the decimal separator is a comma: "CSV (semicolon-separated)", with a BOM and CRLF.
    const lines = exported.trimEnd().split('\n');
    const resaved = join(dir, 'resaved.csv');
    writeFileSync(resaved, `\uFEFF${lines.map((l) => l.replaceAll(',', ';')).join('\r\n')}\r\n`);
    renameSync(store, `${store}.aside`);
    const r = await cli(['map', '--import', resaved]);
    expect(r.stderr).toBe('Imported 5 mappings; 1 of them restored as recorded though its user is not among the users now: stale (`resync` reports it).\n');
    expect(r.code).toBe(0);
    expect(readFileSync(store, 'utf8')).toBe(original);

    // The same file with a Zoho id the spreadsheet made a number names that id, not the header.
    const zohoId = lines[1]!.split(',')[0]!;
    writeFileSync(resaved, `\uFEFF${lines.map((l) => l.replaceAll(',', ';')).join('\r\n').replace(`\n${zohoId};`, `\n${zohoId[0]}.${zohoId.slice(1, 5)}E+18;`)}\r\n`);
    const numbered = await cli(['--yes', 'map', '--import', resaved]);
    expect(numbered.code).toBe(2);
    expect(numbered.stderr).toContain(`/resaved.csv, line 2: the Zoho id "${zohoId[0]}.${zohoId.slice(1, 5)}E+18" was turned into a number by a spreadsheet (written in scientific notation)`);
    expect(readFileSync(store, 'utf8')).toBe(original);

    // Times the spreadsheet rewrote ("05/12/2026 17:02"): said, not read as pairs typed by hand (the
    // stale one was refused as a typo; the others would have become "import", now).
    writeFileSync(resaved, `${lines[0]}\n${lines.slice(1).map((l) => l.replace(/,[^,]*$/, ',05/12/2026 17:02')).join('\n')}\n`);
    const retimed = await cli(['--yes', 'map', '--import', resaved]);
    expect(retimed.code).toBe(2);
    expect(retimed.stderr).toBe(
      `${resaved}: line 2 has the time "05/12/2026 17:02", not as \`list mappings --csv\` writes it (an ISO time, such as 2026-12-05T17:02:00.000Z): a spreadsheet rewrites times when it saves the file.\n` +
        'Import the export as it was written (a spreadsheet that opens it must keep the times as text), or use `list mappings --json`; nothing was imported.\n',
    );
    expect(readFileSync(store, 'utf8')).toBe(original);

    // A how typed over ("Auto"): said, where the stale row was refused as a typo, "No MyOperator user matches".
    writeFileSync(resaved, `${lines[0]}\n${lines.slice(1).map((l) => l.replace(',auto,', ',Auto,')).join('\n')}\n`);
    const retyped = await cli(['--yes', 'map', '--import', resaved]);
    expect({ code: retyped.code, stderr: retyped.stderr }).toEqual({
      code: 2,
      stderr: `${resaved}: line 2 has how "Auto", which \`list mappings\` never writes (it writes auto, manual, import).\nSet it back to one of those, as the export wrote it; nothing was imported.\n`,
    });
    const json = join(dir, 'retyped.json');
    writeFileSync(json, (await cli(['list', 'mappings', '--json'])).stdout.replaceAll('"how":"auto"', '"how":"Auto"'));
    const retypedJson = await cli(['--yes', 'map', '--import', json]);
    expect(retypedJson.stderr).toBe(`${json}: entry 1 has how "Auto", which \`list mappings\` never writes (it writes auto, manual, import).\nSet it back to one of those, as the export wrote it; nothing was imported.\n`);
    // A time rewritten by an editor, as in a CSV: said, not "No MyOperator user matches" for the stale entry.
    writeFileSync(json, (await cli(['list', 'mappings', '--json'])).stdout.replace(/"at":"[^"]*"/g, '"at":"05/12/2026 17:02"'));
    const retimedJson = await cli(['--yes', 'map', '--import', json]);
    expect({ code: retimedJson.code, stderr: retimedJson.stderr }).toEqual({
      code: 2,
      stderr: `${json}: entry 1 has the time "05/12/2026 17:02", not as \`list mappings --json\` writes it (an ISO time, such as 2026-12-05T17:02:00.000Z).\nSet it back as the export wrote it; nothing was imported.\n`,
    });
    // A number typed there: it was "Imported 1 mapping.", restored as a pair imported now, its time dropped.
    writeFileSync(json, (await cli(['list', 'mappings', '--json'])).stdout.replace(/"at":"[^"]*"/g, '"at":12'));
    const timeAsNumber = await cli(['--yes', 'map', '--import', json]);
    expect({ code: timeAsNumber.code, stderr: timeAsNumber.stderr }).toEqual({
      code: 2,
      stderr: `${json}: entry 1 has the time 12, not as \`list mappings --json\` writes it (an ISO time, such as 2026-12-05T17:02:00.000Z).\nSet it back as the export wrote it; nothing was imported.\n`,
    });
    expect(readFileSync(store, 'utf8')).toBe(original);
  });

  it('reads Excel\'s "Unicode text" (UTF-16 with a byte-order mark, tabs), and names UTF-16 without one and Latin-1 rather than garbling them', async () => {
    const { dir, cli, store } = await dayTwo('resaved-utf16');
    const original = readFileSync(store, 'utf8');
    const exported = (await cli(['list', 'mappings', '--csv'])).stdout;
    const unicodeText = join(dir, 'unicode.txt');
    writeFileSync(unicodeText, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(exported.replaceAll(',', '\t').replaceAll('\n', '\r\n'), 'utf16le')]));
    renameSync(store, `${store}.aside`);
    const r = await cli(['map', '--import', unicodeText]);
    expect(r.stderr).toBe('Imported 5 mappings; 1 of them restored as recorded though its user is not among the users now: stale (`resync` reports it).\n');
    expect(r.code).toBe(0);
    expect(readFileSync(store, 'utf8')).toBe(original);

    const noBom = join(dir, 'no-bom.csv');
    writeFileSync(noBom, Buffer.from(exported, 'utf16le'));
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('zoho,myoperator\njos\u00e9@acmetraders.in,11\n', 'latin1'));
    for (const [file, said] of [
      [noBom, 'is UTF-16 text (little-endian, with no byte-order mark), not UTF-8.'],
      [latin1, 'is not UTF-8 text (line 2 is not: a Latin-1 or Windows-1252 export?).'],
    ] as const) {
      const refused = await cli(['--yes', 'map', '--import', file]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`${file} ${said}\nSave it as UTF-8 (Excel: "CSV UTF-8"; PowerShell: \`| Out-File -Encoding utf8\`, or Export-Csv), then pass it again.\n`);
    }
    expect(readFileSync(store, 'utf8')).toBe(original);
  });
});

describe('map --import of a file that is no CSV', () => {
  it('quotes a one-line file\'s "header" in part and names binary data, rather than repeating the file on stderr', async () => {
    const dir = join(tmp.dir, 'import-not-csv');
    const cli = sandbox(dir);
    mkdirSync(dir, { recursive: true });
    const oneLine = join(dir, 'one-line.csv');
    writeFileSync(oneLine, 'x'.repeat(10_000));
    const long = await cli(['map', '--import', oneLine]);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe(`${oneLine}: the header needs a "zoho" and a "myoperator" column (it has: ${'x'.repeat(120)}… (10,000 characters)).\nName the columns zoho and myoperator.\n`);
    // Longer than any header: said before the CSV parser reads it (60 MB took it 40 s), by match too.
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, 'x'.repeat(2_000_000));
    const said = `${huge}: not a CSV export: its first line is 2,000,000 characters long, and no export's header is (a log or a web page saved under this name?).`;
    const imported = await cli(['map', '--import', huge]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe(`${said}\nGive a CSV with columns zoho,myoperator, or a \`list mappings --json\` export.\n`);
    const matched = await cli(['match', '--zoho-file', huge, '--myoperator-file', huge]);
    expect(matched.code).toBe(2);
    expect(matched.stderr).toBe(`${said}\nExport the users again as CSV, or pass the API JSON instead.\n`);
    const zeros = join(dir, 'zeros.csv');
    writeFileSync(zeros, Buffer.alloc(1_000_000));
    const binary = await cli(['map', '--import', zeros]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toBe(`${zeros}: not a CSV or JSON mappings file: it holds binary data (NUL bytes).\nGive a CSV with columns zoho,myoperator, or a \`list mappings --json\` export.\n`);
    expect(existsSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'))).toBe(false);
  });

  it('names a workbook, an archive or an image as binary data, by match too, not as "a Latin-1 or Windows-1252 export?"', async () => {
    const dir = join(tmp.dir, 'import-binary');
    const cli = sandbox(dir);
    mkdirSync(dir, { recursive: true });
    // Their first bytes as saved: none of them is UTF-8, and each holds NULs.
    const files: Array<[string, Buffer]> = [
      ['users.xlsx', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00', 'latin1'), Buffer.from([0xb2, 0x9c, 0xe1, 0x07]), Buffer.from('[Content_Types].xml')])],
      ['mappings.json', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.from([0x9c, 0xff, 0x00, 0x01])])],
      ['mappings.csv.gz', gzipSync('zoho,myoperator\n4815900000000107919,11\n')],
      ['photo.png', Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00', 'latin1')],
    ];
    for (const [name, bytes] of files) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const imported = await cli(['map', '--import', file]);
      expect({ code: imported.code, stderr: imported.stderr }).toEqual({
        code: 2,
        stderr: `${file}: not a CSV or JSON mappings file: it holds binary data (NUL bytes).\nGive a CSV with columns zoho,myoperator, or a \`list mappings --json\` export.\n`,
      });
      const matched = await cli(['match', '--zoho-file', file, '--myoperator-file', file]);
      expect({ code: matched.code, stderr: matched.stderr }).toEqual({
        code: 2,
        stderr: `${file}: not a CSV or JSON users export: it holds binary data (NUL bytes).\nExport the users again as CSV or JSON, and pass that file.\n`,
      });
    }
    expect(existsSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'))).toBe(false);
  });
});

describe('map --import of a file it cannot use', () => {
  it('names the file before the login it lacks, or a network that is down', async () => {
    const dir = join(tmp.dir, 'import-before-login');
    mkdirSync(dir, { recursive: true });
    const missing = join(dir, 'mapings.csv');
    const page = join(dir, 'page.csv');
    writeFileSync(page, '<!DOCTYPE html><html><body>Sign in</body></html>');
    const cases: Array<[string, string]> = [
      [missing, `Cannot read ${missing}: no such file.\nCheck the path given to --import.\n`],
      [page, `${page}: not a mappings file, but an HTML page (a login or proxy page saved instead of the export?).\nGive a CSV with columns zoho,myoperator, or a \`list mappings --json\` export.\n`],
    ];
    // No credentials: it said "Not logged in to Zoho", exit 3.
    for (const [file, said] of cases) expect(await runCli(['--config-dir', dir, 'map', '--import', file])).toEqual({ code: 2, stdout: '', stderr: said });
    // A login but no network (a port nothing listens on): it said "Cannot reach Zoho Accounts", exit 4.
    const offline = {
      PHONEBRIDGE_ZOHO_DC: 'in',
      PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.X',
      PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'secret',
      PHONEBRIDGE_ZOHO_REFRESH_TOKEN: '1000.refresh',
      PHONEBRIDGE_MYOPERATOR_TOKEN: 'token',
      PHONEBRIDGE_ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9',
      PHONEBRIDGE_ZOHO_API_URL: 'http://127.0.0.1:9',
      PHONEBRIDGE_MYOPERATOR_API_URL: 'http://127.0.0.1:9',
      PHONEBRIDGE_HTTP_RETRIES: '0',
    };
    for (const [file, said] of cases) expect(await runCli(['--config-dir', dir, 'map', '--import', file], offline)).toEqual({ code: 2, stdout: '', stderr: said });
    expect(readdirSync(dir).sort()).toEqual(['page.csv']);
  });

  it('a backup whose "ignored" is not a list is refused, not restored without its never-map users', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'import-ignored-shape');
    expect((await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    const backup = JSON.parse((await cli(['list', 'mappings', '--json'])).stdout) as { ignored: unknown[] };
    const store = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const before = readFileSync(store, 'utf8');
    const file = join(dir, 'backup.json');
    // One entry where a list was: hand-edited, or written by a script of its own.
    writeFileSync(file, JSON.stringify({ ...backup, ignored: backup.ignored[0] }));
    const run = await cli(['map', '--import', file]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `${file}: "ignored" is an object, not a list of Zoho users never to map.\nGive it as \`list mappings --json\` writes it, [{"zohoId": …, "email": …, "at": …}, …]; nothing was imported.\n`,
    });
    expect(readFileSync(store, 'utf8')).toBe(before);
  });
});

describe('map --json', () => {
  it('prints one document: the changes it made to the mappings file, as the history records them', async () => {
    const cli = sandbox(join(tmp.dir, 'json'));
    const auto = await cli(['--json', 'map', '--auto']);
    expect(auto.code).toBe(0);
    const doc = JSON.parse(auto.stdout) as { changes: Array<{ action: string; before: unknown; after: { zoho: { email: string } } }>; mappingsFile: string };
    expect(doc.changes.map((c) => [c.action, c.before, c.after.zoho.email]).sort()).toEqual([
      ['map', null, 'asha.rao@acmetraders.in'],
      ['map', null, 'imran.qureshi@acmetraders.in'],
      ['map', null, 'pooja.sharma@acmetraders.in'],
      ['map', null, 'sneha.reddy@acmetraders.in'],
    ]);
    // The same records as the history's new lines.
    const history = JSON.parse((await cli(['--json', 'list', 'history'])).stdout) as Array<{ action: string; after: unknown }>;
    expect(history.map((h) => h.after)).toEqual(doc.changes.map((c) => c.after));
    expect(doc.mappingsFile).toMatch(/mappings\/sandbox\.json$/);
    const unmap = await cli(['--json', 'map', '--unmap', 'asha.rao@acmetraders.in']);
    expect(JSON.parse(unmap.stdout)).toMatchObject({ changes: [{ action: 'unmap', after: null, result: 'done' }] });
    // Nothing to change is an empty list, still one document.
    const again = await cli(['--json', 'map', '--auto']);
    expect(JSON.parse(again.stdout)).toMatchObject({ changes: [{ action: 'map' }] });
    const none = await cli(['--json', 'map', '--auto']);
    expect(JSON.parse(none.stdout)).toMatchObject({ changes: [] });
  });
});

describe('list mappings --csv with ignored users', () => {
  it('says on stderr that the "never map" users are not in the CSV, and which export keeps them', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'csv-ignored');
    expect((await cli(['map', '--ignore', 'gaurav.bose@acmetraders.in'])).code).toBe(0);
    expect((await cli(['map', '--ignore', 'neha.k@acmetraders.in'])).code).toBe(0);
    const run = await cli(['list', 'mappings', '--csv']);
    expect(run.code).toBe(0);
    // The CSV is mappings only: a backup taken with it lost both without a word beyond the count.
    expect(run.stdout).not.toContain('gaurav.bose');
    expect(run.stderr.split('\n')[1]).toBe(
      `The 2 ignored users are not in the CSV, which holds mappings only: \`phonebridge-sync --sandbox --config-dir ${dir} list mappings --json\` keeps both, and \`map --import\` restores either.`,
    );
    // Without --csv (or with no one ignored) there is nothing to warn of.
    expect((await cli(['list', 'mappings'])).stderr).not.toContain('not in the CSV');
  });
});

describe('/dev/stdin given with nothing piped in', () => {
  it.each([
    [['map', '--import', '/dev/stdin']],
    [['doctor', '--webhook', '/dev/stdin']],
    [['match', '--zoho-file', '/dev/stdin', '--myoperator-file', 'm.csv']],
  ])('%j says nothing was piped in, not that the file is empty; from a socket, that it is one', async (args) => {
    const cfg = join(tmp.dir, `stdin-${args[0]}`);
    // A shell's empty pipe.
    const piped = await new Promise<{ code: number; stderr: string }>((done) =>
      execFile('sh', ['-c', ': | "$@"', 'sh', process.execPath, BIN, '--config-dir', cfg, '--sandbox', ...args], { env: { PATH: process.env.PATH ?? '', CI: 'true' } }, (err, _out, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(piped).toEqual({ code: 2, stderr: `/dev/stdin: nothing was piped in (standard input is empty).\nPipe the input in (… | phonebridge-sync …), or give a file's path.\n` });
    // Started by a program (runCli): standard input is a socket, which /dev/stdin cannot open. It
    // said "ENXIO: no such device or address" and to check the path.
    const r = await sandbox(cfg)(args);
    expect([r.code, r.stderr]).toEqual([2, `Cannot read /dev/stdin: it is a socket, which cannot be opened as a file.\nSave the input to a file and pass its path.\n`]);
  });
});

describe('"-" given to a flag that reads a file', () => {
  const said = (flag: string) =>
    `${flag} takes a file's path, and "-" is not read as standard input.\nSave the input to a file and pass its path (a file named "-" is ./-), or pass /dev/stdin to read what is piped in (Linux, macOS).\n`;
  it.each([
    [['map', '--import', '-'], '--import'],
    [['doctor', '--webhook', '-'], '--webhook'],
    [['match', '--zoho-file', '-', '--myoperator-file', 'm.csv'], '--zoho-file'],
    [['match', '--zoho-file', 'z.csv', '--myoperator-file', '-'], '--myoperator-file'],
  ])('%j is exit 2 saying "-" is not standard input and how to pass it, not "no such file, check the path"', async (args, flag) => {
    const dir = join(tmp.dir, `dash-${flag.slice(2)}`);
    const r = await sandbox(dir)(args);
    expect(r.code).toBe(2);
    // Before: match said a file named "-" is ./-, the others /dev/stdin, each leaving out the other.
    expect(r.stderr).toBe(said(flag));
    expect(r.stdout).toBe('');
  });

  it('a file named "-" in the working directory does not change it: map --import read that file, match refused it; ./- reads it', async () => {
    const dir = join(tmp.dir, 'dash-file');
    const cwd = join(tmp.dir, 'dash-cwd');
    mkdirSync(cwd);
    writeFileSync(join(cwd, '-'), 'zoho,myoperator\nRavi.Kumar@acmetraders.in,12\n');
    const inCwd = (args: string[]) => runCli(['--config-dir', dir, '--sandbox', ...args], {}, cwd);
    const dash = await inCwd(['map', '--import', '-', '--yes']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toBe(said('--import'));
    expect(existsSync(join(dir, 'sandbox', 'mappings', 'sandbox.json'))).toBe(false);
    expect((await inCwd(['map', '--import', './-', '--yes'])).code).toBe(0);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).toEqual(['Ravi.Kumar@acmetraders.in']);
  });
});

describe('map --import of pairs typed in a spreadsheet', () => {
  it('skips a row of separators alone, as it skips a blank line, and imports the rest', async () => {
    const dir = join(tmp.dir, 'import-blank-rows');
    const cli = sandbox(dir);
    const pairs = join(tmp.dir, 'blank-rows.csv');
    writeFileSync(pairs, 'zoho,myoperator\r\nRavi.Kumar@acmetraders.in,12\r\n,\r\n\r\nmeena.iyer@acmetraders.in,13\r\n,\r\n');
    const run = await cli(['map', '--import', pairs]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Imported 2 mappings; /);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).toEqual(['Ravi.Kumar@acmetraders.in', 'meena.iyer@acmetraders.in']);
    // A row with one side filled in is still refused: it is half a pair, not an empty row.
    writeFileSync(pairs, 'zoho,myoperator\n,\nasha.rao@acmetraders.in,\n');
    const half = await cli(['map', '--import', pairs]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/blank-rows\.csv: line 3 has an empty zoho or myoperator field\.\n/);
  });
});

describe('map with a flag given an empty value', () => {
  it.each([
    [['--zoho', '', '--myoperator', '12'], "--zoho was given an empty value, which names nobody.\nGive the Zoho user's id, zuid or e-mail (in a script, check that the variable is set).\n"],
    [['--ignore', ' '], "--ignore was given an empty value, which names nobody.\nGive the Zoho user's id, zuid or e-mail (in a script, check that the variable is set).\n"],
    [['--zoho', 'asha.rao@acmetraders.in', '--myoperator', ''], "--myoperator was given an empty value, which names nobody.\nGive the MyOperator user's uuid, user id, extension or e-mail (in a script, check that the variable is set).\n"],
  ])('%j: the hint names what that flag takes (a Zoho user has no extension)', async (args, said) => {
    const run = await sandbox(join(tmp.dir, 'empty-values'))(['map', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(said);
  });
});

describe('map given a user deleted in Zoho', () => {
  // The users map reads leave out those deleted in Zoho: "`list zoho` shows them" sent the admin to
  // a list where this user never is, as fix --only had said before.
  it.each([
    [['--ignore', 'karan.walia@acmetraders.in']],
    [['--zoho', 'karan.walia@acmetraders.in', '--myoperator', '12']],
  ])('%j: the hint says that a user deleted in Zoho is not among the users listed, and where those are', async (args) => {
    const dir = join(tmp.dir, `deleted-${args.length}`);
    const run = await sandbox(dir)(['map', ...args]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe(
      'No Zoho user matches "karan.walia@acmetraders.in".\n' +
        `Use an id, a zuid or an e-mail; \`phonebridge-sync --sandbox --config-dir ${dir} list zoho\` shows them. A user deleted in Zoho is not among them (\`phonebridge-sync --sandbox --config-dir ${dir} list zoho --status deleted\` lists those), and map has nothing to do for one.\n`,
    );
    expect((await sandbox(dir)(['list', 'zoho', '--status', 'deleted'])).stdout).toContain('karan.walia@acmetraders.in');
  });
});

describe('map given a user of the other side', () => {
  it('--ignore of a MyOperator user says whose it is and the --ignore-myoperator that leaves it unmapped, not only "No Zoho user matches"', async () => {
    const dir = join(tmp.dir, 'other-side');
    const run = await sandbox(dir)(['map', '--ignore', 'reception@acmetraders.in']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'No Zoho user matches "reception@acmetraders.in": it names MyOperator user reception@acmetraders.in (ext 10, id s5f3b5c3c9b35).\n' +
        `--ignore marks a Zoho user who takes no calls, so that map and resync stop offering it; a MyOperator user with no Zoho user (a shared line) is left unmapped on purpose with \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore-myoperator 10\`.\n`,
    );
  });

  it("--ignore of a MyOperator user that is a Zoho user's likely match, or mapped to one, names that Zoho user to mark, not 'nothing to mark'", async () => {
    const dir = join(tmp.dir, 'other-side-claimed');
    const cli = sandbox(dir);
    const meena = 'Zoho user meena.iyer@acmetraders.in (id 4815900000000123757)';
    const likely = await cli(['map', '--ignore', '13']);
    expect([likely.code, likely.stdout]).toEqual([2, '']);
    expect(likely.stderr).toBe(
      'No Zoho user matches "13": it names MyOperator user meena.iyer@acmetraders.in<U+0020> (ext 13, id s5f3a4c099b24).\n' +
        `--ignore marks a Zoho user who takes no calls, so that map and resync stop offering it; this one is the likely match of ${meena}: \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore 4815900000000123757\` marks that user.\n`,
    );
    expect((await cli(['map', '--zoho', '4815900000000123757', '--myoperator', '13'])).code).toBe(0);
    const mapped = await cli(['map', '--ignore', '13']);
    expect(mapped.stderr).toContain(`this one is mapped to ${meena}: `);
    expect(mapped.stderr).not.toContain('nothing to mark');
    // The Zoho user it names is the one --ignore takes (asked first, as for any mapped user).
    expect((await cli(['--yes', 'map', '--ignore', '4815900000000123757'])).stderr).toMatch(/^Zoho user meena\.iyer@acmetraders\.in will never be mapped; its mapping to MyOperator /m);
  });

  it('--zoho and --myoperator the wrong way round are said to be, with the command the right way round', async () => {
    const dir = join(tmp.dir, 'other-side-swapped');
    const run = await sandbox(dir)(['map', '--zoho', '12', '--myoperator', '4815900000000115838']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'No Zoho user matches "12": it names MyOperator user ravi.kumar@acmetraders.in (ext 12, id s5f3a3c069b23), and --myoperator "4815900000000115838" names Zoho user Ravi.Kumar@acmetraders.in (id 4815900000000115838).\n' +
        `The two are the wrong way round: \`phonebridge-sync --sandbox --config-dir ${dir} map --zoho 4815900000000115838 --myoperator 12\`.\n`,
    );
    // As said, pasted the right way round, it maps them.
    expect((await sandbox(dir)(['map', '--zoho', '4815900000000115838', '--myoperator', '12'])).code).toBe(0);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).toEqual(['Ravi.Kumar@acmetraders.in']);
  });
});

describe('map naming a user as the tables show them', () => {
  it('an e-mail with an invisible character, pasted with it as <U+XXXX>, names that user for --myoperator and --unmap', async () => {
    const dir = join(tmp.dir, 'code-points');
    const cli = sandbox(dir);
    // As `match`, `list` and `list mappings` print Vikram's MyOperator e-mail.
    const shown = 'vikram<U+200B>.singh@acmetraders.in';
    const mapped = await cli(['map', '--zoho', 'vikram.singh@acmetraders.in', '--myoperator', shown]);
    expect(mapped.code).toBe(0);
    expect(mapped.stderr).toMatch(/^Mapped Zoho vikram\.singh@acmetraders\.in \(id \d+\) to MyOperator vikram<U\+200B>\.singh@acmetraders\.in \(ext 14, id s5f3a5c0c9b25\)\.\n/);
    expect(mappingsOf(dir).map((m) => m.myoperator.email)).toEqual(['vikram\u200b.singh@acmetraders.in']);
    const unmapped = await cli(['map', '--unmap', shown]);
    expect(unmapped.code).toBe(0);
    expect(unmapped.stderr).toMatch(/^Unmapped Zoho user vikram\.singh@acmetraders\.in /);
    expect(mappingsOf(dir)).toEqual([]);
  });
});

describe('map --unmap of an exact pair', () => {
  it('says the next resync maps it again, and the --ignore it names, pasted, keeps resync from that', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'unmap-exact');
    const unmapped = await cli(['map', '--unmap', '27']);
    expect(unmapped.code).toBe(0);
    // It said "Unmapped …" alone, and the next resync put the pair back.
    const note = /^Their e-mails were equal when recorded: if both users are still there and active, and still hold that one e-mail, which no other user holds, PhoneBridge ties them by e-mail whatever the mappings say, and the next resync maps them again as an exact match\. To keep them unmapped: `(phonebridge-sync --sandbox --config-dir \S+ map --ignore \d+)`\.$/m;
    const ignore = note.exec(unmapped.stderr)?.[1];
    expect(unmapped.stderr).toMatch(/^Unmapped Zoho user pooja\.sharma@acmetraders\.in \(id \d+\) from MyOperator user pooja\.sharma@acmetraders\.in \(ext 27, id \w+\)\.\n/);
    expect(ignore).toBeDefined();
    expect((await cli(['resync', '--dry-run', '--json'])).stdout).toMatch(/"pooja\.sharma@acmetraders\.in"/);
    // Pasted as printed (no path here needs quoting): the program's name, then its words.
    expect((await runCli(ignore!.split(' ').slice(1))).code).toBe(0);
    expect((await cli(['resync', '--yes'])).code).toBe(0);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).not.toContain('pooja.sharma@acmetraders.in');
    // A pair whose e-mails differ gets no such note: resync adds exact matches only.
    const differ = await cli(['map', '--zoho', 'vikram.singh@acmetraders.in', '--myoperator', '14']);
    expect(differ.code).toBe(0);
    expect((await cli(['map', '--unmap', '14'])).stderr).not.toMatch(/Their e-mails were equal/);
  });
});

describe('map --unmap of an exact pair whose users are inactive, or gone', () => {
  it('does not say outright that the next resync maps it again: resync never maps an inactive user, nor one who left', async () => {
    const dir = join(tmp.dir, 'unmap-exact-inactive');
    const cli = sandbox(dir);
    expect((await cli(['map', '--zoho', 'lakshmi.menon@acmetraders.in', '--myoperator', '26', '--yes'])).code).toBe(0);
    // A pair recorded of a user who has since left both sides (--unmap reads no users, so it cannot know).
    const file = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const store = JSON.parse(readFileSync(file, 'utf8')) as { mappings: unknown[] };
    const gone = 'gone.user@acmetraders.in';
    store.mappings.push({ zoho: { id: '4815900000000999991', zuid: '60099991', email: gone }, myoperator: { uuid: 'sgone0000001', extension: '91', email: gone }, how: 'auto', at: '2026-01-05T10:00:00.000Z' });
    writeFileSync(file, JSON.stringify(store, null, 2));
    // It said "while they still are, and both users are active, … the next resync maps them again": of one who left, untrue.
    const sentence = /^Their e-mails were equal when recorded: if both users are still there and active, and still hold that one e-mail, which no other user holds, PhoneBridge ties them by e-mail whatever the mappings say, and the next resync maps them again as an exact match\. To keep them unmapped: `phonebridge-sync --sandbox --config-dir \S+ map --ignore \d+`\.$/m;
    for (const who of ['26', gone]) {
      const unmapped = await cli(['map', '--unmap', who]);
      expect(unmapped.code).toBe(0);
      expect(unmapped.stderr).toMatch(sentence);
    }
    // What the condition leaves out: the next resync does not map them.
    expect((await cli(['resync', '--yes'])).code).not.toBe(2);
    expect(mappingsOf(dir).map((m) => m.zoho.email)).not.toContain('lakshmi.menon@acmetraders.in');
    expect(mappingsOf(dir).map((m) => m.zoho.email)).not.toContain(gone);
  });
});

describe('map --import replacing saved mappings', () => {
  it('names each saved mapping it would replace before asking, and replaces nothing without --yes', async () => {
    const { dir, cli } = await sandboxAfter(AUTO, 'import-replaces');
    const pairs = join(tmp.dir, 'replaces.csv');
    writeFileSync(pairs, 'zoho,myoperator\nasha.rao@acmetraders.in,12\n');
    const run = await cli(['map', '--import', pairs]);
    expect(run.code).toBe(2);
    // Ext 12 is Ravi Kumar's seat: the pair is a slip too, asked in the one question.
    const slip =
      '  line 2: MyOperator user ravi.kumar@acmetraders.in (ext 12, id s5f3a3c069b23) is the likely match of Zoho user Ravi Kumar (Ravi.Kumar@acmetraders.in; mismatch: case), not of Asha Rao, whose name shares no word with it; ' +
      `\`phonebridge-sync --sandbox --config-dir ${dir} map --zoho Ravi.Kumar@acmetraders.in --myoperator 12\` maps that pair instead.\n`;
    expect(run.stderr).toBe(
      'Saved mapping the import would replace:\n' +
        '  Zoho asha.rao@acmetraders.in (id 4815900000000107919) ↔ MyOperator asha.rao@acmetraders.in (ext 11, id s5f3a2c039b22)\n' +
        `Pair of the file that may be a slip:\n${slip}` +
        'Confirmation needed: 1 saved mapping would be replaced by the import, and 1 pair of the file may be a slip (above). Import anyway?\nPrompts are off here (CI is set): pass --yes to confirm.\n',
    );
    expect(mappingsOf(dir).find((m) => m.zoho.email === 'asha.rao@acmetraders.in')?.myoperator.email).toBe('asha.rao@acmetraders.in');
    // With --yes it replaces them, and says so: it said "the import would replace" of what it then did.
    const yes = await cli(['map', '--import', pairs, '--yes']);
    expect(yes.code).toBe(0);
    expect(yes.stderr.startsWith(
      'Saved mapping the import replaces:\n  Zoho asha.rao@acmetraders.in (id 4815900000000107919) ↔ MyOperator asha.rao@acmetraders.in (ext 11, id s5f3a2c039b22)\n' +
        `Pair of the file that may be a slip, imported as --yes says:\n${slip}Imported 1 mapping, replacing 1`,
    )).toBe(true);
    expect(mappingsOf(dir).find((m) => m.zoho.email === 'asha.rao@acmetraders.in')?.myoperator.email).toBe('ravi.kumar@acmetraders.in');
  });
});

describe('map --import replacing a saved mapping to a MyOperator user with no e-mail', () => {
  it('names that seat by the name MyOperator lists, as map does: "with no e-mail (ext 31, …)" named nobody', async () => {
    const { cli } = await sandboxAfter(AUTO, 'import-replaces-no-email');
    expect((await cli(['--yes', 'map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '31'])).code).toBe(0);
    const pairs = join(tmp.dir, 'replaces-no-email.csv');
    writeFileSync(pairs, 'zoho,myoperator\ngaurav.bose@acmetraders.in,24\n');
    const run = await cli(['map', '--import', pairs]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Saved mapping the import would replace:\n {2}Zoho gaurav\.bose@acmetraders\.in \(id \d+\) ↔ MyOperator Night Shift \(no e-mail\) \(ext 31, id \w+\)\n/);
  });
});

describe('map --import naming one user twice', () => {
  // As `list mappings --json` records it, and as a person types it: each named in the one form.
  const saved = { zoho: { id: '4815900000000107919', zuid: '60012037', email: 'asha.rao@acmetraders.in' }, myoperator: { uuid: 's5f3a2c039b22', extension: '11', email: 'asha.rao@acmetraders.in' }, how: 'auto', at: '2026-12-07T10:00:00.000Z' };
  const cases = [
    {
      side: 'MyOperator',
      typed: { zoho: 'gaurav.bose@acmetraders.in', myoperator: '11' },
      said: 'MyOperator user asha.rao@acmetraders.in (ext 11, id s5f3a2c039b22) is already paired at entry 1. Nothing was imported.\nOne Zoho user per MyOperator user: keep one pair.\n',
    },
    {
      side: 'Zoho',
      typed: { zoho: 'asha.rao@acmetraders.in', myoperator: '12' },
      said: 'Zoho user asha.rao@acmetraders.in (id 4815900000000107919) is already paired at entry 1. Nothing was imported.\nOne MyOperator user per Zoho user: keep one pair.\n',
    },
  ];
  for (const { side, typed, said } of cases)
    it(`names the ${side} user paired twice as map names it, whether its second entry is saved or typed`, async () => {
      const { dir, cli } = await sandboxAfter(AUTO, `import-twice-${side}`);
      for (const [mappings, second] of [[[saved, typed], 'typed'], [[typed, saved], 'saved']] as const) {
        const file = join(dir, `twice-${second}.json`);
        writeFileSync(file, JSON.stringify({ mappings }));
        const run = await cli(['map', '--import', file]);
        expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `${file}, entry 2: ${said}`]);
      }
    });
});

describe('map --import of pairs whose e-mails differ', () => {
  it('says PhoneBridge attributes none of their calls until fix, and tells apart a pair fix refuses', async () => {
    const dir = join(tmp.dir, 'import-differ');
    const cli = sandbox(dir);
    const pairs = join(tmp.dir, 'differ.csv');
    // Ravi (case) and Meena (a trailing space) are for fix; Anil on Asha's phone (ext 11, exactly
    // Asha's Zoho e-mail) is a pair fix refuses; Sneha's e-mails are equal.
    writeFileSync(pairs, 'zoho,myoperator\nRavi.Kumar@acmetraders.in,12\nmeena.iyer@acmetraders.in,13\nanil.mehta@acmetraders.in,11\nsneha.reddy@acmetraders.in,29\n');
    const run = await cli(['map', '--import', pairs]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `Imported 4 mappings; 2 of them with e-mails that differ, so PhoneBridge attributes none of their calls until MyOperator holds the Zoho e-mail: run \`phonebridge-sync --sandbox --config-dir ${dir} fix --only 12 13\`; ` +
        `1 of them with e-mails that differ that fix refuses as it stands (\`phonebridge-sync --sandbox --config-dir ${dir} fix --dry-run\` says why).\n`,
    );
    const dry = await cli(['fix', '--dry-run']);
    expect(dry.stdout).toMatch(/^conflict\t\d+\tanil\.mehta@acmetraders\.in\t/m);
    // Plain fix plans the accounts' other mismatches too (Vikram, Priya…); the command said plans these two alone.
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('planned\t')).length).toBeGreaterThan(2);
    const named = await cli(['fix', '--dry-run', '--only', '12', '13']);
    expect(named.stdout.split('\n').filter((l) => l.startsWith('planned\t')).map((l) => l.split('\t')[4]).sort()).toEqual(['12', '13']);
  });

  it("over fix's cap of 10, names the fix that sends its whole plan, these pairs and the rest: plain `fix` is refused there", async () => {
    const dir = join(tmp.dir, 'import-differ-over-cap');
    const cli = sandbox(dir);
    const pairs = join(tmp.dir, 'differ-over-cap.csv');
    // Every pair of the company whose e-mails differ but Vikram's (ext 14), whose mismatch fix sets unmapped.
    const rows = ['Ravi.Kumar@acmetraders.in,12', 'meena.iyer@acmetraders.in,13', 'anil.mehta@acmetraders.in,15', 'priya.nair@acmetraders.in,16', 'sunil.das+crm@acmetraders.in,17'];
    rows.push('deepak.verma@acmetraders.in,18', 'kavita.joshi@acmetraders.in,19', 'rahul.gupta@acmetraders.in,20', 'neha.k@acmetraders.in,21', 'suresh.pillai@acmetraders.in,24', 'gaurav.bose@acmetraders.in,31');
    writeFileSync(pairs, `zoho,myoperator\n${rows.join('\n')}\n`);
    const run = await cli(['map', '--import', pairs]);
    expect(run.code).toBe(0);
    // It said `phonebridge-sync fix`, which refused the 12 changes it planned ("more than --max-changes 10"), exit 5.
    expect(run.stderr).toBe(
      `Imported 11 mappings; 11 of them with e-mails that differ, so PhoneBridge attributes none of their calls until MyOperator holds the Zoho e-mail: run \`phonebridge-sync --sandbox --config-dir ${dir} fix --max-changes 12\` (12 MyOperator e-mails in all: fix plans 1 more beside these).\n`,
    );
    const named = await cli(['fix', '--dry-run', '--max-changes', '12']);
    expect(named.code).toBe(0);
    expect(named.stdout.split('\n').filter((l) => l.startsWith('planned\t'))).toHaveLength(12);
  });

  it("an export of another company's day, restored: the pairs fix holds are told apart with their `fix --only`, and users not there now are not said to have been stale when exported", async () => {
    // Kavita (ext 19) mapped and fixed, so recorded with the Zoho e-mail; Deepak (ext 18) mapped, not
    // fixed; on day two Nikhil Jain joined and was mapped. A fresh demo company is day one again:
    // Kavita's MyOperator e-mail is the typo, and Nikhil is nobody yet.
    const { dir } = await sandboxAfter(
      [['resync'], ['resync'], ['map', '--zoho', 'kavita.joshi@acmetraders.in', '--myoperator', '19'], ['map', '--zoho', 'deepak.verma@acmetraders.in', '--myoperator', '18'], ['fix', '--yes', '--only', '19'], ['resync']],
      'import-other-day',
    );
    const exported = join(tmp.dir, 'other-day.csv');
    writeFileSync(exported, (await sandbox(dir)(['list', 'mappings', '--csv'])).stdout);
    const fresh = join(tmp.dir, 'import-other-day-fresh');
    const cli = sandbox(fresh);
    const run = await cli(['map', '--import', exported]);
    expect(run.code).toBe(0);
    // It counted Kavita's, which plain fix holds, with Deepak's: "2 of them … run `… fix --only 18 19`".
    expect(run.stderr).toBe(
      `Imported 7 mappings; 1 of them restored as recorded though its user is not among the users now: stale (\`resync\` reports it); ` +
        `1 of them with e-mails that differ, so PhoneBridge attributes none of its calls until MyOperator holds the Zoho e-mail: run \`phonebridge-sync --sandbox --config-dir ${fresh} fix --only 18\`; ` +
        `1 of them with e-mails that differ, recorded with another MyOperator e-mail than it holds now, which fix leaves alone until told (\`phonebridge-sync --sandbox --config-dir ${fresh} fix --dry-run\` says what it holds and was recorded with): ` +
        `\`phonebridge-sync --sandbox --config-dir ${fresh} fix --only 19\` sets it where it is still the same person.\n`,
    );
    // What fix does with them: Deepak's planned, Kavita's held until named, then planned.
    const dry = await cli(['fix', '--dry-run']);
    const rows = (out: string, status: string) => out.split('\n').filter((l) => l.startsWith(`${status}\t`)).map((l) => l.split('\t')[4]);
    expect(rows(dry.stdout, 'planned')).toContain('18');
    expect(rows(dry.stdout, 'conflict')).toContain('19');
    expect(rows((await cli(['fix', '--dry-run', '--only', '19'])).stdout, 'planned')).toEqual(['19']);
  });
});
