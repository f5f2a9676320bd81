// Customers › one customer: who they are (identities, segment, account, traits), how they scored over time,
// what they are worth so far, and every touchpoint newest first. Everything the customer or an integration
// wrote (names, traits, comments) is rendered as text, never as markup or a link.
import { useMemo } from 'react';
import { Link } from 'wouter';
import { ApiError, useGet } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import type { ChartOption } from '../../components/echarts.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatCount, formatDate, formatDateTime, formatTwoDecimals } from '../../lib/format.ts';
import { type CustomerSummary, paths } from './api.ts';
import { Timeline } from './timeline.tsx';
import {
  customerName,
  formatMinor,
  minorDigits,
  type ScoreSeries,
  scoreBand,
  scoreSeries,
  scoreTable,
  traitEntries,
} from './view.ts';

/** The list's search the member came from (kept in the history entry), so "All customers" returns to it. */
function listHref(): string {
  const state: unknown = window.history.state;
  const search =
    state && typeof state === 'object' && 'listSearch' in state
      ? (state as { listSearch: unknown }).listSearch
      : '';
  return `~/customers${typeof search === 'string' && search.startsWith('?') ? search : ''}`;
}

export function CustomerPage({ id }: { id: string }) {
  const summary = useGet<CustomerSummary>(paths.summary(id));
  const back = (
    <Link href={listHref()} className="customers-back">
      ← All customers
    </Link>
  );
  if (summary.error instanceof ApiError && (summary.error.status === 404 || summary.error.status === 400))
    return (
      <Page title="Customer not found">
        {back}
        <EmptyState title="There is no such customer">
          <p>The link may be mistyped, or the customer was erased. Search the list for them instead.</p>
        </EmptyState>
      </Page>
    );
  const data = summary.data;
  return (
    <Page
      title={data ? customerName(data.customer) : 'Customer'}
      subtitle={data ? <Identities summary={data} /> : undefined}
    >
      {back}
      <QueryStatus isLoading={summary.isLoading} error={summary.error} />
      {data ? (
        <>
          <div className="customer-profile">
            <Facts summary={data} />
            <Traits traits={data.customer.traits} />
          </div>
          <Scores summary={data} />
          <LifetimeValue summary={data} />
        </>
      ) : null}
      {data ? <Timeline customerId={id} /> : null}
    </Page>
  );
}

function Identities({ summary }: { summary: CustomerSummary }) {
  const { customer } = summary;
  const parts = [customer.email, customer.phone, customer.external_id && `id ${customer.external_id}`].filter(
    (part): part is string => Boolean(part),
  );
  return <span className="customer-wrap">{parts.join(' · ') || 'No e-mail, phone or id'}</span>;
}

function Facts({ summary }: { summary: CustomerSummary }) {
  const { customer, account, touchpoints } = summary;
  return (
    <section className="card" aria-labelledby="customer-facts">
      <h2 id="customer-facts">Profile</h2>
      <dl className="facts customer-facts">
        <div>
          <dt>Segment</dt>
          <dd>{customer.segment ?? 'None'}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            {account ? (
              <>
                {account.name ?? account.external_id ?? 'Unnamed account'}
                {account.plan ? <span className="customer-muted"> · {account.plan} plan</span> : null}
              </>
            ) : (
              'None'
            )}
          </dd>
        </div>
        {account?.owner ? (
          <div>
            <dt>Account owner</dt>
            <dd>{account.owner}</dd>
          </div>
        ) : null}
        <div>
          <dt>Customer since</dt>
          <dd>{formatDate(customer.started_at)}</dd>
        </div>
        {customer.churned_at ? (
          <div>
            <dt>Churned</dt>
            <dd>{formatDate(customer.churned_at)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Last touchpoint</dt>
          <dd>{touchpoints.last_at ? formatDateTime(touchpoints.last_at) : 'None yet'}</dd>
        </div>
        <div>
          <dt>Touchpoints</dt>
          <dd>
            {formatCount(touchpoints.responses)} responses · {formatCount(touchpoints.feedback)} feedback ·{' '}
            {formatCount(touchpoints.events)} events
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Traits({ traits }: { traits: Record<string, unknown> }) {
  const entries = traitEntries(traits);
  return (
    <section className="card" aria-labelledby="customer-traits">
      <h2 id="customer-traits">Traits</h2>
      {entries.length === 0 ? (
        <p className="card-muted">
          No traits yet. Send any attributes (plan, seats, country…) as <code>traits</code> with the customer
          when you record a response or call <code>POST /v1/customers</code>.
        </p>
      ) : (
        <dl className="facts customer-trait-list">
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt className="customer-wrap">{key}</dt>
              <dd className="customer-wrap">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Scores({ summary }: { summary: CustomerSummary }) {
  const series = useMemo(() => scoreSeries(summary), [summary]);
  return (
    <section className="section" aria-labelledby="customer-scores">
      <h2 id="customer-scores">Scores over time</h2>
      {summary.scores.length === 0 ? (
        <EmptyState title="No scores yet">
          <p>
            This customer has not answered a rated survey. Scores appear here once they answer an NPS, CSAT or
            CES survey you send them — by link, e-mail or the widget.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Scores per survey</caption>
              <thead>
                <tr>
                  <th scope="col">Survey</th>
                  <th scope="col">Responses</th>
                  <th scope="col">Average</th>
                  <th scope="col">Latest</th>
                </tr>
              </thead>
              <tbody>
                {summary.scores.map((entry) => {
                  const band = scoreBand(entry.survey.kind, entry.latest.score, {
                    min: entry.survey.scale_min,
                    max: entry.survey.scale_max,
                  });
                  return (
                    <tr key={entry.survey.id}>
                      <th scope="row">{entry.survey.name}</th>
                      <td>{formatCount(entry.responses)}</td>
                      <td>{formatTwoDecimals(entry.average)}</td>
                      <td>
                        {entry.latest.score}
                        {band ? (
                          <span className={`customer-badge customer-badge-${band.tone}`}>{band.label}</span>
                        ) : null}{' '}
                        <span className="customer-muted">on {formatDate(entry.latest.at)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="customer-charts">
            {series.map((line) => (
              <ScoreChart key={line.surveyId} line={line} summary={summary} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function ScoreChart({ line, summary }: { line: ScoreSeries; summary: CustomerSummary }) {
  const survey = summary.scores.find((entry) => entry.survey.id === line.surveyId)?.survey;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: {
        type: 'value',
        min: survey?.scale_min ?? undefined,
        max: survey?.scale_max ?? undefined,
        minInterval: 1,
      },
      series: [{ type: 'line', name: line.name, data: line.points, symbolSize: 8 }],
    }),
    [line, survey],
  );
  const table = useMemo(() => {
    const all = scoreTable(summary);
    return { columns: all.columns, rows: all.rows.filter((row) => row[1] === line.name) };
  }, [summary, line.name]);
  return (
    <Chart
      title={`${line.name}: scores`}
      description={`Each score this customer gave in ${line.name}, over time.`}
      option={option}
      table={table}
      fileName={`customer-scores-${line.name}`}
      height={220}
    />
  );
}

function LifetimeValue({ summary }: { summary: CustomerSummary }) {
  return (
    <section className="section" aria-labelledby="customer-value">
      <h2 id="customer-value">Lifetime value</h2>
      {summary.revenue.length === 0 ? (
        <EmptyState title="No purchases recorded">
          <p>
            Send purchases as events — <code>POST /v1/events</code> with <code>type: "purchase"</code>, an{' '}
            <code>amount</code> in cents and a <code>currency</code> — to see this customer’s revenue, average
            purchase and value per year.
          </p>
        </EmptyState>
      ) : (
        summary.revenue.map((revenue) => <RevenueFigures key={revenue.currency} revenue={revenue} />)
      )}
    </section>
  );
}

function RevenueFigures({ revenue }: { revenue: CustomerSummary['revenue'][number] }) {
  const { currency } = revenue;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: revenue.months.map((month) => month.month) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: `Revenue (${currency})`,
          barMaxWidth: 48,
          data: revenue.months.map((month) => month.revenue / 10 ** minorDigits(currency)),
        },
      ],
    }),
    [revenue, currency],
  );
  return (
    <div className="customer-revenue">
      <div className="customer-figures">
        <Figure label={`Lifetime revenue (${currency})`} value={formatMinor(revenue.revenue, currency)} />
        <Figure
          label="Purchases"
          value={formatCount(revenue.purchases)}
          note={`${formatDate(revenue.first_purchase_at)} – ${formatDate(revenue.last_purchase_at)}`}
        />
        <Figure label="Average purchase" value={formatMinor(revenue.average_purchase, currency)} />
        <Figure
          label="Value per year"
          value={formatMinor(revenue.annual_value, currency, { whole: true })}
          note={`${formatTwoDecimals(revenue.purchases_per_year)} purchases a year × average purchase`}
        />
      </div>
      <Chart
        title={`Revenue per month (${currency})`}
        description={`This customer’s purchases in ${currency}, summed per calendar month (UTC).`}
        option={option}
        table={{
          columns: ['Month', `Revenue (${currency})`, 'Purchases'],
          rows: revenue.months.map((month) => [
            month.month,
            month.revenue / 10 ** minorDigits(currency),
            month.purchases,
          ]),
        }}
        fileName={`customer-revenue-${currency}`}
        height={220}
      />
    </div>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="card customer-figure">
      <p className="customer-figure-label">{label}</p>
      <p className="customer-figure-value">{value}</p>
      {note ? <p className="card-muted">{note}</p> : null}
    </div>
  );
}
