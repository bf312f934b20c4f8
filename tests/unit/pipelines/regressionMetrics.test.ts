import { describe, expect, it } from 'vitest';
import { regressionMetrics } from '../../../src/pipelines/regressionMetrics';

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
