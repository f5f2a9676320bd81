// Revenue & retention: CRR and churn per period (with the window's change and its significance), simple CLV
// with the measured inputs it rests on, and the 80/20 view — Lorenz curve, top-20% share, Gini and the
// customers in the top 20%. Three requests, one per metric endpoint.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useGet } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { bandOption } from '../overview/chart-options.ts';
import { formatWhole } from '../overview/figures.ts';
import { CardFrame, RateCard, statusOf } from '../overview/metric-card.tsx';
import '../overview/overview.css';
import { PeriodPicker } from '../overview/period-picker.tsx';
import { customChanges, formatDay, presetChanges, todayUtc, windowLabel } from '../overview/view.ts';
import {
  type ClvAnswer,
  type ConcentrationAnswer,
  clvAssumptions,
  customerLabel,
  formatMoney,
  lorenzOption,
  lorenzTable,
  type RetentionAnswer,
  type RetentionPeriod,
  retentionPeriodFromUrl,
  retentionPeriods,
  retentionTable,
  revenueKeys,
  revenuePresets,
  revenueWindow,
} from './revenue-view.ts';
import './revenue.css';

const periodNames: Record<RetentionPeriod, string> = {
  week: 'Weekly',
  month: 'Monthly',
  quarter: 'Quarterly',
  year: 'Yearly',
};
const percent = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const lorenzColor = '#3b4fd8';
const topListLimit = 100;

export default function Section() {
  const [url, setUrl] = useUrlState(revenueKeys);
  const dates = revenueWindow(url, todayUtc());
  const period = retentionPeriodFromUrl(url, dates);
  const retention = useGet<RetentionAnswer>(
    '/v1/metrics/retention',
    { from: dates.from, to: dates.to, period, segment: url.segment, compare: 'previous' },
    { keepPrevious: true },
  );
  const concentration = useGet<ConcentrationAnswer>(
    '/v1/metrics/concentration',
    { segment: url.segment, limit: topListLimit },
    { keepPrevious: true },
  );
  const currency = concentration.data?.currency ?? 'USD';
  const assumptions = clvAssumptions(url, currency);
  // CLV waits for the currency (concentration answers it): a typed acquisition cost is in its major units.
  const clv = useGet<ClvAnswer>(
    concentration.data ? '/v1/metrics/clv' : null,
    {
      segment: url.segment,
      acquisition_cost: assumptions.acquisitionCostMinor ?? undefined,
      lifespan_years: assumptions.lifespanYears ?? undefined,
    },
    { keepPrevious: true },
  );

  const segments = [
    ...new Set([...(retention.data?.segments ?? []), ...(url.segment ? [url.segment] : [])]),
  ].sort();
  const previousLabel =
    dates.preset !== null
      ? `the previous ${dates.preset} days`
      : retention.data
        ? `${formatDay(retention.data.comparison.previous.from)} – ${formatDay(retention.data.comparison.previous.to)}`
        : 'the previous period';
  const retentionStatus = statusOf(retention.error, retention.data);
  const overall = retention.data
    ? { ...retention.data.overall, comparison: retention.data.comparison }
    : undefined;

  return (
    <Page
      title="Revenue & retention"
      subtitle={`${windowLabel(dates)} · retention by ${period} · 95% intervals`}
    >
      <form
        className="filters overview-filters"
        aria-label="What Revenue & retention shows"
        onSubmit={(event) => event.preventDefault()}
      >
        <PeriodPicker
          dates={dates}
          presets={revenuePresets}
          onPreset={(days) => setUrl(presetChanges(days), { push: true })}
          onCustom={(from, to) => setUrl(customChanges(from, to))}
        />
        <label>
          Period
          <select value={period} onChange={(event) => setUrl({ period: event.target.value }, { push: true })}>
            {retentionPeriods.map((choice) => (
              <option key={choice} value={choice}>
                {periodNames[choice]}
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
      </form>

      <section className="section" aria-labelledby="retention-title">
        <h2 id="retention-title">Retention and churn</h2>
        <div className="cards overview-cards">
          <RateCard
            id="revenue-retention"
            which="retention"
            title="Retention (CRR)"
            help="Customers at the start still here at the end: (E − N) ÷ S"
            better="up"
            figures={overall}
            status={retentionStatus}
            previousLabel={previousLabel}
          />
          <RateCard
            id="revenue-churn"
            which="churn"
            title="Churn"
            help="Customers lost during the dates ÷ customers at their start"
            better="down"
            figures={overall}
            status={retentionStatus}
            previousLabel={previousLabel}
          />
        </div>
        {retention.data ? (
          <div className="revenue-chart">
            <RetentionChart answer={retention.data} />
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="clv-title">
        <h2 id="clv-title">Customer lifetime value</h2>
        <ClvPanel
          answer={clv.data}
          currency={currency}
          status={statusOf(clv.error ?? concentration.error, clv.data)}
          cac={url.cac}
          lifespan={url.lifespan}
          problems={assumptions.problems}
          onChange={(changes) => setUrl(changes)}
        />
      </section>

      <section className="section" aria-labelledby="concentration-title">
        <h2 id="concentration-title">Revenue concentration (80/20)</h2>
        <QueryStatus isLoading={concentration.isLoading} error={concentration.error} />
        {concentration.data ? <ConcentrationPanel answer={concentration.data} /> : null}
      </section>
    </Page>
  );
}

function RetentionChart({ answer }: { answer: RetentionAnswer }) {
  const { option, table } = useMemo(() => {
    const periods = answer.periods;
    return {
      option: bandOption({
        periods: periods.map((p) => p.period),
        granularity: answer.period,
        yMin: 0,
        yMax: 100,
        lines: [
          {
            name: 'Retention (CRR)',
            color: '#7a5af8',
            format: (value) => `${percent.format(value)}%`,
            points: periods.map((p) => ({
              value: p.retention.rate,
              interval: p.retention.confidenceInterval,
              n: p.start,
            })),
          },
          {
            name: 'Churn',
            color: '#b42318',
            format: (value) => `${percent.format(value)}%`,
            points: periods.map((p) => ({
              value: p.churn.rate,
              interval: p.churn.confidenceInterval,
              n: p.start,
            })),
          },
        ],
      }),
      table: retentionTable(periods),
    };
  }, [answer]);
  if (answer.periods.every((p) => p.start === 0 && p.new === 0)) {
    return (
      <EmptyState title="No customers in these dates">
        <p>
          Heed counts customers from survey responses and from lifecycle events: send <code>signed_up</code>{' '}
          and <code>churned</code> events through the API (<code>POST /v1/events</code>) with a key from{' '}
          <Link href="~/settings">Settings</Link>.
        </p>
      </EmptyState>
    );
  }
  return (
    <Chart
      title="CRR and churn by period"
      description="Customer retention rate and churn rate per period, each with its 95% interval; the table lists S, N, lost and E."
      option={option}
      table={table}
      fileName="retention-by-period"
      height={260}
    />
  );
}

function ClvPanel({
  answer,
  currency,
  status,
  cac,
  lifespan,
  problems,
  onChange,
}: {
  answer: ClvAnswer | undefined;
  currency: string;
  status: ReturnType<typeof statusOf>;
  cac: string | undefined;
  lifespan: string | undefined;
  problems: Partial<Record<'cac' | 'lifespan', string>>;
  onChange: (changes: { cac?: string; lifespan?: string }) => void;
}) {
  const [draft, setDraft] = useState({ cac: cac ?? '', lifespan: lifespan ?? '' });
  useEffect(() => setDraft({ cac: cac ?? '', lifespan: lifespan ?? '' }), [cac, lifespan]);
  const inputs = answer?.inputs;
  return (
    <div className="clv-layout">
      <CardFrame
        id="revenue-clv"
        title="Simple CLV"
        help="Average purchase value × purchases per year × lifespan in years − acquisition cost"
        status={status}
      >
        {answer && inputs ? (
          <>
            <p className="score-line">
              <span className="score" data-testid="score">
                {answer.clv === null ? '—' : formatMoney(answer.clv, answer.currency, true)}
              </span>
            </p>
            {answer.note ? <p className="card-muted">{answer.note}</p> : null}
            <dl className="facts">
              <div>
                <dt>Customers with purchases</dt>
                <dd data-testid="n">n = {formatWhole(answer.n)}</dd>
              </div>
              <div>
                <dt>Average purchase value</dt>
                <dd>
                  {inputs.average_purchase_value === null
                    ? '—'
                    : formatMoney(inputs.average_purchase_value, answer.currency)}
                </dd>
              </div>
              <div>
                <dt>Purchases per customer-year</dt>
                <dd>
                  {inputs.purchases_per_year === null ? '—' : twoDecimals.format(inputs.purchases_per_year)}
                </dd>
              </div>
              <div>
                <dt>Lifespan</dt>
                <dd>
                  {inputs.lifespan_years === null
                    ? '—'
                    : `${twoDecimals.format(inputs.lifespan_years)} years (${inputs.lifespan_source})`}
                </dd>
              </div>
              <div>
                <dt>Annual churn</dt>
                <dd>
                  {inputs.annual_churn.rate === null
                    ? '— (no customers a year ago)'
                    : `${percent.format(inputs.annual_churn.rate)}% of ${formatWhole(inputs.annual_churn.n)}`}
                </dd>
              </div>
              <div>
                <dt>Acquisition cost</dt>
                <dd>{formatMoney(inputs.acquisition_cost, answer.currency)}</dd>
              </div>
              <div>
                <dt>Revenue measured</dt>
                <dd>
                  {formatMoney(inputs.revenue, answer.currency, true)} in {formatWhole(inputs.purchases)}{' '}
                  purchases
                </dd>
              </div>
            </dl>
          </>
        ) : null}
      </CardFrame>
      <form
        className="card clv-assumptions"
        aria-labelledby="clv-assumptions-title"
        onSubmit={(e) => e.preventDefault()}
      >
        <h3 id="clv-assumptions-title">Your assumptions</h3>
        <p className="card-help">
          Leave empty to use what Heed measures: no acquisition cost, and a lifespan of one over the annual
          churn rate.
        </p>
        <div className="field">
          <label htmlFor="clv-cac">Acquisition cost per customer ({currency})</label>
          <input
            id="clv-cac"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={draft.cac}
            aria-invalid={problems.cac !== undefined}
            aria-describedby={problems.cac ? 'clv-cac-problem' : undefined}
            onChange={(event) => {
              setDraft({ ...draft, cac: event.target.value });
              onChange({ cac: event.target.value });
            }}
          />
          {problems.cac ? (
            <p id="clv-cac-problem" className="field-error">
              {problems.cac}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="clv-lifespan">Lifespan in years</label>
          <input
            id="clv-lifespan"
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            value={draft.lifespan}
            aria-invalid={problems.lifespan !== undefined}
            aria-describedby={problems.lifespan ? 'clv-lifespan-problem' : undefined}
            onChange={(event) => {
              setDraft({ ...draft, lifespan: event.target.value });
              onChange({ lifespan: event.target.value });
            }}
          />
          {problems.lifespan ? (
            <p id="clv-lifespan-problem" className="field-error">
              {problems.lifespan}
            </p>
          ) : null}
        </div>
      </form>
    </div>
  );
}

function ConcentrationPanel({ answer }: { answer: ConcentrationAnswer }) {
  const option = useMemo(() => lorenzOption(answer, lorenzColor), [answer]);
  if (answer.n === 0 || answer.topShare === null) {
    return (
      <EmptyState title="No revenue recorded yet">
        <p>
          Send each purchase as an event (<code>POST /v1/events</code> with <code>type: "purchase"</code>, an
          amount in {answer.currency} minor units and the customer) using an API key from{' '}
          <Link href="~/settings">Settings</Link>; the 80/20 view and CLV appear with the first purchases.
        </p>
      </EmptyState>
    );
  }
  const topPercent = Math.round(answer.top_fraction * 100);
  const listed = answer.top_customers;
  return (
    <>
      <div className="cards overview-cards">
        <section
          className="card metric-card"
          id="revenue-top-share"
          aria-labelledby="revenue-top-share-title"
        >
          <h2 id="revenue-top-share-title">Top {topPercent}% share</h2>
          <p className="card-help">Share of revenue from the {topPercent}% of customers who bring the most</p>
          <p className="score-line">
            <span className="score" data-testid="score">
              {percent.format(answer.topShare)}%
            </span>
          </p>
          <dl className="facts">
            <div>
              <dt>Customers in the top {topPercent}%</dt>
              <dd data-testid="top-count">
                {formatWhole(answer.topCount)} of {formatWhole(answer.n)}
              </dd>
            </div>
            <div>
              <dt>Revenue</dt>
              <dd>{formatMoney(answer.total, answer.currency, true)}</dd>
            </div>
          </dl>
        </section>
        <section className="card metric-card" id="revenue-gini" aria-labelledby="revenue-gini-title">
          <h2 id="revenue-gini-title">Gini coefficient</h2>
          <p className="card-help">
            0 when every customer brings the same; near 1 when one brings nearly all
          </p>
          <p className="score-line">
            <span className="score" data-testid="score">
              {answer.gini === null ? '—' : twoDecimals.format(answer.gini)}
            </span>
          </p>
          <dl className="facts">
            <div>
              <dt>Customers with revenue</dt>
              <dd data-testid="n">n = {formatWhole(answer.n)}</dd>
            </div>
          </dl>
        </section>
      </div>
      <div className="chart-grid concentration-grid">
        <Chart
          title="Lorenz curve"
          description={`Cumulative share of revenue against the share of customers, smallest first; the dashed line is equal revenue from everyone, and the top ${topPercent}% begin at the dotted line.`}
          option={option}
          table={lorenzTable(answer)}
          fileName="lorenz-curve"
          height={300}
        />
        <section className="card top-customers" aria-labelledby="top-customers-title">
          <h3 id="top-customers-title">The customers in the top {topPercent}%</h3>
          {listed.length < answer.topCount ? (
            <p className="card-help">
              The {formatWhole(listed.length)} largest of {formatWhole(answer.topCount)}.
            </p>
          ) : null}
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Revenue</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {listed.map((customer, index) => (
                  <tr key={customer.customer_id}>
                    <td>{index + 1}</td>
                    <td>
                      <Link href={`~/customers/${customer.customer_id}`}>{customerLabel(customer)}</Link>
                    </td>
                    <td>{formatMoney(customer.revenue, answer.currency, true)}</td>
                    <td>{percent.format((100 * customer.revenue) / answer.total)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
