// CSV import of feedback on every backend: mapping, rejections by row, dry run, re-import without duplicates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness } from '../../test/support/harness.ts';
import { type FeedbackMapping, importFeedback } from './import-feedback.ts';

const mapping: FeedbackMapping = {
  text: 'review',
  email: 'email',
  externalId: 'customer_id',
  channel: 'channel',
  source: 'source',
  rating: 'stars',
  submittedAt: 'date',
};

const reviews = [
  'date,review,stars,email,customer_id,channel,source',
  '2026-01-03,"Love it, but sync is slow",4,ann@example.com,,review,app-store',
  '2026-01-04,,5,bob@example.com,,review,app-store',
  '2026-01-32,Bad date,3,,,,',
  '2026-01-05,Crashes on start,one,,,,',
  '2026-01-06,Too,many,cells,,,,',
  '2026-01-07,Called about invoices,,,c9,phone,',
  '2026-01-07,Called about invoices,,,c9,phone,',
];

describe.each(backends)('import feedback on $name', (backend) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await openHarness(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-import-feedback-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  let files = 0;
  const csv = (lines: string[]) => {
    const file = path.join(dir, `feedback-${++files}.csv`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const stored = (workspaceId: string) =>
    h.db.query<{
      text: string;
      channel: string;
      source: string | null;
      metadata: unknown;
      email: string | null;
    }>(
      `SELECT f.text, f.channel, f.source, f.metadata, c.email FROM feedback f
       LEFT JOIN customers c ON c.workspace_id = f.workspace_id AND c.id = f.customer_id
       WHERE f.workspace_id = $1 ORDER BY f.submitted_at, f.text`,
      [workspaceId],
    );
  const rejections = [
    { row: 2, reason: 'review: is empty; feedback needs its text' },
    {
      row: 3,
      reason:
        'date: must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z, or a date, e.g. 2026-01-31',
    },
    { row: 4, reason: 'stars: must be a number, not "one"' },
    { row: 5, reason: 'has 8 column(s) where the header has 7' },
  ];

  it('imports the good rows, reports the bad ones by row, and adds only new rows on re-import', async () => {
    const ws = await h.createWorkspace();
    const summary = await importFeedback(h.services, ws.id, csv(reviews), { mapping, source: 'import' });
    expect(summary).toEqual({ imported: 3, alreadyImported: 0, rejected: rejections, dryRun: false });
    expect(await stored(ws.id)).toEqual([
      {
        text: 'Love it, but sync is slow',
        channel: 'review',
        source: 'app-store',
        metadata: { rating: 4 },
        email: 'ann@example.com',
      },
      // The same call note twice is two notes; rows without a source take --source.
      { text: 'Called about invoices', channel: 'phone', source: 'import', metadata: null, email: null },
      { text: 'Called about invoices', channel: 'phone', source: 'import', metadata: null, email: null },
    ]);

    const superset = csv([...reviews, '2026-01-08,New review,5,,,review,play-store']);
    const again = await importFeedback(h.services, ws.id, superset, { mapping, source: 'import' });
    expect(again).toEqual({ imported: 1, alreadyImported: 3, rejected: rejections, dryRun: false });
    expect(await stored(ws.id)).toHaveLength(4);
  });

  it('writes nothing in a dry run', async () => {
    const ws = await h.createWorkspace();
    const summary = await importFeedback(h.services, ws.id, csv(reviews), { mapping, dryRun: true });
    expect(summary).toEqual({ imported: 3, alreadyImported: 0, rejected: rejections, dryRun: true });
    expect(await stored(ws.id)).toEqual([]);
    const customers = await h.db.query('SELECT 1 FROM customers WHERE workspace_id = $1', [ws.id]);
    expect(customers).toEqual([]);
  });

  it('names a missing text column and the flag that maps it', async () => {
    const ws = await h.createWorkspace();
    await expect(importFeedback(h.services, ws.id, csv(['body', 'Nice']), { mapping })).rejects.toThrow(
      'The text column "review" is not in the file\'s header. Its columns are: "body". Name the text column with --text-column.',
    );
  });
});
