// B7: fresh clone → serving: `git clone`, `npm ci`, `npm start`, until GET /health answers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectDir } from './children.ts';
import { deferCleanup, httpRequest, log, sleep, tempDir, verdict } from './util.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion in its own process group; output goes to a log file. */
function run(
  command: string,
  args: string[],
  cwd: string,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, stdio: ['ignore', out, out], detached: true });
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fs.closeSync(out);
      if (code === 0) resolve();
      else {
        const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
        const telling = lines.filter((line) =>
          /can only install|Missing:|Invalid:|ERR!|error code/.test(line),
        );
        const why = (telling.length > 0 ? telling : lines.slice(-6)).slice(0, 12).join(' / ');
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${why}`));
      }
    });
  });
}

export interface B7Findings {
  cloneS: number;
  installS: number;
  startS: number;
  totalS: number;
  printedKey: boolean;
  /** Set when `npm ci` failed and `npm install` was timed in its place. */
  ciError?: string;
}

export async function runB7(): Promise<B7Findings> {
  const dir = tempDir('clone');
  const cloneDir = path.join(dir, 'heed');
  const logFile = path.join(dir, 'b7.log');
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.HEED_DATA_DIR;
  const t0 = performance.now();
  log('B7: git clone');
  await run('git', ['clone', '--quiet', projectDir, cloneDir], dir, logFile, 120_000);
  const t1 = performance.now();
  log('B7: npm ci');
  let ciError: string | undefined;
  try {
    await run('npm', ['ci', '--no-audit', '--no-fund'], cloneDir, logFile, 300_000);
  } catch (error) {
    // Still time the rest, with `npm install` in its place, and say so.
    ciError = (error as Error).message;
    log(`B7: npm ci failed (${ciError.slice(0, 200)}); timing npm install instead`);
    await run('npm', ['install', '--no-audit', '--no-fund'], cloneDir, logFile, 300_000);
  }
  const t2 = performance.now();
  log('B7: npm start, waiting for GET /health');
  const port = await freePort();
  const startLog = path.join(dir, 'start.log');
  const out = fs.openSync(startLog, 'a');
  const server = spawn('npm', ['start'], {
    cwd: cloneDir,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const pid = server.pid;
  const stopGroup = async () => {
    if (!pid || server.exitCode !== null) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const timedOut = sleep(10_000).then(() => 'timeout');
    if ((await Promise.race([exited, timedOut])) === 'timeout') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const undo = deferCleanup(`stop npm start (pid ${pid})`, stopGroup);
  try {
    const deadline = performance.now() + 120_000;
    while (true) {
      if (server.exitCode !== null) throw new Error(`npm start exited ${server.exitCode}; see ${startLog}`);
      if (performance.now() > deadline)
        throw new Error(`GET /health did not answer within 120 s; see ${startLog}`);
      try {
        const response = await httpRequest(`http://127.0.0.1:${port}/health`);
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    const t3 = performance.now();
    await sleep(200);
    const printedKey = fs.readFileSync(startLog, 'utf8').includes('heed_sk_');
    return {
      cloneS: (t1 - t0) / 1000,
      installS: (t2 - t1) / 1000,
      startS: (t3 - t2) / 1000,
      totalS: (t3 - t0) / 1000,
      printedKey,
      ciError,
    };
  } finally {
    await stopGroup();
    fs.closeSync(out);
    await undo();
  }
}

export function b7Table(f: B7Findings | undefined, skipped: string | undefined): string {
  if (!f) return `Not run${skipped ? `: ${skipped}` : ''}.`;
  const install = f.ciError ? 'npm install (npm ci failed)' : 'npm ci';
  const lines = [
    `| git clone | ${install} | npm start → /health | total | target | verdict | first start printed an API key |`,
    '|---:|---:|---:|---:|---|---|---|',
    `| ${f.cloneS.toFixed(1)} s | ${f.installS.toFixed(1)} s | ${f.startS.toFixed(1)} s | ${f.totalS.toFixed(1)} s | ≤ 120 s, no other step | ${f.ciError ? 'missed (npm ci fails)' : verdict(f.totalS <= 120)} | ${f.printedKey ? 'yes' : 'no'} |`,
  ];
  if (f.ciError) lines.push('', `\`npm ci\` on the fresh clone failed: ${f.ciError.replace(/\|/g, '/')}`);
  return lines.join('\n');
}
