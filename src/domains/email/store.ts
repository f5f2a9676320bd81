// SQL for e-mail surveys: the outbox of messages and the sender's claims on it.
import type { Queryable } from '../../db/connect.ts';

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'bounced' | 'failed';

export interface EmailMessageRow {
  workspace_id: string;
  id: string;
  survey_id: string;
  customer_id: string;
  to_address: string;
  link_token: string;
  base_url: string;
  subject: string;
  intro: string | null;
  status: EmailStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  smtp_message_id: string | null;
  queued_at: Date;
  sent_at: Date | null;
}

const columns =
  'workspace_id, id, survey_id, customer_id, to_address, link_token, base_url, subject, intro, status, attempts, next_attempt_at, last_error, smtp_message_id, queued_at, sent_at';

export async function insertMessages(
  db: Queryable,
  rows: Array<
    Pick<
      EmailMessageRow,
      | 'workspace_id'
      | 'id'
      | 'survey_id'
      | 'customer_id'
      | 'to_address'
      | 'link_token'
      | 'base_url'
      | 'subject'
      | 'intro'
    >
  >,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO email_messages (workspace_id, id, survey_id, customer_id, to_address, link_token, base_url, subject, intro)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $9::text[], $7::text[], $8::text[])`,
    [
      rows.map((r) => r.workspace_id),
      rows.map((r) => r.id),
      rows.map((r) => r.survey_id),
      rows.map((r) => r.customer_id),
      rows.map((r) => r.to_address),
      rows.map((r) => r.link_token),
      rows.map((r) => r.subject),
      rows.map((r) => r.intro),
      rows.map((r) => r.base_url),
    ],
  );
}

/**
 * Takes up to `limit` due messages for this sender: each is held a minute (next_attempt_at moves ahead), so
 * senders in other processes skip it, and a sender that dies lets it go. SKIP LOCKED: no sender waits.
 */
export async function claimDueMessages(
  db: Queryable,
  limit: number,
  holdSeconds = 60,
): Promise<EmailMessageRow[]> {
  return db.query<EmailMessageRow>(
    `UPDATE email_messages m SET status = 'sending', attempts = m.attempts + 1,
       next_attempt_at = now() + make_interval(secs => $2)
     WHERE (m.workspace_id, m.id) IN (
       SELECT workspace_id, id FROM email_messages
       WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING ${columns
       .split(', ')
       .map((c) => `m.${c}`)
       .join(', ')}`,
    [limit, holdSeconds],
  );
}

export async function markSent(db: Queryable, row: EmailMessageRow, smtpMessageId: string | null) {
  await db.query(
    `UPDATE email_messages SET status = 'sent', sent_at = now(), smtp_message_id = $3, last_error = NULL
     WHERE workspace_id = $1 AND id = $2`,
    [row.workspace_id, row.id, smtpMessageId],
  );
}

/** A permanent refusal (bounced) or the last of the attempts (failed); or a retry later. */
export async function markFailure(
  db: Queryable,
  row: EmailMessageRow,
  failure: { status: 'bounced' | 'failed' | 'queued'; error: string; retryInSeconds?: number },
) {
  await db.query(
    `UPDATE email_messages SET status = $3, last_error = $4,
       next_attempt_at = now() + make_interval(secs => $5)
     WHERE workspace_id = $1 AND id = $2`,
    [row.workspace_id, row.id, failure.status, failure.error.slice(0, 1000), failure.retryInSeconds ?? 0],
  );
}

/** Marks a sent message bounced (a delivery report that came later); returns it, or undefined if unknown. */
export async function markBouncedByMessageId(
  db: Queryable,
  workspaceId: string,
  smtpMessageId: string,
  detail: string,
) {
  const [row] = await db.query<Pick<EmailMessageRow, 'survey_id' | 'customer_id'>>(
    `UPDATE email_messages SET status = 'bounced', last_error = $3
     WHERE workspace_id = $1 AND smtp_message_id = $2 AND status = 'sent' RETURNING survey_id, customer_id`,
    [workspaceId, smtpMessageId, detail.slice(0, 1000)],
  );
  return row;
}

/** Messages of a survey by status. */
export async function countBySurvey(db: Queryable, workspaceId: string, surveyId: string) {
  return db.query<{ status: EmailStatus; messages: number }>(
    `SELECT status, count(*)::int AS messages FROM email_messages
     WHERE workspace_id = $1 AND survey_id = $2 GROUP BY status ORDER BY status`,
    [workspaceId, surveyId],
  );
}

/** Customers of a segment with an e-mail address, at most `limit`. */
export async function customersOfSegment(db: Queryable, workspaceId: string, segment: string, limit: number) {
  return db.query<{ id: string; email: string }>(
    `SELECT id, email FROM customers WHERE workspace_id = $1 AND segment = $2 AND email IS NOT NULL
     ORDER BY id LIMIT $3`,
    [workspaceId, segment, limit],
  );
}

export async function customersByIds(db: Queryable, workspaceId: string, ids: string[]) {
  return db.query<{ id: string; email: string | null; unsubscribed_at: Date | null }>(
    'SELECT id, email, unsubscribed_at FROM customers WHERE workspace_id = $1 AND id = ANY($2::uuid[])',
    [workspaceId, ids],
  );
}
