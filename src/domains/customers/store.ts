// SQL for customers and accounts, including the set-at-a-time resolver ingest uses.
import type { Queryable } from '../../db/connect.ts';
import { compareKeys } from '../../shared/order.ts';

export interface CustomerRow {
  workspace_id: string;
  id: string;
  external_id: string | null;
  email: string | null;
  /** E.164, e.g. +14155550134. */
  phone: string | null;
  name: string | null;
  segment: string | null;
  account_id: string | null;
  traits: Record<string, unknown>;
  started_at: Date;
  churned_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface AccountRow {
  workspace_id: string;
  id: string;
  external_id: string | null;
  name: string | null;
  plan: string | null;
  owner: string | null;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const customerColumns =
  'workspace_id, id, external_id, email, phone, name, segment, account_id, traits, started_at, churned_at, created_at, updated_at';
const accountColumns = 'workspace_id, id, external_id, name, plan, owner, traits, created_at, updated_at';

export async function findCustomer(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<CustomerRow>(
    `SELECT ${customerColumns} FROM customers WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function findCustomerByIdentity(
  db: Queryable,
  workspaceId: string,
  identity: { external_id?: string; email?: string; phone?: string },
) {
  const [row] = await db.query<CustomerRow>(
    `SELECT ${customerColumns} FROM customers
     WHERE workspace_id = $1 AND (external_id = $2 OR ($2::text IS NULL AND email = $3)
       OR ($2::text IS NULL AND $3::text IS NULL AND phone = $4))`,
    [workspaceId, identity.external_id ?? null, identity.email ?? null, identity.phone ?? null],
  );
  return row;
}

export interface CustomerWrite {
  workspaceId: string;
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  segment: string | null;
  accountId: string | null;
  traits: Record<string, unknown> | null;
  startedAt: Date;
}

/** Inserts the customers that do not exist yet; returns the ones it inserted. */
export async function insertCustomers(db: Queryable, unordered: CustomerWrite[]): Promise<CustomerRow[]> {
  if (unordered.length === 0) return [];
  // Inserted in key order, so concurrent groups wait on each other's unique keys in one order: no deadlock.
  const identity = (row: CustomerWrite) =>
    `${row.workspaceId}\u0000${row.externalId ?? ''}\u0000${row.email ?? ''}\u0000${row.phone ?? ''}`;
  const rows = [...unordered].sort((a, b) => compareKeys(identity(a), identity(b)));
  return db.query<CustomerRow>(
    `INSERT INTO customers (workspace_id, id, external_id, email, phone, name, segment, account_id, traits, started_at)
     SELECT w, i, x, e, p, n, s, a, coalesce(t, '{}'), st
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $10::text[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[], $9::timestamptz[])
       AS r(w, i, x, e, p, n, s, a, t, st)
     ON CONFLICT DO NOTHING
     RETURNING ${customerColumns}`,
    [
      rows.map((r) => r.workspaceId),
      rows.map((r) => r.id),
      rows.map((r) => r.externalId),
      rows.map((r) => r.email),
      rows.map((r) => r.name),
      rows.map((r) => r.segment),
      rows.map((r) => r.accountId),
      rows.map((r) => (r.traits ? JSON.stringify(r.traits) : null)),
      rows.map((r) => r.startedAt),
      rows.map((r) => r.phone),
    ],
  );
}

/**
 * Changes only what is given; traits are merged, never replaced. An external id or email another customer
 * already holds is left unset rather than failing the statement (which would abort the whole transaction).
 */
export async function updateCustomer(
  db: Queryable,
  workspaceId: string,
  id: string,
  changes: {
    externalId?: string;
    email?: string;
    phone?: string;
    name?: string;
    segment?: string;
    accountId?: string;
    traits?: object;
  },
) {
  const [row] = await db.query<CustomerRow>(
    `UPDATE customers c SET
       external_id = coalesce(CASE WHEN NOT EXISTS (SELECT 1 FROM customers o
         WHERE o.workspace_id = $1 AND o.external_id = $3 AND o.id <> $2) THEN $3 END, external_id),
       email = coalesce(CASE WHEN NOT EXISTS (SELECT 1 FROM customers o
         WHERE o.workspace_id = $1 AND o.email = $4 AND o.id <> $2) THEN $4 END, email),
       phone = coalesce(CASE WHEN NOT EXISTS (SELECT 1 FROM customers o
         WHERE o.workspace_id = $1 AND o.phone = $9 AND o.id <> $2) THEN $9 END, phone),
       name = coalesce($5, name),
       segment = coalesce($6, segment), account_id = coalesce($7, account_id),
       traits = CASE WHEN $8::jsonb IS NULL THEN traits ELSE traits || $8::jsonb END,
       updated_at = now()
     WHERE c.workspace_id = $1 AND c.id = $2 RETURNING ${customerColumns}`,
    [
      workspaceId,
      id,
      changes.externalId ?? null,
      changes.email ?? null,
      changes.name ?? null,
      changes.segment ?? null,
      changes.accountId ?? null,
      changes.traits ? JSON.stringify(changes.traits) : null,
      changes.phone ?? null,
    ],
  );
  return row;
}

type Lookup = 'id' | 'external_id' | 'email' | 'phone';

/**
 * Finds many customers at once across workspaces, by one kind of identity: one probe of that identity's
 * unique index per distinct pair. OFFSET 0 keeps the lateral subquery from being flattened into a join the
 * planner may hash against every customer of the table (it did, once per batch, at 10,000 customers).
 */
export async function findCustomersBy(
  db: Queryable,
  lookup: Lookup,
  pairs: Array<{ workspaceId: string; value: string }>,
): Promise<CustomerRow[]> {
  if (pairs.length === 0) return [];
  const valueType = lookup === 'id' ? 'uuid' : 'text';
  const distinct = new Map(pairs.map((p) => [`${p.workspaceId}\u0000${p.value}`, p]));
  return db.query<CustomerRow>(
    `SELECT c.* FROM unnest($1::uuid[], $2::${valueType}[]) AS k(w, v)
     CROSS JOIN LATERAL (SELECT ${customerColumns} FROM customers
       WHERE workspace_id = k.w AND ${lookup} = k.v OFFSET 0) c`,
    [[...distinct.values()].map((p) => p.workspaceId), [...distinct.values()].map((p) => p.value)],
  );
}

export async function listCustomers(
  db: Queryable,
  workspaceId: string,
  filters: {
    limit: number;
    after?: string;
    segment?: string;
    accountId?: string;
    externalId?: string;
    email?: string;
    phone?: string;
    createdAfter?: string;
    createdBefore?: string;
  },
) {
  return db.query<CustomerRow>(
    `SELECT ${customerColumns} FROM customers
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::text IS NULL OR segment = $3)
       AND ($4::uuid IS NULL OR account_id = $4) AND ($5::text IS NULL OR external_id = $5)
       AND ($6::text IS NULL OR email = $6) AND ($7::timestamptz IS NULL OR created_at >= $7)
       AND ($8::timestamptz IS NULL OR created_at < $8) AND ($10::text IS NULL OR phone = $10)
     ORDER BY id LIMIT $9`,
    [
      workspaceId,
      filters.after ?? null,
      filters.segment ?? null,
      filters.accountId ?? null,
      filters.externalId ?? null,
      filters.email ?? null,
      filters.createdAfter ?? null,
      filters.createdBefore ?? null,
      filters.limit + 1,
      filters.phone ?? null,
    ],
  );
}

export async function upsertAccount(
  db: Queryable,
  workspaceId: string,
  id: string,
  input: { external_id: string; name?: string; plan?: string; owner?: string; traits?: object },
): Promise<{ account: AccountRow; created: boolean }> {
  const [row] = await db.query<AccountRow & { created: boolean }>(
    `INSERT INTO accounts (workspace_id, id, external_id, name, plan, owner, traits)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::jsonb, '{}'))
     ON CONFLICT (workspace_id, external_id) DO UPDATE SET
       name = coalesce(excluded.name, accounts.name), plan = coalesce(excluded.plan, accounts.plan),
       owner = coalesce(excluded.owner, accounts.owner),
       traits = CASE WHEN $7::jsonb IS NULL THEN accounts.traits ELSE accounts.traits || $7::jsonb END,
       updated_at = now()
     RETURNING ${accountColumns}, (xmax = 0) AS created`,
    [
      workspaceId,
      id,
      input.external_id,
      input.name ?? null,
      input.plan ?? null,
      input.owner ?? null,
      input.traits ? JSON.stringify(input.traits) : null,
    ],
  );
  const { created, ...account } = row;
  return { account, created };
}

export async function findAccount(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<AccountRow>(
    `SELECT ${accountColumns} FROM accounts WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function listAccounts(
  db: Queryable,
  workspaceId: string,
  filters: { limit: number; after?: string; plan?: string },
) {
  return db.query<AccountRow>(
    `SELECT ${accountColumns} FROM accounts
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::text IS NULL OR plan = $3)
     ORDER BY id LIMIT $4`,
    [workspaceId, filters.after ?? null, filters.plan ?? null, filters.limit + 1],
  );
}
