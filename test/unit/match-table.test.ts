/**
 * match's table at a terminal, run in-process on the demo company's exports with a stdout that
 * says it is a 100-column TTY (no pager): what a person reads.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/commands/match.js';
import { createContext } from '../../src/context.js';
import { reasonSide } from '../../src/core/match.js';
import { mappingOf, type Mapping, type MappingData } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { DEMO_CASES, demoCompany } from '../../src/sandbox/demo-company.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir, writeDemoExports } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** `live`: users matched as fetched, with the saved mappings, in place of the exports. */
async function table(columns: number, files = writeDemoExports(tmp.dir), live?: { users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }; saved: MappingData }): Promise<string> {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false, pager: false };
  const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { NO_COLOR: '1' } });
  if (live) await run({}, ctx, async () => live.users, live.saved);
  else await run(files, ctx);
  return out;
}

describe("match's table at a terminal", () => {
  it('shows look-alike and full-width characters in e-mails as code points, never raw', async () => {
    const text = await table(100);
    expect(text).toMatch(/^anil\.mehta@acmetraders\.in +<U\+0430>nil\.mehta@acmetraders\.in$/m);
    expect(text).toMatch(/^priya\.nair@acmetraders\.in +<U\+FF50>riya\.nair@acmetraders\.in$/m);
    // The reason still names the character itself, quoted, beside its code point.
    expect(text).toContain('MyOperator e-mail has "\u0430" (U+0430, Cyrillic)');
    expect(text).not.toMatch(/\u0430nil|\uff50riya/);
  });

  it("names where a case reason's capitals are, not a side at fault: fix changes MyOperator's e-mail to Ravi's Zoho one", async () => {
    const text = (await table(100)).replace(/\s+/g, ' ');
    // "[case, Zoho]" read as if Zoho's e-mail were the wrong one. A bracket of a character of one side's e-mail names that side still.
    expect(text).toContain('[case, capitals in Zoho] Letter case differs at positions 1 ("R" in Zoho, "r" in MyOperator)');
    expect(text).toContain('[invisible-character, MyOperator] MyOperator e-mail has a zero-width space');
    expect(text).not.toContain('[case, Zoho]');
  });

  it("names which side's e-mail has a plus-address reason's tag, not a bare side", async () => {
    const text = (await table(80)).replace(/\s+/g, ' ');
    // "[plus-address, Zoho]" left the reader to ask which side has the "+crm" part.
    expect(text).toContain('[plus-address, tag in Zoho] Zoho e-mail has the plus tag "+crm" that the other side\'s lacks');
    expect(text).not.toContain('[plus-address, Zoho]');
    expect(reasonSide({ code: 'plus-address', side: 'both', message: '' })).toBe('tags on both sides');
  });

  it('a group with no reason at all has no "why" column: a header over nothing', async () => {
    // Asha and Sneha alone: two exact pairs, neither with a reason.
    const demo = demoCompany();
    const keep = (e: string) => e === 'asha.rao@acmetraders.in' || e === 'sneha.reddy@acmetraders.in';
    const zohoFile = join(tmp.dir, 'two-zoho.json');
    const myoperatorFile = join(tmp.dir, 'two-myoperator.json');
    writeFileSync(zohoFile, JSON.stringify(demo.zoho.filter((u) => keep(u.email))));
    writeFileSync(myoperatorFile, JSON.stringify(demo.myoperator.filter((u) => keep(u.email))));
    const text = await table(120, { zohoFile, myoperatorFile });
    expect(text).toMatch(/^Zoho user +MyOperator user +conf$/m);
    expect(text).not.toContain('why');
  });

  it('a user with no name keeps its e-mail on the e-mail line, beside the other side\'s e-mail, not up beside the name', async () => {
    // MyOperator creates users without a name, and an update may empty it (the sandbox's accept-clears):
    // Anil's e-mail stood on the name line, beside "Anil Mehta", and nothing beside Zoho's e-mail.
    const demo = demoCompany();
    const myoperatorFile = join(tmp.dir, 'nameless-myoperator.json');
    writeFileSync(myoperatorFile, JSON.stringify(demo.myoperator.map((u) => (u.extension === '15' ? { ...u, name: '' } : u))));
    const text = await table(100, { zohoFile: writeDemoExports(tmp.dir).zohoFile, myoperatorFile });
    expect(text).toMatch(/^Anil Mehta +\(no name\) +0\.85$/m);
    expect(text).toMatch(/^anil\.mehta@acmetraders\.in +<U\+0430>nil\.mehta@acmetraders\.in$/m);
  });

  it('a user alone on its side says so in "why", rather than leaving it blank', async () => {
    const text = await table(120);
    expect(text).toMatch(/^Gaurav Bose +— +0\.00 +no MyOperator user still unmatched resembles this one$/m);
    expect(text).toMatch(/^— +Front Desk +0\.00 +no Zoho user still unmatched resembles this one; a shared line can stay/m);
  });

  it('a line on duty no Zoho user claims is offered `map --ignore-myoperator`, as doctor and fix offer it', async () => {
    // Front Desk's row said only "no Zoho user still unmatched resembles this one", and Night Shift's
    // (no e-mail) only "it needs one added in Zoho first", where doctor and fix offer the choice.
    const flat = (await table(120)).replace(/\s+/g, ' ');
    // Front Desk's e-mail stands beside the second line of its "why".
    expect(flat.replace(' reception@acmetraders.in', '')).toContain(
      '— Front Desk 0.00 no Zoho user still unmatched resembles this one; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose',
    );
    expect(flat).toMatch(/— Night Shift 0\.00 \[empty-email, MyOperator\] [^—]*once the pair is mapped\) a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose/);
  });

  it('matched live with a saved store, an unmarked line is still offered `map --ignore-myoperator` by its extension, not its uuid', async () => {
    // 8617e0e named every MyOperator user as --unmap finds a mark: "`map --ignore-myoperator s5f3b5c3c9b35`" where no mark is, and none is needed.
    const { readMyOperatorUsers, readZohoUsers } = await import('../../src/io/user-files.js');
    const files = writeDemoExports(tmp.dir);
    const users = { zoho: await readZohoUsers(files.zohoFile), myoperator: await readMyOperatorUsers(files.myoperatorFile) };
    const flat = (await table(120, undefined, { users, saved: { mappings: [], ignored: [] } })).replace(/\s+/g, ' ');
    expect(flat).toContain('`phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose');
    expect(flat).toContain('`phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose');
    expect(flat).not.toMatch(/--ignore-myoperator s5f3/);
  });

  it('a switched-off line no Zoho user claims is not offered `map --ignore-myoperator`: it takes no calls', async () => {
    const demo = demoCompany();
    const myoperatorFile = join(tmp.dir, 'desk-off-myoperator.json');
    writeFileSync(myoperatorFile, JSON.stringify(demo.myoperator.map((u) => (u.extension === '10' ? { ...u, is_enabled: '0' as const } : u))));
    const flat = (await table(120, { zohoFile: writeDemoExports(tmp.dir).zohoFile, myoperatorFile })).replace(/\s+/g, ' ');
    expect(flat).toContain('--ignore-myoperator 31');
    expect(flat).not.toContain('--ignore-myoperator 10');
  });

  it('a line left unmapped on purpose names the whole `map --unmap` that undoes it, by its extension or, where that is not its alone, its uuid', async () => {
    // It said "map --unmap of it undoes that", naming no user to give --unmap.
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    // No e-mail: "it needs one added in Zoho first" was the advice the admin declined, said in place of the undo.
    const night = moUser('', { name: 'Night Shift', extension: '31' });
    const other = moUser('sales@acme.in', { name: 'Sales', extension: '31' });
    const left = (m: MyOperatorUser) => ({ uuid: m.id, extension: m.extension, email: m.email, at: '2026-11-24T10:00:00.000Z' });
    const text = await table(120, undefined, { users: { zoho: [zohoUser('asha@acme.in')], myoperator: [desk, night, other] }, saved: { mappings: [], ignored: [], ignoredMyOperator: [left(desk), left(night)] } });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('— Front Desk 0.00 left unmapped on purpose (map --ignore-myoperator): reception@acme.in `phonebridge-sync map --unmap 10` undoes it');
    // Extension 31 is Sales' too.
    expect(flat).toContain(`— Night Shift 0.00 left unmapped on purpose (map --ignore-myoperator): (no e-mail) \`phonebridge-sync map --unmap ${night.id}\` undoes it`);
    expect(flat).not.toContain('added in Zoho');
  });

  it('a line MyOperator moved since it was left unmapped is named by its uuid: --unmap, offline, knows only the extension saved with the mark', async () => {
    // Saved at ext 40, the desk is ext 10 now: "`map --unmap 10` undoes it", pasted, was exit 2 (no saved mapping or ignored user involves "10").
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10' });
    const saved = { mappings: [], ignored: [], ignoredMyOperator: [{ uuid: desk.id, extension: '40', email: desk.email, at: '2026-11-24T10:00:00.000Z' }] };
    const flat = (await table(120, undefined, { users: { zoho: [zohoUser('asha@acme.in')], myoperator: [desk] }, saved })).replace(/\s+/g, ' ');
    expect(flat).toContain(`left unmapped on purpose (map --ignore-myoperator): reception@acme.in \`phonebridge-sync map --unmap ${desk.id}\` undoes it`);
    expect(flat).not.toContain('--unmap 10');
  });

  // With Ravi's Zoho user marked "never map", ext 12's row said "no Zoho user still unmatched resembles this one; a shared line
  // can stay as it is: `map --ignore-myoperator 12` …", which map refuses (exit 2) once the line holds Ravi's e-mail byte for
  // byte (`fix --yes` sets it), and which hid the mark, the one thing in the way, while it held that e-mail but for case.
  it('a line whose e-mail is a Zoho user\'s marked "never map" names the mark and steps that work, not "nobody resembles" and a refused --ignore-myoperator', async () => {
    const { readMyOperatorUsers, readZohoUsers } = await import('../../src/io/user-files.js');
    const files = writeDemoExports(tmp.dir);
    const users = { zoho: await readZohoUsers(files.zohoFile), myoperator: await readMyOperatorUsers(files.myoperatorFile) };
    const ravi = users.zoho.find((u) => u.email === DEMO_CASES.case)!;
    const saved = { mappings: [], ignored: [{ zohoId: ravi.id, email: ravi.email, at: '2026-11-24T10:00:00.000Z' }] };
    // Ext 12's row, its "why" read whole: the line's e-mail cell (under its name, in the second column) left out.
    const row = (text: string) => text.replace(/^( {11})[Rr]avi\.[Kk]umar@acmetraders\.in/m, '$1').replace(/\s+/g, ' ').match(/— Ravi Kumar 0\.00 .*?(?= — |$)/)![0];
    const alike = row(await table(120, undefined, { users, saved }));
    expect(alike).toBe(
      '— Ravi Kumar 0.00 its only match is Zoho user Ravi.Kumar@acmetraders.in, marked "never map": lift the mark for fix to set its e-mail (`phonebridge-sync map --unmap Ravi.Kumar@acmetraders.in`), or leave it unmapped on purpose (`phonebridge-sync map --ignore-myoperator 12`)',
    );
    const held = { ...users, myoperator: users.myoperator.map((u) => (u.extension === '12' ? { ...u, email: ravi.email } : u)) };
    for (const width of [80, 120]) {
      const exact = row(await table(width, undefined, { users: held, saved }));
      expect(exact).toContain('this one holds exactly the e-mail of Zoho user Ravi.Kumar@acmetraders.in, marked "never map": PhoneBridge gives it that user\'s calls whatever the mark, so fix has nothing to set (`phonebridge-sync map --unmap Ravi.Kumar@acmetraders.in` lifts the mark)');
      expect(exact).not.toContain('--ignore-myoperator');
    }
  });
});

describe("match's next step at a terminal", () => {
  /** The demo company matched live (no exports), its table on a 100-column terminal: what stderr says after it. */
  async function said(over: { zoho?: (z: ZohoUser[]) => ZohoUser[]; myoperator?: (m: MyOperatorUser[]) => MyOperatorUser[]; json?: boolean; tty?: boolean; pairs?: Array<[string, string]> } = {}): Promise<string> {
    const { readMyOperatorUsers, readZohoUsers } = await import('../../src/io/user-files.js');
    const files = writeDemoExports(tmp.dir);
    const [zoho, myoperator] = [await readZohoUsers(files.zohoFile), await readMyOperatorUsers(files.myoperatorFile)];
    const stdout = Object.assign(new PassThrough(), { isTTY: over.tty ?? true, columns: 100 });
    stdout.resume();
    let err = '';
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: over.json ?? false, color: false, verbose: false, sandbox: false, yes: false, pager: false };
    const ctx = createContext(globals, { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1' } });
    // Saved pairs (Zoho e-mail, MyOperator extension), as map saves them.
    const saved: MappingData | undefined = over.pairs && {
      mappings: over.pairs.map(([z, m]) => mappingOf(zoho.find((u) => u.email === z)!, myoperator.find((u) => u.extension === m)!, 'manual', '2026-01-01T00:00:00.000Z')),
      ignored: [],
    };
    await run({}, ctx, async () => ({ zoho: over.zoho ? over.zoho(zoho) : zoho, myoperator: over.myoperator ? over.myoperator(myoperator) : myoperator }), saved);
    return err;
  }

  it('after the counts, one line naming the command for each kind the counts show: resync, fix, map', async () => {
    // It ended with the counts, and a new admin was left to find which command acts on which.
    expect(await said()).toBe(
      '19 Zoho users: 4 exact, 5 mismatch, 6 suggested, 1 ambiguous, 2 inactive, 1 zoho-only; 2 MyOperator users matched by none (myoperator-only).\n' +
        'Next: `phonebridge-sync resync` saves the 4 exact matches, `phonebridge-sync fix` sets the MyOperator e-mail of the 5 mismatches, and `phonebridge-sync map` asks about the 9 that need a person (6 suggested, 1 ambiguous, 1 inactive in MyOperator, 1 zoho-only), not the 1 inactive in Zoho, who gets no calls while off there.\n',
    );
    // It said "asks about the 6 suggested and 1 ambiguous", and then map (and resync's "the other 9
    // need a person") asked about 9: Lakshmi Menon (inactive in MyOperator) and Gaurav Bose
    // (zoho-only) too. Farhan Ali, disabled in Zoho, is asked about by no one: "1 inactive" under
    // the counts' "2 inactive" left him out unsaid, so the step names which inactive one and why not.
    // Only the parts that apply: with the mismatches' and the suggested users' Zoho users gone, resync and map.
    const kept = (await said({ zoho: (z) => z.filter((u) => u.email === DEMO_CASES.exact || u.email === 'arjun.malhotra@acmetraders.in') })).split('\n');
    expect(kept.slice(1)).toEqual(['Next: `phonebridge-sync resync` saves the 1 exact match, and `phonebridge-sync map` asks about the 1 ambiguous.', '']);
    // 5 saved pairs whose e-mails differ beside the 5 mismatches: fix plans 10, its cap. One more
    // (Suresh Pillai's seat, with no e-mail) and plain `fix` is refused: the step names the cap that is not.
    const ten: Array<[string, string]> = [
      ['deepak.verma@acmetraders.in', '18'],
      ['kavita.joshi@acmetraders.in', '19'],
      ['rahul.gupta@acmetraders.in', '20'],
      ['neha.k@acmetraders.in', '21'],
      ['sunil.das+crm@acmetraders.in', '17'],
    ];
    expect(await said({ pairs: ten })).toContain(', `phonebridge-sync fix` sets the MyOperator e-mail of the 5 mismatches,');
    // It was plain `phonebridge-sync fix`, which says "Nothing changed: 11 changes planned, more than --max-changes 10; …" (exit 5).
    expect(await said({ pairs: [...ten, ['suresh.pillai@acmetraders.in', '24']] })).toContain(', `phonebridge-sync fix --max-changes 11` sets the MyOperator e-mail of the 5 mismatches,');
    // MyOperator listing nobody: the read is at fault, and map has no one to map the 18 to. It ended
    // "Next: `phonebridge-sync map` asks about the 18 zoho-only." under the note sending to doctor.
    // The note said "MyOperator returned no users." alone, where resync and doctor say what that most likely is.
    expect((await said({ myoperator: () => [] })).split('\n').slice(1)).toEqual([
      'Note: MyOperator returned no users, far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it.',
      '`phonebridge-sync doctor` checks what each login can see.',
      '',
    ]);
    // Both: "Zoho returned no users; MyOperator returned no users, far likelier …" said it of MyOperator alone.
    expect((await said({ zoho: () => [], myoperator: () => [] })).split('\n')[1]).toBe(
      'Note: Zoho and MyOperator returned no users, far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it.',
    );
    // Piped, or --json: data only, no advice.
    expect((await said({ tty: false })).split('\n')).toHaveLength(2);
    expect(await said({ json: true })).toBe('');
  });

  it("counts a mismatch fix refuses as map's, not fix's: Arjun's phone on duty, whose e-mail his switched-off old phone holds exactly", async () => {
    // Ext 22 given Arjun's e-mail up to case; ext 23, switched off, keeps it byte for byte. The step
    // said "fix sets the MyOperator e-mail of the 6 mismatches" and map "asks about the 8", where fix
    // refuses Arjun's and map asks about 9.
    const onDuty = (m: MyOperatorUser[]) => m.map((u) => (u.extension === '22' ? { ...u, email: 'Arjun.Malhotra@acmetraders.in' } : u));
    expect((await said({ myoperator: onDuty })).split('\n').slice(1)).toEqual([
      'Next: `phonebridge-sync resync` saves the 4 exact matches, `phonebridge-sync fix` sets the MyOperator e-mail of 5 of the 6 mismatches, and `phonebridge-sync map` asks about the 9 that need a person (1 mismatch, 6 suggested, 1 inactive in MyOperator, 1 zoho-only), not the 1 inactive in Zoho, who gets no calls while off there.',
      '',
    ]);
  });
});

describe("match's table: a user alone beside one its look-alike was matched to", () => {
  /** match of these two exports (CSV text, by file name) at a 120-column terminal: its table. */
  async function tableOf(zoho: [string, string], myoperator: [string, string]): Promise<string> {
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false, pager: false };
    const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { NO_COLOR: '1' } });
    const [zohoFile, myoperatorFile] = [zoho, myoperator].map(([name, text]) => {
      writeFileSync(join(tmp.dir, name), text);
      return join(tmp.dir, name);
    });
    await run({ zohoFile, myoperatorFile }, ctx);
    return out;
  }

  it("a second Zoho Asha (plus tag) whose likely MyOperator user is Asha's exact match is not told nobody resembles it", async () => {
    const out = await tableOf(['two-ashas.csv', 'id,name,email\n1,Asha Rao,asha.rao@acme.in\n2,Asha Rao,asha.rao+crm@acme.in\n'], ['one-asha.csv', 'uuid,name,email\nm1,Asha Rao,asha.rao@acme.in\n']);
    expect(out).toMatch(/^Asha Rao +— +0\.00 +no MyOperator user still unmatched resembles this one$/m);
    expect(out).not.toContain('no MyOperator user resembles');
  });

  it("a Zoho user alone who has not accepted Zoho's invitation: why it is alone, then that note, not the note in its place", async () => {
    const out = await tableOf(['unconfirmed-alone.csv', 'id,name,email,status,confirmed\n1,Gaurav Bose,gaurav@acme.in,active,false\n'], ['nobody-like-gaurav.csv', 'uuid,name,email\nm1,Front Desk,reception@acme.in\n']);
    expect(out).toMatch(
      /^Gaurav Bose +— +0\.00 +no MyOperator user still unmatched resembles this one\ngaurav@acme\.in +\[unconfirmed, Zoho\] Zoho user has not accepted Zoho's invitation/m,
    );
  });
});

describe("match's summary of saved pairs whose e-mails differ", () => {
  it('sends a pair whose Zoho e-mail fix will not copy to Zoho, not to fix; --fail-on-unresolved says the same', async () => {
    const anil = zohoUser('\u0430nil@acme.in', { name: 'Anil' });
    const vikram = zohoUser('vikram\u200f@acme.in', { name: 'Vikram' });
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const phones = [moUser('anil@acme.in'), moUser('vikram@acme.in'), moUser('ravi@acme.in')];
    const zoho = [anil, vikram, ravi];
    const saved = { mappings: zoho.map((z, i) => mappingOf(z, phones[i]!, 'manual', '2026-11-25T00:00:00.000Z')), ignored: [] };
    let err = '';
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false, pager: false };
    const ctx = createContext(globals, { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { NO_COLOR: '1' } });
    const failure = await run({ failOnUnresolved: true }, ctx, async () => ({ zoho, myoperator: phones }), saved).catch((e: Error) => e);
    expect(err).toBe('3 Zoho users: 3 mapped (3 with e-mails that differ: 1 for fix, 2 to change in Zoho first).\n');
    expect((failure as Error).message).toBe(
      '3 mapped pairs have e-mails that differ, so PhoneBridge attributes none of their calls (run `phonebridge-sync fix`, but change the Zoho e-mail of 2 of them in Zoho first, as `phonebridge-sync match` says: fix will not copy those).',
    );
  });
});

describe("match's table: a Zoho user whose e-mail a seat outside its pair holds, beside a namesake", () => {
  // "exactly the e-mail of Zoho user Asha Rao, who is mapped to …", "… on the row of Zoho user Asha Rao (mapped, above)" named either of two.
  it('names that Zoho user by name and e-mail, then "that Zoho user", on the holder\'s row and in the old phone\'s hold', async () => {
    const at = '2026-11-25T00:00:00.000Z';
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
    const ashaToo = zohoUser('asha.rao@branch.in', { id: 'z-asha2', name: 'Asha Rao' });
    const arjun = zohoUser('arjun@acme.in', { id: 'z-arjun', name: 'Arjun Malhotra' });
    const arjunToo = zohoUser('arjun.m@branch.in', { id: 'z-arjun2', name: 'Arjun Malhotra' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const desk = moUser('asha@acme.in', { id: 'u-11', name: 'Front Desk', extension: '11' });
    const branchAsha = moUser('asha.rao@branch.in', { id: 'u-41', name: 'Asha Rao', extension: '41' });
    const onDuty = moUser('Arjun@acme.in', { id: 'u-22', name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun@acme.in', { id: 'u-23', name: 'Arjun M. (old)', extension: '23', active: false });
    const branchArjun = moUser('arjun.m@branch.in', { id: 'u-42', name: 'Arjun M', extension: '42' });
    const pairs: Array<[ZohoUser, MyOperatorUser]> = [[asha, night], [ashaToo, branchAsha], [arjun, onDuty], [arjunToo, branchArjun]];
    const saved = { mappings: pairs.map(([z, m]) => mappingOf(z, m, 'manual', at)), ignored: [] };
    const users = { zoho: [asha, ashaToo, arjun, arjunToo], myoperator: [night, desk, branchAsha, onDuty, old, branchArjun] };
    const text = (await table(500, undefined, { users, saved })).replace(/ +/g, ' ');
    expect(text).toContain(
      '[zoho-mapped-elsewhere, MyOperator] MyOperator user has exactly the e-mail of Zoho user Asha Rao <asha@acme.in>, who is mapped to MyOperator user Night Shift (ext 31): what PhoneBridge makes of that, and the way out, are on the row of that Zoho user (mapped, above)',
    );
    expect(text).toContain(
      'MyOperator user Arjun M. (old) (ext 23, switched off) still has exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, who is mapped to MyOperator user Arjun Malhotra (ext 22), and switching a user off does not clear its e-mail',
    );
    expect(text).toContain(
      '[zoho-mapped-elsewhere, MyOperator] MyOperator user has exactly the e-mail of Zoho user Arjun Malhotra <arjun@acme.in>, who is mapped to MyOperator user Arjun Malhotra (ext 22): what PhoneBridge makes of that, and the way out, are on the row of that Zoho user (mapped, above)',
    );
  });
});

describe("match's table: the e-mail of a Zoho user mapped to another, held by two phones", () => {
  // Lakshmi mapped to Night Shift (ext 31, no e-mail); her old phone (ext 26) and Farhan's, paired by name with Zoho's Farhan (ext 25), hold her e-mail.
  it("says fix's whole sentence once, on the Zoho user's row; each holder's row says what it holds, whose, and where that sentence is", async () => {
    const lakshmi = zohoUser('lakshmi@acme.in', { id: 'z-lakshmi', name: 'Lakshmi Menon' });
    const farhan = zohoUser('farhan@acme.in', { id: 'z-farhan', name: 'Farhan Ali', active: false, status: 'disabled' });
    const night = moUser('', { id: 'u-night', name: 'Night Shift', extension: '31' });
    const phone = moUser('lakshmi@acme.in', { id: 'u-farhan', name: 'Farhan Ali', extension: '25', active: false });
    const old = moUser('lakshmi@acme.in', { id: 'u-lakshmi', name: 'Lakshmi Menon', extension: '26', active: false });
    const saved = { mappings: [mappingOf(lakshmi, night, 'manual', '2026-11-25T00:00:00.000Z')], ignored: [] };
    // Wide enough for each reason to stand on one line beside its row.
    const text = (await table(500, undefined, { users: { zoho: [lakshmi, farhan], myoperator: [night, phone, old] }, saved })).replace(/ +/g, ' ');
    // It stood whole on all three rows: some fifteen lines each at 80 columns.
    expect(text.match(/cannot give that MyOperator user the e-mail too/g)).toHaveLength(1);
    expect(text).toContain('[zoho-mapped-elsewhere, MyOperator] MyOperator users Farhan Ali (ext 25, switched off) and Lakshmi Menon (ext 26, switched off) already have exactly the e-mail of Zoho user Lakshmi Menon <lakshmi@acme.in>');
    const short =
      '[zoho-mapped-elsewhere, MyOperator] MyOperator user has exactly the e-mail of Zoho user Lakshmi Menon <lakshmi@acme.in>, who is mapped to MyOperator user Night Shift (ext 31): what PhoneBridge makes of that, and the way out, are on the row of that Zoho user (mapped, above)';
    expect(text.split(short)).toHaveLength(3);
    // Each holder's row still says it is switched off.
    expect(text.match(/\[inactive, MyOperator\]/g)).toHaveLength(2);
  });
});

/** match in-process, --fail-on-unresolved: the summary (stderr), the table at a wide terminal, and the gate's sentence. */
async function matchGate(zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[]) {
  let out = '';
  let err = '';
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 500 });
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const globals = { profile: 'default', configDir: tmp.dir, json: false, color: false, verbose: false, sandbox: false, yes: false, pager: false };
  const ctx = createContext(globals, { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1' } });
  const failure = await run({ failOnUnresolved: true }, ctx, async () => ({ zoho, myoperator }), { mappings, ignored: [] }).catch((e: Error) => e);
  return { out, err, gate: (failure as Error).message };
}

describe("match on a saved pair whose MyOperator e-mail is not the one it was recorded with", () => {
  it('says fix holds it, with both cures, rather than "run fix" (which exits 5 on that very pair)', async () => {
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const seat = moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18' });
    const phone = moUser('ravi@acme.in', { extension: '12' });
    const saved = {
      mappings: [mappingOf(deepak, seat, 'manual', '2026-11-25T00:00:00.000Z'), mappingOf(ravi, phone, 'manual', '2026-11-25T00:00:00.000Z')],
      ignored: [],
    };
    // Retyped in MyOperator's panel since, or recorded elsewhere (`map --import` of another company's
    // export): match cannot tell which, so its row and summary say only that the two differ.
    const now = { ...seat, email: 'dverma@acme.in' };
    const { out, err, gate } = await matchGate([deepak, ravi], [now, phone], saved.mappings);
    expect(out).toContain(
      '[needs-fix, MyOperator] Saved mapping, but MyOperator holds "dverma@acme.in", not the Zoho e-mail byte for byte, and this pair was recorded with "deepak.vemra@acme.in", so `fix` leaves it alone until told. Still Deepak Verma <deepak.verma@acme.in>? `phonebridge-sync fix --only 18` sets it to the Zoho e-mail. Someone else now? `phonebridge-sync map --unmap ' +
        deepak.id +
        '` removes the pair',
    );
    expect(`${out}${err}${gate}`).not.toMatch(/changed in MyOperator|someone changed|when this pair was mapped/);
    expect(out).not.toMatch(/dverma@acme\.in", not the Zoho e-mail byte for byte: PhoneBridge attributes none of the calls of MyOperator user Deepak Verma \(ext 18\) until it holds the Zoho one \(`phonebridge-sync fix` sets it\)/);
    expect(err).toBe('2 Zoho users: 2 mapped (2 with e-mails that differ: 1 for fix, 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its row names where it is still the same person).\n');
    expect(gate).toBe(
      '2 mapped pairs have e-mails that differ, so PhoneBridge attributes none of their calls (1 for `phonebridge-sync fix`; 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its row names where it is still the same person).',
    );
  });
});

describe('match on a saved pair that fix refuses as it stands (a conflict of its own, not a Zoho e-mail, elsewhere or held one)', () => {
  const at = '2026-11-25T00:00:00.000Z';

  it('Meena mapped by a slip to ext 16, whose e-mail reads as Priya\'s: counted apart from "for fix", its row saying why, as fix --dry-run does', async () => {
    const meena = zohoUser('meena.iyer@acme.in', { name: 'Meena Iyer' });
    const priya = zohoUser('priya.nair@acme.in', { name: 'Priya Nair' });
    const ravi = zohoUser('Ravi@acme.in', { name: 'Ravi' });
    const ext16 = moUser('\uff50riya.nair@acme.in', { name: 'Priya Nair', extension: '16' });
    const phone = moUser('ravi@acme.in', { name: 'Ravi', extension: '12' });
    const { out, err, gate } = await matchGate([meena, priya, ravi], [ext16, phone], [mappingOf(meena, ext16, 'manual', at), mappingOf(ravi, phone, 'manual', at)]);
    // Before: "2 with e-mails that differ: run fix", and fix then exited 5 on Meena's pair.
    expect(err).toBe(
      '3 Zoho users: 2 mapped (2 with e-mails that differ: 1 for fix, 1 that fix refuses as it stands, as `phonebridge-sync fix --dry-run` says why), 1 zoho-only.\n',
    );
    expect(gate).toBe(
      '1 active Zoho user is neither mapped, exact nor ignored; 2 mapped pairs have e-mails that differ, so PhoneBridge attributes none of their calls (1 for `phonebridge-sync fix`; 1 that fix refuses as it stands, as `phonebridge-sync fix --dry-run` says why).',
    );
    expect(out).toContain(
      '[needs-fix, MyOperator] Saved mapping, but MyOperator holds "<U+FF50>riya.nair@acme.in", not the Zoho e-mail byte for byte, and `fix` refuses to set it as it stands: MyOperator user Priya Nair (ext 16) has "<U+FF50>riya.nair@acme.in", which reads as the e-mail of Zoho user Priya Nair <priya.nair@acme.in>',
    );
    expect(out).not.toContain('<U+FF50>riya.nair@acme.in", not the Zoho e-mail byte for byte: PhoneBridge attributes none of the calls of MyOperator user Priya Nair (ext 16)');
    // Ravi's pair is fix's still; its row names whose calls ("none of these calls" listed none).
    expect(out).toContain('MyOperator holds "ravi@acme.in", not the Zoho e-mail byte for byte: PhoneBridge attributes none of the calls of MyOperator user Ravi (ext 12) until it holds the Zoho one (`phonebridge-sync fix` sets it)');
  });

  it('a pair retyped since mapping whose e-mail now is exactly another active Zoho user\'s is refused, not held (its `fix --only` would not set it); two Zoho users sharing the target are refused too', async () => {
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma' });
    const priya = zohoUser('priya.nair@acme.in', { name: 'Priya Nair' });
    const sales = zohoUser('sales@acme.in', { name: 'Sales' });
    const sales2 = zohoUser('sales@acme.in', { name: 'Sales Two' });
    const asha = zohoUser('asha@acme.in', { name: 'Asha Rao' });
    const seat = moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18' });
    const desk = moUser('Sales@acme.in', { name: 'Sales Desk', extension: '20' });
    const ashaPhone = moUser('asha.r@acme.in', { name: 'Asha Rao', extension: '11' });
    const mappings = [
      mappingOf(deepak, seat, 'manual', at),
      mappingOf(sales, desk, 'manual', at),
      // Asha's seat retyped since too, to nobody's e-mail: held, as before.
      mappingOf(asha, { ...ashaPhone, email: 'asha.rao@acme.in' }, 'manual', at),
    ];
    const { err, gate } = await matchGate([deepak, priya, sales, sales2, asha], [{ ...seat, email: 'priya.nair@acme.in' }, desk, ashaPhone], mappings);
    expect(err).toContain(
      ' 3 mapped (3 with e-mails that differ: 2 that fix refuses as they stand, as `phonebridge-sync fix --dry-run` says why, 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its row names where it is still the same person)',
    );
    expect(gate).toContain(
      '3 mapped pairs have e-mails that differ, so PhoneBridge attributes none of their calls (2 that fix refuses as they stand, as `phonebridge-sync fix --dry-run` says why; 1 recorded with another MyOperator e-mail than it holds now, set only by the `fix --only` its row names where it is still the same person).',
    );
  });
});
