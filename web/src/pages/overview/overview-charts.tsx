// The Overview's charts, loaded beside its data (ECharts is most of their weight): a trend per metric with
// its 95% band, retention and churn per period, the response volume, and the breakdowns by segment and
// channel. Each chart has its table and CSV (components/chart.tsx).
import { useMemo } from 'react';
import { Chart } from '../../components/chart.tsx';
import type { Overview, ScoreFigures, ScoreSection } from './api.ts';
import {
  type BandLine,
  type BandPoint,
  type BreakdownRow,
  bandOption,
  breakdownHeight,
  breakdownOption,
  breakdownTable,
  rounded,
  trendTable,
  type VolumeSeries,
  volumeOption,
  volumeTable,
} from './chart-options.ts';
import { formatWhole } from './figures.ts';
import type { Granularity, ScoreMetricName } from './view.ts';

interface MetricLook {
  name: string;
  color: string;
  /** Digits the tables keep. */
  digits: number;
  format: (value: number) => string;
  value: (figures: ScoreFigures) => number | null;
  yMin: number;
  yMax: number;
  description: string;
}

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedWhole = (value: number) => `${value > 0 ? '+' : ''}${formatWhole(value)}`;
const percent = (value: number) => `${oneDecimal.format(value)}%`;

const looks: Record<ScoreMetricName, MetricLook> = {
  nps: {
    name: 'NPS',
    color: '#3b4fd8',
    digits: 1,
    format: signedWhole,
    value: (f) => f.nps ?? null,
    yMin: -100,
    yMax: 100,
    description: 'NPS per period; the shaded band is its 95% interval.',
  },
  csat: {
    name: 'CSAT',
    color: '#12a37f',
    digits: 1,
    format: percent,
    value: (f) => f.csat ?? null,
    yMin: 0,
    yMax: 100,
    description: 'CSAT (% satisfied) per period; the shaded band is its 95% interval.',
  },
  ces: {
    name: 'CES',
    color: '#c25a0c',
    digits: 2,
    format: (value) => twoDecimals.format(value),
    value: (f) => f.ces ?? null,
    yMin: 1,
    yMax: 7,
    description: 'Mean effort score (1–7, higher is easier) per period; the shaded band is its 95% interval.',
  },
};

const retentionColor = '#7a5af8';
const churnColor = '#b42318';
/** The breakdown's bar for the segment or channel the page is filtered to. */
const chosenColor = '#1c2430';

const metrics: ScoreMetricName[] = ['nps', 'csat', 'ces'];

const pointsOf = (section: ScoreSection, look: MetricLook): BandPoint[] =>
  section.periods.map((period) => ({
    value: look.value(period),
    interval: period.confidenceInterval,
    n: period.n,
  }));

function TrendChart({
  metric,
  section,
  granularity,
}: {
  metric: ScoreMetricName;
  section: ScoreSection;
  granularity: Granularity;
}) {
  const look = looks[metric];
  const { option, table } = useMemo(() => {
    const periods = section.periods.map((p) => p.period);
    const points = pointsOf(section, looks[metric]);
    const { name, color, format, yMin, yMax, digits } = looks[metric];
    return {
      option: bandOption({ periods, granularity, lines: [{ name, color, points, format }], yMin, yMax }),
      table: trendTable(periods, name, points, digits),
    };
  }, [metric, section, granularity]);
  return (
    <Chart
      title={`${look.name} trend`}
      description={look.description}
      option={option}
      table={table}
      fileName={`${metric}-trend`}
      height={240}
    />
  );
}

function RetentionChart({ overview, granularity }: { overview: Overview; granularity: Granularity }) {
  const periods = overview.retention.periods;
  const { option, table } = useMemo(() => {
    const lines: BandLine[] = [
      {
        name: 'Retention (CRR)',
        color: retentionColor,
        format: percent,
        points: periods.map((p) => ({
          value: p.retention.rate,
          interval: p.retention.confidenceInterval,
          n: p.start,
        })),
      },
      {
        name: 'Churn',
        color: churnColor,
        format: percent,
        points: periods.map((p) => ({
          value: p.churn.rate,
          interval: p.churn.confidenceInterval,
          n: p.start,
        })),
      },
    ];
    return {
      option: bandOption({ periods: periods.map((p) => p.period), granularity, lines, yMin: 0, yMax: 100 }),
      table: {
        columns: [
          'Period start',
          'Customers at start (S)',
          'New (N)',
          'Lost',
          'At end (E)',
          'CRR %',
          'Churn %',
        ],
        rows: periods.map((p) => [
          p.period,
          p.start,
          p.new,
          p.lost,
          p.end,
          rounded(p.retention.rate, 1),
          rounded(p.churn.rate, 1),
        ]),
      },
    };
  }, [periods, granularity]);
  return (
    <Chart
      title="Retention and churn"
      description="Customer retention rate and churn rate per period, each with its 95% interval."
      option={option}
      table={table}
      fileName="retention-trend"
      height={240}
    />
  );
}

function VolumeChart({ overview, granularity }: { overview: Overview; granularity: Granularity }) {
  const { option, table } = useMemo(() => {
    const periods = overview.nps.periods.map((p) => p.period);
    const series: VolumeSeries[] = metrics
      .filter((metric) => overview[metric].surveys > 0)
      .map((metric) => ({
        name: looks[metric].name,
        color: looks[metric].color,
        counts: overview[metric].periods.map((p) => p.n),
      }));
    return { option: volumeOption({ periods, granularity, series }), table: volumeTable(periods, series) };
  }, [overview, granularity]);
  return (
    <Chart
      title="Response volume"
      description="Scored responses per period, by survey kind: how much each period's figures rest on."
      option={option}
      table={table}
      fileName="response-volume"
      height={220}
    />
  );
}

function BreakdownChart({
  metric,
  section,
  by,
  chosen,
}: {
  metric: ScoreMetricName;
  section: ScoreSection;
  by: 'segment' | 'channel';
  chosen: string | undefined;
}) {
  const look = looks[metric];
  const groups = by === 'segment' ? section.segments : section.channels;
  const rows: BreakdownRow[] = useMemo(
    () =>
      [...groups]
        .sort((a, b) => b.n - a.n)
        .map((group) => ({
          label: group.group ?? (by === 'segment' ? 'No segment' : 'No channel'),
          value: look.value(group),
          interval: group.confidenceInterval,
          n: group.n,
          chosen: chosen !== undefined && group.group === chosen,
        })),
    [groups, by, chosen, look],
  );
  const option = useMemo(
    () => breakdownOption({ rows, name: look.name, color: look.color, chosenColor, format: look.format }),
    [rows, look],
  );
  const title = `${look.name} by ${by}`;
  return (
    <Chart
      title={title}
      description={`${look.name} per ${by} (every ${by}, also when the page is filtered to one); the dot is the value, the bar its 95% interval.`}
      option={option}
      table={breakdownTable(rows, by === 'segment' ? 'Segment' : 'Channel', look.name, look.digits)}
      fileName={`${metric}-by-${by}`}
      height={breakdownHeight(rows.filter((row) => row.value !== null).length)}
    />
  );
}

interface Props {
  overview: Overview | undefined;
  metric: ScoreMetricName;
  onMetric: (metric: ScoreMetricName) => void;
  segment?: string;
  channel?: string;
}

export default function OverviewCharts({ overview, metric, onMetric, segment, channel }: Props) {
  if (!overview) {
    return (
      <div id="overview-charts" className="overview-charts" aria-busy="true">
        <p className="card-muted">Loading charts…</p>
      </div>
    );
  }
  // Charts follow the answer's granularity, not the picker's: while a new answer loads, the old one stays.
  const shownGranularity = overview.period;
  const measured = metrics.filter((m) => overview[m].n > 0);
  const retentionMeasured = overview.retention.periods.some((p) => p.retention.rate !== null);
  const breakdown = overview[metric];
  return (
    <div id="overview-charts" className="overview-charts" aria-busy="false">
      {measured.length > 0 || retentionMeasured ? (
        <section className="section" aria-labelledby="trends-title">
          <h2 id="trends-title">Trends</h2>
          <div className="chart-grid">
            {measured.map((m) => (
              <TrendChart key={m} metric={m} section={overview[m]} granularity={shownGranularity} />
            ))}
            {retentionMeasured ? <RetentionChart overview={overview} granularity={shownGranularity} /> : null}
            {measured.length > 0 ? <VolumeChart overview={overview} granularity={shownGranularity} /> : null}
          </div>
          {metrics
            .filter((m) => overview[m].surveys > 0 && overview[m].n === 0)
            .map((m) => (
              <p key={m} className="card-muted">
                No {looks[m].name} responses in these dates.
              </p>
            ))}
        </section>
      ) : null}
      {measured.length > 0 ? (
        <section className="section" aria-labelledby="breakdown-title">
          <div className="breakdown-head">
            <h2 id="breakdown-title">Breakdown</h2>
            <fieldset className="segmented">
              <legend className="visually-hidden">Metric to break down</legend>
              {metrics.map((m) => (
                <label key={m} className={m === metric ? 'segmented-option checked' : 'segmented-option'}>
                  <input
                    type="radio"
                    name="breakdown-metric"
                    value={m}
                    checked={m === metric}
                    onChange={() => onMetric(m)}
                  />
                  {looks[m].name}
                </label>
              ))}
            </fieldset>
          </div>
          {breakdown.n > 0 ? (
            <div className="chart-grid">
              <BreakdownChart metric={metric} section={breakdown} by="segment" chosen={segment} />
              <BreakdownChart metric={metric} section={breakdown} by="channel" chosen={channel} />
            </div>
          ) : (
            <p className="card-muted">No {looks[metric].name} responses in these dates to break down.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
