// How the Themes pages word and shape what the API answers: the period in the URL as a window of weeks,
// sentiment and scores in words, the evidence behind an emerging issue, sparkline points, and the tables
// beside the charts.
import type { Cell } from '../../lib/csv.ts';
import type { Driver, Evidence, ScoreFigure, ThemeSummary } from './api.ts';

export const periods = [
  { weeks: 4, label: 'Last 4 weeks' },
  { weeks: 12, label: 'Last 12 weeks' },
  { weeks: 26, label: 'Last 26 weeks' },
  { weeks: 52, label: 'Last 52 weeks' },
] as const;
/** The API's own default window: the current week and the 11 before it. */
export const defaultWeeks = 12;

/** The number of weeks a `weeks` URL value names, or the default for anything else. */
export function weeksOf(value: string | undefined): number {
  const weeks = Number(value);
  return periods.some((period) => period.weeks === weeks) ? weeks : defaultWeeks;
}

/**
 * The window the theme routes take for the last `weeks` whole weeks up to `today` (UTC): its `from` is a day
 * weeks − 1 weeks back (the API counts that day's whole week). The default sends nothing: the API's default.
 */
export function windowParams(weeks: number, today: Date): { from?: string; to?: string } {
  if (weeks === defaultWeeks) return {};
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(today.getTime() - (weeks - 1) * 7 * 86_400_000), to: day(today.getTime()) };
}

/** A sentiment average (−1 to 1) in words, with the number. */
export function sentimentText(average: number | null): string {
  if (average === null) return '—';
  const word = average >= 0.05 ? 'Positive' : average <= -0.05 ? 'Negative' : 'Neutral';
  return `${word} (${average > 0 ? '+' : ''}${average.toFixed(2)})`;
}

export function sentimentTone(average: number | null): 'good' | 'neutral' | 'bad' {
  if (average === null) return 'neutral';
  return average >= 0.05 ? 'good' : average <= -0.05 ? 'bad' : 'neutral';
}

/** NPS as a signed whole number, CSAT as a percentage, each with its n. */
export function scoreText(metric: 'nps' | 'csat', figure: ScoreFigure | null): string {
  if (!figure || figure.score === null) return '—';
  const score = Math.round(figure.score);
  const shown = metric === 'nps' ? `${score > 0 ? '+' : ''}${score}` : `${score}%`;
  return `${shown} (n = ${figure.n})`;
}

/** A share (0–1) as a percentage with one decimal. */
export function shareText(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** What the emerging-issue test found, in one sentence. */
export function evidenceText(evidence: Evidence): string {
  const p = evidence.pValue < 0.001 ? 'p < 0.001' : `p = ${evidence.pValue.toFixed(3)}`;
  const rate = Number.isFinite(evidence.rateRatio)
    ? `${evidence.rateRatio.toFixed(1)}× the usual rate`
    : 'new';
  return (
    `${evidence.observed} comments in the week of ${evidence.week} against ${evidence.expected.toFixed(1)} ` +
    `expected from the ${evidence.baselineWeeks}-week baseline (${evidence.baselineComments} of ` +
    `${evidence.baselineTotal} comments): ${rate}, ${p}.`
  );
}

/**
 * The points of a sparkline in a width × height box, one per week, oldest left; the highest week touches the
 * top. A flat zero series lies on the bottom edge.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((value, index) => {
      const x = values.length > 1 ? index * step : width / 2;
      const y = max > 0 ? height - (value / max) * height : height;
      return `${round1(x)},${round1(y)}`;
    })
    .join(' ');
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The weekly-volume chart's table: a row per week, a column per theme. */
export function trendTable(themes: readonly ThemeSummary[]): { columns: string[]; rows: Cell[][] } {
  const weeks = themes[0]?.trend.map((point) => point.week) ?? [];
  return {
    columns: ['Week', ...themes.map((theme) => theme.label)],
    rows: weeks.map((week, index) => [week, ...themes.map((theme) => theme.trend[index]?.comments ?? 0)]),
  };
}

/** The drivers' table, as shown and downloaded. */
export function driverTable(
  drivers: readonly Driver[],
  metric: 'nps' | 'csat',
): {
  columns: string[];
  rows: Cell[][];
} {
  const name = metric.toUpperCase();
  return {
    columns: [
      'Theme',
      `${name} with theme`,
      'Responses with theme',
      `${name} without`,
      'Responses without',
      'Difference',
      '95% interval',
      'Significant',
      'Potential gain',
    ],
    rows: drivers.map((driver) => [
      driver.theme.label,
      driver.with_theme.score,
      driver.with_theme.n,
      driver.without_theme.score,
      driver.without_theme.n,
      driver.difference.value,
      `${driver.difference.low} to ${driver.difference.high}`,
      driver.difference.significant ? 'yes' : 'no',
      driver.potential_gain.value,
    ]),
  };
}
