// B2: batch ingest (1,000 per request) beside a raw COPY of the same kind of rows.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { newId } from '../src/shared/ids.ts';
import { runLoad } from './b1-single-ingest.ts';
import type { Store } from './backends.ts';
import {
  nextResponse,
  poolBatches,
  referenceCopyColumns,
  referenceTableDdl,
  seededRandom,
} from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import type { LoadResult } from './specs.ts';
import { formatInt, formatMs, formatRatio, httpRequest, median, verdict } from './util.ts';

/** Batch load; with `newCustomerPrefix`, every batch names customers from a pool Heed has not seen yet. */
export async function batchLoad(
  target: { url: string; key: string; surveyId: string },
  options: BenchOptions,
  newCustomerPrefix?: string,
): Promise<LoadResult> {
  return runLoad({
    url: target.url,
    path: '/v1/responses/batch',
    kind: 'batch',
    connections: options.batchConnections,
    durationS: options.batchS,
    key: target.key,
    surveyId: target.surveyId,
    batchSize: options.batchSize,
    newCustomerPrefix,
  });
}

/** Makes every customer of the pool known, one batch at a time (untimed): B1 and B2 measure known customers. */
export async function createPoolCustomers(target: { url: string; key: string; surveyId: string }) {
  for (const body of poolBatches(target.surveyId, 1000)) {
    const response = await httpRequest(`${target.url}/v1/responses/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
      body,
    });
    if (response.status !== 201)
      throw new Error(`creating the customer pool: ${response.status} ${response.text}`);
  }
}

/** Responses per second a batch run wrote (only 2xx answers count). */
export const responsesPerSecond = (run: LoadResult, batchSize: number) =>
  ((run.requests - run.non2xx) * batchSize) / run.durationS;

const workspaceId = '00000000-0000-4000-8000-000000000001';
const fakeCustomerId = (customer: number) =>
  `00000000-0000-4000-8000-${customer.toString(16).padStart(12, '0')}`;

/** COPY text of `rows` generated responses, in chunks of 1,000 lines. */
function copyText(surveyId: string, rows: number, seed: number): string[] {
  const random = seededRandom(seed);
  const chunks: string[] = [];
  const now = new Date().toISOString();
  for (let start = 0; start < rows; start += 1000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 1000); i++) {
      const r = nextResponse(random);
      chunk += `${workspaceId}\t${newId()}\t${surveyId}\t${fakeCustomerId(r.customer)}\t${r.segment}\t${r.channel}\t${r.score}\t${r.comment ?? '\\N'}\t${now}\t${now}\n`;
    }
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * Raw COPY into the reference table, `reps` times; returns rows/s per repetition. PostgreSQL: COPY FROM
 * STDIN over the wire (pg-copy-streams). PGlite: COPY FROM '/dev/blob' in-process, because COPY FROM STDIN
 * through pglite-socket loses protocol synchronisation; the in-process COPY is the embedded store's floor.
 */
export async function copyReference(
  store: Store,
  surveyId: string,
  options: BenchOptions,
): Promise<number[]> {
  const rates: number[] = [];
  if (store.kind === 'postgres') {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      for (const statement of referenceTableDdl) await client.query(statement);
      for (let rep = 0; rep < options.reps; rep++) {
        const chunks = copyText(surveyId, options.copyRows, 1000 + rep);
        const t0 = performance.now();
        await pipeline(
          Readable.from(chunks),
          client.query(copyFrom(`COPY bench_responses (${referenceCopyColumns}) FROM STDIN`)),
        );
        rates.push(options.copyRows / ((performance.now() - t0) / 1000));
      }
    } finally {
      await client.end();
    }
    return rates;
  }
  const db = await PGlite.create(store.dataDir);
  try {
    for (const statement of referenceTableDdl) await db.query(statement);
    for (let rep = 0; rep < options.reps; rep++) {
      const blob = new Blob(copyText(surveyId, options.copyRows, 1000 + rep));
      const t0 = performance.now();
      await db.query(`COPY bench_responses (${referenceCopyColumns}) FROM '/dev/blob'`, [], { blob });
      rates.push(options.copyRows / ((performance.now() - t0) / 1000));
    }
  } finally {
    await db.close();
  }
  return rates;
}

export interface B2Findings {
  backend: string;
  kind: 'pglite' | 'postgres';
  runs: LoadResult[];
  /** The same load when every batch's customers are new to Heed (created on first sight). */
  newCustomerRuns: LoadResult[];
  batchSize: number;
  connections: number;
  copyRates: number[];
  copyRows: number;
}

function batchRow(
  backend: string,
  what: string,
  runs: LoadResult[],
  batchSize: number,
  copyRates: number[],
  goal: number,
) {
  const rates = runs.map((run) => responsesPerSecond(run, batchSize));
  const heed = median(rates);
  const copy = median(copyRates);
  const ratio = heed / copy;
  const errors = runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0);
  const codes: Record<string, number> = {};
  for (const run of runs)
    for (const [code, count] of Object.entries(run.statusCodes))
      if (!code.startsWith('2')) codes[code] = (codes[code] ?? 0) + count;
  const codeText = Object.entries(codes)
    .map(([code, count]) => `${formatInt(count)}× ${code}`)
    .join(', ');
  const p50 = median(runs.map((run) => run.latency.p50));
  const p99 = median(runs.map((run) => run.latency.p99));
  return `| ${backend} | ${what} | ${formatInt(heed)} | ${rates.map(formatInt).join(' / ')} | ${formatMs(p50)} / ${formatMs(p99)} | ${formatInt(errors)}${codeText ? ` (${codeText})` : ''} | ${formatInt(copy)} | ${copyRates.map(formatInt).join(' / ')} | ${formatRatio(ratio)} | ≥ ${formatInt(goal)}/s; ratio ≥ 0.3 | ${verdict(heed >= goal)}; ${verdict(ratio >= 0.3)} |`;
}

export function b2Table(findings: B2Findings[]): string {
  const target = { pglite: 40_000, postgres: 100_000 };
  const lines = [
    '| backend | customers | Heed batch ingest (responses/s, median) | runs | request p50 / p99 | errors | raw COPY (rows/s, median) | COPY runs | ratio | targets | verdict |',
    '|---|---|---:|---|---|---:|---:|---|---:|---|---|',
  ];
  for (const f of findings) {
    const goal = target[f.kind];
    lines.push(batchRow(f.backend, 'known (the pool of 10,000)', f.runs, f.batchSize, f.copyRates, goal));
    if (f.newCustomerRuns.length > 0)
      lines.push(
        batchRow(
          f.backend,
          'new (first sight, a fresh pool of 10,000 per run)',
          f.newCustomerRuns,
          f.batchSize,
          f.copyRates,
          goal,
        ),
      );
  }
  return lines.join('\n');
}
