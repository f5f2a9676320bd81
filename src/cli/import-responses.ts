// `heed import responses FILE.csv`: CSV rows → responses, with column mapping, progress and per-row rejections.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { z } from 'zod';
import type { Idempotency } from '../db/idempotent-write.ts';
import { maxBatchSize, type ResponseInput, responseInput } from '../domains/responses/schema.ts';
import { answerProblems, type SurveyRow } from '../domains/surveys/service.ts';
import { type FieldProblem, HeedError, IdempotencyMismatch, NotFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { uuid } from '../shared/schemas.ts';
import { CliError } from './context.ts';

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
  /** Rows an earlier import of the same file into the same survey already wrote; not written again. */
  alreadyImported: number;
  /** `row` counts data rows from 1: the header is not a row. */
  rejected: Array<{ row: number; reason: string }>;
}

export interface ImportOptions {
  surveyId: string;
  mapping: ImportMapping;
  /** Called as rows are settled; `total` is the file's exact data row count. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per write (at most, and by default, the API's batch limit). */
  batchSize?: number;
}

type Field = keyof ImportMapping;

/** Where each ResponseInput field comes from, so a reason names the column the user knows. */
const fieldOfPath: Record<string, Field> = {
  survey_id: 'survey',
  score: 'score',
  comment: 'comment',
  channel: 'channel',
  submitted_at: 'submittedAt',
  customer: 'externalId',
  'customer.external_id': 'externalId',
  'customer.email': 'email',
  'customer.segment': 'segment',
};

const csvOptions = { bom: true, skip_empty_lines: true, relax_column_count: true } as const;

// Written batches in flight at once: one parses and validates while the other is being written.
const maxInFlight = 2;

interface ValidRow {
  row: number;
  input: ResponseInput;
}

interface Batch {
  index: number;
  rows: ValidRow[];
  /** The last data row read before the batch was cut: progress is settled up to here once it is written. */
  lastRow: number;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export async function importResponses(
  services: Services,
  workspaceId: string,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { mapping, onProgress } = options;
  const batchSize = Math.min(Math.max(1, options.batchSize ?? maxBatchSize), maxBatchSize);
  // The whole file is read once before anything is written: a syntax error or a missing score column must
  // not leave half a file imported, and the idempotency keys need the file's hash up front.
  const scanned = await scan(file);
  const columns = columnsOf(mapping, scanned.header);

  if (!isUuid(options.surveyId)) throw new CliError(`The survey id "${options.surveyId}" is not a UUID.`);
  const defaultSurvey = await services.surveys.getSurvey(workspaceId, options.surveyId);
  if (defaultSurvey.status === 'archived')
    throw new CliError(
      `Survey ${defaultSurvey.id} "${defaultSurvey.name}" is archived and takes no responses.`,
    );
  const surveys = new Map<string, Promise<SurveyRow | undefined>>([
    [defaultSurvey.id, Promise.resolve(defaultSurvey)],
  ]);
  const surveyById = (id: string) => {
    // Not a UUID: the row is rejected for it, without asking the database.
    if (!isUuid(id)) return undefined;
    let found = surveys.get(id);
    if (!found) {
      found = services.surveys.getSurvey(workspaceId, id).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined;
        throw error;
      });
      surveys.set(id, found);
    }
    return found;
  };

  // The survey is part of the key: the same file imported into another survey is a different import.
  const keyPrefix = `import:${scanned.sha256}:${defaultSurvey.id}`;
  const summary: ImportSummary = { imported: 0, alreadyImported: 0, rejected: [] };
  const total = scanned.rows;
  onProgress?.(0, total);

  const labelOf = (path: string) => {
    const field = fieldOfPath[path];
    return (field && columns[field]) ?? path;
  };
  const reasonOf = (problems: FieldProblem[]) =>
    problems.map((problem) => `${labelOf(problem.path)}: ${problem.message}`).join('; ');
  const reject = (row: number, reason: string) => summary.rejected.push({ row, reason });
  const alreadyImportedOtherwise =
    'already imported from this file into this survey with other values (another column mapping?); not imported again';

  const writeOneByOne = async (batch: Batch) => {
    // Submitted together, the single-row writes still share transactions through group commit.
    const results = await Promise.allSettled(
      batch.rows.map(({ row, input }) =>
        services.responses.recordResponseBatch(workspaceId, [input], {
          key: `${keyPrefix}:${batch.index}:row:${row}`,
          requestHash: sha256(JSON.stringify([input])),
        }),
      ),
    );
    results.forEach((result, position) => {
      const { row } = batch.rows[position];
      if (result.status === 'fulfilled') {
        if (result.value.replayed) summary.alreadyImported++;
        else summary.imported++;
        return;
      }
      const error: unknown = result.reason;
      if (error instanceof IdempotencyMismatch) reject(row, alreadyImportedOtherwise);
      else if (error instanceof HeedError)
        reject(
          row,
          error.errors?.length
            ? reasonOf(error.errors.map((p) => ({ ...p, path: p.path.replace(/^responses\[\d+\]\.?/, '') })))
            : error.message,
        );
      else throw error;
    });
  };

  const writeBatch = async (batch: Batch) => {
    const inputs = batch.rows.map((valid) => valid.input);
    const idempotency: Idempotency = {
      key: `${keyPrefix}:${batch.index}`,
      requestHash: sha256(JSON.stringify(inputs)),
    };
    try {
      const answer = await services.responses.recordResponseBatch(workspaceId, inputs, idempotency);
      if (!answer.replayed) summary.imported += inputs.length;
      else if ('count' in answer.body && answer.body.count === inputs.length)
        summary.alreadyImported += inputs.length;
      // An empty answer marks a batch an earlier import wrote row by row: its rows' own keys tell.
      else await writeOneByOne(batch);
    } catch (error) {
      if (error instanceof IdempotencyMismatch) {
        for (const { row } of batch.rows) reject(row, alreadyImportedOtherwise);
        return;
      }
      // Only a problem with some of the items is worth retrying row by row; anything else is fatal.
      if (!(error instanceof HeedError) || !error.errors?.length) throw error;
      // Claim the batch's key first with no rows, so a later import cannot write this batch whole after
      // its good rows went in one by one (e.g. once the conflicting customer is fixed).
      await services.responses.recordResponseBatch(workspaceId, [], idempotency);
      await writeOneByOne(batch);
    }
  };

  let reported = 0;
  const report = (done: number) => {
    if (done > reported) onProgress?.(done, total);
    reported = done;
  };
  const inFlight: Array<{ batch: Batch; written: Promise<void> }> = [];
  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    await oldest.written;
    report(oldest.batch.lastRow);
  };
  let batch: Batch = { index: 0, rows: [], lastRow: 0 };
  const cut = async (lastRow: number) => {
    batch.lastRow = lastRow;
    const written = writeBatch(batch);
    // Handled when its turn comes; until then a failure must not count as unhandled.
    written.catch(() => undefined);
    inFlight.push({ batch, written });
    batch = { index: batch.index + 1, rows: [], lastRow: 0 };
    if (inFlight.length >= maxInFlight) await settleOldest();
  };

  // Both passes parse the same bytes with the same options, so their records line up one for one.
  const parser = parse({ ...csvOptions, columns: (header: string[]) => header.map(trimmed) });
  pipeline(fs.createReadStream(file), parser, () => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      const width = scanned.wrongWidths.get(row);
      if (width !== undefined) {
        reject(row, `has ${width} column(s) where the header has ${scanned.header.length}`);
        continue;
      }
      const survey =
        columns.survey && record[columns.survey].trim()
          ? await surveyById(record[columns.survey].trim())
          : defaultSurvey;
      const checked = checkRow(record, columns, survey, defaultSurvey.id);
      if ('problems' in checked) {
        reject(row, reasonOf(checked.problems));
        continue;
      }
      batch.rows.push({ row, input: checked.input });
      if (batch.rows.length === batchSize) await cut(row);
    }
    if (batch.rows.length > 0) await cut(row);
    while (inFlight.length > 0) await settleOldest();
  } catch (error) {
    // Let writes already submitted finish before the database is closed under them.
    await Promise.allSettled(inFlight.map((entry) => entry.written));
    if (error instanceof CsvError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  report(total);
  summary.rejected.sort((a, b) => a.row - b.row);
  return summary;
}

const trimmed = (value: string) => value.trim();
const isUuid = (value: string) => uuid.safeParse(value).success;

interface Scan {
  sha256: string;
  header: string[];
  /** Data rows, the header excluded. */
  rows: number;
  /** Rows with more or fewer cells than the header, by row number: those are rejected, not guessed at. */
  wrongWidths: Map<number, number>;
}

/** Hash, header, rows and their widths, and proof that the whole file parses. */
async function scan(file: string): Promise<Scan> {
  const hash = createHash('sha256');
  const source = fs.createReadStream(file);
  source.on('data', (chunk) => hash.update(chunk));
  const parser = parse(csvOptions);
  pipeline(source, parser, () => undefined);
  let header: string[] | undefined;
  let rows = 0;
  const wrongWidths = new Map<number, number>();
  try {
    // Arrays here, not objects with `info`: the row widths come cheaper this way than on every object.
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) header = record.map(trimmed);
      else if (record.length !== header.length) wrongWidths.set(++rows, record.length);
      else rows++;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CliError(`${file}: ${error.message}; nothing was imported.`);
    throw error;
  }
  if (!header)
    throw new CliError(
      `${file} is empty: it needs a header row naming its columns, e.g. score,comment,email`,
    );
  return { sha256: hash.digest('hex'), header, rows, wrongWidths };
}

/** The mapped columns the header has; the score column is the one that must be there. */
function columnsOf(mapping: ImportMapping, header: string[]): Partial<Record<Field, string>> {
  const listed = header.map((name) => JSON.stringify(name)).join(', ');
  if (!header.includes(mapping.score))
    throw new CliError(
      `The score column "${mapping.score}" is not in the file's header. Its columns are: ${listed}. ` +
        'Name the score column with --score-column.',
    );
  const columns: Partial<Record<Field, string>> = {};
  for (const [field, name] of Object.entries(mapping) as Array<[Field, string | undefined]>) {
    if (name === undefined || !header.includes(name)) continue;
    if (header.indexOf(name) !== header.lastIndexOf(name))
      throw new CliError(`The column "${name}" appears more than once in the header (${listed}).`);
    columns[field] = name;
  }
  return columns;
}

/** A row as the API would receive it, checked by the API's schema and the survey's own rules. */
// No closures in here: the CLI runs under tsx, which wraps every function created per row in a naming helper.
function checkRow(
  record: Record<string, string>,
  columns: Partial<Record<Field, string>>,
  survey: SurveyRow | undefined,
  defaultSurveyId: string,
): { input: ResponseInput } | { problems: FieldProblem[] } {
  const surveyId = cellOf(record, columns.survey) ?? defaultSurveyId;
  if (!survey) {
    const message = isUuid(surveyId) ? 'no such survey in this workspace' : 'must be a UUID';
    return { problems: [{ path: 'survey_id', message }] };
  }

  const problems: FieldProblem[] = [];
  const scoreText = cellOf(record, columns.score);
  let score: number | undefined;
  if (scoreText !== undefined) {
    // Text such as "9.0" or "nine" is refused rather than guessed at.
    if (/^[+-]?\d+$/.test(scoreText)) score = Number(scoreText);
    else {
      const range = survey.scale_min !== null ? ` ${survey.scale_min}–${survey.scale_max}` : '';
      addProblem(problems, { path: 'score', message: `must be an integer${range}, not ${quote(scoreText)}` });
    }
  }
  const date = cellOf(record, columns.submittedAt);
  const externalId = cellOf(record, columns.externalId);
  const email = cellOf(record, columns.email);
  const candidate = {
    survey_id: surveyId,
    score,
    comment: cellOf(record, columns.comment),
    channel: cellOf(record, columns.channel)?.toLowerCase() ?? 'import',
    // Without an e-mail or id there is nobody to attach a segment to: the response is anonymous.
    customer:
      externalId !== undefined || email !== undefined
        ? { external_id: externalId, email, segment: cellOf(record, columns.segment) }
        : undefined,
    submitted_at: date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date,
  };
  // The survey's wording of a problem ("an integer 0–10 for this nps survey") beats the schema's.
  for (const problem of answerProblems(survey, candidate)) addProblem(problems, problem);
  const parsed = responseInput.safeParse(candidate);
  if (!parsed.success) for (const issue of parsed.error.issues) addProblem(problems, problemOf(issue));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { input: parsed.data };
}

/** A mapped cell's text, trimmed; an empty cell or an unmapped column is no value. */
function cellOf(record: Record<string, string>, column: string | undefined): string | undefined {
  if (column === undefined) return undefined;
  const value = record[column].trim();
  return value === '' ? undefined : value;
}

/** One reason per field: the first one found is the most specific. */
function addProblem(problems: FieldProblem[], problem: FieldProblem): void {
  for (const known of problems) if (known.path === problem.path) return;
  problems.push(problem);
}

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_value') return { path, message: `must be one of: ${issue.values.join(', ')}` };
  if (path === 'submitted_at' && issue.code === 'invalid_format')
    return { path, message: `${issue.message}, or a date, e.g. 2026-01-31` };
  return { path, message: issue.message };
}

const quote = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
