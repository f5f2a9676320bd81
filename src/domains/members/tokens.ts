// Session and invitation tokens carry their workspace id, as API keys do, so each is found by its hash within
// one workspace (the Citus-friendly lookup); only the SHA-256 hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import { base64UrlToUuid, uuidToBase64Url } from '../../shared/ids.ts';

export type TokenKind = 'session' | 'invitation';

const prefixes: Record<TokenKind, string> = { session: 'heed_ss_', invitation: 'heed_inv_' };

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export function generateToken(kind: TokenKind, workspaceId: string): { token: string; hash: Buffer } {
  const token = `${prefixes[kind]}${uuidToBase64Url(workspaceId)}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function parseToken(kind: TokenKind, token: string): { workspaceId: string; hash: Buffer } | null {
  const prefix = prefixes[kind];
  if (!token.startsWith(prefix)) return null;
  const match = /^([A-Za-z0-9_-]{22})_([A-Za-z0-9_-]{43})$/.exec(token.slice(prefix.length));
  const workspaceId = match ? base64UrlToUuid(match[1]) : null;
  return workspaceId ? { workspaceId, hash: hashToken(token) } : null;
}
