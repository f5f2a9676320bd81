import { describe, expect, it } from 'vitest';
import { generateToken, parseToken } from './tokens.ts';

describe('session and invitation tokens', () => {
  const workspaceId = '01a22c24-5b45-739a-be85-04d01f3d3de7';
  it('carry their workspace and parse only as their own kind', () => {
    const { token, hash } = generateToken('session', workspaceId);
    expect(token).toMatch(/^heed_ss_[\w-]{22}_[\w-]{43}$/);
    expect(parseToken('session', token)).toEqual({ workspaceId, hash });
    expect(parseToken('invitation', token)).toBeNull();
    expect(parseToken('session', `${token}x`)).toBeNull();
    expect(parseToken('invitation', generateToken('invitation', workspaceId).token)?.workspaceId).toBe(
      workspaceId,
    );
  });
});
