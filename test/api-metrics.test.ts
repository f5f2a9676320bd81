// The metrics API returns exactly what the pure formulas compute from the same raw data, on every backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cesFromHistogram,
  churnRate,
  compareNps,
  compareProportions,
  csatFromHistogram,
  customerRetentionRate,
  npsCountsFromScores,
  npsFromCounts,
  revenueConcentration,
  type ScoreCount,
  simpleClv,
} from '../src/domains/metrics/formulas.ts';
import { mulberry32 } from '../src/shared/random.ts';
import { backends } from './support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from './support/harness.ts';

const histogramOf = (scores: number[]): ScoreCount[] => {
  const counts = new Map<number, number>();
  for (const score of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
  return [...counts].map(([score, count]) => ({ score, count }));
};

interface Sent {
  survey: string;
  score: number;
  segment: string;
  channel: string;
  day: string;
}

describe.each(backends)('metrics API on $name', (backend) => {
  let h: Harness;
  let ws: TestWorkspace;
  const sent: Sent[] = [];
  const surveys: Record<string, string> = {};
  const random = mulberry32(7);
  const segments = ['enterprise', 'smb', 'self-serve'];
  const channels = ['web', 'email'];

  beforeAll(async () => {
    h = await openHarness(backend);
    ws = await h.createWorkspace();
    for (const [name, body] of Object.entries({
      nps: { kind: 'nps', name: 'NPS' },
      csat5: { kind: 'csat', name: 'CSAT 5' },
      csat10: { kind: 'csat', name: 'CSAT 10', scale: '1-10' },
      ces: { kind: 'ces', name: 'CES' },
    })) {
      surveys[name] = (
        await h.api<{ id: string }>('POST', '/v1/surveys', { key: ws.secretKey, body })
      ).body.id;
    }
    const ranges: Record<string, [number, number]> = {
      nps: [0, 10],
      csat5: [1, 5],
      csat10: [1, 10],
      ces: [1, 7],
    };
    const batch: unknown[] = [];
    for (let i = 0; i < 1200; i++) {
      const name = Object.keys(ranges)[i % 4];
      const [min, max] = ranges[name];
      const segment = segments[Math.floor(random() * segments.length)];
      // Enterprise scores skew high so groups differ.
      const skew = segment === 'enterprise' ? 0.4 : 0;
      const score = Math.min(max, min + Math.floor((random() + skew) * (max - min + 1)));
      const day = new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 120), 10)).toISOString();
      const channel = channels[i % 2];
      sent.push({ survey: name, score, segment, channel, day });
      batch.push({
        survey_id: surveys[name],
        score,
        channel,
        submitted_at: day,
        customer: { external_id: `customer-${i % 300}-${segment}`, segment },
      });
    }
    for (let i = 0; i < batch.length; i += 400) {
      const answer = await h.api('POST', '/v1/responses/batch', {
        key: ws.secretKey,
        body: { responses: batch.slice(i, i + 400) },
      });
      expect(answer.status).toBe(201);
    }
    // Fold part of the data so the answers come from rollup + tail, not from one of them alone.
    await h.fold();
    const late = {
      survey_id: surveys.nps,
      score: 2,
      channel: 'web',
      submitted_at: '2026-03-01T09:00:00Z',
      customer: { external_id: 'late-smb', segment: 'smb' },
    };
    expect((await h.api('POST', '/v1/responses', { key: ws.secretKey, body: late })).status).toBe(201);
    sent.push({ survey: 'nps', score: 2, segment: 'smb', channel: 'web', day: late.submitted_at });
  }, 120_000);
  afterAll(() => h.close());

  const within = (s: Sent, from: string, to: string) =>
    s.day.slice(0, 10) >= from && s.day.slice(0, 10) <= to;

  it('NPS equals the formula on the raw scores, overall and by segment', async () => {
    const answer = await h.api<Record<string, unknown> & { groups: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/metrics/nps?from=2026-01-01&to=2026-04-30&by=segment',
      { key: ws.secretKey },
    );
    expect(answer.status).toBe(200);
    const nps = sent.filter((s) => s.survey === 'nps');
    expect(answer.body).toMatchObject(npsFromCounts(npsCountsFromScores(nps.map((s) => s.score))));
    for (const segment of segments) {
      const group = answer.body.groups.find((g) => g.group === segment);
      expect(group).toMatchObject(
        npsFromCounts(npsCountsFromScores(nps.filter((s) => s.segment === segment).map((s) => s.score))),
      );
    }
  });

  it('CSAT is the top-two-box share across a 1–5 and a 1–10 survey, and per survey it matches the formula', async () => {
    const all = await h.api<Record<string, unknown>>(
      'GET',
      '/v1/metrics/csat?from=2026-01-01&to=2026-04-30',
      { key: ws.secretKey },
    );
    const csat = sent.filter((s) => s.survey.startsWith('csat'));
    const satisfied = csat.filter((s) => s.score >= (s.survey === 'csat5' ? 4 : 9)).length;
    expect(all.body.n).toBe(csat.length);
    expect(all.body.csat).toBeCloseTo((satisfied / csat.length) * 100, 10);
    expect(all.body.mean).toBeNull();
    const ten = await h.api<Record<string, unknown>>(
      'GET',
      `/v1/metrics/csat?from=2026-01-01&to=2026-04-30&survey_id=${surveys.csat10}`,
      { key: ws.secretKey },
    );
    expect(ten.body).toMatchObject(
      csatFromHistogram(histogramOf(csat.filter((s) => s.survey === 'csat10').map((s) => s.score)), {
        min: 1,
        max: 10,
      }),
    );
  });

  it('CES per channel and month equals the formula', async () => {
    const answer = await h.api<{ groups: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/metrics/ces?from=2026-01-01&to=2026-04-30&by=channel&period=month',
      { key: ws.secretKey },
    );
    const ces = sent.filter((s) => s.survey === 'ces');
    const february = ces.filter((s) => s.channel === 'email' && s.day.startsWith('2026-02'));
    const group = answer.body.groups.find((g) => g.group === 'email' && g.period === '2026-02-01');
    expect(group).toMatchObject(cesFromHistogram(histogramOf(february.map((s) => s.score))));
  });

  it('the period comparison tests the change with the stated test', async () => {
    const nps = await h.api<{
      comparison: { change: Record<string, unknown>; previous: Record<string, unknown> };
    }>('GET', '/v1/metrics/nps?from=2026-03-01&to=2026-04-29&compare=previous', { key: ws.secretKey });
    const scores = (from: string, to: string) =>
      sent.filter((s) => s.survey === 'nps' && within(s, from, to)).map((s) => s.score);
    expect(nps.body.comparison.previous).toMatchObject({ from: '2025-12-31', to: '2026-02-28' });
    expect(nps.body.comparison.change).toEqual(
      compareNps(
        npsCountsFromScores(scores('2025-12-31', '2026-02-28')),
        npsCountsFromScores(scores('2026-03-01', '2026-04-29')),
      ),
    );
    const csat = await h.api<{ comparison: { change: Record<string, unknown> } }>(
      'GET',
      `/v1/metrics/csat?from=2026-03-01&to=2026-04-29&compare=previous&survey_id=${surveys.csat5}`,
      { key: ws.secretKey },
    );
    const satisfiedIn = (from: string, to: string) => {
      const rows = sent.filter((s) => s.survey === 'csat5' && within(s, from, to));
      return { successes: rows.filter((s) => s.score >= 4).length, n: rows.length };
    };
    expect(csat.body.comparison.change).toEqual(
      compareProportions(satisfiedIn('2025-12-31', '2026-02-28'), satisfiedIn('2026-03-01', '2026-04-29')),
    );
  });

  it('retention, churn, CLV and concentration equal the formulas on the recorded events', async () => {
    const key = ws.secretKey;
    // 10 customers start in January, 4 more in February; 3 of the January ones churn in February.
    const events: unknown[] = [];
    for (let i = 0; i < 14; i++) {
      const month = i < 10 ? '01' : '02';
      events.push({
        type: 'signed_up',
        customer: { external_id: `life-${i}`, segment: 'life' },
        occurred_at: `2026-${month}-05T00:00:00Z`,
      });
    }
    for (const i of [0, 1, 2])
      events.push({
        type: 'churned',
        customer: { external_id: `life-${i}` },
        occurred_at: '2026-02-10T00:00:00Z',
      });
    const revenues = [50_000, 20_000, 10_000, 5_000, 5_000, 4_000, 3_000, 2_000, 1_000];
    revenues.forEach((amount, i) => {
      events.push({
        type: 'purchase',
        amount: amount / 2,
        currency: 'EUR',
        customer: { external_id: `life-${i + 3}` },
        occurred_at: '2026-02-15T00:00:00Z',
      });
      events.push({
        type: 'purchase',
        amount: amount / 2,
        currency: 'EUR',
        customer: { external_id: `life-${i + 3}` },
        occurred_at: '2026-03-15T00:00:00Z',
      });
    });
    expect((await h.api('POST', '/v1/events/batch', { key, body: { events } })).status).toBe(201);

    const retention = await h.api<{ periods: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/metrics/retention?segment=life&from=2026-02-01&to=2026-02-28&period=month',
      { key },
    );
    expect(retention.body.periods).toEqual([
      {
        period: '2026-02-01',
        start: 10,
        new: 4,
        lost: 3,
        end: 11,
        retention: customerRetentionRate({ start: 10, new: 4, end: 11 }),
        churn: churnRate({ start: 10, lost: 3 }),
      },
    ]);

    // The window as one span, against the window of equal length before it (January 29 – February 28).
    const march = await h.api<Record<string, unknown>>(
      'GET',
      '/v1/metrics/retention?segment=life&from=2026-03-01&to=2026-03-31&compare=previous',
      { key },
    );
    expect(march.body.overall).toEqual({
      start: 11,
      new: 0,
      lost: 0,
      end: 11,
      retention: customerRetentionRate({ start: 11, new: 0, end: 11 }),
      churn: churnRate({ start: 11, lost: 0 }),
    });
    // The answer names the segments there are to filter by, whatever the filter.
    expect(march.body.segments).toEqual(['enterprise', 'life', 'self-serve', 'smb']);
    expect(march.body.comparison).toEqual({
      previous: {
        from: '2026-01-29',
        to: '2026-02-28',
        start: 10,
        new: 4,
        lost: 3,
        end: 11,
        retention: customerRetentionRate({ start: 10, new: 4, end: 11 }),
        churn: churnRate({ start: 10, lost: 3 }),
      },
      change: {
        retention: compareProportions({ successes: 7, n: 10 }, { successes: 11, n: 11 }),
        churn: compareProportions({ successes: 3, n: 10 }, { successes: 0, n: 11 }),
      },
    });

    const concentration = await h.api<Record<string, unknown>>(
      'GET',
      '/v1/metrics/concentration?currency=EUR&segment=life',
      { key },
    );
    const expected = revenueConcentration(revenues);
    expect(concentration.body).toMatchObject({ ...expected, currency: 'EUR' });
    expect(
      (concentration.body.top_customers as Array<{ external_id: string }>).map((c) => c.external_id),
    ).toEqual(['life-3', 'life-4']);

    const clv = await h.api<{ clv: number; inputs: Record<string, number> }>(
      'GET',
      '/v1/metrics/clv?currency=EUR&segment=life&lifespan_years=3&acquisition_cost=1000',
      { key },
    );
    const total = revenues.reduce((a, b) => a + b, 0);
    expect(clv.body.inputs.average_purchase_value).toBe(Math.round(total / 18));
    expect(clv.body.clv).toBe(
      Math.round(
        simpleClv({
          averagePurchaseValue: total / 18,
          purchasesPerYear: clv.body.inputs.purchases_per_year,
          lifespanYears: 3,
          acquisitionCost: 1000,
        }),
      ),
    );
  });

  it('the overview answers in one request what the per-metric endpoints answer', async () => {
    type Figures = Record<string, unknown> & { n: number };
    type Section = Figures & {
      comparison: Record<string, unknown>;
      periods: Array<Figures & { period: string }>;
      segments: Figures[];
      channels: Figures[];
    };
    const get = async <Body>(path: string) => {
      const answer = await h.api<Body>('GET', path, { key: ws.secretKey });
      expect(answer.status, path).toBe(200);
      return answer.body;
    };
    const window = 'from=2026-02-02&to=2026-04-26';
    for (const filters of [{}, { segment: 'enterprise', channel: 'email' }] as Array<
      Record<string, string>
    >) {
      const filter = new URLSearchParams(filters).toString();
      const overview = await get<Record<'nps' | 'csat' | 'ces', Section> & { retention: Section }>(
        `/v1/metrics/overview?${window}&period=week&${filter}`,
      );
      // Every Monday from the window's first week to its last, the empty ones too.
      const weeks = overview.nps.periods.map((p) => p.period);
      expect(weeks[0]).toBe('2026-02-02');
      expect(weeks.at(-1)).toBe('2026-04-20');
      expect(weeks).toHaveLength(12);
      for (const metric of ['nps', 'csat', 'ces'] as const) {
        const section = overview[metric];
        const single = await get<Figures & { comparison: unknown }>(
          `/v1/metrics/${metric}?${window}&compare=previous&${filter}`,
        );
        const {
          metric: _metric,
          from: _from,
          to: _to,
          filters: _filters,
          groups: _groups,
          ...figures
        } = single;
        expect(section, metric).toMatchObject(figures);
        const weekly = await get<{ groups: Array<Figures & { period: string }> }>(
          `/v1/metrics/${metric}?${window}&period=week&${filter}`,
        );
        for (const period of section.periods) {
          const group = weekly.groups.find((g) => g.period === period.period);
          if (group) expect(period, `${metric} ${period.period}`).toEqual(group);
          else expect(period.n, `${metric} ${period.period}`).toBe(0);
        }
        // A breakdown keeps the other filter and drops its own, so every segment (channel) stays listed.
        const bySegment = await get<{ groups: Figures[] }>(
          `/v1/metrics/${metric}?${window}&by=segment${filters.channel ? `&channel=${filters.channel}` : ''}`,
        );
        expect(section.segments, metric).toEqual(bySegment.groups);
        const answered = sent.filter(
          (r) =>
            r.survey.startsWith(metric) &&
            within(r, '2026-02-02', '2026-04-26') &&
            (!filters.channel || r.channel === filters.channel),
        );
        expect(section.segments.map((g) => g.group)).toEqual(
          [...new Set(answered.map((r) => r.segment))].sort(),
        );
        const byChannel = await get<{ groups: Figures[] }>(
          `/v1/metrics/${metric}?${window}&by=channel${filters.segment ? `&segment=${filters.segment}` : ''}`,
        );
        expect(section.channels, metric).toEqual(byChannel.groups);
      }
      const retention = await get<{ overall: Figures; comparison: Record<string, unknown> }>(
        `/v1/metrics/retention?${window}&compare=previous${filters.segment ? `&segment=${filters.segment}` : ''}`,
      );
      expect(overview.retention).toMatchObject({ ...retention.overall, comparison: retention.comparison });
      expect(overview.retention.periods.map((p) => p.period)).toEqual(weeks);
    }
  });

  it('the overview refuses daily figures over more than 400 days, naming the period', async () => {
    const answer = await h.api<{ errors: Array<{ path: string; message: string }> }>(
      'GET',
      '/v1/metrics/overview?from=2025-01-01&to=2026-04-30&period=day',
      { key: ws.secretKey },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        path: 'period',
        message: 'gives 485 days over these dates; at most 400: choose a longer period or fewer days',
      },
    ]);
  });
});
