import { describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AuthError } from '../../src/errors.js';

// Two checks replaced: one crashes with a bug, one meets a credential the remote refuses.
jest.unstable_mockModule('../../src/doctor/checks/config-dir.js', () => ({
  configDirCheck: {
    id: 'config-dir',
    group: 'Config',
    run: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'mode')");
    },
  },
}));
jest.unstable_mockModule('../../src/doctor/checks/mappings-file.js', () => ({
  mappingsFileCheck: {
    id: 'mappings-file',
    group: 'Config',
    run: async () => {
      throw new AuthError('Zoho rejected the client id.', 'Check --dc.');
    },
  },
}));
const { run } = await import('../../src/commands/doctor.js');
const { createContext } = await import('../../src/context.js');

describe('doctor runner', () => {
  it('shows a crashing check as ✗ with its error, a refused credential as ✗ with its fix, and still runs the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbs-doctor-'));
    try {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      const globals = { profile: 'default', configDir: dir, json: true, color: false, verbose: false, sandbox: false, yes: false };
      const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
      await expect(run({ only: ['config'] }, ctx)).rejects.toMatchObject({ exitCode: 5 });
      const checks = (JSON.parse(out) as { checks: Array<{ id: string; status: string; message: string; hint?: string }> }).checks;
      expect(checks.map((c) => [c.id, c.status])).toEqual([
        ['config-dir', 'fail'],
        ['credentials-file', expect.any(String)],
        ['mappings-file', 'fail'],
      ]);
      expect(checks[0]).toMatchObject({ message: expect.stringContaining("reading 'mode'"), hint: 'Run with --verbose for details.' });
      expect(checks[2]).toMatchObject({ message: 'Zoho rejected the client id.', hint: 'Check --dc.' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
