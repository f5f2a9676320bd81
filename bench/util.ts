// Small helpers the benchmark modules share: progress logging, statistics, number formatting, cleanup.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const startedAt = performance.now();

/** Progress goes to stderr so stdout stays free for results. */
export function log(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function formatInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? `${value.toFixed(2)} ms` : `${formatInt(value)} ms`;
}

export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 0.1 ? value.toFixed(4) : value.toFixed(2);
}

export function formatMb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a';
}

/** A verdict cell: whether a figure meets its target. */
export function verdict(ok: boolean | undefined): string {
  if (ok === undefined) return '—';
  return ok ? 'met' : 'missed';
}

type Cleanup = () => Promise<void> | void;
const cleanups: Array<{ name: string; run: Cleanup }> = [];

/** Registers work to undo at the end (last registered runs first), even when the run fails. */
export function deferCleanup(name: string, run: Cleanup): () => Promise<void> {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index === -1) return;
    cleanups.splice(index, 1);
    await entry.run();
  };
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups.pop();
    if (!entry) break;
    try {
      await entry.run();
    } catch (error) {
      log(`cleanup "${entry.name}" failed: ${(error as Error).message}`);
    }
  }
}

let tempRoot: string | undefined;

/** A fresh directory under this run's private temp root (removed at the end). */
export function tempDir(prefix: string): string {
  if (!tempRoot) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-bench-'));
    tempRoot = root;
    deferCleanup(`remove ${root}`, () => fs.rmSync(root, { recursive: true, force: true }));
  }
  return fs.mkdtempSync(path.join(tempRoot, `${prefix}-`));
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** How every benchmark child answers its parent: one JSON line on stdout. */
export function sendToParent(message: { ready?: unknown; result?: unknown }): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/**
 * One HTTP request on its own connection (`Connection: close`), so the benchmark never holds idle
 * keep-alive connections that would delay a server's graceful shutdown.
 */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
