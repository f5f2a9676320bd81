// /v1/surveys/{id}/emails: send a survey by e-mail to a list of customers or a segment, and see delivery.
import { z } from 'zod';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { idParams, requiredText, text } from '../../shared/schemas.ts';
import { customerRef } from '../customers/schema.ts';
import { publicBaseOf } from '../outreach/routes.ts';
import { maxRecipients } from './service.ts';

const emailRequest = z
  .object({
    customers: z
      .array(customerRef)
      .min(1)
      .max(1000, 'must list at most 1,000 customers; use a segment for more')
      .optional()
      .describe('The recipients, by id, external id or e-mail (new e-mail addresses become customers)'),
    segment: text(100)
      .min(1)
      .optional()
      .describe(`Everyone in this segment with an e-mail address (at most ${maxRecipients})`),
    subject: requiredText(200).optional().describe('Defaults to the survey’s question'),
    intro: text(1000).optional().describe('A sentence above the question'),
    respect_fatigue: z.boolean().default(true).describe('Skip customers asked within the fatigue cap'),
  })
  .refine((value) => (value.customers === undefined) !== (value.segment === undefined), {
    message: 'name the recipients with either customers or segment',
    path: ['customers'],
  });

const emailAnswer = z.object({
  survey_id: z.string(),
  queued: z.number(),
  skipped: z.array(
    z.object({
      customer_id: z.string(),
      reason: z.enum(['no_email', 'unsubscribed', 'fatigue', 'not_sampled']),
    }),
  ),
});

const deliveryAnswer = z.object({
  queued: z.number(),
  sending: z.number(),
  sent: z.number(),
  bounced: z.number(),
  failed: z.number(),
});

export function registerEmailRoutes(app: HeedApp, { email, config }: Services) {
  const tags = ['E-mail surveys'];
  app.post(
    '/v1/surveys/:id/emails',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'E-mail the survey to customers or a segment',
        description:
          'Each recipient gets a personal, single-use link; the scale is shown as links, so one click records ' +
          'the score and opens the page for a comment. A plain-text part carries the same links, and every ' +
          'message has an unsubscribe link (also as List-Unsubscribe, one click) that every channel honours. ' +
          'Skipped, with the reason: customers without an e-mail address, unsubscribed, asked within the ' +
          'fatigue cap, or outside the survey’s sample. Messages are sent within seconds by the outbox; ' +
          '`GET /v1/surveys/{id}/emails` shows delivery. Needs HEED_SMTP_URL (409 without).',
        params: idParams,
        body: emailRequest,
        response: { 202: emailAnswer },
      },
    },
    async (request, reply) => {
      const queued = await email.queueSurvey(
        principalOf(request).workspaceId,
        request.params.id,
        request.body,
        publicBaseOf(request, config.publicUrl),
      );
      return reply.status(202).send(queued);
    },
  );
  app.get(
    '/v1/surveys/:id/emails',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Delivery of the survey’s e-mails: messages by status',
        params: idParams,
        response: { 200: deliveryAnswer },
      },
    },
    async (request) => email.deliveryOf(principalOf(request).workspaceId, request.params.id),
  );
}
