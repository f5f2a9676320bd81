// Themes › overview: emerging issues with their evidence, every theme with its volume, sentiment, scores and
// weekly trend, and the key drivers of NPS or CSAT. The period, kind and metric live in the URL.
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { call, useGet } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import type { ChartOption } from '../../components/echarts.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatCount, formatDate } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { type DriverList, type EmergingList, paths, type ThemeList, type ThemeSummary } from './api.ts';
import { Sparkline } from './sparkline.tsx';
import {
  driverTable,
  evidenceText,
  periods,
  scoreText,
  sentimentText,
  sentimentTone,
  shareText,
  trendTable,
  weeksOf,
  windowParams,
} from './view.ts';

/** The weekly-volume chart draws this many themes, the largest: more lines are unreadable. */
const chartedThemes = 6;

export function ThemesPage() {
  const [filters, setFilters] = useUrlState(['weeks', 'kind', 'metric'] as const);
  const weeks = weeksOf(filters.weeks);
  const kind = filters.kind === 'auto' || filters.kind === 'tag' ? filters.kind : undefined;
  const metric = filters.metric === 'csat' ? 'csat' : 'nps';
  // Today changes at most once a day; fixing it per render keeps the query key stable.
  const window = useMemo(() => windowParams(weeks, new Date()), [weeks]);
  const themes = useGet<ThemeList>(paths.themes, { ...window, kind }, { keepPrevious: true });

  return (
    <Page
      title="Themes"
      subtitle="What customers write about, found in every comment and feedback item: how often, how they feel, and what moves your scores."
    >
      <div className="filters">
        <label>
          Period
          <select
            value={String(weeks)}
            onChange={(event) =>
              setFilters({ weeks: Number(event.target.value) === 12 ? undefined : event.target.value })
            }
          >
            {periods.map((period) => (
              <option key={period.weeks} value={period.weeks}>
                {period.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select
            value={kind ?? ''}
            onChange={(event) => setFilters({ kind: event.target.value || undefined })}
          >
            <option value="">Themes and tags</option>
            <option value="auto">Automatic themes</option>
            <option value="tag">Tags</option>
          </select>
        </label>
      </div>

      <Emerging />

      <section className="section" aria-labelledby="themes-heading">
        <h2 id="themes-heading">All themes</h2>
        <QueryStatus isLoading={themes.isLoading} error={themes.error} />
        {themes.data ? <ThemeFigures list={themes.data} weeks={weeks} /> : null}
      </section>

      <Drivers
        metric={metric}
        window={window}
        onMetric={(next) => setFilters({ metric: next === 'nps' ? undefined : next })}
      />
    </Page>
  );
}

function Emerging() {
  const emerging = useGet<EmergingList>(paths.emerging);
  return (
    <section className="section" aria-labelledby="emerging-heading">
      <h2 id="emerging-heading">Emerging issues</h2>
      <QueryStatus isLoading={emerging.isLoading} error={emerging.error} />
      {emerging.data && emerging.data.data.length === 0 ? (
        <p className="card-muted theme-emerging-none">
          Nothing is emerging in the week of {formatDate(emerging.data.week)}. A theme is flagged here when
          its comments this week rise significantly above its share of the previous{' '}
          {emerging.data.baseline_weeks} weeks.
        </p>
      ) : null}
      {emerging.data && emerging.data.data.length > 0 ? (
        <ul className="theme-emerging-list">
          {emerging.data.data.map(({ theme, evidence }) => (
            <li key={theme.id} className="card theme-emerging-card">
              <p className="theme-emerging-title">
                <span className="theme-badge theme-badge-bad">Emerging</span>{' '}
                <Link href={`/${theme.id}`}>{theme.label}</Link>
              </p>
              <p className="theme-emerging-evidence">{evidenceText(evidence)}</p>
              <details>
                <summary>How this was tested</summary>
                <p className="card-muted">{evidence.test}</p>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ThemeFigures({ list, weeks }: { list: ThemeList; weeks: number }) {
  const canManage = useCan('manage');
  const charted = useMemo(
    () => list.data.filter((theme) => theme.volume > 0).slice(0, chartedThemes),
    [list.data],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 40, bottom: 40 },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'category', data: charted[0]?.trend.map((point) => point.week) ?? [] },
      yAxis: { type: 'value', minInterval: 1 },
      series: charted.map((theme) => ({
        type: 'line',
        name: theme.label,
        data: theme.trend.map((point) => point.comments),
      })),
    }),
    [charted],
  );

  if (list.data.length === 0)
    return (
      <EmptyState title="No themes yet">
        <p>
          Heed finds recurring topics in comments by itself: the follow-up answers of your surveys and every
          piece of feedback. Themes appear once a few dozen comments have arrived.
        </p>
        <p>
          <Link href="~/surveys">Create a survey</Link> with a follow-up question, or send feedback with{' '}
          <code>POST /v1/feedback</code>.
        </p>
        {canManage ? <FindThemesNow /> : null}
      </EmptyState>
    );
  return (
    <>
      <p className="card-muted">
        {formatCount(list.comments)} analysed comments in the weeks of {formatDate(list.from_week)} to{' '}
        {formatDate(list.to_week)}; largest themes first.
      </p>
      {charted.length > 0 ? (
        <Chart
          title={`Weekly comments of the ${charted.length === 1 ? 'largest theme' : `${charted.length} largest themes`}`}
          description={`Comments per week mentioning each theme, over the last ${weeks} weeks.`}
          option={option}
          table={trendTable(charted)}
          fileName="theme-trends"
        />
      ) : null}
      <div className="table-scroll theme-table-wrap">
        <table className="data-table theme-table">
          <caption className="visually-hidden">Themes with their figures</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Comments</th>
              <th scope="col">Sentiment</th>
              <th scope="col">NPS</th>
              <th scope="col">CSAT</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((theme) => (
              <ThemeRow key={theme.id} theme={theme} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ThemeRow({ theme }: { theme: ThemeSummary }) {
  const counts = theme.trend.map((point) => point.comments);
  return (
    <tr>
      <th scope="row">
        <Link href={`/${theme.id}`}>{theme.label}</Link>
        {theme.kind === 'tag' ? <span className="theme-badge theme-badge-neutral">Tag</span> : null}
        {theme.retired_at ? <span className="theme-badge theme-badge-neutral">Retired</span> : null}
      </th>
      <td>
        {formatCount(theme.volume)} <span className="theme-muted">({shareText(theme.share)})</span>
      </td>
      <td>
        <span className={`theme-tone theme-tone-${sentimentTone(theme.sentiment.average)}`}>
          {sentimentText(theme.sentiment.average)}
        </span>
        <span className="theme-muted theme-nowrap">
          {' '}
          {theme.sentiment.positive} positive · {theme.sentiment.negative} negative
        </span>
      </td>
      <td className="theme-nowrap">{scoreText('nps', theme.nps)}</td>
      <td className="theme-nowrap">{scoreText('csat', theme.csat)}</td>
      <td>
        <Sparkline
          values={counts}
          label={`Comments per week, oldest first: ${counts.join(', ')}`}
          width={96}
          height={24}
        />
      </td>
    </tr>
  );
}

/** For a new workspace: queue theme discovery now rather than waiting for the periodic job. */
function FindThemesNow() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<'idle' | 'busy' | 'queued' | 'failed'>('idle');
  async function queue() {
    setState('busy');
    try {
      await call('POST', paths.analysisRuns, { kind: 'retheme' });
      setState('queued');
      // Discovery runs in the background; look again shortly.
      setTimeout(() => queryClient.invalidateQueries({ queryKey: [paths.themes] }), 5000);
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={queue}
        disabled={state === 'busy' || state === 'queued'}
      >
        Look for themes now
      </button>
      <p role="status" className="card-muted">
        {state === 'queued' ? 'Queued: themes appear here when the analysis has run.' : null}
        {state === 'failed' ? 'The analysis could not be queued. Try again in a moment.' : null}
      </p>
    </>
  );
}

function Drivers({
  metric,
  window,
  onMetric,
}: {
  metric: 'nps' | 'csat';
  window: { from?: string; to?: string };
  onMetric: (metric: 'nps' | 'csat') => void;
}) {
  const drivers = useGet<DriverList>(paths.drivers, { ...window, metric }, { keepPrevious: true });
  const name = metric.toUpperCase();
  const data = drivers.data?.data ?? [];
  const option = useMemo<ChartOption>(() => {
    // Largest effect at the top: a horizontal bar chart lists its categories bottom up.
    const shown = [...data].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: `${name} difference`, nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: shown.map((driver) => driver.theme.label) },
      series: [
        {
          type: 'bar',
          name: `${name} with theme − without`,
          data: shown.map((driver) => ({
            value: driver.difference.value,
            itemStyle: { color: driver.difference.value < 0 ? '#b42318' : '#12a37f' },
          })),
        },
      ],
    };
  }, [data, name]);
  const table = useMemo(() => driverTable(data, metric), [data, metric]);

  return (
    <section className="section" aria-labelledby="drivers-heading">
      <div className="themes-section-head">
        <h2 id="drivers-heading">Key drivers of {name}</h2>
        <label>
          Score
          <select
            value={metric}
            onChange={(event) => onMetric(event.target.value === 'csat' ? 'csat' : 'nps')}
          >
            <option value="nps">NPS</option>
            <option value="csat">CSAT</option>
          </select>
        </label>
      </div>
      <p className="card-muted">
        Each theme’s {name} against the {name} of responses that do not mention it, ranked by their effect.
        The potential gain is how much your overall {name} would rise if those responses scored like the rest.
      </p>
      <QueryStatus isLoading={drivers.isLoading} error={drivers.error} />
      {drivers.data && data.length === 0 ? (
        <EmptyState title="Not enough scored comments yet">
          <p>
            A theme needs at least 10 {name} responses with a comment that mention it before its effect can be
            measured. Ask a follow-up question (“What is the main reason for your score?”) on your {name}{' '}
            survey.
          </p>
        </EmptyState>
      ) : null}
      {data.length > 0 ? (
        <>
          <Chart
            title={`Effect of each theme on ${name}`}
            description={`${name} of responses mentioning the theme minus ${name} of those that do not; negative pulls ${name} down.`}
            option={option}
            table={table}
            fileName={`drivers-${metric}`}
            height={Math.max(180, 36 * data.length + 60)}
          />
          <ol className="theme-driver-list">
            {data.map((driver) => (
              <li key={driver.theme.id}>
                <Link href={`/${driver.theme.id}`}>{driver.theme.label}</Link>: {driver.summary}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
