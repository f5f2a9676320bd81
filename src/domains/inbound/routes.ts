// POST /v1/inbound/{workspace_id}/email and /sms: the webhooks e-mail and SMS providers call with customers'
// replies, authenticated by the workspace's inbound secret (not an API key); and the route that makes it.
import formbody from '@fastify/formbody';
import type { FastifyRequest } from 'fastify';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { publicBaseOf } from '../outreach/routes.ts';
import { emailBody, emailOutput, inboundParams, inboundSecretOutput, smsInput } from './schema.ts';

// An e-mail with attachments is far larger than any API request; providers cap messages near 25 MB.
const maxEmailBytes = 25 * 1024 * 1024;
const rawEmailTypes = ['message/rfc822', 'text/plain', 'application/octet-stream'];

const xml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${inner}`;
const thanks = xml('<Response><Message>Thank you for your answer!</Message></Response>');
// Feedback gets no automatic reply: a canned "thanks" to a complaint reads hollow and costs an SMS.
const silence = xml('<Response/>');

const credentials =
  'Authenticate with the workspace’s inbound secret (POST /v1/workspace/inbound-secret), not an API key: ' +
  '`Authorization: Bearer heed_in_…`, or HTTP Basic auth with the secret as the password ' +
  '(e.g. `https://heed:heed_in_…@your-host/v1/inbound/…`). A missing or wrong secret is answered 401 and ' +
  'nothing is written.';

export async function registerInboundRoutes(app: HeedApp, { inbound, config }: Services) {
  const tags = ['Inbound webhooks'];

  app.post(
    '/v1/workspace/inbound-secret',
    {
      config: { action: 'administer' },
      schema: {
        tags,
        summary: 'Create or rotate the inbound secret (shown once) and get the webhook URLs',
        description:
          'The e-mail and SMS webhooks accept this secret instead of an API key. Rotating it stops the old ' +
          'one at once: update the providers’ webhook settings.',
        response: { 201: inboundSecretOutput },
      },
    },
    async (request, reply) => {
      const workspaceId = principalOf(request).workspaceId;
      const { secret, rotatedAt } = await inbound.rotateSecret(workspaceId);
      const base = `${publicBaseOf(request, config.publicUrl)}/v1/inbound/${workspaceId}`;
      return reply.status(201).send({
        secret,
        email_url: `${base}/email`,
        sms_url: `${base}/sms`,
        rotated_at: rotatedAt.toISOString(),
      });
    },
  );

  // The webhooks in a scope of their own: their secret check and raw-message parsers apply to them only.
  await app.register(async (scope: HeedApp) => {
    // SMS providers post form-encoded fields; only these webhooks (and the hosted pages) take such bodies.
    await scope.register(formbody);
    scope.addHook('onRequest', async (request: FastifyRequest) => {
      // Before the body is read: a caller without the secret cannot make Heed parse (or buffer) anything.
      const { workspace_id: workspaceId = '' } = request.params as { workspace_id?: string };
      await inbound.authenticate(workspaceId, request.headers.authorization);
    });
    // Raw messages as a binary string (one character per byte), so 8-bit mail survives to the parser intact.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(rawEmailTypes, { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, (body as Buffer).toString('latin1'));
    });

    scope.post(
      '/v1/inbound/:workspace_id/email',
      {
        bodyLimit: Math.max(maxEmailBytes, config.bodyLimit),
        schema: {
          tags,
          summary: 'Receive an e-mail reply (raw RFC 822) as feedback',
          description:
            'Post the raw message as `message/rfc822` (or `text/plain`). The sender (From) is the customer, ' +
            'found or created by e-mail address; the new text of the reply — without quoted history ("On … ' +
            'wrote:", "> " lines, Outlook’s "From: … Sent: …" block) and signature — becomes feedback on ' +
            'channel `email`, with the subject and Message-ID in its metadata. An HTML-only message is read as ' +
            'text. A re-delivery with the same Message-ID writes nothing new and is answered 200 with the first ' +
            `item. Out-of-office replies and bounces are answered 200 \`ignored\`. ${credentials}`,
          security: [{ inboundSecret: [] }, { inboundSecretBasic: [] }],
          consumes: rawEmailTypes,
          params: inboundParams,
          body: emailBody,
          response: { 200: emailOutput, 201: emailOutput },
        },
      },
      async (request, reply) => {
        const outcome = await inbound.receiveEmail(
          request.params.workspace_id,
          Buffer.from(request.body, 'latin1'),
        );
        if (outcome.outcome === 'ignored') return reply.status(200).send(outcome);
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        // A re-delivery is answered 200 with the item the first delivery made.
        return reply
          .status(outcome.replayed ? 200 : 201)
          .send({ outcome: 'recorded', feedback: outcome.feedback as never });
      },
    );

    scope.post(
      '/v1/inbound/:workspace_id/sms',
      {
        schema: {
          tags,
          summary: 'Receive an SMS (Twilio’s form fields) as a survey answer or feedback',
          description:
            'Post `From`, `Body` and `MessageSid` form-encoded, as Twilio does. The customer is found (or ' +
            'created) by phone number. A number alone ("9", "10!") answers their pending SMS survey — the newest ' +
            'survey sent to them by SMS in the last 7 days, still active and not yet answered — when it is within ' +
            'the survey’s scale; any other text, or a number with no survey to answer, becomes feedback on ' +
            'channel `sms`. Answered with TwiML (`text/xml`): a short thank-you for a score, an empty ' +
            `\`<Response/>\` otherwise. A re-delivery with the same MessageSid writes nothing new. ${credentials}`,
          security: [{ inboundSecret: [] }, { inboundSecretBasic: [] }],
          consumes: ['application/x-www-form-urlencoded'],
          params: inboundParams,
          body: smsInput,
        },
      },
      async (request, reply) => {
        const outcome = await inbound.receiveSms(request.params.workspace_id, request.body);
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        return reply
          .status(200)
          .type('text/xml; charset=utf-8')
          .send(outcome.recorded === 'response' ? thanks : silence);
      },
    );
  });
}
