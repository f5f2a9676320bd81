// B1: single-response ingest over HTTP beside a bare hello route and a bare one-INSERT route.
import { startChild } from './children.ts';
import type { BenchOptions } from './options.ts';
import type { LoadResult, LoadSpec } from './specs.ts';
import { formatInt, formatMs, formatRatio, median, verdict } from './util.ts';

let seed = 1;

/** Called when the load starts and when it ends (after the child's start-up, before its exit). */
export interface LoadProbe {
  start: () => void;
  end: (result: LoadResult) => void;
}

/** One autocannon run in its own process. */
export async function runLoad(spec: Omit<LoadSpec, 'seed'>, probe?: LoadProbe): Promise<LoadResult> {
  seed += 7919;
  const child = startChild<unknown, LoadResult>('load.ts', { args: [JSON.stringify({ ...spec, seed })] });
  try {
    await child.ready;
    probe?.start();
    const result = await child.result;
    probe?.end(result);
    return result;
  } finally {
    await child.stop();
  }
}

export const helloLoad = (url: string, options: BenchOptions, durationS = options.loadS, probe?: LoadProbe) =>
  runLoad({ url, path: '/hello', kind: 'get', connections: options.connections, durationS }, probe);

export const bareInsertLoad = (
  url: string,
  options: BenchOptions,
  durationS = options.loadS,
  probe?: LoadProbe,
) => runLoad({ url, path: '/insert', kind: 'single', connections: options.connections, durationS }, probe);

export const heedIngestLoad = (
  target: { url: string; key: string; surveyId: string },
  options: BenchOptions,
  durationS = options.loadS,
  probe?: LoadProbe,
) =>
  runLoad(
    {
      url: target.url,
      path: '/v1/responses',
      kind: 'single',
      connections: options.connections,
      durationS,
      key: target.key,
      surveyId: target.surveyId,
    },
    probe,
  );

export interface LoadSummary {
  rps: number;
  p50: number;
  p99: number;
  p99_9: number;
  /** Non-2xx answers plus connection errors and timeouts, over all repetitions. */
  errors: number;
  requests: number;
  statusCodes: Record<string, number>;
  reps: number[];
}

/** Medians over repetitions; errors are summed. */
export function summarize(runs: LoadResult[]): LoadSummary {
  const statusCodes: Record<string, number> = {};
  for (const run of runs)
    for (const [code, count] of Object.entries(run.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    rps: median(runs.map((run) => run.rps)),
    p50: median(runs.map((run) => run.latency.p50)),
    p99: median(runs.map((run) => run.latency.p99)),
    p99_9: median(runs.map((run) => run.latency.p99_9)),
    errors: runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    statusCodes,
    reps: runs.map((run) => run.rps),
  };
}

export interface B1Findings {
  backend: string;
  heed: LoadSummary;
  hello: LoadSummary;
  bareInsert: LoadSummary;
}

const statusText = (summary: LoadSummary) => {
  const bad = Object.entries(summary.statusCodes).filter(([code]) => !code.startsWith('2'));
  return bad.length === 0
    ? ''
    : ` (${bad.map(([code, count]) => `${formatInt(count)}× ${code}`).join(', ')})`;
};

const repsText = (summary: LoadSummary) => summary.reps.map((rps) => formatInt(rps)).join(' / ');

export function b1Table(findings: B1Findings[]): string {
  const target = { pglite: 6000, postgres: 10_000 } as Record<string, number>;
  const lines = [
    '| backend | what | req/s (median) | runs (req/s) | p50 | p99 | p99.9 | errors |',
    '|---|---|---:|---|---:|---:|---:|---:|',
  ];
  for (const f of findings) {
    for (const [what, s] of [
      ['Heed `POST /v1/responses`', f.heed],
      ['bare Fastify hello', f.hello],
      ['bare one-INSERT route', f.bareInsert],
    ] as const) {
      lines.push(
        `| ${f.backend} | ${what} | ${formatInt(s.rps)} | ${repsText(s)} | ${formatMs(s.p50)} | ${formatMs(s.p99)} | ${formatMs(s.p99_9)} | ${formatInt(s.errors)}${statusText(s)} |`,
      );
    }
  }
  lines.push('', '| backend | figure | target | verdict |', '|---|---|---|---|');
  for (const f of findings) {
    const vsHello = f.heed.rps / f.hello.rps;
    const vsInsert = f.heed.rps / f.bareInsert.rps;
    const goal = target[f.backend.toLowerCase().startsWith('pglite') ? 'pglite' : 'postgres'];
    lines.push(
      `| ${f.backend} | ${formatInt(f.heed.rps)} req/s | ≥ ${formatInt(goal)} req/s | ${verdict(f.heed.rps >= goal)} |`,
      `| ${f.backend} | p99 ${formatMs(f.heed.p99)} | ≤ 50 ms | ${verdict(f.heed.p99 <= 50)} |`,
      `| ${f.backend} | ${formatInt(f.heed.errors)} errors | 0 | ${verdict(f.heed.errors === 0)} |`,
      `| ${f.backend} | ratio vs hello ${formatRatio(vsHello)} | ≥ 0.25 | ${verdict(vsHello >= 0.25)} |`,
      `| ${f.backend} | ratio vs bare insert ${formatRatio(vsInsert)} | ≥ 3 | ${verdict(vsInsert >= 3)} |`,
    );
  }
  return lines.join('\n');
}
