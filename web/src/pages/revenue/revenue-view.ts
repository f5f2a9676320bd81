// Revenue & retention as data: the view the URL keeps (dates, period, segment, the CLV assumptions), money in
// the currency's own minor units, and the 80/20 chart (Lorenz curve beside the line of equality).
import type { ChartOption } from '../../components/echarts.ts';
import type { UrlState } from '../../lib/url-state.ts';
import type { RetentionFigures, RetentionSection } from '../overview/api.ts';
import type { ChartTable } from '../overview/chart-options.ts';
import { type DateWindow, windowFromUrl } from '../overview/view.ts';

export const revenueKeys = ['days', 'from', 'to', 'period', 'segment', 'cac', 'lifespan'] as const;
export type RevenueUrlState = UrlState<(typeof revenueKeys)[number]>;

export type RetentionPeriod = 'week' | 'month' | 'quarter' | 'year';
export const retentionPeriods: readonly RetentionPeriod[] = ['week', 'month', 'quarter', 'year'];

/** Retention moves slowly: the choices run longer than the Overview's, and a year is the default. */
export const revenuePresets = [90, 180, 365, 730] as const;
export const revenueDefaultDays = 365;

export function revenueWindow(state: RevenueUrlState, today: string): DateWindow {
  return windowFromUrl(state, today, revenuePresets, revenueDefaultDays);
}

/** The URL's period, or the one that gives a readable number of points: weeks up to a quarter, else months. */
export function retentionPeriodFromUrl(state: RevenueUrlState, window: DateWindow): RetentionPeriod {
  const asked = state.period as RetentionPeriod | undefined;
  if (asked && retentionPeriods.includes(asked)) return asked;
  return window.days <= 92 ? 'week' : 'month';
}

/** What /v1/metrics/retention answers (with compare=previous). */
export interface RetentionAnswer {
  from: string;
  to: string;
  period: RetentionPeriod;
  /** The customer segments there are to filter by. */
  segments: string[];
  overall: RetentionFigures;
  comparison: RetentionSection['comparison'];
  periods: Array<RetentionFigures & { period: string }>;
}

/** What /v1/metrics/clv answers: the figure and every measured input it rests on (money in minor units). */
export interface ClvAnswer {
  currency: string;
  clv: number | null;
  n: number;
  inputs: {
    average_purchase_value: number | null;
    purchases_per_year: number | null;
    lifespan_years: number | null;
    lifespan_source: string;
    annual_churn: { rate: number | null; n: number; confidenceInterval: [number, number] | null };
    acquisition_cost: number;
    purchases: number;
    revenue: number;
  };
  note?: string;
}

/** What /v1/metrics/concentration answers. */
export interface ConcentrationAnswer {
  currency: string;
  top_fraction: number;
  n: number;
  total: number;
  topShare: number | null;
  topCount: number;
  lorenz: Array<{ population: number; revenue: number }>;
  gini: number | null;
  top_customers: Array<{
    customer_id: string;
    external_id: string | null;
    email: string | null;
    revenue: number;
  }>;
}

/** How many minor units a currency's major unit has: 100 for USD and EUR, 1 for JPY, 1000 for KWD. */
export function minorUnitsPerMajor(currency: string): number {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // An unknown code: two decimals, as most currencies have.
  }
  return 10 ** digits;
}

/** An amount in minor units as money: formatMoney(123456, 'USD') → "$1,234.56"; whole units when `whole`. */
export function formatMoney(minor: number, currency: string, whole = false): string {
  const major = minor / minorUnitsPerMajor(currency);
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      maximumFractionDigits: whole ? 0 : undefined,
    }).format(major);
  } catch {
    return `${major.toLocaleString('en')} ${currency}`;
  }
}

/** The CLV assumptions typed on the page (major units, years), checked; null where a value is not usable. */
export function clvAssumptions(
  state: RevenueUrlState,
  currency: string,
): {
  acquisitionCostMinor: number | null;
  lifespanYears: number | null;
  problems: Partial<Record<'cac' | 'lifespan', string>>;
} {
  const problems: Partial<Record<'cac' | 'lifespan', string>> = {};
  let acquisitionCostMinor: number | null = null;
  let lifespanYears: number | null = null;
  if (state.cac !== undefined) {
    const value = Number(state.cac);
    if (Number.isFinite(value) && value >= 0)
      acquisitionCostMinor = Math.round(value * minorUnitsPerMajor(currency));
    else problems.cac = 'Enter an amount of 0 or more.';
  }
  if (state.lifespan !== undefined) {
    const value = Number(state.lifespan);
    if (Number.isFinite(value) && value > 0 && value <= 100) lifespanYears = value;
    else problems.lifespan = 'Enter a number of years above 0, at most 100.';
  }
  return { acquisitionCostMinor, lifespanYears, problems };
}

const percentDigits = (value: number) => Math.round(value * 10) / 10;

/**
 * The Lorenz curve (customers from the smallest to the largest, against their cumulative share of revenue),
 * the line of equality it would follow if every customer brought the same, and a mark where the top share
 * of customers begins: the further the curve sags below the line, the more revenue rests on a few.
 */
export function lorenzOption(answer: ConcentrationAnswer, color: string): ChartOption {
  const topStart = 100 * (1 - answer.top_fraction);
  return {
    // Room below the axis for its name.
    grid: { left: 8, right: 24, top: 36, bottom: 28, containLabel: true },
    legend: { data: ['Lorenz curve', 'Equality'], top: 0 },
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      formatter: (params: Array<{ dataIndex: number; seriesName: string }>) => {
        const point = answer.lorenz[params.find((p) => p.seriesName === 'Lorenz curve')?.dataIndex ?? -1];
        if (!point) return '';
        return `The smallest ${percentDigits(point.population)}% of customers\nbring ${percentDigits(point.revenue)}% of revenue`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: '% of customers, smallest first',
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: '{value}%' },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: 'Lorenz curve',
        type: 'line',
        data: answer.lorenz.map((point) => [point.population, point.revenue]),
        symbol: 'none',
        lineStyle: { color, width: 2 },
        itemStyle: { color },
        areaStyle: { color, opacity: 0.12 },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#5a6472', type: 'dotted' },
          label: { formatter: `Top ${Math.round(answer.top_fraction * 100)}%`, position: 'end' },
          data: [{ xAxis: topStart }],
        },
      },
      {
        name: 'Equality',
        type: 'line',
        data: [
          [0, 0],
          [100, 100],
        ],
        symbol: 'none',
        lineStyle: { color: '#5a6472', type: 'dashed', width: 1 },
        itemStyle: { color: '#5a6472' },
        silent: true,
      },
    ],
  };
}

export function lorenzTable(answer: ConcentrationAnswer): ChartTable {
  return {
    columns: ['% of customers (smallest first)', '% of revenue'],
    rows: answer.lorenz.map((point) => [percentDigits(point.population), percentDigits(point.revenue)]),
  };
}

export function retentionTable(periods: RetentionAnswer['periods']): ChartTable {
  const round = (value: number | null | undefined) => (value == null ? null : percentDigits(value));
  return {
    columns: [
      'Period start',
      'Customers at start (S)',
      'New (N)',
      'Lost',
      'At end (E)',
      'CRR %',
      'CRR 95% low',
      'CRR 95% high',
      'Churn %',
      'Churn 95% low',
      'Churn 95% high',
    ],
    rows: periods.map((p) => [
      p.period,
      p.start,
      p.new,
      p.lost,
      p.end,
      round(p.retention.rate),
      round(p.retention.confidenceInterval?.[0]),
      round(p.retention.confidenceInterval?.[1]),
      round(p.churn.rate),
      round(p.churn.confidenceInterval?.[0]),
      round(p.churn.confidenceInterval?.[1]),
    ]),
  };
}

/** How a customer is named in the top list: e-mail, else their id in your systems, else Heed's id. */
export const customerLabel = (customer: ConcentrationAnswer['top_customers'][number]) =>
  customer.email ?? customer.external_id ?? customer.customer_id;
