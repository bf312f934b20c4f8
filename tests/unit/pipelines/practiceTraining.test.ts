import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitRegression } from '../../../src/pipelines/ml/fit';
import { practiceTraining } from '../../../src/pipelines/ml/practiceTraining';
import { splitRows } from '../../../src/pipelines/ml/split';
import { tableRoles } from '../../../src/pipelines/tableRoles';
import { housingSubset } from './housingFixture';

describe('practiceTraining (tfjs cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const fitWeights = async () => {
    const table = housingSubset(20);
    const outcome = await fitRegression(
      table,
      tableRoles(table),
      splitRows(table.rowCount, 42),
      { kind: 'mlp', epochs: 3, learningRate: 0.01, batchSize: 64, patience: 8, seed: 42, clip: 5 },
      { now: () => 0 },
    );
    const weights = outcome.model.getWeights().map((w) => Array.from(w.dataSync()));
    outcome.model.dispose();
    return { weights, r2: outcome.splits.test.r2 };
  };

  it('leaves nothing behind and changes nothing a later fit computes, bit for bit', async () => {
    const before = await fitWeights();
    const tensors = tf.memory().numTensors;
    const variables = Object.keys(tf.engine().registeredVariables).length;
    expect(await practiceTraining(40)).toBe(40);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
    const after = await fitWeights();
    expect(after.weights).toEqual(before.weights);
    expect(after.r2).toBe(before.r2);
  });

  it('stops between slices once told a try is waiting', async () => {
    let slices = 0;
    const signal = {
      get stop() {
        return ++slices > 2;
      },
    };
    const done = await practiceTraining(1_000_000, signal);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(1_000_000);
  });
});
