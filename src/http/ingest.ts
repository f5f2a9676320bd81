// What ingest routes share: the Idempotency-Key they pass into their write transaction, and the answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Idempotency } from '../db/idempotent-write.ts';
import { requestHashOf } from './idempotency.ts';

export function idempotencyOf(request: FastifyRequest): Idempotency | undefined {
  return request.idempotencyKey
    ? { key: request.idempotencyKey, requestHash: requestHashOf(request) }
    : undefined;
}

/** Sends a written (or replayed) answer: the body is already the API shape, stored as it was first sent. */
export function sendWritten<Body>(
  reply: FastifyReply,
  answer: { status: number; body: Body; replayed: boolean },
) {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}
