// Tests for the metric formulas: the published test vectors verbatim, hand-worked examples, and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cesFromHistogram,
  churnRate,
  compareMeans,
  compareNps,
  compareProportions,
  csatFromHistogram,
  customerRetentionRate,
  meanAndVarianceFromHistogram,
  type NpsCounts,
  npsBand,
  npsCountsFromHistogram,
  npsCountsFromScores,
  npsFromCounts,
  revenueConcentration,
  type ScoreCount,
  simpleClv,
} from './formulas.ts';
import { normalCdf } from './stats.ts';

const npsCountsArb = fc.record({
  promoters: fc.nat({ max: 5_000 }),
  passives: fc.nat({ max: 5_000 }),
  detractors: fc.nat({ max: 5_000 }),
});

function histogramOf(scores: readonly number[]): ScoreCount[] {
  const byScore = new Map<number, number>();
  for (const s of scores) byScore.set(s, (byScore.get(s) ?? 0) + 1);
  return [...byScore].map(([score, count]) => ({ score, count }));
}

describe('test vectors', () => {
  it('NPS | 60% promoters, 30% passives, 10% detractors | 50', () => {
    expect(npsFromCounts({ promoters: 60, passives: 30, detractors: 10 }).nps).toBe(50);
    expect(npsFromCounts({ promoters: 6, passives: 3, detractors: 1 }).nps).toBe(50);
  });

  it('NPS | scores 10,9,9,8,7,6,5,0,10,10 | promoters 5, detractors 3, n 10 → 20', () => {
    const counts = npsCountsFromScores([10, 9, 9, 8, 7, 6, 5, 0, 10, 10]);
    expect(counts).toEqual({ promoters: 5, passives: 2, detractors: 3 });
    const result = npsFromCounts(counts);
    expect(result.promoters).toBe(5);
    expect(result.detractors).toBe(3);
    expect(result.n).toBe(10);
    expect(result.nps).toBe(20);
  });

  it('NPS band | 45 / 62 / 85 / −5 | good / excellent / world-class / needs work', () => {
    expect(npsBand(45)).toBe('good');
    expect(npsBand(62)).toBe('excellent');
    expect(npsBand(85)).toBe('world-class');
    expect(npsBand(-5)).toBe('needs work');
  });

  it('CSAT | 200 responses on 1–5, 150 of them 4 or 5 | 75%', () => {
    const histogram = [
      { score: 1, count: 10 },
      { score: 2, count: 15 },
      { score: 3, count: 25 },
      { score: 4, count: 70 },
      { score: 5, count: 80 },
    ];
    const result = csatFromHistogram(histogram, { min: 1, max: 5 });
    expect(result.n).toBe(200);
    expect(result.satisfied).toBe(150);
    expect(result.csat).toBe(75);
  });

  it('CRR | S 1000, N 200, E 1100 | 90%', () => {
    const result = customerRetentionRate({ start: 1000, new: 200, end: 1100 });
    expect(result.rate).toBe(90);
    expect(result.n).toBe(1000);
  });

  it('CLV (simple) | $100 a purchase, 5 purchases a year, 10 years, CAC $0 | $5,000', () => {
    expect(
      simpleClv({ averagePurchaseValue: 100, purchasesPerYear: 5, lifespanYears: 10, acquisitionCost: 0 }),
    ).toBe(5000);
  });

  it('CLV (simple) | same, CAC $500 | $4,500', () => {
    expect(
      simpleClv({ averagePurchaseValue: 100, purchasesPerYear: 5, lifespanYears: 10, acquisitionCost: 500 }),
    ).toBe(4500);
  });

  it('NPS margin of error (95%) | 100 responses: 50 promoters, 30 passives, 20 detractors | NPS 30, ±15.3', () => {
    const result = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    expect(result.nps).toBe(30);
    // z 1.96 × √((p + d − (p − d)²)/n) × 100 with p = 0.5, d = 0.2: √(0.61/100) = 0.0781025 → 15.308
    expect(result.marginOfError).toBeCloseTo(
      1.96 * Math.sqrt((0.5 + 0.2 - (0.5 - 0.2) ** 2) / 100) * 100,
      10,
    );
    expect(result.marginOfError).toBeCloseTo(15.3, 1);
    expect(result.confidenceInterval?.[0]).toBeCloseTo(30 - 15.308089, 5);
    expect(result.confidenceInterval?.[1]).toBeCloseTo(30 + 15.308089, 5);
  });
});

describe('NPS', () => {
  it('reports shares as percentages and a band alongside the score', () => {
    const result = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    expect(result.promoterShare).toBe(50);
    expect(result.passiveShare).toBe(30);
    expect(result.detractorShare).toBe(20);
    expect(result.band).toBe('good');
  });

  it('returns nulls and zero shares when there are no responses', () => {
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      nps: null,
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      promoterShare: 0,
      passiveShare: 0,
      detractorShare: 0,
      marginOfError: null,
      confidenceInterval: null,
      band: null,
    });
  });

  it('clamps the confidence interval to [−100, 100]', () => {
    const result = npsFromCounts({ promoters: 9, passives: 0, detractors: 1 });
    // NPS 80; p = 0.9, d = 0.1: var = 1 − 0.64 = 0.36, moe = 1.96 × √(0.036) × 100 = 37.19
    expect(result.nps).toBe(80);
    expect(result.marginOfError).toBeCloseTo(1.96 * Math.sqrt(0.036) * 100, 10);
    expect(result.confidenceInterval?.[1]).toBe(100);
  });

  it('puts band boundaries on the lower side: 0 needs work, 50 good, 80 excellent', () => {
    expect(npsBand(0)).toBe('needs work');
    expect(npsBand(0.1)).toBe('good');
    expect(npsBand(50)).toBe('good');
    expect(npsBand(50.1)).toBe('excellent');
    expect(npsBand(80)).toBe('excellent');
    expect(npsBand(80.1)).toBe('world-class');
    expect(npsBand(-100)).toBe('needs work');
  });

  it('counts a histogram the same as the raw scores it summarises', () => {
    const scores = [10, 9, 9, 8, 7, 6, 5, 0, 10, 10];
    expect(npsCountsFromHistogram(histogramOf(scores))).toEqual(npsCountsFromScores(scores));
  });

  it('rejects scores outside 0–10, fractional scores and negative counts', () => {
    expect(() => npsCountsFromScores([11])).toThrow(RangeError);
    expect(() => npsCountsFromScores([-1])).toThrow(RangeError);
    expect(() => npsCountsFromScores([6.5])).toThrow(RangeError);
    expect(() => npsCountsFromHistogram([{ score: 9, count: -1 }])).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: Number.NaN, passives: 0, detractors: 0 })).toThrow(RangeError);
  });

  it('property: NPS is always within [−100, 100]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 500 }), (scores) => {
        const { nps } = npsFromCounts(npsCountsFromScores(scores));
        expect(nps).not.toBeNull();
        expect(nps).toBeGreaterThanOrEqual(-100);
        expect(nps).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('property: adding a promoter never lowers NPS', () => {
    fc.assert(
      fc.property(npsCountsArb, (counts) => {
        const before = npsFromCounts(counts).nps;
        const after = npsFromCounts({ ...counts, promoters: counts.promoters + 1 }).nps;
        expect(after).not.toBeNull();
        if (before !== null && after !== null) expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('property: at the same promoter and detractor shares, the margin of error shrinks as n grows (by 1/√k)', () => {
    fc.assert(
      fc.property(
        npsCountsArb.filter((c) => c.promoters + c.passives + c.detractors > 0),
        fc.integer({ min: 2, max: 50 }),
        (counts, k) => {
          const small = npsFromCounts(counts);
          const large = npsFromCounts({
            promoters: k * counts.promoters,
            passives: k * counts.passives,
            detractors: k * counts.detractors,
          });
          const moeSmall = small.marginOfError ?? Number.NaN;
          const moeLarge = large.marginOfError ?? Number.NaN;
          expect(large.nps).toBeCloseTo(small.nps ?? Number.NaN, 10);
          expect(moeLarge).toBeCloseTo(moeSmall / Math.sqrt(k), 10);
          // Zero spread (e.g. all promoters) has zero margin at every n; otherwise strictly smaller.
          if (moeSmall > 0) expect(moeLarge).toBeLessThan(moeSmall);
          else expect(moeLarge).toBe(0);
        },
      ),
    );
  });
});

describe('CSAT', () => {
  it('uses 9–10 as the top two boxes on a 1–10 scale', () => {
    const result = csatFromHistogram(
      [
        { score: 10, count: 3 },
        { score: 9, count: 1 },
        { score: 8, count: 4 },
        { score: 2, count: 2 },
      ],
      { min: 1, max: 10 },
    );
    expect(result.satisfied).toBe(4);
    expect(result.csat).toBe(40);
    // (30 + 9 + 32 + 4) / 10
    expect(result.mean).toBe(7.5);
  });

  it('gives a Wilson 95% interval in percent around the share', () => {
    // 150 of 200: p = 0.75, z² = 3.8416
    const z2 = 1.96 * 1.96;
    const denom = 1 + z2 / 200;
    const center = (0.75 + z2 / 400) / denom;
    const half = (1.96 / denom) * Math.sqrt((0.75 * 0.25) / 200 + z2 / (4 * 200 * 200));
    const result = csatFromHistogram(
      [
        { score: 5, count: 150 },
        { score: 1, count: 50 },
      ],
      { min: 1, max: 5 },
    );
    expect(result.confidenceInterval?.[0]).toBeCloseTo(100 * (center - half), 8);
    expect(result.confidenceInterval?.[1]).toBeCloseTo(100 * (center + half), 8);
  });

  it('returns nulls for an empty histogram', () => {
    expect(csatFromHistogram([], { min: 1, max: 5 })).toEqual({
      csat: null,
      n: 0,
      satisfied: 0,
      mean: null,
      confidenceInterval: null,
    });
  });

  it('rejects scores off the scale and scales with fewer than two points', () => {
    expect(() => csatFromHistogram([{ score: 6, count: 1 }], { min: 1, max: 5 })).toThrow(RangeError);
    expect(() => csatFromHistogram([{ score: 0, count: 1 }], { min: 1, max: 5 })).toThrow(RangeError);
    expect(() => csatFromHistogram([], { min: 5, max: 5 })).toThrow(RangeError);
  });

  it('property: CSAT equals the top-two-box share of the raw scores (10 places)', () => {
    const scaleArb = fc.constantFrom({ min: 1, max: 5 }, { min: 1, max: 10 }, { min: 1, max: 7 });
    fc.assert(
      fc.property(
        scaleArb.chain((scale) =>
          fc.tuple(
            fc.constant(scale),
            fc.array(fc.integer({ min: scale.min, max: scale.max }), { minLength: 1, maxLength: 400 }),
          ),
        ),
        ([scale, scores]) => {
          const topTwo = scores.filter((s) => s === scale.max || s === scale.max - 1).length;
          const result = csatFromHistogram(histogramOf(scores), scale);
          expect(result.n).toBe(scores.length);
          expect(result.satisfied).toBe(topTwo);
          expect(result.csat).toBeCloseTo((topTwo / scores.length) * 100, 10);
        },
      ),
    );
  });
});

describe('CES', () => {
  it('gives mean effort, easy share (5–7), sample SD and a CI clamped to the 1–7 scale', () => {
    // scores 7,7,7,5,2: mean 28/5 = 5.6; Σ(x − x̄)² = 3·1.96 + 0.36 + 12.96 = 19.2; s² = 19.2/4 = 4.8
    const result = cesFromHistogram([
      { score: 7, count: 3 },
      { score: 5, count: 1 },
      { score: 2, count: 1 },
    ]);
    expect(result.ces).toBe(5.6);
    expect(result.n).toBe(5);
    expect(result.easyShare).toBe(80);
    expect(result.standardDeviation).toBeCloseTo(Math.sqrt(4.8), 12);
    expect(result.confidenceInterval?.[0]).toBeCloseTo(5.6 - (1.96 * Math.sqrt(4.8)) / Math.sqrt(5), 12);
    // 5.6 + 1.92 = 7.52 is off the scale, so the upper bound is the scale's top.
    expect(result.confidenceInterval?.[1]).toBe(7);
  });

  it('has no SD or interval for a single response, and nulls for none', () => {
    expect(cesFromHistogram([{ score: 4, count: 1 }])).toEqual({
      ces: 4,
      n: 1,
      easyShare: 0,
      standardDeviation: null,
      confidenceInterval: null,
    });
    expect(cesFromHistogram([])).toEqual({
      ces: null,
      n: 0,
      easyShare: null,
      standardDeviation: null,
      confidenceInterval: null,
    });
  });

  it('rejects scores outside 1–7', () => {
    expect(() => cesFromHistogram([{ score: 8, count: 1 }])).toThrow(RangeError);
  });
});

describe('meanAndVarianceFromHistogram', () => {
  it('uses the sample (n − 1) variance', () => {
    // scores 1, 2, 3, 4: mean 2.5, Σ(x − x̄)² = 5, s² = 5/3
    const result = meanAndVarianceFromHistogram([1, 2, 3, 4].map((score) => ({ score, count: 1 })));
    expect(result.n).toBe(4);
    expect(result.mean).toBe(2.5);
    expect(result.variance).toBeCloseTo(5 / 3, 14);
  });

  it('gives variance null below two observations and mean null at zero', () => {
    expect(meanAndVarianceFromHistogram([{ score: 3, count: 1 }])).toEqual({ n: 1, mean: 3, variance: null });
    expect(meanAndVarianceFromHistogram([])).toEqual({ n: 0, mean: null, variance: null });
  });
});

describe('retention and churn', () => {
  it('CRR interval is the Wilson 95% interval of 900 of 1000, in percent (4 places)', () => {
    const z2 = 1.96 * 1.96;
    const denom = 1 + z2 / 1000;
    const center = (0.9 + z2 / 2000) / denom;
    const half = (1.96 / denom) * Math.sqrt((0.9 * 0.1) / 1000 + z2 / 4_000_000);
    const result = customerRetentionRate({ start: 1000, new: 200, end: 1100 });
    expect(result.confidenceInterval?.[0]).toBeCloseTo(100 * (center - half), 4);
    expect(result.confidenceInterval?.[1]).toBeCloseTo(100 * (center + half), 4);
  });

  it('CRR is null with no starting customers', () => {
    expect(customerRetentionRate({ start: 0, new: 50, end: 50 })).toEqual({
      rate: null,
      n: 0,
      confidenceInterval: null,
    });
  });

  it('CRR keeps an inconsistent negative rate but clamps the interval to [0, 100]', () => {
    // More new customers than customers at the end: E − N = −10.
    const result = customerRetentionRate({ start: 100, new: 60, end: 50 });
    expect(result.rate).toBe(-10);
    expect(result.confidenceInterval?.[0]).toBe(0);
  });

  it('churn is lost ÷ start × 100', () => {
    expect(churnRate({ start: 1000, lost: 100 }).rate).toBe(10);
    expect(churnRate({ start: 0, lost: 0 }).rate).toBeNull();
  });

  it('churn and retention are complements when nobody new arrives', () => {
    const retained = customerRetentionRate({ start: 400, new: 0, end: 340 }).rate ?? Number.NaN;
    const churned = churnRate({ start: 400, lost: 60 }).rate ?? Number.NaN;
    expect(retained + churned).toBe(100);
  });

  it('rejects negative inputs', () => {
    expect(() => churnRate({ start: -1, lost: 0 })).toThrow(RangeError);
    expect(() => customerRetentionRate({ start: 10, new: -1, end: 5 })).toThrow(RangeError);
  });
});

describe('revenue concentration', () => {
  it('Gini is 0 when every customer pays the same', () => {
    expect(revenueConcentration([40, 40, 40, 40, 40]).gini).toBe(0);
    expect(revenueConcentration([7]).gini).toBe(0);
  });

  it('Gini is (n − 1)/n when one customer holds all the revenue', () => {
    expect(revenueConcentration([0, 0, 0, 0, 100]).gini).toBe(0.8);
    for (let n = 1; n <= 30; n++) {
      const revenue = Array.from({ length: n }, (_, i) => (i === 0 ? 999 : 0));
      expect(revenueConcentration(revenue).gini).toBeCloseTo((n - 1) / n, 12);
    }
  });

  it('Gini of 1, 2, 3, 4 is 0.25 by the standard formula', () => {
    // Σ i·x_i = 1 + 4 + 9 + 16 = 30; G = 2·30/(4·10) − 5/4 = 1.5 − 1.25
    expect(revenueConcentration([4, 2, 3, 1]).gini).toBe(0.25);
  });

  it('Lorenz curve for 1, 2, 3, 4 runs from (0, 0) to (100, 100) through cumulative shares', () => {
    expect(revenueConcentration([3, 1, 4, 2]).lorenz).toEqual([
      { population: 0, revenue: 0 },
      { population: 25, revenue: 10 },
      { population: 50, revenue: 30 },
      { population: 75, revenue: 60 },
      { population: 100, revenue: 100 },
    ]);
  });

  it('Lorenz curve is downsampled to 101 points for large n, keeping both endpoints', () => {
    const revenue = Array.from({ length: 1234 }, (_, i) => (i * 37) % 101);
    const { lorenz } = revenueConcentration(revenue);
    expect(lorenz).toHaveLength(101);
    expect(lorenz[0]).toEqual({ population: 0, revenue: 0 });
    expect(lorenz[100]).toEqual({ population: 100, revenue: 100 });
    for (let k = 1; k < lorenz.length; k++) {
      expect(lorenz[k].population).toBeGreaterThan(lorenz[k - 1].population);
      expect(lorenz[k].revenue).toBeGreaterThanOrEqual(lorenz[k - 1].revenue);
    }
  });

  it('property: Lorenz starts at (0, 0), ends at (100, 100), has at most 101 points, and Gini is in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 600 })
          .filter((r) => r.some((x) => x > 0)),
        (revenue) => {
          const result = revenueConcentration(revenue);
          expect(result.lorenz[0]).toEqual({ population: 0, revenue: 0 });
          expect(result.lorenz[result.lorenz.length - 1]).toEqual({ population: 100, revenue: 100 });
          expect(result.lorenz.length).toBe(Math.min(revenue.length, 100) + 1);
          expect(result.gini).toBeGreaterThanOrEqual(0);
          expect(result.gini).toBeLessThan(1);
        },
      ),
    );
  });

  it('top share: the top 20% (2 of 10) hold 150 of 200 = 75%', () => {
    const result = revenueConcentration([50, 10, 30, 5, 5, 100, 0, 0, 0, 0]);
    expect(result.n).toBe(10);
    expect(result.total).toBe(200);
    expect(result.topCount).toBe(2);
    expect(result.topShare).toBe(75);
  });

  it('top count rounds up, ignoring floating-point noise (0.2 × 15 = 3, 0.2 × 11 → 3)', () => {
    const fifteen = Array.from({ length: 15 }, () => 1);
    expect(revenueConcentration(fifteen).topCount).toBe(3);
    expect(revenueConcentration(fifteen).topShare).toBe(20);
    expect(revenueConcentration(Array.from({ length: 11 }, () => 1)).topCount).toBe(3);
    expect(revenueConcentration([1, 2, 3], 0.5).topCount).toBe(2);
  });

  it('returns nulls and an empty curve with no customers or no revenue', () => {
    expect(revenueConcentration([])).toEqual({
      n: 0,
      total: 0,
      topShare: null,
      topCount: 0,
      lorenz: [],
      gini: null,
    });
    const zero = revenueConcentration([0, 0, 0]);
    expect(zero.topShare).toBeNull();
    expect(zero.gini).toBeNull();
    expect(zero.lorenz).toEqual([]);
  });

  it('rejects negative revenue and a top fraction outside [0, 1]', () => {
    expect(() => revenueConcentration([10, -5])).toThrow(RangeError);
    expect(() => revenueConcentration([10], 1.5)).toThrow(RangeError);
  });
});

describe('compareNps', () => {
  const before: NpsCounts = { promoters: 50, passives: 30, detractors: 20 };

  it('computes the difference, SE and z by hand: 30 → 45 on 100 each is not significant', () => {
    // a: p 0.5, d 0.2 → var 0.61/100 = 0.0061; b: p 0.6, d 0.15 → var (0.75 − 0.2025)/100 = 0.005475
    const se = Math.sqrt(0.0061 + 0.005475) * 100; // 10.7587
    const z = 15 / se; // 1.3942
    const result = compareNps(before, { promoters: 60, passives: 25, detractors: 15 });
    expect(result.test).toBe('nps-variance-z');
    expect(result.difference).toBe(15);
    expect(result.standardError).toBeCloseTo(se, 10);
    expect(result.standardError).toBeCloseTo(10.7587, 4);
    expect(result.z).toBeCloseTo(z, 10);
    expect(result.z).toBeCloseTo(1.3942, 4);
    expect(result.pValue).toBeCloseTo(2 * (1 - normalCdf(z)), 10);
    expect(result.pValue).toBeCloseTo(0.1633, 4);
    expect(result.significant).toBe(false);
  });

  it('the same shift on 1,000 responses each is significant', () => {
    const se = Math.sqrt(0.61 / 1000 + 0.5475 / 1000) * 100; // 3.4022
    const result = compareNps(
      { promoters: 500, passives: 300, detractors: 200 },
      { promoters: 600, passives: 250, detractors: 150 },
    );
    expect(result.difference).toBe(15);
    expect(result.standardError).toBeCloseTo(se, 10);
    expect(result.z).toBeCloseTo(15 / se, 10);
    expect(result.z).toBeCloseTo(4.4089, 4);
    expect(result.significant).toBe(true);
  });

  it('a decline gives a negative difference and z', () => {
    const result = compareNps(
      { promoters: 600, passives: 250, detractors: 150 },
      { promoters: 500, passives: 300, detractors: 200 },
    );
    expect(result.difference).toBe(-15);
    expect(result.z).toBeCloseTo(-4.4089, 4);
  });

  it('returns nulls and not significant when either period has no responses', () => {
    expect(compareNps({ promoters: 0, passives: 0, detractors: 0 }, before)).toEqual({
      difference: null,
      standardError: null,
      z: null,
      pValue: null,
      significant: false,
      test: 'nps-variance-z',
    });
  });

  it('gives no z when neither period has any spread (SE 0)', () => {
    const result = compareNps(
      { promoters: 5, passives: 0, detractors: 0 },
      { promoters: 0, passives: 0, detractors: 5 },
    );
    expect(result.difference).toBe(-200);
    expect(result.standardError).toBe(0);
    expect(result.z).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.significant).toBe(false);
  });
});

describe('compareProportions', () => {
  it('textbook pooled z: 120/200 (60%) → 150/200 (75%) gives z ≈ 3.20, p ≈ 0.0014', () => {
    // pooled p = 270/400 = 0.675; SE = √(0.675 · 0.325 · (1/200 + 1/200)) = √0.00219375 = 0.046837
    const se = Math.sqrt(0.675 * 0.325 * (1 / 200 + 1 / 200));
    const result = compareProportions({ successes: 120, n: 200 }, { successes: 150, n: 200 });
    expect(result.test).toBe('two-proportion-z');
    expect(result.difference).toBeCloseTo(15, 10);
    expect(result.standardError).toBeCloseTo(100 * se, 10);
    expect(result.z).toBeCloseTo(0.15 / se, 8);
    expect(result.z).toBeCloseTo(3.2026, 4);
    expect(result.pValue).toBeCloseTo(0.00136, 5);
    expect(result.significant).toBe(true);
  });

  it('a small difference on small samples is not significant', () => {
    // 10/20 vs 12/20: pooled 0.55, SE = √(0.55 · 0.45 · 0.1) = 0.157321; z = 0.1/0.157321 = 0.6356
    const result = compareProportions({ successes: 10, n: 20 }, { successes: 12, n: 20 });
    expect(result.z).toBeCloseTo(0.1 / Math.sqrt(0.55 * 0.45 * 0.1), 8);
    expect(result.significant).toBe(false);
  });

  it('returns nulls when either sample is empty, and rejects successes above n', () => {
    const empty = compareProportions({ successes: 0, n: 0 }, { successes: 5, n: 10 });
    expect(empty.difference).toBeNull();
    expect(empty.z).toBeNull();
    expect(empty.significant).toBe(false);
    expect(() => compareProportions({ successes: 11, n: 10 }, { successes: 5, n: 10 })).toThrow(RangeError);
  });
});

describe('compareMeans', () => {
  it('Welch z by hand: mean 5.0 (s² 4, n 50) → 5.8 (s² 2.25, n 60)', () => {
    // SE = √(4/50 + 2.25/60) = √(0.08 + 0.0375) = 0.342783; z = 0.8/0.342783 = 2.3338
    const result = compareMeans({ n: 50, mean: 5, variance: 4 }, { n: 60, mean: 5.8, variance: 2.25 });
    expect(result.test).toBe('welch');
    expect(result.difference).toBeCloseTo(0.8, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(0.1175), 12);
    expect(result.z).toBeCloseTo(0.8 / Math.sqrt(0.1175), 10);
    expect(result.z).toBeCloseTo(2.3338, 4);
    expect(result.pValue).toBeCloseTo(0.0196, 4);
    expect(result.significant).toBe(true);
  });

  it('returns nulls when either sample has fewer than two observations', () => {
    const result = compareMeans({ n: 1, mean: 5, variance: 0 }, { n: 60, mean: 5.8, variance: 2.25 });
    expect(result).toEqual({
      difference: null,
      standardError: null,
      z: null,
      pValue: null,
      significant: false,
      test: 'welch',
    });
  });

  it('works from histograms via meanAndVarianceFromHistogram', () => {
    const a = meanAndVarianceFromHistogram([1, 2, 3, 4].map((score) => ({ score, count: 10 })));
    const b = meanAndVarianceFromHistogram([3, 4, 5, 6].map((score) => ({ score, count: 10 })));
    const result = compareMeans(
      { n: a.n, mean: a.mean ?? Number.NaN, variance: a.variance ?? Number.NaN },
      { n: b.n, mean: b.mean ?? Number.NaN, variance: b.variance ?? Number.NaN },
    );
    // Each: n 40, mean 2.5 / 4.5, s² = 10·5/39 = 50/39; SE = √(2 · 50/39 / 40)
    expect(result.difference).toBe(2);
    expect(result.z).toBeCloseTo(2 / Math.sqrt((2 * 50) / 39 / 40), 10);
    expect(result.significant).toBe(true);
  });
});
