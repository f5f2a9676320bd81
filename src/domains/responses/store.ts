// SQL for responses and feedback: set-at-a-time inserts for group commit, and drill-down reads.
import type { Queryable } from '../../db/connect.ts';
import { keyArrays, storedByKeysSql } from '../../shared/source-ids.ts';

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
  source_id: string | null;
}

export interface FeedbackRow {
  workspace_id: string;
  id: string;
  customer_id: string | null;
  /** The customer's segment when they wrote, as responses keep it. */
  segment: string | null;
  channel: string;
  source: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  submitted_at: Date;
  received_at: Date;
  source_id: string | null;
}

const responseColumns =
  'workspace_id, id, survey_id, customer_id, account_id, segment, channel, score, comment, answers, metadata, submitted_at, received_at, source_id';
const feedbackColumns =
  'workspace_id, id, customer_id, segment, channel, source, text, metadata, submitted_at, received_at, source_id';

const json = (value: object | null) => (value ? JSON.stringify(value) : null);

/**
 * Inserts the rows; returns the ids it wrote of the rows with a source id. Those rows' ids are derived from
 * the source id, so one already stored (or twice in `rows`) is skipped by the primary key, not written again.
 */
export async function insertResponses(db: Queryable, rows: ResponseRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO responses (${responseColumns})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
       $8::smallint[], $9::text[], $10::jsonb[], $11::jsonb[], $12::timestamptz[], $13::timestamptz[], $14::text[])
     ${onSourceConflict(rows)}`,
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
      rows.map((r) => r.source_id),
    ],
  );
  return new Set(inserted.map((row) => row.id));
}

/** Inserts the rows; returns the ids it wrote of the rows with a source id (see insertResponses). */
export async function insertFeedback(db: Queryable, rows: FeedbackRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO feedback (${feedbackColumns})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::jsonb[], $9::timestamptz[], $10::timestamptz[], $11::text[])
     ${onSourceConflict(rows)}`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.segment),
      rows.map((r) => r.channel),
      rows.map((r) => r.source),
      rows.map((r) => r.text),
      rows.map((r) => json(r.metadata)),
      rows.map((r) => r.submitted_at),
      rows.map((r) => r.received_at),
      rows.map((r) => r.source_id),
    ],
  );
  return new Set(inserted.map((row) => row.id));
}

// Rows without a source id have fresh UUIDv7 ids that cannot conflict: the plain insert returns nothing.
const onSourceConflict = (rows: Array<{ source_id: string | null }>) =>
  rows.some((row) => row.source_id !== null) ? 'ON CONFLICT (workspace_id, id) DO NOTHING RETURNING id' : '';

/** The stored responses among (workspace, id) pairs: the items an ingest's source ids name already. */
export function findResponsesByIds(db: Queryable, keys: Array<{ workspaceId: string; id: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.query<ResponseRow>(storedByKeysSql('responses', responseColumns), keyArrays(keys));
}

/** What a batch answer (and a dry run) needs of a stored item: its key, source id and customer. */
export interface StoredHead {
  workspace_id: string;
  id: string;
  customer_id: string | null;
  source_id: string | null;
}

/**
 * The keys of the stored responses among (workspace, id) pairs, without the rest of each row: a re-import
 * asks this of every row, and reading (and parsing) whole rows was most of its cost.
 */
export function findResponseHeadsByIds(db: Queryable, keys: Array<{ workspaceId: string; id: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.query<StoredHead>(
    storedByKeysSql('responses', 'workspace_id, id, customer_id, source_id'),
    keyArrays(keys),
  );
}

/** The stored feedback among (workspace, id) pairs (see findResponsesByIds). */
export function findFeedbackByIds(db: Queryable, keys: Array<{ workspaceId: string; id: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db.query<FeedbackRow>(storedByKeysSql('feedback', feedbackColumns), keyArrays(keys));
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

/**
 * Adds the comment and follow-up answers to a response recorded with its score alone (a one-click e-mail
 * score); a response that already has a comment is left as it is (undefined).
 */
export async function amendResponse(
  db: Queryable,
  workspaceId: string,
  id: string,
  amendment: { comment: string | null; answers: Record<string, unknown> | null },
) {
  const [row] = await db.query<ResponseRow>(
    `UPDATE responses SET comment = $3,
       answers = CASE WHEN $4::jsonb IS NULL THEN answers ELSE coalesce(answers, '{}'::jsonb) || $4::jsonb END
     WHERE workspace_id = $1 AND id = $2 AND comment IS NULL RETURNING ${responseColumns}`,
    [
      workspaceId,
      id,
      amendment.comment,
      amendment.answers === null ? null : JSON.stringify(amendment.answers),
    ],
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
