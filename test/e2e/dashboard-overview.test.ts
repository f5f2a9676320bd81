/// <reference lib="dom" />
// The Overview and Revenue & retention pages in Chromium, on a workspace with weeks of responses in two
// segments and two channels, customers who started, churned and bought: every card shows what the metrics
// API computes, the charts draw (under the page's CSP) with tables and CSV that match the API, the view
// lives in the URL, and both pages pass axe at 1280 px and on a 390 px phone.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodStarts } from '../../src/domains/metrics/periods.ts';
import { mulberry32 } from '../../src/shared/random.ts';
import { toCsv } from '../../web/src/lib/csv.ts';
import type { RetentionFigures, ScoreFigures, ScoreMetric } from '../../web/src/pages/overview/api.ts';
import { trendTable } from '../../web/src/pages/overview/chart-options.ts';
import { describeChange, figures, rateFigures, rateProblem } from '../../web/src/pages/overview/figures.ts';
import { formatMoney } from '../../web/src/pages/revenue/revenue-view.ts';
import type { Harness, TestWorkspace } from '../support/harness.ts';
import { type Dashboard, openDashboard, type Person } from './dashboard-fixture.ts';

const dayMs = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.parse(today) - days * dayMs).toISOString().slice(0, 10);
/** A moment on a past day, a few minutes after midnight UTC (never in the future, even just after midnight). */
const momentOn = (days: number, minute: number) =>
  new Date(Date.parse(today) - days * dayMs + (minute % 5) * 60_000).toISOString();

const segments = ['enterprise', 'smb'];
const channels = ['web', 'email'];
const customers = 60;
const segmentOf = (customer: number) => segments[customer % 2];

/** Weeks of responses and a customer base with a history: started, some churned, some bought. */
async function seed(h: Harness, ws: TestWorkspace) {
  const key = ws.secretKey;
  const random = mulberry32(20261130);
  const surveys = {
    nps: await h.createSurvey(ws, { kind: 'nps', name: 'NPS' }),
    csat: await h.createSurvey(ws, { kind: 'csat', name: 'CSAT' }),
    ces: await h.createSurvey(ws, { kind: 'ces', name: 'CES' }),
  };
  const events: unknown[] = [];
  for (let customer = 0; customer < customers; customer++) {
    const external_id = `cust-${customer}`;
    events.push({
      type: 'signed_up',
      customer: { external_id, segment: segmentOf(customer), email: `buyer${customer}@shop.example` },
      occurred_at: momentOn(30 + Math.floor(random() * 700), customer),
    });
    // Churn: a few in the previous 90 days, more in the last 90.
    if (customer % 7 === 3)
      events.push({ type: 'churned', customer: { external_id }, occurred_at: momentOn(120 + customer, 1) });
    if (customer % 5 === 1)
      events.push({ type: 'churned', customer: { external_id }, occurred_at: momentOn(5 + customer, 2) });
    // Revenue rests on a few: the first customers buy far more.
    if (customer < 40) {
      for (let purchase = 0; purchase < 1 + (customer % 3); purchase++) {
        events.push({
          type: 'purchase',
          amount: Math.round(500_000 / (customer + 1)) + 1_000,
          currency: 'USD',
          customer: { external_id },
          occurred_at: momentOn(10 + purchase * 40 + customer, 3),
        });
      }
    }
  }
  expect((await h.api('POST', '/v1/events/batch', { key, body: { events } })).status).toBe(201);

  const responses: unknown[] = [];
  const respond = (kind: keyof typeof surveys, score: number, days: number, index: number) => {
    const customer = Math.floor(random() * customers);
    responses.push({
      survey_id: surveys[kind],
      score,
      channel: channels[index % 2],
      submitted_at: momentOn(days, index),
      customer: { external_id: `cust-${customer}`, segment: segmentOf(customer) },
    });
  };
  for (let i = 0; i < 420; i++) {
    const days = Math.floor(random() * 120);
    // The last 30 days are clearly better than the 30 before: a change the test can call significant.
    const promoterOdds = days < 30 ? 0.7 : 0.35;
    const roll = random();
    respond(
      'nps',
      roll < promoterOdds ? 9 + (i % 2) : roll < promoterOdds + 0.15 ? 7 + (i % 2) : i % 7,
      days,
      i,
    );
  }
  for (let i = 0; i < 160; i++) respond('csat', 1 + Math.floor(random() * 5), Math.floor(random() * 120), i);
  for (let i = 0; i < 120; i++) respond('ces', 1 + Math.floor(random() * 7), Math.floor(random() * 120), i);
  const half = Math.floor(responses.length / 2);
  for (const part of [responses.slice(0, half), responses.slice(half)]) {
    expect((await h.api('POST', '/v1/responses/batch', { key, body: { responses: part } })).status).toBe(201);
  }
  // Part in the rollups, part in the live tail: the page must show both.
  await h.fold();
  respond('nps', 10, 0, 0);
  expect((await h.api('POST', '/v1/responses', { key, body: responses.at(-1) })).status).toBe(201);
}

describe('the Overview and Revenue & retention in Chromium', () => {
  let d: Dashboard;
  let empty: Person;

  beforeAll(async () => {
    d = await openDashboard(seed);
    // A second workspace with nothing in it: what a new user sees first.
    const fresh = await d.h.createWorkspace('Newcomer');
    const created = await d.h.services.members.createOwner(fresh.id, {
      email: 'new@newcomer.example',
      name: 'Nell New',
    });
    empty = { email: 'new@newcomer.example', password: created.password, role: 'owner' };
  }, 180_000);
  afterAll(() => d?.close());

  const api = async <Body>(path: string): Promise<Body> => {
    const answer = await d.h.api<Body>('GET', path, { key: d.ws.secretKey });
    expect(answer.status, path).toBe(200);
    return answer.body;
  };

  /** Waits until the Overview's charts are drawn (the hook B9 times), and returns how many there are. */
  const chartsDrawn = async (page: Page) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page
      .waitForFunction(
        () => {
          const region = document.querySelector('#overview-charts');
          const canvases = [...document.querySelectorAll('#overview-charts .chart-canvas')];
          return (
            region?.getAttribute('aria-busy') === 'false' &&
            canvases.length > 0 &&
            canvases.every((canvas) => canvas.getAttribute('data-rendered') === 'true')
          );
        },
        undefined,
        { timeout: 20_000 },
      )
      .catch((error: Error) => {
        // Say why: a script error (a chart option ECharts refuses) is more telling than the timeout.
        throw new Error(`the Overview's charts were not drawn (${pageErrors.join('; ') || error.message})`);
      });
    return page.locator('#overview-charts .chart-canvas').count();
  };

  /** A control of the page's filters (a chart's name can hold the same word, e.g. "NPS by segment"). */
  const control = (page: Page, label: string) => page.locator('form.filters').getByLabel(label);

  const chart = (page: Page, title: string) =>
    page.locator('figure.chart', { has: page.getByText(title, { exact: true }) });

  const tableRows = async (page: Page, title: string) => {
    const figure = chart(page, title);
    await figure.getByRole('button', { name: 'Show table' }).click();
    return figure
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
      );
  };
  const asShown = (rows: unknown[][]) =>
    rows.map((row) => row.map((cell) => (cell === null ? '—' : String(cell))));

  const cardText = (page: Page, id: string, testId: string) =>
    page.locator(`#${id}`).getByTestId(testId).textContent();

  /** A score card shows the API's figure, margin, n, interval and the verdict of its change test. */
  const expectScoreCard = async (page: Page, metric: ScoreMetric['metric'], query: string) => {
    const answer = await api<ScoreFigures & { comparison: { change: Parameters<typeof describeChange>[0] } }>(
      `/v1/metrics/${metric}?${query}&compare=previous`,
    );
    const shown = figures({ ...answer, metric });
    const id = `metric-${metric}`;
    await expect.poll(() => cardText(page, id, 'n')).toBe(`n = ${answer.n.toLocaleString('en')}`);
    expect(await cardText(page, id, 'score')).toBe(shown.score);
    expect(await cardText(page, id, 'margin')).toBe(shown.margin);
    expect(await cardText(page, id, 'interval')).toBe(shown.interval);
    const change = describeChange(answer.comparison.change, metric === 'ces' ? 'scale' : 'pts', 'up');
    expect(await cardText(page, id, 'significance')).toBe(
      change.verdictText +
        (change.tone === 'better' ? ' · better' : change.tone === 'worse' ? ' · worse' : ''),
    );
    return { answer, change };
  };

  const expectRateCard = async (
    page: Page,
    id: string,
    overall: RetentionFigures,
    which: 'retention' | 'churn',
  ) => {
    const problem = rateProblem(overall, which);
    if (problem) {
      await expect.poll(() => cardText(page, id, 'problem')).toBe(problem);
      return;
    }
    const shown = rateFigures(overall[which]);
    await expect.poll(() => cardText(page, id, 'score')).toBe(shown.score);
    expect(await cardText(page, id, 'n')).toBe(`n = ${overall[which].n.toLocaleString('en')}`);
    expect(await cardText(page, id, 'interval')).toBe(shown.interval);
  };

  it('shows each metric as the API computes it, with its change and significance, and charts that match', async () => {
    const { page, errors } = await d.open();
    await page.goto(`${d.base}/overview`);
    await d.signIn(page);
    expect(new URL(page.url()).pathname).toBe('/overview');
    const window = `from=${daysAgo(89)}&to=${today}`;

    for (const metric of ['nps', 'csat', 'ces'] as const) await expectScoreCard(page, metric, window);
    const retention = await api<{ overall: RetentionFigures }>(
      `/v1/metrics/retention?${window}&compare=previous`,
    );
    await expectRateCard(page, 'metric-retention', retention.overall, 'retention');
    await expectRateCard(page, 'metric-churn', retention.overall, 'churn');
    expect(retention.overall.lost).toBeGreaterThan(0);

    // Three trends, retention and churn, volume, and the two breakdowns.
    expect(await chartsDrawn(page)).toBe(7);
    await d.shoot(page, 'overview-1280');

    // The NPS trend's table and CSV hold the per-week figures /v1/metrics/nps answers.
    const weekly = await api<{ groups: Array<ScoreFigures & { period: string }> }>(
      `/v1/metrics/nps?${window}&period=week`,
    );
    const weeks = periodStarts(daysAgo(89), today, 'week').map((p) => p.start);
    const points = weeks.map((week) => {
      const group = weekly.groups.find((g) => g.period === week);
      return { value: group?.nps ?? null, interval: group?.confidenceInterval ?? null, n: group?.n ?? 0 };
    });
    const expected = trendTable(weeks, 'NPS', points, 1);
    expect(await tableRows(page, 'NPS trend')).toEqual(asShown(expected.rows));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart(page, 'NPS trend').getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('nps-trend.csv');
    expect(fs.readFileSync(await download.path(), 'utf8')).toBe(toCsv(expected.columns, expected.rows));

    // The segment breakdown lists both segments with the n the API counts for each.
    const bySegment = await api<{ groups: Array<ScoreFigures & { group: string }> }>(
      `/v1/metrics/nps?${window}&by=segment`,
    );
    const segmentRows = await tableRows(page, 'NPS by segment');
    expect(segmentRows.map((row) => [row[0], row[4]]).sort()).toEqual(
      bySegment.groups.map((g) => [g.group, String(g.n)]).sort(),
    );

    expect(errors).toEqual([]);
  });

  it('keeps dates, granularity, segment and breakdown in the URL, so a reload or a shared link shows the same view', async () => {
    const { page, errors } = await d.open();
    await page.goto(`${d.base}/overview`);
    await d.signIn(page);
    await chartsDrawn(page);

    await control(page, 'Dates').selectOption('30');
    await page.waitForURL((url) => url.searchParams.get('days') === '30');
    const last30 = `from=${daysAgo(29)}&to=${today}`;
    const { change } = await expectScoreCard(page, 'nps', last30);
    // The seeded improvement over the 30 days before is large: the page must call it significant and better.
    expect(change).toMatchObject({ verdict: 'significant', tone: 'better' });
    await expect
      .poll(() => page.locator('#metric-nps').getByTestId('change').textContent())
      .toContain('vs the previous 30 days');

    await control(page, 'Granularity').selectOption('week');
    await page.waitForURL((url) => url.searchParams.get('period') === 'week');
    await control(page, 'Segment').selectOption('enterprise');
    await page.waitForURL((url) => url.searchParams.get('segment') === 'enterprise');
    await expectScoreCard(page, 'nps', `${last30}&segment=enterprise`);
    await chartsDrawn(page);

    // The breakdown's metric, chosen with the keyboard: arrow keys move between the radio buttons.
    await page.getByRole('radio', { name: 'NPS' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((url) => url.searchParams.get('metric') === 'csat');
    await chart(page, 'CSAT by segment').waitFor();

    const shared = page.url();
    await page.reload();
    await chartsDrawn(page);
    expect(page.url()).toBe(shared);
    expect(await control(page, 'Dates').inputValue()).toBe('30');
    expect(await control(page, 'Granularity').inputValue()).toBe('week');
    expect(await control(page, 'Segment').inputValue()).toBe('enterprise');
    expect(await page.getByRole('radio', { name: 'CSAT' }).isChecked()).toBe(true);
    await expectScoreCard(page, 'nps', `${last30}&segment=enterprise`);

    // Fixed dates: the shown window becomes editable, and a typed day changes the view.
    await control(page, 'Dates').selectOption('custom');
    await page.waitForURL(
      (url) => url.searchParams.get('from') === daysAgo(29) && !url.searchParams.has('days'),
    );
    await control(page, 'From').fill(daysAgo(59));
    await page.waitForURL((url) => url.searchParams.get('from') === daysAgo(59));
    await expectScoreCard(page, 'nps', `from=${daysAgo(59)}&to=${today}&segment=enterprise`);

    // A shared link opens on the view it names, in a browser that had not seen it.
    const { page: other, errors: otherErrors } = await d.open();
    await other.goto(page.url());
    await d.signIn(other);
    expect(other.url()).toBe(page.url());
    await expectScoreCard(other, 'nps', `from=${daysAgo(59)}&to=${today}&segment=enterprise`);
    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
  });

  it('shows Revenue & retention as the API computes it: CRR, churn, CLV and the top-20% share', async () => {
    const { page, errors } = await d.open();
    await page.goto(`${d.base}/overview`);
    await d.signIn(page);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Revenue & retention' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Revenue & retention' }).waitFor();

    const year = `from=${daysAgo(364)}&to=${today}`;
    const retention = await api<{
      overall: RetentionFigures;
      periods: Array<RetentionFigures & { period: string }>;
    }>(`/v1/metrics/retention?${year}&period=month&compare=previous`);
    await expectRateCard(page, 'revenue-retention', retention.overall, 'retention');
    await expectRateCard(page, 'revenue-churn', retention.overall, 'churn');
    // A customer base that grew over two years: the year's rates are shares of the customers at its start.
    expect(rateProblem(retention.overall, 'retention')).toBeNull();
    await chart(page, 'Lorenz curve').locator('.chart-canvas[data-rendered="true"]').waitFor();
    await d.shoot(page, 'revenue-1280');
    const retentionRows = await tableRows(page, 'CRR and churn by period');
    expect(retentionRows.map((row) => row.slice(0, 5))).toEqual(
      retention.periods.map((p) => [p.period, p.start, p.new, p.lost, p.end].map(String)),
    );

    const concentration = await api<{
      topShare: number;
      topCount: number;
      n: number;
      lorenz: unknown[];
      top_customers: Array<{ customer_id: string; email: string }>;
    }>('/v1/metrics/concentration');
    const share = `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(concentration.topShare)}%`;
    await expect.poll(() => cardText(page, 'revenue-top-share', 'score')).toBe(share);
    expect(await cardText(page, 'revenue-top-share', 'top-count')).toBe(
      `${concentration.topCount} of ${concentration.n}`,
    );
    const lorenz = chart(page, 'Lorenz curve');
    await lorenz.locator('.chart-canvas[data-rendered="true"]').waitFor();
    expect(await tableRows(page, 'Lorenz curve')).toHaveLength(concentration.lorenz.length);
    const top = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Share' }) });
    const links = top.getByRole('link');
    expect(await links.count()).toBe(concentration.topCount);
    expect(await links.first().textContent()).toBe(concentration.top_customers[0].email);

    const clv = await api<{ clv: number }>('/v1/metrics/clv');
    await expect.poll(() => cardText(page, 'revenue-clv', 'score')).toBe(formatMoney(clv.clv, 'USD', true));
    // An acquisition cost typed in dollars is sent in cents and taken off the CLV.
    await page.getByLabel('Acquisition cost per customer (USD)').fill('25');
    await page.waitForURL((url) => url.searchParams.get('cac') === '25');
    const withCost = await api<{ clv: number }>('/v1/metrics/clv?acquisition_cost=2500');
    expect(withCost.clv).toBe(clv.clv - 2500);
    await expect
      .poll(() => cardText(page, 'revenue-clv', 'score'))
      .toBe(formatMoney(withCost.clv, 'USD', true));

    await links.first().click();
    await page.waitForURL(`${d.base}/customers/${concentration.top_customers[0].customer_id}`);
    expect(errors).toEqual([]);
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    const { page, errors } = await d.open({ viewport: { width: 390, height: 844 } });
    await page.goto(`${d.base}/overview`);
    await d.signIn(page);
    await chartsDrawn(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await d.shoot(page, 'overview-390');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Revenue & retention' }).click();
    await chart(page, 'Lorenz curve').locator('.chart-canvas[data-rendered="true"]').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(390);
    await d.shoot(page, 'revenue-390');
    expect(errors).toEqual([]);
  });

  it('tells a new user what to do next: create a survey, record purchases', async () => {
    const { page, errors } = await d.open();
    await page.goto(`${d.base}/overview`);
    await d.signIn(page, empty);
    await page.getByRole('heading', { level: 2, name: 'No surveys yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'Create a survey' }).getAttribute('href')).toBe('/surveys');
    await page.locator('#metric-nps').getByText('No responses in this period yet.').waitFor();
    await page.locator('#metric-retention').getByText('No customers at the start of this period.').waitFor();
    await d.shoot(page, 'overview-empty-1280');
    await page.goto(`${d.base}/revenue`);
    await page.getByRole('heading', { level: 2, name: 'No revenue recorded yet' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'No customers in these dates' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations on either page, at either width', async () => {
    const found: Record<string, unknown> = {};
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const { page } = await d.open({ axe: true, viewport });
      await page.goto(`${d.base}/overview`);
      await d.signIn(page);
      await chartsDrawn(page);
      const overview = await d.axe(page);
      if (overview.length > 0) found[`overview ${viewport.width}`] = overview;
      await page.goto(`${d.base}/revenue`);
      await chart(page, 'Lorenz curve').locator('.chart-canvas[data-rendered="true"]').waitFor();
      const revenue = await d.axe(page);
      if (revenue.length > 0) found[`revenue ${viewport.width}`] = revenue;
    }
    expect(found).toEqual({});
  });
});
