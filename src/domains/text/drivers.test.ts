// Tests for key drivers: hand-computed NPS and CSAT impacts, Newcombe's published example, ranking, properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DriverImpact, describeDriver, driverImpact, rankDrivers, type ScoreGroup } from './drivers.ts';

/** An NPS histogram from promoters (at 9 and 10), passives (at 7 and 8) and detractors (spread over 0–6). */
function npsGroup(promoters: number, passives: number, detractors: number): ScoreGroup {
  const counts = new Array<number>(11).fill(0);
  counts[10] = Math.ceil(promoters / 2);
  counts[9] = Math.floor(promoters / 2);
  counts[8] = Math.ceil(passives / 2);
  counts[7] = Math.floor(passives / 2);
  counts[0] = Math.ceil(detractors / 2);
  counts[6] = Math.floor(detractors / 2);
  return { counts };
}

/** A 1–5 CSAT histogram (index = score, index 0 unused) with `satisfied` at 4–5 and the rest at 1–3. */
function csatGroup(satisfied: number, n: number): ScoreGroup {
  const rest = n - satisfied;
  return {
    counts: [
      0,
      rest - Math.floor(rest / 2),
      0,
      Math.floor(rest / 2),
      satisfied - Math.floor(satisfied / 3),
      Math.floor(satisfied / 3),
    ],
  };
}

describe('driverImpact: NPS', () => {
  // With the theme: 10 promoters, 10 passives, 30 detractors → NPS −40. Without: 400, 300, 300 → NPS 10.
  // Variances with ½ added to each category (n + 1.5): with, p = 10.5/51.5, d = 30.5/51.5; without,
  // p = 400.5/1001.5, d = 300.5/1001.5; v = p + d − (p − d)², SE = 100 √(v₁/51.5 + v₂/1001.5)
  // = 11.497419792068312; CI = −50 ± 1.96 SE.
  // Share 50/1050; gain = share × 50 = 2.380952…: overall NPS (410 − 330)/1050 = 7.619 would become 10.
  const impact = driverImpact('nps', npsGroup(10, 10, 30), npsGroup(400, 300, 300))!;

  it('gives each group’s NPS and the difference with its 95% interval', () => {
    expect(impact.metric).toBe('nps');
    expect(impact.withTheme).toEqual({ n: 50, score: -40 });
    expect(impact.withoutTheme).toEqual({ n: 1000, score: 10 });
    expect(impact.difference.value).toBe(-50);
    expect(impact.difference.low).toBeCloseTo(-72.53494279245389, 10);
    expect(impact.difference.high).toBeCloseTo(-27.46505720754611, 10);
    expect(impact.difference.significant).toBe(true);
  });

  it('gives the share and the potential gain: what lifting the theme’s responses to the rest would add', () => {
    expect(impact.share).toBeCloseTo(50 / 1050, 15);
    expect(impact.potentialGain.value).toBeCloseTo(2.380952380952381, 12);
    expect(impact.potentialGain.low).toBeCloseTo(1.307859867026005, 10);
    expect(impact.potentialGain.high).toBeCloseTo(3.4540448948787565, 10);
    // The gain is exactly the gap between the overall NPS and the NPS without the theme's shortfall.
    expect(impact.potentialGain.value).toBeCloseTo(10 - (100 * (410 - 330)) / 1050, 12);
  });

  it('says it in a sentence', () => {
    expect(describeDriver('checkout speed', impact)).toBe(
      'NPS among responses mentioning “checkout speed” is 50 points lower than among the rest ' +
        '(95% CI −72.5 to −27.5); if they scored like the rest, overall NPS would rise 2.4 points.',
    );
  });

  it('keeps an interval as wide as the groups are small when neither group has any spread', () => {
    // 3 detractors against 7 promoters: SE = 100 √(v(0,0,3)/4.5 + v(7,0,0)/8.5) with the ½ adjustment,
    // so the interval is −200 (clamped) to −129.41…, not a point.
    const allDetractors = driverImpact('nps', npsGroup(0, 0, 3), npsGroup(7, 0, 0))!;
    expect(allDetractors.difference.value).toBe(-200);
    expect(allDetractors.difference.low).toBe(-200);
    expect(allDetractors.difference.high).toBeCloseTo(-200 + (-200 - -270.58823985076947), 8);
    expect(allDetractors.difference.significant).toBe(true);
  });

  it('accepts the 0–10 scale spelled out, and rejects any other', () => {
    expect(driverImpact('nps', npsGroup(1, 1, 1), npsGroup(1, 1, 1), { min: 0, max: 10 })).not.toBeNull();
    expect(() => driverImpact('nps', npsGroup(1, 1, 1), npsGroup(1, 1, 1), { min: 1, max: 5 })).toThrow(
      RangeError,
    );
  });

  it('rejects scores off the scale and negative counts', () => {
    expect(() =>
      driverImpact('nps', { counts: [...npsGroup(1, 1, 1).counts, 1] }, npsGroup(1, 1, 1)),
    ).toThrow(RangeError);
    expect(() =>
      driverImpact('nps', { counts: [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5] }, npsGroup(1, 1, 1)),
    ).toThrow(RangeError);
  });
});

describe('driverImpact: CSAT', () => {
  it('reproduces Newcombe’s (1998) published method-10 interval for 56/70 − 48/80: 0.0524 to 0.3339', () => {
    const impact = driverImpact('csat', csatGroup(56, 70), csatGroup(48, 80))!;
    expect(impact.difference.value).toBeCloseTo(20, 12);
    expect(impact.difference.low).toBeCloseTo(5.24, 2);
    expect(impact.difference.high).toBeCloseTo(33.39, 2);
    expect(impact.difference.significant).toBe(true);
  });

  // 20 of 50 satisfied with the theme (40%), 600 of 800 without (75%): −35 percentage points.
  // Wilson (z = 1.96) and Newcombe computed independently: CI −47.72125658194572 to −20.834384393046825.
  const impact = driverImpact('csat', csatGroup(20, 50), csatGroup(600, 800))!;

  it('gives % satisfied for each group and the difference in percentage points', () => {
    expect(impact.withTheme).toEqual({ n: 50, score: 40 });
    expect(impact.withoutTheme).toEqual({ n: 800, score: 75 });
    expect(impact.difference.value).toBe(-35);
    expect(impact.difference.low).toBeCloseTo(-47.72125658194572, 10);
    expect(impact.difference.high).toBeCloseTo(-20.834384393046825, 10);
    expect(impact.difference.significant).toBe(true);
    expect(impact.share).toBe(50 / 850);
    expect(impact.potentialGain.value).toBeCloseTo(2.0588235294117645, 12);
    expect(impact.potentialGain.low).toBeCloseTo(1.2255520231204013, 10);
    expect(impact.potentialGain.high).toBeCloseTo(2.8071327401144535, 10);
  });

  it('says it in a sentence, in percentage points', () => {
    expect(describeDriver('late delivery', impact)).toBe(
      'CSAT among responses mentioning “late delivery” is 35 percentage points lower than among the rest ' +
        '(95% CI −47.7 to −20.8); if they scored like the rest, overall CSAT would rise 2.1 percentage points.',
    );
  });

  it('keeps a real interval at 100% vs 0% with one response each, and does not call it significant', () => {
    const tiny = driverImpact('csat', csatGroup(1, 1), csatGroup(0, 1))!;
    expect(tiny.difference.value).toBe(100);
    expect(tiny.difference.low).toBeLessThan(0);
    expect(tiny.difference.significant).toBe(false);
  });

  it('takes the survey’s scale: 9–10 are the top two boxes on 1–10', () => {
    const satisfied = { counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1] };
    const unsatisfied = { counts: [0, 2, 0, 0, 0, 0, 0, 0, 2, 0, 0] };
    const impact = driverImpact('csat', satisfied, unsatisfied, { min: 1, max: 10 })!;
    expect(impact.withTheme).toEqual({ n: 4, score: 100 });
    expect(impact.withoutTheme).toEqual({ n: 4, score: 0 });
    expect(() => driverImpact('csat', satisfied, unsatisfied)).toThrow(RangeError); // 9 and 10 are off 1–5
  });
});

describe('driverImpact: edge cases', () => {
  it('returns null when either group is empty', () => {
    expect(driverImpact('nps', { counts: [] }, npsGroup(1, 1, 1))).toBeNull();
    expect(driverImpact('nps', npsGroup(1, 1, 1), { counts: new Array(11).fill(0) })).toBeNull();
    expect(driverImpact('csat', csatGroup(3, 5), { counts: [0, 0, 0, 0, 0, 0] })).toBeNull();
  });

  it('gives 0 with an interval straddling 0 for identical groups, and says so', () => {
    const nps = driverImpact('nps', npsGroup(40, 30, 30), npsGroup(40, 30, 30))!;
    expect(nps.difference.value).toBe(0);
    expect(nps.difference.low).toBeLessThan(0);
    expect(nps.difference.high).toBeGreaterThan(0);
    expect(nps.difference.low).toBe(-nps.difference.high);
    expect(nps.difference.significant).toBe(false);
    expect(nps.potentialGain.value).toBe(0);
    expect(nps.share).toBe(0.5);
    expect(describeDriver('pricing', nps)).toBe(
      'NPS among responses mentioning “pricing” is the same as among the rest (95% CI −22.9 to 22.9, not ' +
        'significant); if they scored like the rest, overall NPS would barely move.',
    );
  });

  it('describes a theme that lifts the score, singular units included', () => {
    // NPS 50 (n = 100) against 30 (n = 1,000): SE = 100 √(0.45/100 + 0.61/1000), CI 20 ± 14.01.
    const praise = driverImpact('nps', npsGroup(60, 30, 10), npsGroup(500, 300, 200))!;
    expect(praise.difference.value).toBe(20);
    expect(praise.potentialGain.value).toBeCloseTo(-(100 / 1100) * 20, 12);
    expect(describeDriver('friendly staff', praise)).toBe(
      'NPS among responses mentioning “friendly staff” is 20 points higher than among the rest (95% CI ' +
        '6 to 34); if they scored like the rest, overall NPS would fall 1.8 points.',
    );
    const one = driverImpact('nps', npsGroup(101, 0, 99), npsGroup(50, 0, 50))!;
    expect(describeDriver('x', one)).toMatch(/^NPS among responses mentioning “x” is 1 point higher/);
  });
});

describe('rankDrivers', () => {
  const d = (name: string, significant: boolean, gain: number, n = 10) => ({
    name,
    impact: {
      metric: 'nps',
      withTheme: { n, score: 0 },
      withoutTheme: { n: 100, score: 0 },
      difference: { value: 0, low: 0, high: 0, significant },
      potentialGain: { value: gain, low: gain, high: gain },
      share: 0,
    } satisfies DriverImpact,
  });

  it('puts significant drivers first, then larger |gain| (either sign), then more responses; ties keep order', () => {
    const input = [
      d('noise-big', false, 9),
      d('small', true, 0.5),
      d('praise', true, -4),
      d('pain', true, 3),
      d('pain-more-mentions', true, 3, 50),
      d('noise-small', false, -1),
      d('tie-a', false, 0.2),
      d('tie-b', false, 0.2),
    ];
    const ranked = rankDrivers(input).map((x) => x.name);
    expect(ranked).toEqual([
      'praise',
      'pain-more-mentions',
      'pain',
      'small',
      'noise-big',
      'noise-small',
      'tie-a',
      'tie-b',
    ]);
    expect(input[0].name).toBe('noise-big'); // a new array; the input is untouched
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

const npsCounts = fc
  .array(fc.integer({ min: 0, max: 300 }), { minLength: 11, maxLength: 11 })
  .filter((counts) => counts.some((c) => c > 0))
  .map((counts): ScoreGroup => ({ counts }));
const csatCounts = fc
  .array(fc.integer({ min: 0, max: 300 }), { minLength: 5, maxLength: 5 })
  .filter((counts) => counts.some((c) => c > 0))
  .map((counts): ScoreGroup => ({ counts: [0, ...counts] }));
const groups = fc.oneof(
  fc.tuple(fc.constant('nps' as const), npsCounts, npsCounts),
  fc.tuple(fc.constant('csat' as const), csatCounts, csatCounts),
);

describe('driverImpact properties', () => {
  it('is antisymmetric: swapping the groups negates the difference and mirrors its interval', () => {
    fc.assert(
      fc.property(groups, ([metric, a, b]) => {
        const ab = driverImpact(metric, a, b)!;
        const ba = driverImpact(metric, b, a)!;
        expect(ba.difference.value).toBe(-ab.difference.value);
        expect(ba.difference.low).toBe(-ab.difference.high);
        expect(ba.difference.high).toBe(-ab.difference.low);
        expect(ba.difference.significant).toBe(ab.difference.significant);
      }),
    );
  });

  it('has an interval containing the estimate, significant exactly when it excludes 0', () => {
    fc.assert(
      fc.property(groups, ([metric, a, b]) => {
        const { value, low, high, significant } = driverImpact(metric, a, b)!.difference;
        expect(low).toBeLessThanOrEqual(value);
        expect(value).toBeLessThanOrEqual(high);
        if (significant) expect(low > 0 || high < 0).toBe(true);
        else if (high > low) expect(low <= 0 && high >= 0).toBe(true);
      }),
    );
  });

  it('gives potentialGain = share × −difference, interval included', () => {
    fc.assert(
      fc.property(groups, ([metric, a, b]) => {
        const impact = driverImpact(metric, a, b)!;
        const { share, difference, potentialGain } = impact;
        expect(share).toBe(impact.withTheme.n / (impact.withTheme.n + impact.withoutTheme.n));
        expect(potentialGain.value).toBeCloseTo(-share * difference.value, 12);
        expect(potentialGain.low).toBeCloseTo(-share * difference.high, 12);
        expect(potentialGain.high).toBeCloseTo(-share * difference.low, 12);
      }),
    );
  });

  it('narrows the interval as n grows with the same proportions', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 2, max: 20 }), ([metric, a, b], factor) => {
        const scale = (g: ScoreGroup): ScoreGroup => ({ counts: g.counts.map((c) => c * factor) });
        const small = driverImpact(metric, a, b)!.difference;
        const large = driverImpact(metric, scale(a), scale(b))!.difference;
        expect(large.value).toBeCloseTo(small.value, 9);
        const width = small.high - small.low;
        if (width > 0) expect(large.high - large.low).toBeLessThan(width);
        else expect(large.high - large.low).toBe(0);
      }),
    );
  });

  it('gives identical groups a zero difference whose interval straddles 0 and is not significant', () => {
    fc.assert(
      fc.property(groups, ([metric, a]) => {
        const { value, low, high, significant } = driverImpact(metric, a, a)!.difference;
        expect(value).toBe(0);
        expect(low).toBeLessThanOrEqual(0);
        expect(high).toBeGreaterThanOrEqual(0);
        expect(significant).toBe(false);
      }),
    );
  });
});
