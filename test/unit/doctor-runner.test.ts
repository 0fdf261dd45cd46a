import { describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { AuthError, UsageError } from '../../src/errors.js';
import { needing } from '../../src/doctor/check.js';

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
// A bad variable every client refuses (the first check to meet it names it), and a bug inside needing().
const TIMEOUT = new UsageError('PHONEBRIDGE_HTTP_TIMEOUT_MS="0" would give every request 0 ms to answer: it is not "no limit" here.', 'Unset it for the default (15 s), or give the milliseconds to wait, e.g. 30000.');
const BUG = new TypeError("Cannot read properties of undefined (reading 'zoho')");
const refusedCheck = (name: string, id: string, e: Error) => () => ({
  [name]: { id, group: 'Zoho', run: () => needing(() => Promise.reject(e), () => ({ status: 'pass' as const, message: 'ran' })) },
});
jest.unstable_mockModule('../../src/doctor/checks/zoho-credentials.js', () => ({
  zohoCredentialsCheck: { id: 'zoho-credentials', group: 'Zoho', run: async () => ({ status: 'pass', message: 'set' }) },
}));
jest.unstable_mockModule('../../src/doctor/checks/zoho-token.js', refusedCheck('zohoTokenCheck', 'zoho-token', TIMEOUT));
jest.unstable_mockModule('../../src/doctor/checks/zoho-api.js', refusedCheck('zohoApiCheck', 'zoho-api', TIMEOUT));
jest.unstable_mockModule('../../src/doctor/checks/zoho-phonebridge.js', refusedCheck('zohoPhoneBridgeCheck', 'zoho-phonebridge', BUG));
jest.unstable_mockModule('../../src/doctor/checks/myoperator-api.js', () => ({
  myOperatorApiCheck: {
    id: 'myoperator-api',
    group: 'MyOperator',
    run: async () => {
      throw TIMEOUT;
    },
  },
}));
// A "nothing to check" skip said from inside needing(): no refusal, so no problem.
jest.unstable_mockModule('../../src/doctor/checks/mapping-health.js', () => ({
  mappingHealthCheck: { id: 'mapping-health', group: 'Mappings', run: () => needing(() => ({ mappings: [] }), () => ({ status: 'skip' as const, message: 'no saved mappings yet' })) },
}));
const { run } = await import('../../src/commands/doctor.js');
const { createContext } = await import('../../src/context.js');

interface Doc {
  checks: Array<{ id: string; status: string; message: string; hint: string | null }>;
  summary: Record<string, number>;
}

/** doctor --json with these --only words, in a config dir of its own: what it threw, and its document. */
async function doctorJson(only: string[]): Promise<{ error: unknown; doc: Doc }> {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-doctor-'));
  try {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const globals = { profile: 'default', configDir: dir, json: true, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
    const error = await run({ only }, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, doc: JSON.parse(out) as Doc };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('doctor runner', () => {
  it('shows a crashing check as ✗ with its error, a refused credential as ✗ with its fix, and still runs the rest', async () => {
    const { error, doc } = await doctorJson(['config']);
    expect(error).toMatchObject({ exitCode: 5 });
    const checks = doc.checks;
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['config-dir', 'fail'],
      ['credentials-file', expect.any(String)],
      ['mappings-file', 'fail'],
    ]);
    expect(checks[0]).toMatchObject({ message: expect.stringContaining("reading 'mode'"), hint: 'Run with --verbose for details.' });
    expect(checks[2]).toMatchObject({ message: 'Zoho rejected the client id.', hint: 'Check --dc.' });
  });
});

describe('doctor runner: one cause is one problem, counted at the first check that meets it', () => {
  // It was "– zoho-token: skipped: …" beside "✗ myoperator-api: cannot check, for the same reason as
  // zoho-token" and every user check ✗ likewise: the check that named the cause was not counted,
  // those that only followed from it were ("7 failed", "doctor found 7 problems").
  it('the first check to meet a refusal is ✗ with its fix; a later check that fails for it is skipped; a bug inside needing() is the check itself failing', async () => {
    const { error, doc } = await doctorJson(['zoho', 'myoperator-api']);
    expect(error).toMatchObject({ exitCode: 5, message: 'doctor found 2 problems (status "fail" in the document).' });
    expect(doc.checks.map(({ id, status, message, hint }) => ({ id, status, message, hint }))).toEqual([
      { id: 'zoho-credentials', status: 'pass', message: 'set', hint: null },
      { id: 'zoho-token', status: 'fail', message: `cannot check: ${TIMEOUT.message}`, hint: TIMEOUT.hint },
      { id: 'zoho-api', status: 'skip', message: `cannot check: ${TIMEOUT.message}`, hint: TIMEOUT.hint },
      { id: 'zoho-phonebridge', status: 'fail', message: `the check itself failed: ${BUG.message}`, hint: 'Run with --verbose for details.' },
      { id: 'myoperator-api', status: 'skip', message: TIMEOUT.message, hint: TIMEOUT.hint },
    ]);
    expect(doc.summary).toEqual({ pass: 1, warn: 0, fail: 2, skip: 2 });
  });

  // With no later check failing for it, the check that met it stayed "– zoho-token: skipped: …" and
  // doctor exited 0 on a broken setup ("1 passed, 0 warnings, 0 failed, 1 skipped.").
  it.each([
    [['zoho-token'], { pass: 0, warn: 0, fail: 1, skip: 0 }],
    [['zoho'], { pass: 1, warn: 0, fail: 2, skip: 1 }],
  ])('--only %j: the first check to meet a refusal is ✗ though no later check fails for it', async (only, summary) => {
    const { error, doc } = await doctorJson(only);
    expect(error).toMatchObject({ exitCode: 5, message: `doctor found ${summary.fail} problem${summary.fail === 1 ? '' : 's'} (status "fail" in the document).` });
    expect(doc.checks.find((c) => c.id === 'zoho-token')).toEqual({ id: 'zoho-token', group: 'Zoho', status: 'fail', message: `cannot check: ${TIMEOUT.message}`, hint: TIMEOUT.hint, data: null });
    expect(doc.summary).toEqual(summary);
  });

  it('a skip with nothing to check (no refusal met) is no problem: exit 0', async () => {
    const { error, doc } = await doctorJson(['mapping-health']);
    expect(error).toBeUndefined();
    expect(doc.checks).toEqual([{ id: 'mapping-health', group: 'Mappings', status: 'skip', message: 'no saved mappings yet', hint: null, data: null }]);
  });
});
