/** Reading a cell back, apart from the CSV writer: reading a JSON export must not load csv-stringify. */

/**
 * A cell that gets the leading `'`: one a spreadsheet runs as a formula (it starts with = + - @, a
 * tab or a carriage return), and one whose own text is quotes before such a start (`'=x`), which
 * would otherwise lose its quote when read back.
 */
export const GUARDED = /^'*[=+\-@\t\r]/;

/**
 * A cell as toCsv wrote it, back to its value: the formula guard removed and every `<U+XXXX>` that
 * `visible()` wrote turned back into its character, so an export is read back with nothing lost
 * (a trailing space or a zero-width space in an e-mail is the evidence the matcher explains).
 * E-mails cannot hold `<` or `>` unquoted, so the marks are never an address's own text.
 */
export function fromCsvCell(s: string): string {
  const unguarded = s.startsWith("'") && GUARDED.test(s.slice(1)) ? s.slice(1) : s;
  return unguarded.includes('<U+')
    ? unguarded.replace(/<U\+([0-9A-F]{4,6})>/g, (m, hex: string) => {
        const cp = parseInt(hex, 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      })
    : unguarded;
}
