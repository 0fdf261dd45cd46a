/**
 * `map --import` of a backup whose MyOperator e-mails are not the ones MyOperator holds now: fix's
 * plan holds those pairs until `--only` names them, and the import's next step must be that.
 */
import { afterAll, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { run } from '../../src/commands/map.js';
import { createContext } from '../../src/context.js';
import { planFix } from '../../src/core/fix-plan.js';
import { matchUsers } from '../../src/core/match.js';
import { mappingOf, savedPairs } from '../../src/core/reconcile.js';
import { MappingStore } from '../../src/store/mappings.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const AT = '2026-12-05T00:00:00.000Z';

/** Imports `n` pairs recorded with the Zoho e-mail while MyOperator holds a typo of each now; what the import said. */
async function importHeld(n: number, name: string): Promise<{ err: string; store: MappingStore; zoho: ZohoUser[]; myoperator: MyOperatorUser[] }> {
  const zoho = Array.from({ length: n }, (_, i) => zohoUser(`agent${i}@acmetraders.in`, { id: `hz${i}` }));
  const myoperator = Array.from({ length: n }, (_, i) => moUser(`agent${i}@acmetrader.in`, { id: `hm${i}`, extension: `${40 + i}` }));
  // The backup of a day when each MyOperator user held the Zoho e-mail.
  const recorded = zoho.map((z, i) => mappingOf(z, { ...myoperator[i]!, email: z.email }, 'manual', AT));
  const file = join(tmp.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ mappings: recorded, ignored: [] }));
  const store = new MappingStore(join(tmp.dir, `${name}-mappings.json`), { command: 'map' });
  let err = '';
  const ctx = createContext(
    { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false },
    { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: new Writable({ write: (c, _e, done) => ((err += String(c)), done()) }), stdin: Readable.from([]), env: { CI: 'true' }, now: () => new Date(AT) },
  );
  await run({ import: file }, ctx, { store, fetchUsers: async () => ({ zoho, myoperator }) });
  return { err, store, zoho, myoperator };
}

it('3 held pairs under the cap: the one `fix --only` named for them all says to leave out any that is someone else now', async () => {
  const { err } = await importHeld(3, 'three');
  // It said "… sets them where each is still the same person.": run as pasted, it set every one, the seat handed on too.
  // And "says what each had": of another company's export, what MyOperator had is not known; fix --dry-run says both e-mails.
  expect(err).toBe(
    'Imported 3 mappings; 3 of them with e-mails that differ, recorded with another MyOperator e-mail than they hold now, which fix leaves alone until told ' +
      '(`phonebridge-sync fix --dry-run` says what each holds and was recorded with): `phonebridge-sync fix --only 40 41 42` sets them where each is still the same person (leave out any that is someone else now).\n',
  );
});

it('12 pairs recorded with the Zoho e-mail, MyOperator holding a typo of each now: counted as held, sent to the `fix --only` fix --dry-run names, not to a plain `fix` that sets none', async () => {
  const n = 12;
  const { err, store, zoho, myoperator } = await importHeld(n, 'backup');
  // It said "12 of them with e-mails that differ, … run `phonebridge-sync fix`", and that fix set none (exit 5).
  expect(err).toBe(
    'Imported 12 mappings; 12 of them with e-mails that differ, recorded with another MyOperator e-mail than they hold now, which fix leaves alone until told: ' +
      'each is set only by the `fix --only` that `phonebridge-sync fix --dry-run` names for it, where it is still the same person.\n',
  );
  // As fix's own plan counts them.
  const data = store.read();
  const plan = planFix({ zoho, myoperator, mappings: data.mappings, report: matchUsers({ zoho, myoperator, ...savedPairs(data) }) });
  expect([plan.length, plan.filter((e) => e.untilNamed).length]).toEqual([n, n]);
});
