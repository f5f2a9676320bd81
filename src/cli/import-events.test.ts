// CSV import of events on every backend: rejections by row, revenue counted once however often a file is imported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness } from '../../test/support/harness.ts';
import { type EventMapping, importEvents } from './import-events.ts';

const mapping: EventMapping = {
  type: 'type',
  name: 'name',
  externalId: 'customer',
  email: 'email',
  amount: 'amount',
  currency: 'currency',
  occurredAt: 'occurred_at',
};

const events = [
  'type,customer,email,amount,currency,occurred_at,name',
  'signed_up,c1,,,,2025-01-10,',
  'purchase,c1,,1999,usd,2025-02-01T10:00:00Z,',
  'purchase,c1,,1999,USD,2025-02-01T10:00:00Z,',
  'refund,c1,,500,USD,2025-02-02,',
  'purchase,c2,,19.99,USD,2025-02-03,',
  'purchase,c2,,-5,USD,2025-02-03,',
  'churned,c2,,,,2025-13-01,',
  'custom,,,,,2025-03-01,opened-app',
  'purchase,c3,,100,EUR',
  'custom,,dan@example.com,,,2025-03-02,exported-report',
];

const rejections = [
  {
    row: 4,
    reason:
      'type: must be one of: signed_up, purchase, subscription_started, subscription_cancelled, churned, custom',
  },
  {
    row: 5,
    reason:
      'amount: must be a whole number of minor units (cents), not "19.99"; for amounts such as 19.99 use --amount-in major',
  },
  {
    row: 6,
    reason:
      'amount: must be a whole number of minor units (cents), not "-5"; for amounts such as 19.99 use --amount-in major',
  },
  {
    row: 7,
    reason:
      'occurred_at: must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z, or a date, e.g. 2026-01-31',
  },
  { row: 8, reason: 'customer: is empty; an event needs its customer (a customer id or e-mail column)' },
  { row: 9, reason: 'has 5 column(s) where the header has 7' },
];

describe.each(backends)('import events on $name', (backend) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await openHarness(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-import-events-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  let files = 0;
  const csv = (lines: string[]) => {
    const file = path.join(dir, `events-${++files}.csv`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const revenue = (workspaceId: string) =>
    h.db.query<{ external_id: string; currency: string; revenue_minor: string; purchases: number }>(
      `SELECT c.external_id, r.currency, r.revenue_minor::text, r.purchases FROM customer_revenue r
       JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
       WHERE r.workspace_id = $1 ORDER BY 1, 2`,
      [workspaceId],
    );
  const eventCount = async (workspaceId: string) =>
    (
      await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [
        workspaceId,
      ])
    )[0].n;

  it('imports the good rows, reports the bad ones by row, and counts revenue once across re-imports', async () => {
    const ws = await h.createWorkspace();
    const summary = await importEvents(h.services, ws.id, csv(events), { mapping });
    // Two identical purchase rows are two purchases.
    expect(summary).toEqual({ imported: 4, alreadyImported: 0, rejected: rejections, dryRun: false });
    const expected = [{ external_id: 'c1', currency: 'USD', revenue_minor: '3998', purchases: 2 }];
    expect(await revenue(ws.id)).toEqual(expected);
    const [c1] = await h.db.query<{ started_at: Date }>(
      "SELECT started_at FROM customers WHERE workspace_id = $1 AND external_id = 'c1'",
      [ws.id],
    );
    expect(c1.started_at.toISOString()).toBe('2025-01-10T00:00:00.000Z');

    const again = await importEvents(
      h.services,
      ws.id,
      csv([...events, 'purchase,c4,,250,USD,2025-04-01,']),
      {
        mapping,
      },
    );
    expect(again).toEqual({ imported: 1, alreadyImported: 4, rejected: rejections, dryRun: false });
    expect(await revenue(ws.id)).toEqual([
      ...expected,
      { external_id: 'c4', currency: 'USD', revenue_minor: '250', purchases: 1 },
    ]);
    expect(await eventCount(ws.id)).toBe(5);
  });

  it('reads major units exactly with the currency’s own decimals', async () => {
    const ws = await h.createWorkspace();
    const file = csv([
      'type,customer,amount,currency,id',
      'purchase,c1,19.99,USD,o-1',
      'purchase,c1,1200,JPY,o-2',
      'purchase,c1,12.5,JPY,o-3',
      'purchase,c1,0.1,USD,o-4',
    ]);
    const summary = await importEvents(h.services, ws.id, file, {
      mapping,
      amountIn: 'major',
      idColumn: 'id',
    });
    expect(summary).toEqual({
      imported: 3,
      alreadyImported: 0,
      rejected: [{ row: 3, reason: 'amount: has more decimals than JPY has (0): "12.5"' }],
      dryRun: false,
    });
    expect(await revenue(ws.id)).toEqual([
      { external_id: 'c1', currency: 'JPY', revenue_minor: '1200', purchases: 1 },
      { external_id: 'c1', currency: 'USD', revenue_minor: '2009', purchases: 2 },
    ]);
  });

  it('writes nothing in a dry run: no event, customer or revenue', async () => {
    const ws = await h.createWorkspace();
    const summary = await importEvents(h.services, ws.id, csv(events), { mapping, dryRun: true });
    expect(summary).toEqual({ imported: 4, alreadyImported: 0, rejected: rejections, dryRun: true });
    expect(await eventCount(ws.id)).toBe(0);
    expect(await revenue(ws.id)).toEqual([]);
    expect(await h.db.query('SELECT 1 FROM customers WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});
