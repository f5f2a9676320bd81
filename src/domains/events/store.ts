// SQL for events and what they keep current: customer lifecycle dates and revenue per customer.
import type { Queryable } from '../../db/connect.ts';
import { keyArrays, storedByKeysSql } from '../../shared/source-ids.ts';

export interface EventRow {
  workspace_id: string;
  id: string;
  customer_id: string;
  type: string;
  name: string | null;
  amount_minor: number | null;
  currency: string | null;
  properties: Record<string, unknown> | null;
  occurred_at: Date;
  received_at: Date;
  source_id: string | null;
}

const columns =
  'workspace_id, id, customer_id, type, name, amount_minor, currency, properties, occurred_at, received_at, source_id';

/**
 * Inserts the rows; returns the ids it wrote of the rows with a source id. Their ids are derived from the
 * source id, so an event already stored (or twice in `rows`) is skipped by the primary key.
 */
export async function insertEvents(db: Queryable, rows: EventRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const sourced = rows.some((row) => row.source_id !== null);
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO events (${columns})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::text[],
       $8::jsonb[], $9::timestamptz[], $10::timestamptz[], $11::text[])
     ${sourced ? 'ON CONFLICT (workspace_id, id) DO NOTHING RETURNING id' : ''}`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.type),
      rows.map((r) => r.name),
      rows.map((r) => r.amount_minor),
      rows.map((r) => r.currency),
      rows.map((r) => (r.properties ? JSON.stringify(r.properties) : null)),
      rows.map((r) => r.occurred_at),
      rows.map((r) => r.received_at),
      rows.map((r) => r.source_id),
    ],
  );
  return new Set(inserted.map((row) => row.id));
}

/** The stored events among (workspace, id) pairs: the events an ingest's source ids name already. */
export function findEventsByIds(db: Queryable, keys: Array<{ workspaceId: string; id: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.query<EventRow>(storedByKeysSql('events', columns), keyArrays(keys));
}

/** The keys, source ids and customers of the stored events among (workspace, id) pairs (see findResponseHeadsByIds). */
export function findEventHeadsByIds(db: Queryable, keys: Array<{ workspaceId: string; id: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.query<{ workspace_id: string; id: string; customer_id: string; source_id: string | null }>(
    storedByKeysSql('events', 'workspace_id, id, customer_id, source_id'),
    keyArrays(keys),
  );
}

export interface LifecycleChange {
  workspaceId: string;
  customerId: string;
  firstAt: Date;
  churnedAt: Date | null;
  reactivatedAt: Date | null;
}

/** A customer counts from their earliest event; churned_at is the latest churn unless a later (re)start follows. */
export async function applyLifecycle(db: Queryable, changes: LifecycleChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `UPDATE customers c SET
       started_at = least(c.started_at, u.first_at),
       churned_at = CASE WHEN u.reactivated_at > greatest(c.churned_at, u.churned_at) THEN NULL
                         ELSE greatest(c.churned_at, u.churned_at) END,
       updated_at = now()
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
       AS u(w, id, first_at, churned_at, reactivated_at)
     WHERE c.workspace_id = u.w AND c.id = u.id
       AND (u.first_at < c.started_at OR u.churned_at IS NOT NULL OR u.reactivated_at IS NOT NULL)`,
    [
      changes.map((c) => c.workspaceId),
      changes.map((c) => c.customerId),
      changes.map((c) => c.firstAt),
      changes.map((c) => c.churnedAt),
      changes.map((c) => c.reactivatedAt),
    ],
  );
}

export interface RevenueChange {
  workspaceId: string;
  customerId: string;
  currency: string;
  amountMinor: number;
  purchases: number;
  firstAt: Date;
  lastAt: Date;
}

export async function addRevenue(db: Queryable, changes: RevenueChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `INSERT INTO customer_revenue (workspace_id, customer_id, currency, revenue_minor, purchases, first_purchase_at, last_purchase_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::int[], $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT (workspace_id, customer_id, currency) DO UPDATE SET
       revenue_minor = customer_revenue.revenue_minor + excluded.revenue_minor,
       purchases = customer_revenue.purchases + excluded.purchases,
       first_purchase_at = least(customer_revenue.first_purchase_at, excluded.first_purchase_at),
       last_purchase_at = greatest(customer_revenue.last_purchase_at, excluded.last_purchase_at)`,
    [
      changes.map((c) => c.workspaceId),
      changes.map((c) => c.customerId),
      changes.map((c) => c.currency),
      changes.map((c) => c.amountMinor),
      changes.map((c) => c.purchases),
      changes.map((c) => c.firstAt),
      changes.map((c) => c.lastAt),
    ],
  );
}

export async function findEvent(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<EventRow>(
    `SELECT ${columns} FROM events WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function listEvents(
  db: Queryable,
  workspaceId: string,
  filters: { limit: number; before?: string; customerId?: string; type?: string },
) {
  return db.query<EventRow>(
    `SELECT ${columns} FROM events
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id < $2) AND ($3::uuid IS NULL OR customer_id = $3)
       AND ($4::text IS NULL OR type = $4)
     ORDER BY id DESC LIMIT $5`,
    [
      workspaceId,
      filters.before ?? null,
      filters.customerId ?? null,
      filters.type ?? null,
      filters.limit + 1,
    ],
  );
}
