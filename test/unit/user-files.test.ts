import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeExport, exportHead, parseMyOperatorUsers, parseZohoUsers } from '../../src/io/user-files.js';
import { tempDir } from '../support/cli.js';
import { UsageError } from '../../src/errors.js';

const zohoApi = JSON.stringify({
  users: [{ id: '4815900000000107919', zuid: '60012037', email: 'Asha@acme.in', full_name: 'Asha Rao', status: 'active', confirm: true, Isonline: false }],
  info: { per_page: 200, count: 1, page: 1, more_records: false },
});
const moApi = JSON.stringify({
  status: 'success',
  code: 200,
  data: [{ uuid: 's5f3a', user_id: 227001, name: 'Asha Rao', email: 'asha@acme.in ', extension: 14, is_active: '1', is_enabled: '0', contact_number: 9840001301, alternate_number: 9840001302, country_code: ['91'], role_id: { id: 3 } }],
});

async function usageError(f: () => Promise<unknown>): Promise<UsageError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('Zoho inputs', () => {
  it('reads the API shape, keeping the e-mail byte for byte', async () => {
    expect(await parseZohoUsers('z.json', zohoApi)).toEqual([
      { id: '4815900000000107919', zuid: '60012037', email: 'Asha@acme.in', name: 'Asha Rao', active: true, status: 'active', confirmed: true },
    ]);
  });

  it('reads JSON with a byte-order mark, as an editor may save it', async () => {
    expect(await parseZohoUsers('z.json', `\uFEFF${zohoApi}`)).toEqual(await parseZohoUsers('z.json', zohoApi));
  });

  it('reads our own list --json rows with columns trimmed away, keeping the names (Zoho) and the ids (MyOperator)', async () => {
    const [z] = await parseZohoUsers('z.json', JSON.stringify([{ id: '7', name: 'Asha Rao', email: 'a@b.in', status: 'active' }]));
    expect(z).toMatchObject({ id: '7', name: 'Asha Rao', active: true, confirmed: true });
    const [m] = await parseMyOperatorUsers('m.json', JSON.stringify([{ id: 's5f3a', name: 'Asha Rao', email: 'a@b.in', extension: '14' }]));
    expect(m).toMatchObject({ id: 's5f3a', name: 'Asha Rao', extension: '14', active: true });
  });

  it('a bare Zoho API array given as MyOperator users is refused, not read as users with Zoho ids for uuids', async () => {
    const zohoArray = JSON.stringify([{ id: '4815900000000107919', zuid: '60012037', email: 'a@b.in', full_name: 'Asha Rao', status: 'active' }]);
    await usageError(() => parseMyOperatorUsers('m.json', zohoArray));
  });

  it('reads a plain JSON array, joining first and last name when there is no full name', async () => {
    const [u] = await parseZohoUsers('z.json', JSON.stringify([{ id: 7, email: 'a@b.in', first_name: 'Asha', last_name: 'Rao', status: 'disabled' }]));
    expect(u).toMatchObject({ id: '7', name: 'Asha Rao', active: false, status: 'disabled' });
  });

  it('reads a CSV export with loosely named columns, and a BOM', async () => {
    const csv = '\ufeffUser ID,Full Name,E-mail Address,Status\n11,Asha Rao, asha@acme.in,Active\n12,Ravi,ravi@acme.in,Disabled\n';
    const users = await parseZohoUsers('zoho.csv', csv);
    expect(users.map((u) => [u.id, u.name, u.email, u.active])).toEqual([
      ['11', 'Asha Rao', ' asha@acme.in', true],
      ['12', 'Ravi', 'ravi@acme.in', false],
    ]);
  });

  it('names the file, the user and the field of a wrong type', async () => {
    const e = await usageError(() =>
      parseZohoUsers(
        'z.json',
        JSON.stringify({
          users: [
            { id: '1', email: 'a@b' },
            { id: '2', email: 42 },
          ],
          info: { more_records: false },
        }),
      ),
    );
    expect(e.message).toMatch(/^z\.json: user 2, users\[1\]\.email: .*string/);
  });

  it('names the entry and the field of a plain array', async () => {
    const e = await usageError(() =>
      parseZohoUsers(
        'z.json',
        JSON.stringify([
          { id: '1', email: 'a@b.in' },
          { id: '2', email: 42 },
        ]),
      ),
    );
    expect(e.message).toMatch(/^z\.json: user 2, email: .*string/);
  });

  it('says an id is missing, or of what type it came, not "Invalid input"', async () => {
    const missing = await usageError(() => parseZohoUsers('z.json', JSON.stringify([{ email: 'a@b.in' }])));
    expect(missing.message).toBe('z.json: user 1, id: missing (expected string or number).');
    const wrong = await usageError(() => parseZohoUsers('z.json', JSON.stringify([{ id: true, email: 'a@b.in' }])));
    expect(wrong.message).toBe('z.json: user 1, id: expected string or number, received boolean.');
  });

  it('refuses an id sent as a number too large to be kept exactly (JSON.parse rounds a 19-digit Zoho id)', async () => {
    const e = await usageError(() => parseZohoUsers('z.json', '[{"id": 4815900000000107919, "email": "a@b.in"}]'));
    expect(e.message).toBe('z.json: user 1, id: a number too large (or not whole) to be read exactly; the API must send it as a string.');
    expect((await parseZohoUsers('z.json', '[{"id": 42, "email": "a@b.in"}]'))[0]!.id).toBe('42');
  });

  it('says when the files look swapped', async () => {
    const e = await usageError(() => parseZohoUsers('m.json', moApi));
    expect(e.hint).toMatch(/swap --zoho-file and --myoperator-file/);
  });

  it.each([
    ['', /the file is empty/],
    // It was "the file is empty" too, of a file with bytes in it.
    ['\n \n', /the file holds only blank lines\./],
    ['{"users": [', /not valid JSON/],
    ['{"foo": 1}', /expected a Zoho users response/],
  ])('rejects %j with a sentence', async (text, message) => {
    expect((await usageError(() => parseZohoUsers('z.json', text))).message).toMatch(message);
  });
});

describe('MyOperator inputs', () => {
  it('reads the API shape; numbers become strings; is_enabled "0" is inactive; the trailing space stays', async () => {
    // A role of an odd type is no reason to refuse the list: it is only compared (fix's read-back).
    expect(await parseMyOperatorUsers('m.json', moApi)).toEqual([
      { id: 's5f3a', userId: '227001', name: 'Asha Rao', email: 'asha@acme.in ', extension: '14', active: false, contactNumber: '9840001301', alternateNumber: '9840001302', countryCode: null, roleId: null },
    ]);
  });

  it('keeps a user with an empty or null e-mail', async () => {
    const users = await parseMyOperatorUsers(
      'm.json',
      JSON.stringify([
        { uuid: 'a', email: '' },
        { uuid: 'b', email: null },
      ]),
    );
    expect(users.map((u) => u.email)).toEqual(['', '']);
  });

  it('reads CSV with uuid, extension and status columns', async () => {
    const users = await parseMyOperatorUsers('m.csv', 'uuid,Name,Email,Ext,Status\ns1,Asha,asha@acme.in,14,active\ns2,Ravi,,15,inactive\n');
    expect(users.map((u) => [u.id, u.email, u.extension, u.active])).toEqual([
      ['s1', 'asha@acme.in', '14', true],
      ['s2', '', '15', false],
    ]);
  });

  it('quotes a header of one long line only in part, saying how long it was', async () => {
    const e = await usageError(() => parseMyOperatorUsers('m.csv', `${'x'.repeat(50_000)}\n`));
    expect(e.message).toMatch(/^m\.csv: no e-mail column in the header \(x{120}… \(50,000 characters\)\)\.$/);
  });

  it('reports a MyOperator error body for what it is', async () => {
    expect((await usageError(() => parseMyOperatorUsers('m.json', '{"status":"error","code":401,"message":"Invalid token"}'))).message).toMatch(
      /error response \("Invalid token"\)/,
    );
  });

  it.each([
    ['m.csv', 'name,phone\nAsha,1\n', /no e-mail column/],
    ['m.csv', 'email,name\na@b.in,A\n', /no id column/],
    ['m.csv', 'uuid,email\ns1,a@b.in,extra\n', /row 2 has 3 fields where the header has 2/],
    ['m.csv', 'uuid,email\n"s1,a@b.in\n', /not a readable CSV file/],
    ['m.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR', /^m\.png: not a CSV or JSON users export: it holds binary data \(NUL bytes\)\.$/],
  ])('%s %j: one sentence naming the problem', async (file, text, message) => {
    expect((await usageError(() => parseMyOperatorUsers(file, text))).message).toMatch(message);
  });
});

describe('encodings of an export', () => {
  const csv = 'id,name,email\r\n11,José Núñez,jose@acme.in\r\n';
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const decodeError = (bytes: Uint8Array) => {
    try {
      decodeExport('zoho.csv', bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return e as UsageError;
    }
    throw new Error('expected a UsageError');
  };

  it.each([
    ['UTF-16LE with a byte-order mark (Windows PowerShell `>`, Excel "Unicode text")', Buffer.from(`\ufeff${csv}`, 'utf16le')],
    ['UTF-16BE with a byte-order mark', utf16be(`\ufeff${csv}`)],
    ['UTF-8 with a byte-order mark', Buffer.from(`\ufeff${csv}`, 'utf8')],
  ])('reads %s as the same users as UTF-8', async (_, bytes) => {
    const users = await parseZohoUsers('zoho.csv', decodeExport('zoho.csv', bytes));
    expect(users.map((u) => [u.id, u.name, u.email])).toEqual([['11', 'José Núñez', 'jose@acme.in']]);
  });

  it.each([
    ['little', Buffer.from(csv, 'utf16le')],
    ['big', utf16be(csv)],
  ])('names UTF-16 (%s-endian) with no byte-order mark, and says to save it as UTF-8', (endian, bytes) => {
    const e = decodeError(bytes);
    expect(e.message).toBe(`zoho.csv is UTF-16 text (${endian}-endian, with no byte-order mark), not UTF-8.`);
    expect(e.hint).toMatch(/^Save it as UTF-8/);
  });

  it('names a Latin-1 export and the line that is not UTF-8, rather than reading "José" as "Jos\ufffd"', () => {
    const e = decodeError(Buffer.from(csv, 'latin1'));
    expect(e.message).toBe('zoho.csv is not UTF-8 text (line 2 is not: a Latin-1 or Windows-1252 export?).');
    expect(e.hint).toMatch(/^Save it as UTF-8/);
  });
});

describe("the other side's export, passed to the wrong flag", () => {
  const moListRows = JSON.stringify([{ id: 's5f3a', user_id: '227001', name: 'Asha Rao', email: 'asha@acme.in', extension: '14', active: true }]);
  const moApiRows = JSON.stringify([{ uuid: 's5f3a', user_id: 227001, name: 'Asha Rao', email: 'asha@acme.in', extension: 14, is_active: '1', is_enabled: '1' }]);
  const zohoApiRows = JSON.stringify([{ id: '4815900000000107919', zuid: '60012037', email: 'asha@acme.in', full_name: 'Asha Rao', status: 'active', confirm: true }]);
  const zohoListRows = JSON.stringify([{ id: '4815900000000107919', zuid: '60012037', name: 'Asha Rao', email: 'asha@acme.in', status: 'active', confirmed: true, active: true }]);

  it.each([
    ['`list myoperator --json | jq .users`', 'm.json', moListRows, 'm.json: these look like MyOperator users, not Zoho users: "user_id" and "extension" are MyOperator fields.'],
    ['a MyOperator API array', 'm.json', moApiRows, 'm.json: these look like MyOperator users, not Zoho users: "uuid", "user_id", "extension", "is_active" and "is_enabled" are MyOperator fields.'],
    ['`list myoperator --csv` without its extension column', 'm.csv', 'id,user_id,name,email,active\ns5f3a,227001,Asha Rao,asha@acme.in,true\n', 'm.csv: these look like MyOperator users, not Zoho users: "user_id" is a MyOperator column.'],
    ['`list myoperator --csv` without its user_id column', 'm.csv', 'id,name,email,extension,active\ns5f3a,Asha Rao,asha@acme.in,14,true\n', 'm.csv: these look like MyOperator users, not Zoho users: "extension" is a MyOperator column.'],
  ])('%s given as Zoho users is named as MyOperator users', async (_, file, text, sentence) => {
    const e = await usageError(() => parseZohoUsers(file, text));
    expect(e.message).toBe(sentence);
    expect(e.hint).toBe('Pass it to --myoperator-file: did you swap --zoho-file and --myoperator-file?');
  });

  it.each([
    ['a Zoho API array', 'z.json', zohoApiRows, 'z.json: these look like Zoho users, not MyOperator users: "zuid", "full_name", "status" and "confirm" are Zoho fields.'],
    ['`list zoho --json | jq .users`', 'z.json', zohoListRows, 'z.json: these look like Zoho users, not MyOperator users: "zuid", "status" and "confirmed" are Zoho fields.'],
    ['`list zoho --csv` without its zuid column', 'z.csv', 'id,name,email,status,confirmed,active\n48159,Asha Rao,asha@acme.in,active,true,true\n', 'z.csv: these look like Zoho users, not MyOperator users: "confirmed" is a Zoho column.'],
  ])('%s given as MyOperator users is named as Zoho users', async (_, file, text, sentence) => {
    const e = await usageError(() => parseMyOperatorUsers(file, text));
    expect(e.message).toBe(sentence);
    expect(e.hint).toBe('Pass it to --zoho-file: did you swap --zoho-file and --myoperator-file?');
  });
});

describe('CSV separators and unreadable CSV', () => {
  it.each([
    ['semicolons (Excel where the decimal separator is a comma)', 'id;email;name\n11;asha@acme.in;Asha Rao, MD\n'],
    ['quoted semicolons', '"id";"email";"name"\n"11";"asha@acme.in";"Asha Rao, MD"\n'],
    ['tabs', 'id\temail\tname\n11\tasha@acme.in\tAsha Rao, MD\n'],
  ])('reads a header and rows separated by %s', async (_, text) => {
    const users = await parseZohoUsers('zoho.csv', text);
    expect(users.map((u) => [u.id, u.email, u.name])).toEqual([['11', 'asha@acme.in', 'Asha Rao, MD']]);
  });

  it.each([
    ['uuid;email\n"s1"x;a@b.in\n', 'm.csv: not a readable CSV file: line 2 has a quoted field followed by more text before the next semicolon.'],
    ['uuid,email\ns"1,a@b.in\n', 'm.csv: not a readable CSV file: line 2 has a quote (") inside a field that does not start with one (quote the whole field, and double the quote inside it).'],
    ['uuid,email\n"s1,a@b.in\n', 'm.csv: not a readable CSV file: a quoted field is never closed (the file ends inside quotes).'],
  ])('%j: a sentence of ours, not csv-parse\'s', async (text, sentence) => {
    expect((await usageError(() => parseMyOperatorUsers('m.csv', text))).message).toBe(sentence);
  });
});

describe('ids that name no one user', () => {
  it.each([
    ['a `list zoho --csv` re-saved by Excel', () => parseZohoUsers('z.csv', 'id,name,email\n4.8159E+18,Asha Rao,asha@acme.in\n'), 'z.csv: row 2 has the Zoho id "4.8159E+18", turned into a number by a spreadsheet (written in scientific notation), so it names nobody.'],
    ['one MyOperator uuid twice', () => parseMyOperatorUsers('m.csv', 'uuid,email\nm1,a@b.in\nm2,c@d.in\nm1,e@f.in\n'), 'm.csv: row 4 has the same id as row 2, "m1": an id names one user.'],
    ['one Zoho id twice, in JSON', () => parseZohoUsers('z.json', JSON.stringify([{ id: '7', email: 'a@b.in' }, { id: 7, email: 'c@d.in' }])), 'z.json: user 2 has the same id as user 1, "7": an id names one user.'],
    ['an empty id', () => parseZohoUsers('z.json', JSON.stringify([{ id: '', email: 'a@b.in' }])), 'z.json: user 1 has an empty id, which names nobody.'],
    ['a blank uuid cell', () => parseMyOperatorUsers('m.csv', 'uuid,email\n  ,a@b.in\n'), 'm.csv: row 2 has an empty id, which names nobody.'],
  ])('%s is refused, naming the row', async (_, parse, sentence) => {
    const e = await usageError(parse);
    expect(e.message).toBe(sentence);
    expect(e.hint).toMatch(/keep the ids as text/);
  });
});

describe('a blank cell in a CSV status column', () => {
  it('leaves a Zoho user active and confirmed, as a file without those columns does', async () => {
    const blank = await parseZohoUsers('z.csv', 'id,email,status,confirmed\n11,a@b.in,,\n12,c@d.in, ,\n');
    const without = await parseZohoUsers('z.csv', 'id,email\n11,a@b.in\n12,c@d.in\n');
    expect(blank).toEqual(without);
    expect(blank.map((u) => u.active)).toEqual([true, true]);
  });

  it('leaves a MyOperator user active and enabled, as a file without those columns does', async () => {
    const blank = await parseMyOperatorUsers('m.csv', 'uuid,email,status,is_enabled\ns1,a@b.in,,\n');
    expect(blank).toEqual(await parseMyOperatorUsers('m.csv', 'uuid,email\ns1,a@b.in\n'));
    expect(blank[0]!.active).toBe(true);
  });
});

describe('exportHead: what match reads of one file given to both flags', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const file = (name: string, content: string | Buffer) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, content);
    return path;
  };
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `${1000 + i}`, email: `u${i}@acme.in`, profile: { name: 'Sales' }, territories: [{ id: `t${i}` }] }));

  it('a JSON export larger than its head: the document to its first user, closed, with that user whole', () => {
    const text = exportHead(file('big.json', JSON.stringify({ users: many(20_000), info: { more_records: false } })));
    expect(JSON.parse(text!)).toEqual({ users: many(1) });
  });

  it('a CSV export, in UTF-16 with its mark too: its header line alone', () => {
    const rows = many(20_000).map((u) => `${u.id},${u.email}\r\n`);
    expect(exportHead(file('big.csv', `id,email\r\n${rows.join('')}`))).toBe('id,email\r\n');
    expect(exportHead(file('big16.csv', Buffer.from(`\ufeffid,email\r\n${rows.join('')}`, 'utf16le')))).toBe('id,email\r\n');
  });

  it('nothing it can judge by (no user ends in the head, not a file): undefined, and the whole file is read', () => {
    expect(exportHead(file('one-long-user.json', `[{"id": "1", "note": "${'x'.repeat(300_000)}"}]`))).toBeUndefined();
    expect(exportHead(tmp.dir)).toBeUndefined();
    expect(exportHead(join(tmp.dir, 'missing.csv'))).toBeUndefined();
  });
});
