// A metric card's parts, shared by the Overview and Revenue & retention: the frame (loading, failure), the
// figure with its margin, n and interval, and the change against the previous period with its significance.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { ChangeTest, RetentionFigures, RetentionSection } from './api.ts';
import {
  type Better,
  type ChangeUnit,
  describeChange,
  formatWhole,
  rateFigures,
  rateProblem,
  type Shown,
} from './figures.ts';

export type Status = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready' };

/** A card's state from its query: ready once there is an answer (an old one counts while a new one loads). */
export function statusOf(error: { message: string } | null, answer: unknown): Status {
  if (answer !== undefined) return { status: 'ready' };
  if (error) return { status: 'failed', message: error.message };
  return { status: 'loading' };
}

interface CardFrameProps {
  id: string;
  title: string;
  help: string;
  status: Status;
  children?: ReactNode;
}

export function CardFrame({ id, title, help, status, children }: CardFrameProps) {
  return (
    <section
      className="card metric-card"
      aria-labelledby={`${id}-title`}
      id={id}
      aria-busy={status.status === 'loading'}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="card-help">{help}</p>
      {status.status === 'loading' ? <p className="card-muted">Loading…</p> : null}
      {status.status === 'failed' ? <p className="card-error">{status.message}</p> : null}
      {status.status === 'ready' ? children : null}
    </section>
  );
}

interface ChangeProps {
  change: ChangeTest;
  unit: ChangeUnit;
  better: Better;
  /** What the change is against, e.g. "the previous 30 days". */
  previousLabel: string;
}

/** The change against the previous period and what the significance test says of it, in words. */
export function ChangeLine({ change, unit, better, previousLabel }: ChangeProps) {
  const shown = describeChange(change, unit, better);
  const arrow = shown.direction === 'up' ? '▲' : shown.direction === 'down' ? '▼' : '■';
  return (
    <div className="change-block">
      {shown.difference !== null ? (
        <p className="change" data-testid="change">
          <span aria-hidden="true" className={`change-arrow change-${shown.tone}`}>
            {arrow}
          </span>{' '}
          {shown.difference} <span className="change-against">vs {previousLabel}</span>
        </p>
      ) : null}
      <p className={`verdict verdict-${shown.verdict} verdict-${shown.tone}`} data-testid="significance">
        {shown.verdictText}
        {shown.tone === 'better' ? ' · better' : shown.tone === 'worse' ? ' · worse' : ''}
      </p>
    </div>
  );
}

/** The headline figure with its margin, the change, then n, the 95% interval and the previous period's figure. */
export function MeasuredFigures({
  shown,
  n,
  nLabel,
  previous,
  change,
}: {
  shown: Shown;
  n: number;
  nLabel: string;
  previous: string;
  change: ReactNode;
}) {
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
      {change}
      <dl className="facts">
        <div>
          <dt>{nLabel}</dt>
          <dd data-testid="n">n = {formatWhole(n)}</dd>
        </div>
        {shown.interval ? (
          <div>
            <dt>95% interval</dt>
            <dd data-testid="interval">{shown.interval}</dd>
          </div>
        ) : null}
        <div>
          <dt>Previous period</dt>
          <dd data-testid="previous">{previous}</dd>
        </div>
      </dl>
    </>
  );
}

/** CRR or churn over a window, against the window before it. */
export function RateCard({
  id,
  which,
  title,
  help,
  better,
  figures,
  status,
  previousLabel,
}: {
  id: string;
  which: 'retention' | 'churn';
  title: string;
  help: string;
  better: Better;
  figures: (RetentionFigures & { comparison?: RetentionSection['comparison'] }) | undefined;
  status: Status;
  previousLabel: string;
}) {
  let body: ReactNode = null;
  if (figures) {
    const rate = figures[which];
    if (rate.rate === null) {
      body = (
        <>
          <p className="score" data-testid="score">
            —
          </p>
          <p className="card-muted">No customers at the start of this period.</p>
          <p className="card-next">
            Customers come from survey responses and from <code>signed_up</code> events; see{' '}
            <Link href="~/customers">Customers</Link>.
          </p>
        </>
      );
    } else if (rateProblem(figures, which)) {
      body = (
        <>
          <p className="score" data-testid="score">
            —
          </p>
          <p className="card-muted" data-testid="problem">
            {rateProblem(figures, which)}
          </p>
        </>
      );
    } else {
      const comparison = figures.comparison;
      const previous = comparison?.previous[which];
      body = (
        <MeasuredFigures
          shown={rateFigures(rate)}
          n={rate.n}
          nLabel="Customers at start"
          previous={
            !previous || previous.rate === null
              ? 'no customers at its start'
              : `${rateFigures(previous).score} (n = ${formatWhole(previous.n)})`
          }
          change={
            comparison ? (
              <ChangeLine
                change={comparison.change[which]}
                unit="pts"
                better={better}
                previousLabel={previousLabel}
              />
            ) : null
          }
        />
      );
    }
  }
  return (
    <CardFrame id={id} title={title} help={help} status={status}>
      {body}
    </CardFrame>
  );
}
