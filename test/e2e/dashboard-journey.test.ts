/// <reference lib="dom" />
// A team's first hour with Heed, in Chromium against the real `heed start` on a temporary embedded database:
// the owner sets up their account from the link the first start prints, reads the Overview, narrows the
// inbox to detractors, opens the customer behind one, creates a survey, creates and revokes an API key; a
// viewer is shown no admin controls, and the API refuses the admin action they force.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npsCountsFromScores, npsFromCounts } from '../../src/domains/metrics/formulas.ts';
import { launchChromium, screenshotDir } from '../support/browser.ts';
import { type HeedProcess, killAllHeedProcesses, startHeed } from '../support/heed-process.ts';

const answers = [
  { score: 10, comment: 'Setup took five minutes, lovely', customer: 'Grace Hopper' },
  { score: 9, comment: 'Reports are clear', customer: 'Alan Turing' },
  { score: 8, comment: 'Fine overall', customer: 'Ada Lovelace' },
  { score: 3, comment: 'Invoices arrive late every month', customer: 'Edsger Dijkstra' },
  { score: 6, comment: 'The export keeps timing out', customer: 'Barbara Liskov' },
];

describe('a first hour with Heed, in Chromium against heed start', () => {
  let root: string;
  let heed: HeedProcess;
  let base: string;
  let adminKey: string;
  let browser: Browser;

  const api = async (method: string, url: string, body?: unknown) => {
    const answer = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await answer.json();
    expect(answer.ok, `${method} ${url}: ${JSON.stringify(json)}`).toBe(true);
    return json;
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-journey-'));
    heed = await startHeed({ dataDir: path.join(root, 'data'), tmpDir: root });
    if (!heed.firstStart || !heed.setupLink) throw new Error(`no first start:\n${heed.stdout()}`);
    adminKey = heed.firstStart.adminKey;
    // The link names the address Heed printed (localhost); the whole visit stays on that origin.
    base = new URL(heed.setupLink).origin;
    for (const [index, answer] of answers.entries())
      await api('POST', '/v1/responses', {
        survey_id: heed.firstStart.surveyId,
        score: answer.score,
        comment: answer.comment,
        customer: {
          external_id: `cus_${index}`,
          email: `${answer.customer.split(' ')[0].toLowerCase()}@example.com`,
          name: answer.customer,
        },
      });
    browser = await launchChromium();
    fs.mkdirSync(screenshotDir, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await killAllHeedProcesses();
    fs.rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it('takes the owner from the printed setup link to a revoked API key, without a script error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    // The setup link: name, e-mail and password make the owner, who lands signed in on the Overview.
    await page.goto(heed.setupLink as string);
    await page.getByRole('heading', { level: 1, name: 'Set up Heed' }).waitFor();
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('E-mail address').fill('olivia@acme.example');
    await page.getByLabel('Choose a password').fill('a long owner password');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    // The Overview's NPS is the one the formulas give for the five scores.
    const expected = npsFromCounts(npsCountsFromScores(answers.map((answer) => answer.score)));
    const shown = Math.round(expected.nps ?? Number.NaN);
    const nps = page.locator('#metric-nps');
    await expect.poll(() => nps.getByTestId('score').textContent()).toBe(`${shown > 0 ? '+' : ''}${shown}`);
    await page.screenshot({ path: path.join(screenshotDir, 'journey-overview-1280.png'), fullPage: true });

    // The inbox, narrowed to detractors: the two low scores only, and the URL says so.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Feedback' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
    await page.getByLabel('NPS group').selectOption('detractor');
    await page.waitForURL((url) => url.searchParams.get('group') === 'detractor');
    const list = page.getByRole('list', { name: 'Responses and feedback, newest first' });
    // Each item is one of the list's own items (an item's theme chips are a list of their own).
    await expect.poll(() => list.locator(':scope > li').count()).toBe(2);
    for (const comment of ['Invoices arrive late every month', 'The export keeps timing out'])
      await list.getByText(comment).waitFor();
    expect(await list.getByText('Reports are clear').count()).toBe(0);

    // One detractor's item, then the customer behind it.
    const item = list.locator(':scope > li').filter({ hasText: 'Invoices arrive late every month' });
    await item.getByRole('link').first().click();
    await page.getByRole('link', { name: /Edsger Dijkstra/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Edsger Dijkstra' }).waitFor();
    await page.getByText('Invoices arrive late every month').first().waitFor();

    // A new CSAT survey through the form: it is then listed with the first start's NPS survey.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.getByRole('link', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await page.getByLabel(/CSAT/).first().check();
    await page.getByLabel('Name', { exact: true }).fill('Support CSAT');
    // The standard wordings name the product ("How satisfied are you with …?").
    const product = page.getByLabel('Product or company name');
    if ((await product.count()) > 0) await product.fill('Acme');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'Distribute Support CSAT' }).waitFor();
    const surveys = (await api('GET', '/v1/surveys')) as { data: Array<{ name: string; kind: string }> };
    expect(surveys.data.find((survey) => survey.name === 'Support CSAT')?.kind).toBe('csat');

    // An API key: its secret shown once and working, then revoked and refused.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 2, name: 'Create a key' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Warehouse sync');
    await page.getByLabel('Secret', { exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Your new key').inputValue();
    expect(secret).toMatch(/^heed_sk_/);
    const asKey = () => fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asKey()).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke Warehouse sync' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke this key?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke Warehouse sync' }).count()).toBe(0);
    // Key look-ups are cached for a few seconds (HEED_KEY_CACHE_SECONDS): the refusal follows within them.
    await expect.poll(async () => (await asKey()).status, { timeout: 15_000, interval: 500 }).toBe(401);
    await page.screenshot({ path: path.join(screenshotDir, 'journey-keys-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows a viewer no admin controls, and the API refuses the admin action they force', async () => {
    const invited = (await api('POST', '/v1/members/invitations', {
      email: 'vic@acme.example',
      role: 'viewer',
    })) as { token: string };
    const accepted = await fetch(`${base}/v1/invitations/${invited.token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Vic Viewer', password: 'a long viewer password' }),
    });
    expect(accepted.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/settings/keys`);
    await page.getByLabel('E-mail address').fill('vic@acme.example');
    await page.getByLabel('Password').fill('a long viewer password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in lands where the viewer was going: the keys, which they may see but not change.
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.waitForURL((url) => url.pathname === '/settings/keys');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke / }).count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'journey-viewer-keys-390.png'), fullPage: true });

    // Forced through the API with the viewer's own session and CSRF token: refused, and no key made.
    const forced = await page.evaluate(async () => {
      const answer = await fetch('/v1/keys', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': localStorage.getItem('heed.csrf') ?? '',
        },
        body: JSON.stringify({ name: 'Sneaky', kind: 'secret' }),
      });
      return { status: answer.status, body: await answer.json() };
    });
    expect(forced.status).toBe(403);
    expect(forced.body.detail).toContain('viewer');
    const keys = (await api('GET', '/v1/keys')) as { data: Array<{ name: string }> };
    expect(keys.data.map((key) => key.name)).not.toContain('Sneaky');
    await context.close();
  }, 120_000);
});
