// `heed analyze FILE`: comments from a text file (one per line) or a CSV column, analysed without a server or
// database — redaction, sentiment and the themes found across the file — printed as JSON lines.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { analyzeComment } from '../domains/text/analyze.ts';
import { redactPii } from '../domains/text/redact.ts';
import { discoverThemes, ThemeMatcher } from '../domains/text/themes.ts';
import { CliError } from './context.ts';

export interface AnalyzeFileOptions {
  /** Read a CSV file and analyse this column (by header name). */
  csvColumn?: string;
  /** Analyse the text as written (no PII redaction). */
  keepPii?: boolean;
  /** A theme needs at least this many comments; the default scales with the file. */
  minDocuments?: number;
}

export interface AnalyzedLine {
  text: string;
  redacted: string;
  sentiment: { label: string; score: number };
  themes: string[];
}

/** The comments of a file or stdin ("-"): non-empty lines, or one CSV column's non-empty cells. */
export async function* commentsOf(source: string, csvColumn?: string): AsyncGenerator<string> {
  if (source !== '-' && !fs.existsSync(source)) throw new CliError(`No such file: ${source}`);
  const input: Readable = source === '-' ? process.stdin : fs.createReadStream(source);
  if (csvColumn === undefined) {
    for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.trim()) yield line;
    }
    return;
  }
  const parser = input.pipe(
    parse({ bom: true, columns: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let checked = false;
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    if (!checked) {
      if (!(csvColumn in record)) {
        throw new CliError(
          `The CSV has no column "${csvColumn}"; its columns are: ${Object.keys(record).join(', ')}`,
        );
      }
      checked = true;
    }
    const value = record[csvColumn];
    if (value?.trim()) yield value;
  }
}

/**
 * Analyses every comment, then finds the themes across all of them and names each comment's themes:
 * themes are a property of the collection, so the file is read whole before anything is printed.
 */
export async function analyzeFile(source: string, options: AnalyzeFileOptions = {}): Promise<AnalyzedLine[]> {
  const analysed: Array<AnalyzedLine & { phrases: string[] }> = [];
  for await (const text of commentsOf(source, options.csvColumn)) {
    const redacted = options.keepPii ? text : redactPii(text).text;
    const analysis = analyzeComment(redacted);
    analysed.push({ text, redacted, sentiment: analysis.sentiment, themes: [], phrases: analysis.phrases });
  }
  const themes = discoverThemes(
    analysed.map((a) => a.phrases),
    options.minDocuments === undefined ? {} : { minDocuments: options.minDocuments },
  );
  const labels = new Map(themes.map((t) => [t.key, t.label]));
  const matcher = new ThemeMatcher(themes);
  return analysed.map(({ phrases, ...line }) => ({
    ...line,
    themes: matcher.match(phrases).map((key) => labels.get(key) ?? key),
  }));
}
