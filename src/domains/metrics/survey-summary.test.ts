import { describe, expect, it } from 'vitest';
import { reachTotals, scoreOfSurvey } from './survey-summary.ts';

const nps = { kind: 'nps', scale_min: 0, scale_max: 10 };

describe('scoreOfSurvey', () => {
  it('gives NPS with its margin of error (test vector: 50 promoters, 30 passives, 20 detractors)', () => {
    const score = scoreOfSurvey(nps, [
      { score: 10, count: 50 },
      { score: 8, count: 30 },
      { score: 3, count: 20 },
    ]);
    expect(score?.metric).toBe('nps');
    expect(score?.value).toBe(30);
    expect(score?.n).toBe(100);
    expect(score?.margin_of_error).toBeCloseTo(15.3, 1);
  });

  it('gives CSAT as the top-two-box share (test vector: 150 of 200 → 75%), with half its interval as margin', () => {
    const score = scoreOfSurvey({ kind: 'csat', scale_min: 1, scale_max: 5 }, [
      { score: 5, count: 100 },
      { score: 4, count: 50 },
      { score: 2, count: 50 },
    ]);
    expect(score?.value).toBe(75);
    const [low, high] = score?.confidence_interval ?? [0, 0];
    expect(score?.margin_of_error).toBeCloseTo((high - low) / 2, 10);
  });

  it('gives a custom rating its mean with the interval kept on the scale, and no score without a rating', () => {
    const score = scoreOfSurvey({ kind: 'custom', scale_min: 1, scale_max: 5 }, [
      { score: 5, count: 2 },
      { score: 4, count: 1 },
    ]);
    expect(score?.metric).toBe('mean');
    expect(score?.value).toBeCloseTo(14 / 3, 10);
    expect(score?.confidence_interval?.[1]).toBe(5);
    expect(scoreOfSurvey({ kind: 'custom', scale_min: null, scale_max: null }, [])).toBeNull();
  });

  it('says nothing it cannot know: no value and no interval without responses', () => {
    expect(scoreOfSurvey(nps, [])).toEqual({
      metric: 'nps',
      value: null,
      n: 0,
      margin_of_error: null,
      confidence_interval: null,
    });
  });
});

describe('reachTotals', () => {
  const channel = (changes: Partial<Parameters<typeof reachTotals>[0][number]>) => ({
    channel: 'web',
    responses: 0,
    shown: 0,
    sent: 0,
    bounced: 0,
    last_response_day: null,
    ...changes,
  });

  it('rates only the channels that asked: displays plus invitations delivered', () => {
    expect(
      reachTotals([
        channel({ channel: 'web', responses: 3, shown: 6, last_response_day: '2026-01-05' }),
        channel({ channel: 'email', responses: 2, sent: 5, bounced: 1, last_response_day: '2026-02-10' }),
        channel({ channel: 'api', responses: 2, last_response_day: '2026-01-20' }),
      ]),
    ).toEqual({ responses: 7, asked: 10, response_rate: 0.5, last_response_on: '2026-02-10' });
  });

  it('has no rate when nobody was asked, and counts more bounces than sends as nothing delivered', () => {
    expect(reachTotals([channel({ channel: 'api', responses: 4 })])).toEqual({
      responses: 4,
      asked: 0,
      response_rate: null,
      last_response_on: null,
    });
    expect(reachTotals([channel({ channel: 'email', sent: 1, bounced: 2 })]).asked).toBe(0);
    expect(reachTotals([])).toEqual({ responses: 0, asked: 0, response_rate: null, last_response_on: null });
  });
});
