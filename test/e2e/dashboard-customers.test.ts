/// <reference lib="dom" />
// The Customers and Themes sections in Chromium: search customers with the search kept in the URL, open one
// and read their traits, account, scores, value and timeline in order; page a long timeline by keyboard; the
// themes found in seeded comments with their trend, the emerging issue and the key drivers; renaming only for
// those who manage. Customer-written markup stays text; no script errors or CSP refusals; axe finds nothing
// serious; screenshots at 1280 and 390 pixels.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planComments } from '../support/comments.ts';
import type { Harness, TestWorkspace } from '../support/harness.ts';
import { type Dashboard, openDashboard } from './dashboard-fixture.ts';

const xssName = '<img src=x onerror="window.__xss=1">';
const xssScript = '<script>window.__xss=1</script>';
const dayMs = 86_400_000;
const now = Date.now();
const daysAgo = (days: number) => new Date(now - days * dayMs).toISOString();
/** Comments written this week and the eight before: the mobile app spikes this week (an emerging issue). */
const commentWeeks = [
  { checkout: 2, billing: 2, support: 2, mobile: 12, noise: 2 },
  ...Array(8).fill({ checkout: 6, billing: 5, support: 5, mobile: 1, noise: 3 }),
];

async function seed(h: Harness, ws: TestWorkspace) {
  const post = async (path: string, body: unknown) => {
    const answer = await h.api<{ id: string }>('POST', path, { key: ws.secretKey, body });
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };
  const ada = { external_id: 'cus_ada' };
  await post('/v1/customers', {
    ...ada,
    name: 'Ada Lovelace',
    email: 'ada@analytical.example',
    segment: 'enterprise',
    traits: { plan: 'pro', seats: 12 },
    account: { external_id: 'acct_ae', name: 'Analytical Engines', plan: 'growth', owner: 'Grace Owner' },
  });
  await post('/v1/customers', {
    external_id: 'cus_grace',
    name: 'Grace Hopper',
    email: 'grace@navy.example',
    segment: 'smb',
  });
  await post('/v1/customers', { external_id: 'cus_xss', name: xssName, traits: { note: xssScript } });
  const nps = await h.createSurvey(ws, { kind: 'nps', name: 'Relationship NPS' });

  await post('/v1/events', { type: 'signed_up', customer: ada, occurred_at: daysAgo(90) });
  await post('/v1/events', {
    type: 'purchase',
    customer: ada,
    amount: 4900,
    currency: 'USD',
    occurred_at: daysAgo(80),
  });
  await post('/v1/responses', {
    survey_id: nps,
    score: 3,
    comment: 'Setup was painful',
    customer: ada,
    submitted_at: daysAgo(60),
  });
  await post('/v1/feedback', {
    text: 'Loving the new reports',
    channel: 'chat',
    customer: ada,
    submitted_at: daysAgo(30),
  });
  await post('/v1/responses', {
    survey_id: nps,
    score: 9,
    comment: 'Much better now',
    customer: ada,
    submitted_at: daysAgo(10),
  });
  await post('/v1/events', {
    type: 'custom',
    name: 'exported_report',
    customer: ada,
    occurred_at: daysAgo(5),
  });

  // More touchpoints than one page of the timeline holds.
  await post('/v1/events/batch', {
    events: Array.from({ length: 30 }, (_, i) => ({
      type: 'custom',
      name: `viewed_page_${i + 1}`,
      customer: { external_id: 'cus_grace' },
      occurred_at: daysAgo(40 - i),
    })),
  });

  await post('/v1/responses', {
    survey_id: nps,
    score: 5,
    comment: xssName,
    customer: { external_id: 'cus_xss' },
    submitted_at: daysAgo(2),
  });
  await post('/v1/feedback', {
    text: xssScript,
    customer: { external_id: 'cus_xss' },
    submitted_at: daysAgo(1),
  });

  // Anonymous comments on planted topics, then theme discovery, as the background jobs would run it.
  const planned = planComments(commentWeeks, 5, new Date(now));
  await post('/v1/responses/batch', {
    responses: planned.map((comment) => ({
      survey_id: nps,
      score: comment.score,
      comment: comment.text,
      submitted_at: comment.submittedAt,
    })),
  });
  await h.analyze();
  await post('/v1/analysis-runs', { kind: 'retheme' });
  await h.analyze();
}

describe('Customers and Themes in the dashboard', () => {
  let d: Dashboard;
  let adaId: string;
  let checkout: { id: string; key: string; label: string; nps: { score: number | null; n: number } | null };
  let checkoutId: string;

  beforeAll(async () => {
    d = await openDashboard(seed);
    const customers = await d.h.api<{ data: Array<{ id: string; external_id: string }> }>(
      'GET',
      '/v1/customers?external_id=cus_ada',
      { key: d.ws.secretKey },
    );
    adaId = customers.body.data[0].id;
    const themes = await d.h.api<{ data: Array<typeof checkout> }>('GET', '/v1/themes', {
      key: d.ws.secretKey,
    });
    const found = themes.body.data.find((theme) => theme.key === 'checkout');
    expect(found, JSON.stringify(themes.body.data.map((theme) => theme.key))).toBeDefined();
    checkout = found as typeof checkout;
    checkoutId = checkout.id;
  });
  afterAll(async () => {
    await d?.close();
  });

  /** Signs in on a page that first asked for `path`, landing there. */
  async function openAt(page: Page, path: string, person = d.owner) {
    await page.goto(`${d.base}${path}`);
    await d.signIn(page, person);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  const rowNames = (page: Page) => page.locator('.customer-table tbody td:first-child a');

  it('searches customers, keeps the search in the URL across a reload, and filters by segment', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/customers');
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await expect
      .poll(() => rowNames(page).allTextContents())
      .toEqual(['Ada Lovelace', 'Grace Hopper', xssName]);

    await page.getByRole('searchbox', { name: 'Search' }).fill('lovel');
    await page.waitForURL((url) => url.searchParams.get('q') === 'lovel');
    await expect.poll(() => rowNames(page).allTextContents()).toEqual(['Ada Lovelace']);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('lovel');
    await expect.poll(() => rowNames(page).allTextContents()).toEqual(['Ada Lovelace']);

    // A search nobody matches says so and how to search.
    await page.getByRole('searchbox', { name: 'Search' }).fill('zebra');
    await page.getByRole('heading', { name: 'No customer matches' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('zebra');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowNames(page).allTextContents()).toHaveLength(3);
    await page.getByLabel('Segment').selectOption('smb');
    await page.waitForURL((url) => url.searchParams.get('segment') === 'smb');
    await expect.poll(() => rowNames(page).allTextContents()).toEqual(['Grace Hopper']);
    await d.shoot(page, 'customers-1280');
    expect(errors).toEqual([]);
  });

  it('shows a customer’s profile, scores, value and every touchpoint newest first, reached by keyboard', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/customers?q=ada');
    const link = page.getByRole('link', { name: 'Ada Lovelace' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${adaId}`);

    const profile = page.getByRole('region', { name: 'Profile' });
    await expect.poll(() => profile.textContent()).toContain('Analytical Engines');
    expect(await profile.textContent()).toContain('growth plan');
    expect(await profile.textContent()).toContain('enterprise');
    const traits = page.getByRole('region', { name: 'Traits' });
    expect(await traits.locator('dt').allTextContents()).toEqual(['plan', 'seats']);
    expect(await traits.locator('dd').allTextContents()).toEqual(['pro', '12']);

    const scores = page.getByRole('region', { name: 'Scores over time' });
    const surveyRow = scores.getByRole('row', { name: /Relationship NPS/ });
    expect(await surveyRow.locator('td').allTextContents()).toEqual([
      '2',
      (6).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      expect.stringMatching(/^9Promoter on /),
    ]);
    await scores.locator('.chart-canvas[data-rendered="true"]').waitFor();
    const value = page.getByRole('region', { name: 'Lifetime value' });
    expect(await value.textContent()).toContain('$49.00');

    const timeline = page.getByRole('list', { name: 'Touchpoints, newest first' });
    await timeline.locator('li').first().waitFor();
    expect(await timeline.locator('.touchpoint-kind').allTextContents()).toEqual([
      'Event',
      'Response',
      'Feedback',
      'Response',
      'Event',
      'Event',
    ]);
    const titles = await timeline.locator('.touchpoint-title').allTextContents();
    expect(titles[0]).toBe('exported_report');
    expect(titles[1]).toMatch(/^Relationship NPS · score 9 of 10Promoter · via api$/);
    expect(titles[2]).toBe('Feedback via chat');
    expect(titles[3]).toMatch(/score 3 of 10Detractor/);
    expect(titles[4]).toBe(
      `Purchase · ${(49).toLocaleString(undefined, { style: 'currency', currency: 'USD' })}`,
    );
    expect(titles[5]).toBe('Signed up');
    expect(await timeline.locator('.touchpoint-text').allTextContents()).toEqual([
      'Much better now',
      'Loving the new reports',
      'Setup was painful',
    ]);
    await d.shoot(page, 'customer-1280');

    // Back to the list, with its search.
    await page.getByRole('link', { name: '← All customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=ada');
    expect(errors).toEqual([]);
  });

  it('pages a long timeline with Load more, moving focus to the first new touchpoint', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/customers?q=grace');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    const timeline = page.getByRole('list', { name: 'Touchpoints, newest first' });
    await timeline.locator('li').first().waitFor();
    expect(await timeline.locator('li').count()).toBe(25);
    const more = page.getByRole('button', { name: 'Load more' });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => timeline.locator('li').count()).toBe(30);
    await expect.poll(() => page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const titles = await timeline.locator('.touchpoint-title').allTextContents();
    expect(titles).toEqual(Array.from({ length: 30 }, (_, i) => `viewed_page_${30 - i}`));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('viewed_page_5');
    expect(errors).toEqual([]);
  });

  it('renders customer-written markup as text and runs none of it', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/customers?q=cus_xss');
    await expect.poll(() => rowNames(page).allTextContents()).toEqual([xssName]);
    await page.getByRole('link', { name: xssName }).click();
    await page.getByRole('heading', { level: 1, name: xssName }).waitFor();
    const traits = page.getByRole('region', { name: 'Traits' });
    expect(await traits.locator('dd').allTextContents()).toEqual([xssScript]);
    const timeline = page.getByRole('list', { name: 'Touchpoints, newest first' });
    await timeline.locator('li').first().waitFor();
    expect(await timeline.locator('.touchpoint-text').allTextContents()).toEqual([xssScript, xssName]);
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('lists the themes found, the emerging issue with its evidence, and the key drivers', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/themes');
    await page.getByRole('heading', { level: 1, name: 'Themes' }).waitFor();
    const table = page.getByRole('table', { name: 'Themes with their figures' });
    await table.waitFor();
    expect(await table.locator('tbody th a').allTextContents()).toContain(checkout.label);
    const checkoutRow = table
      .locator('tbody tr')
      .filter({ has: page.getByRole('link', { name: checkout.label, exact: true }) });
    // Checkout writers are detractors (scores 0–4): the row shows the theme's NPS as the API computes it.
    const nps = Math.round(checkout.nps?.score as number);
    expect(await checkoutRow.locator('td').nth(2).textContent()).toBe(`${nps} (n = ${checkout.nps?.n})`);
    expect(await checkoutRow.getByRole('img').getAttribute('aria-label')).toMatch(
      /^Comments per week, oldest first: (\d+, ){11}\d+$/,
    );
    await page.locator('.chart-canvas[data-rendered="true"]').first().waitFor();

    const emerging = page.getByRole('region', { name: 'Emerging issues' });
    const flagged = emerging.getByRole('listitem');
    await flagged.first().waitFor();
    expect(await flagged.first().textContent()).toMatch(/Emerging\s*(mobile app|app)/i);
    expect(await flagged.first().textContent()).toMatch(
      /\d+ comments in the week of \d{4}-\d{2}-\d{2} against/,
    );

    const drivers = page.getByRole('region', { name: 'Key drivers of NPS' });
    await drivers.locator('.chart-canvas[data-rendered="true"]').waitFor();
    const driverItems = await drivers.locator('.theme-driver-list li').allTextContents();
    expect(
      driverItems.some((text) => text.startsWith(`${checkout.label}: NPS among responses mentioning`)),
    ).toBe(true);
    await d.shoot(page, 'themes-1280');

    // Period and metric are kept in the URL, and survive a reload.
    await page.getByLabel('Period').selectOption('4');
    await page.waitForURL((url) => url.searchParams.get('weeks') === '4');
    await page.getByLabel('Score').selectOption('csat');
    await page.waitForURL((url) => url.searchParams.get('metric') === 'csat');
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Key drivers of CSAT' }).waitFor();
    expect(await page.getByLabel('Period').inputValue()).toBe('4');
    await page.getByRole('heading', { name: 'Not enough scored comments yet' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a theme with its examples; the owner may rename it, a viewer only reads', async () => {
    const { page, errors } = await d.open();
    await openAt(page, `/themes/${checkoutId}`);
    await page.getByRole('heading', { level: 1, name: checkout.label }).waitFor();
    const examples = page.getByRole('region', { name: 'Example comments' });
    await examples.getByRole('listitem').first().waitFor();
    expect(await examples.locator('.theme-example-text').first().textContent()).toMatch(/checkout/i);
    await page.locator('.chart-canvas[data-rendered="true"]').waitFor();
    await d.shoot(page, 'theme-1280');

    await page.getByLabel('Name', { exact: true }).fill('Checkout flow');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout flow' }).waitFor();
    const renamed = await d.h.api<{ label: string }>('GET', `/v1/themes/${checkoutId}`, {
      key: d.ws.secretKey,
    });
    expect(renamed.body.label).toBe('Checkout flow');
    expect(errors).toEqual([]);

    const viewer = await d.memberWith('viewer');
    const asViewer = await d.open();
    await openAt(asViewer.page, `/themes/${checkoutId}`, viewer);
    await asViewer.page.getByRole('heading', { level: 1, name: 'Checkout flow' }).waitFor();
    await asViewer.page.getByRole('region', { name: 'Example comments' }).waitFor();
    expect(await asViewer.page.getByRole('heading', { name: 'Rename' }).count()).toBe(0);
    expect(await asViewer.page.getByRole('button', { name: 'Save name' }).count()).toBe(0);
    expect(asViewer.errors).toEqual([]);
  });

  it('fits a 390-pixel phone', async () => {
    const { page, errors } = await d.open();
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    // Signed in at full width: on a phone the section navigation is folded behind the menu button, which
    // the fixture's sign-in waits for.
    await openAt(page, '/customers');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => rowNames(page).count()).toBe(3);
    expect(await fits()).toBe(true);
    await d.shoot(page, 'customers-390');
    await page.goto(`${d.base}/customers/${adaId}`);
    await page.getByRole('list', { name: 'Touchpoints, newest first' }).locator('li').first().waitFor();
    expect(await fits()).toBe(true);
    await d.shoot(page, 'customer-390');
    await page.goto(`${d.base}/themes`);
    await page.getByRole('table', { name: 'Themes with their figures' }).waitFor();
    await page.locator('.chart-canvas[data-rendered="true"]').first().waitFor();
    expect(await fits()).toBe(true);
    await d.shoot(page, 'themes-390');
    await page.goto(`${d.base}/themes/${checkoutId}`);
    await page.getByRole('region', { name: 'Example comments' }).getByRole('listitem').first().waitFor();
    expect(await fits()).toBe(true);
    await d.shoot(page, 'theme-390');
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations on any of the pages', async () => {
    const { page } = await d.open({ axe: true });
    const found: Record<string, unknown> = {};
    const check = async (name: string) => {
      const violations = await d.axe(page);
      if (violations.length > 0) found[name] = violations;
    };
    await openAt(page, '/customers');
    await expect.poll(() => rowNames(page).count()).toBe(3);
    await check('customer list');
    await page.goto(`${d.base}/customers?q=zebra`);
    await page.getByRole('heading', { name: 'No customer matches' }).waitFor();
    await check('customer list, no match');
    await page.goto(`${d.base}/customers/${adaId}`);
    await page.getByRole('list', { name: 'Touchpoints, newest first' }).locator('li').first().waitFor();
    await page.locator('.chart-canvas[data-rendered="true"]').first().waitFor();
    await check('customer page');
    await page.goto(`${d.base}/themes`);
    await page.getByRole('table', { name: 'Themes with their figures' }).waitFor();
    await page.getByRole('region', { name: 'Emerging issues' }).getByRole('listitem').first().waitFor();
    await page.locator('.theme-driver-list li').first().waitFor();
    await check('themes');
    await page.goto(`${d.base}/themes/${checkoutId}`);
    await page.getByRole('region', { name: 'Example comments' }).getByRole('listitem').first().waitFor();
    await check('theme page');
    expect(found).toEqual({});
  });
});
