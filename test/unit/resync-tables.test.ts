/**
 * resync's tables at a terminal, at the size of a large company: each row names its users, and
 * finding those names stays one pass over each side's users, whatever the number of rows.
 */
import { afterAll, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { MappingStore } from '../../src/store/mappings.js';
import { withMapping } from '../../src/core/reconcile.js';
import { moUser, zohoUser } from '../support/builders.js';
import type { MyOperatorUser } from '../../src/core/users.js';
import { tempDir } from '../support/cli.js';
import { counted } from '../support/counted.js';
// Loaded by resync only at a terminal: imported here first, as jest's ESM loader needs.
await import('../../src/io/table.js');
await import('../../src/ui/wrap.js');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('3,000 exact pairs added: each row shows both names over the e-mails, and the names are found in one pass per side, not a search per row', async () => {
  const n = 3000;
  const zoho = counted(Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `z${i}`, name: `Zoho Agent ${i}` })));
  const myoperator = counted(Array.from({ length: n }, (_, i) => moUser(`agent${i}@acme.in`, { id: `m${i}`, name: `MyOperator Agent ${i}`, extension: `${1000 + i}` })));
  let out = '';
  const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns: 120, rows: 40 });
  const ctx = createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
    { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
  );
  await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, {
    store: new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'resync' }),
    fetchUsers: async () => ({ zoho: zoho.list, myoperator: myoperator.list }),
  });
  expect(out).toMatch(/^Would add \(3000\): exact e-mail matches\n/);
  expect(out).toMatch(/\nZoho Agent 2999 +MyOperator Agent 2999 +3999 *\nagent2999@acme\.in +agent2999@acme\.in *\n/);
  // Reconciling and rendering read each user a few times; a search of every user for each row
  // read them about 4,500,000 times here.
  expect(zoho.reads()).toBeLessThan(20 * n);
  expect(myoperator.reads()).toBeLessThan(20 * n);
});

it("an exact pair whose Zoho user has not accepted Zoho's invitation is added, with why PhoneBridge attributes none of its calls yet beside it (and under --no-auto beside why it is left); one alone on its side says why it is left, then the note", async () => {
  const zoho = [
    zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' }),
    zohoUser('pooja@acme.in', { id: 'z-pooja', name: 'Pooja Sharma', confirmed: false }),
    zohoUser('gaurav@acme.in', { id: 'z-gaurav', name: 'Gaurav Bose', confirmed: false }),
  ];
  const myoperator = [moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' }), moUser('pooja@acme.in', { name: 'Pooja Sharma', extension: '27' })];
  const note = "Zoho user has not accepted Zoho's invitation (not confirmed), so PhoneBridge attributes none of its calls until the invitation is accepted (an admin can resend it from Zoho's Setup → Users)";
  const table = async (columns: number, auto: boolean) => {
    let out = '';
    const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns, rows: 40 });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto, dryRun: true, maxPrune: 10 }, ctx, { store: new MappingStore(join(tmp.dir, `unconfirmed-${columns}.json`), { command: 'resync' }), fetchUsers: async () => ({ zoho, myoperator }) });
    return out;
  };
  const words = (text: string) => text.replace(/\s+/g, ' ');
  for (const columns of [80, 120]) {
    const added = await table(columns, true);
    expect(added).toMatch(/^Would add \(2\): exact e-mail matches\n/);
    // Asha's row says nothing; Pooja's says it, in full, after her e-mails.
    expect(words(added.slice(added.indexOf('Asha Rao'), added.indexOf('Pooja Sharma')))).toBe('Asha Rao Asha Rao 11 asha@acme.in asha@acme.in ');
    expect(words(added.slice(added.indexOf('Pooja Sharma'), added.indexOf('Unresolved (1)')).replace(/Pooja Sharma|pooja@acme\.in|27/g, ''))).toBe(` ${note} `);
    // Gaurav, alone on his side: why he is left, then the note (his row said nothing of the invitation).
    expect(words(added.slice(added.indexOf('Gaurav Bose')).replace(/^Gaurav Bose +zoho-only|gaurav@acme\.in/g, ''))).toBe(` no MyOperator user still unmatched resembles this one ${note} `);
    const left = await table(columns, false);
    expect(words(left.slice(left.indexOf('Pooja Sharma')).replace(/^Pooja Sharma +exact|pooja@acme\.in/g, ''))).toBe(
      ` the same e-mail on both sides, not mapped under --no-auto (\`phonebridge-sync map --auto\` maps exact matches) ${note} `,
    );
  }
});

it('up to 10 are named: the MyOperator users nobody claims (at a terminal) and the added pairs whose Zoho user has not accepted the invitation (piped); 11 are counted', async () => {
  const zoho = Array.from({ length: 11 }, (_, i) => zohoUser(`invited${i}@acme.in`, { id: `z${i}`, name: `Invited ${i}`, confirmed: false }));
  const invited = Array.from({ length: 11 }, (_, i) => moUser(`invited${i}@acme.in`, { id: `m${i}`, name: `Invited ${i}`, extension: `${10 + i}` }));
  const seats = Array.from({ length: 11 }, (_, i) => moUser(`desk${String(i).padStart(2, '0')}@frontline.example`, { id: `s${i}`, name: `Seat ${i}`, extension: `${50 + i}` }));
  const said = async (n: number, isTTY: boolean) => {
    let out = '';
    let err = '';
    const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY, columns: 120, rows: 40 });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: new Writable({ write: (c, _e, done) => ((err += String(c)), done()) }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, {
      store: new MappingStore(join(tmp.dir, `named-${n}-${isTTY}.json`), { command: 'resync' }),
      fetchUsers: async () => ({ zoho: zoho.slice(0, n), myoperator: [...invited.slice(0, n), ...seats.slice(0, n)] }),
    });
    return (isTTY ? out : err).replace(/\s+/g, ' ');
  };
  const seatNames = seats.slice(0, 10).map((u) => `${u.name} <${u.email}>`).join(', ');
  expect(await said(10, true)).toContain(`10 MyOperator users unclaimed (mapped to nobody, nor anyone's candidate): ${seatNames}.`);
  // It counted them and named no command that lists them.
  expect(await said(11, true)).toContain("11 MyOperator users unclaimed (mapped to nobody, nor anyone's candidate): `phonebridge-sync match` lists them among its rows with no Zoho user.");
  const invitedEmails = zoho.slice(0, 10).map((u) => u.email).join(', ');
  expect(await said(10, false)).toContain(`10 pairs that would be added have Zoho users who have not accepted Zoho's invitation (${invitedEmails}), so PhoneBridge`);
  expect(await said(11, false)).toContain("11 pairs that would be added have Zoho users who have not accepted Zoho's invitation (`phonebridge-sync doctor` names them), so PhoneBridge");
});

it('a stale pair whose user no longer exists names the rest as every row does: a line in place of the name it cannot know, the e-mails side by side under it; a side that listed nobody is not said to have lost its users', async () => {
  const imranZ = zohoUser('imran@acme.in', { id: 'z-imran', name: 'Imran Qureshi', active: false, status: 'disabled' });
  const imranM = moUser('imran@acme.in', { id: 'm-imran', name: 'Imran Qureshi', extension: '28' });
  const ashaZ = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' });
  const ashaM = moUser('asha@acme.in', { id: 'm-asha', name: 'Asha Rao', extension: '11' });
  const store = new MappingStore(join(tmp.dir, 'stale-gone.json'), { command: 'resync' });
  await store.update((d) => ({ data: withMapping(withMapping(d, imranZ, imranM, 'auto', '2026-12-01T00:00:00.000Z'), ashaZ, ashaM, 'auto', '2026-12-01T00:00:00.000Z'), result: 0 }));
  for (const columns of [80, 120]) {
    const tableOf = async (myoperator: MyOperatorUser[]) => {
      let out = '';
      const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns, rows: 40 });
      const ctx = createContext(
        { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
        { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
      );
      await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, { store, fetchUsers: async () => ({ zoho: [imranZ], myoperator }) });
      return { out, lines: out.split('\n').map((l) => l.trimEnd()) };
    };
    // Imran deleted from MyOperator (his name went with him: a mapping records ids, e-mails and the
    // extension), Asha's Zoho user gone from Zoho's list.
    const { lines } = await tableOf([ashaM]);
    // It showed "imran@acme.in" where every other row's MyOperator user has a name, and the Zoho
    // e-mail a line below it.
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Imran Qureshi +\(ext 28, no longer exists\)( |$)/), expect.stringMatching(/^imran@acme\.in +imran@acme\.in( |$)/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\(no longer exists\) +Asha Rao( |$)/), expect.stringMatching(/^asha@acme\.in +asha@acme\.in( |$)/)]));
    // Its why named him by an id ("MyOperator user m-imran (imran@acme.in) no longer exists"), now by
    // what his mapping recorded: at 120 columns in a column of its own, at 80 under the row, indented.
    const whyAt = lines.find((l) => l.startsWith('Zoho user'))!.indexOf('why');
    const row = lines.slice(lines.findIndex((l) => l.startsWith('Imran Qureshi')));
    const rowEnd = row.indexOf('');
    const why = (rowEnd < 0 ? row : row.slice(0, rowEnd)).map((l) => (whyAt > 0 ? l.slice(whyAt) : /^ {4}\S/.test(l) ? l : ''));
    expect(why.join(' ').replace(/\s+/g, ' ').trim()).toBe('Zoho user imran@acme.in is disabled MyOperator user imran@acme.in (ext 28, id m-imran) no longer exists');
    // MyOperator lists nobody (a wrong account, a token that may not list users, an outage): it said
    // "Stale (2): saved mappings whose users changed", each MyOperator user "(ext 28, no longer
    // exists)" and "MyOperator user m-imran (imran@acme.in) no longer exists". Asha's Zoho user, gone
    // from a Zoho that lists others, is still said gone.
    const empty = await tableOf([]);
    expect(empty.out).toMatch(/^Stale \(2\): saved mappings not confirmed: MyOperator returned no users\n/);
    expect(empty.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Imran Qureshi +\(ext 28, not checked\) +Zoho user imran@acme\.in is disabled$/)]));
    expect(empty.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\(no longer exists\) +\(ext 11, not checked\) +Zoho user asha@acme\.in \(id z-asha\)( |$)/)]));
    expect(empty.lines.filter((l) => / not checked: MyOperator returned no( users at all)?$/.test(l))).toHaveLength(2);
    expect(empty.out).not.toContain('MyOperator user m-');
  }
});

it("a user with no name (an update may empty it) says \"(no name)\" on the name line and keeps its e-mail beside the other side's e-mail, as match's table does", async () => {
  const zoho = [zohoUser('meena@acme.in', { id: 'z-meena', name: 'Meena Iyer' }), zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha Rao' })];
  const myoperator = [moUser('meena@acme.in', { id: 'm-meena', name: '', extension: '13' }), moUser('asha@acme.in', { id: 'm-asha', name: 'Asha Rao', extension: '11' })];
  for (const columns of [80, 120]) {
    let out = '';
    const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns, rows: 40 });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, { store: new MappingStore(join(tmp.dir, `no-name-${columns}.json`), { command: 'resync' }), fetchUsers: async () => ({ zoho, myoperator }) });
    const lines = out.split('\n').map((l) => l.trimEnd());
    // It put "meena@acme.in" on the name line, beside "Meena Iyer", with nothing beside the Zoho e-mail.
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Meena Iyer +\(no name\) +13$/), expect.stringMatching(/^meena@acme\.in +meena@acme\.in$/)]));
  }
});

it('a stale pair --prune removes is marked on its Zoho user\'s first line, beside the MyOperator user: "(pruned)" stood alone on a line of its own under the Zoho e-mail', async () => {
  const imranZ = zohoUser('imran.qureshi@acmetraders.in', { id: 'z-imran', name: 'Imran Qureshi', active: false, status: 'disabled' });
  const imranM = moUser('imran.qureshi@acmetraders.in', { id: 'm-imran', name: 'Imran Qureshi', extension: '28' });
  const ashaZ = zohoUser('asha.rao@acmetraders.in', { id: 'z-asha', name: '' });
  const ashaM = moUser('asha.rao@acmetraders.in', { id: 'm-asha', name: '', extension: '11' });
  for (const [dryRun, mark] of [[true, '(would be pruned)'], [false, '(pruned)']] as const) {
    for (const columns of [80, 120]) {
      const tableOf = async (zoho: typeof imranZ[], named: boolean) => {
        const store = new MappingStore(join(tmp.dir, `pruned-${dryRun}-${columns}-${named}.json`), { command: 'resync' });
        await store.update((d) => ({ data: withMapping(withMapping(d, imranZ, imranM, 'auto', '2026-12-01T00:00:00.000Z'), ashaZ, ashaM, 'auto', '2026-12-01T00:00:00.000Z'), result: 0 }));
        let out = '';
        const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns, rows: 40 });
        const ctx = createContext(
          { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
          { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
        );
        // MyOperator lists someone, so the prune is not refused for a side that listed nobody.
        const other = moUser('front.desk@acmetraders.in', { id: 'm-desk', name: named ? 'Front Desk' : '', extension: '10' });
        await run({ auto: true, dryRun, prune: true, maxPrune: 10 }, ctx, { store, fetchUsers: async () => ({ zoho, myoperator: [other] }) });
        return out.split('\n').map((l) => l.trimEnd());
      };
      // Imran's MyOperator user deleted (his Zoho user disabled), Asha's Zoho user gone from Zoho's list.
      const lines = await tableOf(dryRun ? [imranZ, ashaZ] : [imranZ], true);
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^Imran Qureshi ${mark.replace(/[()]/g, '\\$&')} +\\(ext 28, no longer exists\\)( |$)`))]));
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^imran\.qureshi@acmetraders\.in +imran\.qureshi@acmetraders\.in( |$)/)]));
      expect(lines.filter((l) => l.trim() === mark)).toEqual([]);
      expect(lines.every((l) => l.length <= columns)).toBe(true);
      // A table with no names at all: the mark follows the e-mail, whole, on its one line.
      const unnamed = await tableOf([ashaZ], false);
      expect(unnamed).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^asha\\.rao@acmetraders\\.in ${mark.replace(/[()]/g, '\\$&')} +\\(ext 11, no longer exists\\)( |$)`))]));
      expect(unnamed.filter((l) => l.trim() === mark)).toEqual([]);
    }
  }
});

// With Ravi's Zoho user marked "never map", resync counted ext 12 among "2 MyOperator users unclaimed (…): Front Desk
// <desk@acme.in>, Ravi Kumar <Ravi.Kumar@acme.in>", where match's row says what the mark does to it: holding his e-mail
// byte for byte, PhoneBridge gives it his calls (no one's to claim), and but for case the mark alone keeps it from its match.
it('a line whose e-mail is a Zoho user\'s marked "never map" is said apart, in match\'s words: holding it byte for byte it is not unclaimed; but for case it is, with the mark\'s steps', async () => {
  const ravi = zohoUser('Ravi.Kumar@acme.in', { id: 'z-ravi', name: 'Ravi Kumar' });
  const desk = moUser('desk@acme.in', { id: 'm-desk', name: 'Front Desk', extension: '10' });
  const saved = { mappings: [], ignored: [{ zohoId: ravi.id, email: ravi.email, at: '2026-12-01T10:00:00.000Z' }] };
  const said = async (email: string, isTTY: boolean, columns = 120) => {
    let out = '';
    const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY, columns, rows: 40 });
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, {
      store: new MappingStore(join(tmp.dir, `marked-${columns}-${isTTY}.json`), { command: 'resync' }),
      saved,
      fetchUsers: async () => ({ zoho: [ravi], myoperator: [moUser(email, { id: 'm-ravi', name: 'Ravi Kumar', extension: '12' }), desk] }),
    });
    return isTTY ? out.replace(/\s+/g, ' ') : out;
  };
  const unmap = '`phonebridge-sync map --unmap Ravi.Kumar@acme.in`';
  for (const columns of [80, 120]) {
    expect(await said('Ravi.Kumar@acme.in', true, columns)).toContain(
      `1 MyOperator user unclaimed (mapped to nobody, nor anyone's candidate): Front Desk <desk@acme.in>. MyOperator user Ravi Kumar (ext 12) holds exactly the e-mail of Zoho user Ravi.Kumar@acme.in, marked "never map": PhoneBridge gives it that user's calls whatever the mark, so fix has nothing to set (${unmap} lifts the mark). `,
    );
    expect(await said('ravi.kumar@acme.in', true, columns)).toContain(
      `2 MyOperator users unclaimed (mapped to nobody, nor anyone's candidate): Front Desk <desk@acme.in>, Ravi Kumar <ravi.kumar@acme.in>. MyOperator user Ravi Kumar (ext 12) is unclaimed: its only match is Zoho user Ravi.Kumar@acme.in, marked "never map": lift the mark for fix to set its e-mail (${unmap}), or leave it unmapped on purpose (\`phonebridge-sync map --ignore-myoperator 12\`). `,
    );
  }
  expect(await said('Ravi.Kumar@acme.in', false)).toContain('summary\tunclaimed\t1\n');
  expect(await said('ravi.kumar@acme.in', false)).toContain('summary\tunclaimed\t2\n');
});

it("a stale pair (its MyOperator e-mail retyped since mapped) whose seat is another Zoho user's likely match is said as fix says it, the crossed hold, not the retyped one: its row at a terminal, and the count piped", async () => {
  // Deepak mapped by a slip to ext 21, Neha Kapoor's seat, whose e-mail was then retyped in MyOperator.
  const deepak = zohoUser('deepak.verma@acme.in', { id: 'z-deepak', name: 'Deepak Verma' });
  const neha = zohoUser('neha.k@acme.in', { id: 'z-neha', name: 'Neha Kapoor' });
  const seat = moUser('nkapoor.sales@gmail.com', { id: 'm-21', name: 'Neha Kapoor', extension: '21' });
  const desk = moUser('desk@acme.in', { id: 'm-10', name: 'Front Desk', extension: '10' });
  const store = new MappingStore(join(tmp.dir, 'crossed-stale.json'), { command: 'resync' });
  await store.update(() => ({ data: withMapping({ mappings: [], ignored: [] }, deepak, { ...seat, email: 'deepak.v@gmail.com' }, 'manual', '2026-01-01T00:00:00.000Z'), result: 0 }));
  const resync = async (columns?: number) => {
    let out = '';
    let err = '';
    const sink = (add: (s: string) => void) => new Writable({ write: (c, _e, done) => (add(String(c)), done()) });
    const stdout = Object.assign(sink((s) => (out += s)), columns ? { isTTY: true, columns, rows: 40 } : {});
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: sink((s) => (err += s)), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, { store, fetchUsers: async () => ({ zoho: [deepak, neha], myoperator: [seat, desk] }) });
    return { out, err };
  };
  const counted = 'so PhoneBridge attributes none of its calls (1 that fix refuses as it stands, as `phonebridge-sync fix --dry-run` says why).';
  expect((await resync()).err).toContain(counted);
  const crossed =
    '`fix` refuses to set it as it stands: MyOperator user Neha Kapoor (ext 21) is the likely match of Zoho user Neha Kapoor (neha.k@acme.in; suggested: same-name), not of Deepak Verma <deepak.verma@acme.in>, so fix leaves this pair alone until told: ' +
    'if the seat is that of Deepak Verma <deepak.verma@acme.in>, `phonebridge-sync fix --only 21` sets it; if it is that of Neha Kapoor <neha.k@acme.in>, `phonebridge-sync map --zoho neha.k@acme.in --myoperator 21 --yes` maps that pair instead.';
  for (const columns of [80, 120]) {
    const { out, err } = await resync(columns);
    const row = out.slice(out.indexOf('Stale (1)'), out.indexOf('Unresolved (1)'));
    // The reason column's words, as its lines join them (at 120 columns the pair's e-mails stand beside its second line).
    const why = row.slice(row.indexOf('MyOperator e-mail changed')).replace(/^deepak\.verma@acme\.in +deepak\.v@gmail\.com +/m, '').replace(/\s+/g, ' ').trim();
    expect(why).toBe(`MyOperator e-mail changed from "deepak.v@gmail.com" to "nkapoor.sales@gmail.com" ${crossed}`);
    expect(err).toContain(counted);
  }
});

it('MyOperator listing one user only, held by a stale pair resync keeps, is not said to have listed nobody: the other Zoho user\'s row at a terminal and piped', async () => {
  // Deepak mapped to ext 21, its e-mail retyped since: the pair is stale and kept, so ext 21 is off limits to the match.
  const deepak = zohoUser('deepak.verma@acme.in', { id: 'z-deepak', name: 'Deepak Verma' });
  const neha = zohoUser('neha.k@acme.in', { id: 'z-neha', name: 'Neha Kapoor' });
  const seat = moUser('nkapoor.sales@gmail.com', { id: 'm-21', name: 'Neha Kapoor', extension: '21' });
  const store = new MappingStore(join(tmp.dir, 'one-listed.json'), { command: 'resync' });
  await store.update(() => ({ data: withMapping({ mappings: [], ignored: [] }, deepak, { ...seat, email: 'deepak.v@gmail.com' }, 'manual', '2026-01-01T00:00:00.000Z'), result: 0 }));
  const resync = async (columns?: number) => {
    let out = '';
    const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), columns ? { isTTY: true, columns, rows: 40 } : {});
    const ctx = createContext(
      { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
      { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
    );
    await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, { store, fetchUsers: async () => ({ zoho: [deepak, neha], myoperator: [seat] }) });
    return out;
  };
  // It read "myoperator-side-empty", at a terminal "Not compared with anyone: no MyOperator user was listed at all".
  expect(await resync()).toContain('\nunresolved\tz-neha\tneha.k@acme.in\tzoho-only\t\t\n');
  for (const columns of [80, 120]) {
    const out = await resync(columns);
    expect(out).toMatch(/\nNeha Kapoor +zoho-only +no MyOperator user still unmatched resembles this one *\nneha\.k@acme\.in *\n/);
    expect(out).not.toContain('listed at all');
  }
});
