/// <reference lib="dom" />
// The Feedback inbox in Chromium: filter to detractors with the filter kept in the URL across a reload, search
// the words of comments, load more by keyboard, download the CSV of what is shown, open an item by keyboard
// and see its customer and their other feedback, tag it as the owner (existing tag, new tag, removal); a
// viewer sees no tagging controls and the API refuses them anyway; empty states for a new workspace and for
// filters nothing matches; customer-written markup stays text; no script errors or CSP refusals; axe finds
// nothing serious; screenshots at 1280 and 390 pixels.
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir } from '../support/browser.ts';
import type { Harness, TestWorkspace } from '../support/harness.ts';
import { type Dashboard, openDashboard, type Person } from './dashboard-fixture.ts';

const xssComment =
  'Broken again <script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> [click](javascript:window.__xss=1)';
const hourMs = 3_600_000;
const now = Date.now();
const hoursAgo = (hours: number) => new Date(now - hours * hourMs).toISOString();
const ada = {
  external_id: 'cus_ada',
  name: 'Ada Lovelace',
  email: 'ada@analytical.example',
  segment: 'enterprise',
};

/** What the suite seeds, newest first: the inbox must list exactly this, in this order. */
const seeded = [
  { kind: 'feedback', text: 'Dark mode please', customer: true, hoursAgo: 1 },
  { kind: 'response', survey: 'nps', score: 1, text: xssComment, customer: false, hoursAgo: 2 },
  {
    kind: 'response',
    survey: 'csat',
    score: 2,
    text: 'Support took days to answer',
    customer: false,
    hoursAgo: 3,
  },
  {
    kind: 'response',
    survey: 'nps',
    score: 3,
    text: 'The checkout is broken and slow',
    customer: true,
    hoursAgo: 4,
  },
  { kind: 'response', survey: 'nps', score: 5, text: 'Refunds take forever', customer: false, hoursAgo: 5 },
  {
    kind: 'response',
    survey: 'nps',
    score: 8,
    text: 'Fine, but the export is slow',
    customer: false,
    hoursAgo: 6,
  },
  { kind: 'response', survey: 'nps', score: 9, text: null, customer: false, hoursAgo: 7 },
  {
    kind: 'response',
    survey: 'nps',
    score: 10,
    text: 'Support was wonderful and fast',
    customer: true,
    hoursAgo: 8,
  },
] as const;
const detractorTexts = [xssComment, 'The checkout is broken and slow', 'Refunds take forever'];
/** Older imported passives, so the inbox has more than one page (50 items) to load. */
const older = Array.from({ length: 50 }, (_, i) => `Older comment ${i + 1}`);
const pageSize = 50;

/** The text of a downloaded file. */
async function readDownload(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const ids = new Map<string, string>();
let adaId = '';

async function seed(h: Harness, ws: TestWorkspace) {
  const surveys = {
    nps: await h.createSurvey(ws, { kind: 'nps', name: 'Relationship NPS' }),
    csat: await h.createSurvey(ws, { kind: 'csat', name: 'Support CSAT' }),
  };
  for (const item of seeded) {
    const common = { customer: item.customer ? ada : undefined, submitted_at: hoursAgo(item.hoursAgo) };
    const answer =
      item.kind === 'feedback'
        ? await h.api<{ id: string; customer_id: string }>('POST', '/v1/feedback', {
            key: ws.secretKey,
            body: { text: item.text, channel: 'chat', ...common },
          })
        : await h.api<{ id: string; customer_id: string }>('POST', '/v1/responses', {
            key: ws.secretKey,
            body: {
              survey_id: surveys[item.survey],
              score: item.score,
              ...(item.text ? { comment: item.text } : {}),
              channel: 'web',
              ...common,
            },
          });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    ids.set(item.text ?? `score ${item.kind === 'response' ? item.score : ''}`, answer.body.id);
    if (item.customer) adaId = answer.body.customer_id;
  }
  const batch = await h.api('POST', '/v1/responses/batch', {
    key: ws.secretKey,
    body: {
      responses: older.map((comment, i) => ({
        survey_id: surveys.nps,
        score: 7,
        comment,
        channel: 'import',
        submitted_at: hoursAgo(48 + i),
      })),
    },
  });
  expect(batch.status, JSON.stringify(batch.body)).toBe(201);
  const tag = await h.api('POST', '/v1/tags', { key: ws.secretKey, body: { name: 'Billing' } });
  expect(tag.status).toBe(201);
  await h.analyze();
}

describe('the Feedback inbox in the dashboard', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await openDashboard(seed);
  });
  afterAll(async () => {
    await d?.close();
  });

  /** Signs in on a page that first asked for `path`, landing there. */
  async function openAt(page: Page, path: string, person: Person = d.owner) {
    await page.goto(`${d.base}${path}`);
    await d.signIn(page, person);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  /** Goes to `path` in a page already signed in. */
  async function goTo(page: Page, path: string) {
    await page.goto(`${d.base}${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  const list = (page: Page) => page.getByRole('list', { name: 'Responses and feedback, newest first' });
  const texts = (page: Page) => list(page).locator('.inbox-text').allTextContents();
  /** The first screen only: the inbox holds more than a page, and its first screen is what a reviewer needs. */
  const shootFirstScreen = (page: Page, name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  const xssRan = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

  it('lists everything newest first, filters to detractors with the filter kept across a reload, and searches', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/feedback');
    await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
    const everything = [...seeded.map((item) => item.text ?? 'No comment'), ...older];
    await expect.poll(() => texts(page)).toEqual(everything.slice(0, pageSize));
    expect(await page.locator('.inbox-count').textContent()).toBe(
      `Showing ${pageSize} items — there are more`,
    );

    await page.getByLabel('NPS group').selectOption('detractor');
    await page.waitForURL((url) => url.searchParams.get('group') === 'detractor');
    await expect.poll(() => texts(page)).toEqual(detractorTexts);
    // The CSAT 2 is not an NPS detractor; every item listed says "Detractor" in words.
    expect(await list(page).locator('.inbox-score-group').allTextContents()).toEqual([
      'Detractor',
      'Detractor',
      'Detractor',
    ]);
    // Customer-written markup is shown as the characters typed, and none of it ran.
    expect(await list(page).locator('script, img, a[href^="javascript"]').count()).toBe(0);
    expect(await xssRan(page)).toBeUndefined();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
    expect(await page.getByLabel('NPS group').inputValue()).toBe('detractor');
    await expect.poll(() => texts(page)).toEqual(detractorTexts);

    const search = page.getByRole('searchbox', { name: 'Search the words of comments and feedback' });
    await search.fill('CHECK');
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'CHECK');
    expect(new URL(page.url()).searchParams.get('group')).toBe('detractor');
    await expect.poll(() => texts(page)).toEqual(['The checkout is broken and slow']);

    // Filters nothing matches: say so, and offer to clear them.
    await search.fill('zebra');
    await search.press('Enter');
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    await page.locator('.empty-state').getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => texts(page)).toHaveLength(pageSize);
    expect(new URL(page.url()).search).toBe('');

    // The word search spans responses and feedback, by the start of a word.
    await search.fill('slow');
    await search.press('Enter');
    await expect
      .poll(() => texts(page))
      .toEqual(['The checkout is broken and slow', 'Fine, but the export is slow']);
    await page.getByLabel('Kind').selectOption('feedback');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'feedback');
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('loads more by keyboard, moving focus to the first new item, and downloads what is shown', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/feedback');
    await expect.poll(() => texts(page)).toHaveLength(pageSize);
    await page.getByRole('button', { name: 'Load more' }).focus();
    await page.keyboard.press('Enter');
    const total = seeded.length + older.length;
    await expect.poll(() => texts(page)).toHaveLength(total);
    expect((await texts(page)).slice(-3)).toEqual(older.slice(-3));
    expect(await page.locator('.inbox-count').textContent()).toBe(`Showing ${total} items`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const focused = list(page).locator('.inbox-item-title a').nth(pageSize);
    await expect.poll(() => focused.evaluate((link) => link === document.activeElement)).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect((await readDownload(download)).trimEnd().split('\r\n')).toHaveLength(1 + total);
    expect(errors).toEqual([]);
  });

  it('downloads the items shown as CSV', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/feedback?group=detractor');
    await expect.poll(() => texts(page)).toEqual(detractorTexts);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readDownload(download);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'submitted_at,kind,survey,score,nps_group,text,channel,source,segment,customer_name,customer_email,customer_external_id,sentiment,themes,tags,id',
    );
    expect(lines).toHaveLength(1 + detractorTexts.length);
    expect(lines[2]).toContain(
      ',response,Relationship NPS,3,detractor,The checkout is broken and slow,web,,enterprise,',
    );
    expect(errors).toEqual([]);
  });

  it('opens an item by keyboard with its customer and their other feedback; the owner tags it', async () => {
    const { page, errors } = await d.open();
    await openAt(page, '/feedback?group=detractor');
    await expect.poll(() => texts(page)).toEqual(detractorTexts);
    const row = list(page).getByRole('listitem').filter({ hasText: 'The checkout is broken and slow' });
    await row.getByRole('link', { name: 'Relationship NPS' }).focus();
    await page.keyboard.press('Enter');
    const id = ids.get('The checkout is broken and slow') as string;
    await page.waitForURL((url) => url.pathname === `/feedback/response/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Relationship NPS' }).waitFor();
    expect(await page.locator('.inbox-quote').textContent()).toBe('The checkout is broken and slow');

    const customer = page.getByRole('region', { name: 'Customer', exact: true });
    const customerLink = customer.getByRole('link', { name: 'Ada Lovelace' });
    expect(await customerLink.getAttribute('href')).toBe(`/customers/${adaId}`);
    expect(await customer.textContent()).toContain('ada@analytical.example');
    expect(await customer.textContent()).toContain('enterprise');
    const history = page.getByRole('region', { name: 'More from this customer' });
    await expect
      .poll(() => history.locator('.inbox-text').allTextContents())
      .toEqual(['Dark mode please', 'Support was wonderful and fast']);

    const tags = page.getByRole('region', { name: 'Tags' });
    await tags.getByLabel('Add a tag').selectOption({ label: 'Billing' });
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => tags.locator('.inbox-tag-list li').allTextContents()).toEqual(['#Billing×']);
    await tags.getByLabel('New tag').fill('Checkout bug');
    await tags.getByRole('button', { name: 'Create and add' }).click();
    await expect
      .poll(() => tags.locator('.inbox-tag-list li').allTextContents())
      .toEqual(['#Billing×', '#Checkout bug×']);
    await tags.getByRole('button', { name: 'Remove tag Billing' }).click();
    await expect.poll(() => tags.locator('.inbox-tag-list li').allTextContents()).toEqual(['#Checkout bug×']);
    // Stored, not only shown.
    const stored = await d.h.api<{ tags: Array<{ label: string }> }>('GET', `/v1/inbox/${id}`, {
      key: d.ws.secretKey,
    });
    expect(stored.body.tags.map((tag) => tag.label)).toEqual(['Checkout bug']);
    await d.shoot(page, 'feedback-item-1280');

    // Back to the inbox, with its filter; the new tag shows there too.
    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
    expect(new URL(page.url()).search).toBe('?group=detractor');
    const listed = list(page).getByRole('listitem').filter({ hasText: 'The checkout is broken and slow' });
    await expect
      .poll(() => listed.locator('.inbox-chip-tag').allTextContents())
      .toEqual(['Tag: #Checkout bug']);
    expect(errors).toEqual([]);
  });

  it('shows customer-written markup as text on the item page, and nothing of it runs', async () => {
    const { page, errors } = await d.open();
    await openAt(page, `/feedback/response/${ids.get(xssComment)}`);
    await page.locator('.inbox-quote').waitFor();
    expect(await page.locator('.inbox-quote').textContent()).toBe(xssComment);
    expect(await page.locator('main').locator('script, img, a[href^="javascript"]').count()).toBe(0);
    expect(await xssRan(page)).toBeUndefined();
    expect(await page.getByRole('region', { name: 'Customer', exact: true }).textContent()).toContain(
      'Anonymous',
    );
    expect(errors).toEqual([]);
  });

  it('shows a viewer no tagging controls, and the API refuses the viewer anyway', async () => {
    const viewer = await d.memberWith('viewer');
    const { page, errors } = await d.open();
    const id = ids.get('The checkout is broken and slow') as string;
    await openAt(page, `/feedback/response/${id}`, viewer);
    const tags = page.getByRole('region', { name: 'Tags' });
    await expect.poll(() => tags.locator('.inbox-tag-list li').allTextContents()).toEqual(['#Checkout bug']);
    expect(await tags.getByRole('button').count()).toBe(0);
    expect(await tags.locator('select, input').count()).toBe(0);
    const tagList = await d.h.api<{ data: Array<{ id: string; name: string }> }>('GET', '/v1/tags', {
      key: d.ws.secretKey,
    });
    const billing = tagList.body.data.find((tag) => tag.name === 'Billing')?.id;
    const refused = await page.evaluate(
      async ([itemId, tagId]) => {
        const answer = await fetch(`/v1/responses/${itemId}/tags`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': localStorage.getItem('heed.csrf') ?? '',
          },
          body: JSON.stringify({ tag_id: tagId }),
        });
        return answer.status;
      },
      [id, billing],
    );
    expect(refused).toBe(403);
    // The refused request is the one error the page saw.
    expect(errors.filter((error) => !error.includes('403'))).toEqual([]);
  });

  it('tells a new workspace what to do next', async () => {
    const empty = await d.h.createWorkspace('Empty');
    const created = await d.h.services.members.createOwner(empty.id, {
      email: 'new@empty.example',
      name: 'New',
    });
    const person: Person = { email: 'new@empty.example', password: created.password, role: 'owner' };
    const { page, errors } = await d.open();
    await openAt(page, '/feedback', person);
    await page.getByRole('heading', { name: 'No feedback yet' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain(
      'Share your survey link or add the widget — see Surveys',
    );
    expect(await page.getByRole('main').getByRole('link', { name: 'Surveys' }).getAttribute('href')).toBe(
      '/surveys',
    );
    expect(errors).toEqual([]);
  });

  it('fits a 390-pixel phone', async () => {
    const { page, errors } = await d.open({ viewport: { width: 390, height: 844 } });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await openAt(page, '/feedback');
    await expect.poll(() => texts(page)).toHaveLength(pageSize);
    expect(await fits()).toBe(true);
    await shootFirstScreen(page, 'feedback-inbox-390');
    // The filters fold behind a button on a phone, and open with it.
    const toggle = page.getByRole('button', { name: /^Filters/ });
    expect(await page.getByLabel('NPS group').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('NPS group').selectOption('promoter');
    await expect
      .poll(() => list(page).locator('.inbox-score-group').allTextContents())
      .toEqual(['Promoter', 'Promoter']);
    expect(await toggle.textContent()).toBe('Filters (1 on)');
    expect(await fits()).toBe(true);
    await goTo(page, `/feedback/response/${ids.get('The checkout is broken and slow')}`);
    await page
      .getByRole('region', { name: 'More from this customer' })
      .locator('.inbox-text')
      .first()
      .waitFor();
    expect(await fits()).toBe(true);
    await d.shoot(page, 'feedback-item-390');
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations on the inbox, its empty state and an item', async () => {
    const { page } = await d.open({ axe: true });
    const found: Record<string, unknown> = {};
    const check = async (name: string) => {
      const violations = await d.axe(page);
      if (violations.length > 0) found[name] = violations;
    };
    await openAt(page, '/feedback');
    await expect.poll(() => texts(page)).toHaveLength(pageSize);
    await shootFirstScreen(page, 'feedback-inbox-1280');
    await check('inbox');
    await page.getByLabel('Channel').selectOption('sms');
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    await check('no match');
    await goTo(page, `/feedback/response/${ids.get('The checkout is broken and slow')}`);
    await page
      .getByRole('region', { name: 'More from this customer' })
      .locator('.inbox-text')
      .first()
      .waitFor();
    await check('item');
    expect(found).toEqual({});
  });
});
