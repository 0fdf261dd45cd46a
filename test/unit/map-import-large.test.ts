/**
 * `map --import` of a company-sized file onto a store of the same size: each pair is looked up
 * among the saved mappings by id, not compared with every one of them.
 */
import { afterAll, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/map.js';
import { createContext } from '../../src/context.js';
import { mappingOf, withMappingRecord, withMappingRecords, type MappingData } from '../../src/core/reconcile.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const AT = '2026-12-05T00:00:00.000Z';

/** A store whose reads count how many saved mappings are looked at: a count of work, not a timing. */
class CountingStore extends MappingStore {
  reads = 0;
  override read(): MappingData {
    const data = super.read();
    const mappings = new Proxy(data.mappings, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) this.reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { ...data, mappings };
  }
}

it('a backup of 2,000 mappings restored onto the same store: "already saved" for each, and the saved mappings are read a few times, not once per pair', async () => {
  const n = 2000;
  const zoho = Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `z${i}` }));
  const myoperator = Array.from({ length: n }, (_, i) => moUser(`agent${i}@acme.in`, { id: `m${i}`, extension: `${1000 + i}` }));
  const mappings = zoho.map((z, i) => mappingOf(z, myoperator[i]!, 'auto', AT));
  const store = new CountingStore(join(tmp.dir, 'mappings.json'), { command: 'map' });
  await store.update(() => ({ data: { mappings, ignored: [] }, result: undefined }));
  const file = join(tmp.dir, 'backup.json');
  writeFileSync(file, JSON.stringify({ mappings, ignored: [] }));
  store.reads = 0;
  let err = '';
  const ctx = createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
    {
      stdout: new Writable({ write: (_c, _e, done) => done() }),
      stderr: new Writable({ write: (c, _e, done) => ((err += String(c)), done()) }),
      stdin: Readable.from([]),
      env: { CI: 'true' },
      now: () => new Date(AT),
    },
  );
  await run({ import: file }, ctx, { store, fetchUsers: async () => ({ zoho, myoperator }) });
  expect(err).toBe('Imported 0 mappings; 2000 already saved as they are.\n');
  // Comparing each pair with each saved mapping read them about 4,000,000 times here.
  expect(store.reads).toBeLessThan(20 * n);
});

it('restored pairs applied at once leave the store as applying them one by one did: replaced mappings and ignored users gone, the rest in order', () => {
  const z = Array.from({ length: 6 }, (_, i) => zohoUser(`z${i}@acme.in`, { id: `rz${i}` }));
  const m = Array.from({ length: 6 }, (_, i) => moUser(`m${i}@acme.in`, { id: `rm${i}` }));
  const data: MappingData = {
    mappings: [mappingOf(z[0]!, m[0]!, 'auto', AT), mappingOf(z[1]!, m[1]!, 'auto', AT), mappingOf(z[2]!, m[2]!, 'manual', AT)],
    ignored: [{ zohoId: 'rz3', email: 'z3@acme.in', at: AT }, { zohoId: 'rz5', email: 'z5@acme.in', at: AT }],
  };
  // z0 takes m1 (both z0's and z1's mappings go), z3 leaves the ignored, z4 is new.
  const records = [mappingOf(z[0]!, m[1]!, 'import', AT), mappingOf(z[3]!, m[3]!, 'import', AT), mappingOf(z[4]!, m[4]!, 'import', AT)];
  expect(withMappingRecords(data, records)).toEqual(records.reduce(withMappingRecord, data));
  expect(withMappingRecords(data, records).mappings.map((x) => `${x.zoho.id}-${x.myoperator.uuid}`)).toEqual(['rz2-rm2', 'rz0-rm1', 'rz3-rm3', 'rz4-rm4']);
});
