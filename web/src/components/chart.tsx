// A chart with its numbers beside it: every chart can be read as a table and downloaded as CSV, so a figure
// is never locked in a picture (and a screen reader reads the table).
import { useEffect, useId, useRef, useState } from 'react';
import { type Cell, downloadCsv } from '../lib/csv.ts';
import { type ChartOption, echarts } from './echarts.ts';

export interface ChartTable {
  columns: string[];
  rows: Cell[][];
}

interface Props {
  title: string;
  /** Says in words what the chart shows (also its accessible description). */
  description?: string;
  option: ChartOption;
  table: ChartTable;
  /** The CSV file's name, without .csv. */
  fileName: string;
  height?: number;
}

const palette = ['#3b4fd8', '#12a37f', '#e0782d', '#b42318', '#7a5af8', '#5a6472'];

export function Chart({ title, description, option, table, fileName, height = 280 }: Props) {
  const id = useId();
  const element = useRef<HTMLDivElement>(null);
  const [showTable, setShowTable] = useState(false);

  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, null, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.getInstanceByDom(element.current);
    chart?.setOption(
      {
        color: palette,
        textStyle: { fontFamily: 'system-ui, sans-serif' },
        aria: { enabled: true, label: { description: description ?? title } },
        animationDuration: 300,
        ...option,
      },
      { notMerge: true },
    );
    // The chart is drawn: a hook for tests and the B9 benchmark.
    element.current.dataset.rendered = 'true';
  }, [option, title, description]);

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <div className="chart-head">
        <figcaption id={`${id}-title`}>{title}</figcaption>
        <div className="chart-actions">
          <button
            type="button"
            className="link-button"
            aria-expanded={showTable}
            aria-controls={`${id}-table`}
            onClick={() => setShowTable((shown) => !shown)}
          >
            {showTable ? 'Hide table' : 'Show table'}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => downloadCsv(fileName, table.columns, table.rows)}
          >
            Download CSV
          </button>
        </div>
      </div>
      {description ? <p className="chart-description">{description}</p> : null}
      <div
        ref={element}
        className="chart-canvas"
        style={{ height }}
        role="img"
        aria-label={description ?? title}
      />
      <div id={`${id}-table`} hidden={!showTable} className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's rows have no identity beyond their place
              <tr key={index}>
                {row.map((cell, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <td key={column}>{cell ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
