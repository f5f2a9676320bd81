// Concurrent batches that create the same new customers in different orders all succeed, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/shared/random.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

describe.each(backends)('concurrent ingest on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let surveyId: string;
  beforeAll(async () => {
    // Small groups and many connections: the most chances for concurrent transactions to collide.
    h = await openHarness(backend, { poolSize: 10, groupCommitMaxItems: 300 });
    ws = await h.createWorkspace();
    surveyId = await h.createSurvey(ws);
  });
  afterAll(() => h.close());

  it('answers every overlapping batch with 201 and creates each new customer once', async () => {
    const random = mulberry32(99);
    const pool = Array.from({ length: 400 }, (_, i) => `new-${i}`);
    const pick = () => pool[Math.floor(random() * pool.length)];
    const requests = Array.from({ length: 16 }, (_, r) =>
      r % 4 === 3
        ? h.api('POST', '/v1/events/batch', {
            key: ws.secretKey,
            body: {
              events: Array.from({ length: 200 }, () => ({
                type: 'purchase',
                amount: 1000,
                currency: 'USD',
                customer: { external_id: pick(), traits: { touched: r } },
              })),
            },
          })
        : h.api('POST', '/v1/responses/batch', {
            key: ws.secretKey,
            body: {
              responses: Array.from({ length: 250 }, () => ({
                survey_id: surveyId,
                score: Math.floor(random() * 11),
                customer: { external_id: pick(), segment: r % 2 ? 'odd' : 'even' },
              })),
            },
          }),
    );
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const [customers] = await h.db.query<{ n: number; distinct_ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids FROM customers WHERE workspace_id = $1',
      [ws.id],
    );
    expect(customers.n).toBe(customers.distinct_ids);
    const [responses] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM responses WHERE workspace_id = $1',
      [ws.id],
    );
    expect(responses.n).toBe(12 * 250);
    const [revenue] = await h.db.query<{ total: number }>(
      'SELECT sum(revenue_minor)::bigint AS total FROM customer_revenue WHERE workspace_id = $1',
      [ws.id],
    );
    expect(revenue.total).toBe(4 * 200 * 1000);
  }, 120_000);
});
