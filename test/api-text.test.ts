// Text analysis end to end over the HTTP API, on every backend: PII redaction at ingest, sentiment and theme
// filters on items, theme discovery and figures, key drivers, emerging issues, tags and auto-tag rules, and the
// theme rollup kept equal to a full recount under any sequence of operations. Expected figures are computed here,
// from the seeded data or from the per-item tables, never by the code under test.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeComment } from '../src/domains/text/analyze.ts';
import { backends } from './support/backends.ts';
import {
  mondayOf,
  type PlannedComment,
  planComments,
  recountedRollup,
  rowsContaining,
  storedRollup,
  TOPICS,
  type TopicKey,
  timeInWeek,
  weekStart,
} from './support/comments.ts';
import { type ApiAnswer, type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

// ---- shapes of the answers ----

interface Link {
  id: string;
  label: string;
  source: 'auto' | 'rule' | 'manual';
}
interface Item {
  id: string;
  comment?: string | null;
  text?: string;
  answers?: Record<string, unknown> | null;
  sentiment: { label: string; score: number } | null;
  themes: Link[];
  tags: Link[];
}
interface ThemeSummary {
  id: string;
  kind: 'auto' | 'tag';
  key: string;
  label: string;
  terms: string[];
  volume: number;
  share: number | null;
  sentiment: { average: number | null; positive: number; negative: number };
  nps: { score: number | null; n: number } | null;
  trend: Array<{ week: string; comments: number }>;
  retired_at: string | null;
}
interface ThemeList {
  from_week: string;
  to_week: string;
  comments: number;
  data: ThemeSummary[];
}
interface Example {
  item_id: string;
  item_kind: string;
  text: string | null;
  score: number | null;
  submitted_at: string;
}
interface Run {
  id: string;
  kind: string;
  status: string;
  total: number | null;
  processed: number;
  progress: number | null;
}
interface Evidence {
  emerging: boolean;
  week: string;
  observed: number;
  expected: number;
  baselineWeeks: number;
  baselineComments: number;
  baselineTotal: number;
  rateRatio: number;
  pValue: number;
}
interface Driver {
  theme: { id: string; label: string };
  with_theme: { n: number; score: number };
  without_theme: { n: number; score: number };
  difference: { value: number; low: number; high: number; significant: boolean };
  potential_gain: { value: number; low: number; high: number };
  share: number;
}
interface Problem {
  errors?: Array<{ path: string; message: string }>;
}

/** A comment this suite wrote, with what it knows of it independently of the code under test. */
interface Seeded extends PlannedComment {
  id: string;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * NPS of raw 0–10 scores: % promoters (9–10) − % detractors (0–6); and the variance of its mean as the drivers
 * interval takes it, p + d − (p − d)² over n, with half a response added to each of the three categories.
 */
function npsOf(scores: readonly number[]) {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const adjustedN = n + 1.5;
  const p = (promoters + 0.5) / adjustedN;
  const d = (detractors + 0.5) / adjustedN;
  return {
    n,
    score: (100 * (promoters - detractors)) / n,
    varianceOfMean: (p + d - (p - d) ** 2) / adjustedN,
  };
}

const newestFirst = (a: Seeded, b: Seeded) =>
  a.submittedAt === b.submittedAt ? (a.id < b.id ? 1 : -1) : a.submittedAt < b.submittedAt ? 1 : -1;

const sorted = (values: Iterable<string>) => [...values].sort();
const pathsOf = (answer: ApiAnswer<unknown>) => ((answer.body as Problem).errors ?? []).map((e) => e.path);

describe.each(backends)('text analysis API on $name', (backend) => {
  let h: Harness;
  const now = new Date();

  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  // ---- helpers over the API and the database ----

  async function postResponses(
    ws: TestWorkspace,
    items: Array<{ survey_id: string; score?: number; comment?: string; submitted_at?: string }>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < items.length; start += 1000) {
      const answer = await h.api<{ results: Array<{ id: string }> }>('POST', '/v1/responses/batch', {
        key: ws.secretKey,
        body: { responses: items.slice(start, start + 1000) },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      ids.push(...answer.body.results.map((r) => r.id));
    }
    return ids;
  }

  async function postFeedback(ws: TestWorkspace, text: string, submittedAt?: string): Promise<string> {
    const answer = await h.api<{ id: string }>('POST', '/v1/feedback', {
      key: ws.secretKey,
      body: { text, channel: 'chat', submitted_at: submittedAt },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.id;
  }

  const getItem = async (ws: TestWorkspace, kind: 'response' | 'feedback', id: string) => {
    const answer = await h.api<Item>('GET', `/v1/${kind === 'response' ? 'responses' : 'feedback'}/${id}`, {
      key: ws.secretKey,
    });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  /** Every id a list route returns for the query, over all its pages. */
  async function listIds(ws: TestWorkspace, path: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${path}${path.includes('?') ? '&' : '?'}limit=37${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await h.api<{ data: Array<{ id: string }>; next_cursor: string | null }>('GET', url, {
        key: ws.secretKey,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      ids.push(...answer.body.data.map((row) => row.id));
      cursor = answer.body.next_cursor;
    } while (cursor);
    return sorted(ids);
  }

  /** The analysed items linked to a theme or tag, read from the per-item tables. */
  async function itemsOfTheme(workspaceId: string, themeId: string): Promise<string[]> {
    const rows = await h.db.query<{ item_id: string }>(
      `SELECT t.item_id::text FROM item_themes t
       JOIN comment_analyses a ON a.workspace_id = t.workspace_id AND a.item_id = t.item_id
       WHERE t.workspace_id = $1 AND t.theme_id = $2`,
      [workspaceId, themeId],
    );
    return sorted(rows.map((r) => r.item_id));
  }

  async function expectRollupEqualsRecount(workspaceId: string) {
    const [stored, recounted] = await Promise.all([
      storedRollup(h.db, workspaceId),
      recountedRollup(h.db, workspaceId),
    ]);
    const key = (r: { theme_id: string; week: string; survey_id: string; score: number }) =>
      `${r.theme_id} ${r.week} ${r.survey_id} ${r.score}`;
    expect(stored.map(key)).toEqual(recounted.map(key));
    stored.forEach((row, i) => {
      const expected = recounted[i];
      expect({ ...row, sentiment_sum: 0 }, key(row)).toEqual({ ...expected, sentiment_sum: 0 });
      expect(Math.abs(row.sentiment_sum - expected.sentiment_sum), key(row)).toBeLessThan(1e-9);
    });
  }

  async function themes(ws: TestWorkspace, query = ''): Promise<ThemeList> {
    const answer = await h.api<ThemeList>('GET', `/v1/themes${query}`, { key: ws.secretKey });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  }

  async function queueRun(ws: TestWorkspace, kind: 'retheme' | 'reanalyze'): Promise<Run> {
    const answer = await h.api<Run>('POST', '/v1/analysis-runs', { key: ws.secretKey, body: { kind } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ kind, status: 'queued', processed: 0 });
    return answer.body;
  }

  async function getRun(ws: TestWorkspace, id: string): Promise<Run> {
    const answer = await h.api<Run>('GET', `/v1/analysis-runs/${id}`, { key: ws.secretKey });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function analysedCount(workspaceId: string): Promise<number> {
    const [row] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM comment_analyses WHERE workspace_id = $1',
      [workspaceId],
    );
    return row.n;
  }

  /** Seeds comments on planted topics: `perWeek[w]` gives, for the week w weeks ago, how many of each. */
  async function seedTopics(
    ws: TestWorkspace,
    surveyId: string,
    perWeek: Array<Partial<Record<TopicKey | 'noise', number>>>,
    seed: number,
    feedbackEvery = 0,
  ): Promise<Seeded[]> {
    const planned = planComments(perWeek, seed, now, feedbackEvery);
    const responses = planned.filter((p) => p.kind === 'response');
    const ids = await postResponses(
      ws,
      responses.map((p) => ({
        survey_id: surveyId,
        score: p.score as number,
        comment: p.text,
        submitted_at: p.submittedAt,
      })),
    );
    const seeded: Seeded[] = responses.map((p, i) => ({ ...p, id: ids[i] }));
    for (const p of planned.filter((p) => p.kind === 'feedback')) {
      seeded.push({ ...p, id: await postFeedback(ws, p.text, p.submittedAt) });
    }
    return seeded;
  }

  /** The active automatic theme standing for a planted topic: found around one of the topic's names. */
  function themeFor(list: ThemeSummary[], topic: TopicKey): ThemeSummary {
    const names = TOPICS[topic].names;
    const found = list.filter(
      (t) =>
        t.kind === 'auto' && t.retired_at === null && (names.includes(t.key) || names.includes(t.terms[0])),
    );
    expect(
      found.map((t) => t.key),
      `one theme for ${topic} among ${list.map((t) => t.key)}`,
    ).toHaveLength(1);
    return found[0];
  }

  async function rethemeAndWait(ws: TestWorkspace) {
    const run = await queueRun(ws, 'retheme');
    await h.analyze();
    const done = await getRun(ws, run.id);
    const analysed = await analysedCount(ws.id);
    expect(done).toMatchObject({ status: 'done', progress: 1, processed: analysed, total: analysed });
  }

  // ---- 1. PII redaction ----

  it('redacts e-mails, phones and cards before anything is stored, unless the workspace turns it off', async () => {
    const ws = await h.createWorkspace('Redaction');
    const nps = await h.createSurvey(ws);
    const custom = await h.createSurvey(ws, {
      kind: 'custom',
      name: 'Onboarding',
      questions: [{ id: 'details', type: 'text', prompt: 'Anything else?' }],
    });
    const email = 'jane.doe.4821@example.com';
    const raw = `Email me at ${email} or call +44 20 7946 0958; my card 4111 1111 1111 1111 was charged twice.`;
    const redacted = 'Email me at [email] or call [phone]; my card [card] was charged twice.';
    const secrets = [email, '7946 0958', '4111 1111 1111 1111', '4111111111111111'];

    const response = await h.api<Item>('POST', '/v1/responses', {
      key: ws.secretKey,
      headers: { 'idempotency-key': 'redaction-response' },
      body: { survey_id: nps, score: 3, comment: raw },
    });
    expect(response.status).toBe(201);
    expect(response.body.comment).toBe(redacted);
    const answered = await h.api<Item>('POST', '/v1/responses', {
      key: ws.secretKey,
      headers: { 'idempotency-key': 'redaction-answers' },
      body: { survey_id: custom, answers: { details: raw } },
    });
    expect(answered.status).toBe(201);
    expect(answered.body.answers).toEqual({ details: redacted });
    const feedback = await h.api<Item>('POST', '/v1/feedback', {
      key: ws.secretKey,
      headers: { 'idempotency-key': 'redaction-feedback' },
      body: { text: raw, channel: 'email' },
    });
    expect(feedback.status).toBe(201);
    expect(feedback.body.text).toBe(redacted);
    // A retry with the same key replays the stored (redacted) answer.
    const replay = await h.api<Item>('POST', '/v1/feedback', {
      key: ws.secretKey,
      headers: { 'idempotency-key': 'redaction-feedback' },
      body: { text: raw, channel: 'email' },
    });
    expect(replay.body).toEqual(feedback.body);

    await h.analyze();
    expect((await getItem(ws, 'response', response.body.id)).comment).toBe(redacted);
    expect((await getItem(ws, 'response', answered.body.id)).answers).toEqual({ details: redacted });
    expect((await getItem(ws, 'feedback', feedback.body.id)).text).toBe(redacted);
    // The comment and the feedback were analysed (the rows the search below must also cover).
    expect(await analysedCount(ws.id)).toBe(2);
    const idempotencyRows = await h.db.query('SELECT 1 FROM idempotency_keys WHERE workspace_id = $1', [
      ws.id,
    ]);
    expect(idempotencyRows).toHaveLength(3);
    for (const secret of secrets) {
      const found = await rowsContaining(h.db, secret);
      expect(
        Object.entries(found).filter(([, n]) => n > 0),
        secret,
      ).toEqual([]);
    }
    // The search does find text where it is: the placeholders.
    const placeholders = await rowsContaining(h.db, '[card]');
    expect(placeholders).toMatchObject({ responses: 2, feedback: 1, idempotency_keys: 3 });

    // Turned off, the text is kept as written; turned on again, new comments are redacted again.
    const off = await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { pii_redaction: false } });
    expect(off.status).toBe(200);
    expect(off.body.pii_redaction).toBe(false);
    const keptEmail = 'kept.address.77@example.org';
    const kept = `Write to ${keptEmail}, card 5500-0000-0000-0004.`;
    const [keptResponse] = await postResponses(ws, [{ survey_id: nps, score: 9, comment: kept }]);
    const keptFeedback = await postFeedback(ws, kept);
    expect((await getItem(ws, 'response', keptResponse)).comment).toBe(kept);
    expect((await getItem(ws, 'feedback', keptFeedback)).text).toBe(kept);
    expect(await rowsContaining(h.db, keptEmail)).toMatchObject({ responses: 1, feedback: 1 });

    const on = await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { pii_redaction: true } });
    expect(on.body.pii_redaction).toBe(true);
    const [again] = await postResponses(ws, [{ survey_id: nps, score: 9, comment: kept }]);
    expect((await getItem(ws, 'response', again)).comment).toBe('Write to [email], card [card].');
  });

  // ---- 2. sentiment and filters on items ----

  it('annotates items with sentiment and filters them by sentiment and theme', async () => {
    const ws = await h.createWorkspace('Sentiment');
    const nps = await h.createSurvey(ws);
    const texts = {
      positive: 'Support was wonderful and fast',
      negative: 'The checkout is broken and slow, terrible',
      neutral: 'I moved to a new office on Tuesday.',
    };
    const [positive, negative, neutral, silent] = await postResponses(ws, [
      { survey_id: nps, score: 10, comment: texts.positive },
      { survey_id: nps, score: 1, comment: texts.negative },
      { survey_id: nps, score: 7, comment: texts.neutral },
      { survey_id: nps, score: 8 },
    ]);
    const positiveFeedback = await postFeedback(ws, 'Your support staff were wonderful and fast');
    const negativeFeedback = await postFeedback(ws, 'Checkout is broken and slow, terrible');

    // Not analysed yet: no sentiment, no themes, and no item matches a sentiment filter.
    expect(await getItem(ws, 'response', positive)).toMatchObject({ sentiment: null, themes: [], tags: [] });
    expect(await listIds(ws, '/v1/responses?sentiment=positive')).toEqual([]);

    await h.analyze();
    const expectations: Array<
      [string, 'response' | 'feedback', string, 'positive' | 'negative' | 'neutral']
    > = [
      [positive, 'response', texts.positive, 'positive'],
      [negative, 'response', texts.negative, 'negative'],
      [neutral, 'response', texts.neutral, 'neutral'],
      [positiveFeedback, 'feedback', 'Your support staff were wonderful and fast', 'positive'],
      [negativeFeedback, 'feedback', 'Checkout is broken and slow, terrible', 'negative'],
    ];
    for (const [id, kind, text, label] of expectations) {
      const item = await getItem(ws, kind, id);
      expect(item.sentiment?.label, text).toBe(label);
      expect(item.sentiment).toEqual(analyzeComment(text).sentiment);
      if (label === 'positive') expect(item.sentiment?.score).toBeGreaterThan(0.05);
      if (label === 'negative') expect(item.sentiment?.score).toBeLessThan(-0.05);
    }
    // A response without a comment is never analysed.
    expect((await getItem(ws, 'response', silent)).sentiment).toBeNull();

    expect(await listIds(ws, '/v1/responses?sentiment=positive')).toEqual([positive]);
    expect(await listIds(ws, '/v1/responses?sentiment=negative')).toEqual([negative]);
    expect(await listIds(ws, '/v1/responses?sentiment=neutral')).toEqual([neutral]);
    expect(await listIds(ws, '/v1/feedback?sentiment=positive')).toEqual([positiveFeedback]);
    expect(await listIds(ws, '/v1/feedback?sentiment=negative')).toEqual([negativeFeedback]);
    expect(await listIds(ws, '/v1/feedback?sentiment=neutral')).toEqual([]);

    // theme_id takes tags as well as themes: tag two items and filter by it.
    const tag = await h.api<{ id: string }>('POST', '/v1/tags', {
      key: ws.secretKey,
      body: { name: 'Praise' },
    });
    expect(tag.status).toBe(201);
    for (const [kind, id] of [
      ['responses', positive],
      ['feedback', positiveFeedback],
    ]) {
      const linked = await h.api('POST', `/v1/${kind}/${id}/tags`, {
        key: ws.secretKey,
        body: { tag_id: tag.body.id },
      });
      expect(linked.status).toBe(204);
    }
    expect(await listIds(ws, `/v1/responses?theme_id=${tag.body.id}`)).toEqual([positive]);
    expect(await listIds(ws, `/v1/feedback?theme_id=${tag.body.id}`)).toEqual([positiveFeedback]);
    expect(await listIds(ws, `/v1/responses?theme_id=${tag.body.id}&sentiment=negative`)).toEqual([]);
    expect((await getItem(ws, 'response', positive)).tags).toEqual([
      { id: tag.body.id, label: 'Praise', source: 'manual' },
    ]);
    await expectRollupEqualsRecount(ws.id);
  });

  // ---- 3 and 4. themes, their figures, and key drivers ----

  describe('themes and drivers over planted topics', () => {
    let ws: TestWorkspace;
    let seeded: Seeded[];
    let firstList: ThemeList;
    const planted = (topic: TopicKey) => seeded.filter((s) => s.topic === topic);

    beforeAll(async () => {
      ws = await h.createWorkspace('Themes');
      const nps = await h.createSurvey(ws);
      // Eight weeks of comments; checkout writers are detractors, support writers promoters.
      const week = { checkout: 8, billing: 5, support: 5, mobile: 4, noise: 3 };
      seeded = await seedTopics(
        ws,
        nps,
        Array.from({ length: 8 }, () => week),
        3,
        10,
      );
    });

    it('discovers the planted topics with exact volumes, trends, sentiment and NPS', async () => {
      expect(seeded).toHaveLength(200);
      await h.analyze();
      expect(await analysedCount(ws.id)).toBe(200);
      // No discovery has run: no themes yet, but every comment counts.
      const before = await themes(ws);
      expect(before).toMatchObject({
        comments: 200,
        data: [],
        from_week: weekStart(11, now),
        to_week: weekStart(0, now),
      });

      await rethemeAndWait(ws);
      firstList = await themes(ws);
      expect(firstList.comments).toBe(200);
      const byItem = new Map(seeded.map((s) => [s.id, s]));
      const analyses = new Map(
        (
          await h.db.query<{ item_id: string; sentiment: string; sentiment_score: number }>(
            'SELECT item_id::text, sentiment, sentiment_score FROM comment_analyses WHERE workspace_id = $1',
            [ws.id],
          )
        ).map((a) => [a.item_id, a]),
      );
      for (const topic of Object.keys(TOPICS) as TopicKey[]) {
        const theme = themeFor(firstList.data, topic);
        const items = await itemsOfTheme(ws.id, theme.id);
        // Every planted comment of the topic, and nothing else, is in its theme.
        expect(items, topic).toEqual(sorted(planted(topic).map((s) => s.id)));
        expect(theme.volume).toBe(items.length);
        expect(theme.share).toBe(round(items.length / 200, 4));
        // The trend: every week of the window, oldest first, counted from the seeded times.
        expect(theme.trend.map((p) => p.week)).toEqual(
          Array.from({ length: 12 }, (_, i) => weekStart(11 - i, now)),
        );
        expect(theme.trend.reduce((sum, p) => sum + p.comments, 0)).toBe(theme.volume);
        for (const point of theme.trend) {
          const inWeek = items.filter(
            (id) =>
              mondayOf(new Date(byItem.get(id)?.submittedAt as string))
                .toISOString()
                .slice(0, 10) === point.week,
          );
          expect(point.comments, `${topic} ${point.week}`).toBe(inWeek.length);
        }
        // NPS from the seeded scores of the theme's responses (feedback has none).
        const scores = items.flatMap((id) => {
          const score = byItem.get(id)?.score;
          return score === null || score === undefined ? [] : [score];
        });
        const nps = npsOf(scores);
        expect(theme.nps).toEqual({ score: round(nps.score, 1), n: nps.n });
        // Sentiment from the stored per-item analyses.
        const labels = items.map((id) => analyses.get(id)?.sentiment);
        const sum = items.reduce((total, id) => total + (analyses.get(id)?.sentiment_score ?? 0), 0);
        expect(theme.sentiment).toEqual({
          average: round(sum / items.length, 3),
          positive: labels.filter((l) => l === 'positive').length,
          negative: labels.filter((l) => l === 'negative').length,
        });
      }
      expect(themeFor(firstList.data, 'checkout').nps?.score).toBe(-100);
      expect(themeFor(firstList.data, 'support').nps?.score).toBe(100);
      // Largest volume first.
      const volumes = firstList.data.map((t) => t.volume);
      expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
      await expectRollupEqualsRecount(ws.id);
    });

    it('shows a theme with its five newest examples and filters items by it', async () => {
      const checkout = themeFor(firstList.data, 'checkout');
      const detail = await h.api<ThemeSummary & { examples: Example[] }>('GET', `/v1/themes/${checkout.id}`, {
        key: ws.secretKey,
      });
      expect(detail.status).toBe(200);
      expect(detail.body.volume).toBe(checkout.volume);
      const newest = planted('checkout').sort(newestFirst).slice(0, 5);
      expect(detail.body.examples).toEqual(
        newest.map((s) =>
          expect.objectContaining({
            item_id: s.id,
            item_kind: s.kind,
            text: s.text,
            score: s.score,
            submitted_at: new Date(s.submittedAt).toISOString(),
          }),
        ),
      );

      for (const topic of ['checkout', 'mobile'] as const) {
        const theme = themeFor(firstList.data, topic);
        const ofKind = (kind: Seeded['kind']) =>
          sorted(
            planted(topic)
              .filter((s) => s.kind === kind)
              .map((s) => s.id),
          );
        expect(await listIds(ws, `/v1/responses?theme_id=${theme.id}`)).toEqual(ofKind('response'));
        expect(await listIds(ws, `/v1/feedback?theme_id=${theme.id}`)).toEqual(ofKind('feedback'));
        const negatives = await h.db.query<{ item_id: string }>(
          `SELECT item_id::text FROM comment_analyses WHERE workspace_id = $1 AND sentiment = 'negative'
             AND item_kind = 'response'`,
          [ws.id],
        );
        const negativeIds = new Set(negatives.map((n) => n.item_id));
        expect(await listIds(ws, `/v1/responses?theme_id=${theme.id}&sentiment=negative`)).toEqual(
          ofKind('response').filter((id) => negativeIds.has(id)),
        );
      }
      const item = await getItem(
        ws,
        'response',
        planted('checkout').filter((s) => s.kind === 'response')[0].id,
      );
      expect(item.themes).toEqual([{ id: checkout.id, label: checkout.label, source: 'auto' }]);
    });

    it('ranks drivers: the detractors’ topic lowers NPS, with numbers computed from the seeded scores', async () => {
      const answer = await h.api<{ metric: string; data: Driver[] }>('GET', '/v1/drivers?metric=nps', {
        key: ws.secretKey,
      });
      expect(answer.status).toBe(200);
      const checkout = themeFor(firstList.data, 'checkout');
      const support = themeFor(firstList.data, 'support');
      expect(answer.body.data[0].theme.id).toBe(checkout.id);
      const responses = seeded.filter((s) => s.kind === 'response');
      for (const [theme, sign] of [
        [checkout, -1],
        [support, 1],
      ] as const) {
        const driver = answer.body.data.find((d) => d.theme.id === theme.id) as Driver;
        const members = new Set(await itemsOfTheme(ws.id, theme.id));
        const withTheme = npsOf(responses.filter((s) => members.has(s.id)).map((s) => s.score as number));
        const without = npsOf(responses.filter((s) => !members.has(s.id)).map((s) => s.score as number));
        const difference = withTheme.score - without.score;
        const share = withTheme.n / (withTheme.n + without.n);
        const half = 1.96 * 100 * Math.sqrt(withTheme.varianceOfMean + without.varianceOfMean);
        expect(driver.with_theme).toEqual({ n: withTheme.n, score: round(withTheme.score, 2) });
        expect(driver.without_theme).toEqual({ n: without.n, score: round(without.score, 2) });
        expect(driver.share).toBe(round(share, 4));
        expect(driver.difference.value).toBe(round(difference, 2));
        expect(driver.difference.low).toBeCloseTo(difference - half, 1);
        expect(driver.difference.high).toBeCloseTo(difference + half, 1);
        expect(driver.difference.significant).toBe(true);
        expect(driver.potential_gain.value).toBe(round(share * -difference, 2));
        expect(Math.sign(driver.difference.value)).toBe(sign);
        expect(Math.sign(driver.potential_gain.value)).toBe(-sign);
      }
    });

    it('keeps theme ids and figures when themes are discovered again', async () => {
      await rethemeAndWait(ws);
      const again = await themes(ws);
      for (const topic of Object.keys(TOPICS) as TopicKey[]) {
        const first = themeFor(firstList.data, topic);
        const second = themeFor(again.data, topic);
        expect(second.id, topic).toBe(first.id);
        expect(second.key).toBe(first.key);
        expect(second.volume).toBe(first.volume);
        expect(second.trend).toEqual(first.trend);
      }
      await expectRollupEqualsRecount(ws.id);
    });
  });

  // ---- 5. emerging issues ----

  it('flags a topic whose volume spikes this week, and nothing when volume is flat', async () => {
    const baseline = { checkout: 6, billing: 5, support: 5, mobile: 1, noise: 3 };
    const spike = await h.createWorkspace('Spike');
    const flat = await h.createWorkspace('Flat');
    const spikeWeeks = [
      { checkout: 2, billing: 2, support: 2, mobile: 12, noise: 2 },
      ...Array(8).fill(baseline),
    ];
    const spikeSeeded = await seedTopics(spike, await h.createSurvey(spike), spikeWeeks, 5);
    await seedTopics(flat, await h.createSurvey(flat), Array(9).fill(baseline), 6);
    await h.analyze();
    await rethemeAndWait(spike);
    await rethemeAndWait(flat);

    const thisWeek = weekStart(0, now);
    const answer = await h.api<{
      week: string;
      baseline_weeks: number;
      data: Array<{ theme: { id: string }; evidence: Evidence }>;
    }>('GET', '/v1/emerging', { key: spike.secretKey });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ week: thisWeek, baseline_weeks: 8 });
    const mobile = themeFor((await themes(spike)).data, 'mobile');
    expect(answer.body.data.map((d) => d.theme.id)).toEqual([mobile.id]);
    // The evidence, from the seeded weeks: 12 of 20 comments this week against 8 of 160 over eight weeks.
    const inWeek = (weeksAgo: number) =>
      spikeSeeded.filter(
        (s) => mondayOf(new Date(s.submittedAt)).toISOString().slice(0, 10) === weekStart(weeksAgo, now),
      );
    const observed = inWeek(0).filter((s) => s.topic === 'mobile').length;
    const baselineItems = [1, 2, 3, 4, 5, 6, 7, 8].flatMap(inWeek);
    const baselineComments = baselineItems.filter((s) => s.topic === 'mobile').length;
    const expected = ((baselineComments + 0.5) / baselineItems.length) * inWeek(0).length;
    const evidence = answer.body.data[0].evidence;
    expect(evidence).toMatchObject({
      emerging: true,
      week: thisWeek,
      observed,
      expected: round(expected, 3),
      baselineWeeks: 8,
      baselineComments,
      baselineTotal: baselineItems.length,
      rateRatio: round(observed / expected, 3),
    });
    expect([observed, baselineComments, baselineItems.length]).toEqual([12, 8, 160]);
    expect(evidence.pValue).toBeLessThan(0.001);
    // The observed count is the theme's comments this week in the per-item tables.
    const members = new Set(await itemsOfTheme(spike.id, mobile.id));
    expect(inWeek(0).filter((s) => members.has(s.id))).toHaveLength(observed);

    // The same week asked for by a day in it; the theme's own page carries the same test.
    const byDay = await h.api<{ data: Array<{ evidence: Evidence }> }>(
      'GET',
      `/v1/emerging?week=${now.toISOString().slice(0, 10)}`,
      { key: spike.secretKey },
    );
    expect(byDay.body.data.map((d) => d.evidence)).toEqual([evidence]);
    const detail = await h.api<{ emerging: Evidence }>('GET', `/v1/themes/${mobile.id}`, {
      key: spike.secretKey,
    });
    expect(detail.body.emerging).toEqual(evidence);

    const quiet = await h.api<{ data: Array<{ evidence: Evidence }> }>('GET', '/v1/emerging', {
      key: flat.secretKey,
    });
    expect(quiet.status).toBe(200);
    expect(quiet.body.data).toEqual([]);
    const all = await h.api<{ data: Array<{ theme: { id: string }; evidence: Evidence }> }>(
      'GET',
      '/v1/emerging?include_quiet=true',
      { key: flat.secretKey },
    );
    const flatThemes = (await themes(flat)).data.filter((t) => t.retired_at === null);
    expect(sorted(all.body.data.map((d) => d.theme.id))).toEqual(sorted(flatThemes.map((t) => t.id)));
    expect(
      all.body.data.every((d) => !d.evidence.emerging && d.evidence.observed === baselineOf(d.theme.id)),
    ).toBe(true);
    function baselineOf(themeId: string) {
      const theme = flatThemes.find((t) => t.id === themeId);
      return theme?.trend.at(-1)?.comments;
    }
  });

  // ---- 6. tags and auto-tag rules ----

  it('applies tags by hand and by rules, keeps hand-made tags through re-analysis, and counts them', async () => {
    const ws = await h.createWorkspace('Tags');
    const nps = await h.createSurvey(ws);
    const [askedRefund, wasRefunded, refundsSlow, dashboard, onboarding] = await postResponses(ws, [
      { survey_id: nps, score: 4, comment: 'I asked for a refund last week.' },
      { survey_id: nps, score: 8, comment: 'They refunded me quickly, thanks.' },
      { survey_id: nps, score: 3, comment: 'Refunds take ages.' },
      { survey_id: nps, score: 9, comment: 'The dashboard is lovely.' },
      { survey_id: nps, score: 10, comment: 'Great onboarding.' },
      { survey_id: nps, score: 6 },
    ]);
    const waiting = await postFeedback(ws, 'Still waiting on my refund.');
    const charts = await postFeedback(ws, 'Nice charts.');
    await h.analyze();
    const kindOf = (id: string) => (id === waiting || id === charts ? 'feedback' : 'response');

    const created = await h.api<{ id: string; name: string }>('POST', '/v1/tags', {
      key: ws.secretKey,
      body: { name: 'Refunds' },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Refunds');
    const tagId = created.body.id;
    expect((await h.api('POST', '/v1/tags', { key: ws.secretKey, body: { name: 'Refunds' } })).status).toBe(
      409,
    );
    expect((await h.api('POST', '/v1/tags', { key: ws.secretKey, body: { name: ' refunds ' } })).status).toBe(
      409,
    );
    const tagList = await h.api<{ data: Array<{ id: string; name: string }> }>('GET', '/v1/tags', {
      key: ws.secretKey,
    });
    expect(tagList.body.data.map((t) => [t.id, t.name])).toEqual([[tagId, 'Refunds']]);
    // Renaming: a tag's name is its key, so two tags cannot share one.
    const other = await h.api<{ id: string }>('POST', '/v1/tags', {
      key: ws.secretKey,
      body: { name: 'Other' },
    });
    const renamed = await h.api('PATCH', `/v1/themes/${other.body.id}`, {
      key: ws.secretKey,
      body: { label: 'Praise' },
    });
    expect(renamed.body).toEqual({ id: other.body.id, kind: 'tag', label: 'Praise', key: 'praise' });
    const clash = await h.api('PATCH', `/v1/themes/${other.body.id}`, {
      key: ws.secretKey,
      body: { label: 'REFUNDS' },
    });
    expect(clash.status).toBe(409);
    expect((await h.api('DELETE', `/v1/tags/${other.body.id}`, { key: ws.secretKey })).status).toBe(204);

    /** The item's tags as the API shows them, and the tag's volume against the per-item tables. */
    const expectTags = async (expected: Record<string, 'rule' | 'manual' | undefined>) => {
      for (const [id, source] of Object.entries(expected)) {
        const item = await getItem(ws, kindOf(id), id);
        expect(item.tags, id).toEqual(source ? [{ id: tagId, label: 'Refunds', source }] : []);
      }
      const tagged = Object.entries(expected)
        .filter(([, source]) => source !== undefined)
        .map(([id]) => id);
      expect(await itemsOfTheme(ws.id, tagId)).toEqual(sorted(tagged));
      const list = await themes(ws, '?kind=tag');
      expect(list.data.map((t) => [t.id, t.volume])).toEqual([[tagId, tagged.length]]);
      await expectRollupEqualsRecount(ws.id);
    };
    const none = {
      [askedRefund]: undefined,
      [wasRefunded]: undefined,
      [refundsSlow]: undefined,
      [dashboard]: undefined,
      [onboarding]: undefined,
      [waiting]: undefined,
      [charts]: undefined,
    };
    await expectTags(none);

    // Rules: a bad tag, a keyword of two words, then the rule that works.
    const unknownTag = await h.api('POST', '/v1/tag-rules', {
      key: ws.secretKey,
      body: { tag_id: randomUUID(), match: 'keyword', pattern: 'refund' },
    });
    expect(unknownTag.status).toBe(404);
    expect(pathsOf(unknownTag)).toEqual(['tag_id']);
    const twoWords = await h.api('POST', '/v1/tag-rules', {
      key: ws.secretKey,
      body: { tag_id: tagId, match: 'keyword', pattern: 'money back' },
    });
    expect(twoWords.status).toBe(400);
    expect(pathsOf(twoWords)).toEqual(['pattern']);
    const rule = await h.api<{ rule: { id: string; pattern: string }; run: Run }>('POST', '/v1/tag-rules', {
      key: ws.secretKey,
      body: { tag_id: tagId, match: 'keyword', pattern: 'refund' },
    });
    expect(rule.status).toBe(201);
    expect(rule.body.rule).toMatchObject({ pattern: 'refund', match: 'keyword', tag_id: tagId });
    expect(rule.body.run).toMatchObject({ kind: 'reanalyze', status: 'queued', processed: 0 });
    const duplicate = await h.api('POST', '/v1/tag-rules', {
      key: ws.secretKey,
      body: { tag_id: tagId, match: 'keyword', pattern: 'refund' },
    });
    expect(duplicate.status).toBe(409);
    // Queued, not yet applied.
    await expectTags(none);

    await h.analyze();
    expect(await analysedCount(ws.id)).toBe(7);
    expect(await getRun(ws, rule.body.run.id)).toMatchObject({
      status: 'done',
      progress: 1,
      processed: await analysedCount(ws.id),
      total: 7,
    });
    const ruled = {
      ...none,
      [askedRefund]: 'rule',
      [wasRefunded]: 'rule',
      [refundsSlow]: 'rule',
      [waiting]: 'rule',
    } as const;
    await expectTags(ruled);

    // A new comment is tagged as it is analysed.
    const [later] = await postResponses(ws, [{ survey_id: nps, score: 5, comment: 'Can I get refunded?' }]);
    await expectTags(ruled);
    await h.analyze();
    await expectTags({ ...ruled, [later]: 'rule' });

    // By hand: an untagged response and feedback item, and one the rule tagged (made by hand from now on).
    for (const id of [dashboard, charts, askedRefund]) {
      const path = `/v1/${kindOf(id) === 'response' ? 'responses' : 'feedback'}/${id}/tags`;
      const linked = await h.api('POST', path, { key: ws.secretKey, body: { tag_id: tagId } });
      expect(linked.status).toBe(204);
    }
    const manual = {
      ...ruled,
      [later]: 'rule',
      [dashboard]: 'manual',
      [charts]: 'manual',
      [askedRefund]: 'manual',
    } as const;
    await expectTags(manual);
    const badLink = await h.api('POST', `/v1/responses/${dashboard}/tags`, {
      key: ws.secretKey,
      body: { tag_id: randomUUID() },
    });
    expect(badLink.status).toBe(404);
    expect(pathsOf(badLink)).toEqual(['tag_id']);
    expect(
      (
        await h.api('POST', `/v1/responses/${randomUUID()}/tags`, {
          key: ws.secretKey,
          body: { tag_id: tagId },
        })
      ).status,
    ).toBe(404);

    // Re-analysis keeps hand-made tags and re-applies the rule.
    const reanalyze = await queueRun(ws, 'reanalyze');
    await h.analyze();
    expect(await getRun(ws, reanalyze.id)).toMatchObject({ status: 'done', progress: 1, processed: 8 });
    await expectTags(manual);

    // Without the rule, its tags go at the next run; hand-made ones stay.
    const removed = await h.api<{ run: Run }>('DELETE', `/v1/tag-rules/${rule.body.rule.id}`, {
      key: ws.secretKey,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.run).toMatchObject({ kind: 'reanalyze', status: 'queued' });
    expect((await h.api('GET', '/v1/tag-rules', { key: ws.secretKey })).body.data).toEqual([]);
    await expectTags(manual);
    await h.analyze();
    expect(await getRun(ws, removed.body.run.id)).toMatchObject({ status: 'done', processed: 8 });
    const handMade = {
      ...none,
      [later]: undefined,
      [dashboard]: 'manual',
      [charts]: 'manual',
      [askedRefund]: 'manual',
    } as const;
    await expectTags(handMade);
    expect((await h.api('DELETE', `/v1/tag-rules/${rule.body.rule.id}`, { key: ws.secretKey })).status).toBe(
      404,
    );

    // Untagging by hand, once.
    expect(
      (await h.api('DELETE', `/v1/responses/${dashboard}/tags/${tagId}`, { key: ws.secretKey })).status,
    ).toBe(204);
    expect(
      (await h.api('DELETE', `/v1/responses/${dashboard}/tags/${tagId}`, { key: ws.secretKey })).status,
    ).toBe(404);
    await expectTags({ ...handMade, [dashboard]: undefined });

    // Deleting the tag removes its links and its figures.
    expect((await h.api('DELETE', `/v1/tags/${tagId}`, { key: ws.secretKey })).status).toBe(204);
    expect((await themes(ws, '?kind=tag')).data).toEqual([]);
    expect((await getItem(ws, 'response', askedRefund)).tags).toEqual([]);
    expect(
      await h.db.query('SELECT 1 FROM theme_rollups WHERE workspace_id = $1 AND theme_id = $2', [
        ws.id,
        tagId,
      ]),
    ).toEqual([]);
    await expectRollupEqualsRecount(ws.id);
  });

  it('refuses bad queries and unknown ids, naming the field', async () => {
    const ws = await h.createWorkspace('Bad input');
    const badFrom = await h.api('GET', '/v1/themes?from=2026-02-30', { key: ws.secretKey });
    expect(badFrom.status).toBe(400);
    expect(pathsOf(badFrom)).toEqual(['querystring.from']);
    const notADate = await h.api('GET', '/v1/drivers?metric=nps&from=yesterday', { key: ws.secretKey });
    expect(notADate.status).toBe(400);
    expect(new Set(pathsOf(notADate))).toEqual(new Set(['querystring.from']));
    const reversed = await h.api('GET', '/v1/themes?from=2026-03-01&to=2026-01-01', { key: ws.secretKey });
    expect(reversed.status).toBe(400);
    expect(pathsOf(reversed)).toEqual(['from']);
    const shortBaseline = await h.api('GET', '/v1/emerging?baseline_weeks=2', { key: ws.secretKey });
    expect(shortBaseline.status).toBe(400);
    expect(pathsOf(shortBaseline)).toEqual(['querystring.baseline_weeks']);
    const badMetric = await h.api('GET', '/v1/drivers?metric=ces', { key: ws.secretKey });
    expect(badMetric.status).toBe(400);
    expect(pathsOf(badMetric)).toEqual(['querystring.metric']);
    expect((await h.api('GET', `/v1/themes/${randomUUID()}`, { key: ws.secretKey })).status).toBe(404);
    expect(
      (await h.api('PATCH', `/v1/themes/${randomUUID()}`, { key: ws.secretKey, body: { label: 'x' } }))
        .status,
    ).toBe(404);
    expect((await h.api('GET', `/v1/analysis-runs/${randomUUID()}`, { key: ws.secretKey })).status).toBe(404);
    expect((await h.api('DELETE', `/v1/tags/${randomUUID()}`, { key: ws.secretKey })).status).toBe(404);
    const badKind = await h.api('POST', '/v1/analysis-runs', {
      key: ws.secretKey,
      body: { kind: 'everything' },
    });
    expect(badKind.status).toBe(400);
    expect(pathsOf(badKind)).toEqual(['kind']);
  });

  // ---- 7. the rollup always equals a full recount ----

  it('keeps the theme rollup equal to a recount under any sequence of operations', async () => {
    const sentences = [
      'The checkout was painfully slow.',
      'Checkout kept timing out again.',
      'My invoice was wrong again.',
      'The invoice is confusing.',
      'Support was wonderful and fast.',
      'The support team was rude.',
      'I want a refund.',
      'They refunded me twice, thanks!',
      'The mobile app drains the battery.',
      'Great app, love it.',
      'ok',
    ];
    const keywords = ['refund', 'invoice', 'slow', 'support', 'app'];
    const comment = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(undefined, '') },
      {
        weight: 5,
        arbitrary: fc
          .array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 2 })
          .map((parts) => parts.join(' ')),
      },
    );
    const when = fc.record({
      weeksAgo: fc.integer({ min: 0, max: 13 }),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const responses = (minLength: number, maxLength: number) =>
      fc.record({
        op: fc.constant('responses' as const),
        items: fc.array(
          fc.record({ scored: fc.boolean(), score: fc.integer({ min: 0, max: 10 }), comment, when }),
          {
            minLength,
            maxLength,
          },
        ),
      });
    const operation = fc.oneof(
      { weight: 4, arbitrary: responses(1, 8) },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant('feedback' as const),
          text: fc.constantFrom(...sentences),
          when,
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ op: fc.constant('tag' as const), item: fc.nat(), tag: fc.nat(2) }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant('untag' as const),
          existing: fc.boolean(),
          item: fc.nat(),
          tag: fc.nat(2),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant('addRule' as const),
          tag: fc.nat(2),
          keyword: fc.constantFrom(...keywords),
        }),
      },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteRule' as const), rule: fc.nat() }) },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant('run' as const),
          kind: fc.constantFrom('retheme' as const, 'reanalyze' as const),
        }),
      },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('analyze' as const) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteTag' as const), tag: fc.nat(2) }) },
    );

    let runs = 0;
    /** What the runs reached: link sources on analysed items, and links removed by hand. */
    const seen = new Set<string>();
    await fc.assert(
      // A first batch large enough for themes to be found (a word needs 5 comments), then anything.
      fc.asyncProperty(
        responses(15, 30),
        fc.array(operation, { minLength: 4, maxLength: 30 }),
        async (first, rest) => {
          const operations = [first, ...rest];
          runs += 1;
          const ws = await h.createWorkspace(`Rollup ${runs}`);
          const nps = await h.createSurvey(ws);
          const unscored = await h.createSurvey(ws, { kind: 'custom', name: 'Open question' });
          const items: Array<{ id: string; path: string }> = [];
          const tags: Array<string | null> = [];
          for (const name of ['Alpha', 'Beta', 'Gamma']) {
            tags.push(
              (await h.api<{ id: string }>('POST', '/v1/tags', { key: ws.secretKey, body: { name } })).body
                .id,
            );
          }
          const rules: Array<{ id: string; tag: number; keyword: string }> = [];
          const linked = async (itemId: string, tagId: string) =>
            (
              await h.db.query(
                'SELECT 1 FROM item_themes WHERE workspace_id = $1 AND item_id = $2 AND theme_id = $3',
                [ws.id, itemId, tagId],
              )
            ).length > 0;

          for (const operation of operations) {
            switch (operation.op) {
              case 'responses': {
                const ids = await postResponses(
                  ws,
                  operation.items.map((item) => ({
                    survey_id: item.scored ? nps : unscored,
                    score: item.scored ? item.score : undefined,
                    comment: item.comment,
                    submitted_at: timeInWeek(item.when.weeksAgo, item.when.fraction, now),
                  })),
                );
                for (const id of ids) items.push({ id, path: `/v1/responses/${id}` });
                break;
              }
              case 'feedback': {
                const id = await postFeedback(
                  ws,
                  operation.text,
                  timeInWeek(operation.when.weeksAgo, operation.when.fraction, now),
                );
                items.push({ id, path: `/v1/feedback/${id}` });
                break;
              }
              case 'tag': {
                if (items.length === 0) break;
                const item = items[operation.item % items.length];
                const tagId = tags[operation.tag];
                if (tagId === null) break;
                const answer = await h.api('POST', `${item.path}/tags`, {
                  key: ws.secretKey,
                  body: { tag_id: tagId },
                });
                expect(answer.status).toBe(204);
                break;
              }
              case 'untag': {
                // Mostly a link that exists (by hand or by a rule), sometimes one that does not.
                const links = await h.db.query<{ item_id: string; theme_id: string }>(
                  `SELECT t.item_id::text, t.theme_id::text FROM item_themes t JOIN themes th
                   ON th.workspace_id = t.workspace_id AND th.id = t.theme_id
                 WHERE t.workspace_id = $1 AND th.kind = 'tag' ORDER BY 1, 2`,
                  [ws.id],
                );
                const link = operation.existing
                  ? links[operation.item % Math.max(1, links.length)]
                  : undefined;
                const item = link
                  ? items.find((i) => i.id === link.item_id)
                  : items[operation.item % Math.max(1, items.length)];
                const tagId = link ? link.theme_id : tags[operation.tag];
                if (!item || !tagId) break;
                const expected = link || (await linked(item.id, tagId)) ? 204 : 404;
                const answer = await h.api('DELETE', `${item.path}/tags/${tagId}`, { key: ws.secretKey });
                expect(answer.status).toBe(expected);
                if (expected === 204) seen.add('untag');
                break;
              }
              case 'addRule': {
                const tagId = tags[operation.tag];
                if (tagId === null) break;
                const answer = await h.api<{ rule: { id: string } }>('POST', '/v1/tag-rules', {
                  key: ws.secretKey,
                  body: { tag_id: tagId, match: 'keyword', pattern: operation.keyword },
                });
                const exists = rules.some((r) => r.tag === operation.tag && r.keyword === operation.keyword);
                expect(answer.status).toBe(exists ? 409 : 201);
                if (!exists)
                  rules.push({ id: answer.body.rule.id, tag: operation.tag, keyword: operation.keyword });
                break;
              }
              case 'deleteRule': {
                if (rules.length === 0) break;
                const [rule] = rules.splice(operation.rule % rules.length, 1);
                const answer = await h.api('DELETE', `/v1/tag-rules/${rule.id}`, { key: ws.secretKey });
                expect(answer.status).toBe(200);
                break;
              }
              case 'run':
                await queueRun(ws, operation.kind);
                break;
              case 'analyze':
                await h.analyze();
                break;
              case 'deleteTag': {
                const tagId = tags[operation.tag];
                if (tagId === null) break;
                expect((await h.api('DELETE', `/v1/tags/${tagId}`, { key: ws.secretKey })).status).toBe(204);
                tags[operation.tag] = null;
                // A tag's rules go with it.
                for (let i = rules.length - 1; i >= 0; i -= 1)
                  if (rules[i].tag === operation.tag) rules.splice(i, 1);
                expect(
                  await h.api<{ data: unknown[] }>('GET', '/v1/tag-rules', { key: ws.secretKey }),
                ).toMatchObject({
                  body: { data: expect.toSatisfy((data: unknown[]) => data.length === rules.length) },
                });
                break;
              }
            }
            await expectRollupEqualsRecount(ws.id);
          }
          await h.analyze();
          await expectRollupEqualsRecount(ws.id);
          // Every run finished, and each tag's volume is its analysed, linked items.
          const pending = await h.db.query(
            "SELECT 1 FROM analysis_runs WHERE workspace_id = $1 AND status <> 'done'",
            [ws.id],
          );
          expect(pending).toEqual([]);
          const sources = await h.db.query<{ source: string }>(
            `SELECT DISTINCT t.source FROM item_themes t JOIN comment_analyses a USING (workspace_id, item_id)
           WHERE t.workspace_id = $1`,
            [ws.id],
          );
          for (const { source } of sources) seen.add(source);
          const list = await themes(ws, `?kind=tag&from=${weekStart(14, now)}`);
          for (const tag of list.data) expect(tag.volume).toBe((await itemsOfTheme(ws.id, tag.id)).length);
        },
      ),
      // A fixed seed: the same 15 sequences every run, so the coverage check below cannot pass or fail by
      // chance (random ones left a removal untried about one run in ten); change it to explore others.
      { numRuns: 15, seed: 20_261_130 },
    );
    // The generator is not stale: themes were found, rules and hands applied tags, and tags were removed.
    expect([...seen].sort()).toEqual(['auto', 'manual', 'rule', 'untag']);
  });
});
