/**
 * The tool reads its own exports: every `list zoho|myoperator` export, --json or --csv, read back
 * by `match --zoho-file/--myoperator-file`, gives the very match the API-shaped files give — same
 * names, e-mails, ids, extensions, active flags and statuses; a swapped export is named as such.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, writeDemoExports } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
let api: { zohoFile: string; myoperatorFile: string };
let expected: unknown;
const exported: Record<string, string> = {};

beforeAll(async () => {
  tmp = tempDir();
  api = writeDemoExports(tmp.dir);
  const base = ['--config-dir', join(tmp.dir, 'config'), '--sandbox'];
  for (const side of ['zoho', 'myoperator'])
    for (const format of ['json', 'csv']) {
      const r = await runCli([...base, 'list', side, `--${format}`]);
      expect(r.code).toBe(0);
      const file = join(tmp.dir, `${side}-export.${format}`);
      writeFileSync(file, r.stdout);
      exported[`${side}.${format}`] = file;
    }
  // `jq .users` of a JSON export: the bare array.
  for (const side of ['zoho', 'myoperator']) {
    const file = join(tmp.dir, `${side}-users-only.json`);
    writeFileSync(file, JSON.stringify(JSON.parse((await runCli([...base, '--json', 'list', side])).stdout).users));
    exported[`${side}.array`] = file;
  }
  const r = await runCli(['--json', 'match', '--zoho-file', api.zohoFile, '--myoperator-file', api.myoperatorFile]);
  expect(r.code).toBe(0);
  expected = JSON.parse(r.stdout);
});
afterAll(() => tmp.cleanup());

describe('exports round-trip through match', () => {
  it.each([
    ['json', 'json'],
    ['csv', 'csv'],
    ['json', 'csv'],
    ['csv', 'json'],
    ['array', 'array'],
  ])('list zoho --%s and list myoperator --%s give the same match as the API files', async (z, m) => {
    const r = await runCli(['--json', 'match', '--zoho-file', exported[`zoho.${z}`]!, '--myoperator-file', exported[`myoperator.${m}`]!]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('a --csv export shows look-alike characters as code points, and they read back as the characters', () => {
    const csv = readFileSync(exported['myoperator.csv']!, 'utf8');
    expect(csv).toContain(',Anil Mehta,<U+0430>nil.mehta@acmetraders.in,');
    expect(csv).not.toMatch(/[\u0430\uff50\u200b]/);
    // (the csv/csv round trip above then gives the match of the API files: the bytes came back)
  });

  it('names an export passed to the wrong side', async () => {
    const r = await runCli(['match', '--zoho-file', exported['myoperator.json']!, '--myoperator-file', exported['zoho.json']!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/myoperator-export\.json: this is a `list myoperator` export, not Zoho users\.\nPass it to --myoperator-file\./);
  });

  // The other flag gets a file of its own (the two swapped; a Zoho export where the Zoho side is
  // read first): one file given to both flags is said as such (test/e2e/match.test.ts).
  it.each([
    ['--zoho-file', 'myoperator.csv', 'myoperator', 'Zoho', 'zoho.csv'],
    ['--myoperator-file', 'zoho.csv', 'zoho', 'MyOperator', 'zoho.json'],
  ])('names a CSV export passed to the wrong side (%s %s)', async (flag, file, side, label, otherFile) => {
    const other = flag === '--zoho-file' ? '--myoperator-file' : '--zoho-file';
    const r = await runCli(['match', flag, exported[file]!, other, exported[otherFile]!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`this is a \`list ${side} --csv\` export, not ${label} users.\nPass it to --${side}-file.`);
  });
});

describe('an export of the other kind: mappings given as users, users given as mappings', () => {
  it.each([
    ['--zoho-file', 'json', 'zoho', 'Zoho'],
    ['--myoperator-file', 'csv', 'myoperator', 'MyOperator'],
  ])('match %s of a `list mappings --%s` export names it, and says where it goes', async (flag, format, side, label) => {
    const base = ['--config-dir', join(tmp.dir, 'config'), '--sandbox'];
    expect((await runCli([...base, 'map', '--auto'])).code).toBe(0);
    const mappings = join(tmp.dir, `mappings.${format}`);
    writeFileSync(mappings, (await runCli([...base, 'list', 'mappings', `--${format}`])).stdout);
    const other = flag === '--zoho-file' ? ['--myoperator-file', exported['myoperator.json']!] : ['--zoho-file', exported['zoho.json']!];
    const r = await runCli(['match', flag, mappings, ...other]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${mappings}: this is a \`list mappings${format === 'csv' ? ' --csv' : ''}\` export: saved mappings, not ${label} users.\n` +
        `Pass a \`list ${side} --json\` or \`list ${side} --csv\` export (or the API's response) to ${flag}; \`map --import\` restores a mappings export.\n`,
    );
  });

  it.each(['zoho', 'myoperator'])('map --import of a `list %s --csv` export names it as users, not mappings', async (side) => {
    const r = await runCli(['--config-dir', join(tmp.dir, `import-${side}`), '--sandbox', 'map', '--import', exported[`${side}.csv`]!]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${exported[`${side}.csv`]!} is a \`list ${side} --csv\` export: users, not mappings.`);
    expect(r.stderr.split('\n')[1]).toMatch(/^Export the mappings with `/);
  });
});

describe('a mappings backup edited by hand', () => {
  it('map --import of a `list mappings --json` export with a comma typed after a field names the line and column, as a broken mappings file is named', async () => {
    const base = ['--config-dir', join(tmp.dir, 'backup-config'), '--sandbox'];
    expect((await runCli([...base, 'map', '--auto'])).code).toBe(0);
    // Pretty-printed, as a person opens it in an editor, with a blank line above, and one comma too many.
    const lines = JSON.stringify(JSON.parse((await runCli([...base, '--json', 'list', 'mappings'])).stdout), null, 2).split('\n');
    const at = lines.findIndex((l) => l.includes('"how": "auto"'));
    lines[at] += ',';
    const file = join(tmp.dir, 'backup.json');
    writeFileSync(file, `\n${lines.join('\n')}\n`);
    const r = await runCli(['--config-dir', join(tmp.dir, 'restore-config'), '--sandbox', 'map', '--import', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // It said "at position 311" alone: a character count over the whole file.
    const position = readFileSync(file, 'utf8').indexOf(',,') + 1;
    expect(r.stderr.split('\n')[0]).toBe(
      `${file}: not valid JSON (Expected double-quoted property name in JSON at position ${position}: line ${at + 2}, column ${lines[at]!.length}).`,
    );
  });
});
