/**
 * resync's tables at a terminal, at the size of a large company: each row names its users, and
 * finding those names stays one pass over each side's users, whatever the number of rows.
 */
import { afterAll, expect, it } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/resync.js';
import { createContext } from '../../src/context.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';
import { counted } from '../support/counted.js';
// Loaded by resync only at a terminal: imported here first, as jest's ESM loader needs.
await import('../../src/io/table.js');
await import('../../src/ui/wrap.js');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('3,000 exact pairs added: each row shows both names over the e-mails, and the names are found in one pass per side, not a search per row', async () => {
  const n = 3000;
  const zoho = counted(Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acme.in`, { id: `z${i}`, name: `Zoho Agent ${i}` })));
  const myoperator = counted(Array.from({ length: n }, (_, i) => moUser(`agent${i}@acme.in`, { id: `m${i}`, name: `MyOperator Agent ${i}`, extension: `${1000 + i}` })));
  let out = '';
  const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), { isTTY: true, columns: 120, rows: 40 });
  const ctx = createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true, pager: false },
    { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-05T00:00:00.000Z') },
  );
  await run({ auto: true, dryRun: true, maxPrune: 10 }, ctx, {
    store: new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'resync' }),
    fetchUsers: async () => ({ zoho: zoho.list, myoperator: myoperator.list }),
  });
  expect(out).toMatch(/^Would add \(3000\): exact e-mail matches\n/);
  expect(out).toMatch(/\nZoho Agent 2999 +MyOperator Agent 2999 +3999 *\nagent2999@acme\.in +agent2999@acme\.in *\n/);
  // Reconciling and rendering read each user a few times; a search of every user for each row
  // read them about 4,500,000 times here.
  expect(zoho.reads()).toBeLessThan(20 * n);
  expect(myoperator.reads()).toBeLessThan(20 * n);
});
