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
 * they get the stored answer. A unit refused inside the write (e.g. an unknown customer) must leave nothing
 * behind, though resolving it may already have written (a new customer): so the whole transaction rolls
 * back and the group is written again without it. Refusals are rare; the usual cost is nothing.
 */
export async function writeIdempotently<Unit extends UnitOf<unknown>, Body>(
  db: Db,
  units: Unit[],
  writeFresh: (tx: Queryable, units: Unit[]) => Promise<WriteOutcome<Body>[]>,
): Promise<UnitAnswer<Body>[]> {
  const refused = new Map<number, HeedError>();
  let answers: UnitAnswer<Body>[] = [];
  let duplicates: number[] = [];
  for (;;) {
    const newlyRefused = await retryOnConflict(() =>
      db.transaction(async (tx) => {
        answers = units.map((_, index) => ({ error: refused.get(index) as HeedError }));
        duplicates = [];
        const candidates = units
          .map((unit, index) => ({ unit, index }))
          .filter((entry) => !refused.has(entry.index));
        const claimed = await claimKeys(
          tx,
          candidates.map((entry) => entry.unit),
        );
        const fresh = candidates.filter((entry) => {
          const key = entry.unit.idempotency && `${entry.unit.workspaceId}/${entry.unit.idempotency.key}`;
          if (!key || claimed.delete(key)) return true;
          duplicates.push(entry.index);
          return false;
        });
        const outcomes = await writeFresh(
          tx,
          fresh.map((entry) => entry.unit),
        );
        const refusals = fresh.flatMap((entry, position) => {
          const outcome = outcomes[position];
          return 'error' in outcome ? [[entry.index, outcome.error] as const] : [];
        });
        if (refusals.length > 0) {
          // Roll back what the refused units' resolution wrote, then write the others again.
          throw new RewriteWithout(refusals);
        }
        const stored: Array<{ unit: Unit; status: number; body: Body }> = [];
        fresh.forEach((entry, position) => {
          const outcome = outcomes[position] as { status: number; body: Body };
          answers[entry.index] = { ...outcome, replayed: false };
          if (entry.unit.idempotency) stored.push({ unit: entry.unit, ...outcome });
        });
        if (stored.length > 0) {
          await tx.query(
            `UPDATE idempotency_keys i SET status_code = a.s, response_body = a.b
             FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::jsonb[]) AS a(w, k, s, b)
             WHERE i.workspace_id = a.w AND i.key = a.k`,
            [
              stored.map((s) => s.unit.workspaceId),
              stored.map((s) => s.unit.idempotency?.key),
              stored.map((s) => s.status),
              stored.map((s) => JSON.stringify(s.body)),
            ],
          );
        }
        return [];
      }),
    ).catch((error: unknown) => {
      if (error instanceof RewriteWithout) return error.refusals;
      throw error;
    });
    if (newlyRefused.length === 0) break;
    for (const [index, error] of newlyRefused) refused.set(index, error);
  }
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
      // The first attempt was refused and rolled back, releasing the key: this one is written now.
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

/** Thrown inside the write transaction to roll it back when some units were refused. */
class RewriteWithout extends Error {
  constructor(readonly refusals: ReadonlyArray<readonly [number, HeedError]>) {
    super('some units were refused; writing the group again without them');
  }
}

/** Claims the units' Idempotency-Keys; returns the "workspace/key" pairs this transaction now holds. */
async function claimKeys(tx: Queryable, units: UnitOf<unknown>[]): Promise<Set<string>> {
  const keyed = units
    .filter((unit): unit is UnitOf<unknown> & { idempotency: Idempotency } => Boolean(unit.idempotency))
    // Concurrent groups take row locks in one order, so they cannot deadlock on each other.
    .sort((a, b) => compareKeys(a.workspaceId + a.idempotency.key, b.workspaceId + b.idempotency.key));
  if (keyed.length === 0) return new Set();
  const rows = await tx.query<{ workspace_id: string; key: string }>(
    `INSERT INTO idempotency_keys (workspace_id, key, request_hash)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING
     RETURNING workspace_id, key`,
    [
      keyed.map((u) => u.workspaceId),
      keyed.map((u) => u.idempotency.key),
      keyed.map((u) => u.idempotency.requestHash),
    ],
  );
  return new Set(rows.map((row) => `${row.workspace_id}/${row.key}`));
}
