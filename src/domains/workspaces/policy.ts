// Authorization in one place: which principal may do what. Routes declare an action; authorize() decides.
import { Forbidden } from '../../errors.ts';

export type Action =
  /** Submit responses and feedback: what a browser may do with a publishable key. */
  | 'submit'
  /** Send lifecycle and revenue events, batches and imports. */
  | 'ingest'
  /** Read data and metrics. */
  | 'read'
  /** Tag and untag responses and feedback items. */
  | 'tag'
  /** Change surveys, customers, themes, tags, tag rules, links and e-mail sends. */
  | 'manage'
  /** Members, invitations, API keys and workspace settings. */
  | 'administer';

export const actions: readonly Action[] = ['submit', 'ingest', 'read', 'tag', 'manage', 'administer'];

export const roles = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const;

export type Role = (typeof roles)[number];

export type PrincipalKind = 'publishable' | 'secret';

/** Who makes a request: an API key, or a member signed in with a session cookie. */
export type Principal =
  | { workspaceId: string; kind: PrincipalKind; keyId: string }
  | { workspaceId: string; kind: 'member'; memberId: string; role: Role; sessionId: string };

/** The policy table: what each role and each kind of key may do. A secret key acts like an admin. */
export const policy: Record<Role | PrincipalKind, ReadonlySet<Action>> = {
  owner: new Set(['submit', 'ingest', 'read', 'tag', 'manage', 'administer']),
  admin: new Set(['submit', 'ingest', 'read', 'tag', 'manage', 'administer']),
  analyst: new Set(['submit', 'ingest', 'read', 'tag', 'manage']),
  agent: new Set(['submit', 'read', 'tag']),
  viewer: new Set(['read']),
  secret: new Set(['submit', 'ingest', 'read', 'tag', 'manage', 'administer']),
  publishable: new Set(['submit']),
};

/** The row of the policy table that applies to a principal. */
export const policyRowOf = (principal: Principal): Role | PrincipalKind =>
  principal.kind === 'member' ? principal.role : principal.kind;

export function can(principal: Principal, action: Action): boolean {
  return policy[policyRowOf(principal)].has(action);
}

export function authorize(principal: Principal, action: Action): void {
  if (can(principal, action)) return;
  if (principal.kind === 'publishable')
    throw new Forbidden(
      'A publishable key may only submit responses and feedback; use a secret key on your server.',
    );
  if (principal.kind === 'member')
    throw new Forbidden(
      `The ${principal.role} role may not ${action} (${principal.role} may: ${[
        ...policy[principal.role],
      ].join(', ')}).`,
    );
  throw new Forbidden(`This key may not ${action}.`);
}

/**
 * Whether one principal may give a member a role or take it away: only an owner grants or removes the
 * owner role; admins (and secret keys, which act like admins) manage every other role.
 */
export function authorizeRoleChange(principal: Principal, from: Role | null, to: Role | null): void {
  authorize(principal, 'administer');
  const ownerInvolved = from === 'owner' || to === 'owner';
  if (ownerInvolved && !(principal.kind === 'member' && principal.role === 'owner'))
    throw new Forbidden('Only an owner may grant, change or remove the owner role.');
}
