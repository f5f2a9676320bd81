// Pure metric formulas (NPS, CSAT, CES, retention, CLV, concentration, change tests): numbers in, numbers out.
import {
  ALPHA,
  assertFinite,
  assertNonNegative,
  clamp,
  twoSidedPValue,
  wilsonInterval,
  Z_95,
} from './stats.ts';

/** One bucket of a score histogram: how many responses gave this score. */
export interface ScoreCount {
  score: number;
  count: number;
}

// ---------------------------------------------------------------------------------------------------------
// NPS
// ---------------------------------------------------------------------------------------------------------

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export type NpsBand = 'needs work' | 'good' | 'excellent' | 'world-class';

export interface NpsResult {
  nps: number | null;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Percentages 0–100; 0 when n = 0. */
  promoterShare: number;
  passiveShare: number;
  detractorShare: number;
  /** 95% margin of error in NPS points; null when n = 0. */
  marginOfError: number | null;
  /** nps ± marginOfError, clamped to [−100, 100]. */
  confidenceInterval: [number, number] | null;
  band: NpsBand | null;
}

type NpsCategory = keyof NpsCounts;

/** NPS categories: 9–10 promoter, 7–8 passive, 0–6 detractor (Reichheld, 0–10 "how likely to recommend"). */
function npsCategory(score: number): NpsCategory {
  // Reject rather than skip: a score of 11 or 6.5 means the caller mixed scales, and dropping it would
  // silently shift the result.
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`NPS scores are whole numbers 0–10, got ${score}`);
  }
  if (score >= 9) return 'promoters';
  if (score >= 7) return 'passives';
  return 'detractors';
}

export function npsCountsFromScores(scores: readonly number[]): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const score of scores) counts[npsCategory(score)] += 1;
  return counts;
}

export function npsCountsFromHistogram(histogram: readonly ScoreCount[]): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const { score, count } of histogram) {
    assertNonNegative(count, `count for score ${score}`);
    counts[npsCategory(score)] += count;
  }
  return counts;
}

/**
 * Variance of the NPS estimator with p, d as fractions: p + d − (p − d)².
 * NPS is the mean of a variable that is +1 (promoter), 0 (passive) or −1 (detractor); E[X²] = p + d and
 * E[X] = p − d, so Var = p + d − (p − d)². Divide by n for the variance of the sample mean.
 */
function npsUnitVariance(counts: NpsCounts, n: number): number {
  const p = counts.promoters / n;
  const d = counts.detractors / n;
  // max(0, …) only absorbs floating-point rounding; the expression is ≥ 0 for any valid p, d.
  return Math.max(0, p + d - (p - d) ** 2);
}

function assertNpsCounts(counts: NpsCounts): void {
  assertNonNegative(counts.promoters, 'promoters');
  assertNonNegative(counts.passives, 'passives');
  assertNonNegative(counts.detractors, 'detractors');
}

/** NPS: %promoters(9–10) − %detractors(0–6), from −100 to 100. */
export function npsFromCounts(counts: NpsCounts): NpsResult {
  assertNpsCounts(counts);
  const { promoters, passives, detractors } = counts;
  const n = promoters + passives + detractors;
  if (n === 0) {
    return {
      nps: null,
      n: 0,
      promoters,
      passives,
      detractors,
      promoterShare: 0,
      passiveShare: 0,
      detractorShare: 0,
      marginOfError: null,
      confidenceInterval: null,
      band: null,
    };
  }
  // Multiply before dividing: one rounding step, so whole-number answers (50, 20) come out exact.
  const nps = (100 * (promoters - detractors)) / n;
  // 95% margin of error: 1.96 × √((p + d − (p − d)²)/n) × 100, in NPS points.
  const marginOfError = Z_95 * 100 * Math.sqrt(npsUnitVariance(counts, n) / n);
  return {
    nps,
    n,
    promoters,
    passives,
    detractors,
    promoterShare: (100 * promoters) / n,
    passiveShare: (100 * passives) / n,
    detractorShare: (100 * detractors) / n,
    marginOfError,
    confidenceInterval: [clamp(nps - marginOfError, -100, 100), clamp(nps + marginOfError, -100, 100)],
    band: npsBand(nps),
  };
}

/** NPS bands (Bain's usual reading): ≤ 0 needs work, > 0 good, > 50 excellent, > 80 world-class. */
export function npsBand(nps: number): NpsBand {
  assertFinite(nps, 'nps');
  if (nps > 80) return 'world-class';
  if (nps > 50) return 'excellent';
  if (nps > 0) return 'good';
  return 'needs work';
}

// ---------------------------------------------------------------------------------------------------------
// Rating scales: CSAT and CES
// ---------------------------------------------------------------------------------------------------------

/** A closed integer rating scale: CSAT 1–5 (also 1–10; 5-star is 1–5), CES 1–7. */
export interface RatingScale {
  min: number;
  max: number;
}

export const CSAT_SCALE: RatingScale = { min: 1, max: 5 };
export const CES_SCALE: RatingScale = { min: 1, max: 7 };

export interface CsatResult {
  csat: number | null;
  n: number;
  satisfied: number;
  mean: number | null;
  /** Wilson 95% interval of the satisfied share, in percent. */
  confidenceInterval: [number, number] | null;
}

export interface CesResult {
  /** Mean effort on 1–7 (higher = easier). */
  ces: number | null;
  n: number;
  /** % of responses scoring 5–7. */
  easyShare: number | null;
  standardDeviation: number | null;
  /** 95% interval for the mean (normal approximation); null when n < 2. */
  confidenceInterval: [number, number] | null;
}

function assertScale(scale: RatingScale): void {
  // Top-two-box needs at least two points on the scale, and scores are whole numbers.
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || scale.max - scale.min < 1) {
    throw new RangeError(`a rating scale needs whole-number min < max, got ${scale.min}–${scale.max}`);
  }
}

function assertHistogramOnScale(histogram: readonly ScoreCount[], scale: RatingScale): void {
  for (const { score, count } of histogram) {
    if (!Number.isInteger(score) || score < scale.min || score > scale.max) {
      throw new RangeError(`score ${score} is outside the ${scale.min}–${scale.max} scale`);
    }
    assertNonNegative(count, `count for score ${score}`);
  }
}

/** Mean and sample variance (n − 1 denominator) of the scores a histogram describes. */
export function meanAndVarianceFromHistogram(histogram: readonly ScoreCount[]): {
  n: number;
  mean: number | null;
  variance: number | null;
} {
  let n = 0;
  let total = 0;
  for (const { score, count } of histogram) {
    assertFinite(score, 'score');
    assertNonNegative(count, `count for score ${score}`);
    n += count;
    total += score * count;
  }
  if (n === 0) return { n: 0, mean: null, variance: null };
  const mean = total / n;
  if (n < 2) return { n, mean, variance: null };
  // Two-pass (deviations from the mean) rather than Σx² − n·mean²: no catastrophic cancellation.
  let squares = 0;
  for (const { score, count } of histogram) squares += count * (score - mean) ** 2;
  // Sample variance: s² = Σ(x − x̄)² / (n − 1).
  return { n, mean, variance: squares / (n - 1) };
}

/** CSAT: % of responses in the top two boxes (scores ≥ max − 1), e.g. 4–5 on 1–5 or 9–10 on 1–10. */
export function csatFromHistogram(histogram: readonly ScoreCount[], scale: RatingScale): CsatResult {
  assertScale(scale);
  assertHistogramOnScale(histogram, scale);
  let satisfied = 0;
  for (const { score, count } of histogram) if (score >= scale.max - 1) satisfied += count;
  const { n, mean } = meanAndVarianceFromHistogram(histogram);
  if (n === 0) return { csat: null, n: 0, satisfied: 0, mean: null, confidenceInterval: null };
  const interval = wilsonInterval(satisfied, n);
  return {
    csat: (100 * satisfied) / n,
    n,
    satisfied,
    mean,
    confidenceInterval: interval && [100 * interval[0], 100 * interval[1]],
  };
}

/** CES: mean effort score on 1–7 (1 = very hard, 7 = very easy); easy share = % of 5–7. */
export function cesFromHistogram(histogram: readonly ScoreCount[]): CesResult {
  assertHistogramOnScale(histogram, CES_SCALE);
  const { n, mean, variance } = meanAndVarianceFromHistogram(histogram);
  if (n === 0 || mean === null) {
    return { ces: null, n: 0, easyShare: null, standardDeviation: null, confidenceInterval: null };
  }
  let easy = 0;
  for (const { score, count } of histogram) if (score >= 5) easy += count;
  const standardDeviation = variance === null ? null : Math.sqrt(variance);
  // 95% CI for the mean: x̄ ± 1.96·s/√n. Clamped to the 1–7 scale, since a mean outside it is impossible
  // and small samples with a high mean would otherwise show e.g. "up to 7.3".
  const confidenceInterval: [number, number] | null =
    standardDeviation === null
      ? null
      : [
          clamp(mean - (Z_95 * standardDeviation) / Math.sqrt(n), CES_SCALE.min, CES_SCALE.max),
          clamp(mean + (Z_95 * standardDeviation) / Math.sqrt(n), CES_SCALE.min, CES_SCALE.max),
        ];
  return { ces: mean, n, easyShare: (100 * easy) / n, standardDeviation, confidenceInterval };
}

// ---------------------------------------------------------------------------------------------------------
// Retention, churn, CLV
// ---------------------------------------------------------------------------------------------------------

/** Customers at the start of the period (S), acquired during it (N), and at its end (E). */
export interface RetentionInput {
  start: number;
  new: number;
  end: number;
}

export interface RateResult {
  /** Percent; null when the base (S) is 0. */
  rate: number | null;
  /** The base: S. */
  n: number;
  /** Wilson 95% interval on the share of S, in percent. */
  confidenceInterval: [number, number] | null;
}

function rateOfStart(count: number, start: number): RateResult {
  if (start === 0) return { rate: null, n: 0, confidenceInterval: null };
  // The rate itself is reported as computed (it can leave 0–100 if the inputs disagree, which is worth
  // seeing); only the interval's success count is clamped, because Wilson needs 0 ≤ successes ≤ n.
  const interval = wilsonInterval(clamp(count, 0, start), start);
  return {
    rate: (100 * count) / start,
    n: start,
    confidenceInterval: interval && [100 * interval[0], 100 * interval[1]],
  };
}

/** CRR: (E − N) ÷ S × 100 — the share of starting customers still there at the end. */
export function customerRetentionRate(input: RetentionInput): RateResult {
  assertNonNegative(input.start, 'start');
  assertNonNegative(input.new, 'new');
  assertNonNegative(input.end, 'end');
  return rateOfStart(input.end - input.new, input.start);
}

/** Churn rate: customers lost ÷ customers at the start × 100. */
export function churnRate(input: { start: number; lost: number }): RateResult {
  assertNonNegative(input.start, 'start');
  assertNonNegative(input.lost, 'lost');
  return rateOfStart(input.lost, input.start);
}

export interface SimpleClvInput {
  averagePurchaseValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
  acquisitionCost: number;
}

/** Simple CLV: average purchase value × purchases per year × lifespan in years − acquisition cost (CAC). */
export function simpleClv(input: SimpleClvInput): number {
  assertFinite(input.averagePurchaseValue, 'averagePurchaseValue');
  assertFinite(input.purchasesPerYear, 'purchasesPerYear');
  assertFinite(input.lifespanYears, 'lifespanYears');
  assertFinite(input.acquisitionCost, 'acquisitionCost');
  return input.averagePurchaseValue * input.purchasesPerYear * input.lifespanYears - input.acquisitionCost;
}

// ---------------------------------------------------------------------------------------------------------
// Revenue concentration
// ---------------------------------------------------------------------------------------------------------

export interface LorenzPoint {
  /** Cumulative % of customers, poorest first. */
  population: number;
  /** Cumulative % of revenue they hold. */
  revenue: number;
}

export interface ConcentrationResult {
  n: number;
  total: number;
  /** % of revenue held by the topCount largest customers; null when n = 0 or total = 0. */
  topShare: number | null;
  topCount: number;
  /** From (0, 0) to (100, 100), at most 101 points; empty when n = 0 or total = 0. */
  lorenz: LorenzPoint[];
  /** 0 = perfectly equal; (n − 1)/n when one customer holds everything; null when n = 0 or total = 0. */
  gini: number | null;
}

const MAX_LORENZ_POINTS = 101;

/** ceil(fraction × n), ignoring floating-point noise: 0.2 × 15 must give 3, not ceil(3.0000000000000004) = 4. */
function ceilCount(fraction: number, n: number): number {
  const raw = fraction * n;
  const nearest = Math.round(raw);
  return Math.abs(raw - nearest) < 1e-9 ? nearest : Math.ceil(raw);
}

export function revenueConcentration(
  revenuePerCustomer: readonly number[],
  topFraction = 0.2,
): ConcentrationResult {
  if (!(topFraction >= 0 && topFraction <= 1)) {
    throw new RangeError(`topFraction must be between 0 and 1, got ${topFraction}`);
  }
  // Negative revenue (net refunds) has no place on a Lorenz curve and can push Gini past 1: reject it.
  for (const r of revenuePerCustomer) assertNonNegative(r, 'revenue per customer');
  const sorted = [...revenuePerCustomer].sort((x, y) => x - y);
  const n = sorted.length;
  const topCount = ceilCount(topFraction, n);

  // Cumulative sums, ascending; the last one is the total, so the Lorenz curve ends at exactly 100.
  const cumulative: number[] = [0];
  for (const x of sorted) cumulative.push(cumulative[cumulative.length - 1] + x);
  const total = cumulative[n];
  if (n === 0 || total === 0) return { n, total, topShare: null, topCount, lorenz: [], gini: null };

  // Top share: revenue of the topCount largest customers ÷ total × 100.
  const topShare = (100 * (total - cumulative[n - topCount])) / total;

  // Evenly spaced sample of the n + 1 curve points; index 0 and n are always hit (k = 0 and k = steps).
  const steps = Math.min(n, MAX_LORENZ_POINTS - 1);
  const lorenz: LorenzPoint[] = [];
  for (let k = 0; k <= steps; k++) {
    const i = Math.round((k * n) / steps);
    lorenz.push({ population: (100 * i) / n, revenue: (100 * cumulative[i]) / total });
  }

  // Gini: G = (2 Σ i·x_i)/(n Σ x) − (n + 1)/n, i = 1…n over ascending x. Computed as the equivalent single
  // fraction (2 Σ i·x_i − (n + 1) Σ x)/(n Σ x) so equal integer revenues give exactly 0, not ±1e−16.
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * sorted[i];
  const gini = Math.max(0, (2 * weighted - (n + 1) * total) / (n * total));

  return { n, total, topShare, topCount, lorenz, gini };
}

// ---------------------------------------------------------------------------------------------------------
// Change between two periods (a = earlier, b = later); two-sided, alpha 0.05
// ---------------------------------------------------------------------------------------------------------

export interface ChangeTest {
  /** b − a, in the metric's units (NPS points, percentage points, scale points). */
  difference: number | null;
  standardError: number | null;
  z: number | null;
  pValue: number | null;
  significant: boolean;
  test: string;
}

function noTest(test: string, difference: number | null = null): ChangeTest {
  return { difference, standardError: null, z: null, pValue: null, significant: false, test };
}

/**
 * z test from a difference and its standard error. A zero standard error (no spread in either sample, e.g.
 * 100% promoters both times) gives no evidence either way, so z and p are null and the change is not
 * called significant rather than reporting an infinite z.
 */
function zTest(difference: number, standardError: number, test: string): ChangeTest {
  if (!(standardError > 0)) return { ...noTest(test, difference), standardError };
  const z = difference / standardError;
  const pValue = twoSidedPValue(z);
  return { difference, standardError, z, pValue, significant: pValue < ALPHA, test };
}

/** NPS change: z = (NPS_b − NPS_a) / √(var_a + var_b), var = (p + d − (p − d)²)/n with p, d as fractions. */
export function compareNps(a: NpsCounts, b: NpsCounts): ChangeTest {
  const test = 'nps-variance-z';
  const ra = npsFromCounts(a);
  const rb = npsFromCounts(b);
  if (ra.nps === null || rb.nps === null) return noTest(test);
  const varA = npsUnitVariance(a, ra.n) / ra.n;
  const varB = npsUnitVariance(b, rb.n) / rb.n;
  return zTest(rb.nps - ra.nps, 100 * Math.sqrt(varA + varB), test);
}

/**
 * Two-proportion z test with pooled variance: p̂ = (x_a + x_b)/(n_a + n_b),
 * SE = √(p̂(1 − p̂)(1/n_a + 1/n_b)); difference and SE reported in percentage points.
 */
export function compareProportions(
  a: { successes: number; n: number },
  b: { successes: number; n: number },
): ChangeTest {
  const test = 'two-proportion-z';
  for (const [label, s] of [
    ['a', a],
    ['b', b],
  ] as const) {
    assertNonNegative(s.successes, `${label}.successes`);
    assertNonNegative(s.n, `${label}.n`);
    if (s.successes > s.n) throw new RangeError(`${label}: successes (${s.successes}) exceed n (${s.n})`);
  }
  if (a.n === 0 || b.n === 0) return noTest(test);
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const difference = 100 * (b.successes / b.n - a.successes / a.n);
  const standardError = 100 * Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return zTest(difference, standardError, test);
}

/**
 * Welch's unequal-variance comparison of means, z = (x̄_b − x̄_a)/√(s_a²/n_a + s_b²/n_b), judged against the
 * normal rather than Student's t (fine for the sample sizes dashboards compare; slightly liberal below ~30).
 */
export function compareMeans(
  a: { n: number; mean: number; variance: number },
  b: { n: number; mean: number; variance: number },
): ChangeTest {
  const test = 'welch';
  for (const [label, s] of [
    ['a', a],
    ['b', b],
  ] as const) {
    assertNonNegative(s.n, `${label}.n`);
    assertNonNegative(s.variance, `${label}.variance`);
    assertFinite(s.mean, `${label}.mean`);
  }
  // A sample variance needs at least two observations.
  if (a.n < 2 || b.n < 2) return noTest(test);
  return zTest(b.mean - a.mean, Math.sqrt(a.variance / a.n + b.variance / b.n), test);
}
