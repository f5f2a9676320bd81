// How big and how long each benchmark runs: the full suite, or the quick one CI may call.
export interface BenchOptions {
  quick: boolean;
  /** Repetitions of each timed load; figures are their medians. */
  reps: number;
  /** Seconds of each B1/B4 load run, and of the warm-up before the first. */
  loadS: number;
  /** 0 skips the warm-up (and the first-start memory reading) in quick runs. */
  warmupS: number;
  connections: number;
  readerClients: number;
  batchS: number;
  batchConnections: number;
  batchSize: number;
  /** Rows per raw COPY (B2 reference). */
  copyRows: number;
  /** Responses in B3's big workspace, per backend. */
  bigRows: { pglite: number; postgres: number };
  /** Responses written through the API just before B3 reads (they stay in the live tail). */
  tailRows: number;
  npsRequests: number;
  scanReps: number;
  /** Rows per CSV file B10 imports. */
  importRows: number;
}

export function benchOptions(quick: boolean): BenchOptions {
  return quick
    ? {
        quick,
        reps: 1,
        loadS: 2,
        warmupS: 0,
        connections: 50,
        readerClients: 5,
        batchS: 2,
        batchConnections: 4,
        batchSize: 1000,
        copyRows: 20_000,
        bigRows: { pglite: 20_000, postgres: 20_000 },
        tailRows: 300,
        npsRequests: 20,
        scanReps: 2,
        importRows: 10_000,
      }
    : {
        quick,
        reps: 3,
        loadS: 10,
        warmupS: 2,
        connections: 50,
        readerClients: 5,
        batchS: 5,
        batchConnections: 4,
        batchSize: 1000,
        copyRows: 200_000,
        bigRows: { pglite: 1_000_000, postgres: 2_000_000 },
        tailRows: 300,
        npsRequests: 50,
        scanReps: 5,
        importRows: 100_000,
      };
}
