import { describe, expect, it } from 'vitest';
import {
  formatMargin,
  formatRate,
  formatScore,
  marginOf,
  trendSeries,
  volumeSeries,
  windowOfRange,
} from './survey-figures.ts';

describe('scores as the section words them', () => {
  it('gives each metric its units', () => {
    expect(formatScore('nps', 31.4)).toBe('+31');
    expect(formatScore('nps', -5)).toBe('-5');
    expect(formatScore('csat', 66.67)).toBe('67%');
    expect(formatScore('ces', 5.6)).toBe('5.60');
    expect(formatScore('mean', 8)).toBe('8');
    expect(formatScore('nps', null)).toBe('—');
    expect(formatMargin('nps', 15.34)).toBe('± 15.3');
    expect(formatMargin('csat', 8.04)).toBe('± 8 pts');
    expect(formatMargin('ces', 0.4)).toBe('± 0.40');
    expect(formatMargin('ces', null)).toBeNull();
    expect(formatRate(0.5)).toBe('50%');
    expect(formatRate(null)).toBe('—');
  });

  it('shows half the 95% interval as the margin of CSAT and CES, and NPS its own margin', () => {
    expect(marginOf('csat', { n: 10, confidenceInterval: [40, 80] })).toBe(20);
    expect(marginOf('nps', { n: 10, marginOfError: 12, confidenceInterval: [0, 24] })).toBe(12);
    expect(marginOf('ces', { n: 1, confidenceInterval: null })).toBeNull();
  });
});

describe('the results charts', () => {
  const groups = [
    {
      period: '2026-02-02',
      n: 4,
      nps: 50,
      promoters: 2,
      passives: 2,
      detractors: 0,
      confidenceInterval: [0, 100] as [number, number],
    },
    {
      period: '2026-01-26',
      n: 5,
      nps: -20,
      promoters: 1,
      passives: 2,
      detractors: 2,
      confidenceInterval: [-80.26, 40.26] as [number, number],
    },
  ];

  it('draws the trend in time order with its band as lower bound plus width, and tables the same numbers', () => {
    const series = trendSeries('nps', groups);
    expect(series.periods).toEqual(['2026-01-26', '2026-02-02']);
    expect(series.values).toEqual([-20, 50]);
    expect(series.lower).toEqual([-80.3, 0]);
    expect(series.bandWidth).toEqual([120.6, 100]);
    expect(series.table.rows).toEqual([
      ['2026-01-26', -20, -80.3, 40.3, 5],
      ['2026-02-02', 50, 0, 100, 4],
    ]);
  });

  it('stacks the responses the way the metric counts them', () => {
    const series = volumeSeries('nps', groups);
    expect(series.stacks.map((stack) => [stack.name, stack.values])).toEqual([
      ['Detractors (0–6)', [2, 0]],
      ['Passives (7–8)', [2, 2]],
      ['Promoters (9–10)', [1, 2]],
    ]);
    expect(series.table.columns.at(-1)).toBe('Total');
    expect(series.table.rows[0]).toEqual(['2026-01-26', 2, 2, 1, 5]);
    const csat = volumeSeries('csat', [
      { period: '2026-01-01', n: 5, satisfied: 3, confidenceInterval: null },
    ]);
    expect(csat.stacks.map((stack) => stack.values[0])).toEqual([2, 3]);
  });
});

describe('the period window', () => {
  it('counts the last N UTC days, today included', () => {
    expect(windowOfRange(30, new Date('2026-03-31T23:30:00Z'))).toEqual({
      from: '2026-03-02',
      to: '2026-03-31',
    });
    expect(windowOfRange(1, new Date('2026-03-31T00:00:00Z'))).toEqual({
      from: '2026-03-31',
      to: '2026-03-31',
    });
  });
});
