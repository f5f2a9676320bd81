// B3: NPS by segment by week over 52 weeks via the API on a big workspace, checked against a full scan.
import type { Db } from '../src/db/connect.ts';
import { foldRollups, readHistogram } from '../src/domains/metrics/rollups.ts';
import { openDatabase } from '../src/server.ts';
import { type BackendKind, freshStore } from './backends.ts';
import { startChild } from './children.ts';
import { type CallCost, costOf } from './explain.ts';
import {
  channels,
  customerPool,
  nextResponse,
  responseBody,
  seededRandom,
  segments,
  setUpWorkspace,
  type Workspace,
} from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import { formatInt, formatMs, formatRatio, httpRequest, log, median, percentile, verdict } from './util.ts';

const dayMs = 86_400_000;
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last 52 ISO weeks, Monday to today (UTC). */
export function last52Weeks(now = Date.now()): { from: string; to: string } {
  const today = Date.parse(isoDate(now));
  const mondayOffset = (new Date(today).getUTCDay() + 6) % 7;
  return { from: isoDate(today - mondayOffset * dayMs - 51 * 7 * dayMs), to: isoDate(today) };
}

/** Customers, then responses spread over 60 weeks and 4 segments, written by SQL in chunks. */
export async function loadBigWorkspace(
  db: Db,
  workspace: Workspace,
  rows: number,
  chunk: number,
): Promise<void> {
  await db.query(
    `INSERT INTO customers (workspace_id, id, external_id, segment, started_at)
     SELECT $1, gen_random_uuid(), 'cust-' || g, ($2::text[])[1 + g % 4], now() - interval '600 days'
     FROM generate_series(0, $3::int - 1) g`,
    [workspace.workspaceId, segments, customerPool],
  );
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk) - 1;
    await db.query(
      `INSERT INTO responses (workspace_id, id, survey_id, customer_id, segment, channel, score, comment, submitted_at, received_at)
       SELECT $1, gen_random_uuid(), $2, c.id, c.segment, ($3::text[])[1 + (s.g / $6::int) % 4],
              CASE WHEN s.r < 0.45 THEN 9 + s.g % 2 WHEN s.r < 0.75 THEN 7 + s.g % 2 ELSE s.g % 7 END,
              CASE WHEN s.g % 5 = 0 THEN 'Fast and friendly support' END, s.ts, s.ts
       FROM (SELECT g, random() AS r, now() - random() * interval '420 days' AS ts
             FROM generate_series($4::int, $5::int) g) s
       JOIN customers c ON c.workspace_id = $1 AND c.external_id = 'cust-' || (s.g % $6::int)`,
      [workspace.workspaceId, workspace.npsSurveyId, channels, start, end, customerPool],
    );
    log(`  B3 load: ${formatInt(end + 1)} / ${formatInt(rows)} responses`);
  }
}

interface Cell {
  promoters: number;
  passives: number;
  detractors: number;
}

/** The reference: the same aggregate as a full scan of the raw rows, in plain SQL. */
async function fullScan(db: Db, workspace: Workspace, window: { from: string; to: string }) {
  const rows = await db.query<Cell & { segment: string; week: string }>(
    `SELECT coalesce(segment, '') AS segment,
            to_char(date_trunc('week', (submitted_at AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD') AS week,
            count(*) FILTER (WHERE score >= 9) AS promoters,
            count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS passives,
            count(*) FILTER (WHERE score <= 6) AS detractors
     FROM responses
     WHERE workspace_id = $1 AND survey_id = $2 AND score IS NOT NULL
       AND (submitted_at AT TIME ZONE 'UTC')::date BETWEEN $3::date AND $4::date
     GROUP BY 1, 2`,
    [workspace.workspaceId, workspace.npsSurveyId, window.from, window.to],
  );
  return new Map(rows.map((row) => [`${row.segment}|${row.week}`, row as Cell]));
}

interface ApiGroup extends Cell {
  group?: string | null;
  period?: string;
}

function apiCells(body: { groups?: ApiGroup[] }) {
  return new Map(
    (body.groups ?? []).map((group) => [
      `${group.group ?? ''}|${group.period ?? ''}`,
      { promoters: group.promoters, passives: group.passives, detractors: group.detractors },
    ]),
  );
}

function compare(api: Map<string, Cell>, scan: Map<string, Cell>): string[] {
  const problems: string[] = [];
  for (const [key, expected] of scan) {
    const got = api.get(key);
    if (!got) problems.push(`${key}: missing from the API answer`);
    else if (
      got.promoters !== expected.promoters ||
      got.passives !== expected.passives ||
      got.detractors !== expected.detractors
    )
      problems.push(`${key}: API ${JSON.stringify(got)} vs scan ${JSON.stringify(expected)}`);
  }
  for (const key of api.keys()) if (!scan.has(key)) problems.push(`${key}: only in the API answer`);
  return problems;
}

const totalOf = (cells: Map<string, Cell>) =>
  [...cells.values()].reduce((sum, cell) => sum + cell.promoters + cell.passives + cell.detractors, 0);

export interface B3Findings {
  backend: string;
  kind: BackendKind;
  rows: number;
  rowsInWindow: number;
  rollupRows: number;
  loadS: number;
  foldS: number;
  apiMs: number[];
  scanMs: number[];
  /** The API's own rollup + tail query, run in-process without HTTP: how much of the API time is SQL. */
  queryMs: number[];
  /** EXPLAIN ANALYZE of the API's query and of the full scan: execution, planning and JIT time. */
  apiSql?: CallCost;
  scanSql?: CallCost;
  tailWritten: number;
  tailVisible: number;
  problems: string[];
}

export async function runB3(kind: BackendKind, backend: string, options: BenchOptions): Promise<B3Findings> {
  const rows = options.bigRows[kind];
  const store = await freshStore(kind, 'big');
  const window = last52Weeks();
  let loadS = 0;
  let foldS = 0;
  let rollupRows = 0;
  const scanMs: number[] = [];
  const queryMs: number[] = [];
  let apiSql: CallCost | undefined;
  let scanSql: CallCost | undefined;
  log(`B3 ${backend}: loading ${formatInt(rows)} responses`);
  const workspace = await setUpWorkspace(store.config, async (db, created) => {
    const t0 = performance.now();
    await loadBigWorkspace(db, created, rows, kind === 'pglite' ? 100_000 : 250_000);
    loadS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const folded = await foldRollups(db);
    foldS = (performance.now() - t1) / 1000;
    if (folded !== rows) throw new Error(`the fold folded ${folded} rows, not ${rows}`);
    // What the scheduled VACUUM (ANALYZE) job (PGlite) or autovacuum (PostgreSQL) leaves behind.
    await db.query('VACUUM (ANALYZE)');
    [{ rollupRows }] = await db.query<{ rollupRows: number }>(
      'SELECT count(*) AS "rollupRows" FROM response_rollups',
    );
    log(
      `B3 ${backend}: loaded in ${loadS.toFixed(1)} s, folded in ${foldS.toFixed(1)} s; timing the full scan`,
    );
    for (let rep = 0; rep < options.scanReps; rep++) {
      const t = performance.now();
      await fullScan(db, created, window);
      scanMs.push(performance.now() - t);
    }
    const histogram = { workspaceId: created.workspaceId, surveyIds: [created.npsSurveyId], ...window };
    for (let rep = 0; rep < Math.max(options.scanReps, 10); rep++) {
      const t = performance.now();
      await readHistogram(db, { ...histogram, by: 'segment', period: 'week' });
      queryMs.push(performance.now() - t);
    }
    apiSql = await costOf(db, 'rollup + tail query', (spy) =>
      readHistogram(spy, { ...histogram, by: 'segment', period: 'week' }),
    );
    scanSql = await costOf(db, 'full scan', (spy) => fullScan(spy, created, window));
  });

  const server = startChild<{ url: string }>('serve.ts', {
    env: { ...store.env, HEED_ROLLUP_INTERVAL_MS: '3600000' },
  });
  let apiMs: number[] = [];
  let tailWritten = 0;
  let before = new Map<string, Cell>();
  let after = new Map<string, Cell>();
  try {
    const { url } = await server.ready;
    const headers = { authorization: `Bearer ${workspace.key}`, 'content-type': 'application/json' };
    const path = `/v1/metrics/nps?by=segment&period=week&from=${window.from}&to=${window.to}`;
    const read = async () => {
      const response = await httpRequest(`${url}${path}`, { headers });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
      return JSON.parse(response.text) as { groups?: ApiGroup[] };
    };
    before = apiCells(await read());
    // Rows written a moment before the reads: the fold job is held off, so they stay in the live tail.
    const random = seededRandom(4242);
    const bodies = Array.from({ length: options.tailRows }, () =>
      JSON.stringify(responseBody(workspace.npsSurveyId, nextResponse(random))),
    );
    const statuses = await Promise.all(
      bodies.map((body) =>
        httpRequest(`${url}/v1/responses`, { method: 'POST', headers, body }).then(
          (response) => response.status,
        ),
      ),
    );
    tailWritten = statuses.filter((status) => status === 201).length;
    for (let i = 0; i < 5; i++) await read(); // warm-up
    let last: { groups?: ApiGroup[] } = {};
    for (let i = 0; i < options.npsRequests; i++) {
      const t = performance.now();
      last = await read();
      apiMs.push(performance.now() - t);
    }
    after = apiCells(last);
  } finally {
    await server.stop();
  }

  log(`B3 ${backend}: checking the API's answer against a full scan`);
  const db = await openDatabase(store.config);
  let problems: string[];
  let rowsInWindow: number;
  try {
    const scan = await fullScan(db, workspace, window);
    problems = compare(after, scan);
    rowsInWindow = totalOf(scan);
  } finally {
    await db.close();
  }
  await store.drop();
  apiMs = apiMs.filter(Number.isFinite);
  return {
    backend,
    kind,
    rows: rows + tailWritten,
    rowsInWindow,
    rollupRows,
    loadS,
    foldS,
    apiMs,
    scanMs,
    queryMs,
    apiSql,
    scanSql,
    tailWritten,
    tailVisible: totalOf(after) - totalOf(before),
    problems,
  };
}

export function b3Table(findings: B3Findings[]): string {
  const lines = [
    '| backend | responses (in the 52-week window) | rollup rows | API p50 | API p99 | its SQL alone, p50 | full scan p50 (runs) | ratio (API p50 ÷ scan p50) | targets | verdict | exact | rows written just before, seen |',
    '|---|---:|---:|---:|---:|---:|---|---:|---|---|---|---|',
  ];
  for (const f of findings) {
    const api50 = percentile(f.apiMs, 50);
    const api99 = percentile(f.apiMs, 99);
    const scan50 = median(f.scanMs);
    const ratio = api50 / scan50;
    const goal = f.kind === 'pglite' ? 20 : 10;
    const exact = f.problems.length === 0 && f.tailVisible === f.tailWritten;
    lines.push(
      `| ${f.backend} | ${formatInt(f.rows)} (${formatInt(f.rowsInWindow)}) | ${formatInt(f.rollupRows)} | ${formatMs(api50)} | ${formatMs(api99)} | ${formatMs(median(f.queryMs))} | ${formatMs(scan50)} (${f.scanMs.map((ms) => formatInt(ms)).join(' / ')}) | ${formatRatio(ratio)} | p50 ≤ ${goal} ms; ratio ≤ 0.02 | ${verdict(api50 <= goal)}; ${verdict(ratio <= 0.02)} | ${exact ? 'yes' : `no (${f.problems.length} cells differ)`} | ${formatInt(f.tailVisible)} of ${formatInt(f.tailWritten)} |`,
    );
  }
  return lines.join('\n');
}
