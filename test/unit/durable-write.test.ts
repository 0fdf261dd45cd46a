/** The store's writer: what goes in comes out byte for byte, however large and whatever the script. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../../src/store/durable-write.js';
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
});
