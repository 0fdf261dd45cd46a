import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlainMyOperatorUser, isPlainZohoUser } from '../../src/clients/plain-users.js';
import { myOperatorUserSchema, zohoUserSchema } from '../../src/clients/schemas.js';

// Every field gets every kind of value, well-formed ones often enough that records pass.
const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Number.POSITIVE_INFINITY),
);
const recordOf = (keys: string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
const zohoLike = fc.oneof(recordOf(['id', 'zuid', 'email', 'full_name', 'first_name', 'last_name', 'status', 'confirm', 'role']), fc.anything());
const moLike = fc.oneof(recordOf(['uuid', 'user_id', 'name', 'email', 'extension', 'is_active', 'is_enabled', 'team']), fc.anything());

describe.each([
  ['Zoho', zohoLike, isPlainZohoUser, zohoUserSchema, { id: '1', zuid: 2, email: 'a@b.in', full_name: 'A', status: 'active', confirm: true }],
  [
    'MyOperator',
    moLike,
    isPlainMyOperatorUser,
    myOperatorUserSchema,
    { uuid: 's1', user_id: 7, name: 'A', email: '', extension: '11', is_active: '1', is_enabled: 1 },
  ],
] as const)('the plain pass before zod, %s users', (_side, records, isPlain, schema, wellFormed) => {
  it('never admits a record that zod rejects, and admits well-formed ones', () => {
    let admitted = 0;
    fc.assert(
      fc.property(records, (r) => {
        if ((isPlain as (r: unknown) => boolean)(r)) {
          admitted++;
          expect(schema.safeParse(r).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
    expect(admitted).toBeGreaterThan(0);
    expect((isPlain as (r: unknown) => boolean)(wellFormed)).toBe(true);
  });
});
