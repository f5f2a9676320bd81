// B4: single-response ingest while 5 clients refresh the Overview, against B1 alone on the same server.
import type { Config } from '../src/config.ts';
import { MetricService } from '../src/domains/metrics/service.ts';
import { openDatabase } from '../src/server.ts';
import { heedIngestLoad, type LoadProbe, type LoadSummary } from './b1-single-ingest.ts';
import { startChild } from './children.ts';
import { type CallCost, costOf } from './explain.ts';
import type { BenchOptions } from './options.ts';
import type { LoadResult, OverviewResult, OverviewSpec } from './specs.ts';
import { formatInt, formatMs, median, verdict } from './util.ts';

export interface B4Run {
  ingest: LoadResult;
  readers: OverviewResult;
}

export async function ingestWithReaders(
  target: { url: string; key: string; surveyId: string },
  options: BenchOptions,
  probe?: LoadProbe,
): Promise<B4Run> {
  // The readers start first and are stopped once the load is over, so they cover all of it.
  const spec: OverviewSpec = {
    url: target.url,
    key: target.key,
    clients: options.readerClients,
    durationS: options.loadS + 60,
  };
  const readers = startChild<unknown, OverviewResult>('overview-clients.ts', {
    args: [JSON.stringify(spec)],
  });
  try {
    await readers.ready;
    const ingest = await heedIngestLoad(target, options, options.loadS, probe);
    await readers.stop();
    return { ingest, readers: await readers.result };
  } finally {
    await readers.stop();
  }
}

/** The Overview's request in-process on the store as B4 left it, with its SQL's EXPLAIN ANALYZE. */
export async function overviewCosts(config: Config, workspaceId: string): Promise<CallCost[]> {
  const db = await openDatabase(config);
  try {
    const metrics = (spy: typeof db) => new MetricService(spy);
    return [
      await costOf(db, 'Overview (90 days by week)', (spy) =>
        metrics(spy).overview(workspaceId, { period: 'week' }),
      ),
    ];
  } finally {
    await db.close();
  }
}

export const visitedText = (cost: CallCost) =>
  Object.entries(cost.visited)
    .map(([table, rows]) => `${table} ${formatInt(rows)}`)
    .join(', ');

export function overviewTable(findings: B4Findings[]): string {
  const lines = [
    '| backend | call | in-process time (median of 3) | queries | SQL execution | planning | of which JIT compilation | rows the plan visited, per table |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const f of findings)
    for (const cost of f.overview ?? [])
      lines.push(
        `| ${f.backend} | ${cost.name} | ${formatMs(cost.wallMs)} | ${cost.queries} | ${formatMs(cost.executionMs)} | ${formatMs(cost.planningMs)} | ${formatMs(cost.jitMs)} | ${visitedText(cost)} |`,
      );
  return lines.join('\n');
}

export interface B4Findings {
  backend: string;
  /** Filled after the server stops: the Overview's calls, costed on the final data. */
  overview?: CallCost[];
  alone: LoadSummary;
  withReaders: LoadSummary;
  runs: B4Run[];
}

export function b4Table(findings: B4Findings[]): string {
  const lines = [
    '| backend | ingest alone (B1, req/s) | ingest with 5 Overview clients (req/s) | p99 with readers | errors | ratio | target | verdict | Overview refreshes/s | Overview request p50 / p99 |',
    '|---|---:|---:|---:|---:|---:|---|---|---:|---|',
  ];
  for (const f of findings) {
    const ratio = f.withReaders.rps / f.alone.rps;
    const refreshRate = median(f.runs.map((run) => run.readers.refreshes / run.readers.durationS));
    const readerErrors = f.runs.reduce((sum, run) => sum + run.readers.errors, 0);
    const endpoints = Object.keys(f.runs[0]?.readers.byEndpoint ?? {});
    const calls = endpoints
      .map((endpoint) => {
        const p50 = median(f.runs.map((run) => run.readers.byEndpoint[endpoint].p50));
        const p99 = median(f.runs.map((run) => run.readers.byEndpoint[endpoint].p99));
        return `${formatMs(p50)} / ${formatMs(p99)}`;
      })
      .join('; ');
    lines.push(
      `| ${f.backend} | ${formatInt(f.alone.rps)} | ${formatInt(f.withReaders.rps)} | ${formatMs(f.withReaders.p99)} | ${formatInt(f.withReaders.errors)} (+${formatInt(readerErrors)} reader) | ${(100 * ratio).toFixed(0)}% | ≥ 90% | ${verdict(ratio >= 0.9)} | ${refreshRate.toFixed(1)} | ${calls} |`,
    );
  }
  return lines.join('\n');
}
