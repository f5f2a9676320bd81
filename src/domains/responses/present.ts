// The API shape of responses and feedback; services store it as the idempotent answer, routes send it.
import { presentRow } from '../../shared/present.ts';
import type { FeedbackRow, ResponseRow } from './store.ts';

/** What text analysis says of an item: null and empty until the analyser has read it (about a second). */
export interface Annotation {
  sentiment: { label: 'positive' | 'neutral' | 'negative'; score: number } | null;
  themes: ThemeLink[];
  tags: ThemeLink[];
}
interface ThemeLink {
  id: string;
  label: string;
  source: 'auto' | 'rule' | 'manual';
}

const notYetAnalysed: Annotation = { sentiment: null, themes: [], tags: [] };

export const presentResponse = (row: ResponseRow, annotation: Annotation = notYetAnalysed) => ({
  ...presentRow(row, ['workspace_id', 'account_id']),
  ...annotation,
});
export const presentFeedback = (row: FeedbackRow, annotation: Annotation = notYetAnalysed) => ({
  ...presentRow(row, ['workspace_id']),
  ...annotation,
});
export type PresentedResponse = ReturnType<typeof presentResponse>;
export type PresentedFeedback = ReturnType<typeof presentFeedback>;
