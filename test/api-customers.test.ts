// The customer 360 over the HTTP API, on every backend: searching customers (from the search index), the
// segments they are in, a customer's timeline of every touchpoint paged exactly once in order, and the summary
// the customer page shows (scores per survey over time, revenue and lifetime value). Expected values are
// written out from the seeded data, never computed by the code under test.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type ApiAnswer, type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

interface Customer {
  id: string;
  external_id: string | null;
  name: string | null;
  email: string | null;
  segment: string | null;
}
interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
interface TimelineItem {
  kind: 'response' | 'feedback' | 'event';
  id: string;
  at: string;
  [field: string]: unknown;
}
interface Problem {
  errors?: Array<{ path: string; message: string }>;
}

const pathsOf = (answer: ApiAnswer<unknown>) => ((answer.body as Problem).errors ?? []).map((e) => e.path);

describe.each(backends)('customer 360 API on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let other: TestWorkspace;

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Customers');
    other = await h.createWorkspace('Other');
  });
  afterAll(async () => {
    await h?.close();
  });

  async function upsert(workspace: TestWorkspace, body: Record<string, unknown>): Promise<Customer> {
    const answer = await h.api<Customer>('POST', '/v1/customers', { key: workspace.secretKey, body });
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return answer.body;
  }

  async function post(path: string, body: Record<string, unknown>): Promise<string> {
    const answer = await h.api<{ id: string }>('POST', path, { key: ws.secretKey, body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.id;
  }

  /** Every customer a search finds, over all pages of `limit`, as external ids in list order. */
  async function search(workspace: TestWorkspace, query: string, limit = 2): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/customers?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await h.api<Page<Customer>>('GET', url, { key: workspace.secretKey });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      found.push(...answer.body.data.map((customer) => customer.external_id as string));
      cursor = answer.body.next_cursor;
    } while (cursor);
    return found;
  }

  describe('search', () => {
    beforeAll(async () => {
      // Created in this order, so list order (oldest first) is this order.
      await upsert(ws, {
        external_id: 'cus_100',
        name: 'Ada Lovelace',
        email: 'ada@analytical.example',
        segment: 'enterprise',
      });
      await upsert(ws, { external_id: 'cus_200', name: 'Grace Hopper', email: 'grace@navy.example' });
      await upsert(ws, {
        external_id: 'acme-7',
        name: 'Adam Smith',
        email: 'adam@acme.example',
        segment: 'smb',
      });
      await upsert(ws, { external_id: 'cus_300', name: "Siobhán O'Brien", segment: 'enterprise' });
      await upsert(ws, { external_id: 'cus_400', email: 'no.name@example.org' });
      // Another workspace's customer matching the same words is never found.
      await upsert(other, { external_id: 'cus_100', name: 'Ada Byron', email: 'ada@other.example' });
    });

    it('finds customers by the start of any word of their name, e-mail or external id, in any case', async () => {
      expect(await search(ws, 'q=ada')).toEqual(['cus_100', 'acme-7']);
      expect(await search(ws, 'q=LOVEL')).toEqual(['cus_100']);
      expect(await search(ws, 'q=hopper')).toEqual(['cus_200']);
      expect(await search(ws, 'q=acme')).toEqual(['acme-7']);
      expect(await search(ws, 'q=navy')).toEqual(['cus_200']);
      expect(await search(ws, 'q=cus_2')).toEqual(['cus_200']);
      expect(await search(ws, 'q=cus')).toEqual(['cus_100', 'cus_200', 'cus_300', 'cus_400']);
      expect(await search(ws, `q=${encodeURIComponent('Grace@Navy.Example')}`)).toEqual(['cus_200']);
      expect(await search(ws, 'q=no.name')).toEqual(['cus_400']);
    });

    it('needs every word typed, in any order', async () => {
      expect(await search(ws, `q=${encodeURIComponent('lovelace ada')}`)).toEqual(['cus_100']);
      expect(await search(ws, `q=${encodeURIComponent('ada smi')}`)).toEqual(['acme-7']);
      expect(await search(ws, `q=${encodeURIComponent('ada hopper')}`)).toEqual([]);
    });

    it('matches letters beyond ASCII and reads query operators as plain text', async () => {
      expect(await search(ws, `q=${encodeURIComponent('siobhán')}`)).toEqual(['cus_300']);
      expect(await search(ws, `q=${encodeURIComponent("o'brien")}`)).toEqual(['cus_300']);
      expect(await search(ws, `q=${encodeURIComponent("O'Brien & !(x | y):*")}`)).toEqual([]);
      expect(await search(ws, `q=${encodeURIComponent("O'Brien!")}`)).toEqual(['cus_300']);
      expect(await search(ws, `q=${encodeURIComponent('\\ brien')}`)).toEqual(['cus_300']);
    });

    it('finds nothing for words no customer has, and only the own workspace’s customers', async () => {
      expect(await search(ws, 'q=zebra')).toEqual([]);
      expect(await search(ws, 'q=byron')).toEqual([]);
      expect(await search(other, 'q=ada')).toEqual(['cus_100']);
      expect(await search(other, 'q=lovelace')).toEqual([]);
    });

    it('combines the search with the segment filter and pages through it', async () => {
      expect(await search(ws, 'q=ada&segment=enterprise')).toEqual(['cus_100']);
      expect(await search(ws, 'q=cus&segment=enterprise', 1)).toEqual(['cus_100', 'cus_300']);
      expect(await search(ws, 'segment=smb')).toEqual(['acme-7']);
    });

    it('refuses a search without a letter or digit, or too long, naming the q field', async () => {
      for (const q of ['', '%40%40', '-', 'x'.repeat(201)]) {
        const answer = await h.api('GET', `/v1/customers?q=${q}`, { key: ws.secretKey });
        expect(answer.status, q).toBe(400);
        expect(pathsOf(answer), q).toEqual(['querystring.q']);
      }
    });

    it('lists the segments customers are in, alphabetically, for the own workspace only', async () => {
      const answer = await h.api<{ data: string[] }>('GET', '/v1/customer-segments', { key: ws.secretKey });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual(['enterprise', 'smb']);
      const none = await h.api<{ data: string[] }>('GET', '/v1/customer-segments', { key: other.secretKey });
      expect(none.body.data).toEqual([]);
      const limited = await h.api<{ data: string[] }>('GET', '/v1/customer-segments?limit=1', {
        key: ws.secretKey,
      });
      expect(limited.body.data).toEqual(['enterprise']);
      const bad = await h.api('GET', '/v1/customer-segments?limit=0', { key: ws.secretKey });
      expect(bad.status).toBe(400);
      expect(pathsOf(bad)).toEqual(['querystring.limit']);
    });

    it('answers a search and the segment list from their indexes, not by reading every customer', async () => {
      // A workspace big enough that the planner prefers an index wherever one serves.
      const big = await h.createWorkspace('Big');
      await h.db.query(
        `INSERT INTO customers (workspace_id, id, external_id, email, name, segment)
         SELECT $1, gen_random_uuid(), 'big_' || i, 'person' || i || '@example.com', 'Person ' || i,
                'segment-' || (i % 5)
         FROM generate_series(1, 5000) AS i`,
        [big.id],
      );
      await h.db.query('ANALYZE customers');
      const plan = async (sql: string, params: unknown[]) =>
        (await h.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params))
          .map((row) => row['QUERY PLAN'])
          .join('\n');
      const searchPlan = await plan(
        `SELECT id FROM customers WHERE workspace_id = $1
           AND customer_search_document(workspace_id, name, email, external_id) @@ customer_search_query($1, $2)
         ORDER BY id LIMIT 51`,
        [big.id, 'big_4242'],
      );
      expect(searchPlan).toContain('customers_search');
      expect(searchPlan).not.toContain('Seq Scan');
      const segmentPlan = await plan(
        `SELECT id FROM customers WHERE workspace_id = $1 AND segment = $2 ORDER BY id LIMIT 51`,
        [big.id, 'segment-3'],
      );
      expect(segmentPlan).toContain('customers_segment');
      expect(segmentPlan).not.toContain('Seq Scan');
      expect(await search(big, 'q=big_4242')).toEqual(['big_4242']);
      expect(await search(big, 'q=person 17', 500)).toHaveLength(111); // 17, 170–179, 1700–1799
      const segments = await h.api<{ data: string[] }>('GET', '/v1/customer-segments', {
        key: big.secretKey,
      });
      expect(segments.body.data).toEqual(['segment-0', 'segment-1', 'segment-2', 'segment-3', 'segment-4']);
    });
  });

  describe('a customer’s timeline and summary', () => {
    let customerId: string;
    let nps: string;
    let csat: string;
    const expected: Array<{ kind: TimelineItem['kind']; id: string; at: string }> = [];

    beforeAll(async () => {
      const customer = await upsert(ws, {
        external_id: 'tl_1',
        name: 'Tim Line',
        segment: 'enterprise',
        traits: { plan: 'pro' },
        account: { external_id: 'acct_tl', name: 'Line Corp', plan: 'growth' },
      });
      customerId = customer.id;
      nps = await h.createSurvey(ws, { kind: 'nps', name: 'Relationship NPS' });
      csat = await h.createSurvey(ws, { kind: 'csat', name: 'Support CSAT' });
      const ref = { external_id: 'tl_1' };
      const add = (kind: TimelineItem['kind'], id: string, at: string) => expected.push({ kind, id, at });

      add(
        'response',
        await post('/v1/responses', {
          survey_id: nps,
          score: 3,
          comment: 'Setup was painful',
          customer: ref,
          submitted_at: '2026-01-05T10:00:00.000Z',
        }),
        '2026-01-05T10:00:00.000Z',
      );
      add(
        'event',
        await post('/v1/events', {
          type: 'signed_up',
          customer: ref,
          occurred_at: '2026-01-01T09:00:00.000Z',
        }),
        '2026-01-01T09:00:00.000Z',
      );
      add(
        'event',
        await post('/v1/events', {
          type: 'purchase',
          customer: ref,
          amount: 1999,
          currency: 'USD',
          properties: { sku: 'pro-monthly' },
          occurred_at: '2026-01-02T09:00:00.000Z',
        }),
        '2026-01-02T09:00:00.000Z',
      );
      add(
        'event',
        await post('/v1/events', {
          type: 'purchase',
          customer: ref,
          amount: 2999,
          currency: 'USD',
          occurred_at: '2026-02-02T09:00:00.000Z',
        }),
        '2026-02-02T09:00:00.000Z',
      );
      add(
        'event',
        await post('/v1/events', {
          type: 'purchase',
          customer: ref,
          amount: 500,
          currency: 'EUR',
          occurred_at: '2026-02-03T09:00:00.000Z',
        }),
        '2026-02-03T09:00:00.000Z',
      );
      add(
        'feedback',
        await post('/v1/feedback', {
          text: 'The export button is hard to find',
          channel: 'chat',
          source: 'intercom',
          customer: ref,
          submitted_at: '2026-01-20T08:00:00.000Z',
        }),
        '2026-01-20T08:00:00.000Z',
      );
      // Three touchpoints at one moment: ordered among themselves by id.
      const tie = '2026-02-10T12:00:00.000Z';
      add(
        'response',
        await post('/v1/responses', { survey_id: csat, score: 4, customer: ref, submitted_at: tie }),
        tie,
      );
      add('feedback', await post('/v1/feedback', { text: 'Thanks!', customer: ref, submitted_at: tie }), tie);
      add(
        'event',
        await post('/v1/events', {
          type: 'custom',
          name: 'exported_report',
          customer: ref,
          occurred_at: tie,
        }),
        tie,
      );
      // Imported with a source id: its id is derived from that, not from the time, yet it sorts by its time.
      add(
        'response',
        await post('/v1/responses', {
          survey_id: nps,
          score: 9,
          comment: 'Much better now',
          customer: ref,
          submitted_at: '2026-03-01T10:00:00.000Z',
          source_id: 'import-row-17',
        }),
        '2026-03-01T10:00:00.000Z',
      );
      add(
        'response',
        await post('/v1/responses', {
          survey_id: nps,
          score: 10,
          customer: ref,
          submitted_at: '2025-12-15T10:00:00.000Z',
          source_id: 'import-row-3',
        }),
        '2025-12-15T10:00:00.000Z',
      );
      // Someone else's touchpoints are not this customer's.
      await post('/v1/responses', { survey_id: nps, score: 0, customer: { external_id: 'someone-else' } });
      await post('/v1/feedback', { text: 'Not Tim', customer: { external_id: 'someone-else' } });
      // Newest first; ties by id, descending.
      expected.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
    });

    async function timeline(limit: number): Promise<TimelineItem[]> {
      const items: TimelineItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/v1/customers/${customerId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const answer = await h.api<Page<TimelineItem>>('GET', url, { key: ws.secretKey });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.data.length).toBeLessThanOrEqual(limit);
        items.push(...answer.body.data);
        cursor = answer.body.next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      return items;
    }

    it('lists every touchpoint newest first, ties in time by id', async () => {
      const items = await timeline(200);
      expect(items.map((item) => ({ kind: item.kind, id: item.id, at: item.at }))).toEqual(expected);
    });

    it('pages through every touchpoint exactly once, whatever the page size', async () => {
      const all = (await timeline(200)).map((item) => item.id);
      for (const limit of [1, 2, 3, 5]) {
        expect(
          (await timeline(limit)).map((item) => item.id),
          `limit ${limit}`,
        ).toEqual(all);
      }
    });

    it('describes each touchpoint: survey, score and comment; text and channel; event and amount', async () => {
      const items = await timeline(200);
      const byAt = (at: string, kind: string) => items.find((item) => item.at === at && item.kind === kind);
      expect(byAt('2026-01-05T10:00:00.000Z', 'response')).toEqual({
        kind: 'response',
        id: expect.any(String),
        at: '2026-01-05T10:00:00.000Z',
        channel: 'api',
        survey: { id: nps, name: 'Relationship NPS', kind: 'nps', scale_min: 0, scale_max: 10 },
        score: 3,
        comment: 'Setup was painful',
        answers: null,
        sentiment: null,
      });
      expect(byAt('2026-01-20T08:00:00.000Z', 'feedback')).toEqual({
        kind: 'feedback',
        id: expect.any(String),
        at: '2026-01-20T08:00:00.000Z',
        channel: 'chat',
        source: 'intercom',
        text: 'The export button is hard to find',
        sentiment: null,
      });
      expect(byAt('2026-01-02T09:00:00.000Z', 'event')).toEqual({
        kind: 'event',
        id: expect.any(String),
        at: '2026-01-02T09:00:00.000Z',
        type: 'purchase',
        name: null,
        amount: 1999,
        currency: 'USD',
        properties: { sku: 'pro-monthly' },
      });
      expect(byAt('2026-02-10T12:00:00.000Z', 'event')).toMatchObject({
        type: 'custom',
        name: 'exported_report',
        amount: null,
        currency: null,
      });
      // Once analysed, comments carry their sentiment.
      await h.analyze();
      const analysed = await timeline(200);
      const painful = analysed.find((item) => item.comment === 'Setup was painful');
      expect(painful?.sentiment).toMatchObject({ label: 'negative' });
    });

    it('sums up the customer: account, touchpoints, scores per survey over time, revenue and value', async () => {
      const answer = await h.api<Record<string, unknown>>('GET', `/v1/customers/${customerId}/summary`, {
        key: ws.secretKey,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const summary = answer.body as {
        customer: Customer;
        account: Record<string, unknown>;
        revenue: Array<Record<string, unknown>>;
        [key: string]: unknown;
      };
      expect(summary.customer).toMatchObject({ id: customerId, name: 'Tim Line', segment: 'enterprise' });
      expect(summary.account).toMatchObject({ external_id: 'acct_tl', name: 'Line Corp', plan: 'growth' });
      expect(summary.touchpoints).toEqual({
        responses: 4,
        feedback: 2,
        events: 5,
        last_at: '2026-03-01T10:00:00.000Z',
      });
      expect(summary.scores).toEqual([
        {
          survey: { id: nps, name: 'Relationship NPS', kind: 'nps', scale_min: 0, scale_max: 10 },
          responses: 3,
          average: (10 + 3 + 9) / 3,
          latest: { score: 9, at: '2026-03-01T10:00:00.000Z' },
        },
        {
          survey: { id: csat, name: 'Support CSAT', kind: 'csat', scale_min: 1, scale_max: 5 },
          responses: 1,
          average: 4,
          latest: { score: 4, at: '2026-02-10T12:00:00.000Z' },
        },
      ]);
      expect(
        (summary.score_history as Array<Record<string, unknown>>).map((point) => [
          point.survey_id,
          point.score,
          point.at,
        ]),
      ).toEqual([
        [nps, 10, '2025-12-15T10:00:00.000Z'],
        [nps, 3, '2026-01-05T10:00:00.000Z'],
        [csat, 4, '2026-02-10T12:00:00.000Z'],
        [nps, 9, '2026-03-01T10:00:00.000Z'],
      ]);
      const [usd, eur] = summary.revenue;
      expect(usd).toMatchObject({
        currency: 'USD',
        revenue: 4998,
        purchases: 2,
        average_purchase: 2499,
        first_purchase_at: '2026-01-02T09:00:00.000Z',
        last_purchase_at: '2026-02-02T09:00:00.000Z',
        months: [
          { month: '2026-01', revenue: 1999, purchases: 1 },
          { month: '2026-02', revenue: 2999, purchases: 1 },
        ],
      });
      // Two purchases over the tenure since the customer's start, their first event (signed up on 1 January),
      // in years of 365.25 days.
      const tenureYears = (Date.now() - Date.parse('2026-01-01T09:00:00.000Z')) / (365.25 * 86_400_000);
      expect(usd.purchases_per_year as number).toBeCloseTo(2 / tenureYears, 2);
      expect(Math.abs((usd.annual_value as number) - (4998 / 2) * (2 / tenureYears))).toBeLessThan(1);
      expect(eur).toMatchObject({
        currency: 'EUR',
        revenue: 500,
        purchases: 1,
        months: [{ month: '2026-02', revenue: 500, purchases: 1 }],
      });
    });

    it('shows a customer without touchpoints as empty, not missing', async () => {
      const quiet = await upsert(ws, { external_id: 'quiet_1' });
      const page = await h.api<Page<TimelineItem>>('GET', `/v1/customers/${quiet.id}/timeline`, {
        key: ws.secretKey,
      });
      expect(page.body).toEqual({ data: [], next_cursor: null });
      const summary = await h.api('GET', `/v1/customers/${quiet.id}/summary`, { key: ws.secretKey });
      expect(summary.body).toMatchObject({
        account: null,
        touchpoints: { responses: 0, feedback: 0, events: 0, last_at: null },
        scores: [],
        score_history: [],
        revenue: [],
      });
    });

    it('answers 404 for a customer that does not exist or is another workspace’s', async () => {
      for (const path of ['timeline', 'summary']) {
        const unknown = await h.api('GET', `/v1/customers/${randomUUID()}/${path}`, { key: ws.secretKey });
        expect(unknown.status, path).toBe(404);
        const foreign = await h.api('GET', `/v1/customers/${customerId}/${path}`, { key: other.secretKey });
        expect(foreign.status, path).toBe(404);
      }
    });

    it('refuses a malformed id, cursor or limit with a 400 naming the field', async () => {
      const cases: Array<[string, string]> = [
        ['/v1/customers/not-an-id/timeline', 'params.id'],
        ['/v1/customers/not-an-id/summary', 'params.id'],
        [`/v1/customers/${customerId}/timeline?cursor=nonsense`, 'cursor'],
        [
          `/v1/customers/${customerId}/timeline?cursor=${Buffer.from('2026-01-01 x').toString('base64url')}`,
          'cursor',
        ],
        [`/v1/customers/${customerId}/timeline?limit=0`, 'querystring.limit'],
        [`/v1/customers/${customerId}/timeline?limit=201`, 'querystring.limit'],
        [`/v1/customers/${customerId}/timeline?limit=many`, 'querystring.limit'],
      ];
      for (const [url, field] of cases) {
        const answer = await h.api('GET', url, { key: ws.secretKey });
        expect(answer.status, url).toBe(400);
        expect(pathsOf(answer), url).toEqual([field]);
      }
    });
  });
});
