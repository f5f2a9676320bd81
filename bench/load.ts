// Child process: autocannon against one route (spec as JSON in argv[2]); prints one result line.
import autocannon from 'autocannon';
import { batchBody, nextResponse, responseBody, seededRandom } from './fixtures.ts';
import type { LoadResult, LoadSpec } from './specs.ts';
import { sendToParent } from './util.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const random = seededRandom(spec.seed);
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (spec.key) headers.authorization = `Bearer ${spec.key}`;
const surveyId = spec.surveyId ?? '00000000-0000-4000-8000-000000000002';

// Batches are made up front (a few distinct ones, sent in turn): building 1,000 items per request here
// would make the load generator, not the server, the bottleneck.
const batches =
  spec.kind === 'batch' && !spec.newCustomerPrefix
    ? Array.from({ length: 8 }, () => batchBody(surveyId, random, spec.batchSize ?? 1000))
    : [];
let nextBatch = 0;

type Request = autocannon.Request;
const setupRequest = (request: Request): Request => {
  if (spec.kind === 'single')
    return { ...request, body: JSON.stringify(responseBody(surveyId, nextResponse(random))) };
  if (spec.kind === 'batch' && spec.newCustomerPrefix)
    return { ...request, body: batchBody(surveyId, random, spec.batchSize ?? 1000, spec.newCustomerPrefix) };
  if (spec.kind === 'batch') {
    nextBatch = (nextBatch + 1) % batches.length;
    return { ...request, body: batches[nextBatch] };
  }
  return request;
};

sendToParent({ ready: { pid: process.pid } });
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationS,
  timeout: 30,
  requests: [
    {
      method: spec.kind === 'get' ? 'GET' : 'POST',
      path: spec.path,
      headers: spec.kind === 'get' ? (spec.key ? { authorization: headers.authorization } : {}) : headers,
      setupRequest,
    },
  ],
});

const cpu = process.cpuUsage(cpuBefore);
const cpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
const statusCodes: Record<string, number> = {};
for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
  statusCodes[code] = stats.count ?? 0;
const answer: LoadResult = {
  requests: result.requests.total,
  durationS: result.duration,
  rps: result.requests.total / result.duration,
  latency: {
    mean: result.latency.mean,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    p99_9: result.latency.p99_9,
    max: result.latency.max,
  },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes,
  cpuCores,
};
sendToParent({ result: answer });
process.exit(0);
