import { describe, expect, it } from 'vitest';
import { normalisePhone, phone } from './phone.ts';

describe('normalisePhone', () => {
  it('writes international numbers however punctuated as E.164', () => {
    expect(
      ['+1 415 555 0134', '+1 (415) 555-0134', ' +14155550134 ', '001 415.555.0134'].map(normalisePhone),
    ).toEqual(['+14155550134', '+14155550134', '+14155550134', '+14155550134']);
  });

  it('drops the national trunk prefix written in brackets', () => {
    expect(normalisePhone('+44 (0)20 7946 0958')).toBe('+442079460958');
  });

  it('refuses national forms, words and impossible numbers', () => {
    expect(['(415) 555-0134', '4155550134', 'call me', '', '+1', '+999 1234567'].map(normalisePhone)).toEqual(
      [null, null, null, null, null, null],
    );
  });
});

describe('phone schema', () => {
  it('hands on the normalised number and names the problem otherwise', () => {
    expect(phone.safeParse('+49 30 1234567')).toEqual({ success: true, data: '+49301234567' });
    const refused = phone.safeParse('not a number');
    expect(refused.success ? [] : refused.error.issues.map((issue) => issue.message)).toEqual([
      'must be a phone number in international form, e.g. +14155550134',
    ]);
  });
});
