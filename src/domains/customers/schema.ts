// Request and response shapes of customers and accounts.
import { z } from 'zod';
import { email, jsonObject, pageOutput, pageQuery, text, timestamp, uuid } from '../../shared/schemas.ts';
import { phone } from './phone.ts';

export const accountInput = z.object({
  external_id: text(255).min(1),
  name: text(200).optional(),
  plan: text(100).optional(),
  owner: text(200).optional(),
  traits: jsonObject.optional(),
});
export type AccountInput = z.infer<typeof accountInput>;

const customerFields = {
  external_id: text(255).min(1).optional().describe('Your own id for the customer'),
  email: email.optional(),
  phone: phone.optional(),
  name: text(200).optional(),
  segment: text(100)
    .min(1)
    .optional()
    .describe('The segment metrics group this customer in, e.g. "enterprise"'),
  traits: jsonObject.optional().describe('Any attributes; merged into the ones already stored'),
};

export const customerUpsertInput = z
  .object({
    ...customerFields,
    account: accountInput
      .optional()
      .describe('The company this customer belongs to, upserted by external_id'),
  })
  .refine(
    (value) => value.external_id !== undefined || value.email !== undefined || value.phone !== undefined,
    { message: 'needs external_id, email or phone to identify the customer', path: ['external_id'] },
  );
export type CustomerUpsertInput = z.infer<typeof customerUpsertInput>;

/** How a response, feedback item or event names its customer: by Heed id, external id, email or phone. */
export const customerRef = z
  .object({ id: uuid.optional(), ...customerFields })
  .refine(
    (value) =>
      value.id !== undefined ||
      value.external_id !== undefined ||
      value.email !== undefined ||
      value.phone !== undefined,
    { message: 'needs id, external_id, email or phone to identify the customer', path: ['id'] },
  );
export type CustomerRef = z.infer<typeof customerRef>;

export const customerOutput = z.object({
  id: uuid,
  external_id: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  segment: z.string().nullable(),
  account_id: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  started_at: z.string(),
  churned_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const accountOutput = z.object({
  id: uuid,
  external_id: z.string().nullable(),
  name: z.string().nullable(),
  plan: z.string().nullable(),
  owner: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const customerListQuery = z.object({
  ...pageQuery,
  q: text(200)
    .refine((value) => /[\p{L}\p{N}]/u.test(value), 'must contain a letter or digit')
    .optional()
    .describe(
      'Search: every word must begin a word of the name, e-mail address or external id, in any case ' +
        '("ada lov" finds Ada Lovelace, "acme" finds bo@acme.com)',
    ),
  segment: text(100).optional(),
  account_id: uuid.optional(),
  external_id: text(255).optional(),
  email: email.optional(),
  phone: phone.optional(),
  created_after: timestamp.optional(),
  created_before: timestamp.optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const accountListQuery = z.object({ ...pageQuery, plan: text(100).optional() });

export const segmentListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const segmentList = z.object({
  data: z.array(z.string()).describe('Segment names in alphabetical order'),
});

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;

const sentimentOutput = z
  .object({ label: z.enum(['positive', 'neutral', 'negative']), score: z.number() })
  .nullable()
  .describe('Of the text; null until analysed (about a second) or when there is no text');

export const timelineItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    id: uuid,
    at: z.string().describe('When it was submitted'),
    channel: z.string(),
    survey: z.object({
      id: uuid,
      name: z.string(),
      kind: z.enum(['nps', 'csat', 'ces', 'custom']),
      scale_min: z.number().nullable(),
      scale_max: z.number().nullable(),
    }),
    score: z.number().nullable(),
    comment: z.string().nullable(),
    answers: z.record(z.string(), z.unknown()).nullable(),
    sentiment: sentimentOutput,
  }),
  z.object({
    kind: z.literal('feedback'),
    id: uuid,
    at: z.string().describe('When it was submitted'),
    channel: z.string(),
    source: z.string().nullable(),
    text: z.string(),
    sentiment: sentimentOutput,
  }),
  z.object({
    kind: z.literal('event'),
    id: uuid,
    at: z.string().describe('When it occurred'),
    type: z.enum([
      'signed_up',
      'purchase',
      'subscription_started',
      'subscription_cancelled',
      'churned',
      'custom',
    ]),
    name: z.string().nullable(),
    amount: z.number().nullable().describe('Purchases: in minor units (cents)'),
    currency: z.string().nullable(),
    properties: z.record(z.string(), z.unknown()).nullable(),
  }),
]);

export const timelinePage = pageOutput(timelineItem);

export const customerSummary = z.object({
  customer: customerOutput,
  account: accountOutput.nullable(),
  touchpoints: z.object({
    responses: z.number(),
    feedback: z.number(),
    events: z.number(),
    last_at: z.string().nullable().describe('When the latest touchpoint of any kind was'),
  }),
  scores: z
    .array(
      z.object({
        survey: z.object({
          id: uuid,
          name: z.string(),
          kind: z.enum(['nps', 'csat', 'ces', 'custom']),
          scale_min: z.number().nullable(),
          scale_max: z.number().nullable(),
        }),
        responses: z.number().describe('Scores the customer gave in this survey'),
        average: z.number(),
        latest: z.object({ score: z.number(), at: z.string() }),
      }),
    )
    .describe('Per survey the customer scored in, by survey name'),
  score_history: z
    .array(z.object({ response_id: uuid, survey_id: uuid, score: z.number(), at: z.string() }))
    .describe('The customer’s latest 500 scores, oldest first'),
  revenue: z
    .array(
      z.object({
        currency: z.string(),
        revenue: z.number().describe('Lifetime revenue so far, in minor units'),
        purchases: z.number(),
        average_purchase: z.number().describe('In minor units, rounded'),
        first_purchase_at: z.string(),
        last_purchase_at: z.string(),
        purchases_per_year: z
          .number()
          .describe('Purchases over the customer’s tenure (start to churn or now, at least 30 days)'),
        annual_value: z.number().describe('average_purchase × purchases_per_year, in minor units, rounded'),
        months: z.array(
          z.object({
            month: z.string().describe('YYYY-MM (UTC)'),
            revenue: z.number(),
            purchases: z.number(),
          }),
        ),
      }),
    )
    .describe('Per currency, largest first; empty without purchases'),
});
