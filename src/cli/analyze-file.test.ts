// `heed analyze`: comments from a file, a CSV column or stdin, analysed without a database, as JSON lines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze-file.ts';

const entry = fileURLToPath(new URL('../../bin/heed.mjs', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-analyze-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const topics = [
  'The checkout page is slow',
  'Checkout keeps timing out',
  'The checkout was painless',
  'Support answered within minutes, wonderful',
  'Your support team was rude',
  'Support solved it, thanks',
  'My invoice was wrong',
  'The invoice arrived twice',
  'Invoice totals look fine',
];
/** 45 comments: each of the nine above five times, checkout, support and invoice each in 15. */
const comments = Array.from({ length: 5 }, () => topics).flat();

function heed(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [entry, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('heed analyze', () => {
  it('redacts, scores and names the themes found across the file, one JSON object per comment', async () => {
    const file = path.join(dir, 'comments.txt');
    fs.writeFileSync(file, `${comments.join('\n')}\n\nMail me at ada@example.com about the checkout\n`);
    const lines = await analyzeFile(file);
    expect(lines).toHaveLength(46);
    expect(lines[45]).toMatchObject({
      text: 'Mail me at ada@example.com about the checkout',
      redacted: 'Mail me at [email] about the checkout',
      themes: ['Checkout'],
    });
    expect(lines[0].themes).toEqual(['Checkout']);
    expect(lines[3].themes).toEqual(['Support']);
    expect(lines[3].sentiment.label).toBe('positive');
    expect(lines[4].sentiment.label).toBe('negative');
    expect(lines.filter((line) => line.themes.includes('Checkout'))).toHaveLength(16);
    expect(lines.filter((line) => line.themes.includes('Support'))).toHaveLength(15);
    expect(lines.filter((line) => line.themes.includes('Invoice'))).toHaveLength(15);
  });

  it('keeps the text as written with --keep-pii', async () => {
    const file = path.join(dir, 'pii.txt');
    fs.writeFileSync(file, 'Call me on +44 20 7946 0958\n');
    const [kept] = await analyzeFile(file, { keepPii: true });
    expect(kept.redacted).toBe('Call me on +44 20 7946 0958');
    const [redacted] = await analyzeFile(file);
    expect(redacted.redacted).toBe('Call me on [phone]');
  });

  it('reads one column of a CSV file, quoted newlines and all, and skips empty cells', async () => {
    const file = path.join(dir, 'reviews.csv');
    fs.writeFileSync(file, 'id,body\n1,"Great app,\nlove it"\n2,\n3,Terrible billing\n');
    const lines = await analyzeFile(file, { csvColumn: 'body' });
    expect(lines.map((line) => line.text)).toEqual(['Great app,\nlove it', 'Terrible billing']);
    expect(lines.map((line) => line.sentiment.label)).toEqual(['positive', 'negative']);
  });

  it('names the columns a CSV has when the one asked for is missing', async () => {
    const file = path.join(dir, 'other.csv');
    fs.writeFileSync(file, 'id,text\n1,hello\n');
    await expect(analyzeFile(file, { csvColumn: 'body' })).rejects.toThrow(
      'The CSV has no column "body"; its columns are: id, text',
    );
  });

  it('reads stdin with "-" and prints JSON lines (the real command)', () => {
    const run = heed(['analyze', '-'], `${comments.join('\n')}\n`);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(45);
    expect(Object.keys(lines[0])).toEqual(['text', 'redacted', 'sentiment', 'themes']);
    expect(lines[0]).toMatchObject({ text: comments[0], themes: ['Checkout'] });
  });

  it('refuses a missing file and --column without --csv with a message, exit code 1', () => {
    const missing = heed(['analyze', path.join(dir, 'nope.txt')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No such file');
    const column = heed(['analyze', '-', '--column', 'body'], 'x\n');
    expect(column.status).toBe(1);
    expect(column.stderr).toContain('--column is for CSV files: add --csv');
  });
});
