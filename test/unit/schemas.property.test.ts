import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlainMyOperatorUser, isPlainMyOperatorUsersPage, isPlainZohoUser, isPlainZohoUsersPage } from '../../src/clients/plain-users.js';
import { myOperatorUserSchema, myOperatorUsersPageSchema, zohoUserSchema, zohoUsersPageSchema } from '../../src/clients/schemas.js';

// Every field gets every kind of value, well-formed ones often enough that records pass: strings
// and whole numbers weigh more (a record passes only when every field is well-formed, and an id
// must be a string or a whole number kept exactly).
const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  { arbitrary: fc.string({ maxLength: 4 }), weight: 6 },
  fc.double(),
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.boolean(), weight: 2 },
  fc.constant([]),
  fc.constant({}),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(2 ** 60),
);
const recordOf = (keys: string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
const zohoLike = fc.oneof(recordOf(['id', 'zuid', 'email', 'full_name', 'first_name', 'last_name', 'status', 'confirm', 'role']), fc.anything());
const moLike = fc.oneof(recordOf(['uuid', 'user_id', 'name', 'email', 'extension', 'is_active', 'is_enabled', 'team']), fc.anything());

// The API's users pages: the envelope's fields get every kind of value too, around lists of such records.
const zohoPageLike = fc.oneof(
  fc.record(
    { users: fc.oneof(fc.array(zohoLike, { maxLength: 3 }), value), info: fc.oneof(recordOf(['per_page', 'count', 'page', 'more_records']), value) },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const moPageLike = fc.oneof(
  fc.record(
    { status: fc.oneof(fc.constant('success'), fc.constant('Success'), fc.constant('error'), value), code: value, data: fc.oneof(fc.array(moLike, { maxLength: 3 }), value), next_page: value },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe.each([
  ['Zoho users', zohoLike, isPlainZohoUser, zohoUserSchema, { id: '1', zuid: 2, email: 'a@b.in', full_name: 'A', status: 'active', confirm: true }],
  [
    'MyOperator users',
    moLike,
    isPlainMyOperatorUser,
    myOperatorUserSchema,
    { uuid: 's1', user_id: 7, name: 'A', email: '', extension: '11', is_active: '1', is_enabled: 1 },
  ],
  ['Zoho users pages', zohoPageLike, isPlainZohoUsersPage, zohoUsersPageSchema, { users: [{ id: '1', email: 'a@b.in', full_name: 'A' }], info: { per_page: 200, count: 1, page: 1, more_records: false } }],
  ['MyOperator users pages', moPageLike, isPlainMyOperatorUsersPage, myOperatorUsersPageSchema, { status: 'success', code: 200, data: [{ uuid: 's1', email: '', extension: 11 }], next_page: null }],
] as const)('the plain pass before zod, %s', (_what, records, isPlain, schema, wellFormed) => {
  it('never admits what zod rejects, and admits the well-formed', () => {
    let admitted = 0;
    fc.assert(
      fc.property(records, (r) => {
        if ((isPlain as (r: unknown) => boolean)(r)) {
          admitted++;
          expect((schema as { safeParse: (x: unknown) => { success: boolean } }).safeParse(r).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
    expect(admitted).toBeGreaterThan(0);
    expect((isPlain as (r: unknown) => boolean)(wellFormed)).toBe(true);
  });
});
