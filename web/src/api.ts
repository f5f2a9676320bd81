// The dashboard's only way to Heed: the public /v1 API, with the session cookie sign-in sets.

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}

export interface SignedIn {
  member: Member;
  csrf_token: string;
  expires_at: string;
}

/** What /v1/metrics/nps|csat|ces answer that the cards show (the full answer has more). */
export interface ScoreMetric {
  metric: 'nps' | 'csat' | 'ces';
  from: string;
  to: string;
  n: number;
  nps?: number | null;
  marginOfError?: number | null;
  csat?: number | null;
  ces?: number | null;
  confidenceInterval: [number, number] | null;
}

/** An answer other than 2xx: its status and the problem's title or detail, when it has one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// The CSRF token comes only with sign-in: kept for this browser so sign-out works after a reload. Its
// presence also says a session may exist, so a first visit shows the form without a request that fails.
const csrfKey = 'heed.csrf';

export function storedCsrf(): string | null {
  return localStorage.getItem(csrfKey);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = storedCsrf();
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Heed could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    const message = String(answer?.detail ?? answer?.title ?? `The request failed (${response.status}).`);
    throw new ApiError(response.status, message);
  }
  return answer as T;
}

export async function signIn(email: string, password: string): Promise<SignedIn> {
  const signedIn = await call<SignedIn>('POST', '/v1/session', { email, password });
  localStorage.setItem(csrfKey, signedIn.csrf_token);
  return signedIn;
}

export async function signOut(): Promise<void> {
  try {
    await call<void>('DELETE', '/v1/session');
  } finally {
    localStorage.removeItem(csrfKey);
  }
}

/** The signed-in member, or null when there is no session (or it has ended). */
export async function currentMember(): Promise<Member | null> {
  if (!storedCsrf()) return null;
  try {
    const me = await call<{ member: Member | null }>('GET', '/v1/me');
    return me.member;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      localStorage.removeItem(csrfKey);
      return null;
    }
    throw error;
  }
}

export function scoreMetric(metric: ScoreMetric['metric']): Promise<ScoreMetric> {
  // No from/to: the API's default window is the last 90 days, today included (UTC).
  return call<ScoreMetric>('GET', `/v1/metrics/${metric}`);
}
