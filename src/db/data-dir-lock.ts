// An exclusive lock on the embedded data directory: two processes opening one PGlite directory corrupt it.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Heed process (pid ${pid}) is using the data directory ${dataDir}. ` +
        'Stop it first, or point this one elsewhere with HEED_DATA_DIR.',
    );
  }
}

interface LockHolder {
  pid: number;
  /** The machine boot the holder ran in: after a reboot (or a container restart) its pid means nothing. */
  boot: string;
}

function currentBoot(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const text = fs.readFileSync(lockPath, 'utf8');
    // Older locks hold a bare pid.
    return text.startsWith('{')
      ? (JSON.parse(text) as LockHolder)
      : { pid: Number.parseInt(text, 10), boot: currentBoot() };
  } catch {
    return undefined;
  }
}

const isHeldBy = (holder: LockHolder | undefined, boot: string) =>
  holder !== undefined &&
  Number.isInteger(holder.pid) &&
  holder.pid !== process.pid &&
  holder.boot === boot &&
  isAlive(holder.pid);

/** Takes the lock (replacing one left by a process that died) and returns its release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'heed.lock');
  // Taking over a stale lock is serialised by an atomic mkdir, so two starts cannot both take it over.
  const takeoverPath = `${lockPath}.takeover`;
  const boot = currentBoot();
  const content = JSON.stringify({ pid: process.pid, boot } satisfies LockHolder);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (isHeldBy(holder, boot)) throw new DataDirLocked(dataDir, (holder as LockHolder).pid);
    try {
      fs.mkdirSync(takeoverPath);
    } catch {
      // Another process is taking over right now (or died doing so moments ago): wait, then look again.
      const since = fs.statSync(takeoverPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 5_000) fs.rmSync(takeoverPath, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    try {
      // Still the same stale holder? Then it is ours to remove.
      if (!isHeldBy(readHolder(lockPath), boot)) fs.rmSync(lockPath, { force: true });
    } finally {
      fs.rmSync(takeoverPath, { recursive: true, force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}: another process kept taking it over.`);
}
