import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { escapeUnsafeUtf8, toJson, writeJson, writeJsonStream } from '../../src/io/render.js';

// Characters around every range the escaping touches, and their UTF-8 neighbours (same lead bytes).
const tricky = fc.constantFrom(
  ...'a"\\\n\t\u007e\u007f\u0080\u009f\u00a0\u00ad\u00e9\u061b\u061c\u061d\u180e\u200a\u200b\u200f\u2010\u2019\u2027\u2028\u202e\u202f\u2060\u206f\u2070\ufeff\ufff8\ufff9\ufffb\ufffc😀',
);
const text = fc.oneof(fc.string({ unit: fc.oneof(tricky, fc.constant('x')) }), fc.string({ unit: 'binary' }));

describe('JSON for programs', () => {
  it('escapes on bytes exactly as toJson escapes on the string', () => {
    fc.assert(
      fc.property(text, (s) => {
        const viaBytes = Buffer.concat(escapeUnsafeUtf8(Buffer.from(JSON.stringify(s)))).toString('utf8');
        expect(viaBytes + '\n').toBe(toJson(s, false));
      }),
      { numRuns: 2000 },
    );
  });

  it('streams a large array as the same document toJson gives, with nothing raw that moves a terminal cursor', () => {
    const items = Array.from({ length: 4501 }, (_, i) => ({ i, name: i % 7 === 0 ? `Ravi\u200b\u202e${i}` : `Asha ${i}` }));
    const chunks: Buffer[] = [];
    writeJsonStream({ write: (c: string | Uint8Array) => chunks.push(Buffer.from(c)) }, { summary: { n: 4501 } }, 'results', items, (x) => x);
    const written = Buffer.concat(chunks).toString('utf8');
    expect(written).toBe(toJson({ summary: { n: 4501 }, results: items }, false));
    expect(written).not.toMatch(/[\u200b\u202e]/);
    expect(JSON.parse(written).results[7].name).toBe('Ravi\u200b\u202e7');
  });

  it('streams items larger than its buffer, multi-byte characters included, as toJson would', () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ i, name: `é\u200b${'ß€'.repeat(9000)}${i}` }));
    const chunks: Buffer[] = [];
    writeJsonStream({ write: (c: string | Uint8Array) => chunks.push(Buffer.from(c)) }, {}, 'results', items, (x) => x);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(toJson({ results: items }, false));
  });

  it.each([0, 1, 49, 50, 51, 2000, 2001, 2050])('streams %i items, at the edges of its groups and chunks, as toJson would', (n) => {
    const items = Array.from({ length: n }, (_, i) => ({ i, email: i % 50 === 49 ? `a\u200b${i}@b.in` : `a${i}@b.in` }));
    const chunks: Buffer[] = [];
    writeJsonStream({ write: (c: string | Uint8Array) => chunks.push(Buffer.from(c)) }, { n }, 'results', items, (x) => x);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(toJson({ n, results: items }, false));
  });

  const written = (doc: unknown): string => {
    const chunks: Buffer[] = [];
    writeJson({ write: (c: string | Uint8Array) => chunks.push(Buffer.from(c)) }, doc);
    return Buffer.concat(chunks).toString('utf8');
  };

  it('writes any document as toJson does, large arrays deep inside included', () => {
    const big = fc.array(fc.oneof(fc.record({ id: fc.integer(), email: text }), text, fc.constant(undefined)), { minLength: 501, maxLength: 700 });
    const doc = fc.oneof(
      fc.anything({ withDate: true, withNullPrototype: true, withObjectString: true }),
      fc.record({ summary: fc.record({ added: fc.nat() }), plan: fc.record({ add: big, gone: fc.constant(undefined), how: text }), result: fc.anything() }),
    );
    fc.assert(
      fc.property(doc, (d) => {
        if (d === undefined || typeof d === 'function' || typeof d === 'symbol') return; // no document at all
        expect(written(d)).toBe(toJson(d, false));
      }),
      { numRuns: 300 },
    );
  });
});
