// `heed import responses FILE.csv`: CSV rows → responses, with column mapping, progress and per-row rejections.
import type { Services } from '../services.ts';

export interface ImportMapping {
  survey?: string;
  score: string;
  comment?: string;
  channel?: string;
  externalId?: string;
  email?: string;
  segment?: string;
  submittedAt?: string;
}

export interface ImportSummary {
  imported: number;
  rejected: Array<{ row: number; reason: string }>;
}

export async function importResponses(
  _services: Services,
  _workspaceId: string,
  _file: string,
  _options: { surveyId: string; mapping: ImportMapping; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  throw new Error('CSV import is not written yet');
}
