// What the Themes pages read and change through the public API, typed as /v1 answers it.

export type ThemeKind = 'auto' | 'tag';

export interface ScoreFigure {
  score: number | null;
  n: number;
}

export interface ThemeSummary {
  id: string;
  kind: ThemeKind;
  key: string;
  label: string;
  terms: string[];
  volume: number;
  share: number | null;
  sentiment: { average: number | null; positive: number; negative: number };
  nps: ScoreFigure | null;
  csat: ScoreFigure | null;
  trend: Array<{ week: string; comments: number }>;
  retired_at: string | null;
}

export interface ThemeList {
  from_week: string;
  to_week: string;
  comments: number;
  data: ThemeSummary[];
}

export interface Evidence {
  emerging: boolean;
  week: string;
  observed: number;
  expected: number;
  baselineWeeks: number;
  baselineComments: number;
  baselineTotal: number;
  rateRatio: number;
  pValue: number;
  test: string;
}

export interface ThemeDetail extends ThemeSummary {
  examples: Array<{
    item_id: string;
    item_kind: 'response' | 'feedback';
    text: string | null;
    score: number | null;
    sentiment: { label: string; score: number };
    submitted_at: string;
  }>;
  emerging: Evidence | null;
}

export interface ThemeRef {
  id: string;
  kind: ThemeKind;
  label: string;
}

export interface EmergingList {
  week: string;
  baseline_weeks: number;
  data: Array<{ theme: ThemeRef; evidence: Evidence }>;
}

interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface Driver {
  theme: ThemeRef;
  with_theme: { n: number; score: number };
  without_theme: { n: number; score: number };
  difference: Interval & { significant: boolean };
  potential_gain: Interval;
  share: number;
  summary: string;
}

export interface DriverList {
  metric: 'nps' | 'csat';
  from_week: string;
  to_week: string;
  data: Driver[];
}

export const paths = {
  themes: '/v1/themes',
  theme: (id: string) => `/v1/themes/${encodeURIComponent(id)}`,
  emerging: '/v1/emerging',
  drivers: '/v1/drivers',
  analysisRuns: '/v1/analysis-runs',
};
