/**
 * A comma after the last item of a list or the last field of an object, the commonest slip of a
 * JSON file edited by hand: every JSON file the tool reads names its line and column. V8 says
 * "Unexpected token ']', … is not valid JSON" of one before "]", with no position, and of one
 * before "}" names the "}" as a missing property name. Its other "Unexpected token" slips are
 * placed by line and column too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** A file of `text` in the test's directory, and its path. */
function file(name: string, text: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
}

/** A sandbox run under a config dir of its own. */
const sandbox = (dir: string, args: string[]) => runCli(['--config-dir', join(tmp.dir, dir), '--sandbox', ...args]);

describe('map --import', () => {
  it('of a pretty-printed list with a comma after its last pair: the comma\'s line and column', async () => {
    const pair = '  {"zoho": "asha.rao@acmetraders.in", "myoperator": "11"},';
    const path = file('pairs.json', `[\n${pair}\n]\n`);
    const r = await sandbox('import-list', ['map', '--import', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // It was "not valid JSON (Unexpected token ']', ..."": "11"},<U+000A>]<U+000A>" is not valid JSON)".
    expect(r.stderr.split('\n')[0]).toBe(`${path}: not valid JSON (line 2, column ${pair.length}: a comma before ]: JSON allows none).`);
    expect(noStack(r.stderr)).toBe(true);
  });

  it('of a `list mappings --json` export with a comma after its last field, below a blank line', async () => {
    const path = file('export.json', '\n{\n  "mappings": [],\n  "ignored": [],\n}\n');
    const r = await sandbox('import-object', ['map', '--import', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${path}: not valid JSON (line 4, column 16: a comma before }: JSON allows none).`);
  });

  it('names the first slip, not a later comma, and reads no comma inside a string as one', async () => {
    // The string holds a quote escaped, then a comma before "}".
    const path = file('earlier.json', '[{"zoho": "a\\",}", "myoperator": 11 12},]');
    const r = await sandbox('import-earlier', ['map', '--import', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${path}: not valid JSON (Expected ',' or '}' after property value in JSON at position 36: line 1, column 37).`);
  });
});

it('match --zoho-file with a comma after the last user', async () => {
  const user = '  {"id": "1", "email": "a@x.in", "full_name": "A"},';
  const zoho = file('zoho.json', `[\n${user}\n]`);
  const myoperator = file('myoperator.json', '[{"uuid": "u1", "email": "a@x.in", "name": "A", "extension": "11"}]');
  const r = await runCli(['--config-dir', join(tmp.dir, 'match'), 'match', '--zoho-file', zoho, '--myoperator-file', myoperator]);
  expect(r.code).toBe(2);
  expect(r.stderr.split('\n')[0]).toBe(`${zoho}: not valid JSON (line 2, column ${user.length}: a comma before ]: JSON allows none).`);
});

describe('doctor --webhook', () => {
  it('of a JSON body with a comma after the agent', async () => {
    const path = file('call.json', '{\n  "event_type": "call.end",\n  "payload": {"agent": {"extension": "11"},}\n}\n');
    const r = await sandbox('webhook-json', ['doctor', '--webhook', path]);
    expect(r.code).toBe(2);
    // It was "(Expected double-quoted property name in JSON at position 70)".
    expect(r.stderr.split('\n')[0]).toBe(
      `${path}: not a MyOperator call payload: not JSON, nor a form with a "myoperator" field (line 3, column 43: a comma before }: JSON allows none).`,
    );
  });

  it('of a form whose "myoperator" field has a comma after the last agent: no line, which would be the file\'s', async () => {
    const path = file('call.txt', `myoperator=${encodeURIComponent('{"_ci":"1","_ld":[{"_rr":[{"_ex":"11"},]}]}')}`);
    const r = await sandbox('webhook-form', ['doctor', '--webhook', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${path}: not a MyOperator call payload: its "myoperator" form field is not JSON (a comma before ]: JSON allows none).`);
  });
});

describe('the files the tool keeps, edited by hand', () => {
  /** A sandbox config dir holding one mapping, its history line and the sandbox's cached token. */
  async function kept(dir: string): Promise<{ mappings: string; history: string; credentials: string }> {
    expect((await sandbox(dir, ['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '11'])).code).toBe(0);
    const home = join(tmp.dir, dir, 'sandbox');
    return { mappings: join(home, 'mappings', 'sandbox.json'), history: join(home, 'mappings', 'sandbox.history.jsonl'), credentials: join(home, 'credentials.json') };
  }

  it('the mappings file', async () => {
    const { mappings } = await kept('store');
    const text = readFileSync(mappings, 'utf8');
    writeFileSync(mappings, text.replace('"ignored": []', '"ignored": [],'));
    const line = text.split('\n').findIndex((l) => l.includes('"ignored"')) + 1;
    const r = await sandbox('store', ['list', 'mappings']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      new RegExp(`^The mappings file .+ is not valid: not JSON \\(line ${line}, column 16: a comma before \\}: JSON allows none\\)\\. It was left as it is; a copy is at `),
    );
  });

  it('a history line', async () => {
    const { history } = await kept('history');
    const entry = readFileSync(history, 'utf8').trimEnd();
    writeFileSync(history, `${entry.slice(0, -1)},}\n`);
    const r = await sandbox('history', ['list', 'history']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`The history file ${history} has a broken line 1: it is not JSON (column ${entry.length}: a comma before }: JSON allows none).`);
  });

  it('the credentials file: where, and nothing of what it holds', async () => {
    const { credentials } = await kept('credentials');
    const text = readFileSync(credentials, 'utf8').trimEnd();
    writeFileSync(credentials, `${text.slice(0, -1).trimEnd()},\n}\n`);
    const lines = text.split('\n').length;
    const r = await sandbox('credentials', ['list', 'zoho']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${credentials} is not valid JSON (line ${lines - 1}, column ${text.split('\n').at(-2)!.length + 1}: a comma before }: JSON allows none); it was left untouched.`);
  });
});

describe('a slip V8 gives no position for ("Unexpected token"): the line and column, not a quote of the text around it', () => {
  it('map --import of a pair whose e-mail was left without quotes', async () => {
    const path = file('unquoted.json', '[\n  {"zoho": "asha.rao@acmetraders.in", "myoperator": "11"},\n  {"zoho": ravi.kumar@acmetraders.in, "myoperator": "12"}\n]\n');
    const r = await sandbox('import-unquoted', ['map', '--import', path]);
    expect(r.code).toBe(2);
    // It was "(Unexpected token 'r', ..." {"zoho": ravi.kumar"... is not valid JSON)".
    expect(r.stderr.split('\n')[0]).toBe(`${path}: not valid JSON (Unexpected token 'r': line 3, column 12).`);
  });

  it('a history line with a value typed without quotes: its column', async () => {
    await sandbox('history-unquoted', ['map', '--zoho', 'asha.rao@acmetraders.in', '--myoperator', '11']);
    const history = join(tmp.dir, 'history-unquoted', 'sandbox', 'mappings', 'sandbox.history.jsonl');
    const entry = readFileSync(history, 'utf8').trimEnd();
    writeFileSync(history, `${entry.replace('"result":"done"', '"result":done')}\n`);
    const r = await sandbox('history-unquoted', ['list', 'history']);
    expect(r.code).toBe(2);
    const column = entry.indexOf('"done"') + 1;
    expect(r.stderr.split('\n')[0]).toBe(`The history file ${history} has a broken line 1: it is not JSON (Unexpected token 'd': column ${column}).`);
  });

  it('the credentials file: where, and not one character of it', async () => {
    const text = '{"version": 1,\n "profiles": {"sandbox": {"zoho": {"clientSecret": s3cr3t}}}}';
    const path = join(tmp.dir, 'garbled', 'sandbox', 'credentials.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    const r = await sandbox('garbled', ['list', 'zoho']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${path} is not valid JSON (an unexpected character: line 2, column ${text.split('\n')[1]!.indexOf('s3cr3t') + 1}); it was left untouched.`);
    expect(r.stderr).not.toMatch(/'s'|s3cr3t/);
  });
});
