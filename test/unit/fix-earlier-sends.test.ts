/**
 * What the next fix records of the changes an earlier one left `sending` (commands/fix/history.ts
 * recordEarlierSends), over a long history: each outcome pairs with the earliest open `sending` line
 * of its change, as list history pairs them (store/set-email-lines.ts pairOutcomes).
 */
import { afterAll, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { historyLine, recordEarlierSends } from '../../src/commands/fix/history.js';
import type { FixDeps } from '../../src/commands/fix.js';
import { createContext } from '../../src/context.js';
import type { FixEntry } from '../../src/core/fix-plan.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('many lines of one change, one more `sending` line than outcomes: the next fix records that one, once, from what MyOperator holds', async () => {
  const seat = moUser('RAVI@acme.in', { id: 'm-ravi', extension: '12' });
  const change: FixEntry = { zoho: zohoUser('ravi@acme.in', { id: 'z-ravi' }), myoperator: seat, from: seat.email, to: 'ravi@acme.in', reasons: [], source: 'mapping' };
  const line = (result: 'sending' | 'applied') => JSON.stringify({ time: '2026-12-01T10:01:00.000Z', command: 'fix', user: 'admin', ...historyLine(change, result, result === 'sending' ? null : change.to) });
  const n = 2_000;
  const store = new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'fix' });
  writeFileSync(store.historyPath, `${Array<string>(n).fill(line('sending')).join('\n')}\n${Array<string>(n - 1).fill(line('applied')).join('\n')}\n`);
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const ctx = createContext(
    { profile: 'default', json: true, color: false, verbose: false, sandbox: false, yes: true },
    { stdout: silent, stderr: silent, stdin: Readable.from([]), env: {} },
  );
  const recorded = await recordEarlierSends([{ ...seat, email: 'ravi@acme.in' }], ctx, { store } as unknown as FixDeps);
  expect(recorded.map((c) => [c.myoperator.uuid, c.to, c.was, c.result])).toEqual([['m-ravi', 'ravi@acme.in', 'sending', 'applied']]);
  const lines = readFileSync(store.historyPath, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(2 * n);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ action: 'set-email', result: 'applied', after: { target: 'ravi@acme.in' } });
});
