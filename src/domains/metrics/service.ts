// Metrics: NPS, CSAT, CES (from rollups), retention and churn, simple CLV, revenue concentration —
// each with its sample size and uncertainty, filtered, grouped and compared between periods.
import type { Db } from '../../db/connect.ts';
import { Invalid } from '../../errors.ts';
import type { SurveyKind } from '../surveys/schema.ts';
import {
  cesFromHistogram,
  churnRate,
  compareMeans,
  compareNps,
  compareProportions,
  csatFromHistogram,
  customerRetentionRate,
  meanAndVarianceFromHistogram,
  npsCountsFromHistogram,
  npsFromCounts,
  revenueConcentration,
  type ScoreCount,
  simpleClv,
} from './formulas.ts';
import { periodStarts } from './periods.ts';
import {
  type HistogramRow,
  readHistogram,
  readHistogramsAndLifecycle,
  readLifecycle,
  readSurveyReach,
} from './rollups.ts';
import {
  type ClvQuery,
  type ConcentrationQuery,
  maxOverviewPeriods,
  type OverviewQuery,
  type RetentionQuery,
  type ScoreMetricQuery,
} from './schema.ts';
import { type LifecycleCounts, lifecycleCounts, previousWindow, spanOf } from './spans.ts';
import {
  type ChannelReach,
  reachTotals,
  type SurveyReachTotals,
  type SurveyScore,
  scoreOfSurvey,
} from './survey-summary.ts';

export type ScoreMetric = 'nps' | 'csat' | 'ces';

interface SurveyScale {
  id: string;
  min: number;
  max: number;
}

const dayMs = 86_400_000;
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The inclusive date window of a query: default the 90 days ending today. */
export function windowOf(
  query: { from?: string; to?: string },
  defaultDays = 90,
): { from: string; to: string } {
  const to = query.to ?? isoDate(Date.now());
  const from = query.from ?? isoDate(Date.parse(to) - (defaultDays - 1) * dayMs);
  if (from > to) throw Invalid.field('from', 'must not be after `to`');
  return { from, to };
}

/** CRR and churn of a span, each with its Wilson interval. */
function retentionFigures(counts: LifecycleCounts) {
  return {
    ...counts,
    retention: customerRetentionRate({ start: counts.start, new: counts.new, end: counts.end }),
    churn: churnRate({ start: counts.start, lost: counts.lost }),
  };
}

/**
 * Whether CRR and churn changed between two spans: two-proportion z tests on the customers retained (E − N)
 * and lost, each out of S. The spans share most of their customers, so the samples are not independent and
 * the test is approximate (conservative when the same customers tend to stay).
 */
function retentionChange(before: LifecycleCounts, after: LifecycleCounts) {
  // A span's own new customers can churn in it too, so E − N and lost can leave 0…S: the tests need them in it.
  const share = (count: number, of: number) => ({ successes: Math.min(Math.max(count, 0), of), n: of });
  return {
    retention: compareProportions(
      share(before.end - before.new, before.start),
      share(after.end - after.new, after.start),
    ),
    churn: compareProportions(share(before.lost, before.start), share(after.lost, after.start)),
  };
}

/** Histogram buckets per survey, summed into one metric result. */
function scoreResult(metric: ScoreMetric, rows: HistogramRow[], scales: Map<string, SurveyScale>) {
  const bySurvey = new Map<string, ScoreCount[]>();
  for (const row of rows) {
    const list = bySurvey.get(row.survey_id) ?? [];
    list.push({ score: row.score, count: row.responses });
    bySurvey.set(row.survey_id, list);
  }
  const all = [...bySurvey.values()].flat();
  if (metric === 'nps') return npsFromCounts(npsCountsFromHistogram(all));
  if (metric === 'ces') return cesFromHistogram(all);
  // CSAT: top-two-box is comparable across scales; the mean only within one scale.
  const distinctScales = new Set(
    [...bySurvey.keys()].map((id) => `${scales.get(id)?.min}-${scales.get(id)?.max}`),
  );
  if (distinctScales.size <= 1) {
    const scale = scales.get([...bySurvey.keys()][0] ?? '') ?? { min: 1, max: 5 };
    return csatFromHistogram(all, scale);
  }
  const asFivePoint: ScoreCount[] = [];
  for (const [surveyId, histogram] of bySurvey) {
    const scale = scales.get(surveyId) as SurveyScale;
    for (const bucket of histogram)
      asFivePoint.push({ score: bucket.score >= scale.max - 1 ? 5 : 1, count: bucket.count });
  }
  return { ...csatFromHistogram(asFivePoint, { min: 1, max: 5 }), mean: null };
}

function changeBetween(
  metric: ScoreMetric,
  before: HistogramRow[],
  after: HistogramRow[],
  scales: Map<string, SurveyScale>,
) {
  const histogram = (rows: HistogramRow[]) => rows.map((row) => ({ score: row.score, count: row.responses }));
  if (metric === 'nps')
    return compareNps(npsCountsFromHistogram(histogram(before)), npsCountsFromHistogram(histogram(after)));
  if (metric === 'ces') {
    const summary = (rows: HistogramRow[]) => {
      const { n, mean, variance } = meanAndVarianceFromHistogram(histogram(rows));
      return { n, mean: mean ?? 0, variance: variance ?? 0 };
    };
    return compareMeans(summary(before), summary(after));
  }
  const satisfied = (rows: HistogramRow[]) => ({
    successes: rows.reduce((sum, row) => {
      const scale = scales.get(row.survey_id) as SurveyScale;
      return sum + (row.score >= scale.max - 1 ? row.responses : 0);
    }, 0),
    n: rows.reduce((sum, row) => sum + row.responses, 0),
  });
  return compareProportions(satisfied(before), satisfied(after));
}

const metricKind: Record<ScoreMetric, SurveyKind> = { nps: 'nps', csat: 'csat', ces: 'ces' };

export class MetricService {
  constructor(private readonly db: Db) {}

  async scoreMetric(workspaceId: string, metric: ScoreMetric, query: ScoreMetricQuery) {
    const window = windowOf(query);
    const surveys = await this.db.query<SurveyScale & { kind: SurveyKind }>(
      `SELECT id, kind, scale_min AS min, scale_max AS max FROM surveys
       WHERE workspace_id = $1 AND kind = $2 AND ($3::uuid IS NULL OR id = $3)`,
      [workspaceId, metricKind[metric], query.survey_id ?? null],
    );
    if (query.survey_id && surveys.length === 0) {
      throw Invalid.field('survey_id', `is not a ${metric.toUpperCase()} survey of this workspace`);
    }
    const scales = new Map(surveys.map((s) => [s.id, s]));
    const base = {
      workspaceId,
      surveyIds: surveys.map((s) => s.id),
      segment: query.segment,
      channel: query.channel,
      accountId: query.account_id,
    };
    const rows = await readHistogram(this.db, { ...base, ...window, by: query.by, period: query.period });
    const overall = scoreResult(metric, rows, scales);
    const groups = query.by || query.period ? this.groupsOf(metric, rows, scales) : undefined;
    let comparison: Record<string, unknown> | undefined;
    if (query.compare === 'previous') {
      const previous = previousWindow(window);
      const before = await readHistogram(this.db, { ...base, ...previous });
      comparison = {
        previous: { ...previous, ...scoreResult(metric, before, scales) },
        change: changeBetween(metric, before, rows, scales),
      };
    }
    return {
      metric,
      from: window.from,
      to: window.to,
      filters: {
        survey_id: query.survey_id,
        channel: query.channel,
        segment: query.segment,
        account_id: query.account_id,
      },
      ...overall,
      groups,
      comparison,
    };
  }

  /** Scored responses a survey has had, all time: what a response quota counts (rollup + tail, exact). */
  async countResponses(workspaceId: string, surveyId: string): Promise<number> {
    const rows = await readHistogram(this.db, {
      workspaceId,
      surveyIds: [surveyId],
      from: '1970-01-01',
      to: isoDate(Date.now() + dayMs),
    });
    return rows.reduce((sum, row) => sum + Number(row.responses), 0);
  }

  /** Scored responses of a survey per channel on the UTC days from `from` to `to` (inclusive of both days). */
  async responsesByChannel(workspaceId: string, surveyId: string, from: Date, to: Date) {
    const rows = await readHistogram(this.db, {
      workspaceId,
      surveyIds: [surveyId],
      from: isoDate(from.getTime()),
      to: isoDate(to.getTime()),
      by: 'channel',
    });
    const byChannel = new Map<string, number>();
    for (const row of rows) {
      const channel = row.group_key ?? '';
      byChannel.set(channel, (byChannel.get(channel) ?? 0) + Number(row.responses));
    }
    return byChannel;
  }

  /**
   * Each survey's all-time responses, response rate and score, for the survey list: two reads of the
   * rollups (score histograms and reach per channel) plus their live tails, whatever the number of surveys.
   */
  async surveySummaries(
    workspaceId: string,
    surveys: ReadonlyArray<{ id: string; kind: string; scale_min: number | null; scale_max: number | null }>,
  ): Promise<Map<string, SurveyReachTotals & { score: SurveyScore | null }>> {
    const rated = surveys.filter((survey) => survey.scale_min !== null && survey.scale_max !== null);
    const [histogramRows, reachRows] = await Promise.all([
      readHistogram(this.db, {
        workspaceId,
        surveyIds: rated.map((survey) => survey.id),
        from: '0001-01-01',
        to: '9999-12-31',
      }),
      readSurveyReach(
        this.db,
        workspaceId,
        surveys.map((survey) => survey.id),
      ),
    ]);
    const histograms = new Map<string, ScoreCount[]>();
    for (const row of histogramRows) {
      const list = histograms.get(row.survey_id) ?? [];
      list.push({ score: row.score, count: Number(row.responses) });
      histograms.set(row.survey_id, list);
    }
    const reach = new Map<string, ChannelReach[]>();
    for (const row of reachRows) {
      const list = reach.get(row.survey_id) ?? [];
      list.push(row);
      reach.set(row.survey_id, list);
    }
    return new Map(
      surveys.map((survey) => [
        survey.id,
        {
          ...reachTotals(reach.get(survey.id) ?? []),
          score: scoreOfSurvey(survey, histograms.get(survey.id) ?? []),
        },
      ]),
    );
  }

  private groupsOf(metric: ScoreMetric, rows: HistogramRow[], scales: Map<string, SurveyScale>) {
    const buckets = new Map<string, HistogramRow[]>();
    for (const row of rows) {
      const key = `${row.group_key ?? ''}\u0000${row.period_start ?? ''}`;
      const list = buckets.get(key) ?? [];
      list.push(row);
      buckets.set(key, list);
    }
    return [...buckets.values()]
      .map((bucket) => ({
        group: bucket[0].group_key === null ? undefined : bucket[0].group_key || null,
        period: bucket[0].period_start ?? undefined,
        ...scoreResult(metric, bucket, scales),
      }))
      .sort((a, b) => `${a.period ?? ''}${a.group ?? ''}`.localeCompare(`${b.period ?? ''}${b.group ?? ''}`));
  }

  /**
   * Retention and churn per period: S at the start, N new during, lost during, E at the end — from the
   * lifecycle rollup (customers started and churned per day and segment), never a scan of customers.
   */
  async retention(workspaceId: string, query: RetentionQuery) {
    const window = windowOf(query, 365);
    const previous = previousWindow(window);
    // Every segment is read (the rollup holds a row per day and segment, not per customer), so the answer can
    // list the segments there are to filter by; the filter applies here.
    const everySegment = await readLifecycle(this.db, workspaceId, window.to);
    const days =
      query.segment === undefined ? everySegment : everySegment.filter((d) => d.segment === query.segment);
    const periods = periodStarts(window.from, window.to, query.period);
    const groups = query.by === 'segment' ? [...new Set(days.map((d) => d.segment))].sort() : [undefined];
    const rows = groups.flatMap((group) => {
      const mine = group === undefined ? days : days.filter((d) => d.segment === group);
      return lifecycleCounts(mine, periods).map((counts, index) => ({
        period: periods[index].start,
        group: query.by ? group || null : undefined,
        ...retentionFigures(counts),
      }));
    });
    rows.sort((a, b) => `${a.period}${a.group ?? ''}`.localeCompare(`${b.period}${b.group ?? ''}`));
    // The whole window as one span, and the window before it, read from the same rows.
    const [overall, before] = lifecycleCounts(days, [spanOf(window), spanOf(previous)]);
    return {
      metric: 'retention',
      from: window.from,
      to: window.to,
      period: query.period,
      segments: [...new Set(everySegment.map((d) => d.segment))].filter(Boolean).sort(),
      overall: retentionFigures(overall),
      comparison:
        query.compare === 'previous'
          ? {
              previous: { ...previous, ...retentionFigures(before) },
              change: retentionChange(before, overall),
            }
          : undefined,
      periods: rows,
    };
  }

  /**
   * Everything the dashboard's Overview shows, in one answer: NPS, CSAT and CES for the window with their
   * change against the previous window, per period (every period, empty ones included, each with its
   * interval), per segment and per channel; and CRR and churn likewise. Five reads of the rollups in one
   * transaction and snapshot, where the per-metric endpoints would need ten requests.
   */
  async overview(workspaceId: string, query: OverviewQuery) {
    const window = windowOf(query);
    const periods = periodStarts(window.from, window.to, query.period);
    if (periods.length > maxOverviewPeriods) {
      throw Invalid.field(
        'period',
        `gives ${periods.length} ${query.period}s over these dates; at most ${maxOverviewPeriods}: choose a longer period or fewer days`,
      );
    }
    const previous = previousWindow(window);
    const surveys = await this.db.query<SurveyScale & { kind: SurveyKind }>(
      `SELECT id, kind, scale_min AS min, scale_max AS max FROM surveys
       WHERE workspace_id = $1 AND kind = ANY($2::text[])`,
      [workspaceId, Object.values(metricKind)],
    );
    const scales = new Map(surveys.map((s) => [s.id, s]));
    const kindOf = new Map(surveys.map((s) => [s.id, s.kind]));
    const base = { workspaceId, surveyIds: surveys.map((s) => s.id) };
    const filters = { segment: query.segment, channel: query.channel };
    const read = await readHistogramsAndLifecycle(
      this.db,
      [
        { ...base, ...window, ...filters, period: query.period },
        { ...base, ...previous, ...filters },
        // Each breakdown leaves out its own filter: it shows every segment (channel) beside the chosen one.
        { ...base, ...window, channel: query.channel, by: 'segment' },
        { ...base, ...window, segment: query.segment, by: 'channel' },
      ],
      { workspaceId, lastDay: window.to, segment: query.segment },
    );
    const [current, before, bySegment, byChannel] = read.histograms;
    const days = read.lifecycle;

    const scoreSection = (metric: ScoreMetric) => {
      const mine = (rows: HistogramRow[]) => rows.filter((row) => kindOf.get(row.survey_id) === metric);
      const now = mine(current);
      const then = mine(before);
      const byPeriod = new Map<string, HistogramRow[]>();
      for (const row of now) {
        const list = byPeriod.get(row.period_start ?? '') ?? [];
        list.push(row);
        byPeriod.set(row.period_start ?? '', list);
      }
      return {
        ...scoreResult(metric, now, scales),
        surveys: surveys.filter((s) => s.kind === metric).length,
        comparison: {
          previous: { ...previous, ...scoreResult(metric, then, scales) },
          change: changeBetween(metric, then, now, scales),
        },
        periods: periods.map(({ start }) => ({
          period: start,
          ...scoreResult(metric, byPeriod.get(start) ?? [], scales),
        })),
        segments: this.groupsOf(metric, mine(bySegment), scales),
        channels: this.groupsOf(metric, mine(byChannel), scales),
      };
    };

    const [overall, earlier, ...perPeriod] = lifecycleCounts(days, [
      spanOf(window),
      spanOf(previous),
      ...periods,
    ]);
    return {
      metric: 'overview',
      from: window.from,
      to: window.to,
      period: query.period,
      filters,
      previous,
      nps: scoreSection('nps'),
      csat: scoreSection('csat'),
      ces: scoreSection('ces'),
      // Customers have a segment but no channel: retention follows the segment filter only.
      retention: {
        ...retentionFigures(overall),
        comparison: {
          previous: { ...previous, ...retentionFigures(earlier) },
          change: retentionChange(earlier, overall),
        },
        periods: perPeriod.map((counts, index) => ({
          period: periods[index].start,
          ...retentionFigures(counts),
        })),
      },
    };
  }

  private async currencyOf(workspaceId: string, requested?: string) {
    if (requested) return requested;
    const [row] = await this.db.query<{ currency: string }>('SELECT currency FROM workspaces WHERE id = $1', [
      workspaceId,
    ]);
    return row?.currency.trim() ?? 'USD';
  }

  /** Simple CLV = average purchase value × purchases per year × lifespan (years) − acquisition cost. */
  async clv(workspaceId: string, query: ClvQuery) {
    const currency = await this.currencyOf(workspaceId, query.currency);
    const [measured] = await this.db.query<{
      customers: number;
      revenue: number;
      purchases: number;
      tenure_years: number;
    }>(
      `SELECT count(*) AS customers, coalesce(sum(r.revenue_minor), 0) AS revenue, coalesce(sum(r.purchases), 0) AS purchases,
         coalesce(sum(greatest(extract(epoch FROM coalesce(c.churned_at, now()) - c.started_at), 30 * 86400)), 0)
           / (365.25 * 86400) AS tenure_years
       FROM customer_revenue r JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
       WHERE r.workspace_id = $1 AND r.currency = $2 AND ($3::text IS NULL OR c.segment = $3)`,
      [workspaceId, currency, query.segment ?? null],
    );
    const [churn] = await this.db.query<{ s: number; lost: number }>(
      `SELECT count(*) FILTER (WHERE started_at < now() - interval '1 year'
                                 AND (churned_at IS NULL OR churned_at >= now() - interval '1 year')) AS s,
              count(*) FILTER (WHERE started_at < now() - interval '1 year'
                                 AND churned_at >= now() - interval '1 year') AS lost
       FROM customers WHERE workspace_id = $1 AND ($2::text IS NULL OR segment = $2)`,
      [workspaceId, query.segment ?? null],
    );
    const annualChurn = churnRate({ start: churn.s, lost: churn.lost });
    const averagePurchaseValue = measured.purchases > 0 ? measured.revenue / measured.purchases : null;
    const purchasesPerYear = measured.tenure_years > 0 ? measured.purchases / measured.tenure_years : null;
    const lifespanYears =
      query.lifespan_years ?? (annualChurn.rate && annualChurn.rate > 0 ? 100 / annualChurn.rate : null);
    const acquisitionCost = query.acquisition_cost ?? 0;
    const clv =
      averagePurchaseValue !== null && purchasesPerYear !== null && lifespanYears !== null
        ? simpleClv({ averagePurchaseValue, purchasesPerYear, lifespanYears, acquisitionCost })
        : null;
    return {
      metric: 'clv',
      currency,
      clv: clv === null ? null : Math.round(clv),
      n: measured.customers,
      inputs: {
        average_purchase_value: averagePurchaseValue === null ? null : Math.round(averagePurchaseValue),
        purchases_per_year: purchasesPerYear,
        lifespan_years: lifespanYears,
        lifespan_source: query.lifespan_years !== undefined ? 'given' : 'one over the annual churn rate',
        annual_churn: annualChurn,
        acquisition_cost: acquisitionCost,
        purchases: measured.purchases,
        revenue: measured.revenue,
      },
      note:
        clv === null ? 'Not enough history: give lifespan_years, or record purchases and churn.' : undefined,
    };
  }

  /** The 80/20 view: share of revenue held by the top customers, the Lorenz curve and the Gini coefficient. */
  async concentration(workspaceId: string, query: ConcentrationQuery) {
    const currency = await this.currencyOf(workspaceId, query.currency);
    const rows = await this.db.query<{
      customer_id: string;
      external_id: string | null;
      email: string | null;
      revenue: number;
    }>(
      `SELECT r.customer_id, c.external_id, c.email, r.revenue_minor AS revenue
       FROM customer_revenue r JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
       WHERE r.workspace_id = $1 AND r.currency = $2 AND ($3::text IS NULL OR c.segment = $3)
       ORDER BY r.revenue_minor DESC, r.customer_id`,
      [workspaceId, currency, query.segment ?? null],
    );
    const result = revenueConcentration(
      rows.map((row) => row.revenue),
      query.top,
    );
    return {
      metric: 'concentration',
      currency,
      top_fraction: query.top,
      ...result,
      top_customers: rows.slice(0, Math.min(result.topCount, query.limit)).map((row) => ({
        customer_id: row.customer_id,
        external_id: row.external_id,
        email: row.email,
        revenue: row.revenue,
      })),
    };
  }
}
