// How the Overview's cards read: the headline figure with its ± margin and 95% interval, and the change
// against the previous period with whether it is significant — so nobody celebrates noise.
import type { ChangeTest, RateResult, RetentionFigures, ScoreMetric } from './api.ts';

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const oneDecimalFixed = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatWhole = (value: number) => whole.format(value);

export interface Shown {
  score: string;
  margin: string | null;
  interval: string | null;
}

const nothing: Shown = { score: '—', margin: null, interval: null };

/** The headline figure and its ± margin (half the 95% interval for CSAT and CES, whose intervals are not symmetric). */
export function figures(value: ScoreMetric): Shown {
  const interval = value.confidenceInterval;
  const half = interval ? (interval[1] - interval[0]) / 2 : null;
  if (value.metric === 'nps') {
    if (value.nps == null) return nothing;
    const score = `${value.nps > 0 ? '+' : ''}${whole.format(value.nps)}`;
    const margin = value.marginOfError == null ? null : `± ${oneDecimal.format(value.marginOfError)}`;
    return {
      score,
      margin,
      interval: interval ? `${whole.format(interval[0])} to ${whole.format(interval[1])}` : null,
    };
  }
  if (value.metric === 'csat') {
    if (value.csat == null) return nothing;
    return {
      score: `${whole.format(value.csat)}%`,
      margin: half == null ? null : `± ${oneDecimal.format(half)} pts`,
      interval: interval ? `${whole.format(interval[0])}% to ${whole.format(interval[1])}%` : null,
    };
  }
  if (value.ces == null) return nothing;
  return {
    score: twoDecimals.format(value.ces),
    margin: half == null ? null : `± ${twoDecimals.format(half)}`,
    interval: interval ? `${twoDecimals.format(interval[0])} to ${twoDecimals.format(interval[1])}` : null,
  };
}

/** A rate of the customers at the start (CRR, churn): "92.5%", ± half its Wilson interval. */
export function rateFigures(value: RateResult): Shown {
  if (value.rate == null) return nothing;
  const interval = value.confidenceInterval;
  return {
    score: `${oneDecimal.format(value.rate)}%`,
    margin: interval ? `± ${oneDecimal.format((interval[1] - interval[0]) / 2)} pts` : null,
    interval: interval ? `${oneDecimal.format(interval[0])}% to ${oneDecimal.format(interval[1])}%` : null,
  };
}

/**
 * Why a CRR or churn rate over the dates cannot be read as a share of the customers at their start, or null
 * when it can. CRR = (E − N) ÷ S and churn = lost ÷ S count every customer lost, also those who joined during
 * the dates: when many of those left too (a young customer base, a long window), the rate leaves 0–100%.
 */
export function rateProblem(figures: RetentionFigures, which: 'retention' | 'churn'): string | null {
  const rate = figures[which].rate;
  if (rate === null || (rate >= 0 && rate <= 100)) return null;
  return (
    `Not a meaningful share (${oneDecimal.format(rate)}%): ${whole.format(figures.lost)} customers left during ` +
    `these dates, against ${whole.format(figures.start)} at their start — most of those who left joined ` +
    'during the dates. Shorter periods (the chart) give meaningful rates.'
  );
}

/** Which way is good: more NPS, CSAT, ease (CES) and retention; less churn. */
export type Better = 'up' | 'down';

export type Verdict = 'significant' | 'not-significant' | 'untested';

export interface ChangeShown {
  /** The difference with its sign and unit, e.g. "+5.2 pts"; null when there is nothing to compare. */
  difference: string | null;
  direction: 'up' | 'down' | 'none';
  verdict: Verdict;
  /** What the test says, in words: "Significant (p = 0.012)". */
  verdictText: string;
  /** Significant and in the good direction (better), the bad one (worse), or neither (neutral). */
  tone: 'better' | 'worse' | 'neutral';
}

/** A p-value as a reader needs it: "p < 0.001", "p = 0.004", "p = 0.048", "p = 0.41". */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  const text = p < 0.1 ? p.toFixed(3) : p.toFixed(2);
  // A significant p must not read as 0.050: rounding would contradict the verdict beside it.
  if (p < 0.05 && Number(text) >= 0.05) return 'p < 0.05';
  return `p = ${text}`;
}

/** How a difference reads in a metric's unit: NPS points and percentage points as "pts", CES in scale points. */
export type ChangeUnit = 'pts' | 'scale';

export function formatDifference(difference: number, unit: ChangeUnit): string {
  const text =
    unit === 'scale' ? twoDecimals.format(difference) : `${oneDecimalFixed.format(difference)} pts`;
  return difference > 0 ? `+${text}` : text;
}

/**
 * The change against the previous period, from the API's test: its size, and "significant" only when the
 * test says so at 95% — a difference the test could not judge (a period without data, no variation) is
 * "not tested", never "no change".
 */
export function describeChange(change: ChangeTest, unit: ChangeUnit, better: Better): ChangeShown {
  if (change.difference === null) {
    return {
      difference: null,
      direction: 'none',
      verdict: 'untested',
      verdictText: 'Not tested: one of the periods has no data',
      tone: 'neutral',
    };
  }
  const direction = change.difference > 0 ? 'up' : change.difference < 0 ? 'down' : 'none';
  const difference = formatDifference(change.difference, unit);
  if (change.pValue === null) {
    return {
      difference,
      direction,
      verdict: 'untested',
      verdictText: 'Not tested: too few answers or no variation',
      tone: 'neutral',
    };
  }
  if (!change.significant) {
    return {
      difference,
      direction,
      verdict: 'not-significant',
      verdictText: `Not significant (${formatPValue(change.pValue)})`,
      tone: 'neutral',
    };
  }
  return {
    difference,
    direction,
    verdict: 'significant',
    verdictText: `Significant (${formatPValue(change.pValue)})`,
    tone: direction === 'none' ? 'neutral' : direction === better ? 'better' : 'worse',
  };
}
