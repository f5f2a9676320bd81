// Signing in and out, and who is signed in.
import { ApiError, call, forgetCsrf, keepCsrf, storedCsrf } from './client.ts';

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

/** The signed-in member and the actions the policy table grants their role. */
export interface Me {
  workspace_id: string;
  member: Member;
  actions: string[];
}

export async function signIn(email: string, password: string): Promise<SignedIn> {
  const signedIn = await call<SignedIn>('POST', '/v1/session', { email, password });
  keepCsrf(signedIn.csrf_token);
  return signedIn;
}

export async function signOut(): Promise<void> {
  try {
    await call<void>('DELETE', '/v1/session');
  } finally {
    forgetCsrf();
  }
}

/** The signed-in member, or null when there is no session (or it has ended). */
export async function currentMember(): Promise<Me | null> {
  if (!storedCsrf()) return null;
  try {
    const me = await call<Me & { member: Member | null }>('GET', '/v1/me');
    return me.member ? (me as Me) : null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetCsrf();
      return null;
    }
    throw error;
  }
}
