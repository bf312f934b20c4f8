import { requireColumn } from '../../../core/columns';
import { seededPermutation, seededRandom } from '../../../core/random';
import type { DatasetEventSource } from '../../../core/model';
import { regressionMetrics } from '../../regressionMetrics';
import type { TaskFunction } from '../../taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES, FEATURE_COLUMNS, TARGET_COLUMN } from '../datasets';
import { featureMatrix, splitIndices } from '../trainingData';

const BATCH_SIZE = 256;
const TEST_FRACTION = 0.2;

/**
 * Fits a linear regression (one dense unit) with tfjs on a seeded 80/20 split of exactly the `built_features`
 * version that triggered this run, then measures RMSE and R² on the 20% it never saw. Weights start at zero and each
 * epoch uses a seeded order, so the same seed and backend give the same model.
 */
export const train: TaskFunction = async (context) => {
  const epochs = Number(context.params.epochs ?? 30);
  const learningRate = Number(context.params.learning_rate ?? 0.05);
  const versionId = await context.inputVersion(BUILT_FEATURES);
  const table = await context.readDatasetVersion(versionId);
  const backend = await useBackend(context.settings.backend, context.log);
  const seed = context.settings.seed;
  const random = seededRandom(seed);
  const { train: trainRows, test: testRows } = splitIndices(table.rowCount, TEST_FRACTION, random);
  context.log.info(
    `Training on ${versionId}: ${trainRows.length} train rows, ${testRows.length} held-out rows ` +
      `(seed ${seed}, tfjs ${backend}, ${epochs} epochs, learning rate ${learningRate}).`,
  );

  const target = requireColumn(table, TARGET_COLUMN);
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [FEATURE_COLUMNS.length], kernelInitializer: 'zeros' })],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'meanSquaredError' });

  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = seededPermutation(trainRows.length, random).map((i) => trainRows[i]!);
    const xs = tf.tensor2d(featureMatrix(table, FEATURE_COLUMNS, order), [order.length, FEATURE_COLUMNS.length]);
    const ys = tf.tensor2d(Float32Array.from(order, (row) => target[row]!), [order.length, 1]);
    const history = await model.fit(xs, ys, { epochs: 1, batchSize: BATCH_SIZE, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    if (epoch === 1 || epoch % 5 === 0 || epoch === epochs) {
      const loss = Number(history.history.loss?.[0]);
      context.log.info(`epoch ${epoch}/${epochs} train MSE ${loss.toFixed(4)}`);
    }
  }
  const trainMs = performance.now() - started;

  const testX = tf.tensor2d(featureMatrix(table, FEATURE_COLUMNS, testRows), [testRows.length, FEATURE_COLUMNS.length]);
  const predictedTensor = model.predict(testX) as tf.Tensor;
  const predicted = await predictedTensor.data();
  tf.dispose([testX, predictedTensor]);
  const test = regressionMetrics(Float32Array.from(testRows, (row) => target[row]!), predicted);
  context.log.info(
    `Held-out test (${test.count} rows): RMSE ${test.rmse.toFixed(4)}, MAE ${test.mae.toFixed(4)}, R² ${test.r2.toFixed(4)}.`,
  );

  const modelId = `model@${context.runId}/${context.tryNumber}`;
  const producedBy: DatasetEventSource = {
    dagId: context.dagId,
    runId: context.runId,
    taskId: context.taskId,
    tryNumber: context.tryNumber,
  };
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, ...rest } = artifacts;
      const buffer = weightData instanceof ArrayBuffer ? weightData : new Blob(weightData as ArrayBuffer[]).arrayBuffer();
      await context.saveModel({
        id: modelId,
        createdAt: context.now(),
        producedBy,
        trainedOn: versionId,
        artifacts: JSON.parse(JSON.stringify(rest)),
        weightData: await buffer,
        metrics: { testRmse: test.rmse, testMae: test.mae, testR2: test.r2, trainMs },
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  context.log.info(`Saved model ${modelId} (${(trainMs / 1000).toFixed(2)} s of training).`);
  return {
    modelId,
    backend,
    seed,
    epochs: epochs,
    trainRows: trainRows.length,
    testRows: testRows.length,
    testRmse: test.rmse,
    testMae: test.mae,
    testR2: test.r2,
    trainMs: Math.round(trainMs),
  };
};
