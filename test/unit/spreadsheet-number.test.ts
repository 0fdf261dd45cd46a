import { describe, expect, it } from '@jest/globals';
import { spreadsheetNumber } from '../../src/core/users.js';

describe('a Zoho id a spreadsheet turned into a number', () => {
  const live = new Set(['4815900000000170001', '4815900000000123757']);

  it('is named when written in scientific notation, or rounded to 15 digits from an id among those known', () => {
    expect(spreadsheetNumber('4.8159E+18')).toBe('written in scientific notation');
    expect(spreadsheetNumber('4815900000000170000', live)).toBe('rounded to 15 digits');
    // Without the ids it was rounded from, a number ending in zeros may be a real id.
    expect(spreadsheetNumber('4815900000000170000')).toBeUndefined();
    expect(spreadsheetNumber('4815900000000990000', live)).toBeUndefined();
    expect(spreadsheetNumber('4815900000000123757', live)).toBeUndefined();
  });

  it('never calls a known id rounded: one that ends in zeros is an id of its own', () => {
    expect(spreadsheetNumber('4815900000000170000', new Set(['4815900000000170000', '4815900000000170001']))).toBeUndefined();
  });
});
