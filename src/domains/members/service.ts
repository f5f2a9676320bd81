// Members of a workspace and how they sign in: passwords, database sessions, invitations, roles.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { Conflict, Forbidden, Invalid, NotFound, RateLimited, Unauthenticated } from '../../errors.ts';
import { newId } from '../../shared/ids.ts';
import { authorizeRoleChange, type Principal, type Role } from '../workspaces/policy.ts';
import { hashPassword, randomPassword, verifyPassword } from './password.ts';
import * as store from './store.ts';
import { generateToken, parseToken } from './tokens.ts';

export type MemberPrincipal = Extract<Principal, { kind: 'member' }>;

export const sessionDays = 30;
export const invitationDays = 7;
/** The dashboard's page for an invitation: the token rides in the fragment, which no request or Referer carries. */
export const invitationUrl = (base: string, token: string) => `${base}/invite#${token}`;
/** Failed sign-ins counted over this window: per address, and per client IP. */
export const signInLimits = { windowSeconds: 15 * 60, perEmail: 10, perIp: 100 };

/** One answer for an invitation link that is unknown, revoked, used or expired: none tells more than the others. */
const invitationRefused = () => new Unauthenticated('The invitation is unknown, already used or expired.');

const alreadyMember = (email: string) => {
  const conflict = new Conflict(`${email} is already a member of this workspace.`);
  conflict.errors = [{ path: 'email', message: 'is already a member of this workspace' }];
  return conflict;
};

/** The one answer to every failed sign-in, whatever was wrong. */
const signInRefused = 'The e-mail address or password is not right.';

export interface SignedIn {
  member: store.MemberRow;
  /** The session token for the cookie: never stored, only its hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export class MemberService {
  /** A hash of no one's password, verified against when an address is unknown so both take as long. */
  private decoy: Promise<string> | undefined;

  constructor(private readonly db: Db) {}

  /** The first owner of a workspace (from the CLI): an initial password, shown once. */
  async createOwner(workspaceId: string, input: { email: string; name?: string }) {
    const password = randomPassword();
    const passwordHash = await hashPassword(password);
    const member = await this.db.transaction(async (tx) => {
      const inserted = await store.insertMember(tx, {
        workspaceId,
        id: newId(),
        email: input.email,
        name: input.name ?? input.email.split('@')[0],
        role: 'owner',
        passwordHash,
      });
      // The workspace has an owner now: a setup link printed earlier must not make another.
      if (inserted) await store.deleteOpenSetupInvitations(tx, workspaceId);
      return inserted;
    });
    if (!member) throw new Conflict(`${input.email} is already a member of this workspace.`);
    return { member, password };
  }

  async signIn(email: string, password: string, ip: string): Promise<SignedIn> {
    const { windowSeconds, perEmail, perIp } = signInLimits;
    const failures = await store.recentFailures(this.db, email, ip, windowSeconds);
    if (failures.by_email >= perEmail || failures.by_ip >= perIp)
      throw new RateLimited('Too many failed sign-ins; wait a few minutes and try again.');
    let found: store.MemberRow | undefined;
    const candidates = await store.membersByEmail(this.db, email);
    if (candidates.length === 0) {
      this.decoy ??= hashPassword(randomPassword());
      await verifyPassword(password, await this.decoy);
    }
    // An address may belong to several workspaces: the oldest membership whose password matches.
    for (const candidate of candidates) {
      if (await verifyPassword(password, candidate.password_hash)) {
        const { password_hash: _, ...member } = candidate;
        found = member;
        break;
      }
    }
    if (!found) {
      await store.recordFailure(this.db, email, ip, windowSeconds);
      throw new Unauthenticated(signInRefused);
    }
    await store.clearFailures(this.db, email);
    return this.openSession(found);
  }

  /** The principal of a session cookie, and the CSRF token its state-changing requests must carry. */
  async authenticateSession(token: string): Promise<{ principal: MemberPrincipal; csrfToken: string }> {
    const parsed = parseToken('session', token);
    const session = parsed && (await store.findSession(this.db, parsed.workspaceId, parsed.hash));
    if (!parsed || !session) throw new Unauthenticated('The session has ended; sign in again.');
    return {
      principal: {
        workspaceId: parsed.workspaceId,
        kind: 'member',
        memberId: session.member_id,
        role: session.role,
        sessionId: session.id,
      },
      csrfToken: session.csrf_token,
    };
  }

  signOut(principal: MemberPrincipal) {
    return store.deleteSession(this.db, principal.workspaceId, principal.sessionId);
  }

  async getMember(workspaceId: string, id: string): Promise<store.MemberRow> {
    const row = await store.findMember(this.db, workspaceId, id);
    if (!row) throw new NotFound('Member');
    const { password_hash: _, ...member } = row;
    return member;
  }

  /** Changes the signed-in member's password and ends every other session of theirs. */
  async changePassword(principal: MemberPrincipal, current: string, next: string) {
    const row = await store.findMember(this.db, principal.workspaceId, principal.memberId);
    if (!row || !(await verifyPassword(current, row.password_hash)))
      throw new Forbidden('The current password is not right.');
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await store.updatePassword(tx, principal.workspaceId, principal.memberId, hash);
      await store.deleteSessionsOf(tx, principal.workspaceId, principal.memberId, principal.sessionId);
    });
  }

  listMembers(workspaceId: string) {
    return store.listMembers(this.db, workspaceId);
  }

  async invite(principal: Principal, input: { email: string; role: Role }) {
    authorizeRoleChange(principal, null, input.role);
    if (await store.memberWithEmailExists(this.db, principal.workspaceId, input.email))
      throw alreadyMember(input.email);
    const generated = generateToken('invitation', principal.workspaceId);
    const invitation = await store.insertInvitation(this.db, {
      workspaceId: principal.workspaceId,
      id: newId(),
      email: input.email,
      role: input.role,
      tokenHash: generated.hash,
      expiresAt: new Date(Date.now() + invitationDays * 86_400_000),
    });
    return { invitation, token: generated.token };
  }

  /**
   * The first-run setup link (`heed start` on a workspace without members): an owner invitation that names
   * no address, so whoever opens it gives theirs. Each call revokes the setup links made before it, so only
   * the one printed last works.
   */
  async createSetupInvitation(workspaceId: string) {
    const generated = generateToken('invitation', workspaceId);
    const invitation = await this.db.transaction(async (tx) => {
      await store.deleteOpenSetupInvitations(tx, workspaceId);
      return store.insertInvitation(tx, {
        workspaceId,
        id: newId(),
        email: null,
        role: 'owner',
        tokenHash: generated.hash,
        expiresAt: new Date(Date.now() + invitationDays * 86_400_000),
      });
    });
    return { invitation, token: generated.token };
  }

  countMembers(workspaceId: string) {
    return store.countMembers(this.db, workspaceId);
  }

  /** The invitations still waiting to be accepted. */
  listInvitations(workspaceId: string) {
    return store.listOpenInvitations(this.db, workspaceId);
  }

  /** Revokes an invitation not yet accepted: its link stops working. Owner invitations are an owner's. */
  async revokeInvitation(principal: Principal, id: string) {
    return this.db.transaction(async (tx) => {
      const invitation = await store.findInvitation(tx, principal.workspaceId, id, true);
      if (!invitation) throw new NotFound('Invitation');
      authorizeRoleChange(principal, invitation.role, null);
      if (invitation.accepted_at)
        throw new Conflict('The invitation was already accepted; remove the member instead.');
      return (await store.deleteInvitation(tx, principal.workspaceId, id)) as store.InvitationRow;
    });
  }

  /** What the holder of an invitation link is shown before accepting: the workspace, the role, the address. */
  async describeInvitation(token: string) {
    const parsed = parseToken('invitation', token);
    const invitation =
      parsed && (await store.findOpenInvitationByHash(this.db, parsed.workspaceId, parsed.hash));
    if (!invitation) throw invitationRefused();
    // A setup link stops working once the workspace has a member, as accept() would find.
    if (invitation.email === null && (await store.countMembers(this.db, invitation.workspace_id)) > 0)
      throw invitationRefused();
    return invitation;
  }

  /**
   * Accepts an invitation once: the new member signs in with the address it was sent to, or, for a setup
   * invitation, with the address they give (only while the workspace still has no members).
   */
  async accept(token: string, input: { name: string; password: string; email?: string }) {
    const parsed = parseToken('invitation', token);
    if (!parsed) throw invitationRefused();
    const hash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      const invitation = await store.takeInvitation(tx, parsed.workspaceId, parsed.hash);
      if (!invitation) throw invitationRefused();
      let email = invitation.email;
      if (email === null) {
        if (!input.email)
          throw Invalid.field('email', 'is required: this setup link does not name an address yet');
        await store.lockWorkspace(tx, parsed.workspaceId);
        if ((await store.countMembers(tx, parsed.workspaceId)) > 0) throw invitationRefused();
        email = input.email;
      } else if (input.email !== undefined && input.email !== email) {
        throw Invalid.field('email', `must be left out: the invitation is for ${email}`);
      }
      const member = await store.insertMember(tx, {
        workspaceId: parsed.workspaceId,
        id: newId(),
        email,
        name: input.name,
        role: invitation.role,
        passwordHash: hash,
      });
      if (!member) throw alreadyMember(email);
      // Someone is a member now: a setup link printed earlier must not make a further owner.
      await store.deleteOpenSetupInvitations(tx, parsed.workspaceId);
      return member;
    });
  }

  async changeRole(principal: Principal, id: string, role: Role) {
    return this.db.transaction(async (tx) => {
      const owners = await store.lockOwners(tx, principal.workspaceId);
      const target = await store.findMember(tx, principal.workspaceId, id, true);
      if (!target) throw new NotFound('Member');
      authorizeRoleChange(principal, target.role, role);
      if (target.role === 'owner' && role !== 'owner' && owners.length === 1)
        throw new Conflict('The last owner cannot be demoted; make another member owner first.');
      return (await store.updateRole(tx, principal.workspaceId, id, role)) as store.MemberRow;
    });
  }

  async remove(principal: Principal, id: string) {
    return this.db.transaction(async (tx) => {
      const owners = await store.lockOwners(tx, principal.workspaceId);
      const target = await store.findMember(tx, principal.workspaceId, id, true);
      if (!target) throw new NotFound('Member');
      authorizeRoleChange(principal, target.role, null);
      if (target.role === 'owner' && owners.length === 1)
        throw new Conflict('The last owner cannot leave; make another member owner first.');
      return (await store.deleteMember(tx, principal.workspaceId, id)) as store.MemberRow;
    });
  }

  private async openSession(member: store.MemberRow): Promise<SignedIn> {
    const generated = generateToken('session', member.workspace_id);
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
    await store.insertSession(this.db, {
      workspaceId: member.workspace_id,
      id: newId(),
      memberId: member.id,
      tokenHash: generated.hash,
      csrfToken,
      expiresAt,
    });
    return { member, token: generated.token, csrfToken, expiresAt };
  }
}

/** Whether a request's X-CSRF-Token matches its session's, compared in constant time. */
export function csrfMatches(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
