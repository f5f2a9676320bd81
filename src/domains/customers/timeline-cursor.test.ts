import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { decodeTimelineCursor, encodeTimelineCursor } from './timeline-cursor.ts';

describe('timeline cursor', () => {
  it('reads back the microsecond time and id it was made from', () => {
    const position = { at: '2026-01-31T12:00:00.123456Z', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    const cursor = encodeTimelineCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimelineCursor(cursor)).toEqual(position);
    expect(decodeTimelineCursor(undefined)).toBeUndefined();
  });

  it('refuses what it did not make, naming the cursor field', () => {
    const made = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      'not a cursor!',
      made('2026-01-31T12:00:00Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      made('2026-01-31T12:00:00.123456Z not-an-id'),
      made('2026-13-45T12:00:00.123456Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      made('2026-01-31T12:00:00.123456Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b extra'),
      '',
    ]) {
      let thrown: unknown;
      try {
        decodeTimelineCursor(cursor);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, cursor).toBeInstanceOf(Invalid);
      expect((thrown as Invalid).errors).toEqual([
        { path: 'cursor', message: 'is not a cursor this API returned' },
      ]);
    }
  });
});
