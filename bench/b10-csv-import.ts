// B10: CSV import through the real import path (`heed import …`, in-process as the CLI runs it) beside a raw
// COPY of the same kind of rows.
import fs from 'node:fs';
import path from 'node:path';
import { importEvents } from '../src/cli/import-events.ts';
import { importFeedback } from '../src/cli/import-feedback.ts';
import { importResponses } from '../src/cli/import-responses.ts';
import { openDatabase } from '../src/server.ts';
import { createServices, type Services } from '../src/services.ts';
import { copyReference } from './b2-batch-ingest.ts';
import { type BackendKind, freshStore } from './backends.ts';
import { customerPool, nextResponse, seededRandom, setUpWorkspace } from './fixtures.ts';
import type { BenchOptions } from './options.ts';
import { formatInt, formatRatio, log, median, tempDir, verdict } from './util.ts';

export interface B10Findings {
  backend: string;
  kind: BackendKind;
  rows: number;
  /** Rows per second of a first import into an empty workspace (its customers are created on the way). */
  importRates: number[];
  /** Rows per second of importing the same file again: every row found already imported, nothing written. */
  reimportRates: number[];
  /** One first import each of a feedback file and an events file of the same size. */
  feedbackRate: number;
  eventsRate: number;
  copyRates: number[];
}

const target = 50_000;
const dayMs = 86_400_000;

/** A responses export as another tool writes it: score, comment, customer id, segment, channel, date. */
function responsesCsv(file: string, rows: number, seed: number): void {
  const random = seededRandom(seed);
  const start = Date.UTC(2025, 0, 1);
  const lines = ['score,comment,customer_id,segment,channel,submitted_at'];
  for (let i = 0; i < rows; i++) {
    const r = nextResponse(random);
    const at = new Date(start + Math.floor(random() * 365 * dayMs)).toISOString();
    lines.push(
      `${r.score},${r.comment ? `"${r.comment}"` : ''},cust-${r.customer},${r.segment},${r.channel},${at}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function feedbackCsv(file: string, rows: number, seed: number): void {
  const random = seededRandom(seed);
  const lines = ['review_id,text,stars,customer_id,submitted_at'];
  for (let i = 0; i < rows; i++) {
    const r = nextResponse(random);
    lines.push(
      `rv-${i},"${r.comment ?? 'Works as described'} (#${i})",${1 + (r.score % 5)},cust-${r.customer},2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function eventsCsv(file: string, rows: number, seed: number): void {
  const random = seededRandom(seed);
  const lines = ['order_id,type,customer_id,amount,currency,occurred_at'];
  for (let i = 0; i < rows; i++) {
    const customer = Math.floor(random() * customerPool);
    const purchase = random() < 0.9;
    const amount = purchase ? String(100 + Math.floor(random() * 20_000)) : '';
    lines.push(
      `o-${i},${purchase ? 'purchase' : 'subscription_started'},cust-${customer},${amount},${purchase ? 'USD' : ''},2025-04-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function timed(work: () => Promise<{ imported: number; alreadyImported: number }>, expected: number) {
  const t0 = performance.now();
  const summary = await work();
  const seconds = (performance.now() - t0) / 1000;
  if (summary.imported + summary.alreadyImported !== expected)
    throw new Error(`expected ${expected} rows settled, got ${JSON.stringify(summary)}`);
  return expected / seconds;
}

export async function runB10(kind: BackendKind, label: string, options: BenchOptions): Promise<B10Findings> {
  const rows = options.importRows;
  const dir = tempDir('b10');
  const responsesFile = path.join(dir, 'responses.csv');
  const feedbackFile = path.join(dir, 'feedback.csv');
  const eventsFile = path.join(dir, 'events.csv');
  responsesCsv(responsesFile, rows, 10);
  feedbackCsv(feedbackFile, rows, 11);
  eventsCsv(eventsFile, rows, 12);

  // The reference first, in a store of its own: on PGlite the COPY runs in-process on a closed data dir.
  const refStore = await freshStore(kind, 'b10ref');
  let copyRates: number[];
  try {
    const reference = await setUpWorkspace(refStore.config);
    log(`B10 ${label}: raw COPY reference, ${formatInt(rows)} rows × ${options.reps}`);
    copyRates = await copyReference(refStore, reference.npsSurveyId, { ...options, copyRows: rows });
  } finally {
    await refStore.drop();
  }

  const store = await freshStore(kind, 'b10');
  try {
    const db = await openDatabase(store.config);
    const services = createServices(db, store.config);
    const newWorkspace = async (s: Services) => {
      const created = await s.workspaces.createWorkspace({ name: 'B10 import' });
      const survey = await s.surveys.createSurvey(created.workspace.id, {
        kind: 'nps',
        name: 'NPS',
        language: 'en',
        questions: [],
      });
      return { workspaceId: created.workspace.id, surveyId: survey.id };
    };
    const mapping = {
      score: 'score',
      comment: 'comment',
      externalId: 'customer_id',
      segment: 'segment',
      channel: 'channel',
      submittedAt: 'submitted_at',
    };
    const importRates: number[] = [];
    const reimportRates: number[] = [];
    let feedbackRate = 0;
    let eventsRate = 0;
    try {
      for (let rep = 0; rep < options.reps; rep++) {
        // Each repetition imports into a workspace of its own, so every first import starts empty.
        const { workspaceId, surveyId } = await newWorkspace(services);
        const importOptions = { surveyId, mapping };
        importRates.push(
          await timed(() => importResponses(services, workspaceId, responsesFile, importOptions), rows),
        );
        reimportRates.push(
          await timed(() => importResponses(services, workspaceId, responsesFile, importOptions), rows),
        );
        log(
          `B10 ${label}: responses ${formatInt(importRates[rep])} rows/s, again ${formatInt(reimportRates[rep])} rows/s`,
        );
      }
      const { workspaceId } = await newWorkspace(services);
      feedbackRate = await timed(
        () =>
          importFeedback(services, workspaceId, feedbackFile, {
            mapping: {
              text: 'text',
              rating: 'stars',
              externalId: 'customer_id',
              submittedAt: 'submitted_at',
            },
            idColumn: 'review_id',
            source: 'app-store-review',
          }),
        rows,
      );
      eventsRate = await timed(
        () =>
          importEvents(services, workspaceId, eventsFile, {
            mapping: {
              type: 'type',
              externalId: 'customer_id',
              amount: 'amount',
              currency: 'currency',
              occurredAt: 'occurred_at',
            },
            idColumn: 'order_id',
          }),
        rows,
      );
      log(`B10 ${label}: feedback ${formatInt(feedbackRate)} rows/s, events ${formatInt(eventsRate)} rows/s`);
    } finally {
      await services.responses.drain();
      await services.events.drain();
      await db.close();
    }
    return { backend: label, kind, rows, importRates, reimportRates, feedbackRate, eventsRate, copyRates };
  } finally {
    await store.drop();
  }
}

export function b10Table(findings: B10Findings[]): string {
  const lines = [
    '| backend | what | rows/s (median) | runs | raw COPY (rows/s, median) | ratio | target | verdict |',
    '|---|---|---:|---|---:|---:|---|---|',
  ];
  for (const f of findings) {
    const copy = median(f.copyRates);
    const row = (what: string, rates: number[], goal: boolean) => {
      const rate = median(rates);
      lines.push(
        `| ${f.backend} | ${what} | ${formatInt(rate)} | ${rates.map(formatInt).join(' / ')} | ${formatInt(copy)} | ${formatRatio(rate / copy)} | ${goal ? `≥ ${formatInt(target)}/s` : '—'} | ${goal ? verdict(rate >= target) : ''} |`,
      );
    };
    row('responses, first import (customers created)', f.importRates, true);
    row('responses, same file again (all already imported)', f.reimportRates, false);
    row('feedback, first import (id column)', [f.feedbackRate], false);
    row('events, first import (id column; revenue kept current)', [f.eventsRate], false);
  }
  return lines.join('\n');
}

export function b10Notes(findings: B10Findings[], options: BenchOptions): string {
  const copyRunsNote = findings
    .map((f) => `${f.backend}: COPY ${f.copyRates.map(formatInt).join(' / ')}`)
    .join('; ');
  return (
    `A ${formatInt(options.importRows)}-row CSV per kind, written to a temp file and imported in-process through the code ` +
    '`heed import` runs (parse, check every row, a permanent source id per row, batches of 1,000 through the ' +
    'group-committed ingest, 2 batches in flight), on Heed’s own `connect()` (PGlite: worker thread behind ' +
    'pglite-socket, one connection; PostgreSQL: the pool). Responses name 10,000 customers, so a first import also ' +
    'creates them. The reference is B2’s raw COPY of the same number of responses-shaped rows into a table with the ' +
    `same keys and indexes (${copyRunsNote}). Median of ${options.reps} repetitions for responses; one run each for ` +
    'feedback and events.'
  );
}
