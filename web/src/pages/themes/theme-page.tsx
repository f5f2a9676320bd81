// Themes › one theme: its figures over the period, weekly trend, the emerging-issue test and the newest example
// comments (the customers' words, shown as text); those who manage the workspace can rename it.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, call, useGet } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import type { ChartOption } from '../../components/echarts.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatCount, formatDate, formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { paths, type ThemeDetail } from './api.ts';
import {
  evidenceText,
  periods,
  scoreText,
  sentimentText,
  sentimentTone,
  shareText,
  weeksOf,
  windowParams,
} from './view.ts';

export function ThemePage({ id }: { id: string }) {
  const [filters, setFilters] = useUrlState(['weeks'] as const);
  const weeks = weeksOf(filters.weeks);
  const window = useMemo(() => windowParams(weeks, new Date()), [weeks]);
  const theme = useGet<ThemeDetail>(paths.theme(id), window, { keepPrevious: true });
  const back = (
    <Link href={`~/themes${filters.weeks ? `?weeks=${weeks}` : ''}`} className="themes-back">
      ← All themes
    </Link>
  );
  if (theme.error instanceof ApiError && (theme.error.status === 404 || theme.error.status === 400))
    return (
      <Page title="Theme not found">
        {back}
        <EmptyState title="There is no such theme">
          <p>The link may be mistyped, or the tag was deleted. The list of themes has every current one.</p>
        </EmptyState>
      </Page>
    );
  const data = theme.data;
  return (
    <Page
      title={data ? data.label : 'Theme'}
      subtitle={
        data
          ? data.kind === 'tag'
            ? 'Tag, applied by hand or by auto-tag rules'
            : `Found automatically${data.terms.length > 0 ? ` around: ${data.terms.join(', ')}` : ''}`
          : undefined
      }
    >
      {back}
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
      </div>
      <QueryStatus isLoading={theme.isLoading} error={theme.error} />
      {data ? <ThemeBody theme={data} weeks={weeks} /> : null}
    </Page>
  );
}

function ThemeBody({ theme, weeks }: { theme: ThemeDetail; weeks: number }) {
  const canManage = useCan('manage');
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: theme.trend.map((point) => point.week) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: 'Comments', data: theme.trend.map((point) => point.comments) }],
    }),
    [theme.trend],
  );
  return (
    <>
      {theme.retired_at ? (
        <p className="notice">
          No longer found in recent comments since {formatDate(theme.retired_at)}; its history stays here.
        </p>
      ) : null}
      <div className="cards">
        <div className="card theme-figure">
          <p className="theme-figure-label">Comments</p>
          <p className="theme-figure-value">{formatCount(theme.volume)}</p>
          <p className="card-muted">{shareText(theme.share)} of all analysed comments</p>
        </div>
        <div className="card theme-figure">
          <p className="theme-figure-label">Sentiment</p>
          <p className={`theme-figure-value theme-tone theme-tone-${sentimentTone(theme.sentiment.average)}`}>
            {sentimentText(theme.sentiment.average)}
          </p>
          <p className="card-muted">
            {theme.sentiment.positive} positive · {theme.sentiment.negative} negative
          </p>
        </div>
        <div className="card theme-figure">
          <p className="theme-figure-label">NPS of these responses</p>
          <p className="theme-figure-value">{scoreText('nps', theme.nps)}</p>
        </div>
        <div className="card theme-figure">
          <p className="theme-figure-label">CSAT of these responses</p>
          <p className="theme-figure-value">{scoreText('csat', theme.csat)}</p>
        </div>
      </div>

      <section className="section" aria-labelledby="theme-emerging">
        <h2 id="theme-emerging">Emerging-issue test</h2>
        {theme.emerging ? (
          <div className="card">
            <p className="theme-emerging-title">
              {theme.emerging.emerging ? (
                <span className="theme-badge theme-badge-bad">Emerging</span>
              ) : (
                <span className="theme-badge theme-badge-neutral">Not emerging</span>
              )}
            </p>
            <p className="theme-emerging-evidence">{evidenceText(theme.emerging)}</p>
            <details>
              <summary>How this was tested</summary>
              <p className="card-muted">{theme.emerging.test}</p>
            </details>
          </div>
        ) : (
          <p className="card-muted">
            Not tested yet: the test needs a few earlier weeks with comments to compare the latest week
            against.
          </p>
        )}
      </section>

      <section className="section" aria-labelledby="theme-trend">
        <h2 id="theme-trend">Trend</h2>
        <Chart
          title={`Comments about “${theme.label}” per week`}
          description={`Comments mentioning the theme in each week of the last ${weeks} weeks.`}
          option={option}
          table={{
            columns: ['Week', 'Comments'],
            rows: theme.trend.map((point) => [point.week, point.comments]),
          }}
          fileName={`theme-${theme.key}-trend`}
        />
      </section>

      <section className="section" aria-labelledby="theme-examples">
        <h2 id="theme-examples">Example comments</h2>
        {theme.examples.length === 0 ? (
          <p className="card-muted">No comment in this period mentions the theme.</p>
        ) : (
          <ul className="theme-example-list">
            {theme.examples.map((example) => {
              const tone =
                example.sentiment.label === 'positive'
                  ? 'good'
                  : example.sentiment.label === 'negative'
                    ? 'bad'
                    : 'neutral';
              return (
                <li key={example.item_id} className="card theme-example">
                  <p className="theme-example-text">{example.text ?? '(no text)'}</p>
                  <p className="theme-example-meta">
                    <span>{example.item_kind === 'response' ? 'Response' : 'Feedback'}</span>
                    {example.score !== null ? <span>score {example.score}</span> : null}
                    <time dateTime={example.submitted_at}>{formatDateTime(example.submitted_at)}</time>
                    <span className={`theme-badge theme-badge-${tone}`}>{example.sentiment.label}</span>
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {canManage ? <RenameTheme theme={theme} /> : null}
    </>
  );
}

/** Renaming, for those who manage the workspace: the label shows everywhere the theme does. */
function RenameTheme({ theme }: { theme: ThemeDetail }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(theme.label);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function rename(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!label.trim()) return setProblem('Enter a name for the theme.');
    setBusy(true);
    try {
      await call('PATCH', paths.theme(theme.id), { label: label.trim() });
      setProblem(null);
      setSaved(true);
      // The label shows in the theme lists, drivers and emerging issues: read them again.
      await queryClient.invalidateQueries({
        predicate: (query) =>
          typeof query.queryKey[0] === 'string' &&
          [paths.themes, paths.drivers, paths.emerging].some((path) =>
            (query.queryKey[0] as string).startsWith(path),
          ),
      });
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.fieldErrors.length > 0
          ? `The name ${error.fieldErrors[0].message}.`
          : error instanceof Error
            ? error.message
            : 'The theme could not be renamed.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Rename</h2>
      <form className="card theme-rename" onSubmit={rename} noValidate>
        <div className="field">
          <label htmlFor={`${id}-label`}>Name</label>
          <input
            id={`${id}-label`}
            value={label}
            maxLength={100}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => setLabel(event.target.value)}
          />
          {problem ? (
            <p id={`${id}-problem`} className="field-error">
              {problem}
            </p>
          ) : null}
        </div>
        <button type="submit" className="secondary" disabled={busy}>
          {busy ? 'Saving…' : 'Save name'}
        </button>
        <p role="status" className="card-muted">
          {saved ? 'Saved.' : null}
        </p>
      </form>
    </section>
  );
}
