// What the Settings pages read and change through the public API, typed as /v1 answers them.
import type { Member } from '../../api/session.ts';
import type { ApiKey, Role } from './rules.ts';

export interface Workspace {
  id: string;
  name: string;
  currency: string;
  pii_redaction: boolean;
  fatigue_days: number;
  privacy_notice: string | null;
  created_at: string;
  hosting: {
    database: 'embedded' | 'postgresql';
    /** Only for those who administer; null otherwise. */
    data_location: string | null;
    public_url: string | null;
  };
}

export type WorkspaceChanges = Partial<
  Pick<Workspace, 'name' | 'currency' | 'pii_redaction' | 'fatigue_days' | 'privacy_notice'>
>;

export interface MemberRow extends Member {
  role: Role;
  created_at: string;
}

export interface Invitation {
  id: string;
  /** null for the setup link `heed start` prints: whoever opens it gives their address. */
  email: string | null;
  role: Role;
  created_at: string;
  expires_at: string;
}

export interface CreatedInvitation extends Invitation {
  email: string;
  token: string;
  /** The link to send, shown once. */
  url: string;
}

export interface CreatedKey extends ApiKey {
  /** The whole key, shown once. */
  key: string;
}

/** What an invitation link offers, before it is accepted. */
export interface InvitationOffer {
  workspace_name: string;
  role: Role;
  email: string | null;
  email_required: boolean;
  expires_at: string;
}

export const paths = {
  workspace: '/v1/workspace',
  members: '/v1/members',
  invitations: '/v1/members/invitations',
  keys: '/v1/keys',
} as const;
