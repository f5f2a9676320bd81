// bench/results.md: the machine, then one table per benchmark with its reference, ratio, target and a note.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { B1Findings } from './b1-single-ingest.ts';
import { type B2Findings, responsesPerSecond } from './b2-batch-ingest.ts';
import type { B3Findings } from './b3-nps-by-segment.ts';
import type { B4Findings } from './b4-ingest-with-readers.ts';
import type { B5Findings } from './b5-text-analysis.ts';
import type { B6Findings } from './b6-server-memory.ts';
import type { B7Findings } from './b7-fresh-clone.ts';
import type { B8Findings } from './b8-widget-size.ts';
import type { B9Findings, DashboardSize } from './b9-dashboard.ts';
import type { B10Findings } from './b10-csv-import.ts';
import type { B11Findings } from './b11-hosted-page.ts';
import { projectDir } from './children.ts';
import type { CpuUse } from './cpu.ts';
import type { CallCost } from './explain.ts';
import type { CpuFindings } from './ingest-suite.ts';
import type { BenchOptions } from './options.ts';
import { formatInt, formatMs, median, percentile } from './util.ts';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  pglite: string;
  packages: string;
  /** The machine's 1-minute load average when the run began (other users share it). */
  loadAverage: number;
}

function packageVersion(name: string): string {
  try {
    const file = path.join(projectDir, 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

export function describeMachine(postgresVersion: string | undefined): Machine {
  return {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: postgresVersion ? `PostgreSQL ${postgresVersion}` : 'not reachable (skipped)',
    pglite: `@electric-sql/pglite ${packageVersion('@electric-sql/pglite')}, @electric-sql/pglite-socket ${packageVersion('@electric-sql/pglite-socket')}`,
    loadAverage: os.loadavg()[0],
    packages: `fastify ${packageVersion('fastify')}, pg ${packageVersion('pg')}, autocannon ${packageVersion('autocannon')}, pg-copy-streams ${packageVersion('pg-copy-streams')}`,
  };
}

const cores = (value: number) => value.toFixed(2);

function medianUse(uses: CpuUse[]) {
  const busiest = uses.map((use) => use.serverBusiestOther).sort((a, b) => b.cores - a.cores)[0];
  return {
    machine: median(uses.map((use) => use.machine)),
    cores: uses[0]?.cores ?? os.cpus().length,
    main: median(uses.map((use) => use.serverMain)),
    others: median(uses.map((use) => use.serverOthers)),
    busiestName: busiest?.name ?? '',
    busiest: median(uses.map((use) => use.serverBusiestOther.cores)),
    postgres: median(uses.map((use) => use.postgres)),
    clients: median(uses.map((use) => use.clients)),
  };
}

export function cpuTable(findings: CpuFindings[]): string {
  const lines = [
    '| backend | run | machine busy (cores) | server main thread | server other threads (busiest) | PostgreSQL (this run) | load generator + readers | everything else (other users, OS) |',
    '|---|---|---:|---:|---|---:|---:|---:|',
  ];
  for (const f of findings) {
    if (f.use.length === 0) continue;
    const m = medianUse(f.use);
    const rest = Math.max(0, m.machine - m.main - m.others - m.postgres - m.clients);
    lines.push(
      `| ${f.backend} | ${f.what} | ${cores(m.machine)} of ${m.cores} | ${cores(m.main)} | ${cores(m.others)} (${m.busiestName || '—'} ${cores(m.busiest)}) | ${cores(m.postgres)} | ${cores(m.clients)} | ${cores(rest)} |`,
    );
  }
  return lines.join('\n');
}

/** Where a Heed ingest run's time went, in words, from its CPU figures. */
export function cpuVerdict(findings: CpuFindings[], backend: string, what: string): string {
  const f = findings.find((item) => item.backend === backend && item.what === what);
  if (!f || f.use.length === 0) return '';
  const m = medianUse(f.use);
  const parts: string[] = [];
  const rest = Math.max(0, m.machine - m.main - m.others - m.postgres - m.clients);
  if (m.machine >= 0.9 * m.cores)
    parts.push(`the machine's ${m.cores} cores were ${Math.round((100 * m.machine) / m.cores)}% busy`);
  if (m.clients >= 0.5) parts.push(`the load generator itself used ${cores(m.clients)} cores`);
  if (rest >= 0.3) parts.push(`${cores(rest)} cores went to other work on this shared machine`);
  if (m.main >= 0.85)
    parts.push(
      `the server's main thread (HTTP, validation, JSON, pg protocol) ran at ${cores(m.main)} cores, i.e. saturated`,
    );
  if (m.busiest >= 0.85)
    parts.push(
      `the server's ${m.busiestName} thread (the embedded database) ran at ${cores(m.busiest)} cores, i.e. saturated`,
    );
  if (m.postgres >= 0.5) parts.push(`PostgreSQL used ${cores(m.postgres)} cores`);
  return parts.length === 0 ? 'no single CPU resource was saturated' : parts.join('; ');
}

export interface Report {
  machine: Machine;
  options: BenchOptions;
  b1: B1Findings[];
  b2: B2Findings[];
  b3: B3Findings[];
  b4: B4Findings[];
  b5?: B5Findings;
  b6: B6Findings[];
  b7?: B7Findings;
  b7Skipped?: string;
  b8?: B8Findings;
  b9: B9Findings[];
  b9Size?: DashboardSize;
  b10: B10Findings[];
  b11: B11Findings[];
  cpu: CpuFindings[];
  failures: string[];
  elapsedS: number;
}

export function b1Notes(report: Report): string {
  const lines: string[] = [];
  for (const f of report.b1) {
    const goal = f.backend.startsWith('PGlite') ? 6000 : 10_000;
    const where = cpuVerdict(report.cpu, f.backend, 'Heed `POST /v1/responses` (B1)');
    lines.push(
      `- ${f.backend}: ${formatInt(f.heed.rps)} req/s is ${Math.round((100 * f.heed.rps) / goal)}% of the ${formatInt(goal)} req/s target, ` +
        `${((100 * f.heed.rps) / f.hello.rps).toFixed(0)}% of bare hello and ${(f.heed.rps / f.bareInsert.rps).toFixed(1)}× the bare one-INSERT route; ` +
        `p99 ${formatMs(f.heed.p99)}, ${formatInt(f.heed.errors)} errors. Where the time went: ${where || 'not measured'}. ` +
        `With ${report.options.connections} connections each waiting for its answer, the target needs a mean request time of at most ` +
        `${formatMs((1000 * report.options.connections) / goal)} (Little's law); Heed's p50 was ${formatMs(f.heed.p50)}.`,
    );
  }
  return lines.join('\n');
}

export function b2Notes(report: Report): string {
  return report.b2
    .map((f) => {
      const heed = median(f.runs.map((run) => responsesPerSecond(run, f.batchSize)));
      const copy = median(f.copyRates);
      const method =
        f.kind === 'pglite'
          ? "COPY FROM '/dev/blob' in-process (COPY FROM STDIN through pglite-socket loses protocol synchronisation, so the wire path cannot be the reference)"
          : 'COPY FROM STDIN over the wire with pg-copy-streams';
      const fresh = median(f.newCustomerRuns.map((run) => responsesPerSecond(run, f.batchSize)));
      const failed = f.newCustomerRuns.reduce((sum, run) => sum + run.non2xx, 0);
      const freshText =
        f.newCustomerRuns.length === 0
          ? ''
          : ` With customers new to Heed the rate was ${formatInt(fresh)} responses/s` +
            (failed > 0
              ? `, and ${formatInt(failed)} batches failed with 500: concurrent batches creating the same new customers collide on the customers unique index (when this suite was written, the server log showed \`deadlock detected\`, 40P01, raised from \`resolveCustomerRefs\`; PostgreSQL waits deadlock_timeout, 1 s, before breaking each one).`
              : '.');
      return `- ${f.backend}: ${formatInt(heed)} responses/s through the API with ${f.connections} connections is ${(heed / copy).toFixed(2)} of raw COPY (${formatInt(copy)} rows/s, ${method}; ${formatInt(f.copyRows)} rows per COPY into a responses-shaped table with the same primary key and indexes, no foreign keys, no customer resolution).${freshText}`;
    })
    .join('\n');
}

function sqlCost(label: string, cost: CallCost | undefined): string {
  if (!cost) return '';
  const visited = Object.entries(cost.visited)
    .map(([table, rows]) => `${table} ${formatInt(rows)}`)
    .join(', ');
  return `${label}: ${formatMs(cost.executionMs)} execution${cost.jitMs > 0 ? ` (of which ${formatMs(cost.jitMs)} JIT compilation)` : ''}, ${formatMs(cost.planningMs)} planning, rows visited: ${visited}`;
}

export function b3Notes(report: Report): string {
  return report.b3
    .map((f) => {
      const api50 = percentile(f.apiMs, 50);
      const scan50 = median(f.scanMs);
      return (
        `- ${f.backend}: ${formatInt(f.rows)} responses loaded by SQL (\`INSERT … SELECT generate_series\`) in ${f.loadS.toFixed(0)} s, folded into ${formatInt(f.rollupRows)} rollup rows by \`foldRollups\` in ${f.foldS.toFixed(1)} s, then \`VACUUM (ANALYZE)\`. ` +
        `The API answered in ${formatMs(api50)} (p50 of ${f.apiMs.length} sequential requests from one client) against ${formatMs(scan50)} for the full scan: ${(scan50 / api50).toFixed(0)}× faster. ` +
        `${f.tailWritten} responses were posted through the API right before the reads with the fold job held off, so they were read from the live tail; ` +
        (f.problems.length === 0
          ? 'the answer matched the full scan cell for cell.'
          : `the answer differed from the full scan: ${f.problems.slice(0, 3).join('; ')}.`) +
        sqlCost(' EXPLAIN ANALYZE of the API’s query', f.apiSql) +
        sqlCost('; of the full scan', f.scanSql) +
        (f.apiSql ? '.' : '')
      );
    })
    .join('\n');
}

export function b4Notes(report: Report): string {
  return report.b4
    .map((f) => {
      const ratio = f.withReaders.rps / f.alone.rps;
      const heaviest = [...(f.overview ?? [])].sort((a, b) => b.executionMs - a.executionMs)[0];
      const rawRows = Math.max(0, ...(f.overview ?? []).map((cost) => cost.visited.responses ?? 0));
      const where = cpuVerdict(report.cpu, f.backend, 'Heed ingest + Overview readers (B4)');
      const sentences = [
        `- ${f.backend}: with the Overview refreshing, ingest ran at ${(100 * ratio).toFixed(0)}% of its rate alone (${formatInt(f.withReaders.rps)} vs ${formatInt(f.alone.rps)} req/s).`,
      ];
      if (rawRows > 0)
        sentences.push(
          `On the data B4 left behind, a score-metric call's plan visited up to ${formatInt(rawRows)} raw \`responses\` rows.`,
        );
      if (heaviest) {
        const visited = Object.entries(heaviest.visited)
          .map(([table, rows]) => `${formatInt(rows)} ${table} rows`)
          .join(', ');
        sentences.push(
          `The heaviest call was ${heaviest.name}: ${formatMs(heaviest.executionMs)} of SQL visiting ${visited}${f.backend === 'PGlite' ? ', on the one database connection ingest also needs' : ''}.`,
        );
      }
      if (where) sentences.push(`CPU during B4: ${where}.`);
      return sentences.join(' ');
    })
    .join('\n');
}

export function renderReport(report: Report): string {
  const { machine, options } = report;
  const sections: string[] = [
    '# Heed benchmark results',
    '',
    `Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` on ${machine.date} UTC in ${(report.elapsedS / 60).toFixed(1)} minutes. ` +
      'Targets and reference points: shared/BENCHMARKS.md. Every ratio compares figures measured in this same run; ' +
      `figures are medians of ${options.reps} repetition(s) unless stated. These machines are shared and noisy: compare ratios, not absolute numbers.`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${machine.cores} × ${machine.cpu} |`,
    `| memory | ${machine.memoryGb.toFixed(1)} GiB |`,
    `| load average at the start | ${machine.loadAverage.toFixed(1)} (the machine is shared; see “everything else” in the CPU table) |`,
    `| Node | ${machine.node} |`,
    `| PostgreSQL server | ${machine.postgres} |`,
    `| embedded | ${machine.pglite} |`,
    `| other | ${machine.packages} |`,
    '',
    'Method: every server (Heed, the references) runs in its own child process; load comes from autocannon in another child ' +
      `process on 127.0.0.1 (${options.connections} connections, ${options.loadS} s per run after a ${options.warmupS} s warm-up), so the load generator, the server ` +
      'and the database share the same cores. Heed servers are started with `startServer` and logging off, on a fresh store per backend ' +
      '(a PGlite data directory in a temp folder, or a fresh PostgreSQL database), with default settings (group commit 2 ms / 1,000 rows, rollup fold every second).',
  ];
  if (report.failures.length > 0) {
    sections.push('', '**Failures in this run:**', '', ...report.failures.map((failure) => `- ${failure}`));
  }
  return sections.join('\n');
}
