/**
 * `resync` makes its plan before it takes the lock. Whatever another run saved meanwhile — here a
 * `map --ignore X` landing while resync fetches users — is re-checked inside the lock: X stays
 * ignored and unmapped, and resync reports only what it applied.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { withIgnored } from '../../src/core/reconcile.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('resync against a concurrent map --ignore', () => {
  it('the user ignored while resync fetched stays ignored, is not mapped, and is not reported as added', async () => {
    const path = join(tmp.dir, 'mappings.json');
    const zoho = [1, 2, 3].map((i) => zohoUser(`user${i}@acme.in`, { id: `z${i}` }));
    const myoperator = [1, 2, 3].map((i) => moUser(`user${i}@acme.in`, { id: `m${i}` }));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const globals = { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: false };
    const ctx = createContext(globals, { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
    await run({ auto: true, maxPrune: 10 }, ctx, {
      store: new MappingStore(path),
      fetchUsers: async () => {
        // Another process: its own store object, the same file and lock.
        await new MappingStore(path).update((d) => ({ data: withIgnored(d, zoho[1]!, '2026-11-25T09:00:00.000Z'), result: 0 }));
        return { zoho, myoperator };
      },
    });
    const saved = new MappingStore(path).read();
    expect(saved.mappings.map((m) => m.zoho.id)).toEqual(['z1', 'z3']);
    expect(saved.ignored.map((i) => i.zohoId)).toEqual(['z2']);
    const doc = JSON.parse(out) as { plan: { summary: { added: number }; add: Array<{ zoho: { id: string } }> } };
    expect(doc.plan.add.map((a) => a.zoho.id)).toEqual(['z1', 'z3']);
    expect(doc.plan.summary.added).toBe(2);
  });
});
