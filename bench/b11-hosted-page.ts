// B11: the hosted survey page (`GET /s/{token}`) under load, beside a bare Fastify route serving a static page
// of the same bytes and the bare hello route. TTFB is timed on one of the connections by a raw HTTP client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server.ts';
import type { LoadSummary } from './b1-single-ingest.ts';
import { summarize } from './b1-single-ingest.ts';
import { type BackendKind, freshStore } from './backends.ts';
import { type Child, startChild } from './children.ts';
import { type CpuUse, cpuSnapshot, cpuUse } from './cpu.ts';
import { setUpWorkspace } from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import type { PageLoadResult, PageLoadSpec } from './page-load.ts';
import { formatInt, formatMs, formatRatio, httpRequest, log, median, tempDir } from './util.ts';

interface ServerReady {
  url: string;
}

export interface PageSummary extends LoadSummary {
  /** Medians over the repetitions of the sampled connection's percentiles. */
  ttfbP50: number;
  ttfbP99: number;
  completeP50: number;
  completeP99: number;
  samples: number;
}

export interface B11Findings {
  backend: string;
  kind: BackendKind;
  /** Body bytes of the page, and of the whole response with its status line and headers. */
  pageBytes: number;
  responseBytes: number;
  heed: PageSummary;
  staticPage: PageSummary;
  hello: PageSummary;
  /** Rows of kind 'shown' the Heed runs wrote, and the pages counted as served (warm-up and capture included). */
  shownRows: number;
  pagesCounted: number;
  runs: number;
  cpu: CpuUse[];
}

function summarizePages(runs: PageLoadResult[]): PageSummary {
  return {
    ...summarize(runs),
    ttfbP50: median(runs.map((run) => run.sampler.ttfbP50)),
    ttfbP99: median(runs.map((run) => run.sampler.ttfbP99)),
    completeP50: median(runs.map((run) => run.sampler.completeP50)),
    completeP99: median(runs.map((run) => run.sampler.completeP99)),
    samples: runs.reduce((sum, run) => sum + run.sampler.requests, 0),
  };
}

/** One page-load run in its own process; CPU of the machine and the server's threads over exactly the run. */
async function pageLoad(
  url: string,
  pagePath: string,
  options: BenchOptions,
  durationS: number,
  server?: Child<unknown, unknown>,
  cpu?: CpuUse[],
): Promise<PageLoadResult> {
  const spec: PageLoadSpec = { url, path: pagePath, connections: options.connections, durationS };
  const child = startChild<unknown, PageLoadResult>('page-load.ts', { args: [JSON.stringify(spec)] });
  try {
    await child.ready;
    const before = server ? cpuSnapshot(server.pid) : undefined;
    const result = await child.result;
    if (server && before && cpu) {
      const use = cpuUse(before, cpuSnapshot(server.pid), server.pid, os.cpus().length);
      cpu.push({ ...use, clients: result.cpuCores });
    }
    return result;
  } finally {
    await child.stop();
  }
}

const describe = (label: string, run: PageLoadResult) =>
  `${label}: ${formatInt(run.rps)} req/s, TTFB p50 ${formatMs(run.sampler.ttfbP50)} p99 ` +
  `${formatMs(run.sampler.ttfbP99)} (${run.sampler.requests} sampled), autocannon p50 ${run.latency.p50} ms ` +
  `p99 ${run.latency.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}`;

export async function runB11(
  kind: BackendKind,
  backend: string,
  options: BenchOptions,
): Promise<B11Findings> {
  const store = await freshStore(kind, 'hosted');
  const hello = startChild<ServerReady>('ref-hello.ts');
  let heed: Child<ServerReady, unknown> | undefined;
  let staticPage: Child<ServerReady, unknown> | undefined;
  try {
    log(`B11 ${backend}: creating the workspace and survey`);
    const workspace = await setUpWorkspace(store.config);
    const server = startChild<ServerReady>('serve.ts', { env: store.env });
    heed = server;
    const [heedReady, helloReady] = await Promise.all([server.ready, hello.ready]);
    const link = await httpRequest(`${heedReady.url}/v1/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspace.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target: 'survey', survey_id: workspace.npsSurveyId }),
    });
    if (link.status !== 201)
      throw new Error(`POST /v1/links answered ${link.status}: ${link.text.slice(0, 300)}`);
    const pagePath = `/s/${(JSON.parse(link.text) as { token: string }).token}`;
    const page = await fetch(`${heedReady.url}${pagePath}`);
    const body = await page.text();
    if (page.status !== 200 || !body.includes('<form'))
      throw new Error(`GET ${pagePath} answered ${page.status}: ${body.slice(0, 300)}`);
    // The reference serves these very bytes with the same content type and security headers.
    const headers: Record<string, string> = {};
    for (const name of [
      'content-type',
      'content-security-policy',
      'x-content-type-options',
      'referrer-policy',
      'cache-control',
    ]) {
      const value = page.headers.get(name);
      if (value) headers[name] = value;
    }
    const pageFile = path.join(tempDir('b11-page'), 'page.json');
    fs.writeFileSync(pageFile, JSON.stringify({ body, headers }));
    const reference = startChild<ServerReady>('ref-static-page.ts', { args: [pageFile] });
    staticPage = reference;
    const staticReady = await reference.ready;
    log(
      `B11 ${backend}: page ${formatInt(Buffer.byteLength(body))} B at ${pagePath.slice(0, 24)}…; servers up`,
    );

    let pagesCounted = 1;
    let runCount = 0;
    if (options.warmupS > 0) {
      await pageLoad(helloReady.url, '/hello', options, options.warmupS);
      await pageLoad(staticReady.url, '/page', options, options.warmupS);
      const warm = await pageLoad(heedReady.url, pagePath, options, options.warmupS);
      pagesCounted += warm.statusCodes['200'] ?? 0;
      pagesCounted += warm.sampler.requests - warm.sampler.non2xx;
      runCount++;
    }
    const runs = {
      hello: [] as PageLoadResult[],
      staticPage: [] as PageLoadResult[],
      heed: [] as PageLoadResult[],
    };
    const cpu: CpuUse[] = [];
    for (let rep = 1; rep <= options.reps; rep++) {
      const hi = await pageLoad(helloReady.url, '/hello', options, options.loadS);
      log(describe(`B11 ${backend} rep ${rep} hello`, hi));
      runs.hello.push(hi);
      const st = await pageLoad(staticReady.url, '/page', options, options.loadS);
      log(describe(`B11 ${backend} rep ${rep} static page`, st));
      runs.staticPage.push(st);
      const h = await pageLoad(heedReady.url, pagePath, options, options.loadS, server, cpu);
      log(describe(`B11 ${backend} rep ${rep} Heed page`, h));
      runs.heed.push(h);
      pagesCounted += (h.statusCodes['200'] ?? 0) + h.sampler.requests - h.sampler.non2xx;
      runCount++;
    }
    await server.stop();
    const db = await openDatabase(store.config);
    let shownRows = 0;
    try {
      const [row] = await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM survey_contacts WHERE workspace_id = $1 AND kind = 'shown'",
        [workspace.workspaceId],
      );
      shownRows = Number(row?.n ?? 0);
    } finally {
      await db.close();
    }
    const last = runs.heed.at(-1);
    return {
      backend,
      kind,
      pageBytes: Buffer.byteLength(body),
      responseBytes: last?.sampler.responseBytes ?? Number.NaN,
      heed: summarizePages(runs.heed),
      staticPage: summarizePages(runs.staticPage),
      hello: summarizePages(runs.hello),
      shownRows,
      pagesCounted,
      runs: runCount,
      cpu,
    };
  } finally {
    await Promise.all([heed?.stop(), staticPage?.stop(), hello.stop()]);
    await store.drop();
  }
}

const repsText = (summary: LoadSummary) => summary.reps.map((rps) => formatInt(rps)).join(' / ');

export function b11Table(findings: B11Findings[]): string {
  const lines = [
    '| backend | what | req/s (median) | runs (req/s) | latency p50 / p99 (autocannon, whole response) | TTFB p50 / p99 (sampled connection) | last byte p50 / p99 (sampled connection) | errors |',
    '|---|---|---:|---|---:|---:|---:|---:|',
  ];
  for (const f of findings) {
    for (const [what, s] of [
      ['Heed `GET /s/{token}`', f.heed],
      ['bare Fastify static page (same bytes)', f.staticPage],
      ['bare Fastify hello', f.hello],
    ] as const) {
      lines.push(
        `| ${f.backend} | ${what} | ${formatInt(s.rps)} | ${repsText(s)} | ${formatMs(s.p50)} / ${formatMs(s.p99)} | ` +
          `${formatMs(s.ttfbP50)} / ${formatMs(s.ttfbP99)} | ${formatMs(s.completeP50)} / ${formatMs(s.completeP99)} | ${formatInt(s.errors)} |`,
      );
    }
  }
  lines.push(
    '',
    '| backend | Heed page req/s ÷ static page | req/s ÷ hello | latency p50 Heed ÷ static | latency p99 Heed ÷ static | sampled TTFB p99 Heed ÷ static |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const f of findings) {
    lines.push(
      `| ${f.backend} | ${formatRatio(f.heed.rps / f.staticPage.rps)} | ${formatRatio(f.heed.rps / f.hello.rps)} | ` +
        `${formatRatio(f.heed.p50 / f.staticPage.p50)} | ${formatRatio(f.heed.p99 / f.staticPage.p99)} | ${formatRatio(f.heed.ttfbP99 / f.staticPage.ttfbP99)} |`,
    );
  }
  return lines.join('\n');
}

const cores = (value: number) => value.toFixed(2);

export function b11Notes(findings: B11Findings[]): string {
  const lines = [
    '- What one request does: parse and check the token (base64url claims, HMAC-SHA-256 signature against the workspace’s ' +
      'link secret), read the workspace’s name, fatigue setting, link secret and privacy notice (cached for a few seconds, ' +
      'like API keys), read the survey (cached in the survey service), check eligibility (archived? quota? — the benchmark ' +
      'survey has no quota, so no count is read; an anonymous link has no customer, so no fatigue or unsubscribe lookup), ' +
      "record one `survey_contacts` row of kind 'shown' (group-committed: concurrent page views share one INSERT, and each " +
      'page is answered after it is written), and render the page’s HTML with a fresh submission id.',
    '- Method: each run is one load process on 127.0.0.1 with ' +
      `${findings[0] ? formatInt(findings[0].heed.reps.length) : '?'} repetition(s) per route, ` +
      'interleaved hello → static page → Heed page. autocannon drives all connections but one; its latency is the time to ' +
      'the whole response, in whole milliseconds. The remaining connection, in a worker thread of the same load process, sends raw keep-alive ' +
      'HTTP/1.1 GETs one after another and times the first response byte (TTFB) and the last; req/s counts both. ' +
      'The page fits in one TCP segment on loopback, so its last byte arrives with its first and autocannon’s latency is its TTFB. ' +
      'The lone sampled connection sees lower figures than autocannon’s on the fast references: its requests fall between the ' +
      'bursts of autocannon’s connections (which answer and resend together) rather than queueing behind them, so compare TTFB ' +
      'and latency ratios column by column, not across. The reference serves the very bytes and security headers Heed served once.',
  ];
  for (const f of findings) {
    const inFlight = f.shownRows - f.pagesCounted;
    const cpu = f.cpu.length
      ? (() => {
          const main = median(f.cpu.map((use) => use.serverMain));
          const busiest = median(f.cpu.map((use) => use.serverBusiestOther.cores));
          const name = f.cpu[0]?.serverBusiestOther.name || 'other';
          const postgres = median(f.cpu.map((use) => use.postgres));
          const machine = median(f.cpu.map((use) => use.machine));
          const clients = median(f.cpu.map((use) => use.clients));
          return (
            ` CPU during the Heed runs: machine ${cores(machine)} of ${f.cpu[0]?.cores ?? '?'} cores, server main thread ${cores(main)}, ` +
            `busiest other server thread (${name}) ${cores(busiest)}, PostgreSQL ${cores(postgres)}, load process ${cores(clients)}.`
          );
        })()
      : '';
    lines.push(
      `- ${f.backend}: the page is ${formatInt(f.pageBytes)} B of HTML (${formatInt(f.responseBytes)} B with headers). ` +
        `Heed served ${formatInt(f.heed.rps)} pages/s, ${formatRatio(f.heed.rps / f.staticPage.rps)} of the static page ` +
        `(${formatInt(f.staticPage.rps)}/s) and ${formatRatio(f.heed.rps / f.hello.rps)} of hello; sampled TTFB p50 ` +
        `${formatMs(f.heed.ttfbP50)} / p99 ${formatMs(f.heed.ttfbP99)} against ${formatMs(f.staticPage.ttfbP50)} / ${formatMs(f.staticPage.ttfbP99)} ` +
        `for the static page; the last byte came ${formatMs(f.heed.completeP50 - f.heed.ttfbP50)} after the first at p50 and ` +
        `${formatMs(f.heed.completeP99 - f.heed.ttfbP99)} at p99. ` +
        `${formatInt(f.shownRows)} 'shown' rows were written for ${formatInt(f.pagesCounted)} pages the load processes counted over ${f.runs} run(s) ` +
        `(${inFlight >= 0 ? `${formatInt(inFlight)} more: requests still in flight when a run stopped` : `${formatInt(-inFlight)} missing`}).${cpu}`,
    );
  }
  return lines.join('\n');
}
