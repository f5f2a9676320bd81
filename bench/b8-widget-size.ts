// B8: the web widget's weight on a customer's page — the one file /widget.js serves, minified and gzipped.

import fs from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildWidget } from '../widget/build.ts';
import { verdict } from './util.ts';

export interface B8Findings {
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

const targetGzipBytes = 8 * 1024;

export async function runB8(): Promise<B8Findings> {
  const built = await buildWidget();
  const code = fs.readFileSync(built.path);
  return {
    bytes: built.bytes,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    brotliBytes: brotliCompressSync(code).byteLength,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

export function b8Table(f: B8Findings): string {
  return [
    '| minified | gzipped (level 9) | brotli | target (gzipped) | verdict |',
    '|---:|---:|---:|---|---|',
    `| ${kb(f.bytes)} | ${kb(f.gzipBytes)} | ${kb(f.brotliBytes)} | ≤ 8 KB | ${verdict(f.gzipBytes <= targetGzipBytes)} |`,
  ].join('\n');
}
