import { describe, expect, it } from 'vitest';
import { Forbidden } from '../../errors.ts';
import { authorize, authorizeRoleChange, can, type Principal, type Role } from './policy.ts';

const member = (role: Role): Principal => ({
  workspaceId: 'w',
  kind: 'member',
  memberId: 'm',
  role,
  sessionId: 's',
});
const secret: Principal = { workspaceId: 'w', kind: 'secret', keyId: 'k' };
const publishable: Principal = { workspaceId: 'w', kind: 'publishable', keyId: 'p' };

describe('the policy table', () => {
  it('gives a secret key what an admin has and a publishable key only submit', () => {
    for (const action of ['submit', 'ingest', 'read', 'tag', 'manage', 'administer'] as const) {
      expect(can(secret, action)).toBe(can(member('admin'), action));
      expect(can(publishable, action)).toBe(action === 'submit');
    }
  });

  it('names the role and what it may do when it refuses', () => {
    expect(() => authorize(member('viewer'), 'manage')).toThrow(
      /viewer role may not manage \(viewer may: read\)/,
    );
    expect(() => authorize(member('agent'), 'tag')).not.toThrow();
  });

  it('lets only an owner grant, change or remove the owner role', () => {
    expect(() => authorizeRoleChange(member('admin'), 'viewer', 'analyst')).not.toThrow();
    expect(() => authorizeRoleChange(member('admin'), 'owner', 'admin')).toThrow(Forbidden);
    expect(() => authorizeRoleChange(secret, null, 'owner')).toThrow(Forbidden);
    expect(() => authorizeRoleChange(member('owner'), 'owner', null)).not.toThrow();
    expect(() => authorizeRoleChange(member('analyst'), 'viewer', 'agent')).toThrow(Forbidden);
  });
});
