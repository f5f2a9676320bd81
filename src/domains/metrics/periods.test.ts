import { describe, expect, it } from 'vitest';
import { periodStart, periodStarts } from './periods.ts';

describe('calendar periods', () => {
  it('starts weeks on Monday, quarters in Jan/Apr/Jul/Oct, years in January', () => {
    expect(periodStart('2026-11-22', 'week')).toBe('2026-11-16'); // a Sunday belongs to the week before
    expect(periodStart('2026-11-16', 'week')).toBe('2026-11-16');
    expect(periodStart('2026-11-22', 'month')).toBe('2026-11-01');
    expect(periodStart('2026-11-22', 'quarter')).toBe('2026-10-01');
    expect(periodStart('2026-03-31', 'quarter')).toBe('2026-01-01');
    expect(periodStart('2026-11-22', 'year')).toBe('2026-01-01');
  });

  it('makes each UTC day its own period', () => {
    expect(periodStart('2026-11-22', 'day')).toBe('2026-11-22');
    expect(periodStarts('2026-02-27', '2026-03-01', 'day')).toEqual([
      { start: '2026-02-27', end: '2026-02-28' },
      { start: '2026-02-28', end: '2026-03-01' },
      { start: '2026-03-01', end: '2026-03-02' },
    ]);
  });

  it('lists every period overlapping the window, end exclusive', () => {
    expect(periodStarts('2026-01-15', '2026-03-01', 'month')).toEqual([
      { start: '2026-01-01', end: '2026-02-01' },
      { start: '2026-02-01', end: '2026-03-01' },
      { start: '2026-03-01', end: '2026-04-01' },
    ]);
    expect(periodStarts('2025-12-31', '2026-01-01', 'year')).toEqual([
      { start: '2025-01-01', end: '2026-01-01' },
      { start: '2026-01-01', end: '2027-01-01' },
    ]);
  });
});
