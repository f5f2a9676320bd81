// Crash durability of the real server: SIGKILL `heed start` while concurrent clients ingest, restart it on
// the same data, and check that every response it acknowledged is there exactly once, that a stale
// data-dir lock is taken over, that a second server on a live data dir is refused, and that
// Idempotency-Key retries across a crash answer with the committed response instead of writing twice.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import {
  type HeedEnvironment,
  type HeedProcess,
  killAllHeedProcesses,
  runHeedUntilExit,
  startHeed,
} from './support/heed-process.ts';

/** The pid the data-directory lock names (the lock file is JSON: pid and boot id). */
const lockHolder = (lockFile: string): number =>
  (JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid: number }).pid;

const clients = 24;
const loadMs = 2000;
const cycles = 3;

interface Sent {
  marker: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
}

interface LoadResult {
  /** marker → the id the server answered with (201). */
  acknowledged: Map<string, string>;
  /** Requests that got no answer: in flight when the server died. */
  unanswered: Sent[];
  /** Answers other than 201 (there should be none). */
  refused: Array<{ marker: string; status: number; body: string }>;
  outstandingAtKill: number;
}

interface Listed {
  id: string;
  metadata: Record<string, unknown> | null;
}

function responseBody(surveyId: string, marker: string, idempotencyKey?: string): Record<string, unknown> {
  return {
    survey_id: surveyId,
    score: Number.parseInt(marker.slice(0, 2), 16) % 11,
    comment: `durability ${marker}`,
    customer: { external_id: `durability-${marker}` },
    metadata: idempotencyKey ? { marker, idempotency_key: idempotencyKey } : { marker },
  };
}

async function post(
  server: HeedProcess,
  key: string,
  sent: Sent,
): Promise<{ status: number; text: string; replayed: string | null }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
  };
  if (sent.idempotencyKey) headers['idempotency-key'] = sent.idempotencyKey;
  const response = await fetch(`${server.url}/v1/responses`, {
    method: 'POST',
    headers,
    body: JSON.stringify(sent.body),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: response.status,
    text: await response.text(),
    replayed: response.headers.get('idempotent-replayed'),
  };
}

/**
 * Runs `clients` concurrent keep-alive clients POSTing responses made by `next` for `loadMs`, then SIGKILLs
 * the server with their requests in flight and waits until every client has its answer or its error.
 */
async function ingestThenKill(
  server: HeedProcess,
  key: string,
  next: () => Sent,
): Promise<LoadResult & { exit: Awaited<HeedProcess['exited']> }> {
  const result: LoadResult = { acknowledged: new Map(), unanswered: [], refused: [], outstandingAtKill: 0 };
  let stopping = false;
  let started = 0;
  let settled = 0;
  const client = async () => {
    while (!stopping) {
      const sent = next();
      started++;
      try {
        const answer = await post(server, key, sent);
        if (answer.status === 201) {
          result.acknowledged.set(sent.marker, (JSON.parse(answer.text) as { id: string }).id);
        } else {
          result.refused.push({ marker: sent.marker, status: answer.status, body: answer.text });
        }
      } catch (error) {
        // Only the crash may leave a request unanswered; any other failure is a refusal.
        if (stopping) result.unanswered.push(sent);
        else result.refused.push({ marker: sent.marker, status: 0, body: String(error) });
      } finally {
        settled++;
      }
    }
  };
  const running = Array.from({ length: clients }, client);
  await new Promise((resolve) => setTimeout(resolve, loadMs));
  // On a slow machine, let at least one answer per client arrive first so the crash lands mid-stream.
  for (let waited = 0; result.acknowledged.size < clients && waited < 20_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stopping = true;
  result.outstandingAtKill = started - settled;
  const exit = await server.kill('SIGKILL');
  await Promise.all(running);
  return { ...result, exit };
}

/** Every response of the workspace through the API, newest first, following next_cursor. */
async function listAll(server: HeedProcess, key: string): Promise<Listed[]> {
  const rows: Listed[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `limit=500&cursor=${encodeURIComponent(cursor)}` : 'limit=500';
    const response = await fetch(`${server.url}/v1/responses?${query}`, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: Listed[]; next_cursor: string | null };
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

/** marker → every id carrying it. */
function idsByMarker(rows: Listed[]): Map<string, string[]> {
  const byMarker = new Map<string, string[]>();
  for (const row of rows) {
    const marker = typeof row.metadata?.marker === 'string' ? row.metadata.marker : `(no marker) ${row.id}`;
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), row.id]);
  }
  return byMarker;
}

/** Runs `work` over `items` with `clients` concurrent workers. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (index < items.length) await work(items[index++]);
    }),
  );
}

describe.each(backends)('durability of `heed start` across SIGKILL on $name', (backend) => {
  let root: string;
  let dataDir: string;
  let tmpDir: string;
  let lockFile: string;
  const environment: HeedEnvironment = {};
  let drop: () => Promise<void> = async () => undefined;
  let server: HeedProcess;
  let adminKey: string;
  let surveyId: string;
  const summary: string[] = [];

  /** Restarts on the same data after a crash: it must serve again without a new first start. */
  async function restart(): Promise<HeedProcess> {
    const restarted = await startHeed(environment);
    expect(restarted.firstStart).toBeUndefined();
    expect(restarted.stdout()).not.toContain('First start');
    expect(restarted.stdout()).not.toContain('heed_sk_');
    if (backend.name === 'pglite') expect(lockHolder(lockFile)).toBe(restarted.pid);
    return restarted;
  }

  /** After SIGKILL the lock is left behind, naming the dead process: the restart must take it over. */
  function expectStaleLock(killed: HeedProcess) {
    if (backend.name === 'pglite') expect(lockHolder(lockFile)).toBe(killed.pid);
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-durability-'));
    dataDir = path.join(root, 'data');
    tmpDir = path.join(root, 'tmp');
    lockFile = path.join(dataDir, 'heed.lock');
    fs.mkdirSync(tmpDir);
    environment.tmpDir = tmpDir;
    if (backend.name === 'pglite') {
      environment.dataDir = dataDir;
    } else {
      const database = await backend.create();
      environment.databaseUrl = database.databaseUrl;
      drop = database.drop;
    }
    const started = Date.now();
    server = await startHeed(environment);
    expect(server.firstStart).toBeDefined();
    adminKey = server.firstStart?.adminKey as string;
    surveyId = server.firstStart?.surveyId as string;
    summary.push(`first start: ${Date.now() - started} ms`);
  }, 90_000);

  afterAll(async () => {
    await killAllHeedProcesses();
    await drop();
    const leftSockets = fs.existsSync(tmpDir)
      ? fs.readdirSync(tmpDir).filter((name) => name.startsWith('heed-')).length
      : 0;
    summary.push(`temporary socket folders left by killed servers: ${leftSockets}`);
    fs.rmSync(root, { recursive: true, force: true });
    console.log(`[durability ${backend.name}]\n  ${summary.join('\n  ')}`);
  }, 30_000);

  // Only the embedded store has a data directory to lock; on PostgreSQL several servers share one database.
  const onTheEmbeddedStore = backend.name === 'pglite' ? it : () => undefined;
  onTheEmbeddedStore(
    'refuses a second `heed start` on a data directory in use, naming the directory, and leaves the first serving',
    async () => {
      const second = await runHeedUntilExit(environment);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `Another Heed process (pid ${server.pid}) is using the data directory ${dataDir}.`,
      );
      expect(second.stdout).not.toContain('is listening');
      expect(lockHolder(lockFile)).toBe(server.pid);
      const probe = await fetch(`${server.url}/v1/responses?limit=1`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(probe.status).toBe(200);
    },
    60_000,
  );

  it(`keeps every acknowledged response exactly once over ${cycles} SIGKILL-and-restart cycles under ${clients} concurrent clients`, async () => {
    const acknowledged = new Map<string, string>();
    const sent = new Set<string>();
    const unanswered = new Set<string>();
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const load = await ingestThenKill(server, adminKey, () => {
        const marker = randomUUID();
        sent.add(marker);
        return { marker, body: responseBody(surveyId, marker) };
      });
      expect(load.exit.signal).toBe('SIGKILL');
      expect(load.refused).toEqual([]);
      expect(load.acknowledged.size).toBeGreaterThanOrEqual(clients);
      expect(load.outstandingAtKill).toBe(clients);
      for (const [marker, id] of load.acknowledged) acknowledged.set(marker, id);
      for (const request of load.unanswered) unanswered.add(request.marker);
      expectStaleLock(server);

      const restartStarted = Date.now();
      server = await restart();
      const restartMs = Date.now() - restartStarted;

      const listed = idsByMarker(await listAll(server, adminKey));
      const duplicated = [...listed].filter(([, ids]) => ids.length > 1);
      const unknown = [...listed.keys()].filter((marker) => !sent.has(marker));
      const lost = [...acknowledged].filter(([marker]) => !listed.has(marker));
      const wrongId = [...acknowledged].filter(([marker, id]) => listed.get(marker)?.[0] !== id);
      const unansweredFound = load.unanswered.filter((request) => listed.has(request.marker)).length;
      summary.push(
        `cycle ${cycle}: ${load.acknowledged.size} acknowledged, ${load.outstandingAtKill} in flight at SIGKILL, ` +
          `${load.unanswered.length} unanswered of which ${unansweredFound} committed; ` +
          `${listed.size} rows found in total (${acknowledged.size} acknowledged so far); restart ${restartMs} ms`,
      );
      expect(duplicated).toEqual([]);
      expect(unknown).toEqual([]);
      expect(lost).toEqual([]);
      expect(wrongId).toEqual([]);
      // Every other row is one whose answer the crash swallowed.
      expect(
        [...listed.keys()].filter((marker) => !acknowledged.has(marker) && !unanswered.has(marker)),
      ).toEqual([]);
    }
  }, 100_000);

  it('answers Idempotency-Key retries after a crash with the committed response and writes each key exactly once', async () => {
    const before = new Set(idsByMarker(await listAll(server, adminKey)).keys());
    const byMarker = new Map<string, Sent>();
    const load = await ingestThenKill(server, adminKey, () => {
      const marker = randomUUID();
      const idempotencyKey = `durability-${marker}`;
      const request = { marker, idempotencyKey, body: responseBody(surveyId, marker, idempotencyKey) };
      byMarker.set(marker, request);
      return request;
    });
    expect(load.exit.signal).toBe('SIGKILL');
    expect(load.refused).toEqual([]);
    expect(load.acknowledged.size).toBeGreaterThanOrEqual(clients);
    expectStaleLock(server);
    server = await restart();

    // What the crash left committed, before any retry.
    const committed = new Map(
      [...idsByMarker(await listAll(server, adminKey))]
        .filter(([marker]) => !before.has(marker))
        .map(([marker, ids]) => [marker, ids]),
    );
    expect([...committed].filter(([, ids]) => ids.length > 1)).toEqual([]);
    expect([...load.acknowledged].filter(([marker, id]) => committed.get(marker)?.[0] !== id)).toEqual([]);

    // Every request the clients sent is retried with the same key and the same body.
    const retries = new Map<string, { status: number; id: string; replayed: boolean }>();
    await inParallel([...byMarker.values()], async (request) => {
      const answer = await post(server, adminKey, request);
      retries.set(request.marker, {
        status: answer.status,
        id: (JSON.parse(answer.text) as { id: string }).id,
        replayed: answer.replayed === 'true',
      });
    });
    const wrong = [...byMarker.keys()].flatMap((marker) => {
      const retry = retries.get(marker);
      const first = committed.get(marker)?.[0];
      const expected = first
        ? { status: 201, id: first, replayed: true }
        : { status: 201, id: retry?.id, replayed: false };
      return isDeepStrictEqual(retry, expected) ? [] : [{ marker, retry, expected }];
    });
    expect(wrong).toEqual([]);

    const after = idsByMarker(await listAll(server, adminKey));
    const notExactlyOnce = [...byMarker.keys()].filter(
      (marker) => after.get(marker)?.length !== 1 || after.get(marker)?.[0] !== retries.get(marker)?.id,
    );
    expect(notExactlyOnce).toEqual([]);
    expect([...after.keys()].filter((marker) => !before.has(marker) && !byMarker.has(marker))).toEqual([]);
    const replayed = [...retries.values()].filter((retry) => retry.replayed).length;
    summary.push(
      `idempotent retries: ${byMarker.size} sent, ${load.acknowledged.size} acknowledged, ` +
        `${load.unanswered.length} unanswered (${committed.size - load.acknowledged.size} of them committed); ` +
        `retried ${byMarker.size}: ${replayed} replayed with the committed id, ${byMarker.size - replayed} written fresh`,
    );
  }, 60_000);

  it('stops on SIGTERM with exit code 0 and releases the data-directory lock', async () => {
    const exit = await server.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(lockFile)).toBe(false);
  }, 30_000);
});
