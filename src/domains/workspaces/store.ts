// SQL for workspaces and their API keys.
import type { Queryable } from '../../db/connect.ts';
import type { PrincipalKind } from './policy.ts';

export interface WorkspaceRow {
  id: string;
  name: string;
  currency: string;
  /** Replace e-mail addresses, phone and card numbers … in comments before they are stored. */
  pii_redaction: boolean;
  /** Ask a customer at most once per this many days across every channel; 0 for no cap. */
  fatigue_days: number;
  /** The data-use notice on hosted surveys and forms; null for the standard one. */
  privacy_notice: string | null;
  created_at: Date;
}

const workspaceColumns = 'id, name, currency, pii_redaction, fatigue_days, privacy_notice, created_at';

export interface ApiKeyRow {
  workspace_id: string;
  id: string;
  kind: PrincipalKind;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

const keyColumns = 'workspace_id, id, kind, name, prefix, created_at, revoked_at';

export interface WorkspaceChanges {
  name?: string;
  currency?: string;
  pii_redaction?: boolean;
  fatigue_days?: number;
  /** null restores the standard notice. */
  privacy_notice?: string | null;
}

export async function insertWorkspace(db: Queryable, row: { id: string; name: string; currency: string }) {
  const [workspace] = await db.query<WorkspaceRow>(
    `INSERT INTO workspaces (id, name, currency) VALUES ($1, $2, $3) RETURNING ${workspaceColumns}`,
    [row.id, row.name, row.currency],
  );
  return workspace;
}

export async function findWorkspace(db: Queryable, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.query<WorkspaceRow>(`SELECT ${workspaceColumns} FROM workspaces WHERE id = $1`, [
    id,
  ]);
  return row;
}

export async function updateWorkspace(db: Queryable, id: string, changes: WorkspaceChanges) {
  const [row] = await db.query<WorkspaceRow>(
    `UPDATE workspaces SET name = coalesce($2, name), currency = coalesce($3, currency),
       pii_redaction = coalesce($4, pii_redaction), fatigue_days = coalesce($5, fatigue_days),
       privacy_notice = CASE WHEN $6 THEN $7::text ELSE privacy_notice END
     WHERE id = $1 RETURNING ${workspaceColumns}`,
    [
      id,
      changes.name ?? null,
      changes.currency ?? null,
      changes.pii_redaction ?? null,
      changes.fatigue_days ?? null,
      changes.privacy_notice !== undefined,
      changes.privacy_notice ?? null,
    ],
  );
  return row;
}

export async function countWorkspaces(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces');
  return row.n;
}

export async function insertApiKey(
  db: Queryable,
  row: { workspaceId: string; id: string; kind: PrincipalKind; name: string; prefix: string; hash: Buffer },
): Promise<ApiKeyRow> {
  const [key] = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (workspace_id, id, kind, name, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${keyColumns}`,
    [row.workspaceId, row.id, row.kind, row.name, row.prefix, row.hash],
  );
  return key;
}

export async function findActiveKeyByHash(db: Queryable, workspaceId: string, hash: Buffer) {
  const [row] = await db.query<ApiKeyRow>(
    `SELECT ${keyColumns} FROM api_keys WHERE workspace_id = $1 AND secret_hash = $2 AND revoked_at IS NULL`,
    [workspaceId, hash],
  );
  return row;
}

export async function listApiKeys(db: Queryable, workspaceId: string): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(`SELECT ${keyColumns} FROM api_keys WHERE workspace_id = $1 ORDER BY id`, [
    workspaceId,
  ]);
}

export async function revokeApiKey(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  const [row] = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE workspace_id = $1 AND id = $2
     RETURNING ${keyColumns}`,
    [workspaceId, id],
  );
  return row;
}
