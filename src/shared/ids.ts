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
