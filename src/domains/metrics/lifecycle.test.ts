// Retention read from the lifecycle rollup must equal a direct count over the customers table.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends.ts';
import { type Harness, openHarness } from '../../../test/support/harness.ts';
import { retentionQuery } from './schema.ts';

const eventArbitrary = fc.record({
  customer: fc.integer({ min: 1, max: 12 }),
  type: fc.constantFrom('signed_up', 'churned', 'subscription_started', 'purchase', 'custom'),
  dayOffset: fc.integer({ min: -40, max: 120 }),
  segment: fc.option(fc.constantFrom('enterprise', 'smb'), { nil: undefined }),
});
const stepArbitrary = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(eventArbitrary, { minLength: 1, maxLength: 8 }).map((events) => ({ events })),
  },
  { weight: 1, arbitrary: fc.constant({ fold: true as const }) },
);

const day = (offset: number) => new Date(Date.UTC(2026, 0, 1 + offset, 9)).toISOString();

describe.each(backends)('retention from the lifecycle rollup on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());

  it('equals a direct count over customers after random starts, churns, reactivations, segment moves and folds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 10 }), async (steps) => {
        const ws = await h.createWorkspace();
        for (const step of steps) {
          if ('fold' in step) {
            await h.fold();
            continue;
          }
          const events = step.events.map((e) => ({
            type: e.type,
            ...(e.type === 'purchase' ? { amount: 100, currency: 'USD' } : {}),
            ...(e.type === 'custom' ? { name: 'login' } : {}),
            customer: { external_id: `c${e.customer}`, segment: e.segment },
            occurred_at: day(e.dayOffset),
          }));
          const answer = await h.api('POST', '/v1/events/batch', { key: ws.secretKey, body: { events } });
          expect(answer.status).toBe(201);
        }
        for (const [period, by] of [
          ['month', undefined],
          ['week', 'segment'],
          ['quarter', undefined],
        ] as const) {
          const result = await h.services.metrics.retention(
            ws.id,
            retentionQuery.parse({ from: '2026-01-01', to: '2026-04-30', period, by }),
          );
          const interval = { week: '1 week', month: '1 month', quarter: '3 months' }[period];
          const expected = await h.db.query<{
            period: string;
            group: string | null;
            start: number;
            new: number;
            lost: number;
          }>(
            `WITH periods AS (
               SELECT p::date AS starts, (p + $3::interval)::date AS ends
               FROM generate_series(date_trunc($2, '2026-01-01'::date), '2026-04-30'::date, $3::interval) AS p
             )
             SELECT to_char(p.starts, 'YYYY-MM-DD') AS period, ${by ? "coalesce(c.segment, '')" : 'NULL::text'} AS group,
               count(*) FILTER (WHERE (c.started_at AT TIME ZONE 'UTC')::date < p.starts
                 AND (c.churned_at IS NULL OR (c.churned_at AT TIME ZONE 'UTC')::date >= p.starts))::int AS start,
               count(*) FILTER (WHERE (c.started_at AT TIME ZONE 'UTC')::date >= p.starts
                 AND (c.started_at AT TIME ZONE 'UTC')::date < p.ends)::int AS new,
               count(*) FILTER (WHERE (c.churned_at AT TIME ZONE 'UTC')::date >= p.starts
                 AND (c.churned_at AT TIME ZONE 'UTC')::date < p.ends)::int AS lost
             FROM periods p CROSS JOIN customers c WHERE c.workspace_id = $1
             GROUP BY 1, 2`,
            [ws.id, period, interval],
          );
          const key = (r: { period: string; group?: string | null }) => `${r.period}/${r.group ?? ''}`;
          const actual = new Map(result.periods.map((p) => [key(p), [p.start, p.new, p.lost]]));
          for (const row of expected) {
            expect(actual.get(key(row)) ?? [0, 0, 0], `${period} ${key(row)}`).toEqual([
              row.start,
              row.new,
              row.lost,
            ]);
          }
        }
      }),
      { numRuns: 12, seed: 20261122 },
    );
  }, 240_000);
});
