// /v1/themes, /v1/drivers, /v1/emerging, /v1/tags, /v1/tag-rules and /v1/analysis-runs.

import { z } from 'zod';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { emergingEvidence } from './emerging.ts';
import {
  presentDriver,
  presentEvidence,
  presentRule,
  presentRun,
  presentTag,
  presentThemeRef,
  presentThemeSummary,
} from './present.ts';
import {
  driverList,
  driversQuery,
  emergingList,
  emergingQuery,
  ruleInput,
  ruleOutput,
  runInput,
  runListQuery,
  runOutput,
  tagInput,
  tagOutput,
  themeDetail,
  themeList,
  themeListQuery,
  themeUpdate,
  windowQuery,
} from './schema.ts';

export function registerTextRoutes(app: HeedApp, { text }: Services) {
  const tags = ['Themes and text analysis'];
  app.get(
    '/v1/themes',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Themes and tags with volume, sentiment, NPS/CSAT and weekly trend',
        description:
          'Themes are found automatically in the workspace’s comments (re-discovered as comments grow; a theme ' +
          'found again keeps its id); tags are made by people and applied by hand or by auto-tag rules. ' +
          'Figures cover whole UTC weeks, largest volume first.',
        querystring: themeListQuery,
        response: { 200: themeList },
      },
    },
    async (request) => {
      const { window, all, figures } = await text.listThemeFigures(
        principalOf(request).workspaceId,
        request.query,
      );
      return {
        from_week: window.fromWeek,
        to_week: window.toWeek,
        comments: all.comments,
        data: figures.map((f) => presentThemeSummary(f.theme, f.totals, all, window)),
      };
    },
  );
  app.get(
    '/v1/themes/:id',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'A theme with its figures, weekly trend, newest example comments and emerging-issue test',
        params: idParams,
        querystring: z.object(windowQuery),
        response: { 200: themeDetail },
      },
    },
    async (request) => {
      const detail = await text.themeDetail(
        principalOf(request).workspaceId,
        request.params.id,
        request.query,
      );
      const summary = presentThemeSummary(detail.theme, detail.totals, detail.all, detail.window);
      const evidence = emergingEvidence(
        summary.trend.map((point) => ({
          week: point.week,
          comments: point.comments,
          total: detail.all.weekly.get(point.week) ?? 0,
        })),
      );
      return {
        ...summary,
        examples: detail.examples.map((example) => ({
          item_id: example.item_id,
          item_kind: example.item_kind,
          text: example.text,
          score: example.score,
          sentiment: { label: example.sentiment, score: example.sentiment_score },
          submitted_at: example.submitted_at.toISOString(),
        })),
        emerging: evidence ? presentEvidence(evidence) : null,
      };
    },
  );
  app.patch(
    '/v1/themes/:id',
    {
      config: { action: 'manage' },
      schema: { tags, summary: 'Rename a theme or tag', params: idParams, body: themeUpdate },
    },
    async (request) => {
      const theme = await text.renameTheme(
        principalOf(request).workspaceId,
        request.params.id,
        request.body.label,
      );
      return { ...presentThemeRef(theme), key: theme.key };
    },
  );
  app.get(
    '/v1/drivers',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Key drivers: each theme’s effect on NPS or CSAT, ranked',
        description:
          'For each theme: the score of responses whose comment mentions it against those whose comment does ' +
          'not, the difference with its 95% interval, and the potential gain — how much the overall score ' +
          'would move if the responses mentioning it scored like the rest.',
        querystring: driversQuery,
        response: { 200: driverList },
      },
    },
    async (request) => {
      const result = await text.drivers(
        principalOf(request).workspaceId,
        request.query.metric,
        request.query,
      );
      return {
        metric: result.metric,
        from_week: result.window.fromWeek,
        to_week: result.window.toWeek,
        data: result.drivers.map((d) => presentDriver(d.theme, d.impact)),
      };
    },
  );
  app.get(
    '/v1/emerging',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Emerging issues: themes whose weekly volume rose significantly above their baseline',
        querystring: emergingQuery,
        response: { 200: emergingList },
      },
    },
    async (request) => {
      const result = await text.emerging(principalOf(request).workspaceId, request.query);
      return {
        week: result.week,
        baseline_weeks: result.baseline_weeks,
        data: result.themes.map((t) => ({
          theme: presentThemeRef(t.theme),
          evidence: presentEvidence(t.evidence),
        })),
      };
    },
  );

  app.post(
    '/v1/tags',
    {
      config: { action: 'manage' },
      schema: { tags, summary: 'Create a tag', body: tagInput, response: { 201: tagOutput } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentTag(await text.createTag(principalOf(request).workspaceId, request.body))),
  );
  app.get(
    '/v1/tags',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'List tags', response: { 200: z.object({ data: z.array(tagOutput) }) } },
    },
    async (request) => {
      const figures = await text.listThemeFigures(principalOf(request).workspaceId, { kind: 'tag' });
      return { data: figures.figures.map((f) => presentTag(f.theme)) };
    },
  );
  app.delete(
    '/v1/tags/:id',
    {
      config: { action: 'manage' },
      schema: { tags, summary: 'Delete a tag, its rules and its links', params: idParams },
    },
    async (request, reply) => {
      await text.deleteTag(principalOf(request).workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/v1/tag-rules',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Add an auto-tag rule (keyword or phrase → tag)',
        description:
          'New comments are tagged as they are analysed; existing ones by the re-analysis run queued here, ' +
          'whose progress `GET /v1/analysis-runs/{id}` shows.',
        body: ruleInput,
        response: { 201: z.object({ rule: ruleOutput, run: runOutput }) },
      },
    },
    async (request, reply) => {
      const { rule, run } = await text.createRule(principalOf(request).workspaceId, request.body);
      return reply.status(201).send({ rule: presentRule(rule), run: presentRun(run) });
    },
  );
  app.get(
    '/v1/tag-rules',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List auto-tag rules',
        response: { 200: z.object({ data: z.array(ruleOutput) }) },
      },
    },
    async (request) => ({ data: (await text.listRules(principalOf(request).workspaceId)).map(presentRule) }),
  );
  app.delete(
    '/v1/tag-rules/:id',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Remove an auto-tag rule; a re-analysis removes the tags it applied',
        params: idParams,
        response: { 200: z.object({ run: runOutput }) },
      },
    },
    async (request) => ({
      run: presentRun(await text.deleteRule(principalOf(request).workspaceId, request.params.id)),
    }),
  );

  app.post(
    '/v1/analysis-runs',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Re-analyse existing comments, with progress',
        body: runInput,
        response: { 202: runOutput },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          presentRun(await text.queueRun(principalOf(request).workspaceId, request.body.kind, 'requested')),
        ),
  );
  app.get(
    '/v1/analysis-runs',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List analysis runs (newest first)',
        querystring: runListQuery,
        response: { 200: pageOutput(runOutput) },
      },
    },
    async (request) =>
      pageOf(
        await text.listRuns(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentRun,
      ),
  );
  app.get(
    '/v1/analysis-runs/:id',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'An analysis run and its progress',
        params: idParams,
        response: { 200: runOutput },
      },
    },
    async (request) => presentRun(await text.getRun(principalOf(request).workspaceId, request.params.id)),
  );
}
