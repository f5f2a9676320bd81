// SQL for surveys.
import type { Queryable } from '../../db/connect.ts';
import type { Question, SurveyKind } from './schema.ts';

export interface SurveyRow {
  workspace_id: string;
  id: string;
  kind: SurveyKind;
  name: string;
  language: string;
  question: string | null;
  scale_min: number | null;
  scale_max: number | null;
  rating_style: 'numeric' | 'stars';
  questions: Question[];
  /** The share of eligible people asked (widget visitors, an e-mail list), 0 < rate ≤ 1. */
  sample_rate: number;
  /** Nobody more is asked once the survey has this many scored responses; null for no cap. */
  response_quota: number | null;
  status: 'active' | 'archived';
  created_at: Date;
  archived_at: Date | null;
}

const columns =
  'workspace_id, id, kind, name, language, question, scale_min, scale_max, rating_style, questions, sample_rate, response_quota, status, created_at, archived_at';

export async function insertSurvey(
  db: Queryable,
  row: Omit<SurveyRow, 'status' | 'created_at' | 'archived_at'>,
) {
  const [survey] = await db.query<SurveyRow>(
    `INSERT INTO surveys (workspace_id, id, kind, name, language, question, scale_min, scale_max, rating_style, questions,
                          sample_rate, response_quota)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${columns}`,
    [
      row.workspace_id,
      row.id,
      row.kind,
      row.name,
      row.language,
      row.question,
      row.scale_min,
      row.scale_max,
      row.rating_style,
      JSON.stringify(row.questions),
      row.sample_rate,
      row.response_quota,
    ],
  );
  return survey;
}

export async function findSurvey(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<SurveyRow>(
    `SELECT ${columns} FROM surveys WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function listSurveys(
  db: Queryable,
  workspaceId: string,
  filters: { limit: number; after?: string; status?: string; kind?: string },
) {
  return db.query<SurveyRow>(
    `SELECT ${columns} FROM surveys
     WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::text IS NULL OR status = $3)
       AND ($4::text IS NULL OR kind = $4)
     ORDER BY id LIMIT $5`,
    [workspaceId, filters.after ?? null, filters.status ?? null, filters.kind ?? null, filters.limit + 1],
  );
}

export async function updateSurvey(
  db: Queryable,
  workspaceId: string,
  id: string,
  changes: {
    name?: string;
    question?: string;
    language?: string;
    questions?: Question[];
    sample_rate?: number;
    response_quota?: number | null;
  },
) {
  const [row] = await db.query<SurveyRow>(
    `UPDATE surveys SET name = coalesce($3, name), sample_rate = coalesce($4, sample_rate),
       response_quota = CASE WHEN $5 THEN $6::integer ELSE response_quota END,
       question = coalesce($7, question), language = coalesce($8, language),
       questions = coalesce($9::jsonb, questions)
     WHERE workspace_id = $1 AND id = $2 RETURNING ${columns}`,
    [
      workspaceId,
      id,
      changes.name ?? null,
      changes.sample_rate ?? null,
      changes.response_quota !== undefined,
      changes.response_quota ?? null,
      changes.question ?? null,
      changes.language ?? null,
      changes.questions === undefined ? null : JSON.stringify(changes.questions),
    ],
  );
  return row;
}

export async function archiveSurvey(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<SurveyRow>(
    `UPDATE surveys SET status = 'archived', archived_at = coalesce(archived_at, now())
     WHERE workspace_id = $1 AND id = $2 RETURNING ${columns}`,
    [workspaceId, id],
  );
  return row;
}
