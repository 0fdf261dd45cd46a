/** Runs the built bin as a user would: no TTY, CI set, its own temporary config dir. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoCompany } from '../../src/sandbox/demo-company.js';

export const BIN = resolve('bin/phonebridge-sync.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024, cwd },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The demo company written as API-shaped exports: returns the two paths. */
export function writeDemoExports(dir: string): { zohoFile: string; myoperatorFile: string } {
  const demo = demoCompany();
  const zohoFile = join(dir, 'zoho.json');
  const myoperatorFile = join(dir, 'myoperator.json');
  writeFileSync(zohoFile, JSON.stringify({ users: demo.zoho, info: { per_page: 200, count: demo.zoho.length, page: 1, more_records: false } }));
  writeFileSync(myoperatorFile, JSON.stringify({ status: 'success', code: 200, data: demo.myoperator }));
  return { zohoFile, myoperatorFile };
}

/** No stack trace reached the user. */
export function noStack(text: string): boolean {
  return !/\n\s+at .+:\d+:\d+/.test(text);
}
