import { bin, bisectRight, nice, tickIncrement, ticks } from 'd3';
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
  const running = new RunningStats();
  running.add(values);
  return running.stats();
}

/**
 * columnStats over a column that arrives in pieces (a version's parts, read one at a time): the same Welford update
 * carried from one piece to the next, so the figures are bit for bit those of columnStats over the whole column.
 */
export class RunningStats {
  private count = 0;
  private values = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;

  add(values: ArrayLike<number>, from = 0, to = values.length): void {
    let { count, mean, m2, min, max } = this;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (!Number.isFinite(x)) continue;
      count++;
      const delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
      if (x < min) min = x;
      if (x > max) max = x;
    }
    Object.assign(this, { count, mean, m2, min, max });
    this.values += to - from;
  }

  stats(): ColumnStats {
    const { count, mean, m2, min, max } = this;
    return {
      count,
      missing: this.values - count,
      mean: count > 0 ? mean : NaN,
      std: count > 1 ? Math.sqrt(m2 / (count - 1)) : NaN,
      min: count > 0 ? min : NaN,
      max: count > 0 ? max : NaN,
    };
  }
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

/**
 * Where `histogram` puts a value, without the values at hand: d3.bin's thresholds and its rule for placing a value
 * (quantization when the thresholds are aligned with the domain, else bisection), reproduced from the domain alone,
 * so that a column read in parts is binned exactly as `histogram` bins the whole column. `lo`/`hi` are the finite
 * values' extent (`domain` unset in `histogram`) or the domain passed to it.
 */
export class HistogramLayout {
  readonly x0: number;
  readonly x1: number;
  readonly thresholds: readonly number[];
  private readonly step: number;

  constructor(lo: number, hi: number, binCount: number, isExtent: boolean) {
    // d3-array 3's bin(), the branch for a count of thresholds.
    let x0 = lo;
    let x1 = hi;
    let step = NaN;
    if (isExtent) [x0, x1] = nice(x0, x1, binCount);
    let tz = ticks(x0, x1, binCount);
    if (tz[0]! <= x0) step = tickIncrement(x0, x1, binCount);
    if (tz[tz.length - 1]! >= x1) {
      if (hi >= x1 && isExtent) {
        const inc = tickIncrement(x0, x1, binCount);
        if (Number.isFinite(inc)) {
          if (inc > 0) x1 = (Math.floor(x1 / inc) + 1) * inc;
          else if (inc < 0) x1 = (Math.ceil(x1 * -inc) + 1) / -inc;
        }
      } else tz.pop();
    }
    const m = tz.length;
    let a = 0;
    let b = m;
    while (tz[a]! <= x0) ++a;
    while (tz[b - 1]! > x1) --b;
    if (a || b < m) tz = tz.slice(a, b);
    this.x0 = x0;
    this.x1 = x1;
    this.thresholds = tz;
    this.step = step;
  }

  /** Empty bins, one more than the thresholds. */
  emptyCounts(): Float64Array {
    return new Float64Array(this.thresholds.length + 1);
  }

  /** Adds the values from `from` to `to` to `counts`: non-finite values and values outside the domain are left out. */
  count(values: ArrayLike<number>, counts: Float64Array, from = 0, to = values.length): void {
    const { x0, x1, step, thresholds: tz } = this;
    const m = tz.length;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (!Number.isFinite(x) || !(x0 <= x && x <= x1)) continue;
      if (!Number.isFinite(step)) counts[bisectRight(tz, x, 0, m)]!++;
      else if (step > 0) counts[Math.min(m, Math.floor((x - x0) / step))]!++;
      else if (step < 0) {
        const j = Math.floor((x0 - x) * step);
        counts[Math.min(m, j + (tz[j]! <= x ? 1 : 0))]!++;
      }
    }
  }

  /** The bins with their counts, as `histogram` returns them. */
  bins(counts: ArrayLike<number>): HistogramBin[] {
    const tz = this.thresholds;
    return Array.from({ length: tz.length + 1 }, (_, i) => ({ x0: i > 0 ? tz[i - 1]! : this.x0, x1: i < tz.length ? tz[i]! : this.x1, count: counts[i]! }));
  }
}

/** The largest count of a histogram (0 when empty): the height its bars are scaled to. */
export const tallestBin = (bins: readonly HistogramBin[]): number => bins.reduce((m, b) => Math.max(m, b.count), 0);

/**
 * The q-quantile (0..1) of the finite |values|, by sorting a copy: a robust half-width for a diverging colour scale,
 * which a few extreme residuals would otherwise wash out.
 */
export function absQuantile(values: ArrayLike<number>, q: number): number {
  return absQuantiles(values, [q])[0]!;
}

/** absQuantile for several q at the cost of one sort. */
export function absQuantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const abs = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) abs[n++] = Math.abs(x);
  }
  if (n === 0) return qs.map(() => 0);
  const sorted = abs.subarray(0, n).sort();
  return qs.map((q) => sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))]!);
}
