// Request and response shapes of outreach: links, contacts, eligibility and reach.
import { z } from 'zod';
import { timestamp, uuid } from '../../shared/schemas.ts';
import { customerRef } from '../customers/schema.ts';

export const linkInput = z.object({
  target: z
    .enum(['survey', 'feedback'])
    .default('survey')
    .describe('A hosted survey (/s/…) or the free-form "tell us anything" form (/f/…)'),
  survey_id: uuid.optional().describe('The survey a survey link opens'),
  customer: customerRef
    .optional()
    .describe('Makes a personal link: the answer is theirs without asking who they are'),
  channel: z
    .enum(['link', 'email', 'sms'])
    .default('link')
    .describe('How you will deliver the link; answers through it are recorded under this channel'),
  single_use: z.boolean().default(false).describe('The first answer through the link uses it up'),
  expires_in_days: z.number().int('must be an integer').min(1).max(365).optional(),
  respect_fatigue: z
    .boolean()
    .default(true)
    .describe('Refuse a personal survey link when the customer was asked within the fatigue cap'),
});
export type LinkInput = z.infer<typeof linkInput>;

export const linkOutput = z.object({
  url: z.string(),
  token: z.string(),
  target: z.enum(['survey', 'feedback']),
  survey_id: z.string().nullable(),
  customer_id: z.string().nullable(),
  channel: z.string(),
  single_use: z.boolean(),
  expires_at: z.string().nullable(),
});

export const contactInput = z.object({
  survey_id: uuid,
  customer: customerRef.optional(),
  channel: z.enum(['link', 'web', 'in_app', 'email', 'sms', 'chat', 'phone', 'other']),
  kind: z.enum(['shown', 'sent', 'bounced']).describe('Displayed, delivered as an invitation, or bounced'),
  at: timestamp.optional(),
});

export const eligibilityInput = z.object({
  survey_id: uuid,
  customer: customerRef.optional().describe('Omit for a visitor not yet identified'),
  sample: z
    .number()
    .min(0)
    .lt(1, 'must be below 1')
    .optional()
    .describe(
      'A number drawn uniformly from [0, 1) for this visitor; asked when below the survey’s sample rate',
    ),
});

/** A survey as a browser shows it (see hosted/public-survey.ts). */
export const publicSurveyOutput = z.object({
  id: z.string(),
  kind: z.string(),
  language: z.string(),
  question: z.string(),
  scale: z.object({ min: z.number(), max: z.number(), style: z.enum(['numeric', 'stars']) }).nullable(),
  strings: z.object({
    low: z.string(),
    high: z.string(),
    comment: z.string(),
    optional: z.string(),
    submit: z.string(),
    close: z.string(),
    thanks: z.string(),
    thanks_body: z.string(),
  }),
});

export const eligibilityOutput = z.object({
  eligible: z.boolean(),
  survey: publicSurveyOutput.optional().describe('When eligible: what to show'),
  reason: z.enum(['fatigue', 'quota_reached', 'survey_archived', 'not_sampled', 'unsubscribed']).optional(),
  last_asked_at: z.string().optional(),
  last_channel: z.string().optional(),
  next_at: z.string().optional(),
});

export const impressionInput = z.object({
  survey_id: uuid,
  customer: customerRef.optional().describe('Omit for a visitor not yet identified'),
  channel: z.enum(['web', 'in_app']).default('web'),
});

export const reachQuery = z.object({
  from: z.iso.date({ message: 'must be a date, YYYY-MM-DD' }).optional(),
  to: z.iso.date({ message: 'must be a date, YYYY-MM-DD' }).optional(),
});

export const reachOutput = z.object({
  survey_id: z.string(),
  from: z.string(),
  to: z.string(),
  channels: z.array(
    z.object({
      channel: z.string(),
      shown: z.number(),
      sent: z.number(),
      bounced: z.number(),
      responses: z.number(),
      response_rate: z.number().nullable(),
    }),
  ),
});
