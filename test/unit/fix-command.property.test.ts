/**
 * Whatever the users, the saved mappings and lines left unmapped on purpose, `--only`,
 * `--max-changes` and MyOperator's answers, `fix` sends a change only for an entry of its own plan
 * (never a conflict, never a line left unmapped on purpose), each user at most once, nothing past
 * the cap, and records as applied exactly what reading back shows.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/fix.js';
import { createContext } from '../../src/context.js';
import { AuthError, CliError, RemoteError } from '../../src/errors.js';
import { entriesNamed, planFix } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import { mappingOf, savedPairs, withIgnoredMyOperator, type Mapping, type MappingData } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { readHistoryWithGaps } from '../../src/store/history.js';
import { MappingStore } from '../../src/store/mappings.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const local = fc.stringMatching(/^[aAbо.\u200b ]{1,5}$/);
const email = fc.oneof(
  fc.constant(''),
  fc.tuple(local, fc.constantFrom('acme.in', 'ACME.in', 'acme.com')).map(([l, d]) => `${l}@${d}`),
);
// People on both sides, most with a MyOperator e-mail a small slip from their Zoho one (so the plan
// has several changes to send), some equal, some empty or unrelated; and a few unrelated users.
// A Zoho e-mail fix may copy (one with a hidden character is a conflict, to be fixed in Zoho).
const cleanEmail = fc.tuple(fc.stringMatching(/^[a-c]{1,4}$/), fc.constantFrom('acme.in', 'Acme.in'));
const slip = fc.constantFrom<(e: string) => string>(
  (e) => e,
  (e) => e.toUpperCase(),
  (e) => `${e} `,
  (e) => e.replace('@', '\u200b@'),
  (e) => e.replace('a', '\u0430'),
  () => '',
  () => 'someone@else.in',
);
const mostly = fc.constantFrom(true, true, true, true, false);
const people = fc
  .uniqueArray(fc.record({ n: fc.nat({ max: 999 }), email: cleanEmail, zActive: mostly, mActive: mostly, slip }), { selector: (p) => p.n, minLength: 2, maxLength: 8 });
const strangers = fc.uniqueArray(fc.record({ n: fc.integer({ min: 1000, max: 1999 }), email, active: fc.boolean() }), { selector: (u) => u.n, maxLength: 3 });
const zohoOf = (id: string, email: string, active: boolean): ZohoUser => ({ id, email, active, zuid: null, name: `Z ${id}`, status: active ? 'active' : 'disabled', confirmed: true });
const moOf = (id: string, email: string, active: boolean, i: number): MyOperatorUser => ({ id, email, active, userId: null, name: `M ${id}`, extension: String(10 + i) });
/** One person's own address (unique, as in a company), e.g. ab.12@acme.in. */
const personal = (p: { n: number; email: [string, string] }) => `${p.email[0]}.${p.n}@${p.email[1]}`;
const company = fc.tuple(people, strangers, strangers).map(([ps, zs, ms]) => ({
  zoho: [...ps.map((p) => zohoOf(`z${p.n}`, personal(p), p.zActive)), ...zs.map((u) => zohoOf(`z${u.n}`, u.email, u.active))],
  myoperator: [...ps.map((p) => ({ id: `m${p.n}`, email: p.slip(personal(p)), active: p.mActive })), ...ms.map((u) => ({ id: `m${u.n}`, email: u.email, active: u.active }))].map((u, i) =>
    moOf(u.id, u.email, u.active, i),
  ),
}));
const behaviour = fc.constantFrom('accept', 'ignore', 'refuse', 'fail', 'accept', 'auth', 'network', 'rate-limit');
/** The answers that stop the changes not sent yet (fix/send.ts haltsSending): each would meet the same. */
const halts = (how: string) => how === 'auth' || how === 'network' || how === 'rate-limit';

const sink = () =>
  new Writable({
    write(_c, _e, done) {
      done();
    },
  });

let runs = 0;
let severalSent = 0;
let leftWouldBeSent = 0;
describe('fix, whatever it meets', () => {
  it('sends only its plan, each user once, never past the cap, and records what the read-back shows', async () => {
    await fc.assert(
      fc.asyncProperty(
        company,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.oneof(fc.constant([]), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.func(behaviour),
        async ({ zoho, myoperator }, pairs, leftPicks, onlyPicks, maxChanges, force, answer) => {
          // Saved mappings: one per Zoho user and per MyOperator user, as the store keeps them.
          const mappings: Mapping[] = [];
          if (zoho.length && myoperator.length)
            for (const [a, b] of pairs) {
              const z = zoho[a % zoho.length]!;
              const m = myoperator[b % myoperator.length]!;
              if (!mappings.some((x) => x.zoho.id === z.id || x.myoperator.uuid === m.id)) mappings.push(mappingOf(z, m, 'manual', '2026-11-25T00:00:00Z'));
            }
          // Lines left unmapped on purpose (`map --ignore-myoperator`), among those no mapping holds.
          const unmapped = myoperator.filter((m) => !mappings.some((x) => x.myoperator.uuid === m.id));
          const left = unmapped.length ? [...new Set(leftPicks.map((i) => unmapped[i % unmapped.length]!))] : [];
          const file = join(tmp.dir, `p${++runs}.json`);
          const store = new MappingStore(file, { command: 'fix' });
          let saved: MappingData | undefined;
          if (mappings.length || left.length)
            await store.update((d) => {
              saved = left.reduce((acc, m) => withIgnoredMyOperator(acc, m, '2026-11-25T00:00:00Z'), { ...d, mappings });
              return { data: saved, result: 0 };
            });
          const leftIds = new Set(left.map((m) => m.id));
          const names = [...zoho.map((u) => u.id), ...myoperator.flatMap((u) => [u.id, u.extension!])];
          const only = names.length ? onlyPicks.map((i) => names[i % names.length]!) : [];

          const planOf = (d: MappingData) => planFix({ zoho, myoperator, mappings, report: matchUsers({ zoho, myoperator, ...savedPairs(d) }) });
          const plan = planOf(saved ?? { mappings, ignored: [] });
          // The property is only as good as its cases: lines that, but for the mark, fix would set.
          if (planOf({ mappings, ignored: [] }).some((e) => !e.conflict && leftIds.has(e.myoperator.id))) leftWouldBeSent++;
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
                  if (how === 'auth') throw new AuthError('MyOperator rejected the API token: HTTP 401.');
                  if (how === 'network') throw new RemoteError('network', 'MyOperator could not be reached (ECONNRESET).');
                  if (how === 'rate-limit') throw new RemoteError('rate-limit', 'MyOperator kept refusing with HTTP 429 (too many requests).');
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
          // README: a line left unmapped on purpose is one "fix never sets".
          expect(sent.filter(([uuid]) => leftIds.has(uuid))).toEqual([]);
          expect(new Set(sent.map(([u]) => u)).size).toBe(sent.length);
          // Over the cap nothing goes; within it, every change goes until a rejected token, an
          // unreachable MyOperator or a rate limit, which stops what was not sent yet (a failing
          // server does not: the rest are still sent).
          const halted = sent.findIndex(([uuid]) => halts(answer(uuid)));
          if (allowed.size > maxChanges && !force) expect(sent).toHaveLength(0);
          else if (halted >= 0) expect(sent).toHaveLength(halted + 1);
          else expect(sent).toHaveLength(allowed.size);
          if (sent.length > 1) severalSent++;
          const lines = readHistoryWithGaps(store.historyPath).entries.filter((h) => h.action === 'set-email');
          const planned = sent.length > 0 ? allowed.size : 0;
          expect(lines.filter((h) => h.result === 'sending')).toHaveLength(planned);
          const recorded = lines.filter((h) => h.result !== 'sending');
          expect(recorded).toHaveLength(planned);
          for (const h of recorded) {
            const uuid = (h.before as { myoperator: { uuid: string } }).myoperator.uuid;
            expect((h.after as { myoperator: { email: string } }).myoperator.email).toBe(remote.get(uuid)!.email);
            expect(h.result === 'applied').toBe(remote.get(uuid)!.email === allowed.get(uuid));
          }
        },
      ),
      // 400: since answers that halt the sending (unreachable, rate-limited) and lines left unmapped on purpose
      // joined the cases, about 13 of 150 runs sent two or more changes, and the check below failed on
      // 1 draw in 6 or so (9 in a CI run).
      { numRuns: 400 },
    );
    // The property is only as good as its cases: many runs must send several changes.
    expect(severalSent).toBeGreaterThanOrEqual(10); // about 35 of 400 send two or more
    expect(leftWouldBeSent).toBeGreaterThanOrEqual(10); // about 90 of 400 leave out a line the plan would set
  }, 60_000);
});
