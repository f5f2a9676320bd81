// The demo seeder: it writes what it reports, seeds only once, and its metrics tell the story they should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness } from '../../test/support/harness.ts';
import { concentrationQuery, retentionQuery, scoreMetricQuery } from '../domains/metrics/schema.ts';
import { type DemoResult, seedDemoWorkspace } from './demo.ts';
import { type DemoData, type DemoResponse, generateDemoData } from './demo-data.ts';

const now = new Date('2026-03-15T12:00:00Z');
const small = { customers: 200, months: 6, seed: 7, now };

const npsOf = (responses: DemoResponse[]) => {
  const promoters = responses.filter((r) => r.score >= 9).length;
  const detractors = responses.filter((r) => r.score <= 6).length;
  return (100 * (promoters - detractors)) / responses.length;
};

describe('generateDemoData', () => {
  let full: DemoData;
  beforeAll(() => {
    full = generateDemoData({ customers: 2000, months: 18, seed: 42, now });
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generateDemoData(small)).toEqual(generateDemoData(small));
    expect(generateDemoData({ ...small, seed: 8 }).responses).not.toEqual(generateDemoData(small).responses);
  });

  it('sizes the default demo as promised and keeps every value in range', () => {
    expect(full.customers).toHaveLength(2000);
    expect(full.responses.length).toBeGreaterThan(45_000);
    expect(full.responses.length).toBeLessThan(55_000);
    expect(new Set(full.customers.map((c) => c.email)).size).toBe(2000);
    const scale = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
    const offScale = full.responses.filter(
      (r) => r.score < scale[r.kind][0] || r.score > scale[r.kind][1] || !Number.isInteger(r.score),
    );
    expect(offScale).toEqual([]);
    expect(full.responses.filter((r) => r.submittedAt < full.from || r.submittedAt > now)).toEqual([]);
    expect(full.events.filter((e) => e.occurredAt > now)).toEqual([]);
    const commented = full.responses.filter((r) => r.comment).length / full.responses.length;
    expect(commented).toBeGreaterThan(0.3);
    expect(commented).toBeLessThan(0.7);
  });

  it('churns 15–25% of customers, more of them self-serve than enterprise', () => {
    const churned = new Set(full.events.filter((e) => e.type === 'churned').map((e) => e.customer));
    expect(churned.size / full.customers.length).toBeGreaterThan(0.15);
    expect(churned.size / full.customers.length).toBeLessThan(0.25);
    const shareIn = (segment: string) => {
      const members = full.customers.filter((c) => c.segment === segment);
      return members.filter((c) => churned.has(c.externalId)).length / members.length;
    };
    expect(shareIn('self-serve')).toBeGreaterThan(2 * shareIn('enterprise'));
    // Nobody answers a survey after they have churned.
    const churnedAt = new Map(
      full.events.filter((e) => e.type === 'churned').map((e) => [e.customer, e.occurredAt]),
    );
    expect(full.responses.filter((r) => r.submittedAt > (churnedAt.get(r.customer) ?? now))).toEqual([]);
  });

  it('dips about 60% of the way through and recovers', () => {
    const span = now.getTime() - full.from.getTime();
    const npsBetween = (start: number, end: number) =>
      npsOf(
        full.responses.filter((r) => {
          const at = (r.submittedAt.getTime() - full.from.getTime()) / span;
          return r.kind === 'nps' && at >= start && at < end;
        }),
      );
    const dip = npsBetween(0.55, 0.65);
    expect(dip).toBeLessThan(npsBetween(0, 0.4) - 15);
    expect(dip).toBeLessThan(npsBetween(0.85, 1) - 15);
  });

  it('writes comments that agree with their scores', () => {
    const complaint = /slow|error|days|charged|crash|bug|expensive|missing|confusing|nightmare|not fixed/i;
    const praise = /great|fast onboarding|fantastic|painless|brilliant|rock solid/i;
    const nps = full.responses.filter((r) => r.kind === 'nps' && r.comment);
    const promoters = nps.filter((r) => r.score >= 9);
    const detractors = nps.filter((r) => r.score <= 6);
    expect(promoters.length).toBeGreaterThan(100);
    expect(detractors.length).toBeGreaterThan(100);
    for (const r of promoters) expect(r.comment).not.toMatch(complaint);
    for (const r of detractors) expect(r.comment).not.toMatch(praise);
    expect(
      detractors.filter((r) => /billing|charged|checkout/i.test(r.comment ?? '')).length,
    ).toBeGreaterThan(detractors.length / 5);
  });
});

describe.each(backends)('seedDemoWorkspace on $name', (backend) => {
  let h: Harness;
  let demo: DemoResult;
  const progress: string[] = [];
  const from = generateDemoData(small).from.toISOString().slice(0, 10);
  const to = now.toISOString().slice(0, 10);

  const rowCounts = async (workspaceId: string) => {
    const [row] = await h.db.query<{
      customers: number;
      responses: number;
      events: number;
      accounts: number;
    }>(
      `SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers,
              (SELECT count(*) FROM responses WHERE workspace_id = $1) AS responses,
              (SELECT count(*) FROM events WHERE workspace_id = $1) AS events,
              (SELECT count(*) FROM accounts WHERE workspace_id = $1) AS accounts`,
      [workspaceId],
    );
    return row;
  };

  beforeAll(async () => {
    h = await openHarness(backend);
    demo = await seedDemoWorkspace(h.services, { ...small, onProgress: (message) => progress.push(message) });
  });
  afterAll(() => h.close());

  it('writes exactly the rows it reports', async () => {
    expect(demo.created).toBe(true);
    expect(demo.counts.customers).toBe(200);
    expect(demo.counts.responses).toBeGreaterThan(1000);
    const { accounts, ...counts } = await rowCounts(demo.workspaceId);
    expect(counts).toEqual(demo.counts);
    expect(accounts).toBeGreaterThan(0);
    const [linked] = await h.db.query<{ customers: number; responses: number; segments: number }>(
      `SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1 AND account_id IS NOT NULL) AS customers,
              (SELECT count(*) FROM responses WHERE workspace_id = $1 AND account_id IS NOT NULL) AS responses,
              (SELECT count(DISTINCT segment) FROM responses WHERE workspace_id = $1) AS segments`,
      [demo.workspaceId],
    );
    expect(linked.customers).toBeGreaterThan(50);
    expect(linked.responses).toBeGreaterThan(0);
    expect(linked.segments).toBe(4);
    expect(progress).toContain('customers 200');
    expect(progress.some((line) => line.startsWith('responses '))).toBe(true);
  });

  it('seeds once: a second run only makes a new admin key', async () => {
    const again = await seedDemoWorkspace(h.services, small);
    expect(again).toMatchObject({
      created: false,
      workspaceId: demo.workspaceId,
      npsSurveyId: demo.npsSurveyId,
      counts: demo.counts,
    });
    expect(again.secretKey).not.toBe(demo.secretKey);
    expect((await h.services.workspaces.authenticate(again.secretKey)).workspaceId).toBe(demo.workspaceId);
    const { accounts: _accounts, ...counts } = await rowCounts(demo.workspaceId);
    expect(counts).toEqual(demo.counts);
    const [workspaces] = await h.db.query<{ n: number }>(
      "SELECT count(*) AS n FROM workspaces WHERE name = 'Heed demo'",
    );
    expect(workspaces.n).toBe(1);
  });

  it('shows enterprise customers happier than self-serve ones', async () => {
    const nps = await h.services.metrics.scoreMetric(
      demo.workspaceId,
      'nps',
      scoreMetricQuery.parse({ by: 'segment', from, to }),
    );
    const npsIn = (segment: string) => {
      const group = nps.groups?.find((candidate) => candidate.group === segment);
      return group && 'nps' in group ? { nps: Number(group.nps), n: group.n } : { nps: Number.NaN, n: 0 };
    };
    const enterprise = npsIn('enterprise');
    const selfServe = npsIn('self-serve');
    expect(enterprise.n).toBeGreaterThanOrEqual(10);
    expect(selfServe.n).toBeGreaterThanOrEqual(10);
    expect(enterprise.nps).toBeGreaterThan(selfServe.nps);
    const ces = await h.services.metrics.scoreMetric(
      demo.workspaceId,
      'ces',
      scoreMetricQuery.parse({ from, to }),
    );
    expect(ces.n).toBeGreaterThan(0);
  });

  it('gives retention a start population and some churn', async () => {
    const retention = await h.services.metrics.retention(
      demo.workspaceId,
      retentionQuery.parse({ from, to, period: 'month' }),
    );
    expect(retention.periods[0].start).toBeGreaterThan(0);
    expect(retention.periods.reduce((sum, period) => sum + period.lost, 0)).toBeGreaterThan(0);
    expect(retention.periods.reduce((sum, period) => sum + period.new, 0)).toBeGreaterThan(0);
  });

  it('concentrates revenue in the top fifth of customers', async () => {
    const concentration = await h.services.metrics.concentration(
      demo.workspaceId,
      concentrationQuery.parse({}),
    );
    expect(concentration.n).toBeGreaterThan(20);
    expect(concentration.topShare).toBeGreaterThan(40);
  });
});
