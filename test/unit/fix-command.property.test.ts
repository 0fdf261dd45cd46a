/**
 * Whatever the users, the saved mappings, `--only`, `--max-changes` and MyOperator's answers,
 * `fix` sends a change only for an entry of its own plan (never a conflict), each user at most
 * once, nothing past the cap, and records as applied exactly what reading back shows.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/fix.js';
import { createContext } from '../../src/context.js';
import { CliError, RemoteError } from '../../src/errors.js';
import { entriesNamed, planFix } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import { mappingOf, savedPairs, type Mapping } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { readHistory } from '../../src/store/history.js';
import { MappingStore } from '../../src/store/mappings.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const local = fc.stringMatching(/^[aAbо.\u200b ]{1,5}$/);
const email = fc.oneof(
  fc.constant(''),
  fc.tuple(local, fc.constantFrom('acme.in', 'ACME.in', 'acme.com')).map(([l, d]) => `${l}@${d}`),
);
const zohoUsers = fc
  .uniqueArray(fc.record({ id: fc.stringMatching(/^z[0-9]{1,3}$/), email, active: fc.boolean() }), { selector: (u) => u.id, maxLength: 10 })
  .map((us) => us.map((u): ZohoUser => ({ ...u, zuid: null, name: `Z ${u.id}`, status: u.active ? 'active' : 'disabled', confirmed: true })));
const moUsers = fc
  .uniqueArray(fc.record({ id: fc.stringMatching(/^m[0-9]{1,3}$/), email, active: fc.boolean() }), { selector: (u) => u.id, maxLength: 10 })
  .map((us) => us.map((u, i): MyOperatorUser => ({ ...u, userId: null, name: `M ${u.id}`, extension: String(10 + i) })));
const behaviour = fc.constantFrom('accept', 'ignore', 'refuse', 'fail');

const sink = () =>
  new Writable({
    write(_c, _e, done) {
      done();
    },
  });

let runs = 0;
describe('fix, whatever it meets', () => {
  it('sends only its plan, each user once, never past the cap, and records what the read-back shows', async () => {
    await fc.assert(
      fc.asyncProperty(
        zohoUsers,
        moUsers,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.func(behaviour),
        async (zoho, myoperator, pairs, onlyPicks, maxChanges, force, answer) => {
          // Saved mappings: one per Zoho user and per MyOperator user, as the store keeps them.
          const mappings: Mapping[] = [];
          if (zoho.length && myoperator.length)
            for (const [a, b] of pairs) {
              const z = zoho[a % zoho.length]!;
              const m = myoperator[b % myoperator.length]!;
              if (!mappings.some((x) => x.zoho.id === z.id || x.myoperator.uuid === m.id)) mappings.push(mappingOf(z, m, 'manual', '2026-11-25T00:00:00Z'));
            }
          const file = join(tmp.dir, `p${++runs}.json`);
          const store = new MappingStore(file, { command: 'fix' });
          if (mappings.length) await store.update((d) => ({ data: { ...d, mappings }, result: 0 }));
          const names = [...zoho.map((u) => u.id), ...myoperator.flatMap((u) => [u.id, u.extension!])];
          const only = names.length ? onlyPicks.map((i) => names[i % names.length]!) : [];

          const plan = planFix({ zoho, myoperator, mappings, report: matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) }) });
          const chosen = only.length ? plan.filter((e) => only.some((o) => entriesNamed([e], o).length > 0)) : plan;
          const allowed = new Map(chosen.filter((e) => !e.conflict).map((e) => [e.myoperator.id, e.to]));

          const remote = new Map(myoperator.map((u) => [u.id, { ...u }]));
          const sent: Array<[string, string]> = [];
          const ctx = createContext(
            { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: true },
            { stdout: sink(), stderr: sink(), stdin: Readable.from([]), env: {} },
          );
          try {
            await run({ maxChanges, force, only: only.length ? only : undefined }, ctx, {
              store,
              fetchUsers: async () => ({ zoho, myoperator }),
              myoperator: {
                updateEmail: async (uuid, to) => {
                  sent.push([uuid, to]);
                  const how = answer(uuid);
                  if (how === 'fail') throw new RemoteError('remote', 'MyOperator kept failing with HTTP 500.');
                  if (how === 'refuse') return { accepted: false, message: 'no' };
                  if (how === 'accept') remote.get(uuid)!.email = to;
                  return { accepted: true };
                },
                listUsers: async () => [...remote.values()].map((u) => ({ ...u })),
              },
            });
          } catch (e) {
            if (!(e instanceof CliError)) throw e;
          }
          for (const [uuid, to] of sent) expect(allowed.get(uuid)).toBe(to);
          expect(new Set(sent.map(([u]) => u)).size).toBe(sent.length);
          if (!force) expect(sent.length).toBeLessThanOrEqual(maxChanges);
          if (sent.length > 0) expect(sent.length).toBe(allowed.size);
          const recorded = readHistory(store.historyPath).filter((h) => h.action === 'set-email');
          expect(recorded).toHaveLength(sent.length);
          for (const h of recorded) {
            const uuid = (h.before as { myoperator: { uuid: string } }).myoperator.uuid;
            expect(h.result.startsWith('applied')).toBe(remote.get(uuid)!.email === allowed.get(uuid));
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
