// Where the CPU went during a load run: the machine, the server's threads and PostgreSQL, from /proc.
import fs from 'node:fs';

const ticksPerSecond = 100;

export interface Snapshot {
  at: number;
  machineBusy: number;
  machineTotal: number;
  threads: Map<string, { name: string; ticks: number }>;
  /** Ticks per PostgreSQL process (by pid): a process that exits between two snapshots is not counted. */
  postgres: Map<string, number>;
}

function taskTicks(statPath: string): { name: string; ticks: number } | undefined {
  try {
    const stat = fs.readFileSync(statPath, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { name: stat.slice(open + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** PostgreSQL's background processes and the backends of this run's databases (not other users' sessions). */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const task = taskTicks(`/proc/${entry}/stat`);
    if (task?.name !== 'postgres') continue;
    let title = '';
    try {
      title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const clientBackend = /\(\d+\)|\[local\]/.test(title);
    if (!clientBackend || title.includes('heed_bench_')) ticks.set(entry, task.ticks);
  }
  return ticks;
}

export function cpuSnapshot(serverPid: number): Snapshot {
  const [cpuLine] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = values[3] + values[4];
  const threads = new Map<string, { name: string; ticks: number }>();
  try {
    for (const tid of fs.readdirSync(`/proc/${serverPid}/task`)) {
      const task = taskTicks(`/proc/${serverPid}/task/${tid}/stat`);
      if (task) threads.set(tid, task);
    }
  } catch {
    // the server is gone: no threads to count
  }
  return {
    at: performance.now(),
    machineBusy: total - idle,
    machineTotal: total,
    threads,
    postgres: postgresTicks(),
  };
}

export interface CpuUse {
  /** Busy cores over the whole machine. */
  machine: number;
  cores: number;
  serverMain: number;
  /** The busiest other thread of the server (the PGlite worker when embedded). */
  serverBusiestOther: { name: string; cores: number };
  serverOthers: number;
  postgres: number;
  /** The load generator's and readers' own CPU, as they report it. */
  clients: number;
}

export function cpuUse(before: Snapshot, after: Snapshot, serverPid: number, cores: number): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const asCores = (ticks: number) => ticks / ticksPerSecond / seconds;
  let serverMain = 0;
  let others = 0;
  let busiest = { name: '', cores: 0 };
  for (const [tid, task] of after.threads) {
    const used = asCores(task.ticks - (before.threads.get(tid)?.ticks ?? 0));
    if (tid === String(serverPid)) serverMain = used;
    else {
      others += used;
      if (used > busiest.cores) busiest = { name: task.name, cores: used };
    }
  }
  const machineShare =
    (after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal);
  return {
    machine: machineShare * cores,
    cores,
    serverMain,
    serverBusiestOther: busiest,
    serverOthers: others,
    postgres: asCores(
      [...after.postgres].reduce((sum, [pid, ticks]) => sum + ticks - (before.postgres.get(pid) ?? 0), 0),
    ),
    clients: 0,
  };
}
