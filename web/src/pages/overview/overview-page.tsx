// The overview: NPS, CSAT and CES over the last 90 days, each with its 95% margin of error and n.
import { useEffect, useState } from 'react';
import { Page } from '../../components/page.tsx';
import { type ScoreMetric, scoreMetric } from './api.ts';

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; value: ScoreMetric };

const cards = [
  { metric: 'nps', title: 'NPS', help: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6)' },
  { metric: 'csat', title: 'CSAT', help: 'Share of satisfied answers (the top two boxes of the scale)' },
  { metric: 'ces', title: 'CES', help: 'Mean customer effort on 1–7 (higher is easier)' },
] as const;

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The headline figure and its ± margin (half the 95% interval for CSAT and CES, whose intervals are not symmetric). */
export function figures(value: ScoreMetric): {
  score: string;
  margin: string | null;
  interval: string | null;
} {
  const interval = value.confidenceInterval;
  const half = interval ? (interval[1] - interval[0]) / 2 : null;
  if (value.metric === 'nps') {
    if (value.nps == null) return { score: '—', margin: null, interval: null };
    const score = `${value.nps > 0 ? '+' : ''}${whole.format(value.nps)}`;
    const margin = value.marginOfError == null ? null : `± ${oneDecimal.format(value.marginOfError)}`;
    return {
      score,
      margin,
      interval: interval ? `${whole.format(interval[0])} to ${whole.format(interval[1])}` : null,
    };
  }
  if (value.metric === 'csat') {
    if (value.csat == null) return { score: '—', margin: null, interval: null };
    return {
      score: `${whole.format(value.csat)}%`,
      margin: half == null ? null : `± ${oneDecimal.format(half)} pts`,
      interval: interval ? `${whole.format(interval[0])}% to ${whole.format(interval[1])}%` : null,
    };
  }
  if (value.ces == null) return { score: '—', margin: null, interval: null };
  return {
    score: twoDecimals.format(value.ces),
    margin: half == null ? null : `± ${twoDecimals.format(half)}`,
    interval: interval ? `${twoDecimals.format(interval[0])} to ${twoDecimals.format(interval[1])}` : null,
  };
}

function MetricCard({ title, help, loaded }: { title: string; help: string; loaded: Loaded }) {
  const id = `metric-${title.toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={`${id}-title`} id={id} aria-busy={loaded.status === 'loading'}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="card-help">{help}</p>
      {loaded.status === 'loading' ? <p className="card-muted">Loading…</p> : null}
      {loaded.status === 'failed' ? <p className="card-error">{loaded.message}</p> : null}
      {loaded.status === 'ready' ? <MetricFigures value={loaded.value} /> : null}
    </section>
  );
}

function MetricFigures({ value }: { value: ScoreMetric }) {
  const shown = figures(value);
  if (value.n === 0)
    return (
      <>
        <p className="score" data-testid="score">
          —
        </p>
        <p className="card-muted">No responses in this period yet.</p>
      </>
    );
  return (
    <>
      <p className="score-line">
        <span className="score" data-testid="score">
          {shown.score}
        </span>
        {shown.margin ? (
          <span className="margin" data-testid="margin">
            {shown.margin}
          </span>
        ) : null}
      </p>
      <dl className="facts">
        <div>
          <dt>Responses</dt>
          <dd data-testid="n">n = {whole.format(value.n)}</dd>
        </div>
        {shown.interval ? (
          <div>
            <dt>95% interval</dt>
            <dd>{shown.interval}</dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}

export function OverviewPage() {
  const [loaded, setLoaded] = useState<Record<string, Loaded>>({});

  useEffect(() => {
    let live = true;
    for (const { metric } of cards) {
      scoreMetric(metric)
        .then((value) => live && setLoaded((now) => ({ ...now, [metric]: { status: 'ready', value } })))
        .catch(
          (error: Error) =>
            live && setLoaded((now) => ({ ...now, [metric]: { status: 'failed', message: error.message } })),
        );
    }
    return () => {
      live = false;
    };
  }, []);

  return (
    <Page title="Overview" subtitle="Last 90 days · 95% margins of error">
      <div className="cards">
        {cards.map((card) => (
          <MetricCard
            key={card.metric}
            title={card.title}
            help={card.help}
            loaded={loaded[card.metric] ?? { status: 'loading' }}
          />
        ))}
      </div>
    </Page>
  );
}
