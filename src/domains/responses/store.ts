// SQL for responses and feedback: set-at-a-time inserts for group commit, and drill-down reads.
import type { Queryable } from '../../db/connect.ts';

export interface ResponseRow {
  workspace_id: string;
  id: string;
  survey_id: string;
  customer_id: string | null;
  account_id: string | null;
  segment: string | null;
  channel: string;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  submitted_at: Date;
  received_at: Date;
}

export interface FeedbackRow {
  workspace_id: string;
  id: string;
  customer_id: string | null;
  channel: string;
  source: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  submitted_at: Date;
  received_at: Date;
}

const responseColumns =
  'workspace_id, id, survey_id, customer_id, account_id, segment, channel, score, comment, answers, metadata, submitted_at, received_at';
const feedbackColumns =
  'workspace_id, id, customer_id, channel, source, text, metadata, submitted_at, received_at';

const json = (value: object | null) => (value ? JSON.stringify(value) : null);

export async function insertResponses(db: Queryable, rows: ResponseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO responses (${responseColumns})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
       $8::smallint[], $9::text[], $10::jsonb[], $11::jsonb[], $12::timestamptz[], $13::timestamptz[])`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.survey_id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.account_id),
      rows.map((r) => r.segment),
      rows.map((r) => r.channel),
      rows.map((r) => r.score),
      rows.map((r) => r.comment),
      rows.map((r) => json(r.answers)),
      rows.map((r) => json(r.metadata)),
      rows.map((r) => r.submitted_at),
      rows.map((r) => r.received_at),
    ],
  );
}

export async function insertFeedback(db: Queryable, rows: FeedbackRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO feedback (${feedbackColumns})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
       $8::timestamptz[], $9::timestamptz[])`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.channel),
      rows.map((r) => r.source),
      rows.map((r) => r.text),
      rows.map((r) => json(r.metadata)),
      rows.map((r) => r.submitted_at),
      rows.map((r) => r.received_at),
    ],
  );
}

/** Theme and sentiment filters (parameters $n and $n+1) on what text analysis found. */
const analysisFilters = (table: 'responses' | 'feedback', n: number) =>
  `($${n}::uuid IS NULL OR EXISTS (SELECT 1 FROM item_themes t WHERE t.workspace_id = ${table}.workspace_id
       AND t.item_id = ${table}.id AND t.theme_id = $${n}))
   AND ($${n + 1}::text IS NULL OR EXISTS (SELECT 1 FROM comment_analyses a WHERE a.workspace_id = ${table}.workspace_id
       AND a.item_id = ${table}.id AND a.sentiment = $${n + 1}))`;

export async function findResponse(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<ResponseRow>(
    `SELECT ${responseColumns} FROM responses WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

/** Newest first: the order an inbox reads in. */
export async function listResponses(
  db: Queryable,
  workspaceId: string,
  filters: {
    limit: number;
    before?: string;
    surveyId?: string;
    customerId?: string;
    channel?: string;
    submittedAfter?: string;
    submittedBefore?: string;
    themeId?: string;
    sentiment?: string;
  },
) {
  return db.query<ResponseRow>(
    `SELECT ${responseColumns} FROM responses
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id < $2) AND ($3::uuid IS NULL OR survey_id = $3)
       AND ($4::uuid IS NULL OR customer_id = $4) AND ($5::text IS NULL OR channel = $5)
       AND ($6::timestamptz IS NULL OR submitted_at >= $6) AND ($7::timestamptz IS NULL OR submitted_at < $7)
       AND ${analysisFilters('responses', 9)}
     ORDER BY id DESC LIMIT $8`,
    [
      workspaceId,
      filters.before ?? null,
      filters.surveyId ?? null,
      filters.customerId ?? null,
      filters.channel ?? null,
      filters.submittedAfter ?? null,
      filters.submittedBefore ?? null,
      filters.limit + 1,
      filters.themeId ?? null,
      filters.sentiment ?? null,
    ],
  );
}

export async function findFeedback(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<FeedbackRow>(
    `SELECT ${feedbackColumns} FROM feedback WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function listFeedback(
  db: Queryable,
  workspaceId: string,
  filters: {
    limit: number;
    before?: string;
    customerId?: string;
    channel?: string;
    themeId?: string;
    sentiment?: string;
  },
) {
  return db.query<FeedbackRow>(
    `SELECT ${feedbackColumns} FROM feedback
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id < $2) AND ($3::uuid IS NULL OR customer_id = $3)
       AND ($4::text IS NULL OR channel = $4) AND ${analysisFilters('feedback', 6)}
     ORDER BY id DESC LIMIT $5`,
    [
      workspaceId,
      filters.before ?? null,
      filters.customerId ?? null,
      filters.channel ?? null,
      filters.limit + 1,
      filters.themeId ?? null,
      filters.sentiment ?? null,
    ],
  );
}
