import { describe, expect, it } from 'vitest';
import { r2Text, regressionMetrics } from '../../../src/pipelines/regressionMetrics';

describe('regressionMetrics', () => {
  it('is perfect for exact predictions and 0 R² for predicting the mean', () => {
    expect(regressionMetrics([1, 2, 3], [1, 2, 3])).toEqual({ rmse: 0, mae: 0, r2: 1, count: 3 });
    const mean = regressionMetrics([1, 2, 3], [2, 2, 2]);
    expect(mean.r2).toBeCloseTo(0, 12);
    expect(mean.rmse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(mean.mae).toBeCloseTo(2 / 3, 12);
  });

  it('calls R² undefined (NaN) when every actual value is the same, instead of 0 or a division by zero', () => {
    const constant = regressionMetrics([2, 2, 2], [2, 2.5, 1.5]);
    expect(constant.r2).toBeNaN();
    expect(constant.rmse).toBeCloseTo(Math.sqrt(0.5 / 3), 12);
    expect(r2Text(constant.r2)).toBe('undefined (the actual values are all equal)');
    expect(r2Text(0.64956)).toBe('0.6496');
  });

  it('refuses arrays of different lengths', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow('equal, non-empty');
  });
});
