/** The word an undo shows for a line left unmapped on purpose is one `map --unmap`, offline, finds that mark by, and nothing else. */
import { describe, expect, it } from '@jest/globals';
import { leftUndoWord, mappingOf, zohoPairUndoWord, type MappingData } from '../../src/core/reconcile.js';
import { moUser, zohoUser } from '../support/builders.js';

const at = '2026-11-24T10:00:00.000Z';

describe('leftUndoWord', () => {
  const desk = moUser('reception@acme.in', { extension: '10' });
  const mark = (extension: string | null) => ({ uuid: desk.id, extension, email: desk.email, at });

  it('keeps the extension the mark was saved with', () => {
    expect(leftUndoWord('10', desk.id, { mappings: [], ignored: [], ignoredMyOperator: [mark('10')] })).toBe('10');
  });

  it('gives the uuid once MyOperator moved the line: the mark holds ext 40, and --unmap 10 found nothing', () => {
    expect(leftUndoWord('10', desk.id, { mappings: [], ignored: [], ignoredMyOperator: [mark('40')] })).toBe(desk.id);
  });

  it('gives the uuid where a saved pair has that extension too: --unmap 10 would remove that pair as well', () => {
    const sales = moUser('sales@acme.in', { extension: '10' });
    const data: MappingData = { mappings: [mappingOf(zohoUser('sales@acme.in'), sales, 'manual', at)], ignored: [], ignoredMyOperator: [mark('10')] };
    expect(leftUndoWord('10', desk.id, data)).toBe(desk.id);
  });
});

describe('zohoPairUndoWord', () => {
  const farhan = zohoUser('farhan.ali@acme.in');
  const asha = moUser('asha.rao@acme.in', { extension: '11' });
  const pair = mappingOf(farhan, asha, 'manual', at);

  it("keeps the Zoho e-mail where it names that pair alone", () => {
    expect(zohoPairUndoWord(farhan.email, farhan.id, { mappings: [pair], ignored: [] })).toBe(farhan.email);
  });

  it('gives the Zoho id where a line left unmapped on purpose holds that e-mail: --unmap by it would take the mark off too', () => {
    const line = moUser('farhan.ali@acme.in', { extension: '25' });
    const data: MappingData = { mappings: [pair], ignored: [], ignoredMyOperator: [{ uuid: line.id, extension: '25', email: line.email, at }] };
    expect(zohoPairUndoWord(farhan.email, farhan.id, data)).toBe(farhan.id);
  });

  it('gives the Zoho id where an ignored Zoho user has that e-mail too', () => {
    const twin = zohoUser('farhan.ali@acme.in');
    const data: MappingData = { mappings: [pair], ignored: [{ zohoId: twin.id, email: twin.email, at }] };
    expect(zohoPairUndoWord(farhan.email, farhan.id, data)).toBe(farhan.id);
  });
});
