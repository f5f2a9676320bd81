// Calendar periods in UTC: weeks start on Monday (ISO 8601), quarters in January, April, July and October.

export type CalendarPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of the period that holds `day` (YYYY-MM-DD). */
export function periodStart(day: string, period: CalendarPeriod): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (period === 'day') return iso(date);
  if (period === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  else {
    date.setUTCDate(1);
    if (period === 'quarter') date.setUTCMonth(date.getUTCMonth() - (date.getUTCMonth() % 3));
    if (period === 'year') date.setUTCMonth(0);
  }
  return iso(date);
}

/** The first day of the next period. */
export function nextPeriodStart(start: string, period: CalendarPeriod): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (period === 'day') date.setUTCDate(date.getUTCDate() + 1);
  else if (period === 'week') date.setUTCDate(date.getUTCDate() + 7);
  else date.setUTCMonth(date.getUTCMonth() + (period === 'month' ? 1 : period === 'quarter' ? 3 : 12));
  return iso(date);
}

/** Every period that overlaps [from, to], as [start, end) pairs of days. */
export function periodStarts(
  from: string,
  to: string,
  period: CalendarPeriod,
): Array<{ start: string; end: string }> {
  const periods: Array<{ start: string; end: string }> = [];
  for (let start = periodStart(from, period); start <= to; start = nextPeriodStart(start, period)) {
    periods.push({ start, end: nextPeriodStart(start, period) });
  }
  return periods;
}
