/** The store's writer: what goes in comes out byte for byte, however large and whatever the script. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably, writeFileDurablyAsync } from '../../src/store/durable-write.js';
import { StorageError } from '../../src/errors.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('writeFileDurably', () => {
  it('writes text far past its 192 KB buffer whole: three-byte letters, and four-byte emoji across every piece boundary', () => {
    // Devanagari (3 bytes each in UTF-8) over 1 MB, then emoji (surrogate pairs, 4 bytes) placed so
    // that pairs straddle the writer's 64K-unit pieces: a cut piece would lose bytes or make U+FFFD.
    const hindi = 'अनिल.मेहता@उदाहरण.भारत\n'.repeat(20_000);
    const emoji = `x${'😀'.repeat(100_000)}`;
    for (const text of [hindi, emoji, hindi + emoji]) {
      const file = join(tmp.dir, 'big.json');
      writeFileDurably(file, text, { defaultMode: 0o644, what: 'the mappings file' });
      const back = readFileSync(file);
      expect(back.length).toBe(Buffer.byteLength(text));
      expect(back.toString('utf8') === text).toBe(true);
    }
  });

  it('keeps the mode the file had even where the umask would strip it (a group-writable file in a shared checkout)', () => {
    const file = join(tmp.dir, 'shared.json');
    const old = process.umask(0o077);
    try {
      writeFileDurably(file, '{}', { defaultMode: 0o664, what: 'the mappings file' });
      expect(statSync(file).mode & 0o777).toBe(0o664);
      writeFileDurably(file, '{"a":1}', { defaultMode: 0o644, what: 'the mappings file' });
      expect(statSync(file).mode & 0o777).toBe(0o664);
    } finally {
      process.umask(old);
    }
  });

  it('writes the same bytes off the event loop (the access token saved while pages are in flight), mode 0600 forced', async () => {
    const file = join(tmp.dir, 'credentials.json');
    const text = `{"token":"${'😀'.repeat(1000)}"}`;
    await writeFileDurablyAsync(file, text, { defaultMode: 0o600, forceMode: 0o600, what: 'the credentials file' });
    expect(readFileSync(file, 'utf8') === text).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a save of a file while one of it is in flight is refused as the bug it is; the one in flight lands whole, no temp left', async () => {
    const dir = join(tmp.dir, 'beside');
    mkdirSync(dir);
    const file = join(dir, 'credentials.json');
    const opts = { defaultMode: 0o600, forceMode: 0o600, what: 'the credentials file' };
    const first = writeFileDurablyAsync(file, '{"first":1}', opts);
    // Once its temp file is there (its open done, its write and fsync to come):
    while (!readdirSync(dir).some((n) => n.endsWith('.tmp'))) await new Promise((go) => setImmediate(go));
    // Its bytes were read before the first lands: the first's rename would undo it (login lost its MyOperator token so).
    expect(() => writeFileDurably(file, '{"second":2}', opts)).toThrow(/the credentials file \(.*\) was saved again while a save of it was still in flight/);
    await expect(writeFileDurablyAsync(file, '{"third":3}', opts)).rejects.toThrow(/still in flight/);
    await first;
    expect(readFileSync(file, 'utf8')).toBe('{"first":1}');
    expect(readdirSync(dir)).toEqual(['credentials.json']);
    writeFileDurably(file, '{"after":4}', opts); // once it has landed, saves go on as ever
    expect(readFileSync(file, 'utf8')).toBe('{"after":4}');
  });

  it('a save that fails part-way (the file is a directory) is one StorageError naming the file, and leaves no temp behind', async () => {
    const dir = join(tmp.dir, 'in-the-way');
    const file = join(dir, 'credentials.json');
    mkdirSync(join(file, 'inside'), { recursive: true }); // a directory where the file goes: the rename fails
    const saved = writeFileDurablyAsync(file, '{}', { defaultMode: 0o600, forceMode: 0o600, what: 'the credentials file' });
    await expect(saved).rejects.toBeInstanceOf(StorageError);
    await expect(saved).rejects.toMatchObject({ message: expect.stringContaining(file) });
    expect(readdirSync(dir)).toEqual(['credentials.json']);
  });
});

describe("the sandbox's state, saved after the command's own work", () => {
  it('on a full disk the note says to free space, not to run again: the run it ends succeeded', async () => {
    const { keepStateOrSay } = await import('../../src/sandbox/sandbox.js');
    const { cannotWrite } = await import('../../src/store/file-errors.js');
    const state = join(tmp.dir, 'sandbox', 'sandbox-state.json');
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const said: string[] = [];
    await keepStateOrSay((t) => said.push(t), "The sandbox's next run starts from the same day.", () => {
      throw cannotWrite(state, full, "the sandbox's state file");
    });
    expect(said).toEqual([
      `Note: Cannot save the sandbox's state file ${state}: the disk is full. The sandbox's next run starts from the same day. ` +
        `Free some space on the disk that holds ${join(tmp.dir, 'sandbox')}, and the next run will save it.\n`,
    ]);
  });
});
