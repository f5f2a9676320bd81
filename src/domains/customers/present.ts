// The API shapes of customers, accounts, a customer's timeline and their summary; routes send these.
import { presentRow } from '../../shared/present.ts';
import type { SummaryParts } from './service.ts';
import type { AccountRow, CustomerRow, TimelineRow } from './store.ts';
import { customerValue } from './value.ts';

export const presentCustomer = (row: CustomerRow) => presentRow(row, ['workspace_id']);
export const presentAccount = (row: AccountRow) => presentRow(row, ['workspace_id']);

type SurveyKind = 'nps' | 'csat' | 'ces' | 'custom';
type SentimentLabel = 'positive' | 'neutral' | 'negative';
type EventType =
  | 'signed_up'
  | 'purchase'
  | 'subscription_started'
  | 'subscription_cancelled'
  | 'churned'
  | 'custom';

const sentimentOf = (row: TimelineRow) =>
  row.sentiment === null
    ? null
    : { label: row.sentiment as SentimentLabel, score: row.sentiment_score as number };

export function presentTimelineItem(row: TimelineRow) {
  const at = row.at.toISOString();
  if (row.kind === 'response')
    return {
      kind: 'response' as const,
      id: row.id,
      at,
      channel: row.channel as string,
      survey: {
        id: row.survey_id as string,
        // Surveys are archived, never deleted, so a response's survey is always there.
        name: row.survey_name ?? '',
        kind: (row.survey_kind ?? 'custom') as SurveyKind,
        scale_min: row.scale_min,
        scale_max: row.scale_max,
      },
      score: row.score,
      comment: row.text,
      answers: row.answers,
      sentiment: sentimentOf(row),
    };
  if (row.kind === 'feedback')
    return {
      kind: 'feedback' as const,
      id: row.id,
      at,
      channel: row.channel as string,
      source: row.source,
      text: row.text as string,
      sentiment: sentimentOf(row),
    };
  return {
    kind: 'event' as const,
    id: row.id,
    at,
    type: row.event_type as EventType,
    name: row.event_name,
    amount: row.amount_minor,
    currency: row.currency,
    properties: row.properties,
  };
}

export function presentSummary(parts: SummaryParts) {
  const { customer } = parts;
  return {
    customer: presentCustomer(customer),
    account: parts.account ? presentAccount(parts.account) : null,
    touchpoints: {
      responses: parts.touchpoints.responses,
      feedback: parts.touchpoints.feedback,
      events: parts.touchpoints.events,
      last_at: parts.touchpoints.last_at?.toISOString() ?? null,
    },
    scores: parts.scores.map((row) => ({
      survey: {
        id: row.survey_id,
        name: row.name,
        kind: row.kind as SurveyKind,
        scale_min: row.scale_min,
        scale_max: row.scale_max,
      },
      responses: row.responses,
      average: row.average,
      latest: { score: row.latest_score, at: row.latest_at.toISOString() },
    })),
    score_history: parts.history.map((row) => ({
      response_id: row.response_id,
      survey_id: row.survey_id,
      score: row.score,
      at: row.submitted_at.toISOString(),
    })),
    revenue: parts.revenue.map((row) => {
      const value = customerValue({
        revenueMinor: row.revenue_minor,
        purchases: row.purchases,
        startedAt: customer.started_at,
        churnedAt: customer.churned_at,
        now: parts.now,
      });
      return {
        currency: row.currency,
        revenue: row.revenue_minor,
        purchases: row.purchases,
        average_purchase: value.averagePurchase,
        first_purchase_at: row.first_purchase_at.toISOString(),
        last_purchase_at: row.last_purchase_at.toISOString(),
        purchases_per_year: value.purchasesPerYear,
        annual_value: value.annualValue,
        months: parts.months
          .filter((month) => month.currency === row.currency)
          .map((month) => ({ month: month.month, revenue: month.revenue_minor, purchases: month.purchases })),
      };
    }),
  };
}
