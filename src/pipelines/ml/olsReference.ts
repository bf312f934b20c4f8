import type { ColumnTable } from '../../core/columns';
import type { FittedScaler, SplitMetrics } from '../../core/training';
import { regressionMetrics } from '../regressionMetrics';
import { forEachChunk, PREDICT_CHUNK_ROWS } from './chunkedPredict';
import { NormalEquations, olsPredict, SingularMatrixError } from './ols';
import { scaledMatrix } from './scaler';
import type { RowSplit } from './split';

/** The closed-form least-squares reference on the same training rows, measured on the same test rows. */
export interface OlsReference {
  readonly test: SplitMetrics;
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

/** OLS on the scaled training rows, accumulated a chunk at a time, and its test metrics; null with the reason if singular. */
export function olsReference(
  table: ColumnTable,
  y: ArrayLike<number>,
  scaler: FittedScaler,
  split: RowSplit,
): { ols: OlsReference | null; problem: string | null } {
  const equations = new NormalEquations(scaler.features.length);
  forEachChunk(split.train.length, PREDICT_CHUNK_ROWS, (start, end) => {
    const rows = split.train.subarray(start, end);
    equations.add(scaledMatrix(table, scaler, rows, 'float64'), Float64Array.from(rows, (row) => y[row]!), end - start);
  });
  let fit;
  try {
    fit = equations.solve();
  } catch (error) {
    if (error instanceof SingularMatrixError) return { ols: null, problem: error.message };
    throw error;
  }
  const predicted = new Float64Array(split.test.length);
  forEachChunk(split.test.length, PREDICT_CHUNK_ROWS, (start, end) => {
    const rows = split.test.subarray(start, end);
    predicted.set(olsPredict(fit, scaledMatrix(table, scaler, rows, 'float64'), end - start), start);
  });
  const test = regressionMetrics(Float64Array.from(split.test, (row) => y[row]!), predicted);
  return { ols: { test, intercept: fit.intercept, coefficients: Array.from(fit.coefficients) }, problem: null };
}
