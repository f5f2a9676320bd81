import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.ts';
import { decodeTimeCursor, encodeTimeCursor, isoOfMicros } from './ids.ts';

describe('time-and-id cursor', () => {
  it('reads back the microsecond time and id it was made from', () => {
    const position = { micros: 1_769_860_800_123_456n, id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    const cursor = encodeTimeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimeCursor(cursor)).toEqual(position);
    expect(decodeTimeCursor(undefined)).toBeUndefined();
    expect(isoOfMicros(position.micros)).toBe('2026-01-31T12:00:00.123456Z');
  });

  it('refuses what it did not make, naming the cursor field', () => {
    const made = (micros: bigint) => {
      const bytes = Buffer.alloc(24);
      bytes.writeBigInt64BE(micros, 0);
      return bytes.toString('base64url');
    };
    for (const cursor of [
      'not a cursor!',
      Buffer.from('2026-01-31T12:00:00.123456Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').toString('base64url'),
      made(-1n),
      made(BigInt(Date.UTC(2201, 0, 1)) * 1000n),
      '',
    ]) {
      let thrown: unknown;
      try {
        decodeTimeCursor(cursor);
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
