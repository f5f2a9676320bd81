// SQL for members, sessions, invitations and sign-in failures.
import type { Queryable } from '../../db/connect.ts';
import type { Role } from '../workspaces/policy.ts';

export interface MemberRow {
  workspace_id: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

const memberColumns = 'workspace_id, id, email, name, role, created_at';

export interface InvitationRow {
  workspace_id: string;
  id: string;
  /** Null for a setup invitation (first start): whoever accepts it gives their own address. */
  email: string | null;
  role: Role;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}

const invitationColumns = 'workspace_id, id, email, role, created_at, expires_at, accepted_at';

export async function insertMember(
  db: Queryable,
  row: { workspaceId: string; id: string; email: string; name: string; role: Role; passwordHash: string },
): Promise<MemberRow | undefined> {
  const [member] = await db.query<MemberRow>(
    `INSERT INTO members (workspace_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, email) DO NOTHING RETURNING ${memberColumns}`,
    [row.workspaceId, row.id, row.email, row.name, row.role, row.passwordHash],
  );
  return member;
}

/** Every membership of an address, oldest first, with its password hash: the one cross-workspace lookup. */
export function membersByEmail(db: Queryable, email: string) {
  return db.query<MemberRow & { password_hash: string }>(
    `SELECT ${memberColumns}, password_hash FROM members WHERE email = $1 ORDER BY created_at, workspace_id`,
    [email],
  );
}

export async function findMember(db: Queryable, workspaceId: string, id: string, forUpdate = false) {
  const [row] = await db.query<MemberRow & { password_hash: string }>(
    `SELECT ${memberColumns}, password_hash FROM members WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return row;
}

export function listMembers(db: Queryable, workspaceId: string) {
  return db.query<MemberRow>(`SELECT ${memberColumns} FROM members WHERE workspace_id = $1 ORDER BY id`, [
    workspaceId,
  ]);
}

/** The workspace's owners, locked, so two requests cannot each remove or demote "the other" last owner. */
export async function lockOwners(db: Queryable, workspaceId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM members WHERE workspace_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
    [workspaceId],
  );
  return rows.map((row) => row.id);
}

export async function updateRole(db: Queryable, workspaceId: string, id: string, role: Role) {
  const [row] = await db.query<MemberRow>(
    `UPDATE members SET role = $3 WHERE workspace_id = $1 AND id = $2 RETURNING ${memberColumns}`,
    [workspaceId, id, role],
  );
  return row;
}

export async function deleteMember(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<MemberRow>(
    `DELETE FROM members WHERE workspace_id = $1 AND id = $2 RETURNING ${memberColumns}`,
    [workspaceId, id],
  );
  return row;
}

export async function updatePassword(db: Queryable, workspaceId: string, id: string, passwordHash: string) {
  await db.query('UPDATE members SET password_hash = $3 WHERE workspace_id = $1 AND id = $2', [
    workspaceId,
    id,
    passwordHash,
  ]);
}

export async function insertSession(
  db: Queryable,
  row: {
    workspaceId: string;
    id: string;
    memberId: string;
    tokenHash: Buffer;
    csrfToken: string;
    expiresAt: Date;
  },
) {
  await db.query(
    `INSERT INTO sessions (workspace_id, id, member_id, token_hash, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.workspaceId, row.id, row.memberId, row.tokenHash, row.csrfToken, row.expiresAt],
  );
}

/** A live session and its member, found by the token's hash inside the token's workspace. */
export async function findSession(db: Queryable, workspaceId: string, tokenHash: Buffer) {
  const [row] = await db.query<{ id: string; csrf_token: string; member_id: string; role: Role }>(
    `SELECT s.id, s.csrf_token, s.member_id, m.role
     FROM sessions s JOIN members m ON m.workspace_id = s.workspace_id AND m.id = s.member_id
     WHERE s.workspace_id = $1 AND s.token_hash = $2 AND s.expires_at > now()`,
    [workspaceId, tokenHash],
  );
  return row;
}

export async function deleteSession(db: Queryable, workspaceId: string, id: string) {
  await db.query('DELETE FROM sessions WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}

/** Ends every session of a member but one (null: all of them). */
export async function deleteSessionsOf(
  db: Queryable,
  workspaceId: string,
  memberId: string,
  except: string | null,
) {
  await db.query(
    'DELETE FROM sessions WHERE workspace_id = $1 AND member_id = $2 AND ($3::uuid IS NULL OR id <> $3::uuid)',
    [workspaceId, memberId, except],
  );
}

export async function insertInvitation(
  db: Queryable,
  row: {
    workspaceId: string;
    id: string;
    email: string | null;
    role: Role;
    tokenHash: Buffer;
    expiresAt: Date;
  },
): Promise<InvitationRow> {
  const [invitation] = await db.query<InvitationRow>(
    `INSERT INTO invitations (workspace_id, id, email, role, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${invitationColumns}`,
    [row.workspaceId, row.id, row.email, row.role, row.tokenHash, row.expiresAt],
  );
  return invitation;
}

/** Takes an open invitation: marks it accepted and returns it, or nothing if unknown, used or expired. */
export async function takeInvitation(db: Queryable, workspaceId: string, tokenHash: Buffer) {
  const [row] = await db.query<InvitationRow>(
    `UPDATE invitations SET accepted_at = now()
     WHERE workspace_id = $1 AND token_hash = $2 AND accepted_at IS NULL AND expires_at > now()
     RETURNING ${invitationColumns}`,
    [workspaceId, tokenHash],
  );
  return row;
}

/** Invitations not yet accepted and not expired, newest first. */
export function listOpenInvitations(db: Queryable, workspaceId: string) {
  return db.query<InvitationRow>(
    `SELECT ${invitationColumns} FROM invitations
     WHERE workspace_id = $1 AND accepted_at IS NULL AND expires_at > now() ORDER BY created_at DESC, id DESC`,
    [workspaceId],
  );
}

export async function findInvitation(db: Queryable, workspaceId: string, id: string, forUpdate = false) {
  const [row] = await db.query<InvitationRow>(
    `SELECT ${invitationColumns} FROM invitations WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return row;
}

/** An invitation that can still be accepted, with its workspace's name: what the invitee is shown first. */
export async function findOpenInvitationByHash(db: Queryable, workspaceId: string, tokenHash: Buffer) {
  const [row] = await db.query<InvitationRow & { workspace_name: string }>(
    `SELECT i.workspace_id, i.id, i.email, i.role, i.created_at, i.expires_at, i.accepted_at,
            w.name AS workspace_name
     FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
     WHERE i.workspace_id = $1 AND i.token_hash = $2 AND i.accepted_at IS NULL AND i.expires_at > now()`,
    [workspaceId, tokenHash],
  );
  return row;
}

/** Revoking an invitation deletes it: its token then matches nothing, as if it had never been sent. */
export async function deleteInvitation(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.query<InvitationRow>(
    `DELETE FROM invitations WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL
     RETURNING ${invitationColumns}`,
    [workspaceId, id],
  );
  return row;
}

/** Deletes the open setup invitations (those naming no address) of a workspace; answers how many. */
export async function deleteOpenSetupInvitations(db: Queryable, workspaceId: string): Promise<number> {
  const rows = await db.query<{ id: string }>(
    'DELETE FROM invitations WHERE workspace_id = $1 AND email IS NULL AND accepted_at IS NULL RETURNING id',
    [workspaceId],
  );
  return rows.length;
}

export async function countMembers(db: Queryable, workspaceId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM members WHERE workspace_id = $1',
    [workspaceId],
  );
  return row.n;
}

export async function memberWithEmailExists(db: Queryable, workspaceId: string, email: string) {
  const rows = await db.query('SELECT 1 FROM members WHERE workspace_id = $1 AND email = $2', [
    workspaceId,
    email,
  ]);
  return rows.length > 0;
}

/** Locks the workspace's row: setup acceptances serialise on it, so only one can find no members. */
export async function lockWorkspace(db: Queryable, workspaceId: string) {
  await db.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
}

export async function recentFailures(db: Queryable, email: string, ip: string, windowSeconds: number) {
  const [row] = await db.query<{ by_email: number; by_ip: number }>(
    `SELECT (SELECT count(*)::int FROM sign_in_failures WHERE email = $1 AND at > now() - make_interval(secs => $3)) AS by_email,
            (SELECT count(*)::int FROM sign_in_failures WHERE ip = $2 AND at > now() - make_interval(secs => $3)) AS by_ip`,
    [email, ip, windowSeconds],
  );
  return row;
}

export async function recordFailure(db: Queryable, email: string, ip: string, windowSeconds: number) {
  await db.query('INSERT INTO sign_in_failures (email, ip) VALUES ($1, $2)', [email, ip]);
  // Failures older than the window count for nothing: forget them as new ones come.
  await db.query('DELETE FROM sign_in_failures WHERE at < now() - make_interval(secs => $1)', [
    windowSeconds,
  ]);
}

export async function clearFailures(db: Queryable, email: string) {
  await db.query('DELETE FROM sign_in_failures WHERE email = $1', [email]);
}
