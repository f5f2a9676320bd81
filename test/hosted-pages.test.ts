// Outreach and the hosted pages through the whole HTTP stack: signed links, the two-step form without
// JavaScript, one-page submission with it, errors shown beside their fields, single use, expiry, tampering,
// the fatigue cap across channels, eligibility, quotas and reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLinkToken } from '../src/domains/outreach/link-token.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';
import { npsWithFollowUps } from './support/surveys.ts';

/** Form-encodes fields; an array value repeats its name. */
function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const submissionOf = (page: string) => /name="submission" value="([^"]+)"/.exec(page)?.[1] ?? '';

describe.each(backends)('hosted pages and outreach on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let surveyId: string;

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Acme');
    surveyId = await h.createSurvey(ws, npsWithFollowUps);
  });
  afterAll(() => h.close());

  const link = async (body: Record<string, unknown> = {}) => {
    const answer = await h.api<{
      url: string;
      token: string;
      customer_id: string | null;
      expires_at: string | null;
    }>('POST', '/v1/links', { key: ws.secretKey, body: { survey_id: surveyId, ...body } });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const countResponses = async () =>
    Number(
      (
        await h.db.query<{ n: string }>('SELECT count(*) AS n FROM responses WHERE workspace_id = $1', [
          ws.id,
        ])
      )[0].n,
    );

  it('serves the survey page with its question, an 11-point scale, the notice and a strict CSP', async () => {
    const { token, url } = await link();
    expect(url).toMatch(new RegExp(`/s/${token}$`));
    const page = await h.api('GET', `/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const body = String(page.body);
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('How likely are you to recommend Acme to a friend or colleague?');
    expect(body.match(/type="radio" class="visually-hidden" name="score"/g)).toHaveLength(11);
    expect(body).toContain('0 = Not at all likely');
    expect(body).toContain('Acme uses your answers to understand and improve its service.');
    // The follow-ups are in the page, hidden until a score is chosen.
    expect(body).toMatch(/id="block-fix_first" data-show-min="0" data-show-max="6" hidden/);
  });

  it('without JavaScript: the score, then the follow-ups for that score, then a response and a thank-you', async () => {
    const { token } = await link();
    const start = String((await h.api('GET', `/s/${token}`)).body);
    const submission = submissionOf(start);
    const before = await countResponses();
    const step1 = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ submission, step: 'start', js: '', score: '3' }),
    });
    expect(step1.status).toBe(200);
    const followUp = String(step1.body);
    expect(followUp).toContain('What should we fix first?');
    expect(followUp).not.toContain('What do you like most?');
    expect(followUp).toContain('<input type="hidden" name="score" value="3">');
    // The score alone is not a response yet: the follow-ups come first.
    expect(await countResponses()).toBe(before);

    const done = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({
        submission,
        step: 'follow-up',
        js: '',
        score: '3',
        'q.fix_first': 'Speed',
        comment: 'Too slow',
      }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/s/${token}/thanks`);
    expect(await countResponses()).toBe(before + 1);
    const [row] = await h.db.query<{ score: number; comment: string; channel: string; answers: unknown }>(
      'SELECT score, comment, channel, answers FROM responses WHERE workspace_id = $1 ORDER BY received_at DESC LIMIT 1',
      [ws.id],
    );
    expect(row).toEqual({ score: 3, comment: 'Too slow', channel: 'link', answers: { fix_first: 'Speed' } });
    const thanks = await h.api('GET', `/s/${token}/thanks`);
    expect(String(thanks.body)).toContain('Thank you!');

    // The same submission again (a double click, a reload): no second response.
    const again = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({
        submission,
        step: 'follow-up',
        js: '',
        score: '3',
        'q.fix_first': 'Speed',
        comment: 'Too slow',
      }),
    });
    expect(again.status).toBe(303);
    expect(await countResponses()).toBe(before + 1);
  });

  it('with JavaScript: one post records the score, the follow-up that applies, and nothing that does not', async () => {
    const { token } = await link();
    const before = await countResponses();
    const done = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({
        submission: 'AAAAAAAAAAAAAAAAAAAAAA',
        step: 'start',
        js: '1',
        score: '10',
        'q.favourite': 'The dashboard',
        // Answered before the score changed: not asked of a promoter, so not recorded.
        'q.fix_first': 'Price',
      }),
    });
    expect(done.status).toBe(303);
    expect(await countResponses()).toBe(before + 1);
    const [row] = await h.db.query<{ score: number; answers: unknown }>(
      'SELECT score, answers FROM responses WHERE workspace_id = $1 ORDER BY received_at DESC LIMIT 1',
      [ws.id],
    );
    expect(row).toEqual({ score: 10, answers: { favourite: 'The dashboard' } });
  });

  it('shows problems beside their fields and writes nothing', async () => {
    const { token } = await link();
    const before = await countResponses();
    const missingScore = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ step: 'start', js: '' }),
    });
    expect(missingScore.status).toBe(400);
    expect(String(missingScore.body)).toContain('Please choose a score.');
    expect(String(missingScore.body)).toContain('role="alert"');

    const outOfRange = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ step: 'start', js: '1', score: '11' }),
    });
    expect(outOfRange.status).toBe(400);
    expect(String(outOfRange.body)).toContain('must be an integer 0–10 for this nps survey');

    const requiredFollowUp = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ step: 'follow-up', js: '', score: '2', 'q.fix_first': 'Everything' }),
    });
    expect(requiredFollowUp.status).toBe(400);
    expect(String(requiredFollowUp.body)).toContain('must be one of: Speed, Price, Support');
    expect(String(requiredFollowUp.body)).toMatch(
      /<fieldset aria-invalid="true" aria-describedby="q.fix_first-error">/,
    );

    const notANumber = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ step: 'start', js: '1', score: '<script>' }),
    });
    expect(notANumber.status).toBe(400);
    expect(String(notANumber.body)).toContain('&lt;script&gt;');
    expect(String(notANumber.body)).not.toContain('<script>"');
    expect(await countResponses()).toBe(before);
  });

  it('escapes the workspace’s own text: a question with markup is shown as text', async () => {
    const hostile = await h.createSurvey(ws, {
      kind: 'csat',
      name: 'Hostile',
      question: '<img src=x onerror=alert(1)> How satisfied are you?',
    });
    const { token } = await link({ survey_id: hostile });
    const body = String((await h.api('GET', `/s/${token}`)).body);
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt; How satisfied are you?');
    expect(body).not.toContain('<img src=x');
  });

  it('refuses a tampered, foreign or malformed token with a page, not an error dump', async () => {
    const { token } = await link();
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'nope', 'A'.repeat(60)]) {
      const page = await h.api('GET', `/s/${bad}`);
      expect(page.status).toBe(404);
      expect(String(page.body)).toContain('This link does not work');
    }
    // Signed with another secret, claiming this workspace.
    const forged = signLinkToken(
      { workspaceId: ws.id, target: 'survey', surveyId, channel: 'link' },
      Buffer.alloc(32, 7),
    );
    expect((await h.api('GET', `/s/${forged}`)).status).toBe(404);
    // A survey link is not a feedback-form link.
    expect((await h.api('GET', `/f/${token}`)).status).toBe(404);
    const post = await h.api('POST', `/s/${tampered}`, { headers: formHeaders, body: form({ score: '9' }) });
    expect(post.status).toBe(404);
  });

  it('a single-use personal link records the customer once, then says it was answered', async () => {
    const { token, customer_id } = await link({
      customer: { email: 'single@example.com' },
      single_use: true,
      respect_fatigue: false,
    });
    expect(customer_id).toEqual(expect.any(String));
    const first = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ submission: 'BBBBBBBBBBBBBBBBBBBBBB', js: '1', score: '9', consent: 'yes' }),
    });
    expect(first.status).toBe(303);
    const [row] = await h.db.query<{ customer_id: string; metadata: Record<string, unknown> }>(
      'SELECT customer_id, metadata FROM responses WHERE workspace_id = $1 ORDER BY received_at DESC LIMIT 1',
      [ws.id],
    );
    expect(row).toEqual({ customer_id, metadata: { language: 'en', contact_consent: true } });
    const before = await countResponses();
    // Another page load and submission through the same link.
    const second = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ submission: 'CCCCCCCCCCCCCCCCCCCCCC', js: '1', score: '2' }),
    });
    expect(second.status).toBe(200);
    expect(String(second.body)).toContain('already been answered');
    expect(await countResponses()).toBe(before);
    expect(String((await h.api('GET', `/s/${token}`)).body)).toContain('already been answered');
  });

  it('an expired link says so (410); an archived survey is closed (410)', async () => {
    const expired = signLinkToken(
      { workspaceId: ws.id, target: 'survey', surveyId, channel: 'link', expiresAt: 1_000_000 },
      (await h.services.outreach.settingsOf(ws.id)).link_secret,
    );
    const page = await h.api('GET', `/s/${expired}`);
    expect(page.status).toBe(410);
    expect(String(page.body)).toContain('This link has expired');

    const archived = await h.createSurvey(ws, { kind: 'ces', name: 'Old CES' });
    const { token } = await link({ survey_id: archived });
    await h.api('POST', `/v1/surveys/${archived}/archive`, { key: ws.secretKey });
    const closed = await h.api('GET', `/s/${token}`);
    expect(closed.status).toBe(410);
    expect(String(closed.body)).toContain('This survey is closed');
    const refused = await h.api('POST', '/v1/links', { key: ws.secretKey, body: { survey_id: archived } });
    expect(refused.status).toBe(400);
  });

  it('closes a survey whose response quota is reached', async () => {
    const quota = await h.createSurvey(ws, { kind: 'csat', name: 'Quota', response_quota: 1 });
    const { token } = await link({ survey_id: quota });
    expect((await h.api('GET', `/s/${token}`)).status).toBe(200);
    const answered = await h.api('POST', `/s/${token}`, {
      headers: formHeaders,
      body: form({ js: '1', score: '5' }),
    });
    expect(answered.status).toBe(303);
    const closed = await h.api('GET', `/s/${token}`);
    expect(closed.status).toBe(410);
    const eligibility = await h.api('POST', '/v1/eligibility', {
      key: ws.publishableKey,
      body: { survey_id: quota },
    });
    expect(eligibility.body).toEqual({ eligible: false, reason: 'quota_reached' });
  });

  it('holds the fatigue cap across channels: answered through the API, no personal link for 30 days', async () => {
    const answered = await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 8, channel: 'web', customer: { email: 'tired@example.com' } },
    });
    expect(answered.status).toBe(201);
    const refused = await h.api<{ detail: string }>('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { email: 'tired@example.com' }, channel: 'email' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/at most once every 30 days/);
    const eligibility = await h.api<Record<string, unknown>>('POST', '/v1/eligibility', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { email: 'tired@example.com' } },
    });
    expect(eligibility.body).toMatchObject({ eligible: false, reason: 'fatigue', last_channel: 'web' });

    // A link made for a fresh customer counts as asking them: the next ask is refused, on any channel.
    const fresh = await link({ customer: { external_id: 'fresh-1' }, channel: 'sms' });
    expect(fresh.customer_id).toEqual(expect.any(String));
    const second = await h.api('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { external_id: 'fresh-1' }, channel: 'email' },
    });
    expect(second.status).toBe(409);

    // With the cap off, everyone may be asked.
    await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { fatigue_days: 0 } });
    const allowed = await h.api('POST', '/v1/eligibility', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { email: 'tired@example.com' } },
    });
    expect(allowed.body).toMatchObject({ eligible: true, survey: { id: surveyId } });
    await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { fatigue_days: 30 } });

    // The widget showed a survey to an identified customer: the next ask, by any channel, waits.
    await h.api('POST', '/v1/customers', { key: ws.secretKey, body: { external_id: 'browsing-1' } });
    const shown = await h.api('POST', '/v1/impressions', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { external_id: 'browsing-1' } },
    });
    expect(shown.status).toBe(201);
    const afterWidget = await h.api('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { external_id: 'browsing-1' }, channel: 'email' },
    });
    expect(afterWidget.status).toBe(409);
  });

  it('samples: a draw outside the survey’s sample rate is not asked', async () => {
    const sampled = await h.createSurvey(ws, { kind: 'nps', name: 'Sampled', sample_rate: 0.25 });
    const ask = (sample: number) =>
      h.api('POST', '/v1/eligibility', { key: ws.publishableKey, body: { survey_id: sampled, sample } });
    expect((await ask(0.1)).body).toEqual({
      eligible: true,
      survey: {
        id: sampled,
        kind: 'nps',
        language: 'en',
        question: 'How likely are you to recommend us to a friend or colleague?',
        scale: { min: 0, max: 10, style: 'numeric' },
        strings: {
          low: 'Not at all likely',
          high: 'Extremely likely',
          comment: 'What is the main reason for your score?',
          optional: 'optional',
          submit: 'Send',
          close: 'Close',
          thanks: 'Thank you!',
          thanks_body: 'Your answer has been recorded. It helps us do better.',
        },
      },
    });
    expect((await ask(0.25)).body).toEqual({ eligible: false, reason: 'not_sampled' });
    const bad = await ask(1);
    expect(bad.status).toBe(400);
  });

  it('reports reach per channel: invitations sent, pages shown, responses and the rate', async () => {
    const reachSurvey = await h.createSurvey(ws, { kind: 'csat', name: 'Reach' });
    for (let i = 0; i < 4; i++) {
      const recorded = await h.api('POST', '/v1/contacts', {
        key: ws.secretKey,
        body: {
          survey_id: reachSurvey,
          customer: { external_id: `reach-${i}` },
          channel: 'email',
          kind: 'sent',
        },
      });
      expect(recorded.status).toBe(201);
    }
    await h.api('POST', '/v1/contacts', {
      key: ws.secretKey,
      body: {
        survey_id: reachSurvey,
        customer: { external_id: 'reach-0' },
        channel: 'email',
        kind: 'bounced',
      },
    });
    await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: reachSurvey, score: 4, channel: 'email', customer: { external_id: 'reach-1' } },
    });
    const { token } = await link({ survey_id: reachSurvey });
    await h.api('GET', `/s/${token}`);
    await h.api('GET', `/s/${token}`);
    await h.api('POST', `/s/${token}`, { headers: formHeaders, body: form({ js: '1', score: '5' }) });
    const reach = await h.api<{ channels: unknown[] }>('GET', `/v1/surveys/${reachSurvey}/reach`, {
      key: ws.secretKey,
    });
    expect(reach.status).toBe(200);
    expect(reach.body.channels).toEqual([
      { channel: 'email', shown: 0, sent: 4, bounced: 1, responses: 1, response_rate: 0.3333 },
      { channel: 'link', shown: 2, sent: 0, bounced: 0, responses: 1, response_rate: 0.5 },
    ]);
    const backwards = await h.api('GET', `/v1/surveys/${reachSurvey}/reach?from=2026-02-01&to=2026-01-01`, {
      key: ws.secretKey,
    });
    expect(backwards.status).toBe(400);
  });

  it('the feedback form records free-form feedback under the link’s channel, with an optional e-mail', async () => {
    const made = await h.api<{ token: string; url: string }>('POST', '/v1/links', {
      key: ws.secretKey,
      body: { target: 'feedback' },
    });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/\/f\//);
    const { token } = made.body;
    const page = await h.api('GET', `/f/${token}`, {
      headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
    });
    expect(String(page.body)).toContain('<html lang="de">');
    expect(String(page.body)).toContain('Was möchten Sie uns sagen?');
    const empty = await h.api('POST', `/f/${token}`, { headers: formHeaders, body: form({ text: '   ' }) });
    expect(empty.status).toBe(400);
    const badEmail = await h.api('POST', `/f/${token}`, {
      headers: formHeaders,
      body: form({ text: 'Hi', email: 'not-an-address' }),
    });
    expect(badEmail.status).toBe(400);
    expect(String(badEmail.body)).toContain('Please enter an e-mail address');
    const sent = await h.api('POST', `/f/${token}`, {
      headers: formHeaders,
      body: form({ text: 'Please add dark mode', email: 'Reader@Example.com' }),
    });
    expect(sent.status).toBe(303);
    const [item] = await h.db.query<{ text: string; channel: string; source: string; email: string }>(
      `SELECT f.text, f.channel, f.source, c.email FROM feedback f JOIN customers c
       ON c.workspace_id = f.workspace_id AND c.id = f.customer_id WHERE f.workspace_id = $1
       ORDER BY f.received_at DESC LIMIT 1`,
      [ws.id],
    );
    expect(item).toEqual({
      text: 'Please add dark mode',
      channel: 'link',
      source: 'feedback-form',
      email: 'reader@example.com',
    });
  });
});
