// Idempotency inside a write transaction: the key is claimed and its answer stored in the same commit as
// the rows, so a retry can never write twice, even after a crash.

import { Conflict, type HeedError, IdempotencyMismatch } from '../errors.ts';
import { compareKeys } from '../shared/order.ts';
import type { Db, Queryable } from './connect.ts';

export interface Idempotency {
  key: string;
  requestHash: string;
}

export interface UnitOf<Row> {
  workspaceId: string;
  rows: Row[];
  idempotency?: Idempotency;
}

export type UnitAnswer<Body> = { status: number; body: Body; replayed: boolean } | { error: HeedError };

/** What writing the fresh units produced, one entry per unit. */
export type WriteOutcome<Body> = { status: number; body: Body } | { error: HeedError };

/**
 * Writes a group of units in one transaction. Units whose Idempotency-Key was already used are not written:
 * they get the stored answer. A unit that fails validation inside the write (e.g. an unknown customer)
 * rolls back nothing but itself, because `writeFresh` leaves its rows out.
 */
export async function writeIdempotently<Unit extends UnitOf<unknown>, Body>(
  db: Db,
  units: Unit[],
  writeFresh: (tx: Queryable, units: Unit[]) => Promise<WriteOutcome<Body>[]>,
): Promise<UnitAnswer<Body>[]> {
  let answers: UnitAnswer<Body>[] = [];
  let duplicates: number[] = [];
  await retryOnConflict(() =>
    db.transaction(async (tx) => {
      answers = new Array(units.length);
      duplicates = [];
      const keyed = units
        .map((unit, index) => ({ unit, index }))
        .filter((entry): entry is { unit: Unit & { idempotency: Idempotency }; index: number } =>
          Boolean(entry.unit.idempotency),
        )
        // Concurrent groups take row locks in one order, so they cannot deadlock on each other.
        .sort((a, b) =>
          compareKeys(
            a.unit.workspaceId + a.unit.idempotency.key,
            b.unit.workspaceId + b.unit.idempotency.key,
          ),
        );
      const claimed = new Set<string>();
      if (keyed.length > 0) {
        const rows = await tx.query<{ workspace_id: string; key: string }>(
          `INSERT INTO idempotency_keys (workspace_id, key, request_hash)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING
         RETURNING workspace_id, key`,
          [
            keyed.map((k) => k.unit.workspaceId),
            keyed.map((k) => k.unit.idempotency.key),
            keyed.map((k) => k.unit.idempotency.requestHash),
          ],
        );
        for (const row of rows) claimed.add(`${row.workspace_id}/${row.key}`);
      }
      const fresh: Array<{ unit: Unit; index: number }> = [];
      units.forEach((unit, index) => {
        const claimKey = unit.idempotency && `${unit.workspaceId}/${unit.idempotency.key}`;
        if (!claimKey) fresh.push({ unit, index });
        else if (claimed.delete(claimKey)) fresh.push({ unit, index });
        else duplicates.push(index);
      });
      const outcomes = await writeFresh(
        tx,
        fresh.map((entry) => entry.unit),
      );
      const settled: Array<{ unit: Unit; outcome: WriteOutcome<Body> }> = [];
      fresh.forEach((entry, position) => {
        const outcome = outcomes[position];
        answers[entry.index] = 'error' in outcome ? outcome : { ...outcome, replayed: false };
        if (entry.unit.idempotency) settled.push({ unit: entry.unit, outcome });
      });
      if (settled.length > 0) {
        // A failed unit releases its key so a corrected retry can use it; a written one stores its answer.
        await tx.query(
          `WITH answers AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::jsonb[]) AS a(w, k, s, b))
         , released AS (DELETE FROM idempotency_keys i USING answers a WHERE i.workspace_id = a.w AND i.key = a.k AND a.s IS NULL)
         UPDATE idempotency_keys i SET status_code = a.s, response_body = a.b
         FROM answers a WHERE i.workspace_id = a.w AND i.key = a.k AND a.s IS NOT NULL`,
          [
            settled.map((s) => s.unit.workspaceId),
            settled.map((s) => s.unit.idempotency?.key),
            settled.map((s) => ('error' in s.outcome ? null : s.outcome.status)),
            settled.map((s) => ('error' in s.outcome ? null : JSON.stringify(s.outcome.body))),
          ],
        );
      }
    }),
  );
  for (const index of duplicates) {
    const unit = units[index];
    const idempotency = unit.idempotency as Idempotency;
    const [stored] = await db.query<{
      request_hash: string;
      status_code: number | null;
      response_body: Body;
    }>(
      'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE workspace_id = $1 AND key = $2',
      [unit.workspaceId, idempotency.key],
    );
    if (!stored) {
      // The first attempt failed and released the key: this one is written now.
      const [retried] = await writeIdempotently(db, [unit], writeFresh);
      answers[index] = retried;
    } else if (stored.status_code === null) {
      answers[index] = {
        error: new Conflict('A request with this Idempotency-Key is still being processed; retry shortly.'),
      };
    } else if (stored.request_hash !== idempotency.requestHash) {
      answers[index] = {
        error: new IdempotencyMismatch('This Idempotency-Key was first used with a different request body.'),
      };
    } else {
      answers[index] = { status: stored.status_code, body: stored.response_body, replayed: true };
    }
  }
  return answers;
}

// Deadlocks and serialisation failures are the database asking for a retry; a group is all in memory, so
// running it again is safe. Locks are taken in a fixed order, so this is a last resort, not a habit.
const retryableCodes = new Set(['40P01', '40001']);

export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !retryableCodes.has(code) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
