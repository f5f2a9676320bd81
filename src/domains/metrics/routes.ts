// /v1/metrics/*: NPS, CSAT, CES, retention and churn, CLV, revenue concentration.
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import {
  clvQuery,
  concentrationQuery,
  metricResult,
  overviewQuery,
  retentionQuery,
  scoreMetricQuery,
} from './schema.ts';

export function registerMetricRoutes(app: HeedApp, { metrics }: Services) {
  const tags = ['Metrics'];
  const scoreDescription =
    'Exact at every moment: maintained rollups plus the responses written since the last fold. Each result ' +
    'carries n and a 95% interval; `by` and `period` group it; `compare=previous` tests the change against ' +
    'the previous period of equal length and says whether it is significant (alpha 0.05).';
  for (const metric of ['nps', 'csat', 'ces'] as const) {
    app.get(
      `/v1/metrics/${metric}`,
      {
        config: { action: 'read' },
        schema: {
          tags,
          summary: `${metric.toUpperCase()} with its margin of error`,
          description: scoreDescription,
          querystring: scoreMetricQuery,
          response: { 200: metricResult },
        },
      },
      async (request) => metrics.scoreMetric(principalOf(request).workspaceId, metric, request.query),
    );
  }
  app.get(
    '/v1/metrics/retention',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Customer retention rate and churn rate per period',
        description:
          'CRR = (E − N) ÷ S; churn = lost ÷ S; each with a Wilson 95% interval, per period and for the whole ' +
          'window (`overall`); `compare=previous` tests the window’s change against the previous window of ' +
          'equal length (two-proportion z tests, alpha 0.05).',
        querystring: retentionQuery,
        response: { 200: metricResult },
      },
    },
    async (request) => metrics.retention(principalOf(request).workspaceId, request.query),
  );
  app.get(
    '/v1/metrics/overview',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'The dashboard Overview in one answer',
        description:
          'NPS, CSAT and CES for the window, each with n, its 95% interval, the change against the previous ' +
          'window of equal length and whether it is significant, a value per period (every period of the ' +
          'window, empty ones with n = 0) and per segment and channel; CRR and churn likewise. The same ' +
          'figures as /v1/metrics/nps, csat, ces and retention, read in one request.',
        querystring: overviewQuery,
        response: { 200: metricResult },
      },
    },
    async (request) => metrics.overview(principalOf(request).workspaceId, request.query),
  );
  app.get(
    '/v1/metrics/clv',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Simple customer lifetime value, with the measured inputs',
        querystring: clvQuery,
        response: { 200: metricResult },
      },
    },
    async (request) => metrics.clv(principalOf(request).workspaceId, request.query),
  );
  app.get(
    '/v1/metrics/concentration',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Revenue concentration: top-20% share, Lorenz curve, Gini, and the top customers',
        querystring: concentrationQuery,
        response: { 200: metricResult },
      },
    },
    async (request) => metrics.concentration(principalOf(request).workspaceId, request.query),
  );
}
