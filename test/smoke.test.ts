import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends.ts';
import { type Harness, openHarness } from './support/harness.ts';

describe.each(backends)('smoke on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(backend);
  });
  afterAll(() => h.close());
  it('records a response and reads it back in NPS', async () => {
    const ws = await h.createWorkspace();
    const surveyId = await h.createSurvey(ws);
    const response = await h.api('POST', '/v1/responses', {
      key: ws.publishableKey,
      body: { survey_id: surveyId, score: 3, customer: { external_id: 'c1' } },
    });
    expect(response.status).toBe(201);
    const nps = await h.api<{ nps: number; n: number }>('GET', '/v1/metrics/nps', { key: ws.secretKey });
    expect(nps.body).toMatchObject({ nps: -100, n: 1 });
  });
});
