/**
 * A child killed with SIGKILL in the middle of store writes leaves stores that read back, old or
 * new, never broken: every store write goes to a temp file, flushed, then renamed; the temp a
 * kill leaves behind is removed by the next write; the lock is taken over once stale.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MappingStore } from '../../src/store/mappings.js';
import { CredentialStore } from '../../src/store/credentials.js';
import { runCli, tempDir } from '../support/cli.js';
import { writeReport } from '../support/report.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const WRITER = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { MappingStore } from '${resolve('dist/store/mappings.js')}';
import { CredentialStore } from '${resolve('dist/store/credentials.js')}';
import { withMapping } from '${resolve('dist/core/reconcile.js')}';
import { writeSync } from 'node:fs';
const [dir, hold] = process.argv.slice(2);
// 'between': stopped for good once the mappings file is renamed into place, before its history
// takes the change's line, until the kill comes (fs patched under the store's own imports).
if (hold === 'between') {
  const rename = fs.renameSync;
  fs.renameSync = (from, to) => {
    rename(from, to);
    if (String(to).endsWith('/mappings.json')) {
      writeSync(1, 'saved\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
  };
  syncBuiltinESMExports();
}
const store = new MappingStore(dir + '/mappings.json');
const creds = new CredentialStore(dir, 'default');
for (let i = 0; ; i++) {
  const z = { id: 'z' + i, zuid: null, email: 'u' + i + '@a.in', name: 'U ' + i, active: true, status: 'active', confirmed: true };
  const m = { id: 'm' + i, userId: null, email: 'u' + i + '@a.in', name: 'U ' + i, extension: String(i), active: true };
  await store.update((d) => {
    // Stopped for good inside a change, its lock held, until the kill comes.
    if (hold === 'hold' && i === 3) {
      writeSync(1, 'locked\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
    return { data: withMapping(d, z, m, 'auto', new Date().toISOString()), result: 0 };
  });
  creds.update((p) => ({ ...p, myoperator: { token: 'token-' + i + '-'.repeat(i % 50) } }));
  if (i === 0) process.stdout.write('started\\n');
}
`;

describe('SIGKILL during store writes', () => {
  it('leaves both stores readable, and the next writer gets the lock', async () => {
    const script = join(tmp.dir, 'writer.mjs');
    writeFileSync(script, WRITER);
    let kills = 0;
    let tempsSeen = 0;
    const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    for (let round = 0; round < 8; round++) {
      const dir = join(tmp.dir, `store-${round}`);
      const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((done) => child.stdout.once('data', () => done()));
      await new Promise((r) => setTimeout(r, 30 + Math.floor(Math.random() * 120)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      kills++;
      const data = new MappingStore(join(dir, 'mappings.json')).read();
      expect(data.mappings.length).toBeGreaterThan(0);
      expect(new CredentialStore(dir, 'default').read().myoperator?.token).toMatch(/^token-\d+/);
      tempsSeen += temps(dir).length;
      // A kill inside the credentials' own write leaves its temp only now and then: one is left as
      // such a kill leaves it, so that every round asks the next write to clear it.
      writeFileSync(join(dir, `.credentials.json.${child.pid}.0badcafe.tmp`), '{"version":1,"prof');
      // The next write of the credentials (no lock) clears what the killed writer left of them. It
      // must change the profile: one that keeps it writes no file, so it clears nothing.
      new CredentialStore(dir, 'default').update((p) => ({ ...p, myoperator: { token: `token-after-kill-${round}` } }));
      expect(temps(dir).filter((f) => f.startsWith('.credentials.json.'))).toEqual([]);
    }
    // The lock a killed writer leaves behind is taken over once stale (10 s): the next run is delayed, not blocked.
    // A random kill leaves it only when it lands inside a change: this writer is killed there, always.
    const held = join(tmp.dir, 'store-held');
    const holder = spawn(process.execPath, [script, held, 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    const closed = new Promise((r) => holder.once('close', r));
    await Promise.race([closed, new Promise<void>((done) => holder.stdout.on('data', (d: Buffer) => (said += d.toString()).includes('locked\n') && done()))]);
    holder.kill('SIGKILL');
    await closed;
    kills++;
    const lock = join(held, 'mappings.json.lock');
    expect(existsSync(lock)).toBe(true);
    let waited = false;
    const next = new MappingStore(join(held, 'mappings.json'), { onLockWait: () => (waited = true) });
    await next.readyToWrite();
    // Aged as if it had lain there all but 2 s of those 10 s, rather than waiting them out: still
    // fresh, so the next writer finds it taken and waits, until it goes stale (its age is its mtime).
    const aged = new Date(Date.now() - 8_000);
    utimesSync(lock, aged, aged);
    const count = await next.update((d) => ({ data: d, result: d.mappings.length }));
    expect({ waited, count }).toEqual({ waited: true, count: 3 });
    expect(existsSync(lock)).toBe(false);
    // Only the temps below are asked of store-7: a lock its kill left is made stale at once.
    const last = new MappingStore(join(tmp.dir, 'store-7', 'mappings.json'));
    const lastLock = `${last.path}.lock`;
    if (existsSync(lastLock)) utimesSync(lastLock, new Date(0), new Date(0));
    // A write that changes nothing writes no file; one that does clears the killed writer's temps.
    await last.update((d) => ({ data: { ...d, ignored: [...d.ignored, { zohoId: 'zz-after-kill', email: '', at: new Date().toISOString() }] }, result: 0 }));
    expect(temps(join(tmp.dir, 'store-7'))).toEqual([]);
    // Killed after the mappings file took a change and before the history took its line: the next
    // run records that line, as the killed run would have: one that changes nothing itself (a resync
    // with nothing new) as well as one that writes, before its own (one line per change).
    const torn = join(tmp.dir, 'store-between');
    const cut = spawn(process.execPath, [script, torn, 'between'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const cutClosed = new Promise((r) => cut.once('close', r));
    await Promise.race([cutClosed, new Promise<void>((done) => cut.stdout.once('data', () => done()))]);
    cut.kill('SIGKILL');
    await cutClosed;
    kills++;
    const tornStore = new MappingStore(join(torn, 'mappings.json'));
    expect(tornStore.read().mappings.map((m) => m.zoho.id)).toEqual(['z0']);
    // Looked at before a change records it (list history; map --unmap, doctor and fix read it too):
    // the line waiting is shown, as the change the mappings hold, and said to be waiting; nothing is
    // written. The history showed no change at all, while the mappings held one.
    const waiting = readFileSync(`${tornStore.historyPath}.pending`);
    expect(tornStore.readHistory()).toMatchObject({ entries: [{ action: 'map', after: { zoho: { id: 'z0' } } }], setAside: 1 });
    const listed = await runCli(['--config-dir', join(tmp.dir, 'torn-config'), '--mappings', tornStore.path, 'list', 'history']);
    expect({ code: listed.code, row: listed.stdout.split('\t').slice(1, 4), rows: listed.stdout.split('\n').length }).toEqual({ code: 0, row: ['phonebridge-sync', 'map', 'done'], rows: 2 });
    expect(listed.stderr).toBe(
      `1 entry, in ${tornStore.historyPath}.\nThe last entry is recovered from ${tornStore.historyPath}.pending: a run saved its change in the mappings file and was stopped before the history file took it; the next change to the mappings (or resync) records it there.\n`,
    );
    expect({ waiting: readFileSync(`${tornStore.historyPath}.pending`).equals(waiting), history: readFileSync(tornStore.historyPath, 'utf8') }).toEqual({ waiting: true, history: '' });
    utimesSync(`${tornStore.path}.lock`, new Date(0), new Date(0));
    let recovered = 0;
    await new MappingStore(tornStore.path, { onHistoryRecovered: (n) => (recovered = n) }).recordSetAside();
    expect({ recovered, told: tornStore.readHistory().entries.map((e) => e.action) }).toEqual({ recovered: 1, told: ['map'] });
    await tornStore.update((d) => ({ data: { ...d, ignored: [{ zohoId: 'z-next', email: '', at: new Date().toISOString() }] }, result: 0 }));
    const told = tornStore.readHistory().entries.map((e) => `${e.action} ${String((e.after as { zoho?: { id: string }; zohoId?: string }).zoho?.id ?? (e.after as { zohoId?: string }).zohoId)}`);
    expect(told).toEqual(['map z0', 'ignore z-next']);
    expect(readdirSync(torn).sort()).toEqual(['mappings.history.jsonl', 'mappings.json']);
    writeReport('sigkill', { kills, storesReadBack: kills, lockTakenOverAfterKill: true, tempsLeftByKills: tempsSeen, tempsLeftAfterNextWrite: 0 });
  }, 60_000);
});
