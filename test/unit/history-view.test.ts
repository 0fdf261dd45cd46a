/**
 * `list history` as a person reads it and as a program does: fix writes a `sending` line for each
 * change before it is sent and one with its outcome after (the history is a write-ahead log), and
 * the table showed both, apart, so a change that took read as still pending. Piped, --csv and
 * --json keep every line.
 */
import { afterAll, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { run } from '../../src/commands/history.js';
import { historyRows } from '../../src/commands/history-rows.js';
import { historyLine } from '../../src/commands/fix/history.js';
import type { FixEntry } from '../../src/core/fix-plan.js';
import type { HistoryEntry } from '../../src/store/history.js';
import { createContext } from '../../src/context.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';
// Loaded by list history only at a terminal: imported here first, as jest's ESM loader needs.
await import('../../src/ui/wrap.js');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const T = '2026-12-01T10:00:00.000Z';
const mapped = {
  time: T,
  command: 'resync',
  user: 'u',
  action: 'map',
  before: null,
  after: { zoho: { id: 'z0', email: 'asha@acme.in' }, myoperator: { uuid: 'm0', extension: '10', email: 'asha@acme.in' }, how: 'auto' },
  result: 'done',
};

/** One line fix writes of its change to a user's e-mail (commands/fix/history.ts historyLine). */
function setEmail(time: string, who: string, ext: string, result: string, detail?: string) {
  return {
    time,
    command: 'fix',
    user: 'u',
    action: 'set-email',
    before: { zoho: { id: `z-${who}`, email: `${who}@acme.in` }, myoperator: { uuid: `m-${who}`, extension: ext, email: `${who.toUpperCase()}@acme.in` } },
    after: { myoperator: { uuid: `m-${who}`, extension: ext, email: result === 'applied' ? `${who}@acme.in` : null }, target: `${who}@acme.in` },
    result,
    ...(detail ? { detail } : {}),
  };
}

const REFUSED = 'MyOperator refused: email cannot be updated through the API (code 400)';
// A run that sent two changes, then a run killed after writing its `sending` line for a third.
const lines = [
  mapped,
  setEmail('2026-12-01T10:01:00.000Z', 'ravi', '12', 'sending'),
  setEmail('2026-12-01T10:01:00.000Z', 'vikram', '14', 'sending'),
  setEmail('2026-12-01T10:01:02.000Z', 'ravi', '12', 'applied'),
  setEmail('2026-12-01T10:01:02.000Z', 'vikram', '14', 'not-applied', REFUSED),
  setEmail('2026-12-01T10:05:00.000Z', 'priya', '16', 'sending'),
];

async function list(name: string, how: { tty?: boolean; json?: boolean; csv?: boolean; columns?: number }, written: readonly object[] = lines) {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  const store = new MappingStore(join(dir, 'mappings.json'), { command: 'list' });
  writeFileSync(store.historyPath, written.map((l) => `${JSON.stringify(l)}\n`).join(''));
  let out = '';
  let err = '';
  const stdout = Object.assign(new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }), how.tty ? { isTTY: true, columns: how.columns ?? 80, rows: 60 } : {});
  const stderr = new Writable({ write: (c, _e, done) => ((err += String(c)), done()) });
  const ctx = createContext(
    { profile: 'default', json: how.json ?? false, color: false, verbose: false, sandbox: false, yes: false, pager: false },
    { stdout, stderr, stdin: Readable.from([]), env: {}, now: () => new Date('2026-12-02T00:00:00.000Z') },
  );
  await run({ csv: how.csv }, ctx, store);
  return { out, err, history: store.historyPath };
}

it.each([80, 120])('at a terminal (%i columns), each fix change is one row with its outcome; a `sending` line nothing followed says so, and entries are counted as shown', async (columns) => {
  const { out, err, history } = await list(`tty-${columns}`, { tty: true, columns });
  const facts = out.split('\n').filter((l) => /^\d{4}-/.test(l));
  expect(facts).toEqual([
    '2026-12-01 10:00:00 UTC  resync: mapped (exact match) · done · by u',
    '2026-12-01 10:01:00 UTC  fix: set e-mail · applied · by u',
    '2026-12-01 10:01:00 UTC  fix: set e-mail · not-applied · by u',
    '2026-12-01 10:05:00 UTC  fix: set e-mail · no outcome recorded · by u',
  ]);
  const words = out.replace(/\s+/g, ' ');
  // Each change's own lines follow its row: Vikram's refusal under Vikram's row, Priya's cure under hers.
  expect(words).toContain('Zoho vikram@acme.in ↔ MyOperator m-vikram (ext 14): "VIKRAM@acme.in" → "vikram@acme.in" MyOperator refused: email cannot be updated through the API (code 400) 2026-12-01 10:05:00');
  // Priya's row is her change alone: why it has no outcome, and what records it, is said once, under the count.
  expect(words).toMatch(/Zoho priya@acme\.in ↔ MyOperator m-priya \(ext 16\): "PRIYA@acme\.in" → "priya@acme\.in" $/);
  expect(out.split('\n').every((l) => l.length <= columns)).toBe(true);
  expect(err).toBe(
    `4 entries, from 6 lines, in ${history}.\nThe change marked "no outcome recorded" was recorded by fix as it was about to send it, and nothing after: the fix that recorded it was stopped (before or after sending it), or is sending still. The next \`phonebridge-sync fix\` that sends records what MyOperator holds then; \`phonebridge-sync fix --dry-run\` shows whether the e-mail still differs.\n`,
  );
});

it.each([80, 120])('at a terminal (%i columns), a fix change names its MyOperator seat as other rows do: the name fix recorded, else the last one the history recorded for that uuid, else the uuid', async (columns) => {
  const seat = moUser('RAVI@acme.in', { id: 'm-ravi', extension: '12', name: 'Ravi Kumar' });
  const change: FixEntry = { zoho: zohoUser('ravi@acme.in', { id: 'z-ravi' }), myoperator: seat, from: seat.email, to: 'ravi@acme.in', reasons: [], source: 'mapping' };
  const written = [
    // Written before fix recorded the seat's name: named by the later line's, of the same uuid.
    setEmail('2026-12-01T09:00:00.000Z', 'ravi', '12', 'sending'),
    setEmail('2026-12-01T09:00:01.000Z', 'ravi', '12', 'not-applied', REFUSED),
    { time: '2026-12-01T10:01:00.000Z', command: 'fix', user: 'u', ...historyLine(change, 'sending', null) },
    { time: '2026-12-01T10:01:02.000Z', command: 'fix', user: 'u', ...historyLine(change, 'applied', change.to) },
    // No line names this seat: its uuid, as before.
    setEmail('2026-12-01T10:05:00.000Z', 'priya', '16', 'sending'),
  ];
  const { out } = await list(`named-${columns}`, { tty: true, columns }, written);
  const words = out.replace(/\s+/g, ' ');
  expect(words).toContain('Zoho ravi@acme.in ↔ MyOperator Ravi Kumar (ext 12): "RAVI@acme.in" → "ravi@acme.in" MyOperator refused:');
  expect(words).toContain('applied · by u Zoho ravi@acme.in ↔ MyOperator Ravi Kumar (ext 12): "RAVI@acme.in" → "ravi@acme.in" 2026-12-01 10:05:00');
  expect(words).toMatch(/Zoho priya@acme\.in ↔ MyOperator m-priya \(ext 16\): "PRIYA@acme\.in" → "priya@acme\.in" $/);
  expect(words).not.toContain('m-ravi');
  expect(out.split('\n').every((l) => l.length <= columns)).toBe(true);
});

it('piped, --csv and --json keep every line as written, the `sending` lines and their outcomes apart', async () => {
  const piped = await list('piped', {});
  expect(piped.out.trimEnd().split('\n').map((l) => l.split('\t')[3])).toEqual(['done', 'sending', 'sending', 'applied', 'not-applied', 'sending']);
  expect(piped.err).toBe(`6 entries, in ${piped.history}.\n`);
  const csv = await list('csv', { csv: true });
  expect((parse(csv.out) as string[][]).map((r) => r[3])).toEqual(['result', 'done', 'sending', 'sending', 'applied', 'not-applied', 'sending']);
  const json = await list('json', { json: true });
  expect(JSON.parse(json.out)).toEqual(lines);
  expect(json.err).toBe('');
});

it('an outcome pairs with the earliest open `sending` line of its change; a later settling line, and one whose `sending` line --since left out, are rows of their own', () => {
  const sent = setEmail('2026-12-01T10:01:00.000Z', 'ravi', '12', 'sending');
  const unverified = setEmail('2026-12-01T10:01:02.000Z', 'ravi', '12', 'unverified', 'MyOperator did not answer the read-back');
  const settled = setEmail('2026-12-01T11:00:00.000Z', 'ravi', '12', 'applied', 'an earlier fix could not verify this change; MyOperator holds the e-mail it set, when a later fix read it');
  const rows = historyRows([sent, unverified, settled] as unknown as HistoryEntry[]);
  expect(rows.map((r) => [r.entry.result, r.outcome?.result, r.unanswered])).toEqual([
    ['sending', 'unverified', false],
    ['applied', undefined, false],
  ]);
  // A killed run's two `sending` lines, settled by the next fix (which writes no `sending` line for them), then that fix's own change.
  const killed = [setEmail(T, 'ravi', '12', 'sending'), setEmail(T, 'ravi', '12', 'sending'), setEmail(T, 'ravi', '12', 'not-applied')];
  expect(historyRows(killed as unknown as HistoryEntry[]).map((r) => [r.entry.result, r.outcome?.result, r.unanswered])).toEqual([
    ['sending', 'not-applied', false],
    ['sending', undefined, true],
  ]);
  expect(historyRows([unverified] as unknown as HistoryEntry[]).map((r) => [r.entry.result, r.unanswered])).toEqual([['unverified', false]]);
});

// Pairing order only: how it scales is the code's (pairOutcomes, one pass), not a timed test's.
it('lines of one change pair in order, each outcome with the earliest `sending` line still open', () => {
  const n = 2_000;
  // One run's n `sending` lines of the same change, then their n outcomes, then a `sending` line nothing followed.
  const sent = Array.from({ length: n }, (_, i) => setEmail(T, 'ravi', '12', 'sending', `sent ${i}`));
  const answered = Array.from({ length: n }, (_, i) => setEmail(T, 'ravi', '12', 'applied', `answered ${i}`));
  const rows = historyRows([...sent, ...answered, setEmail(T, 'ravi', '12', 'sending', 'last')] as unknown as HistoryEntry[]);
  expect(rows).toHaveLength(n + 1);
  const outOfOrder = rows.slice(0, n).findIndex((r, i) => r.entry.detail !== `sent ${i}` || r.outcome?.detail !== `answered ${i}` || r.unanswered);
  expect(outOfOrder).toBe(-1);
  expect([rows[n]!.entry.detail, rows[n]!.outcome, rows[n]!.unanswered]).toEqual(['last', undefined, true]);
});
