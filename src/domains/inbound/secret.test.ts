import { describe, expect, it } from 'vitest';
import { generateInboundSecret, isInboundSecret, presentedSecret } from './secret.ts';

describe('inbound secret', () => {
  it('is a fresh heed_in_ secret each time, matched only by itself', () => {
    const first = generateInboundSecret();
    const second = generateInboundSecret();
    expect(first.secret).toMatch(/^heed_in_[A-Za-z0-9_-]{43}$/);
    expect(first.secret).not.toBe(second.secret);
    expect([
      isInboundSecret(first.secret, first.hash),
      isInboundSecret(second.secret, first.hash),
      isInboundSecret(first.secret, null),
    ]).toEqual([true, false, false]);
  });

  it('is read from a Bearer header or the password of Basic auth', () => {
    const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
    expect([
      presentedSecret('Bearer heed_in_abc'),
      presentedSecret('bearer  heed_in_abc'),
      presentedSecret(basic('twilio:heed_in_abc')),
      presentedSecret(basic(':heed_in_abc')),
      presentedSecret(basic('heed_in_abc')),
      presentedSecret(basic('user:')),
      presentedSecret('Bearer'),
      presentedSecret('Digest heed_in_abc'),
      presentedSecret(undefined),
    ]).toEqual([
      'heed_in_abc',
      'heed_in_abc',
      'heed_in_abc',
      'heed_in_abc',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
