/**
 * The sentence that says a pair's calls wait for its Zoho user to accept Zoho's invitation (the
 * `unconfirmed` reason): resync's closing line off a terminal, fix's note under its plan. Up to 10
 * such users are named; past that, the sentence says which command names them.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run as resync } from '../../src/commands/resync.js';
import { run as fix } from '../../src/commands/fix.js';
import { createContext } from '../../src/context.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const WAIT = "(an admin can resend it from Zoho's Setup → Users)";

/** Standard error of a run piped (no terminal), and its standard output. */
function piped() {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => new Writable({ write: (c, _e, done) => ((out[key] += String(c)), done()) });
  const ctx = createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
    { stdout: sink('stdout'), stderr: sink('stderr'), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-06T00:00:00.000Z') },
  );
  return { ctx, out };
}

/** `count` Zoho users who have not accepted Zoho's invitation, each with `mo(email)` in MyOperator. */
function unconfirmed(name: string, count: number, mo: (email: string) => string) {
  const zoho = Array.from({ length: count }, (_, i) => zohoUser(`${name}${i}@acme.in`, { confirmed: false }));
  return { zoho, myoperator: zoho.map((z) => moUser(mo(z.email))) };
}

describe('pairs whose Zoho user has not accepted the invitation, past the 10 named', () => {
  it("resync's closing line, piped: 11 added pairs are counted and `doctor` is named, which lists them", async () => {
    const users = unconfirmed('added', 11, (e) => e);
    const { ctx, out } = piped();
    await resync({ auto: true, dryRun: true, maxPrune: 10 }, ctx, {
      store: new MappingStore(join(tmp.dir, 'resync.json'), { command: 'resync' }),
      fetchUsers: async () => users,
    });
    expect(out.stdout.split('\n').filter((l) => l.startsWith('added\t'))).toHaveLength(11);
    expect(out.stderr).toContain(
      ` 11 pairs that would be added have Zoho users who have not accepted Zoho's invitation (\`phonebridge-sync doctor\` names them), so PhoneBridge attributes none of their calls until each invitation is accepted ${WAIT}.\n`,
    );
    expect(out.stderr).not.toContain('added0@acme.in');
  });

  it("fix's note under its plan counts the 11 e-mails it sets, not a conflict it leaves alone; 10 are named", async () => {
    // Each MyOperator e-mail differs by case alone: 11 changes. The 12th Zoho e-mail has an invisible
    // character, so its entry is a conflict, never set: "even with their MyOperator e-mails set" is not of it.
    const users = unconfirmed('Planned', 11, (e) => e.toLowerCase());
    const conflict = zohoUser('held\u200b@acme.in', { confirmed: false });
    const dryRun = async (zoho = [...users.zoho, conflict], myoperator = [...users.myoperator, moUser('held@acme.in')]) => {
      const { ctx, out } = piped();
      // Its conflict ends the dry run 5, as it ends the run it previews.
      await expect(
        fix({ maxChanges: 20, dryRun: true }, ctx, {
          store: new MappingStore(join(tmp.dir, 'fix.json'), { command: 'fix' }),
          fetchUsers: async () => ({ zoho, myoperator }),
          myoperator: { updateEmail: async () => ({ accepted: true as const }), listUsers: async () => myoperator },
        }),
      ).rejects.toMatchObject({ exitCode: 5 });
      return out;
    };
    const eleven = await dryRun();
    expect(eleven.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(['conflict', ...Array(11).fill('planned'), '']);
    expect(eleven.stderr).toContain(
      `Note: 11 Zoho users here have not accepted Zoho's invitation (\`phonebridge-sync doctor\` names them): even with their MyOperator e-mails set, PhoneBridge attributes none of their calls until each invitation is accepted ${WAIT}.\n`,
    );
    // Ten are named, in the plan's order, the conflict's user not among them.
    const ten = await dryRun([...users.zoho.slice(1), conflict], [...users.myoperator.slice(1), moUser('held@acme.in')]);
    expect(ten.stderr).toContain(
      `Note: 10 Zoho users here have not accepted Zoho's invitation (${users.zoho
        .slice(1)
        .map((z) => z.email)
        .sort()
        .join(', ')}): even with their MyOperator e-mails set,`,
    );
  });
});
