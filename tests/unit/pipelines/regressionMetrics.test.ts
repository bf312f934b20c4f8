import { describe, expect, it } from 'vitest';
import { regressionMetrics } from '../../../src/pipelines/regressionMetrics';
import { featureMatrix, splitIndices } from '../../../src/pipelines/housing/trainingData';
import { seededRandom } from '../../../src/core/random';
import { makeTable } from '../../../src/core/columns';

describe('regressionMetrics', () => {
  it('is perfect for exact predictions and 0 R² for predicting the mean', () => {
    expect(regressionMetrics([1, 2, 3], [1, 2, 3])).toEqual({ rmse: 0, mae: 0, r2: 1, count: 3 });
    const mean = regressionMetrics([1, 2, 3], [2, 2, 2]);
    expect(mean.r2).toBeCloseTo(0, 12);
    expect(mean.rmse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(mean.mae).toBeCloseTo(2 / 3, 12);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow('equal, non-empty');
  });
});

describe('training data', () => {
  it('splits rows into disjoint, complete, seeded train and test sets', () => {
    const a = splitIndices(1000, 0.2, seededRandom(7));
    const b = splitIndices(1000, 0.2, seededRandom(7));
    const c = splitIndices(1000, 0.2, seededRandom(8));
    expect(a.test.length).toBe(200);
    expect(a.train.length).toBe(800);
    expect(new Set([...a.train, ...a.test]).size).toBe(1000);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('builds a row-major matrix of the chosen rows and columns', () => {
    const table = makeTable({ x: Float64Array.of(1, 2, 3), y: Float64Array.of(10, 20, 30) });
    expect(Array.from(featureMatrix(table, ['x', 'y'], [2, 0]))).toEqual([3, 30, 1, 10]);
  });
});
