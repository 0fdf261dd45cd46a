import { describe, expect, it } from '@jest/globals';
import stringWidth from 'string-width';
import { hiddenNote, toTable } from '../../src/io/table.js';

const rows = [
  ['Arjun Malhotra', 'arjun.malhotra@acmetraders.in', 'active', '4815900000000195028', '60012444'],
  ['Ｆull Ｗidth 名前', 'vikram<U+200B>.singh@acmetraders.in', 'disabled', '4815900000000131676', '60012148'],
];
const columns = [{ header: 'name' }, { header: 'email' }, { header: 'status' }, { header: 'id', drop: 2 }, { header: 'zuid', drop: 1 }];

describe('terminal tables', () => {
  it('sizes columns to their content when there is room', () => {
    const t = toTable(columns, rows, { width: 200 });
    expect(t.hidden).toEqual([]);
    const [head, rule, first] = t.text.split('\n');
    // "Ｆull Ｗidth 名前" is 17 columns wide on screen (full-width letters and kanji take two).
    expect(head).toBe(`name${' '.repeat(15)}email${' '.repeat(32)}status    id                   zuid`);
    expect(rule!.split('  ').map((r) => r.length)).toEqual([17, 35, 8, 19, 8]);
    expect(first).toBe(`Arjun Malhotra${' '.repeat(5)}arjun.malhotra@acmetraders.in${' '.repeat(8)}active    4815900000000195028  60012444`);
  });

  it('aligns by display width: wide characters take two columns', () => {
    const lines = toTable(columns, rows, { width: 200 }).text.split('\n');
    expect(stringWidth(lines[3]!.slice(0, lines[3]!.indexOf('vikram')))).toBe(stringWidth(lines[2]!.slice(0, lines[2]!.indexOf('arjun.'))));
  });

  it('leaves out optional columns, lowest first, before it wraps a name, and says which', () => {
    const t = toTable(columns, rows, { width: 90 });
    expect(t.hidden).toEqual(['zuid']);
    expect(t.text).toContain('Arjun Malhotra');
    expect(t.text.split('\n').every((l) => stringWidth(l) <= 90)).toBe(true);
    expect(hiddenNote(t.hidden, 90)).toBe('(Not shown at 90 columns: "zuid"; --json or --csv has every column.)\n');
    // Narrower than the sentence: it breaks between words, never inside one.
    expect(hiddenNote(['active', 'confirmed', 'zuid'], 80)).toBe('(Not shown at 80 columns: "active", "confirmed" and "zuid"; --json or --csv has\nevery column.)\n');
    // A header with spaces and brackets reads as one name, not as part of the sentence.
    expect(hiddenNote(['at (UTC)', 'Zoho id'], 120)).toBe('(Not shown at 120 columns: "at (UTC)" and "Zoho id"; --json or --csv has every column.)\n');
  });

  it('wraps a wrapsFirst status at its space before it leaves out an optional column or wraps a name', () => {
    const status = [{ header: 'name' }, { header: 'email' }, { header: 'status', wrapsFirst: true }, { header: 'id', drop: 2 }, { header: 'zuid', drop: 1 }];
    const users = [
      ['Pooja Sharma', 'pooja.sharma@acmetraders.in', 'active, unconfirmed', '4815900000000234623', '60012629'],
      ['Arjun Malhotra', 'arjun.malhotra@acmetraders.in', 'active', '4815900000000195028', '60012444'],
    ];
    // 97 columns on one line each: at 80 the status gives 7, "zuid" goes, and "id" stays.
    const t = toTable(status, users, { width: 80 });
    expect(t.hidden).toEqual(['zuid']);
    expect(t.text.split('\n')).toEqual([
      'name            email                          status        id',
      '──────────────  ─────────────────────────────  ────────────  ───────────────────',
      'Pooja Sharma    pooja.sharma@acmetraders.in    active,       4815900000000234623',
      '                                               unconfirmed',
      '',
      'Arjun Malhotra  arjun.malhotra@acmetraders.in  active        4815900000000195028',
      '',
    ]);
    // With room for both ids the status takes only what it must; with room for all of it, one line.
    const at90 = toTable(status, users, { width: 90 });
    expect(at90.hidden).toEqual([]);
    expect(at90.text.split('\n')[2]).toBe('Pooja Sharma    pooja.sharma@acmetraders.in    active,       4815900000000234623  60012629');
    expect(toTable(status, users, { width: 97 }).text.split('\n')[2]).toBe('Pooja Sharma    pooja.sharma@acmetraders.in    active, unconfirmed  4815900000000234623  60012629');
  });

  it('wraps names at spaces but never breaks an e-mail while anything else can give', () => {
    const t = toTable(columns, rows, { width: 60 });
    expect(t.hidden).toEqual(['id', 'zuid']);
    expect(t.text).toContain('arjun.malhotra@acmetraders.in');
    expect(t.text).toContain('vikram<U+200B>.singh@acmetraders.in');
    expect(t.text).toMatch(/^Arjun {2,}arjun\.malhotra/m);
    expect(t.text).toMatch(/^Malhotra *$/m);
    expect(t.text.split('\n').every((l) => stringWidth(l) <= 60)).toBe(true);
  });

  it('moves long reasons under their row when they would be squeezed', () => {
    const why = 'MyOperator e-mail has a zero-width space (U+200B) at position 7, after "vikram"';
    const narrow = toTable(['Zoho user', 'MyOperator user', { header: 'why', trailing: true }], [['vikram.singh@acmetraders.in', 'vikram<U+200B>.singh@acmetraders.in', why]], { width: 80 });
    expect(narrow.text.split('\n')).toEqual([
      'Zoho user                    MyOperator user',
      '───────────────────────────  ───────────────────────────────────',
      'vikram.singh@acmetraders.in  vikram<U+200B>.singh@acmetraders.in',
      '    MyOperator e-mail has a zero-width space (U+200B) at position 7, after',
      '    "vikram"',
      '',
    ]);
    const wide = toTable(['Zoho user', 'MyOperator user', { header: 'why', trailing: true }], [['vikram.singh@acmetraders.in', 'x@y.in', why]], { width: 200 });
    expect(wide.text.split('\n')[2]).toBe(`vikram.singh@acmetraders.in  x@y.in           ${why}`);
  });

  it('never breaks a quoted command inside an argument: the reasons move under the row, and one wider than that breaks between arguments with a trailing backslash', () => {
    const command = '`phonebridge-sync --config-dir /tmp/h2/cfg-admin --mappings phonebridge/mappings.json fix`';
    const why = `[needs-fix, MyOperator] Saved mapping, but MyOperator holds "<U+0430>nil.mehta@acmetraders.in", not the Zoho e-mail byte for byte: PhoneBridge attributes none of these calls until it holds the Zoho one (${command} sets it)`;
    const table = (width: number) =>
      toTable([{ header: 'Zoho user' }, { header: 'MyOperator user' }, { header: 'conf' }, { header: 'why', trailing: true }], [['Anil Mehta\nanil.mehta@acmetraders.in', 'Anil Mehta\n<U+0430>nil.mehta@acmetraders.in', '1.00', why]], { width })
        .text.split('\n');
    // At 120 columns the "why" had 53 beside the users and the command was cut after /tmp/h2/cfg-admin.
    expect(table(120)).toEqual([
      'Zoho user                  MyOperator user                   conf',
      '─────────────────────────  ────────────────────────────────  ────',
      'Anil Mehta                 Anil Mehta                        1.00',
      'anil.mehta@acmetraders.in  <U+0430>nil.mehta@acmetraders.in',
      '    [needs-fix, MyOperator] Saved mapping, but MyOperator holds "<U+0430>nil.mehta@acmetraders.in", not the Zoho e-mail',
      '    byte for byte: PhoneBridge attributes none of these calls until it holds the Zoho one',
      `    (${command} sets it)`,
      '',
    ]);
    // Wider than the screen even under the row: between two arguments, " \\" and the rest below,
    // which pastes as one command. Left whole, the terminal cut it inside the mappings path. The
    // option goes down with its value: "--mappings \\" ended a line, its path alone below it.
    expect(table(80).slice(4)).toEqual([
      '    [needs-fix, MyOperator] Saved mapping, but MyOperator holds',
      '    "<U+0430>nil.mehta@acmetraders.in", not the Zoho e-mail byte for byte:',
      '    PhoneBridge attributes none of these calls until it holds the Zoho one',
      '    (`phonebridge-sync --config-dir /tmp/h2/cfg-admin \\',
      '      --mappings phonebridge/mappings.json fix` sets it)',
      '',
    ]);
    // Pasted into a shell, the two lines are the one command.
    const pasted = table(80).slice(7, 9).join('\n').replace(/^ *\(`|` sets it\)$/g, '');
    expect(pasted.replace(/ \\\n */g, ' ')).toBe(command.slice(1, -1));
    // Room beside the users: the column stays, at least as wide as the command.
    const wide = table(200);
    expect(wide[4]).toContain(`(${command} sets it)`);
    expect(wide[0]).toMatch(/ why$/);
  });

  it('keeps an option with its value in a cell only where the words after the command keep their lines', () => {
    const why = (width: number) =>
      toTable([{ header: 'user' }, { header: 'why', trailing: true }], [['Anil', 'run `phonebridge-sync --config-dir /srv/pbs fix --only 12` then run it again']], { width }).text.split('\n').slice(3, -1);
    // "--only 12` then run" pushed "it again" onto a line of its own: the lines are filled as before.
    expect(why(27)).toEqual(['    run', '    `phonebridge-sync \\', '      --config-dir \\', '      /srv/pbs fix --only \\', '      12` then run it again']);
    // Where they keep them, the option goes down with its value ("fix --only \\" / "12` then run it again").
    expect(why(34)).toEqual(['    run', '    `phonebridge-sync \\', '      --config-dir /srv/pbs fix \\', '      --only 12` then run it again']);
  });

  it('never starts a line of a cell with the arrow of a panel path: it goes down with the step before it', () => {
    // "resend it from Setup" and "→ Users" below it; under its row, "…from Zoho's Setup" and "→ Users".
    expect(toTable(['who', 'why'], [['a', 'resend it from Setup → Users']], { width: 25 }).text.split('\n').slice(2)).toEqual(['a    resend it from', '     Setup → Users', '']);
    const why = "Zoho user has not accepted the invitation: an admin can resend it from Zoho's Setup → Users";
    expect(toTable(['Zoho user', { header: 'why', trailing: true }], [['pooja.sharma@acmetraders.in', why]], { width: 32 }).text.split('\n').slice(3)).toEqual([
      '    Zoho user has not accepted',
      '    the invitation: an admin can',
      "    resend it from Zoho's",
      '    Setup → Users',
      '',
    ]);
  });

  it("keeps a cell's indent on the lines it wraps to, unless the e-mail would then be broken", () => {
    const cell = '? Arjun Malhotra\n  arjun.malhotra@acmetraders.in (inactive)';
    const lines = (width: number) => toTable(['Zoho user', 'MyOperator user'], [['asha@x.in', cell]], { width }).text.split('\n');
    // Room for the indent beside the e-mail: both wrapped lines stay under "? ".
    expect(lines(45).slice(2, 5)).toEqual(['asha@x.in  ? Arjun Malhotra', '             arjun.malhotra@acmetraders.in', '             (inactive)']);
    // Exactly indent + e-mail: still kept.
    expect(lines(42).slice(2, 5)).toEqual(['asha@x.in  ? Arjun Malhotra', '             arjun.malhotra@acmetraders.in', '             (inactive)']);
    // One column less than indent + e-mail: the e-mail stays whole, the indent gives way.
    expect(lines(41).slice(2, 5)).toEqual(['asha@x.in  ? Arjun Malhotra', '           arjun.malhotra@acmetraders.in', '           (inactive)']);
  });

  it('two e-mails too long to sit side by side share the width and break before the "@"', () => {
    const z = 'alexandra.subramanian@northwind-logistics.in';
    const m = 'Alexandra.Subramanian@northwind-logistics.in';
    const lines = toTable(['Zoho user', 'MyOperator user', 'conf'], [[z, m, '0.95']], { width: 80 }).text.split('\n');
    expect(lines.slice(2, 4)).toEqual(['alexandra.subramanian                 Alexandra.Subramanian                 0.95', '@northwind-logistics.in               @northwind-logistics.in']);
    expect(lines.every((l) => stringWidth(l) <= 80)).toBe(true);
  });

  it('one very long e-mail does not squeeze the other column into slivers', () => {
    const long = 'this.is.a.very.very.long.local.part.for.testing.truncation@some-really-long-subdomain.example-company.co.in';
    const t = toTable(['Zoho user', 'MyOperator user', 'conf'], [[long, `${long}<U+0020>`, '0.95'], ['bo@nw.in', 'Bo@nw.in', '0.95']], { width: 120 });
    const rule = t.text.split('\n')[1]!.split('  ').map((r) => r.length);
    expect(rule).toEqual([56, 56, 4]);
    // Every piece of each e-mail is on the screen, in order, and the short ones are whole.
    const left = t.text.split('\n').slice(2).map((l) => l.slice(0, 56).trimEnd());
    expect(left.slice(0, 3).join('')).toBe(long);
    expect(left.slice(0, 3)).toEqual(['this.is.a.very.very.long.local.part.for.testing.', 'truncation', '@some-really-long-subdomain.example-company.co.in']);
    expect(t.text).toMatch(/^bo@nw\.in +Bo@nw\.in +0\.95$/m);
  });

  it('an address a little wider than its column breaks before the "@" when the domain then fits, not after its last dot', () => {
    const lines = toTable(['Zoho user', 'MyOperator user'], [['asha.rao@acmetraders.in', 'asha.rao@acmetraders.in']], { width: 46 }).text.split('\n');
    expect(lines.slice(2, 4).map((l) => l.trimEnd().replace(/ +/g, ' '))).toEqual(['asha.rao asha.rao', '@acmetraders.in @acmetraders.in']);
  });

  it('breaks where an address may break even early in a piece, rather than inside a word', () => {
    const long = 'bartholomew.featherstonehaugh-cholmondeley@internationaltradingcompany.co.in';
    const t = toTable(['Zoho user', 'MyOperator user', 'conf'], [[long, `${long}<U+0020>`, '0.95']], { width: 80 });
    const left = t.text.split('\n').slice(2).map((l) => l.slice(0, 36).trimEnd()).filter(Boolean);
    expect(left).toEqual(['bartholomew.featherstonehaugh-', 'cholmondeley', '@internationaltradingcompany.co.in']);
    expect(t.text).not.toMatch(/tradingcom\s/);
    // No early break that would not spare a cut: the rest is one long word either way.
    const hard = toTable(['e-mail'], [['ab.cdefghijklmnopqrstuvwxyz0123456789@x.in']], { width: 20 }).text.split('\n').slice(2).filter(Boolean);
    expect(hard[0]).toBe('ab.cdefghijklmnopqrs');
  });

  it('never breaks an e-mail inside a code point mark such as <U+200B>', () => {
    const t = toTable(['e-mail'], [['abcdefghijkl<U+200B>mnop@x.in']], { width: 16 });
    const lines = t.text.split('\n').slice(2).filter(Boolean);
    expect(lines.join('')).toBe('abcdefghijkl<U+200B>mnop@x.in');
    expect(lines.some((l) => l.includes('<U+200B>'))).toBe(true);
  });

  it('one e-mail wider than any column could be does not hide the optional columns of every row', () => {
    const zohoView = [{ header: 'name' }, { header: 'email' }, { header: 'status' }, { header: 'active', drop: 3 }, { header: 'confirmed', drop: 2 }, { header: 'id', drop: 4 }, { header: 'zuid', drop: 1 }];
    const huge = `${'a'.repeat(70)}.${'b'.repeat(70)}@${'c'.repeat(16)}.in`; // 162 characters
    const user = (name: string, email: string, id: string) => [name, email, 'active', 'yes', 'yes', id, '60012444'];
    const t = toTable(zohoView, [user('Arjun Malhotra', 'arjun.malhotra@acmetraders.in', '4815900000000195028'), user('Long Mail', huge, '4815900000000195029')], { width: 120 });
    // It hid active, confirmed, id and zuid for everyone, and broke the e-mail in an 81-wide column anyway.
    expect(t.hidden).toEqual([]);
    const lines = t.text.split('\n');
    expect(lines[0]).toMatch(/^name +email +status +active +confirmed +id +zuid$/);
    expect(lines[2]).toMatch(/^Arjun Malhotra +arjun\.malhotra@acmetraders\.in +active +yes +yes +4815900000000195028 +60012444$/);
    expect(lines.every((l) => stringWidth(l) <= 120)).toBe(true);
    // The long one is broken, every piece in order, in the room the other columns leave.
    const start = lines[0]!.indexOf('email');
    const width = lines[0]!.indexOf('status') - 2 - start;
    expect(lines.slice(4).map((l) => l.slice(start, start + width).trimEnd()).join('')).toBe(huge);
    expect(lines[4]).toMatch(/^Long Mail +a+ +active +yes +yes +4815900000000195029 +60012444$/);
  });

  it("one outlier e-mail (list myoperator at 80 columns) breaks in the room the other rows leave: their names stay whole and they keep every column they would have without it", () => {
    const view = [{ header: 'name' }, { header: 'email' }, { header: 'ext' }, { header: 'active' }, { header: 'id', drop: 2 }, { header: 'user_id', drop: 1 }];
    // 84 characters, its part before the "@" (56) just narrower than all the screen leaves it.
    const long = 'vikram.singh.regional.sales.manager.north.india.division@acmetraders-enterpris.co.in';
    const people = ['Asha Rao', 'Ravi Kumar', 'Meena Iyer', 'Vikram Singh', 'Arjun Malhotra', 'Lakshmi Menon'];
    const user = (name: string, i: number) => [name, name === 'Vikram Singh' ? long : `${name.toLowerCase().replace(' ', '.')}@acmetraders.in`, String(11 + i), 'yes', `s5f3a${i}c039b22`, String(227001 + i)];
    const alone = toTable(view, people.filter((n) => n !== 'Vikram Singh').map(user), { width: 80 });
    const t = toTable(view, people.map(user), { width: 80 });
    // Every name wrapped ("Vikram" above "Singh"), the table doubled, and "id" went too.
    expect(t.hidden).toEqual(alone.hidden);
    const lines = t.text.split('\n');
    expect(lines[0]).toMatch(/^name +email +ext +active +id$/);
    for (const row of people.map(user).filter(([name]) => name !== 'Vikram Singh')) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${row.slice(0, 5).join(' +')}$`)));
    expect(lines.every((l) => stringWidth(l) <= 80)).toBe(true);
    const start = lines[0]!.indexOf('email');
    const from = lines.findIndex((l) => l.startsWith('Vikram Singh'));
    const pieces = lines.slice(from, lines.indexOf('', from)).map((l) => l.slice(start).split('  ')[0]!.trim());
    expect(pieces.join('')).toBe(long);
    expect(lines.slice(from + 1, lines.indexOf('', from)).every((l) => l.slice(0, start).trim() === '')).toBe(true);
    // A blank line before and after that row alone: the rows of one line stay one after another.
    expect(lines.map((l) => (l === '' ? '' : l.split(' ')[0]))).toEqual(['name', '──────────────', 'Asha', 'Ravi', 'Meena', '', 'Vikram', '', '', '', 'Arjun', 'Lakshmi', '']);
  });

  it.each([
    // list myoperator at 80 columns: its halves (41 and 44) fit beside the columns always shown, so "id" went for every row.
    [80, 'vikram.singh.regional.sales.manager.north@acmetraders-enterprises-international.co.in', 'its one column'],
    // list mappings at 120 columns: its part before the "@" (56) fits, so "Zoho id" went for every row.
    [120, 'vikram.singh.regional.sales.manager.north.india.division@acmetraders-enterpris.co.in', 'one column'],
    // An exact pair: the same address on both sides of its row, each broken once at its "@", and "Zoho id" gone.
    [120, 'vikram.singh.regional.sales.manager.north.india.division@acmetraders-enterpris.co.in', 'both columns'],
    [120, 'vikram.singh.regional.manager@acmetraders-enterprises.co.in', 'both columns'],
  ])('at %i columns one row whose e-mail is long (%s, in %s) hides no column the other rows keep: it breaks in the room they leave', (width, long, where) => {
    const view =
      width === 80
        ? [{ header: 'name' }, { header: 'email' }, { header: 'ext' }, { header: 'active' }, { header: 'id', drop: 2 }, { header: 'user_id', drop: 1 }]
        : [{ header: 'Zoho e-mail' }, { header: 'MyOperator e-mail' }, { header: 'ext' }, { header: 'how' }, { header: 'at (UTC)', drop: 4 }, { header: 'Zoho id', drop: 3 }, { header: 'MyOperator uuid', drop: 2 }, { header: 'zuid', drop: 1 }];
    const people = ['asha.rao', 'ravi.kumar', 'meena.iyer', 'vikram.singh', 'imran.qureshi', 'sneha.reddy'];
    // A MyOperator user (80), or a mapping whose MyOperator e-mail, or both, is the long one (120).
    const user = (who: string, i: number) => {
      const email = `${who}@acmetraders.in`;
      const mine = who === 'vikram.singh' ? long : email;
      return width === 80
        ? [who.replace('.', ' '), mine, String(11 + i), 'yes', `s5f3a${i}c039b22`, String(227001 + i)]
        : [where === 'both columns' ? mine : email, mine, String(11 + i), 'auto', '2026-12-07 19:50', `48159000000001${i}7919`, `s5f3a${i}c039b22`, `600120${i}7`];
    };
    const others = people.filter((w) => w !== 'vikram.singh');
    const alone = toTable(view, others.map(user), { width });
    const t = toTable(view, people.map(user), { width });
    expect(t.hidden).toEqual(alone.hidden);
    const lines = t.text.split('\n');
    const headers = (text: string) => text.split('\n')[0]!.split(/ {2,}/);
    expect(headers(t.text)).toEqual(headers(alone.text));
    const shown = view.map((c, i) => (t.hidden.includes(c.header) ? -1 : i)).filter((i) => i >= 0);
    for (const row of others.map((w) => user(w, people.indexOf(w)))) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${shown.map((i) => row[i]!.replace(/\./g, '\\.')).join(' {2,}')}$`)));
    expect(lines.every((l) => stringWidth(l) <= width)).toBe(true);
    // Every piece of the long one, in order, down its column beside the row's other cells.
    for (const column of where === 'both columns' ? [0, 1] : [1]) {
      const start = lines[0]!.indexOf(view[column]!.header);
      const from = lines.findIndex((l) => l.slice(start).startsWith('vikram.singh.'));
      const pieces = lines.slice(from, lines.indexOf('', from)).map((l) => l.slice(start).split('  ')[0]!.trim());
      expect(pieces.join('')).toBe(long);
    }
  });

  it('two long e-mails in a table of three rows (list mappings) each break once, at the "@", before an optional column stays', () => {
    const view = [{ header: 'Zoho e-mail' }, { header: 'MyOperator e-mail' }, { header: 'ext' }, { header: 'how' }, { header: 'at (UTC)', drop: 4 }, { header: 'Zoho id', drop: 3 }, { header: 'MyOperator uuid', drop: 2 }, { header: 'zuid', drop: 1 }];
    const longZoho = 'a.very.long.firstname.lastname@subsidiary.acmetraders.co.in';
    const longMo = 'another.quite.long.name.here@regional-office.acmetraders.in';
    const row = (z: string, m: string, i: number) => [z, m, String(10 + i), 'manual', '2026-11-25 06:32', `48159000000001${i}`, `s5f3a2c0${i}`, `600${i}`];
    for (const width of [80, 120]) {
      const t = toTable(view, [row(longZoho, 'a@b.in', 1), row('x@y.in', longMo, 2), row('short@a.in', 'short@a.in', 3)], { width });
      const lines = t.text.split('\n');
      // The Zoho e-mail was cut into six pieces in a column of 13 at 120 (and at 80), beside a "Zoho id" column.
      const cell = (header: string, text: string) => {
        const start = lines[0]!.indexOf(header);
        const from = lines.findIndex((l) => l.slice(start).startsWith(text.slice(0, 10)));
        // Up to the next row: a blank line follows a row of several lines only, not one of one line.
        const ext = lines[0]!.indexOf('ext');
        const end = lines.findIndex((l, i) => i > from && (l === '' || l.slice(ext).trim() !== ''));
        return lines.slice(from, end < 0 ? undefined : end).map((l) => l.slice(start).split('  ')[0]!.trim());
      };
      for (const [header, email] of [['Zoho e-mail', longZoho], ['MyOperator e-mail', longMo]] as const) {
        const pieces = cell(header, email);
        expect(pieces.join('')).toBe(email);
        expect(pieces.length === 1 || (pieces.length === 2 && pieces[1]!.startsWith('@'))).toBe(true);
      }
      expect(lines.every((l) => stringWidth(l) <= width)).toBe(true);
    }
  });

  describe('a wider terminal shows every column a narrower one shows, and every e-mail whole', () => {
    // The list views as list.ts declares them: list zoho, list myoperator, list mappings.
    const zohoView = [{ header: 'name' }, { header: 'email' }, { header: 'status', wrapsFirst: true }, { header: 'id', drop: 2 }, { header: 'zuid', drop: 1 }];
    const myOperatorView = [{ header: 'name' }, { header: 'email' }, { header: 'ext' }, { header: 'active' }, { header: 'id', drop: 2 }, { header: 'user_id', drop: 1 }];
    const mappingsView = [{ header: 'Zoho e-mail' }, { header: 'MyOperator e-mail' }, { header: 'ext' }, { header: 'how' }, { header: 'at (UTC)', drop: 4 }, { header: 'Zoho id', drop: 3 }, { header: 'MyOperator uuid', drop: 2 }, { header: 'zuid', drop: 1 }];
    const people = ['asha.rao', 'ravi.kumar', 'meena.iyer', 'vikram.singh', 'imran.qureshi', 'sneha.reddy'];
    const name = (who: string) => who.replace(/(^|\.)(.)/g, (_, dot: string, c: string) => `${dot ? ' ' : ''}${c.toUpperCase()}`);
    type Email = (who: string) => string;
    const views = {
      'list zoho': { view: zohoView, emails: [1], row: (who: string, i: number, email: Email) => [name(who), email(who), i === 1 ? 'active, unconfirmed' : 'active', `48159000000001${i}7919`, `600120${i}7`] },
      'list myoperator': { view: myOperatorView, emails: [1], row: (who: string, i: number, email: Email) => [name(who), email(who), String(11 + i), 'yes', `s5f3a${i}c039b22`, String(227001 + i)] },
      'list mappings (MyOperator e-mails long)': {
        view: mappingsView,
        emails: [0, 1],
        row: (who: string, i: number, email: Email) => [`${who}@acmetraders.in`, email(who), String(11 + i), 'auto', '2026-12-07 19:50', `48159000000001${i}7919`, `s5f3a${i}c039b22`, `600120${i}7`],
      },
      'list mappings (exact pairs, both long)': {
        view: mappingsView,
        emails: [0, 1],
        row: (who: string, i: number, email: Email) => [email(who), email(who), String(11 + i), 'auto', '2026-12-07 19:50', `48159000000001${i}7919`, `s5f3a${i}c039b22`, `600120${i}7`],
      },
    };
    const domain = '@acmetraders-enterprises-international.co.in';
    const longEmail = (who: string, length: number) => `${`${who}.regional.sales.manager.north.india.division.west.zone.of.the.company`.slice(0, length - domain.length)}${domain}`;

    /**
     * From 24 columns to 200, one at a time: no column goes that the width before showed; every e-mail is whole and in order
     * down its column. Below 60 every e-mail of a row may have to break: at 33 columns list mappings showed "at (UTC)" beside
     * e-mails broken into slivers of 6, and hid it from 34 on.
     */
    function expectNoColumnLost({ view, emails, row }: (typeof views)[keyof typeof views], long: Record<string, number>): void {
      const email = (who: string) => (long[who] ? longEmail(who, long[who]!) : `${who}@acmetraders.in`);
      const rows = people.map((who, i) => row(who, i, email));
      // Gathered, then asserted once: 177 widths of expect() calls each took this file from 6 s to 40.
      const problems: object[] = [];
      let narrower: { width: number; shown: string[] } | undefined;
      for (let width = 24; width <= 200; width++) {
        const t = toTable(view, rows, { width });
        const shown = view.map((c) => c.header).filter((h) => !t.hidden.includes(h));
        // At 120 columns an 85-character address hid "id" of every user of list myoperator that 80 showed.
        const lost = narrower ? narrower.shown.filter((h) => !shown.includes(h)) : [];
        if (lost.length > 0) problems.push({ long, width, lost, since: narrower!.width });
        narrower = { width, shown };
        const lines = t.text.split('\n');
        const over = lines.filter((l) => stringWidth(l) > width);
        if (over.length > 0) problems.push({ long, width, over });
        // Under the rule: a narrow screen wraps "MyOperator e-mail" above it.
        const rule = lines.findIndex((l) => /^[─ ]+$/.test(l));
        const spans = [...lines[rule]!.matchAll(/─+/g)].map((m) => [m.index, m.index + m[0].length] as const);
        const visible = view.map((_, c) => c).filter((c) => shown.includes(view[c]!.header));
        const cellsOf = (c: number) => {
          const [from, to] = spans[visible.indexOf(c)]!;
          return lines.slice(rule + 1).map((l) => l.slice(from, to).trim());
        };
        for (const c of emails) {
          // Each e-mail column, read down: every address in it, whole and in order (broken, never cut).
          const down = cellsOf(c).join('');
          for (const r of rows) if (!down.includes(r[c]!)) problems.push({ long, width, notWhole: r[c] });
        }
        // Where every row has an e-mail broken, no optional column takes room from them.
        const someRowWhole = rows.some((r) => emails.every((c) => cellsOf(c).includes(r[c]!)));
        const squeezed = someRowWhole ? [] : view.filter((c) => 'drop' in c && shown.includes(c.header)).map((c) => c.header);
        if (squeezed.length > 0) problems.push({ long, width, shownBesideBrokenEmails: squeezed });
      }
      expect(problems).toEqual([]);
    }

    it.each(Object.entries(views))('%s, every e-mail short', (_, view) => expectNoColumnLost(view, {}));

    it.each(Object.entries(views))('%s, one user with a long e-mail', (_, view) => {
      // From a little wider than the others' to wider than most screens.
      for (const length of [50, 74, 85, 125]) expectNoColumnLost(view, { 'vikram.singh': length });
    });

    it.each(Object.entries(views))('%s, two users with long e-mails', (_, view) => {
      for (const length of [62, 100, 125]) expectNoColumnLost(view, { 'vikram.singh': length, 'imran.qureshi': length - 3 });
    });
  });

  it('separates rows of several lines with a blank line', () => {
    const t = toTable(['Zoho user', 'conf'], [['Asha Rao\nasha.rao@acmetraders.in', '1.00'], ['Ravi Kumar\nravi@acmetraders.in', '0.95']]);
    expect(t.text).toBe(
      ['Zoho user                conf', '───────────────────────  ────', 'Asha Rao                 1.00', 'asha.rao@acmetraders.in', '', 'Ravi Kumar               0.95', 'ravi@acmetraders.in', ''].join('\n'),
    );
  });

  it('renders 10,000 rows, each once', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => [`User ${i}`, `user${i}@example.com`, 'active']);
    const text = toTable(['name', 'email', 'status'], many, { width: 80 }).text;
    expect(text.split('\n')).toHaveLength(10_000 + 3);
    expect(text).toMatch(/^User 9999 +user9999@example\.com +active$/m);
  });
});
