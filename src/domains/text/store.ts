// SQL for text analysis: the comments to analyse, their analyses and themes, the theme rollup, tags, rules, runs.
import type { Queryable } from '../../db/connect.ts';
import type { SentimentLabel } from './sentiment.ts';

/** The survey id and score that stand for "no survey" (feedback) and "no score" in the theme rollup. */
export const noSurvey = '00000000-0000-0000-0000-000000000000';
export const noScore = -1;
/** The theme id of the rollup rows that count every analysed comment. */
export const allComments = '00000000-0000-0000-0000-000000000000';

export type ItemKind = 'response' | 'feedback';
export type ThemeSource = 'auto' | 'rule' | 'manual';

/** A comment as the analyser reads it from the fact tables. */
export interface CommentRow {
  workspace_id: string;
  item_id: string;
  item_kind: ItemKind;
  survey_id: string | null;
  score: number | null;
  channel: string;
  submitted_at: Date;
  text: string;
}

export interface AnalysisRow {
  item_id: string;
  item_kind: ItemKind;
  survey_id: string | null;
  score: number | null;
  channel: string;
  submitted_at: Date;
  sentiment: SentimentLabel;
  sentiment_score: number;
  phrases: string[];
}

export interface ItemThemeRow {
  item_id: string;
  theme_id: string;
  source: ThemeSource;
}

export interface ThemeRow {
  workspace_id: string;
  id: string;
  kind: 'auto' | 'tag';
  key: string;
  label: string;
  terms: string[];
  created_at: Date;
  updated_at: Date;
  retired_at: Date | null;
}

export interface TagRuleRow {
  workspace_id: string;
  id: string;
  tag_id: string;
  match: 'keyword' | 'phrase';
  pattern: string;
  created_at: Date;
}

export interface RunRow {
  workspace_id: string;
  id: string;
  kind: 'reanalyze' | 'retheme';
  reason: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number | null;
  processed: number;
  cursor_item_id: string | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface RollupDelta {
  theme_id: string;
  week: string;
  survey_id: string;
  score: number;
  comments: number;
  positive: number;
  negative: number;
  sentiment_sum: number;
}

const commentSelect = {
  response: `SELECT workspace_id, id AS item_id, 'response' AS item_kind, survey_id, score, channel, submitted_at,
                    comment AS text
             FROM responses`,
  feedback: `SELECT workspace_id, id AS item_id, 'feedback' AS item_kind, NULL::uuid AS survey_id,
                    NULL::smallint AS score, channel, submitted_at, text
             FROM feedback`,
};
const commentPresent = { response: "comment IS NOT NULL AND comment <> ''", feedback: 'true' };

// ---- the log the analyser follows ----

export async function readWatermark(db: Queryable, kind: ItemKind): Promise<number> {
  const [row] = await db.query<{ below_xid: number }>(
    'SELECT below_xid FROM rollup_watermarks WHERE name = $1',
    [`text-${kind === 'response' ? 'responses' : 'feedback'}`],
  );
  return row.below_xid;
}

export async function writeWatermark(db: Queryable, kind: ItemKind, belowXid: number): Promise<void> {
  await db.query('UPDATE rollup_watermarks SET below_xid = $2 WHERE name = $1', [
    `text-${kind === 'response' ? 'responses' : 'feedback'}`,
    belowXid,
  ]);
}

export async function finishedXidHorizon(db: Queryable): Promise<number> {
  const [row] = await db.query<{ xmin: number }>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin',
  );
  return row.xmin;
}

/** Comments written by transactions in [fromXid, toXid): found through the BRIN index on ingest_xid. */
export async function commentsWrittenBetween(db: Queryable, kind: ItemKind, fromXid: number, toXid: number) {
  await db.query('SET LOCAL enable_seqscan = off');
  return db.query<CommentRow>(
    `${commentSelect[kind]} WHERE ingest_xid >= $1 AND ingest_xid < $2 AND ${commentPresent[kind]}`,
    [fromXid, toXid],
  );
}

/** Comments by id (re-analysis reads the stored, already redacted text again). */
export async function commentsByIds(db: Queryable, workspaceId: string, itemIds: string[]) {
  return db.query<CommentRow>(
    `${commentSelect.response} WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND ${commentPresent.response}
     UNION ALL
     ${commentSelect.feedback} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, itemIds],
  );
}

// ---- per-item analysis state ----

export async function lockWorkspaceAnalysis(db: Queryable, workspaceId: string): Promise<void> {
  // Every writer of an item's analysis or themes holds this, so rollup deltas are computed from current state.
  await db.query("SELECT pg_advisory_xact_lock(4815, hashtext($1::text || ':text'))", [workspaceId]);
}

export async function analysesOf(db: Queryable, workspaceId: string, itemIds: string[]) {
  return db.query<AnalysisRow>(
    `SELECT item_id, item_kind, survey_id, score, channel, submitted_at, sentiment, sentiment_score, phrases
     FROM comment_analyses WHERE workspace_id = $1 AND item_id = ANY($2::uuid[])`,
    [workspaceId, itemIds],
  );
}

export async function themesOfItems(db: Queryable, workspaceId: string, itemIds: string[]) {
  return db.query<ItemThemeRow>(
    'SELECT item_id, theme_id, source FROM item_themes WHERE workspace_id = $1 AND item_id = ANY($2::uuid[])',
    [workspaceId, itemIds],
  );
}

export async function upsertAnalyses(db: Queryable, workspaceId: string, rows: AnalysisRow[]) {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO comment_analyses AS a (workspace_id, item_id, item_kind, survey_id, score, channel, submitted_at,
       sentiment, sentiment_score, phrases, analyzed_at)
     SELECT $1, item_id, item_kind, survey_id, score, channel, submitted_at, sentiment, sentiment_score,
            CASE WHEN phrases = '' THEN '{}'::text[] ELSE string_to_array(phrases, chr(31)) END, now()
     FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::smallint[], $6::text[], $7::timestamptz[], $8::text[],
                 $9::float8[], $10::text[])
          AS t(item_id, item_kind, survey_id, score, channel, submitted_at, sentiment, sentiment_score, phrases)
     ON CONFLICT (workspace_id, item_id) DO UPDATE SET sentiment = excluded.sentiment,
       sentiment_score = excluded.sentiment_score, phrases = excluded.phrases, analyzed_at = excluded.analyzed_at`,
    [
      workspaceId,
      rows.map((r) => r.item_id),
      rows.map((r) => r.item_kind),
      rows.map((r) => r.survey_id),
      rows.map((r) => r.score),
      rows.map((r) => r.channel),
      rows.map((r) => r.submitted_at),
      rows.map((r) => r.sentiment),
      rows.map((r) => r.sentiment_score),
      // text[][] must be rectangular, so each item's phrases travel as one string joined by a unit separator.
      rows.map((r) => r.phrases.join('\u001f')),
    ],
  );
}

/** Replaces the given sources' theme links of the items; manual links are never touched by this. */
export async function replaceItemThemes(
  db: Queryable,
  workspaceId: string,
  itemIds: string[],
  sources: ThemeSource[],
  links: ItemThemeRow[],
) {
  if (itemIds.length > 0) {
    await db.query(
      'DELETE FROM item_themes WHERE workspace_id = $1 AND item_id = ANY($2::uuid[]) AND source = ANY($3::text[])',
      [workspaceId, itemIds, sources],
    );
  }
  await insertItemThemes(db, workspaceId, links);
}

export async function insertItemThemes(db: Queryable, workspaceId: string, links: ItemThemeRow[]) {
  if (links.length === 0) return;
  await db.query(
    `INSERT INTO item_themes (workspace_id, item_id, theme_id, source)
     SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[])
     ON CONFLICT (workspace_id, theme_id, item_id) DO NOTHING`,
    [workspaceId, links.map((l) => l.item_id), links.map((l) => l.theme_id), links.map((l) => l.source)],
  );
}

export async function deleteItemTheme(db: Queryable, workspaceId: string, itemId: string, themeId: string) {
  const rows = await db.query<ItemThemeRow>(
    'DELETE FROM item_themes WHERE workspace_id = $1 AND item_id = $2 AND theme_id = $3 RETURNING item_id, theme_id, source',
    [workspaceId, itemId, themeId],
  );
  return rows[0];
}

export async function applyRollupDeltas(db: Queryable, workspaceId: string, deltas: RollupDelta[]) {
  if (deltas.length === 0) return;
  // Sorted so two transactions touching the same rows lock them in one order.
  const sorted = [...deltas].sort((a, b) =>
    a.theme_id === b.theme_id
      ? a.week === b.week
        ? a.survey_id === b.survey_id
          ? a.score - b.score
          : a.survey_id < b.survey_id
            ? -1
            : 1
        : a.week < b.week
          ? -1
          : 1
      : a.theme_id < b.theme_id
        ? -1
        : 1,
  );
  await db.query(
    `INSERT INTO theme_rollups AS r (workspace_id, theme_id, week, survey_id, score, comments, positive, negative,
       sentiment_sum)
     SELECT $1, * FROM unnest($2::uuid[], $3::date[], $4::uuid[], $5::smallint[], $6::bigint[], $7::bigint[],
       $8::bigint[], $9::float8[])
     ON CONFLICT (workspace_id, theme_id, week, survey_id, score) DO UPDATE SET
       comments = r.comments + excluded.comments, positive = r.positive + excluded.positive,
       negative = r.negative + excluded.negative, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum`,
    [
      workspaceId,
      sorted.map((d) => d.theme_id),
      sorted.map((d) => d.week),
      sorted.map((d) => d.survey_id),
      sorted.map((d) => d.score),
      sorted.map((d) => d.comments),
      sorted.map((d) => d.positive),
      sorted.map((d) => d.negative),
      sorted.map((d) => d.sentiment_sum),
    ],
  );
  await db.query('DELETE FROM theme_rollups WHERE workspace_id = $1 AND comments = 0', [workspaceId]);
}

// ---- themes, tags, rules ----

const themeColumns = 'workspace_id, id, kind, key, label, terms, created_at, updated_at, retired_at';

export async function listThemes(db: Queryable, workspaceId: string, kind?: 'auto' | 'tag') {
  return db.query<ThemeRow>(
    `SELECT ${themeColumns} FROM themes WHERE workspace_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
    [workspaceId, kind ?? null],
  );
}

export async function findTheme(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<ThemeRow>(
    `SELECT ${themeColumns} FROM themes WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function insertTheme(
  db: Queryable,
  theme: Pick<ThemeRow, 'workspace_id' | 'id' | 'kind' | 'key' | 'label' | 'terms'>,
) {
  const [row] = await db.query<ThemeRow>(
    `INSERT INTO themes (workspace_id, id, kind, key, label, terms) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, kind, key) DO NOTHING RETURNING ${themeColumns}`,
    [theme.workspace_id, theme.id, theme.kind, theme.key, theme.label, theme.terms],
  );
  return row;
}

export async function updateTheme(
  db: Queryable,
  workspaceId: string,
  id: string,
  changes: { label?: string; key?: string; terms?: string[]; retired?: boolean },
) {
  const [row] = await db.query<ThemeRow>(
    `UPDATE themes SET label = coalesce($3, label), terms = coalesce($4, terms), key = coalesce($6, key),
       retired_at = CASE WHEN $5::boolean IS NULL THEN retired_at WHEN $5 THEN coalesce(retired_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE workspace_id = $1 AND id = $2 RETURNING ${themeColumns}`,
    [
      workspaceId,
      id,
      changes.label ?? null,
      changes.terms ?? null,
      changes.retired ?? null,
      changes.key ?? null,
    ],
  );
  return row;
}

export async function deleteTheme(db: Queryable, workspaceId: string, id: string) {
  await db.query('DELETE FROM theme_rollups WHERE workspace_id = $1 AND theme_id = $2', [workspaceId, id]);
  const rows = await db.query('DELETE FROM themes WHERE workspace_id = $1 AND id = $2 RETURNING id', [
    workspaceId,
    id,
  ]);
  return rows.length > 0;
}

const ruleColumns = 'workspace_id, id, tag_id, match, pattern, created_at';

export async function listRules(db: Queryable, workspaceId: string) {
  return db.query<TagRuleRow>(`SELECT ${ruleColumns} FROM tag_rules WHERE workspace_id = $1 ORDER BY id`, [
    workspaceId,
  ]);
}

export async function insertRule(db: Queryable, rule: Omit<TagRuleRow, 'created_at'>) {
  const [row] = await db.query<TagRuleRow>(
    `INSERT INTO tag_rules (workspace_id, id, tag_id, match, pattern) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, tag_id, match, pattern) DO NOTHING RETURNING ${ruleColumns}`,
    [rule.workspace_id, rule.id, rule.tag_id, rule.match, rule.pattern],
  );
  return row;
}

export async function deleteRule(db: Queryable, workspaceId: string, id: string) {
  const rows = await db.query('DELETE FROM tag_rules WHERE workspace_id = $1 AND id = $2 RETURNING id', [
    workspaceId,
    id,
  ]);
  return rows.length > 0;
}

// ---- runs ----

const runColumns =
  'workspace_id, id, kind, reason, status, total, processed, cursor_item_id, error, created_at, started_at, finished_at';

export async function insertRun(db: Queryable, run: Pick<RunRow, 'workspace_id' | 'id' | 'kind' | 'reason'>) {
  const [row] = await db.query<RunRow>(
    `INSERT INTO analysis_runs (workspace_id, id, kind, reason) VALUES ($1, $2, $3, $4) RETURNING ${runColumns}`,
    [run.workspace_id, run.id, run.kind, run.reason],
  );
  return row;
}

export async function findRun(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<RunRow>(
    `SELECT ${runColumns} FROM analysis_runs WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  return row;
}

export async function listRuns(db: Queryable, workspaceId: string, limit: number, before?: string) {
  return db.query<RunRow>(
    `SELECT ${runColumns} FROM analysis_runs WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [workspaceId, before ?? null, limit + 1],
  );
}

/** The oldest unfinished run, locked for this worker; other workers skip it. */
export async function claimPendingRun(db: Queryable) {
  const [row] = await db.query<RunRow>(
    `SELECT ${runColumns} FROM analysis_runs WHERE status IN ('queued', 'running')
     ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return row;
}

export async function hasPendingRun(db: Queryable, workspaceId: string, kind: RunRow['kind']) {
  const rows = await db.query(
    `SELECT 1 FROM analysis_runs WHERE workspace_id = $1 AND kind = $2 AND status IN ('queued', 'running') LIMIT 1`,
    [workspaceId, kind],
  );
  return rows.length > 0;
}

export async function updateRun(
  db: Queryable,
  run: Pick<RunRow, 'workspace_id' | 'id'>,
  changes: Partial<Pick<RunRow, 'status' | 'total' | 'processed' | 'cursor_item_id' | 'error'>>,
) {
  await db.query(
    `UPDATE analysis_runs SET status = coalesce($3, status), total = coalesce($4, total),
       processed = coalesce($5, processed), cursor_item_id = coalesce($6, cursor_item_id), error = coalesce($7, error),
       started_at = CASE WHEN $3 = 'running' THEN coalesce(started_at, now()) ELSE started_at END,
       finished_at = CASE WHEN $3 IN ('done', 'failed') THEN now() ELSE finished_at END
     WHERE workspace_id = $1 AND id = $2`,
    [
      run.workspace_id,
      run.id,
      changes.status ?? null,
      changes.total ?? null,
      changes.processed ?? null,
      changes.cursor_item_id ?? null,
      changes.error ?? null,
    ],
  );
}

/** The next chunk of a workspace's analysed items after the cursor, in id order. */
export async function analysedItemIdsAfter(
  db: Queryable,
  workspaceId: string,
  after: string | null,
  limit: number,
) {
  const rows = await db.query<{ item_id: string }>(
    `SELECT item_id FROM comment_analyses WHERE workspace_id = $1 AND ($2::uuid IS NULL OR item_id > $2)
     ORDER BY item_id LIMIT $3`,
    [workspaceId, after, limit],
  );
  return rows.map((r) => r.item_id);
}

export async function countAnalysed(db: Queryable, workspaceId: string) {
  const [row] = await db.query<{ n: number }>(
    'SELECT coalesce(sum(comments), 0)::bigint AS n FROM theme_rollups WHERE workspace_id = $1 AND theme_id = $2',
    [workspaceId, allComments],
  );
  return row.n;
}

/** The key phrases of the workspace's most recent comments: what theme discovery reads. */
export async function recentPhrases(db: Queryable, workspaceId: string, since: Date, limit: number) {
  const rows = await db.query<{ phrases: string[] }>(
    `SELECT phrases FROM comment_analyses WHERE workspace_id = $1 AND submitted_at >= $2
     ORDER BY submitted_at DESC LIMIT $3`,
    [workspaceId, since, limit],
  );
  return rows.map((r) => r.phrases);
}
