// Idempotency-Key on every POST: a retry returns the first answer and writes nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

describe.each(backends)('Idempotency-Key on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let surveyId: string;
  const count = async (table: string) =>
    (
      await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`, [
        ws.id,
      ])
    )[0].n;

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace();
    surveyId = await h.createSurvey(ws);
  });
  afterAll(() => h.close());

  it('replays a management POST (create survey) with the same id and creates one survey', async () => {
    const body = { kind: 'ces', name: 'Support effort' };
    const headers = { 'idempotency-key': 'survey-ces-1' };
    const before = await count('surveys');
    const first = await h.api<{ id: string }>('POST', '/v1/surveys', { key: ws.secretKey, body, headers });
    const second = await h.api<{ id: string }>('POST', '/v1/surveys', { key: ws.secretKey, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await count('surveys')).toBe(before + 1);
  });

  it('refuses a key reused with a different body with 422 and writes nothing', async () => {
    const headers = { 'idempotency-key': 'reused' };
    await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 9 },
      headers,
    });
    const before = await count('responses');
    const reuse = await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 1 },
      headers,
    });
    expect(reuse.status).toBe(422);
    expect(reuse.body).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await count('responses')).toBe(before);
  });

  it('writes a batch once however often it is retried, even concurrently', async () => {
    const body = {
      responses: Array.from({ length: 20 }, (_, i) => ({
        survey_id: surveyId,
        score: i % 11,
        customer: { external_id: `b-${i}` },
      })),
    };
    const headers = { 'idempotency-key': 'batch-1' };
    const before = await count('responses');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.api<{ results: Array<{ id: string }> }>('POST', '/v1/responses/batch', {
          key: ws.secretKey,
          body,
          headers,
        }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.body.results.map((r) => r.id)).toEqual(answers[0].body.results.map((r) => r.id));
    }
    expect(await count('responses')).toBe(before + 20);
  });

  it('lets a corrected retry through after a rejected first attempt', async () => {
    const headers = { 'idempotency-key': 'fix-me' };
    const bad = await h.api('POST', '/v1/events', {
      key: ws.secretKey,
      body: {
        type: 'purchase',
        amount: 500,
        currency: 'EUR',
        customer: { id: '00000000-0000-7000-8000-000000000000' },
      },
      headers,
    });
    expect(bad.status).toBe(404);
    const good = await h.api('POST', '/v1/events', {
      key: ws.secretKey,
      body: { type: 'purchase', amount: 500, currency: 'EUR', customer: { external_id: 'buyer' } },
      headers,
    });
    expect(good.status).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps keys per workspace: the same key in another workspace is a new request', async () => {
    const other = await h.createWorkspace('Other');
    const otherSurvey = await h.createSurvey(other);
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await h.api<{ id: string }>('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 5 },
      headers,
    });
    const b = await h.api<{ id: string }>('POST', '/v1/responses', {
      key: other.secretKey,
      body: { survey_id: otherSurvey, score: 5 },
      headers,
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });
});
