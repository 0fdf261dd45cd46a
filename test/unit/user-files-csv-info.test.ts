/**
 * A CSV export's file lines are kept only to name a bad row. Asked of csv-parse for every record
 * (`info: true`), a 500,000-user match ran 50% longer and peaked 600 MB higher (1.49 GB, not 0.88).
 * csv-parse is wrapped to record how it is asked; its answers are its own.
 */
import { describe, expect, it, jest } from '@jest/globals';
import * as realCsv from 'csv-parse/sync';

const calls: Array<{ info: boolean }> = [];
const parse = ((input: string, options?: Record<string, unknown>) => {
  calls.push({ info: Boolean(options?.info) });
  return (realCsv.parse as (i: string, o?: Record<string, unknown>) => unknown)(input, options);
}) as typeof realCsv.parse;
jest.unstable_mockModule('csv-parse/sync', () => ({ ...realCsv, parse }));
const { parseZohoUsers } = await import('../../src/io/user-files.js');

describe("a CSV export's lines", () => {
  it('a good export is parsed once, without a record of lines for every user', async () => {
    calls.length = 0;
    const users = await parseZohoUsers('z.csv', 'id,name,email\n11,Asha Rao,asha@acme.in\n\n,,\n12,Ravi Kumar,ravi@acme.in\n');
    expect(users.map((u) => u.id)).toEqual(['11', '12']);
    expect(calls).toEqual([{ info: false }]);
  });

  it('a bad row is still named by the file line it starts on, blank rows and multi-line cells counted', async () => {
    await expect(parseZohoUsers('z.csv', 'id,name,email\n11,"Asha\nRao",asha@acme.in\n\n12,Ravi Kumar\n')).rejects.toThrow('z.csv: row 5 has 2 fields where the header has 3.');
    await expect(parseZohoUsers('z.csv', 'id,name,email\n11,"Asha\nRao",asha@acme.in\n,,\n11,Ravi Kumar,ravi@acme.in\n')).rejects.toThrow('z.csv: row 5 has the same id as row 2, "11"');
  });
});
