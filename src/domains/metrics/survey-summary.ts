// A survey's headline figures for the survey list — responses, response rate and score with its 95% interval —
// computed from rollup rows (its score histogram and its reach per channel): pure, numbers in, numbers out.
import {
  cesFromHistogram,
  csatFromHistogram,
  meanAndVarianceFromHistogram,
  npsCountsFromHistogram,
  npsFromCounts,
  type ScoreCount,
} from './formulas.ts';
import { clamp, Z_95 } from './stats.ts';

export interface SurveyScore {
  /** NPS (−100 to 100), CSAT (% satisfied), CES (mean effort 1–7), or the mean rating of a custom survey. */
  metric: 'nps' | 'csat' | 'ces' | 'mean';
  value: number | null;
  /** Scored responses. */
  n: number;
  /** NPS: its margin of error; the others: half the width of the 95% interval. Null without an interval. */
  margin_of_error: number | null;
  confidence_interval: [number, number] | null;
}

export interface SurveyReachTotals {
  /** Responses, scored or not. */
  responses: number;
  /** Displays plus delivered invitations (sent less bounced), every channel. */
  asked: number;
  /** Responses on the channels that ask ÷ asked, 0–1 (4 decimals); null when nobody was asked. */
  response_rate: number | null;
  /** The last UTC day with a response, YYYY-MM-DD. */
  last_response_on: string | null;
}

export interface ChannelReach {
  channel: string;
  responses: number;
  shown: number;
  sent: number;
  bounced: number;
  last_response_day: string | null;
}

/** What a survey's score is measured as: its kind, or the mean for a custom survey with a rating. */
export function scoreOfSurvey(
  survey: { kind: string; scale_min: number | null; scale_max: number | null },
  histogram: readonly ScoreCount[],
): SurveyScore | null {
  if (survey.scale_min === null || survey.scale_max === null) return null;
  const scale = { min: survey.scale_min, max: survey.scale_max };
  if (survey.kind === 'nps') {
    const nps = npsFromCounts(npsCountsFromHistogram(histogram));
    return {
      metric: 'nps',
      value: nps.nps,
      n: nps.n,
      margin_of_error: nps.marginOfError,
      confidence_interval: nps.confidenceInterval,
    };
  }
  const halfWidth = (interval: [number, number] | null) =>
    interval ? (interval[1] - interval[0]) / 2 : null;
  if (survey.kind === 'csat') {
    const csat = csatFromHistogram(histogram, scale);
    return {
      metric: 'csat',
      value: csat.csat,
      n: csat.n,
      margin_of_error: halfWidth(csat.confidenceInterval),
      confidence_interval: csat.confidenceInterval,
    };
  }
  if (survey.kind === 'ces') {
    const ces = cesFromHistogram(histogram);
    return {
      metric: 'ces',
      value: ces.ces,
      n: ces.n,
      margin_of_error: halfWidth(ces.confidenceInterval),
      confidence_interval: ces.confidenceInterval,
    };
  }
  // A custom rating: its mean, with the normal-approximation 95% interval x̄ ± 1.96·s/√n kept on the scale.
  const { n, mean, variance } = meanAndVarianceFromHistogram(histogram);
  const half = variance === null ? null : (Z_95 * Math.sqrt(variance)) / Math.sqrt(n);
  return {
    metric: 'mean',
    value: mean,
    n,
    margin_of_error: half,
    confidence_interval:
      mean === null || half === null
        ? null
        : [clamp(mean - half, scale.min, scale.max), clamp(mean + half, scale.min, scale.max)],
  };
}

/**
 * Responses and response rate over a survey's channels. As in GET /v1/surveys/{id}/reach, a channel asked
 * as many as it showed the survey plus the invitations delivered (sent less bounced); responses on a
 * channel that asked nobody (the API, an import) count as responses but not towards the rate, which would
 * otherwise exceed what asking achieved.
 */
export function reachTotals(channels: readonly ChannelReach[]): SurveyReachTotals {
  let responses = 0;
  let asked = 0;
  let answeredWhereAsked = 0;
  let last: string | null = null;
  for (const channel of channels) {
    const channelAsked = channel.shown + Math.max(0, channel.sent - channel.bounced);
    responses += channel.responses;
    asked += channelAsked;
    if (channelAsked > 0) answeredWhereAsked += channel.responses;
    if (channel.last_response_day && (last === null || channel.last_response_day > last))
      last = channel.last_response_day;
  }
  return {
    responses,
    asked,
    response_rate: asked > 0 ? Math.round((answeredWhereAsked / asked) * 10_000) / 10_000 : null,
    last_response_on: last,
  };
}
