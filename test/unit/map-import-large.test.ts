/**
 * `map --import` of a company-sized file: each pair is looked up among the users and the saved
 * mappings by key, not compared with every one of them.
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
import { counted } from '../support/counted.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const AT = '2026-12-05T00:00:00.000Z';

/** A store whose reads count how many saved mappings are looked at. */
class CountingStore extends MappingStore {
  private counts: Array<() => number> = [];
  reads(): number {
    return this.counts.reduce((sum, n) => sum + n(), 0);
  }
  resetReads(): void {
    this.counts = [];
  }
  override read(): MappingData {
    const data = super.read();
    const { list, reads } = counted(data.mappings);
    this.counts.push(reads);
    return { ...data, mappings: list };
  }
}

function quietContext(said: (text: string) => void) {
  return createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
    {
      stdout: new Writable({ write: (_c, _e, done) => done() }),
      stderr: new Writable({ write: (c, _e, done) => (said(String(c)), done()) }),
      stdin: Readable.from([]),
      env: { CI: 'true' },
      now: () => new Date(AT),
    },
  );
}

it('2,000 pairs written by hand, the Zoho e-mails in capitals: each found as the matcher folds it, and the users are indexed once, not searched through for each pair', async () => {
  const n = 2000;
  const zoho = counted(Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `hz${i}` })));
  const myoperator = counted(Array.from({ length: n }, (_, i) => moUser(`agent${i}@acme.in`, { id: `hm${i}`, extension: `${5000 + i}` })));
  const file = join(tmp.dir, 'pairs.csv');
  writeFileSync(file, `zoho,myoperator\n${Array.from({ length: n }, (_, i) => `AGENT${i}@ACME.IN,${5000 + i}\n`).join('')}`);
  const store = new MappingStore(join(tmp.dir, 'by-hand.json'), { command: 'map' });
  let err = '';
  await run({ import: file }, quietContext((t) => (err += t)), { store, fetchUsers: async () => ({ zoho: zoho.list, myoperator: myoperator.list }) });
  expect(err).toBe('Imported 2000 mappings.\n');
  expect(store.read().mappings.find((m) => m.zoho.id === 'hz1999')?.myoperator.uuid).toBe('hm1999');
  // Searched through for each pair, the users were read about 12,000,000 times here.
  expect(zoho.reads()).toBeLessThan(20 * n);
  expect(myoperator.reads()).toBeLessThan(20 * n);
});

it('a backup of 2,000 mappings restored onto the same store: "already saved" for each, and the saved mappings are read a few times, not once per pair', async () => {
  const n = 2000;
  const zoho = Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `z${i}` }));
  const myoperator = Array.from({ length: n }, (_, i) => moUser(`agent${i}@acme.in`, { id: `m${i}`, extension: `${1000 + i}` }));
  const mappings = zoho.map((z, i) => mappingOf(z, myoperator[i]!, 'auto', AT));
  const store = new CountingStore(join(tmp.dir, 'mappings.json'), { command: 'map' });
  await store.update(() => ({ data: { mappings, ignored: [] }, result: undefined }));
  const file = join(tmp.dir, 'backup.json');
  writeFileSync(file, JSON.stringify({ mappings, ignored: [] }));
  store.resetReads();
  let err = '';
  await run({ import: file }, quietContext((t) => (err += t)), { store, fetchUsers: async () => ({ zoho, myoperator }) });
  expect(err).toBe('Imported 0 mappings; 2000 already saved as they are.\n');
  // Comparing each pair with each saved mapping read them about 4,000,000 times here.
  expect(store.reads()).toBeLessThan(20 * n);
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
