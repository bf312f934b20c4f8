import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitRegression } from '../../../src/pipelines/ml/fit';
import { splitRows } from '../../../src/pipelines/ml/split';
import { tableRoles } from '../../../src/pipelines/tableRoles';
import { housingSubset } from './housingFixture';

describe('fitRegression (tfjs cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('stops after `patience` epochs without a better validation loss and keeps the best epoch’s weights', async () => {
    const table = housingSubset(20);
    const split = splitRows(table.rowCount, 5);
    let clock = 0;
    const outcome = await fitRegression(
      table,
      tableRoles(table),
      split,
      { kind: 'mlp', epochs: 60, learningRate: 0.05, batchSize: 64, patience: 2, seed: 5, clip: 5 },
      { now: () => (clock += 1) },
    );
    const losses = outcome.history.map((h) => h.validationLoss);
    expect(outcome.stoppedEarly).toBe(true);
    expect(outcome.epochsRun).toBeLessThan(60);
    expect(outcome.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(outcome.epochsRun - outcome.bestEpoch).toBe(2);
    // The returned model is the best epoch's: its validation MSE is that epoch's, not the last one's.
    expect(outcome.splits.validation.rmse ** 2).toBeCloseTo(losses[outcome.bestEpoch - 1]!, 4);
    expect(losses.at(-1)!).toBeGreaterThan(losses[outcome.bestEpoch - 1]!);
    // Metrics are measured on the split's own rows with the scaler fitted on the training rows.
    expect(outcome.splits.test.count).toBe(split.test.length);
    expect(outcome.scaler.mean[0]).toBeCloseTo(
      Array.from(split.train, (row) => table.columns.MedInc![row]!).reduce((a, b) => a + b, 0) / split.train.length,
      9,
    );
    outcome.model.dispose();
  });
});
