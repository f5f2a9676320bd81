// Source ids through the API: a duplicate is answered with the stored item and changes no figure anywhere.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

interface Item {
  kind: 'response' | 'event' | 'feedback';
  source: string;
  body: Record<string, unknown>;
}

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12)).toISOString();

describe.each(backends)('source ids on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());

  it('answers 201 then 200 with the stored item and duplicate: true, on every write route', async () => {
    const ws = await h.createWorkspace();
    const survey = await h.createSurvey(ws);
    const key = ws.secretKey;
    const response = { survey_id: survey, score: 9, source_id: 'zendesk:1', customer: { external_id: 'c1' } };
    const first = await h.api<Record<string, unknown>>('POST', '/v1/responses', { key, body: response });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ source_id: 'zendesk:1', score: 9 });
    expect(first.body.duplicate).toBeUndefined();
    // A later copy with other values is still the same item: the stored one is kept and answered.
    const again = await h.api('POST', '/v1/responses', { key, body: { ...response, score: 3 } });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, score: 9, duplicate: true } });

    const batch = await h.api('POST', '/v1/responses/batch', {
      key,
      body: {
        responses: [
          response,
          { ...response, source_id: 'zendesk:2' },
          { ...response, source_id: 'zendesk:2' },
        ],
      },
    });
    expect(batch.status).toBe(201);
    expect(batch.body).toMatchObject({
      count: 3,
      duplicates: 2,
      results: [{ id: first.body.id, duplicate: true }, { duplicate: false }, { duplicate: true }],
    });
    const allStored = await h.api('POST', '/v1/responses/batch', { key, body: { responses: [response] } });
    expect(allStored).toMatchObject({ status: 200, body: { count: 1, duplicates: 1 } });

    const feedback = { text: 'Two stars: the app keeps logging me out', source_id: 'app-store:77' };
    const fb = await h.api<{ id: string }>('POST', '/v1/feedback', { key, body: feedback });
    expect(fb.status).toBe(201);
    expect(await h.api('POST', '/v1/feedback', { key, body: feedback })).toMatchObject({
      status: 200,
      body: { id: fb.body.id, duplicate: true, source_id: 'app-store:77' },
    });

    const purchase = {
      type: 'purchase',
      amount: 500,
      currency: 'USD',
      customer: { external_id: 'c1' },
      source_id: 'order-1',
    };
    const ev = await h.api<{ id: string }>('POST', '/v1/events', { key, body: purchase });
    expect(ev.status).toBe(201);
    expect(await h.api('POST', '/v1/events', { key, body: purchase })).toMatchObject({
      status: 200,
      body: { id: ev.body.id, duplicate: true },
    });
    expect(
      await h.api('POST', '/v1/events/batch', { key, body: { events: [purchase, purchase] } }),
    ).toMatchObject({
      status: 200,
      body: { count: 2, duplicates: 2 },
    });
    // The same source id in another workspace, or of another kind, is another item.
    const other = await h.createWorkspace();
    const otherSurvey = await h.createSurvey(other);
    const elsewhere = await h.api<{ id: string }>('POST', '/v1/responses', {
      key: other.secretKey,
      body: { ...response, survey_id: otherSurvey },
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);
    expect(
      (await h.api('POST', '/v1/feedback', { key, body: { text: 'x', source_id: 'zendesk:1' } })).status,
    ).toBe(201);
    const revenue = await h.db.query<{ revenue_minor: string; purchases: number }>(
      'SELECT revenue_minor::text, purchases FROM customer_revenue WHERE workspace_id = $1',
      [ws.id],
    );
    expect(revenue).toEqual([{ revenue_minor: '500', purchases: 1 }]);
  });

  it('gives every figure the same value with duplicates as without them', async () => {
    const itemArbitrary = fc.record({
      kind: fc.constantFrom('response', 'event', 'feedback') as fc.Arbitrary<Item['kind']>,
      source: fc.integer({ min: 0, max: 7 }),
      customer: fc.integer({ min: 0, max: 3 }),
      score: fc.integer({ min: 0, max: 10 }),
      eventType: fc.constantFrom('purchase', 'purchase', 'signed_up', 'churned', 'subscription_started'),
      amount: fc.integer({ min: 1, max: 10_000 }),
      day: fc.integer({ min: 0, max: 90 }),
      comment: fc.constantFrom(undefined, 'Checkout was slow', 'Support was quick and kind'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArbitrary, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 29 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        async (generated, repeats, batchSize) => {
          const once = await h.createWorkspace();
          const twice = await h.createWorkspace();
          const surveys = new Map<TestWorkspace, string>([
            [once, await h.createSurvey(once)],
            [twice, await h.createSurvey(twice)],
          ]);
          const items = generated.map((g): Item => {
            const customer = {
              external_id: `c${g.customer}`,
              segment: g.customer % 2 ? 'smb' : 'enterprise',
            };
            const source = `${g.kind}-${g.source}`;
            if (g.kind === 'response')
              return {
                kind: g.kind,
                source,
                body: {
                  score: g.score,
                  comment: g.comment,
                  customer,
                  submitted_at: day(g.day),
                  source_id: source,
                },
              };
            if (g.kind === 'feedback')
              return {
                kind: g.kind,
                source,
                body: {
                  text: g.comment ?? 'No comment',
                  customer,
                  submitted_at: day(g.day),
                  source_id: source,
                },
              };
            const purchase = g.eventType === 'purchase';
            return {
              kind: g.kind,
              source,
              body: {
                type: g.eventType,
                customer,
                occurred_at: day(g.day),
                source_id: source,
                ...(purchase ? { amount: g.amount, currency: 'USD' } : {}),
              },
            };
          });
          // The reference gets the first copy of each source id; the other gets every copy, and repeats.
          const firsts = items.filter(
            (item, index) => items.findIndex((i) => i.source === item.source) === index,
          );
          const all = [...items, ...repeats.map((r) => items[r % items.length])];
          const send = async (ws: TestWorkspace, list: Item[], fold: boolean) => {
            for (let start = 0; start < list.length; start += batchSize) {
              const chunk = list.slice(start, start + batchSize);
              const sends = chunk.map((item) => {
                const body =
                  item.kind === 'response' ? { ...item.body, survey_id: surveys.get(ws) } : item.body;
                const path =
                  item.kind === 'response'
                    ? '/v1/responses'
                    : item.kind === 'feedback'
                      ? '/v1/feedback'
                      : '/v1/events';
                return h.api('POST', path, { key: ws.secretKey, body });
              });
              // Concurrent sends share group commits, so one source id may arrive twice in one transaction.
              for (const answer of await Promise.all(sends)) expect([200, 201]).toContain(answer.status);
              if (fold && start === 0) await h.fold();
            }
          };
          await send(once, firsts, false);
          await send(twice, all, true);
          await h.analyze();
          const figures = async (ws: TestWorkspace) => {
            const get = async (path: string) => (await h.api('GET', path, { key: ws.secretKey })).body;
            const window = 'from=2026-01-01&to=2026-04-30';
            const counts = await h.db.query(
              `SELECT (SELECT count(*)::int FROM responses WHERE workspace_id = $1) AS responses,
                      (SELECT count(*)::int FROM feedback WHERE workspace_id = $1) AS feedback,
                      (SELECT count(*)::int FROM events WHERE workspace_id = $1) AS events,
                      (SELECT count(*)::int FROM customers WHERE workspace_id = $1) AS customers,
                      (SELECT count(*)::int FROM comment_analyses WHERE workspace_id = $1) AS analysed`,
              [ws.id],
            );
            const revenue = await h.db.query(
              `SELECT c.external_id, r.revenue_minor::text, r.purchases, r.first_purchase_at, r.last_purchase_at
               FROM customer_revenue r JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
               WHERE r.workspace_id = $1 ORDER BY 1`,
              [ws.id],
            );
            const lifecycle = await h.db.query(
              `SELECT external_id, started_at, churned_at, segment FROM customers WHERE workspace_id = $1 ORDER BY 1`,
              [ws.id],
            );
            const concentration = (await get('/v1/metrics/concentration?currency=USD')) as Record<
              string,
              unknown
            >;
            return {
              counts,
              revenue,
              lifecycle,
              nps: await get(`/v1/metrics/nps?${window}&by=segment&period=month`),
              retention: await get(`/v1/metrics/retention?${window}&period=month`),
              // Rounded: purchases per year divide by the time since the first purchase, which moves between reads.
              clv: JSON.parse(
                JSON.stringify(await get('/v1/metrics/clv?currency=USD'), (_, value) =>
                  typeof value === 'number' ? Number(value.toPrecision(6)) : value,
                ),
              ),
              gini: concentration.gini,
              themes: await get(`/v1/themes?${window}`),
            };
          };
          const expected = await figures(once);
          expect(await figures(twice)).toEqual(expected);
        },
      ),
      { numRuns: 12, seed: 20260201 },
    );
  }, 120_000);
});
