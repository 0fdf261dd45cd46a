import { describe, expect, it } from '@jest/globals';
import { exportOfHeader } from '../../src/core/users.js';

// One rule names our own exports for match's --zoho-file/--myoperator-file and for map --import:
// each had its own folding of the header before, so a file could be named by one and not the other.
describe('which of our exports a CSV header is', () => {
  it('is read from the exact columns, as a spreadsheet may have re-cased or re-spaced them', () => {
    expect(exportOfHeader(['id', 'zuid', 'name', 'email', 'status', 'confirmed', 'active'])).toBe('zoho');
    expect(exportOfHeader(['ID', 'User ID', 'Name', 'E-mail', 'Extension', 'Active'])).toBe('myoperator');
    expect(exportOfHeader(['Zoho ID', 'ZUID', 'Zoho E-mail', 'MyOperator UUID', 'Extension', 'MyOperator E-mail', 'How', 'At'])).toBe('mappings');
  });

  it('is none for any other header: a column more or less, another order, or a digit a column does not have', () => {
    expect(exportOfHeader(['id', 'user_id', 'name', 'email', 'active'])).toBeUndefined();
    expect(exportOfHeader(['user_id', 'id', 'name', 'email', 'extension', 'active'])).toBeUndefined();
    expect(exportOfHeader(['id', 'user_id', 'name', 'email', 'extension', 'active', 'team'])).toBeUndefined();
    expect(exportOfHeader(['id', 'user_id', 'name', 'email2', 'extension', 'active'])).toBeUndefined();
    expect(exportOfHeader(['zoho', 'myoperator'])).toBeUndefined();
    expect(exportOfHeader([])).toBeUndefined();
  });
});
