// Tests for the Poisson probabilities: independent reference values (mpmath, 40 digits) and identities.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poissonLowerTail, poissonPmf, poissonUpperTail } from './poisson.ts';

/** |actual / expected − 1| < 1e-12: relative, because the interesting p-values are tiny. */
function expectRelative(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThan(tolerance);
}

// [k, λ, P(X = k), P(X ≥ k), P(X ≤ k)] from mpmath at 40 digits, rounded to doubles: exp(−λ + k ln λ −
// ln Γ(k + 1)) and the regularised incomplete gamma functions, P(X ≥ k) = P(k, λ), P(X ≤ k) = Q(k + 1, λ).
const references: Array<[number, number, number, number, number]> = [
  [10, 3, 0.0008101511794681432, 0.0011024881301154798, 0.9997076630493527],
  [1, 0.5, 0.3032653298563167, 0.3934693402873666, 0.9097959895689501],
  [5, 5, 0.1754673697678507, 0.5595067149347875, 0.6159606548330632],
  [25, 5.1, 1.9217941449683018e-10, 2.3856802492209264e-10, 0.9999999999536114],
  [50, 10, 1.4927267257774841e-19, 1.8547268838697993e-19, 1.0],
  [100, 40, 7.31503152232518e-16, 1.2062542053086514e-15, 0.9999999999999996],
  [3, 10, 0.007566654960414142, 0.9972306042844884, 0.010336050675925718],
  [1000, 1000, 0.012614611348721499, 0.5042052441802155, 0.508409367168506],
  [1100, 1000, 9.498944242299507e-5, 0.0009626304058665572, 0.9991323590365564],
  [900, 1000, 7.516954352125952e-5, 0.9993774022157249, 0.0006977673277963068],
  [10000, 10000, 0.003989389558962826, 0.5013298083399552, 0.5026595812190077],
  [10500, 10000, 1.777921929803751e-8, 3.5995897948120387e-7, 0.9999996578202398],
  [1e6, 1e6, 0.00039894224715624404, 0.5001329807608725, 0.5002659614862837],
];

describe('poissonUpperTail', () => {
  it('gives P(X ≥ 10 | λ = 3) = 0.00110248813011548', () => {
    expectRelative(poissonUpperTail(10, 3), 0.0011024881301154798);
  });

  it.each(references)('matches the reference at k = %s, λ = %s', (k, lambda, pmf, upper, lower) => {
    expectRelative(poissonPmf(k, lambda), pmf);
    expectRelative(poissonUpperTail(k, lambda), upper);
    expectRelative(poissonLowerTail(k, lambda), lower);
  });

  it('keeps full relative precision far in the tail, down to where doubles underflow', () => {
    // P(X ≥ 150 | λ = 1) ≈ 6.48e−264 (mpmath); P(X ≥ 200 | λ = 1) ≈ 4.7e−376 is below the smallest double.
    expectRelative(poissonUpperTail(150, 1), 6.481830476248712e-264);
    expect(poissonUpperTail(200, 1)).toBe(0);
  });

  it('handles the edges: k = 0 is certain, λ = 0 allows only zero', () => {
    expect(poissonUpperTail(0, 7)).toBe(1);
    expect(poissonUpperTail(0, 0)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonLowerTail(0, 0)).toBe(1);
    expect(poissonPmf(0, 0)).toBe(1);
    expect(poissonPmf(3, 0)).toBe(0);
    expect(poissonPmf(0, 2)).toBe(Math.exp(-2));
  });

  it('rejects counts that are not whole numbers ≥ 0 and negative or non-finite λ', () => {
    expect(() => poissonUpperTail(2.5, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(-1, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, -1)).toThrow(RangeError);
    expect(() => poissonUpperTail(1, Number.NaN)).toThrow(RangeError);
    expect(() => poissonLowerTail(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('agrees with a direct sum of e^(−λ) λ^j / j! for small λ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.01, max: 30, noNaN: true }),
        (k, lambda) => {
          let term = Math.exp(-lambda);
          let below = 0;
          for (let j = 0; j < k; j++) {
            below += term;
            term *= lambda / (j + 1);
          }
          if (k > 0) expect(poissonLowerTail(k - 1, lambda)).toBeCloseTo(below, 13);
          expect(poissonUpperTail(k, lambda)).toBeCloseTo(1 - below, 13);
        },
      ),
    );
  });

  it('splits the distribution: P(X ≤ k) + P(X ≥ k + 1) = 1 and P(X ≥ k) − P(X ≥ k + 1) = P(X = k)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0.001, max: 5000, noNaN: true }),
        (k, lambda) => {
          expect(poissonLowerTail(k, lambda) + poissonUpperTail(k + 1, lambda)).toBeCloseTo(1, 14);
          expect(poissonUpperTail(k, lambda) - poissonUpperTail(k + 1, lambda)).toBeCloseTo(
            poissonPmf(k, lambda),
            14,
          );
        },
      ),
    );
  });

  it('is monotone: falls as k rises and rises with λ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0.001, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (k, lambda, factor) => {
          expect(poissonUpperTail(k + 1, lambda)).toBeLessThanOrEqual(poissonUpperTail(k, lambda));
          expect(poissonUpperTail(k, lambda * factor)).toBeGreaterThanOrEqual(
            poissonUpperTail(k, lambda) * (1 - 1e-12),
          );
        },
      ),
    );
  });
});
