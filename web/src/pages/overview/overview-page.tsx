// The Overview, the first page after sign-in: NPS, CSAT, CES, retention and churn for the chosen dates, each
// with its margin of error, n and the change against the previous period with its significance; then the
// trends, breakdowns and volume. Cards come with the first load; the charts (ECharts) load beside the data.
import { lazy, type ReactNode, Suspense } from 'react';
import { Link } from 'wouter';
import { EmptyState, Page } from '../../components/page.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { type Overview, type ScoreSection, useOverview } from './api.ts';
import { figures, formatWhole } from './figures.ts';
import { CardFrame, ChangeLine, MeasuredFigures, RateCard, type Status, statusOf } from './metric-card.tsx';
import './overview.css';
import { PeriodPicker } from './period-picker.tsx';
import {
  customChanges,
  formatDay,
  type Granularity,
  granularityFromUrl,
  metricFromUrl,
  overviewKeys,
  presetChanges,
  presetDays,
  type ScoreMetricName,
  todayUtc,
  windowFromUrl,
  windowLabel,
} from './view.ts';

// Requested when the page first renders, so the chart code downloads while the figures are being read.
const OverviewCharts = lazy(() => import('./overview-charts.tsx'));

const scoreCards = [
  {
    metric: 'nps',
    title: 'NPS',
    help: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6)',
    unit: 'pts',
    better: 'up',
  },
  {
    metric: 'csat',
    title: 'CSAT',
    help: 'Share of satisfied answers (the top two boxes of the scale)',
    unit: 'pts',
    better: 'up',
  },
  {
    metric: 'ces',
    title: 'CES',
    help: 'Mean customer effort on 1–7 (higher is easier)',
    unit: 'scale',
    better: 'up',
  },
] as const;

const granularityNames: Record<Granularity, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

function ScoreCard({
  card,
  section,
  status,
  previousLabel,
}: {
  card: (typeof scoreCards)[number];
  section: ScoreSection | undefined;
  status: Status;
  previousLabel: string;
}) {
  const id = `metric-${card.metric}`;
  let body: ReactNode = null;
  if (section && section.n === 0) {
    body = (
      <>
        <p className="score" data-testid="score">
          —
        </p>
        <p className="card-muted">No responses in this period yet.</p>
        {section.surveys === 0 ? (
          <p className="card-next">
            <Link href="~/surveys">Create a {card.title} survey</Link> to measure it.
          </p>
        ) : null}
      </>
    );
  } else if (section) {
    const previous = section.comparison.previous;
    const previousShown =
      previous.n === 0
        ? 'no responses'
        : `${figures({ ...previous, metric: card.metric }).score} (n = ${formatWhole(previous.n)})`;
    body = (
      <MeasuredFigures
        shown={figures({ ...section, metric: card.metric })}
        n={section.n}
        nLabel="Responses"
        previous={previousShown}
        change={
          <ChangeLine
            change={section.comparison.change}
            unit={card.unit}
            better={card.better}
            previousLabel={previousLabel}
          />
        }
      />
    );
  }
  return (
    <CardFrame id={id} title={card.title} help={card.help} status={status}>
      {body}
    </CardFrame>
  );
}

/** What to do next when the page has nothing to show: no surveys at all, or no answers in these dates. */
function NextStep({ overview }: { overview: Overview }) {
  const sections = [overview.nps, overview.csat, overview.ces];
  if (sections.every((section) => section.surveys === 0)) {
    return (
      <EmptyState title="No surveys yet">
        <p>
          Heed measures NPS, CSAT and CES from your customers’ answers. Create a survey, then share its link
          or add the widget to your site; the first answers appear here within seconds.
        </p>
        <p>
          <Link href="~/surveys">Create a survey</Link>
        </p>
      </EmptyState>
    );
  }
  if (sections.every((section) => section.n === 0)) {
    return (
      <EmptyState title="No responses in these dates">
        <p>
          Choose a longer period above, or share your survey to collect answers:{' '}
          <Link href="~/surveys">go to Surveys</Link>.
        </p>
      </EmptyState>
    );
  }
  return null;
}

export function OverviewPage() {
  const [url, setUrl] = useUrlState(overviewKeys);
  const dates = windowFromUrl(url, todayUtc());
  const granularity = granularityFromUrl(url, dates);
  const metric = metricFromUrl(url);
  const query = useOverview({
    from: dates.from,
    to: dates.to,
    period: granularity.period,
    segment: url.segment,
    channel: url.channel,
  });
  const overview = query.data;
  const status = statusOf(query.error, overview);
  const previousLabel =
    dates.preset !== null
      ? `the previous ${dates.preset} days`
      : overview
        ? `${formatDay(overview.previous.from)} – ${formatDay(overview.previous.to)}`
        : 'the previous period';

  const groups = (pick: (section: ScoreSection) => Array<{ group: string | null }>, chosen?: string) => {
    const names = new Set<string>();
    if (overview)
      for (const section of [overview.nps, overview.csat, overview.ces]) {
        for (const row of pick(section)) if (row.group) names.add(row.group);
      }
    if (chosen) names.add(chosen);
    return [...names].sort((a, b) => a.localeCompare(b));
  };
  const segments = groups((section) => section.segments, url.segment);
  const channels = groups((section) => section.channels, url.channel);

  return (
    <Page
      title="Overview"
      subtitle={`${windowLabel(dates)} · ${granularityNames[granularity.period].toLowerCase()} trends · 95% margins of error`}
    >
      <form
        className="filters overview-filters"
        aria-label="What the Overview shows"
        onSubmit={(event) => event.preventDefault()}
      >
        <PeriodPicker
          dates={dates}
          presets={presetDays}
          onPreset={(days) => setUrl(presetChanges(days), { push: true })}
          onCustom={(from, to) => setUrl(customChanges(from, to))}
        />
        <label>
          Granularity
          <select
            value={granularity.period}
            onChange={(event) => setUrl({ period: event.target.value }, { push: true })}
          >
            {(['day', 'week', 'month'] as const).map((period) => (
              <option key={period} value={period}>
                {granularityNames[period]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Segment
          <select
            value={url.segment ?? ''}
            onChange={(event) => setUrl({ segment: event.target.value }, { push: true })}
          >
            <option value="">All segments</option>
            {segments.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select
            value={url.channel ?? ''}
            onChange={(event) => setUrl({ channel: event.target.value }, { push: true })}
          >
            <option value="">All channels</option>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </label>
      </form>
      {granularity.adjusted ? (
        <p className="notice" role="status">
          Daily figures cover at most 400 days: showing weeks for these dates.
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {overview && query.isPlaceholderData ? 'Updating…' : ''}
      </p>
      {overview ? <NextStep overview={overview} /> : null}
      <div
        className={query.isPlaceholderData ? 'cards overview-cards updating' : 'cards overview-cards'}
        aria-busy={query.isPlaceholderData}
      >
        {scoreCards.map((card) => (
          <ScoreCard
            key={card.metric}
            card={card}
            section={overview?.[card.metric]}
            status={status}
            previousLabel={previousLabel}
          />
        ))}
        <RateCard
          id="metric-retention"
          which="retention"
          figures={overview?.retention}
          title="Retention (CRR)"
          help="Customers at the start still here at the end: (E − N) ÷ S"
          better="up"
          status={status}
          previousLabel={previousLabel}
        />
        <RateCard
          id="metric-churn"
          which="churn"
          figures={overview?.retention}
          title="Churn"
          help="Customers lost during the period ÷ customers at its start"
          better="down"
          status={status}
          previousLabel={previousLabel}
        />
      </div>
      {url.channel ? (
        <p className="card-muted overview-note">
          Retention and churn count customers, who have a segment but no channel: the channel filter does not
          apply to them.
        </p>
      ) : null}
      <Suspense fallback={<ChartsLoading />}>
        <OverviewCharts
          overview={overview}
          metric={metric}
          onMetric={(chosen: ScoreMetricName) => setUrl({ metric: chosen === 'nps' ? undefined : chosen })}
          segment={url.segment}
          channel={url.channel}
        />
      </Suspense>
    </Page>
  );
}

function ChartsLoading() {
  return (
    <div id="overview-charts" className="overview-charts" aria-busy="true">
      <p className="card-muted">Loading charts…</p>
    </div>
  );
}
