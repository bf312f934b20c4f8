import * as tf from '@tensorflow/tfjs';
import type { ColumnTable } from '../../core/columns';
import type { FittedScaler } from '../../core/training';
import { scaledMatrix } from './scaler';

/**
 * Rows per forward pass: memory stays bounded whatever the row count (a million rows through the MLP at once would
 * hold a million × 64 activations), and each pass is one call, not Keras' `predict`, which splits into batches of 32.
 */
export const PREDICT_CHUNK_ROWS = 16_384;

/** Calls `visit(start, end)` for consecutive ranges of at most `chunk` of `count` items. */
export function forEachChunk(count: number, chunk: number, visit: (start: number, end: number) => void): void {
  for (let start = 0; start < count; start += chunk) visit(start, Math.min(count, start + chunk));
}

/** The model's outputs for a row-major matrix of already scaled features. */
export function predictMatrix(model: tf.LayersModel, matrix: Float32Array, width: number, chunk = PREDICT_CHUNK_ROWS): Float32Array {
  const rows = matrix.length / width;
  const out = new Float32Array(rows);
  forEachChunk(rows, chunk, (start, end) => {
    // The tensor leaves the tidy, not its values: tidy walks what its function returns, and walks a typed array index
    // by index (tfjs-core walkTensorContainer), ~2 ms per 1,000 rows.
    const output = tf.tidy(() => {
      const x = tf.tensor2d(matrix.subarray(start * width, end * width), [end - start, width]);
      return model.apply(x, { training: false }) as tf.Tensor;
    });
    out.set(output.dataSync(), start);
    output.dispose();
  });
  return out;
}

/** The model's outputs for the given rows of a table (all rows when `rows` is null), scaled a chunk at a time. */
export function predictRows(
  model: tf.LayersModel,
  table: ColumnTable,
  scaler: FittedScaler,
  rows: Uint32Array | null,
  chunk = PREDICT_CHUNK_ROWS,
): Float32Array {
  const count = rows ? rows.length : table.rowCount;
  const out = new Float32Array(count);
  const width = scaler.features.length;
  forEachChunk(count, chunk, (start, end) => {
    const picked = rows ? rows.subarray(start, end) : Uint32Array.from({ length: end - start }, (_, i) => start + i);
    out.set(predictMatrix(model, scaledMatrix(table, scaler, picked), width, chunk), start);
  });
  return out;
}
