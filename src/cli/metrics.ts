// `heed metrics nps|csat|ces|retention|clv|concentration`: an aligned table, or --json.
import { CliError } from './context.ts';

export const metricNames = ['nps', 'csat', 'ces', 'retention', 'clv', 'concentration'] as const;
export type MetricName = (typeof metricNames)[number];

type Cell = string | number | null | undefined;

/** Columns padded to their widest cell; numbers right-aligned. */
export function alignedTable(header: string[], rows: Cell[][]): string {
  const text = (cell: Cell) =>
    cell === null || cell === undefined ? '—' : typeof cell === 'number' ? formatNumber(cell) : cell;
  const cells = [header, ...rows.map((row) => row.map(text))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const numeric = header.map(
    (_, column) =>
      rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || row[column] == null),
  );
  return cells
    .map((row) =>
      row
        .map((cell, column) =>
          numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(1);
}

const interval = (ci: unknown) =>
  Array.isArray(ci) ? `${formatNumber(ci[0] as number)} – ${formatNumber(ci[1] as number)}` : null;

type Result = Record<string, unknown>;

/** Renders a metric result as the table a person reads. */
export function metricTable(name: MetricName, result: Result): string {
  if (name === 'nps' || name === 'csat' || name === 'ces') {
    const value = (r: Result) => r[name] as number | null;
    const spread = (r: Result) =>
      name === 'nps'
        ? r.marginOfError == null
          ? null
          : `±${formatNumber(r.marginOfError as number)}`
        : interval(r.confidenceInterval);
    const groups = (result.groups as Result[] | undefined) ?? [];
    const header = ['', name.toUpperCase(), name === 'nps' ? 'margin (95%)' : '95% interval', 'n'];
    const rows: Cell[][] = groups.map((g) => [
      [g.period, g.group === undefined ? undefined : (g.group ?? '(none)')]
        .filter((x) => x !== undefined)
        .join(' '),
      value(g),
      spread(g),
      g.n as number,
    ]);
    rows.push([`all (${result.from} – ${result.to})`, value(result), spread(result), result.n as number]);
    let table = alignedTable(header, rows);
    const comparison = result.comparison as Result | undefined;
    if (comparison) {
      const change = comparison.change as Result;
      table += `\n\nChange against ${(comparison.previous as Result).from} – ${(comparison.previous as Result).to}: ${
        change.difference == null ? '—' : formatNumber(change.difference as number)
      } (p = ${change.pValue == null ? '—' : (change.pValue as number).toFixed(3)}; ${change.significant ? 'significant' : 'not significant'})`;
    }
    return table;
  }
  if (name === 'retention') {
    const periods = result.periods as Result[];
    return alignedTable(
      ['period', 'group', 'start', 'new', 'lost', 'end', 'retention %', 'churn %'],
      periods.map((p) => [
        p.period as string,
        p.group === undefined ? '' : ((p.group as string | null) ?? '(none)'),
        p.start as number,
        p.new as number,
        p.lost as number,
        p.end as number,
        (p.retention as Result).rate as number | null,
        (p.churn as Result).rate as number | null,
      ]),
    );
  }
  if (name === 'clv') {
    const inputs = result.inputs as Result;
    const money = (minor: unknown) =>
      minor == null ? null : `${formatNumber((minor as number) / 100)} ${result.currency}`;
    return alignedTable(
      ['', 'value'],
      [
        ['CLV', money(result.clv)],
        ['average purchase value', money(inputs.average_purchase_value)],
        ['purchases per year', inputs.purchases_per_year as number | null],
        ['lifespan (years)', inputs.lifespan_years as number | null],
        ['acquisition cost', money(inputs.acquisition_cost)],
        ['customers with purchases', result.n as number],
      ],
    );
  }
  if (name === 'concentration') {
    const top = result.top_customers as Result[];
    const summary = alignedTable(
      ['', 'value'],
      [
        [
          `revenue share of the top ${Math.round((result.top_fraction as number) * 100)}%`,
          result.topShare as number | null,
        ],
        ['Gini coefficient', result.gini === null ? null : (result.gini as number).toFixed(3)],
        ['customers with revenue', result.n as number],
      ],
    );
    const list = alignedTable(
      ['customer', 'revenue'],
      top
        .slice(0, 20)
        .map((c) => [(c.external_id ?? c.email ?? c.customer_id) as string, (c.revenue as number) / 100]),
    );
    return `${summary}\n\nTop customers (${result.currency}):\n${list}`;
  }
  throw new CliError(`Unknown metric ${name}`);
}
