// The response rollups: folded in batches past a transaction-id watermark, read as rollup + live tail.
//
// A row's ingest_xid is the id of the transaction that wrote it. Every transaction below the snapshot's
// xmin has finished, so the rows below it are final: the fold moves exactly those into the rollup and
// raises the watermark in the same commit. A read adds the raw rows at or above the watermark (the tail,
// a second's worth) in the same statement, so its answer is exact and never stale.
import type { Db, Queryable } from '../../db/connect.ts';

const foldLockKey = 4_815_162_343;

/** Folds finished responses and lifecycle changes into their rollups; returns how many responses it folded. */
export async function foldRollups(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      foldLockKey,
    ]);
    if (!lock.locked) return 0;
    const [{ below_xid: from }] = await tx.query<{ below_xid: number }>(
      "SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups'",
    );
    const [{ xmin: to }] = await tx.query<{ xmin: number }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin',
    );
    if (to <= from) return 0;
    // Only the BRIN index on ingest_xid may serve the fold: a sequential scan every second would read the
    // whole table, and without statistics (the embedded store has no autovacuum) the planner cannot tell.
    await tx.query('SET LOCAL enable_seqscan = off');
    const [folded] = await tx.query<{ rows: number }>(
      `WITH fresh AS (
         SELECT workspace_id, survey_id, (submitted_at AT TIME ZONE 'UTC')::date AS day, coalesce(segment, '') AS segment,
                channel, score, count(*) AS responses
         FROM responses WHERE ingest_xid >= $1 AND ingest_xid < $2 AND score IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6
       ), upserted AS (
         INSERT INTO response_rollups AS r (workspace_id, survey_id, day, segment, channel, score, responses)
         SELECT * FROM fresh
         ON CONFLICT (workspace_id, survey_id, day, segment, channel, score)
         DO UPDATE SET responses = r.responses + excluded.responses
       )
       SELECT coalesce(sum(responses), 0)::bigint AS rows FROM fresh`,
      [from, to],
    );
    await tx.query(
      `INSERT INTO lifecycle_rollups AS r (workspace_id, day, segment, started, churned)
       SELECT workspace_id, day, segment, sum(started), sum(churned) FROM lifecycle_changes
       WHERE ingest_xid >= $1 AND ingest_xid < $2 GROUP BY 1, 2, 3
       ON CONFLICT (workspace_id, day, segment)
       DO UPDATE SET started = r.started + excluded.started, churned = r.churned + excluded.churned`,
      [from, to],
    );
    await foldSurveyReach(tx, from, to);
    await tx.query("UPDATE rollup_watermarks SET below_xid = $1 WHERE name = 'rollups'", [to]);
    // Summarise the BRIN ranges filled since: the tail reads then skip every range wholly below the watermark.
    await tx.query("SELECT brin_summarize_new_values('responses_ingest_xid'::regclass)");
    await tx.query("SELECT brin_summarize_new_values('lifecycle_changes_ingest_xid'::regclass)");
    await tx.query("SELECT brin_summarize_new_values('survey_contacts_ingest_xid'::regclass)");
    return folded.rows;
  });
}

/**
 * Folds responses (scored or not) and contacts (shown, sent, bounced) written by transactions in
 * [from, to) into the per-survey reach rollup, inside the fold's transaction.
 */
async function foldSurveyReach(tx: Queryable, from: number, to: number): Promise<void> {
  await tx.query(
    `WITH fresh AS (
       SELECT workspace_id, survey_id, (submitted_at AT TIME ZONE 'UTC')::date AS day, channel,
              count(*) AS responses, 0 AS shown, 0 AS sent, 0 AS bounced
       FROM responses WHERE ingest_xid >= $1 AND ingest_xid < $2
       GROUP BY 1, 2, 3, 4
       UNION ALL
       SELECT workspace_id, survey_id, (at AT TIME ZONE 'UTC')::date, channel, 0,
              count(*) FILTER (WHERE kind = 'shown'), count(*) FILTER (WHERE kind = 'sent'),
              count(*) FILTER (WHERE kind = 'bounced')
       FROM survey_contacts WHERE ingest_xid >= $1 AND ingest_xid < $2
       GROUP BY 1, 2, 3, 4
     )
     INSERT INTO survey_reach_rollups AS r (workspace_id, survey_id, day, channel, responses, shown, sent, bounced)
     SELECT workspace_id, survey_id, day, channel, sum(responses), sum(shown), sum(sent), sum(bounced)
     FROM fresh GROUP BY 1, 2, 3, 4
     ON CONFLICT (workspace_id, survey_id, day, channel)
     DO UPDATE SET responses = r.responses + excluded.responses, shown = r.shown + excluded.shown,
                   sent = r.sent + excluded.sent, bounced = r.bounced + excluded.bounced`,
    [from, to],
  );
}

// Days are UTC days everywhere (the fold groups by them); day bounds are converted explicitly, so a
// server session in another time zone reads the same figures.

export type Dimension = 'segment' | 'channel' | 'survey';
export type Period = 'day' | 'week' | 'month';

export interface HistogramQuery {
  workspaceId: string;
  surveyIds: string[];
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string;
  to: string;
  segment?: string;
  channel?: string;
  accountId?: string;
  by?: Dimension;
  period?: Period;
}

export interface HistogramRow {
  survey_id: string;
  score: number;
  responses: number;
  group_key: string | null;
  period_start: string | null;
}

const groupColumn: Record<Dimension, string> = {
  segment: 'segment',
  channel: 'channel',
  survey: 'survey_id::text',
};
// Grouped by date values (dates come back as YYYY-MM-DD strings): formatting each row as text costs more.
const periodColumn: Record<Period, string> = {
  day: 'day',
  week: "date_trunc('week', day)::date",
  month: "date_trunc('month', day)::date",
};

/**
 * Score histograms per survey (and group and period) for the filter: rollup plus live tail in one
 * statement. An account filter reads that account's raw rows through their index instead: the rollup
 * has no account dimension, and one account's rows are few.
 */
export function readHistogram(db: Db, query: HistogramQuery): Promise<HistogramRow[]> {
  // One statement is one snapshot, so rollup + tail is one consistent answer. The tail must never become a
  // sequential scan, whatever the statistics say (the embedded store has no autovacuum; a new table has none).
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    return histogramIn(tx, query);
  });
}

/** readHistogram's statement, in a transaction that has turned sequential scans off. */
function histogramIn(tx: Queryable, query: HistogramQuery): Promise<HistogramRow[]> {
  const params: unknown[] = [query.workspaceId, query.surveyIds, query.from, query.to];
  const filters: string[] = [];
  if (query.segment !== undefined) {
    params.push(query.segment);
    filters.push(`segment = $${params.length}`);
  }
  if (query.channel !== undefined) {
    params.push(query.channel);
    filters.push(`channel = $${params.length}`);
  }
  const extra = filters.map((f) => ` AND ${f}`).join('');
  const group = query.by ? groupColumn[query.by] : 'NULL::text';
  const period = query.period ? periodColumn[query.period] : 'NULL::date';
  let source: string;
  let tail = '';
  if (query.accountId !== undefined) {
    params.push(query.accountId);
    source = `SELECT survey_id, (submitted_at AT TIME ZONE 'UTC')::date AS day, coalesce(segment, '') AS segment,
                     channel, score, 1::bigint AS responses
              FROM responses
              WHERE workspace_id = $1 AND account_id = $${params.length} AND score IS NOT NULL
                AND survey_id = ANY($2::uuid[])
                AND submitted_at >= $3::timestamp AT TIME ZONE 'UTC'
                AND submitted_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'`;
  } else {
    // The tail is fenced off (MATERIALIZED) with ingest_xid as its only condition, so the BRIN index is its
    // only path: no index on the workspace or the dates may compete, for without statistics the planner
    // guesses a workspace's rows are few, and they can be millions while the tail is a second's worth.
    tail = `WITH tail AS MATERIALIZED (
              SELECT workspace_id, survey_id, submitted_at, segment, channel, score FROM responses
              WHERE ingest_xid >= (SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups')
            ) `;
    source = `SELECT survey_id, day, segment, channel, score, responses FROM response_rollups
              WHERE workspace_id = $1 AND survey_id = ANY($2::uuid[]) AND day >= $3::date AND day <= $4::date
              UNION ALL
              SELECT survey_id, (submitted_at AT TIME ZONE 'UTC')::date, coalesce(segment, ''), channel, score, 1
              FROM tail
              WHERE workspace_id = $1 AND score IS NOT NULL AND survey_id = ANY($2::uuid[])
                AND submitted_at >= $3::timestamp AT TIME ZONE 'UTC'
                AND submitted_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'`;
  }
  return tx.query<HistogramRow>(
    `${tail}SELECT survey_id, score, sum(responses)::bigint AS responses, ${group} AS group_key, ${period} AS period_start
     FROM (${source}) AS data
     WHERE true${extra}
     GROUP BY survey_id, score, group_key, period_start`,
    params,
  );
}

export interface LifecycleRow {
  day: string;
  segment: string;
  started: number;
  churned: number;
}

/** Customers started and churned per day and segment up to `lastDay`: lifecycle rollup plus live tail. */
export function readLifecycle(
  db: Db,
  workspaceId: string,
  lastDay: string,
  segment?: string,
): Promise<LifecycleRow[]> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    return lifecycleIn(tx, workspaceId, lastDay, segment);
  });
}

/**
 * Several histograms and the lifecycle counts (the dashboard's Overview) in one transaction and one
 * snapshot: the parts agree with each other to the row, and the embedded store's one connection is taken
 * once rather than once per part (ingest shares that connection).
 */
export function readHistogramsAndLifecycle(
  db: Db,
  histograms: HistogramQuery[],
  lifecycle: { workspaceId: string; lastDay: string; segment?: string },
): Promise<{ histograms: HistogramRow[][]; lifecycle: LifecycleRow[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.query('SET LOCAL enable_seqscan = off');
    const rows: HistogramRow[][] = [];
    for (const query of histograms) rows.push(await histogramIn(tx, query));
    return {
      histograms: rows,
      lifecycle: await lifecycleIn(tx, lifecycle.workspaceId, lifecycle.lastDay, lifecycle.segment),
    };
  });
}

/** readLifecycle's statement, in a transaction that has turned sequential scans off. */
function lifecycleIn(
  tx: Queryable,
  workspaceId: string,
  lastDay: string,
  segment?: string,
): Promise<LifecycleRow[]> {
  return tx.query<LifecycleRow>(
    `WITH tail AS MATERIALIZED (
         SELECT workspace_id, day, segment, started, churned FROM lifecycle_changes
         WHERE ingest_xid >= (SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups')
       )
       SELECT day, segment, sum(started)::bigint AS started, sum(churned)::bigint AS churned FROM (
         SELECT day, segment, started, churned FROM lifecycle_rollups WHERE workspace_id = $1 AND day <= $2::date
         UNION ALL
         SELECT day, segment, started, churned FROM tail WHERE workspace_id = $1 AND day <= $2::date
       ) AS data
       WHERE $3::text IS NULL OR segment = $3
       GROUP BY day, segment`,
    [workspaceId, lastDay, segment ?? null],
  );
}

export interface SurveyReachRow {
  survey_id: string;
  channel: string;
  /** Responses, scored or not. */
  responses: number;
  shown: number;
  sent: number;
  bounced: number;
  /** The last UTC day with a response on this channel, YYYY-MM-DD; null when none. */
  last_response_day: string | null;
}

/**
 * All-time responses and contacts per survey and channel for a set of surveys: the reach rollup plus the
 * live tail of responses and contacts, in one statement (one snapshot), never a scan of the raw rows.
 */
export async function readSurveyReach(
  db: Db,
  workspaceId: string,
  surveyIds: string[],
): Promise<SurveyReachRow[]> {
  if (surveyIds.length === 0) return [];
  return db.transaction(async (tx) => {
    // As in readHistogram: the tails are fenced off so their BRIN index is their only path.
    await tx.query('SET LOCAL enable_seqscan = off');
    return tx.query<SurveyReachRow>(
      `WITH response_tail AS MATERIALIZED (
         SELECT workspace_id, survey_id, submitted_at, channel FROM responses
         WHERE ingest_xid >= (SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups')
       ), contact_tail AS MATERIALIZED (
         SELECT workspace_id, survey_id, channel, kind FROM survey_contacts
         WHERE ingest_xid >= (SELECT below_xid FROM rollup_watermarks WHERE name = 'rollups')
       )
       SELECT survey_id, channel, sum(responses)::bigint AS responses, sum(shown)::bigint AS shown,
              sum(sent)::bigint AS sent, sum(bounced)::bigint AS bounced,
              max(day) FILTER (WHERE responses > 0) AS last_response_day
       FROM (
         SELECT survey_id, channel, day, responses, shown, sent, bounced FROM survey_reach_rollups
         WHERE workspace_id = $1 AND survey_id = ANY($2::uuid[])
         UNION ALL
         SELECT survey_id, channel, (submitted_at AT TIME ZONE 'UTC')::date, 1, 0, 0, 0 FROM response_tail
         WHERE workspace_id = $1 AND survey_id = ANY($2::uuid[])
         UNION ALL
         SELECT survey_id, channel, NULL::date, 0, (kind = 'shown')::int, (kind = 'sent')::int,
                (kind = 'bounced')::int
         FROM contact_tail WHERE workspace_id = $1 AND survey_id = ANY($2::uuid[])
       ) AS data
       GROUP BY survey_id, channel`,
      [workspaceId, surveyIds],
    );
  });
}
