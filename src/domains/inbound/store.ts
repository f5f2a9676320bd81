// SQL of the inbound webhooks: the workspace's inbound secret, and who an SMS comes from with the survey it
// answers. The latter reads customers, survey contacts, surveys and responses in one statement: a webhook
// answers a provider within its timeout, and these are reads only (the writes go through the services).
import type { Queryable } from '../../db/connect.ts';

export async function storeInboundSecretHash(db: Queryable, workspaceId: string, hash: Buffer) {
  const [row] = await db.query<{ rotated_at: Date }>(
    `UPDATE workspaces SET inbound_secret_hash = $2, inbound_secret_rotated_at = now() WHERE id = $1
     RETURNING inbound_secret_rotated_at AS rotated_at`,
    [workspaceId, hash],
  );
  return row;
}

/** The stored hash; null when the workspace has none (or does not exist). */
export async function findInboundSecretHash(db: Queryable, workspaceId: string): Promise<Buffer | null> {
  const [row] = await db.query<{ hash: Buffer | Uint8Array | null }>(
    'SELECT inbound_secret_hash AS hash FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  // PGlite hands bytea back as a Uint8Array, pg as a Buffer.
  return row?.hash ? Buffer.from(row.hash) : null;
}

export interface SmsSender {
  customer_id: string;
  /** The survey a numeric reply answers: null when none is pending. */
  survey_id: string | null;
  scale_min: number | null;
  scale_max: number | null;
}

/**
 * The customer with this phone number, and their pending SMS survey: the newest survey sent to them by SMS in
 * the last `days` days that is still active and that they have not answered since it was sent.
 */
export async function findSmsSender(
  db: Queryable,
  workspaceId: string,
  phone: string,
  days: number,
): Promise<SmsSender | undefined> {
  const [row] = await db.query<SmsSender>(
    `SELECT cu.id AS customer_id, p.survey_id, p.scale_min, p.scale_max
     FROM customers cu
     LEFT JOIN LATERAL (
       SELECT c.survey_id, s.scale_min, s.scale_max
       FROM survey_contacts c
       JOIN surveys s ON s.workspace_id = c.workspace_id AND s.id = c.survey_id
       WHERE c.workspace_id = cu.workspace_id AND c.customer_id = cu.id AND c.channel = 'sms'
         AND c.kind = 'sent' AND c.at > now() - make_interval(days => $3) AND s.status = 'active'
         AND NOT EXISTS (
           SELECT 1 FROM responses r
           WHERE r.workspace_id = c.workspace_id AND r.customer_id = c.customer_id
             AND r.survey_id = c.survey_id AND r.submitted_at >= c.at)
       ORDER BY c.at DESC, c.id DESC
       LIMIT 1
     ) p ON true
     WHERE cu.workspace_id = $1 AND cu.phone = $2`,
    [workspaceId, phone, days],
  );
  return row;
}
