/**
 * The tables at a real pseudo-terminal (node-pty), 80 and 120 columns wide: every e-mail of either
 * side appears whole (e-mails are what this tool compares), no line is wider than the screen, and
 * output longer than the screen goes through the pager unless --no-pager or CI says not to.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { reveal } from '../../src/core/forensics.js';
import { DEMO_CASES, demoCompany } from '../../src/sandbox/demo-company.js';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { runAtTerminal } from '../support/pty.js';
import { emulatorEnv, startEmulators } from '../support/emulators.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
beforeAll(async () => {
  tmp = tempDir();
  dir = join(tmp.dir, 'config');
  // Four exact matches saved, so `list mappings` has rows.
  expect((await runCli(['--config-dir', dir, '--sandbox', 'map', '--auto'])).code).toBe(0);
});
afterAll(() => tmp.cleanup());

/**
 * Runs the bin at a terminal of the given size and returns its screen output, lines without colour.
 * In the sandbox, unless `env` points the clients at emulators of the test's own.
 */
function atTerminal(args: string[], cols: number, rows: number, env: Record<string, string> = {}, configDir = dir): Promise<{ code: number; lines: string[] }> {
  const sandbox = env.PHONEBRIDGE_MYOPERATOR_API_URL ? [] : ['--sandbox'];
  const command = [process.execPath, BIN, '--config-dir', configDir, ...sandbox, ...args];
  return runAtTerminal(command, cols, rows, { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm-256color', NO_COLOR: '1', ...env }).then((r) => ({
    code: r.code,
    lines: screenLines(r.output),
  }));
}

/** What stays on screen: the spinner redraws its line (cursor to column 1, erase), so only what follows the last redraw counts. */
function screenLines(raw: string): string[] {
  return raw.split('\n').map((line) => {
    const redraw = Math.max(line.lastIndexOf('\x1b[1G'), line.lastIndexOf('\x1b[2K'), line.lastIndexOf('\r', line.length - 2));
    return (redraw >= 0 ? line.slice(redraw) : line).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  });
}

/** Emulators of the test's own (their users changed by the test), its config dir, closed after. */
async function withOwnEmulators(
  name: string,
  body: (e: Awaited<ReturnType<typeof startEmulators>>, env: Record<string, string>, config: string) => Promise<void>,
): Promise<void> {
  const e = await startEmulators();
  try {
    await body(e, emulatorEnv(e), join(tmp.dir, name));
  } finally {
    await e.close();
  }
}

interface ExportedMapping {
  zoho: { id: string; email: string };
  myoperator: { email: string };
  at: string;
}

/** A config dir of its own, `name`, whose store is restored (map --import) from this file's mappings exported and changed by `edit`. */
async function restoredAs(name: string, edit: (mappings: ExportedMapping[]) => void): Promise<{ config: string; mappings: ExportedMapping[] }> {
  const exported = JSON.parse((await runCli(['--config-dir', dir, '--sandbox', 'list', 'mappings', '--json'])).stdout) as { mappings: ExportedMapping[] };
  edit(exported.mappings);
  const file = join(tmp.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(exported));
  const config = join(tmp.dir, name);
  expect((await runCli(['--config-dir', config, '--sandbox', 'map', '--import', file, '--yes'])).code).toBe(0);
  return { config, mappings: exported.mappings };
}

const demo = demoCompany();
// As the tables show them: invisible and look-alike characters as code points (<U+0430>nil…).
const zohoEmails = demo.zoho.map((u) => reveal(u.email));
const myOperatorEmails = demo.myoperator.filter((u) => u.email).map((u) => reveal(u.email));

function expectWhole(lines: string[], emails: string[], cols: number): void {
  const words = new Set(lines.flatMap((l) => l.split(/\s+/)));
  const cut = emails.filter((e) => !words.has(e));
  expect(cut).toEqual([]);
  // Table lines only: the sentences on stderr ("19 Zoho users.") wrap like any prose.
  expect(lines.filter((l) => stringWidth(l) > cols && !/\.\)?$/.test(l))).toEqual([]);
}

describe.each([80, 120])('at %i columns', (cols) => {
  it('list zoho shows every Zoho e-mail whole and fits the screen', async () => {
    const r = await atTerminal(['list', 'zoho'], cols, 100);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/^name\s+email\s+status/);
    expectWhole(r.lines, zohoEmails, cols);
    // Pooja has not accepted Zoho's invitation: at 80 columns "confirmed no" was a column left out, and status said "active" alone.
    // At 80 columns "unconfirmed" goes under "active," (the next test).
    expect(r.lines.find((l) => l.startsWith('Pooja Sharma'))).toMatch(/^Pooja Sharma +pooja\.sharma@acmetraders\.in +active,( unconfirmed)?( |$)/);
    expect(r.lines.find((l) => l.startsWith('Asha Rao'))).toMatch(/^Asha Rao +asha\.rao@acmetraders\.in +active( |$)/);
    expect(r.lines.join(' ')).not.toMatch(/"confirmed"/);
  });

  it('list zoho keeps "id" beside "active, unconfirmed": at 80 columns the status goes on two lines, not the ids off screen', async () => {
    const r = await atTerminal(['list', 'zoho'], cols, 100);
    expect(r.code).toBe(0);
    // At 80 it was "name  email  status" over a status column 19 wide, and "(Not shown at 80 columns: "id" and "zuid"; …)".
    expect(r.lines[0]).toMatch(cols === 80 ? /^name +email +status +id$/ : /^name +email +status +id +zuid$/);
    expect(r.lines.filter((l) => l.startsWith('(Not shown'))).toEqual(cols === 80 ? ['(Not shown at 80 columns: "zuid"; --json or --csv has every column.)'] : []);
    const pooja = r.lines.findIndex((l) => l.startsWith('Pooja Sharma'));
    if (cols === 80) {
      expect(r.lines.slice(pooja - 1, pooja + 3)).toEqual(['', expect.stringMatching(/^Pooja Sharma +pooja\.sharma@acmetraders\.in +active, +4815900000000234623$/), expect.stringMatching(/^ {40,}unconfirmed$/), '']);
      // Only that row is two lines: the rows of one line keep no blank lines between them.
      expect(r.lines[pooja - 2]).toMatch(/^Gaurav Bose /);
    } else expect(r.lines[pooja]).toMatch(/^Pooja Sharma +pooja\.sharma@acmetraders\.in +active, unconfirmed +4815900000000234623 +60012629$/);
  });

  it('list myoperator shows every MyOperator e-mail whole and fits the screen', async () => {
    const r = await atTerminal(['list', 'myoperator'], cols, 100);
    expect(r.code).toBe(0);
    expectWhole(r.lines, myOperatorEmails, cols);
  });

  it('list mappings shows both e-mails of every mapping whole, with readable headers', async () => {
    const r = await atTerminal(['list', 'mappings'], cols, 100);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/^Zoho e-mail\s+MyOperator e-mail\s+ext\s+how/);
    const mapped = ['asha.rao@acmetraders.in', 'pooja.sharma@acmetraders.in', 'imran.qureshi@acmetraders.in', 'sneha.reddy@acmetraders.in'];
    expectWhole(r.lines, mapped, cols);
    for (const e of mapped)
      expect(
        r.lines
          .find((l) => l.startsWith(e))
          ?.split(/\s+/)
          .filter((w) => w === e),
      ).toHaveLength(2);
  });

  it('match shows every e-mail of either side whole and fits the screen', async () => {
    const r = await atTerminal(['match', '--no-pager'], cols, 40);
    expect(r.code).toBe(0);
    expectWhole(r.lines, [...zohoEmails, ...myOperatorEmails], cols);
    expect(r.lines.join('\n')).toMatch(/Deepak Verma\s+Deepak Verma\s+0\.85/);
    // Mapped and counted so, with why PhoneBridge attributes none of her calls yet beside her row.
    const pooja = r.lines.findIndex((l) => l.startsWith('Pooja Sharma'));
    const block = r.lines.slice(pooja, r.lines.indexOf('', pooja)).join(' ');
    expect(block.replace(/Pooja Sharma|pooja\.sharma@acmetraders\.in|1\.00/g, '').replace(/\s+/g, ' ').trim()).toBe(
      "[unconfirmed, Zoho] Zoho user has not accepted Zoho's invitation (not confirmed), so PhoneBridge attributes none of its calls until the invitation is accepted (an admin can resend it from Zoho's Setup → Users)",
    );
    // The summary on stderr breaks between words and fits: no status is split by the terminal.
    const at = r.lines.findIndex((l) => l.startsWith('19 Zoho users:'));
    // Apart from the table's last row (Front Desk's, ending "… leaves it unmapped on purpose", broken
    // where the temporary --config-dir falls), as its rows are from each other: it ran on from it.
    expect([r.lines[at - 2]!.trimEnd().endsWith('purpose'), r.lines[at - 1]!.trim()]).toEqual([true, '']);
    const summary = r.lines.slice(at, r.lines.findIndex((l, i) => i >= at && l.endsWith('.')) + 1);
    expect(summary.every((l) => stringWidth(l) <= cols)).toBe(true);
    expect(summary.join(' ')).toBe('19 Zoho users: 4 mapped, 5 mismatch, 6 suggested, 1 ambiguous, 2 inactive, 1 zoho-only; 2 MyOperator users matched by none (myoperator-only).');
    // Then the next step, for the kinds counted (the exact ones are mapped already): it ended with the counts.
    const end = at + summary.length;
    const next = r.lines.slice(end, r.lines.findIndex((l, i) => i >= end && l.endsWith('.')) + 1);
    expect(next.every((l) => stringWidth(l) <= cols)).toBe(true);
    const cli = `phonebridge-sync --sandbox --config-dir ${dir}`;
    expect(next.join(' ')).toBe(`Next: \`${cli} fix\` sets the MyOperator e-mail of the 5 mismatches, and \`${cli} map\` asks about the 9 that need a person (6 suggested, 1 ambiguous, 1 inactive in MyOperator, 1 zoho-only), not the 1 inactive in Zoho, who gets no calls while off there.`);
  });
});

describe('list mappings with one long e-mail on each side', () => {
  const longZoho = 'asha.rao.from.the.accounts.receivable.department.of.the.northern.region@acmetraders.in'; // 86
  const longMo = 'imran.qureshi.from.the.accounts.receivable.department.of.the.north.region@acmetraders.co.in'; // 91
  let own: string;
  beforeAll(async () => {
    // A store restored from an export in which two addresses are longer than half of any screen.
    ({ config: own } = await restoredAs('long-emails', (mappings) => {
      mappings.find((m) => m.zoho.email === 'asha.rao@acmetraders.in')!.zoho.email = longZoho;
      mappings.find((m) => m.zoho.email === 'imran.qureshi@acmetraders.in')!.myoperator.email = longMo;
    }));
  });

  it.each([80, 120])('at %i columns breaks those two, and keeps every other e-mail whole', async (cols) => {
    const r = await atTerminal(['list', 'mappings', '--no-pager'], cols, 100, {}, own);
    expect(r.code).toBe(0);
    // At 120 columns each e-mail column was judged against the other's long address: both were
    // squeezed to about 20 columns, and every e-mail of the table broke at its "@".
    expectWhole(r.lines, ['asha.rao@acmetraders.in', 'pooja.sharma@acmetraders.in', 'imran.qureshi@acmetraders.in', 'sneha.reddy@acmetraders.in'], cols);
    expect(r.lines.find((l) => l.startsWith('pooja.sharma@acmetraders.in'))).toMatch(/^pooja\.sharma@acmetraders\.in +pooja\.sharma@acmetraders\.in +27 +auto/);
    // The two long ones are broken, not cut: their pieces, read down the column, are the address.
    const start = r.lines[0]!.indexOf('MyOperator e-mail');
    const row = r.lines.findIndex((l) => l.startsWith('imran.qureshi@acmetraders.in'));
    const pieces = r.lines.slice(row, r.lines.indexOf('', row)).map((l) => l.slice(start).split('  ')[0]!.trim());
    expect(pieces.join('')).toBe(longMo);
  });
});

/**
 * `list <what>` at `narrow` columns and at `wide`: the wider screen's lines, once they show every
 * column the narrower one does (`column` among them) and no table line is wider than the screen.
 */
async function widerShowsEvery(what: string, narrow: number, wide: number, column: string, env: Record<string, string>, config: string): Promise<string[]> {
  const headers = (lines: string[]) => lines[0]!.split(/ {2,}/);
  const narrower = await atTerminal(['list', what, '--no-pager'], narrow, 100, env, config);
  const r = await atTerminal(['list', what, '--no-pager'], wide, 100, env, config);
  expect(r.code).toBe(0);
  expect(headers(narrower.lines)).toContain(column);
  expect(headers(r.lines)).toEqual(expect.arrayContaining(headers(narrower.lines)));
  expect(r.lines.filter((l) => stringWidth(l) > wide && !/\.\)?$/.test(l))).toEqual([]);
  return r.lines;
}

describe("one row's long e-mail: every other row keeps its columns", () => {
  it('list myoperator at 80 columns keeps "id" of every user beside an 85-character MyOperator e-mail, which breaks in its row', async () => {
    await withOwnEmulators('long-myoperator-email', async (e, env, config) => {
      const long = 'vikram.singh.regional.sales.manager.north@acmetraders-enterprises-international.co.in'; // 85
      e.mo.users.find((u) => String(u.extension) === '14')!.email = long;
      const r = await atTerminal(['list', 'myoperator', '--no-pager'], 80, 100, env, config);
      expect(r.code).toBe(0);
      // It was "name  email  ext  active" and "(Not shown at 80 columns: "id" and "user_id"; …)": to break the address once, at its "@".
      expect(r.lines[0]).toMatch(/^name +email +ext +active +id$/);
      expect(r.lines).toContain('(Not shown at 80 columns: "user_id"; --json or --csv has every column.)');
      for (const u of e.mo.users.filter((u) => String(u.extension) !== '14'))
        expect(r.lines.find((l) => l.startsWith(`${u.name} `))).toMatch(new RegExp(` ${String(u.extension)} +(yes|no) +${u.uuid}$`));
      expect(r.lines.filter((l) => stringWidth(l) > 80 && !/\.\)?$/.test(l))).toEqual([]);
      const start = r.lines[0]!.indexOf('email');
      const row = r.lines.findIndex((l) => l.startsWith('Vikram Singh'));
      expect(r.lines[row]).toMatch(/ 14 +yes +s5f3a5c0c9b25$/);
      const pieces = r.lines.slice(row, r.lines.indexOf('', row)).map((l) => l.slice(start).split('  ')[0]!.trim());
      expect(pieces.join('')).toBe(long);
    });
  });

  it('list myoperator at 120 columns shows every column it shows at 80 beside an 85-character MyOperator e-mail, which breaks in its row', async () => {
    await withOwnEmulators('long-myoperator-email-wider', async (e, env, config) => {
      const long = 'vikram.singh.regional.sales.manager.north@acmetraders-enterprises-international.co.in'; // 85
      e.mo.users.find((u) => String(u.extension) === '14')!.email = long;
      // It was "name  email  ext  active" and "(Not shown at 120 columns: "id" and "user_id"; …)": the address fit
      // a screen of 120 whole, and "id", which 80 columns showed beside it broken, went for every user.
      const lines = await widerShowsEvery('myoperator', 80, 120, 'id', env, config);
      expect(lines[0]).toMatch(/^name +email +ext +active +id +user_id$/);
      expect(lines.filter((l) => l.startsWith('(Not shown'))).toEqual([]);
      for (const u of e.mo.users.filter((u) => String(u.extension) !== '14'))
        expect(lines.find((l) => l.startsWith(`${u.name} `))).toMatch(new RegExp(` ${String(u.extension)} +(yes|no) +${u.uuid} +${u.user_id}$`));
      const start = lines[0]!.indexOf('email');
      const row = lines.findIndex((l) => l.startsWith('Vikram Singh'));
      expect(lines[row]).toMatch(/ 14 +yes +s5f3a5c0c9b25 +227004$/);
      const pieces = lines.slice(row, lines.indexOf('', row)).map((l) => l.slice(start).split('  ')[0]!.trim());
      expect(pieces.join('')).toBe(long);
    });
  });

  it('list mappings at 120 columns shows every column it shows at 100 beside a 75-character MyOperator e-mail, which breaks in its row', async () => {
    const long = 'imran.qureshi.regional.sales.manager.north.india@acmetraders-overseas.co.in'; // 75
    const { config, mappings } = await restoredAs('one-long-email-wider', (all) => {
      all.find((m) => m.zoho.email === 'imran.qureshi@acmetraders.in')!.myoperator.email = long;
    });
    // It was "Zoho e-mail  MyOperator e-mail  ext  how" and "(Not shown at 120 columns: "at (UTC)", "Zoho id", …)",
    // where 100 columns showed "at (UTC)" beside the address broken.
    const lines = await widerShowsEvery('mappings', 100, 120, 'at (UTC)', {}, config);
    expect(lines[0]).toMatch(/^Zoho e-mail +MyOperator e-mail +ext +how +at \(UTC\) +Zoho id$/);
    for (const m of mappings) expect(lines.find((l) => l.startsWith(`${m.zoho.email} `))).toMatch(new RegExp(` ${m.zoho.id}$`));
    const start = lines[0]!.indexOf('MyOperator e-mail');
    const row = lines.findIndex((l) => l.startsWith('imran.qureshi@'));
    const pieces = lines.slice(row, lines.indexOf('', row)).map((l) => l.slice(start).split('  ')[0]!.trim());
    expect(pieces.join('')).toBe(long);
  });

  it('list mappings at 125 columns shows every column it shows at 95 beside two exact pairs of 100 and 97 characters, broken in their rows', async () => {
    const domain = '@acmetraders-enterprises-international.co.in';
    const long = (who: string, length: number) => `${`${who}.regional.sales.manager.north.india.division.west.zone`.slice(0, length - domain.length)}${domain}`;
    const longs = { 'asha.rao@acmetraders.in': long('asha.rao', 100), 'imran.qureshi@acmetraders.in': long('imran.qureshi', 97) };
    const { config } = await restoredAs('two-long-pairs', (all) => {
      for (const m of all) {
        const to = longs[m.zoho.email as keyof typeof longs];
        if (to) m.zoho.email = m.myoperator.email = to;
      }
    });
    // It was "Zoho e-mail  MyOperator e-mail  ext  how" at 125, where 95 columns showed "at (UTC)" too.
    const lines = await widerShowsEvery('mappings', 95, 125, 'at (UTC)', {}, config);
    for (const [header, start] of [['Zoho e-mail', 0], ['MyOperator e-mail', lines[0]!.indexOf('MyOperator e-mail')]] as const) {
      const end = lines[1]!.indexOf(' ', start);
      const down = lines.slice(2).map((l) => l.slice(start, end).trim()).join('');
      for (const email of [...Object.values(longs), 'pooja.sharma@acmetraders.in', 'sneha.reddy@acmetraders.in']) expect({ header, has: down.includes(email) }).toEqual({ header, has: true });
    }
  });

  // On one side, or on both (an exact pair), where the Zoho one broke and "Zoho id" went to keep the MyOperator one whole.
  it.each([['MyOperator e-mail is', false], ['two e-mails are', true]])('list mappings at 120 columns keeps "Zoho id" of every mapping beside one whose %s 84 characters, broken in its row', async (_, both) => {
    const long = 'imran.qureshi.regional.sales.manager.north.india.division@acmetraders-overseas.co.in'; // 84
    const { config, mappings } = await restoredAs(both ? 'one-long-pair' : 'one-long-email', (all) => {
      const imran = all.find((m) => m.zoho.email === 'imran.qureshi@acmetraders.in')!;
      imran.myoperator.email = long;
      if (both) imran.zoho.email = long;
    });
    const r = await atTerminal(['list', 'mappings', '--no-pager'], 120, 100, {}, config);
    expect(r.code).toBe(0);
    // It was "… how  at (UTC)" and "(Not shown at 120 columns: "Zoho id", "MyOperator uuid" and "zuid"; …)".
    expect(r.lines[0]).toMatch(/^Zoho e-mail +MyOperator e-mail +ext +how +at \(UTC\) +Zoho id$/);
    expect(r.lines).toContain('(Not shown at 120 columns: "MyOperator uuid" and "zuid"; --json or --csv has every column.)');
    for (const m of mappings) expect(r.lines.find((l) => l.startsWith(m.zoho.email === long ? 'imran.qureshi.' : `${m.zoho.email} `))).toMatch(new RegExp(` ${m.zoho.id}$`));
    expect(r.lines.filter((l) => stringWidth(l) > 120 && !/\.\)?$/.test(l))).toEqual([]);
    const row = r.lines.findIndex((l) => l.startsWith('imran.qureshi'));
    for (const header of both ? ['Zoho e-mail', 'MyOperator e-mail'] : ['MyOperator e-mail']) {
      const start = r.lines[0]!.indexOf(header);
      const pieces = r.lines.slice(row, r.lines.indexOf('', row)).map((l) => l.slice(start).split('  ')[0]!.trim());
      expect(pieces.join('')).toBe(long);
    }
  });
});

describe('list mappings, a time recorded with an offset', () => {
  it('shows it in UTC under "at (UTC)", not its own clock', async () => {
    // 01:02 UTC, as typed in India: it showed "2026-11-25 06:32" under "at (UTC)".
    const { config } = await restoredAs('offset-time', (mappings) => void (mappings.find((m) => m.zoho.email === 'asha.rao@acmetraders.in')!.at = '2026-11-25T06:32:56+05:30'));
    const r = await atTerminal(['list', 'mappings', '--no-pager'], 120, 100, {}, config);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/ at \(UTC\) /);
    expect(r.lines.find((l) => l.startsWith('asha.rao@acmetraders.in'))).toMatch(/ 2026-11-25 01:02 /);
  });
});

describe('resync at a terminal', () => {
  it('names the people it would add, with both e-mails whole', async () => {
    const r = await atTerminal(['resync', '--dry-run'], 80, 100, {}, join(tmp.dir, 'resync'));
    expect(r.code).toBe(0);
    const screen = r.lines.join('\n');
    expect(screen).toMatch(/^Would add \(4\): exact e-mail matches$/m);
    expect(screen).toMatch(/^Asha Rao +Asha Rao +11$/m);
    expect(screen).toMatch(/^asha\.rao@acmetraders\.in +asha\.rao@acmetraders\.in$/m);
    expect(screen).toMatch(/Dry run: nothing written\. 4 would be added/);
  });

  it('lists the pairs whose e-mails were retyped to equal since they were mapped, with what they were recorded as', async () => {
    await withOwnEmulators('resync-refresh', async (e, env, config) => {
      const deepak = DEMO_CASES['local-part-typo'];
      expect((await runCli(['--config-dir', config, 'map', '--zoho', deepak, '--myoperator', '18'], env)).code).toBe(0);
      const phone = e.mo.users.find((u) => String(u.extension) === '18')!;
      const was = reveal(phone.email);
      phone.email = deepak; // retyped in MyOperator's panel, as `fix` would have
      for (const cols of [80, 120]) {
        const r = await atTerminal(['resync', '--dry-run'], cols, 100, env, config);
        expect(r.code).toBe(0);
        const screen = r.lines.join('\n');
        expect(screen).toMatch(/^Would record anew \(1\): e-mails retyped since mapped, now equal$/m);
        // Beside the pair when the screen has room, else on a line of its own below it.
        expect(screen).toMatch(new RegExp(`^(Deepak Verma +Deepak Verma +|\\s+)MyOperator was ${was.replace(/\./g, '\\.')}$`, 'm'));
        expectWhole(r.lines, [deepak, was], cols);
        // Counted once, in the closing sentence (which may break between any two words).
        expect(screen).toMatch(/1\s+kept\s+\(1\s+to\s+be\s+recorded\s+anew\)/);
        // Under the tables, only those in none of them, by name: mapped to nobody and no unresolved user's
        // candidate. "(mapped to nobody)" alone was untrue of the count: 17 of the 21 are mapped to nobody.
        expect(screen).toMatch(
          /^2 MyOperator users unclaimed \(mapped to nobody, nor anyone's\s+candidate\):\s+Night\s+Shift\s+<no\s+e-mail>,\s+Front\s+Desk\s+<reception@acmetraders\.in>\.$/m,
        );
        expect(screen).not.toMatch(/kept unchanged/);
      }
    });
  });
});

describe('resync at a terminal, a stale pair', () => {
  it('says what its MyOperator e-mail changed from and to with look-alike and invisible characters as code points', async () => {
    await withOwnEmulators('resync-stale-lookalike', async (e, env, config) => {
      const anil = DEMO_CASES['confusable-character'];
      const phone = e.mo.users.find((u) => String(u.extension) === '15')!;
      const cyrillic = phone.email;
      // Set right (as fix would) and mapped exactly; then the Cyrillic "а" pasted back in MyOperator's panel.
      phone.email = anil;
      expect((await runCli(['--config-dir', config, 'map', '--zoho', anil, '--myoperator', '15'], env)).code).toBe(0);
      phone.email = cyrillic;
      for (const cols of [80, 120]) {
        const r = await atTerminal(['resync', '--dry-run', '--no-pager'], cols, 100, env, config);
        expect(r.code).toBe(0);
        const screen = r.lines.join('\n');
        expect(screen).toMatch(/^Stale \(1\): saved mappings whose users changed$/m);
        // It read 'changed from "anil.mehta@acmetraders.in" to "аnil.mehta@acmetraders.in"': no change to the eye.
        expect(screen).toMatch(/MyOperator e-mail changed from "anil\.mehta@acmetraders\.in" to\s+"<U\+0430>nil\.mehta@acmetraders\.in"/);
        expect(screen).not.toContain(cyrillic);
      }
    });
  });
});

describe('resync at a terminal, a stale pair retyped in MyOperator', () => {
  it('at 80 columns its row\'s commands break only between arguments, with a trailing backslash: each pastes as the one command, no line past the screen', async () => {
    await withOwnEmulators('resync-stale-commands-at-80-columns', async (e, env, config) => {
      const ravi = DEMO_CASES.case;
      const phone = e.mo.users.find((u) => String(u.extension) === '12')!;
      const zohoId = e.zoho.users.find((u) => u.email === ravi)!.id;
      phone.email = ravi;
      expect((await runCli(['--config-dir', config, 'map', '--zoho', ravi, '--myoperator', '12'], env)).code).toBe(0);
      phone.email = 'ravi.k@acmetraders.in';
      const r = await atTerminal(['resync', '--dry-run', '--no-pager'], 80, 100, env, config);
      expect(r.code).toBe(0);
      // Left whole for the terminal to wrap, a command ran past the screen and was cut inside the uuid.
      expect(r.lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
      const commands = r.lines
        .join('\n')
        .replace(/ \\\n */g, ' ')
        .match(/`phonebridge-sync [^`]+`/g);
      expect(commands).toEqual(
        expect.arrayContaining([`\`phonebridge-sync --config-dir ${config} fix --only ${phone.uuid}\``, `\`phonebridge-sync --config-dir ${config} map --unmap ${zohoId}\``]),
      );
      // Each line a command continues on ends with " \\" after a whole argument.
      const continued = r.lines.filter((l) => l.endsWith(' \\'));
      expect(continued.length).toBeGreaterThan(0);
    });
  });

  it('at 80 columns a config dir with spaces, quoted in its commands, is never broken inside its quotes', async () => {
    await withOwnEmulators('the phone bridge team config', async (e, env, config) => {
      const ravi = DEMO_CASES.case;
      const phone = e.mo.users.find((u) => String(u.extension) === '12')!;
      phone.email = ravi;
      expect((await runCli(['--config-dir', config, 'map', '--zoho', ravi, '--myoperator', '12'], env)).code).toBe(0);
      phone.email = 'ravi.k@acmetraders.in';
      const r = await atTerminal(['resync', '--dry-run', '--no-pager'], 80, 100, env, config);
      expect(r.code).toBe(0);
      // It showed `--config-dir '/tmp/…/the phone bridge \` and `  team config' fix --only …`: inside
      // quotes the shell keeps the backslash and the line break, so pasted it named another directory.
      const quoted = `'${config}'`;
      expect(r.lines.filter((l) => l.includes('`phonebridge-sync ')).length).toBeGreaterThan(0);
      for (const line of r.lines.filter((l) => l.endsWith(' \\'))) expect(line.split("'").length % 2).toBe(1);
      expect(r.lines.filter((l) => l.includes(quoted)).length).toBeGreaterThanOrEqual(2);
      expect(r.lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    });
  });
});

describe('sentences at a terminal', () => {
  it("break between words, commander's own errors too, each before its hint", async () => {
    const r = await atTerminal(['--profile', '../../x', 'list', 'mappings'], 60, 40);
    expect(r.code).toBe(2);
    const lines = r.lines.filter(Boolean);
    const error = lines.findIndex((l) => l.startsWith("error: option '--profile <name>'"));
    expect(error).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('(run with --help for usage)')).toBeGreaterThan(error);
    expect(lines.every((l) => stringWidth(l) <= 60)).toBe(true);
    // Whole words only: the sentence reads the same with its breaks turned back into spaces.
    expect(lines.slice(error).join(' ')).toContain("names a file: not '.' or '..', without '/' or '\\', invisible characters or spaces at either end");
  });

  it.each([80, 50])('--help fits %i columns: every line breaks between words, a word wider than the room excepted', async (cols) => {
    for (const args of [['--help'], ['fix', '--help'], ['match', '--help']]) {
      const r = await atTerminal(args, cols, 400);
      expect(r.code).toBe(0);
      const over = r.lines.map((l) => l.trimEnd()).filter((l) => stringWidth(l) > cols && l.trim().split(/\s+/).length > 1);
      expect(over).toEqual([]);
      // A command too long for the screen breaks with a trailing backslash, so it still pastes as one.
      const commands = r.lines.filter((l) => /^\s+\$ phonebridge-sync /.test(l));
      for (const c of commands.filter((l) => l.trimEnd().endsWith('\\'))) expect(r.lines[r.lines.indexOf(c) + 1]).toMatch(/^ {6}\S/);
    }
  });

  it('--help at 120 columns fills the closing notes to the screen, as the options above them are', async () => {
    const r = await atTerminal(['resync', '--help'], 120, 200);
    expect(r.code).toBe(0);
    const lines = r.lines.map((l) => l.trimEnd());
    // They broke at 100 columns, a strip narrower than the option lines above them.
    expect(lines.some((l) => l.startsWith('  --fail-on-unresolved') && stringWidth(l) > 100)).toBe(true);
    const at = lines.findIndex((l) => l.startsWith('Pruning is refused'));
    const paragraph = lines.slice(at, lines.findIndex((l, i) => i >= at && l.endsWith('.')) + 1);
    expect(paragraph.length).toBeGreaterThan(1);
    // Each line ends where its next word would pass the screen, and none passes it.
    for (const [i, line] of paragraph.slice(0, -1).entries()) expect(stringWidth(line) + 1 + paragraph[i + 1]!.split(' ')[0]!.length).toBeGreaterThan(120);
    expect(paragraph.filter((l) => stringWidth(l) > 120)).toEqual([]);
  });

  it('no command at all: the help on stderr, exit 2, laid out as --help lays it out', async () => {
    const r = await atTerminal([], 64, 200);
    expect(r.code).toBe(2);
    expect(r.lines.join('\n')).toMatch(/^Usage: phonebridge-sync \[options\] \[command\]$/m);
    const help = await atTerminal(['--help'], 64, 200);
    expect(help.code).toBe(0);
    const body = (lines: string[]) => lines.filter(Boolean).map((l) => l.trimEnd());
    expect(body(r.lines)).toEqual(body(help.lines));
  });
});

describe('resync at a terminal, pairs recorded anew', () => {
  it('at 80 columns the heading naming both kinds (e-mails retyped, a new extension) breaks between words', async () => {
    await withOwnEmulators('resync-record-anew-heading', async (e, env, config) => {
      const asha = e.mo.users.find((u) => String(u.extension) === '11')!;
      const sneha = e.mo.users.find((u) => String(u.extension) === '29')!;
      // Asha mapped while MyOperator held another e-mail, then retyped to the Zoho one; Sneha given another extension.
      asha.email = 'asha.old@acmetraders.in';
      expect((await runCli(['--config-dir', config, 'map', '--zoho', DEMO_CASES.exact, '--myoperator', '11'], env)).code).toBe(0);
      asha.email = DEMO_CASES.exact;
      expect((await runCli(['--config-dir', config, 'map', '--zoho', 'sneha.reddy@acmetraders.in', '--myoperator', '29'], env)).code).toBe(0);
      sneha.extension = '49';
      const r = await atTerminal(['resync', '--dry-run', '--no-pager'], 80, 100, env, config);
      expect(r.code).toBe(0);
      const lines = r.lines.map((l) => l.trimEnd());
      // Left to the terminal, it was "…; or a new MyOpera" and "tor extension".
      expect(lines).toContain('Would record anew (2): e-mails retyped since mapped, now equal; or a new');
      expect(lines[lines.indexOf('Would record anew (2): e-mails retyped since mapped, now equal; or a new') + 1]).toBe('MyOperator extension');
      expect(lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    });
  });
});

describe('doctor --webhook at a terminal', () => {
  it("puts a fix's command on a line of its own when it fits there whole, rather than break it beside \"fix:\"", async () => {
    const call = join(tmp.dir, 'call.json');
    writeFileSync(call, '{"_ci":"c1","_ld":[{"_ac":"received","_rr":[{"_ex":"12"}]}]}');
    const command = `\`phonebridge-sync --sandbox --config-dir ${dir} fix --only 12\``;
    // As wide as the fix's continued lines (8 in) need for the command, not beside "      fix: ".
    const cols = 8 + command.length;
    const r = await atTerminal(['doctor', '--only', 'calls', '--webhook', call, '--no-pager'], cols, 60);
    expect(r.code).toBe(5);
    const lines = r.lines.map((l) => l.trimEnd());
    // It was "      fix: `phonebridge-sync … fix --only \\" and "          12`" below: a command broken that fitted whole.
    expect(lines).toContain(`        ${command}`);
    expect(lines[lines.indexOf(`        ${command}`) - 1]).toBe('      fix:');
    expect(lines.filter((l) => l.endsWith(' \\'))).toEqual([]);
    expect(lines.filter((l) => stringWidth(l) > cols)).toEqual([]);
  });
});

describe('doctor at 80 columns', () => {
  /** The fix lines of `id`'s check, joined: from "fix:" to the next check or group. */
  const fixOf = (lines: string[], id: string) => {
    const at = lines.findIndex((l) => l.startsWith(`  `) && l.includes(` ${id}: `));
    const from = lines.findIndex((l, i) => i > at && /^ {6}fix:/.test(l));
    const to = lines.findIndex((l, i) => i > from && !/^ {8}/.test(l));
    // A command too long for the line breaks between its arguments, with a trailing backslash.
    return { text: lines.slice(from, to).map((l) => l.trim()).join(' ').replaceAll(' \\ ', ' '), lines: to - from };
  };

  it("user-status' fix gives the person at the screen each cure, in the words of a piped run: it said only \"`… match` says each one's cure beside its row.\"", async () => {
    const r = await atTerminal(['doctor', '--only', 'users', '--no-pager'], 80, 80);
    const lines = r.lines.map((l) => l.trimEnd());
    const fix = fixOf(lines, 'user-status');
    const cli = `phonebridge-sync --sandbox --config-dir ${dir}`;
    expect(fix.text).toBe(
      `fix: Unconfirmed Zoho users get no calls until they accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users); inactive ones get none until reactivated in Zoho; a MyOperator user not taking calls gets none until turned back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability); MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: \`${cli} map\` offers Suresh Pillai (ext 24) to the Zoho user it resembles: map it there, then \`${cli} fix\` sets it; Night Shift (ext 31) resembles no Zoho user: it needs one added in Zoho first, whom \`${cli} map\` then asks about (a shared line can stay as it is: \`${cli} map --ignore-myoperator 31\` leaves it unmapped on purpose).`,
    );
    expect(lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    // Each command pastable: a line that ends inside one ends in " \\" (the shell joins them).
    const fixLines = lines.slice(lines.findIndex((l) => /^ {6}fix: Unconfirmed/.test(l))).slice(0, fix.lines);
    let open = false;
    const cut = fixLines.filter((l) => ((open = (l.split('`').length - 1) % 2 === 1 ? !open : open), open && !l.endsWith(' \\')));
    expect(cut).toEqual([]);
    expect(fixLines.some((l) => l.endsWith(' \\'))).toBe(true);
    // A piped run, and --verbose at a terminal, say the same.
    const verbose = fixOf((await atTerminal(['doctor', '--only', 'users', '--no-pager', '--verbose'], 80, 120)).lines.map((l) => l.trimEnd()), 'user-status');
    expect(verbose.text).toBe(fix.text);
  });

  it("myoperator-emails', mismatches' and duplicate-emails' fixes name the one step, the rest under --verbose: they ran to 6, 5 and 6 lines", async () => {
    const cli = `phonebridge-sync --sandbox --config-dir ${dir}`;
    const lines = (await atTerminal(['doctor', '--only', 'users', '--no-pager'], 80, 120)).lines.map((l) => l.trimEnd());
    expect(fixOf(lines, 'myoperator-emails').text).toBe(`fix: \`${cli} fix\` sets each that has a Zoho user to that user's; retype the rest in MyOperator.`);
    expect(fixOf(lines, 'mismatches').text).toBe(`fix: \`${cli} fix\` sets each MyOperator e-mail to the Zoho one; a pair only suggested, once \`${cli} map\` has confirmed it.`);
    const verbose = (await atTerminal(['doctor', '--only', 'users', '--no-pager', '--verbose'], 80, 120)).lines.map((l) => l.trimEnd());
    expect(fixOf(verbose, 'myoperator-emails').text).toBe(
      `fix: \`${cli} fix\` sets each MyOperator e-mail that has a Zoho user to that user's (\`${cli} fix --dry-run\` shows the plan); retype any other in MyOperator's user settings (copy-paste carries invisible characters).`,
    );
    // duplicate-emails' named the old account twice (the list above marks it inactive) and the panel's path: 6 lines.
    expect(fixOf(lines, 'duplicate-emails').text).toBe(
      `fix: Change or remove the inactive holder's e-mail in MyOperator (deactivating does not clear it), then map the right one with \`${cli} map\`.`,
    );
    expect(fixOf(verbose, 'duplicate-emails').text).toContain("(in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail)");
    expect(fixOf(verbose, 'mismatches').text).toMatch(/ \(Zoho is never changed\); `[^`]+ fix --dry-run` shows the plan\. A pair only suggested is set too once `[^`]+ map` has confirmed it\.$/);
  });

  it("--calls' fix of an agent only suggested breaks between phrases: \"(suggested):\" and \"then\" were each alone on a line, between its two commands", async () => {
    const cli = `phonebridge-sync --sandbox --config-dir ${dir}`;
    const lines = (await atTerminal(['doctor', '--calls', '--only', 'calls', '--no-pager'], 80, 150)).lines.map((l) => l.trimEnd());
    expect(lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    const at = lines.findIndex((l) => l.includes(' · Suresh Pillai (ext 24) · '));
    const to = lines.findIndex((l, i) => i > at + 1 && !/^ {10}/.test(l));
    const fix = lines.slice(at + 1, to);
    // A line of the sentence (not a command's own, nor its continuation) holds a phrase, not a lone word.
    const prose = fix.filter((l, i) => !l.trim().startsWith('`') && !fix[i - 1]?.endsWith(' \\'));
    expect(prose.filter((l) => l.trim().split(' ').length < 3)).toEqual([]);
    // Each command whole once its " \" continuations are joined, as the shell joins them when pasted.
    expect(fix.map((l) => l.trim()).join(' ').replaceAll(' \\ ', ' ')).toMatch(
      new RegExp(`^fix: Probably Zoho user Suresh Pillai <suresh\\.pillai@acmetraders\\.in> \\(suggested\\): confirm the pair with \`${cli.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} map --zoho suresh\\.pillai@acmetraders\\.in --myoperator 24\`, then set its MyOperator e-mail with \`[^\`]+ fix --only 24\`\\.$`),
    );
  });

  it('--calls\' fixes go on beside a command broken over lines: "fix:" was alone above the command, "then" alone after it', async () => {
    const lines = (await atTerminal(['doctor', '--calls', '--only', 'calls', '--no-pager'], 80, 150)).lines.map((l) => l.trimEnd());
    expect(lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    // Ravi, Meena, Vikram, Anil and Priya (ext 12 to 16): the test's config dir makes each command wider than a line of its own.
    const fixes = lines.filter((l) => /^ {8}fix: `phonebridge-sync /.test(l));
    expect(fixes).toHaveLength(5);
    expect(fixes.every((l) => l.endsWith(' \\'))).toBe(true);
    expect(lines.filter((l) => ['fix:', 'then'].includes(l.trim()))).toEqual([]);
    // Front Desk's two commands, each whole once its " \\" continuations are joined, "and then run" between them.
    const text = lines.map((l) => l.trim()).join(' ').replaceAll(' \\ ', ' ');
    expect(text).toContain(`(\`phonebridge-sync --sandbox --config-dir ${dir} map --myoperator 10 --zoho <zoho e-mail>\`) and then run \`phonebridge-sync --sandbox --config-dir ${dir} fix --only 10\`; a shared line can stay as it is: \`phonebridge-sync --sandbox --config-dir ${dir} map --ignore-myoperator 10\` leaves it unmapped on purpose.`);
    for (const ext of [12, 13, 14, 15, 16]) expect(text).toContain(`fix: \`phonebridge-sync --sandbox --config-dir ${dir} fix --only ${ext}\` sets its MyOperator e-mail to "`);
  });

  it("one-side-only's fix gives its --ignore command at every width, pastable over lines (it said \"--verbose says how\"), and mapping-health's is a command whole on its line (\"Run\" was alone)", async () => {
    // A config dir of its own: no saved mappings yet. Short, so the sandbox's resync fits a line at 80 columns.
    const fresh = join(tmp.dir, 'd');
    const cli = `phonebridge-sync --sandbox --config-dir ${fresh}`;
    const args = ['doctor', '--only', 'one-side-only', 'mapping-health', '--no-pager'];
    const lines = (await atTerminal(args, 80, 60, {}, fresh)).lines.map((l) => l.trimEnd());
    expect(lines.filter((l) => stringWidth(l) > 80)).toEqual([]);
    // The --ignore command at every width: "if Gaurav Bose takes no calls, --verbose says how to ignore
    // them." sent a newcomer to a flag whose answer sits among HTTP traces. Too long for a line, it is
    // broken between its arguments with a trailing " \\", pastable, as every fix lays out a long command.
    const ignore = `\`${cli} map --ignore gaurav.bose@acmetraders.in\``;
    const whole = `fix: Create the missing user on the other side; if Gaurav Bose takes no calls, ${ignore} marks them so; a shared line can stay as it is: \`${cli} map --ignore-myoperator <extension>\` leaves one unmapped on purpose.`;
    const oneSide = fixOf(lines, 'one-side-only');
    expect(oneSide.text).toBe(whole);
    const fixLines = lines.slice(lines.findIndex((l) => /^ {6}fix: Create/.test(l))).slice(0, oneSide.lines);
    const from = fixLines.findIndex((l) => l.includes('`phonebridge-sync'));
    const to = fixLines.findIndex((l, i) => i >= from && l.includes('@acmetraders.in`'));
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThanOrEqual(from);
    expect(fixLines.slice(from, to).every((l) => l.endsWith(' \\'))).toBe(true);
    // No word alone on a line ("calls," was, above the command broken over three).
    expect(fixLines.filter((l) => !l.trim().includes(' '))).toEqual([]);
    const health = fixOf(lines, 'mapping-health');
    expect(health.text).toBe(`fix: Save the first mappings with \`${cli} resync\`.`);
    expect(lines[lines.findIndex((l) => /^ {6}fix: Save/.test(l)) + 1]!.trim()).toBe(`\`${cli} resync\`.`);
    // At 120 columns the same sentence, the command whole on a line.
    const wide = (await atTerminal(args, 120, 60, {}, fresh)).lines.map((l) => l.trimEnd());
    expect(wide.filter((l) => stringWidth(l) > 120)).toEqual([]);
    expect(fixOf(wide, 'one-side-only').text).toBe(whole);
    expect(wide.some((l) => l.includes(ignore))).toBe(true);
    // --verbose (as --json and a piped run) gives the same fix.
    const verbose = (await atTerminal([...args, '--verbose'], 120, 60, {}, fresh)).lines.map((l) => l.trimEnd());
    expect(fixOf(verbose, 'one-side-only').text).toBe(whole);
  });
});

describe('list history at a terminal', () => {
  it('shows a change not applied with its detail on a line of its own, wrapped to the screen, the e-mails whole', async () => {
    const own = join(tmp.dir, 'refused-history');
    const refused = await runCli(['--config-dir', own, '--sandbox', 'fix', '--yes', '--only', '12'], { PHONEBRIDGE_SANDBOX_EMAIL_UPDATE: 'refuse' });
    expect(refused.code).toBe(5);
    const r = await atTerminal(['list', 'history', '--no-pager'], 80, 40, {}, own);
    expect(r.code).toBe(0);
    const text = r.lines.map((l) => l.trimEnd()).join('\n');
    // At 80 columns the change wraps before the e-mails (continued 6 in), whole, and the detail follows it.
    expect(text).toMatch(
      / fix: set e-mail · not-applied · by \S+\n {4}Zoho Ravi\.Kumar@acmetraders\.in ↔ MyOperator Ravi Kumar \(ext 12\):\n {6}"ravi\.kumar@acmetraders\.in" → "Ravi\.Kumar@acmetraders\.in"\n {4}MyOperator refused: email cannot be updated through the API/,
    );
    expect(r.lines.every((l) => stringWidth(l) <= 80)).toBe(true);
  });
});

describe('list history at 80 columns', () => {
  it('says each time as doctor does, in UTC to the second, labels the command, action, result and OS user, and keeps "(ext 15)" together when a pair wraps', async () => {
    const own = join(tmp.dir, 'ext-history');
    mkdirSync(join(own, 'sandbox', 'mappings'), { recursive: true });
    // A pair whose "(ext" fits the first line and whose number does not: the sandbox's Anil, mapped.
    const side = { email: 'anil.mehta@acmetraders.in' };
    const entry = { time: '2026-12-01T10:00:00.000Z', command: 'resync', user: 'u', action: 'map', before: null, result: 'done' };
    const after = { zoho: { id: '1', zuid: null, ...side }, myoperator: { uuid: 'u1', extension: '15', ...side } };
    // The same change unmapped 26 s later, its time typed by hand in India's zone.
    const unmap = { ...entry, time: '2026-12-01T15:30:26+05:30', command: 'map', action: 'unmap', before: after, after: null };
    // Who chose each pair, as the mapping records it: resync's exact match, a person at resync's
    // offer to map, a restored export, and map's picker moving a pair; a line without it says "mapped".
    const chosen = [
      { ...entry, time: '2026-12-01T10:01:00.000Z', after: { ...after, how: 'auto' } },
      { ...entry, time: '2026-12-01T10:02:00.000Z', after: { ...after, how: 'manual' } },
      { ...entry, time: '2026-12-01T10:03:00.000Z', command: 'map', after: { ...after, how: 'import' } },
      { ...entry, time: '2026-12-01T10:04:00.000Z', command: 'map', action: 'remap', before: after, after: { ...after, myoperator: { ...after.myoperator, uuid: 'u2' }, how: 'manual' } },
    ];
    const history = [{ ...entry, after }, unmap, ...chosen].map((e) => `${JSON.stringify(e)}\n`).join('');
    writeFileSync(join(own, 'sandbox', 'mappings', 'sandbox.history.jsonl'), history);
    // A run stopped after it saved the mappings file, before its history took the line it set aside.
    const store = '{"version": 1, "mappings": [], "ignored": []}\n';
    writeFileSync(join(own, 'sandbox', 'mappings', 'sandbox.json'), store);
    // The history file's size on disk, in bytes: a line with an accent or an Indic name outgrows its length in characters.
    const head = { store: createHash('sha256').update(store).digest('hex'), historySize: Buffer.byteLength(history) };
    const unmapped = { ...unmap, time: '2026-12-01T10:05:00.000Z', before: chosen[3]!.after };
    writeFileSync(join(own, 'sandbox', 'mappings', 'sandbox.history.jsonl.pending'), `${JSON.stringify(head)}\n${JSON.stringify(unmapped)}\n`);
    const r = await atTerminal(['list', 'history', '--no-pager'], 80, 40, {}, own);
    expect(r.code).toBe(0);
    const lines = r.lines.map((l) => l.trimEnd());
    // "2026-12-01 10:00:00Z" beside doctor's "2026-12-01 10:00 UTC" read as two clocks; one typed
    // with an offset showed its own ("2026-12-01 15:30:26+05:30"). The facts are labelled: "resync
    // map  done  u" and "map map  done  u" left a newcomer to guess which word was the command.
    expect(lines).toContain('2026-12-01 10:00:00 UTC  resync: mapped · done · by u');
    expect(lines).toContain('2026-12-01 10:00:26 UTC  map: unmapped · done · by u');
    // "resync: mapped" alone hid, but in --json, whether a person chose the pair.
    expect(lines).toContain('2026-12-01 10:01:00 UTC  resync: mapped (exact match) · done · by u');
    expect(lines).toContain('2026-12-01 10:02:00 UTC  resync: mapped by hand · done · by u');
    expect(lines).toContain('2026-12-01 10:03:00 UTC  map: imported · done · by u');
    expect(lines).toContain('2026-12-01 10:04:00 UTC  map: remapped by hand · done · by u');
    // Shown, as the change the mappings hold, and marked: the history file lacks it until the next change.
    expect(lines).toContain('2026-12-01 10:05:00 UTC  map: unmapped · done · by u · recovered');
    expect(lines.join('\n')).toContain('    Zoho anil.mehta@acmetraders.in ↔ MyOperator anil.mehta@acmetraders.in\n      (ext 15)\n');
    expect(lines.filter((l) => /\(ext$/.test(l))).toEqual([]);
    expect(r.lines.every((l) => stringWidth(l) <= 80)).toBe(true);
  });
});

describe('an empty list at a terminal', () => {
  it('says there is nothing, with what fills it, rather than a header row over no rows', async () => {
    const empty = join(tmp.dir, 'no-mappings');
    const r = await atTerminal(['list', 'mappings', '--no-pager'], 80, 40, {}, empty);
    expect(r.code).toBe(0);
    // The sentence wraps at 80 columns: read as one line, a command continued after " \\" as the shell reads it.
    const text = r.lines.map((l) => l.trim()).filter(Boolean).join(' ').replaceAll(' \\ ', ' ');
    expect(text).not.toContain('Zoho e-mail');
    expect(text).not.toContain('Not shown at 80 columns');
    expect(text).toMatch(/^No mappings and no ignored users in \S+sandbox\.json yet: `phonebridge-sync --sandbox --config-dir \S+ resync` saves the exact matches, `phonebridge-sync --sandbox --config-dir \S+ map` the rest\.$/);
  });
});

describe('the pager', () => {
  const PAGER = `${process.execPath} -e "process.stdin.on('data', (d) => process.stdout.write(String(d).replace(/^/gm, 'PAGED|')))"`;

  it('takes output longer than the screen', async () => {
    const r = await atTerminal(['match'], 100, 20, { PAGER });
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.startsWith('PAGED|')).length).toBeGreaterThan(40);
    expect(r.lines.join('\n')).toMatch(/PAGED\|.*deepak\.vemra@acmetraders\.in/);
  });

  it.each([
    [['doctor'], 20, 5, /PAGED\|\d+ passed, \d+ warnings?, \d+ failed, \d+ skipped\./],
    [['list', 'history'], 8, 0, /PAGED\|.* map: mapped \(exact match\) · done · by [^]*PAGED\|    Zoho sneha\.reddy@acmetraders\.in ↔ MyOperator sneha\.reddy@acmetraders\.in \(ext 29\)/],
  ])('takes %j too when longer than the screen', async (args, rows, code, line) => {
    const r = await atTerminal(args as string[], 100, rows as number, { PAGER });
    expect(r.code).toBe(code);
    expect(r.lines.join('\n')).toMatch(line as RegExp);
  });

  it.each([
    ['--no-pager', ['match', '--no-pager'], {}],
    ['CI', ['match'], { CI: 'true' }],
    ['output that fits the screen', ['list', 'mappings'], {}],
  ])('is not used with %s', async (_name, args, env) => {
    const r = await atTerminal(args as string[], 100, 20, { PAGER, ...(env as Record<string, string>) });
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => l.startsWith('PAGED|'))).toBe(false);
    expect(r.lines.join('\n')).toMatch(/acmetraders\.in/);
  });
});

describe('fix --json at a terminal, --only naming a user left out of the plan', () => {
  it("says why once: the document's leftOut, which the closing line points at, not on stderr above it too", async () => {
    // A config dir of its own, where Deepak (ext 18) is only suggested.
    const own = join(tmp.dir, 'json-left-out');
    const r = await atTerminal(['--json', 'fix', '--yes', '--only', '18'], 120, 60, {}, own);
    expect(r.code).toBe(5);
    const text = r.lines.join('\n');
    // It said "--only 18: not in the plan: Zoho user … is suggested, …" above the document, then
    // "(the JSON document's leftOut says what it needs first)" under it.
    expect(text).not.toContain('--only 18: not in the plan:');
    expect(text).toMatch(/"leftOut": \[\s*\{\s*"only": "18",\s*"why": "Zoho user deepak\.verma@acmetraders\.in is suggested, not confirmed: /);
    expect(r.lines.filter((l) => l.trim()).at(-1)).toBe("Nothing changed: --only 18 is not in the plan (the JSON document's leftOut says what it needs first).");
  });
});

describe('fix --dry-run at a terminal: the run that sends the plan', () => {
  // With --yes typed, the dry run's own line said "`… fix` asks once, then sends them", where the
  // cap's line beside it (and the run the admin typed) carried --yes.
  it.each([
    [[] as string[], /`phonebridge-sync --sandbox --config-dir \S+ fix --only 12 13` asks once, then sends them\.$/],
    [['--yes'], /`phonebridge-sync --sandbox --config-dir \S+ fix --only 12 13 --yes` sends them\.$/],
  ])('with %j: the last line names it as it would run here', async (yes, last) => {
    const own = join(tmp.dir, `dry-run-sends${yes.join('')}`);
    const r = await atTerminal(['fix', '--dry-run', ...yes, '--only', '12', '13'], 200, 60, {}, own);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.trim()).at(-1)).toMatch(last);
  });
});

describe('fix --dry-run at a terminal, a plan holding conflicts', () => {
  // It said "Dry run: nothing changed. 0 to change, 2 conflicts." right under the last entry, then
  // "2 conflicts (above) cannot be fixed from here.": the count twice, and no blank line before it.
  it('ends apart from the plan by a blank line, and says the conflicts once', async () => {
    const own = join(tmp.dir, 'dry-run-conflicts');
    // Kavita saved with Asha's seat, Neha with Ravi's: each change would take a seat from its holder.
    for (const [zoho, ext] of [['kavita.joshi@acmetraders.in', '11'], ['neha.k@acmetraders.in', '12']])
      expect((await runCli(['--config-dir', own, '--sandbox', 'map', '--zoho', zoho!, '--myoperator', ext!, '--yes'])).code).toBe(0);
    const only = await atTerminal(['--no-pager', 'fix', '--dry-run', '--only', '11', '12'], 80, 60, {}, own);
    expect(only.code).toBe(5);
    const shown = only.lines.join('\n').trimEnd().split('\n');
    expect(shown.slice(-4)).toEqual([shown.at(-4), '', 'Dry run: nothing changed.', '2 conflicts (above) cannot be fixed from here.']);
    expect(shown.at(-4)).toMatch(/first\.$/);
    const whole = await atTerminal(['--no-pager', 'fix', '--dry-run'], 200, 60, {}, own);
    expect(whole.code).toBe(5);
    const text = whole.lines.join('\n').trimEnd();
    expect(text).toMatch(/\n\nDry run: nothing changed\. \d to change; `phonebridge-sync --sandbox --config-dir \S+ fix` asks once, then sends them\.\n2 conflicts \(above\) cannot be fixed from here\.$/);
  });
});
