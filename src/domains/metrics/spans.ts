// Spans of days for retention: the window before a window, and customers at the start of a span, new and
// lost during it, and at its end, from the lifecycle rows.
import { nextPeriodStart } from './periods.ts';
import type { LifecycleRow } from './rollups.ts';

const dayMs = 86_400_000;
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The window of the same length that ends the day before `window` starts. */
export function previousWindow(window: { from: string; to: string }): { from: string; to: string } {
  const days = (Date.parse(window.to) - Date.parse(window.from)) / dayMs + 1;
  return {
    from: isoDate(Date.parse(window.from) - days * dayMs),
    to: isoDate(Date.parse(window.from) - dayMs),
  };
}

/** Customers at the start of a span (S), new during it (N), lost during it, and at its end (E). */
export interface LifecycleCounts {
  start: number;
  new: number;
  lost: number;
  end: number;
}

/**
 * S, N, lost and E for each [start, end) span of days, from the lifecycle rows (customers started and churned
 * per day): cumulative sums over the days in order, looked up per span boundary, so a year of daily spans
 * costs one pass over the rows rather than one per span.
 */
export function lifecycleCounts(
  days: readonly LifecycleRow[],
  spans: ReadonlyArray<{ start: string; end: string }>,
): LifecycleCounts[] {
  const sorted = [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  // started[i], churned[i]: totals over sorted[0 … i − 1].
  const started = [0];
  const churned = [0];
  for (const row of sorted) {
    started.push(started[started.length - 1] + Number(row.started));
    churned.push(churned[churned.length - 1] + Number(row.churned));
  }
  // How many rows fall on days before `day`.
  const before = (day: string) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle].day < day) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return spans.map(({ start, end }) => {
    const first = before(start);
    const last = before(end);
    const s = started[first] - churned[first];
    const n = started[last] - started[first];
    const lost = churned[last] - churned[first];
    return { start: s, new: n, lost, end: s + n - lost };
  });
}

/** A span given by its inclusive first and last day, as the [start, end) pair lifecycleCounts takes. */
export const spanOf = (window: { from: string; to: string }) => ({
  start: window.from,
  end: nextPeriodStart(window.to, 'day'),
});
