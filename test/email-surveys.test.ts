// E-mail surveys end to end with a real SMTP server (smtp-server) in the test: the message is received and
// parsed, its score link is followed and records the response, the comment completes it, a refused recipient
// is a bounce, the unsubscribe link is honoured on every channel, and the fatigue cap holds across the
// widget, e-mail and links.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { EmailService } from '../src/domains/email/service.ts';
import { Conflict } from '../src/errors.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';
import { type SmtpServer, startSmtp } from './support/smtp.ts';

const base = 'http://heed.test';

/** A header as the message carried it (mailparser folds List-* headers into one object). */
const rawHeader = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((header) => header.key === name)
    ?.line.slice(name.length + 1)
    .trim();
/** The URL of the List-Unsubscribe header: `<https://…>`. */
const unsubscribeUrlOf = (mail: ParsedMail) =>
  /<(https?:[^>]+)>/.exec(rawHeader(mail, 'list-unsubscribe') ?? '')?.[1] ?? '';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
/** The path and query of a link in a message (the server is reached through inject, not its public URL). */
const pathOf = (url: string) => url.slice(base.length);

describe.each(backends)('e-mail surveys on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let smtp: SmtpServer;
  let surveyId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await openHarness(backend, { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, publicUrl: base });
    ws = await h.createWorkspace('Acme');
    surveyId = await h.createSurvey(ws, {
      kind: 'nps',
      name: 'Relationship NPS',
      product_name: 'Acme',
      questions: [
        {
          id: 'favourite',
          type: 'text',
          prompt: 'What do you like most?',
          show_if: { score_min: 9, score_max: 10 },
        },
      ],
    });
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  const sendAll = async () => {
    while ((await h.services.email.sendDue()) > 0) {}
  };
  const emailSurvey = (body: Record<string, unknown>) =>
    h.api<{ queued: number; skipped: Array<{ customer_id: string; reason: string }> }>(
      'POST',
      `/v1/surveys/${surveyId}/emails`,
      { key: ws.secretKey, body },
    );
  const customerId = async (email: string) =>
    (
      await h.db.query<{ id: string }>('SELECT id FROM customers WHERE workspace_id = $1 AND email = $2', [
        ws.id,
        email,
      ])
    )[0]?.id;

  it('delivers a survey whose score links record the response in one click; the comment completes it', async () => {
    const noMail = await h.api<{ id: string }>('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { external_id: 'no-mail' },
    });
    const queued = await emailSurvey({
      customers: [{ email: 'ada@example.com' }, { email: 'bounce@example.com' }, { external_id: 'no-mail' }],
      intro: 'You bought a plan last month.',
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({
      survey_id: surveyId,
      queued: 2,
      skipped: [{ customer_id: noMail.body.id, reason: 'no_email' }],
    });
    await sendAll();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.subject).toBe('How likely are you to recommend Acme to a friend or colleague?');
    expect(mail.from?.value).toEqual([{ name: 'Acme', address: 'feedback@localhost' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : '').toBe('ada@example.com');
    const links = [...(mail.text ?? '').matchAll(/^(\d+): (\S+)$/gm)];
    expect(links.map((match) => match[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(links[9][2]).toMatch(new RegExp(`^${base}/s/[A-Za-z0-9_-]+\\?score=9$`));
    expect(mail.text).toContain('You bought a plan last month.');
    expect(mail.html).toContain(`href="${links[9][2]}"`);
    expect(unsubscribeUrlOf(mail)).toMatch(new RegExp(`^${base}/u/[A-Za-z0-9_-]+$`));
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    expect((await h.api('GET', `/v1/surveys/${surveyId}/emails`, { key: ws.secretKey })).body).toEqual({
      queued: 0,
      sending: 0,
      sent: 1,
      bounced: 1,
      failed: 0,
    });

    // One click: the score is recorded, and the page asks the follow-up that fits it.
    const clicked = await h.api('GET', pathOf(links[9][2]));
    expect(clicked.status).toBe(200);
    expect(String(clicked.body)).toContain('your score is recorded');
    expect(String(clicked.body)).toContain('What do you like most?');
    const ada = await customerId('ada@example.com');
    const [recorded] = await h.db.query<{
      id: string;
      score: number;
      channel: string;
      customer_id: string;
      comment: string | null;
    }>(
      'SELECT id, score, channel, customer_id, comment FROM responses WHERE workspace_id = $1 AND customer_id = $2',
      [ws.id, ada],
    );
    expect(recorded).toMatchObject({ score: 9, channel: 'email', customer_id: ada, comment: null });

    // A second click on another score changes nothing: the first stands, the comment page comes back.
    const second = await h.api('GET', pathOf(links[3][2]));
    expect(String(second.body)).toContain('your score is recorded');

    const token = pathOf(links[9][2]).split('?')[0];
    const commented = await h.api('POST', token, {
      headers: formHeaders,
      body: form({
        amend: '1',
        step: 'follow-up',
        comment: 'Support answered within minutes',
        'q.favourite': 'Support',
      }),
    });
    expect(commented.status).toBe(303);
    const rows = await h.db.query<{ score: number; comment: string; answers: unknown }>(
      'SELECT score, comment, answers FROM responses WHERE workspace_id = $1 AND customer_id = $2',
      [ws.id, ada],
    );
    expect(rows).toEqual([
      { score: 9, comment: 'Support answered within minutes', answers: { favourite: 'Support' } },
    ]);
    // The comment was analysed at once, though the log follower had passed the response.
    const [analysis] = await h.db.query<{ sentiment: string }>(
      'SELECT sentiment FROM comment_analyses WHERE workspace_id = $1 AND item_id = $2',
      [ws.id, recorded.id],
    );
    expect(analysis).toBeDefined();
    // Completed: the link is used up.
    expect(String((await h.api('GET', pathOf(links[9][2]))).body)).toContain('already been answered');

    const reach = await h.api<{ channels: Array<Record<string, unknown>> }>(
      'GET',
      `/v1/surveys/${surveyId}/reach`,
      {
        key: ws.secretKey,
      },
    );
    expect(reach.body.channels).toContainEqual({
      channel: 'email',
      shown: 0,
      sent: 2,
      bounced: 1,
      responses: 1,
      response_rate: 1,
    });
  });

  it('records a bounce that comes back later as a delivery report to the inbound e-mail webhook', async () => {
    smtp.received.length = 0;
    await emailSurvey({ customers: [{ email: 'mailbox-full@example.com' }], respect_fatigue: false });
    await sendAll();
    const messageId = smtp.received[0].messageId;
    expect(messageId).toMatch(/^<.+>$/);
    const before = (
      await h.api<Record<string, number>>('GET', `/v1/surveys/${surveyId}/emails`, { key: ws.secretKey })
    ).body;
    const { secret } = (
      await h.api<{ secret: string }>('POST', '/v1/workspace/inbound-secret', { key: ws.secretKey })
    ).body;
    const report = (failed: boolean) =>
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
        'To: feedback@localhost',
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <report-${failed}@mx.example.com>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="REPORT"',
        '',
        '--REPORT',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--REPORT',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.com',
        '',
        'Final-Recipient: rfc822; mailbox-full@example.com',
        `Action: ${failed ? 'failed' : 'delayed'}`,
        `Status: ${failed ? '5.2.2' : '4.2.2'}`,
        'Diagnostic-Code: smtp; 552 Mailbox full',
        '',
        '--REPORT',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${messageId}`,
        'Subject: How likely are you to recommend Acme to a friend or colleague?',
        '',
        '--REPORT--',
        '',
      ].join('\r\n');
    const post = (raw: string) =>
      h.api<{ outcome: string; reason: string }>('POST', `/v1/inbound/${ws.id}/email`, {
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
        body: raw,
      });
    // A delay is not a bounce.
    expect((await post(report(false))).body.outcome).toBe('ignored');
    expect(
      (await h.api<Record<string, number>>('GET', `/v1/surveys/${surveyId}/emails`, { key: ws.secretKey }))
        .body,
    ).toEqual(before);
    const bounced = await post(report(true));
    expect(bounced.status).toBe(200);
    expect(bounced.body.reason).toBe(`A delivery report: the survey e-mail ${messageId} bounced.`);
    expect(
      (await h.api<Record<string, number>>('GET', `/v1/surveys/${surveyId}/emails`, { key: ws.secretKey }))
        .body,
    ).toEqual({
      ...before,
      sent: before.sent - 1,
      bounced: before.bounced + 1,
    });
    const [row] = await h.db.query<{ last_error: string }>(
      'SELECT last_error FROM email_messages WHERE workspace_id = $1 AND smtp_message_id = $2',
      [ws.id, messageId],
    );
    expect(row.last_error).toBe('5.2.2 smtp; 552 Mailbox full');
  });

  it('unsubscribes with the link in the e-mail, and every channel honours it', async () => {
    await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { fatigue_days: 0 } });
    smtp.received.length = 0;
    await emailSurvey({ customers: [{ email: 'bob@example.com' }] });
    await sendAll();
    const unsubscribeUrl = unsubscribeUrlOf(smtp.received[0]);
    const asked = await h.api('GET', pathOf(unsubscribeUrl));
    expect(String(asked.body)).toContain('Stop receiving surveys?');
    const bob = await customerId('bob@example.com');
    // Looking (a link scanner's GET) unsubscribes nobody.
    expect(
      (await h.db.query('SELECT 1 FROM customers WHERE id = $1 AND unsubscribed_at IS NOT NULL', [bob]))
        .length,
    ).toBe(0);
    // The mail client's one-click POST.
    const done = await h.api('POST', pathOf(unsubscribeUrl), {
      headers: formHeaders,
      body: form({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(String(done.body)).toContain('You are unsubscribed');
    expect((await emailSurvey({ customers: [{ email: 'bob@example.com' }] })).body).toMatchObject({
      queued: 0,
      skipped: [{ customer_id: bob, reason: 'unsubscribed' }],
    });
    const eligibility = await h.api('POST', '/v1/eligibility', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { email: 'bob@example.com' } },
    });
    expect(eligibility.body).toEqual({ eligible: false, reason: 'unsubscribed' });
    const link = await h.api('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { email: 'bob@example.com' }, respect_fatigue: false },
    });
    expect(link.status).toBe(409);
    await h.api('PATCH', '/v1/workspace', { key: ws.secretKey, body: { fatigue_days: 30 } });
  });

  it('holds the fatigue cap across the widget, e-mail and links', async () => {
    // Shown by the widget → no e-mail, no personal link.
    await h.api('POST', '/v1/customers', { key: ws.secretKey, body: { email: 'carol@example.com' } });
    const shown = await h.api('POST', '/v1/impressions', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { email: 'carol@example.com' } },
    });
    expect(shown.status).toBe(201);
    const carol = await customerId('carol@example.com');
    expect((await emailSurvey({ customers: [{ email: 'carol@example.com' }] })).body).toMatchObject({
      queued: 0,
      skipped: [{ customer_id: carol, reason: 'fatigue' }],
    });
    const carolLink = await h.api('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { email: 'carol@example.com' } },
    });
    expect(carolLink.status).toBe(409);

    // E-mailed → the widget shows nothing, no personal link.
    expect((await emailSurvey({ customers: [{ email: 'dave@example.com' }] })).body).toMatchObject({
      queued: 1,
    });
    const widget = await h.api('POST', '/v1/eligibility', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, customer: { email: 'dave@example.com' } },
    });
    expect(widget.body).toMatchObject({ eligible: false, reason: 'fatigue', last_channel: 'email' });
    expect(
      (
        await h.api('POST', '/v1/links', {
          key: ws.secretKey,
          body: { survey_id: surveyId, customer: { email: 'dave@example.com' } },
        })
      ).status,
    ).toBe(409);

    // A personal link → no e-mail, the widget shows nothing.
    const erin = await h.api<{ customer_id: string }>('POST', '/v1/links', {
      key: ws.secretKey,
      body: { survey_id: surveyId, customer: { email: 'erin@example.com' } },
    });
    expect(erin.status).toBe(201);
    expect((await emailSurvey({ customers: [{ email: 'erin@example.com' }] })).body).toMatchObject({
      queued: 0,
      skipped: [{ customer_id: erin.body.customer_id, reason: 'fatigue' }],
    });
    expect(
      (
        await h.api('POST', '/v1/eligibility', {
          key: ws.publishableKey,
          body: { survey_id: surveyId, customer: { email: 'erin@example.com' } },
        })
      ).body,
    ).toMatchObject({ eligible: false, reason: 'fatigue' });
  });

  it('refuses to queue when no SMTP server is configured, and asks for a list or a segment', async () => {
    const unconfigured = new EmailService(
      h.db,
      loadConfig({}, { logLevel: 'silent' }),
      h.services.surveys,
      h.services.customers,
      h.services.outreach,
    );
    await expect(
      unconfigured.queueSurvey(ws.id, surveyId, { segment: 'enterprise', respect_fatigue: true }, base),
    ).rejects.toBeInstanceOf(Conflict);
    const neither = await emailSurvey({});
    expect(neither.status).toBe(400);
    const both = await emailSurvey({ customers: [{ email: 'x@example.com' }], segment: 'enterprise' });
    expect(both.status).toBe(400);
  });
});
