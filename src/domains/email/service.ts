// E-mail surveys: who to ask (a list or a segment, less the unsubscribed, the recently asked and those
// outside the sample), an outbox of personal messages, and the sender that works through it over SMTP.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CustomerRef } from '../customers/schema.ts';
import type { CustomerService } from '../customers/service.ts';
import { stringsFor } from '../hosted/strings.ts';
import { newLinkNonce, signLinkToken } from '../outreach/link-token.ts';
import type { OutreachService } from '../outreach/service.ts';
import type { SurveyService } from '../surveys/service.ts';
import { renderSurveyEmail } from './render.ts';
import * as store from './store.ts';

/** Personal e-mail links stay open this long. */
const linkDays = 30;
/** Attempts at a message before a temporary failure counts as final. */
const maxAttempts = 5;
/** The most recipients one request may name, or take from a segment. */
export const maxRecipients = 10_000;

export interface SurveyEmailRequest {
  customers?: CustomerRef[];
  segment?: string;
  subject?: string;
  intro?: string;
  respect_fatigue: boolean;
}

export type SkipReason = 'no_email' | 'unsubscribed' | 'fatigue' | 'not_sampled';

export class EmailService {
  private transport: Transporter | undefined;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly surveys: SurveyService,
    private readonly customers: CustomerService,
    private readonly outreach: OutreachService,
  ) {}

  get configured(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  private transporter(): Transporter {
    if (!this.config.smtpUrl) {
      throw new Conflict('E-mail is not configured on this server: set HEED_SMTP_URL (and HEED_EMAIL_FROM).');
    }
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    return this.transport;
  }

  /**
   * Queues the survey for a list of customers or a segment; the sender delivers it within seconds. Each
   * recipient gets a personal, single-use link. Counted as asked when queued, so two requests in a row cannot
   * ask anyone twice.
   */
  async queueSurvey(workspaceId: string, surveyId: string, request: SurveyEmailRequest, baseUrl: string) {
    if ((request.customers === undefined) === (request.segment === undefined))
      throw Invalid.field('customers', 'name the recipients with either customers or segment');
    const survey = await this.surveys.getSurvey(workspaceId, surveyId);
    this.transporter();
    const eligibility = await this.outreach.eligibility(workspaceId, survey, undefined);
    if (!eligibility.eligible)
      throw new Conflict(
        eligibility.reason === 'quota_reached'
          ? 'The survey has reached its response quota.'
          : 'The survey is archived and takes no responses.',
      );
    const ids: string[] = [];
    if (request.customers) {
      for (const ref of request.customers)
        ids.push((await this.customers.resolveCustomer(workspaceId, ref)).id);
    } else {
      const members = await store.customersOfSegment(
        this.db,
        workspaceId,
        request.segment as string,
        maxRecipients,
      );
      ids.push(...members.map((member) => member.id));
    }
    const recipients = await store.customersByIds(this.db, workspaceId, [...new Set(ids)]);
    const settings = await this.outreach.settingsOf(workspaceId);
    const subject = request.subject ?? survey.question ?? survey.name;
    const skipped: Array<{ customer_id: string; reason: SkipReason }> = [];
    const messages: Parameters<typeof store.insertMessages>[1] = [];
    const now = Date.now();
    for (const recipient of recipients) {
      const skip = (reason: SkipReason) => skipped.push({ customer_id: recipient.id, reason });
      if (!recipient.email) {
        skip('no_email');
        continue;
      }
      if (recipient.unsubscribed_at) {
        skip('unsubscribed');
        continue;
      }
      if (request.respect_fatigue && (await this.outreach.fatigueOf(workspaceId, recipient.id))) {
        skip('fatigue');
        continue;
      }
      if (Math.random() >= survey.sample_rate) {
        skip('not_sampled');
        continue;
      }
      messages.push({
        workspace_id: workspaceId,
        id: newId(),
        survey_id: survey.id,
        customer_id: recipient.id,
        to_address: recipient.email,
        link_token: signLinkToken(
          {
            workspaceId,
            target: 'survey',
            surveyId: survey.id,
            customerId: recipient.id,
            channel: 'email',
            expiresAt: Math.floor(now / 1000) + linkDays * 86_400,
            nonce: newLinkNonce(),
          },
          settings.link_secret,
        ),
        base_url: baseUrl,
        subject: subject.replace('{workspace}', settings.name),
        intro: request.intro ?? null,
      });
    }
    await this.db.transaction(async (tx) => {
      await store.insertMessages(tx, messages);
    });
    await this.outreach.recordContacts(
      workspaceId,
      messages.map((message) => ({
        surveyId: survey.id,
        customerId: message.customer_id,
        channel: 'email',
        kind: 'sent' as const,
      })),
    );
    return { survey_id: survey.id, queued: messages.length, skipped };
  }

  /** Delivery so far: messages of the survey by status. */
  async deliveryOf(workspaceId: string, surveyId: string) {
    await this.surveys.getSurvey(workspaceId, surveyId);
    const counts = Object.fromEntries(
      (['queued', 'sending', 'sent', 'bounced', 'failed'] as const).map((status) => [status, 0]),
    ) as Record<store.EmailStatus, number>;
    for (const row of await store.countBySurvey(this.db, workspaceId, surveyId))
      counts[row.status] = row.messages;
    return counts;
  }

  /**
   * Sends due messages (the periodic job): returns how many it tried. A permanent SMTP refusal (5xx) is a
   * bounce; a temporary one, or no connection, is retried with backoff up to five attempts.
   */
  async sendDue(limit = 50): Promise<number> {
    if (!this.configured) return 0;
    const due = await store.claimDueMessages(this.db, limit);
    for (const message of due) await this.send(message);
    return due.length;
  }

  private async send(message: store.EmailMessageRow): Promise<void> {
    const survey = await this.surveys.findSurveyForIngest(message.workspace_id, message.survey_id);
    const settings = await this.outreach.settingsOf(message.workspace_id);
    if (!survey) {
      await store.markFailure(this.db, message, { status: 'failed', error: 'the survey no longer exists' });
      return;
    }
    const { language, strings } = stringsFor(survey.language);
    const unsubscribeUrl = `${message.base_url}/u/${await this.outreach.unsubscribeToken(message.workspace_id, message.customer_id)}`;
    const email = renderSurveyEmail({
      survey,
      workspaceName: settings.name,
      strings,
      language,
      surveyUrl: `${message.base_url}/s/${message.link_token}`,
      unsubscribeUrl,
      notice: settings.privacy_notice ?? strings.notice.replace('{workspace}', settings.name),
      intro: message.intro,
      subject: message.subject,
    });
    try {
      const info = await this.transporter().sendMail({
        from: { name: settings.name, address: this.config.emailFrom },
        to: message.to_address,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // One-click unsubscribe (RFC 8058): mail clients show their own button for it.
        list: { unsubscribe: { url: unsubscribeUrl, comment: strings.unsubscribe } },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      await store.markSent(this.db, message, typeof info.messageId === 'string' ? info.messageId : null);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const text = (error as Error).message;
      const permanent = typeof code === 'number' && code >= 500;
      const final = permanent || message.attempts >= maxAttempts;
      await store.markFailure(this.db, message, {
        status: permanent ? 'bounced' : final ? 'failed' : 'queued',
        error: text,
        retryInSeconds: final ? 0 : 60 * 2 ** (message.attempts - 1),
      });
      if (final) {
        await this.outreach.recordContacts(message.workspace_id, [
          { surveyId: message.survey_id, customerId: message.customer_id, channel: 'email', kind: 'bounced' },
        ]);
      }
    }
  }

  /**
   * A delivery report that came back by e-mail (the inbound webhook): the message it names bounced after
   * all. Returns whether it named one of this workspace's sent messages.
   */
  async recordBounceReport(workspaceId: string, smtpMessageId: string, detail: string): Promise<boolean> {
    const bounced = await store.markBouncedByMessageId(this.db, workspaceId, smtpMessageId, detail);
    if (!bounced) return false;
    await this.outreach.recordContacts(workspaceId, [
      { surveyId: bounced.survey_id, customerId: bounced.customer_id, channel: 'email', kind: 'bounced' },
    ]);
    return true;
  }

  /** Closes the SMTP connection pool (shutdown). */
  close(): void {
    this.transport?.close();
  }
}
