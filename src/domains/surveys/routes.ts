import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { surveyGetQuery, surveyInput, surveyListQuery, surveyOutput, surveyUpdateInput } from './schema.ts';
import type { SurveyRow } from './store.ts';
import { surveyTemplates } from './templates.ts';

export function presentSurvey(row: SurveyRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    language: row.language,
    question: row.question,
    scale:
      row.scale_min === null || row.scale_max === null
        ? null
        : { min: row.scale_min, max: row.scale_max, style: row.rating_style },
    questions: row.questions,
    sample_rate: row.sample_rate,
    response_quota: row.response_quota,
    status: row.status,
    created_at: row.created_at.toISOString(),
    archived_at: row.archived_at?.toISOString() ?? null,
  };
}

export function registerSurveyRoutes(app: HeedApp, { surveys, metrics }: Services) {
  const tags = ['Surveys'];
  /** The surveys as presented, each with its figures when the caller asked for them (include=stats). */
  async function presentWithStats(workspaceId: string, rows: SurveyRow[], include: 'stats' | undefined) {
    if (include !== 'stats') return rows.map(presentSurvey);
    const summaries = await metrics.surveySummaries(workspaceId, rows);
    return rows.map((row) => ({ ...presentSurvey(row), stats: summaries.get(row.id) }));
  }
  app.get(
    '/v1/survey-templates',
    { config: { action: 'read' }, schema: { tags, summary: 'The standard NPS, CSAT and CES questions' } },
    async () => ({ data: surveyTemplates }),
  );
  app.post(
    '/v1/surveys',
    {
      config: { action: 'manage' },
      schema: { tags, summary: 'Create a survey', body: surveyInput, response: { 201: surveyOutput } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentSurvey(await surveys.createSurvey(principalOf(request).workspaceId, request.body))),
  );
  app.get(
    '/v1/surveys',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List surveys',
        description:
          'With `include=stats`, each survey carries its all-time responses, response rate and score (with ' +
          'its 95% interval and n), read from the maintained rollups: one request for the whole page.',
        querystring: surveyListQuery,
        response: { 200: pageOutput(surveyOutput) },
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const page = pageOf(
        await surveys.listSurveys(workspaceId, request.query),
        request.query.limit,
        (row) => row,
      );
      return { ...page, data: await presentWithStats(workspaceId, page.data, request.query.include) };
    },
  );
  app.get(
    '/v1/surveys/:id',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Get a survey',
        params: idParams,
        querystring: surveyGetQuery,
        response: { 200: surveyOutput },
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const survey = await surveys.getSurvey(workspaceId, request.params.id);
      const [presented] = await presentWithStats(workspaceId, [survey], request.query.include);
      return presented;
    },
  );
  app.patch(
    '/v1/surveys/:id',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Rename a survey; change its wording, language, further questions, sample rate or quota',
        description:
          'The kind and the rating scale never change: responses on one scale stay comparable. A new ' +
          'wording or new further questions apply to answers from now on; answers already given are kept.',
        params: idParams,
        body: surveyUpdateInput,
        response: { 200: surveyOutput },
      },
    },
    async (request) =>
      presentSurvey(
        await surveys.updateSurvey(principalOf(request).workspaceId, request.params.id, request.body),
      ),
  );
  app.post(
    '/v1/surveys/:id/archive',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Archive a survey: it stops taking responses',
        params: idParams,
        response: { 200: surveyOutput },
      },
    },
    async (request) =>
      presentSurvey(await surveys.archiveSurvey(principalOf(request).workspaceId, request.params.id)),
  );
}
