// Shapes of survey responses and free-form feedback, as every channel submits them.
import { z } from 'zod';
import { jsonObject, pageQuery, text, timestamp, uuid } from '../../shared/schemas.ts';
import { sourceId } from '../../shared/source-ids.ts';
import { customerRef } from '../customers/schema.ts';

export const channels = [
  'link',
  'web',
  'in_app',
  'email',
  'sms',
  'api',
  'import',
  'chat',
  'phone',
  'review',
  'other',
] as const;
export const channel = z.enum(channels);

export const maxBatchSize = 1000;

export const responseInput = z.object({
  survey_id: uuid,
  score: z.number().int('must be an integer').min(0).max(10).nullable().optional(),
  comment: text(10_000).optional(),
  channel: channel.default('api'),
  customer: customerRef.optional().describe('Who answered; omit for an anonymous response'),
  answers: jsonObject.optional().describe('Answers to the survey’s further questions, by question id'),
  metadata: jsonObject.optional(),
  submitted_at: timestamp
    .optional()
    .describe('When the customer answered; defaults to when Heed received it'),
  source_id: sourceId.optional(),
});
export type ResponseInput = z.infer<typeof responseInput>;

export const responseBatchInput = z.object({
  responses: z.array(responseInput).min(1).max(maxBatchSize, `must hold at most ${maxBatchSize} responses`),
});

const themeLink = z.object({
  id: uuid,
  label: z.string(),
  source: z.enum(['auto', 'rule', 'manual']).describe('found automatically, applied by a rule, or by hand'),
});
/** Text analysis of the item's comment: empty until the analyser has read it, about a second after ingest. */
export const annotation = {
  sentiment: z
    .object({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number().describe('−1 to 1') })
    .nullable(),
  themes: z.array(themeLink),
  tags: z.array(themeLink),
};
export const sentimentLabel = z.enum(['positive', 'neutral', 'negative']);

export const responseOutput = z.object({
  id: uuid,
  survey_id: uuid,
  customer_id: uuid.nullable(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  channel: z.string(),
  segment: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  submitted_at: z.string(),
  received_at: z.string(),
  source_id: z.string().nullable(),
  ...annotation,
});

/** On a write answered 200: the item was stored before (its source_id), and this is the stored item. */
const duplicateMark = {
  duplicate: z
    .literal(true)
    .optional()
    .describe('Present (true) when the source_id was stored already: nothing was written'),
};
export const responseWriteOutput = responseOutput.extend(duplicateMark);

export const responseBatchOutput = z.object({
  count: z.number().describe('Items in the request'),
  duplicates: z.number().describe('Items whose source_id was stored already (not written again)'),
  results: z.array(
    z.object({
      id: uuid.describe('The new id, or the stored item’s id for a duplicate'),
      customer_id: uuid.nullable(),
      duplicate: z.boolean(),
    }),
  ),
});

export const responseListQuery = z.object({
  ...pageQuery,
  survey_id: uuid.optional(),
  customer_id: uuid.optional(),
  channel: channel.optional(),
  submitted_after: timestamp.optional(),
  submitted_before: timestamp.optional(),
  theme_id: uuid.optional().describe('Only responses in this theme or with this tag'),
  sentiment: sentimentLabel.optional(),
});
export type ResponseListQuery = z.infer<typeof responseListQuery>;

export const feedbackInput = z.object({
  text: text(20_000).refine((value) => value.trim().length > 0, 'must not be empty'),
  channel: channel.default('api'),
  source: text(200).optional().describe('Where it came from, e.g. "app-store-review" or "support-call"'),
  customer: customerRef.optional(),
  metadata: jsonObject.optional(),
  submitted_at: timestamp.optional(),
  source_id: sourceId.optional(),
});
export type FeedbackInput = z.infer<typeof feedbackInput>;

export const feedbackOutput = z.object({
  id: uuid,
  customer_id: uuid.nullable(),
  channel: z.string(),
  segment: z.string().nullable().describe('The customer’s segment when they wrote'),
  source: z.string().nullable(),
  text: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  submitted_at: z.string(),
  received_at: z.string(),
  source_id: z.string().nullable(),
  ...annotation,
});
export const feedbackWriteOutput = feedbackOutput.extend(duplicateMark);

export const feedbackListQuery = z.object({
  ...pageQuery,
  customer_id: uuid.optional(),
  channel: channel.optional(),
  theme_id: uuid.optional().describe('Only feedback in this theme or with this tag'),
  sentiment: sentimentLabel.optional(),
});
export type FeedbackListQuery = z.infer<typeof feedbackListQuery>;

export const tagLinkInput = z.object({ tag_id: uuid });
export const itemTagParams = z.object({ id: uuid, tag_id: uuid });
