// What the load-generating children are asked to do, and what they answer.
export interface LoadSpec {
  url: string;
  path: string;
  kind: 'get' | 'single' | 'batch';
  connections: number;
  durationS: number;
  key?: string;
  surveyId?: string;
  batchSize?: number;
  /** Batches: customers named `<prefix><n>`, a pool Heed has not seen, with a fresh batch built per request. */
  newCustomerPrefix?: string;
  seed: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  latency: { mean: number; p50: number; p90: number; p99: number; p99_9: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU the load generator itself used, in cores (it shares the machine with the server). */
  cpuCores: number;
}

export interface OverviewSpec {
  url: string;
  key: string;
  clients: number;
  durationS: number;
}

export interface OverviewResult {
  refreshes: number;
  requests: number;
  errors: number;
  durationS: number;
  cpuCores: number;
  byEndpoint: Record<string, { count: number; p50: number; p99: number }>;
}
