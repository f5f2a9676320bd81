// Query and result shapes of the metrics API.
import { z } from 'zod';
import { currency, text, uuid } from '../../shared/schemas.ts';

// PostgreSQL has no year 0; the same range as every timestamp keeps windows and their comparisons valid.
const date = z.iso.date({ message: 'must be a date, YYYY-MM-DD' }).refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1970 && year <= 2200;
}, 'must be between 1970 and 2200');

export const scoreMetricQuery = z.object({
  survey_id: uuid.optional().describe('One survey; default: every survey of the metric’s kind'),
  channel: text(40).optional(),
  segment: text(100).optional(),
  account_id: uuid.optional(),
  from: date.optional().describe('First day (UTC), inclusive; default: 89 days before `to`'),
  to: date.optional().describe('Last day (UTC), inclusive; default: today'),
  by: z.enum(['segment', 'channel', 'survey']).optional(),
  period: z.enum(['day', 'week', 'month']).optional(),
  compare: z
    .enum(['previous'])
    .optional()
    .describe('Test the change against the previous period of the same length'),
});
export type ScoreMetricQuery = z.infer<typeof scoreMetricQuery>;

export const retentionQuery = z.object({
  segment: text(100).optional(),
  from: date.optional(),
  to: date.optional(),
  period: z.enum(['week', 'month', 'quarter', 'year']).default('month'),
  by: z.enum(['segment']).optional(),
  compare: z
    .enum(['previous'])
    .optional()
    .describe(
      'Test the change of the whole window’s CRR and churn against the previous window of the same length',
    ),
});
export type RetentionQuery = z.infer<typeof retentionQuery>;

/** Daily figures beyond this many periods make an answer of megabytes that no chart can show. */
export const maxOverviewPeriods = 400;

export const overviewQuery = z.object({
  from: date.optional().describe('First day (UTC), inclusive; default: 89 days before `to`'),
  to: date.optional().describe('Last day (UTC), inclusive; default: today'),
  period: z
    .enum(['day', 'week', 'month'])
    .default('week')
    .describe(`The trend's granularity; at most ${maxOverviewPeriods} periods`),
  segment: text(100)
    .optional()
    .describe('Only this segment (the segment breakdown still lists every segment)'),
  channel: text(40)
    .optional()
    .describe('Only this channel (the channel breakdown still lists every channel)'),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const clvQuery = z.object({
  currency: currency.optional().describe('Default: the workspace currency'),
  segment: text(100).optional(),
  lifespan_years: z.coerce.number().positive().max(100).optional().describe('Default: 1 ÷ annual churn rate'),
  acquisition_cost: z.coerce.number().min(0).optional().describe('In minor units; default 0'),
});
export type ClvQuery = z.infer<typeof clvQuery>;

export const concentrationQuery = z.object({
  currency: currency.optional(),
  segment: text(100).optional(),
  top: z.coerce
    .number()
    .gt(0)
    .lt(1)
    .default(0.2)
    .describe('The top share of customers, default 0.2 (the 80/20 rule)'),
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(100)
    .describe('How many of the top customers to list'),
});
export type ConcentrationQuery = z.infer<typeof concentrationQuery>;

export const metricResult = z.record(z.string(), z.unknown());
