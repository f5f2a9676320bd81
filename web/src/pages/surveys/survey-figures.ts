// How the Surveys section words its figures: a score in its metric's units with its margin, a response rate,
// and the trend and volume series of the results page, each with the table its chart is read as.
import type { Cell } from '../../lib/csv.ts';
import {
  formatCount,
  formatOneDecimal,
  formatPercent,
  formatSigned,
  formatTwoDecimals,
} from '../../lib/format.ts';
import type { ScoreFigures, SurveyKind, SurveyScore } from './api.ts';

export type ScoreMetricName = SurveyScore['metric'];

/** A score in its metric's units: NPS signed (+31), CSAT a percentage, CES and a mean rating on their scale. */
export function formatScore(metric: ScoreMetricName, value: number | null): string {
  if (value === null) return '—';
  if (metric === 'nps') return formatSigned(Math.round(value));
  if (metric === 'csat') return `${formatCount(Math.round(value))}%`;
  if (metric === 'ces') return formatTwoDecimals(value);
  return formatOneDecimal(value);
}

/** The ± margin in the same units: NPS points, CSAT percentage points, scale points. */
export function formatMargin(metric: ScoreMetricName, margin: number | null): string | null {
  if (margin === null) return null;
  if (metric === 'csat') return `± ${formatOneDecimal(margin)} pts`;
  if (metric === 'ces') return `± ${formatTwoDecimals(margin)}`;
  return `± ${formatOneDecimal(margin)}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A UTC day (YYYY-MM-DD, as the API counts days) in the browser's language, without shifting it a day. */
export const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** A response rate (0–1) as a percentage, or a dash when nobody was asked. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : formatPercent(rate * 100);
}

/** What the score of a kind measures, in a few words. */
export const scoreHelp: Record<ScoreMetricName, string> = {
  nps: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6)',
  csat: 'Share of satisfied answers (the top two boxes of the scale)',
  ces: 'Mean customer effort on 1–7 (higher is easier)',
  mean: 'Mean rating',
};

/** The metric a survey kind is scored with on /v1/metrics, or null (custom surveys have none there). */
export function metricOfKind(kind: SurveyKind): 'nps' | 'csat' | 'ces' | null {
  return kind === 'custom' ? null : kind;
}

/** The value of one period's figures in the metric's units. */
export function scoreValueOf(metric: 'nps' | 'csat' | 'ces', figures: ScoreFigures): number | null {
  const value = metric === 'nps' ? figures.nps : metric === 'csat' ? figures.csat : figures.ces;
  return value ?? null;
}

/** Half the width of a 95% interval: the margin shown for CSAT and CES, whose intervals are not symmetric. */
export function marginOf(metric: 'nps' | 'csat' | 'ces', figures: ScoreFigures): number | null {
  if (metric === 'nps') return figures.marginOfError ?? null;
  const interval = figures.confidenceInterval;
  return interval ? (interval[1] - interval[0]) / 2 : null;
}

export interface TrendSeries {
  periods: string[];
  values: Array<number | null>;
  lower: Array<number | null>;
  /** upper − lower: stacked on `lower`, it draws the band of the 95% interval. */
  bandWidth: Array<number | null>;
  table: { columns: string[]; rows: Cell[][] };
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** The score per period with its 95% interval, for the trend chart and its table. */
export function trendSeries(
  metric: 'nps' | 'csat' | 'ces',
  groups: ReadonlyArray<ScoreFigures & { period?: string }>,
): TrendSeries {
  const digits = metric === 'ces' ? 2 : 1;
  const sorted = [...groups]
    .filter((group) => group.period)
    .sort((a, b) => (a.period ?? '').localeCompare(b.period ?? ''));
  const periods = sorted.map((group) => group.period as string);
  const values = sorted.map((group) => round(scoreValueOf(metric, group), digits));
  const lower = sorted.map((group) => round(group.confidenceInterval?.[0] ?? null, digits));
  const upper = sorted.map((group) => round(group.confidenceInterval?.[1] ?? null, digits));
  const unit = metric === 'nps' ? 'NPS' : metric === 'csat' ? 'CSAT %' : 'CES';
  return {
    periods,
    values,
    lower,
    bandWidth: lower.map((low, i) => {
      const high = upper[i];
      return low === null || high === null ? null : round(high - low, digits);
    }),
    table: {
      columns: ['Period starting', unit, '95% interval from', '95% interval to', 'Responses (n)'],
      rows: sorted.map((group, i) => [periods[i], values[i], lower[i], upper[i], group.n]),
    },
  };
}

export interface VolumeSeries {
  periods: string[];
  /** Named stacks: promoters, passives and detractors for NPS; satisfied and not for CSAT; all for CES. */
  stacks: Array<{ name: string; values: number[] }>;
  table: { columns: string[]; rows: Cell[][] };
}

/** Responses per period, split the way the metric counts them. */
export function volumeSeries(
  metric: 'nps' | 'csat' | 'ces',
  groups: ReadonlyArray<ScoreFigures & { period?: string }>,
): VolumeSeries {
  const sorted = [...groups]
    .filter((group) => group.period)
    .sort((a, b) => (a.period ?? '').localeCompare(b.period ?? ''));
  const periods = sorted.map((group) => group.period as string);
  let stacks: VolumeSeries['stacks'];
  if (metric === 'nps')
    stacks = [
      { name: 'Detractors (0–6)', values: sorted.map((g) => g.detractors ?? 0) },
      { name: 'Passives (7–8)', values: sorted.map((g) => g.passives ?? 0) },
      { name: 'Promoters (9–10)', values: sorted.map((g) => g.promoters ?? 0) },
    ];
  else if (metric === 'csat')
    stacks = [
      { name: 'Not satisfied', values: sorted.map((g) => g.n - (g.satisfied ?? 0)) },
      { name: 'Satisfied', values: sorted.map((g) => g.satisfied ?? 0) },
    ];
  else stacks = [{ name: 'Responses', values: sorted.map((g) => g.n) }];
  return {
    periods,
    stacks,
    table: {
      columns: [
        'Period starting',
        ...stacks.map((stack) => stack.name),
        ...(stacks.length > 1 ? ['Total'] : []),
      ],
      rows: sorted.map((group, i) => [
        periods[i],
        ...stacks.map((stack) => stack.values[i]),
        ...(stacks.length > 1 ? [group.n] : []),
      ]),
    },
  };
}

export type Range = '30' | '90' | '365';
export type Granularity = 'day' | 'week' | 'month';

export const ranges: Array<{ value: Range; label: string; granularity: Granularity }> = [
  { value: '30', label: 'Last 30 days', granularity: 'day' },
  { value: '90', label: 'Last 90 days', granularity: 'week' },
  { value: '365', label: 'Last 12 months', granularity: 'month' },
];

const dayMs = 86_400_000;

/** The inclusive UTC window of the last `days` days ending today, as the metrics API counts days. */
export function windowOfRange(days: number, today = new Date()): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (days - 1) * dayMs).toISOString().slice(0, 10);
  return { from, to };
}
