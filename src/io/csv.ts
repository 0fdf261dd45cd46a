/**
 * CSV output, in one place. A spreadsheet runs a cell that starts with = + - @ (or a tab or
 * carriage return) as a formula, so such a cell gets a leading `'`, as OWASP recommends
 * (https://owasp.org/www-community/attacks/CSV_Injection); a remote name like
 * `=HYPERLINK("https://evil…")` stays text. Control, escape, BiDi and invisible characters are
 * written as <U+XXXX> by the same `visible()` every other output uses. `fromCsvCell` undoes both,
 * so `map --import` and `match --*-file` read back what `list --csv` wrote.
 */
import { stringify } from 'csv-stringify/sync';
import { visible } from '../core/forensics.js';

import { GUARDED } from './csv-cell.js';

export { fromCsvCell } from './csv-cell.js';

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(v: CsvValue): string {
  const s = visible(v === null || v === undefined ? '' : String(v));
  return GUARDED.test(s) ? `'${s}` : s;
}

/** A header row, then one row per record; every cell through csvCell. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return stringify([columns.map(csvCell), ...rows.map((r) => r.map(csvCell))]);
}
