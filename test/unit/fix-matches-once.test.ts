/**
 * `fix` with nothing to set says what is left ("Left to settle: …") from the match its plan made:
 * it matched every user a second time for that line (reconcile, as map does), a whole match more at
 * 100,000 users. The matcher is counted here; only a stale mapping, whose users map leaves out of
 * its match, still needs a match of its own. Plain `map` counts fix's whole plan before it asks
 * (the fix it names): from its own match too.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import type { MatchInput, MatchReport } from '../../src/core/match.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { tempDir } from '../support/cli.js';

const real = await import('../../src/core/match.js');
const matchUsers = jest.fn((input: MatchInput): MatchReport => real.matchUsers(input));
jest.unstable_mockModule('../../src/core/match.js', () => ({ ...real, matchUsers }));
const { run } = await import('../../src/commands/fix.js');
const map = await import('../../src/commands/map.js');
const { createContext } = await import('../../src/context.js');
const { prose } = await import('../../src/ui/wrap.js');
const { mappingOf } = await import('../../src/core/reconcile.js');
const { MappingStore } = await import('../../src/store/mappings.js');
const { AttentionNeeded } = await import('../../src/errors.js');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const zoho = (id: string, email: string): ZohoUser => ({ id, zuid: null, email, name: `Z ${id}`, active: true, status: 'active', confirmed: true });
const mo = (id: string, email: string, extension: string): MyOperatorUser => ({ id, userId: null, email, name: `M ${id}`, extension, active: true });

/** fix --yes over these users and saved pairs; what it said on standard error (a terminal's `columns` wide, when given). */
async function fixSaying(name: string, people: ZohoUser[], remote: MyOperatorUser[], pairs: Array<[ZohoUser, MyOperatorUser]>, only?: string[], columns?: number): Promise<string> {
  const store = new MappingStore(join(tmp.dir, `${name}.json`), { command: 'fix' });
  await store.update(() => ({ data: { mappings: pairs.map(([z, m]) => mappingOf(z, m, 'manual', '2026-01-01T00:00:00.000Z')), ignored: [] }, result: 0 }));
  const said: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
  const stderr = columns ? Object.assign(sink(said), { isTTY: true, columns }) : sink(said);
  const ctx = createContext({ profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true }, { stdout: sink([]), stderr, stdin: Readable.from([]), env: {}, fit: prose });
  const sent: string[] = [];
  matchUsers.mockClear();
  // A run that ends exit 5 (a user --only names left out of the plan) ends on its sentence, as the CLI prints it.
  await run({ maxChanges: 10, only }, ctx, {
    store,
    fetchUsers: async () => ({ zoho: people, myoperator: remote }),
    myoperator: { updateEmail: async (uuid) => (sent.push(uuid), { accepted: true as const }), listUsers: async () => remote },
  }).catch((e: unknown) => {
    if (!(e instanceof AttentionNeeded)) throw e;
    said.push(`${e.message}\n`);
  });
  expect(sent).toEqual([]);
  return said.join('');
}

describe('fix with nothing to set', () => {
  const asha = zoho('z-asha', 'asha@acme.in');
  const ashaPhone = mo('m-asha', 'asha@acme.in', '11');
  const neha = zoho('z-neha', 'neha@acme.in');

  it('matches once: "Left to settle" comes from the match its plan made', async () => {
    const said = await fixSaying('once', [asha, neha], [ashaPhone], [[asha, ashaPhone]]);
    expect(said).toBe(
      'Every mapped or mismatched MyOperator user already holds the Zoho e-mail byte for byte: nothing to fix.\n' +
        'Left to settle:\n- 1 unresolved Zoho user: `phonebridge-sync map` asks about it, and `fix` then sets the e-mails of the pairs it saves.\n',
    );
    expect(matchUsers).toHaveBeenCalledTimes(1);
  });

  it("with a stale mapping, counts as map does: the stale pair's Zoho user is not one more unresolved user", async () => {
    // Imran's phone is gone: his pair is stale, and map leaves him out until `resync --prune`. The
    // plan's match has him free (zoho-only), so that match alone would say 2 unresolved.
    const imran = zoho('z-imran', 'imran@acme.in');
    const pairs: Array<[ZohoUser, MyOperatorUser]> = [
      [asha, ashaPhone],
      [imran, mo('m-imran', 'imran@acme.in', '15')],
    ];
    const said = await fixSaying('stale', [asha, neha, imran], [ashaPhone], pairs);
    expect(said).toContain(
      'Left to settle:\n- 1 unresolved Zoho user: `phonebridge-sync map` asks about it, and `fix` then sets the e-mails of the pairs it saves.\n- 1 stale mapping, whose user has left or is switched off: `phonebridge-sync resync --prune` removes it, after checking that both sides returned users and that no more than --max-prune 10 go.\n',
    );
    expect(matchUsers).toHaveBeenCalledTimes(2);
    // At a terminal the list is said as one: each item's lines go on under its text, not its dash.
    expect(await fixSaying('stale-80', [asha, neha, imran], [ashaPhone], pairs, undefined, 80)).toContain(
      'Left to settle:\n- 1 unresolved Zoho user: `phonebridge-sync map` asks about it, and `fix` then\n  sets the e-mails of the pairs it saves.\n- 1 stale mapping, whose user has left or is switched off:\n  `phonebridge-sync resync --prune` removes it, after checking that both sides\n  returned users and that no more than --max-prune 10 go.\n',
    );
  });

  it('past the default --max-prune (11 stale), offers the prune with the count it needs, as `fix --only` does: plain `--prune` is refused (exit 5)', async () => {
    const gone = Array.from({ length: 11 }, (_, i) => zoho(`z-gone${i}`, `gone${i}@acme.in`));
    const pairs = gone.map((z, i): [ZohoUser, MyOperatorUser] => [z, mo(`m-gone${i}`, `gone${i}@acme.in`, `${70 + i}`)]);
    const said = await fixSaying('many-stale', [asha, ...gone], [ashaPhone], [[asha, ashaPhone], ...pairs]);
    expect(said).toContain(
      '- 11 stale mappings, whose users have left or are switched off: `phonebridge-sync resync --prune --max-prune 11` removes them, after checking that both sides returned users and that no more than --max-prune 11 go.\n',
    );
    const one = await fixSaying('many-stale-only', [asha, ...gone], [ashaPhone], [[asha, ashaPhone], ...pairs], ['gone0@acme.in']);
    expect(one).toContain(
      'there is no MyOperator user to set the e-mail of (`phonebridge-sync resync --prune --max-prune 11` removes the stale mapping, after checking that both sides returned users and that no more than --max-prune 11 go).\n' +
        'Nothing changed: --only gone0@acme.in is not in the plan (see above for what it needs first).\n',
    );
  });

  it('names the command that lists the MyOperator users no Zoho user claims when they are too many to name (11)', async () => {
    const seats = Array.from({ length: 11 }, (_, i) => mo(`m-seat${i}`, `desk${i}@frontline.example`, `${50 + i}`));
    const said = await fixSaying('unclaimed', [asha], [ashaPhone, ...seats], [[asha, ashaPhone]]);
    // It counted them and named no command that lists them.
    expect(said).toContain(
      'Left to settle:\n- 11 active MyOperator users no Zoho user claims (`phonebridge-sync match` lists them among its rows with no Zoho user), so their calls are attributed to nobody:',
    );
  });
});

describe('plain map, before it asks', () => {
  it("counts fix's whole plan for the fix it names from the match it made: it matched twice more, and once per mapped pair whose e-mails differ", async () => {
    // 11 pairs mapped by hand whose e-mails differ, and Mira's mismatch: fix's plan is 12, over its cap.
    const agents = Array.from({ length: 11 }, (_, i) => zoho(`z-agent${i}`, `agent${i}@acme.in`));
    const desks = Array.from({ length: 11 }, (_, i) => mo(`m-desk${i}`, `desk${i}@acme.in`, `${40 + i}`));
    const mira = zoho('z-mira', 'Mira@acme.in');
    const mirasPhone = mo('m-mira', 'mira@acme.in', '60');
    const store = new MappingStore(join(tmp.dir, 'map.json'), { command: 'map' });
    await store.update(() => ({ data: { mappings: agents.map((z, i) => mappingOf(z, desks[i]!, 'manual', '2026-01-01T00:00:00.000Z')), ignored: [] }, result: 0 }));
    const said: string[] = [];
    const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
    const globals = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = { ...createContext(globals, { stdout: sink([]), stderr: sink(said), stdin: Readable.from([]), env: {} }), interactive: true };
    matchUsers.mockClear();
    await map.run({}, ctx, { store, fetchUsers: async () => ({ zoho: [...agents, mira], myoperator: [...desks, mirasPhone] }) });
    expect(said.join('')).toBe(
      '1 mismatch (one address on both sides but for case, spaces or look-alike characters) is left for `phonebridge-sync fix --max-changes 12`, which sets it with no mapping needed (12 MyOperator e-mails in all, with the 11 mapped pairs).\n' +
        'Every other active Zoho user is mapped, matched exactly or ignored: nothing to map.\n',
    );
    // Its own match, and one without the saved pairs, made once for all 11: whether a mapped pair's
    // MyOperator user is another Zoho user's likely match, which fix holds (Mira is free to be one).
    expect(matchUsers).toHaveBeenCalledTimes(2);
  });
});
