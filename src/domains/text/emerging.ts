// Emerging issues: is a theme's volume this week significantly above its own baseline? Pure numbers.
//
// The test (one-sided exact Poisson test with exposure). The theme's baseline rate is its share of all
// analysed comments over the baseline weeks, with ½ added to the theme's count: r₀ = (c₀ + ½) / t₀. This
// week's count is modelled as X ~ Poisson(λ) with λ = r₀ × t, t = this week's analysed comments, so a week
// with twice the comments expects twice the theme (overall growth flags nothing), and the ½ keeps a theme
// with no history from being infinitely surprising. The p-value is P(X ≥ observed | λ), summed exactly
// (poisson.ts). A theme is flagged emerging when all three hold:
//   observed ≥ minCount (default 5)      — two comments instead of none is not an issue yet;
//   p < alpha (default 0.001)            — strict, because every theme is tested every week;
//   observed / λ ≥ minRatio (default 1.5) — at large volumes a trivial rise is significant but not news.
// The baseline rate is treated as known, though it is itself an estimate, so the real false-positive rate
// sits somewhat above alpha: about 0.1–0.3% per theme-week in simulated noise (emerging.test.ts bounds it).
// The exact alternative is the conditional binomial test of two Poisson rates (Przyborowski & Wilenski
// 1940), at some cost in power; the per-week Poisson framing is kept because its evidence reads directly.
import { assertNonNegative } from '../metrics/stats.ts';
import { poissonUpperTail } from './poisson.ts';

export interface WeeklyVolume {
  /** ISO date (YYYY-MM-DD) of the week's Monday. */
  week: string;
  /** Analysed comments that week with the theme. */
  comments: number;
  /** All analysed comments that week. */
  total: number;
}

export interface EmergingOptions {
  /** Weeks before the tested week that form the baseline; default 8, at least MIN_BASELINE_WEEKS. */
  baselineWeeks?: number;
  /** Fewest comments this week for a theme to be flagged; default 5. */
  minCount?: number;
  /** Significance level of the one-sided test; default 0.001. */
  alpha?: number;
  /** Smallest observed ÷ expected ratio worth flagging; default 1.5. */
  minRatio?: number;
}

export interface EmergingEvidence {
  /** The tested week: the last of the series. */
  week: string;
  /** Theme comments in the tested week. */
  observed: number;
  /** λ: theme comments the baseline rate predicts for the tested week's volume. */
  expected: number;
  /** Baseline weeks that had analysed comments (weeks with none carry no information). */
  baselineWeeks: number;
  /** Theme comments over the baseline weeks (without the ½). */
  baselineComments: number;
  /** All analysed comments over the baseline weeks. */
  baselineTotal: number;
  /** observed ÷ expected; 0 when the tested week has no comments. */
  rateRatio: number;
  /** P(X ≥ observed) for X ~ Poisson(expected); 1 when the tested week has no comments. */
  pValue: number;
  /** The test and its outcome in a sentence. */
  test: string;
}

export const EMERGING_DEFAULTS = { baselineWeeks: 8, minCount: 5, alpha: 0.001, minRatio: 1.5 } as const;

/** A baseline needs at least this many weeks with comments; fewer and a single odd week dominates it. */
export const MIN_BASELINE_WEEKS = 4;

/** Added to the baseline theme count: a theme never seen before gets a rate of ½ a comment per baseline. */
const BASELINE_PSEUDO_COUNT = 0.5;

function assertCount(x: number, what: string): void {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${x}`);
}

function resolveOptions(options: EmergingOptions): Required<EmergingOptions> {
  const resolved = { ...EMERGING_DEFAULTS, ...options };
  const { baselineWeeks, minCount, alpha, minRatio } = resolved;
  if (!Number.isInteger(baselineWeeks) || baselineWeeks < MIN_BASELINE_WEEKS) {
    throw new RangeError(
      `baselineWeeks must be a whole number ≥ ${MIN_BASELINE_WEEKS}, got ${baselineWeeks}`,
    );
  }
  assertCount(minCount, 'minCount');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  assertNonNegative(minRatio, 'minRatio');
  return resolved;
}

/** "0.0011", "2.4e-10": enough digits to read, not so many the sentence drowns. */
function formatP(p: number): string {
  return p >= 0.001 || p === 0 ? String(Number(p.toPrecision(2))) : p.toExponential(1);
}

/**
 * Tests the last week of `series` (oldest first, one entry per week) against up to `baselineWeeks` weeks
 * before it. Null when fewer than MIN_BASELINE_WEEKS of those weeks had any analysed comments: there is no
 * baseline to be surprised against. A tested week with no analysed comments is never emerging.
 */
export function emergingEvidence(
  series: readonly WeeklyVolume[],
  options: EmergingOptions = {},
): (EmergingEvidence & { emerging: boolean }) | null {
  const { baselineWeeks: window, minCount, alpha, minRatio } = resolveOptions(options);
  series.forEach((point, index) => {
    assertCount(point.comments, `comments in week ${point.week}`);
    assertCount(point.total, `total in week ${point.week}`);
    // ISO dates sort as strings; a newest-first series would otherwise silently test the wrong week.
    if (index > 0 && !(series[index - 1].week < point.week)) {
      throw new RangeError(
        `weeks must be in increasing order, got ${series[index - 1].week} then ${point.week}`,
      );
    }
  });
  if (series.length === 0) return null;

  const current = series[series.length - 1];
  const baseline = series.slice(Math.max(0, series.length - 1 - window), -1).filter((w) => w.total > 0);
  if (baseline.length < MIN_BASELINE_WEEKS) return null;
  let baselineComments = 0;
  let baselineTotal = 0;
  for (const w of baseline) {
    baselineComments += w.comments;
    baselineTotal += w.total;
  }
  const observed = current.comments;
  const base = {
    week: current.week,
    observed,
    baselineWeeks: baseline.length,
    baselineComments,
    baselineTotal,
  };
  const thresholds =
    `flagged when p < ${alpha}, at least ${minCount} comments ` +
    `and at least ${minRatio}× the baseline rate`;

  if (current.total === 0) {
    return {
      ...base,
      expected: 0,
      rateRatio: 0,
      pValue: 1,
      test:
        `One-sided exact Poisson test with exposure: no analysed comments in the week of ${current.week}, ` +
        `so nothing to test; ${thresholds}.`,
      emerging: false,
    };
  }

  // λ = (c₀ + ½) / t₀ × t: the baseline share of comments, applied to this week's volume.
  const expected = ((baselineComments + BASELINE_PSEUDO_COUNT) / baselineTotal) * current.total;
  const rateRatio = observed / expected;
  const pValue = poissonUpperTail(observed, expected);
  const emerging = observed >= minCount && pValue < alpha && rateRatio >= minRatio;
  return {
    ...base,
    expected,
    rateRatio,
    pValue,
    test:
      `One-sided exact Poisson test with exposure: ${observed} of ${current.total} comments against ` +
      `${expected.toFixed(1)} expected from the theme's baseline share, (${baselineComments} + ½) of ` +
      `${baselineTotal} over the previous ${baseline.length} weeks; P(X ≥ ${observed}) = ` +
      `${formatP(pValue)}; ${thresholds}.`,
    emerging,
  };
}
