// Child process: autocannon GETs against one page (spec as JSON in argv[2]) on all connections but one; that
// one, in a worker thread, times the first byte (TTFB) and the last of each of its requests. Prints one result line.
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadResult } from './specs.ts';
import { percentile } from './util.ts';

/** What the TTFB sampler (ttfb-sampler.mjs, a worker thread) answers. */
export interface SamplerResult {
  /** Milliseconds from writing each request to its first response byte, and to its last. */
  ttfb: number[];
  complete: number[];
  /** Bytes of the last response (status line, headers, body). */
  responseBytes: number;
  non2xx: number;
  errors: number;
}

export interface PageLoadSpec {
  url: string;
  path: string;
  /** All connections, the sampler's included. */
  connections: number;
  durationS: number;
}

/** The sampled connection's figures (percentiles are computed here: the raw arrays are too big for one line). */
export interface SampledFigures {
  requests: number;
  ttfbP50: number;
  ttfbP99: number;
  completeP50: number;
  completeP99: number;
  responseBytes: number;
  non2xx: number;
  errors: number;
}

export interface PageLoadResult extends LoadResult {
  sampler: SampledFigures;
  /** Mean bytes per autocannon response (headers and body). */
  bytesPerResponse: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as PageLoadSpec;
const worker = new Worker(new URL('./ttfb-sampler.mjs', import.meta.url), {
  workerData: { url: spec.url, path: spec.path },
});
const sampled = new Promise<SamplerResult>((resolve, reject) => {
  worker.on('message', (message: { result?: SamplerResult }) => {
    if (message.result) resolve(message.result);
  });
  worker.once('error', reject);
});
await new Promise<void>((resolve, reject) => {
  worker.once('message', () => resolve());
  worker.once('error', reject);
});

process.stdout.write(`${JSON.stringify({ ready: { pid: process.pid } })}\n`);
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
worker.postMessage({ durationS: spec.durationS });
const result = await autocannon({
  url: spec.url,
  connections: spec.connections - 1,
  duration: spec.durationS,
  timeout: 30,
  requests: [{ method: 'GET', path: spec.path }],
});
const sampler = await sampled;
await worker.terminate();

const cpu = process.cpuUsage(cpuBefore);
const statusCodes: Record<string, number> = {};
for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
  statusCodes[code] = stats.count ?? 0;
const answer: PageLoadResult = {
  requests: result.requests.total + sampler.ttfb.length,
  durationS: result.duration,
  rps: (result.requests.total + sampler.ttfb.length) / result.duration,
  latency: {
    mean: result.latency.mean,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    p99_9: result.latency.p99_9,
    max: result.latency.max,
  },
  non2xx: result.non2xx + sampler.non2xx,
  errors: result.errors + sampler.errors,
  timeouts: result.timeouts,
  statusCodes,
  cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore),
  sampler: {
    requests: sampler.ttfb.length,
    ttfbP50: percentile(sampler.ttfb, 50),
    ttfbP99: percentile(sampler.ttfb, 99),
    completeP50: percentile(sampler.complete, 50),
    completeP99: percentile(sampler.complete, 99),
    responseBytes: sampler.responseBytes,
    non2xx: sampler.non2xx,
    errors: sampler.errors,
  },
  bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
};
// Exits only once the line is written: a pipe may take it asynchronously.
process.stdout.write(`${JSON.stringify({ result: answer })}\n`, () => process.exit(0));
