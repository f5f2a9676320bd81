// The survey list's figures (GET /v1/surveys?include=stats): each survey's all-time responses, response rate
// and score, read from the rollups plus their live tail, equal to what the formulas give on the raw answers
// whatever has been folded; and editing a survey's wording and further questions (PATCH /v1/surveys/{id}).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cesFromHistogram,
  csatFromHistogram,
  npsCountsFromScores,
  npsFromCounts,
  type ScoreCount,
} from '../src/domains/metrics/formulas.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';
import { npsWithFollowUps } from './support/surveys.ts';

interface Stats {
  responses: number;
  asked: number;
  response_rate: number | null;
  last_response_on: string | null;
  score: {
    metric: string;
    value: number | null;
    n: number;
    margin_of_error: number | null;
    confidence_interval: [number, number] | null;
  } | null;
}
interface ListedSurvey {
  id: string;
  name: string;
  status: string;
  stats?: Stats;
}

const histogramOf = (scores: number[]): ScoreCount[] => {
  const counts = new Map<number, number>();
  for (const score of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
  return [...counts].map(([score, count]) => ({ score, count }));
};

describe.each(backends)('survey figures and edits on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Acme');
    for (const [name, body] of Object.entries({
      nps: { kind: 'nps', name: 'Relationship NPS' },
      csat: { kind: 'csat', name: 'Support CSAT' },
      ces: { kind: 'ces', name: 'Checkout effort' },
      rated: {
        kind: 'custom',
        name: 'Onboarding',
        question: 'How was your onboarding?',
        rating: { min: 1, max: 10 },
        questions: [{ id: 'best', type: 'text', prompt: 'What was best?' }],
      },
      unrated: {
        kind: 'custom',
        name: 'Ideas',
        questions: [{ id: 'idea', type: 'text', prompt: 'Any idea?', required: true }],
      },
      quiet: { kind: 'nps', name: 'Not sent yet' },
    })) {
      ids[name] = await h.createSurvey(ws, body);
    }
  });
  afterAll(() => h.close());

  const respond = async (survey: string, body: Record<string, unknown>) => {
    const answer = await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: ids[survey], ...body },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  };
  const contact = async (survey: string, channel: string, kind: string, times: number) => {
    for (let i = 0; i < times; i++) {
      const answer = await h.api('POST', '/v1/contacts', {
        key: ws.secretKey,
        body: { survey_id: ids[survey], channel, kind },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  };
  const listed = async () => {
    const answer = await h.api<{ data: ListedSurvey[]; next_cursor: string | null }>(
      'GET',
      '/v1/surveys?include=stats&limit=100',
      { key: ws.secretKey },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return new Map(answer.body.data.map((survey) => [survey.id, survey.stats]));
  };

  const npsScores = { web: [10, 9, 3], email: [8, 10], api: [0, 10] };

  it('gives each survey its responses, response rate and score, equal before and after the fold', async () => {
    // NPS: 3 answers on the widget after 6 displays, 2 by e-mail after 5 sent of which 1 bounced, and 2 through
    // the API, which asked nobody: rate (3 + 2) ÷ (6 + 4) = 0.5 over 7 responses.
    for (const score of npsScores.web)
      await respond('nps', { score, channel: 'web', submitted_at: '2026-01-05T10:00:00Z' });
    for (const score of npsScores.email)
      await respond('nps', { score, channel: 'email', submitted_at: '2026-02-10T23:30:00Z' });
    for (const score of npsScores.api)
      await respond('nps', { score, channel: 'api', submitted_at: '2026-01-20T08:00:00Z' });
    for (let i = 0; i < 6; i++) {
      const shown = await h.api('POST', '/v1/impressions', {
        key: ws.publishableKey,
        body: { survey_id: ids.nps, channel: 'web' },
      });
      expect(shown.status).toBe(201);
    }
    await contact('nps', 'email', 'sent', 5);
    await contact('nps', 'email', 'bounced', 1);
    for (const score of [5, 4, 2]) await respond('csat', { score, submitted_at: '2026-01-02T12:00:00Z' });
    await respond('ces', { score: 6, submitted_at: '2026-01-03T12:00:00Z' });
    await respond('rated', { score: 7, submitted_at: '2026-01-04T12:00:00Z' });
    await respond('rated', { score: 9, submitted_at: '2026-01-04T13:00:00Z' });
    await respond('rated', { answers: { best: 'The people' }, submitted_at: '2026-01-06T12:00:00Z' });
    await respond('unrated', { answers: { idea: 'Dark mode' }, submitted_at: '2026-01-07T12:00:00Z' });

    const nps = npsFromCounts(npsCountsFromScores(Object.values(npsScores).flat()));
    const csat = csatFromHistogram(histogramOf([5, 4, 2]), { min: 1, max: 5 });
    const half = (interval: [number, number] | null) => (interval ? (interval[1] - interval[0]) / 2 : null);
    const expected = new Map<string, Stats>([
      [
        ids.nps,
        {
          responses: 7,
          asked: 10,
          response_rate: 0.5,
          last_response_on: '2026-02-10',
          score: {
            metric: 'nps',
            value: nps.nps,
            n: 7,
            margin_of_error: nps.marginOfError,
            confidence_interval: nps.confidenceInterval,
          },
        },
      ],
      [
        ids.csat,
        {
          responses: 3,
          asked: 0,
          response_rate: null,
          last_response_on: '2026-01-02',
          score: {
            metric: 'csat',
            value: csat.csat,
            n: 3,
            margin_of_error: half(csat.confidenceInterval),
            confidence_interval: csat.confidenceInterval,
          },
        },
      ],
      [
        ids.ces,
        {
          responses: 1,
          asked: 0,
          response_rate: null,
          last_response_on: '2026-01-03',
          // One answer: a mean, but no interval.
          score: {
            metric: 'ces',
            value: cesFromHistogram([{ score: 6, count: 1 }]).ces,
            n: 1,
            margin_of_error: null,
            confidence_interval: null,
          },
        },
      ],
      [
        ids.rated,
        {
          // Two ratings (7 and 9) and one answer without: mean 8, s² 2, so 8 ± 1.96·√2/√2.
          responses: 3,
          asked: 0,
          response_rate: null,
          last_response_on: '2026-01-06',
          score: { metric: 'mean', value: 8, n: 2, margin_of_error: 1.96, confidence_interval: [6.04, 9.96] },
        },
      ],
      [
        ids.unrated,
        { responses: 1, asked: 0, response_rate: null, last_response_on: '2026-01-07', score: null },
      ],
      [
        ids.quiet,
        {
          responses: 0,
          asked: 0,
          response_rate: null,
          last_response_on: null,
          score: {
            metric: 'nps',
            value: null,
            n: 0,
            margin_of_error: null,
            confidence_interval: null,
          },
        },
      ],
    ]);
    const close = (stats: Map<string, Stats | undefined>) => {
      for (const [id, want] of expected) {
        const got = stats.get(id);
        expect(got, id).toBeDefined();
        const { score, ...counts } = got as Stats;
        const { score: wantedScore, ...wantedCounts } = want;
        expect(counts, id).toEqual(wantedCounts);
        if (wantedScore === null) {
          expect(score, id).toBeNull();
          continue;
        }
        expect(score?.metric, id).toBe(wantedScore.metric);
        expect(score?.n, id).toBe(wantedScore.n);
        for (const key of ['value', 'margin_of_error'] as const) {
          if (wantedScore[key] === null) expect(score?.[key], `${id} ${key}`).toBeNull();
          else expect(score?.[key], `${id} ${key}`).toBeCloseTo(wantedScore[key] as number, 10);
        }
        if (wantedScore.confidence_interval === null) expect(score?.confidence_interval, id).toBeNull();
        else {
          expect(score?.confidence_interval?.[0]).toBeCloseTo(wantedScore.confidence_interval[0], 10);
          expect(score?.confidence_interval?.[1]).toBeCloseTo(wantedScore.confidence_interval[1], 10);
        }
      }
    };
    // Everything in the live tail, then everything folded, then folded plus a fresh tail: the same figures.
    close(await listed());
    await h.fold();
    close(await listed());
    await respond('unrated', { answers: { idea: 'Exports' }, submitted_at: '2026-03-01T12:00:00Z' });
    await contact('unrated', 'link', 'shown', 4);
    const unrated = expected.get(ids.unrated) as Stats;
    Object.assign(unrated, { responses: 2, asked: 4, last_response_on: '2026-03-01' });
    // Neither response came through a channel that asked (the API): asked 4, rate 0.
    unrated.response_rate = 0;
    close(await listed());
    await h.fold();
    close(await listed());
  });

  it('gives one survey its figures with include=stats, and none without', async () => {
    const plain = await h.api<Record<string, unknown>>('GET', `/v1/surveys/${ids.csat}`, {
      key: ws.secretKey,
    });
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('stats');
    const withStats = await h.api<ListedSurvey>('GET', `/v1/surveys/${ids.csat}?include=stats`, {
      key: ws.secretKey,
    });
    expect(withStats.status).toBe(200);
    expect(withStats.body.stats).toMatchObject({ responses: 3, score: { metric: 'csat', n: 3 } });
    const list = await h.api<{ data: ListedSurvey[] }>('GET', '/v1/surveys', { key: ws.secretKey });
    expect(list.body.data.every((survey) => !('stats' in survey))).toBe(true);
  });

  it('pages the figures with the surveys: each page carries its own', async () => {
    const first = await h.api<{ data: ListedSurvey[]; next_cursor: string | null }>(
      'GET',
      '/v1/surveys?include=stats&limit=2',
      { key: ws.secretKey },
    );
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).not.toBeNull();
    const second = await h.api<{ data: ListedSurvey[] }>(
      'GET',
      `/v1/surveys?include=stats&limit=2&cursor=${first.body.next_cursor}`,
      { key: ws.secretKey },
    );
    expect(second.body.data).toHaveLength(2);
    for (const survey of [...first.body.data, ...second.body.data]) expect(survey.stats).toBeDefined();
  });

  it('names the parameter it does not know', async () => {
    const answer = await h.api<{ errors: Array<{ path: string; message: string }> }>(
      'GET',
      '/v1/surveys?include=everything',
      { key: ws.secretKey },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error) => error.path)).toEqual(['querystring.include']);
  });

  it('counts responses folded before the reach rollup existed exactly once (migration 0011)', async () => {
    const ws2 = await h.createWorkspace('Before');
    const survey = await h.createSurvey(ws2, { kind: 'nps', name: 'Old' });
    const write = async (score: number, channel: string) => {
      const answer = await h.api('POST', '/v1/responses', {
        key: ws2.secretKey,
        body: { survey_id: survey, score, channel },
      });
      expect(answer.status).toBe(201);
    };
    for (const score of [10, 9, 2]) await write(score, 'link');
    await h.fold();
    // Back to the schema before 0011 (the folded responses stay below the watermark), one response in the
    // tail and eight displays, then 0011 again, as on a server upgraded with data.
    await h.db.transaction(async (tx) => {
      await tx.query('DROP TABLE survey_reach_rollups');
      await tx.query('ALTER TABLE survey_contacts DROP COLUMN ingest_xid');
      await tx.query("DELETE FROM schema_migrations WHERE name = '0011-survey-reach-rollups.sql'");
    });
    await write(8, 'link');
    await h.db.query(
      `INSERT INTO survey_contacts (workspace_id, id, survey_id, customer_id, channel, kind)
       SELECT $1, gen_random_uuid(), $2, NULL, 'link', 'shown' FROM generate_series(1, 8)`,
      [ws2.id, survey],
    );
    const migration = fs.readFileSync(
      new URL('../src/db/migrations/0011-survey-reach-rollups.sql', import.meta.url),
      'utf8',
    );
    await h.db.transaction(async (tx) => {
      await tx.query(migration);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ('0011-survey-reach-rollups.sql')");
    });
    const read = async () =>
      (
        await h.api<ListedSurvey>('GET', `/v1/surveys/${survey}?include=stats`, {
          key: ws2.secretKey,
        })
      ).body.stats;
    expect(await read()).toMatchObject({ responses: 4, asked: 8, response_rate: 0.5 });
    await h.fold();
    expect(await read()).toMatchObject({ responses: 4, asked: 8, response_rate: 0.5 });
  });

  it('changes a survey’s wording, language and further questions, and the hosted page shows them', async () => {
    const survey = await h.createSurvey(ws, npsWithFollowUps);
    const questions = [
      {
        id: 'fix_first',
        type: 'single_choice',
        prompt: 'What should we fix before anything else?',
        options: ['Speed', 'Price'],
        required: true,
        show_if: { score_min: 0, score_max: 6 },
      },
    ];
    const changed = await h.api<Record<string, unknown>>('PATCH', `/v1/surveys/${survey}`, {
      key: ws.secretKey,
      body: { question: 'Would you recommend Acme to a colleague?', language: 'de', questions },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      kind: 'nps',
      question: 'Would you recommend Acme to a colleague?',
      language: 'de',
      scale: { min: 0, max: 10, style: 'numeric' },
      questions: questions.map((question) => ({ ...question })),
    });
    const link = await h.api<{ token: string }>('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: survey },
    });
    const page = String((await h.api('GET', `/s/${link.body.token}`)).body);
    expect(page).toContain('Would you recommend Acme to a colleague?');
    expect(page).toContain('What should we fix before anything else?');
    expect(page).not.toContain('What do you like most?');
    expect(page).toContain('<html lang="de">');
    // Fields not named stay as they were.
    const renamed = await h.api<Record<string, unknown>>('PATCH', `/v1/surveys/${survey}`, {
      key: ws.secretKey,
      body: { name: 'Renamed' },
    });
    expect(renamed.body).toMatchObject({ name: 'Renamed', language: 'de', questions });
  });

  it('refuses edits that would break the survey, naming each field', async () => {
    const survey = await h.createSurvey(ws, { kind: 'nps', name: 'Strict' });
    const refused = async (body: Record<string, unknown>) => {
      const answer = await h.api<{ errors: Array<{ path: string; message: string }> }>(
        'PATCH',
        `/v1/surveys/${survey}`,
        { key: ws.secretKey, body },
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      return answer.body.errors;
    };
    expect(
      await refused({
        questions: [
          { id: 'why', type: 'text', prompt: 'Why?' },
          { id: 'why', type: 'text', prompt: 'Why again?' },
        ],
      }),
    ).toEqual([{ path: 'questions[1].id', message: '"why" is used twice' }]);
    expect(
      await refused({
        questions: [{ id: 'why', type: 'text', prompt: 'Why?', show_if: { score_min: 9, score_max: 6 } }],
      }),
    ).toEqual([{ path: 'questions[0].show_if.score_max', message: 'must not be below score_min' }]);
    expect((await refused({ question: '  ' })).map((error) => error.path)).toEqual(['question']);
    // The kind and the scale never change: responses on one scale stay comparable.
    expect((await refused({ kind: 'csat' }))[0].message).toMatch(/kind/);
    const viewer = await h.api('PATCH', `/v1/surveys/${survey}`, {
      key: ws.publishableKey,
      body: { name: 'Nope' },
    });
    expect(viewer.status).toBe(403);
  });
});
