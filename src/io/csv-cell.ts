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
  return fromCodePoints(s.startsWith("'") && GUARDED.test(s.slice(1)) ? s.slice(1) : s);
}

/**
 * Every `<U+XXXX>` that `visible()` wrote, back to its character: what a person copies from a
 * table (`vikram<U+200B>.singh@…`) names the user whose e-mail holds that character.
 */
export function fromCodePoints(s: string): string {
  return s.includes('<U+')
    ? s.replace(/<U\+([0-9A-F]{4,6})>/g, (m, hex: string) => {
        const cp = parseInt(hex, 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      })
    : s;
}

/**
 * The separator the header line uses most, outside quotes: Excel writes semicolons where the decimal
 * separator is a comma (much of Europe and Latin America), and "Unicode text" uses tabs. Read with
 * commas, "id;email;name" was one column and the user was told to add an "email" column (by match),
 * or to name the columns zoho and myoperator (by map --import, of its own export re-saved).
 */
export function delimiterOf(text: string): ',' | ';' | '\t' {
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const count = (c: string) => header.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ',';
}

/** No export's header is near this long: a longer first line is no CSV header. */
const MAX_HEADER = 64 * 1024;

/**
 * The length of the first line when it is longer than any export's header could be, else undefined:
 * a one-line file of 60 MB (a log, a minified page, saved as .csv) kept the CSV parser busy for
 * 40 s before any sentence said it was not an export.
 */
export function overlongFirstLine(text: string): number | undefined {
  if (text.length <= MAX_HEADER) return undefined;
  const end = text.indexOf('\n');
  const length = end < 0 ? text.length : end;
  return length > MAX_HEADER ? length : undefined;
}

/** The sentence for overlongFirstLine, as match and map --import say it. */
export function overlongFirstLineSentence(file: string, length: number): string {
  return `${file}: not a CSV export: its first line is ${length.toLocaleString('en')} characters long, and no export's header is (a log or a web page saved under this name?).`;
}
