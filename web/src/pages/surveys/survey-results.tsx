// A survey's results: its score with the 95% margin and n (and the change from the previous period, tested),
// the trend with its uncertainty band, response volume, reach per channel and the latest comments. The period
// is in the URL, so a view can be shared.
import { Link } from 'wouter';
import { useGet } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import type { ChartOption } from '../../components/echarts.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatCount, formatDateTime, formatOneDecimal } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import {
  kindLabels,
  type ReachAnswer,
  type ScoreMetricAnswer,
  type Survey,
  type SurveyResponse,
} from './api.ts';
import {
  formatDay,
  formatMargin,
  formatRate,
  formatScore,
  marginOf,
  metricOfKind,
  ranges,
  scoreHelp,
  scoreValueOf,
  trendSeries,
  volumeSeries,
  windowOfRange,
} from './survey-figures.ts';

const urlKeys = ['range'] as const;

const channelNames: Record<string, string> = {
  link: 'Link',
  web: 'Web widget',
  in_app: 'In app',
  email: 'E-mail',
  sms: 'SMS',
  api: 'API',
  import: 'Import',
  chat: 'Chat',
  phone: 'Phone',
  review: 'Review',
  other: 'Other',
};
const channelName = (channel: string) => channelNames[channel] ?? channel;

export function SurveyResultsPage({ id }: { id: string }) {
  const canManage = useCan('manage');
  const [state, setState] = useUrlState(urlKeys);
  const range = ranges.find((r) => r.value === state.range) ?? ranges[1];
  const window = windowOfRange(Number(range.value));
  const survey = useGet<Survey>(`/v1/surveys/${id}`, { include: 'stats' });
  const current = survey.data;
  const metric = current ? metricOfKind(current.kind) : null;
  const scores = useGet<ScoreMetricAnswer>(metric ? `/v1/metrics/${metric}` : null, {
    survey_id: id,
    ...window,
    period: range.granularity,
    compare: 'previous',
  });
  const reach = useGet<ReachAnswer>(`/v1/surveys/${id}/reach`, window);
  // The newest responses, of which those with a comment are shown: a drill-down read, bounded by its limit.
  const responses = useGet<{ data: SurveyResponse[] }>('/v1/responses', { survey_id: id, limit: 100 });
  const stats = current?.stats;

  return (
    <Page
      title={current?.name ?? 'Survey'}
      subtitle={
        current ? (
          <>
            <span className="survey-tag">{kindLabels[current.kind]}</span>{' '}
            {current.status === 'archived' ? (
              <span className="survey-tag survey-tag-muted">Archived</span>
            ) : null}{' '}
            {current.question ? <span className="survey-question-text">{current.question}</span> : null}
          </>
        ) : undefined
      }
      actions={
        canManage && current ? (
          <>
            <Link href={`/${id}/edit`} className="survey-button">
              Edit
            </Link>
            {current.status === 'active' ? (
              <Link href={`/${id}/distribute`} className="survey-button survey-button-primary">
                Distribute
              </Link>
            ) : null}
          </>
        ) : undefined
      }
    >
      <p className="survey-back">
        <Link href="/">← All surveys</Link>
      </p>
      <QueryStatus isLoading={survey.isLoading} error={survey.error} />
      {current && stats ? (
        <>
          <div className="filters">
            <div className="survey-filter">
              <label htmlFor="survey-period">Period</label>
              <select
                id="survey-period"
                value={range.value}
                onChange={(event) =>
                  setState({ range: event.target.value === ranges[1].value ? undefined : event.target.value })
                }
              >
                {ranges.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <p className="card-muted survey-period-note">
              {formatDay(window.from)} – {formatDay(window.to)} (UTC days), by {range.granularity}
            </p>
          </div>
          {stats.responses === 0 ? (
            <EmptyState title="No responses yet">
              <p>
                {current.status === 'active'
                  ? 'Share the survey link, put the widget on your site, or send the survey by e-mail. Results appear here as answers arrive.'
                  : 'This survey is archived and takes no responses.'}
              </p>
              {canManage && current.status === 'active' ? (
                <Link href={`/${id}/distribute`} className="survey-button survey-button-primary">
                  Distribute the survey
                </Link>
              ) : null}
            </EmptyState>
          ) : null}
          <div className="cards survey-results-cards">
            {metric ? (
              <MetricScoreCard
                metric={metric}
                answer={scores.data}
                loading={scores.isLoading}
                error={scores.error}
              />
            ) : (
              <CustomScoreCard survey={current} />
            )}
            <section className="card" aria-labelledby="all-time-title">
              <h2 id="all-time-title">All time</h2>
              <p className="card-help">Since the survey was created</p>
              <dl className="facts">
                <div>
                  <dt>Responses</dt>
                  <dd data-testid="all-time-responses">{formatCount(stats.responses)}</dd>
                </div>
                <div>
                  <dt>Asked (shown or sent)</dt>
                  <dd>{formatCount(stats.asked)}</dd>
                </div>
                <div>
                  <dt>Response rate</dt>
                  <dd>{formatRate(stats.response_rate)}</dd>
                </div>
                {stats.score && stats.score.value !== null ? (
                  <div>
                    <dt>Score</dt>
                    <dd>
                      {formatScore(stats.score.metric, stats.score.value)}{' '}
                      {formatMargin(stats.score.metric, stats.score.margin_of_error) ?? ''} (n ={' '}
                      {formatCount(stats.score.n)})
                    </dd>
                  </div>
                ) : null}
                <div>
                  <dt>Last response</dt>
                  <dd>{stats.last_response_on ? formatDay(stats.last_response_on) : '—'}</dd>
                </div>
              </dl>
            </section>
          </div>
          {metric && scores.data?.groups && scores.data.groups.length > 0 ? (
            <div className="survey-results-charts">
              <TrendChart metric={metric} answer={scores.data} />
              <VolumeChart metric={metric} answer={scores.data} />
            </div>
          ) : null}
          <ReachSection reach={reach.data} loading={reach.isLoading} error={reach.error} />
          <CommentsSection
            responses={responses.data?.data}
            loading={responses.isLoading}
            error={responses.error}
            scale={current.scale}
          />
        </>
      ) : null}
    </Page>
  );
}

function MetricScoreCard({
  metric,
  answer,
  loading,
  error,
}: {
  metric: 'nps' | 'csat' | 'ces';
  answer: ScoreMetricAnswer | undefined;
  loading: boolean;
  error: Parameters<typeof QueryStatus>[0]['error'];
}) {
  const title = metric.toUpperCase();
  const value = answer ? scoreValueOf(metric, answer) : null;
  const margin = answer ? formatMargin(metric, marginOf(metric, answer)) : null;
  const interval = answer?.confidenceInterval;
  const change = answer?.comparison?.change;
  const previous = answer?.comparison?.previous;
  return (
    <section className="card" aria-labelledby="score-title" id="survey-score">
      <h2 id="score-title">{title} in this period</h2>
      <p className="card-help">{scoreHelp[metric]}</p>
      <QueryStatus isLoading={loading} error={error} />
      {answer && answer.n === 0 ? <p className="card-muted">No scored responses in this period.</p> : null}
      {answer && answer.n > 0 ? (
        <>
          <p className="score-line">
            <span className="score" data-testid="score">
              {formatScore(metric, value)}
            </span>
            {margin ? (
              <span className="margin" data-testid="margin">
                {margin}
              </span>
            ) : null}
          </p>
          <dl className="facts">
            <div>
              <dt>Responses</dt>
              <dd data-testid="n">n = {formatCount(answer.n)}</dd>
            </div>
            {interval ? (
              <div>
                <dt>95% interval</dt>
                <dd>
                  {formatScore(metric, interval[0])} to {formatScore(metric, interval[1])}
                </dd>
              </div>
            ) : null}
            {metric === 'nps' && answer.band ? (
              <div>
                <dt>Band</dt>
                <dd>{answer.band}</dd>
              </div>
            ) : null}
            {change && previous ? (
              <div>
                <dt>Change from the previous period</dt>
                <dd>
                  {previous.n === 0 || change.difference === null
                    ? 'no responses before'
                    : `${change.difference > 0 ? '+' : ''}${formatOneDecimal(change.difference)} — ${
                        change.significant ? 'significant' : 'not significant'
                      }${change.pValue !== null ? ` (p = ${change.pValue < 0.001 ? '< 0.001' : change.pValue.toFixed(3)})` : ''}`}
                </dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
    </section>
  );
}

function CustomScoreCard({ survey }: { survey: Survey }) {
  const score = survey.stats?.score;
  return (
    <section className="card" aria-labelledby="score-title" id="survey-score">
      <h2 id="score-title">{score ? 'Mean rating' : 'Responses'}</h2>
      <p className="card-help">
        {score && survey.scale ? (
          `All time, on ${survey.scale.min}–${survey.scale.max}`
        ) : (
          <>
            This survey has no rating. Its answers are in the <Link href="~/feedback">Feedback inbox</Link>.
          </>
        )}
      </p>
      {score && score.value !== null ? (
        <>
          <p className="score-line">
            <span className="score" data-testid="score">
              {formatScore('mean', score.value)}
            </span>
            {score.margin_of_error !== null ? (
              <span className="margin">{formatMargin('mean', score.margin_of_error)}</span>
            ) : null}
          </p>
          <dl className="facts">
            <div>
              <dt>Rated responses</dt>
              <dd data-testid="n">n = {formatCount(score.n)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="score" data-testid="score">
          {score ? '—' : formatCount(survey.stats?.responses ?? 0)}
        </p>
      )}
    </section>
  );
}

function TrendChart({ metric, answer }: { metric: 'nps' | 'csat' | 'ces'; answer: ScoreMetricAnswer }) {
  const series = trendSeries(metric, answer.groups ?? []);
  const name = metric.toUpperCase();
  const option: ChartOption = {
    tooltip: {
      trigger: 'axis',
      // One line per period: the score, its interval and n (the band's two stacked series mean nothing alone).
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const [period, value, low, high, n] = series.table.rows[first?.dataIndex ?? 0] ?? [];
        const interval = low === null || high === null ? '' : ` (95%: ${low} to ${high})`;
        return `${period}<br>${name} ${value ?? '—'}${interval}<br>n = ${n}`;
      },
    },
    legend: { data: [name, '95% interval'], top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: series.periods, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [
      // The band: the lower bound, invisible, with the interval's width stacked on it and filled.
      {
        name: 'lower',
        type: 'line',
        data: series.lower,
        stack: 'interval',
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        silent: true,
      },
      {
        name: '95% interval',
        type: 'line',
        data: series.bandWidth,
        stack: 'interval',
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: '#3b4fd8', opacity: 0.15 },
        color: '#9aa6f0',
        silent: true,
      },
      { name, type: 'line', data: series.values, color: '#3b4fd8', symbolSize: 6 },
    ],
  };
  return (
    <Chart
      title={`${name} over time, with its 95% interval`}
      description={`${name} per period with the band of its 95% interval: a wide band means few responses.`}
      option={option}
      table={series.table}
      fileName={`${metric}-trend`}
    />
  );
}

function VolumeChart({ metric, answer }: { metric: 'nps' | 'csat' | 'ces'; answer: ScoreMetricAnswer }) {
  const series = volumeSeries(metric, answer.groups ?? []);
  const colors: Record<string, string> = {
    'Detractors (0–6)': '#b42318',
    'Passives (7–8)': '#9aa3ae',
    'Promoters (9–10)': '#12a37f',
    'Not satisfied': '#b42318',
    Satisfied: '#12a37f',
    Responses: '#3b4fd8',
  };
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: series.periods },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.stacks.map((stack) => ({
      name: stack.name,
      type: 'bar',
      stack: 'responses',
      data: stack.values,
      color: colors[stack.name],
    })),
  };
  return (
    <Chart
      title="Responses per period"
      description="Scored responses in each period, split the way the score counts them."
      option={option}
      table={series.table}
      fileName={`${metric}-responses`}
    />
  );
}

function ReachSection({
  reach,
  loading,
  error,
}: {
  reach: ReachAnswer | undefined;
  loading: boolean;
  error: Parameters<typeof QueryStatus>[0]['error'];
}) {
  const channels = reach?.channels ?? [];
  const asked = (c: ReachAnswer['channels'][number]) => c.shown + Math.max(0, c.sent - c.bounced);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: channels.map((c) => channelName(c.channel)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Asked (shown or delivered)', type: 'bar', data: channels.map(asked), color: '#9aa6f0' },
      { name: 'Responses', type: 'bar', data: channels.map((c) => c.responses), color: '#3b4fd8' },
    ],
  };
  return (
    <section className="section" aria-labelledby="reach-title">
      <h2 id="reach-title">Reach per channel</h2>
      <QueryStatus isLoading={loading} error={error} />
      {reach && channels.length === 0 ? (
        <p className="card-muted">Nobody was asked and nobody answered in this period.</p>
      ) : null}
      {channels.length > 0 ? (
        <Chart
          title="Asked and answered per channel"
          description="How many people each channel showed or delivered the survey to, and how many answered."
          option={option}
          table={{
            columns: ['Channel', 'Shown', 'Sent', 'Bounced', 'Responses', 'Response rate'],
            rows: channels.map((c) => [
              channelName(c.channel),
              c.shown,
              c.sent,
              c.bounced,
              c.responses,
              formatRate(c.response_rate),
            ]),
          }}
          fileName="reach-per-channel"
          height={240}
        />
      ) : null}
    </section>
  );
}

function CommentsSection({
  responses,
  loading,
  error,
  scale,
}: {
  responses: SurveyResponse[] | undefined;
  loading: boolean;
  error: Parameters<typeof QueryStatus>[0]['error'];
  scale: Survey['scale'];
}) {
  const commented = (responses ?? []).filter((response) => response.comment?.trim()).slice(0, 10);
  return (
    <section className="section" aria-labelledby="comments-title">
      <h2 id="comments-title">Recent comments</h2>
      <QueryStatus isLoading={loading} error={error} />
      {responses && commented.length === 0 ? (
        <p className="card-muted">No comments among the latest responses yet.</p>
      ) : null}
      {commented.length > 0 ? (
        <ul className="survey-comments">
          {commented.map((response) => (
            <li key={response.id} className="survey-comment">
              {/* Customers' words, rendered as text only. */}
              <blockquote className="survey-comment-text">{response.comment}</blockquote>
              <p className="survey-comment-meta">
                {response.score !== null ? (
                  <span>
                    Score {response.score}
                    {scale ? ` of ${scale.max}` : ''}
                  </span>
                ) : null}
                <span>{channelName(response.channel)}</span>
                {response.sentiment ? <span>{response.sentiment.label}</span> : null}
                <time dateTime={response.submitted_at}>{formatDateTime(response.submitted_at)}</time>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
