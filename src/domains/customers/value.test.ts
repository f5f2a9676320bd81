import { describe, expect, it } from 'vitest';
import { customerValue } from './value.ts';

const year = 365.25 * 86_400_000;

describe('customerValue', () => {
  it('$100 a purchase, 10 purchases over two years | 5 a year, $500 a year', () => {
    const startedAt = new Date('2024-01-01T00:00:00Z');
    expect(
      customerValue({
        revenueMinor: 100_000,
        purchases: 10,
        startedAt,
        churnedAt: null,
        now: new Date(startedAt.getTime() + 2 * year),
      }),
    ).toEqual({ averagePurchase: 10_000, purchasesPerYear: 5, annualValue: 50_000 });
  });

  it('ends the tenure at churn, not now', () => {
    const startedAt = new Date('2020-01-01T00:00:00Z');
    const value = customerValue({
      revenueMinor: 3_000,
      purchases: 3,
      startedAt,
      churnedAt: new Date(startedAt.getTime() + year),
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(value).toEqual({ averagePurchase: 1_000, purchasesPerYear: 3, annualValue: 3_000 });
  });

  it('counts a tenure shorter than 30 days as 30 days', () => {
    const startedAt = new Date('2026-01-01T00:00:00Z');
    const value = customerValue({
      revenueMinor: 1_999,
      purchases: 1,
      startedAt,
      churnedAt: null,
      now: new Date('2026-01-02T00:00:00Z'),
    });
    expect(value.purchasesPerYear).toBeCloseTo(365.25 / 30, 10);
    expect(value.averagePurchase).toBe(1_999);
    expect(value.annualValue).toBe(Math.round((1_999 * 365.25) / 30));
  });
});
