import { isUtf8 } from 'node:buffer';

/**
 * The text of bytes that must be UTF-8 (a store file, an export), or the line (from 1) of the first
 * byte that is not. Decoded loosely, such a byte (a Latin-1 é from an editor or a spreadsheet)
 * became U+FFFD without a word, and a store saved next wrote that in its place. Checked per line
 * only when the whole is not UTF-8 (a newline byte is never inside a character): valid text pays
 * one fast pass. A byte-order mark is dropped: the data is the same.
 */
export function utf8Text(bytes: Uint8Array): { text: string } | { notUtf8AtLine: number } {
  const bad = notUtf8Line(bytes);
  return bad === undefined ? { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '') } : { notUtf8AtLine: bad };
}

/**
 * utf8Text's text split at its newlines, each line decoded on its own. A history of 100,000 lines
 * was one string of 80 MB first (UTF-16 throughout once one character of it is not Latin-1), and
 * JSON.parse reads a line of ASCII faster as a string of its own.
 */
export function utf8Lines(bytes: Uint8Array): { lines: string[] } | { notUtf8AtLine: number } {
  const bad = notUtf8Line(bytes);
  if (bad !== undefined) return { notUtf8AtLine: bad };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: string[] = [];
  // The byte-order mark utf8Text drops.
  let start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  for (let end = buffer.indexOf(0x0a, start); end !== -1; end = buffer.indexOf(0x0a, start)) {
    lines.push(buffer.toString('utf8', start, end));
    start = end + 1;
  }
  lines.push(buffer.toString('utf8', start));
  return { lines };
}

/** The line (from 1) of the first byte that is not UTF-8, or undefined when all are. */
function notUtf8Line(bytes: Uint8Array): number | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  for (let start = 0; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    if (!isUtf8(bytes.subarray(start, end === -1 ? bytes.length : end)) || end === -1) return line;
    start = end + 1;
  }
}

/**
 * How many bytes at the end are a character the bytes stop inside (a lead byte with fewer
 * continuation bytes than it needs), when all before them is UTF-8: a file cut short, not one
 * saved in another encoding. 0 when that is not so.
 */
export function cutCharacterAtEnd(bytes: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const lead = bytes[bytes.length - k]!;
    if (lead >= 0x80 && lead < 0xc0) continue;
    const needs = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    return needs > k && isUtf8(bytes.subarray(0, bytes.length - k)) ? k : 0;
  }
  return 0;
}

/** The UTF-16 encoding whose byte-order mark the bytes start with, or undefined: one test for the stores and the exports. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  return bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
}
