// Child process: N clients refreshing the dashboard Overview in a loop, with the one request the page
// makes on a first visit (the last 90 days by week: NPS, CSAT, CES, retention and churn, with breakdowns).
import type { OverviewResult, OverviewSpec } from './specs.ts';
import { percentile, sendToParent } from './util.ts';

const endpoints = ['/v1/metrics/overview?period=week'];

const spec = JSON.parse(process.argv[2] ?? '{}') as OverviewSpec;
const latencies = new Map<string, number[]>(endpoints.map((endpoint) => [endpoint, []]));
let refreshes = 0;
let errors = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const end = started + spec.durationS * 1000;
// The parent stops the readers with SIGTERM when its load is over; durationS is only a safety limit.
let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
});

async function client(): Promise<void> {
  while (!stopping && performance.now() < end) {
    for (const endpoint of endpoints) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${spec.url}${endpoint}`, {
          headers: { authorization: `Bearer ${spec.key}` },
        });
        await response.arrayBuffer();
        if (!response.ok) errors++;
      } catch {
        errors++;
      }
      latencies.get(endpoint)?.push(performance.now() - t0);
    }
    refreshes++;
  }
}

sendToParent({ ready: { pid: process.pid } });
await Promise.all(Array.from({ length: spec.clients }, client));
const cpu = process.cpuUsage(cpuBefore);
const byEndpoint: OverviewResult['byEndpoint'] = {};
let requests = 0;
for (const [endpoint, values] of latencies) {
  requests += values.length;
  byEndpoint[endpoint] = { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99) };
}
const result: OverviewResult = {
  refreshes,
  requests,
  errors,
  durationS: (performance.now() - started) / 1000,
  cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - started),
  byEndpoint,
};
sendToParent({ result });
process.exit(0);
