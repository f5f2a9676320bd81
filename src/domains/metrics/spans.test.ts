import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LifecycleRow } from './rollups.ts';
import { lifecycleCounts, previousWindow, spanOf } from './spans.ts';

const row = (day: string, started: number, churned: number, segment = ''): LifecycleRow => ({
  day,
  segment,
  started,
  churned,
});

describe('spans of days for retention', () => {
  it('puts the previous window of equal length right before the window', () => {
    expect(previousWindow({ from: '2026-03-01', to: '2026-04-29' })).toEqual({
      from: '2025-12-31',
      to: '2026-02-28',
    });
    expect(previousWindow({ from: '2026-03-01', to: '2026-03-01' })).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
  });

  it('counts S, N, lost and E per span (the CRR test vector: S 1000, N 200, E 1100)', () => {
    const days = [row('2026-01-10', 1000, 0), row('2026-02-03', 200, 40), row('2026-02-20', 0, 60)];
    expect(lifecycleCounts(days, [spanOf({ from: '2026-02-01', to: '2026-02-28' })])).toEqual([
      { start: 1000, new: 200, lost: 100, end: 1100 },
    ]);
    // A span's last day is in it; the next day is not.
    expect(lifecycleCounts(days, [spanOf({ from: '2026-01-01', to: '2026-02-19' })])).toEqual([
      { start: 0, new: 1200, lost: 40, end: 1160 },
    ]);
  });

  it('equals a direct count per span for any rows in any order', () => {
    const dayArbitrary = fc.integer({ min: 0, max: 60 }).map((offset) => {
      const date = new Date(Date.UTC(2026, 0, 1 + offset));
      return date.toISOString().slice(0, 10);
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: dayArbitrary, started: fc.nat(20), churned: fc.nat(20) })),
        fc.array(fc.tuple(dayArbitrary, dayArbitrary), { minLength: 1, maxLength: 5 }),
        (rows, pairs) => {
          const days = rows.map((r) => row(r.day, r.started, r.churned));
          const spans = pairs.map(([a, b]) => (a <= b ? { start: a, end: b } : { start: b, end: a }));
          const direct = spans.map(({ start, end }) => {
            let s = 0;
            let n = 0;
            let lost = 0;
            for (const day of days) {
              if (day.day < start) s += day.started - day.churned;
              else if (day.day < end) {
                n += day.started;
                lost += day.churned;
              }
            }
            return { start: s, new: n, lost, end: s + n - lost };
          });
          expect(lifecycleCounts(days, spans)).toEqual(direct);
        },
      ),
      { seed: 20261130 },
    );
  });
});
