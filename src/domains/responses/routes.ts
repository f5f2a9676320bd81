import { type HeedApp, principalOf } from '../../http/app.ts';
import { idempotencyOf, sendWritten } from '../../http/ingest.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { presentFeedback, presentResponse } from './present.ts';
import {
  feedbackInput,
  feedbackListQuery,
  feedbackOutput,
  responseBatchInput,
  responseBatchOutput,
  responseInput,
  responseListQuery,
  responseOutput,
} from './schema.ts';

export function registerResponseRoutes(app: HeedApp, { responses }: Services) {
  const tags = ['Responses and feedback'];
  app.post(
    '/v1/responses',
    {
      config: { action: 'submit', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Submit a survey response',
        description:
          'The customer is found by id, external_id or email, and created if new. Answered 201 after the ' +
          'response is committed. Publishable keys may call this.',
        body: responseInput,
        response: { 201: responseOutput },
      },
    },
    async (request, reply) => {
      const answer = await responses.recordResponse(
        principalOf(request).workspaceId,
        request.body,
        idempotencyOf(request),
      );
      return sendWritten(reply, answer);
    },
  );
  app.post(
    '/v1/responses/batch',
    {
      config: { action: 'ingest', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Submit up to 1,000 responses at once (all or nothing)',
        description:
          'All-or-nothing: if any item is invalid the answer is 400 (or 404 for an unknown survey or customer) ' +
          'naming every bad item, e.g. `responses[3].score`, and nothing is written. Otherwise every item is ' +
          'written in one transaction and the answer lists the new ids in order.',
        body: responseBatchInput,
        response: { 201: responseBatchOutput },
      },
    },
    async (request, reply) => {
      const answer = await responses.recordResponseBatch(
        principalOf(request).workspaceId,
        request.body.responses,
        idempotencyOf(request),
      );
      return sendWritten(reply, answer);
    },
  );
  app.get(
    '/v1/responses',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List responses (newest first)',
        querystring: responseListQuery,
        response: { 200: pageOutput(responseOutput) },
      },
    },
    async (request) =>
      pageOf(
        await responses.listResponses(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentResponse,
      ),
  );
  app.get(
    '/v1/responses/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a response', params: idParams, response: { 200: responseOutput } },
    },
    async (request) =>
      presentResponse(await responses.getResponse(principalOf(request).workspaceId, request.params.id)),
  );
  app.post(
    '/v1/feedback',
    {
      config: { action: 'submit', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Submit free-form feedback from any channel',
        body: feedbackInput,
        response: { 201: feedbackOutput },
      },
    },
    async (request, reply) => {
      const answer = await responses.recordFeedback(
        principalOf(request).workspaceId,
        request.body,
        idempotencyOf(request),
      );
      return sendWritten(reply, answer);
    },
  );
  app.get(
    '/v1/feedback',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List feedback (newest first)',
        querystring: feedbackListQuery,
        response: { 200: pageOutput(feedbackOutput) },
      },
    },
    async (request) =>
      pageOf(
        await responses.listFeedback(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentFeedback,
      ),
  );
  app.get(
    '/v1/feedback/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a feedback item', params: idParams, response: { 200: feedbackOutput } },
    },
    async (request) =>
      presentFeedback(await responses.getFeedback(principalOf(request).workspaceId, request.params.id)),
  );
}
