import { describe, expect, it } from 'vitest';
import {
  type ConcentrationAnswer,
  clvAssumptions,
  customerLabel,
  formatMoney,
  lorenzOption,
  lorenzTable,
  minorUnitsPerMajor,
  retentionPeriodFromUrl,
  retentionTable,
  revenueWindow,
} from './revenue-view.ts';

const today = '2026-11-30';

describe('the Revenue & retention view kept in the URL', () => {
  it('shows the last 365 days by month unless the URL says otherwise', () => {
    const window = revenueWindow({}, today);
    expect(window).toEqual({ from: '2025-12-01', to: today, days: 365, preset: 365 });
    expect(retentionPeriodFromUrl({}, window)).toBe('month');
    expect(retentionPeriodFromUrl({}, revenueWindow({ days: '90' }, today))).toBe('week');
    expect(retentionPeriodFromUrl({ period: 'quarter' }, window)).toBe('quarter');
    expect(retentionPeriodFromUrl({ period: 'day' }, window)).toBe('month');
  });

  it('reads the CLV assumptions in the currency’s major units and sends minor units', () => {
    expect(clvAssumptions({ cac: '500', lifespan: '3' }, 'USD')).toEqual({
      acquisitionCostMinor: 50_000,
      lifespanYears: 3,
      problems: {},
    });
    expect(clvAssumptions({ cac: '500' }, 'JPY').acquisitionCostMinor).toBe(500);
    expect(clvAssumptions({ cac: '-1', lifespan: '0' }, 'USD')).toEqual({
      acquisitionCostMinor: null,
      lifespanYears: null,
      problems: {
        cac: 'Enter an amount of 0 or more.',
        lifespan: 'Enter a number of years above 0, at most 100.',
      },
    });
  });
});

describe('money in minor units', () => {
  it('knows how many minor units each currency has', () => {
    expect(minorUnitsPerMajor('USD')).toBe(100);
    expect(minorUnitsPerMajor('JPY')).toBe(1);
    expect(minorUnitsPerMajor('KWD')).toBe(1000);
  });

  it('formats the CLV test vector ($100 × 5 a year × 10 years − $500 CAC) as $4,500', () => {
    expect(formatMoney(450_000, 'USD', true)).toBe('$4,500');
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(1_500, 'JPY')).toBe('¥1,500');
  });
});

describe('the 80/20 view', () => {
  const answer: ConcentrationAnswer = {
    currency: 'USD',
    top_fraction: 0.2,
    n: 5,
    total: 1000,
    topShare: 60,
    topCount: 1,
    lorenz: [
      { population: 0, revenue: 0 },
      { population: 20, revenue: 5 },
      { population: 40, revenue: 12.34 },
      { population: 100, revenue: 100 },
    ],
    gini: 0.5,
    top_customers: [{ customer_id: 'c1', external_id: 'ext-1', email: null, revenue: 600 }],
  };

  it('draws the Lorenz curve beside the line of equality, marking where the top 20% begin', () => {
    const option = lorenzOption(answer, 'blue') as {
      series: Array<{ name: string; data: number[][]; markLine?: { data: Array<{ xAxis: number }> } }>;
    };
    expect(option.series[0].name).toBe('Lorenz curve');
    expect(option.series[0].data).toEqual([
      [0, 0],
      [20, 5],
      [40, 12.34],
      [100, 100],
    ]);
    expect(option.series[0].markLine?.data).toEqual([{ xAxis: 80 }]);
    expect(option.series[1]).toMatchObject({
      name: 'Equality',
      data: [
        [0, 0],
        [100, 100],
      ],
    });
    expect(lorenzTable(answer).rows[2]).toEqual([40, 12.3]);
  });

  it('names a top customer by e-mail, else by their own id, else by Heed’s', () => {
    expect(customerLabel(answer.top_customers[0])).toBe('ext-1');
    expect(customerLabel({ customer_id: 'c2', external_id: null, email: 'a@b.example', revenue: 1 })).toBe(
      'a@b.example',
    );
    expect(customerLabel({ customer_id: 'c3', external_id: null, email: null, revenue: 1 })).toBe('c3');
  });

  it('lists S, N, lost, E and both rates with their intervals per period', () => {
    const rate = (value: number | null, low: number, high: number) => ({
      rate: value,
      n: 1000,
      confidenceInterval: [low, high] as [number, number],
    });
    expect(
      retentionTable([
        {
          period: '2026-02-01',
          start: 1000,
          new: 200,
          lost: 100,
          end: 1100,
          retention: rate(90, 88.01, 91.68),
          churn: rate(10, 8.32, 11.99),
        },
      ]).rows,
    ).toEqual([['2026-02-01', 1000, 200, 100, 1100, 90, 88, 91.7, 10, 8.3, 12]]);
  });
});
