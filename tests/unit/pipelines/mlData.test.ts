import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../src/core/columns';
import { SPLIT_CODES } from '../../../src/core/training';
import { columnStats } from '../../../src/pipelines/ml/columnStats';
import { assertScalerFits, fitScaler, scaledMatrix } from '../../../src/pipelines/ml/scaler';
import { splitRows } from '../../../src/pipelines/ml/split';
import { trainingOptions } from '../../../src/pipelines/housing/trainingData';

describe('splitRows', () => {
  it('splits rows into disjoint, complete, seeded train / validation / test sets (70/15/15)', () => {
    const a = splitRows(1000, 7);
    const b = splitRows(1000, 7);
    const c = splitRows(1000, 8);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([700, 150, 150]);
    expect(new Set([...a.train, ...a.validation, ...a.test]).size).toBe(1000);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    for (const row of a.validation) expect(a.codes[row]).toBe(SPLIT_CODES.validation);
    for (const row of a.test) expect(a.codes[row]).toBe(SPLIT_CODES.test);
    expect(a.codes.filter((code) => code === SPLIT_CODES.train).length).toBe(700);
  });

  it('refuses too few rows or impossible fractions', () => {
    expect(() => splitRows(3, 1)).toThrow('too few');
    expect(() => splitRows(100, 1, { validation: 0.5, test: 0.5 })).toThrow('sum below 1');
  });
});

describe('scaler fitted on training rows only', () => {
  const table = makeTable({ x: Float64Array.of(1, 3, 100, 5), k: Float64Array.of(2, 2, 2, 2) });

  it('uses only the given rows, keeps a constant feature unscaled, and clips when asked', () => {
    const scaler = fitScaler(table, ['x', 'k'], [0, 1], 2);
    expect(scaler).toEqual({ features: ['x', 'k'], mean: [2, 2], std: [1, 1], clip: 2 });
    // Row 2 (x = 100) was not a training row: it did not move the mean, and it is clipped to +2.
    expect(Array.from(scaledMatrix(table, scaler, [0, 2, 3]))).toEqual([-1, 0, 2, 0, 2, 0]);
    expect(scaledMatrix(table, scaler, [3], 'float64')).toBeInstanceOf(Float64Array);
  });

  it('names the features a table lacks', () => {
    const scaler = fitScaler(table, ['x'], [0, 1]);
    expect(() => assertScalerFits(makeTable({ y: Float64Array.of(1) }), scaler, 'model@r/1')).toThrow('these data lack x');
  });
});

describe('columnStats', () => {
  it('counts missing values and leaves them out of mean, population std, min and max', () => {
    expect(columnStats(Float64Array.of(1, NaN, 3))).toEqual({ count: 2, missing: 1, mean: 2, std: 1, min: 1, max: 3 });
    expect(columnStats(Float64Array.of(1, 2, 3, 10), [0, 2])).toMatchObject({ count: 2, mean: 2, max: 3 });
  });
});

describe('trainingOptions', () => {
  it('fills defaults, reads params and refuses an unknown model kind', () => {
    expect(trainingOptions({}, 3)).toMatchObject({ kind: 'linear', seed: 3, epochs: 40, batchSize: 0, budgetMs: 120_000 });
    expect(trainingOptions({ model: 'mlp', epochs: 5, learning_rate: 0.1 }, 1)).toMatchObject({ kind: 'mlp', epochs: 5, learningRate: 0.1 });
    expect(() => trainingOptions({ model: 'forest' }, 1)).toThrow('must be one of linear, mlp');
  });
});
