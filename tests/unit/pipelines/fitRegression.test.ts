import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTable } from '../../../src/core/columns';
import { seededRandom } from '../../../src/core/random';
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
  }, 60_000);

  it('starts no epoch the time budget would not hold, and reports the epochs it will run so the ETA stays true', async () => {
    const table = housingSubset(20);
    const split = splitRows(table.rowCount, 5);
    // Every reading of the clock moves it 10 ms: one reading per epoch, so each epoch "takes" 10 ms.
    let clock = 0;
    const planned: number[] = [];
    const outcome = await fitRegression(
      table,
      tableRoles(table),
      split,
      { kind: 'linear', epochs: 40, learningRate: 0.01, batchSize: 256, patience: 8, seed: 5, clip: 5, budgetMs: 35 },
      { now: () => (clock += 10), onEpoch: (_epoch, _history, plannedEpochs) => void planned.push(plannedEpochs) },
    );
    expect(outcome).toMatchObject({ epochsRun: 3, stopReason: 'budget', stoppedEarly: true });
    expect(planned).toEqual([3, 3, 3]);
    expect(outcome.history.map((h) => h.elapsedMs)).toEqual([10, 20, 30]);
    outcome.model.dispose();
  });

  it('trains 400,000 rows in 2,048-row batches, epochs of 128 steps, and matches the closed-form solution', async () => {
    const rows = 400_000;
    const random = seededRandom(11);
    const a = Float64Array.from({ length: rows }, () => random() * 4 - 2);
    const b = Float64Array.from({ length: rows }, () => random() * 100);
    const y = Float64Array.from({ length: rows }, (_, i) => 3 * a[i]! - 0.02 * b[i]! + 7 + (random() - 0.5));
    const table = makeTable({ a, b, y });
    const split = splitRows(rows, 3);
    const outcome = await fitRegression(
      table,
      tableRoles(table),
      split,
      { kind: 'linear', epochs: 40, learningRate: 0.01, batchSize: 0, patience: 8, seed: 3, budgetMs: 120_000 },
      { now: () => performance.now() },
    );
    expect(outcome.plan).toMatchObject({ batchSize: 2_048, stepsPerEpoch: 128, validationRowsPerEpoch: 32_768 });
    expect(outcome.stopReason).toBe('converged');
    expect(outcome.splits.test.count).toBe(60_000);
    expect(Math.abs(outcome.ols!.test.r2 - outcome.splits.test.r2)).toBeLessThan(0.001);
    expect(outcome.quality.status).toBe('ok');
    outcome.model.dispose();
  }, 120_000);
});
