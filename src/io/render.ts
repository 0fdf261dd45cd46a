/** Output forms shared by every command: a table for people, tab-separated lines for programs, one JSON document. */
import Table from 'cli-table3';
import { visible } from '../core/forensics.js';

/**
 * JSON.stringify escapes C0 controls; this also escapes DEL, C1 controls and invisible or
 * direction-changing characters, so a remote name cannot move the cursor or hide text on a
 * terminal. The document still parses to exactly the same data. Indented for a person at a
 * terminal, compact for a program (a 100,000-user report is 2.4x smaller and much faster).
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
export function toJson(doc: unknown, pretty = true): string {
  return JSON.stringify(doc, null, pretty ? 2 : undefined).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/**
 * A document with one large array, written compact in chunks: a 100,000-result report never
 * exists as one string, which keeps peak memory and time down. Same bytes as compact `toJson`.
 */
export function writeJsonStream<T>(
  out: { write(s: string): unknown },
  head: Record<string, unknown>,
  key: string,
  items: readonly T[],
  map: (item: T) => unknown,
): void {
  const prefix = toJson(head, false);
  out.write(`${prefix.slice(0, prefix.lastIndexOf('}'))}${Object.keys(head).length ? ',' : ''}${JSON.stringify(key)}:[`);
  const CHUNK = 2000;
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = toJson(items.slice(i, i + CHUNK).map(map), false);
    out.write((i > 0 ? ',' : '') + part.slice(1, part.length - 2));
  }
  out.write(']}\n');
}

/** One line per row, fields tab-separated, every field made safe (tabs and newlines become <U+0009>…). */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return rows.map((r) => r.map((f) => visible(f === null || f === undefined ? '' : String(f))).join('\t') + '\n').join('');
}

export function toTable(head: string[], rows: string[][], width?: number): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    ...(width && width > 60 ? { colWidths: fitColumns(head.length, width) } : {}),
  });
  for (const r of rows) table.push(r);
  return table.toString() + '\n';
}

/** Spread the terminal width over the columns, the last (reasons) getting what is left. */
function fitColumns(n: number, width: number): number[] {
  const fixed = Math.max(10, Math.floor((width * 0.55) / Math.max(1, n - 1)));
  return [...Array(n - 1).fill(fixed), Math.max(20, width - fixed * (n - 1) - n - 1)];
}
