/**
 * resync when another run writes the store while it fetches: the plan is made again under the
 * lock from the store as it is then, so the report counts what that store holds (kept, not added
 * twice), and says nothing was written when the other run already wrote it all.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { reconcile, applyPlan } from '../../src/core/reconcile.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const AT = '2026-12-05T00:00:00.000Z';

const zoho = [zohoUser('asha@acme.in', { id: 'z1' }), zohoUser('ravi@acme.in', { id: 'z2' }), zohoUser('Meena@acme.in', { id: 'z3' })];
const myoperator = [moUser('asha@acme.in', { id: 'm1' }), moUser('ravi@acme.in', { id: 'm2' }), moUser('meena@acme.in', { id: 'm3' })];

async function resync(name: string, meanwhile: (store: MappingStore) => Promise<unknown>) {
  const store = new MappingStore(join(tmp.dir, `${name}.json`), { command: 'resync' });
  let out = '';
  const ctx = createContext(
    { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: true },
    {
      stdout: new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }),
      stderr: new Writable({ write: (_c, _e, done) => done() }),
      stdin: Readable.from([]),
      env: {},
      now: () => new Date(AT),
    },
  );
  await run({ auto: true, maxPrune: 10 }, ctx, {
    store,
    fetchUsers: async () => {
      await meanwhile(new MappingStore(store.path, { command: 'resync' }));
      return { zoho, myoperator };
    },
  });
  return { store, doc: JSON.parse(out) as { plan: { summary: Record<string, number> }; result: { written: boolean } } };
}

describe('resync while another run writes the store', () => {
  it('another resync saved the same pairs while this one fetched: the report says kept, not added, and nothing written', async () => {
    const { store, doc } = await resync('same', (other) =>
      other.update((d) => ({ data: applyPlan(d, reconcile({ ...d, zoho, myoperator, auto: true, prune: false, now: AT })), result: 0 })),
    );
    expect(doc.plan.summary).toMatchObject({ added: 0, kept: 2, unresolved: 1 });
    expect(doc.result.written).toBe(false);
    expect(store.read().mappings.map((m) => m.zoho.id)).toEqual(['z1', 'z2']);
  });

  it('nothing written meanwhile: the plan made before the lock is the one applied and reported', async () => {
    const { store, doc } = await resync('quiet', async () => {});
    expect(doc.plan.summary).toMatchObject({ added: 2, kept: 0, unresolved: 1 });
    expect(doc.result.written).toBe(true);
    expect(store.read().mappings).toHaveLength(2);
  });
});
