/** Where JSON.parse stopped, as the mappings file, a history line and `map --import` name it. */
import { describe, expect, it } from '@jest/globals';
import { whereJsonStopped } from '../../src/io/json-position.js';

/** What JSON.parse says of `text`. */
function said(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is JSON`);
}

describe('whereJsonStopped', () => {
  it('names the line and column of a file, as an editor shows them', () => {
    const text = '{\n  "version": 1,\n  mappings: []\n}';
    expect(whereJsonStopped(said(text), text)).toBe('Expected double-quoted property name in JSON at position 20: line 3, column 3');
  });

  it('counts what was cut from the front before parsing, in the position too', () => {
    const file = '\n\n[\n  {"zoho" "1"}\n]';
    const trimmed = file.trimStart();
    const message = said(trimmed);
    expect(message).toBe("Expected ':' after property name in JSON at position 12");
    // The '"' of "1": 11th on the file's 4th line, as the two blank lines above it count.
    expect(whereJsonStopped(message, file, { skipped: file.length - trimmed.length })).toBe("Expected ':' after property name in JSON at position 14: line 4, column 11");
  });

  it('names the column alone of a line whose line number is said already', () => {
    const line = '{"time": "2026-01-01T00:00:00Z", "command" "map"}';
    expect(whereJsonStopped(said(line), line, { lineNamed: true })).toBe('Unexpected string in JSON at position 43: column 44');
  });

  it('names a comma after the last field itself, which V8 reports as the "}" after it', () => {
    const line = '{"time": "2026-01-01T00:00:00Z", "command": "map",}';
    expect(said(line)).toBe('Expected double-quoted property name in JSON at position 50');
    expect(whereJsonStopped(said(line), line, { lineNamed: true })).toBe('column 50: a comma before }: JSON allows none');
    expect(whereJsonStopped(said(line), line)).toBe('line 1, column 50: a comma before }: JSON allows none');
  });

  it('quotes an unexpected emoji whole, never the half of it V8 quotes (a lone surrogate)', () => {
    const file = '[{"zoho": \u{1F600}, "myoperator": "12"}]';
    expect(said(file)).toMatch(/^Unexpected token '\ud83d'/);
    expect(whereJsonStopped(said(file), file)).toBe("Unexpected token '\u{1F600}': line 1, column 11");
  });

  it('counts an emoji earlier on the line as one column, as an editor does, and one on an earlier line (\\r\\n) not at all', () => {
    // V8's positions count UTF-16 units, two for an emoji: the column was one to the right per emoji.
    const line = '{"name": "Asha \u{1F600}\u{1F600}", mappings: []}';
    expect(whereJsonStopped(said(line), line)).toBe('Expected double-quoted property name in JSON at position 22: line 1, column 21');
    const comma = '{"name": "\u{1F600}", "x": 1,}';
    expect(whereJsonStopped(said(comma), comma)).toBe('line 1, column 21: a comma before }: JSON allows none');
    const file = '{\r\n  "name": "\u{1F600}",\r\n  "team": "\u{1F680} ops", mappings: []\r\n}';
    expect(whereJsonStopped(said(file), file)).toBe('Expected double-quoted property name in JSON at position 40: line 3, column 20');
  });

  it('leaves a message with no position as it is', () => {
    expect(said('[1,')).toBe('Unexpected end of JSON input');
    expect(whereJsonStopped(said('[1,'), '[1,')).toBe('Unexpected end of JSON input');
    expect(whereJsonStopped(said('[1,'), '[1,', { lineNamed: true })).toBe('Unexpected end of JSON input');
  });
});
