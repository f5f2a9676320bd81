// Rollup reads must equal a full scan of the raw rows, whatever the interleaving of writes and folds.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends.ts';
import { type Harness, openHarness } from '../../../test/support/harness.ts';
import { type HistogramRow, readHistogram } from './rollups.ts';

const segments = ['enterprise', 'smb', undefined] as const;
const channels = ['web', 'email'] as const;
const from = '2026-01-01';
const to = '2026-03-31';

const responseArbitrary = fc.record({
  score: fc.integer({ min: 0, max: 10 }),
  segment: fc.constantFrom(...segments),
  channel: fc.constantFrom(...channels),
  dayOffset: fc.integer({ min: -3, max: 92 }), // a few days fall outside the window on purpose
  customer: fc.integer({ min: 1, max: 8 }),
});

type GeneratedResponse = {
  score: number;
  segment?: string;
  channel: string;
  dayOffset: number;
  customer: number;
};

const operationArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('single' as const), response: responseArbitrary, keyed: fc.boolean() }),
  fc.record({
    kind: fc.constant('batch' as const),
    responses: fc.array(responseArbitrary, { minLength: 1, maxLength: 20 }),
  }),
  fc.record({ kind: fc.constant('retry' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('fold' as const) }),
);

function dayOf(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1 + offset, 12)).toISOString();
}

const normalise = (
  rows: Array<Pick<HistogramRow, 'survey_id' | 'score' | 'responses' | 'group_key' | 'period_start'>>,
) => rows.map((r) => `${r.period_start ?? ''}|${r.group_key ?? ''}|${r.score}|${r.responses}`).sort();

describe.each(backends)('response rollups on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());

  it('answer exactly as a full scan after random inserts, batches, idempotent retries and folds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operationArbitrary, { minLength: 1, maxLength: 25 }), async (operations) => {
        const ws = await h.createWorkspace();
        const surveyId = await h.createSurvey(ws);
        const sent: Array<{ key: string; body: unknown }> = [];
        const bodyOf = (r: GeneratedResponse) => ({
          survey_id: surveyId,
          score: r.score,
          channel: r.channel,
          submitted_at: dayOf(r.dayOffset),
          customer: { external_id: `c${r.customer}-${r.segment ?? 'none'}`, segment: r.segment },
        });
        for (const operation of operations) {
          if (operation.kind === 'single') {
            const key = `k${sent.length}`;
            const body = bodyOf(operation.response);
            const answer = await h.api('POST', '/v1/responses', {
              key: ws.secretKey,
              body,
              headers: operation.keyed ? { 'idempotency-key': key } : {},
            });
            expect(answer.status).toBe(201);
            if (operation.keyed) sent.push({ key, body });
          } else if (operation.kind === 'batch') {
            const key = `k${sent.length}`;
            const body = { responses: operation.responses.map(bodyOf) };
            const answer = await h.api('POST', '/v1/responses/batch', {
              key: ws.secretKey,
              body,
              headers: { 'idempotency-key': key },
            });
            expect(answer.status).toBe(201);
            sent.push({ key, body });
          } else if (operation.kind === 'retry' && sent.length > 0) {
            const { key, body } = sent[operation.which % sent.length];
            const path = 'responses' in (body as object) ? '/v1/responses/batch' : '/v1/responses';
            const answer = await h.api('POST', path, {
              key: ws.secretKey,
              body,
              headers: { 'idempotency-key': key },
            });
            expect(answer.status).toBe(201);
            expect(answer.headers['idempotent-replayed']).toBe('true');
          } else if (operation.kind === 'fold') {
            await h.fold();
          }
        }
        // The fact tables have no foreign keys (see the migration): the writers must never leave an orphan.
        const [orphans] = await h.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM responses r
           WHERE r.workspace_id = $1 AND (
             NOT EXISTS (SELECT 1 FROM surveys s WHERE s.workspace_id = r.workspace_id AND s.id = r.survey_id)
             OR (r.customer_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM customers c WHERE c.workspace_id = r.workspace_id AND c.id = r.customer_id)))`,
          [ws.id],
        );
        expect(orphans.n).toBe(0);
        for (const grouping of [
          { by: 'segment', period: 'week' },
          { by: 'channel', period: 'day' },
          { by: undefined, period: 'month' },
          { by: undefined, period: undefined },
        ] as const) {
          const fromRollups = await readHistogram(h.db, {
            workspaceId: ws.id,
            surveyIds: [surveyId],
            from,
            to,
            by: grouping.by,
            period: grouping.period,
          });
          const groupExpression =
            grouping.by === 'segment'
              ? "coalesce(segment, '')"
              : grouping.by === 'channel'
                ? 'channel'
                : 'NULL::text';
          const periodExpression = grouping.period
            ? `to_char(date_trunc('${grouping.period}', (submitted_at AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD')`
            : 'NULL::text';
          const fromScan = await h.db.query<HistogramRow>(
            `SELECT survey_id, score, count(*)::bigint AS responses, ${groupExpression} AS group_key, ${periodExpression} AS period_start
             FROM responses WHERE workspace_id = $1 AND (submitted_at AT TIME ZONE 'UTC')::date BETWEEN $2::date AND $3::date
             GROUP BY 1, 2, 4, 5`,
            [ws.id, from, to],
          );
          expect(normalise(fromRollups)).toEqual(normalise(fromScan));
        }
      }),
      { numRuns: 15, seed: 20261122 },
    );
  }, 240_000);

  it('keep folded rows folded once: a second fold with no new rows changes nothing', async () => {
    const ws = await h.createWorkspace();
    const surveyId = await h.createSurvey(ws);
    await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 10, submitted_at: '2026-02-01T00:00:00Z' },
    });
    const folded = async () =>
      (
        await h.db.query<{ responses: number | null }>(
          'SELECT sum(responses)::bigint AS responses FROM response_rollups WHERE workspace_id = $1',
          [ws.id],
        )
      )[0].responses;
    // A transaction open anywhere on a PostgreSQL server (other test files included) holds the fold back
    // until it ends, so wait for the row to be folded before folding again.
    for (let attempt = 0; attempt < 100 && (await folded()) !== 1; attempt++) {
      await h.fold();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await folded()).toBe(1);
    await h.fold();
    await h.fold();
    expect(await folded()).toBe(1);
  });
});
