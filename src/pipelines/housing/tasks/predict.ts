import { makeTable } from '../../../core/columns';
import { SPLIT_CODES } from '../../../core/training';
import { predictRows } from '../../ml/chunkedPredict';
import { assertScalerFits } from '../../ml/scaler';
import { splitRows } from '../../ml/split';
import type { TaskContext, TaskFunction } from '../../../taskApi/taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES } from '../datasets';
import { groupDigits } from '../../../core/groupDigits';

/**
 * Predicts every row of the `built_features` version this run works on with a stored model, applying the scaler that
 * model fitted on its training rows. Each row is tagged with the split it had when the model was trained on these very
 * data (drawn again from the model's seed); on other data every row is one the model never saw, so `test`.
 */
async function predictWith(context: TaskContext, modelId: string) {
  // Through the context, so the predictions' lineage records the model (save_predictions inherits it from our output).
  const record = await context.loadModel(modelId);
  const versionId = await context.inputVersion(BUILT_FEATURES);
  const table = await context.readDatasetVersion(versionId);
  const scaler = record.scaler;
  if (!scaler) {
    throw new Error(`Model ${modelId} was stored before models kept their scaler, so it cannot read raw features: train a new one.`);
  }
  assertScalerFits(table, scaler, modelId);
  await useBackend(context.settings.backend, context.log);

  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ ...(record.artifacts as object), weightData: record.weightData } as tf.io.ModelArtifacts),
  );
  // A chunk of rows at a time: memory stays bounded for a million rows.
  let prediction: Float32Array;
  try {
    prediction = predictRows(model, table, scaler, null);
  } finally {
    model.dispose();
  }

  const sameData = record.trainedOn === versionId && record.split !== undefined;
  const split = sameData ? splitRows(table.rowCount, record.split!.seed).codes : new Float32Array(table.rowCount).fill(SPLIT_CODES.test);
  context.log.info(
    `Predicted ${groupDigits(prediction.length)} rows of ${versionId} with ${modelId} (${record.kind ?? 'linear'}). ` +
      (sameData
        ? 'Rows keep the train / validation / test split the model was trained with.'
        : `The model was trained on ${record.trainedOn ?? 'unknown data'}: every row here is unseen (split = test).`),
  );
  await context.writeOutput(makeTable({ prediction, split }));
  return { rows: prediction.length, modelId, versionId, sameData };
}

/** ml_consumer: the model `train` stored in this run. */
export const predict: TaskFunction = async (context) => {
  const { modelId } = context.upstreamResult('train') as { modelId: string };
  return predictWith(context, modelId);
};

/** ml_batch_predict: the model named by param `model_id`, or the newest stored one when it is empty. */
export const batchPredict: TaskFunction = async (context) => {
  const requested = typeof context.params.model_id === 'string' ? context.params.model_id.trim() : '';
  const modelId = requested || (await context.newestModelId());
  if (!modelId) throw new Error('No model is stored yet: run ml_consumer (or the producer, which triggers it) first.');
  if (!requested) context.log.info(`No model_id given: using the newest model, ${modelId}.`);
  return predictWith(context, modelId);
};
