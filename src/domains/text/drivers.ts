// Key drivers: each theme's effect on NPS or CSAT, with a 95% interval, and what fixing it would be worth.
//
// Definitions. NPS and CSAT are those of metrics/formulas.ts: NPS = %promoters − %detractors (−100…100),
// CSAT = % of responses in the top two boxes. Both are means of a per-response value (+1/0/−1, or 1/0 × 100),
// so the overall score is share × with + (1 − share) × without, and the potential gain — how far the overall
// score would move if responses with the theme scored like those without — is share × (without − with).
// Intervals (independent groups, two-sided 95%):
//   NPS: difference ± 1.96 × √(v₁/n₁ + v₂/n₂), v = p + d − (p − d)² the multinomial variance (formulas.ts),
//        computed with half a response added to each category so an all-detractor group keeps an honest width.
//   CSAT: Newcombe's hybrid score interval (Newcombe, Statistics in Medicine 17, 1998, method 10), built from
//        the Wilson intervals formulas.ts reports for each group: L = d − √((p₁ − l₁)² + (u₂ − p₂)²),
//        U = d + √((u₁ − p₁)² + (p₂ − l₂)²). Unlike the Wald interval it keeps a sensible width at 0% or 100%.
// A difference is significant when its interval excludes 0. The potential gain's interval is the difference's,
// scaled by the share (a known count ratio, not an estimate) and negated.
import {
  CSAT_SCALE,
  csatFromHistogram,
  npsCountsFromHistogram,
  npsFromCounts,
  type RatingScale,
  type ScoreCount,
} from '../metrics/formulas.ts';
import { clamp, wilsonInterval, Z_95 } from '../metrics/stats.ts';

export type DriverMetric = 'nps' | 'csat';

/** A score histogram: counts[i] = responses with score i (0–10 for NPS; for CSAT the survey's scale). */
export interface ScoreGroup {
  counts: readonly number[];
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface DriverImpact {
  metric: DriverMetric;
  /** NPS (−100…100) or CSAT (% satisfied) of responses mentioning the theme. */
  withTheme: { n: number; score: number };
  withoutTheme: { n: number; score: number };
  /** withTheme − withoutTheme, in NPS points or CSAT percentage points, with its 95% interval. */
  difference: Interval & { significant: boolean };
  /** share × (without − with): the overall move if the theme's responses scored like the rest. */
  potentialGain: Interval;
  /** n_with / (n_with + n_without). */
  share: number;
}

const NPS_SCALE: RatingScale = { min: 0, max: 10 };

/** counts[i] → histogram buckets; zero buckets are dropped so padding below a scale's minimum is allowed. */
function histogram(group: ScoreGroup): ScoreCount[] {
  const buckets: ScoreCount[] = [];
  group.counts.forEach((count, score) => {
    if (count !== 0) buckets.push({ score, count });
  });
  return buckets;
}

/** 0 − x rather than −x: a zero difference gives a gain of 0, not −0. */
const negate = (x: number): number => 0 - x;

interface GroupComparison {
  withScore: number;
  withN: number;
  withoutScore: number;
  withoutN: number;
  low: number;
  high: number;
  significant: boolean;
}

/**
 * Var(NPS)/n of one group, with half a response added to each of the three categories first. Without it a
 * group of only detractors has no variance at all, and 30 of them would claim the difference to ±4 points;
 * with it the interval keeps a width that reflects the group's size (the same idea as the Agresti–Coull and
 * Jeffreys adjustments of a proportion).
 */
function adjustedNpsVariance(counts: { promoters: number; passives: number; detractors: number }): number {
  const n = counts.promoters + counts.passives + counts.detractors + 1.5;
  const p = (counts.promoters + 0.5) / n;
  const d = (counts.detractors + 0.5) / n;
  return (p + d - (p - d) ** 2) / n;
}

function compareNpsGroups(withTheme: ScoreGroup, withoutTheme: ScoreGroup): GroupComparison | null {
  const a = npsCountsFromHistogram(histogram(withoutTheme));
  const b = npsCountsFromHistogram(histogram(withTheme));
  const ra = npsFromCounts(a);
  const rb = npsFromCounts(b);
  if (ra.nps === null || rb.nps === null) return null;
  const difference = rb.nps - ra.nps;
  const half = Z_95 * 100 * Math.sqrt(adjustedNpsVariance(a) + adjustedNpsVariance(b));
  const low = clamp(difference - half, -200, 200);
  const high = clamp(difference + half, -200, 200);
  return {
    withScore: rb.nps,
    withN: rb.n,
    withoutScore: ra.nps,
    withoutN: ra.n,
    low,
    high,
    significant: low > 0 || high < 0,
  };
}

function compareCsatGroups(
  withTheme: ScoreGroup,
  withoutTheme: ScoreGroup,
  scale: RatingScale,
): GroupComparison | null {
  const w = csatFromHistogram(histogram(withTheme), scale);
  const o = csatFromHistogram(histogram(withoutTheme), scale);
  if (w.csat === null || o.csat === null) return null;
  const wi = wilsonInterval(w.satisfied, w.n);
  const oi = wilsonInterval(o.satisfied, o.n);
  if (wi === null || oi === null) return null;
  const p1 = w.satisfied / w.n;
  const p2 = o.satisfied / o.n;
  const difference = w.csat - o.csat;
  // Newcombe (1998) method 10, in fractions, then × 100 for percentage points.
  const low = difference - 100 * Math.sqrt((p1 - wi[0]) ** 2 + (oi[1] - p2) ** 2);
  const high = difference + 100 * Math.sqrt((wi[1] - p1) ** 2 + (p2 - oi[0]) ** 2);
  return {
    withScore: w.csat,
    withN: w.n,
    withoutScore: o.csat,
    withoutN: o.n,
    low,
    high,
    significant: low > 0 || high < 0,
  };
}

/**
 * The theme's effect on NPS or CSAT: responses mentioning it against those that don't. Null when either group
 * is empty. `scale` is the CSAT survey's rating scale (default 1–5); for NPS it must be omitted or 0–10.
 */
export function driverImpact(
  metric: DriverMetric,
  withTheme: ScoreGroup,
  withoutTheme: ScoreGroup,
  scale?: { min: number; max: number },
): DriverImpact | null {
  let comparison: GroupComparison | null;
  if (metric === 'nps') {
    if (scale && (scale.min !== NPS_SCALE.min || scale.max !== NPS_SCALE.max)) {
      throw new RangeError(`NPS is on 0–10, got a ${scale.min}–${scale.max} scale`);
    }
    comparison = compareNpsGroups(withTheme, withoutTheme);
  } else {
    comparison = compareCsatGroups(withTheme, withoutTheme, scale ?? CSAT_SCALE);
  }
  if (comparison === null) return null;
  const { withScore, withN, withoutScore, withoutN, low, high, significant } = comparison;
  const share = withN / (withN + withoutN);
  return {
    metric,
    withTheme: { n: withN, score: withScore },
    withoutTheme: { n: withoutN, score: withoutScore },
    difference: { value: withScore - withoutScore, low, high, significant },
    // Gain = share × (without − with) = share × −difference; negating swaps the interval's ends.
    potentialGain: {
      value: share * negate(withScore - withoutScore),
      low: share * negate(high),
      high: share * negate(low),
    },
    share,
  };
}

/**
 * Ranks drivers for action: significant differences first (a large gain inside the noise is not yet a
 * finding), then by the size of the potential gain, |potentialGain.value|, largest first — so a theme that
 * lifts the score ranks beside one that sinks it by as much — then by how many responses mention the theme.
 * Ties keep their input order. Returns a new array.
 */
export function rankDrivers<T extends { impact: DriverImpact }>(drivers: T[]): T[] {
  return [...drivers].sort(
    (a, b) =>
      Number(b.impact.difference.significant) - Number(a.impact.difference.significant) ||
      Math.abs(b.impact.potentialGain.value) - Math.abs(a.impact.potentialGain.value) ||
      b.impact.withTheme.n - a.impact.withTheme.n,
  );
}

/** One decimal, trailing ".0" dropped, a real minus sign, and never "−0". */
function formatPoints(x: number): string {
  const rounded = Math.round(Math.abs(x) * 10) / 10;
  if (rounded === 0) return '0';
  return `${x < 0 ? '−' : ''}${rounded}`;
}

/**
 * One sentence for people, e.g. "NPS among responses mentioning “checkout speed” is 18 points lower than among
 * the rest (95% CI −24 to −12); if they scored like the rest, overall NPS would rise 3.1 points."
 */
export function describeDriver(label: string, impact: DriverImpact): string {
  const name = impact.metric === 'nps' ? 'NPS' : 'CSAT';
  const units = (text: string) => {
    const unit = impact.metric === 'nps' ? 'point' : 'percentage point';
    return `${text} ${unit}${text === '1' ? '' : 's'}`;
  };
  const { value, low, high, significant } = impact.difference;
  const size = formatPoints(Math.abs(value));
  const gap =
    size === '0'
      ? 'is the same as among the rest'
      : `is ${units(size)} ${value > 0 ? 'higher' : 'lower'} than among the rest`;
  const interval = `95% CI ${formatPoints(low)} to ${formatPoints(high)}${significant ? '' : ', not significant'}`;
  const gain = impact.potentialGain.value;
  const gainSize = formatPoints(Math.abs(gain));
  const move = gainSize === '0' ? 'barely move' : `${gain > 0 ? 'rise' : 'fall'} ${units(gainSize)}`;
  return (
    `${name} among responses mentioning “${label}” ${gap} (${interval}); ` +
    `if they scored like the rest, overall ${name} would ${move}.`
  );
}
