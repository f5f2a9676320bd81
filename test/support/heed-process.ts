// The real `heed start` as a child process, for tests that crash and restart it: a free port, the keys
// printed at first start, the whole output for diagnostics, and a registry so no child outlives its suite.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('../../bin/heed.mjs', import.meta.url));

export interface HeedEnvironment {
  /** The embedded database directory (PGlite); ignored by the server when databaseUrl is set. */
  dataDir?: string;
  databaseUrl?: string;
  /** Where the child makes its temporary files (the embedded store's Unix socket folder). */
  tmpDir?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HeedProcess {
  pid: number;
  url: string;
  /** Everything the process wrote to stdout so far, without colours. */
  stdout: () => string;
  stderr: () => string;
  /** Set on a first start: the admin key and the survey id of the printed example curl. */
  firstStart?: { adminKey: string; surveyId: string };
  /** The one-time owner setup link printed while the workspace has no members. */
  setupLink?: string;
  exited: Promise<Exit>;
  /** Sends the signal and waits until the process is gone. */
  kill: (signal: NodeJS.Signals) => Promise<Exit>;
}

const children = new Set<ChildProcess>();

/** SIGKILLs every child still running (afterAll). */
export async function killAllHeedProcesses(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  children.clear();
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function spawnHeed(environment: HeedEnvironment, port: number): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  for (const name of ['DATABASE_URL', 'HEED_DATA_DIR', 'HEED_LOG_LEVEL', 'NODE_OPTIONS']) delete env[name];
  env.HEED_LOG_LEVEL = 'warn';
  env.NO_COLOR = '1';
  if (environment.databaseUrl) env.DATABASE_URL = environment.databaseUrl;
  if (environment.dataDir) env.HEED_DATA_DIR = environment.dataDir;
  if (environment.tmpDir) env.TMPDIR = environment.tmpDir;
  const child = spawn(process.execPath, [entry, 'start'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function collect(child: ChildProcess) {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  return { stdout: () => stripVTControlCharacters(out), stderr: () => stripVTControlCharacters(err) };
}

// The last line `heed start` prints once it serves: the example curl (first start) or the key reminder.
const firstStartDone = /Try it:\n\s+curl [^\n]*\n/;
const restartDone = /Use the API key printed at first start[^\n]*\n/;

/** Starts `heed start` and resolves once it listens; rejects with its output if it exits or hangs first. */
export async function startHeed(environment: HeedEnvironment, timeoutMs = 60_000): Promise<HeedProcess> {
  const port = await freePort();
  const child = spawnHeed(environment, port);
  const output = collect(child);
  const exited = exitOf(child);
  const started = Date.now();
  for (;;) {
    const text = output.stdout();
    if (firstStartDone.test(text) || restartDone.test(text)) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `heed start exited (${child.exitCode ?? child.signalCode}) before listening:\n${text}\n${output.stderr()}`,
      );
    }
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`heed start did not listen within ${timeoutMs} ms:\n${text}\n${output.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const text = output.stdout();
  const adminKey = /Admin API key[^:\n]*: (heed_sk_\S+)/.exec(text)?.[1];
  const surveyId = /"survey_id":"([0-9a-f-]{36})"/.exec(text)?.[1];
  return {
    pid: child.pid as number,
    url: `http://127.0.0.1:${port}`,
    ...output,
    firstStart: adminKey && surveyId ? { adminKey, surveyId } : undefined,
    setupLink: /Set up the owner in your browser: (\S+)/.exec(text)?.[1],
    exited,
    kill: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs `heed start` expecting it to give up: resolves with its exit and output. */
export async function runHeedUntilExit(
  environment: HeedEnvironment,
  timeoutMs = 30_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawnHeed(environment, await freePort());
  const output = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exitOf(child);
  clearTimeout(timer);
  return { ...exit, stdout: output.stdout(), stderr: output.stderr() };
}
