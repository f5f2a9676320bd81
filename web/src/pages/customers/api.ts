// What the Customers pages read through the public API, typed as /v1 answers it.

export interface Customer {
  id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  segment: string | null;
  account_id: string | null;
  traits: Record<string, unknown>;
  started_at: string;
  churned_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Account {
  id: string;
  external_id: string | null;
  name: string | null;
  plan: string | null;
  owner: string | null;
  traits: Record<string, unknown>;
}

export interface CustomerPage {
  data: Customer[];
  next_cursor: string | null;
}

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'custom';

export interface SurveyRef {
  id: string;
  name: string;
  kind: SurveyKind;
  scale_min: number | null;
  scale_max: number | null;
}

export interface Sentiment {
  label: 'positive' | 'neutral' | 'negative';
  score: number;
}

export interface CustomerSummary {
  customer: Customer;
  account: Account | null;
  touchpoints: { responses: number; feedback: number; events: number; last_at: string | null };
  scores: Array<{
    survey: SurveyRef;
    responses: number;
    average: number;
    latest: { score: number; at: string };
  }>;
  score_history: Array<{ response_id: string; survey_id: string; score: number; at: string }>;
  revenue: Array<{
    currency: string;
    revenue: number;
    purchases: number;
    average_purchase: number;
    first_purchase_at: string;
    last_purchase_at: string;
    purchases_per_year: number;
    annual_value: number;
    months: Array<{ month: string; revenue: number; purchases: number }>;
  }>;
}

export type EventType =
  | 'signed_up'
  | 'purchase'
  | 'subscription_started'
  | 'subscription_cancelled'
  | 'churned'
  | 'custom';

export type TimelineItem =
  | {
      kind: 'response';
      id: string;
      at: string;
      channel: string;
      survey: SurveyRef;
      score: number | null;
      comment: string | null;
      answers: Record<string, unknown> | null;
      sentiment: Sentiment | null;
    }
  | {
      kind: 'feedback';
      id: string;
      at: string;
      channel: string;
      source: string | null;
      text: string;
      sentiment: Sentiment | null;
    }
  | {
      kind: 'event';
      id: string;
      at: string;
      type: EventType;
      name: string | null;
      amount: number | null;
      currency: string | null;
      properties: Record<string, unknown> | null;
    };

export interface TimelinePage {
  data: TimelineItem[];
  next_cursor: string | null;
}

export const paths = {
  customers: '/v1/customers',
  segments: '/v1/customer-segments',
  summary: (id: string) => `/v1/customers/${encodeURIComponent(id)}/summary`,
  timeline: (id: string) => `/v1/customers/${encodeURIComponent(id)}/timeline`,
};
