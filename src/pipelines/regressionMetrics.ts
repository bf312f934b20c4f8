/** Root mean squared error, mean absolute error and R² of predictions against actual values. */
export interface RegressionMetrics {
  readonly rmse: number;
  readonly mae: number;
  /** NaN when every actual value is the same: R² divides by their variance, so it is undefined (see `r2Text`). */
  readonly r2: number;
  readonly count: number;
}

/** R² for messages: the figure, or why there is none. */
export function r2Text(r2: number, digits = 4): string {
  return Number.isNaN(r2) ? 'undefined (the actual values are all equal)' : r2.toFixed(digits);
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  const n = actual.length;
  if (n === 0 || predicted.length !== n) {
    throw new Error(`Metrics need equal, non-empty arrays (got ${n} actual and ${predicted.length} predicted).`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const err = actual[i]! - predicted[i]!;
    sse += err * err;
    sae += Math.abs(err);
    const dev = actual[i]! - mean;
    sst += dev * dev;
  }
  return { rmse: Math.sqrt(sse / n), mae: sae / n, r2: sst === 0 ? Number.NaN : 1 - sse / sst, count: n };
}
