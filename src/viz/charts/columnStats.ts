import { bin } from 'd3';
import type { ColumnStats } from '../../core/training';

/** One bar of a histogram: the values in [x0, x1) (the last bin also holds its upper edge). */
export interface HistogramBin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

/**
 * Count, missing, mean, sample standard deviation (n − 1, as pandas' `describe`), min and max of one column. A value
 * that is not finite (NaN, as a missing CSV cell is stored, or ±Infinity) counts as missing and is left out of the
 * rest. Welford's update keeps the variance exact enough for columns whose mean dwarfs their spread (e.g. Latitude).
 */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    count++;
    const delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return {
    count,
    missing: values.length - count,
    mean: count > 0 ? mean : NaN,
    std: count > 1 ? Math.sqrt(m2 / (count - 1)) : NaN,
    min: count > 0 ? min : NaN,
    max: count > 0 ? max : NaN,
  };
}

/**
 * A histogram of the finite values with about `binCount` bins over `domain` (default: the values' extent), computed by
 * d3.bin with "nice" thresholds. Values outside the domain are left out, so callers pass the extent they draw.
 */
export function histogram(values: ArrayLike<number>, binCount = 20, domain?: readonly [number, number]): HistogramBin[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) finite.push(x);
  }
  if (finite.length === 0) return [];
  const binner = bin().thresholds(binCount);
  if (domain) binner.domain([domain[0], domain[1]]);
  return binner(finite).map((b) => ({ x0: b.x0 ?? NaN, x1: b.x1 ?? NaN, count: b.length }));
}

/** The largest count of a histogram (0 when empty): the height its bars are scaled to. */
export const tallestBin = (bins: readonly HistogramBin[]): number => bins.reduce((m, b) => Math.max(m, b.count), 0);

/**
 * The q-quantile (0..1) of the finite |values|, by sorting a copy: a robust half-width for a diverging colour scale,
 * which a few extreme residuals would otherwise wash out.
 */
export function absQuantile(values: ArrayLike<number>, q: number): number {
  const abs = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) abs[n++] = Math.abs(x);
  }
  if (n === 0) return 0;
  const sorted = abs.subarray(0, n).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))]!;
}
