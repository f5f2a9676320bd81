// One backend's ingest benchmarks on one server: B1/B4 interleaved with references, then B6, then B2.
import os from 'node:os';
import {
  type B1Findings,
  bareInsertLoad,
  heedIngestLoad,
  helloLoad,
  type LoadProbe,
  type LoadSummary,
  summarize,
} from './b1-single-ingest.ts';
import {
  type B2Findings,
  batchLoad,
  copyReference,
  createPoolCustomers,
  responsesPerSecond,
} from './b2-batch-ingest.ts';
import { type B4Findings, type B4Run, ingestWithReaders, overviewCosts } from './b4-ingest-with-readers.ts';
import { type B6Findings, residentMemory } from './b6-server-memory.ts';
import { type BackendKind, freshStore } from './backends.ts';
import { type Child, startChild } from './children.ts';
import { type CpuUse, cpuSnapshot, cpuUse, type Snapshot } from './cpu.ts';
import { setUpWorkspace } from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import type { LoadResult } from './specs.ts';
import { formatInt, log } from './util.ts';

interface ServerReady {
  url: string;
}

export interface CpuFindings {
  backend: string;
  what: string;
  use: CpuUse[];
}

export interface IngestFindings {
  b1: B1Findings;
  b2: B2Findings;
  b4: B4Findings;
  b6: B6Findings;
  cpu: CpuFindings[];
  /** The database's own version string, as the Heed server sees it. */
  serverVersion: string;
}

const describe = (label: string, run: LoadResult) =>
  `${label}: ${formatInt(run.rps)} req/s, p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, ` +
  `non-2xx ${run.non2xx}, errors ${run.errors}`;

/** Samples CPU use of the machine, the server's threads and PostgreSQL over exactly the load's run. */
function cpuProbe(server: Child<unknown, unknown>, into: CpuUse[]): LoadProbe {
  let before: Snapshot | undefined;
  return {
    start: () => {
      before = cpuSnapshot(server.pid);
    },
    end: (result) => {
      if (!before) return;
      const use = cpuUse(before, cpuSnapshot(server.pid), server.pid, os.cpus().length);
      into.push({ ...use, clients: result.cpuCores });
    },
  };
}

/** The server's peak memory when it starts on an empty store, as a first start does. */
async function firstStartPeak(kind: BackendKind): Promise<number> {
  const store = await freshStore(kind, 'first');
  const server = startChild<ServerReady>('serve.ts', { env: store.env });
  try {
    await server.ready;
    return residentMemory(server.pid).peak;
  } finally {
    await server.stop();
    await store.drop();
  }
}

export async function runIngestSuite(
  kind: BackendKind,
  backend: string,
  options: BenchOptions,
): Promise<IngestFindings> {
  const firstStart = options.quick ? Number.NaN : await firstStartPeak(kind);
  const heedStore = await freshStore(kind, 'heed');
  const refStore = await freshStore(kind, 'ref');
  // The references start while the workspace is being set up.
  const hello = startChild<ServerReady>('ref-hello.ts');
  const bare = startChild<ServerReady>('ref-insert.ts', {
    env:
      kind === 'pglite'
        ? { BENCH_REF_DATA_DIR: refStore.dataDir, BENCH_REF_DATABASE_URL: undefined }
        : { BENCH_REF_DATABASE_URL: refStore.databaseUrl },
  });
  let heed: Child<ServerReady, unknown> | undefined;
  try {
    log(`${backend}: creating the workspace and surveys through the services`);
    const workspace = await setUpWorkspace(heedStore.config);
    const server = startChild<ServerReady>('serve.ts', { env: heedStore.env });
    heed = server;
    const [heedReady, helloReady, bareReady] = await Promise.all([server.ready, hello.ready, bare.ready]);
    const target = { url: heedReady.url, key: workspace.key, surveyId: workspace.npsSurveyId };
    const idle = residentMemory(server.pid).current;
    log(`${backend}: creating the pool of 10,000 customers through the batch API`);
    await createPoolCustomers(target);
    log(`${backend}: servers up (Heed pid ${server.pid}); warming up`);
    if (options.warmupS > 0) {
      await helloLoad(helloReady.url, options, options.warmupS);
      await bareInsertLoad(bareReady.url, options, options.warmupS);
      await heedIngestLoad(target, options, options.warmupS);
    }

    const runs = { hello: [] as LoadResult[], bare: [] as LoadResult[], heed: [] as LoadResult[] };
    const b4Runs: B4Run[] = [];
    const cpu = { hello: [] as CpuUse[], bare: [] as CpuUse[], heed: [] as CpuUse[], b4: [] as CpuUse[] };
    for (let rep = 1; rep <= options.reps; rep++) {
      const hi = await helloLoad(helloReady.url, options, options.loadS, cpuProbe(hello, cpu.hello));
      log(describe(`B1 ${backend} rep ${rep} hello`, hi));
      runs.hello.push(hi);
      const bi = await bareInsertLoad(bareReady.url, options, options.loadS, cpuProbe(bare, cpu.bare));
      log(describe(`B1 ${backend} rep ${rep} bare insert`, bi));
      runs.bare.push(bi);
      const h = await heedIngestLoad(target, options, options.loadS, cpuProbe(server, cpu.heed));
      log(describe(`B1 ${backend} rep ${rep} Heed`, h));
      runs.heed.push(h);
      const b4 = await ingestWithReaders(target, options, cpuProbe(server, cpu.b4));
      const b4Cpu = cpu.b4.at(-1);
      if (b4Cpu) b4Cpu.clients += b4.readers.cpuCores;
      log(
        `${describe(`B4 ${backend} rep ${rep} Heed + ${options.readerClients} Overview clients`, b4.ingest)}; ` +
          `${b4.readers.refreshes} Overview refreshes, ${b4.readers.errors} reader errors`,
      );
      b4Runs.push(b4);
    }
    const memory = residentMemory(server.pid);
    const b6: B6Findings = { backend, kind, firstStart, idle, peak: memory.peak, end: memory.current };
    log(`B6 ${backend}: peak RSS ${(memory.peak / 1024 / 1024).toFixed(0)} MB`);

    const heedSummary: LoadSummary = summarize(runs.heed);
    const b1: B1Findings = {
      backend,
      heed: heedSummary,
      hello: summarize(runs.hello),
      bareInsert: summarize(runs.bare),
    };
    const b4: B4Findings = {
      backend,
      alone: heedSummary,
      withReaders: summarize(b4Runs.map((run) => run.ingest)),
      runs: b4Runs,
    };

    const batchRuns: LoadResult[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const run = await batchLoad(target, options);
      log(
        `B2 ${backend} rep ${rep}: ${formatInt(responsesPerSecond(run, options.batchSize))} responses/s, ` +
          `non-2xx ${run.non2xx}, errors ${run.errors}`,
      );
      batchRuns.push(run);
    }
    const newCustomerRuns: LoadResult[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const run = await batchLoad(target, options, `first-sight-${rep}-`);
      log(
        `B2 ${backend} rep ${rep}, new customers: ${formatInt(responsesPerSecond(run, options.batchSize))} responses/s, ` +
          `non-2xx ${run.non2xx}, errors ${run.errors}`,
      );
      newCustomerRuns.push(run);
    }
    await bare.stop(); // frees the reference store (the embedded one allows one process)
    log(`B2 ${backend}: raw COPY reference, ${formatInt(options.copyRows)} rows × ${options.reps}`);
    const copyRates = await copyReference(refStore, workspace.npsSurveyId, options);
    log(`B2 ${backend}: COPY ${copyRates.map((rate) => formatInt(rate)).join(' / ')} rows/s`);
    const b2: B2Findings = {
      backend,
      kind,
      runs: batchRuns,
      newCustomerRuns,
      batchSize: options.batchSize,
      connections: options.batchConnections,
      copyRates,
      copyRows: options.copyRows,
    };
    await server.stop();
    log(`${backend}: costing the Overview's queries on the final data (EXPLAIN ANALYZE)`);
    b4.overview = await overviewCosts(heedStore.config, workspace.workspaceId);
    return {
      serverVersion: workspace.serverVersion,
      b1,
      b2,
      b4,
      b6,
      cpu: [
        { backend, what: 'Heed `POST /v1/responses` (B1)', use: cpu.heed },
        { backend, what: 'Heed ingest + Overview readers (B4)', use: cpu.b4 },
        { backend, what: 'bare one-INSERT route', use: cpu.bare },
        { backend, what: 'bare Fastify hello', use: cpu.hello },
      ],
    };
  } finally {
    await Promise.all([heed?.stop(), hello.stop(), bare.stop()]);
    await heedStore.drop();
    await refStore.drop();
  }
}
