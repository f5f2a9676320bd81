// B9: the dashboard Overview in headless Chromium on a big workspace — from navigation to every chart drawn,
// on a first visit (empty browser cache) and a repeat one — beside the dashboard's own sign-in page and a bare
// static page; and the dashboard's first-load weight (what index.html makes the browser fetch), gzipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '../src/db/connect.ts';
import { foldRollups } from '../src/domains/metrics/rollups.ts';
import { createServices } from '../src/services.ts';
import { launchChromium } from '../test/support/browser.ts';
import { loadBigWorkspace } from './b3-nps-by-segment.ts';
import { type BackendKind, freshStore } from './backends.ts';
import { projectDir, startChild } from './children.ts';
import { setUpWorkspace, type Workspace } from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import { formatInt, formatMs, formatRatio, httpRequest, log, percentile, tempDir, verdict } from './util.ts';

const targetMs = 1000;
/** Three trends, retention and churn, response volume, and the two breakdowns: what a full workspace shows. */
const overviewCharts = 7;

/** Responses in the workspace, and timed visits of each kind. */
const sizeOf = (options: BenchOptions) =>
  options.quick ? { responses: 20_000, visits: 3 } : { responses: 1_000_000, visits: 10 };

// ---------------------------------------------------------------------------------------------------------
// The build and its first-load weight
// ---------------------------------------------------------------------------------------------------------

export interface FirstLoadFile {
  file: string;
  /** How index.html names it: the entry script, a module preload, or a stylesheet. */
  as: 'script' | 'modulepreload' | 'stylesheet';
  bytes: number;
  gzipBytes: number;
}

export interface DashboardSize {
  files: FirstLoadFile[];
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
  indexHtmlGzipBytes: number;
  /** The Overview's chart code (ECharts), fetched beside its data after the first render. */
  overviewCharts: { files: string[]; bytes: number; gzipBytes: number };
}

/** Builds the dashboard as `npm run build:web` does, into a directory of the run's own (with Vite's manifest). */
export function buildDashboard(): string {
  const outDir = tempDir('web');
  const vite = path.join(projectDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', 'web', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir', '--manifest'],
    { cwd: projectDir, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr || built.stdout}`);
  return outDir;
}

const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).byteLength;

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/**
 * What index.html makes the browser fetch before anything renders — its script, its module preloads and its
 * stylesheets, as the build wrote them — each gzipped (level 9, as B8); and, apart, the chunks the Overview
 * asks for when it first renders (its charts), which load beside the data rather than before the page.
 */
export function measureFirstLoad(webDir: string): DashboardSize {
  const html = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const files: FirstLoadFile[] = [];
  const named = [
    ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => ({ url: m[1], as: 'script' as const })),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => ({
      url: m[1],
      as: 'modulepreload' as const,
    })),
    ...[...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => ({
      url: m[1],
      as: 'stylesheet' as const,
    })),
  ];
  for (const { url, as } of named) {
    const content = fs.readFileSync(path.join(webDir, url.replace(/^\//, '')));
    files.push({ file: url, as, bytes: content.byteLength, gzipBytes: gzip(content) });
  }
  const all = Buffer.concat(
    named.map(({ url }) => fs.readFileSync(path.join(webDir, url.replace(/^\//, '')))),
  );

  const manifest = JSON.parse(fs.readFileSync(path.join(webDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const firstLoad = new Set(named.map(({ url }) => url.replace(/^\//, '')));
  const charts = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) return;
    for (const file of [chunk.file, ...(chunk.css ?? [])]) if (!firstLoad.has(file)) charts.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit('src/pages/overview/overview-charts.tsx');
  const chartFiles = [...charts];
  const chartBytes = chartFiles.map((file) => fs.readFileSync(path.join(webDir, file)));
  return {
    files,
    bytes: all.byteLength,
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    brotliBytes: brotliCompressSync(all).byteLength,
    indexHtmlGzipBytes: gzip(Buffer.from(html)),
    overviewCharts: {
      files: chartFiles,
      bytes: chartBytes.reduce((sum, content) => sum + content.byteLength, 0),
      gzipBytes: chartBytes.reduce((sum, content) => sum + gzip(content), 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The workspace
// ---------------------------------------------------------------------------------------------------------

/**
 * B3's workspace (customers, NPS answers over 60 weeks in 4 segments and 4 channels), with a share of the
 * answers copied as CSAT and CES answers so every card and chart of the Overview has data, and a fifth of
 * the customers churned over the last 300 days so retention moves.
 */
async function loadDashboardWorkspace(db: Db, workspace: Workspace, responses: number, kind: BackendKind) {
  const nps = Math.round(responses * 0.6);
  const csat = Math.round(responses * 0.25);
  const ces = responses - nps - csat;
  await loadBigWorkspace(db, workspace, nps, kind === 'pglite' ? 100_000 : 250_000);
  for (const [surveyId, rows, scale] of [
    [workspace.csatSurveyId, csat, 4],
    [workspace.cesSurveyId, ces, 6],
  ] as const) {
    // Scores 0–10 mapped onto 1–5 (CSAT) and 1–7 (CES).
    await db.query(
      `INSERT INTO responses (workspace_id, id, survey_id, customer_id, segment, channel, score, submitted_at, received_at)
       SELECT workspace_id, gen_random_uuid(), $2, customer_id, segment, channel, 1 + (score * $4::int) / 10,
              submitted_at, received_at
       FROM responses WHERE workspace_id = $1 AND survey_id = $3 LIMIT $5`,
      [workspace.workspaceId, surveyId, workspace.npsSurveyId, scale, rows],
    );
  }
  await db.query(
    `UPDATE customers SET churned_at = now() - random() * interval '300 days'
     WHERE workspace_id = $1 AND random() < 0.2`,
    [workspace.workspaceId],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Timing in the browser
// ---------------------------------------------------------------------------------------------------------

/**
 * Runs in every page before its own scripts: notes, in ms since navigation start (performance.now), when a
 * heading first appears, when the NPS card shows its figure, and when every chart of the Overview is drawn
 * (`data-rendered`, set by components/chart.tsx once ECharts has drawn).
 */
const markScript = `(() => {
  const marks = {};
  window.__heedBench = marks;
  const check = () => {
    const now = performance.now();
    if (marks.heading === undefined && document.querySelector('h1')) marks.heading = now;
    if (marks.cards === undefined && document.querySelector('#metric-nps [data-testid="score"]')) marks.cards = now;
    if (marks.charts === undefined) {
      const region = document.querySelector('#overview-charts');
      const canvases = document.querySelectorAll('#overview-charts .chart-canvas');
      if (region && region.getAttribute('aria-busy') === 'false' && canvases.length > 0 &&
          [...canvases].every((canvas) => canvas.getAttribute('data-rendered') === 'true')) {
        marks.charts = now;
        marks.chartCount = canvases.length;
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered', 'aria-busy'],
  });
})();`;

interface Marks {
  heading?: number;
  cards?: number;
  charts?: number;
  chartCount?: number;
}

export interface OverviewVisit {
  /** Navigation start → every chart drawn. */
  chartsMs: number;
  /** → the NPS card's figure shown. */
  cardsMs: number;
  /** → the /v1/metrics/overview answer received, and the chart code received (resource timing). */
  dataMs: number | null;
  chartCodeMs: number | null;
  charts: number;
}

async function newContext(
  browser: Browser,
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
  await context.addInitScript(markScript);
  return context;
}

async function visitOverview(page: Page, url: string): Promise<OverviewVisit> {
  await page.goto(`${url}/overview`, { waitUntil: 'commit' });
  await page.waitForFunction(
    () => (window as unknown as { __heedBench?: Marks }).__heedBench?.charts,
    undefined,
    {
      timeout: 120_000,
    },
  );
  // Read as a string: tsx would wrap a named helper inside a function in __name(), which the page lacks.
  return page.evaluate(`(() => {
    const marks = window.__heedBench;
    const resources = performance.getEntriesByType('resource');
    const ended = (part) => resources.find((entry) => entry.name.includes(part))?.responseEnd ?? null;
    return {
      chartsMs: marks.charts,
      cardsMs: marks.cards,
      dataMs: ended('/v1/metrics/overview'),
      chartCodeMs: ended('/overview-charts'),
      charts: marks.chartCount,
    };
  })()`) as Promise<OverviewVisit>;
}

/** Navigation start → the page's first h1 (the sign-in form's, or the static page's). */
async function visitPage(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(
    () => (window as unknown as { __heedBench?: Marks }).__heedBench?.heading,
    undefined,
    {
      timeout: 60_000,
    },
  );
  return page.evaluate(() => (window as unknown as { __heedBench: Required<Marks> }).__heedBench.heading);
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

export interface B9Findings {
  backend: string;
  kind: BackendKind;
  responses: number;
  loadS: number;
  /** First visits: a fresh browser context each (empty HTTP cache), already signed in. */
  cold: OverviewVisit[];
  /** Repeat visits: the same context navigating to /overview again (static files cached, data read anew). */
  warm: OverviewVisit[];
  /** The dashboard's sign-in page (same HTML and first-load bundle, no reads, no charts), cold and warm. */
  signInCold: number[];
  signInWarm: number[];
  /** A bare static page from a bare Fastify route: the floor of any navigation on this machine. */
  staticPage: number[];
  /** The page's one data request alone, from Node with the workspace's key: the server's share of a visit. */
  apiMs: number[];
}

export async function runB9(
  kind: BackendKind,
  backend: string,
  options: BenchOptions,
  webDir: string,
): Promise<B9Findings> {
  const { responses, visits } = sizeOf(options);
  const store = await freshStore(kind, 'dashboard');
  const owner = { email: 'owner@bench.example', password: '' };
  let loadS = 0;
  log(`B9 ${backend}: loading ${formatInt(responses)} responses`);
  const workspace = await setUpWorkspace(store.config, async (db, workspace) => {
    const t0 = performance.now();
    await loadDashboardWorkspace(db, workspace, responses, kind);
    const services = createServices(db, store.config);
    // The steady state the background jobs reach: answers folded into the rollups, comments analysed (the
    // loader's 20% with a comment would otherwise keep the server busy through the timed visits), and the
    // scheduled VACUUM (ANALYZE) job (PGlite) or autovacuum (PostgreSQL) done.
    await foldRollups(db);
    await services.text.analyzeNewComments();
    await db.query('VACUUM (ANALYZE)');
    loadS = (performance.now() - t0) / 1000;
    const created = await services.members.createOwner(workspace.workspaceId, {
      email: owner.email,
      name: 'Bench Owner',
    });
    owner.password = created.password;
  });
  log(`B9 ${backend}: loaded in ${loadS.toFixed(1)} s; starting Heed and Chromium`);

  const referencePage = path.join(tempDir('b9-ref'), 'page.json');
  fs.writeFileSync(
    referencePage,
    JSON.stringify({
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference</title></head><body><h1>Reference</h1></body></html>',
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    }),
  );
  const server = startChild<{ url: string }>('serve.ts', { env: { ...store.env, HEED_WEB_DIR: webDir } });
  const reference = startChild<{ url: string }>('ref-static-page.ts', { args: [referencePage] });
  let browser: Browser | undefined;
  const findings: B9Findings = {
    backend,
    kind,
    responses,
    loadS,
    cold: [],
    warm: [],
    signInCold: [],
    signInWarm: [],
    staticPage: [],
    apiMs: [],
  };
  try {
    const { url } = await server.ready;
    const { url: referenceUrl } = await reference.ready;
    browser = await launchChromium();

    // Signed in once through the form; every measured context starts from this session (cookie and CSRF token).
    const signingIn = await newContext(browser);
    const page = await signingIn.newPage();
    await page.goto(`${url}/`);
    await page.getByLabel('E-mail address').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    const session = await signingIn.storageState();
    // Warms the server (JIT, database caches): the runs measure the browser's first visit, not the server's.
    const first = await visitOverview(page, url);
    if (first.charts !== overviewCharts) {
      throw new Error(`the Overview drew ${first.charts} charts, not ${overviewCharts}: is a metric empty?`);
    }
    await signingIn.close();

    for (let visit = 0; visit < visits; visit++) {
      const context = await newContext(browser, session);
      const tab = await context.newPage();
      findings.cold.push(await visitOverview(tab, url));
      findings.warm.push(await visitOverview(tab, url));
      await context.close();
      // The sign-in page: a context without the session, so the app shows the form.
      const signedOut = await newContext(browser);
      const form = await signedOut.newPage();
      findings.signInCold.push(await visitPage(form, `${url}/`));
      findings.signInWarm.push(await visitPage(form, `${url}/`));
      findings.staticPage.push(await visitPage(form, `${referenceUrl}/page`));
      await signedOut.close();
    }
    // The rest of the warm visits, in one context, as a member moving around the dashboard would.
    const context = await newContext(browser, session);
    const tab = await context.newPage();
    await visitOverview(tab, url);
    while (findings.warm.length < 2 * visits) findings.warm.push(await visitOverview(tab, url));
    await context.close();
    // The same request the page makes (the default last 90 days by week), alone.
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(to) - 89 * 86_400_000).toISOString().slice(0, 10);
    const overviewPath = `/v1/metrics/overview?from=${from}&to=${to}&period=week`;
    for (let call = 0; call < 2 * visits; call++) {
      const t = performance.now();
      const answer = await httpRequest(`${url}${overviewPath}`, {
        headers: { authorization: `Bearer ${workspace.key}` },
      });
      if (answer.status !== 200) throw new Error(`GET ${overviewPath}: ${answer.status} ${answer.text}`);
      findings.apiMs.push(performance.now() - t);
    }
    const p50 = (values: number[]) => formatMs(percentile(values, 50));
    log(
      `B9 ${backend}: Overview cold p50 ${p50(findings.cold.map((v) => v.chartsMs))}, warm p50 ${p50(findings.warm.map((v) => v.chartsMs))}; ` +
        `sign-in page ${p50(findings.signInCold)}, static page ${p50(findings.staticPage)}`,
    );
  } finally {
    await browser?.close();
    await reference.stop();
    await server.stop();
    await store.drop();
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------

const p = (values: number[], at: number) => percentile(values, at);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function b9Table(findings: B9Findings[]): string {
  const lines = [
    '| backend | responses | visit | Overview p50 | p95 | NPS card shown, p50 | data received, p50 | chart code received, p50 | its data request alone (API, p50) | sign-in page p50 | ratio (Overview ÷ sign-in page, p50) | bare static page p50 | target | verdict (p95) |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const f of findings) {
    for (const [visit, runs, signIn] of [
      ['first (cold)', f.cold, f.signInCold],
      ['repeat (warm)', f.warm, f.signInWarm],
    ] as const) {
      const charts = runs.map((run) => run.chartsMs);
      const known = (values: Array<number | null>) =>
        values.filter((value): value is number => value !== null);
      lines.push(
        `| ${f.backend} | ${formatInt(f.responses)} | ${visit} (${runs.length}) | ${formatMs(p(charts, 50))} | ${formatMs(p(charts, 95))} | ` +
          `${formatMs(
            p(
              runs.map((run) => run.cardsMs),
              50,
            ),
          )} | ${formatMs(p(known(runs.map((run) => run.dataMs)), 50))} | ` +
          `${formatMs(p(known(runs.map((run) => run.chartCodeMs)), 50))} | ${formatMs(p(f.apiMs, 50))} | ${formatMs(p(signIn, 50))} | ` +
          `${formatRatio(p(charts, 50) / p(signIn, 50))} | ${formatMs(p(f.staticPage, 50))} | ≤ ${formatInt(targetMs)} ms | ${verdict(p(charts, 95) <= targetMs)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function b9SizeTable(size: DashboardSize): string {
  const lines = [
    '| what | files | minified | gzipped (level 9) |',
    '|---|---|---:|---:|',
    ...size.files.map(
      (file) =>
        `| ${file.as} | \`${path.basename(file.file)}\` | ${kb(file.bytes)} | ${kb(file.gzipBytes)} |`,
    ),
    `| **first load** (index.html's scripts, preloads, CSS; brotli ${kb(size.brotliBytes)}) | ${size.files.length} | ${kb(size.bytes)} | **${kb(size.gzipBytes)}** |`,
    `| index.html itself | 1 | | ${kb(size.indexHtmlGzipBytes)} |`,
    `| the Overview's charts (ECharts), fetched beside its data | ${size.overviewCharts.files.map((file) => `\`${path.basename(file)}\``).join(', ')} | ${kb(size.overviewCharts.bytes)} | ${kb(size.overviewCharts.gzipBytes)} |`,
  ];
  return lines.join('\n');
}

export function b9Notes(findings: B9Findings[], options: BenchOptions): string {
  const { visits } = sizeOf(options);
  const lines = [
    `Headless Chromium (Debian's, through playwright-core), 1280 × 900, on the same machine as the server. Signed in once through the form; ` +
      `each first visit is a fresh browser context holding that session (empty HTTP cache), each repeat visit navigates again in a context that has ` +
      `the static files cached (the data is always read anew). ${visits} first visits and ${2 * visits} repeat visits per backend, after one unmeasured visit ` +
      'that warms the server. Times are from navigation start (performance.now() in the page) to the moment every chart of the Overview carries ' +
      `data-rendered="true" (${overviewCharts} charts: three trends, retention and churn, volume, two breakdowns), noted by a MutationObserver installed before the page's scripts. ` +
      'The workspace is B3’s (responses over 60 weeks, 4 segments, 4 channels; 60% NPS, the rest copied as CSAT and CES answers), folded into the rollups, its comments analysed and `VACUUM (ANALYZE)`d; ' +
      'the Overview shows the default last 90 days by week, from one request to `/v1/metrics/overview`.',
    'References in the same run: the dashboard’s sign-in page (the same index.html and first-load bundle, no API reads, no charts: what the data and the charts add shows in the ratio), ' +
      'and a bare static HTML page served by a bare Fastify route (the floor of any navigation here).',
  ];
  const runs = (values: number[]) => values.map((value) => formatInt(value)).join(' / ');
  for (const f of findings) {
    lines.push(
      `- ${f.backend}: workspace loaded, folded, analysed and vacuumed in ${f.loadS.toFixed(1)} s. ` +
        `First visits (ms, in order): ${runs(f.cold.map((visit) => visit.chartsMs))}; ` +
        `repeat visits: ${runs(f.warm.map((visit) => visit.chartsMs))}.`,
    );
  }
  return lines.join('\n');
}
