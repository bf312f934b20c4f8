/** Root mean squared error, mean absolute error and R² of predictions against actual values. */
export interface RegressionMetrics {
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  readonly count: number;
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
  return { rmse: Math.sqrt(sse / n), mae: sae / n, r2: sst === 0 ? 0 : 1 - sse / sst, count: n };
}
