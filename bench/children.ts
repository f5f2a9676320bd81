// Child processes (servers, load generators): tsx-loaded, JSON lines on stdout, always stopped by pid.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { deferCleanup, log } from './util.ts';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const projectDir = path.resolve(benchDir, '..');

const live = new Set<ChildProcess>();

// A last resort: whatever way this process ends, no child outlives it.
process.on('exit', () => {
  for (const child of live) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
});

export interface Child<Ready, Result> {
  pid: number;
  name: string;
  ready: Promise<Ready>;
  result: Promise<Result>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
}

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
  /** How long to wait for the ready line. */
  readyTimeoutMs?: number;
}

/** Starts `node --import tsx bench/<script>` in its own process. */
export function startChild<Ready = unknown, Result = unknown>(
  script: string,
  options: ChildOptions = {},
): Child<Ready, Result> {
  const name = path.basename(script, '.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(benchDir, script), ...(options.args ?? [])],
    {
      cwd: projectDir,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  live.add(child);
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  });
  const exited = new Promise<number | null>((resolve) => {
    // 'close' comes after stdout has been read to the end, so a last result line is never lost.
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve(code ?? (signal ? -1 : null));
    });
  });
  let resolveReady: (value: Ready) => void = () => undefined;
  let resolveResult: (value: Result) => void = () => undefined;
  const ready = new Promise<Ready>((resolve, reject) => {
    resolveReady = resolve;
    const timer = setTimeout(
      () => reject(new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 120_000} ms`)),
      options.readyTimeoutMs ?? 120_000,
    );
    timer.unref();
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${stderrTail}`));
    });
  });
  const result = new Promise<Result>((resolve, reject) => {
    resolveResult = resolve;
    void exited.then((code) =>
      reject(new Error(`${name} exited (${code}) without a result:\n${stderrTail}`)),
    );
  });
  // Unobserved rejections are expected (servers never send a result).
  ready.catch(() => undefined);
  result.catch(() => undefined);
  const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    let message: { ready?: Ready; result?: Result };
    try {
      message = JSON.parse(line) as { ready?: Ready; result?: Result };
    } catch {
      return;
    }
    if (message.ready !== undefined) resolveReady(message.ready);
    if (message.result !== undefined) resolveResult(message.result);
  });
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      log(`${name} (pid ${pid}) did not stop in ${graceMs} ms; killing it`);
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  const undo = deferCleanup(`stop ${name} (pid ${pid})`, () => stop());
  return {
    pid,
    name,
    ready,
    result,
    exited,
    stop: async (graceMs?: number) => {
      await stop(graceMs);
      await undo();
    },
  };
}

/** Runs a child that prints one result and exits. */
export async function runChild<Result>(script: string, options: ChildOptions = {}): Promise<Result> {
  const child = startChild<unknown, Result>(script, options);
  try {
    return await child.result;
  } finally {
    await child.stop();
  }
}
