import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { applyPlan, mappingOf, withIgnoredMyOperator, withMapping, type MappingData } from '../../src/core/reconcile.js';
import { MappingStore, mappingsPath, serialize } from '../../src/store/mappings.js';
import { historyLines } from '../../src/store/history.js';
import { setAside } from '../../src/store/history-journal.js';
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
    // Dated back a day: a rewrite of the same bytes would still move the mtime (and the inode).
    const then = new Date(Date.now() - 86_400_000);
    utimesSync(store.path, then, then);
    const { ino, mtimeMs } = statSync(store.path);
    await store.update((d) => ({ data: { ...d }, result: 0 }));
    expect(readFileSync(store.path).equals(before)).toBe(true);
    expect(statSync(store.path)).toMatchObject({ ino, mtimeMs });
  });

  it.each([
    ['not JSON', '{"version": 1, "mappings": [}', /not valid: not JSON/],
    ['cut short', '{"version": 1, "mappings": [', /not valid: it ends before its JSON does \(Unexpected end of JSON input\): the file was cut short/],
    ['not JSON on its third line', '{\n  "version": 1,\n  mappings: []\n}', /not valid: not JSON \(.* at position 20: line 3, column 3\)/],
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
    // 2 is this tool's own (a MyOperator user left unmapped on purpose): 3 is newer.
    writeFileSync(path, JSON.stringify({ version: 3, mappings: [], ignored: [] }));
    expect(() => new MappingStore(path).read()).toThrow(/newer phonebridge-sync/);
  });

  // In one process each update reads and writes with no await between, so this cannot show the lock
  // at work (e2e/resync.test.ts races separate processes for that): it shows that stores started
  // together on one file all land, and leave no lock behind.
  it('updates started together through separate stores all land, and leave no lock behind', async () => {
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

  it('keeps the mode the file has: a 0600 mappings file stays 0600; a new one is 0644', async () => {
    const path = join(tmp.dir, 'm.json');
    const store = new MappingStore(path);
    await store.update((d) => ({ data: withMapping(d, zohoUser('a@a.in'), moUser('a@a.in'), 'auto', NOW), result: 0 }));
    expect(statSync(path).mode & 0o777).toBe(0o644);
    chmodSync(path, 0o600);
    await store.update((d) => ({ data: withMapping(d, zohoUser('b@a.in'), moUser('b@a.in'), 'auto', NOW), result: 0 }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.read().mappings).toHaveLength(2);
  });

  it('removes temp files a killed run left behind, and only those', async () => {
    const path = join(tmp.dir, 'm.json');
    // pid 2^22+1 is above Linux's pid_max default: no such process. A live writer's temp stays.
    const dead = join(tmp.dir, `.m.json.${2 ** 22 + 1}.0123abcd.tmp`);
    const live = join(tmp.dir, `.m.json.${process.ppid}.0123abcd.tmp`);
    const otherFile = join(tmp.dir, `.other.json.${2 ** 22 + 1}.0123abcd.tmp`);
    for (const f of [dead, live, otherFile]) writeFileSync(f, 'x'.repeat(1000));
    await new MappingStore(path).update((d) => ({ data: withMapping(d, zohoUser('a@a.in'), moUser('a@a.in'), 'auto', NOW), result: 0 }));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(otherFile)).toBe(true);
  });

  it('a broken file read many times (doctor, every run) keeps one backup per distinct content', () => {
    const path = join(tmp.dir, 'm.json');
    const store = new MappingStore(path);
    writeFileSync(path, '{"version": 1, "mappings": [');
    for (let i = 0; i < 3; i++) expect(() => store.read()).toThrow(UsageError);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    writeFileSync(path, '{"version": 1, "mappings": [{');
    for (let i = 0; i < 3; i++) expect(() => store.read()).toThrow(UsageError);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  it('an empty (0-byte) file is refused, not read as an empty store to be saved over, and no copy of nothing is made', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    writeFileSync(store.path, '');
    expect(() => store.read()).toThrow(/^The mappings file .*m\.json is empty \(0 bytes\); an empty store is a missing file/);
    await expect(store.update((d) => ({ data: d, result: 0 }))).rejects.toThrow(UsageError);
    expect(readdirSync(tmp.dir).sort()).toEqual(['m.json']);
    // Blank lines alone are as empty: they were "cut short, and the rest of it is missing", with a copy.
    // Said as what they are: "is empty (5 bytes of white space)" called a file of 5 bytes empty.
    writeFileSync(store.path, '  \r\n\n');
    expect(() => store.read()).toThrow(/^The mappings file .*m\.json holds only blank lines \(5 bytes of white space\); an empty store is a missing file/);
    expect(readdirSync(tmp.dir).sort()).toEqual(['m.json']);
  });

  it('a file cut short is said to be cut short, with the restore, whether the cut falls inside a character or between two', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    // A U+200B (3 bytes of UTF-8) in an e-mail, as the sandbox's Vikram has: the cut falls inside it.
    const bytes = Buffer.from(serialize({ mappings: [mappingOf(zohoUser('vikram\u200b.singh@a.in', { id: 'z1' }), moUser('v@a.in', { id: 'm1' }), 'manual', NOW)], ignored: [] }));
    const inside = bytes.indexOf(Buffer.from('\u200b')) + 1;
    // The history is named only when there is one: it was named for a store that had none.
    const restore = (history: boolean) =>
      `Restore it (\`git checkout\` if it is in a repository${history ? `; ${store.historyPath} lists every change made` : ''}), or move it aside to start again.`;
    const refusal = (cut: number) => {
      writeFileSync(store.path, bytes.subarray(0, cut));
      try {
        store.read();
      } catch (e) {
        return { message: (e as Error).message, hint: (e as UsageError).hint };
      }
      return undefined;
    };
    // Not "saved in another encoding, such as Latin-1": nothing was re-encoded.
    expect(refusal(inside)).toEqual({ message: expect.stringMatching(/ is not valid: it ends inside a character: the file was cut short, and the rest of it is missing\. It was left as it is; /), hint: restore(false) });
    writeFileSync(store.historyPath, '');
    expect(refusal(inside)).toMatchObject({ hint: restore(true) });
    expect(refusal(inside + 2)).toEqual({ message: expect.stringMatching(/ is not valid: it ends before its JSON does \(Unterminated string in JSON at position \d+: line \d+, column \d+\): the file was cut short, and the rest of it is missing\./), hint: restore(true) });
    // A slip inside the file is no cut: the hand-edit fix, as before.
    writeFileSync(store.path, '{"version": 1, "mappings": [],}');
    expect(() => store.read()).toThrow(/ is not valid: not JSON \(/);
  });

  it('the empty store the refusal of an empty file spells out is one the store reads', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    writeFileSync(store.path, '');
    let said = '';
    try {
      store.read();
    } catch (e) {
      said = (e as Error).message;
    }
    const spelled = /or one with (\{.*\})\.$/.exec(said)?.[1];
    expect(spelled).toBeDefined();
    writeFileSync(store.path, spelled!);
    expect(store.read()).toEqual({ mappings: [], ignored: [] });
  });

  it('a device or a pipe given as the mappings file is refused before it is read or written over', async () => {
    const fifo = join(tmp.dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    // Read as a file, a pipe with no writer waits for ever.
    expect(() => new MappingStore(fifo).read()).toThrow(/^Cannot use .*pipe\.json as the mappings file: it is not a regular file \(a device, a pipe or a socket\)\.$/);
    await expect(new MappingStore(fifo).update((d) => ({ data: d, result: 0 }))).rejects.toThrow(UsageError);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(() => new MappingStore('/dev/null').read()).toThrow(/not a regular file/);
  });

  it('a named pipe at the mappings path or where lines are set aside does not hang a reader of the history, nor a change', async () => {
    // readHistory reads the set-aside lines and the mappings file to know which the store holds;
    // read as a file, a pipe with no writer waited for ever (list history, map --unmap, doctor).
    const store = new MappingStore(join(tmp.dir, 'piped-store.json'));
    execFileSync('mkfifo', [store.path]);
    writeFileSync(`${store.historyPath}.pending`, '{}\n');
    expect(store.readHistory()).toMatchObject({ entries: [], setAside: 0 });
    const aside = new MappingStore(join(tmp.dir, 'piped-aside.json'));
    writeFileSync(aside.path, '{"mappings":[],"ignored":[]}');
    execFileSync('mkfifo', [`${aside.historyPath}.pending`]);
    expect(aside.readHistory()).toMatchObject({ entries: [], setAside: 0 });
    // A change reads them under its lock: refused by name, not waited on, as a pipe named as any
    // store is (exit 2; it was exit 6 here alone), with a cure for a path nobody gave.
    await expect(aside.update((d) => ({ data: withMapping(d, zohoUser('a@acme.in'), moUser('a@acme.in'), 'manual', NOW), result: 0 }))).rejects.toMatchObject({
      name: 'UsageError',
      exitCode: 2,
      message: `Cannot read the history's set-aside lines ${aside.historyPath}.pending: it is not a regular file (a device, a pipe or a socket).`,
      hint: 'Move it aside, or give the mappings file another place with --mappings (or --config-dir): its history goes beside it.',
    });
    expect(statSync(`${aside.historyPath}.pending`).isFIFO()).toBe(true);
    expect(readFileSync(aside.path, 'utf8')).toBe('{"mappings":[],"ignored":[]}');
  });

  it('a named pipe where the history goes is refused before the mappings are written: the change is not made unrecorded', async () => {
    const store = new MappingStore(join(tmp.dir, 'piped.json'));
    execFileSync('mkfifo', [store.historyPath]);
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    // Before: the mapping was saved, then the history's fsync failed with EINVAL (exit 6, its line lost).
    await expect(store.update((d) => ({ data: withMapping(d, z, m, 'manual', NOW), result: 0 }))).rejects.toThrow(
      `Cannot save the history file ${store.historyPath}: ${store.historyPath} is a named pipe or a socket, not a file. Nothing was changed.`,
    );
    expect(existsSync(store.path)).toBe(false);
  });

  it('a directory where the history sets its lines aside is named, with the cure, not a raw "EISDIR" as an unexpected error', async () => {
    const store = new MappingStore(join(tmp.dir, 'aside.json'));
    mkdirSync(`${store.historyPath}.pending`);
    const change = store.update((d) => ({ data: withMapping(d, zohoUser('a@acme.in'), moUser('a@acme.in'), 'manual', NOW), result: 0 }));
    // Before: "EISDIR: illegal operation on a directory, read", which the CLI called a bug (exit 1).
    // Then exit 6, then 2 as the mappings file or the history as a directory was (readStoreFile); 6 again with them.
    await expect(change).rejects.toMatchObject({
      exitCode: 6,
      message: `Cannot read the history's set-aside lines ${store.historyPath}.pending: it is a directory, where phonebridge-sync keeps the lines a change sets aside for the history of the mappings file ${store.path}.`,
      hint: 'Rename or remove that directory, or give the mappings file another place with --mappings (or --config-dir): its history goes beside it.',
    });
    expect(existsSync(store.path)).toBe(false);
  });

  it.each([
    ['a line cut short', (head: string, line: string) => `${head}\n${line.slice(0, 60)}\n`, 'line 2 is cut short, which the tool never writes'],
    ['a byte that is not UTF-8', (head: string, line: string) => `${head}\n${line.replace('z1', 'z\xff')}\n`, 'line 2 holds a byte that is not UTF-8 (the file was saved in another encoding, such as Latin-1), which the tool never writes'],
    // Not "…the digest and size the tool writes first, which the tool never writes": it writes that line.
    ['a head edited by hand', (head: string, line: string) => `${head.replace('historySize', 'size')}\n${line}\n`, 'line 1 is not the digest and size the tool writes first'],
  ])('set-aside lines with %s are kept and said by name by every change, not dropped unsaid', async (_, broken, why) => {
    const store = new MappingStore(join(tmp.dir, 'broken-aside.json'));
    writeFileSync(store.path, serialize({ mappings: [], ignored: [] }));
    const head = JSON.stringify({ store: createHash('sha256').update(readFileSync(store.path)).digest('hex'), historySize: 0 });
    const line = historyLines({ time: NOW, command: 'map', user: 'ops' }, [{ action: 'ignore', before: null, after: { zohoId: 'z1', email: 'a@acme.in' }, result: 'done' }])[0]!;
    const pending = `${store.historyPath}.pending`;
    writeFileSync(pending, Buffer.from(broken(head, line), 'latin1'));
    const bytes = readFileSync(pending);
    const refusal = {
      name: 'UsageError',
      exitCode: 2,
      message: `Cannot record the history's set-aside lines ${pending}, kept as they are: ${why}.`,
      hint: `Mend that line by hand, or move the file aside (the history then lacks the change it tells of), then run again.`,
    };
    // Before: resync with nothing to change, and a change, deleted them without a word (exit 0).
    await expect(store.recordSetAside()).rejects.toMatchObject(refusal);
    await expect(store.update((d) => ({ data: withMapping(d, zohoUser('a@acme.in'), moUser('a@acme.in'), 'manual', NOW), result: 0 }))).rejects.toMatchObject(refusal);
    expect({ kept: readFileSync(pending).equals(bytes), store: store.read(), history: existsSync(store.historyPath) }).toEqual({ kept: true, store: { mappings: [], ignored: [] }, history: false });
    // A reader shows the history without them, writing nothing.
    expect(store.readHistory()).toMatchObject({ entries: [], setAside: 0 });
  });

  it('a directory where the history goes, met while recording lines a killed run set aside, is named, not a raw "EISDIR"', async () => {
    const store = new MappingStore(join(tmp.dir, 'torn.json'));
    writeFileSync(store.path, serialize({ mappings: [], ignored: [] }));
    const head = { store: createHash('sha256').update(readFileSync(store.path)).digest('hex'), historySize: 0, who: { time: NOW, command: 'map', user: 'root' } };
    writeFileSync(`${store.historyPath}.pending`, `${JSON.stringify(head)}\n${JSON.stringify({ action: 'ignore', before: null, after: { zohoId: 'z1' } })}\n`);
    mkdirSync(store.historyPath);
    // Before: "EISDIR: illegal operation on a directory, open", which the CLI called a bug (exit 1).
    await expect(store.recordSetAside()).rejects.toMatchObject({
      name: 'StorageError',
      message: `Cannot save the history file ${store.historyPath}: it is a directory, where phonebridge-sync keeps the history of the mappings file ${store.path}. Nothing was changed.`,
    });
  });

  it('the lines a killed run set aside are read with the history when the mappings hold their change, once each, and reading writes nothing', async () => {
    const store = new MappingStore(join(tmp.dir, 'killed.json'), { command: 'map', now: () => new Date(NOW) });
    const [z1, z2, z3] = [1, 2, 3].map((i) => zohoUser(`u${i}@acme.in`, { id: `z${i}` }));
    const [m1, m2, m3] = [1, 2, 3].map((i) => moUser(`u${i}@acme.in`, { id: `m${i}` }));
    await store.update((d) => ({ data: withMapping(d, z1!, m1!, 'manual', NOW), result: 0 }));
    const recorded = readFileSync(store.historyPath, 'utf8');
    // A run killed after it saved z2 and z3 and while it appended their lines: the first whole, the second cut.
    const next = withMapping(withMapping(store.read(), z2!, m2!, 'auto', NOW), z3!, m3!, 'auto', NOW);
    const lines = historyLines({ time: NOW, command: 'resync', user: 'ops' }, [
      { action: 'map', before: null, after: next.mappings[1]!, result: 'done' },
      { action: 'map', before: null, after: next.mappings[2]!, result: 'done' },
    ]);
    expect(setAside(store.historyPath, serialize(next), lines)).toBe(true);
    writeFileSync(store.path, serialize(next));
    writeFileSync(store.historyPath, `${recorded}${lines[0]}\n${lines[1]!.slice(0, 40)}`);
    const files = () => readdirSync(tmp.dir).map((f) => `${f} ${readFileSync(join(tmp.dir, f), 'utf8')}`);
    const before = files();
    const told = () => store.readHistory().entries.map((e) => `${e.command} ${(e.after as { zoho: { id: string } }).zoho.id}`);
    // Before: z1 and z2 alone, z3's line named as cut short, while the mappings held z3 all the same.
    expect(told()).toEqual(['map z1', 'resync z2', 'resync z3']);
    expect(store.readHistory()).toMatchObject({ cutShort: [], setAside: 2 });
    expect(files()).toEqual(before);
    // A run killed before it saved the mappings: nothing was changed, and none of it is told.
    writeFileSync(store.path, serialize(store.read()).replace('"z3"', '"z4"'));
    expect({ told: told(), setAside: store.readHistory().setAside }).toEqual({ told: ['map z1', 'resync z2'], setAside: 0 });
    writeFileSync(store.path, serialize(next));
    // The next change records them as they were read.
    await store.update((d) => ({ data: d, result: 0 }));
    expect({ told: told(), setAside: store.readHistory().setAside, pending: existsSync(`${store.historyPath}.pending`) }).toEqual({
      told: ['map z1', 'resync z2', 'resync z3'],
      setAside: 0,
      pending: false,
    });
  });

  it('a field left out of a hand-edited mapping is called missing, not an invalid option', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const mapping = { zoho: { id: '1', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, at: NOW };
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [mapping], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.how: missing \(expected one of "auto"\|"manual"\|"import"\)\./);
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [{ ...mapping, how: 'robot' }], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.how: Invalid option: expected one of "auto"\|"manual"\|"import"\./);
  });

  it('a zuid or extension left out of a hand-edited mapping says null is accepted too (it said "missing (expected string)")', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const mapping = { zoho: { id: '1', email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at: NOW };
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [mapping], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.zoho\.zuid: missing \(expected string or null\)\. It was left as it is/);
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [{ ...mapping, zoho: { ...mapping.zoho, zuid: null }, myoperator: { ...mapping.myoperator, extension: 14 } }], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.myoperator\.extension: expected string or null, received number\./);
  });

  it('an id typed without its quotes is named, with the quotes as the cure (it said "Invalid input" and to fix the file by hand)', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    writeFileSync(
      store.path,
      '{"version": 1, "mappings": [{"zoho": {"id": 4815900000000107919, "zuid": null, "email": "a@b.in"}, "myoperator": {"uuid": "u", "extension": null, "email": "a@b.in"}, "how": "manual", "at": "2026-11-24T10:00:00.000Z"}], "ignored": []}\n',
    );
    let error: UsageError | undefined;
    try {
      store.read();
    } catch (e) {
      error = e as UsageError;
    }
    expect(error?.message).toMatch(/is not valid: mappings\[0\]\.zoho\.id: expected string, received number\. It was left as it is/);
    expect(error?.hint).toBe('Put that number in quotes, as the tool writes ids and extensions ("4815900000000107919"): read as a number, a long id loses its last digits.');
  });

  it('an extension or a short id typed without its quotes is shown quoted, its own value (the cure quoted a 19-digit Zoho id the admin never typed)', () => {
    const store = new MappingStore(join(tmp.dir, 'm-ext.json'));
    const pair = { zoho: { id: '4815900000000107919', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: 11, email: 'a@b.in' }, how: 'manual', at: NOW };
    const hintFor = (mapping: unknown): string | undefined => {
      writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [mapping], ignored: [] }));
      try {
        store.read();
      } catch (e) {
        return (e as UsageError).hint;
      }
      return undefined;
    };
    expect(hintFor(pair)).toBe('Put that number in quotes, as the tool writes ids and extensions: "extension": "11".');
    expect(hintFor({ ...pair, myoperator: { ...pair.myoperator, extension: '11' }, zoho: { ...pair.zoho, zuid: 60012037 } })).toBe(
      'Put that number in quotes, as the tool writes ids and extensions: "zuid": "60012037".',
    );
  });

  it('a pair added by hand without the ids the tool writes is sent to `map`, which looks both users up (it was told to fix the file by hand)', () => {
    const store = new MappingStore(join(tmp.dir, 'm-by-hand.json'));
    const saved = { zoho: { id: '4815900000000107919', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: '11', email: 'a@b.in' }, how: 'manual', at: NOW };
    const hintFor = (added: unknown): string | undefined => {
      writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [saved, added], ignored: [] }));
      try {
        store.read();
      } catch (e) {
        return (e as UsageError).hint;
      }
      return undefined;
    };
    // As a person writes a pair: the two e-mails, or an e-mail and an extension; the command names them, quoted for the shell.
    expect(hintFor({ zoho: { email: 'gaurav.bose@acme.in' }, myoperator: { extension: '10' } })).toBe(
      "mappings[1] has no Zoho id or MyOperator uuid, which the tool writes for each pair: take it out of the file and add the pair with `phonebridge-sync map --zoho gaurav.bose@acme.in --myoperator 10`, which looks both users up and writes them (many pairs: `map --import`).",
    );
    expect(hintFor({ zoho: "O'Brien@acme.in", myoperator: 'ob@acme.in' })).toBe(
      "mappings[1] has no Zoho id or MyOperator uuid, which the tool writes for each pair: take it out of the file and add the pair with `phonebridge-sync map --zoho 'O'\\''Brien@acme.in' --myoperator ob@acme.in`, which looks both users up and writes them (many pairs: `map --import`).",
    );
    // Nothing to name a user by: the command with its placeholders.
    expect(hintFor({ zoho: { email: 'a2@b.in' }, myoperator: {} })).toBe(
      'mappings[1] has no Zoho id or MyOperator uuid, which the tool writes for each pair: take it out of the file and add the pair with `phonebridge-sync map --zoho <zoho e-mail> --myoperator <extension>`, which looks both users up and writes them (many pairs: `map --import`).',
    );
    // A pair the tool wrote, with a field lost, is no pair added by hand: fixed by hand, as before.
    expect(hintFor({ ...saved, zoho: { ...saved.zoho, id: '2' }, myoperator: { ...saved.myoperator, uuid: 'v', email: undefined } })).toBe(
      'Fix the file by hand (`git diff` shows what changed if it is in a repository), or move it aside to start again.',
    );
  });

  it('a time or an e-mail typed as a number is not told to be put in quotes "as the tool writes ids and extensions"', () => {
    const store = new MappingStore(join(tmp.dir, 'm-at.json'));
    const pair = (at: unknown, email: unknown) =>
      JSON.stringify({ version: 1, mappings: [{ zoho: { id: '4815900000000107919', zuid: null, email }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at }], ignored: [] });
    for (const [text, path] of [
      // A time is quoted back with what it should look like; an e-mail is said to be text.
      [pair(20261124, 'a@b.in'), 'mappings\\[0\\]\\.at: expected an ISO 8601 time, as the tool writes \\(such as "[^"]+"\\), found 20261124\\.'],
      [pair('2026-11-24T10:00:00.000Z', 5), 'mappings\\[0\\]\\.zoho\\.email: expected string, received number\\.'],
    ] as const) {
      writeFileSync(store.path, text);
      let error: UsageError | undefined;
      try {
        store.read();
      } catch (e) {
        error = e as UsageError;
      }
      expect(error?.message).toMatch(new RegExp(`is not valid: ${path}`));
      expect(error?.hint).toBe('Fix the file by hand (`git diff` shows what changed if it is in a repository), or move it aside to start again.');
    }
  });

  it('a date hand-edited into something that is no time ("yesterday") is refused, naming it: list mappings showed it, and a backup of it could not be restored', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const mapping = { zoho: { id: '1', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at: 'yesterday' };
    const text = JSON.stringify({ version: 1, mappings: [mapping], ignored: [] });
    writeFileSync(store.path, text);
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.at: expected an ISO 8601 time, as the tool writes \(such as "2026-01-31T09:30:00\.000Z"\), found "yesterday"\. It was left as it is/);
    await expect(store.update((d) => ({ data: d, result: undefined }))).rejects.toThrow(/mappings\[0\]\.at/);
    expect(readFileSync(store.path, 'utf8')).toBe(text);
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [], ignored: [{ zohoId: '1', email: 'a@b.in', at: '12/5/2026 10:01' }] }));
    expect(() => store.read()).toThrow(/is not valid: ignored\[0\]\.at: expected an ISO 8601 time, as the tool writes \(such as "2026-01-31T09:30:00\.000Z"\), found "12\/5\/2026 10:01"\./);
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [{ ...mapping, at: NOW }], ignored: [{ zohoId: '2', email: 'b@b.in', at: NOW }] }));
    expect(store.read().mappings[0]!.at).toBe(NOW);
  });

  it('a hand-edited `at` is quoted back, made visible: a number is not told to be put in quotes (it is still no time then)', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const refusal = (at: unknown) => {
      const mapping = { zoho: { id: '1', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at };
      writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [mapping], ignored: [] }));
      try {
        store.read();
      } catch (e) {
        return { message: (e as Error).message.replace(/ It was left as it is.*$/s, ''), hint: (e as UsageError).hint };
      }
      return undefined;
    };
    const said = (found: string) => `The mappings file ${store.path} is not valid: mappings[0].at: expected an ISO 8601 time, as the tool writes (such as "2026-01-31T09:30:00.000Z"), found ${found}.`;
    const byHand = 'Fix the file by hand (`git diff` shows what changed if it is in a repository), or move it aside to start again.';
    // It was "expected string, received number" with "Put that number in quotes, as the tool writes ids".
    expect(refusal(12)).toEqual({ message: said('12'), hint: byHand });
    expect(refusal(null)).toEqual({ message: said('null'), hint: byHand });
    // No raw escape reaches the terminal, and a long value is cut short.
    expect(refusal('now\u001b[2Jlater')).toEqual({ message: said('"now<U+001B>[2Jlater"'), hint: byHand });
    expect(refusal('x'.repeat(500))!.message).toBe(said(`"${'x'.repeat(40)}…"`));
  });

  it('an impossible day ("2026-02-30") in a hand-edited `at` is refused, naming the entry: it was read as 2 March', () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const mapping = { zoho: { id: '1', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at: '2026-02-30T10:00:00Z' };
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [mapping], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.at: expected an ISO 8601 time, as the tool writes: 2026-02-30 is not a day of the calendar\. It was left as it is/);
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [], ignored: [{ zohoId: '1', email: 'a@b.in', at: '2026-04-31T10:00:00Z' }] }));
    expect(() => store.read()).toThrow(/is not valid: ignored\[0\]\.at: expected an ISO 8601 time, as the tool writes: 2026-04-31 is not a day of the calendar\./);
    // A leap day is one.
    writeFileSync(store.path, JSON.stringify({ version: 1, mappings: [{ ...mapping, at: '2028-02-29T10:00:00Z' }], ignored: [] }));
    expect(store.read().mappings[0]!.at).toBe('2028-02-29T10:00:00Z');
  });

  it('a field added by hand (a note, a team) is refused, naming it: the next save would have dropped it without a word', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const mapping = { zoho: { id: '1', zuid: null, email: 'a@b.in' }, myoperator: { uuid: 'u', extension: null, email: 'a@b.in' }, how: 'manual', at: NOW };
    const text = JSON.stringify({ version: 1, mappings: [{ ...mapping, note: 'VIP, do not touch' }], ignored: [] });
    writeFileSync(store.path, text);
    expect(() => store.read()).toThrow(/is not valid: mappings\[0\]\.note: a field the tool does not know, which saving the file would drop\. It was left as it is/);
    await expect(store.update((d) => ({ data: d, result: undefined }))).rejects.toThrow(/mappings\[0\]\.note/);
    expect(readFileSync(store.path, 'utf8')).toBe(text);
    writeFileSync(store.path, JSON.stringify({ version: 1, owner: 'ops', mappings: [{ ...mapping, zoho: { ...mapping.zoho, team: 'north' } }], ignored: [] }));
    expect(() => store.read()).toThrow(/is not valid: (owner|mappings\[0\]\.zoho\.team): a field the tool does not know, which saving the file would drop \(and 1 more problem\)/);
  });

  it('a file where the lock directory goes is named, with how to clear it (not "a part of the directory is a file")', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    writeFileSync(`${store.path}.lock`, '');
    // A fresh one was taken for another run's lock and waited out (~26 s, past this test's limit): said at once.
    await expect(store.update((d) => ({ data: d, result: 0 }))).rejects.toThrow(
      /^Cannot lock the mappings file .*m\.json: .*m\.json\.lock is a file, where the lock \(a directory\) goes\.$/,
    );
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(`${store.path}.lock`, old, old);
    await expect(store.update((d) => ({ data: d, result: 0 }))).rejects.toThrow(/m\.json\.lock is a file, where the lock \(a directory\) goes\./);
    expect(existsSync(store.path)).toBe(false);
  }, 10_000);

  it('a lock directory holding something (a file put there by hand) is named at once with how to clear it, fresh or old (not "ENOTEMPTY … rmdir", "check the disk")', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const lock = `${store.path}.lock`;
    mkdirSync(lock);
    writeFileSync(join(lock, 'notes.txt'), 'mine');
    const said = `Cannot lock the mappings file ${store.path}: ${lock} holds notes.txt, which phonebridge-sync did not put there (its lock is an empty directory).`;
    for (const age of [0, 3_600_000]) {
      const then = new Date(Date.now() - age);
      utimesSync(lock, then, then);
      let err: unknown;
      await store.update((d) => ({ data: withMapping(d, zohoUser('a@a.in'), moUser('a@a.in'), 'manual', NOW), result: 0 })).catch((e: unknown) => (err = e));
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toBe(said);
      expect((err as UsageError).hint).toBe(`Move out what you need of it, remove the directory (\`rm -r ${lock}\`), then run again.`);
    }
    expect(readFileSync(join(lock, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(store.path)).toBe(false);
  }, 10_000);

  it('a symbolic link where the lock goes, even one to nothing, is named at once (it was waited out ~26 s, then blamed on another run)', async () => {
    const store = new MappingStore(join(tmp.dir, 'm.json'));
    const nowhere = join(tmp.dir, 'nowhere');
    symlinkSync(nowhere, `${store.path}.lock`);
    symlinkSync(nowhere, `${store.path}.fix.lock`);
    await expect(store.update((d) => ({ data: d, result: 0 }))).rejects.toThrow(
      `Cannot lock the mappings file ${store.path}: ${store.path}.lock is a symbolic link (to ${nowhere}), where the lock (a directory) goes.`,
    );
    await expect(store.holdForFix()).rejects.toThrow(`${store.path}.fix.lock is a symbolic link (to ${nowhere}), where the lock (a directory) goes.`);
    expect(lstatSync(`${store.path}.lock`).isSymbolicLink()).toBe(true);
  }, 10_000);

  it("a fix lock another run took over (this one was paused past its staleness) is no longer held, at once, and its release is no error", async () => {
    const store = new MappingStore(join(tmp.dir, 'taken.json'));
    const lock = await store.holdForFix();
    expect(lock.held()).toBe(true);
    // What a run that took it over leaves: a lock whose time is not one this run set. Known before
    // the holder's next heartbeat (up to 5 s away), so a woken run sends nothing more.
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${store.path}.fix.lock`, old, old);
    expect(lock.held()).toBe(false);
    await expect(lock.release()).resolves.toBeUndefined();
    // Taken over and released by the other run: no lock at all is not held either.
    const again = await store.holdForFix();
    rmdirSync(`${store.path}.fix.lock`);
    expect(again.held()).toBe(false);
    await expect(again.release()).resolves.toBeUndefined();
  });

  it("a fix lock stays held across its own heartbeats (each sets a new time)", async () => {
    // The heartbeat is proper-lockfile's timer (every 5 s, half the staleness): on a clock the test
    // moves, where it was waited out, 5 s of every run and more on a loaded machine. Its stat and
    // utimes are real I/O, waited for by turns of the event loop, not by time.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const store = new MappingStore(join(tmp.dir, 'kept.json'));
      const lock = await store.holdForFix();
      const mtime = () => statSync(`${store.path}.fix.lock`).mtimeMs;
      const first = mtime();
      await jest.advanceTimersByTimeAsync(8_000);
      for (let i = 0; i < 10_000 && mtime() === first; i++) await new Promise((r) => setImmediate(r));
      expect(mtime()).not.toBe(first);
      expect(lock.held()).toBe(true);
      await lock.release();
      expect(existsSync(`${store.path}.fix.lock`)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it("a file where fix's lock goes is named too, not taken for another fix running (fresh) or a failure to write (old)", async () => {
    const store = new MappingStore(join(tmp.dir, 'f.json'));
    writeFileSync(`${store.path}.fix.lock`, '');
    const said = /^Cannot lock the mappings file .*f\.json: .*f\.json\.fix\.lock is a file, where the lock \(a directory\) goes\.$/;
    await expect(store.holdForFix()).rejects.toThrow(said);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(`${store.path}.fix.lock`, old, old);
    await expect(store.holdForFix()).rejects.toThrow(said);
    expect(statSync(`${store.path}.fix.lock`).isFile()).toBe(true);
  });

  it("the sandbox's mappings path never follows PHONEBRIDGE_MAPPINGS_FILE (a CI's real file), whoever builds the options", () => {
    const env = { PHONEBRIDGE_MAPPINGS_FILE: '/ci/repo/mappings.json' };
    expect(mappingsPath({ configDir: '/cfg', sandbox: true, profile: 'default' }, env)).toBe(join('/cfg', 'sandbox', 'mappings', 'sandbox.json'));
    expect(mappingsPath({ configDir: '/cfg', sandbox: false, profile: 'default' }, env)).toBe('/ci/repo/mappings.json');
  });

  it('a first update that leaves the store empty still creates the file (a CI job commits it); fix\'s record alone does not', async () => {
    const store = new MappingStore(join(tmp.dir, 'first.json'));
    await store.update((d) => ({ data: d, result: 0 }));
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ version: 1, mappings: [], ignored: [] });
    const other = new MappingStore(join(tmp.dir, 'record-only.json'));
    await other.update((d) => ({ data: d, result: 0, recordDiff: false }));
    expect(existsSync(other.path)).toBe(false);
  });

  it('a symlinked mappings file (a dotfile manager keeps it in its repository) is saved through the link: the link stays, its target holds the change', async () => {
    mkdirSync(join(tmp.dir, 'dotfiles'));
    mkdirSync(join(tmp.dir, 'cfg'));
    const target = join(tmp.dir, 'dotfiles', 'default.json');
    const link = join(tmp.dir, 'cfg', 'default.json');
    writeFileSync(target, serialize(withMapping({ mappings: [], ignored: [] }, zohoUser('a@a.in', { id: 'z1' }), moUser('a@a.in', { id: 'm1' }), 'manual', NOW)));
    symlinkSync('../dotfiles/default.json', link);
    const store = new MappingStore(link);
    await store.update((d) => ({ data: withMapping(d, zohoUser('b@a.in', { id: 'z2' }), moUser('b@a.in', { id: 'm2' }), 'manual', NOW), result: 0 }));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../dotfiles/default.json');
    expect(JSON.parse(readFileSync(target, 'utf8')).mappings.map((m: { zoho: { id: string } }) => m.zoho.id)).toEqual(['z1', 'z2']);
    expect(readdirSync(join(tmp.dir, 'dotfiles'))).toEqual(['default.json']);
    expect(readFileSync(store.historyPath, 'utf8')).toContain('"z2"');
  });

  it('a symlinked mappings file is locked beside its target: two runs reaching one file by the link and by its own path lock each other out', async () => {
    mkdirSync(join(tmp.dir, 'dotfiles'));
    mkdirSync(join(tmp.dir, 'cfg'));
    const target = join(tmp.dir, 'dotfiles', 'default.json');
    const link = join(tmp.dir, 'cfg', 'default.json');
    symlinkSync('../dotfiles/default.json', link);
    const byLink = new MappingStore(link);
    const byTarget = new MappingStore(target);
    const fix = await byLink.holdForFix();
    try {
      expect(existsSync(`${target}.fix.lock`)).toBe(true);
      expect(existsSync(`${link}.fix.lock`)).toBe(false);
      await expect(byTarget.holdForFix()).rejects.toThrow(`Another phonebridge-sync fix is running for the mappings file ${target} (it holds ${target}.fix.lock)`);
    } finally {
      await fix.release();
    }
    // The store's own lock goes there too: what stands in its way beside the target stops a save by the link.
    writeFileSync(`${target}.lock`, 'not a lock');
    await expect(byLink.update((d) => ({ data: withMapping(d, zohoUser('a@a.in', { id: 'z1' }), moUser('a@a.in', { id: 'm1' }), 'manual', NOW), result: 0 }))).rejects.toThrow(
      `Cannot lock the mappings file ${link}: ${target}.lock is a file, where the lock (a directory) goes.`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it('a byte that is not UTF-8 (a Latin-1 é from an editor) is refused, naming the line, with a backup: a save would have put U+FFFD in its place', async () => {
    const path = join(tmp.dir, 'm.json');
    const data = withMapping({ mappings: [], ignored: [] }, zohoUser('rene@a.in', { id: 'z1' }), moUser('rene@a.in', { id: 'm1' }), 'manual', NOW);
    const bytes = Buffer.from(serialize(data).replace('"rene@a.in"', '"ren\xe9@a.in"'), 'latin1');
    writeFileSync(path, bytes);
    const store = new MappingStore(path);
    const backup = readdirSync(tmp.dir);
    expect(() => store.read()).toThrow(
      new RegExp(`^The mappings file ${path} is not valid: not UTF-8 text: line 8 holds a byte that is not UTF-8 \\(the file was saved in another encoding, such as Latin-1\\)\\. It was left as it is; a copy is at `),
    );
    await expect(store.update((d) => ({ data: withMapping(d, zohoUser('b@a.in', { id: 'z2' }), moUser('b@a.in', { id: 'm2' }), 'manual', NOW), result: 0 }))).rejects.toThrow(UsageError);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const kept = readdirSync(tmp.dir).filter((f) => !backup.includes(f));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(tmp.dir, kept[0]!)).equals(bytes)).toBe(true);
  });

  it('accepts a byte-order mark an editor added', () => {
    const path = join(tmp.dir, 'm.json');
    const data = withMapping({ mappings: [], ignored: [] }, zohoUser('a@a.in'), moUser('a@a.in'), 'manual', NOW);
    writeFileSync(path, '\uFEFF' + serialize(data));
    expect(new MappingStore(path).read()).toEqual(data);
  });

  const m1 = mappingOf(zohoUser('a@a.in', { id: 'z1' }), moUser('a@a.in', { id: 'm1' }), 'manual', NOW);
  const m2 = mappingOf(zohoUser('b@a.in', { id: 'z2' }), moUser('b@a.in', { id: 'm2' }), 'manual', NOW);
  it.each([
    ['a Zoho user mapped twice', { version: 1, mappings: [m1, { ...m2, zoho: m1.zoho }], ignored: [] }, /mappings\[1\]\.zoho\.id: Zoho user "z1" appears twice: here and at mappings\[0\]/],
    ['a MyOperator user mapped twice', { version: 1, mappings: [m1, { ...m2, myoperator: m1.myoperator }], ignored: [] }, /MyOperator user "m1" appears twice/],
    ['a user ignored twice', { version: 1, mappings: [], ignored: [{ zohoId: 'z9', email: '', at: NOW }, { zohoId: 'z9', email: '', at: NOW }] }, /"z9" appears twice/],
    ['a user both mapped and ignored', { version: 1, mappings: [m1], ignored: [{ zohoId: 'z1', email: '', at: NOW }] }, /"z1" is both mapped and ignored/],
    [
      'a MyOperator user left unmapped twice',
      { version: 2, mappings: [], ignored: [], ignoredMyOperator: [{ uuid: 'm9', extension: '10', email: '', at: NOW }, { uuid: 'm9', extension: '10', email: '', at: NOW }] },
      /ignoredMyOperator\[1\]\.uuid: ignored MyOperator user "m9" appears twice: here and at ignoredMyOperator\[0\]/,
    ],
    [
      'a MyOperator user both mapped and left unmapped',
      { version: 2, mappings: [m1], ignored: [], ignoredMyOperator: [{ uuid: 'm1', extension: null, email: 'a@a.in', at: NOW }] },
      /ignoredMyOperator\[0\]\.uuid: MyOperator user "m1" is both mapped and ignored/,
    ],
    ['version 0', { version: 0, mappings: [], ignored: [] }, /version must be 1 or more/],
    ['version -1', { version: -1, mappings: [], ignored: [] }, /version must be 1 or more/],
  ])('rejects %s with the sentence naming the file', (_n, content, why) => {
    const path = join(tmp.dir, 'm.json');
    writeFileSync(path, JSON.stringify(content));
    expect(() => new MappingStore(path).read()).toThrow(why);
    expect(() => new MappingStore(path).read()).toThrow(new RegExp(`mappings file ${path.replace(/[/.]/g, '\\$&')} is not valid`));
  });

  describe('MyOperator users left unmapped on purpose (a shared line)', () => {
    const desk = moUser('reception@a.in', { id: 'm-desk', extension: '10' });
    const hall = moUser('', { id: 'm-hall', extension: '11' });

    it('round trip: written sorted, at version 2, read back as they were, each change in the history', async () => {
      const store = new MappingStore(join(tmp.dir, 'm.json'));
      await store.update((d) => ({ data: withIgnoredMyOperator(d, desk, NOW), result: 0 }));
      await store.update((d) => ({ data: withIgnoredMyOperator(d, hall, NOW), result: 0 }));
      const file = JSON.parse(readFileSync(store.path, 'utf8'));
      expect(file.version).toBe(2);
      expect(file.ignoredMyOperator).toEqual([
        { uuid: 'm-desk', extension: '10', email: 'reception@a.in', at: NOW },
        { uuid: 'm-hall', extension: '11', email: '', at: NOW },
      ]);
      expect(store.read().ignoredMyOperator).toEqual(file.ignoredMyOperator);
      expect(serialize(store.read())).toBe(readFileSync(store.path, 'utf8'));
      const lines = readFileSync(store.historyPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.action, l.after.uuid])).toEqual([
        ['ignore-myoperator', 'm-desk'],
        ['ignore-myoperator', 'm-hall'],
      ]);
    });

    it('a file without them (an older one) reads as it was, and a store that holds none is written at version 1, without the key', async () => {
      const path = join(tmp.dir, 'm.json');
      const old = JSON.stringify({ version: 1, mappings: [m1], ignored: [] }, null, 2) + '\n';
      writeFileSync(path, old);
      const store = new MappingStore(path);
      expect(store.read()).toEqual({ mappings: [m1], ignored: [] });
      expect(serialize(store.read())).toBe(old);
      await store.update((d) => ({ data: withIgnoredMyOperator(d, desk, NOW), result: 0 }));
      await store.update((d) => ({ data: { ...d, ignoredMyOperator: [] }, result: 0 }));
      expect(readFileSync(path, 'utf8')).toBe(old);
      const lines = readFileSync(store.historyPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.action)).toEqual(['ignore-myoperator', 'unignore-myoperator']);
    });

    it('mapping a user left unmapped takes it off the list; resync-style additions leave it unmapped', () => {
      const left = withIgnoredMyOperator({ mappings: [], ignored: [] }, desk, NOW);
      const z = zohoUser('reception@a.in', { id: 'z-desk' });
      expect(withMapping(left, z, desk, 'manual', NOW).ignoredMyOperator).toEqual([]);
      // An exact match found later (the Zoho user added with the line's e-mail) is not mapped over the admin's choice.
      expect(applyPlan(left, { add: [mappingOf(z, desk, 'auto', NOW)], remove: [] })).toEqual(left);
    });
  });
});
