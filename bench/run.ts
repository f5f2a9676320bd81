// `npm run bench [-- --quick] [--only B1,B3] [--backends pglite,postgres] [--out file]`: the whole suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { b1Table } from './b1-single-ingest.ts';
import { b2Table } from './b2-batch-ingest.ts';
import { b3Table, runB3 } from './b3-nps-by-segment.ts';
import { b4Table, overviewTable } from './b4-ingest-with-readers.ts';
import { b5Notes, b5Table, runB5 } from './b5-text-analysis.ts';
import { b6Table } from './b6-server-memory.ts';
import { b7Table, runB7 } from './b7-fresh-clone.ts';
import { b8Table, runB8 } from './b8-widget-size.ts';
import { b9Notes, b9SizeTable, b9Table, buildDashboard, measureFirstLoad, runB9 } from './b9-dashboard.ts';
import { b10Notes, b10Table, runB10 } from './b10-csv-import.ts';
import { b11Notes, b11Table, runB11 } from './b11-hosted-page.ts';
import { type BackendKind, postgresReachable } from './backends.ts';
import { benchDir } from './children.ts';
import { runIngestSuite } from './ingest-suite.ts';
import { benchOptions } from './options.ts';
import {
  b1Notes,
  b2Notes,
  b3Notes,
  b4Notes,
  cpuTable,
  describeMachine,
  type Report,
  renderReport,
} from './report.ts';
import { formatInt, log, runCleanups } from './util.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    backends: { type: 'string', default: 'pglite,postgres' },
    out: { type: 'string' },
  },
});

const options = benchOptions(args.quick ?? false);
const only = new Set((args.only ?? 'B1,B2,B3,B4,B5,B6,B7,B8,B9,B10,B11').toUpperCase().split(','));
const wants = (name: string) => only.has(name);
const outFile = args.out
  ? path.resolve(args.out)
  : options.quick
    ? path.join(os.tmpdir(), 'heed-bench-quick.md')
    : path.join(benchDir, 'results.md');
const labels: Record<BackendKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping children and dropping temporary databases`);
    void runCleanups().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const postgresVersion = await postgresReachable();
  const backends = (args.backends ?? '')
    .split(',')
    .map((name) => name.trim() as BackendKind)
    .filter((kind) => kind === 'pglite' || (kind === 'postgres' && postgresVersion));
  log(
    `${options.quick ? 'quick' : 'full'} run: ${[...only].join(', ')} on ${backends.join(', ')}; results → ${outFile}`,
  );
  const report: Report = {
    machine: describeMachine(postgresVersion),
    options,
    b1: [],
    b2: [],
    b3: [],
    b4: [],
    b6: [],
    b9: [],
    b10: [],
    b11: [],
    cpu: [],
    failures: [],
    elapsedS: 0,
  };
  // The dashboard is built once per run, into a directory of its own, for B9's server and its size.
  let dashboardDir: string | undefined;
  const dashboardBuild = () => {
    dashboardDir ??= buildDashboard();
    return dashboardDir;
  };
  const attempt = async (name: string, work: () => Promise<void>) => {
    if (interrupted) return;
    try {
      await work();
    } catch (error) {
      const message = `${name}: ${(error as Error).stack ?? error}`;
      log(`FAILED ${message}`);
      report.failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  };

  for (const kind of backends) {
    const label = labels[kind];
    if (['B1', 'B2', 'B4', 'B6'].some(wants)) {
      await attempt(`B1/B2/B4/B6 on ${label}`, async () => {
        const found = await runIngestSuite(kind, label, options);
        if (kind === 'pglite') report.machine.pglite += ` (PostgreSQL ${found.serverVersion} inside)`;
        report.b1.push(found.b1);
        report.b2.push(found.b2);
        report.b4.push(found.b4);
        report.b6.push(found.b6);
        report.cpu.push(...found.cpu);
      });
    }
    if (wants('B3')) {
      await attempt(`B3 on ${label}`, async () => {
        report.b3.push(await runB3(kind, label, options));
      });
    }
    if (wants('B9')) {
      await attempt(`B9 on ${label}`, async () => {
        report.b9.push(await runB9(kind, label, options, dashboardBuild()));
      });
    }
    if (wants('B10')) {
      await attempt(`B10 on ${label}`, async () => {
        report.b10.push(await runB10(kind, label, options));
      });
    }
    if (wants('B11')) {
      await attempt(`B11 on ${label}`, async () => {
        report.b11.push(await runB11(kind, label, options));
      });
    }
  }
  if (wants('B5')) {
    await attempt('B5', async () => {
      report.b5 = runB5(options);
    });
  }
  if (wants('B7')) {
    if (options.quick) report.b7Skipped = 'skipped in --quick';
    else
      await attempt('B7', async () => {
        report.b7 = await runB7();
        log(`B7: serving after ${report.b7.totalS.toFixed(1)} s`);
      });
  } else report.b7Skipped = 'not selected';
  if (wants('B8')) {
    await attempt('B8', async () => {
      report.b8 = await runB8();
      log(`B8: widget ${report.b8.gzipBytes} B gzipped`);
    });
  }
  if (wants('B9')) {
    await attempt('B9 first-load size', async () => {
      report.b9Size = measureFirstLoad(dashboardBuild());
      log(`B9: the dashboard's first load is ${report.b9Size.gzipBytes} B gzipped`);
    });
  }

  report.elapsedS = (performance.now() - started) / 1000;
  const markdown = render(report);
  fs.writeFileSync(outFile, markdown);
  process.stdout.write(`${markdown}\n`);
  log(`wrote ${outFile} in ${(report.elapsedS / 60).toFixed(1)} min`);
  if (report.failures.length > 0) process.exitCode = 1;
}

function render(report: Report): string {
  const parts = [renderReport(report)];
  if (report.b1.length > 0) {
    parts.push(
      '',
      '## B1 — single-response ingest over HTTP',
      '',
      '`POST /v1/responses` with a secret key, a random customer by `external_id` from a pool of 10,000 (all made known through the batch API before the first run, so every run measures the same steady state), ' +
        'a score and sometimes a comment; beside a bare Fastify hello route (`GET /hello`) and a bare Fastify route doing one ' +
        '`INSERT` per request into a responses-shaped table through Heed’s own `connect()` (PGlite: worker thread behind ' +
        'pglite-socket, `pg` pool of 1; PostgreSQL: pool of 10). Repetitions are interleaved (hello, insert, Heed, Heed + readers).',
      '',
      b1Table(report.b1),
      '',
      b1Notes(report),
      '',
      'Where the CPU went (medians over the repetitions; in cores):',
      '',
      cpuTable(report.cpu),
    );
  }
  if (report.b2.length > 0) {
    parts.push(
      '',
      '## B2 — batch ingest',
      '',
      `\`POST /v1/responses/batch\` with ${formatInt(report.options.batchSize)} responses per request, ` +
        `${report.options.batchConnections} connections, ${report.options.batchS} s per run; only 2xx batches count. Two cases: customers already known ` +
        '(8 distinct pre-built batches drawn from the pool), and customers new to Heed (each batch built per request from a fresh pool of 10,000 ' +
        'per run, so concurrent batches create overlapping new customers). The reference is the same kind of rows COPYed raw.',
      '',
      b2Table(report.b2),
      '',
      b2Notes(report),
    );
  }
  if (report.b3.length > 0) {
    parts.push(
      '',
      '## B3 — NPS by segment by week, last 52 weeks, big workspace',
      '',
      '`GET /v1/metrics/nps?by=segment&period=week&from=<Monday 51 weeks ago>&to=<today>` on one workspace whose responses are spread ' +
        'over 60 weeks and 4 segments. Reference: the same aggregate as a plain-SQL full scan of the raw rows in the same database ' +
        '(timed before the server starts). Exactness: after the reads, the server is stopped and the full scan over all rows — ' +
        'including those just posted — must equal the API answer in every (segment, week) cell.',
      '',
      b3Table(report.b3),
      '',
      b3Notes(report),
    );
  }
  if (report.b4.length > 0) {
    parts.push(
      '',
      '## B4 — ingest while 5 clients refresh the Overview',
      '',
      `B1's load while ${report.options.readerClients} clients (another process) each loop over the dashboard Overview's one request, ` +
        '`/v1/metrics/overview?period=week` (the last 90 days: NPS, CSAT and CES with their comparisons, per week and by segment and channel, retention and churn), as fast as it is answered, with no pause between refreshes. Compared with B1 alone on the same server in the same run.',
      '',
      b4Table(report.b4),
      '',
      'The Overview’s request, run in-process on the store as B4 left it (after the server stopped), with their SQL under EXPLAIN ANALYZE:',
      '',
      overviewTable(report.b4),
      '',
      b4Notes(report),
    );
  }
  if (report.b5) {
    parts.push(
      '',
      '## B5 — text analysis',
      '',
      'In-process, one thread: what the analyser does to every comment and feedback item after ingest.',
      '',
      b5Table(report.b5),
      '',
      b5Notes(report.b5),
    );
  }
  if (report.b6.length > 0) {
    parts.push(
      '',
      '## B6 — server memory',
      '',
      'Peak resident set (VmHWM from /proc) of the Heed server process, which includes the PGlite worker thread and its WebAssembly heap; ' +
        'PostgreSQL’s own processes are not counted. Read after all B1 and B4 runs.',
      '',
      b6Table(report.b6),
    );
  }
  if (report.b9.length > 0 || report.b9Size) {
    parts.push('', '## B9 — dashboard Overview: navigation → charts drawn', '');
    if (report.b9.length > 0) parts.push(b9Table(report.b9), '', b9Notes(report.b9, report.options));
    if (report.b9Size) {
      parts.push(
        '',
        'The dashboard’s first load: what index.html makes the browser fetch before the first render, from `vite build` of this tree ' +
          '(lazy sections and the Overview’s chart code excluded; the latter listed apart). Heed sends these files brotli-compressed ' +
          '(gzip to a browser without brotli; each compressed once, then served from memory) and lets browsers cache them for a year under hashed names.',
        '',
        b9SizeTable(report.b9Size),
      );
    }
  }
  if (report.b10.length > 0) {
    parts.push('', '## B10 — CSV import', '', b10Table(report.b10), '', b10Notes(report.b10, report.options));
  }
  if (report.b11.length > 0) {
    parts.push(
      '',
      '## B11 — hosted survey page under load',
      '',
      `\`GET /s/{token}\` (a public, reusable link made with \`POST /v1/links\`) with ${report.options.connections} connections, ` +
        `${report.options.loadS} s per run, beside a bare Fastify route answering the same page as a constant and the bare hello route. ` +
        'No target in BENCHMARKS.md: the figures and the ratio to the static page are the result.',
      '',
      b11Table(report.b11),
      '',
      b11Notes(report.b11),
    );
  }
  parts.push(
    '',
    '## B7 — fresh clone → serving',
    '',
    '`git clone` of the working repository (committed files only) into a temp folder, `npm ci` (the npm cache is warm), `npm start` ' +
      'on a free port with the embedded store, until `GET /health` answers.',
    '',
    b7Table(report.b7, report.b7Skipped),
  );
  if (report.b8) {
    parts.push(
      '',
      '## B8 — web widget size',
      '',
      '`widget/dist/widget.js` as `npm run build:widget` makes it and `GET /widget.js` serves it: the whole widget (survey, ' +
        'feedback tab, offline outbox, styles) in one minified file with no dependencies.',
      '',
      b8Table(report.b8),
    );
  }
  return `${parts.join('\n')}\n`;
}

try {
  await main();
} catch (error) {
  log(`bench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
