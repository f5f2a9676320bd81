// Outreach: asking customers for feedback without pestering them. Signed links to the hosted pages, the
// contacts ledger every channel writes, the workspace's fatigue cap every channel obeys, per-survey sampling
// and response quotas, and reach (contacts and responses per channel).
import type { Db, Queryable } from '../../db/connect.ts';
import { GroupCommit } from '../../db/group-commit.ts';
import { Conflict, Gone, Invalid, NotFound } from '../../errors.ts';
import { newId } from '../../shared/ids.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';
import type { CustomerService } from '../customers/service.ts';
import type { MetricService } from '../metrics/service.ts';
import type { SurveyRow, SurveyService } from '../surveys/service.ts';
import {
  type LinkChannel,
  type LinkClaims,
  linkSignatureValid,
  newLinkNonce,
  readLinkToken,
  signLinkToken,
} from './link-token.ts';
import type { LinkInput } from './schema.ts';
import * as store from './store.ts';

export type { LinkClaims } from './link-token.ts';
export type { OutreachSettings } from './store.ts';

const dayMs = 86_400_000;

/** Why a customer may not be asked now. */
export interface FatigueBlock {
  reason: 'fatigue';
  last_asked_at: string;
  last_channel: string;
  /** When the customer may be asked again. */
  next_at: string;
}

export type Eligibility =
  | { eligible: true }
  | ({ eligible: false } & FatigueBlock)
  | { eligible: false; reason: 'quota_reached' | 'survey_archived' | 'not_sampled' | 'unsubscribed' };

/** A link opened by a visitor: what it claims, checked, with the workspace and survey it opens. */
export interface OpenedLink {
  claims: LinkClaims;
  settings: store.OutreachSettings;
  survey?: SurveyRow;
  /** For a single-use link already used: when, and by which response. */
  usedAt?: Date;
  usedBy?: string;
}

/** Claims the nonces of single-use links for responses written in this transaction; returns those claimed. */
export async function claimLinkUses(
  tx: Queryable,
  uses: Array<{ workspaceId: string; nonce: string; responseId: string }>,
): Promise<Set<string>> {
  if (uses.length === 0) return new Set();
  const claimed = await tx.query<{ workspace_id: string; nonce: string }>(
    `INSERT INTO link_uses (workspace_id, nonce, response_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[])
     ON CONFLICT (workspace_id, nonce) DO NOTHING RETURNING workspace_id, nonce`,
    [uses.map((u) => u.workspaceId), uses.map((u) => u.nonce), uses.map((u) => u.responseId)],
  );
  return new Set(claimed.map((row) => `${row.workspace_id}/${row.nonce}`));
}

export class OutreachService {
  // Every hosted page view reads the workspace's secret and settings: cached briefly, like API keys.
  private readonly settings: TtlCache<string, store.OutreachSettings>;
  // Every hosted page view and widget display writes a contact: gathered into one INSERT like ingest, since
  // one statement per view measured as most of a page's time.
  private readonly contactWriter: GroupCommit<store.ContactRow[], undefined>;

  constructor(
    private readonly db: Db,
    private readonly surveys: SurveyService,
    private readonly customers: CustomerService,
    private readonly metrics: MetricService,
    cacheSeconds: number,
    groupCommit: { maxWaitMs: number; maxItems: number },
  ) {
    this.settings = new TtlCache(cacheSeconds * 1000, 10_000);
    this.contactWriter = new GroupCommit({
      maxWaitMs: groupCommit.maxWaitMs,
      maxWeight: groupCommit.maxItems,
      concurrency: db.connections,
      weightOf: (rows) => rows.length,
      write: async (groups) => {
        await store.insertContacts(db, groups.flat());
        return groups.map(() => undefined);
      },
    });
  }

  /** Waits until every contact accepted so far is written (graceful shutdown). */
  drain(): Promise<void> {
    return this.contactWriter.drain();
  }

  async settingsOf(workspaceId: string): Promise<store.OutreachSettings> {
    const cached = this.settings.get(workspaceId);
    if (cached) return cached;
    const found = await store.findOutreachSettings(this.db, workspaceId);
    if (!found) throw new NotFound('Workspace');
    this.settings.set(workspaceId, found);
    return found;
  }

  /** Forgets the cached settings of a workspace (after they change). */
  forgetSettings(workspaceId: string): void {
    this.settings.delete(workspaceId);
  }

  // ---- fatigue, sampling and quotas ----

  /**
   * Whether the customer may be asked now under the workspace's fatigue cap: not if any channel showed or
   * sent them a survey, or they answered one, within the last `fatigue_days`.
   */
  async fatigueOf(workspaceId: string, customerId: string, now = new Date()): Promise<FatigueBlock | null> {
    const { fatigue_days: days } = await this.settingsOf(workspaceId);
    if (days === 0) return null;
    const last = await store.lastAskedSince(
      this.db,
      workspaceId,
      customerId,
      new Date(now.getTime() - days * dayMs),
    );
    if (!last) return null;
    return {
      reason: 'fatigue',
      last_asked_at: last.at.toISOString(),
      last_channel: last.channel,
      next_at: new Date(last.at.getTime() + days * dayMs).toISOString(),
    };
  }

  /** How many scored responses the survey has (all time): what its quota counts. */
  private async responsesOf(survey: SurveyRow): Promise<number> {
    return this.metrics.countResponses(survey.workspace_id, survey.id);
  }

  /**
   * Whether Heed may ask this customer (or an anonymous visitor, customerId undefined) to answer the survey
   * now: the survey is active, its quota not reached, the customer not asked within the fatigue cap, and —
   * when `sample` is a number in [0, 1) drawn for this ask — inside the survey's sample.
   */
  async eligibility(
    workspaceId: string,
    survey: SurveyRow,
    customerId: string | undefined,
    sample?: number,
  ): Promise<Eligibility> {
    if (survey.status === 'archived') return { eligible: false, reason: 'survey_archived' };
    if (sample !== undefined && sample >= survey.sample_rate)
      return { eligible: false, reason: 'not_sampled' };
    if (survey.response_quota !== null && (await this.responsesOf(survey)) >= survey.response_quota)
      return { eligible: false, reason: 'quota_reached' };
    if (customerId) {
      if (await store.unsubscribedAt(this.db, workspaceId, customerId))
        return { eligible: false, reason: 'unsubscribed' };
      const block = await this.fatigueOf(workspaceId, customerId);
      if (block) return { eligible: false, ...block };
    }
    return { eligible: true };
  }

  /** Records that surveys were shown, sent or bounced; every channel calls this. */
  async recordContacts(
    workspaceId: string,
    contacts: Array<{
      surveyId: string;
      customerId: string | null;
      channel: string;
      kind: store.ContactKind;
      at?: Date;
    }>,
  ): Promise<void> {
    if (contacts.length === 0) return;
    const now = new Date();
    await this.contactWriter.submit(
      contacts.map((contact) => ({
        workspace_id: workspaceId,
        id: newId(),
        survey_id: contact.surveyId,
        customer_id: contact.customerId,
        channel: contact.channel,
        kind: contact.kind,
        at: contact.at ?? now,
      })),
    );
  }

  // ---- links ----

  /**
   * Makes a signed link to a hosted survey or to the feedback form. A personal link (with a customer)
   * counts as asking them: it is refused under the fatigue cap unless `respect_fatigue` is false, and
   * recorded as sent on its channel.
   */
  async createLink(workspaceId: string, input: LinkInput, now = new Date()) {
    const settings = await this.settingsOf(workspaceId);
    let survey: SurveyRow | undefined;
    if (input.target === 'survey') {
      if (!input.survey_id) throw Invalid.field('survey_id', 'is required for a survey link');
      survey = await this.surveys.getSurvey(workspaceId, input.survey_id);
      if (survey.status === 'archived')
        throw Invalid.field('survey_id', 'is archived and takes no responses');
    } else if (input.survey_id) {
      throw Invalid.field('survey_id', 'applies to survey links only');
    }
    const customer = input.customer
      ? await this.customers.resolveCustomer(workspaceId, input.customer)
      : undefined;
    if (survey && customer && (await store.unsubscribedAt(this.db, workspaceId, customer.id))) {
      throw new Conflict('The customer unsubscribed from surveys; no survey link is made for them.');
    }
    if (survey && customer && input.respect_fatigue) {
      const block = await this.fatigueOf(workspaceId, customer.id, now);
      if (block) {
        throw new Conflict(
          `The customer was asked on ${block.last_asked_at.slice(0, 10)} (${block.last_channel}); this workspace asks ` +
            `a customer at most once every ${settings.fatigue_days} days, so not before ${block.next_at.slice(0, 10)}. ` +
            'Send "respect_fatigue": false to make the link anyway.',
        );
      }
    }
    const claims: LinkClaims = {
      workspaceId,
      target: input.target,
      channel: input.channel,
      ...(survey ? { surveyId: survey.id } : {}),
      ...(customer ? { customerId: customer.id } : {}),
      ...(input.expires_in_days
        ? { expiresAt: Math.floor(now.getTime() / 1000) + input.expires_in_days * 86_400 }
        : {}),
      ...(input.single_use ? { nonce: newLinkNonce() } : {}),
    };
    const token = signLinkToken(claims, settings.link_secret);
    if (survey && customer) {
      await this.recordContacts(workspaceId, [
        { surveyId: survey.id, customerId: customer.id, channel: input.channel, kind: 'sent', at: now },
      ]);
    }
    return {
      token,
      path: `/${input.target === 'survey' ? 's' : 'f'}/${token}`,
      target: input.target,
      survey_id: survey?.id ?? null,
      customer_id: customer?.id ?? null,
      channel: input.channel,
      single_use: input.single_use,
      expires_at: claims.expiresAt ? new Date(claims.expiresAt * 1000).toISOString() : null,
    };
  }

  /** The link with which a customer unsubscribes from every survey (in the footer of survey e-mails). */
  async unsubscribeToken(workspaceId: string, customerId: string) {
    const settings = await this.settingsOf(workspaceId);
    return signLinkToken(
      { workspaceId, target: 'unsubscribe', customerId, channel: 'email' },
      settings.link_secret,
    );
  }

  /** Unsubscribes the customer from surveys on every channel. */
  async unsubscribe(workspaceId: string, customerId: string): Promise<void> {
    await store.unsubscribe(this.db, workspaceId, customerId);
  }

  /** When the customer unsubscribed, or null. */
  unsubscribedAt(workspaceId: string, customerId: string) {
    return store.unsubscribedAt(this.db, workspaceId, customerId);
  }

  /** The public (anonymous, reusable, never-expiring) link of a survey: the same token every time. */
  async publicSurveyLink(workspaceId: string, surveyId: string, channel: LinkChannel = 'link') {
    const settings = await this.settingsOf(workspaceId);
    return signLinkToken({ workspaceId, target: 'survey', surveyId, channel }, settings.link_secret);
  }

  /**
   * Opens a link a visitor followed: checks its signature, expiry and target. Anything wrong is a NotFound
   * that says nothing about why, except an expired link (Gone), whose visitor deserves to know.
   */
  async openLink(token: string, target: LinkClaims['target'], now = new Date()): Promise<OpenedLink> {
    const read = readLinkToken(token);
    if (!read || read.claims.target !== target) throw new NotFound('Link');
    const settings = await this.settingsOf(read.claims.workspaceId).catch((error: unknown) => {
      if (error instanceof NotFound) return undefined;
      throw error;
    });
    if (!settings || !linkSignatureValid(read, settings.link_secret)) throw new NotFound('Link');
    const { claims } = read;
    if (claims.expiresAt !== undefined && claims.expiresAt * 1000 < now.getTime()) {
      throw new Gone(`The link expired on ${new Date(claims.expiresAt * 1000).toISOString().slice(0, 10)}`);
    }
    const opened: OpenedLink = { claims, settings };
    if (claims.surveyId) {
      const survey = await this.surveys.findSurveyForIngest(claims.workspaceId, claims.surveyId);
      if (!survey) throw new NotFound('Link');
      opened.survey = survey;
    }
    if (claims.nonce) {
      const use = await store.findLinkUse(this.db, claims.workspaceId, claims.nonce);
      if (use) {
        opened.usedAt = use.used_at;
        opened.usedBy = use.response_id;
      }
    }
    return opened;
  }

  // ---- reach ----

  /**
   * Per channel, on the UTC days from `from` to `to` (inclusive): invitations shown and sent, bounces,
   * scored responses, and the response rate.
   */
  async reach(workspaceId: string, surveyId: string, from: string, to: string) {
    await this.surveys.getSurvey(workspaceId, surveyId);
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + dayMs);
    const [contacts, responses] = await Promise.all([
      store.countContacts(this.db, workspaceId, surveyId, start, end),
      this.metrics.responsesByChannel(workspaceId, surveyId, start, new Date(end.getTime() - 1)),
    ]);
    const channels = new Map<string, { shown: number; sent: number; bounced: number }>();
    const entry = (channel: string) => {
      let found = channels.get(channel);
      if (!found) {
        found = { shown: 0, sent: 0, bounced: 0 };
        channels.set(channel, found);
      }
      return found;
    };
    for (const row of contacts) {
      entry(row.channel)[row.kind] += row.contacts;
    }
    for (const channel of responses.keys()) entry(channel);
    return [...channels.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, counts]) => {
        const answered = responses.get(channel) ?? 0;
        // Asked = delivered invitations (sent less bounced) plus displays; a response rate needs a denominator.
        const asked = counts.shown + Math.max(0, counts.sent - counts.bounced);
        return {
          channel,
          shown: counts.shown,
          sent: counts.sent,
          bounced: counts.bounced,
          responses: answered,
          response_rate: asked > 0 ? Math.round((answered / asked) * 10_000) / 10_000 : null,
        };
      });
  }
}
