/**
 * zod schemas of MyOperator's call log (`POST /search`, reference §5). Only what the audit reads is
 * checked; every field may come as a string or a number, and `received_by` as an object where an
 * array is expected, as integrations report for the webhook's `_rr`.
 */
import * as z from 'zod';
import { myOperatorSuccessWord } from './schemas.js';

const text = z.union([z.string(), z.number()]).nullable().optional();
const agent = z.object({ name: text, extension: text });

export const callLogSchema = z.object({
  status: text,
  log_details: z
    .array(
      z.object({
        action: text,
        received_by: z
          .union([z.array(agent), agent])
          .nullable()
          .optional(),
      }),
    )
    .nullable()
    .optional(),
});

export const callSearchPageSchema = z.object({
  status: myOperatorSuccessWord,
  data: z.object({
    // A number, a string of digits, or (unconfirmed) Elasticsearch 7's {value, relation}: read by
    // totalFrom; anything else is an unknown total, not a failed audit.
    total: z.unknown().optional(),
    hits: z.array(z.object({ _id: text, _source: callLogSchema })),
  }),
});

export const myOperatorSuccessSchema = z.object({ status: myOperatorSuccessWord, message: z.string().optional() });
