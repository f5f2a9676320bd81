// Exact Poisson probabilities (mass and both tails) for the emerging-issue test, accurate for large counts.
import { assertNonNegative } from '../metrics/stats.ts';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function assertCount(k: number, what: string): void {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${k}`);
}

/**
 * Stirling's error for whole n: δ(n) = ln n! − [(n + ½) ln n − n + ln √(2π)].
 * Loader, "Fast and accurate computation of binomial probabilities" (2000): below 16 from ln n! directly (n!
 * is an exact double there); above, the asymptotic series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹,
 * cut off where the next term no longer matters.
 */
function stirlingError(n: number): number {
  if (n < 16) {
    let factorial = 1;
    for (let i = 2; i <= n; i++) factorial *= i;
    return Math.log(factorial) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term bd0(x, m) = x ln(x/m) + m − x (Loader 2000). Near x = m the two halves nearly cancel, so there
 * it is summed as the series 2x Σ v^(2j+1)/(2j+1) − (x − m)v with v = (x − m)/(x + m), which has no
 * cancellation; computing it directly would lose most digits once counts reach the thousands.
 */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * P(X = k) for X ~ Poisson(λ): e^(−λ) λ^k / k!, evaluated as e^(−δ(k) − bd0(k, λ)) / √(2πk) (Loader 2000) so
 * neither λ^k nor e^(−λ) overflows or underflows on its own when λ is large.
 */
export function poissonPmf(k: number, lambda: number): number {
  assertCount(k, 'k');
  assertNonNegative(lambda, 'λ');
  if (lambda === 0) return k === 0 ? 1 : 0;
  if (k === 0) return Math.exp(-lambda);
  return Math.exp(-stirlingError(k) - deviance(k, lambda)) / Math.sqrt(2 * Math.PI * k);
}

/**
 * Σ of P(X = j) from j = start moving away from the mode (up when `up`, else down to 0), by the ratio
 * P(j + 1)/P(j) = λ/(j + 1). Every ratio on the way is below 1 and shrinking, so the terms still to come are
 * at most term·r/(1 − r); the sum stops once that bound is below ε/8 of the running total, where it can no
 * longer change the result.
 * It takes O(√λ) terms: the terms fall off like a normal tail of width √λ.
 */
function sumAwayFromMode(start: number, lambda: number, up: boolean): number {
  let term = poissonPmf(start, lambda);
  let total = term;
  let j = start;
  while (term > 0) {
    if (up) {
      term *= lambda / (j + 1);
      j += 1;
    } else {
      if (j === 0) break;
      term *= j / lambda;
      j -= 1;
    }
    total += term;
    const ratio = up ? lambda / (j + 1) : j / lambda;
    if ((term * ratio) / (1 - ratio) <= (total * Number.EPSILON) / 8) break;
  }
  return total;
}

/** P(X ≤ k) for X ~ Poisson(λ), summed exactly from the side of k away from the mode. */
export function poissonLowerTail(k: number, lambda: number): number {
  assertCount(k, 'k');
  assertNonNegative(lambda, 'λ');
  if (lambda === 0) return 1;
  // Below the mean the lower tail is the short side: sum it directly. Otherwise 1 − P(X ≥ k + 1), where the
  // upper tail is the short side and at most about ½, so the subtraction loses no more than a bit.
  if (k < lambda) return Math.min(1, sumAwayFromMode(k, lambda, false));
  return Math.max(0, 1 - sumAwayFromMode(k + 1, lambda, true));
}

/**
 * P(X ≥ k) for X ~ Poisson(λ): the one-sided upper-tail p-value of observing k events when λ were expected.
 * Exact summation (no normal approximation), with full relative precision when the probability is tiny.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  assertCount(k, 'k');
  assertNonNegative(lambda, 'λ');
  if (k === 0) return 1;
  if (lambda === 0) return 0;
  if (k > lambda) return Math.min(1, sumAwayFromMode(k, lambda, true));
  return Math.max(0, 1 - sumAwayFromMode(k - 1, lambda, false));
}
