// The API shape of responses and feedback; services store it as the idempotent answer, routes send it.
import { presentRow } from '../../shared/present.ts';
import type { FeedbackRow, ResponseRow } from './store.ts';

export const presentResponse = (row: ResponseRow) => presentRow(row, ['workspace_id', 'account_id']);
export const presentFeedback = (row: FeedbackRow) => presentRow(row, ['workspace_id']);
export type PresentedResponse = ReturnType<typeof presentResponse>;
export type PresentedFeedback = ReturnType<typeof presentFeedback>;
