/**
 * Plain passes that admit a well-formed user record without zod: at 100,000 users zod's copy of
 * each record is ~40 ms and 100,000 objects for the GC, per side, and loading zod at all is ~35 ms
 * of a command's start. Kept apart from schemas.ts so that reading a well-formed export never loads
 * zod. They may turn down what zod would accept — zod then decides and names the problem — but
 * never admit what zod rejects; a property test holds them to that
 * (test/unit/schemas.property.test.ts). zod stays the schema.
 */
import type { z } from 'zod';
import type { myOperatorUserSchema, zohoUserSchema } from './schemas.js';

const isText = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isOptional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || v === null || ok(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isFlag = (v: unknown): boolean => isText(v) || typeof v === 'boolean';
const isRecord = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r);

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
