/**
 * CSV exports open in spreadsheets: a remote name or id starting with = + - @ must stay text
 * (OWASP's leading '), control and BiDi characters show as <U+XXXX>, and `map --import` reads back
 * what `list mappings --csv` wrote, formula-looking ids included.
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvCell, fromCsvCell, toCsv } from '../../src/io/csv.js';
import { DEMO_CASES, demoCompany } from '../../src/sandbox/demo-company.js';
import { emulatorEnv, resetEmulators, withEmulators } from '../support/emulators.js';
import { runCli } from '../support/cli.js';
import { writeReport } from '../support/report.js';

const h = withEmulators();
const FORMULA = /^[=+\-@\t\r]/;
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const tally = { cellsChecked: 0, formulaCellsNeutralised: 0 };

describe('toCsv', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","x")', `'=HYPERLINK("https://evil.example","x")`],
    ['+91 98400', `'+91 98400`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    // visible() shows a leading tab or CR as <U+0009>/<U+000D>, so the cell no longer starts with one.
    ['\tstarts with a tab', '<U+0009>starts with a tab'],
    ['\r=1+1', '<U+000D>=1+1'],
    ['Ravi\u001b[2J', 'Ravi<U+001B>[2J'],
    ['a\u0000b', 'a<U+0000>b'],
    ['\u202eevil', '<U+202E>evil'],
    ['plain@acme.in', 'plain@acme.in'],
    [null, ''],
  ])('%j is written %j, and read back to the text', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
    const [, row] = parse(toCsv(['x'], [[value]])) as string[][];
    expect(row![0]).toBe(cell);
    if (value !== null && !RAW.test(value) && !value.startsWith('\t')) expect(fromCsvCell(row![0]!)).toBe(value);
  });
});

describe('list --csv and match --csv', () => {
  it('neutralise formula cells and show control characters; map --import reads list mappings --csv back', async () => {
    resetEmulators(h.e);
    const demo = demoCompany();
    const z = demo.zoho.find((u) => u.email === DEMO_CASES.exact)!;
    const m = demo.myoperator.find((u) => u.email === DEMO_CASES.exact)!;
    z.full_name = '=HYPERLINK("https://evil.example","click")';
    m.name = '@SUM(1+1)\u001b]52;c;ZXZpbA==\u0007';
    m.uuid = '-2+3-uuid';
    m.extension = '+21';
    h.e.zoho.users = demo.zoho;
    h.e.mo.users = demo.myoperator;
    const env = emulatorEnv(h.e);
    const cfg = join(h.tmp.dir, 'cfg');
    expect((await runCli(['--config-dir', cfg, 'map', '--auto'], env)).code).toBe(0);
    const outs = {
      zoho: await runCli(['--config-dir', cfg, 'list', 'zoho', '--csv'], env),
      myoperator: await runCli(['--config-dir', cfg, 'list', 'myoperator', '--csv'], env),
      mappings: await runCli(['--config-dir', cfg, 'list', 'mappings', '--csv'], env),
      match: await runCli(['--config-dir', cfg, 'match', '--csv'], env),
    };
    for (const [name, r] of Object.entries(outs)) {
      expect([name, r.code]).toEqual([name, 0]);
      const rows = parse(r.stdout) as string[][];
      expect(rows.length).toBeGreaterThan(1);
      for (const cell of rows.flat()) {
        expect(cell).not.toMatch(FORMULA);
        expect(cell).not.toMatch(RAW);
        tally.cellsChecked++;
        if (/^'[=+\-@]/.test(cell)) tally.formulaCellsNeutralised++;
      }
    }
    expect(outs.zoho.stdout).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(outs.myoperator.stdout).toContain(`'@SUM(1+1)<U+001B>]52;c;ZXZpbA==<U+0007>`);
    expect(outs.mappings.stdout).toContain(`'-2+3-uuid`);
    // match --csv: the tab-separated columns, as CSV.
    const match = parse(outs.match.stdout) as string[][];
    expect(match[0]).toEqual(['status', 'zoho_id', 'zoho_email', 'myoperator_id', 'myoperator_email', 'confidence', 'reasons']);
    expect(match).toContainEqual(['mapped', z.id, z.email, `'-2+3-uuid`, m.email, expect.any(String), expect.any(String)]);
    const tsv = await runCli(['--config-dir', cfg, 'match'], env);
    expect(match.length - 1).toBe(tsv.stdout.trim().split('\n').length);

    // The round trip: a fresh store imports the export and holds the same pairs.
    const file = join(h.tmp.dir, 'export.csv');
    writeFileSync(file, outs.mappings.stdout);
    const fresh = join(h.tmp.dir, 'fresh.json');
    const imp = await runCli(['--config-dir', cfg, '--mappings', fresh, 'map', '--import', file], env);
    expect(imp.code).toBe(0);
    const pairs = (p: string) =>
      (JSON.parse(readFileSync(p, 'utf8')) as { mappings: Array<{ zoho: { id: string }; myoperator: { uuid: string } }> }).mappings.map((x) => [x.zoho.id, x.myoperator.uuid]);
    expect(pairs(fresh)).toEqual(pairs(join(cfg, 'mappings', 'default.json')));
    expect(pairs(fresh)).toContainEqual([z.id, '-2+3-uuid']);

    expect((await runCli(['--config-dir', cfg, '--json', 'match', '--csv'], env)).code).toBe(2);
    writeReport('csv', tally);
  });
});
