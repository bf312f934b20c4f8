import { scaleLinear } from 'd3';
import type { HistogramBin } from './columnStats';
import { tallestBin } from './columnStats';

export interface MiniHistogramProps {
  readonly bins: readonly HistogramBin[];
  readonly width?: number;
  readonly height?: number;
  /** Said by screen readers instead of the bars. */
  readonly label: string;
  readonly testId?: string;
}

/** A sparkline histogram for a table cell: D3 computes the scales, React draws the bars. */
export function MiniHistogram({ bins, width = 120, height = 28, label, testId }: MiniHistogramProps) {
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (!first || !last) return <span className="muted">—</span>;
  const x = scaleLinear().domain([first.x0, last.x1]).range([0, width]);
  const y = scaleLinear().domain([0, tallestBin(bins)]).range([height, 1]);
  return (
    <svg className="mini-histogram" width={width} height={height} role="img" aria-label={label} data-testid={testId}>
      {bins.map((b, i) => (
        <rect
          key={i}
          className="mini-histogram-bar"
          x={x(b.x0)}
          y={y(b.count)}
          width={Math.max(1, x(b.x1) - x(b.x0) - 1)}
          height={height - y(b.count)}
          data-count={b.count}
        >
          <title>{`${b.x0} – ${b.x1}: ${b.count}`}</title>
        </rect>
      ))}
    </svg>
  );
}
