// Comment factories for the text-analysis suites: planted topics written with varied wording, comments placed in
// UTC weeks relative to today, and a full recount of the theme rollup from the per-item tables.
import type { Queryable } from '../../src/db/connect.ts';
import { mulberry32 } from '../../src/shared/random.ts';

const dayMs = 86_400_000;
export const weekMs = 7 * dayMs;
export const zeroId = '00000000-0000-0000-0000-000000000000';

/** Monday 00:00 UTC of the date's week. */
export function mondayOf(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(day - ((date.getUTCDay() + 6) % 7) * dayMs);
}

/** YYYY-MM-DD of the Monday `weeksAgo` weeks before the week of `now`. */
export function weekStart(weeksAgo: number, now: Date): string {
  return new Date(mondayOf(now).getTime() - weeksAgo * weekMs).toISOString().slice(0, 10);
}

/**
 * An ISO time inside the week `weeksAgo` weeks before the week of `now`, at `fraction` (0–1) of it; in the
 * current week the time is spread over the part already past, so nothing is in the future.
 */
export function timeInWeek(weeksAgo: number, fraction: number, now: Date): string {
  const start = mondayOf(now).getTime() - weeksAgo * weekMs;
  const span = weeksAgo === 0 ? Math.max(0, now.getTime() - start - 1000) : weekMs - 1000;
  return new Date(start + Math.floor(fraction * span)).toISOString();
}

/** A topic customers write about, in several wordings, and the NPS its writers tend to give. */
export interface Topic {
  key: string;
  /** Words a theme standing for this topic is found around (its key, label or anchor term). */
  names: string[];
  subjects: string[];
  predicates: string[];
  /** Scores drawn uniformly from this inclusive range. */
  scores: [number, number];
}

export const TOPICS = {
  checkout: {
    key: 'checkout',
    names: ['checkout'],
    subjects: ['checkout', 'checkout', 'checkout', 'checkout page', 'checkout process', 'checkout button'],
    predicates: ['was painfully slow', 'kept timing out', 'froze twice', 'failed again', 'took forever'],
    scores: [0, 4],
  },
  billing: {
    key: 'billing',
    names: ['invoice', 'billing'],
    subjects: ['invoice', 'invoice', 'monthly invoice', 'last invoice', 'latest invoice'],
    predicates: ['was wrong again', 'showed the wrong amount', 'is confusing', 'arrived late'],
    scores: [5, 8],
  },
  support: {
    key: 'support',
    names: ['support', 'staff', 'agent'],
    subjects: ['support', 'support', 'support', 'support staff', 'support team', 'customer support'],
    predicates: [
      'was incredibly helpful',
      'answered within minutes',
      'was friendly and kind',
      'solved it fast',
    ],
    scores: [9, 10],
  },
  mobile: {
    key: 'mobile',
    names: ['app', 'mobile app'],
    subjects: ['app', 'mobile app', 'new app', 'mobile app'],
    predicates: ['needs a dark mode', 'looks modern', 'drains the battery', 'works offline now'],
    scores: [6, 10],
  },
} satisfies Record<string, Topic>;
export type TopicKey = keyof typeof TOPICS;

const TEMPLATES = [
  'The {s} {p}.',
  '{S} {p}.',
  'Honestly, the {s} {p}.',
  'I think the {s} {p}.',
  'Our {s} {p}!',
];

/** Comments about nothing in particular: no noun recurs in them, so they found no theme. */
export const NOISE = [
  'Keep up the good work.',
  'Nothing to add.',
  'Fine.',
  'Thanks!',
  'ok',
  'Very happy overall.',
];

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

export function topicComment(topic: Topic, random: () => number): string {
  const subject = pick(random, topic.subjects);
  return pick(random, TEMPLATES)
    .replace('{S}', subject[0].toUpperCase() + subject.slice(1))
    .replace('{s}', subject)
    .replace('{p}', pick(random, topic.predicates));
}

export function topicScore(topic: Topic, random: () => number): number {
  const [low, high] = topic.scores;
  return low + Math.floor(random() * (high - low + 1));
}

/** A comment to write, with what is known of it independently of the code under test. */
export interface PlannedComment {
  kind: 'response' | 'feedback';
  topic: TopicKey | null;
  /** The NPS score (null for feedback). */
  score: number | null;
  submittedAt: string;
  text: string;
}

/**
 * Comments on planted topics, week by week: `perWeek[w]` says how many of each topic (or of noise) to write in the
 * week w weeks before the week of `now`. Every `feedbackEvery`-th comment is feedback (none when 0).
 */
export function planComments(
  perWeek: ReadonlyArray<Partial<Record<TopicKey | 'noise', number>>>,
  seed: number,
  now: Date,
  feedbackEvery = 0,
): PlannedComment[] {
  const random = mulberry32(seed);
  const planned: PlannedComment[] = [];
  perWeek.forEach((counts, weeksAgo) => {
    for (const [topic, count] of Object.entries(counts) as Array<[TopicKey | 'noise', number]>) {
      for (let i = 0; i < count; i += 1) {
        const writing: Topic | null = topic === 'noise' ? null : TOPICS[topic];
        const feedback = feedbackEvery > 0 && planned.length % feedbackEvery === feedbackEvery - 1;
        const text = writing ? topicComment(writing, random) : pick(random, NOISE);
        const score = feedback ? null : writing ? topicScore(writing, random) : 7 + Math.floor(random() * 4);
        planned.push({
          kind: feedback ? 'feedback' : 'response',
          topic: topic === 'noise' ? null : topic,
          text,
          score,
          submittedAt: timeInWeek(weeksAgo, random(), now),
        });
      }
    }
  });
  return planned;
}

/** One row of the theme rollup, or of its recount. */
export interface RollupRow {
  theme_id: string;
  week: string;
  survey_id: string;
  score: number;
  comments: number;
  positive: number;
  negative: number;
  sentiment_sum: number;
}

const rollupOrder = 'ORDER BY theme_id, week, survey_id, score';

/** The workspace's theme rollup as stored. */
export async function storedRollup(db: Queryable, workspaceId: string): Promise<RollupRow[]> {
  return db.query<RollupRow>(
    `SELECT theme_id::text, to_char(week, 'YYYY-MM-DD') AS week, survey_id::text, score::int, comments::int,
            positive::int, negative::int, sentiment_sum::float8
     FROM theme_rollups WHERE workspace_id = $1 ${rollupOrder}`,
    [workspaceId],
  );
}

/**
 * The theme rollup counted again from scratch: every analysed comment once under the all-zero theme id, and once
 * more under each theme or tag it is linked to; weeks are ISO weeks of the UTC time (Monday), feedback has the
 * all-zero survey id and a comment without a score the score −1.
 */
export async function recountedRollup(db: Queryable, workspaceId: string): Promise<RollupRow[]> {
  return db.query<RollupRow>(
    `WITH counted AS (
       SELECT a.*, $2::uuid AS theme_id FROM comment_analyses a WHERE a.workspace_id = $1
       UNION ALL
       SELECT a.*, t.theme_id FROM comment_analyses a
       JOIN item_themes t ON t.workspace_id = a.workspace_id AND t.item_id = a.item_id
       WHERE a.workspace_id = $1
     )
     SELECT theme_id::text, to_char(date_trunc('week', submitted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
            coalesce(survey_id, $2::uuid)::text AS survey_id, coalesce(score, -1)::int AS score,
            count(*)::int AS comments, count(*) FILTER (WHERE sentiment = 'positive')::int AS positive,
            count(*) FILTER (WHERE sentiment = 'negative')::int AS negative, sum(sentiment_score)::float8 AS sentiment_sum
     FROM counted GROUP BY 1, 2, 3, 4 ${rollupOrder}`,
    [workspaceId, zeroId],
  );
}

/** Every table of the database with a count of the rows whose text form contains `needle`. */
export async function rowsContaining(db: Queryable, needle: string): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name}" t WHERE strpos(t::text, $1) > 0`,
      [needle],
    );
    counts[name] = row.n;
  }
  return counts;
}
