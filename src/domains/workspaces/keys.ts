// API keys: `heed_sk_…` (secret) and `heed_pk_…` (publishable). The workspace id is part of the key, so a
// key is found within its own workspace (the Citus-friendly lookup); only a SHA-256 hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import { base64UrlToUuid, uuidToBase64Url } from '../../shared/ids.ts';
import type { PrincipalKind } from './policy.ts';

const prefixes: Record<PrincipalKind, string> = { secret: 'heed_sk_', publishable: 'heed_pk_' };

export interface ParsedKey {
  kind: PrincipalKind;
  workspaceId: string;
  hash: Buffer;
}

export function generateKey(
  kind: PrincipalKind,
  workspaceId: string,
): { key: string; prefix: string; hash: Buffer } {
  const key = `${prefixes[kind]}${uuidToBase64Url(workspaceId)}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 16), hash: hashKey(key) };
}

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

const keyPattern = /^heed_(sk|pk)_([A-Za-z0-9_-]{22})_([A-Za-z0-9_-]{43})$/;

export function parseKey(key: string): ParsedKey | null {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const workspaceId = base64UrlToUuid(match[2]);
  if (!workspaceId) return null;
  return { kind: match[1] === 'sk' ? 'secret' : 'publishable', workspaceId, hash: hashKey(key) };
}
