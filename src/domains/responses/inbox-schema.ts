// Shapes of the Feedback inbox: one list of responses and feedback items from every channel, and one item.
import { z } from 'zod';
import { text, uuid } from '../../shared/schemas.ts';
import { surveyKinds } from '../surveys/schema.ts';
import { annotation, channel, sentimentLabel } from './schema.ts';

export const inboxKinds = ['response', 'feedback'] as const;
export const npsGroupNames = ['promoter', 'passive', 'detractor'] as const;
export type NpsGroupName = (typeof npsGroupNames)[number];

// PostgreSQL has no year 0; the same range as every timestamp keeps the window valid.
// Not a date at all is one problem, not two: the range is checked only of a well-formed date.
const day = z.iso
  .date({ message: 'must be a date, YYYY-MM-DD', abort: true })
  .refine((value) => value >= '1970-01-01' && value <= '2200-12-31', 'must be between 1970 and 2200');

export const inboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional().describe('The `next_cursor` of the previous page'),
  kind: z.enum(inboxKinds).optional().describe('Only survey responses, or only free-form feedback'),
  survey_id: uuid.optional().describe('Only responses to this survey'),
  group: z
    .enum(npsGroupNames)
    .optional()
    .describe(
      'Only responses to NPS surveys scored in this group: promoter 9–10, passive 7–8, detractor 0–6. ' +
        'Other surveys’ scores and feedback items have no group, so this filter leaves them out.',
    ),
  channel: channel.optional(),
  segment: text(100).optional().describe('The customer’s segment when they answered'),
  sentiment: sentimentLabel.optional().describe('Sentiment of the comment, once analysed'),
  theme_id: uuid.optional().describe('Only items in this theme or with this tag'),
  customer_id: uuid.optional(),
  from: day.optional().describe('First day (UTC) submitted, inclusive'),
  to: day.optional().describe('Last day (UTC) submitted, inclusive'),
  q: text(200)
    .optional()
    .describe(
      'Words the comment or feedback text contains, each as a word or the start of one ("refund" finds ' +
        '"refunds"); case and punctuation are ignored.',
    ),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

const inboxItem = z.object({
  kind: z.enum(inboxKinds),
  id: uuid,
  survey: z
    .object({ id: uuid, name: z.string(), kind: z.enum(surveyKinds) })
    .nullable()
    .describe('The survey a response answers; null for feedback'),
  score: z.number().nullable(),
  group: z
    .enum(npsGroupNames)
    .nullable()
    .describe('NPS group of a scored response to an NPS survey; null otherwise'),
  text: z.string().nullable().describe('The response’s comment, or the feedback’s text'),
  source: z.string().nullable().describe('Where a feedback item came from, e.g. "g2"'),
  channel: z.string(),
  segment: z.string().nullable(),
  submitted_at: z.string(),
  customer: z
    .object({
      id: uuid,
      name: z.string().nullable(),
      email: z.string().nullable(),
      external_id: z.string().nullable(),
    })
    .nullable()
    .describe('Who wrote it; null when anonymous'),
  ...annotation,
});

export const inboxItemOutput = inboxItem;

export const inboxItemDetailOutput = inboxItem.extend({
  answers: z.record(z.string(), z.unknown()).nullable().describe('Answers to a survey’s further questions'),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  received_at: z.string(),
});
