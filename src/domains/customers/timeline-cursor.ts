// The cursor of a customer's timeline: the time and id of a page's last item. Time alone is not enough (two
// touchpoints can share a moment) and ids are not in time order (an item imported with a source id has an id
// derived from it), so the cursor carries both, the time to the microsecond as PostgreSQL keeps it.
import { Invalid } from '../../errors.ts';
import type { TimelinePosition } from './store.ts';

const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeTimelineCursor(position: TimelinePosition): string {
  return Buffer.from(`${position.at} ${position.id}`).toString('base64url');
}

/** The position a cursor names; a 400 naming `cursor` for anything this API did not hand out. */
export function decodeTimelineCursor(cursor: string | undefined): TimelinePosition | undefined {
  if (cursor === undefined) return undefined;
  const refused = Invalid.field('cursor', 'is not a cursor this API returned');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(' ');
  if (rest.length > 0 || !timePattern.test(at ?? '') || !uuidPattern.test(id ?? '')) throw refused;
  if (Number.isNaN(Date.parse(at))) throw refused;
  return { at, id };
}
