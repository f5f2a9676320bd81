// The inbound secret: what e-mail and SMS providers present to Heed's webhooks instead of an API key. Random,
// shown once; only its SHA-256 is stored, and a presented one is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const prefix = 'heed_in_';

export function generateInboundSecret(): { secret: string; hash: Buffer } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashInboundSecret(secret) };
}

export function hashInboundSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

// Compared against when the workspace has no secret, so an unknown workspace costs the same work.
const nothing = Buffer.alloc(32);

/** Whether the presented secret is the one whose hash is stored; false when none is stored. */
export function isInboundSecret(presented: string, storedHash: Buffer | null): boolean {
  // Both sides are 32-byte digests, so timingSafeEqual never sees lengths that differ.
  const same = timingSafeEqual(hashInboundSecret(presented), storedHash ?? nothing);
  return same && storedHash !== null;
}

/**
 * The secret an Authorization header carries: "Bearer <secret>", or HTTP Basic with the secret as the password
 * (providers let a webhook URL hold user:password). Undefined when the header carries none.
 */
export function presentedSecret(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value || undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1) || undefined;
  }
  return undefined;
}
