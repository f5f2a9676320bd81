// Lifecycle and revenue events: signed_up, purchase, subscription_started/cancelled, churned, custom.
import { z } from 'zod';
import { currency, jsonObject, pageQuery, text, timestamp, uuid } from '../../shared/schemas.ts';
import { sourceId } from '../../shared/source-ids.ts';
import { customerRef } from '../customers/schema.ts';

export const eventTypes = [
  'signed_up',
  'purchase',
  'subscription_started',
  'subscription_cancelled',
  'churned',
  'custom',
] as const;

export const maxEventBatchSize = 1000;

export const eventInput = z
  .object({
    type: z.enum(eventTypes),
    name: text(200).min(1).optional().describe('Required for custom events'),
    customer: customerRef,
    amount: z
      .number()
      .int('must be an integer number of minor units (cents)')
      .min(0)
      // 10^12 minor units (ten billion dollars) per purchase keeps a customer's running total far from
      // bigint's limit and exact in JavaScript.
      .max(1_000_000_000_000, 'must be at most 1,000,000,000,000 minor units')
      .optional()
      .describe('Purchases only: in minor units, e.g. 1999 for $19.99'),
    currency: currency.optional().describe('Purchases only'),
    properties: jsonObject.optional(),
    occurred_at: timestamp.optional().describe('Defaults to when Heed received it'),
    source_id: sourceId.optional(),
  })
  .superRefine((value, context) => {
    const purchase = value.type === 'purchase';
    if (purchase && value.amount === undefined)
      context.addIssue({ code: 'custom', path: ['amount'], message: 'is required for a purchase' });
    if (purchase && value.currency === undefined)
      context.addIssue({ code: 'custom', path: ['currency'], message: 'is required for a purchase' });
    if (!purchase && value.amount !== undefined)
      context.addIssue({ code: 'custom', path: ['amount'], message: 'applies to purchases only' });
    if (!purchase && value.currency !== undefined)
      context.addIssue({ code: 'custom', path: ['currency'], message: 'applies to purchases only' });
    if (value.type === 'custom' && value.name === undefined)
      context.addIssue({ code: 'custom', path: ['name'], message: 'is required for a custom event' });
  });
export type EventInput = z.infer<typeof eventInput>;

export const eventBatchInput = z.object({
  events: z.array(eventInput).min(1).max(maxEventBatchSize, `must hold at most ${maxEventBatchSize} events`),
});

export const eventOutput = z.object({
  id: uuid,
  type: z.enum(eventTypes),
  name: z.string().nullable(),
  customer_id: uuid,
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
  occurred_at: z.string(),
  received_at: z.string(),
  source_id: z.string().nullable(),
});
export const eventWriteOutput = eventOutput.extend({
  duplicate: z
    .literal(true)
    .optional()
    .describe('Present (true) when the source_id was stored already: nothing was written or counted'),
});

export const eventBatchOutput = z.object({
  count: z.number().describe('Events in the request'),
  duplicates: z.number().describe('Events whose source_id was stored already (not written or counted again)'),
  results: z.array(
    z.object({
      id: uuid.describe('The new id, or the stored event’s id for a duplicate'),
      customer_id: uuid,
      duplicate: z.boolean(),
    }),
  ),
});

export const eventListQuery = z.object({
  ...pageQuery,
  customer_id: uuid.optional(),
  type: z.enum(eventTypes).optional(),
});
