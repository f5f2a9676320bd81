// Ids are UUIDv7: time-ordered, so primary-key order is creation order and cursors are cheap.
import { uuidv7 } from 'uuidv7';
import { Invalid } from '../errors.ts';

export const newId = (): string => uuidv7();

/** A UUID's 16 bytes. */
export function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** The UUID written as text from its first 16 bytes. */
export function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToBase64Url(uuid: string): string {
  return uuidBytes(uuid).toString('base64url');
}

export function base64UrlToUuid(text: string): string | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === 16 ? uuidFromBytes(bytes) : null;
}

/** An opaque page cursor: the last id of the previous page. */
export function encodeCursor(lastId: string): string {
  return uuidToBase64Url(lastId);
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = /^[A-Za-z0-9_-]{22}$/.test(cursor) ? base64UrlToUuid(cursor) : null;
  if (!id) throw Invalid.field('cursor', 'is not a cursor this API returned');
  return id;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** Rows are fetched with limit + 1 so the page knows whether another follows. */
export function pageOf<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  present: (row: Row) => T,
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(present), next_cursor: more ? encodeCursor(kept[kept.length - 1].id) : null };
}

/**
 * A place in a list ordered by time then id, newest first (the inbox, a customer's timeline). Time alone is
 * not enough (items can share a moment) and ids are not in time order (an id derived from a source id), so
 * it holds both, the time to the microsecond as PostgreSQL keeps it (a JavaScript Date keeps milliseconds).
 */
export interface TimePosition {
  /** Microseconds since 1970, UTC. */
  micros: bigint;
  id: string;
}

// The cursor's bytes: the time (8) and the id (16), base64url-encoded; opaque to callers.
const timeCursorBytes = 24;
const timeCursorPattern = /^[A-Za-z0-9_-]{32}$/;
// Every stored time lies in the range the API accepts; a cursor outside it was not made here.
const latestMicros = BigInt(Date.UTC(2201, 0, 1)) * 1000n;

export function encodeTimeCursor(position: TimePosition): string {
  const bytes = Buffer.alloc(timeCursorBytes);
  bytes.writeBigInt64BE(position.micros, 0);
  uuidBytes(position.id).copy(bytes, 8);
  return bytes.toString('base64url');
}

/** The position a cursor names; a 400 naming `cursor` for anything this API did not hand out. */
export function decodeTimeCursor(cursor: string | undefined): TimePosition | undefined {
  if (cursor === undefined) return undefined;
  const bytes = timeCursorPattern.test(cursor) ? Buffer.from(cursor, 'base64url') : null;
  const micros = bytes?.length === timeCursorBytes ? bytes.readBigInt64BE(0) : -1n;
  if (!bytes || micros < 0n || micros >= latestMicros)
    throw Invalid.field('cursor', 'is not a cursor this API returned');
  return { micros, id: uuidFromBytes(bytes.subarray(8)) };
}

/** A timestamp PostgreSQL reads back to the microsecond: the milliseconds a Date holds, plus the rest. */
export function isoOfMicros(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - millis * 1000n;
  return new Date(Number(millis)).toISOString().replace('Z', `${rest.toString().padStart(3, '0')}Z`);
}

/** The SQL that reads a timestamptz column as the microseconds a TimePosition holds (as text: a bigint). */
export const microsOf = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
