// `heed import feedback FILE.csv`: CSV rows (app-store reviews, call notes, chat transcripts) → feedback.
import { type FeedbackInput, feedbackInput } from '../domains/responses/schema.ts';
import type { FieldProblem } from '../errors.ts';
import type { Services } from '../services.ts';
import {
  addProblem,
  type CheckedRow,
  type ColumnMapping,
  type CsvImportOptions,
  cellOf,
  type ImportSummary,
  importCsv,
  outcomeOfError,
  problemOf,
  quote,
  type RowOutcome,
  timestampOf,
} from './csv-import.ts';

export interface FeedbackMapping {
  text: string;
  channel?: string;
  source?: string;
  externalId?: string;
  email?: string;
  segment?: string;
  submittedAt?: string;
  rating?: string;
}

export interface FeedbackImportOptions extends CsvImportOptions {
  mapping: FeedbackMapping;
  /** Where rows without a source column come from, e.g. "app-store-review". */
  source?: string;
  /** The channel of rows without a channel column (default "import"). */
  channel?: string;
}

type Field = keyof FeedbackMapping;

const fieldOfPath: Record<string, Field> = {
  text: 'text',
  channel: 'channel',
  source: 'source',
  submitted_at: 'submittedAt',
  'metadata.rating': 'rating',
  customer: 'externalId',
  'customer.external_id': 'externalId',
  'customer.email': 'email',
  'customer.segment': 'segment',
};

export function importFeedback(
  services: Services,
  workspaceId: string,
  file: string,
  options: FeedbackImportOptions,
): Promise<ImportSummary> {
  const defaults = { source: options.source, channel: options.channel?.toLowerCase() ?? 'import' };
  return importCsv(
    file,
    {
      noun: 'feedback item',
      mapping: options.mapping,
      required: [{ field: 'text', flag: '--text-column' }],
      fieldOfPath,
      check: (record, columns) => checkRow(record, columns, defaults),
      write: async (inputs) => {
        // Feedback is written one item per request; submitted together they share group commits.
        const settled = await Promise.allSettled(
          inputs.map((input) => services.responses.recordFeedback(workspaceId, input)),
        );
        return settled.map(
          (result): RowOutcome =>
            result.status === 'rejected'
              ? outcomeOfError(result.reason, /^$/)
              : result.value.status === 200
                ? 'duplicate'
                : 'created',
        );
      },
      stored: (sourceIds) => services.responses.storedSourceIds(workspaceId, 'feedback', sourceIds),
    },
    options,
  );
}

function checkRow(
  record: Record<string, string>,
  columns: ColumnMapping<Field>,
  defaults: { source: string | undefined; channel: string },
): CheckedRow<FeedbackInput> {
  const problems: FieldProblem[] = [];
  const text = cellOf(record, columns.text);
  if (text === undefined)
    addProblem(problems, { path: 'text', message: 'is empty; feedback needs its text' });
  const ratingText = cellOf(record, columns.rating);
  let rating: number | undefined;
  if (ratingText !== undefined) {
    if (/^[+-]?\d+(\.\d+)?$/.test(ratingText)) rating = Number(ratingText);
    else
      addProblem(problems, {
        path: 'metadata.rating',
        message: `must be a number, not ${quote(ratingText)}`,
      });
  }
  const externalId = cellOf(record, columns.externalId);
  const email = cellOf(record, columns.email);
  const candidate = {
    text,
    channel: cellOf(record, columns.channel)?.toLowerCase() ?? defaults.channel,
    source: cellOf(record, columns.source) ?? defaults.source,
    customer:
      externalId !== undefined || email !== undefined
        ? { external_id: externalId, email, segment: cellOf(record, columns.segment) }
        : undefined,
    // A star rating has no field of its own on feedback: it is kept with the item.
    metadata: rating === undefined ? undefined : { rating },
    submitted_at: timestampOf(cellOf(record, columns.submittedAt)),
  };
  const parsed = feedbackInput.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) addProblem(problems, problemOf(issue, ['submitted_at']));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { input: parsed.data };
}
