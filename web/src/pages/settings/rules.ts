// The Settings pages' decisions, kept pure so they are tested alone: which roles a member may hand out, what
// each form accepts before it is sent, and how the API's per-field problems land beside the fields.
import { ApiError } from '../../api/client.ts';

export const roles = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

/** "an analyst", "a viewer": the role in a sentence. */
export const aRole = (role: string) => `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;

/** What each role may do, in the words of the policy table on the server. */
export const roleSummaries: Record<Role, string> = {
  owner: 'Everything, including making and removing owners',
  admin: 'Everything but the owner role: members, API keys and workspace settings',
  analyst: 'Surveys, customers, themes, tags and imports; no members or keys',
  agent: 'Reads everything, tags feedback and records answers',
  viewer: 'Reads dashboards and feedback; changes nothing',
};

/**
 * The roles a member may give or take away: only an owner handles the owner role (the API's
 * authorizeRoleChange decides the same, and refuses anyway).
 */
export function grantableRoles(myRole: string): Role[] {
  return myRole === 'owner' ? [...roles] : roles.filter((role) => role !== 'owner');
}

/** Whether a member may change or remove someone of `targetRole` (or revoke an invitation for that role). */
export function mayHandleRole(myRole: string, targetRole: string): boolean {
  return targetRole !== 'owner' || myRole === 'owner';
}

export const maxFatigueDays = 365;

/** The fatigue cap as typed: a whole number of days from 0 (no cap) to 365, or why not. */
export function parseFatigueDays(text: string): { days: number } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'Enter a number of days (0 for no cap).' };
  if (!/^\d+$/.test(trimmed)) return { problem: 'Enter a whole number of days, like 30.' };
  const days = Number(trimmed);
  if (days > maxFatigueDays) return { problem: `Enter at most ${maxFatigueDays} days.` };
  return { days };
}

export function emailProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter an e-mail address.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return 'Enter an e-mail address like ada@example.com.';
  return null;
}

/** The API takes 10 to 200 characters. */
export function newPasswordProblem(text: string): string | null {
  if (text.length < 10) return 'Use at least 10 characters.';
  if (text.length > 200) return 'Use at most 200 characters.';
  return null;
}

export function requiredProblem(text: string, what: string): string | null {
  return text.trim() === '' ? `Enter ${what}.` : null;
}

export interface Problems {
  /** Field name → the sentence shown beside it. */
  fields: Record<string, string>;
  /** What belongs to no field (or to a field the form does not show). */
  form?: string;
}

/**
 * A failed request as problems beside the fields the form shows: the API names each offending field
 * (`errors: [{ path, message }]`, message like "must be at least 10 characters"); `labels` maps the paths
 * this form shows to the words a person reads.
 */
export function problemsFrom(error: unknown, labels: Record<string, string>): Problems {
  if (!(error instanceof ApiError)) return { fields: {}, form: 'Something went wrong. Please try again.' };
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const problem of error.fieldErrors) {
    const label = labels[problem.path];
    if (label === undefined) elsewhere.push(`${problem.path}: ${problem.message}`);
    else fields[problem.path] ??= sentence(`${label} ${problem.message}`);
  }
  if (Object.keys(fields).length > 0 && elsewhere.length === 0) return { fields };
  return { fields, form: elsewhere.length > 0 ? elsewhere.join('; ') : error.message };
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export interface ApiKey {
  id: string;
  kind: 'publishable' | 'secret';
  name: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** Working keys first, newest first within each group. */
export function orderKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => {
    if ((a.revoked_at === null) !== (b.revoked_at === null)) return a.revoked_at === null ? -1 : 1;
    return b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);
  });
}

/** The start of a key, which is all Heed keeps in the clear: enough to tell keys apart. */
export const keyHint = (prefix: string) => `${prefix}…`;

/** The invitation token from the page's fragment (`/invite#heed_inv_…`), or null when there is none. */
export function invitationTokenFrom(hash: string): string | null {
  let token: string;
  try {
    token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return null;
  }
  return /^heed_inv_[\w-]+$/.test(token) ? token : null;
}
