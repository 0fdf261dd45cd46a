/**
 * Plain passes that admit a well-formed user record without zod: at 100,000 users zod's copy of
 * each record is ~40 ms and 100,000 objects for the GC, per side, and loading zod at all is ~35 ms
 * of a command's start. Kept apart from schemas.ts so that reading a well-formed export never loads
 * zod. They may turn down what zod would accept — zod then decides and names the problem — but
 * never admit what zod rejects; a property test holds them to that
 * (test/unit/schemas.property.test.ts). zod stays the schema.
 */
import type { z } from 'zod';
import type { myOperatorUserSchema, myOperatorUsersPageSchema, zohoUserSchema, zohoUsersPageSchema } from './schemas.js';
import { isSuccessWord } from './success-word.js';

// As schemas.ts: a number only when JSON.parse kept it exactly (a 19-digit id would be rounded).
const isText = (v: unknown): boolean => typeof v === 'string' || Number.isSafeInteger(v);
const isOptional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isFlag = (v: unknown): boolean => isText(v) || typeof v === 'boolean';
/** A JSON object (not an array, not null). */
export const isRecord = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r);

export function isPlainZohoUser(r: unknown): r is z.infer<typeof zohoUserSchema> {
  return (
    isRecord(r) &&
    isText(r.id) &&
    isOptional(r.zuid, isText) &&
    isOptional(r.email, isString) &&
    isOptional(r.full_name, isString) &&
    isOptional(r.first_name, isString) &&
    isOptional(r.last_name, isString) &&
    isOptional(r.status, isString) &&
    isOptional(r.confirm, (v) => typeof v === 'boolean')
  );
}

export function isPlainMyOperatorUser(r: unknown): r is z.infer<typeof myOperatorUserSchema> {
  return (
    isRecord(r) &&
    isText(r.uuid) &&
    isOptional(r.user_id, isText) &&
    isOptional(r.name, isString) &&
    isOptional(r.email, isString) &&
    isOptional(r.extension, isText) &&
    isOptional(r.is_active, isFlag) &&
    isOptional(r.is_enabled, isFlag)
  );
}

const isCount = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * The same for a whole users page of the API (`GET /crm/v8/users`): a page of 200 users checked by
 * zod is ~1 ms of the main thread, on every page of a 10,000-user resync while later pages wait.
 */
export function isPlainZohoUsersPage(body: unknown): body is z.infer<typeof zohoUsersPageSchema> {
  if (!isRecord(body) || !Array.isArray(body.users) || !body.users.every(isPlainZohoUser)) return false;
  const info = body.info;
  if (info === undefined || info === null) return true;
  return (
    isRecord(info) &&
    isCount(info.per_page) &&
    isCount(info.count) &&
    isCount(info.page) &&
    isOptional(info.more_records, (v) => typeof v === 'boolean')
  );
}

/** A MyOperator users page (`GET /user`), likewise. */
export function isPlainMyOperatorUsersPage(body: unknown): body is z.infer<typeof myOperatorUsersPageSchema> {
  return (
    isRecord(body) &&
    isSuccessWord(body.status) &&
    (body.code === undefined || isText(body.code)) &&
    Array.isArray(body.data) &&
    body.data.every(isPlainMyOperatorUser)
  );
}
