/// <reference lib="dom" />
// Surveys in a real browser (Debian's Chromium): a new user's empty state, a survey created through the form
// while the live preview follows the typing (and the follow-up its score asks), its link copied and opened
// on the hosted page, the widget snippet, an e-mail to a segment through a real SMTP server (queued and
// skipped, with reasons), the list and the results with seeded responses, an edit with the API's own refusal
// shown beside its field, an analyst who may create and a viewer who sees no way to, accessibility (axe),
// screenshots at 1280 and 390 pixels, and names and comments that try to inject markup.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npsCountsFromScores, npsFromCounts } from '../../src/domains/metrics/formulas.ts';
import { type SmtpServer, startSmtp } from '../support/smtp.ts';
import { type Dashboard, openDashboard } from './dashboard-fixture.ts';

const hostile = '<img src=x onerror="window.__xss=1">';
const wide = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
const surveyName = `Quarterly NPS ${hostile}`;
const question = 'How likely are you to recommend Acme to a colleague?';
const scores = [10, 10, 9, 9, 8, 7, 6, 3, 10, 5];

/** What a page must not have done: run injected markup, or scroll sideways on a phone. */
async function expectSafe(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, width, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
    // The innermost elements reaching past the window's right edge, to say what overflows.
    wide: [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .filter(
        (element) =>
          ![...element.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1),
      )
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className} “${element.textContent?.slice(0, 40)}”`,
      ),
  }));
  expect(scrollWidth, wide.join(', ')).toBeLessThanOrEqual(width);
}

describe('Surveys in Chromium', () => {
  let d: Dashboard;
  let smtp: SmtpServer;
  let surveyId = '';
  let linkUrl = '';

  beforeAll(async () => {
    smtp = await startSmtp();
    d = await openDashboard(undefined, { smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    // The segment the survey is e-mailed to: one who may be asked, one unsubscribed, one asked last week.
    const customer = async (email: string) => {
      const created = await d.h.api<{ id: string }>('POST', '/v1/customers', {
        key: d.ws.secretKey,
        body: { email, segment: 'enterprise' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    await customer('ada@enterprise.example');
    await d.h.services.outreach.unsubscribe(d.ws.id, await customer('bo@enterprise.example'));
    const recent = await customer('cy@enterprise.example');
    const other = await d.h.createSurvey(d.ws, { kind: 'ces', name: 'Checkout effort' });
    await d.h.api('POST', '/v1/responses', {
      key: d.ws.secretKey,
      body: { survey_id: other, score: 6, customer: { id: recent } },
    });
    await d.h.api('POST', `/v1/surveys/${other}/archive`, { key: d.ws.secretKey });
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    await smtp?.close();
  });

  it('leads a new user to a first survey, follows the typing in the preview, and distributes it', async () => {
    const { page, context, errors } = await d.open({ viewport: wide });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.base });
    await d.signIn(page);
    await page.goto(`${d.base}/surveys`);
    // Only an archived survey so far: the active list is empty and says what to do first.
    await page.getByRole('heading', { level: 2, name: 'Create your first survey' }).waitFor();
    await d.shoot(page, 'surveys-empty-1280');
    await page.getByRole('link', { name: 'Create your first survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/surveys/new');

    const preview = page.getByTestId('survey-preview');
    const previewQuestion = preview.getByTestId('preview-question');
    // NPS is chosen first, in its standard wording, and the product name fills it in as it is typed.
    expect(await page.getByLabel(/Net Promoter Score \(NPS\)/).isChecked()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill(surveyName);
    await page.getByLabel('Product or company name').pressSequentially('Acme');
    expect(await previewQuestion.textContent()).toBe(
      'How likely are you to recommend Acme to a friend or colleague?',
    );
    const questionField = page.getByLabel('Question', { exact: true });
    await questionField.fill('');
    await questionField.pressSequentially('How likely are you');
    expect(await previewQuestion.textContent()).toBe('How likely are you');
    await questionField.pressSequentially(question.slice('How likely are you'.length));
    expect(await previewQuestion.textContent()).toBe(question);

    // A follow-up for detractors: the preview asks it only after a detractor's score.
    await page.getByRole('button', { name: 'Add a question' }).click();
    const prompt = page.getByLabel('Question 1 text');
    expect(await prompt.evaluate((element) => element === document.activeElement)).toBe(true);
    await prompt.fill('What should we fix first?');
    await page.getByLabel('Answer', { exact: true }).selectOption('single_choice');
    await page.getByLabel('Options, one a line').fill('Speed\nPrice\nSupport');
    await page.getByLabel('Ask', { exact: true }).selectOption('0-6');
    await page.getByLabel('Answer required').check();
    expect(await preview.getByTestId('preview-follow-up').count()).toBe(0);
    // By keyboard, as a respondent would: focus the scale and move along it with the arrow keys.
    await preview.getByRole('radio', { name: '0', exact: true }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await preview.getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    expect(await preview.getByTestId('preview-follow-up').textContent()).toBe(
      'What should we fix first?SpeedPriceSupport',
    );
    await preview.getByText('10', { exact: true }).click();
    expect(await preview.getByTestId('preview-follow-up').count()).toBe(0);
    await d.shoot(page, 'surveys-new-1280');

    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByRole('heading', { level: 1, name: `Distribute ${surveyName}` }).waitFor();
    surveyId = /^\/surveys\/([0-9a-f-]{36})\/distribute$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
    expect(surveyId).not.toBe('');
    await page.getByText('The survey is created.').waitFor();
    await expectSafe(page);

    // The link: copied to the clipboard, and it opens the survey on the hosted page.
    const linkField = page.getByRole('textbox', { name: 'Survey link' });
    await expect.poll(() => linkField.inputValue()).toMatch(/\/s\/[A-Za-z0-9_-]{40,}$/);
    linkUrl = await linkField.inputValue();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(linkUrl);
    const hosted = await context.newPage();
    await hosted.goto(linkUrl);
    await hosted.getByRole('group', { name: question }).waitFor();
    await hosted.getByText('3', { exact: true }).click();
    await hosted.getByRole('group', { name: 'What should we fix first?' }).waitFor();
    await hosted.close();

    // The widget snippet: this survey, the publishable key and the targeting chosen, as the widget reads them.
    await page.getByLabel('Publishable key').fill(d.ws.publishableKey);
    await page.getByLabel('Show on pages').fill('/pricing /checkout/*');
    await page.getByLabel('Delay (seconds)').fill('3');
    await page.getByLabel('Only returning visitors').check();
    const snippet = await page.getByLabel('Snippet', { exact: true }).inputValue();
    expect(snippet).toBe(
      `<script src="${d.base}/widget.js" data-key="${d.ws.publishableKey}" data-survey="${surveyId}" ` +
        'data-url="/pricing /checkout/*" data-delay="3" data-returning="true" async></script>',
    );
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByText('Snippet copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    // A secret key is refused before it reaches a web page.
    await page.getByLabel('Publishable key').fill(d.ws.secretKey);
    await page.getByText('That is a secret key').waitFor();
    expect(await page.getByRole('button', { name: 'Copy snippet' }).isDisabled()).toBe(true);
    await page.getByLabel('Publishable key').fill(d.ws.publishableKey);

    // E-mail to a segment: an empty one is named beside its field; then who was queued and who was skipped.
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await page.locator('#email-segment-error').waitFor();
    await page.getByLabel('Segment', { exact: true }).fill('enterprise');
    await page.getByRole('button', { name: 'Send the survey' }).click();
    const result = page.getByTestId('email-result');
    await result.getByText('1 e-mail queued').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('email-result');
    expect(await result.textContent()).toContain(
      '2 skipped: 1 unsubscribed from surveys; 1 asked recently (within the workspace’s 30-day fatigue cap).',
    );
    while ((await d.h.services.email.sendDue()) > 0) {}
    expect(smtp.received.map((mail) => mail.to && 'text' in mail.to && mail.to.text)).toEqual([
      'ada@enterprise.example',
    ]);
    expect(smtp.received[0].subject).toBe(question);
    await d.shoot(page, 'surveys-distribute-1280');
    await expectSafe(page);
    expect(errors).toEqual([]);
  });

  it('lists the survey with its figures and shows its results, customers’ words as text', async () => {
    for (const [index, score] of scores.entries()) {
      const answer = await d.h.api('POST', '/v1/responses', {
        key: d.ws.secretKey,
        body: {
          survey_id: surveyId,
          score,
          channel: index < 4 ? 'link' : 'api',
          ...(score <= 6 ? { answers: { what_should_we_fix_first: 'Speed' } } : {}),
          ...(index === 7 ? { comment: `Too slow ${hostile}` } : {}),
          ...(index === 0 ? { comment: 'Lovely support team' } : {}),
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    await d.h.fold();
    const expected = npsFromCounts(npsCountsFromScores(scores));
    const shown = Math.round(expected.nps ?? Number.NaN);

    for (const viewport of [wide, phone]) {
      const { page, errors } = await d.open({ viewport });
      await d.signIn(page);
      await page.goto(`${d.base}/surveys`);
      const row = page.getByRole('row', { name: /Quarterly NPS/ });
      await row.waitFor();
      // The name as typed, markup and all, as text.
      expect(await row.getByRole('link', { name: surveyName, exact: true }).textContent()).toBe(surveyName);
      expect(await page.locator('.survey-table img').count()).toBe(0);
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells[0]).toBe(String(scores.length));
      expect(cells[2]).toContain(`${shown > 0 ? '+' : ''}${shown}`);
      expect(cells[2]).toContain(`n = ${scores.length}`);
      await d.shoot(page, `surveys-list-${viewport.width}`);
      if (viewport === phone) await expectNoSidewaysScroll(page);

      await row.getByRole('link', { name: surveyName, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: surveyName, exact: true }).waitFor();
      const score = page.locator('#survey-score');
      await score.getByTestId('score').waitFor();
      expect(await score.getByTestId('score').textContent()).toBe(`${shown > 0 ? '+' : ''}${shown}`);
      expect(await score.getByTestId('margin').textContent()).toBe(
        `± ${(Math.round((expected.marginOfError ?? 0) * 10) / 10).toString()}`,
      );
      expect(await score.getByTestId('n').textContent()).toBe(`n = ${scores.length}`);
      await page.locator('.chart-canvas[data-rendered="true"]').first().waitFor();
      const comments = page.locator('.survey-comment-text');
      await comments.first().waitFor();
      expect(await comments.allTextContents()).toEqual([
        'Too slow <img src=x onerror="window.__xss=1">',
        'Lovely support team',
      ]);
      // Reach: 4 answers came through the link, whose page was opened once above.
      const reach = page.getByRole('figure', { name: 'Asked and answered per channel' });
      await reach.getByRole('button', { name: 'Show table' }).click();
      const linkRow = await reach.getByRole('row', { name: /^Link/ }).getByRole('cell').allTextContents();
      expect(linkRow.slice(0, 5)).toEqual(['Link', '1', '0', '0', '4']);

      // The period is in the URL, so the view can be shared and survives a reload.
      await page.getByRole('combobox', { name: 'Period' }).selectOption('30');
      await expect.poll(() => new URL(page.url()).search).toBe('?range=30');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: surveyName, exact: true }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Period' }).inputValue()).toBe('30');
      await score.getByTestId('score').waitFor();
      await d.shoot(page, `surveys-results-${viewport.width}`);
      if (viewport === phone) await expectNoSidewaysScroll(page);
      await expectSafe(page);
      expect(errors).toEqual([]);
    }
  });

  it('edits the wording with the preview following, and shows the API’s refusal beside its field', async () => {
    const { page, errors } = await d.open({ viewport: phone });
    await d.signIn(page);
    await page.goto(`${d.base}/surveys/${surveyId}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${surveyName}` }).waitFor();
    const questionField = page.getByLabel('Question', { exact: true });
    expect(await questionField.inputValue()).toBe(question);
    await questionField.fill('Would you recommend Acme to a colleague?');
    expect(await page.getByTestId('preview-question').textContent()).toBe(
      'Would you recommend Acme to a colleague?',
    );
    // Text the form accepts but Heed cannot store: the API's answer lands beside the field it names.
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('Broken \u0000 name');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#survey-name-error').waitFor();
    expect(await page.locator('#survey-name-error').textContent()).toBe('Must not contain NUL characters.');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await d.shoot(page, 'surveys-edit-error-390');
    await name.fill(surveyName);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: surveyName, exact: true }).waitFor();
    await page
      .locator('.survey-question-text')
      .getByText('Would you recommend Acme to a colleague?')
      .waitFor();
    await expectNoSidewaysScroll(page);
    // The refused save was logged by the browser as a failed request: that one is expected.
    expect(
      errors.filter(
        (error) => !(error.includes('status of 400') && error.includes(`/v1/surveys/${surveyId}`)),
      ),
    ).toEqual([]);
  });

  it('lets an analyst create a survey, and shows a viewer no way to change one (the API refuses anyway)', async () => {
    const analyst = await d.memberWith('analyst');
    const asAnalyst = await d.open({ viewport: wide });
    await d.signIn(asAnalyst.page, analyst);
    await asAnalyst.page.goto(`${d.base}/surveys`);
    await asAnalyst.page.getByRole('link', { name: 'Create survey' }).click();
    await asAnalyst.page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await asAnalyst.page.getByLabel(/Customer satisfaction \(CSAT\)/).check();
    await asAnalyst.page.getByLabel('Scale', { exact: true }).selectOption('5-star');
    expect(await asAnalyst.page.getByTestId('survey-preview').getByRole('radio').count()).toBe(5);
    await asAnalyst.page.getByLabel('Name', { exact: true }).fill('Support CSAT');
    await asAnalyst.page.getByRole('button', { name: 'Create survey' }).click();
    await asAnalyst.page.getByRole('heading', { level: 1, name: 'Distribute Support CSAT' }).waitFor();

    const viewer = await d.memberWith('viewer');
    const asViewer = await d.open({ viewport: wide });
    await d.signIn(asViewer.page, viewer);
    await asViewer.page.goto(`${d.base}/surveys`);
    await asViewer.page.getByRole('row', { name: /Support CSAT/ }).waitFor();
    expect(await asViewer.page.getByRole('link', { name: 'Create survey' }).count()).toBe(0);
    expect(await asViewer.page.getByRole('link', { name: /^Edit / }).count()).toBe(0);
    expect(await asViewer.page.getByRole('link', { name: /^Distribute / }).count()).toBe(0);
    await asViewer.page.getByRole('link', { name: surveyName }).click();
    await asViewer.page.locator('#survey-score').getByTestId('score').waitFor();
    expect(await asViewer.page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await asViewer.page.goto(`${d.base}/surveys/new`);
    await asViewer.page.getByText('Your role (viewer) can read surveys and their results').waitFor();
    expect(await asViewer.page.getByRole('button', { name: 'Create survey' }).count()).toBe(0);
    // Through the viewer's own session, with its CSRF token: refused.
    const refused = await asViewer.page.evaluate(async () => {
      const answer = await fetch('/v1/surveys', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': localStorage.getItem('heed.csrf') ?? '',
        },
        body: JSON.stringify({ kind: 'nps', name: 'Sneaky' }),
      });
      return answer.status;
    });
    expect(refused).toBe(403);
    expect(asViewer.errors.filter((error) => !error.includes('status of 403'))).toEqual([]);

    // The analyst archives the survey after confirming: it leaves the active list.
    await asAnalyst.page.getByRole('button', { name: 'Archive survey…' }).click();
    await asAnalyst.page.getByText('Archive “Support CSAT”? This cannot be undone.').waitFor();
    await asAnalyst.page.getByRole('button', { name: 'Archive now' }).click();
    await asAnalyst.page.getByRole('heading', { level: 1, name: 'Support CSAT', exact: true }).waitFor();
    await asAnalyst.page.locator('.survey-tag-muted', { hasText: 'Archived' }).waitFor();
    await asAnalyst.page.getByRole('link', { name: '← All surveys' }).click();
    await asAnalyst.page.getByRole('row', { name: /Quarterly NPS/ }).waitFor();
    expect(await asAnalyst.page.getByRole('row', { name: /Support CSAT/ }).count()).toBe(0);
    expect(asAnalyst.errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations on the list, the form, results and distribute', async () => {
    const found: Record<string, unknown> = {};
    for (const viewport of [wide, phone]) {
      const { page } = await d.open({ viewport, axe: true });
      await d.signIn(page);
      const check = async (name: string, path: string, ready: (page: Page) => Promise<unknown>) => {
        await page.goto(`${d.base}${path}`);
        await ready(page);
        const violations = await d.axe(page);
        if (violations.length > 0) found[`${name} ${viewport.width}`] = violations;
        await expectSafe(page);
      };
      await check('list', '/surveys', (p) => p.getByRole('row', { name: /Quarterly NPS/ }).waitFor());
      await check('new', '/surveys/new', async (p) => {
        await p.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
        await p.getByRole('button', { name: 'Add a question' }).click();
        await p.getByRole('button', { name: 'Create survey' }).click();
        await p.locator('#survey-name-error').waitFor();
        // The summary of problems takes the focus, so a keyboard or screen-reader user hears them first.
        expect(await p.evaluate(() => document.activeElement?.id)).toBe('survey-problems');
        if (viewport === phone) await d.shoot(p, 'surveys-new-errors-390');
      });
      await check('edit', `/surveys/${surveyId}/edit`, async (p) => {
        await p.getByTestId('preview-question').waitFor();
        await p.getByTestId('survey-preview').getByText('3', { exact: true }).click();
        await p.getByTestId('preview-follow-up').waitFor();
      });
      await check('results', `/surveys/${surveyId}`, (p) =>
        p.locator('.chart-canvas[data-rendered="true"]').first().waitFor(),
      );
      await check('distribute', `/surveys/${surveyId}/distribute`, async (p) => {
        await expect
          .poll(() => p.getByRole('textbox', { name: 'Survey link' }).inputValue())
          .toContain('/s/');
        if (viewport === phone) {
          await expectNoSidewaysScroll(p);
          await d.shoot(p, 'surveys-distribute-390');
        }
      });
    }
    expect(found).toEqual({});
  });
});
