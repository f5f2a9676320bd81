// Figures do not depend on the database session's time zone: days are UTC days everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends.ts';
import { type Harness, openHarness } from '../../../test/support/harness.ts';
import type { Db } from '../../db/connect.ts';
import { readHistogram } from './rollups.ts';

describe.each(backends)('a session time zone far from UTC on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());

  it('counts a response submitted late on a UTC day in that day, from the tail and from the rollup', async () => {
    const ws = await h.createWorkspace();
    const surveyId = await h.createSurvey(ws);
    await h.api('POST', '/v1/responses', {
      key: ws.secretKey,
      body: { survey_id: surveyId, score: 10, submitted_at: '2026-05-31T23:30:00Z' },
    });
    // Every read runs in a session at UTC+14, where that instant is already 1 June, 13:30.
    const farEast: Db = {
      ...h.db,
      transaction: (work) =>
        h.db.transaction(async (tx) => {
          await tx.query("SET LOCAL TimeZone = 'Pacific/Kiritimati'");
          return work(tx);
        }),
    };
    const read = () =>
      readHistogram(farEast, {
        workspaceId: ws.id,
        surveyIds: [surveyId],
        from: '2026-05-31',
        to: '2026-05-31',
        period: 'day',
      });
    expect(await read()).toMatchObject([{ score: 10, responses: 1, period_start: '2026-05-31' }]);
    await h.fold();
    expect(await read()).toMatchObject([{ score: 10, responses: 1, period_start: '2026-05-31' }]);
  });
});
