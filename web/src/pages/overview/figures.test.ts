import { describe, expect, it } from 'vitest';
import type { ChangeTest } from './api.ts';
import {
  describeChange,
  figures,
  formatDifference,
  formatPValue,
  rateFigures,
  rateProblem,
} from './figures.ts';

const change = (fields: Partial<ChangeTest>): ChangeTest => ({
  difference: null,
  standardError: null,
  z: null,
  pValue: null,
  significant: false,
  test: 'nps-variance-z',
  ...fields,
});

describe('the cards’ figures', () => {
  it('shows NPS signed with its margin of error (the test vector: 30 ± 15.3)', () => {
    expect(
      figures({
        metric: 'nps',
        n: 100,
        nps: 30,
        marginOfError: 15.303,
        confidenceInterval: [14.697, 45.303],
      }),
    ).toEqual({ score: '+30', margin: '± 15.3', interval: '15 to 45' });
    expect(figures({ metric: 'nps', n: 0, nps: null, confidenceInterval: null }).score).toBe('—');
  });

  it('shows CSAT and CES with half their (asymmetric) interval as the margin', () => {
    expect(figures({ metric: 'csat', n: 200, csat: 75, confidenceInterval: [68.6, 80.4] })).toEqual({
      score: '75%',
      margin: '± 5.9 pts',
      interval: '69% to 80%',
    });
    expect(figures({ metric: 'ces', n: 40, ces: 5.125, confidenceInterval: [4.8, 5.45] })).toEqual({
      score: '5.13',
      margin: '± 0.33',
      interval: '4.80 to 5.45',
    });
  });

  it('shows CRR and churn as a share of the customers at the start (the test vector: CRR 90%)', () => {
    expect(rateFigures({ rate: 90, n: 1000, confidenceInterval: [88.01, 91.68] })).toEqual({
      score: '90%',
      margin: '± 1.8 pts',
      interval: '88% to 91.7%',
    });
    expect(rateFigures({ rate: null, n: 0, confidenceInterval: null }).score).toBe('—');
  });

  it('refuses to show a rate that left 0–100% because customers who joined also left', () => {
    const rate = (value: number) => ({ rate: value, n: 3, confidenceInterval: null });
    const young = { start: 3, new: 46, lost: 19, end: 30, retention: rate(-533.3), churn: rate(633.3) };
    expect(rateProblem(young, 'retention')).toBe(
      'Not a meaningful share (-533.3%): 19 customers left during these dates, against 3 at their start — most of ' +
        'those who left joined during the dates. Shorter periods (the chart) give meaningful rates.',
    );
    expect(rateProblem(young, 'churn')).toContain('(633.3%)');
    expect(rateProblem({ ...young, retention: rate(90) }, 'retention')).toBeNull();
  });
});

describe('the change against the previous period', () => {
  it('calls a change significant only when the test does, and says whether it is better or worse', () => {
    expect(
      describeChange(change({ difference: 12.5, pValue: 0.004, significant: true }), 'pts', 'up'),
    ).toEqual({
      difference: '+12.5 pts',
      direction: 'up',
      verdict: 'significant',
      verdictText: 'Significant (p = 0.004)',
      tone: 'better',
    });
    // More churn is worse.
    expect(
      describeChange(change({ difference: 3, pValue: 0.0001, significant: true }), 'pts', 'down'),
    ).toMatchObject({
      verdictText: 'Significant (p < 0.001)',
      tone: 'worse',
    });
  });

  it('gives a large but noisy change no colour', () => {
    expect(describeChange(change({ difference: -8, pValue: 0.41, significant: false }), 'pts', 'up')).toEqual(
      {
        difference: '-8.0 pts',
        direction: 'down',
        verdict: 'not-significant',
        verdictText: 'Not significant (p = 0.41)',
        tone: 'neutral',
      },
    );
  });

  it('says a change was not tested rather than "no change" when a period has no data or no variation', () => {
    expect(describeChange(change({}), 'pts', 'up')).toMatchObject({
      difference: null,
      verdict: 'untested',
      verdictText: 'Not tested: one of the periods has no data',
    });
    expect(describeChange(change({ difference: 0, standardError: 0 }), 'scale', 'up')).toMatchObject({
      difference: '0.00',
      direction: 'none',
      verdict: 'untested',
    });
  });

  it('writes differences in the metric’s unit and p-values to the digits that matter', () => {
    expect(formatDifference(0.25, 'scale')).toBe('+0.25');
    expect(formatDifference(-1.04, 'pts')).toBe('-1.0 pts');
    expect(formatPValue(0.048)).toBe('p = 0.048');
    expect(formatPValue(0.04996)).toBe('p < 0.05');
    expect(formatPValue(0.05)).toBe('p = 0.050');
    expect(formatPValue(0.41)).toBe('p = 0.41');
    expect(formatPValue(0.0012)).toBe('p = 0.001');
    expect(formatPValue(0.00001)).toBe('p < 0.001');
  });
});
