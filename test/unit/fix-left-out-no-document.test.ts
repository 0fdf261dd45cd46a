/**
 * `fix --json --only …` at a terminal leaves why a user named is not in the plan to the document
 * (its leftOut). A run that stops before writing it must say why on stderr, or nobody does: the
 * mappings lock held past the wait ended 75 with not a word of the user left out.
 * The wait (~25 s of retries) is cut to two quick tries, as in mappings-lock-busy.test.ts; the lock is real.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import realLockfile from 'proper-lockfile';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { tempDir } from '../support/cli.js';
import { quickLock } from '../support/quick-lock.js';

jest.unstable_mockModule('proper-lockfile', () => ({ default: { ...realLockfile, lock: quickLock } }));
const { run } = await import('../../src/commands/fix.js');
const { createContext } = await import('../../src/context.js');
const { CliError, EXIT } = await import('../../src/errors.js');
const { MappingStore } = await import('../../src/store/mappings.js');

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const zoho = (id: string, email: string): ZohoUser => ({ id, zuid: null, email, name: `Z ${id}`, active: true, status: 'active', confirmed: true });
const mo = (id: string, email: string, extension: string, active = true): MyOperatorUser => ({ id, userId: null, email, name: `M ${id}`, extension, active });
// m1 differs from its Zoho user by case alone (planned); m4 too, but is switched off (left out).
const people = [zoho('z1', 'A1@acme.in'), zoho('z4', 'D4@acme.in')];
const remote = [mo('m1', 'a1@acme.in', '1'), mo('m4', 'd4@acme.in', '4', false)];
const M4_WHY =
  "Zoho user D4@acme.in is paired with MyOperator user M m4 (ext 4), which is inactive in MyOperator or does not receive calls: switch it back on in MyOperator's panel first, or leave it; fix changes only pairs whose users are both active";

/** `--json fix --only m1 m4` with standard output a terminal, and `--yes` as given. */
async function fixAtTerminal(yes: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (a: string[], isTTY: boolean) =>
    Object.assign(
      new Writable({
        write(c, _e, done) {
          a.push(String(c));
          done();
        },
      }),
      { isTTY, columns: 120 },
    );
  const ctx = createContext(
    { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes },
    { stdout: sink(out, true), stderr: sink(err, false), stdin: Readable.from([]), env: {} },
  );
  const store = new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'fix' });
  const sent: string[] = [];
  let error: unknown;
  try {
    await run({ maxChanges: 10, only: ['m1', 'm4'] }, ctx, {
      store,
      fetchUsers: async () => ({ zoho: people, myoperator: remote.map((u) => ({ ...u })) }),
      myoperator: {
        updateEmail: async (uuid: string, to: string) => {
          sent.push(`${uuid} <- ${to}`);
          return { accepted: true as const };
        },
        listUsers: async () => remote.map((u) => ({ ...u })),
      },
    });
  } catch (e) {
    error = e;
  }
  return { store, error, sent, stdout: out.join(''), stderr: err.join('') };
}

describe('fix --json at a terminal, --only naming a user left out, the run stopping before its document', () => {
  it('says why that user is left out on stderr when the mappings lock is held past the wait (exit 75): it said nothing of it', async () => {
    // Another run's lock on the mappings file, taken before this run records what it is about to send.
    const path = join(tmp.dir, 'mappings.json');
    const release = await realLockfile.lock(path, { realpath: false, stale: 10_000 });
    try {
      const r = await fixAtTerminal(true);
      expect(r.error).toBeInstanceOf(CliError);
      expect((r.error as InstanceType<typeof CliError>).exitCode).toBe(75);
      expect(r.sent).toEqual([]);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`--only m4: not in the plan: ${M4_WHY}.\n`);
    } finally {
      await release();
    }
  });

  it('says it too when the run is refused for want of --yes (exit 2), once', async () => {
    const r = await fixAtTerminal(false);
    expect((r.error as InstanceType<typeof CliError>).exitCode).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`--only m4: not in the plan: ${M4_WHY}.\n`);
  });
});
