import { type HeedApp, principalOf } from '../../http/app.ts';
import { idempotencyOf, sendWritten } from '../../http/ingest.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { inboxPageOf, presentInboxDetail, presentInboxItem } from './inbox-present.ts';
import { inboxItemDetailOutput, inboxItemOutput, inboxQuery } from './inbox-schema.ts';
import { type Annotation, presentFeedback, presentResponse } from './present.ts';
import {
  feedbackInput,
  feedbackListQuery,
  feedbackOutput,
  feedbackWriteOutput,
  itemTagParams,
  responseBatchInput,
  responseBatchOutput,
  responseInput,
  responseListQuery,
  responseOutput,
  responseWriteOutput,
  tagLinkInput,
} from './schema.ts';

export function registerResponseRoutes(app: HeedApp, { responses, text }: Services) {
  /** Presents rows with what text analysis found for them, read in one query for the page. */
  async function annotated<Row extends { id: string }, T>(
    workspaceId: string,
    rows: Row[],
    present: (row: Row, annotation?: Annotation) => T,
  ) {
    const annotations = await text.annotations(
      workspaceId,
      rows.map((row) => row.id),
    );
    return (row: Row) => present(row, annotations.get(row.id));
  }

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
          'response is committed. Publishable keys may call this. With a `source_id` already stored the ' +
          'answer is 200 with the stored response and `duplicate: true`, and nothing is written.',
        body: responseInput,
        response: { 201: responseWriteOutput, 200: responseWriteOutput },
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
          'written in one transaction and the answer lists the new ids in order. Items whose `source_id` is ' +
          'stored already are not written again: their result carries the stored id and `duplicate: true`, ' +
          'and the answer is 200 when every item was a duplicate.',
        body: responseBatchInput,
        response: { 201: responseBatchOutput, 200: responseBatchOutput },
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
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const rows = await responses.listResponses(workspaceId, request.query);
      return pageOf(rows, request.query.limit, await annotated(workspaceId, rows, presentResponse));
    },
  );
  app.get(
    '/v1/responses/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a response', params: idParams, response: { 200: responseOutput } },
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const row = await responses.getResponse(workspaceId, request.params.id);
      return (await annotated(workspaceId, [row], presentResponse))(row);
    },
  );
  app.post(
    '/v1/feedback',
    {
      config: { action: 'submit', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Submit free-form feedback from any channel',
        description:
          'Answered 201 after it is committed; with a `source_id` already stored, 200 with the stored item ' +
          'and `duplicate: true`, and nothing is written.',
        body: feedbackInput,
        response: { 201: feedbackWriteOutput, 200: feedbackWriteOutput },
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
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const rows = await responses.listFeedback(workspaceId, request.query);
      return pageOf(rows, request.query.limit, await annotated(workspaceId, rows, presentFeedback));
    },
  );
  app.get(
    '/v1/feedback/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a feedback item', params: idParams, response: { 200: feedbackOutput } },
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const row = await responses.getFeedback(workspaceId, request.params.id);
      return (await annotated(workspaceId, [row], presentFeedback))(row);
    },
  );

  app.get(
    '/v1/inbox',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'The inbox: responses and feedback from every channel in one list (newest first)',
        description:
          'Ordered by `submitted_at`, newest first, with each item’s survey, NPS group, customer, sentiment, ' +
          'themes and tags. Filters combine (all must match). A `survey_id` or `group` lists responses only; ' +
          '`group` applies to NPS surveys alone. Page on with `next_cursor`: a page never repeats or skips an ' +
          'item, even while new ones arrive.',
        querystring: inboxQuery,
        response: { 200: pageOutput(inboxItemOutput) },
      },
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const rows = await responses.listInbox(workspaceId, request.query);
      return inboxPageOf(rows, request.query.limit, await annotated(workspaceId, rows, presentInboxItem));
    },
  );
  app.get(
    '/v1/inbox/:id',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'One inbox item (a response or a feedback item) with its survey, customer and analysis',
        params: idParams,
        response: { 200: inboxItemDetailOutput },
      },
    },
    async (request) => {
      const workspaceId = principalOf(request).workspaceId;
      const row = await responses.getInboxItem(workspaceId, request.params.id);
      return (await annotated(workspaceId, [row], presentInboxDetail))(row);
    },
  );

  // Tagging by hand: the same tags auto-tag rules apply, on a response or a feedback item.
  for (const kind of ['responses', 'feedback'] as const) {
    const find = (workspaceId: string, id: string) =>
      kind === 'responses' ? responses.getResponse(workspaceId, id) : responses.getFeedback(workspaceId, id);
    app.post(
      `/v1/${kind}/:id/tags`,
      {
        config: { action: 'tag' },
        schema: {
          tags,
          summary: kind === 'responses' ? 'Tag a response' : 'Tag a feedback item',
          params: idParams,
          body: tagLinkInput,
        },
      },
      async (request, reply) => {
        const workspaceId = principalOf(request).workspaceId;
        await find(workspaceId, request.params.id);
        await text.tagItem(workspaceId, request.params.id, request.body.tag_id);
        return reply.status(204).send();
      },
    );
    app.delete(
      `/v1/${kind}/:id/tags/:tag_id`,
      {
        config: { action: 'tag' },
        schema: {
          tags,
          summary:
            kind === 'responses' ? 'Remove a tag from a response' : 'Remove a tag from a feedback item',
          params: itemTagParams,
        },
      },
      async (request, reply) => {
        const workspaceId = principalOf(request).workspaceId;
        await find(workspaceId, request.params.id);
        await text.untagItem(workspaceId, request.params.id, request.params.tag_id);
        return reply.status(204).send();
      },
    );
  }
}
