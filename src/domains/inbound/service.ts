// Inbound webhooks: an e-mail reply becomes feedback, an SMS reply a survey response or feedback. Both are
// recorded through the response service's ingest, so customer resolution, PII redaction and idempotency are
// the same as for every other channel; a provider's re-delivery (same Message-ID / MessageSid) writes nothing.
import { createHash } from 'node:crypto';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Db } from '../../db/connect.ts';
import type { Idempotency } from '../../db/idempotent-write.ts';
import { Invalid, Unauthenticated } from '../../errors.ts';
import { email as emailSchema, uuid } from '../../shared/schemas.ts';
import { normalisePhone, phoneProblem } from '../customers/phone.ts';
import { type FeedbackInput, feedbackInput } from '../responses/schema.ts';
import type { RedactionPolicy, ResponseService } from '../responses/service.ts';
import { redactPii } from '../text/redact.ts';
import { newReplyText } from './reply-text.ts';
import { generateInboundSecret, isInboundSecret, presentedSecret } from './secret.ts';
import * as store from './store.ts';

/** How long after an SMS survey was sent a numeric reply still answers it. */
export const smsSurveyDays = 7;

// The feedback text limit of the API; a longer reply is cut, not refused, so the customer is still heard.
const maxTextLength = 20_000;
// RFC 5322's line limit: headers longer than this are not real ones.
const maxHeaderLength = 998;

export type EmailOutcome =
  | { outcome: 'recorded'; replayed: boolean; feedback: Record<string, unknown> }
  | { outcome: 'ignored'; reason: string };

export type SmsOutcome = { recorded: 'response' | 'feedback' | 'nothing'; replayed: boolean };

export interface SmsInput {
  From: string;
  Body: string;
  MessageSid: string;
}

const hashOf = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** Text PostgreSQL can store: NUL characters dropped and lone surrogates replaced, as mail never means them. */
const storable = (value: string) => value.replaceAll('\u0000', '').replace(/\p{Surrogate}/gu, '\uFFFD');

/** A numeric SMS reply ("9", " 10 ", "9!") as its score; null for anything else. */
export function scoreOfSms(body: string): number | null {
  const match = /^\s*(\d{1,2})\s*[.!?]*\s*$/.exec(body);
  return match ? Number(match[1]) : null;
}

/**
 * A delivery report's (RFC 3464) verdict on a message: failed or not, its status and the original Message-ID,
 * read from the report's delivery-status part and the original headers it returns.
 */
export function deliveryFailureOf(mail: ParsedMail): { messageId: string; detail: string } | null {
  const parts = mail.attachments.map((attachment) => ({
    type: attachment.contentType.toLowerCase(),
    text: attachment.content.toString('utf8'),
  }));
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  if (contentType?.value?.toLowerCase() !== 'multipart/report') return null;
  // mailparser reads a delivery-status part as text: it is an attachment or the tail of the message's text.
  const status = parts.find((part) => part.type === 'message/delivery-status')?.text ?? mail.text ?? '';
  if (!/^Action:\s*failed\s*$/im.test(status)) return null;
  const original = parts.find(
    (part) => part.type === 'text/rfc822-headers' || part.type === 'message/rfc822',
  );
  const messageId = original ? /^Message-ID:\s*(<[^>\s]+>)/im.exec(original.text)?.[1] : undefined;
  if (!messageId) return null;
  const code = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(status)?.[1];
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(status)?.[1]?.trim();
  return { messageId, detail: [code, diagnostic].filter(Boolean).join(' ') || 'delivery failed' };
}

/** Why a message is an automatic one (an out-of-office reply, a bounce), or null for one a person wrote. */
function automaticBecause(mail: ParsedMail): string | null {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `it is automatic (Auto-Submitted: ${autoSubmitted})`;
  if (['auto_reply', 'bulk', 'junk'].includes(header('precedence')))
    return `it is automatic (Precedence: ${header('precedence')})`;
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  if (contentType?.value?.toLowerCase() === 'multipart/report') return 'it is a delivery report';
  return null;
}

export class InboundService {
  constructor(
    private readonly db: Db,
    private readonly responses: ResponseService,
    private readonly redactsPii: RedactionPolicy,
    /** Marks a survey e-mail bounced by its Message-ID; whether it was one of the workspace's. */
    private readonly recordBounce: (
      workspaceId: string,
      messageId: string,
      detail: string,
    ) => Promise<boolean>,
  ) {}

  /** Creates or replaces the workspace's inbound secret; the secret is in the answer, once. */
  async rotateSecret(workspaceId: string): Promise<{ secret: string; rotatedAt: Date }> {
    const generated = generateInboundSecret();
    const row = await store.storeInboundSecretHash(this.db, workspaceId, generated.hash);
    return { secret: generated.secret, rotatedAt: row.rotated_at };
  }

  /**
   * Checks the secret an Authorization header presents for the workspace in the URL. Every failure reads
   * the same, so a caller without the secret learns nothing, not even whether the workspace exists.
   */
  async authenticate(workspaceId: string, authorization: string | undefined): Promise<void> {
    const secret = presentedSecret(authorization);
    if (!secret)
      throw new Unauthenticated(
        'Send the inbound secret as "Authorization: Bearer heed_in_…" or as the password of HTTP Basic auth.',
      );
    const storedHash = uuid.safeParse(workspaceId).success
      ? await store.findInboundSecretHash(this.db, workspaceId)
      : null;
    if (!isInboundSecret(secret, storedHash))
      throw new Unauthenticated(
        'The inbound secret is wrong, or was rotated; create one at POST /v1/workspace/inbound-secret.',
      );
  }

  /** Records the new text of an e-mail reply as feedback of the customer who sent it. */
  async receiveEmail(workspaceId: string, raw: Buffer): Promise<EmailOutcome> {
    if (raw.toString('latin1').trim() === '')
      throw Invalid.field('(body)', 'is empty; send the raw RFC 822 message');
    let mail: ParsedMail;
    try {
      mail = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    } catch (error) {
      throw Invalid.field('(body)', `is not an RFC 822 message (${(error as Error).message})`);
    }
    const address = mail.from?.value[0]?.address;
    if (!address) throw Invalid.field('From', 'the message names no sender address');
    const sender = emailSchema.safeParse(address);
    if (!sender.success) throw Invalid.field('From', `${address.slice(0, 320)} is not an e-mail address`);
    const failure = deliveryFailureOf(mail);
    if (failure && (await this.recordBounce(workspaceId, failure.messageId, failure.detail))) {
      return {
        outcome: 'ignored',
        reason: `A delivery report: the survey e-mail ${failure.messageId} bounced.`,
      };
    }
    const automatic = automaticBecause(mail);
    if (automatic) return { outcome: 'ignored', reason: `Not recorded: ${automatic}.` };
    // mailparser turns the HTML part into text when there is no text part.
    const reply = storable(newReplyText(mail.text ?? ''))
      .slice(0, maxTextLength)
      .trim();
    if (reply === '')
      return { outcome: 'ignored', reason: 'Not recorded: the message holds no new text, only quotes.' };

    const redact = await this.redactsPii(workspaceId);
    const header = (value: string | undefined) =>
      value === undefined ? undefined : storable(value).slice(0, maxHeaderLength);
    const subject = header(mail.subject);
    const messageId = header(mail.messageId);
    const metadata: Record<string, unknown> = {
      // The subject is the customer's words too: redacted like the text.
      subject: subject === undefined ? null : redact ? redactPii(subject).text : subject,
      message_id: messageId ?? null,
    };
    const inReplyTo = header(mail.inReplyTo);
    if (inReplyTo) metadata.in_reply_to = inReplyTo;
    if (mail.attachments.length > 0) metadata.attachments = mail.attachments.length;
    const input = this.feedback({
      text: reply,
      channel: 'email',
      source: 'inbound-email',
      customer: { email: sender.data },
      metadata,
      submitted_at: this.sentAt(mail.date),
    });
    // A provider's re-delivery carries the same Message-ID; without one, the same bytes are the same message.
    const idempotency: Idempotency = {
      key: `inbound:email:${hashOf([messageId ?? raw.toString('base64')])}`,
      requestHash: hashOf([sender.data, subject ?? null, reply]),
    };
    const answer = await this.responses.recordFeedback(workspaceId, input, idempotency);
    return {
      outcome: 'recorded',
      replayed: answer.replayed,
      feedback: answer.body as Record<string, unknown>,
    };
  }

  /**
   * Records an SMS: a number answers the sender's pending SMS survey when it is within the survey's scale;
   * anything else (or a number with no survey to answer) is feedback.
   */
  async receiveSms(workspaceId: string, sms: SmsInput): Promise<SmsOutcome> {
    const phone = normalisePhone(sms.From);
    if (!phone) throw Invalid.field('From', phoneProblem);
    const text = storable(sms.Body).slice(0, maxTextLength).trim();
    // A picture with no words (MMS) has nothing to record.
    if (text === '') return { recorded: 'nothing', replayed: false };
    // One key whichever way the message is recorded, so a re-delivery that finds the survey answered (by the
    // first delivery) replays the first answer instead of writing feedback.
    const idempotency: Idempotency = {
      key: `inbound:sms:${sms.MessageSid}`,
      requestHash: hashOf([phone, sms.Body, sms.MessageSid]),
    };
    const metadata = { message_sid: sms.MessageSid };
    const score = scoreOfSms(text);
    if (score !== null) {
      const sender = await store.findSmsSender(this.db, workspaceId, phone, smsSurveyDays);
      const survey = sender?.survey_id ? sender : undefined;
      if (
        survey?.survey_id &&
        survey.scale_min !== null &&
        survey.scale_max !== null &&
        score >= survey.scale_min &&
        score <= survey.scale_max
      ) {
        try {
          const answer = await this.responses.recordResponse(
            workspaceId,
            {
              survey_id: survey.survey_id,
              score,
              channel: 'sms',
              customer: { id: survey.customer_id },
              metadata,
            },
            idempotency,
          );
          return { recorded: recordedAs(answer.body), replayed: answer.replayed };
        } catch (error) {
          // The survey refused the answer (archived meanwhile, questions it needs): keep the words as feedback.
          if (!(error instanceof Invalid)) throw error;
        }
      }
    }
    const answer = await this.responses.recordFeedback(
      workspaceId,
      this.feedback({ text, channel: 'sms', source: 'inbound-sms', customer: { phone }, metadata }),
      idempotency,
    );
    return { recorded: recordedAs(answer.body), replayed: answer.replayed };
  }

  /** Feedback checked against the API's own schema, so a webhook stores nothing the API would refuse. */
  private feedback(candidate: Record<string, unknown>): FeedbackInput {
    const parsed = feedbackInput.safeParse(candidate);
    if (!parsed.success)
      throw new Invalid(
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          message: issue.message,
        })),
      );
    return parsed.data;
  }

  /** When the customer sent the message (its Date header), unless that is absent, in the future or stale. */
  private sentAt(date: Date | undefined): string | undefined {
    if (!date || Number.isNaN(date.getTime())) return undefined;
    const age = Date.now() - date.getTime();
    return age >= 0 && age < 30 * 24 * 3600 * 1000 ? date.toISOString() : undefined;
  }
}

/** What a (possibly replayed) answer recorded: a response carries its survey. */
function recordedAs(body: unknown): 'response' | 'feedback' {
  return typeof body === 'object' && body !== null && 'survey_id' in body ? 'response' : 'feedback';
}
