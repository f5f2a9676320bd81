// What the Overview reads: GET /v1/metrics/overview, every figure of the page in one request.
import { useGet } from '../../api/client.ts';
import type { Granularity, ScoreMetricName } from './view.ts';

/** The API's test of a change between two periods (src/domains/metrics/formulas.ts, ChangeTest). */
export interface ChangeTest {
  /** Later − earlier, in the metric's units (NPS points, percentage points, scale points). */
  difference: number | null;
  standardError: number | null;
  z: number | null;
  pValue: number | null;
  significant: boolean;
  test: string;
}

/** One NPS, CSAT or CES figure with its sample and uncertainty, as /v1/metrics/nps|csat|ces answer it. */
export interface ScoreFigures {
  n: number;
  nps?: number | null;
  marginOfError?: number | null;
  promoters?: number;
  passives?: number;
  detractors?: number;
  csat?: number | null;
  satisfied?: number;
  mean?: number | null;
  ces?: number | null;
  easyShare?: number | null;
  confidenceInterval: [number, number] | null;
}

/** A score figure that says which metric it is, as the cards take it. */
export interface ScoreMetric extends ScoreFigures {
  metric: ScoreMetricName;
}

export interface ScoreSection extends ScoreFigures {
  /** Surveys of this kind in the workspace (archived ones too): none means there is nothing to measure yet. */
  surveys: number;
  comparison: { previous: ScoreFigures & { from: string; to: string }; change: ChangeTest };
  /** Every period of the window, in order; a period without responses has n = 0. */
  periods: Array<ScoreFigures & { period: string }>;
  /** Every segment (channel) with responses in the window; `group` null: responses without a segment. */
  segments: Array<ScoreFigures & { group: string | null }>;
  channels: Array<ScoreFigures & { group: string | null }>;
}

/** A share of the customers at the start (S), with its Wilson interval; null when S is 0. */
export interface RateResult {
  rate: number | null;
  n: number;
  confidenceInterval: [number, number] | null;
}

/** Customers at the start (S), new (N), lost, at the end (E), CRR and churn. */
export interface RetentionFigures {
  start: number;
  new: number;
  lost: number;
  end: number;
  retention: RateResult;
  churn: RateResult;
}

export interface RetentionSection extends RetentionFigures {
  comparison: {
    previous: RetentionFigures & { from: string; to: string };
    change: { retention: ChangeTest; churn: ChangeTest };
  };
  periods: Array<RetentionFigures & { period: string }>;
}

export interface Overview {
  from: string;
  to: string;
  period: Granularity;
  previous: { from: string; to: string };
  filters: { segment?: string; channel?: string };
  nps: ScoreSection;
  csat: ScoreSection;
  ces: ScoreSection;
  retention: RetentionSection;
}

export interface OverviewParams {
  from: string;
  to: string;
  period: Granularity;
  segment?: string;
  channel?: string;
}

/** The Overview's one request; the previous answer stays on screen while a changed view loads. */
export const useOverview = (params: OverviewParams) =>
  useGet<Overview>('/v1/metrics/overview', { ...params }, { keepPrevious: true });
