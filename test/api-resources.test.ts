// The resource routes behave as documented: upserts, pagination, filters, archive, keys, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

interface Page {
  data: Array<Record<string, unknown>>;
  next_cursor: string | null;
}

describe.each(backends)('resource routes on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace();
  });
  afterAll(() => h.close());

  it('upserts a customer by external_id: 201 then 200, traits merged, email normalised', async () => {
    const key = ws.secretKey;
    const created = await h.api('POST', '/v1/customers', {
      key,
      body: { external_id: 'cus_1', email: ' Ada@Example.COM ', traits: { plan: 'pro', seats: 3 } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      external_id: 'cus_1',
      email: 'ada@example.com',
      traits: { plan: 'pro', seats: 3 },
    });
    const updated = await h.api('POST', '/v1/customers', {
      key,
      body: {
        external_id: 'cus_1',
        segment: 'enterprise',
        traits: { seats: 5 },
        account: { external_id: 'acme', plan: 'growth' },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      segment: 'enterprise',
      traits: { plan: 'pro', seats: 5 },
    });
    const account = await h.api('GET', `/v1/accounts/${updated.body.account_id}`, { key });
    expect(account.body).toMatchObject({ external_id: 'acme', plan: 'growth' });
    const byEmail = await h.api('POST', '/v1/customers', {
      key,
      body: { email: 'ada@example.com', name: 'Ada' },
    });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({ id: created.body.id, name: 'Ada' });
  });

  it('pages through customers with a cursor and filters by segment', async () => {
    const key = ws.secretKey;
    for (let i = 0; i < 7; i++) {
      await h.api('POST', '/v1/customers', {
        key,
        body: { external_id: `page-${i}`, segment: i % 2 ? 'odd' : 'even' },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await h.api<Page>(
        'GET',
        `/v1/customers?segment=even&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { key },
      );
      seen.push(...page.body.data.map((c) => c.external_id as string));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['page-0', 'page-2', 'page-4', 'page-6']);
    const bad = await h.api('GET', '/v1/customers?cursor=nonsense', { key });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ path: 'cursor' }] });
  });

  it('creates surveys from the standard wording, and an archived survey takes no responses', async () => {
    const key = ws.secretKey;
    const csat = await h.api('POST', '/v1/surveys', {
      key,
      body: { kind: 'csat', name: 'Onboarding', scale: '1-10', product_name: 'Acme' },
    });
    expect(csat.body).toMatchObject({
      question: 'How satisfied are you with Acme?',
      scale: { min: 1, max: 10, style: 'numeric' },
    });
    const templates = await h.api<{ data: Array<{ id: string }> }>('GET', '/v1/survey-templates', { key });
    expect(templates.body.data.map((t) => t.id)).toEqual(['nps', 'csat', 'csat-needs', 'csat-value', 'ces']);
    const wrongScale = await h.api('POST', '/v1/surveys', {
      key,
      body: { kind: 'nps', name: 'x', scale: '1-10' },
    });
    expect(wrongScale.status).toBe(400);
    expect(wrongScale.body).toMatchObject({
      errors: [{ path: 'scale', message: 'applies to CSAT surveys only' }],
    });
    await h.api('POST', `/v1/surveys/${csat.body.id}/archive`, { key });
    const late = await h.api('POST', '/v1/responses', { key, body: { survey_id: csat.body.id, score: 9 } });
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({
      errors: [{ path: 'survey_id', message: 'is archived and takes no responses' }],
    });
    const active = await h.api<Page>('GET', '/v1/surveys?status=active', { key });
    expect(active.body.data.map((s) => s.id)).not.toContain(csat.body.id);
  });

  it('shows a new key once, lists it without the secret, and a revoked key stops working', async () => {
    const key = ws.secretKey;
    const created = await h.api<{ id: string; key: string; prefix: string }>('POST', '/v1/keys', {
      key,
      body: { kind: 'secret', name: 'reporting' },
    });
    expect(created.status).toBe(201);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    expect((await h.api('GET', '/v1/workspace', { key: created.body.key })).status).toBe(200);
    const list = await h.api<{ data: Array<Record<string, unknown>> }>('GET', '/v1/keys', { key });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect((await h.api('DELETE', `/v1/keys/${created.body.id}`, { key })).body).toMatchObject({
      revoked_at: expect.any(String),
    });
    const after = await h.api('GET', '/v1/workspace', { key: created.body.key });
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
  });

  it('records feedback and events, and lists them newest first', async () => {
    const key = ws.secretKey;
    await h.api('POST', '/v1/feedback', {
      key: ws.publishableKey,
      body: { text: 'Dark mode please', channel: 'web', customer: { email: 'fb@example.com' } },
    });
    await h.api('POST', '/v1/feedback', {
      key,
      body: { text: 'Invoices are confusing', channel: 'review', source: 'g2' },
    });
    const feedback = await h.api<Page>('GET', '/v1/feedback', { key });
    expect(feedback.body.data.map((f) => f.text)).toEqual(['Invoices are confusing', 'Dark mode please']);
    const purchase = await h.api('POST', '/v1/events', {
      key,
      body: { type: 'purchase', amount: 1999, currency: 'USD', customer: { external_id: 'e1' } },
    });
    expect(purchase.body).toMatchObject({ type: 'purchase', amount: 1999, currency: 'USD' });
    const custom = await h.api('POST', '/v1/events', {
      key,
      body: { type: 'custom', customer: { external_id: 'e1' } },
    });
    expect(custom.status).toBe(400);
    expect(custom.body).toMatchObject({
      errors: [{ path: 'name', message: 'is required for a custom event' }],
    });
  });

  it('describes every /v1 route in OpenAPI 3.1 and renders the docs', async () => {
    const spec = await h.api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/openapi.json',
    );
    expect(spec.body.openapi).toBe('3.1.0');
    const documented = Object.entries(spec.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = h.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((line) => line.includes('/v1/'));
    expect(served.length).toBeGreaterThan(0);
    for (const route of [
      'POST /v1/responses',
      'POST /v1/responses/batch',
      'GET /v1/metrics/nps',
      'POST /v1/events/batch',
      'DELETE /v1/keys/{id}',
    ]) {
      expect(documented).toContain(route);
    }
    const docs = await h.api('GET', '/docs/');
    expect(docs.status).toBe(200);
  });
});
