// What a customer is worth so far, from their revenue per currency: the historic side of lifetime value
// (C4 CLV). Average purchase value × purchases per year is the customer's own annual value; the simple CLV
// multiplies it by a lifespan, which one customer's history cannot tell (see /v1/metrics/clv).

const dayMs = 86_400_000;
const yearMs = 365.25 * dayMs;
/** A customer seen for a day would otherwise count one purchase as 365 a year. */
const shortestTenureMs = 30 * dayMs;

export interface CustomerValueInput {
  revenueMinor: number;
  purchases: number;
  startedAt: Date;
  churnedAt: Date | null;
  now: Date;
}

export interface CustomerValue {
  averagePurchase: number;
  purchasesPerYear: number;
  annualValue: number;
}

/**
 * Average purchase = revenue ÷ purchases; purchases per year = purchases ÷ tenure in years, the tenure running
 * from the customer's start to their churn (or now), at least 30 days — as /v1/metrics/clv measures it.
 */
export function customerValue(input: CustomerValueInput): CustomerValue {
  const averagePurchase = input.purchases > 0 ? input.revenueMinor / input.purchases : 0;
  const end = input.churnedAt ?? input.now;
  const tenureYears = Math.max(end.getTime() - input.startedAt.getTime(), shortestTenureMs) / yearMs;
  const purchasesPerYear = input.purchases / tenureYears;
  return {
    averagePurchase: Math.round(averagePurchase),
    purchasesPerYear,
    annualValue: Math.round(averagePurchase * purchasesPerYear),
  };
}
