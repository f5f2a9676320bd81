// Survey shapes: NPS, CSAT (1–5, 1–10, 5-star), CES (1–7) and custom surveys with follow-up questions.
import { z } from 'zod';
import { requiredText, text, uuid } from '../../shared/schemas.ts';

export const surveyKinds = ['nps', 'csat', 'ces', 'custom'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

export const csatScales = ['1-5', '1-10', '5-star'] as const;

const questionId = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'must be lower-case letters, digits and _ (up to 40), starting with a letter',
  );

/** Ask this question only when the rating question's score is in the range (e.g. detractors: 0–6). */
const showIf = z.object({
  score_min: z.number().int().min(0).max(10),
  score_max: z.number().int().min(0).max(10),
});

export const question = z.discriminatedUnion('type', [
  z.object({
    id: questionId,
    type: z.literal('rating'),
    prompt: requiredText(500),
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(10),
    required: z.boolean().default(false),
    show_if: showIf.optional(),
  }),
  z.object({
    id: questionId,
    type: z.enum(['single_choice', 'multi_choice']),
    prompt: requiredText(500),
    options: z.array(requiredText(200)).min(2).max(50),
    required: z.boolean().default(false),
    show_if: showIf.optional(),
  }),
  z.object({
    id: questionId,
    type: z.literal('text'),
    prompt: requiredText(500),
    required: z.boolean().default(false),
    show_if: showIf.optional(),
  }),
]);
export type Question = z.infer<typeof question>;

/** Checks a survey's questions as a whole: ids used once (and never "score"), rating scales the right way up. */
function checkQuestions(questions: readonly Question[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  questions.forEach((q, index) => {
    if (seen.has(q.id) || q.id === 'score')
      context.addIssue({
        code: 'custom',
        path: ['questions', index, 'id'],
        message: `"${q.id}" is used twice`,
      });
    seen.add(q.id);
    if (q.type === 'rating' && q.min >= q.max)
      context.addIssue({
        code: 'custom',
        path: ['questions', index, 'max'],
        message: 'must be greater than min',
      });
    if (q.show_if && q.show_if.score_min > q.show_if.score_max)
      context.addIssue({
        code: 'custom',
        path: ['questions', index, 'show_if', 'score_max'],
        message: 'must not be below score_min',
      });
  });
}

const language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR');

/** How many people a survey asks: a sample of those eligible, and a cap on responses. */
const outreachFields = {
  sample_rate: z
    .number()
    .gt(0, 'must be greater than 0')
    .max(1, 'must be at most 1')
    .default(1)
    .describe('The share of eligible people asked (widget visitors, an e-mail list); 1 asks everyone'),
  response_quota: z
    .number()
    .int('must be an integer')
    .min(1)
    .max(100_000_000)
    .nullable()
    .default(null)
    .describe('Stop asking once the survey has this many scored responses; null for no cap'),
};

export const surveyInput = z
  .object({
    kind: z.enum(surveyKinds),
    name: requiredText(200),
    question: text(500)
      .optional()
      .describe('The rating question; defaults to the standard wording of the kind'),
    scale: z.enum(csatScales).optional().describe('CSAT only: 1-5 (default), 1-10 or 5-star'),
    language: language.default('en'),
    product_name: text(100)
      .optional()
      .describe('Fills the "…" of a standard question: "How likely are you to recommend Acme…"'),
    questions: z.array(question).max(50).default([]),
    ...outreachFields,
    rating: z
      .object({ min: z.number().int().min(0).max(10), max: z.number().int().min(1).max(10) })
      .optional()
      .describe('Custom surveys only: a rating question with this scale'),
  })
  .superRefine((value, context) => {
    if (value.scale && value.kind !== 'csat')
      context.addIssue({ code: 'custom', path: ['scale'], message: 'applies to CSAT surveys only' });
    if (value.rating && value.kind !== 'custom')
      context.addIssue({ code: 'custom', path: ['rating'], message: 'applies to custom surveys only' });
    if (value.rating && value.rating.min >= value.rating.max)
      context.addIssue({
        code: 'custom',
        path: ['rating', 'max'],
        message: 'must be greater than rating.min',
      });
    checkQuestions(value.questions, context);
  });
type ParsedSurveyInput = z.infer<typeof surveyInput>;
/** A survey to create; sampling and quota default to asking everyone, without a cap. */
export type SurveyInput = Omit<ParsedSurveyInput, 'sample_rate' | 'response_quota'> &
  Partial<Pick<ParsedSurveyInput, 'sample_rate' | 'response_quota'>>;

/** A survey's all-time figures (GET /v1/surveys?include=stats): from the rollups, exact to this moment. */
export const surveyStatsOutput = z.object({
  responses: z.number().describe('Responses, scored or not'),
  asked: z
    .number()
    .describe('Times the survey was shown (widget, hosted page) or delivered (e-mail, SMS), every channel'),
  response_rate: z
    .number()
    .nullable()
    .describe(
      'Responses on the channels that ask ÷ asked, 0–1; null when nobody was asked (e.g. responses sent ' +
        'through the API only)',
    ),
  last_response_on: z.string().nullable().describe('The last UTC day with a response, YYYY-MM-DD'),
  score: z
    .object({
      metric: z
        .enum(['nps', 'csat', 'ces', 'mean'])
        .describe('NPS, CSAT (% satisfied), CES (mean effort) or the mean rating of a custom survey'),
      value: z.number().nullable(),
      n: z.number().describe('Scored responses'),
      margin_of_error: z
        .number()
        .nullable()
        .describe('NPS: its 95% margin of error; the others: half the width of the 95% interval'),
      confidence_interval: z.tuple([z.number(), z.number()]).nullable(),
    })
    .nullable()
    .describe('Null for a survey without a rating'),
});

export const surveyOutput = z.object({
  id: uuid,
  kind: z.enum(surveyKinds),
  name: z.string(),
  language: z.string(),
  question: z.string().nullable(),
  scale: z.object({ min: z.number(), max: z.number(), style: z.enum(['numeric', 'stars']) }).nullable(),
  questions: z.array(z.unknown()),
  sample_rate: z.number(),
  response_quota: z.number().nullable(),
  status: z.enum(['active', 'archived']),
  created_at: z.string(),
  archived_at: z.string().nullable(),
  stats: surveyStatsOutput.optional().describe('With include=stats'),
});

export const surveyUpdateInput = z
  .object({
    name: requiredText(200).optional(),
    question: requiredText(500)
      .optional()
      .describe('New wording of the rating question; answers already given keep the wording they had'),
    language: language.optional(),
    questions: z
      .array(question)
      .max(50)
      .optional()
      .describe('Replaces the further questions; answers already given to removed questions are kept'),
    sample_rate: outreachFields.sample_rate.unwrap().optional(),
    response_quota: outreachFields.response_quota.unwrap().optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.questions) checkQuestions(value.questions, context);
  });
export type SurveyUpdateInput = z.infer<typeof surveyUpdateInput>;

export const surveyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
  status: z.enum(['active', 'archived']).optional(),
  kind: z.enum(surveyKinds).optional(),
  include: z
    .enum(['stats'])
    .optional()
    .describe('stats: add each survey’s all-time responses, response rate and score'),
});

export const surveyGetQuery = z.object({
  include: z
    .enum(['stats'])
    .optional()
    .describe('stats: add the survey’s all-time responses, response rate and score'),
});
