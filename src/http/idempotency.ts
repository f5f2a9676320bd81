// Idempotency-Key on every POST: a retry with the same key gets the first answer and writes nothing new.
// Ingest routes record the key inside their own write transaction (exactly once even across a crash);
// every other POST claims the key before it runs and stores the answer after.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connect.ts';
import { Conflict, IdempotencyMismatch, Invalid } from '../errors.ts';

export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

// A claim whose request never finished (the process died) may be taken over after this long.
const abandonedAfterSeconds = 60;

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw Invalid.field('Idempotency-Key', 'must be 1–255 visible ASCII characters');
  }
  return key;
}

export function requestHashOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

interface StoredAnswer {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  abandoned: boolean;
}

async function storedAnswer(
  db: Queryable,
  workspaceId: string,
  key: string,
): Promise<StoredAnswer | undefined> {
  const [row] = await db.query<StoredAnswer>(
    `SELECT request_hash, status_code, response_body,
            created_at < now() - make_interval(secs => $3) AS abandoned
     FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
    [workspaceId, key, abandonedAfterSeconds],
  );
  return row;
}

/** Replays a finished answer; throws when the key was used for another request or is still running. */
function replay(answer: StoredAnswer, requestHash: string, reply: FastifyReply): FastifyReply {
  if (answer.request_hash !== requestHash) {
    throw new IdempotencyMismatch('This Idempotency-Key was first used with a different request body.');
  }
  if (answer.status_code === null) {
    throw new Conflict('A request with this Idempotency-Key is still being processed; retry shortly.');
  }
  return reply.status(answer.status_code).header('idempotent-replayed', 'true').send(answer.response_body);
}

/** Claims the key for this request, or answers with the stored result. Returns false when it answered. */
export async function claimOrReplay(
  db: Queryable,
  workspaceId: string,
  claim: IdempotencyClaim,
  reply: FastifyReply,
): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (workspace_id, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING key`,
    [workspaceId, claim.key, claim.requestHash],
  );
  if (inserted.length > 0) return true;
  const answer = await storedAnswer(db, workspaceId, claim.key);
  if (!answer) return claimOrReplay(db, workspaceId, claim, reply); // purged meanwhile
  if (answer.status_code === null && answer.abandoned && answer.request_hash === claim.requestHash) {
    await db.query('UPDATE idempotency_keys SET created_at = now() WHERE workspace_id = $1 AND key = $2', [
      workspaceId,
      claim.key,
    ]);
    return true;
  }
  replay(answer, claim.requestHash, reply);
  return false;
}

export async function settleClaim(
  db: Queryable,
  workspaceId: string,
  key: string,
  statusCode: number,
  body: unknown,
): Promise<void> {
  if (statusCode >= 500) {
    // Nothing was promised: let a retry run again.
    await db.query('DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2', [workspaceId, key]);
    return;
  }
  await db.query(
    'UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE workspace_id = $1 AND key = $2',
    [workspaceId, key, statusCode, JSON.stringify(body)],
  );
}
