/**
 * A change that finds the mappings lock taken waits for it (up to ~25 s): it says so when it starts
 * waiting, and goes on once the other run lets go. It waited in silence, then either went on or refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, rmdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('a change while another run holds the mappings lock', () => {
  it('says it is waiting for that run, naming the file and the lock, and makes the change once the lock is let go', async () => {
    const dir = join(tmp.dir, 'wait');
    const args = ['--config-dir', dir, '--sandbox'];
    expect((await runCli([...args, 'map', '--auto'])).code).toBe(0);
    const file = join(dir, 'sandbox', 'mappings', 'sandbox.json');
    const lock = `${file}.lock`;
    // Another run's lock: stamped ahead, so it is never taken for a dead run's while the test waits for the note.
    mkdirSync(lock);
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(lock, ahead, ahead);
    const child = spawn(process.execPath, [BIN, ...args, 'map', '--ignore', 'gaurav.bose@acmetraders.in'], {
      env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // The other run finishes once this one has said its first line (that it waits).
    let released = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (released || !stderr.includes('\n')) return;
      released = true;
      rmdirSync(lock);
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr.split('\n')).toEqual([
      `Another phonebridge-sync run holds the lock of the mappings file ${file} (${lock}): waiting up to 25 s for it to finish.`,
      `Zoho user gaurav.bose@acmetraders.in will never be mapped (\`phonebridge-sync --sandbox --config-dir ${dir} map --unmap gaurav.bose@acmetraders.in\` undoes it).`,
      '',
    ]);
  });
});
