// A theme's weekly volume as a small line: drawn with SVG attributes only (the page's CSP refuses inline
// styles), and read out by its label, which lists the numbers.
import { sparklinePoints } from './view.ts';

export function Sparkline({
  values,
  label,
  width,
  height,
}: {
  values: readonly number[];
  label: string;
  width: number;
  height: number;
}) {
  // The stroke is drawn inside the box: a line on the top or bottom edge would be half cut off.
  const inset = 2;
  return (
    <svg
      className="theme-sparkline"
      width={width}
      height={height}
      viewBox={`${-inset} ${-inset} ${width + 2 * inset} ${height + 2 * inset}`}
      role="img"
      aria-label={label}
    >
      <polyline
        points={sparklinePoints(values, width, height)}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
