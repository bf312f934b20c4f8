import { describe, expect, it } from 'vitest';
import { seededPermutation, seededRandom } from '../../../src/core/random';
import { BatchStream } from '../../../src/pipelines/ml/batchStream';
import { EarlyStopping, plannedEpochs } from '../../../src/pipelines/ml/earlyStopping';
import { describePlan, planTraining } from '../../../src/pipelines/ml/trainingPlan';

describe('planTraining: batch size and steps per epoch from the row count', () => {
  it('keeps the housing demo’s setting: batch 256, one pass (57 steps) per epoch', () => {
    expect(planTraining(14_448, 3_096)).toMatchObject({ batchSize: 256, batchSizeChosen: 'auto', stepsPerEpoch: 57, rowsPerEpoch: 14_448, passesPerEpoch: 1, validationRowsPerEpoch: 3_096 });
  });

  it('gives a few dozen rows enough steps: several full-batch passes per epoch', () => {
    expect(planTraining(14, 3)).toMatchObject({ batchSize: 14, stepsPerEpoch: 50, passesPerEpoch: 50 });
    expect(planTraining(700, 150)).toMatchObject({ batchSize: 256, stepsPerEpoch: 51, rowsPerEpoch: 700 * 17 });
  });

  it('gives a million rows larger batches and epochs of part of a pass, so validation is looked at every few seconds', () => {
    expect(planTraining(700_000, 150_000)).toMatchObject({ batchSize: 2_048, stepsPerEpoch: 128, rowsPerEpoch: 262_144, validationRowsPerEpoch: 32_768 });
    expect(planTraining(65_536, 14_000)).toMatchObject({ batchSize: 1_024, stepsPerEpoch: 64, passesPerEpoch: 1 });
    expect(planTraining(16_385, 3_500).batchSize).toBe(512);
  });

  it('takes the batch_size param when given, capped at the rows there are', () => {
    expect(planTraining(14_448, 3_096, 1_000)).toMatchObject({ batchSize: 1_000, batchSizeChosen: 'param', stepsPerEpoch: 15 * 4 });
    expect(planTraining(30, 6, 4_096)).toMatchObject({ batchSize: 30, stepsPerEpoch: 50 });
    expect(() => planTraining(0, 0)).toThrow('at least one training row');
  });

  it('says what it chose, for the train log', () => {
    expect(describePlan(planTraining(700_000, 150_000))).toBe(
      'batch 2,048 (chosen for 700,000 training rows), 128 steps per epoch (37% of a pass, the next epoch continuing where it stopped); ' +
        'early stopping watches 32,768 validation rows',
    );
    expect(describePlan(planTraining(14, 3))).toBe('batch 14 (chosen for 14 training rows), 50 steps per epoch (50 passes over the training rows); early stopping watches 3 validation rows');
  });
});

describe('BatchStream', () => {
  const rows = 10;
  const width = 2;
  const x = Float32Array.from({ length: rows * width }, (_, i) => i);
  const y = Float32Array.from({ length: rows }, (_, i) => 100 + i);

  it('takes each pass in a new seeded order, every row once per pass, batches of the rows left at its end', () => {
    const stream = new BatchStream(x, y, width, 4, seededRandom(5));
    const expected = seededRandom(5);
    for (let pass = 0; pass < 3; pass++) {
      const order = seededPermutation(rows, expected);
      const batches = [stream.next(), stream.next(), stream.next()];
      expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
      const seen = batches.flatMap((b) => Array.from(b.y, (v) => v - 100));
      expect(seen).toEqual(Array.from(order));
      // Features travel with their row.
      batches.forEach((b) => b.y.forEach((v, r) => expect([b.x[r * width], b.x[r * width + 1]]).toEqual([(v - 100) * 2, (v - 100) * 2 + 1])));
    }
  });

  it('refuses a matrix that does not match the targets', () => {
    expect(() => new BatchStream(x, y.subarray(1), width, 4, seededRandom(1))).toThrow('A 9×2 matrix needs 18 values; got 20.');
  });
});

describe('EarlyStopping and the epoch budget', () => {
  it('keeps the best epoch, stops `patience` epochs after the last real (0.1%) progress, halves the rate halfway', () => {
    const stopping = new EarlyStopping(4);
    const losses = [1, 0.5, 0.4, 0.3999, 0.39985, 0.3998, 0.39979, 0.3998];
    const log = losses.map((loss, i) => ({ best: stopping.observe(i + 1, loss), reduce: stopping.reduceRate(i + 1), converged: stopping.converged(i + 1) }));
    // Epochs 4-7 still improve on the best, but by less than 0.1% of epoch 3's loss: no progress after epoch 3.
    expect(log.map((e) => e.best)).toEqual([true, true, true, true, true, true, true, false]);
    expect(stopping.bestEpoch).toBe(7);
    expect(log.map((e) => e.reduce)).toEqual([false, false, false, false, true, false, true, false]);
    expect(log.map((e) => e.converged)).toEqual([false, false, false, false, false, false, true, true]);
  });

  it('keeps learning while a loss near zero still halves each epoch (an exact line), down to 1e-7 of the variance', () => {
    const stopping = new EarlyStopping(2);
    const converged: number[] = [];
    for (let epoch = 1; epoch <= 30; epoch++) {
      stopping.observe(epoch, 2 ** -epoch);
      if (stopping.converged(epoch)) converged.push(epoch);
    }
    // 2⁻²³ ≈ 1.2e-7: halving it gains less than the absolute floor; two epochs later it has converged.
    expect(converged[0]).toBe(25);
  });

  it('plans the epochs the budget holds at the mean epoch time so far', () => {
    expect(plannedEpochs(40, 0, 0, 1_000)).toBe(40);
    expect(plannedEpochs(40, 1, 100, 1_000)).toBe(10);
    expect(plannedEpochs(40, 5, 600, 1_000)).toBe(8);
    expect(plannedEpochs(40, 5, 1_200, 1_000)).toBe(5);
    expect(plannedEpochs(40, 5, 100, 1_000)).toBe(40);
    expect(plannedEpochs(40, 5, 600, undefined)).toBe(40);
  });
});
