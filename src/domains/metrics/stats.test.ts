// Tests for the statistics toolkit: normal CDF/quantile against published values, Wilson interval by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clamp, normalCdf, normalQuantile, sum, twoSidedPValue, wilsonInterval, Z_95 } from './stats.ts';

describe('normalCdf', () => {
  it('gives Φ(1.96) ≈ 0.975 (0.9750021048517795 to 12 places)', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
  });

  it('gives exactly 0.5 at 0', () => {
    expect(normalCdf(0)).toBe(0.5);
  });

  it('matches published values at ±1, −1.96 and 3 to 12 places', () => {
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 12);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 12);
  });

  it('keeps relative precision deep in the lower tail (Φ(−8) ≈ 6.221e−16)', () => {
    expect(normalCdf(-8) / 6.220960574271784e-16).toBeCloseTo(1, 6);
  });

  it('saturates to 0 and 1 far out', () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      }),
    );
  });
});

describe('normalQuantile', () => {
  it('gives Φ⁻¹(0.975) = 1.959963984540054 to 12 places', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
  });

  it('gives 0 at the median and 2.5758293035489 at 0.995 (to 12 places)', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 12);
  });

  it('returns ∓∞ at 0 and 1 and rejects values outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('inverts normalCdf to 10 places across the whole range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-10, max: 1 - 1e-10, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 10);
      }),
    );
  });
});

describe('twoSidedPValue', () => {
  it('gives 0.05 at z = 1.96 and 1 at z = 0 (to 4 places)', () => {
    expect(twoSidedPValue(1.96)).toBeCloseTo(0.05, 4);
    expect(twoSidedPValue(-1.96)).toBeCloseTo(0.05, 4);
    expect(twoSidedPValue(0)).toBe(1);
  });
});

describe('wilsonInterval', () => {
  it('gives [0.4902, 0.9433] for 8 successes of 10 (hand-computed, 10 places)', () => {
    // p = 0.8, z² = 3.8416, denom = 1 + z²/n = 1.38416
    const z2 = Z_95 * Z_95;
    const denom = 1 + z2 / 10;
    const center = (0.8 + z2 / 20) / denom;
    const half = (Z_95 / denom) * Math.sqrt((0.8 * 0.2) / 10 + z2 / 400);
    const interval = wilsonInterval(8, 10);
    expect(interval?.[0]).toBeCloseTo(center - half, 10);
    expect(interval?.[1]).toBeCloseTo(center + half, 10);
    expect(interval?.[0]).toBeCloseTo(0.4902, 4);
    expect(interval?.[1]).toBeCloseTo(0.9433, 4);
  });

  it('is null when n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('keeps a nonzero width at 0% and 100%, unlike the Wald interval', () => {
    const none = wilsonInterval(0, 20);
    const all = wilsonInterval(20, 20);
    expect(none?.[0]).toBe(0);
    expect(none?.[1]).toBeCloseTo(0.1611, 4);
    expect(all?.[0]).toBeCloseTo(0.8389, 4);
    expect(all?.[1]).toBe(1);
  });

  it('always contains the observed share and stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10_000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([successes, n]) => {
          const [lo, hi] = wilsonInterval(successes, n) ?? [Number.NaN, Number.NaN];
          expect(lo).toBeGreaterThanOrEqual(0);
          expect(hi).toBeLessThanOrEqual(1);
          expect(lo).toBeLessThanOrEqual(successes / n + 1e-12);
          expect(hi).toBeGreaterThanOrEqual(successes / n - 1e-12);
        },
      ),
    );
  });

  it('rejects more successes than trials and negative counts', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('clamp bounds a value and sum adds a list (empty sum is 0)', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-5, 0, 3)).toBe(0);
    expect(clamp(2, 0, 3)).toBe(2);
    expect(sum([1, 2, 3.5])).toBe(6.5);
    expect(sum([])).toBe(0);
  });
});
