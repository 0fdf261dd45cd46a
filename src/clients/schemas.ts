/**
 * zod schemas of every body we read, from the APIs or from an export of them. Unknown keys are
 * dropped; a field of the wrong type is an error that names its path, never `undefined` flowing on.
 * MyOperator sends numbers as strings, but not always: ids and flags accept both (users.ts makes them strings).
 */
import * as z from 'zod';
import { SUCCESS_WORD } from './success-word.js';

// No transforms here: zod's transforms cost several times a plain check at 100,000 users.
// core/users.ts turns numbers into strings when it normalises.
// An id sent as a JSON number past 2^53 was rounded by JSON.parse before we saw it (Zoho's ids are
// 19 digits): a mapping made from it would name another user. Only whole, exactly kept numbers pass.
const exactNumber = z.number().refine(Number.isSafeInteger, { message: 'a number too large (or not whole) to be read exactly; the API must send it as a string' });
const text = z.union([z.string(), exactNumber]);
const optionalText = z.union([z.string(), exactNumber, z.null()]).optional();
const flag = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

export const zohoUserSchema = z.object({
  id: text,
  zuid: optionalText,
  email: z.string().nullable().optional(),
  full_name: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  confirm: z.boolean().nullable().optional(),
});

// Zoho's users.json makes every `info` field nullable, and a user's `id` nullable and optional: the
// page schemas admit what the spec allows, and the client checks the fields it needs one by one, so
// the sentence can say which user on which page, and whether the field was missing or null.
const count = z.number().nullable().optional();

export const zohoInfoSchema = z.object({
  per_page: count,
  count,
  page: count,
  more_records: z.boolean().nullable().optional(),
});

export const zohoUsersPageSchema = z.object({
  users: z.array(zohoUserSchema.extend({ id: optionalText })),
  info: zohoInfoSchema.nullable().optional(),
});

export const myOperatorUserSchema = z.object({
  uuid: text,
  user_id: optionalText,
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  extension: optionalText,
  is_active: flag,
  is_enabled: flag,
  // Of any type: only compared (fix's read-back), so a value of an odd type must not reject the page.
  contact_number: z.unknown().optional(),
  alternate_number: z.unknown().optional(),
  country_code: z.unknown().optional(),
  role_id: z.unknown().optional(),
});

/** Whole exports, checked by zod only when the plain pass (plain-users.ts) turns a record down. */
export const userListSchemas = { zoho: z.array(zohoUserSchema), myoperator: z.array(myOperatorUserSchema) };
export const userSchemas = { zoho: zohoUserSchema, myoperator: myOperatorUserSchema };

export const myOperatorErrorSchema = z.object({
  status: z.literal('error'),
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
});

/** MyOperator's `status` of an answer that worked, in any letter case (success-word.ts). */
export const myOperatorSuccessWord = z.string().regex(SUCCESS_WORD, 'expected "success"');

export const myOperatorUsersPageSchema = z.object({
  status: myOperatorSuccessWord,
  code: z.union([z.string(), z.number()]).optional(),
  data: z.array(myOperatorUserSchema.extend({ uuid: optionalText })),
  next_page: z.unknown().optional(),
});

/** Whether the path ends at a key its object does not have (zod says only what it expected there). */
function absentAt(input: unknown, path: readonly PropertyKey[]): boolean {
  let at = input;
  for (const [i, key] of path.entries()) {
    if (at === null || typeof at !== 'object') return false;
    if (i === path.length - 1) return !Object.hasOwn(at, key);
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return false;
}

/**
 * The first problem, where it is and what it is, in words (`users[3].email: expected string,
 * received number`). `input` (the data that was checked)
 * lets a field that is not there at all be called missing: for a field with a fixed set of values
 * zod says only "Invalid option: expected one of …".
 */
export function describeIssue(error: z.ZodError, root = '', input?: unknown): string {
  const issue = error.issues[0]!;
  let path = root;
  for (const p of issue.path) path += typeof p === 'number' ? `[${p}]` : path ? `.${String(p)}` : String(p);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  // zod says "received undefined" for a missing field: say so in words. A union (a string or a
  // number) says only "Invalid input": its branches say what was received.
  const branches = issue.code === 'invalid_union' ? issue.errors.flat() : [];
  const custom = branches.find((b) => b.code === 'custom');
  const missing = branches.length > 0 && branches.every((b) => / received undefined$/.test(b.message));
  const expected = [...new Set(branches.map((b) => (b.code === 'invalid_type' ? b.expected : undefined)).filter(Boolean))];
  // A field added by hand (a strict store's): named by its own path when it is one.
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
  if (unknown.length === 1) path = path ? `${path}.${unknown[0]}` : unknown[0]!;
  const message = unknown.length
    ? `${unknown.length === 1 ? 'a field' : `fields (${unknown.map((k) => `"${k}"`).join(', ')})`} the tool does not know, which saving the file would drop`
    : custom
    ? custom.message
    : input !== undefined && issue.path.length > 0 && absentAt(input, issue.path)
      ? `missing (${issue.message.replace(/^Invalid (option|input): /, '').replace(/,? received undefined$/, '')})`
    : missing
      ? `missing (expected ${expected.join(' or ') || 'a value'})`
      : branches.length > 0 && expected.length === branches.length
        ? `expected ${expected.join(' or ')}, ${/received (\w+)$/.exec(branches[0]!.message)?.[0] ?? 'received something else'}`
        : // "Invalid input:" says nothing the rest does not ("expected string, received number").
          issue.message.replace(/^Invalid input: (?=expected)/, '').replace(/,? received undefined$/, ', but it is missing');
  return `${path || 'the document'}: ${message}${more}`;
}

export const zohoApiErrorSchema = z.object({
  code: z.string(),
  message: z.unknown().optional(),
  details: z.unknown().optional(),
  status: z.string().optional(),
});

export const phoneBridgeUsersPageSchema = z.object({
  users: z.array(
    z.object({
      zohouser: text,
      email: z.string().nullable().optional(),
      username: z.string().nullable().optional(),
    }),
  ),
  paging: z.object({ perPage: z.number().optional(), page: z.number().optional() }).optional(),
});

/** users.json types `count` as a string; Zoho's examples show a number. countFrom() reads both, else unknown. */
export const zohoCountSchema = z.object({ count: z.unknown() });
