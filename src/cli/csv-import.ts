// What the CSV imports share: reading and checking the file, column mapping, permanent source ids per row,
// batched writes with progress, dry runs, and the report of rejected rows. Each kind supplies its row check.
import fs from 'node:fs';
import { pipeline } from 'node:stream';
import cliProgress from 'cli-progress';
import { CsvError, parse } from 'csv-parse';
import pc from 'picocolors';
import type { z } from 'zod';
import { type FieldProblem, HeedError } from '../errors.ts';
import { maxSourceIdLength, sha256 } from '../shared/source-ids.ts';
import { CliError } from './context.ts';

export interface ImportSummary {
  /** Rows written (in a dry run: rows that would be written). */
  imported: number;
  /** Rows whose source id is stored already (an earlier import, or an earlier row of the file): not written again. */
  alreadyImported: number;
  /** `row` counts data rows from 1: the header is not a row. */
  rejected: Array<{ row: number; reason: string }>;
  dryRun: boolean;
}

export interface CsvImportOptions {
  /** The column holding each row's id in the system it comes from; without one, ids come from row content. */
  idColumn?: string;
  /** Check every row and say what would be imported, writing nothing. */
  dryRun?: boolean;
  /** Called as rows are settled; `total` is the file's exact data row count. */
  onProgress?: (done: number, total: number) => void;
  /** Rows per write (default 1,000, the API's batch limit). */
  batchSize?: number;
}

/** Which file column feeds each field of a kind; a field whose column is not in the file is left empty. */
export type ColumnMapping<Field extends string> = Partial<Record<Field, string>>;

/** A row the kind's check turned into the input the API would receive, or the reasons it cannot. */
export type CheckedRow<Input> = { input: Input } | { problems: FieldProblem[] };

/** What a write made of one row. */
export type RowOutcome = 'created' | 'duplicate' | { problems: FieldProblem[] } | { reason: string };

/** The kind-specific part of an import: its columns, its row check, and how its rows are written. */
export interface ImportKind<Field extends string, Input extends { source_id?: string }> {
  /** What a row is, in messages: "response", "feedback item", "event". */
  noun: string;
  mapping: ColumnMapping<Field>;
  /** The fields whose column the header must have, with the flag that names the column. */
  required: Array<{ field: Field; flag: string }>;
  /** The field an input path (e.g. `customer.email`) comes from, so a reason names the user's column. */
  fieldOfPath: Record<string, Field>;
  check: (
    record: Record<string, string>,
    columns: ColumnMapping<Field>,
  ) => CheckedRow<Input> | Promise<CheckedRow<Input>>;
  /** Writes the inputs (each with its source id) and says what became of each one, in order. */
  write: (inputs: Input[]) => Promise<RowOutcome[]>;
  /** Which of these source ids are stored already (for a dry run, which writes nothing). */
  stored: (sourceIds: string[]) => Promise<Set<string | null>>;
}

const csvOptions = { bom: true, skip_empty_lines: true, relax_column_count: true } as const;
export const defaultImportBatchSize = 1000;
// Batches in flight at once: one is parsed and checked while the other is being written.
const maxInFlight = 2;

interface ValidRow<Input> {
  row: number;
  input: Input;
}

interface Batch<Input> {
  rows: Array<ValidRow<Input>>;
  /** The last data row read before the batch was cut: progress is settled up to here once it is written. */
  lastRow: number;
}

/** Reads a CSV file and imports each row through `kind`, or only checks them in a dry run. */
export async function importCsv<Field extends string, Input extends { source_id?: string }>(
  file: string,
  kind: ImportKind<Field, Input>,
  options: CsvImportOptions,
): Promise<ImportSummary> {
  const { onProgress, dryRun = false } = options;
  const batchSize = Math.min(
    Math.max(1, options.batchSize ?? defaultImportBatchSize),
    defaultImportBatchSize,
  );
  // The whole file is parsed once before anything is written: a syntax error or a missing column must not
  // leave half a file imported, and the progress bar needs the row count.
  const scanned = await scan(file);
  const columns = columnsOf(kind.mapping, kind.required, scanned.header, options.idColumn);
  const summary: ImportSummary = { imported: 0, alreadyImported: 0, rejected: [], dryRun };
  const total = scanned.rows;
  onProgress?.(0, total);

  const labelOf = (path: string) => {
    const field = kind.fieldOfPath[path];
    return (field && columns[field]) ?? path;
  };
  const reasonOf = (problems: FieldProblem[]) =>
    problems.map((problem) => `${labelOf(problem.path)}: ${problem.message}`).join('; ');
  const reject = (row: number, reason: string) => summary.rejected.push({ row, reason });

  // Content-derived source ids count identical rows: the second copy of a row is an item of its own.
  const copies = new Map<string, number>();
  // A dry run writes nothing, so it remembers the source ids it has passed to see repeats within the file.
  const seen = new Set<string>();

  const writeBatch = async (batch: Batch<Input>) => {
    const inputs = batch.rows.map((valid) => valid.input);
    if (dryRun) {
      const stored = await kind.stored(inputs.map((input) => input.source_id as string));
      for (const input of inputs) {
        const source = input.source_id as string;
        if (stored.has(source) || seen.has(source)) summary.alreadyImported++;
        else summary.imported++;
        seen.add(source);
      }
      return;
    }
    const outcomes = await kind.write(inputs);
    outcomes.forEach((outcome, position) => {
      if (outcome === 'created') summary.imported++;
      else if (outcome === 'duplicate') summary.alreadyImported++;
      else if ('problems' in outcome) reject(batch.rows[position].row, reasonOf(outcome.problems));
      else reject(batch.rows[position].row, outcome.reason);
    });
  };

  let reported = 0;
  const report = (done: number) => {
    if (done > reported) onProgress?.(done, total);
    reported = done;
  };
  const inFlight: Array<{ batch: Batch<Input>; written: Promise<void> }> = [];
  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    await oldest.written;
    report(oldest.batch.lastRow);
  };
  let batch: Batch<Input> = { rows: [], lastRow: 0 };
  const cut = async (lastRow: number) => {
    batch.lastRow = lastRow;
    const written = writeBatch(batch);
    // Handled when its turn comes; until then a failure must not count as unhandled.
    written.catch(() => undefined);
    inFlight.push({ batch, written });
    batch = { rows: [], lastRow: 0 };
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
      const checked = await kind.check(record, columns);
      if ('problems' in checked) {
        reject(row, reasonOf(checked.problems));
        continue;
      }
      const source = sourceIdOf(record, options.idColumn, checked.input, copies);
      if (typeof source !== 'string') {
        reject(row, `${options.idColumn}: ${source.problem}`);
        continue;
      }
      checked.input.source_id = source;
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

/**
 * A row's permanent source id: its id column's value, else `row:` and a hash of the input it makes (keys
 * sorted), so the same row in a re-export or a longer file is the same item. The n-th identical row of a
 * file gets `:n` appended: identical rows are separate items (two equal purchases on one day are two).
 */
function sourceIdOf(
  record: Record<string, string>,
  idColumn: string | undefined,
  input: object,
  copies: Map<string, number>,
): string | { problem: string } {
  if (idColumn !== undefined) {
    const value = record[idColumn].trim();
    if (value === '') return { problem: 'is empty; every row needs its own id in this column' };
    if (value.length > maxSourceIdLength)
      return { problem: `must be at most ${maxSourceIdLength} characters` };
    return value;
  }
  const hash = sha256(canonicalJson(input)).subarray(0, 16).toString('base64url');
  const copy = (copies.get(hash) ?? 0) + 1;
  copies.set(hash, copy);
  return copy === 1 ? `row:${hash}` : `row:${hash}:${copy}`;
}

/** JSON with object keys sorted at every depth: the same input always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const child of value) parts.push(canonicalJson(child));
    return `[${parts.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

const trimmed = (value: string) => value.trim();

interface Scan {
  header: string[];
  /** Data rows, the header excluded. */
  rows: number;
  /** Rows with more or fewer cells than the header, by row number: those are rejected, not guessed at. */
  wrongWidths: Map<number, number>;
}

/** Header, rows and their widths, and proof that the whole file parses. */
async function scan(file: string): Promise<Scan> {
  const parser = parse(csvOptions);
  pipeline(fs.createReadStream(file), parser, () => undefined);
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
  if (!header) throw new CliError(`${file} is empty: it needs a header row naming its columns.`);
  return { header, rows, wrongWidths };
}

/** The mapped columns the header has; the required ones, and an id column if named, must be there. */
function columnsOf<Field extends string>(
  mapping: ColumnMapping<Field>,
  required: Array<{ field: Field; flag: string }>,
  header: string[],
  idColumn: string | undefined,
): ColumnMapping<Field> {
  const listed = header.map((name) => JSON.stringify(name)).join(', ');
  const unique = (name: string) => {
    if (header.indexOf(name) !== header.lastIndexOf(name))
      throw new CliError(`The column "${name}" appears more than once in the header (${listed}).`);
  };
  for (const { field, flag } of required) {
    const name = mapping[field];
    if (name === undefined || !header.includes(name))
      throw new CliError(
        `The ${field} column "${name}" is not in the file's header. Its columns are: ${listed}. ` +
          `Name the ${field} column with ${flag}.`,
      );
  }
  if (idColumn !== undefined) {
    if (!header.includes(idColumn))
      throw new CliError(
        `The id column "${idColumn}" is not in the file's header. Its columns are: ${listed}.`,
      );
    unique(idColumn);
  }
  const columns: ColumnMapping<Field> = {};
  for (const [field, name] of Object.entries(mapping) as Array<[Field, string | undefined]>) {
    if (name === undefined || !header.includes(name)) continue;
    unique(name);
    columns[field] = name;
  }
  return columns;
}

// Row helpers for the kinds' checks. No closures are made per row: the CLI runs under tsx, which wraps
// every function created per row in a naming helper.

/** A mapped cell's text, trimmed; an empty cell or an unmapped column is no value. */
export function cellOf(record: Record<string, string>, column: string | undefined): string | undefined {
  if (column === undefined) return undefined;
  const value = record[column].trim();
  return value === '' ? undefined : value;
}

/** A date cell as the API takes it: a bare date (YYYY-MM-DD) is that day's midnight UTC. */
export function timestampOf(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

/** One reason per field: the first one found is the most specific. */
export function addProblem(problems: FieldProblem[], problem: FieldProblem): void {
  for (const known of problems) if (known.path === problem.path) return;
  problems.push(problem);
}

/** A schema issue in the words of a CSV user: a bad date names the two forms a cell may take. */
export function problemOf(issue: z.core.$ZodIssue, dateFields: readonly string[]): FieldProblem {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_value') return { path, message: `must be one of: ${issue.values.join(', ')}` };
  if (dateFields.includes(path) && issue.code === 'invalid_format')
    return { path, message: `${issue.message}, or a date, e.g. 2026-01-31` };
  return { path, message: issue.message };
}

export const quote = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * Writes a batch through an all-or-nothing batch write; if the database refuses some items (a customer
 * conflict only the write can find), each row is written alone so only those are rejected. Rows carry
 * source ids, so a row written before the refusal is recognised, not duplicated.
 */
export async function writeBatchOrAlone<Input>(
  inputs: Input[],
  writeBatch: (inputs: Input[]) => Promise<{ results: Array<{ duplicate: boolean }> }>,
  itemPath: RegExp,
): Promise<RowOutcome[]> {
  const outcomesOf = (answer: { results: Array<{ duplicate: boolean }> }) =>
    answer.results.map((result): RowOutcome => (result.duplicate ? 'duplicate' : 'created'));
  try {
    return outcomesOf(await writeBatch(inputs));
  } catch (error) {
    // Only a problem with some of the items is worth retrying row by row; anything else is fatal.
    if (!(error instanceof HeedError) || !error.errors?.length) throw error;
  }
  // Submitted together, the single-row writes still share transactions through group commit.
  const settled = await Promise.allSettled(inputs.map((input) => writeBatch([input])));
  return settled.map((result): RowOutcome => {
    if (result.status === 'fulfilled') return outcomesOf(result.value)[0];
    return outcomeOfError(result.reason, itemPath);
  });
}

/** A refused row's outcome: its field problems (paths without the batch prefix), else the error's message. */
export function outcomeOfError(error: unknown, itemPath: RegExp): RowOutcome {
  if (!(error instanceof HeedError)) throw error;
  if (!error.errors?.length) return { reason: error.message };
  return { problems: error.errors.map((p) => ({ ...p, path: p.path.replace(itemPath, '') })) };
}

/** `heed import …` in a terminal: a progress bar on stderr while it runs, then the summary and rejections. */
export async function runImportCommand(
  work: (onProgress: (done: number, total: number) => void) => Promise<ImportSummary>,
): Promise<void> {
  // The bar goes to stderr, and only to a terminal: piped output stays clean.
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'Importing {bar} {value}/{total} rows | ETA {eta_formatted}' },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let summary: ImportSummary;
  try {
    summary = await work((done, total) => {
      if (!bar) return;
      if (bar.isActive) bar.update(done);
      else bar.start(total, done);
    });
  } finally {
    bar?.stop();
  }
  const counts = `${summary.alreadyImported} already imported, ${summary.rejected.length} rejected`;
  console.log(
    summary.dryRun
      ? `Dry run, nothing written: ${pc.green(`${summary.imported} would be imported`)}, ${counts}`
      : `${pc.green(`${summary.imported} imported`)}, ${counts}`,
  );
  if (summary.rejected.length > 0) console.log('Rejected rows (row 1 is the first row after the header):');
  for (const rejection of summary.rejected.slice(0, 50))
    console.log(`  row ${rejection.row}: ${rejection.reason}`);
  if (summary.rejected.length > 50) console.log(`  … and ${summary.rejected.length - 50} more`);
}
