/// <reference lib="dom" />
// The embeddable widget in a real browser (Debian's Chromium), on a customer's site served from another
// origin with CSS written to break it: it appears after its delay, survives the CSS, records one response
// per answer even when the network fails, respects the fatigue cap, and leaves the site's own styles alone.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../widget/build.ts';
import { backends } from '../support/backends.ts';
import { launchChromium, screenshotDir } from '../support/browser.ts';
import { type Harness, openHarness, type TestWorkspace } from '../support/harness.ts';

// Everything a careless or hostile stylesheet can do to an embedded widget, all !important.
const hostileCss = `
* { all: unset !important; font-size: 40px !important; display: block !important; color: red !important;
    transform: rotate(3deg) !important; font-family: "Comic Sans MS", cursive !important }
button, textarea { display: none !important }
div { position: fixed !important; opacity: .1 !important; top: 0 !important; left: 0 !important }
heed-widget { display: none !important; opacity: 0 !important; position: static !important }
p, span, label { visibility: hidden !important; letter-spacing: 10px !important }
.own { color: rgb(0, 128, 0) !important; background: rgb(255, 255, 0) !important; padding: 7px !important }
`;

interface SitePage {
  survey?: string;
  customer?: Record<string, unknown>;
  delay?: number;
  mode?: 'feedback';
}

describe('the web widget on another site, in Chromium', () => {
  let h: Harness;
  let ws: TestWorkspace;
  let browser: Browser;
  let heedBase: string;
  let site: http.Server;
  let siteBase: string;
  let surveyId: string;
  let secondSurveyId: string;
  const pages = new Map<string, SitePage>();

  beforeAll(async () => {
    await buildWidget();
    h = await openHarness(backends[0]);
    ws = await h.createWorkspace('Acme');
    surveyId = await h.createSurvey(ws, { kind: 'nps', name: 'Relationship NPS', product_name: 'Acme' });
    secondSurveyId = await h.createSurvey(ws, { kind: 'csat', name: 'Support CSAT' });
    heedBase = await h.app.listen({ port: 0, host: '127.0.0.1' });
    // The customer's site: another port, so another origin than Heed.
    site = http.createServer((request, response) => {
      const spec = pages.get(new URL(request.url ?? '/', 'http://site').pathname);
      if (!spec) return void response.writeHead(404).end();
      const identify = spec.customer ? `heed.push(['identify', ${JSON.stringify(spec.customer)}]);` : '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<link rel="icon" href="data:,"><title>Acme shop</title><style>${hostileCss}</style>
<script>window.heed = window.heed || []; ${identify}</script>
<script src="${heedBase}/widget.js" data-key="${ws.publishableKey}" data-survey="${spec.survey ?? surveyId}"
  data-delay="${spec.delay ?? 2}" ${spec.mode ? `data-mode="${spec.mode}"` : ''} async></script>
</head><body><h1 class="own" id="title">Welcome to Acme</h1><p class="own">Our products.</p></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await h?.close();
  });

  const visit = async (context: BrowserContext, name: string, spec: SitePage) => {
    pages.set(`/${name}`, spec);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${siteBase}/${name}`);
    return { page, errors };
  };
  const widgetCount = (page: Page) => page.locator('heed-widget').count();
  const responsesOf = (externalId: string) =>
    h.db.query<{ score: number; comment: string | null; channel: string; email: string; name: string }>(
      `SELECT r.score, r.comment, r.channel, c.email, c.name FROM responses r JOIN customers c
         ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
       WHERE r.workspace_id = $1 AND c.external_id = $2`,
      [ws.id, externalId],
    );
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return read();
  };
  const ownStyles = (page: Page) =>
    page.evaluate(() => {
      const style = getComputedStyle(document.getElementById('title') as HTMLElement);
      return {
        color: style.color,
        background: style.backgroundColor,
        padding: style.padding,
        fontSize: style.fontSize,
        sheets: document.styleSheets.length,
        adopted: document.adoptedStyleSheets.length,
      };
    });

  it('serves the bundle to any origin with a content type, long caching and an ETag', async () => {
    const answer = await fetch(`${heedBase}/widget.js`, { headers: { origin: siteBase } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');
    expect(answer.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const etag = answer.headers.get('etag') as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await fetch(`${heedBase}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('appears after its delay, survives hostile CSS, is answered from the keyboard, and records the answer', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customer = { external_id: 'cus_1', email: 'ada@example.com', name: 'Ada Lovelace' };
    const before = Date.now();
    const { page, errors } = await visit(context, 'shop', { customer });
    const untouched = await ownStyles(page);
    expect(untouched).toEqual({
      color: 'rgb(0, 128, 0)',
      background: 'rgb(255, 255, 0)',
      padding: '7px',
      fontSize: '40px',
      sheets: 1,
      adopted: 0,
    });
    await page.waitForTimeout(1000);
    expect(await widgetCount(page)).toBe(0);
    await page.getByRole('dialog').waitFor({ state: 'visible', timeout: 10_000 });
    expect(Date.now() - before).toBeGreaterThanOrEqual(2000);

    const looks = await page.evaluate(() => {
      const host = document.querySelector('heed-widget') as HTMLElement;
      const root = host.shadowRoot as ShadowRoot;
      const pick = (element: Element, names: string[]) => {
        const style = getComputedStyle(element);
        return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
      };
      const card = root.querySelector('.card') as Element;
      const nine = root.querySelector('.scale button:nth-child(10)') as Element;
      const question = root.querySelector('.q') as Element;
      const box = card.getBoundingClientRect();
      return {
        host: pick(host, ['display', 'position', 'opacity', 'transform', 'font-size']),
        card: pick(card, ['position', 'opacity', 'background-color', 'transform']),
        nine: pick(nine, ['display', 'font-size', 'font-weight', 'letter-spacing']),
        question: pick(question, ['visibility', 'color', 'font-size']),
        buttons: root.querySelectorAll('.scale button').length,
        inView: box.left >= 0 && box.right <= innerWidth && box.bottom <= innerHeight && box.width >= 300,
        // The page rotates every element; a rotated card's bounding box would be larger than the card.
        upright:
          Math.abs(box.width - (card as HTMLElement).offsetWidth) < 0.5 &&
          Math.abs(box.height - (card as HTMLElement).offsetHeight) < 0.5,
        text: question.textContent,
      };
    });
    expect(looks).toEqual({
      host: { display: 'block', position: 'fixed', opacity: '1', transform: 'none', 'font-size': '15px' },
      card: {
        position: 'relative',
        opacity: '1',
        'background-color': 'rgb(255, 255, 255)',
        transform: 'none',
      },
      nine: { display: 'block', 'font-size': '15px', 'font-weight': '600', 'letter-spacing': 'normal' },
      question: { visibility: 'visible', color: 'rgb(31, 41, 55)', 'font-size': '16px' },
      buttons: 11,
      inView: true,
      upright: true,
      text: 'How likely are you to recommend Acme to a friend or colleague?',
    });
    const dialog = page.getByRole('dialog', {
      name: 'How likely are you to recommend Acme to a friend or colleague?',
    });
    expect(await dialog.count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotDir, 'widget-hostile-css.png') });

    // Keyboard only: Tab reaches the close button first, then the scores; a focused control is outlined.
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('heed-widget')?.shadowRoot?.activeElement;
        return active
          ? {
              label: active.getAttribute('aria-label') ?? active.id,
              outline: getComputedStyle(active).outlineStyle,
            }
          : null;
      });
    expect(await focused()).toEqual({ label: 'Close', outline: 'solid' });
    for (let i = 0; i < 10; i++) await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ label: '9', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: '9', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect((await focused())?.label).toBe('heed-c');
    await page.keyboard.type('Checkout was quick');
    await page.screenshot({ path: path.join(screenshotDir, 'widget-comment.png') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you!').waitFor();

    expect(
      await until(
        () => responsesOf('cus_1'),
        (rows) => rows.length > 0,
      ),
    ).toEqual([
      {
        score: 9,
        comment: 'Checkout was quick',
        channel: 'web',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
      },
    ]);
    const [shown] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM survey_contacts WHERE workspace_id = $1 AND channel = 'web' AND kind = 'shown'`,
      [ws.id],
    );
    expect(shown.n).toBe(1);
    expect(await ownStyles(page)).toEqual(untouched);
    expect(errors).toEqual([]);

    // Another page in the same browser: the widget remembers it asked, and asks Heed nothing.
    const second = await visit(context, 'shop-again', { customer });
    let asked = false;
    second.page.on('request', (request) => {
      if (request.url().endsWith('/v1/eligibility')) asked = true;
    });
    await second.page.waitForTimeout(3500);
    expect(await widgetCount(second.page)).toBe(0);
    expect(asked).toBe(false);
    expect(second.errors).toEqual([]);
    await context.close();
  });

  it('shows nothing to the same customer on another device within the fatigue cap: Heed says no', async () => {
    // The first visit's answer leaves the browser asynchronously (outbox first): the cap counts from when Heed has it.
    await until(
      () => responsesOf('cus_1'),
      (rows) => rows.length > 0,
    );
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    pages.set('/other-device', { customer: { external_id: 'cus_1' } });
    const page = await context.newPage();
    const eligibility = page.waitForResponse((response) => response.url().endsWith('/v1/eligibility'));
    await page.goto(`${siteBase}/other-device`);
    expect(await (await eligibility).json()).toMatchObject({
      eligible: false,
      reason: 'fatigue',
      last_channel: 'web',
    });
    await page.waitForTimeout(1500);
    expect(await widgetCount(page)).toBe(0);
    await context.close();
  });

  it('delivers an answer whose request failed exactly once, on the next page load', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await visit(context, 'offline', { customer: { external_id: 'cus_2' }, delay: 0 });
    // The worst failure: Heed stores the answer but the browser never hears back.
    await page.route('**/v1/responses', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '3', exact: true }).click();
    await page.getByRole('textbox').fill('Too slow');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!').waitFor();
    const outbox = () => page.evaluate(() => JSON.parse(localStorage.getItem('heed:outbox') ?? '[]').length);
    // The answer waits in the outbox from before it is sent; Heed has it once the aborted request is through.
    await until(outbox, (n) => n === 1);
    expect(await outbox()).toBe(1);
    expect(
      await until(
        () => responsesOf('cus_2'),
        (rows) => rows.length > 0,
      ),
    ).toHaveLength(1);
    await page.screenshot({ path: path.join(screenshotDir, 'widget-mobile-thanks.png') });

    await page.unroute('**/v1/responses');
    const replayed = page.waitForResponse((response) => response.url().endsWith('/v1/responses'));
    await page.reload();
    expect((await replayed).headers()['idempotent-replayed']).toBe('true');
    await until(outbox, (n) => n === 0);
    expect(await outbox()).toBe(0);
    expect(await responsesOf('cus_2')).toEqual([
      { score: 3, comment: 'Too slow', channel: 'web', email: null, name: null },
    ]);
    await context.close();
  });

  it('sends an answer given offline when the browser comes back online', async () => {
    const context = await browser.newContext();
    const { page, errors } = await visit(context, 'flaky', {
      survey: secondSurveyId,
      customer: { external_id: 'cus_3', email: 'grace@example.com' },
      delay: 0,
    });
    await page.getByRole('dialog').waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: '5', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you!').waitFor();
    await page.waitForTimeout(500);
    expect(await responsesOf('cus_3')).toEqual([]);
    await context.setOffline(false);
    expect(
      await until(
        () => responsesOf('cus_3'),
        (rows) => rows.length > 0,
      ),
    ).toEqual([{ score: 5, comment: null, channel: 'web', email: 'grace@example.com', name: null }]);
    // The only errors are the browser's own reports of the refused request.
    expect(errors.filter((error) => !error.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  it('in feedback mode opens a form from a tab and records the text as web feedback', async () => {
    const context = await browser.newContext();
    const { page, errors } = await visit(context, 'feedback', {
      mode: 'feedback',
      customer: { email: 'linus@example.com' },
    });
    const tab = page.getByRole('button', { name: 'Feedback' });
    await tab.click();
    await page.getByRole('textbox', { name: 'Tell us what you think' }).fill('Dark mode, please');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Your feedback was sent.').waitFor();
    const rows = await until(
      () =>
        h.db.query<{ text: string; channel: string; email: string }>(
          `SELECT f.text, f.channel, c.email FROM feedback f JOIN customers c
             ON c.workspace_id = f.workspace_id AND c.id = f.customer_id WHERE f.workspace_id = $1`,
          [ws.id],
        ),
      (found) => found.length > 0,
    );
    expect(rows).toEqual([{ text: 'Dark mode, please', channel: 'web', email: 'linus@example.com' }]);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await tab.isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
