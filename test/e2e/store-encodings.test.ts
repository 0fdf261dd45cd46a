/**
 * Stores changed outside the tool. Saved again as UTF-16 (Notepad's "Unicode", PowerShell's `>`):
 * each is exit 2 saying so and how to save it, not "such as Latin-1". Left mid-merge by git (a CI
 * job commits them): said as a merge to resolve. Their bytes stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noStack, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const utf16 = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le');
const SAID = 'a byte that is not UTF-8 (the file was saved as UTF-16, as Notepad\'s "Unicode" and PowerShell\'s `>` save text; save it as UTF-8)';

describe('a store saved as UTF-16', () => {
  it('the mappings file, its history and the credentials file each say UTF-16, and are left byte for byte', async () => {
    const dir = join(tmp.dir, 'utf16');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const mappings = join(dir, 'mappings.json');
    const history = join(dir, 'mappings.history.jsonl');
    const credentials = join(dir, 'credentials.json');
    const line = { time: '2026-12-05T10:00:00.000Z', command: 'map', user: 'asha', action: 'unmap', before: null, after: null, result: 'done' };
    const files: Array<[string, Buffer]> = [
      [mappings, utf16('{"version": 1, "mappings": [], "ignored": []}\n')],
      [history, utf16(`${JSON.stringify(line)}\n`)],
      [credentials, utf16('{"version": 1, "profiles": {"default": {"myoperator": {"token": "t0k3n"}}}}\n')],
    ];
    for (const [file, bytes] of files) writeFileSync(file, bytes, { mode: 0o600 });

    const list = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'mappings']);
    expect({ code: list.code, first: list.stderr.split('\n')[0] }).toEqual({
      code: 2,
      first: expect.stringMatching(new RegExp(`^The mappings file ${mappings} is not valid: not UTF-8 text: line 1 holds ${SAID.replace(/[()`.]/g, '\\$&')}\\. It was left as it is`)),
    });
    writeFileSync(mappings, '{"version": 1, "mappings": [], "ignored": []}\n');
    const hist = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'history']);
    expect({ code: hist.code, first: hist.stderr.split('\n')[0] }).toEqual({ code: 2, first: `The history file ${history} has a broken line 1: it holds ${SAID}.` });
    const creds = await runCli(['--config-dir', dir, 'list', 'myoperator']);
    expect({ code: creds.code, first: creds.stderr.split('\n')[0] }).toEqual({ code: 2, first: `${credentials} is not UTF-8 text: line 1 holds ${SAID}; it was left untouched.` });
    for (const run of [list, hist, creds]) expect(noStack(run.stderr)).toBe(true);
    for (const [file, bytes] of files.slice(1)) expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('a store git left mid-merge', () => {
  it('the mappings file and its history each name the conflict and how to resolve it, not "Expected double-quoted property name" or "a broken line"', async () => {
    const dir = join(tmp.dir, 'merge');
    mkdirSync(dir, { recursive: true });
    const mappings = join(dir, 'mappings.json');
    const history = join(dir, 'mappings.history.jsonl');
    const entry = (at: string) => ({ zohoId: 'z1', email: 'a@acme.in', at });
    const merged = ['{', '  "version": 1,', '  "mappings": [],', '  "ignored": [', '<<<<<<< HEAD', `    ${JSON.stringify(entry('2026-12-05T10:00:00.000Z'))}`, '=======', `    ${JSON.stringify(entry('2026-12-05T11:00:00.000Z'))}`, '>>>>>>> ci/resync', '  ]', '}', ''].join('\n');
    writeFileSync(mappings, merged);
    const resolve = 'Resolve the merge: delete the <<<<<<<, ======= and >>>>>>> lines, keeping the entries of both sides (or `git checkout --ours` or `--theirs` the file to keep one side whole), then run again.';
    const list = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'mappings']);
    expect({ code: list.code, stdout: list.stdout, lines: list.stderr.split('\n').length, last: list.stderr.split('\n').at(-2) }).toEqual({ code: 2, stdout: '', lines: 3, last: resolve });
    expect(list.stderr).toMatch(new RegExp(`^The mappings file ${mappings} is not valid: a git merge left it unresolved \\(line 5: "<<<<<<< HEAD"\\)\\. It was left as it is; a copy is at `));
    expect(readFileSync(mappings, 'utf8')).toBe(merged);

    writeFileSync(mappings, '{"version": 1, "mappings": [], "ignored": []}\n');
    const line = (user: string) => JSON.stringify({ time: '2026-12-05T10:00:00.000Z', command: 'map', user, action: 'unmap', before: null, after: null, result: 'done' });
    const lines = [line('a'), '<<<<<<< HEAD', line('b'), '=======', line('c'), '>>>>>>> ci/resync', ''].join('\n');
    writeFileSync(history, lines);
    const hist = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'history']);
    expect({ code: hist.code, stdout: hist.stdout, stderr: hist.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `The history file ${history} has a git merge left unresolved (line 2: "<<<<<<< HEAD").\n${resolve}\n`,
    });
    expect(readFileSync(history, 'utf8')).toBe(lines);
  });

  it("in git's diff3 style, the base's section is named too; and its ||||||| line, left after the other markers were deleted, is still a merge", async () => {
    const dir = join(tmp.dir, 'merge-diff3');
    mkdirSync(dir, { recursive: true });
    const mappings = join(dir, 'mappings.json');
    const history = join(dir, 'mappings.history.jsonl');
    writeFileSync(mappings, '{"version": 1, "mappings": [], "ignored": []}\n');
    const line = (user: string) => JSON.stringify({ time: '2026-12-05T10:00:00.000Z', command: 'map', user, action: 'unmap', before: null, after: null, result: 'done' });
    writeFileSync(history, [line('a'), '<<<<<<< HEAD', line('b'), '||||||| 1a2b3c4', '=======', line('c'), '>>>>>>> ci/resync', ''].join('\n'));
    const resolve =
      'Resolve the merge: delete the <<<<<<<, ======= and >>>>>>> lines, and each ||||||| line with the lines under it up to its ======= (the version both sides started from), keeping the entries of both sides (or `git checkout --ours` or `--theirs` the file to keep one side whole), then run again.';
    const first = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'history']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 2, stderr: `The history file ${history} has a git merge left unresolved (line 2: "<<<<<<< HEAD").\n${resolve}\n` });
    // The three lines the plain sentence named, deleted: the base's line is left.
    writeFileSync(history, [line('a'), line('b'), '||||||| 1a2b3c4', line('c'), ''].join('\n'));
    const again = await runCli(['--config-dir', dir, '--mappings', mappings, 'list', 'history']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 2, stderr: `The history file ${history} has a git merge left unresolved (line 3: "||||||| 1a2b3c4").\n${resolve}\n` });
  });
});
