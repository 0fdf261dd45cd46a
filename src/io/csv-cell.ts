/** Reading a cell back, apart from the CSV writer: reading a JSON export must not load csv-stringify. */

/** A spreadsheet runs a cell that starts with one of these as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as toCsv wrote it, back to its value: the formula guard removed and every `<U+XXXX>` that
 * `visible()` wrote turned back into its character, so an export is read back with nothing lost
 * (a trailing space or a zero-width space in an e-mail is the evidence the matcher explains).
 * E-mails cannot hold `<` or `>` unquoted, so the marks are never an address's own text.
 */
export function fromCsvCell(s: string): string {
  const unguarded = s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
  return unguarded.includes('<U+')
    ? unguarded.replace(/<U\+([0-9A-F]{4,6})>/g, (m, hex: string) => {
        const cp = parseInt(hex, 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      })
    : unguarded;
}
