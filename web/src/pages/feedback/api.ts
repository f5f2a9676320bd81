// What the Feedback pages read and change through the public API, typed as /v1 answers it.

export type InboxKind = 'response' | 'feedback';
export type NpsGroup = 'promoter' | 'passive' | 'detractor';
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface ThemeLink {
  id: string;
  label: string;
  source: 'auto' | 'rule' | 'manual';
}

export interface InboxItem {
  kind: InboxKind;
  id: string;
  survey: { id: string; name: string; kind: 'nps' | 'csat' | 'ces' | 'custom' } | null;
  score: number | null;
  group: NpsGroup | null;
  text: string | null;
  source: string | null;
  channel: string;
  segment: string | null;
  submitted_at: string;
  customer: { id: string; name: string | null; email: string | null; external_id: string | null } | null;
  sentiment: { label: SentimentLabel; score: number } | null;
  themes: ThemeLink[];
  tags: ThemeLink[];
}

export interface InboxItemDetail extends InboxItem {
  answers: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  received_at: string;
}

export interface InboxPage {
  data: InboxItem[];
  next_cursor: string | null;
}

/** The parts of GET /v1/surveys, /v1/themes and /v1/tags the filters and the tag picker use. */
export interface SurveyOption {
  id: string;
  name: string;
  kind: string;
  status: 'active' | 'archived';
}
export interface ThemeOption {
  id: string;
  kind: 'auto' | 'tag';
  label: string;
  retired_at: string | null;
}
export interface TagOption {
  id: string;
  name: string;
}
/** A survey's questions, to label a response's answers with what was asked. */
export interface SurveyQuestions {
  id: string;
  question: string | null;
  questions: Array<{ id: string; prompt: string }>;
}

export const paths = {
  inbox: '/v1/inbox',
  item: (id: string) => `/v1/inbox/${encodeURIComponent(id)}`,
  surveys: '/v1/surveys',
  survey: (id: string) => `/v1/surveys/${encodeURIComponent(id)}`,
  themes: '/v1/themes',
  tags: '/v1/tags',
  segments: '/v1/customer-segments',
  itemTags: (kind: InboxKind, id: string) =>
    `/v1/${kind === 'response' ? 'responses' : 'feedback'}/${encodeURIComponent(id)}/tags`,
  itemTag: (kind: InboxKind, id: string, tagId: string) =>
    `/v1/${kind === 'response' ? 'responses' : 'feedback'}/${encodeURIComponent(id)}/tags/${encodeURIComponent(tagId)}`,
};
