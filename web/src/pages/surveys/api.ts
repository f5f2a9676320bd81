// What the Surveys section reads and writes through the public API: surveys with their figures, templates,
// score metrics, reach, responses, links and e-mail sends.

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'custom';
export type CsatScale = '1-5' | '1-10' | '5-star';

/** Asked only when the rating question's score is in the range. */
export interface ShowIf {
  score_min: number;
  score_max: number;
}

export type Question =
  | {
      id: string;
      type: 'rating';
      prompt: string;
      min: number;
      max: number;
      required: boolean;
      show_if?: ShowIf;
    }
  | {
      id: string;
      type: 'single_choice' | 'multi_choice';
      prompt: string;
      options: string[];
      required: boolean;
      show_if?: ShowIf;
    }
  | { id: string; type: 'text'; prompt: string; required: boolean; show_if?: ShowIf };

export type QuestionType = Question['type'];

export interface SurveyScore {
  metric: 'nps' | 'csat' | 'ces' | 'mean';
  value: number | null;
  n: number;
  margin_of_error: number | null;
  confidence_interval: [number, number] | null;
}

/** A survey's all-time figures (include=stats). */
export interface SurveyStats {
  responses: number;
  asked: number;
  response_rate: number | null;
  last_response_on: string | null;
  score: SurveyScore | null;
}

export interface Survey {
  id: string;
  kind: SurveyKind;
  name: string;
  language: string;
  question: string | null;
  scale: { min: number; max: number; style: 'numeric' | 'stars' } | null;
  questions: Question[];
  sample_rate: number;
  response_quota: number | null;
  status: 'active' | 'archived';
  created_at: string;
  archived_at: string | null;
  stats?: SurveyStats;
}

export interface SurveyPage {
  data: Survey[];
  next_cursor: string | null;
}

export interface SurveyTemplate {
  id: string;
  kind: SurveyKind;
  name: string;
  question: string;
  scale: { min: number; max: number; style: 'numeric' | 'stars' };
  follow_up: string;
}

export interface Workspace {
  id: string;
  name: string;
  privacy_notice: string | null;
  fatigue_days: number;
}

/** One period (or the whole window) of /v1/metrics/nps|csat|ces. */
export interface ScoreFigures {
  n: number;
  nps?: number | null;
  marginOfError?: number | null;
  promoters?: number;
  passives?: number;
  detractors?: number;
  band?: string | null;
  csat?: number | null;
  satisfied?: number;
  mean?: number | null;
  ces?: number | null;
  easyShare?: number | null;
  confidenceInterval: [number, number] | null;
}

export interface ChangeTest {
  difference: number | null;
  pValue: number | null;
  significant: boolean;
}

export interface ScoreMetricAnswer extends ScoreFigures {
  metric: 'nps' | 'csat' | 'ces';
  from: string;
  to: string;
  groups?: Array<ScoreFigures & { period?: string }>;
  comparison?: { previous: ScoreFigures & { from: string; to: string }; change: ChangeTest };
}

export interface ReachAnswer {
  survey_id: string;
  from: string;
  to: string;
  channels: Array<{
    channel: string;
    shown: number;
    sent: number;
    bounced: number;
    responses: number;
    response_rate: number | null;
  }>;
}

export interface SurveyResponse {
  id: string;
  score: number | null;
  comment: string | null;
  channel: string;
  submitted_at: string;
  sentiment: { label: 'positive' | 'neutral' | 'negative'; score: number } | null;
}

export interface LinkAnswer {
  url: string;
  token: string;
}

export type SkipReason = 'no_email' | 'unsubscribed' | 'fatigue' | 'not_sampled';

export interface EmailAnswer {
  survey_id: string;
  queued: number;
  skipped: Array<{ customer_id: string; reason: SkipReason }>;
}

export interface EmailDelivery {
  queued: number;
  sending: number;
  sent: number;
  bounced: number;
  failed: number;
}

export const kindLabels: Record<SurveyKind, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  custom: 'Custom',
};
