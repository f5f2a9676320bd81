// SQL for customers and accounts, including the set-at-a-time resolver ingest uses.
import type { Queryable } from '../../db/connect.ts';
import { isoOfMicros, microsOf, type TimePosition } from '../../shared/ids.ts';
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
    /** Words each matching the start of a word of the name, e-mail or external id (0009-customer-search.sql). */
    search?: string;
  },
) {
  // The search condition is left out when not asked for, rather than written "$11 IS NULL OR …", so the
  // search index serves it under any plan, a generic one included.
  const searched = filters.search !== undefined;
  return db.query<CustomerRow>(
    `SELECT ${customerColumns} FROM customers
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::text IS NULL OR segment = $3)
       AND ($4::uuid IS NULL OR account_id = $4) AND ($5::text IS NULL OR external_id = $5)
       AND ($6::text IS NULL OR email = $6) AND ($7::timestamptz IS NULL OR created_at >= $7)
       AND ($8::timestamptz IS NULL OR created_at < $8) AND ($10::text IS NULL OR phone = $10)
       ${searched ? 'AND customer_search_document(workspace_id, name, email, external_id) @@ customer_search_query($1, $11)' : ''}
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
      ...(searched ? [filters.search] : []),
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

/**
 * A workspace's segments in name order, read by skipping through the segment index from one value to the
 * next (a loose index scan): one probe per segment, however many customers each holds.
 */
export async function listSegments(db: Queryable, workspaceId: string, limit: number) {
  const rows = await db.query<{ segment: string }>(
    `WITH RECURSIVE found (segment) AS (
       (SELECT segment FROM customers WHERE workspace_id = $1 AND segment IS NOT NULL ORDER BY segment LIMIT 1)
       UNION ALL
       SELECT (SELECT c.segment FROM customers c
               WHERE c.workspace_id = $1 AND c.segment IS NOT NULL AND c.segment > found.segment
               ORDER BY c.segment LIMIT 1)
       FROM found WHERE found.segment IS NOT NULL
     )
     SELECT segment FROM found WHERE segment IS NOT NULL LIMIT $2`,
    [workspaceId, limit],
  );
  return rows.map((row) => row.segment);
}

export interface TimelineRow {
  kind: 'response' | 'feedback' | 'event';
  id: string;
  at: Date;
  /** `at` in microseconds (a bigint as text), for the next page's cursor: a Date keeps only milliseconds. */
  at_micros: string;
  channel: string | null;
  survey_id: string | null;
  survey_name: string | null;
  survey_kind: string | null;
  scale_min: number | null;
  scale_max: number | null;
  score: number | null;
  /** A response's comment or a feedback item's text. */
  text: string | null;
  answers: Record<string, unknown> | null;
  source: string | null;
  sentiment: string | null;
  sentiment_score: number | null;
  event_type: string | null;
  event_name: string | null;
  amount_minor: number | null;
  currency: string | null;
  properties: Record<string, unknown> | null;
}

/**
 * One page of a customer's touchpoints, newest first, after `before`: each kind read newest first from its
 * (workspace_id, customer_id, time) index, at most a page of each, then merged. Ties in time are ordered by
 * id, so every item has one place and paging neither skips nor repeats one.
 */
export async function listTimeline(
  db: Queryable,
  workspaceId: string,
  customerId: string,
  page: { limit: number; before?: TimePosition },
): Promise<TimelineRow[]> {
  // The row comparison orders ties; the plain bound beside it is what the time index can seek to.
  const after = (time: string) =>
    page.before ? `AND ${time} <= $4::timestamptz AND (${time}, id) < ($4::timestamptz, $5::uuid)` : '';
  return db.query<TimelineRow>(
    `WITH page AS (
       SELECT * FROM (
         (SELECT 'response' AS kind, id, submitted_at AS at, channel, survey_id, score, comment AS text, answers,
                 NULL::text AS source, NULL::text AS event_type, NULL::text AS event_name,
                 NULL::bigint AS amount_minor, NULL::text AS currency, NULL::jsonb AS properties
          FROM responses WHERE workspace_id = $1 AND customer_id = $2 ${after('submitted_at')}
          ORDER BY submitted_at DESC, id DESC LIMIT $3)
         UNION ALL
         (SELECT 'feedback', id, submitted_at, channel, NULL, NULL, text, NULL, source, NULL, NULL, NULL, NULL, NULL
          FROM feedback WHERE workspace_id = $1 AND customer_id = $2 ${after('submitted_at')}
          ORDER BY submitted_at DESC, id DESC LIMIT $3)
         UNION ALL
         (SELECT 'event', id, occurred_at, NULL, NULL, NULL, NULL, NULL, NULL, type, name, amount_minor,
                 trim(currency), properties
          FROM events WHERE workspace_id = $1 AND customer_id = $2 ${after('occurred_at')}
          ORDER BY occurred_at DESC, id DESC LIMIT $3)
       ) merged
       ORDER BY at DESC, id DESC LIMIT $3
     )
     SELECT p.*, ${microsOf('p.at')} AS at_micros,
            s.name AS survey_name, s.kind AS survey_kind, s.scale_min, s.scale_max,
            a.sentiment, a.sentiment_score
     FROM page p
     LEFT JOIN surveys s ON s.workspace_id = $1 AND s.id = p.survey_id
     LEFT JOIN comment_analyses a ON a.workspace_id = $1 AND a.item_id = p.id AND a.item_kind = p.kind
     ORDER BY p.at DESC, p.id DESC`,
    [
      workspaceId,
      customerId,
      page.limit + 1,
      ...(page.before ? [isoOfMicros(page.before.micros), page.before.id] : []),
    ],
  );
}

export interface ScorePointRow {
  response_id: string;
  survey_id: string;
  score: number;
  submitted_at: Date;
}

export interface SurveyScoreRow {
  survey_id: string;
  name: string;
  kind: string;
  scale_min: number | null;
  scale_max: number | null;
  responses: number;
  average: number;
  latest_score: number;
  latest_at: Date;
}

/** Every survey the customer gave a score in: how many scores, their mean and the latest (the customer's own rows only). */
export function scoreTotals(db: Queryable, workspaceId: string, customerId: string) {
  return db.query<SurveyScoreRow>(
    `SELECT t.survey_id, s.name, s.kind, s.scale_min, s.scale_max, t.responses, t.average,
            t.latest[1] AS latest_score, t.latest_at
     FROM (SELECT survey_id, count(*)::int AS responses, avg(score)::float8 AS average,
                  array_agg(score ORDER BY submitted_at DESC, id DESC) AS latest, max(submitted_at) AS latest_at
           FROM responses WHERE workspace_id = $1 AND customer_id = $2 AND score IS NOT NULL
           GROUP BY survey_id) t
     JOIN surveys s ON s.workspace_id = $1 AND s.id = t.survey_id
     ORDER BY s.name, t.survey_id`,
    [workspaceId, customerId],
  );
}

/** The customer's latest scores, oldest first. */
export async function latestScores(db: Queryable, workspaceId: string, customerId: string, limit: number) {
  const rows = await db.query<ScorePointRow>(
    `SELECT id AS response_id, survey_id, score, submitted_at FROM responses
     WHERE workspace_id = $1 AND customer_id = $2 AND score IS NOT NULL
     ORDER BY submitted_at DESC, id DESC LIMIT $3`,
    [workspaceId, customerId, limit],
  );
  return rows.reverse();
}

export interface TouchpointTotalsRow {
  responses: number;
  feedback: number;
  events: number;
  last_at: Date | null;
}

/** How many touchpoints of each kind the customer has, and when the latest was: each from its customer index. */
export async function touchpointTotals(db: Queryable, workspaceId: string, customerId: string) {
  const [row] = await db.query<TouchpointTotalsRow>(
    `SELECT r.n AS responses, f.n AS feedback, e.n AS events,
            greatest(r.last_at, f.last_at, e.last_at) AS last_at
     FROM (SELECT count(*)::int AS n, max(submitted_at) AS last_at FROM responses
           WHERE workspace_id = $1 AND customer_id = $2) r,
          (SELECT count(*)::int AS n, max(submitted_at) AS last_at FROM feedback
           WHERE workspace_id = $1 AND customer_id = $2) f,
          (SELECT count(*)::int AS n, max(occurred_at) AS last_at FROM events
           WHERE workspace_id = $1 AND customer_id = $2) e`,
    [workspaceId, customerId],
  );
  return row;
}

export interface CustomerRevenueRow {
  currency: string;
  revenue_minor: number;
  purchases: number;
  first_purchase_at: Date;
  last_purchase_at: Date;
}

/** The customer's revenue per currency, as ingest keeps it current. */
export function revenueOf(db: Queryable, workspaceId: string, customerId: string) {
  return db.query<CustomerRevenueRow>(
    `SELECT trim(currency) AS currency, revenue_minor, purchases, first_purchase_at, last_purchase_at
     FROM customer_revenue WHERE workspace_id = $1 AND customer_id = $2
     ORDER BY revenue_minor DESC, currency`,
    [workspaceId, customerId],
  );
}

export interface RevenueMonthRow {
  currency: string;
  month: string;
  revenue_minor: number;
  purchases: number;
}

/** The customer's purchases per calendar month (UTC) and currency, oldest first. */
export function revenueByMonth(db: Queryable, workspaceId: string, customerId: string) {
  return db.query<RevenueMonthRow>(
    `SELECT trim(currency) AS currency, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
            sum(amount_minor)::bigint AS revenue_minor, count(*)::int AS purchases
     FROM events WHERE workspace_id = $1 AND customer_id = $2 AND type = 'purchase'
     GROUP BY 1, 2 ORDER BY 2, 1`,
    [workspaceId, customerId],
  );
}
