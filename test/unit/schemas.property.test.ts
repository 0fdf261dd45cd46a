import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlainMyOperatorUser, isPlainZohoUser, myOperatorUserSchema, zohoUserSchema } from '../../src/clients/schemas.js';

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

describe('the plain pass before zod', () => {
  it('never admits a Zoho user record that zod rejects, and admits well-formed ones', () => {
    let admitted = 0;
    fc.assert(
      fc.property(zohoLike, (r) => {
        if (isPlainZohoUser(r)) {
          admitted++;
          expect(zohoUserSchema.safeParse(r).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
    expect(admitted).toBeGreaterThan(0);
    expect(isPlainZohoUser({ id: '1', zuid: 2, email: 'a@b.in', full_name: 'A', status: 'active', confirm: true })).toBe(true);
  });

  it('never admits a MyOperator user record that zod rejects, and admits well-formed ones', () => {
    let admitted = 0;
    fc.assert(
      fc.property(moLike, (r) => {
        if (isPlainMyOperatorUser(r)) {
          admitted++;
          expect(myOperatorUserSchema.safeParse(r).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
    expect(admitted).toBeGreaterThan(0);
    expect(isPlainMyOperatorUser({ uuid: 's1', user_id: 7, name: 'A', email: '', extension: '11', is_active: '1', is_enabled: 1 })).toBe(true);
  });
});
