// SQL of the Feedback inbox: responses and feedback as one list, newest first, through the indexes of
// migration 0008. It reads the survey and customer of each listed row too (a join on their primary keys,
// after the page is cut), so a page is one query rather than one per row.
import type { Queryable } from '../../db/connect.ts';
import { isoOfMicros, microsOf, type TimePosition } from '../../shared/ids.ts';

export type InboxKind = 'response' | 'feedback';

/** The filters as SQL sees them: everything the API takes, resolved to values (no names, no dates). */
export interface InboxFilters {
  kinds: InboxKind[];
  limit: number;
  /** A place in the list: items strictly older than it come next. */
  after?: TimePosition;
  /** Facet keys every listed item has (survey, channel, segment): see response_inbox_keys. */
  surveyId?: string;
  channel?: string;
  segment?: string;
  /** NPS group: a response to one of these surveys with one of these scores. */
  group?: { surveyIds: string[]; scores: number[] };
  customerId?: string;
  /** submitted_at >= fromTime and < toTime (ISO timestamps). */
  fromTime?: string;
  toTime?: string;
  /** A tsquery of the search words (see searchQueryOf). */
  search?: string;
  sentiment?: string;
  themeId?: string;
}

export interface InboxRow {
  kind: InboxKind;
  id: string;
  survey_id: string | null;
  survey_name: string | null;
  survey_kind: string | null;
  score: number | null;
  text: string | null;
  source: string | null;
  channel: string;
  segment: string | null;
  submitted_at: Date;
  submitted_micros: string;
  customer_id: string | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_external_id: string | null;
}

export interface InboxDetailRow extends InboxRow {
  answers: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  received_at: Date;
}

// Each kind's columns under the same names; the facet and word expressions are the index's, written the
// same way, or the planner would not match them to it.
const tables = {
  response: {
    from: 'responses r',
    columns: `'response'::text AS kind, r.id, r.survey_id, r.score, r.comment AS text, NULL::text AS source,
              r.channel, r.segment, r.submitted_at, r.customer_id`,
    detailColumns: 'r.answers, r.metadata, r.received_at',
    keys: 'response_inbox_keys(r.workspace_id, r.survey_id, r.channel, r.segment, r.score)',
    words: "to_tsvector('simple', r.comment)",
  },
  feedback: {
    from: 'feedback r',
    columns: `'feedback'::text AS kind, r.id, NULL::uuid AS survey_id, NULL::smallint AS score, r.text, r.source,
              r.channel, r.segment, r.submitted_at, r.customer_id`,
    detailColumns: 'NULL::jsonb AS answers, r.metadata, r.received_at',
    keys: 'feedback_inbox_keys(r.workspace_id, r.channel, r.segment)',
    words: "to_tsvector('simple', r.text)",
  },
} as const;

/** The facet keys of response_inbox_keys and feedback_inbox_keys (migration 0008). */
export const inboxKeys = {
  survey: (surveyId: string) => `survey:${surveyId}`,
  channel: (workspaceId: string, channel: string) => `${workspaceId}:channel:${channel}`,
  segment: (workspaceId: string, segment: string) => `${workspaceId}:segment:${segment}`,
  score: (workspaceId: string, score: number) => `${workspaceId}:score:${score}`,
};

/** Which kinds of item can pass the filters: a survey, score or group belongs to responses alone. */
export function kindsPassing(filters: Omit<InboxFilters, 'kinds' | 'limit'>, kinds: InboxKind[]) {
  const responsesOnly = filters.surveyId !== undefined || filters.group !== undefined;
  return kinds.filter((kind) => kind === 'response' || !responsesOnly);
}

/** SQL parameters, numbered as they are added. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** One kind's newest items passing the filters ($1 is the workspace), at most `limit` of them. */
function branchSql(kind: InboxKind, workspaceId: string, filters: InboxFilters, params: Parameters) {
  const table = tables[kind];
  const where = ['r.workspace_id = $1'];
  if (filters.after) {
    const time = params.add(isoOfMicros(filters.after.micros));
    where.push(`(r.submitted_at, r.id) < (${time}::timestamptz, ${params.add(filters.after.id)}::uuid)`);
  }
  if (filters.fromTime) where.push(`r.submitted_at >= ${params.add(filters.fromTime)}::timestamptz`);
  if (filters.toTime) where.push(`r.submitted_at < ${params.add(filters.toTime)}::timestamptz`);
  if (filters.customerId) where.push(`r.customer_id = ${params.add(filters.customerId)}::uuid`);
  const required: string[] = [];
  if (filters.surveyId) required.push(inboxKeys.survey(filters.surveyId));
  if (filters.channel) required.push(inboxKeys.channel(workspaceId, filters.channel));
  if (filters.segment) required.push(inboxKeys.segment(workspaceId, filters.segment));
  if (required.length > 0) where.push(`${table.keys} @> ${params.add(required)}::text[]`);
  if (filters.group) {
    const surveys = filters.group.surveyIds.map(inboxKeys.survey);
    const scores = filters.group.scores.map((score) => inboxKeys.score(workspaceId, score));
    where.push(`${table.keys} && ${params.add(surveys)}::text[]`);
    where.push(`${table.keys} && ${params.add(scores)}::text[]`);
  }
  if (filters.search) where.push(`${table.words} @@ ${params.add(filters.search)}::tsquery`);
  if (filters.sentiment)
    where.push(`EXISTS (SELECT 1 FROM comment_analyses a WHERE a.workspace_id = r.workspace_id
                  AND a.item_id = r.id AND a.sentiment = ${params.add(filters.sentiment)})`);
  if (filters.themeId)
    where.push(`EXISTS (SELECT 1 FROM item_themes t WHERE t.workspace_id = r.workspace_id
                  AND t.theme_id = ${params.add(filters.themeId)}::uuid AND t.item_id = r.id)`);
  const conditions = where.join(' AND ');
  const limit = params.add(filters.limit);
  if (!filters.search)
    return `(SELECT ${table.columns} FROM ${table.from} WHERE ${conditions}
             ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit})`;
  // A search finds all its matches in the word index first, then orders them and reads the page's rows.
  // Walking the list in order and testing each row's words looks cheaper to the planner (it cannot tell
  // how rare a prefix is), but for a rare word that reads every row: 5 s at 1M rows on PGlite, against
  // 45 ms this way. The most this way costs is for a prefix of nearly every comment: 0.26 s.
  return `(WITH matches AS MATERIALIZED (SELECT r.id, r.submitted_at FROM ${table.from} WHERE ${conditions}),
           page AS (SELECT id FROM matches ORDER BY submitted_at DESC, id DESC LIMIT ${limit})
           SELECT ${table.columns} FROM page JOIN ${table.from} ON r.workspace_id = $1 AND r.id = page.id)`;
}

/** The columns of a listed item with its survey and customer, read for the rows of the page alone. */
const withSurveyAndCustomer = (items: string, extra = '') =>
  `SELECT i.kind, i.id, i.survey_id, s.name AS survey_name, s.kind AS survey_kind, i.score, i.text, i.source,
          i.channel, i.segment, i.submitted_at,
          ${microsOf('i.submitted_at')} AS submitted_micros,
          i.customer_id, c.name AS customer_name, c.email AS customer_email,
          c.external_id AS customer_external_id${extra}
   FROM ${items} i
   LEFT JOIN surveys s ON s.workspace_id = $1 AND s.id = i.survey_id
   LEFT JOIN customers c ON c.workspace_id = $1 AND c.id = i.customer_id`;

/**
 * The SQL and parameters of one page: each kind's newest `limit` items from its own index, merged and cut
 * to `limit`. Only the filters given become conditions, so each query is planned for exactly its filters.
 */
export function inboxPageSql(workspaceId: string, filters: InboxFilters) {
  const params = new Parameters();
  params.add(workspaceId);
  const branches = filters.kinds.map((kind) => branchSql(kind, workspaceId, filters, params));
  const limit = params.add(filters.limit);
  const items = `(SELECT * FROM (${branches.join(' UNION ALL ')}) AS merged
                  ORDER BY submitted_at DESC, id DESC LIMIT ${limit})`;
  return {
    sql: `${withSurveyAndCustomer(items)} ORDER BY i.submitted_at DESC, i.id DESC`,
    params: params.values,
  };
}

/** Newest first, up to `limit` items (ask for one more than a page to learn whether another follows). */
export async function listInboxItems(db: Queryable, workspaceId: string, filters: InboxFilters) {
  if (filters.kinds.length === 0) return [];
  const { sql, params } = inboxPageSql(workspaceId, filters);
  return db.query<InboxRow>(sql, params);
}

/** One item by id, whichever kind it is: ids are unique across both (UUIDv7, or derived from kind and source id). */
export async function findInboxItem(db: Queryable, workspaceId: string, id: string) {
  const branches = (Object.keys(tables) as InboxKind[]).map((kind) => {
    const table = tables[kind];
    return `SELECT ${table.columns}, ${table.detailColumns} FROM ${table.from} WHERE r.workspace_id = $1 AND r.id = $2`;
  });
  const [row] = await db.query<InboxDetailRow>(
    withSurveyAndCustomer(
      `(${branches.join(' UNION ALL ')} LIMIT 1)`,
      ', i.answers, i.metadata, i.received_at',
    ),
    [workspaceId, id],
  );
  return row;
}

/**
 * The tsquery of a search: every word of `text` as PostgreSQL's 'simple' parser splits it — the way it split
 * the comments — each matching a word or the start of one, all required. Null when `text` has no word.
 * Each lexeme is quoted (a quote doubled, a backslash escaped), so no input is read as tsquery syntax.
 */
export async function searchQueryOf(db: Queryable, text: string): Promise<string | null> {
  const [row] = await db.query<{ query: string | null }>(
    `SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')
              AS query
     FROM unnest(to_tsvector('simple', $1::text))`,
    [text],
  );
  return row.query;
}
