/**
 * A reader that stops early (`| head -c 50`) closes the pipe: that is a normal end. Every command,
 * in every output mode, exits 0 with nothing on stderr and no stack trace, and still finishes its
 * work (a resync whose reader left saves its mappings). The read end is closed before the child
 * writes anything, so every write meets EPIPE, deterministically.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir, writeDemoExports } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
let files: { zohoFile: string; myoperatorFile: string };
beforeAll(() => {
  tmp = tempDir();
  files = writeDemoExports(tmp.dir);
});
afterAll(() => tmp.cleanup());

function runClosed(args: string[], close: 'stdout' | 'stderr' | 'both'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, '--config-dir', join(tmp.dir, 'config'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' },
    });
    if (close !== 'stderr') child.stdout.destroy();
    else child.stdout.resume();
    let stderr = '';
    if (close !== 'stdout') child.stderr.destroy();
    else child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

const offline = (): string[] => ['--zoho-file', files.zohoFile, '--myoperator-file', files.myoperatorFile];
const commands: Array<[string, () => string[]]> = [
  ['match (files, tab-separated)', () => ['match', ...offline()]],
  ['match --json (files)', () => ['match', '--json', ...offline()]],
  ['match --fail-on-unresolved', () => ['match', '--fail-on-unresolved', ...offline()]],
  ['match (sandbox)', () => ['--sandbox', 'match']],
  ['match --json (sandbox)', () => ['--sandbox', 'match', '--json']],
  ['list zoho', () => ['--sandbox', 'list', 'zoho']],
  ['list zoho --json', () => ['--sandbox', 'list', 'zoho', '--json']],
  ['list zoho --csv', () => ['--sandbox', 'list', 'zoho', '--csv']],
  ['list myoperator', () => ['--sandbox', 'list', 'myoperator']],
  ['list myoperator --json', () => ['--sandbox', 'list', 'myoperator', '--json']],
  ['list myoperator --csv', () => ['--sandbox', 'list', 'myoperator', '--csv']],
  ['list mappings', () => ['--sandbox', 'list', 'mappings']],
  ['list mappings --json', () => ['--sandbox', 'list', 'mappings', '--json']],
  ['list mappings --csv', () => ['--sandbox', 'list', 'mappings', '--csv']],
  ['doctor (finds problems: exit 5 when read)', () => ['--sandbox', 'doctor']],
  ['doctor --json', () => ['--sandbox', 'doctor', '--json']],
  ['resync --dry-run', () => ['--sandbox', 'resync', '--dry-run']],
  ['resync --dry-run --json', () => ['--sandbox', 'resync', '--dry-run', '--json']],
  ['--help', () => ['--help']],
  ['match --help', () => ['match', '--help']],
  ['--version', () => ['--version']],
];

describe('a closed pipe is a normal end', () => {
  it.each(commands)('%s: stdout closed → exit 0, stderr empty', async (_name, args) => {
    const r = await runClosed(args(), 'stdout');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it.each(commands)('%s: stdout and stderr closed → exit 0', async (_name, args) => {
    expect((await runClosed(args(), 'both')).code).toBe(0);
  });

  // These speak only on stderr (`2>&1 | head` closes it).
  it.each([
    ['map --auto', ['--sandbox', 'map', '--auto']],
    ['logout', ['--sandbox', 'logout']],
  ])('%s: stderr closed → exit 0', async (_name, args) => {
    expect((await runClosed(args, 'stderr')).code).toBe(0);
  });

  // Both streams went quiet when either's reader left: `… 2>err.log | head` kept nothing in the file.
  it.each([
    ['doctor (finds problems: exit 5 when read)', ['--sandbox', 'doctor'], /^doctor found 3 problems \(✗ in the report on standard output\)\.\n$/],
    ['resync --dry-run', ['--sandbox', 'resync', '--dry-run'], /^Dry run: nothing written\. \d+ would be added, \d+ kept, /],
  ])('%s: stdout closed, stderr to a file → the file keeps what stderr says, exit 0', async (name, args, said) => {
    const log = join(tmp.dir, `${name.split(' ')[0]}-err.log`);
    const fd = openSync(log, 'w');
    const child = spawn(process.execPath, [BIN, '--config-dir', join(tmp.dir, 'config'), ...args], {
      stdio: ['ignore', 'pipe', fd],
      env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' },
    });
    closeSync(fd);
    child.stdout!.destroy();
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(said);
  });

  it('resync whose reader left still saves the mappings it made', async () => {
    const dir = join(tmp.dir, 'resync');
    const child = spawn(process.execPath, [BIN, '--config-dir', dir, '--sandbox', 'resync'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const file = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    expect(existsSync(file)).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { mappings: unknown[] }).mappings).toHaveLength(4);
  });
});
