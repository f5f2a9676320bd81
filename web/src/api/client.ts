// The dashboard's only way to Heed: the public /v1 API, with the session cookie sign-in sets.
import { type QueryKey, useQuery } from '@tanstack/react-query';

/** An answer other than 2xx: its status, the problem's title or detail, and per-field errors when it has them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

// The CSRF token comes only with sign-in: kept for this browser so writes work after a reload. Its presence
// also says a session may exist, so a first visit shows the form without a request that fails.
const csrfKey = 'heed.csrf';

export const storedCsrf = (): string | null => localStorage.getItem(csrfKey);
export const keepCsrf = (token: string) => localStorage.setItem(csrfKey, token);
export const forgetCsrf = () => localStorage.removeItem(csrfKey);

/** A query string of the defined, non-empty values (arrays repeat the key). */
export function queryString(params: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
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
    const errors = Array.isArray(answer?.errors) ? (answer.errors as ApiError['fieldErrors']) : [];
    throw new ApiError(response.status, message, errors);
  }
  return answer as T;
}

export const get = <T>(path: string, params?: Record<string, unknown>) =>
  call<T>('GET', `${path}${queryString(params)}`);

/** A GET through the shared query cache: keyed by path and parameters, so equal views share one request. */
export function useGet<T>(
  path: string | null,
  params: Record<string, unknown> = {},
  options: { keepPrevious?: boolean } = {},
) {
  const queryKey: QueryKey = [path, params];
  return useQuery<T, ApiError>({
    queryKey,
    queryFn: () => get<T>(path as string, params),
    enabled: path !== null,
    placeholderData: options.keepPrevious ? (previous) => previous : undefined,
  });
}
