import { describe, expect, it } from 'vitest';
import type { Driver, ThemeSummary } from './api.ts';
import {
  driverTable,
  evidenceText,
  scoreText,
  sentimentText,
  shareText,
  sparklinePoints,
  trendTable,
  weeksOf,
  windowParams,
} from './view.ts';

describe('the period in the URL', () => {
  it('accepts the offered periods and falls back to the API’s 12 weeks', () => {
    expect([weeksOf('4'), weeksOf('52'), weeksOf(undefined), weeksOf('5'), weeksOf('x')]).toEqual([
      4, 52, 12, 12, 12,
    ]);
  });

  it('asks for the window ending today that spans the weeks, and nothing for the default', () => {
    const today = new Date('2026-03-18T15:00:00Z');
    expect(windowParams(4, today)).toEqual({ from: '2026-02-25', to: '2026-03-18' });
    expect(windowParams(52, today)).toEqual({ from: '2025-03-26', to: '2026-03-18' });
    expect(windowParams(12, today)).toEqual({});
  });
});

describe('figures in words', () => {
  it('names the sentiment beside its average', () => {
    expect([sentimentText(0.41), sentimentText(-0.3), sentimentText(0.01), sentimentText(null)]).toEqual([
      'Positive (+0.41)',
      'Negative (-0.30)',
      'Neutral (+0.01)',
      '—',
    ]);
  });

  it('writes NPS signed, CSAT as a percentage, each with n, and shares as percentages', () => {
    expect(scoreText('nps', { score: -42.4, n: 31 })).toBe('-42 (n = 31)');
    expect(scoreText('nps', { score: 12.6, n: 8 })).toBe('+13 (n = 8)');
    expect(scoreText('csat', { score: 80, n: 5 })).toBe('80% (n = 5)');
    expect(scoreText('nps', null)).toBe('—');
    expect([shareText(0.1234), shareText(null)]).toEqual(['12.3%', '—']);
  });

  it('states an emerging issue’s evidence', () => {
    expect(
      evidenceText({
        emerging: true,
        week: '2026-03-16',
        observed: 14,
        expected: 3.214,
        baselineWeeks: 8,
        baselineComments: 12,
        baselineTotal: 400,
        rateRatio: 4.356,
        pValue: 0.0004,
        test: '',
      }),
    ).toBe(
      '14 comments in the week of 2026-03-16 against 3.2 expected from the 8-week baseline (12 of 400 ' +
        'comments): 4.4× the usual rate, p < 0.001.',
    );
  });
});

describe('sparklines', () => {
  it('scales the highest week to the top and zero to the bottom, oldest on the left', () => {
    expect(sparklinePoints([0, 5, 10], 100, 20)).toBe('0,20 50,10 100,0');
    expect(sparklinePoints([0, 0], 100, 20)).toBe('0,20 100,20');
    expect(sparklinePoints([3], 100, 20)).toBe('50,0');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });
});

describe('tables beside the charts', () => {
  const theme = (label: string, counts: number[]): ThemeSummary => ({
    id: label,
    kind: 'auto',
    key: label,
    label,
    terms: [],
    volume: counts.reduce((a, b) => a + b, 0),
    share: null,
    sentiment: { average: null, positive: 0, negative: 0 },
    nps: null,
    csat: null,
    trend: counts.map((comments, index) => ({ week: `2026-03-0${index + 2}`, comments })),
    retired_at: null,
  });

  it('tables weekly volume as a row per week and a column per theme', () => {
    expect(trendTable([theme('checkout', [1, 4]), theme('billing', [2, 0])])).toEqual({
      columns: ['Week', 'checkout', 'billing'],
      rows: [
        ['2026-03-02', 1, 2],
        ['2026-03-03', 4, 0],
      ],
    });
    expect(trendTable([])).toEqual({ columns: ['Week'], rows: [] });
  });

  it('tables each driver with both groups, the difference and its interval', () => {
    const driver: Driver = {
      theme: { id: 't', kind: 'auto', label: 'checkout' },
      with_theme: { n: 40, score: -35 },
      without_theme: { n: 160, score: 22.5 },
      difference: { value: -57.5, low: -75.1, high: -39.9, significant: true },
      potential_gain: { value: 11.5, low: 8, high: 15 },
      share: 0.2,
      summary: '',
    };
    expect(driverTable([driver], 'nps')).toEqual({
      columns: [
        'Theme',
        'NPS with theme',
        'Responses with theme',
        'NPS without',
        'Responses without',
        'Difference',
        '95% interval',
        'Significant',
        'Potential gain',
      ],
      rows: [['checkout', -35, 40, 22.5, 160, -57.5, '-75.1 to -39.9', 'yes', 11.5]],
    });
  });
});
