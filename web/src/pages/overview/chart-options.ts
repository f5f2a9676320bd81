// The Overview's charts as data: ECharts options and the table (and CSV) beside each, built from the API's
// answer by pure functions, so what is drawn and what is listed come from the same numbers.
import type { ChartOption } from '../../components/echarts.ts';
import type { Cell } from '../../lib/csv.ts';
import { type Granularity, periodLabel } from './view.ts';

/** A chart's numbers as the table and CSV beside it list them (components/chart.tsx takes this shape). */
export interface ChartTable {
  columns: string[];
  rows: Cell[][];
}

/** One point of a trend: a value with its 95% interval and sample, or nulls where there is no data. */
export interface BandPoint {
  value: number | null;
  interval: [number, number] | null;
  n: number;
}

/**
 * The three series a band chart stacks: the interval's lower bound (drawn invisibly), the interval's width
 * on top of it (the shaded band), and the value itself. A point without data is null in all three, so the
 * line and the band break there instead of bridging the gap; a value without an interval (one answer) has
 * no band.
 */
export function bandSeries(points: readonly BandPoint[]) {
  const hasBand = (p: BandPoint) => p.value !== null && p.interval !== null;
  return {
    value: points.map((p) => p.value),
    lower: points.map((p) => (hasBand(p) ? (p.interval as [number, number])[0] : null)),
    width: points.map((p) =>
      hasBand(p) ? (p.interval as [number, number])[1] - (p.interval as [number, number])[0] : null,
    ),
  };
}

/** Rounds for tables and tooltips: the chart keeps full precision, a reader needs a few digits. */
export const rounded = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export interface BandLine {
  name: string;
  color: string;
  points: BandPoint[];
  /** How the value reads in a tooltip, e.g. "+42" or "87.5%". */
  format: (value: number) => string;
}

const bandOpacity = 0.18;

/**
 * A trend with its uncertainty: per line, a shaded 95% band stacked as lower bound + width, and the value
 * over it. The band's stack ignores signs ('all'), for ECharts would otherwise stack a positive width from 0
 * rather than from a negative lower bound (an NPS of −20 ± 10).
 */
export function bandOption({
  periods,
  granularity,
  lines,
  yMin,
  yMax,
}: {
  periods: string[];
  granularity: Granularity | 'quarter' | 'year';
  lines: BandLine[];
  /** The ends of the metric's scale (e.g. 0 and 100 for a percentage); without them the axis fits the data. */
  yMin?: number;
  yMax?: number;
}): ChartOption {
  const series = lines.flatMap((line, index) => {
    const band = bandSeries(line.points);
    const stack = `band-${index}`;
    return [
      {
        name: `${line.name} lower bound`,
        type: 'line',
        data: band.lower,
        stack,
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
        z: 1,
      },
      {
        name: `${line.name} 95% interval`,
        type: 'line',
        data: band.width,
        stack,
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: line.color, opacity: bandOpacity },
        silent: true,
        z: 1,
      },
      {
        name: line.name,
        type: 'line',
        data: band.value,
        symbol: 'circle',
        symbolSize: 6,
        itemStyle: { color: line.color },
        lineStyle: { color: line.color, width: 2 },
        z: 3,
      },
    ];
  });
  return {
    grid: { left: 8, right: 16, top: lines.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    legend: lines.length > 1 ? { data: lines.map((line) => line.name), top: 0 } : undefined,
    tooltip: {
      trigger: 'axis',
      // Drawn on the canvas: the HTML tooltip writes inline styles, which the page's CSP refuses.
      renderMode: 'richText',
      formatter: (params: Array<{ dataIndex: number }> | { dataIndex: number }) => {
        const index = (Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0;
        return [
          periodLabel(periods[index] ?? '', granularity),
          ...lines.map((line) => {
            const point = line.points[index];
            if (!point || point.value === null) return `${line.name}: no data`;
            const interval = point.interval
              ? ` (95%: ${line.format(point.interval[0])} to ${line.format(point.interval[1])})`
              : '';
            return `${line.name}: ${line.format(point.value)}${interval}, n = ${point.n}`;
          }),
        ].join('\n');
      },
    },
    xAxis: {
      type: 'category',
      data: periods.map((period) => periodLabel(period, granularity)),
      boundaryGap: false,
    },
    // The metric's whole scale (NPS −100 to 100, CES 1 to 7): a trend is not made to look steeper than it is.
    yAxis: { type: 'value', min: yMin, max: yMax, scale: yMin === undefined },
    series,
  };
}

export interface BreakdownRow {
  label: string;
  value: number | null;
  interval: [number, number] | null;
  n: number;
  /** The group the page is filtered to, drawn in the accent colour. */
  chosen?: boolean;
}

/**
 * A breakdown as a forest plot: per group, a dot at the value and a bar over its 95% interval (an invisible
 * bar to the lower bound, the interval's width stacked on it), so overlapping bars show differences that may
 * be noise. Groups without a value are left out of the chart (the table still lists them).
 */
export function breakdownOption({
  rows,
  name,
  color,
  chosenColor,
  format,
}: {
  rows: BreakdownRow[];
  name: string;
  color: string;
  chosenColor: string;
  format: (value: number) => string;
}): ChartOption {
  const shown = rows.filter((row) => row.value !== null);
  const band = bandSeries(shown);
  const colorOf = (row: BreakdownRow) => (row.chosen ? chosenColor : color);
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      formatter: (params: { dataIndex: number }) => {
        const row = shown[params.dataIndex];
        if (!row || row.value === null) return '';
        const interval = row.interval
          ? ` (95%: ${format(row.interval[0])} to ${format(row.interval[1])})`
          : '';
        return `${row.label}\n${name}: ${format(row.value)}${interval}, n = ${row.n}`;
      },
    },
    yAxis: { type: 'category', data: shown.map((row) => row.label), inverse: true },
    xAxis: { type: 'value', scale: true },
    series: [
      {
        name: 'lower bound',
        type: 'bar',
        stack: 'interval',
        stackStrategy: 'all',
        data: band.lower,
        itemStyle: { color: 'transparent' },
        barWidth: 10,
        silent: true,
      },
      {
        name: '95% interval',
        type: 'bar',
        stack: 'interval',
        stackStrategy: 'all',
        data: shown.map((row, index) => ({
          value: band.width[index],
          itemStyle: { color: colorOf(row), opacity: 0.3 },
        })),
        barWidth: 10,
        silent: true,
      },
      {
        name,
        type: 'scatter',
        symbolSize: 12,
        data: shown.map((row) => ({ value: row.value, itemStyle: { color: colorOf(row) } })),
        z: 3,
      },
    ],
  };
}

/** How tall a breakdown chart must be to give each group a readable row. */
export const breakdownHeight = (groups: number) => Math.max(120, 40 + groups * 36);

export function breakdownTable(
  rows: BreakdownRow[],
  groupTitle: string,
  name: string,
  digits: number,
): ChartTable {
  return {
    columns: [groupTitle, name, '95% low', '95% high', 'Responses'],
    rows: rows.map((row) => [
      row.label,
      rounded(row.value, digits),
      rounded(row.interval?.[0], digits),
      rounded(row.interval?.[1], digits),
      row.n,
    ]),
  };
}

export function trendTable(periods: string[], name: string, points: BandPoint[], digits: number): ChartTable {
  return {
    columns: ['Period start', name, '95% low', '95% high', 'Responses'],
    rows: periods.map((period, index) => {
      const point = points[index];
      return [
        period,
        rounded(point?.value, digits),
        rounded(point?.interval?.[0], digits),
        rounded(point?.interval?.[1], digits),
        point?.n ?? 0,
      ];
    }),
  };
}

export interface VolumeSeries {
  name: string;
  color: string;
  counts: number[];
}

/** Responses per period, stacked by metric: how much each period's figures rest on. */
export function volumeOption({
  periods,
  granularity,
  series,
}: {
  periods: string[];
  granularity: Granularity;
  series: VolumeSeries[];
}): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { data: series.map((s) => s.name), top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: periods.map((period) => periodLabel(period, granularity)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      stack: 'responses',
      data: s.counts,
      itemStyle: { color: s.color },
    })),
  };
}

export function volumeTable(periods: string[], series: VolumeSeries[]): ChartTable {
  return {
    columns: ['Period start', ...series.map((s) => s.name), 'All'],
    rows: periods.map((period, index) => {
      const counts = series.map((s) => s.counts[index] ?? 0);
      return [period, ...counts, counts.reduce((sum, count) => sum + count, 0)];
    }),
  };
}
