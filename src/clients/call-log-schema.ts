/**
 * zod schemas of MyOperator's call log (`POST /search`, reference §5). Only what the audit reads is
 * checked; every field may come as a string or a number, and `received_by` as an object where an
 * array is expected, as integrations report for the webhook's `_rr`.
 */
import * as z from 'zod';

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
  status: z.literal('success'),
  data: z.object({
    // A number, a string of digits, or (unconfirmed) Elasticsearch 7's {value, relation}: read by
    // totalFrom; anything else is an unknown total, not a failed audit.
    total: z.unknown().optional(),
    hits: z.array(z.object({ _id: text, _source: callLogSchema })),
  }),
});

// Any letter case, as MyOperatorClient.updateEmail lets it through: "Success" from a change that
// took was a bad answer here, and fix said its request failed.
export const myOperatorSuccessSchema = z.object({ status: z.string().regex(/^success$/i, 'expected "success"'), message: z.string().optional() });
