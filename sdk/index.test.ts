// The SDK against a real Heed listening on a port: every call goes through HTTP, authentication and validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test/support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from '../test/support/harness.ts';
import { Heed, HeedApiError } from './index.ts';

describe('the Heed SDK', () => {
  let h: Harness;
  let ws: TestWorkspace;
  let baseUrl: string;
  let surveyId: string;
  let server: Heed;
  let browser: Heed;

  beforeAll(async () => {
    h = await openHarness(backends[0]);
    ws = await h.createWorkspace('Acme');
    surveyId = await h.createSurvey(ws, { kind: 'nps', name: 'NPS', product_name: 'Acme' });
    baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
    server = new Heed({ key: ws.secretKey, baseUrl });
    browser = new Heed({ key: ws.publishableKey, baseUrl: `${baseUrl}/` });
  });
  afterAll(async () => {
    await h?.close();
  });

  const countResponses = async (externalId: string) => {
    const [row] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM responses r JOIN customers c ON c.workspace_id = r.workspace_id
         AND c.id = r.customer_id WHERE r.workspace_id = $1 AND c.external_id = $2`,
      [ws.id, externalId],
    );
    return row.n;
  };

  it('submits a response with a publishable key, sending a fresh Idempotency-Key unless given one', async () => {
    const keys: string[] = [];
    const recording = new Heed({
      key: ws.publishableKey,
      baseUrl,
      fetch: (input, init) => {
        keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
        return fetch(input, init);
      },
    });
    const body = {
      survey_id: surveyId,
      score: 9,
      channel: 'web' as const,
      customer: { external_id: 'sdk-1' },
    };
    const first = await recording.responses.create(body);
    expect(first).toMatchObject({ survey_id: surveyId, score: 9, channel: 'web', comment: null });
    const again = await recording.responses.create(body, { idempotencyKey: 'order-1' });
    const replay = await recording.responses.create(body, { idempotencyKey: 'order-1' });
    expect(replay.id).toBe(again.id);
    expect(again.id).not.toBe(first.id);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys.slice(1)).toEqual(['order-1', 'order-1']);
    expect(await countResponses('sdk-1')).toBe(2);
  });

  it('throws a HeedApiError carrying the problem: status, code, request id and every bad field', async () => {
    const error = await browser.responses.create({ survey_id: surveyId, score: 11 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeedApiError);
    const problem = error as HeedApiError;
    expect([problem.status, problem.code, problem.errors]).toEqual([
      400,
      'invalid',
      [{ path: 'score', message: 'Too big: expected number to be <=10' }],
    ]);
    expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(problem.message).toBe('400 invalid: Invalid request');
    // A publishable key may submit but not read.
    const refused = await browser.responses.list().catch((e: unknown) => e);
    expect([(refused as HeedApiError).status, (refused as HeedApiError).code]).toEqual([403, 'forbidden']);
  });

  it('retries a network error and a 503 with the same key, so the response is recorded once', async () => {
    const calls: string[] = [];
    const flaky = new Heed({
      key: ws.publishableKey,
      baseUrl,
      fetch: async (input, init) => {
        calls.push(new Headers(init?.headers).get('idempotency-key') ?? '');
        if (calls.length === 1) throw new TypeError('fetch failed');
        // The second attempt reaches Heed and is stored, but a proxy answers 503 in its place.
        const answer = await fetch(input, init);
        if (calls.length === 2) return new Response('upstream busy', { status: 503 });
        return answer;
      },
    });
    const stored = await flaky.responses.create({
      survey_id: surveyId,
      score: 3,
      customer: { external_id: 'sdk-flaky' },
    });
    expect(stored.score).toBe(3);
    expect(calls).toHaveLength(3);
    expect(new Set(calls).size).toBe(1);
    expect(await countResponses('sdk-flaky')).toBe(1);
  });

  it('gives up after its retries and reports a non-problem error answer by its status', async () => {
    const down = new Heed({
      key: ws.secretKey,
      baseUrl,
      retries: 0,
      fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    });
    const error = (await down.surveys.list().catch((e: unknown) => e)) as HeedApiError;
    expect(error.problem).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      code: 'http_502',
      detail: '<html>Bad gateway</html>',
      requestId: undefined,
    });
  });

  it('covers customers, batches, feedback, events, surveys and metrics with a secret key', async () => {
    const customer = await server.customers.upsert({
      external_id: 'sdk-2',
      email: 'grace@example.com',
      segment: 'enterprise',
    });
    expect(await server.customers.get(customer.id)).toEqual(customer);
    expect((await server.customers.list({ segment: 'enterprise' })).data.map((c) => c.id)).toEqual([
      customer.id,
    ]);

    const batch = await server.responses.batch([
      { survey_id: surveyId, score: 10, customer: { external_id: 'sdk-2' } },
      { survey_id: surveyId, score: 2, customer: { external_id: 'sdk-3' } },
    ]);
    expect([batch.count, batch.duplicates, batch.results.map((r) => r.duplicate)]).toEqual([
      2,
      0,
      [false, false],
    ]);
    expect((await server.responses.get(batch.results[0].id)).score).toBe(10);
    expect((await server.responses.list({ customer_id: customer.id })).data.map((r) => r.score)).toEqual([
      10,
    ]);

    const feedback = await server.feedback.create({ text: 'Please add dark mode', channel: 'web' });
    expect((await server.feedback.get(feedback.id)).text).toBe('Please add dark mode');
    expect((await server.feedback.list({ channel: 'web' })).data.map((f) => f.id)).toEqual([feedback.id]);

    const purchase = await server.events.create({
      type: 'purchase',
      customer: { external_id: 'sdk-2' },
      amount: 1999,
      currency: 'USD',
    });
    expect(purchase).toMatchObject({
      type: 'purchase',
      amount: 1999,
      currency: 'USD',
      customer_id: customer.id,
    });
    const events = await server.events.batch([
      { type: 'signed_up', customer: { external_id: 'sdk-2' } },
      { type: 'custom', name: 'exported_report', customer: { external_id: 'sdk-2' } },
    ]);
    expect(events.count).toBe(2);

    expect((await server.surveys.list()).data.map((s) => s.id)).toEqual([surveyId]);
    expect(await server.surveys.get(surveyId)).toMatchObject({ id: surveyId, kind: 'nps', status: 'active' });

    // Scores so far: 9, 9 (sdk-1), 3 (sdk-flaky), 10 (sdk-2), 2 (sdk-3): 3 promoters, 2 detractors of 5.
    expect(await server.metrics.nps({ survey_id: surveyId })).toMatchObject({ nps: 20, n: 5 });
    expect(await server.metrics.csat()).toMatchObject({ n: 0 });
    expect(await server.metrics.ces()).toMatchObject({ n: 0 });
  });

  it('asks eligibility and records an impression, after which the customer is under the fatigue cap', async () => {
    const customer = await server.customers.upsert({ external_id: 'sdk-4' });
    const before = await browser.eligibility({
      survey_id: surveyId,
      customer: { external_id: 'sdk-4' },
      sample: 0.5,
    });
    expect(before).toMatchObject({
      eligible: true,
      survey: { id: surveyId, kind: 'nps', scale: { min: 0, max: 10, style: 'numeric' } },
    });
    await browser.recordImpression({ survey_id: surveyId, customer: { id: customer.id }, channel: 'in_app' });
    expect(
      await browser.eligibility({ survey_id: surveyId, customer: { external_id: 'sdk-4' } }),
    ).toMatchObject({
      eligible: false,
      reason: 'fatigue',
      last_channel: 'in_app',
    });
  });
});
