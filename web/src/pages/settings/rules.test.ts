import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import {
  type ApiKey,
  aRole,
  emailProblem,
  grantableRoles,
  invitationTokenFrom,
  mayHandleRole,
  newPasswordProblem,
  orderKeys,
  parseFatigueDays,
  problemsFrom,
} from './rules.ts';

describe('who may hand out which role', () => {
  it('offers the owner role to owners only, as the API decides', () => {
    expect(grantableRoles('owner')).toEqual(['owner', 'admin', 'analyst', 'agent', 'viewer']);
    expect(grantableRoles('admin')).toEqual(['admin', 'analyst', 'agent', 'viewer']);
  });

  it('names a role in a sentence with its article', () => {
    expect(['owner', 'admin', 'analyst', 'agent', 'viewer'].map(aRole)).toEqual([
      'an owner',
      'an admin',
      'an analyst',
      'an agent',
      'a viewer',
    ]);
  });

  it('lets only an owner change, remove or revoke for an owner', () => {
    expect(mayHandleRole('admin', 'owner')).toBe(false);
    expect(mayHandleRole('owner', 'owner')).toBe(true);
    expect(mayHandleRole('admin', 'viewer')).toBe(true);
  });
});

describe('what the settings forms accept', () => {
  it('takes a fatigue cap of whole days from 0 to 365', () => {
    expect(parseFatigueDays(' 30 ')).toEqual({ days: 30 });
    expect(parseFatigueDays('0')).toEqual({ days: 0 });
    expect(parseFatigueDays('365')).toEqual({ days: 365 });
    expect(parseFatigueDays('366')).toEqual({ problem: 'Enter at most 365 days.' });
    expect(parseFatigueDays('1.5')).toEqual({ problem: 'Enter a whole number of days, like 30.' });
    expect(parseFatigueDays('-1')).toEqual({ problem: 'Enter a whole number of days, like 30.' });
    expect(parseFatigueDays('')).toEqual({ problem: 'Enter a number of days (0 for no cap).' });
  });

  it('checks e-mail addresses and new passwords before asking the API', () => {
    expect(emailProblem(' ada@example.com ')).toBeNull();
    expect(emailProblem('')).toBe('Enter an e-mail address.');
    expect(emailProblem('ada@localhost')).toBe('Enter an e-mail address like ada@example.com.');
    expect(newPasswordProblem('123456789')).toBe('Use at least 10 characters.');
    expect(newPasswordProblem('1234567890')).toBeNull();
    expect(newPasswordProblem('x'.repeat(201))).toBe('Use at most 200 characters.');
  });
});

describe("the API's problems beside the fields", () => {
  const labels = { email: 'E-mail address', password: 'Password' };

  it('puts each named field’s problem beside it as a sentence, the first one per field', () => {
    const error = new ApiError(400, 'Invalid request', [
      { path: 'password', message: 'must be at least 10 characters' },
      { path: 'email', message: 'must be an e-mail address' },
      { path: 'email', message: 'is too long' },
    ]);
    expect(problemsFrom(error, labels)).toEqual({
      fields: {
        password: 'Password must be at least 10 characters.',
        email: 'E-mail address must be an e-mail address.',
      },
    });
  });

  it('keeps problems of fields the form does not show, and field-less refusals, for the form', () => {
    const mixed = new ApiError(400, 'Invalid request', [
      { path: 'email', message: 'must be an e-mail address' },
      { path: '(body)', message: 'is not valid JSON' },
    ]);
    expect(problemsFrom(mixed, labels)).toEqual({
      fields: { email: 'E-mail address must be an e-mail address.' },
      form: '(body): is not valid JSON',
    });
    const refused = new ApiError(403, 'Only an owner may grant, change or remove the owner role.');
    expect(problemsFrom(refused, labels)).toEqual({
      fields: {},
      form: 'Only an owner may grant, change or remove the owner role.',
    });
    expect(problemsFrom(new TypeError('boom'), labels).form).toBe('Something went wrong. Please try again.');
  });
});

describe('the key list', () => {
  const key = (id: string, created: string, revoked: string | null): ApiKey => ({
    id,
    kind: 'secret',
    name: id,
    prefix: 'heed_sk_AbCdEfGh',
    created_at: created,
    revoked_at: revoked,
  });

  it('shows working keys first, newest first within each group', () => {
    const ordered = orderKeys([
      key('old', '2026-01-01T00:00:00Z', null),
      key('gone', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'),
      key('new', '2026-02-01T00:00:00Z', null),
      key('gone-early', '2026-01-15T00:00:00Z', '2026-01-16T00:00:00Z'),
    ]);
    expect(ordered.map((k) => k.id)).toEqual(['new', 'old', 'gone', 'gone-early']);
  });
});

describe('the invitation token in the page address', () => {
  it('reads it from the fragment and refuses anything else', () => {
    const token = `heed_inv_${'A'.repeat(22)}_${'b'.repeat(43)}`;
    expect(invitationTokenFrom(`#${token}`)).toBe(token);
    expect(invitationTokenFrom(`#${encodeURIComponent(token)}`)).toBe(token);
    expect(invitationTokenFrom('')).toBeNull();
    expect(invitationTokenFrom('#heed_ss_session')).toBeNull();
    expect(invitationTokenFrom('#%E0%A4%A')).toBeNull();
    expect(invitationTokenFrom('#heed_inv_<img>')).toBeNull();
  });
});
