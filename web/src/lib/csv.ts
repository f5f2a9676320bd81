// CSV for every chart and table: RFC 4180 quoting, and cells a spreadsheet would run as a formula defused.

export type Cell = string | number | boolean | null | undefined;

/** One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed with '. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `${[columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Saves the CSV as a file through a Blob URL (allowed by the page's CSP, unlike a data: URL). */
export function downloadCsv(
  fileName: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly Cell[]>,
) {
  const blob = new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
