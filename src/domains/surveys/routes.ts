import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { surveyInput, surveyListQuery, surveyOutput, surveyUpdateInput } from './schema.ts';
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

export function registerSurveyRoutes(app: HeedApp, { surveys }: Services) {
  const tags = ['Surveys'];
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
        querystring: surveyListQuery,
        response: { 200: pageOutput(surveyOutput) },
      },
    },
    async (request) =>
      pageOf(
        await surveys.listSurveys(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentSurvey,
      ),
  );
  app.get(
    '/v1/surveys/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a survey', params: idParams, response: { 200: surveyOutput } },
    },
    async (request) =>
      presentSurvey(await surveys.getSurvey(principalOf(request).workspaceId, request.params.id)),
  );
  app.patch(
    '/v1/surveys/:id',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Rename a survey, or change its sample rate or response quota',
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
