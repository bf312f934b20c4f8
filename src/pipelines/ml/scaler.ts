import { requireColumn, type ColumnTable } from '../../core/columns';
import type { FittedScaler } from '../../core/training';
import { columnStats } from './columnStats';
import { quoted } from '../../core/displayText';

/**
 * Standardization (mean 0, std 1 per feature) fitted on the given rows only: the training rows, so that nothing about
 * the validation or test rows leaks into the model. A constant feature keeps std 1 (it is centred, not blown up).
 */
export function fitScaler(table: ColumnTable, features: readonly string[], rows: ArrayLike<number>, clip?: number): FittedScaler {
  const mean: number[] = [];
  const std: number[] = [];
  for (const name of features) {
    const stats = columnStats(requireColumn(table, name), rows);
    if (stats.missing > 0) throw new Error(`Feature ${quoted(name)} has ${stats.missing} missing value(s) among the training rows.`);
    mean.push(stats.mean);
    std.push(stats.std > 1e-12 ? stats.std : 1);
  }
  return { features: [...features], mean, std, ...(clip === undefined ? {} : { clip }) };
}

/**
 * Row-major matrix of the scaled features of the given rows: float32 is what tfjs' tensor2d takes; the closed-form
 * reference asks for float64.
 */
export function scaledMatrix(table: ColumnTable, scaler: FittedScaler, rows: ArrayLike<number>): Float32Array;
export function scaledMatrix(table: ColumnTable, scaler: FittedScaler, rows: ArrayLike<number>, type: 'float64'): Float64Array;
export function scaledMatrix(
  table: ColumnTable,
  scaler: FittedScaler,
  rows: ArrayLike<number>,
  type: 'float32' | 'float64' = 'float32',
): Float32Array | Float64Array {
  const columns = scaler.features.map((name) => requireColumn(table, name));
  const width = columns.length;
  const out = type === 'float64' ? new Float64Array(rows.length * width) : new Float32Array(rows.length * width);
  for (let c = 0; c < width; c++) {
    const column = columns[c]!;
    const mean = scaler.mean[c]!;
    const std = scaler.std[c]!;
    const bound = scaler.clip ?? Infinity;
    for (let r = 0; r < rows.length; r++) {
      const z = (column[rows[r]!]! - mean) / std;
      out[r * width + c] = z > bound ? bound : z < -bound ? -bound : z;
    }
  }
  return out;
}

/** Checks that a table has every feature a scaler (and so its model) was fitted on; the message names what is missing. */
export function assertScalerFits(table: ColumnTable, scaler: FittedScaler, modelId: string): void {
  const missing = scaler.features.filter((name) => !table.names.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `Model ${modelId} was trained on ${scaler.features.join(', ')}; these data lack ${missing.join(', ')}. ` +
        'Choose a model trained on data with the same columns.',
    );
  }
}
