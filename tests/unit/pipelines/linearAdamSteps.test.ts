import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTable, requireColumn, type ColumnTable } from '../../../src/core/columns';
import { seededRandom } from '../../../src/core/random';
import { parseNumericCsv } from '../../../src/pipelines/csvColumns';
import { FEATURE_COLUMNS, HOUSING_CSV_PATH, TARGET_COLUMN } from '../../../src/pipelines/housing/datasets';
import { trainingOptions } from '../../../src/pipelines/housing/trainingData';
import { BatchStream } from '../../../src/pipelines/ml/batchStream';
import { predictMatrix } from '../../../src/pipelines/ml/chunkedPredict';
import { denseForward } from '../../../src/pipelines/ml/denseForward';
import { AdjustableAdam, fitRegression } from '../../../src/pipelines/ml/fit';
import { epochLossOf, LinearAdamSteps } from '../../../src/pipelines/ml/linearAdamSteps';
import { fitScaler, scaledMatrix } from '../../../src/pipelines/ml/scaler';
import { splitRows } from '../../../src/pipelines/ml/split';
import { fitTargetScaling, scaledTargets } from '../../../src/pipelines/ml/targetScaling';
import { epochLoss, trainStep } from '../../../src/pipelines/ml/trainStep';

/** The whole California housing table as the consumer reads it: featurize stores float32 columns. */
function housingTable(): ColumnTable {
  const names = [...FEATURE_COLUMNS, TARGET_COLUMN];
  const parsed = parseNumericCsv(readFileSync(`public/${HOUSING_CSV_PATH}`, 'utf8'), names);
  return makeTable(Object.fromEntries(names.map((name) => [name, Float32Array.from(parsed.columns[name]!)])), names);
}

describe('LinearAdamSteps (tfjs wasm backend, in Node)', () => {
  let table: ColumnTable;
  beforeAll(async () => {
    const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${wasmDir}/`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
    table = housingTable();
  });

  it.each([
    { batchSize: 256, steps: 300 }, // the demo's: each pass of 14,448 rows ends with a batch of 112
    { batchSize: 7, steps: 300 },
    { batchSize: 1_000, steps: 60 }, // blocks of 48 rows in the kernel's gradient, the last one partial
  ])('computes what trainStep computes on the wasm backend, bit for bit (batch $batchSize)', ({ batchSize, steps }) => {
    const split = splitRows(table.rowCount, 42);
    const scaler = fitScaler(table, FEATURE_COLUMNS, split.train, 5);
    const y = requireColumn(table, TARGET_COLUMN);
    const x = scaledMatrix(table, scaler, split.train);
    const targets = scaledTargets(y, split.train, fitTargetScaling(y, split.train));
    const width = FEATURE_COLUMNS.length;
    const tfjsBatches = new BatchStream(x, targets, width, batchSize, seededRandom(3));
    const typedBatches = new BatchStream(x, targets, width, batchSize, seededRandom(3));

    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [width], kernelInitializer: 'zeros' })] });
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const optimizer = new AdjustableAdam(0.01);
    const typed = new LinearAdamSteps(width, 0.01);
    const tfjsLosses: tf.Scalar[] = [];
    const typedLosses: number[] = [];
    let rows = 0;
    try {
      for (let step = 0; step < steps; step++) {
        if (step === Math.floor(steps / 2)) {
          // Early stopping halves the rate between epochs (fit.ts).
          optimizer.setRate(0.005);
          typed.setRate(0.005);
        }
        const batch = tfjsBatches.next();
        rows += batch.size;
        const loss = trainStep(optimizer, denseForward(model)!, variables, batch, width);
        tfjsLosses.push(loss);
        const typedLoss = typed.step(typedBatches.next());
        typedLosses.push(typedLoss);
        expect(typedLoss).toBe(loss.dataSync()[0]);
        expect(Array.from(typed.kernel)).toEqual(Array.from(variables[0]!.dataSync()));
        expect(typed.bias).toBe(variables[1]!.dataSync()[0]);
      }
      expect(epochLossOf(typedLosses, rows)).toBe(epochLoss(tfjsLosses, rows));
      // The validation loss's forward pass: what the tfjs model with the same weights predicts, bit for bit.
      const validation = scaledMatrix(table, scaler, split.validation);
      expect(Array.from(typed.predict(validation))).toEqual(Array.from(predictMatrix(model, validation, width)));
      // Not a fit that went nowhere: the weights moved.
      expect(typed.kernel.some((w) => Math.abs(w) > 0.05)).toBe(true);
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });

  it('gives the demo’s linear fit its held-out R² of always, 0.6495610557002869, at seed 42', async () => {
    const split = splitRows(table.rowCount, 42);
    const outcome = await fitRegression(table, { features: [...FEATURE_COLUMNS], target: TARGET_COLUMN }, split, trainingOptions({}, 42), {
      now: () => 0,
    });
    try {
      // Measured with tfjs' own steps on this backend before the typed steps existed, in Node and in Chromium.
      expect(outcome.splits.test.r2).toBe(0.6495610557002869);
      expect(outcome.epochsRun).toBe(13);
    } finally {
      outcome.model.dispose();
    }
  });
});
