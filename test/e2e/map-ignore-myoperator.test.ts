/**
 * `map --ignore-myoperator`: a MyOperator user nobody in Zoho is (the demo's Front Desk, ext 10, a
 * reception line) left unmapped on purpose, through the built bin against the emulators: doctor
 * --calls stops failing on its calls and says them on a line of their own, `map --unmap` undoes it,
 * and the history records both.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCalls } from '../../src/sandbox/demo-calls.js';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { noStack, runCli } from '../support/cli.js';

const h = withEmulators();
let file: string;
let n = 0;
beforeEach(() => {
  resetEmulators(h.e);
  // The demo week's calls answered by the Front Desk (ext 10) and by Asha Rao, whose e-mails are equal on both sides: the desk's are the only ones no Zoho user takes.
  h.e.mo.calls = demoCalls(Math.floor(Date.now() / 1000), h.e.mo.users).filter((c) =>
    c.log_details.every((leg) => leg.action !== 'received' || leg.received_by.every((a) => a.name === 'Front Desk' || a.name === 'Asha Rao')),
  );
  file = join(h.tmp.dir, `left-${++n}`, 'mappings.json');
});
const cli = (args: string[]) => runCli(['--config-dir', h.tmp.dir, ...args], { ...emulatorEnv(h.e), PHONEBRIDGE_MAPPINGS_FILE: file });
const doctor = () => cli(['doctor', '--calls', '--only', 'calls']);

describe('map --ignore-myoperator', () => {
  it('doctor --calls fails on a shared line until it is left unmapped on purpose, then warns with its undo (exit 0); --unmap puts it back; the history lists both', async () => {
    const before = await doctor();
    expect(before.code).toBe(5);
    expect(before.stdout).toMatch(/✗ calls: \d+ answered calls since .*: 10 attributable, 8 unattributable, 0 by an unknown agent\n/);
    expect(before.stdout).toMatch(/8 calls · Front Desk \(ext 10\) · reception@acmetraders\.in\n\s+fix: No Zoho user still unmatched resembles Front Desk/);

    const left = await cli(['map', '--ignore-myoperator', '10']);
    expect([left.code, left.stdout]).toEqual([0, '']);
    expect(left.stderr).toMatch(
      // Named as Night Shift is (ext 31 below), by name: "MyOperator user reception@acmetraders.in (ext 10, …)" gave the desk by its e-mail alone.
      /^MyOperator user Front Desk <reception@acmetraders\.in> \(ext 10, id s5f3b5c3c9b35\) is left unmapped on purpose: doctor --calls and match no longer ask for a Zoho user for it \(`phonebridge-sync --config-dir \S+ map --unmap 10` undoes it\)\.\n$/,
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2, ignoredMyOperator: [{ uuid: 's5f3b5c3c9b35', extension: '10', email: 'reception@acmetraders.in' }] });
    // Asked again, nothing changes and nothing is recorded twice.
    expect((await cli(['map', '--ignore-myoperator', 'reception@acmetraders.in'])).stderr).toBe(
      'MyOperator user Front Desk <reception@acmetraders.in> (ext 10, id s5f3b5c3c9b35) is already left unmapped on purpose: nothing to change.\n',
    );

    const after = await doctor();
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/! calls: \d+ answered calls since .*: 10 attributable, 0 unattributable, 0 by an unknown agent, 8 on a line left unmapped on purpose\n/);
    expect(after.stdout).toMatch(/8 calls · Front Desk \(ext 10\) · reception@acmetraders\.in\n\s+left unmapped on purpose: `phonebridge-sync --config-dir \S+ map --unmap 10` undoes it\n/);
    expect(after.stdout).not.toContain('fix:');
    const doc = JSON.parse((await cli(['--json', 'doctor', '--calls', '--only', 'calls'])).stdout) as {
      calls: { summary: Record<string, number>; agents: unknown[]; leftUnmapped: Array<{ agent: { extension: string }; leftUnmapped: number }> };
      checks: Array<{ id: string; status: string }>;
    };
    expect(doc.calls.summary).toMatchObject({ attributable: 10, unattributable: 0, leftUnmapped: 8 });
    expect(doc.calls.agents).toEqual([]);
    expect(doc.calls.leftUnmapped).toMatchObject([{ agent: { extension: '10' }, leftUnmapped: 8 }]);
    expect(doc.checks.find((c) => c.id === 'calls')!.status).toBe('warn');

    const undo = await cli(['map', '--unmap', '10']);
    expect(undo.code).toBe(0);
    expect(undo.stderr).toBe(
      'MyOperator user Front Desk <reception@acmetraders.in> (ext 10, id s5f3b5c3c9b35) is no longer left unmapped on purpose: doctor --calls and match will ask for its Zoho user again.\n',
    );
    expect((await doctor()).code).toBe(5);
    // The file a version-1 tool reads again: no such user left in it.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, mappings: [], ignored: [] });

    const history = await cli(['list', 'history']);
    expect(history.code).toBe(0);
    const rows = history.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((r) => [r[1], r[2], r[5]])).toEqual([
      ['map', 'ignore-myoperator', 'MyOperator reception@acmetraders.in (ext 10)'],
      ['map', 'unignore-myoperator', 'MyOperator reception@acmetraders.in (ext 10)'],
    ]);
  });

  it('a line with no e-mail is named by --unmap as --ignore-myoperator named it, its name recorded with it', async () => {
    const left = await cli(['map', '--ignore-myoperator', '31']);
    expect(left.code).toBe(0);
    expect(left.stderr).toMatch(/^MyOperator user Night Shift \(no e-mail\) \(ext 31, id s5f3b6c3f9b36\) is left unmapped on purpose: /);
    expect(JSON.parse(readFileSync(file, 'utf8')).ignoredMyOperator).toMatchObject([{ uuid: 's5f3b6c3f9b36', extension: '31', email: '', name: 'Night Shift' }]);
    // Offline, as --unmap is: the name is the one recorded. It said "MyOperator user (no e-mail) (s5f3b6c3f9b36, ext 31) …".
    const undo = await cli(['map', '--unmap', '31']);
    expect([undo.code, undo.stderr]).toEqual([
      0,
      'MyOperator user Night Shift (no e-mail) (ext 31, id s5f3b6c3f9b36) is no longer left unmapped on purpose: doctor --calls and match will ask for its Zoho user again.\n',
    ]);
    // The history names it as these sentences do, by the name its mark records: "MyOperator s5f3b6c3f9b36 (ext 31)" was its uuid alone.
    const history = await cli(['list', 'history']);
    expect(history.stdout.trim().split('\n').map((l) => l.split('\t')[5])).toEqual(['MyOperator Night Shift (no e-mail) (ext 31)', 'MyOperator Night Shift (no e-mail) (ext 31)']);
  });

  it('where another saved pair holds the extension 10, the undo it names is by uuid: `map --unmap 10` would unmap that pair too', async () => {
    // Asha's pair saved when her line was ext 10 (MyOperator moved it since): --unmap 10 finds it as well.
    expect((await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', 'asha.rao@acmetraders.in'])).code).toBe(0);
    const store = JSON.parse(readFileSync(file, 'utf8'));
    store.mappings[0].myoperator.extension = '10';
    writeFileSync(file, JSON.stringify(store, null, 2));
    const left = await cli(['map', '--ignore-myoperator', '10']);
    expect(left.code).toBe(0);
    expect(left.stderr).toContain('(`phonebridge-sync --config-dir ' + h.tmp.dir + ' map --unmap s5f3b5c3c9b35` undoes it)');
    expect((await cli(['map', '--unmap', 's5f3b5c3c9b35'])).code).toBe(0);

    // Mapped itself, its "Unmap it first" names it by uuid too.
    expect((await cli(['map', '--zoho', 'gaurav.bose@acmetraders.in', '--myoperator', '10'])).code).toBe(0);
    const mapped = await cli(['map', '--ignore-myoperator', '10']);
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toContain('Unmap it first (`phonebridge-sync --config-dir ' + h.tmp.dir + ' map --unmap s5f3b5c3c9b35`), then run this again.');

    // An import that leaves it unmapped, while the store keeps it mapped: the two commands that would.
    const backup = join(h.tmp.dir, `left-10-${n}.json`);
    writeFileSync(backup, JSON.stringify({ mappings: [], ignored: [], ignoredMyOperator: [{ uuid: 's5f3b5c3c9b35', extension: '10', email: 'reception@acmetraders.in', at: '2026-11-24T10:00:00.000Z' }] }));
    const kept = await cli(['map', '--import', backup]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain('stays mapped: `phonebridge-sync --config-dir ' + h.tmp.dir + ' map --unmap s5f3b5c3c9b35`, then `phonebridge-sync --config-dir ' + h.tmp.dir + ' map --ignore-myoperator 10` leave it');
  });

  it('refuses a mapped MyOperator user (exit 2, saying how to unmap it), and a Zoho user, changing nothing', async () => {
    expect((await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', 'reception@acmetraders.in'])).code).toBe(0);
    const saved = readFileSync(file, 'utf8');
    const mapped = await cli(['map', '--ignore-myoperator', '10']);
    expect([mapped.code, mapped.stdout]).toEqual([2, '']);
    expect(mapped.stderr).toMatch(
      /^MyOperator user reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\) is mapped to Zoho user asha\.rao@acmetraders\.in \(id \d+\), so it cannot be left unmapped on purpose while mapped: nothing was changed\.\nUnmap it first \(`phonebridge-sync --config-dir \S+ map --unmap 10`\), then run this again\.\n$/,
    );
    expect(noStack(mapped.stderr)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(saved);

    // Asha Rao's Zoho id: a Zoho user, which --ignore marks.
    const zoho = await cli(['map', '--ignore-myoperator', '4815900000000107919']);
    expect(zoho.code).toBe(2);
    expect(zoho.stderr).toMatch(
      /^No MyOperator user matches "4815900000000107919": it names Zoho user asha\.rao@acmetraders\.in \(id 4815900000000107919\)\.\n--ignore-myoperator leaves a MyOperator user \(a shared line\) unmapped on purpose; `phonebridge-sync --config-dir \S+ map --ignore 4815900000000107919` marks a Zoho user "never map"\.\n$/,
    );
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });

  it('mapping a line left unmapped on purpose asks first, as replacing a mapping does, and says the mark is gone; an import that pairs it says so', async () => {
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const left = readFileSync(file, 'utf8');
    // It was mapped without a word, the mark dropped.
    const asked = await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '10']);
    expect([asked.code, asked.stdout]).toEqual([2, '']);
    expect(asked.stderr).toMatch(
      /^Confirmation needed: MyOperator user reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\) is left unmapped on purpose\. Map it all the same\?\nPrompts are off here \(.+\): pass --yes to confirm\.\n$/,
    );
    expect(readFileSync(file, 'utf8')).toBe(left);
    const done = await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '10', '--yes']);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/^Replaced: MyOperator reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\) was left unmapped on purpose, and no longer is\.$/m);
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('ignoredMyOperator');

    // A file that pairs it: restored, and said.
    expect((await cli(['map', '--unmap', '10'])).code).toBe(0);
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const pairs = join(h.tmp.dir, `pairs-${n}.csv`);
    writeFileSync(pairs, 'zoho,myoperator\nasha.rao@acmetraders.in,10\n');
    const imported = await cli(['map', '--import', pairs]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/^Imported 1 mapping; .*; 1 MyOperator user left unmapped on purpose is mapped now, as the file pairs it, and no longer left unmapped: reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\)\.\n$/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('ignoredMyOperator');
    // A line with no e-mail is named by the name its mark keeps: "ext 31 (…)" named nobody.
    expect((await cli(['map', '--ignore-myoperator', '31'])).code).toBe(0);
    writeFileSync(pairs, 'zoho,myoperator\nsuresh.pillai@acmetraders.in,31\n');
    const night = await cli(['map', '--import', pairs]);
    // As every other sentence names a mark (asRecorded), with no brackets inside brackets.
    expect(night.stderr).toMatch(/and no longer left unmapped: Night Shift \(no e-mail\) \(ext 31, id s5f3b6c3f9b36\)\.\n$/);
  });

  it('match marks the line as left unmapped on purpose (myoperator-ignored), not myoperator-only, in its lines, summary and --json', async () => {
    const row = (out: string) => out.split('\n').find((l) => l.includes('reception@acmetraders.in'));
    const before = await cli(['match']);
    expect(row(before.stdout)).toMatch(/^myoperator-only\t/);
    expect(before.stderr).toMatch(/; 2 MyOperator users matched by none \(myoperator-only\)\.\n/);

    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const after = await cli(['match']);
    expect(row(after.stdout)).toMatch(/^myoperator-ignored\t/);
    expect(after.stderr).toMatch(/; 1 MyOperator user matched by none \(myoperator-only\); 1 MyOperator user left unmapped on purpose \(myoperator-ignored\)\.\n/);
    const doc = JSON.parse((await cli(['--json', 'match'])).stdout) as { summary: Record<string, number>; results: Array<{ status: string; myoperator: { email: string } | null }> };
    expect(doc.summary).toMatchObject({ 'myoperator-only': 1, 'myoperator-ignored': 1 });
    expect(doc.results.find((r) => r.myoperator?.email === 'reception@acmetraders.in')!.status).toBe('myoperator-ignored');
  });

  it('a Zoho user with the line\'s e-mail, exactly or but for case, is not matched to it once it is left unmapped: match, resync and fix leave the line as it is', async () => {
    // A Zoho user with the desk's e-mail: an exact match (resync would map it), then one but for case (fix would change the desk's e-mail).
    const asha = h.e.zoho.users.find((u) => u.email === 'asha.rao@acmetraders.in')!;
    const office = { ...asha, id: '4815900000000999991', zuid: '60019991', full_name: 'Front Office', first_name: 'Front', last_name: 'Office', email: 'reception@acmetraders.in' };
    h.e.zoho.users = [...h.e.zoho.users, office];
    const lines = (out: string, what: string) => out.split('\n').filter((l) => l.includes(what));
    const resync = async () => lines((await cli(['resync', '--dry-run'])).stdout, office.id);
    const fix = async () => lines((await cli(['fix', '--dry-run'])).stdout, 's5f3b5c3c9b35');
    expect(await resync()).toEqual([`added\t${office.id}\treception@acmetraders.in\ts5f3b5c3c9b35\treception@acmetraders.in`]);

    // Left unmapped while no Zoho user holds its e-mail; Front Office is added in Zoho after (map refuses it before).
    h.e.zoho.users = h.e.zoho.users.filter((u) => u.id !== office.id);
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    h.e.zoho.users = [...h.e.zoho.users, office];
    // Still zoho-only, its row says the line PhoneBridge ties to it by that e-mail, not that nobody resembles it.
    expect(await resync()).toEqual([`unresolved\t${office.id}\treception@acmetraders.in\tzoho-only\tleft-unmapped-holder\t`]);
    const match = (await cli(['match'])).stdout;
    expect(lines(match, 'reception@acmetraders.in')).toEqual([
      `zoho-only\t${office.id}\treception@acmetraders.in\t\t\t0.00\tleft-unmapped-holder`,
      'myoperator-ignored\t\t\ts5f3b5c3c9b35\treception@acmetraders.in\t0.00\t',
    ]);

    h.e.zoho.users = h.e.zoho.users.map((u) => (u.id === office.id ? { ...u, email: 'Reception@acmetraders.in' } : u));
    expect(await fix()).toEqual([]);
    // Named, it was "MyOperator user Front Desk is myoperator-ignored: nobody on the other side to copy the e-mail to or from."
    const only = await cli(['fix', '--dry-run', '--only', '10']);
    // It ended 5, "Nothing changed: --only 10 is not in the plan, and needs nothing: …": a CI job gating on
    // the dry run failed on a line the admin chose to leave alone. It needs nothing, as a user holding the Zoho e-mail.
    expect([only.code, only.stdout]).toEqual([0, '']);
    expect(only.stderr).toMatch(
      /^--only 10: not in the plan: MyOperator user Front Desk is left unmapped on purpose: fix leaves its e-mail as it is \(`phonebridge-sync --config-dir \S+ map --unmap 10` undoes that\)\.\n/,
    );
    expect(only.stderr.split('\n').slice(1)).toEqual(['Nothing to fix among the users --only names (see above); run without --only for the whole plan.', '']);
    // The run it previews ends so too, and its document leaves it out of leftOut, as one holding the Zoho e-mail.
    expect((await cli(['fix', '--yes', '--only', '10'])).code).toBe(0);
    const doc = await cli(['--json', 'fix', '--dry-run', '--only', '10']);
    expect([doc.code, (JSON.parse(doc.stdout) as { leftOut: unknown[] }).leftOut]).toEqual([0, []]);
    // Beside a user who does need a step first (Deepak's ext 18, suggested), that one alone ends the run 5.
    const both = await cli(['fix', '--dry-run', '--only', '10', '18']);
    expect([both.code, both.stdout]).toEqual([5, '']);
    expect(both.stderr).toMatch(/^--only 10: not in the plan: MyOperator user Front Desk is left unmapped on purpose: /);
    expect(both.stderr.trimEnd().split('\n').at(-1)).toBe('Nothing changed: --only 18 is not in the plan (see above for what it needs first).');
    expect(lines((await cli(['match'])).stdout, 's5f3b5c3c9b35')).toEqual(['myoperator-ignored\t\t\ts5f3b5c3c9b35\treception@acmetraders.in\t0.00\t']);
    // Put back, the line is fix's again: the empty plan above was the ignore's doing.
    expect((await cli(['map', '--unmap', '10'])).code).toBe(0);
    expect(await fix()).toEqual([`planned\t${office.id}\tReception@acmetraders.in\ts5f3b5c3c9b35\t10\treception@acmetraders.in\tReception@acmetraders.in\tcase\t\t`]);
  });

  it('refuses a line whose e-mail is exactly an active Zoho user\'s (exit 2, PhoneBridge gives that user its calls whatever the file says), naming the map and the panel; but for case, it is left unmapped', async () => {
    const asha = h.e.zoho.users.find((u) => u.email === 'asha.rao@acmetraders.in')!;
    const office = { ...asha, id: '4815900000000999991', zuid: '60019991', full_name: 'Front Office', first_name: 'Front', last_name: 'Office', email: 'reception@acmetraders.in' };
    h.e.zoho.users = [...h.e.zoho.users, office];
    const refused = await cli(['map', '--ignore-myoperator', '10']);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toMatch(
      /^MyOperator user reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\) has exactly the e-mail of Zoho user reception@acmetraders\.in \(id 4815900000000999991\), so PhoneBridge gives that user its calls whatever the mappings file says: it is not left unmapped, and nothing was changed\.\nTo give them to Front Office <reception@acmetraders\.in>, `phonebridge-sync --config-dir \S+ map --zoho reception@acmetraders\.in --myoperator 10` maps the two; to leave the line unmapped, change or remove its e-mail in MyOperator's panel: Manage → Users → Front Desk → e-mail, then run this again\.\n$/,
    );
    expect(noStack(refused.stderr)).toBe(true);
    expect(existsSync(file)).toBe(false);

    // Disabled in Zoho, that user takes no calls: the line is left unmapped.
    h.e.zoho.users = h.e.zoho.users.map((u) => (u.id === office.id ? { ...u, status: 'disabled' as const } : u));
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    expect((await cli(['map', '--unmap', '10'])).code).toBe(0);
    // But for case, PhoneBridge links nobody by it (fix would set it, and leaves a line left unmapped as it is).
    h.e.zoho.users = h.e.zoho.users.map((u) => (u.id === office.id ? { ...u, status: 'active', email: 'Reception@acmetraders.in' } : u));
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
  });

  it('the refusal of a tied line names its MyOperator word as a pasteable word: control characters of the extension as code points, quoted', async () => {
    // The extension came from MyOperator raw into `--myoperator …`, unquoted: pasted, `;x` ran as a second command.
    const asha = h.e.zoho.users.find((u) => u.email === 'asha.rao@acmetraders.in')!;
    h.e.zoho.users = [...h.e.zoho.users, { ...asha, id: '4815900000000999991', zuid: '60019991', full_name: 'Front Office', first_name: 'Front', last_name: 'Office', email: 'reception@acmetraders.in' }];
    h.e.mo.users = h.e.mo.users.map((u) => (u.extension === '10' ? { ...u, extension: '10\u001b[2J;x' } : u));
    const refused = await cli(['map', '--ignore-myoperator', 's5f3b5c3c9b35']);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).not.toContain('\u001b');
    expect(refused.stderr).toContain("map --zoho reception@acmetraders.in --myoperator '10<U+001B>[2J;x'` maps the two; to leave the line unmapped, change or remove its e-mail in MyOperator's panel: Manage → Users → Front Desk → e-mail, then run this again.");
    expect(existsSync(file)).toBe(false);
  });

  it("resync counts the lines left unmapped on purpose beside the ignored Zoho users: its closing line, piped summary and --json's", async () => {
    const count = async () => {
      const piped = await cli(['resync', '--dry-run']);
      const doc = JSON.parse((await cli(['--json', 'resync', '--dry-run'])).stdout) as { plan: { summary: Record<string, number> } };
      return { said: piped.stderr.split('\n')[0]!.replace(/ 5 of the \d+ .*/, ''), tsv: piped.stdout.split('\n').filter((l) => /^summary\t(ignored|unclaimed)/.test(l)), json: doc.plan.summary['ignoredMyOperator'] };
    };
    expect(await count()).toEqual({
      said: 'Dry run: nothing written. 4 would be added, 0 kept, 0 stale, 14 unresolved, 0 ignored.',
      tsv: ['summary\tignored\t0', 'summary\tignoredMyOperator\t0', 'summary\tunclaimed\t2'],
      json: 0,
    });
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    // It said "… 0 ignored." and counted Front Desk nowhere: neither unclaimed nor ignored.
    expect(await count()).toEqual({
      said: 'Dry run: nothing written. 4 would be added, 0 kept, 0 stale, 14 unresolved, 0 ignored, 1 MyOperator user left unmapped on purpose.',
      tsv: ['summary\tignored\t0', 'summary\tignoredMyOperator\t1', 'summary\tunclaimed\t1'],
      json: 1,
    });
  });

  it('a `list mappings --json` backup keeps the line left unmapped, and `map --import` of it restores it as recorded; one also paired in the file is refused; one the store has mapped since stays mapped, and is said', async () => {
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const stored = readFileSync(file, 'utf8');
    const listed = await cli(['list', 'mappings', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ ignoredMyOperator: [{ uuid: 's5f3b5c3c9b35', extension: '10', email: 'reception@acmetraders.in' }] });
    expect((await cli(['list', 'mappings'])).stderr).toMatch(/^0 mappings, 0 ignored, 1 MyOperator user left unmapped on purpose \(reception@acmetraders\.in\), in /);
    const backup = join(h.tmp.dir, `backup-${n}.json`);
    writeFileSync(backup, listed.stdout);
    expect((await cli(['map', '--unmap', '10'])).code).toBe(0);

    const restored = await cli(['map', '--import', backup]);
    expect([restored.code, restored.stderr]).toEqual([0, 'Imported 0 mappings; 1 MyOperator user left unmapped on purpose, as the file says.\n']);
    expect(readFileSync(file, 'utf8')).toBe(stored);

    const both = join(h.tmp.dir, `both-${n}.json`);
    writeFileSync(both, JSON.stringify({ ...JSON.parse(listed.stdout), mappings: [{ zoho: 'asha.rao@acmetraders.in', myoperator: '10' }] }));
    const refused = await cli(['map', '--import', both]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ignoredMyOperator entry 1: MyOperator user reception@acmetraders\.in \(ext 10, id s5f3b5c3c9b35\) is paired at entry 1 and left unmapped here\. Nothing was imported\.\nKeep one of the two\.\n$/);
    expect(readFileSync(file, 'utf8')).toBe(stored);

    // One the store has mapped since stays mapped, and is said, with the two commands that would leave it unmapped on purpose.
    expect((await cli(['map', '--unmap', '10'])).code).toBe(0);
    expect((await cli(['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '10'])).code).toBe(0);
    const mapped = readFileSync(file, 'utf8');
    const kept = await cli(['map', '--import', backup]);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toMatch(
      /^Imported 0 mappings; 1 MyOperator user the file leaves unmapped is mapped in the store and stays mapped: `phonebridge-sync --config-dir \S+ map --unmap 10`, then `phonebridge-sync --config-dir \S+ map --ignore-myoperator 10` leave it unmapped on purpose\.\n$/,
    );
    expect(readFileSync(file, 'utf8')).toBe(mapped);

  });

  it('doctor --webhook of a call on the line left unmapped is `!` with the undo, not ✗ "would be attributed to nobody"', async () => {
    const payload = join(h.tmp.dir, `call-${n}.json`);
    writeFileSync(payload, JSON.stringify({ _ci: 'c1', _ld: [{ _ac: 'received', _rr: [{ _ex: '10' }] }] }));
    const hook = () => cli(['doctor', '--webhook', payload, '--only', 'webhook']);
    const before = await hook();
    expect(before.code).toBe(5);
    expect(before.stdout).toMatch(/✗ webhook: call c1 would be attributed to nobody/);
    expect((await cli(['map', '--ignore-myoperator', '10'])).code).toBe(0);
    const after = await hook();
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(
      /! webhook: call c1 goes to no Zoho user: its agent, MyOperator user Front Desk \(ext 10\), is left unmapped on purpose \(`phonebridge-sync --config-dir \S+ map --unmap 10` undoes it\)\n/,
    );
  });
});
