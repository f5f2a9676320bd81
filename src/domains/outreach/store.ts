// SQL for outreach: the contacts ledger (who was asked, when, on which channel), the workspace's outreach
// settings, and reach per channel.
import type { Queryable } from '../../db/connect.ts';

export type ContactKind = 'shown' | 'sent' | 'bounced';

export interface ContactRow {
  workspace_id: string;
  id: string;
  survey_id: string;
  customer_id: string | null;
  channel: string;
  kind: ContactKind;
  at: Date;
}

/** What outreach needs to know of a workspace. */
export interface OutreachSettings {
  id: string;
  name: string;
  fatigue_days: number;
  link_secret: Buffer;
  privacy_notice: string | null;
}

export async function findOutreachSettings(
  db: Queryable,
  workspaceId: string,
): Promise<OutreachSettings | undefined> {
  const [row] = await db.query<OutreachSettings>(
    'SELECT id, name, fatigue_days, link_secret, privacy_notice FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  return row;
}

export async function insertContacts(db: Queryable, rows: ContactRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO survey_contacts (workspace_id, id, survey_id, customer_id, channel, kind, at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[])`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.survey_id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.channel),
      rows.map((r) => r.kind),
      rows.map((r) => r.at),
    ],
  );
}

export interface LastAsked {
  at: Date;
  channel: string;
  survey_id: string;
  /** 'shown' or 'sent' for an invitation; 'responded' when the customer answered without one on record. */
  how: 'shown' | 'sent' | 'responded';
}

/**
 * When the customer was last asked for feedback since `since`: the newest invitation shown or sent to
 * them, or the newest response they gave (a response through the API or an import is an ask too).
 */
export async function lastAskedSince(
  db: Queryable,
  workspaceId: string,
  customerId: string,
  since: Date,
): Promise<LastAsked | undefined> {
  const [row] = await db.query<LastAsked>(
    `SELECT at, channel, survey_id, how FROM (
       (SELECT at, channel, survey_id, kind AS how FROM survey_contacts
        WHERE workspace_id = $1 AND customer_id = $2 AND at > $3 AND kind IN ('shown', 'sent')
        ORDER BY at DESC LIMIT 1)
       UNION ALL
       (SELECT submitted_at, channel, survey_id, 'responded' FROM responses
        WHERE workspace_id = $1 AND customer_id = $2 AND submitted_at > $3
        ORDER BY submitted_at DESC LIMIT 1)
     ) AS asked ORDER BY at DESC LIMIT 1`,
    [workspaceId, customerId, since],
  );
  return row;
}

export interface ContactCount {
  channel: string;
  kind: ContactKind;
  contacts: number;
  customers: number;
}

/** Contacts of a survey per channel and kind in [from, to), with how many distinct customers they reached. */
export async function countContacts(
  db: Queryable,
  workspaceId: string,
  surveyId: string,
  from: Date,
  to: Date,
): Promise<ContactCount[]> {
  return db.query<ContactCount>(
    `SELECT channel, kind, count(*)::int AS contacts, count(DISTINCT customer_id)::int AS customers
     FROM survey_contacts WHERE workspace_id = $1 AND survey_id = $2 AND at >= $3 AND at < $4
     GROUP BY channel, kind ORDER BY channel, kind`,
    [workspaceId, surveyId, from, to],
  );
}

/** When the customer unsubscribed from surveys (every channel honours it); null if they have not. */
export async function unsubscribedAt(db: Queryable, workspaceId: string, customerId: string) {
  const [row] = await db.query<{ unsubscribed_at: Date | null }>(
    'SELECT unsubscribed_at FROM customers WHERE workspace_id = $1 AND id = $2',
    [workspaceId, customerId],
  );
  return row?.unsubscribed_at ?? null;
}

export async function unsubscribe(db: Queryable, workspaceId: string, customerId: string) {
  await db.query(
    'UPDATE customers SET unsubscribed_at = coalesce(unsubscribed_at, now()) WHERE workspace_id = $1 AND id = $2',
    [workspaceId, customerId],
  );
}

/** Whether a single-use link's nonce has been used, when and by which response. */
export async function findLinkUse(db: Queryable, workspaceId: string, nonce: string) {
  const [row] = await db.query<{ response_id: string; used_at: Date }>(
    'SELECT response_id, used_at FROM link_uses WHERE workspace_id = $1 AND nonce = $2',
    [workspaceId, nonce],
  );
  return row;
}
