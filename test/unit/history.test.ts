import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { mappingChanges } from '../../src/core/mapping-changes.js';
import { mappingOf, withIgnored, withMapping, type MappingData } from '../../src/core/reconcile.js';
import { chosenBy, describeChange } from '../../src/commands/history.js';
import { StorageError, UsageError } from '../../src/errors.js';
import { cannotWrite } from '../../src/store/file-errors.js';
import { ENTRY_FIELDS, FAST_PATH_FIELDS, readHistoryWithGaps, type HistoryEntry, type MappingsPlacedBy } from '../../src/store/history.js';
import { extensionsFixSet } from '../../src/store/set-email-lines.js';
import { MappingStore } from '../../src/store/mappings.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const AT = '2026-11-25T00:00:00.000Z';
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('history', () => {
  it('derives one change per Zoho user from the store before and after: map, remap, update, unmap, ignore, unignore', () => {
    const z1 = zohoUser('a@x.in', { id: 'z1' });
    const z2 = zohoUser('b@x.in', { id: 'z2' });
    const m1 = moUser('a@x.in', { id: 'm1' });
    const m2 = moUser('b@x.in', { id: 'm2' });
    const before = withIgnored(withMapping({ mappings: [], ignored: [] }, z1, m1, 'auto', AT), z2, AT);
    expect(mappingChanges(before, before)).toEqual([]);
    const moved = withMapping(before, z1, m2, 'manual', AT);
    expect(mappingChanges(before, moved).map((c) => c.action)).toEqual(['remap']);
    const updated = { ...before, mappings: [{ ...before.mappings[0]!, myoperator: { ...before.mappings[0]!.myoperator, email: 'A@x.in' } }] };
    expect(mappingChanges(before, updated).map((c) => c.action)).toEqual(['update']);
    const after = withMapping(before, z2, m2, 'manual', AT); // maps z2, which un-ignores it
    expect(mappingChanges(before, after).map((c) => [c.action, c.after && (c.after as { zoho: { id: string } }).zoho?.id])).toEqual([
      ['map', 'z2'],
      ['unignore', null],
    ]);
    expect(mappingChanges(after, { mappings: [], ignored: [] }).map((c) => c.action)).toEqual(['unmap', 'unmap']);
  });

  it('records an update when any field a mapping keeps changes, and nothing when only its time does', () => {
    const z = zohoUser('a@x.in', { id: 'z1', zuid: '901' });
    const m = moUser('a@x.in', { id: 'm1', extension: '11' });
    const before = withMapping({ mappings: [], ignored: [] }, z, m, 'auto', AT);
    const was = before.mappings[0]!;
    const edits = [
      { ...was, myoperator: { ...was.myoperator, extension: '12' } },
      // The e-mail recorded for MyOperator: what fix's hold compares, and what fix and resync record anew.
      { ...was, myoperator: { ...was.myoperator, email: 'b@x.in' } },
      { ...was, zoho: { ...was.zoho, email: 'A@x.in' } },
      { ...was, zoho: { ...was.zoho, zuid: '902' } },
      { ...was, how: 'manual' as const },
    ];
    for (const now of edits) expect(mappingChanges(before, { ...before, mappings: [now] })).toEqual([{ action: 'update', before: was, after: now, result: 'done' }]);
    expect(mappingChanges(before, { ...before, mappings: [{ ...was, at: '2026-11-26T00:00:00.000Z' }] })).toEqual([]);
  });

  it('says each change in one line, old before new (list history shows this line)', () => {
    const z1 = zohoUser('a@x.in', { id: 'z1' });
    const m1 = moUser('a@x.in', { id: 'm1', extension: '11' });
    const m2 = moUser('\u0430b@x.in', { id: 'm2', extension: '12' });
    const base = withMapping({ mappings: [], ignored: [] }, z1, m1, 'auto', AT);
    const line = (before: MappingData, after: MappingData) => mappingChanges(before, after).map((c) => describeChange({ ...c, time: AT, command: 'map', user: 'u' }));
    expect(line({ mappings: [], ignored: [] }, base)).toEqual(['Zoho a@x.in ↔ MyOperator a@x.in (ext 11)']);
    // Re-pointed: the MyOperator user it had, then the one it has; a look-alike shown as its code point.
    expect(line(base, withMapping(base, z1, m2, 'manual', AT))).toEqual(['Zoho a@x.in: MyOperator a@x.in (ext 11) → <U+0430>b@x.in (ext 12)']);
    expect(line(base, { mappings: [], ignored: [] })).toEqual(['Zoho a@x.in ↮ MyOperator a@x.in (ext 11)']);
    // Who chose the pair, piped in its own column: of a map or remap only (an unmap's pair was chosen before it).
    const chosen = (before: MappingData, after: MappingData) => mappingChanges(before, after).map((c) => chosenBy({ ...c, time: AT, command: 'map', user: 'u' }));
    expect(chosen({ mappings: [], ignored: [] }, base)).toEqual(['auto']);
    expect(chosen(base, withMapping(base, z1, m2, 'manual', AT))).toEqual(['manual']);
    expect(chosen({ mappings: [], ignored: [] }, withMapping({ mappings: [], ignored: [] }, z1, m1, 'import', AT))).toEqual(['import']);
    expect(chosen(base, { mappings: [], ignored: [] })).toEqual(['']);
    expect(chosen(base, { ...base, mappings: [{ ...base.mappings[0]!, how: 'import' }] })).toEqual(['']);
    // An update says what changed: an import restoring the origin said "recorded e-mails updated" of e-mails it left alone.
    const was = base.mappings[0]!;
    expect(line(base, { ...base, mappings: [{ ...was, how: 'import' }] })).toEqual(['Zoho a@x.in ↔ MyOperator a@x.in (ext 11): mapped by import now (was an exact match)']);
    expect(line(base, { ...base, mappings: [{ ...was, myoperator: { ...was.myoperator, email: 'b@x.in', extension: '12' } }] })).toEqual([
      'Zoho a@x.in ↔ MyOperator b@x.in (ext 12): recorded e-mails updated; extension 11 → 12',
    ]);
    // A seat with no e-mail, by the name the run read (the mapping keeps none); one with an e-mail by it, whatever its name.
    const seat = moUser('', { id: 'm3', extension: '24', name: 'Suresh Pillai' });
    const named = new Map([[seat.id, seat.name], [m1.id, 'Asha Rao']]);
    const withSeat = withMapping(base, zohoUser('s@x.in', { id: 'z4' }), seat, 'manual', AT);
    expect(mappingChanges(base, withSeat, named).map((c) => describeChange({ ...c, time: AT, command: 'map', user: 'u' }))).toEqual(['Zoho s@x.in ↔ MyOperator Suresh Pillai (no e-mail) (ext 24)']);
    expect(mappingChanges({ mappings: [], ignored: [] }, base, named).map((c) => describeChange({ ...c, time: AT, command: 'map', user: 'u' }))).toEqual(['Zoho a@x.in ↔ MyOperator a@x.in (ext 11)']);
    expect(line(base, withSeat)).toEqual(['Zoho s@x.in ↔ MyOperator m3 (ext 24)']);
    expect(line({ mappings: [], ignored: [] }, withIgnored({ mappings: [], ignored: [] }, z1, AT))).toEqual(['Zoho a@x.in']);
    // Ignored and un-ignored as every other view shows the address: the Cyrillic letters as code points, not passing for Latin.
    const cyrillic = withIgnored({ mappings: [], ignored: [] }, zohoUser('\u043ep\u0435r\u0430t\u043er@acme.in', { id: 'z3' }), AT);
    expect(line({ mappings: [], ignored: [] }, cyrillic)).toEqual(['Zoho <U+043E>p<U+0435>r<U+0430>t<U+043E>r@acme.in']);
    expect(line(cyrillic, { mappings: [], ignored: [] })).toEqual(['Zoho <U+043E>p<U+0435>r<U+0430>t<U+043E>r@acme.in']);
    const fix = { action: 'set-email' as const, before: { myoperator: { uuid: 'm2', extension: '12', email: '\u0430b@x.in' } }, after: { myoperator: { email: 'ab@x.in' }, target: 'ab@x.in' } };
    // A line from before fix recorded the Zoho side: the MyOperator seat alone.
    expect(describeChange({ ...fix, result: 'applied', time: AT, command: 'fix', user: 'u' })).toBe('MyOperator m2 (ext 12): "<U+0430>b@x.in" → "ab@x.in"');
    // Who it was set for: the Zoho user, named as a map line names the pair.
    const forZoho = { ...fix, before: { ...fix.before, zoho: { id: 'z2', email: 'Ab@x.in' } } };
    expect(describeChange({ ...forZoho, result: 'applied', time: AT, command: 'fix', user: 'u' })).toBe('Zoho Ab@x.in ↔ MyOperator m2 (ext 12): "<U+0430>b@x.in" → "ab@x.in"');
    expect(describeChange({ ...forZoho, before: { ...fix.before, zoho: { id: 'z2', email: '' } }, result: 'applied', time: AT, command: 'fix', user: 'u' })).toBe(
      'Zoho z2 ↔ MyOperator m2 (ext 12): "<U+0430>b@x.in" → "ab@x.in"',
    );
  });

  it('the store appends each change as one JSON line under its lock, with the command, the OS user and the time', async () => {
    const store = new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'map', now: () => new Date(AT) });
    expect(store.historyPath).toBe(join(tmp.dir, 'mappings.history.jsonl'));
    const z = zohoUser('a@x.in', { id: 'z1' });
    const m = moUser('a@x.in', { id: 'm1' });
    await store.update((d) => ({ data: withMapping(d, z, m, 'manual', AT), result: 0 }));
    await store.update((d) => ({ data: d, result: 0 })); // no change: no line
    await store.update((d) => ({ data: d, result: 0, history: [{ action: 'set-email', before: { x: 1 }, after: { x: 2 }, result: 'applied' }] }));
    const lines = readFileSync(store.historyPath, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = readHistoryWithGaps(store.historyPath).entries;
    expect(first).toMatchObject({ time: AT, command: 'map', action: 'map', before: null, after: mappingOf(z, m, 'manual', AT), result: 'done' });
    expect(first!.user).toBe(userInfo().username);
    expect(second).toMatchObject({ action: 'set-email', result: 'applied' });
  });

  it('a last line cut short does not swallow the next entry: it starts on a line of its own', async () => {
    const store = new MappingStore(join(tmp.dir, 'mappings.json'), { command: 'fix', now: () => new Date(AT) });
    writeFileSync(store.historyPath, '{"time":"2026-12-04T00:00:00Z","comm');
    // Its whole lines end before it (offset 0): a read that goes on from this one reads it again.
    expect(readHistoryWithGaps(store.historyPath)).toEqual({ entries: [], cutShort: [1], lastLine: 1, readTo: expect.objectContaining({ offset: 0, lines: 0, entries: [], cutShort: [] }) });
    await store.update((d) => ({ data: d, result: 0, history: [{ action: 'set-email', before: { x: 1 }, after: { x: 2 }, result: 'applied' }] }));
    const lines = readFileSync(store.historyPath, 'utf8').split('\n');
    expect(lines[0]).toBe('{"time":"2026-12-04T00:00:00Z","comm');
    expect(JSON.parse(lines[1]!)).toMatchObject({ time: AT, command: 'fix', action: 'set-email', result: 'applied' });
    // The short line is left out and named, by number, for a person to remove; the rest are read.
    const read = readHistoryWithGaps(store.historyPath);
    expect(read.cutShort).toEqual([1]);
    expect(read.entries.map((e) => e.result)).toEqual(['applied']);
  });

  it('only the start of a line the tool writes, ended before it is whole, is a line cut short; a line broken otherwise is an error', () => {
    const file = join(tmp.dir, 'cut.history.jsonl');
    const whole = JSON.stringify({ time: '2026-12-04T00:00:00.000Z', command: 'fix', user: 'u', action: 'set-email', before: { m: { email: 'vikram\u200b.singh@x.in', n: null, t: true } }, after: null, result: 'sending' });
    // Wherever a kill cuts a line the tool wrote (inside the U+200B's three bytes too), the start
    // left is a line cut short, last or with the next run's entries after it.
    const line = Buffer.from(whole);
    for (let at = 1; at < line.length; at++) {
      const cut = line.subarray(0, at);
      writeFileSync(file, Buffer.concat([Buffer.from(`${whole}\n`), cut]));
      expect(readHistoryWithGaps(file)).toMatchObject({ cutShort: [2], entries: [{ result: 'sending' }] });
      writeFileSync(file, Buffer.concat([Buffer.from(`${whole}\n`), cut, Buffer.from(`\n${whole}\n`)]));
      expect(readHistoryWithGaps(file)).toMatchObject({ cutShort: [2], entries: [{ result: 'sending' }, { result: 'sending' }] });
      // A power cut may leave the file grown with its new bytes zeros (XFS, ext4 with writeback):
      // it was "a broken line 2: it is not JSON (Unexpected token '<U+0000>' …)", exit 2 for good.
      writeFileSync(file, Buffer.concat([Buffer.from(`${whole}\n`), cut, Buffer.alloc(300), Buffer.from(`\n${whole}\n`)]));
      expect(readHistoryWithGaps(file)).toMatchObject({ cutShort: [2], entries: [{ result: 'sending' }, { result: 'sending' }] });
    }
    // A read that goes on from an earlier one (fix's, under its lock) reads as a whole read does,
    // wherever the earlier read found a line part-way: finished since by the run appending it, or
    // left by a killed one and followed by the next run's line.
    for (let at = 1; at < line.length; at++) {
      const cut = line.subarray(0, at);
      const finished = Buffer.concat([line.subarray(at), Buffer.from('\n')]);
      for (const after of [finished, Buffer.from(`\n${whole}\n`)]) {
        writeFileSync(file, Buffer.concat([Buffer.from(`${whole}\n`), cut]));
        const earlier = readHistoryWithGaps(file).readTo!;
        appendFileSync(file, after);
        const { readTo, ...goneOn } = readHistoryWithGaps(file, undefined, undefined, earlier);
        const { readTo: wholeTo, ...wholeRead } = readHistoryWithGaps(file);
        expect(goneOn).toEqual(wholeRead);
        expect(readTo).toEqual(wholeTo);
      }
    }
    writeFileSync(file, Buffer.concat([Buffer.from(`${whole}\n`), Buffer.alloc(4096)]));
    expect(readHistoryWithGaps(file)).toMatchObject({ cutShort: [2], entries: [{ result: 'sending' }] });
    for (const hand of ['{oops', '{"time":"x",,', `${whole}x`, '["time"', 'time', '{"time":"2026-12-04T00:00:00.000Z"}', '{oops\0\0', `\0${whole}`]) {
      writeFileSync(file, `${whole}\n${hand}`);
      expect(() => readHistoryWithGaps(file)).toThrow(`The history file ${file} has a broken line 2`);
    }
  });

  it('a hand-broken line is one sentence naming the file and the line', () => {
    const file = join(tmp.dir, 'h.history.jsonl');
    writeFileSync(file, '{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":null,"after":null,"result":"done"}\n{oops\n');
    expect(() => readHistoryWithGaps(file).entries).toThrow(UsageError);
    expect(() => readHistoryWithGaps(file).entries).toThrow(`The history file ${file} has a broken line 2`);
    // A line that is JSON but not a change the tool wrote: a time --since cannot compare, a side that is not an object.
    const line = (over: string) => `{"time":"2026-12-04T00:00:00Z","command":"fix","user":"u","action":"set-email","before":null,"after":null,"result":"applied",${over}}\n`;
    writeFileSync(file, line('"time":"yesterday"'));
    expect(() => readHistoryWithGaps(file).entries).toThrow(`The history file ${file} has a broken line 1: time: expected an ISO 8601 time, as the tool writes (such as "2026-01-31T09:30:00.000Z"), found "yesterday".`);
    writeFileSync(file, line('"before":5'));
    expect(() => readHistoryWithGaps(file).entries).toThrow(`The history file ${file} has a broken line 1: before: `);
  });
  it('a line that is JSON but not a change as the tool writes it is refused in the sentence that names its field; an odd one it takes reads as it did', () => {
    const file = join(tmp.dir, 'odd.history.jsonl');
    const whole = { time: '2026-12-04T00:00:00.000Z', command: 'fix', user: 'u', action: 'set-email', before: null, after: null, result: 'applied' };
    const line = (over: object) => JSON.stringify({ ...whole, ...over });
    const { command: _c, ...noCommand } = whole;
    const { result: _r, ...noResult } = whole;
    const iso = 'time: expected an ISO 8601 time, as the tool writes (such as "2026-01-31T09:30:00.000Z")';
    const refused: [string, string][] = [
      [line({ time: '2026-02-30T00:00:00.000Z' }), 'time: expected an ISO 8601 time, as the tool writes: 2026-02-30 is not a day of the calendar'],
      [line({ time: '2026-13-04T00:00:00.000Z' }), `${iso}, found "2026-13-04T00:00:00.000Z"`],
      [line({ time: '2026-12-04' }), `${iso}, found "2026-12-04"`],
      [line({ time: 5 }), `${iso}, found 5`],
      [JSON.stringify(noCommand), 'command: missing (expected string)'],
      [JSON.stringify(noResult), 'result: missing (expected string)'],
      [line({ user: null }), 'user: expected string, received null'],
      [line({ before: [] }), 'before: expected record, received array'],
      [line({ after: 'x' }), 'after: expected record, received string'],
      [line({ detail: null }), 'detail: expected string, received null'],
      [JSON.stringify({ ...noCommand, time: 'yesterday' }), `${iso}, found "yesterday" (and 1 more problem)`],
      ['[1]', 'it is not one JSON change (time, command, user, action, before, after, result)'],
      ['null', 'it is not one JSON change (time, command, user, action, before, after, result)'],
    ];
    // After a whole line of the same time: that time was taken once, and the line is still checked whole.
    for (const [bad, why] of refused) {
      writeFileSync(file, `${line({})}\n${bad}\n`);
      expect(() => readHistoryWithGaps(file)).toThrow(new UsageError(`The history file ${file} has a broken line 2: ${why}.`));
    }
    // Taken as the schema gives it back: a field added by hand dropped, the fields in the schema's
    // order whatever the line's, and of a side, a key "__proto__" (which a copy of it cannot hold).
    writeFileSync(
      file,
      [
        line({ note: 'by hand' }),
        '{"result":"done","after":{"zoho":{"id":"z1"}},"before":null,"action":"map","user":"u","command":"map","time":"2026-12-04T00:00:00Z","detail":"d"}',
        '{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":{"__proto__":{"a":1},"k":2},"after":null,"result":"done"}',
      ].join('\n'),
    );
    expect(readHistoryWithGaps(file).entries.map((e) => JSON.stringify(e))).toEqual([
      line({}),
      '{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":null,"after":{"zoho":{"id":"z1"}},"result":"done","detail":"d"}',
      '{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":{"k":2},"after":null,"result":"done"}',
    ]);
  });
  it('a line with a byte that is not UTF-8 (a Latin-1 é) is named, not read as U+FFFD', () => {
    const file = join(tmp.dir, 'latin1.history.jsonl');
    const entry = (email: string) => `{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":null,"after":{"email":"${email}"},"result":"done"}\n`;
    writeFileSync(file, Buffer.concat([Buffer.from(entry('a@x.in')), Buffer.from(entry('ren\xe9@x.in'), 'latin1')]));
    expect(() => readHistoryWithGaps(file).entries).toThrow(
      `The history file ${file} has a broken line 2: it holds a byte that is not UTF-8 (the file was saved in another encoding, such as Latin-1).`,
    );
  });
  it('reads a history an editor saved with a byte-order mark, as the mappings file is read', () => {
    const file = join(tmp.dir, 'bom.history.jsonl');
    const entry = '{"time":"2026-12-04T00:00:00Z","command":"map","user":"u","action":"map","before":null,"after":null,"result":"done"}\n';
    writeFileSync(file, `\uFEFF${entry}`);
    expect(readHistoryWithGaps(file).entries.map((e) => e.command)).toEqual(['map']);
  });
});

describe('a history that cannot take the lines', () => {
  const map = (store: MappingStore) => store.update((d) => ({ data: withMapping(d, zohoUser('a@x.in', { id: 'z1' }), moUser('a@x.in', { id: 'm1' }), 'manual', AT), result: 0 }));

  it('one that cannot be opened (a directory) stops the change: the mappings file is not written, and the sentence says so', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    mkdirSync(store.historyPath);
    const err = await map(store).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).exitCode).toBe(6);
    // Its path is never given: it is the mappings file's, and "Give the path of a file" named one nobody gave.
    expect((err as Error).message).toBe(
      `Cannot save the history file ${store.historyPath}: it is a directory, where phonebridge-sync keeps the history of the mappings file ${store.path}. Nothing was changed.`,
    );
    expect((err as StorageError).hint).toBe('Rename or remove that directory, or give the mappings file another place with --mappings (or --config-dir): its history goes beside it.');
    expect(existsSync(store.path)).toBe(false);
    // Read (list history, map --unmap, fix) in the same words, and with the same exit 6 (it was 2).
    expect(() => store.readHistory()).toThrow(
      expect.objectContaining({ exitCode: 6, message: `Cannot read the history file ${store.historyPath}: it is a directory, where phonebridge-sync keeps the history of the mappings file ${store.path}.` }),
    );
    // The way to move it is what placed the mappings file.
    const hint = (placedBy: MappingsPlacedBy) => new MappingStore(store.path, { placedBy }).historyInTheWay()?.hint;
    expect(hint('--mappings')).toBe('Rename or remove that directory, or give --mappings another path: the history goes beside the mappings file.');
    expect(hint('PHONEBRIDGE_MAPPINGS_FILE')).toBe('Rename or remove that directory, or set PHONEBRIDGE_MAPPINGS_FILE to another path: the history goes beside the mappings file.');
    expect(hint('sandbox')).toBe('Rename or remove that directory, or choose another place with --config-dir.');
  });

  it('one whose path goes round a loop of symbolic links stops the change, said in words with the link to mend; read, the same cure', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    symlinkSync(`${store.historyPath}.b`, store.historyPath);
    symlinkSync(store.historyPath, `${store.historyPath}.b`);
    const err = await map(store).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).exitCode).toBe(6);
    // It was "…: ELOOP: too many symbolic links encountered, open '…'. The file was left as it was."
    // with "Check the disk and the permissions of …, then run again."
    const loop = 'its path goes round a loop of symbolic links (or through too many of them)';
    expect((err as Error).message).toBe(`Cannot save the history file ${store.historyPath}: ${loop}. Nothing was changed.`);
    const hint = `Remove or re-point the symbolic link that loops (\`ls -l ${store.historyPath}\` shows where it points), or give the mappings file another place with --mappings (or --config-dir): its history goes beside it.`;
    expect((err as StorageError).hint).toBe(hint);
    expect(existsSync(store.path)).toBe(false);
    // list history, map --unmap and fix read it: "Check the path and its permissions." named neither.
    expect(() => store.readHistory()).toThrow(expect.objectContaining({ message: `Cannot read the history file ${store.historyPath}: ${loop}.`, hint }));
  });

  // /dev/full takes an open and answers every write with ENOSPC: a disk that fills between the two files.
  (existsSync('/dev/full') ? it : it.skip)('one that fills up after the mappings were saved: the sentence says they were saved, and what the history lacks', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    symlinkSync('/dev/full', store.historyPath);
    const err = await map(store).then(() => undefined, (e: unknown) => e);
    expect((err as StorageError).exitCode).toBe(6);
    expect((err as Error).message).toBe(
      `Saved ${store.path}, but the history file ${store.historyPath} could not take the line that tells of the change (the disk is full): the mappings hold it, the history does not.`,
    );
    expect((err as StorageError).hint).toMatch(/^A later run will not add that line/);
    expect(store.read().mappings.map((m) => m.zoho.id)).toEqual(['z1']);
  });

  it("permission denied where access() sees no reason (as root, an ACL, a sticky directory): no chmod offered that would not help", () => {
    // These tests run as root, who may write any file: the OS refusing anyway is a case access()
    // cannot explain, so the sentence says so and names where to look. permissions.test.ts runs the
    // tool as another user for the refusals a chmod does fix (no w, no x, a file not readable).
    const file = join(tmp.dir, 'm.history.jsonl');
    const denied = (path: string) => Object.assign(new Error('EACCES'), { code: 'EACCES', path });
    const refused = cannotWrite(file, denied(file), 'the history file');
    expect(refused.message).toBe(`Cannot save the history file ${file}: permission denied. Nothing was changed.`);
    expect(refused.hint).toBe(`Check the permissions of ${tmp.dir}, or choose another place with --config-dir (or --mappings for the mappings file).`);
    // The sandbox's directory not made yet: the config directory it goes in is the one to look at.
    const deeper = join(tmp.dir, 'sandbox', 'credentials.json');
    expect(cannotWrite(deeper, denied(deeper), 'the credentials file').hint).toBe(`Check the permissions of ${tmp.dir}, or choose another place with --config-dir.`);
  });

  it('--mappings is offered for the mappings file, except for the sandbox\'s own (which refuses it), known by its shape, not by a directory named sandbox', () => {
    const notDir = (path: string) => cannotWrite(path, Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR', path }), 'the mappings file').hint;
    expect(notDir(join(tmp.dir, 'sandbox', 'cfg', 'mappings', 'default.json'))).toBe('Move that file aside, or choose another place with --config-dir (or --mappings for the mappings file).');
    expect(notDir(join(tmp.dir, 'cfg', 'sandbox', 'mappings', 'sandbox.json'))).toBe('Move that file aside, or choose another place with --config-dir.');
    expect(notDir(join(tmp.dir, 'cfg', 'sandbox', 'mappings', 'sandbox.history.jsonl'))).toBe('Move that file aside, or choose another place with --config-dir.');
  });
});

describe("fix's set-email lines, as doctor reads them", () => {
  const line = (uuid: string, extension: string, result: string, detail?: string) =>
    ({
      time: AT,
      command: 'fix',
      user: 'root',
      action: 'set-email',
      before: { zoho: { id: `z-${uuid}`, email: 'a@x.in' }, myoperator: { uuid, extension, email: 'A@x.in' } },
      after: { myoperator: { uuid, extension, email: 'a@x.in' }, target: 'a@x.in' },
      result,
      ...(detail ? { detail } : {}),
    }) as unknown as HistoryEntry;
  it("an extension is one fix's change took only where its read-back saw it go: an admin who moved the user later is no change of fix's", () => {
    const moved = 'set, but MyOperator changed more than the e-mail: its extension is now - (was 13); check the user in MyOperator';
    const entries = [line('m1', '12', 'applied'), line('m2', '13', 'applied', moved), line('m3', '14', 'unverified', 'sent, but the read-back failed')];
    expect([...extensionsFixSet(() => ({ entries, cutShort: [], lastLine: entries.length }))]).toEqual([['13', { uuid: 'm2', time: AT }]]);
  });
});

it("the fast path that reads the lines the tool wrote knows every field of a history entry: one it lacked would be dropped from those lines", () => {
  // A field added to the entry's schema alone sends every line to zod (slower, still right); this says to add it there too.
  expect([...ENTRY_FIELDS].sort()).toEqual([...FAST_PATH_FIELDS].sort());
});
