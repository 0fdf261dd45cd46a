/**
 * `fix`'s lock on a file system that keeps times to the whole second (ext4 made with 128-byte
 * inodes, ext3, HFS+, many network mounts): the times set on it are cut to their second, as such a
 * file system cuts them. The run's own fresh lock must read as its own.
 */
import { afterAll, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { tempDir } from '../support/cli.js';

const whole = (t: realFs.TimeLike) => (t instanceof Date ? new Date(Math.floor(t.getTime() / 1000) * 1000) : t);
const utimes = (path: realFs.PathLike, atime: realFs.TimeLike, mtime: realFs.TimeLike, done: realFs.NoParamCallback) => realFs.utimes(path, whole(atime), whole(mtime), done);
const utimesSync = (path: realFs.PathLike, atime: realFs.TimeLike, mtime: realFs.TimeLike) => realFs.utimesSync(path, whole(atime), whole(mtime));
jest.unstable_mockModule('node:fs', () => ({ ...realFs, default: { ...realFs, utimes, utimesSync }, utimes, utimesSync }));
const { run } = await import('../../src/commands/fix.js');
const { createContext } = await import('../../src/context.js');
const { MappingStore } = await import('../../src/store/mappings.js');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('fix --yes sends its change: it said "not sent: this run was paused over 10 s and another fix took its lock over", exit 5, every run', async () => {
  const dir = join(tmp.dir, 'whole-seconds');
  mkdirSync(dir);
  const store = new MappingStore(join(dir, 'mappings.json'), { command: 'fix' });
  // Only stderr is read: the closing line says what became of the change.
  const said: string[] = [];
  const stderr = new PassThrough().on('data', (d) => said.push(String(d)));
  const flags = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: true };
  const ctx = createContext(flags, { stdout: new PassThrough(), stderr, stdin: Readable.from([]), env: {} });
  const remote = [{ id: 'm1', userId: null, email: 'ravi.kumar@acme.in', name: 'Ravi', extension: '12', active: true }];
  const sent: string[] = [];
  await run({ maxChanges: 10 }, ctx, {
    store,
    fetchUsers: async () => ({
      zoho: [{ id: 'z1', zuid: null, email: 'Ravi.Kumar@acme.in', name: 'Ravi', active: true, status: 'active', confirmed: true }],
      myoperator: remote.map((u) => ({ ...u })),
    }),
    myoperator: {
      updateEmail: async (uuid, to) => {
        sent.push(`${uuid} <- ${to}`);
        remote[0]!.email = to;
        return { accepted: true };
      },
      listUsers: async () => remote.map((u) => ({ ...u })),
    },
  });
  expect(sent).toEqual(['m1 <- Ravi.Kumar@acme.in']);
  expect(said.join('')).toContain('1 applied and verified, 0 not applied, 0 conflicts;');
  expect(said.join('')).not.toContain('paused');
});
