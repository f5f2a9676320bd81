// Link tokens: every claim survives the round trip, and any change to a token is caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LinkClaims,
  linkSignatureValid,
  newLinkNonce,
  readLinkToken,
  signLinkToken,
} from './link-token.ts';

const secret = Buffer.alloc(32, 1);
const uuid = fc.uuid();
const claims: fc.Arbitrary<LinkClaims> = fc.oneof(
  fc.record(
    {
      workspaceId: uuid,
      target: fc.constant('survey' as const),
      surveyId: uuid,
      customerId: uuid,
      channel: fc.constantFrom('link' as const, 'email' as const, 'sms' as const, 'web' as const),
      expiresAt: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      nonce: fc.constant(null).map(() => newLinkNonce()),
    },
    { requiredKeys: ['workspaceId', 'target', 'surveyId', 'channel'] },
  ),
  fc.record(
    {
      workspaceId: uuid,
      target: fc.constant('feedback' as const),
      customerId: uuid,
      channel: fc.constant('link' as const),
    },
    { requiredKeys: ['workspaceId', 'target', 'channel'] },
  ),
  fc.record({
    workspaceId: uuid,
    target: fc.constant('unsubscribe' as const),
    customerId: uuid,
    channel: fc.constant('email' as const),
  }),
);

describe('link tokens', () => {
  it('read back exactly the claims they were signed with, and only with that secret', () => {
    fc.assert(
      fc.property(claims, (signed) => {
        const token = signLinkToken(signed, secret);
        expect(token).toMatch(/^[A-Za-z0-9_-]{40,200}$/);
        const read = readLinkToken(token);
        expect(read?.claims).toEqual(signed);
        expect(read && linkSignatureValid(read, secret)).toBe(true);
        expect(read && linkSignatureValid(read, Buffer.alloc(32, 2))).toBe(false);
      }),
    );
  });

  it('catch any one byte changed, and any token cut short or lengthened', () => {
    fc.assert(
      fc.property(claims, fc.nat(), fc.integer({ min: 1, max: 255 }), (signed, at, flip) => {
        const bytes = Buffer.from(signLinkToken(signed, secret), 'base64url');
        const changed = Buffer.from(bytes);
        changed[at % bytes.length] ^= flip;
        const read = readLinkToken(changed.toString('base64url'));
        expect(read === undefined || !linkSignatureValid(read, secret)).toBe(true);
        for (const other of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from([0])])]) {
          const readOther = readLinkToken(other.toString('base64url'));
          expect(readOther === undefined || !linkSignatureValid(readOther, secret)).toBe(true);
        }
      }),
    );
  });

  it('are short enough for an SMS: a personal, single-use, expiring survey link is under 110 characters', () => {
    const token = signLinkToken(
      {
        workspaceId: '01a22be1-fbdd-7127-bb8a-d9cd467ef7c2',
        target: 'survey',
        surveyId: '01a22be1-fbdd-7127-bb8a-d9cd467ef7c3',
        customerId: '01a22be1-fbdd-7127-bb8a-d9cd467ef7c4',
        channel: 'sms',
        expiresAt: 1_900_000_000,
        nonce: newLinkNonce(),
      },
      secret,
    );
    expect(token.length).toBe(107);
  });

  it('refuse claims that do not fit their target', () => {
    expect(() =>
      signLinkToken(
        { workspaceId: '01a22be1-fbdd-7127-bb8a-d9cd467ef7c2', target: 'survey', channel: 'link' },
        secret,
      ),
    ).toThrow();
    expect(() =>
      signLinkToken(
        { workspaceId: '01a22be1-fbdd-7127-bb8a-d9cd467ef7c2', target: 'unsubscribe', channel: 'email' },
        secret,
      ),
    ).toThrow();
    expect(readLinkToken('not a token')).toBeUndefined();
  });
});
