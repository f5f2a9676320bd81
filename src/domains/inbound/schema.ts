// Shapes of the inbound webhooks: the URL's workspace, the SMS form, the answers.
import { z } from 'zod';
import { text, uuid } from '../../shared/schemas.ts';
import { feedbackOutput } from '../responses/schema.ts';

export const inboundParams = z.object({ workspace_id: uuid });

/** The form an SMS provider posts (Twilio's field names); its other fields are ignored. */
export const smsInput = z.object({
  From: text(64).describe('The sender’s phone number, in international form, e.g. +14155550134'),
  Body: text(10_000).default('').describe('The text of the message'),
  MessageSid: text(64)
    .regex(/^[\x21-\x7e]+$/, 'must be the provider’s message id (visible ASCII)')
    .describe('The provider’s id of the message: a re-delivery with the same id records nothing new'),
});

export const emailBody = z
  .string()
  .describe('The raw RFC 822 message, as received (headers, body and attachments)');

export const emailOutput = z.object({
  outcome: z
    .enum(['recorded', 'ignored'])
    .describe('recorded: the reply is a feedback item; ignored: an automatic message or nothing new'),
  reason: z.string().optional().describe('Why the message was ignored'),
  feedback: feedbackOutput.optional().describe('The feedback item the reply became'),
});

export const inboundSecretOutput = z.object({
  secret: z.string().describe('Shown once; store it in your e-mail and SMS providers’ webhook settings'),
  email_url: z.string().describe('Where the e-mail provider posts each raw message'),
  sms_url: z.string().describe('Where the SMS provider posts each incoming message'),
  rotated_at: z.string(),
});
