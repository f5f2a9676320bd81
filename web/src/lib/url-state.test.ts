import { describe, expect, it } from 'vitest';
import { parseSearch, withChanges } from './url-state.ts';

describe('filters kept in the URL', () => {
  it('reads only the named, non-empty keys', () => {
    expect(parseSearch('?group=detractor&q=&other=1', ['group', 'q'] as const)).toEqual({
      group: 'detractor',
    });
  });

  it('writes changes, removes emptied keys and keeps the others', () => {
    expect(
      withChanges('?group=detractor&page=2', { group: 'promoter', page: undefined, q: 'slow app' }),
    ).toBe('?group=promoter&q=slow+app');
    expect(withChanges('?q=x', { q: '' })).toBe('');
  });
});
