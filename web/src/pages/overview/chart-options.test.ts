import { describe, expect, it } from 'vitest';
import {
  bandOption,
  bandSeries,
  breakdownOption,
  breakdownTable,
  rounded,
  trendTable,
  volumeTable,
} from './chart-options.ts';

const points = [
  { value: -20, interval: [-35, -5] as [number, number], n: 40 },
  { value: null, interval: null, n: 0 },
  { value: 10, interval: null, n: 1 },
  { value: 30, interval: [20, 40] as [number, number], n: 90 },
];

describe('band series for a trend with its 95% interval', () => {
  it('stacks the band as lower bound + width, leaving gaps where there is no data or no interval', () => {
    expect(bandSeries(points)).toEqual({
      value: [-20, null, 10, 30],
      lower: [-35, null, null, 20],
      width: [30, null, null, 20],
    });
  });

  it('stacks regardless of sign, so a band below zero starts at its lower bound', () => {
    const option = bandOption({
      periods: ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'],
      granularity: 'week',
      lines: [{ name: 'NPS', color: '#3b4fd8', points, format: String }],
      yMin: -100,
      yMax: 100,
    }) as { series: Array<Record<string, unknown>>; xAxis: { data: string[] } };
    expect(option.series.map((s) => [s.name, s.stack, s.stackStrategy])).toEqual([
      ['NPS lower bound', 'band-0', 'all'],
      ['NPS 95% interval', 'band-0', 'all'],
      ['NPS', undefined, undefined],
    ]);
    expect(option.xAxis.data).toEqual(['Mar 2', 'Mar 9', 'Mar 16', 'Mar 23']);
  });

  it('shows the metric’s whole scale, so a trend does not look steeper than it is', () => {
    const option = bandOption({
      periods: ['2026-03-01'],
      granularity: 'month',
      lines: [
        {
          name: 'CSAT',
          color: '#12a37f',
          points: [{ value: 96, interval: [90.2, 99.1], n: 50 }],
          format: String,
        },
      ],
      yMin: 0,
      yMax: 100,
    }) as { yAxis: Record<string, unknown> };
    expect(option.yAxis).toEqual({ type: 'value', min: 0, max: 100, scale: false });
  });
});

describe('tables beside the charts', () => {
  it('lists every period with the value, its interval and n, rounded for reading', () => {
    expect(trendTable(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'], 'NPS', points, 1)).toEqual({
      columns: ['Period start', 'NPS', '95% low', '95% high', 'Responses'],
      rows: [
        ['2026-03-02', -20, -35, -5, 40],
        ['2026-03-09', null, null, null, 0],
        ['2026-03-16', 10, null, null, 1],
        ['2026-03-23', 30, 20, 40, 90],
      ],
    });
    expect(rounded(33.333333, 1)).toBe(33.3);
    expect(rounded(5.125, 2)).toBe(5.13);
  });

  it('sums the response volume per period across metrics', () => {
    expect(
      volumeTable(
        ['2026-03-02', '2026-03-09'],
        [
          { name: 'NPS', color: '', counts: [3, 0] },
          { name: 'CSAT', color: '', counts: [2, 5] },
        ],
      ),
    ).toEqual({
      columns: ['Period start', 'NPS', 'CSAT', 'All'],
      rows: [
        ['2026-03-02', 3, 2, 5],
        ['2026-03-09', 0, 5, 5],
      ],
    });
  });
});

describe('breakdowns as a forest plot', () => {
  const rows = [
    { label: 'enterprise', value: 42, interval: [30, 54] as [number, number], n: 120, chosen: true },
    { label: 'smb', value: -5, interval: [-25, 15] as [number, number], n: 60 },
    { label: 'No segment', value: null, interval: null, n: 0 },
  ];

  it('draws each group with a value as a dot over its interval bar, the chosen group in its own colour', () => {
    const option = breakdownOption({
      rows,
      name: 'NPS',
      color: 'blue',
      chosenColor: 'black',
      format: String,
    }) as {
      yAxis: { data: string[] };
      series: Array<{ data: unknown[] }>;
    };
    expect(option.yAxis.data).toEqual(['enterprise', 'smb']);
    expect(option.series[0].data).toEqual([30, -25]);
    expect(option.series[1].data).toEqual([
      { value: 24, itemStyle: { color: 'black', opacity: 0.3 } },
      { value: 40, itemStyle: { color: 'blue', opacity: 0.3 } },
    ]);
    expect(option.series[2].data).toEqual([
      { value: 42, itemStyle: { color: 'black' } },
      { value: -5, itemStyle: { color: 'blue' } },
    ]);
  });

  it('still lists a group without a value in the table', () => {
    expect(breakdownTable(rows, 'Segment', 'NPS', 1).rows).toEqual([
      ['enterprise', 42, 30, 54, 120],
      ['smb', -5, -25, 15, 60],
      ['No segment', null, null, null, 0],
    ]);
  });
});
