// The inbound webhooks end to end, on every backend: raw e-mail replies become feedback of their sender with
// only the new text, SMS replies become a score for the pending SMS survey or feedback, re-deliveries write
// nothing, and a request without the workspace's inbound secret is refused and writes nothing.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreOfSms } from '../src/domains/inbound/service.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';
import { workspaceRows } from './support/workspace-rows.ts';

const fixtures = path.join(import.meta.dirname, '../src/domains/inbound/fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

interface Feedback {
  id: string;
  customer_id: string | null;
  channel: string;
  source: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
}
interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
}
interface Problem {
  code: string;
  errors?: Array<{ path: string; message: string }>;
}

const thanks =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Message>Thank you for your answer!</Message></Response>';
const silence = '<?xml version="1.0" encoding="UTF-8"?>\n<Response/>';

describe('scoreOfSms', () => {
  it('reads a number alone, with spaces or an exclamation mark, and nothing else', () => {
    expect(
      ['9', ' 10 ', '9!', '0', '07.', '9/10', '9 out of 10', 'nine', '100', '', '-1'].map(scoreOfSms),
    ).toEqual([9, 10, 9, 0, 7, null, null, null, null, null, null]);
  });
});

describe.each(backends)('inbound webhooks on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  let secret: string;
  let other: TestWorkspace;
  let otherSecret: string;

  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  const postEmail = <Body = { outcome: string; feedback?: Feedback; reason?: string }>(
    body: Buffer | string,
    headers: Record<string, string> = bearer(secret),
    workspaceId = ws.id,
  ) =>
    h.api<Body>('POST', `/v1/inbound/${workspaceId}/email`, {
      body,
      headers: { 'content-type': 'message/rfc822', ...headers },
    });
  const postSms = (
    fields: Record<string, string>,
    headers: Record<string, string> = bearer(secret),
    workspaceId = ws.id,
  ) =>
    h.api<string>('POST', `/v1/inbound/${workspaceId}/sms`, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  const twilio = (From: string, Body: string, MessageSid = `SM${randomUUID().replace(/-/g, '')}`) => ({
    ToCountry: 'US',
    From,
    To: '+14155550100',
    Body,
    MessageSid,
    SmsSid: MessageSid,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    NumMedia: '0',
    ApiVersion: '2010-04-01',
  });
  const count = async (table: string) => {
    const [row] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`,
      [ws.id],
    );
    return row.n;
  };
  const counts = async () => ({
    feedback: await count('feedback'),
    responses: await count('responses'),
    customers: await count('customers'),
  });
  const customerByEmail = async (email: string) =>
    (
      await h.api<{ data: Customer[] }>('GET', `/v1/customers?email=${encodeURIComponent(email)}`, {
        key: ws.secretKey,
      })
    ).body.data;
  const customerByPhone = async (phone: string) =>
    (
      await h.api<{ data: Customer[] }>('GET', `/v1/customers?phone=${encodeURIComponent(phone)}`, {
        key: ws.secretKey,
      })
    ).body.data;
  const feedbackOf = async (customerId: string) =>
    (
      await h.api<{ data: Feedback[] }>('GET', `/v1/feedback?customer_id=${customerId}`, {
        key: ws.secretKey,
      })
    ).body.data;
  const responsesOf = async (customerId: string) =>
    (
      await h.api<{ data: Array<{ survey_id: string; score: number; channel: string; metadata: unknown }> }>(
        'GET',
        `/v1/responses?customer_id=${customerId}`,
        { key: ws.secretKey },
      )
    ).body.data;
  /** A survey sent to the customer by SMS, as the outreach service records it. */
  const sentBySms = (surveyId: string, customerId: string, ago = '1 hour') =>
    h.db.query(
      `INSERT INTO survey_contacts (workspace_id, id, survey_id, customer_id, channel, kind, at)
       VALUES ($1, $2, $3, $4, 'sms', 'sent', now() - $5::interval)`,
      [ws.id, randomUUID(), surveyId, customerId, ago],
    );
  const newCustomer = async (body: Record<string, unknown>) => {
    const answer = await h.api<Customer>('POST', '/v1/customers', { key: ws.secretKey, body });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace('Inbound');
    other = await h.createWorkspace('Elsewhere');
    const made = await h.api<{ secret: string }>('POST', '/v1/workspace/inbound-secret', {
      key: ws.secretKey,
    });
    secret = made.body.secret;
    otherSecret = (
      await h.api<{ secret: string }>('POST', '/v1/workspace/inbound-secret', { key: other.secretKey })
    ).body.secret;
  });
  afterAll(() => h.close());

  it('rotates the inbound secret, answering it once with the two webhook URLs and storing only its hash', async () => {
    const answer = await h.api<{ secret: string; email_url: string; sms_url: string; rotated_at: string }>(
      'POST',
      '/v1/workspace/inbound-secret',
      { key: ws.secretKey },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      secret: expect.stringMatching(/^heed_in_[A-Za-z0-9_-]{43}$/),
      email_url: `http://localhost:80/v1/inbound/${ws.id}/email`,
      sms_url: `http://localhost:80/v1/inbound/${ws.id}/sms`,
      rotated_at: expect.any(String),
    });
    const [stored] = await h.db.query<{ matches: boolean }>(
      'SELECT inbound_secret_hash = $2 AS matches FROM workspaces WHERE id = $1',
      [ws.id, createHash('sha256').update(answer.body.secret).digest()],
    );
    expect(stored.matches).toBe(true);
    // The old secret stops working at once.
    expect((await postEmail(fixture('gmail-reply.eml'))).status).toBe(401);
    secret = answer.body.secret;
    const publishable = await h.api<Problem>('POST', '/v1/workspace/inbound-secret', {
      key: ws.publishableKey,
    });
    expect([publishable.status, publishable.body.code]).toEqual([403, 'forbidden']);
  });

  it('refuses a missing or wrong secret with 401 and writes nothing', async () => {
    const before = await workspaceRows(h.db, ws.id);
    const attempts = [
      await postEmail(fixture('gmail-reply.eml'), {}),
      await postEmail(fixture('gmail-reply.eml'), bearer(`${secret.slice(0, -1)}x`)),
      await postEmail(fixture('gmail-reply.eml'), bearer(ws.secretKey)),
      await postEmail(fixture('gmail-reply.eml'), basic('heed', 'wrong')),
      await postEmail(fixture('gmail-reply.eml'), bearer(otherSecret)),
      await postEmail(fixture('gmail-reply.eml'), bearer(secret), randomUUID()),
      await postEmail(fixture('gmail-reply.eml'), bearer(secret), 'not-a-workspace'),
      await postSms(twilio('+14155550134', 'The app keeps crashing'), {}),
      await postSms(twilio('+14155550134', '9'), bearer(otherSecret)),
      await postSms(twilio('+14155550134', '9'), basic(secret, '')),
    ];
    expect(attempts.map((answer) => [answer.status, (answer.body as unknown as Problem).code])).toEqual(
      attempts.map(() => [401, 'unauthenticated']),
    );
    expect(attempts[0].headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await workspaceRows(h.db, ws.id)).toEqual(before);
  });

  it.each([
    {
      file: 'gmail-reply.eml',
      email: 'ada.lovelace@gmail.com',
      text: 'Checkout was quick, but the invoice PDF never arrived — could you resend it?\n\nOtherwise all good.',
      metadata: {
        subject: 'Re: How likely are you to recommend Acme?',
        message_id: '<CAJx9Qm3kT+Zp4v1yqfR8nLw2aXb7Uo0sDc5eF6gH@mail.gmail.com>',
        in_reply_to: '<0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@heed.example>',
      },
    },
    {
      file: 'outlook-reply.eml',
      email: 'grace.hopper@navy.example',
      text: 'The new dashboard is confusing. I don’t know where the export button went.\n\nRegards,\nGrace',
      metadata: {
        subject: 'RE: How did we do?',
        message_id: '<AM9PR03MB70105E2F1C3B4A5D6E7F8091A2B3C@AM9PR03MB7010.eurprd03.prod.outlook.com>',
        in_reply_to: '<0195a1b2-feed-7e5f-8a9b-0c1d2e3f4a5b@heed.example>',
      },
    },
    {
      file: 'outlook-web-reply.eml',
      email: 'alan.turing@bletchley.example',
      text: 'Support answered within an hour and fixed it. Thank you!',
      metadata: {
        subject: 'Re: Quick question about your support experience',
        message_id: '<DB9PR08MB6588A1B2C3D4E5F60718293A4B5C@DB9PR08MB6588.eurprd08.prod.outlook.com>',
      },
    },
    {
      file: 'html-only.eml',
      email: 'linus@kernel.example',
      text: 'Onboarding took two days instead of two hours.\n\nThe SSO setup guide is out of date.',
      metadata: {
        subject: 'Re: Tell us about your onboarding',
        message_id: '<20250306120255.4F2A1C0042@mx.kernel.example>',
        in_reply_to: '<0195a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b@heed.example>',
      },
    },
    {
      file: 'with-attachment.eml',
      email: 'margaret@apollo.example',
      text: 'The export to CSV fails with an error, screenshot attached.',
      metadata: {
        subject: 'Re: How did we do?',
        message_id: '<5f2c9a1e-3b7d-4e8f-9a0b-1c2d3e4f5a6b@apollo.example>',
        attachments: 1,
      },
    },
  ])('records only the new text of $file as e-mail feedback of its sender', async (expected) => {
    const before = await counts();
    const answer = await postEmail(fixture(expected.file));
    expect(answer.status).toBe(201);
    const [customer] = await customerByEmail(expected.email);
    expect(answer.body.outcome).toBe('recorded');
    expect(answer.body.feedback).toMatchObject({
      customer_id: customer.id,
      channel: 'email',
      source: 'inbound-email',
      text: expected.text,
      metadata: expected.metadata,
    });
    expect((await feedbackOf(customer.id)).map((item) => item.text)).toEqual([expected.text]);
    expect(await counts()).toEqual({
      ...before,
      feedback: before.feedback + 1,
      customers: before.customers + 1,
    });
  });

  it('attaches a reply to the customer who already has the address, and a re-delivery writes nothing', async () => {
    const known = await newCustomer({ external_id: 'cus_ada_2', email: 'Ada@Engines.example' });
    const raw = fixture('gmail-reply.eml')
      .toString('latin1')
      .replace('From: Ada Lovelace <Ada.Lovelace@gmail.com>', 'From: Ada <ADA@engines.example>')
      .replace('Message-ID: <CAJx9Qm3k', 'Message-ID: <second-CAJx9Qm3k');
    const before = await counts();
    const first = await postEmail(Buffer.from(raw, 'latin1'), basic('heed', secret));
    expect([first.status, first.body.feedback?.customer_id]).toEqual([201, known.id]);
    expect(await counts()).toEqual({ ...before, feedback: before.feedback + 1 });

    const again = await postEmail(Buffer.from(raw, 'latin1'));
    expect([again.status, again.headers['idempotent-replayed'], again.body.feedback?.id]).toEqual([
      200,
      'true',
      first.body.feedback?.id,
    ]);
    expect(await counts()).toEqual({ ...before, feedback: before.feedback + 1 });
    expect(await feedbackOf(known.id)).toHaveLength(1);
  });

  it('ignores out-of-office replies and messages with nothing but quotes, writing nothing', async () => {
    const before = await counts();
    const auto = await postEmail(
      'From: grace.hopper@navy.example\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nI am away until Monday.\r\n',
    );
    const quoteOnly = await postEmail(
      'From: grace.hopper@navy.example\r\nSubject: Re: hi\r\n\r\nOn Mon, 3 Mar 2025, Acme wrote:\r\n> How was it?\r\n',
    );
    expect([auto.status, auto.body, quoteOnly.status, quoteOnly.body]).toEqual([
      200,
      { outcome: 'ignored', reason: 'Not recorded: it is automatic (Auto-Submitted: auto-replied).' },
      200,
      { outcome: 'ignored', reason: 'Not recorded: the message holds no new text, only quotes.' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed messages and forms with a 4xx naming the problem, writing nothing', async () => {
    const before = await workspaceRows(h.db, ws.id);
    const problems = [
      await postEmail(''),
      await postEmail('just some words, no headers'),
      await postEmail('From: not an address\r\n\r\nHello'),
      await h.api('POST', `/v1/inbound/${ws.id}/email`, { body: { text: 'json?' }, headers: bearer(secret) }),
      await postSms({ Body: 'hi', MessageSid: 'SM1' }),
      await postSms({ From: 'call me maybe', Body: 'hi', MessageSid: 'SM2' }),
      await postSms({ From: '+14155550134', Body: 'hi' }),
    ];
    expect(
      problems.map((answer) => [
        answer.status,
        (answer.body as unknown as Problem).errors?.map((e) => e.path),
      ]),
    ).toEqual([
      [400, ['(body)']],
      [400, ['From']],
      [400, ['From']],
      [400, ['(body)']],
      [400, ['From']],
      [400, ['From']],
      [400, ['MessageSid']],
    ]);
    expect((problems[5].body as unknown as Problem).errors?.[0].message).toBe(
      'must be a phone number in international form, e.g. +14155550134',
    );
    expect(await workspaceRows(h.db, ws.id)).toEqual(before);
  });

  it('records "9" by SMS as the score of the pending SMS survey, once however often it is delivered', async () => {
    const customer = await newCustomer({ external_id: 'cus_sms_1', phone: '+1 (415) 555-0134' });
    expect(customer.phone).toBe('+14155550134');
    const nps = await h.createSurvey(ws, { kind: 'nps', name: 'SMS NPS' });
    const older = await h.createSurvey(ws, { kind: 'nps', name: 'Older NPS' });
    await sentBySms(older, customer.id, '2 days');
    await sentBySms(nps, customer.id, '1 hour');
    const before = await counts();
    const message = twilio('+14155550134', '9', 'SM0000000000000000000000000000nine');
    const answer = await postSms(message, basic('twilio', secret));
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([
      200,
      'text/xml; charset=utf-8',
      thanks,
    ]);
    const again = await postSms(message);
    expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([200, 'true', thanks]);
    expect(await responsesOf(customer.id)).toEqual([
      expect.objectContaining({
        survey_id: nps,
        score: 9,
        channel: 'sms',
        metadata: { message_sid: message.MessageSid },
      }),
    ]);
    expect(await counts()).toEqual({ ...before, responses: before.responses + 1 });

    // Answered now: the next number answers the older survey still waiting, and then there is none.
    expect((await postSms(twilio('+14155550134', ' 10 '))).body).toBe(thanks);
    expect((await postSms(twilio('+14155550134', '8!'))).body).toBe(silence);
    expect((await responsesOf(customer.id)).map((r) => [r.survey_id, r.score])).toEqual([
      [older, 10],
      [nps, 9],
    ]);
    expect((await feedbackOf(customer.id)).map((item) => [item.text, item.channel])).toEqual([['8!', 'sms']]);
  });

  it('records "The app keeps crashing" as SMS feedback of the customer with that number', async () => {
    const customer = await newCustomer({ external_id: 'cus_sms_2', phone: '+44 (0)20 7946 0958' });
    const survey = await h.createSurvey(ws, { kind: 'nps', name: 'Crash NPS' });
    await sentBySms(survey, customer.id);
    const answer = await postSms(twilio('+442079460958', 'The app keeps crashing'));
    expect([answer.status, answer.body]).toEqual([200, silence]);
    expect(
      (await feedbackOf(customer.id)).map((item) => [item.text, item.channel, item.source, item.customer_id]),
    ).toEqual([['The app keeps crashing', 'sms', 'inbound-sms', customer.id]]);
    expect(await responsesOf(customer.id)).toEqual([]);
  });

  it('keeps a number as feedback when it is outside the survey’s scale, the survey is stale or archived', async () => {
    const customer = await newCustomer({ external_id: 'cus_sms_3', phone: '+1 415 555 0177' });
    const csat = await h.createSurvey(ws, { kind: 'csat', name: 'SMS CSAT', scale: '1-5' });
    await sentBySms(csat, customer.id);
    expect((await postSms(twilio('+14155550177', '9'))).body).toBe(silence);

    const other = await newCustomer({ external_id: 'cus_sms_4', phone: '+1 415 555 0178' });
    const stale = await h.createSurvey(ws, { kind: 'nps', name: 'Stale NPS' });
    await sentBySms(stale, other.id, '8 days');
    const archived = await h.createSurvey(ws, { kind: 'nps', name: 'Archived NPS' });
    await sentBySms(archived, other.id, '1 hour');
    expect((await h.api('POST', `/v1/surveys/${archived}/archive`, { key: ws.secretKey })).status).toBe(200);
    expect((await postSms(twilio('+14155550178', '7'))).body).toBe(silence);

    expect([...(await responsesOf(customer.id)), ...(await responsesOf(other.id))]).toEqual([]);
    expect((await feedbackOf(customer.id)).map((item) => item.text)).toEqual(['9']);
    expect((await feedbackOf(other.id)).map((item) => item.text)).toEqual(['7']);
  });

  it('gives an unknown phone number a customer of its own, and its number is feedback', async () => {
    const before = await counts();
    expect(await customerByPhone('+61 2 9374 4000')).toEqual([]);
    expect((await postSms(twilio('+61293744000', 'Where is my order?'))).body).toBe(silence);
    expect((await postSms(twilio('0061 2 9374 4000', '10'))).body).toBe(silence);
    const [customer] = await customerByPhone('+61293744000');
    expect(customer).toMatchObject({ phone: '+61293744000', email: null });
    expect((await feedbackOf(customer.id)).map((item) => item.text)).toEqual(['10', 'Where is my order?']);
    expect(await counts()).toEqual({
      ...before,
      feedback: before.feedback + 2,
      customers: before.customers + 1,
    });
  });

  it('records nothing for an SMS with no text (a picture alone)', async () => {
    const before = await counts();
    const answer = await postSms({ ...twilio('+14155550134', ''), NumMedia: '1' });
    expect([answer.status, answer.body]).toEqual([200, silence]);
    expect(await counts()).toEqual(before);
  });

  it('takes a phone on customers and in customer references, and names the field for a non-phone', async () => {
    const invalid = await h.api<Problem>('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { phone: 'call me' },
    });
    expect([invalid.status, invalid.body.errors]).toEqual([
      400,
      [{ path: 'phone', message: 'must be a phone number in international form, e.g. +14155550134' }],
    ]);
    const refused = await h.api<Problem>('POST', '/v1/feedback', {
      key: ws.publishableKey,
      body: { text: 'Hi', customer: { phone: '555-0134' } },
    });
    expect([refused.status, refused.body.errors?.map((e) => e.path)]).toEqual([400, ['customer.phone']]);

    const survey = await h.createSurvey(ws, { kind: 'nps', name: 'Phone refs' });
    const byPhone = await h.api<{ customer_id: string }>('POST', '/v1/responses', {
      key: ws.publishableKey,
      body: { survey_id: survey, score: 6, customer: { phone: '+1 212 555 0199' } },
    });
    expect(byPhone.status).toBe(201);
    // Known by phone only: a reference with an email and that phone gives the customer the email.
    const withEmail = await h.api<{ customer_id: string }>('POST', '/v1/responses', {
      key: ws.publishableKey,
      body: {
        survey_id: survey,
        score: 7,
        customer: { email: 'phone.only@example.com', phone: '+12125550199' },
      },
    });
    expect(withEmail.body.customer_id).toBe(byPhone.body.customer_id);
    const [customer] = await customerByPhone('+12125550199');
    expect([customer.id, customer.email]).toEqual([byPhone.body.customer_id, 'phone.only@example.com']);
    // A phone that belongs to a customer with another email is a conflict, not a merge.
    const conflict = await h.api<Problem>('POST', '/v1/customers', {
      key: ws.secretKey,
      body: { email: 'someone.else@example.com', phone: '+12125550199' },
    });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'conflict']);
  });

  it('documents both webhooks in OpenAPI as authenticated by the inbound secret', async () => {
    const doc = await h.api<{
      paths: Record<string, { post?: { security?: unknown; requestBody?: { content: object } } }>;
    }>('GET', '/openapi.json');
    const email = doc.body.paths['/v1/inbound/{workspace_id}/email']?.post;
    const sms = doc.body.paths['/v1/inbound/{workspace_id}/sms']?.post;
    expect([email?.security, sms?.security]).toEqual([
      [{ inboundSecret: [] }, { inboundSecretBasic: [] }],
      [{ inboundSecret: [] }, { inboundSecretBasic: [] }],
    ]);
    expect(Object.keys(email?.requestBody?.content ?? {})).toContain('message/rfc822');
    expect(Object.keys(sms?.requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);
  });
});
