import { describe, expect, it } from 'vitest';
import {
  cursorsOf,
  customerName,
  eventTitle,
  formatMinor,
  minorDigits,
  pagesParam,
  scoreBand,
  scoreSeries,
  scoreTable,
  traitEntries,
  valueText,
} from './view.ts';

const nobody = { name: null, email: null, external_id: null, phone: null };

describe('customer names', () => {
  it('uses the name, else the first identity, else says the customer has none', () => {
    expect(customerName({ ...nobody, name: ' Ada ', email: 'ada@example.com' })).toBe('Ada');
    expect(customerName({ ...nobody, name: '  ', email: 'ada@example.com' })).toBe('ada@example.com');
    expect(customerName({ ...nobody, external_id: 'cus_1', phone: '+14155550134' })).toBe('cus_1');
    expect(customerName({ ...nobody, phone: '+14155550134' })).toBe('+14155550134');
    expect(customerName(nobody)).toBe('Unnamed customer');
  });
});

describe('money in minor units', () => {
  it('knows how many minor digits a currency has', () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it('formats cents as the currency, in whole units when asked', () => {
    const us = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
    expect(formatMinor(1999, 'USD')).toBe(us.format(19.99));
    expect(formatMinor(500, 'JPY')).toBe(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'JPY' }).format(500),
    );
    expect(formatMinor(1999, 'USD', { whole: true })).toBe(
      new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: 0,
      }).format(19.99),
    );
  });
});

describe('score bands', () => {
  const nps = { min: 0, max: 10 };
  it('reads NPS 0–6 as detractors, 7–8 passives, 9–10 promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map((score) => scoreBand('nps', score, nps)?.label)).toEqual([
      'Detractor',
      'Detractor',
      'Passive',
      'Passive',
      'Promoter',
      'Promoter',
    ]);
  });

  it('reads CSAT as satisfied in the top two boxes of its scale, and CES 5–7 as easy', () => {
    expect([3, 4, 5].map((score) => scoreBand('csat', score, { min: 1, max: 5 })?.label)).toEqual([
      'Not satisfied',
      'Satisfied',
      'Satisfied',
    ]);
    expect(scoreBand('csat', 8, { min: 1, max: 10 })?.label).toBe('Not satisfied');
    expect(scoreBand('csat', 9, { min: 1, max: 10 })?.label).toBe('Satisfied');
    expect([4, 5].map((score) => scoreBand('ces', score, { min: 1, max: 7 })?.label)).toEqual([
      'Not easy',
      'Easy',
    ]);
    expect(scoreBand('custom', 3, { min: 1, max: 5 })).toBeNull();
  });
});

describe('event titles and values as text', () => {
  it('names lifecycle events and uses a custom event’s own name', () => {
    expect(eventTitle('subscription_cancelled', null)).toBe('Subscription cancelled');
    expect(eventTitle('custom', 'exported_report')).toBe('exported_report');
    expect(eventTitle('custom', null)).toBe('Custom event');
  });

  it('writes any JSON value as plain text, markup included as it is', () => {
    expect(valueText('<img src=x onerror="alert(1)">')).toBe('<img src=x onerror="alert(1)">');
    expect([valueText(3), valueText(false), valueText(null), valueText({ a: [1] })]).toEqual([
      '3',
      'false',
      '—',
      '{"a":[1]}',
    ]);
    expect(traitEntries({ seats: 5, plan: 'pro', tags: ['a', 'b'] })).toEqual([
      ['plan', 'pro'],
      ['seats', '5'],
      ['tags', '["a","b"]'],
    ]);
    expect(traitEntries(null)).toEqual([]);
  });
});

describe('the score chart', () => {
  const survey = (id: string, name: string) => ({
    survey: { id, name, kind: 'nps' as const, scale_min: 0, scale_max: 10 },
    responses: 1,
    average: 0,
    latest: { score: 0, at: '' },
  });
  const summary = {
    scores: [survey('a', 'Relationship'), survey('b', 'Support'), survey('c', 'Unscored lately')],
    score_history: [
      { response_id: '1', survey_id: 'a', score: 3, at: '2026-01-05T10:00:00.000Z' },
      { response_id: '2', survey_id: 'b', score: 4, at: '2026-02-10T12:00:00.000Z' },
      { response_id: '3', survey_id: 'a', score: 9, at: '2026-03-01T10:00:00.000Z' },
    ],
  };

  it('draws a line per survey with scores, oldest first', () => {
    expect(scoreSeries(summary)).toEqual([
      {
        surveyId: 'a',
        name: 'Relationship',
        points: [
          [Date.parse('2026-01-05T10:00:00.000Z'), 3],
          [Date.parse('2026-03-01T10:00:00.000Z'), 9],
        ],
      },
      { surveyId: 'b', name: 'Support', points: [[Date.parse('2026-02-10T12:00:00.000Z'), 4]] },
    ]);
  });

  it('tables every score with its day and survey', () => {
    expect(scoreTable(summary)).toEqual({
      columns: ['Date', 'Survey', 'Score'],
      rows: [
        ['2026-01-05', 'Relationship', 3],
        ['2026-02-10', 'Support', 4],
        ['2026-03-01', 'Relationship', 9],
      ],
    });
  });
});

describe('list pages in the URL', () => {
  it('keeps the cursors that led to a page, dropping anything that is not one', () => {
    expect(cursorsOf(undefined)).toEqual([]);
    expect(cursorsOf('AAA.b-_c')).toEqual(['AAA', 'b-_c']);
    expect(cursorsOf('AAA.<x>.')).toEqual(['AAA']);
    expect(pagesParam([])).toBeUndefined();
    expect(pagesParam(['AAA', 'BBB'])).toBe('AAA.BBB');
  });
});
