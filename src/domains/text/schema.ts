// Shapes of the text-analysis API: themes, drivers, emerging issues, tags, rules and analysis runs.
import { z } from 'zod';
import { pageQuery, requiredText, uuid } from '../../shared/schemas.ts';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  // Date.parse rolls 2026-02-30 over to 2026-03-02 rather than refusing it: the day must read back unchanged.
  .refine((value) => {
    const ms = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
  }, 'must be a real date')
  .refine((value) => value >= '1970-01-01' && value <= '2200-12-31', 'must be between 1970 and 2200');

export const windowQuery = {
  from: isoDay.optional().describe('First day (its whole week counts); default: 11 weeks before `to`'),
  to: isoDay.optional().describe('Last day (its whole week counts); default: today'),
};

export const themeListQuery = z.object({
  ...windowQuery,
  kind: z.enum(['auto', 'tag']).optional().describe('Only automatic themes, or only tags'),
});

export const driversQuery = z.object({
  ...windowQuery,
  metric: z.enum(['nps', 'csat']).default('nps'),
  min_responses: z.coerce
    .number()
    .int()
    .min(2)
    .max(100_000)
    .default(10)
    .describe('Themes with fewer scored responses are left out: their interval would claim too much'),
});

export const emergingQuery = z.object({
  week: isoDay.optional().describe('A day of the week to test; default: the current week'),
  baseline_weeks: z.coerce.number().int().min(4).max(52).default(8),
  include_quiet: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Also list themes that are not emerging, with their evidence'),
});

const scoreFigure = z.object({ score: z.number().nullable(), n: z.number() }).nullable();

export const themeSummary = z.object({
  id: uuid,
  kind: z.enum(['auto', 'tag']),
  key: z.string(),
  label: z.string(),
  terms: z.array(z.string()),
  volume: z.number().describe('Comments in the window'),
  share: z.number().nullable().describe('Share of all analysed comments in the window, 0–1'),
  sentiment: z.object({
    average: z.number().nullable().describe('Mean sentiment score, −1 to 1'),
    positive: z.number(),
    negative: z.number(),
  }),
  nps: scoreFigure.describe('NPS of the responses in this theme'),
  csat: scoreFigure.describe('CSAT (% satisfied) of the responses in this theme'),
  trend: z.array(z.object({ week: z.string(), comments: z.number() })),
  retired_at: z.string().nullable(),
});

export const themeList = z.object({
  from_week: z.string(),
  to_week: z.string(),
  comments: z.number().describe('All analysed comments in the window'),
  data: z.array(themeSummary),
});

const evidence = z.object({
  emerging: z.boolean(),
  week: z.string(),
  observed: z.number(),
  expected: z.number(),
  baselineWeeks: z.number(),
  baselineComments: z.number(),
  baselineTotal: z.number(),
  rateRatio: z.number(),
  pValue: z.number(),
  test: z.string(),
});

export const themeDetail = themeSummary.extend({
  examples: z.array(
    z.object({
      item_id: uuid,
      item_kind: z.enum(['response', 'feedback']),
      text: z.string().nullable(),
      score: z.number().nullable(),
      sentiment: z.object({ label: z.string(), score: z.number() }),
      submitted_at: z.string(),
    }),
  ),
  emerging: evidence.nullable().describe('The emerging-issue test for the window’s last week'),
});

const interval = z.object({ value: z.number(), low: z.number(), high: z.number() });
export const driverList = z.object({
  metric: z.enum(['nps', 'csat']),
  from_week: z.string(),
  to_week: z.string(),
  data: z.array(
    z.object({
      theme: z.object({ id: uuid, kind: z.enum(['auto', 'tag']), label: z.string() }),
      with_theme: z.object({ n: z.number(), score: z.number() }),
      without_theme: z.object({ n: z.number(), score: z.number() }),
      difference: interval.extend({ significant: z.boolean() }),
      potential_gain: interval,
      share: z.number(),
      summary: z.string(),
    }),
  ),
});

export const emergingList = z.object({
  week: z.string(),
  baseline_weeks: z.number(),
  data: z.array(
    z.object({ theme: z.object({ id: uuid, kind: z.enum(['auto', 'tag']), label: z.string() }), evidence }),
  ),
});

export const themeUpdate = z.object({ label: requiredText(100) });

export const tagInput = z.object({ name: requiredText(100) });
export const tagOutput = z.object({ id: uuid, name: z.string(), created_at: z.string() });

export const ruleInput = z.object({
  tag_id: uuid,
  match: z
    .enum(['keyword', 'phrase'])
    .describe('keyword: one word, any inflection; phrase: exact words in order'),
  pattern: requiredText(200),
});

export const runOutput = z.object({
  id: uuid,
  kind: z.enum(['reanalyze', 'retheme']),
  reason: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().nullable(),
  processed: z.number(),
  progress: z.number().nullable().describe('0–1'),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

export const ruleOutput = z.object({
  id: uuid,
  tag_id: uuid,
  match: z.enum(['keyword', 'phrase']),
  pattern: z.string(),
  created_at: z.string(),
});

export const runInput = z.object({
  kind: z
    .enum(['reanalyze', 'retheme'])
    .describe('reanalyze: sentiment, phrases, themes and rules again; retheme: discover themes and reassign'),
});

export const runListQuery = z.object({ ...pageQuery });
