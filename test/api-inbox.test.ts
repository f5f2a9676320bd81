// The Feedback inbox over the HTTP API, on every backend: responses and feedback in one list, newest first,
// every filter alone and combined, cursor paging that lists each item exactly once, word search, refusals
// that name the bad field, and another workspace's items never shown. Expected lists are computed here from
// what the suite seeded, never by the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeComment } from '../src/domains/text/analyze.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

interface Link {
  id: string;
  label: string;
  source: string;
}
interface Item {
  kind: 'response' | 'feedback';
  id: string;
  survey: { id: string; name: string; kind: string } | null;
  score: number | null;
  group: 'promoter' | 'passive' | 'detractor' | null;
  text: string | null;
  source: string | null;
  channel: string;
  segment: string | null;
  submitted_at: string;
  customer: { id: string; name: string | null; email: string | null; external_id: string | null } | null;
  sentiment: { label: string; score: number } | null;
  themes: Link[];
  tags: Link[];
}
interface Page {
  data: Item[];
  next_cursor: string | null;
}
interface Problem {
  code: string;
  errors?: Array<{ path: string; message: string }>;
}

/** What the suite knows of each item it wrote, independently of the code under test. */
interface Seeded {
  kind: 'response' | 'feedback';
  id: string;
  survey: 'nps' | 'onboarding' | 'csat' | null;
  score: number | null;
  text: string | null;
  channel: string;
  customer: 'ada' | 'bob' | null;
  submittedAt: string;
}

const segments = { ada: 'enterprise', bob: 'smb' } as const;
const at = (day: number, hour = 10) =>
  `2026-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

// Three items share one instant, so paging must break ties by id.
const plan: Array<Omit<Seeded, 'id'>> = [
  {
    kind: 'response',
    survey: 'nps',
    score: 10,
    text: 'Support was wonderful and fast',
    channel: 'web',
    customer: 'ada',
    submittedAt: at(1),
  },
  {
    kind: 'response',
    survey: 'nps',
    score: 3,
    text: 'The checkout is broken and slow, terrible',
    channel: 'email',
    customer: 'bob',
    submittedAt: at(2),
  },
  {
    kind: 'response',
    survey: 'nps',
    score: 8,
    text: 'I moved to a new office on Tuesday.',
    channel: 'web',
    customer: null,
    submittedAt: at(3),
  },
  {
    kind: 'response',
    survey: 'onboarding',
    score: 6,
    text: 'Refunds take forever',
    channel: 'in_app',
    customer: 'ada',
    submittedAt: at(4),
  },
  // A CSAT 2 is an unhappy customer, but not an NPS detractor: groups belong to NPS surveys alone.
  {
    kind: 'response',
    survey: 'csat',
    score: 2,
    text: 'Checkout refund page is confusing',
    channel: 'web',
    customer: 'bob',
    submittedAt: at(5),
  },
  {
    kind: 'response',
    survey: 'nps',
    score: 9,
    text: null,
    channel: 'sms',
    customer: 'ada',
    submittedAt: at(6),
  },
  {
    kind: 'feedback',
    survey: null,
    score: null,
    text: 'Dark mode please',
    channel: 'web',
    customer: 'ada',
    submittedAt: at(7),
  },
  {
    kind: 'feedback',
    survey: null,
    score: null,
    text: 'Refund policy is unclear',
    channel: 'review',
    customer: 'bob',
    submittedAt: at(8),
  },
  {
    kind: 'feedback',
    survey: null,
    score: null,
    text: "It's 3.5x slower since v2 — e-mail me",
    channel: 'chat',
    customer: null,
    submittedAt: at(9),
  },
  {
    kind: 'response',
    survey: 'nps',
    score: 0,
    text: 'Cancelled, the invoices were wrong',
    channel: 'email',
    customer: 'bob',
    submittedAt: at(9),
  },
  {
    kind: 'feedback',
    survey: null,
    score: null,
    text: 'Invoices arrive late',
    channel: 'email',
    customer: 'ada',
    submittedAt: at(9),
  },
];

const newestFirst = (a: Seeded, b: Seeded) =>
  a.submittedAt === b.submittedAt ? (a.id < b.id ? 1 : -1) : a.submittedAt < b.submittedAt ? 1 : -1;

function groupOf(item: Seeded) {
  if (item.score === null || (item.survey !== 'nps' && item.survey !== 'onboarding')) return null;
  return item.score >= 9 ? 'promoter' : item.score >= 7 ? 'passive' : 'detractor';
}

describe.each(backends)('the Feedback inbox API on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const surveyIds: Record<'nps' | 'onboarding' | 'csat', string> = { nps: '', onboarding: '', csat: '' };
  const customerIds: Record<'ada' | 'bob', string> = { ada: '', bob: '' };
  let seeded: Seeded[] = [];
  let billingTag = '';
  let otherItemId = '';

  /** Every item the query lists, paging through with `limit` per page; asserts no page repeats an item. */
  async function listAll(query: string, options: { key?: string; limit?: number } = {}) {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams(query);
      params.set('limit', String(options.limit ?? 4));
      if (cursor) params.set('cursor', cursor);
      const page: { status: number; body: Page } = await h.api<Page>('GET', `/v1/inbox?${params}`, {
        key: options.key ?? ws.secretKey,
      });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(options.limit ?? 4);
      items.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    return items;
  }
  const idsOf = async (query: string) => (await listAll(query)).map((item) => item.id);
  const expected = (keep: (item: Seeded) => boolean) =>
    seeded
      .filter(keep)
      .sort(newestFirst)
      .map((item) => item.id);
  const problemPaths = async (query: string) => {
    const answer = await h.api<Problem>('GET', `/v1/inbox?${query}`, { key: ws.secretKey });
    expect(answer.status, query).toBe(400);
    expect(answer.body.code).toBe('invalid');
    return (answer.body.errors ?? []).map((error) => error.path);
  };

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Inbox');
    other = await h.createWorkspace('Other');
    surveyIds.nps = await h.createSurvey(ws, { kind: 'nps', name: 'Relationship NPS' });
    surveyIds.onboarding = await h.createSurvey(ws, { kind: 'nps', name: 'Onboarding NPS' });
    surveyIds.csat = await h.createSurvey(ws, { kind: 'csat', name: 'Support CSAT' });
    const customerRef = (who: 'ada' | 'bob' | null) =>
      who === null
        ? undefined
        : {
            external_id: who,
            email: `${who}@example.com`,
            name: who === 'ada' ? 'Ada Lovelace' : 'Bob Ross',
            segment: segments[who],
          };
    seeded = [];
    for (const item of plan) {
      const answer =
        item.kind === 'response'
          ? await h.api<{ id: string; customer_id: string | null }>('POST', '/v1/responses', {
              key: ws.secretKey,
              body: {
                survey_id: surveyIds[item.survey as 'nps'],
                score: item.score,
                ...(item.text === null ? {} : { comment: item.text }),
                channel: item.channel,
                customer: customerRef(item.customer),
                submitted_at: item.submittedAt,
              },
            })
          : await h.api<{ id: string; customer_id: string | null }>('POST', '/v1/feedback', {
              key: ws.secretKey,
              body: {
                text: item.text,
                channel: item.channel,
                ...(item.channel === 'review' ? { source: 'g2' } : {}),
                customer: customerRef(item.customer),
                submitted_at: item.submittedAt,
              },
            });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      if (item.customer) customerIds[item.customer] = answer.body.customer_id as string;
      seeded.push({ ...item, id: answer.body.id });
    }
    // Another workspace with words and channels of its own, and one word the first workspace also uses.
    const otherSurvey = await h.createSurvey(other, { kind: 'nps', name: 'Other NPS' });
    const otherItem = await h.api<{ id: string }>('POST', '/v1/responses', {
      key: other.secretKey,
      body: {
        survey_id: otherSurvey,
        score: 1,
        comment: 'Refund me now, zanzibar',
        channel: 'web',
        submitted_at: at(5, 12),
      },
    });
    otherItemId = otherItem.body.id;
    await h.api('POST', '/v1/feedback', {
      key: other.secretKey,
      body: { text: 'Other refund feedback', channel: 'web' },
    });
    await h.analyze();
    const tag = await h.api<{ id: string }>('POST', '/v1/tags', {
      key: ws.secretKey,
      body: { name: 'Billing' },
    });
    billingTag = tag.body.id;
    for (const item of seeded.filter((s) => /refund|invoice/i.test(s.text ?? ''))) {
      const tagged = await h.api(
        'POST',
        `/v1/${item.kind === 'response' ? 'responses' : 'feedback'}/${item.id}/tags`,
        {
          key: ws.secretKey,
          body: { tag_id: billingTag },
        },
      );
      expect(tagged.status).toBe(204);
    }
  });
  afterAll(() => h?.close());

  it('lists every response and feedback item newest first, each with its survey, group, customer and analysis', async () => {
    const items = await listAll('');
    expect(items.map((item) => item.id)).toEqual(expected(() => true));
    const byId = new Map(seeded.map((item) => [item.id, item]));
    for (const item of items) {
      const mine = byId.get(item.id) as Seeded;
      const sentiment = mine.text === null ? null : analyzeComment(mine.text).sentiment;
      expect(item).toEqual({
        kind: mine.kind,
        id: mine.id,
        survey:
          mine.survey === null
            ? null
            : {
                id: surveyIds[mine.survey],
                name: { nps: 'Relationship NPS', onboarding: 'Onboarding NPS', csat: 'Support CSAT' }[
                  mine.survey
                ],
                kind: mine.survey === 'csat' ? 'csat' : 'nps',
              },
        score: mine.score,
        group: groupOf(mine),
        text: mine.text,
        source: mine.channel === 'review' ? 'g2' : null,
        channel: mine.channel,
        segment: mine.customer ? segments[mine.customer] : null,
        submitted_at: mine.submittedAt,
        customer: mine.customer
          ? {
              id: customerIds[mine.customer],
              name: mine.customer === 'ada' ? 'Ada Lovelace' : 'Bob Ross',
              email: `${mine.customer}@example.com`,
              external_id: mine.customer,
            }
          : null,
        sentiment,
        themes: expect.any(Array),
        tags: /refund|invoice/i.test(mine.text ?? '')
          ? [{ id: billingTag, label: 'Billing', source: 'manual' }]
          : [],
      });
    }
  });

  it('pages through every item exactly once at any page size, ties on the same instant included', async () => {
    const all = expected(() => true);
    for (const limit of [1, 2, 3, 5, 11, 500]) {
      expect(
        (await listAll('', { limit })).map((item) => item.id),
        `limit ${limit}`,
      ).toEqual(all);
    }
    // An item arriving while someone pages does not shift the pages after the one they read.
    const first = await h.api<Page>('GET', '/v1/inbox?limit=3', { key: ws.secretKey });
    const late = await h.api<{ id: string }>('POST', '/v1/feedback', {
      key: other.secretKey,
      body: { text: 'Late arrival in another workspace', channel: 'web' },
    });
    const mine = await h.api<{ id: string }>('POST', '/v1/feedback', {
      key: ws.secretKey,
      body: { text: 'Newest of all', channel: 'web', submitted_at: at(20) },
    });
    const rest = await listAll(`cursor=${first.body.next_cursor}`, { limit: 3 });
    expect([...first.body.data, ...rest].map((item) => item.id)).toEqual(all);
    expect((await listAll('')).map((item) => item.id)).toEqual([mine.body.id, ...all]);
    expect((await listAll('')).map((item) => item.id)).not.toContain(late.body.id);
    // Later tests expect it too, analysed like the rest.
    await h.analyze();
    seeded.push({
      kind: 'feedback',
      id: mine.body.id,
      survey: null,
      score: null,
      text: 'Newest of all',
      channel: 'web',
      customer: null,
      submittedAt: at(20),
    });
  });

  it('filters by kind, survey, NPS group, channel, segment, customer, dates, sentiment and theme', async () => {
    const sentimentOf = (item: Seeded) =>
      item.text === null ? null : analyzeComment(item.text).sentiment.label;
    const tagged = (item: Seeded) => /refund|invoice/i.test(item.text ?? '');
    const cases: Array<[string, (item: Seeded) => boolean]> = [
      ['kind=response', (i) => i.kind === 'response'],
      ['kind=feedback', (i) => i.kind === 'feedback'],
      [`survey_id=${surveyIds.nps}`, (i) => i.survey === 'nps'],
      [`survey_id=${surveyIds.csat}`, (i) => i.survey === 'csat'],
      ['group=promoter', (i) => groupOf(i) === 'promoter'],
      ['group=passive', (i) => groupOf(i) === 'passive'],
      ['group=detractor', (i) => groupOf(i) === 'detractor'],
      ['channel=web', (i) => i.channel === 'web'],
      ['channel=email', (i) => i.channel === 'email'],
      ['channel=phone', () => false],
      ['segment=enterprise', (i) => i.customer === 'ada'],
      ['segment=smb', (i) => i.customer === 'bob'],
      ['segment=Enterprise', () => false],
      [`customer_id=${customerIds.ada}`, (i) => i.customer === 'ada'],
      ['from=2026-01-02&to=2026-01-04', (i) => i.submittedAt >= at(2, 0) && i.submittedAt < at(5, 0)],
      ['from=2026-01-09', (i) => i.submittedAt >= at(9, 0)],
      ['to=2026-01-01', (i) => i.submittedAt < at(2, 0)],
      ['sentiment=negative', (i) => sentimentOf(i) === 'negative'],
      ['sentiment=positive', (i) => sentimentOf(i) === 'positive'],
      ['sentiment=neutral', (i) => sentimentOf(i) === 'neutral'],
      [`theme_id=${billingTag}`, tagged],
    ];
    const nothing = ['channel=phone', 'segment=Enterprise'];
    for (const [query, keep] of cases) {
      expect(await idsOf(query), query).toEqual(expected(keep));
      // Each filter keeps some items and drops others, so the case tests it (but the two meant to match none).
      const kept = expected(keep).length;
      if (!nothing.includes(query)) expect(kept > 0 && kept < seeded.length, query).toBe(true);
    }
  });

  it('combines filters: every one must match', async () => {
    const cases: Array<[string, (item: Seeded) => boolean]> = [
      ['group=detractor&channel=email', (i) => groupOf(i) === 'detractor' && i.channel === 'email'],
      [
        `group=detractor&survey_id=${surveyIds.onboarding}`,
        (i) => groupOf(i) === 'detractor' && i.survey === 'onboarding',
      ],
      // A CSAT survey's responses have no NPS group at all.
      [`group=detractor&survey_id=${surveyIds.csat}`, () => false],
      ['kind=feedback&group=promoter', () => false],
      ['segment=enterprise&kind=feedback', (i) => i.customer === 'ada' && i.kind === 'feedback'],
      [`customer_id=${customerIds.bob}&channel=web`, (i) => i.customer === 'bob' && i.channel === 'web'],
      [
        'channel=email&from=2026-01-09&to=2026-01-09',
        (i) => i.channel === 'email' && i.submittedAt.startsWith('2026-01-09'),
      ],
      [
        `theme_id=${billingTag}&kind=response&segment=enterprise`,
        (i) => /refund|invoice/i.test(i.text ?? '') && i.kind === 'response' && i.customer === 'ada',
      ],
      ['q=refund&group=detractor', (i) => /refund/i.test(i.text ?? '') && groupOf(i) === 'detractor'],
      ['q=slow&sentiment=negative&channel=email', (i) => i.id === seeded[1].id],
    ];
    for (const [query, keep] of cases) expect(await idsOf(query), query).toEqual(expected(keep));
  });

  it('searches the words of comments and feedback, by whole word or its start, ignoring case and punctuation', async () => {
    const containing = (pattern: RegExp) => expected((item) => pattern.test(item.text ?? ''));
    expect(await idsOf('q=refund')).toEqual(containing(/\brefund/i));
    expect(await idsOf('q=REFUNDS')).toEqual(containing(/\brefunds/i));
    expect(await idsOf('q=refund%20policy')).toEqual(containing(/refund policy/i));
    expect(await idsOf('q=checkout')).toEqual(containing(/checkout/i));
    expect(await idsOf('q=slow')).toEqual(containing(/\bslow/i));
    expect(await idsOf('q=e-mail')).toEqual(containing(/e-mail/));
    expect(await idsOf('q=3.5x')).toEqual(containing(/3\.5x/));
    expect(await idsOf(`q=${encodeURIComponent("it's")}`)).toEqual(containing(/it's/i));
    expect(await idsOf('q=zanzibar')).toEqual([]);
    expect(await idsOf('q=wonderful%20refund')).toEqual([]);
    // tsquery operators, quotes and backslashes are words to look for, never syntax.
    for (const odd of ["slow & ! | ( ) :* <-> 'x' \\", "it's \\'", "refund'); DROP TABLE responses; --"]) {
      const answer = await h.api<Page>('GET', `/v1/inbox?q=${encodeURIComponent(odd)}`, {
        key: ws.secretKey,
      });
      expect(answer.status, odd).toBe(200);
    }
    expect(await idsOf(`q=${encodeURIComponent('slow & ! | ( ) :*')}`)).toEqual(containing(/\bslow/i));
    // Nothing to look for: refused rather than listing everything.
    expect(await problemPaths(`q=${encodeURIComponent("!!! ? ' \\")}`)).toEqual(['q']);
  });

  it('shows one item with its answers and metadata, and 404 for an id it does not hold', async () => {
    const response = seeded[0];
    const one = await h.api<Item & { answers: unknown; metadata: unknown; received_at: string }>(
      'GET',
      `/v1/inbox/${response.id}`,
      { key: ws.secretKey },
    );
    expect(one.status).toBe(200);
    const listed = (await listAll('')).find((item) => item.id === response.id);
    expect(one.body).toEqual({ ...listed, answers: null, metadata: null, received_at: expect.any(String) });
    const feedback = seeded.find((item) => item.channel === 'review') as Seeded;
    const fb = await h.api<Item>('GET', `/v1/inbox/${feedback.id}`, { key: ws.secretKey });
    expect(fb.body).toMatchObject({
      kind: 'feedback',
      text: 'Refund policy is unclear',
      source: 'g2',
      survey: null,
    });
    expect(
      (await h.api('GET', '/v1/inbox/00000000-0000-7000-8000-000000000000', { key: ws.secretKey })).status,
    ).toBe(404);
    expect((await h.api<Problem>('GET', '/v1/inbox/nope', { key: ws.secretKey })).body.errors?.[0].path).toBe(
      'params.id',
    );
  });

  it('refuses bad filters with 400 naming the field', async () => {
    expect(await problemPaths('group=champion')).toEqual(['querystring.group']);
    expect(await problemPaths('kind=tweet')).toEqual(['querystring.kind']);
    expect(await problemPaths('channel=fax')).toEqual(['querystring.channel']);
    expect(await problemPaths('sentiment=angry')).toEqual(['querystring.sentiment']);
    expect(await problemPaths('survey_id=42')).toEqual(['querystring.survey_id']);
    expect(await problemPaths('theme_id=x')).toEqual(['querystring.theme_id']);
    expect(await problemPaths('customer_id=x')).toEqual(['querystring.customer_id']);
    expect(await problemPaths('from=2026-02-30')).toEqual(['querystring.from']);
    expect(await problemPaths('to=yesterday')).toEqual(['querystring.to']);
    expect(await problemPaths('from=1969-12-31')).toEqual(['querystring.from']);
    expect(await problemPaths('from=2026-01-05&to=2026-01-04')).toEqual(['from']);
    expect(await problemPaths('limit=0')).toEqual(['querystring.limit']);
    expect(await problemPaths('limit=501')).toEqual(['querystring.limit']);
    expect(await problemPaths('cursor=nonsense')).toEqual(['cursor']);
    // The right length, but not a place in the list: its time is outside every stored time.
    expect(await problemPaths(`cursor=${'_'.repeat(32)}`)).toEqual(['cursor']);
    // A cursor of another list (a plain id cursor of /v1/responses) is refused, not misread.
    const responsesPage = await h.api<Page>('GET', '/v1/responses?limit=1', { key: ws.secretKey });
    expect(await problemPaths(`cursor=${responsesPage.body.next_cursor}`)).toEqual(['cursor']);
    expect(await problemPaths(`q=${'a'.repeat(201)}`)).toEqual(['querystring.q']);
  });

  it('never shows another workspace’s items, whatever the filter', async () => {
    const mine = new Set(seeded.map((item) => item.id));
    const theirs = await listAll('', { key: other.secretKey });
    expect(theirs.length).toBeGreaterThan(0);
    for (const item of theirs) expect(mine.has(item.id)).toBe(false);
    expect((await listAll('')).map((item) => item.id)).not.toContain(otherItemId);
    // The other workspace's word, channel and survey find nothing here.
    expect(await idsOf('q=zanzibar')).toEqual([]);
    expect(await idsOf(`q=refund&kind=response`)).toEqual(
      expected((i) => i.kind === 'response' && /\brefund/i.test(i.text ?? '')),
    );
    const otherSurveys = await h.api<{ data: Array<{ id: string }> }>('GET', '/v1/surveys', {
      key: other.secretKey,
    });
    expect(await idsOf(`survey_id=${otherSurveys.body.data[0].id}`)).toEqual([]);
    expect(await idsOf(`customer_id=${customerIds.ada}`)).not.toEqual([]);
    expect(
      (await listAll(`customer_id=${customerIds.ada}`, { key: other.secretKey })).map((item) => item.id),
    ).toEqual([]);
    expect((await h.api('GET', `/v1/inbox/${seeded[0].id}`, { key: other.secretKey })).status).toBe(404);
    expect((await h.api('GET', `/v1/inbox/${otherItemId}`, { key: ws.secretKey })).status).toBe(404);
  });

  it('is read with a secret key or a member’s session, never with a publishable key', async () => {
    const answer = await h.api<Problem>('GET', '/v1/inbox', { key: ws.publishableKey });
    expect([answer.status, answer.body.code]).toEqual([403, 'forbidden']);
  });

  it('keeps the customer’s segment on feedback as it was when they wrote', async () => {
    const written = await h.api<{ id: string; segment: string | null }>('POST', '/v1/feedback', {
      key: ws.secretKey,
      body: { text: 'Segment check', customer: { external_id: 'carol', segment: 'trial' } },
    });
    expect(written.body.segment).toBe('trial');
    await h.api('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { external_id: 'carol', segment: 'paid' },
    });
    expect(
      (await h.api<Item>('GET', `/v1/inbox/${written.body.id}`, { key: ws.secretKey })).body.segment,
    ).toBe('trial');
    expect(await idsOf('segment=trial')).toEqual([written.body.id]);
  });
});
