import { scaleLinear, type ScaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { queueFrameTask } from './frameQueue';
import { drawPointBuckets, groupByBucket } from './pointBuckets';

export interface ScatterScales {
  readonly x: ScaleLinear<number, number>;
  readonly y: ScaleLinear<number, number>;
}

export interface CanvasScatterProps {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Colour bucket of each point (index into `colours`; -1 hides it). Later buckets are drawn on top. */
  readonly bucketOf: ArrayLike<number>;
  readonly colours: readonly string[];
  readonly alphas?: readonly number[];
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  /** Screen units per x unit over screen units per y unit (e.g. cos(latitude) for a map); unset fills the box. */
  readonly aspect?: number;
  readonly height: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly ariaLabel: string;
  readonly pointSize?: number;
  /** SVG drawn above the points, in plot coordinates (e.g. the y = x line). */
  readonly overlay?: (scales: ScatterScales) => ReactNode;
  readonly testId?: string;
}

const MARGIN = { top: 8, right: 12, bottom: 38, left: 52 };

/**
 * A scatter of tens of thousands of points: the points on a canvas (grouped by colour, one path per colour), axes,
 * labels and overlays in an SVG above it, D3 scales for both. Redrawn when the data or the width changes.
 */
export function CanvasScatter(props: CanvasScatterProps) {
  const { x, y, bucketOf, colours, alphas, xDomain, yDomain, aspect, height, pointSize = 2, testId } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setWidth(Math.floor(wrap.clientWidth)));
    observer.observe(wrap);
    setWidth(Math.floor(wrap.clientWidth));
    return () => observer.disconnect();
  }, []);

  const buckets = useMemo(() => groupByBucket(bucketOf, colours.length), [bucketOf, colours.length]);

  const scales = useMemo<ScatterScales | null>(() => {
    if (width <= 0) return null;
    let innerW = width - MARGIN.left - MARGIN.right;
    let innerH = height - MARGIN.top - MARGIN.bottom;
    let left = 0;
    let top = 0;
    if (aspect !== undefined) {
      // Equal-aspect projection: one unit of y takes as many pixels as `aspect` units… scaled to fit the box.
      const spanX = (xDomain[1] - xDomain[0]) * aspect;
      const spanY = yDomain[1] - yDomain[0];
      const k = Math.min(innerW / spanX, innerH / spanY);
      left = (innerW - spanX * k) / 2;
      top = (innerH - spanY * k) / 2;
      innerW = spanX * k;
      innerH = spanY * k;
    }
    return {
      x: scaleLinear().domain(xDomain).range([left, left + innerW]),
      y: scaleLinear().domain(yDomain).range([top + innerH, top]),
    };
  }, [width, height, aspect, xDomain, yDomain]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !scales) return;
    return queueFrameTask(() => {
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, MARGIN.left * ratio, MARGIN.top * ratio);
      ctx.clearRect(-MARGIN.left, -MARGIN.top, width, height);
      const px = new Float32Array(x.length);
      const py = new Float32Array(y.length);
      for (let i = 0; i < x.length; i++) {
        px[i] = scales.x(x[i]!);
        py[i] = scales.y(y[i]!);
      }
      drawPointBuckets(ctx, px, py, buckets, colours, pointSize, alphas);
      canvas.dataset.drawn = String(buckets.order.length);
    });
  }, [scales, x, y, buckets, colours, alphas, pointSize, width, height]);

  const xRange = scales?.x.range() ?? [0, 0];
  const yRange = scales?.y.range() ?? [0, 0];
  return (
    <div ref={wrapRef} className="canvas-scatter" style={{ height }} data-testid={testId}>
      <canvas ref={canvasRef} className="canvas-scatter-points" aria-hidden="true" />
      {scales && (
        <svg className="canvas-scatter-axes" width={width} height={height} role="img" aria-label={props.ariaLabel}>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <g className="chart-axis" transform={`translate(0,${yRange[0]})`}>
              <line x1={xRange[0]} x2={xRange[1]} stroke="currentColor" />
              {scales.x.ticks(6).map((t) => (
                <g key={t} transform={`translate(${scales.x(t)},0)`}>
                  <line y2={5} stroke="currentColor" />
                  <text y={17} textAnchor="middle">
                    {t}
                  </text>
                </g>
              ))}
              <text className="chart-label" x={(xRange[0]! + xRange[1]!) / 2} y={32} textAnchor="middle">
                {props.xLabel}
              </text>
            </g>
            <g className="chart-axis" transform={`translate(${xRange[0]},0)`}>
              <line y1={yRange[0]} y2={yRange[1]} stroke="currentColor" />
              {scales.y.ticks(5).map((t) => (
                <g key={t} transform={`translate(0,${scales.y(t)})`}>
                  <line x2={-5} stroke="currentColor" />
                  <text x={-8} dy="0.32em" textAnchor="end">
                    {t}
                  </text>
                </g>
              ))}
              <text
                className="chart-label"
                transform={`translate(-40,${(yRange[0]! + yRange[1]!) / 2}) rotate(-90)`}
                textAnchor="middle"
              >
                {props.yLabel}
              </text>
            </g>
            {props.overlay?.(scales)}
          </g>
        </svg>
      )}
    </div>
  );
}
