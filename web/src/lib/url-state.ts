// Filters kept in the URL's query string, so a view can be shared, bookmarked and restored with Back.
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';

export type UrlState<K extends string> = Partial<Record<K, string>>;

/** Reads the named keys from the query string; unknown keys are kept as they are when it is written. */
export function parseSearch<K extends string>(search: string, keys: readonly K[]): UrlState<K> {
  const params = new URLSearchParams(search);
  const state: UrlState<K> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null && value !== '') state[key] = value;
  }
  return state;
}

/** The query string with `changes` applied: an empty or undefined value removes its key. */
export function withChanges(search: string, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The page's filters from the URL and a setter that writes them back. A filter change replaces the history
 * entry (typing in a search box should not fill Back with keystrokes); pass `{ push: true }` to add one.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const search = useSearch();
  const [path, navigate] = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys is a constant list per page
  const state = useMemo(() => parseSearch(search, keys), [search]);
  const setState = useCallback(
    (changes: Partial<Record<K, string | undefined>>, options: { push?: boolean } = {}) =>
      navigate(`${path}${withChanges(search, changes)}`, { replace: !options.push }),
    [path, search, navigate],
  );
  return [state, setState] as const;
}
