import { type HeedApp, principalOf } from '../../http/app.ts';
import { idempotencyOf, sendWritten } from '../../http/ingest.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { presentEvent } from './present.ts';
import {
  eventBatchInput,
  eventBatchOutput,
  eventInput,
  eventListQuery,
  eventOutput,
  eventWriteOutput,
} from './schema.ts';

export function registerEventRoutes(app: HeedApp, { events }: Services) {
  const tags = ['Events'];
  app.post(
    '/v1/events',
    {
      config: { action: 'ingest', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Record a lifecycle or revenue event',
        description:
          'Purchases carry `amount` in minor units (cents) and `currency`. The customer is created if new. ' +
          'With a `source_id` already stored the answer is 200 with the stored event and `duplicate: true`: ' +
          'nothing is written, and no revenue or lifecycle change is counted again.',
        body: eventInput,
        response: { 201: eventWriteOutput, 200: eventWriteOutput },
      },
    },
    async (request, reply) => {
      const answer = await events.recordEvents(
        principalOf(request).workspaceId,
        [request.body],
        false,
        idempotencyOf(request),
      );
      return sendWritten(reply, answer);
    },
  );
  app.post(
    '/v1/events/batch',
    {
      config: { action: 'ingest', idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Record up to 1,000 events at once (all or nothing)',
        description:
          'Events whose `source_id` is stored already are not written or counted again: their result carries ' +
          'the stored id and `duplicate: true`; the answer is 200 when every event was a duplicate.',
        body: eventBatchInput,
        response: { 201: eventBatchOutput, 200: eventBatchOutput },
      },
    },
    async (request, reply) => {
      const answer = await events.recordEvents(
        principalOf(request).workspaceId,
        request.body.events,
        true,
        idempotencyOf(request),
      );
      return sendWritten(reply, answer);
    },
  );
  app.get(
    '/v1/events',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List events (newest first)',
        querystring: eventListQuery,
        response: { 200: pageOutput(eventOutput) },
      },
    },
    async (request) =>
      pageOf(
        await events.listEvents(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentEvent,
      ),
  );
  app.get(
    '/v1/events/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get an event', params: idParams, response: { 200: eventOutput } },
    },
    async (request) =>
      presentEvent(await events.getEvent(principalOf(request).workspaceId, request.params.id)),
  );
}
