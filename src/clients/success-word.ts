/**
 * MyOperator's word for an answer that worked, in any letter case: the reference shows "success"
 * only (§2), but a gateway or API version that capitalises it still answered a request that worked.
 * One definition for the users page, the call log and the e-mail change, which each took their own
 * (a users page answered "Success" stopped the whole read, where an e-mail change took it). Free of
 * zod, as plain-users.ts is.
 */
export const SUCCESS_WORD = /^success$/i;

export const isSuccessWord = (value: unknown): value is string => typeof value === 'string' && SUCCESS_WORD.test(value);
