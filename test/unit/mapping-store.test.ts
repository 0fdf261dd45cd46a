import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { mappingOf, withMapping, type MappingData } from '../../src/core/reconcile.js';
import { MappingStore, serialize } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());
const NOW = '2026-11-24T10:00:00.000Z';

describe('mapping store', () => {
  it('an absent file is an empty store, and reading does not create it', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    expect(store.read()).toEqual({ mappings: [], ignored: [] });
    expect(existsSync(store.path)).toBe(false);
  });

  it('writes stable, sorted, pretty JSON with a schema version, whatever the insertion order', async () => {
    const pairs = [3, 1, 2].map((i) => [zohoUser(`u${i}@a.in`, { id: `z${i}` }), moUser(`u${i}@a.in`, { id: `m${i}` })] as const);
    const a = new MappingStore(join(tmp.dir, 'a.json'));
    const b = new MappingStore(join(tmp.dir, 'b.json'));
    await a.update((d) => ({ data: pairs.reduce<MappingData>((x, [z, m]) => withMapping(x, z, m, 'auto', NOW), d), result: 0 }));
    await b.update((d) => ({ data: [...pairs].reverse().reduce<MappingData>((x, [z, m]) => withMapping(x, z, m, 'auto', NOW), d), result: 0 }));
    const text = readFileSync(a.path, 'utf8');
    expect(text).toBe(readFileSync(b.path, 'utf8'));
    expect(JSON.parse(text).version).toBe(1);
    expect(JSON.parse(text).mappings.map((m: { zoho: { id: string } }) => m.zoho.id)).toEqual(['z1', 'z2', 'z3']);
    expect(text).toMatch(/^\{\n  "version": 1,\n  "mappings": \[\n    \{\n      "zoho": \{\n        "id": "z1",/);
  });

  it('a change that changes nothing leaves the file byte for byte (and its mtime)', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    await store.update((d) => ({ data: withMapping(d, zohoUser('a@a.in'), moUser('a@a.in'), 'auto', NOW), result: 0 }));
    const before = readFileSync(store.path);
    await store.update((d) => ({ data: { ...d }, result: 0 }));
    expect(readFileSync(store.path).equals(before)).toBe(true);
  });

  it.each([
    ['not JSON', '{"version": 1, "mappings": [', /not valid: not JSON/],
    [
      'a hand-broken entry',
      JSON.stringify({
        version: 1,
        mappings: [{ zoho: { id: 'z1', zuid: null, email: 'a' }, myoperator: { uuid: '', extension: null, email: 'a' }, how: 'auto', at: NOW }],
        ignored: [],
      }),
      /mappings\[0\]\.myoperator\.uuid/,
    ],
    ['a wrong how', JSON.stringify({ version: 1, mappings: [{ ...mappingOf(zohoUser('a'), moUser('a'), 'auto', NOW), how: 'magic' }] }), /mappings\[0\]\.how/],
  ])('%s: a UsageError naming the file, a backup kept, the file untouched', (_n, text, message) => {
    const path = join(tmp.dir, 'm.json');
    writeFileSync(path, text);
    const store = new MappingStore(path);
    let err: unknown;
    try {
      store.read();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(message);
    expect(readFileSync(path, 'utf8')).toBe(text);
    const backups = readdirSync(tmp.dir).filter((f) => f.includes('.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(tmp.dir, backups[0]!), 'utf8')).toBe(text);
  });

  it('refuses a file written by a newer version', () => {
    const path = join(tmp.dir, 'm.json');
    writeFileSync(path, JSON.stringify({ version: 2, mappings: [], ignored: [] }));
    expect(() => new MappingStore(path).read()).toThrow(/newer phonebridge-sync/);
  });

  it('concurrent updates through separate stores lose nothing (the lock serialises them)', async () => {
    const path = join(tmp.dir, 'm.json');
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        new MappingStore(path).update((d) => ({
          data: withMapping(d, zohoUser(`u${i}@a.in`, { id: `z${i}` }), moUser(`u${i}@a.in`, { id: `m${i}` }), 'manual', NOW),
          result: 0,
        })),
      ),
    );
    expect(new MappingStore(path).read().mappings).toHaveLength(15);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('serialize is the file format: parsing it back gives the same data', () => {
    const data = withMapping({ mappings: [], ignored: [] }, zohoUser('a@a.in'), moUser(''), 'import', NOW);
    expect(JSON.parse(serialize(data))).toEqual({ version: 1, ...data });
  });
});
