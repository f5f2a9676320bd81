// Small statistics toolkit for the metric formulas: normal distribution, Wilson interval, guarded sums.

/** z for a two-sided 95% interval; 1.96 by convention so our numbers match the published NPS/CSAT formulas. */
export const Z_95 = 1.96;

/** Two-sided significance level used by every change test. */
export const ALPHA = 0.05;

/** Throws unless x is a finite number ≥ 0; counts and revenue can never be negative, NaN or infinite. */
export function assertNonNegative(x: number, what: string): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${x}`);
}

/** Throws unless x is finite; NaN would otherwise flow silently into every downstream number. */
export function assertFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be a finite number, got ${x}`);
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * Standard normal CDF Φ(x).
 * Hart (1968) rational approximation as given by West, "Better approximations to cumulative normal
 * functions" (2005): absolute error below 1e-14, far tighter than the 1e-7 Abramowitz–Stegun erf formula,
 * so p-values near the 0.05 threshold never flip because of the approximation.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  let tail: number; // P(Z > |x|)
  if (a > 37) {
    tail = 0; // below the smallest double; exp(−a²/2) underflows anyway
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = (e * num) / den;
    } else {
      // Far tail: continued fraction for the Mills ratio converges quickly here.
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * Standard normal quantile Φ⁻¹(p), 0 < p < 1.
 * Acklam's rational approximation (relative error 1.15e-9) followed by one Halley step against normalCdf,
 * which brings it to near machine precision.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  }
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley refinement step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2).
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided p-value for a z statistic: 2·P(Z > |z|), computed from the lower tail to keep precision. */
export function twoSidedPValue(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Wilson score interval for a proportion, as fractions in [0, 1]; null when n = 0.
 * Wilson rather than the textbook Wald p ± z√(p(1−p)/n) because Wald collapses to zero width at 0% or 100%
 * and overshoots [0, 1] for small n — exactly the small-sample cases a feedback dashboard shows most.
 * center = (p + z²/2n) / (1 + z²/n); half-width = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): [number, number] | null {
  assertNonNegative(successes, 'successes');
  assertNonNegative(n, 'n');
  if (n === 0) return null;
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // The clamp only removes floating-point spill (e.g. −1e−17); mathematically the bounds are inside [0, 1].
  return [clamp(center - half, 0, 1), clamp(center + half, 0, 1)];
}
