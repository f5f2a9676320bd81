// Signed link tokens: what a customer-facing URL carries (/s/{token}, /f/{token}, /u/{token}). A token names
// the workspace, what it opens (a survey, the free-form feedback form, or a customer's unsubscribe page), the customer it was made
// for, an expiry and a single-use nonce, and is signed with the workspace's link secret (HMAC-SHA256), so it
// can be neither guessed nor altered. Binary, then base64url: ~60–110 characters, short enough for an SMS.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { uuidBytes, uuidFromBytes } from '../../shared/ids.ts';

export type LinkTarget = 'survey' | 'feedback' | 'unsubscribe';
/** The channel a response through the link is recorded under. */
export type LinkChannel = 'link' | 'email' | 'sms' | 'web';

export interface LinkClaims {
  workspaceId: string;
  target: LinkTarget;
  /** The survey a survey link opens; absent for the feedback form. */
  surveyId?: string;
  /** The customer the link was made for: their response is theirs without asking who they are. */
  customerId?: string;
  channel: LinkChannel;
  /** Seconds since the epoch after which the link no longer opens. */
  expiresAt?: number;
  /** Set on single-use links: the first response through the link consumes it. */
  nonce?: string;
}

const VERSION = 1;
const FLAG_FEEDBACK = 1;
const FLAG_CUSTOMER = 2;
const FLAG_EXPIRES = 4;
const FLAG_NONCE = 8;
const FLAG_UNSUBSCRIBE = 16;
const CHANNELS: readonly LinkChannel[] = ['link', 'email', 'sms', 'web'];
const SIGNATURE_BYTES = 16;
const NONCE_BYTES = 9;

function signatureOf(secret: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, SIGNATURE_BYTES);
}

/** A fresh single-use nonce (72 random bits, base64url). */
export function newLinkNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64url');
}

/** Encodes and signs the claims with the workspace's link secret. */
export function signLinkToken(claims: LinkClaims, secret: Buffer): string {
  if ((claims.target === 'survey') !== (claims.surveyId !== undefined)) {
    throw new Error('a survey link names its survey, and only a survey link does');
  }
  if (claims.target === 'unsubscribe' && !claims.customerId)
    throw new Error('an unsubscribe link names its customer');
  let flags =
    claims.target === 'feedback' ? FLAG_FEEDBACK : claims.target === 'unsubscribe' ? FLAG_UNSUBSCRIBE : 0;
  const parts: Buffer[] = [uuidBytes(claims.workspaceId)];
  if (claims.surveyId) parts.push(uuidBytes(claims.surveyId));
  if (claims.customerId) {
    flags |= FLAG_CUSTOMER;
    parts.push(uuidBytes(claims.customerId));
  }
  if (claims.expiresAt !== undefined) {
    flags |= FLAG_EXPIRES;
    const expires = Buffer.alloc(4);
    expires.writeUInt32BE(claims.expiresAt);
    parts.push(expires);
  }
  if (claims.nonce) {
    flags |= FLAG_NONCE;
    parts.push(Buffer.from(claims.nonce, 'base64url'));
  }
  const head = Buffer.from([VERSION, flags, CHANNELS.indexOf(claims.channel)]);
  const body = Buffer.concat([head, ...parts]);
  return Buffer.concat([body, signatureOf(secret, body)]).toString('base64url');
}

/**
 * Reads a token without checking its signature: the workspace it names is where the secret to check it is.
 * Undefined for anything that is not a well-formed token.
 */
export function readLinkToken(
  token: string,
): { claims: LinkClaims; body: Buffer; signature: Buffer } | undefined {
  if (!/^[A-Za-z0-9_-]{40,200}$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 3 + 16 + SIGNATURE_BYTES || bytes[0] !== VERSION) return undefined;
  const flags = bytes[1];
  const channel = CHANNELS[bytes[2]];
  if (!channel) return undefined;
  const body = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  let at = 3;
  const take = (length: number) => {
    const part = body.subarray(at, at + length);
    at += length;
    return part.length === length ? part : undefined;
  };
  const workspace = take(16);
  if (flags & FLAG_FEEDBACK && flags & FLAG_UNSUBSCRIBE) return undefined;
  const target: LinkTarget =
    flags & FLAG_FEEDBACK ? 'feedback' : flags & FLAG_UNSUBSCRIBE ? 'unsubscribe' : 'survey';
  const survey = target === 'survey' ? take(16) : undefined;
  const customer = flags & FLAG_CUSTOMER ? take(16) : undefined;
  const expires = flags & FLAG_EXPIRES ? take(4) : undefined;
  const nonce = flags & FLAG_NONCE ? take(NONCE_BYTES) : undefined;
  const complete =
    workspace &&
    (target !== 'survey' || survey) &&
    (target !== 'unsubscribe' || customer) &&
    (!(flags & FLAG_CUSTOMER) || customer) &&
    (!(flags & FLAG_EXPIRES) || expires) &&
    (!(flags & FLAG_NONCE) || nonce);
  if (!complete || at !== body.length) return undefined;
  const claims: LinkClaims = { workspaceId: uuidFromBytes(workspace), target, channel };
  if (survey) claims.surveyId = uuidFromBytes(survey);
  if (customer) claims.customerId = uuidFromBytes(customer);
  if (expires) claims.expiresAt = expires.readUInt32BE();
  if (nonce) claims.nonce = nonce.toString('base64url');
  return { claims, body, signature: bytes.subarray(bytes.length - SIGNATURE_BYTES) };
}

/** Whether the token was signed with this secret (constant time). */
export function linkSignatureValid(read: { body: Buffer; signature: Buffer }, secret: Buffer): boolean {
  return timingSafeEqual(signatureOf(secret, read.body), read.signature);
}
