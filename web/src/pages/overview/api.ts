// What the Overview reads: the score metrics, with their margins of error.
import { call } from '../../api/client.ts';

/** What /v1/metrics/nps|csat|ces answer that the cards show (the full answer has more). */
export interface ScoreMetric {
  metric: 'nps' | 'csat' | 'ces';
  from: string;
  to: string;
  n: number;
  nps?: number | null;
  marginOfError?: number | null;
  csat?: number | null;
  ces?: number | null;
  confidenceInterval: [number, number] | null;
}

export function scoreMetric(metric: ScoreMetric['metric']): Promise<ScoreMetric> {
  // No from/to: the API's default window is the last 90 days, today included (UTC).
  return call<ScoreMetric>('GET', `/v1/metrics/${metric}`);
}
