// The Overview's view as the URL keeps it (dates, granularity, filters), read back into what the API asks:
// a shared or reloaded link shows the same view. Days are UTC days, as the metrics API counts them.
import type { UrlState } from '../../lib/url-state.ts';

export type Granularity = 'day' | 'week' | 'month';
export type ScoreMetricName = 'nps' | 'csat' | 'ces';

export const overviewKeys = ['days', 'from', 'to', 'period', 'segment', 'channel', 'metric'] as const;
export type OverviewUrlState = UrlState<(typeof overviewKeys)[number]>;

/** The "last N days" choices of the period picker; 90 when the URL names none. */
export const presetDays = [7, 30, 90, 365] as const;
export const defaultDays = 90;
/** The API answers at most this many periods (a year of days and a little more). */
export const maxPeriods = 400;

const dayMs = 86_400_000;

export interface DateWindow {
  /** First and last day, inclusive (YYYY-MM-DD, UTC). */
  from: string;
  to: string;
  /** How many days from `from` to `to`, both counted. */
  days: number;
  /** The "last N days" preset the window follows, or null for fixed dates. */
  preset: number | null;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export const todayUtc = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;

/**
 * The dates the URL names: fixed `from`/`to` when both are valid and in order, else the last `days` days
 * (one of the presets) ending today, else the last 90 days. A preset keeps moving with the calendar, so a
 * link to "last 30 days" shows the last 30 days on the day it is opened.
 */
export function windowFromUrl(
  state: OverviewUrlState,
  today: string,
  presets: readonly number[] = presetDays,
  fallbackDays = defaultDays,
): DateWindow {
  if (isIsoDate(state.from) && isIsoDate(state.to) && state.from <= state.to) {
    return { from: state.from, to: state.to, days: daysBetween(state.from, state.to), preset: null };
  }
  const asked = Number(state.days);
  const days = presets.includes(asked) ? asked : fallbackDays;
  return { from: addDays(today, 1 - days), to: today, days, preset: days };
}

/** The granularity that suits a window's length: days for a month, weeks for a quarter or half year, else months. */
export function defaultGranularity(days: number): Granularity {
  if (days <= 31) return 'day';
  if (days <= 183) return 'week';
  return 'month';
}

/**
 * The granularity to show: the URL's choice, unless days were chosen over more days than the API answers
 * (then weeks, and `adjusted` says so); without a choice, the one that suits the window.
 */
export function granularityFromUrl(
  state: OverviewUrlState,
  window: DateWindow,
): { period: Granularity; chosen: boolean; adjusted: boolean } {
  const asked = state.period;
  if (asked === 'day' || asked === 'week' || asked === 'month') {
    if (asked === 'day' && window.days > maxPeriods) return { period: 'week', chosen: true, adjusted: true };
    return { period: asked, chosen: true, adjusted: false };
  }
  return { period: defaultGranularity(window.days), chosen: false, adjusted: false };
}

export function metricFromUrl(state: OverviewUrlState): ScoreMetricName {
  return state.metric === 'csat' || state.metric === 'ces' ? state.metric : 'nps';
}

/** The URL changes for a "last N days" choice: fixed dates go. */
export const presetChanges = (days: number) => ({ days: String(days), from: undefined, to: undefined });

/** The URL changes for fixed dates: the preset goes. */
export const customChanges = (from: string, to: string) => ({ days: undefined, from, to });

/** Why a pair of typed dates cannot be shown, or null when they can. */
export function customDatesProblem(from: string, to: string): string | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'Enter both dates.';
  if (from > to) return 'The first day must not be after the last.';
  if (from < '1970-01-01' || to > '2200-12-31') return 'Choose dates between 1970 and 2200.';
  return null;
}

const dayFormat = new Intl.DateTimeFormat('en', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayInYearFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** A day as people write it: "Mar 2, 2026". */
export const formatDay = (day: string) => dayFormat.format(asDate(day));

/** What the window covers, in words: "Last 30 days" or "Jan 2, 2026 – Mar 31, 2026". */
export function windowLabel(window: DateWindow): string {
  if (window.preset !== null) return `Last ${window.preset} days`;
  return window.from === window.to
    ? formatDay(window.from)
    : `${formatDay(window.from)} – ${formatDay(window.to)}`;
}

/** A period's label on a chart axis: "Mar 2" for a day or the week starting then, "Mar 2026" for a month. */
export function periodLabel(period: string, granularity: Granularity | 'quarter' | 'year'): string {
  const date = asDate(period);
  if (granularity === 'month') return monthFormat.format(date);
  if (granularity === 'quarter') return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
  if (granularity === 'year') return String(date.getUTCFullYear());
  return dayInYearFormat.format(date);
}
