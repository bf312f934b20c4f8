import { seededPermutation, seededRandom } from '../../core/random';
import { SPLIT_CODES } from '../../core/training';

/** Shares of the rows for training, validation (early stopping, tuning) and the untouched test set. */
export interface SplitFractions {
  readonly validation: number;
  readonly test: number;
}

export const DEFAULT_SPLIT: SplitFractions = { validation: 0.15, test: 0.15 };

export interface RowSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
  /** Per row, its split as `SPLIT_CODES` (float32 so it can be a column of `housing_predictions`). */
  readonly codes: Float32Array;
}

/**
 * A seeded three-way split of row indices. Its own random stream (seeded with `seed` alone) so that predict can draw
 * the very same split again from the seed and row count a model recorded. Indices come back sorted.
 */
export function splitRows(rowCount: number, seed: number, fractions: SplitFractions = DEFAULT_SPLIT): RowSplit {
  const { validation, test } = fractions;
  if (!(validation > 0 && test > 0 && validation + test < 1)) {
    throw new RangeError(`Validation and test fractions must be > 0 and sum below 1, got ${validation} and ${test}.`);
  }
  const testCount = Math.round(rowCount * test);
  const validationCount = Math.round(rowCount * validation);
  if (rowCount - testCount - validationCount < 2 || testCount < 1 || validationCount < 1) {
    throw new RangeError(`${rowCount} rows are too few to split into train, validation and test sets.`);
  }
  const order = seededPermutation(rowCount, seededRandom(seed));
  const testRows = order.slice(0, testCount).sort();
  const validationRows = order.slice(testCount, testCount + validationCount).sort();
  const trainRows = order.slice(testCount + validationCount).sort();
  const codes = new Float32Array(rowCount).fill(SPLIT_CODES.train);
  for (const row of validationRows) codes[row] = SPLIT_CODES.validation;
  for (const row of testRows) codes[row] = SPLIT_CODES.test;
  return { train: trainRows, validation: validationRows, test: testRows, codes };
}
