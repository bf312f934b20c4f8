import { requireColumn, type ColumnTable } from '../../core/columns';
import { seededPermutation } from '../../core/random';

/** A seeded split of row indices into train and held-out test rows. */
export function splitIndices(
  rowCount: number,
  testFraction: number,
  random: () => number,
): { train: Uint32Array; test: Uint32Array } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}.`);
  const order = seededPermutation(rowCount, random);
  const testCount = Math.round(rowCount * testFraction);
  return { test: order.slice(0, testCount).sort(), train: order.slice(testCount).sort() };
}

/** Row-major float32 matrix of the given columns for the given rows: what tfjs' tensor2d takes. */
export function featureMatrix(table: ColumnTable, names: readonly string[], rows: ArrayLike<number>): Float32Array {
  const columns = names.map((name) => requireColumn(table, name));
  const width = columns.length;
  const out = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) out[r * width + c] = columns[c]![row]!;
  }
  return out;
}
