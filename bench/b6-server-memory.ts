// B6: the Heed server process's peak resident memory (VmHWM) over B1 and B4.
import fs from 'node:fs';
import { formatMb, verdict } from './util.ts';

/** Peak and current resident set of a process, in bytes, from /proc (Linux only). */
export function residentMemory(pid: number): { peak: number; current: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : Number.NaN;
    };
    return { peak: field('VmHWM'), current: field('VmRSS') };
  } catch {
    return { peak: Number.NaN, current: Number.NaN };
  }
}

export interface B6Findings {
  backend: string;
  kind: 'pglite' | 'postgres';
  /** Peak while starting on an empty store (PGlite runs initdb; PostgreSQL runs the migrations). */
  firstStart: number;
  idle: number;
  peak: number;
  end: number;
}

export function b6Table(findings: B6Findings[]): string {
  const lines = [
    '| backend | peak RSS of a first start on an empty store | RSS after start (workspace already set up) | peak RSS (VmHWM) over start + B1 + B4 | RSS at the end | target | verdict |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  for (const f of findings) {
    const target = f.kind === 'pglite' ? 400 : 150;
    lines.push(
      `| ${f.backend} | ${formatMb(f.firstStart)} | ${formatMb(f.idle)} | ${formatMb(f.peak)} | ${formatMb(f.end)} | ≤ ${target} MB | ${verdict(f.peak <= target * 1024 * 1024)} |`,
    );
  }
  return lines.join('\n');
}
