/// <reference lib="dom" />
// The dashboard (web/, served at /) in a real browser (Debian's Chromium): sign in through the form, see the
// Overview's NPS, CSAT and CES cards with the figures the API computes, sign out; accessible at two widths.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npsCountsFromScores, npsFromCounts } from '../../src/domains/metrics/formulas.ts';
import { backends } from '../support/backends.ts';
import { launchChromium, screenshotDir, seriousAxeViolations } from '../support/browser.ts';
import { type Harness, openHarness, type TestWorkspace } from '../support/harness.ts';

const npsScores = [10, 10, 9, 9, 8, 7, 6, 3, 10, 5];
const csatScores = [5, 4, 4, 2, 5];

describe('the dashboard in Chromium', () => {
  let h: Harness;
  let ws: TestWorkspace;
  let browser: Browser;
  let base: string;
  let email: string;
  let password: string;

  beforeAll(async () => {
    h = await openHarness(backends[0], { webDir: process.env.HEED_TEST_WEB_DIR });
    ws = await h.createWorkspace('Acme');
    const nps = await h.createSurvey(ws, { kind: 'nps', name: 'NPS' });
    const csat = await h.createSurvey(ws, { kind: 'csat', name: 'CSAT' });
    const send = async (surveyId: string, score: number) => {
      const answer = await h.api('POST', '/v1/responses', {
        key: ws.secretKey,
        body: { survey_id: surveyId, score },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    };
    for (const score of npsScores) await send(nps, score);
    for (const score of csatScores) await send(csat, score);
    email = 'owner@acme.example';
    password = (await h.services.members.createOwner(ws.id, { email, name: 'Ada Owner' })).password;
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** Script errors and CSP refusals; the one deliberately wrong password's 401 is not one of them. */
  const collectErrors = (page: Page) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const wrongPassword =
        message.text().includes('status of 401') && message.location().url.endsWith('/v1/session');
      if (!wrongPassword) errors.push(message.text());
    });
    return errors;
  };

  const signIn = async (page: Page) => {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  };

  it('serves the app page at / and at app paths with a strict CSP, and leaves other paths alone', async () => {
    for (const url of ['/', '/overview', '/overview/anything']) {
      const answer = await fetch(`${base}${url}`);
      expect(answer.status, url).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await answer.text()).toContain('<div id="root"></div>');
    }
    for (const url of ['/v1/nothing', '/s/not-a-token-at-all', '/static/missing.js', '/nothing.png']) {
      const answer = await fetch(`${base}${url}`);
      expect(answer.status, url).toBe(404);
      expect(await answer.text(), url).not.toContain('<div id="root">');
    }
    // The app's files are sent compressed to clients that accept it, and as they are to others.
    const html = await (await fetch(`${base}/`)).text();
    const script = html.match(/src="(\/static\/[^"]+\.js)"/)?.[1] ?? '';
    expect(script).not.toBe('');
    const plain = await h.app.inject({ url: script });
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
      ['gzip;q=1, br;q=0', 'gzip', zlib.gunzipSync],
    ] as const) {
      const answer = await h.app.inject({ url: script, headers: { 'accept-encoding': accept } });
      expect(answer.headers['content-encoding'], accept).toBe(encoding);
      expect(answer.headers.vary).toBe('accept-encoding');
      expect(answer.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(decode(answer.rawPayload).equals(plain.rawPayload), accept).toBe(true);
    }
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${base}/widget.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/assets/hosted.css`)).headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`signs in, shows the Overview with the right NPS, and signs out (${viewport.width}px)`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Sign in to Heed' }).waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, `dashboard-sign-in-${viewport.width}.png`),
        fullPage: true,
      });

      // Empty, then a wrong password: each problem shown, the member stays on the form.
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await page.textContent('#email-error')).toBe('Enter your e-mail address.');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('.form-error').waitFor();
      expect(await page.textContent('#sign-in-error')).toContain('do not match');
      if (viewport.width === 390)
        await page.screenshot({ path: path.join(screenshotDir, 'dashboard-sign-in-error-390.png') });

      await signIn(page);
      expect(new URL(page.url()).pathname).toBe('/overview');
      const expected = npsFromCounts(npsCountsFromScores(npsScores));
      const nps = page.locator('#metric-nps');
      await nps.getByTestId('score').waitFor();
      const shown = Math.round(expected.nps ?? Number.NaN);
      expect(await nps.getByTestId('score').textContent()).toBe(`${shown > 0 ? '+' : ''}${shown}`);
      expect(await nps.getByTestId('margin').textContent()).toBe(
        `± ${(Math.round((expected.marginOfError ?? 0) * 10) / 10).toString()}`,
      );
      expect(await nps.getByTestId('n').textContent()).toBe(`n = ${npsScores.length}`);
      const csat = page.locator('#metric-csat');
      await csat.getByTestId('score').waitFor();
      const satisfied = csatScores.filter((score) => score >= 4).length;
      expect(await csat.getByTestId('score').textContent()).toBe(
        `${Math.round((100 * satisfied) / csatScores.length)}%`,
      );
      expect(await csat.getByTestId('n').textContent()).toBe(`n = ${csatScores.length}`);
      // No CES survey: the card says so instead of a figure.
      await page.locator('#metric-ces').getByText('No responses in this period yet.').waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, `dashboard-overview-${viewport.width}.png`),
        fullPage: true,
      });

      // A reload keeps the session.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in to Heed' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      // The session is gone on the server too: this browser's cookie no longer answers /v1/me.
      expect((await context.request.get(`${base}/v1/me`)).status()).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('has no serious or critical accessibility violations (axe-core, WCAG 2.1 AA) on either page', async () => {
    // CSP bypassed for the test only: axe is injected as a script the page's policy would refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const found: Record<string, unknown> = {};
    const check = async (name: string) => {
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[name] = violations;
    };
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Heed' }).waitFor();
    await check('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#email-error').waitFor();
    await check('sign-in with problems');
    await signIn(page);
    await page.locator('#metric-nps').getByTestId('score').waitFor();
    await page.locator('#metric-ces').getByText('No responses in this period yet.').waitFor();
    await check('overview');
    expect(found).toEqual({});
    await context.close();
  });
});
