import { makeTable } from '../../../core/columns';
import type { TaskFunction } from '../../taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES, FEATURE_COLUMNS } from '../datasets';
import { featureMatrix } from '../trainingData';

/** Loads the model `train` stored in this run and predicts MedHouseVal for every row of the triggering features. */
export const predict: TaskFunction = async (context) => {
  const { modelId } = context.upstreamResult('train') as { modelId: string };
  // Through the context, so the predictions' lineage records the model (save_predictions inherits it from our output).
  const record = await context.loadModel(modelId);
  const versionId = await context.inputVersion(BUILT_FEATURES);
  const table = await context.readDatasetVersion(versionId);
  await useBackend(context.settings.backend, context.log);

  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ ...(record.artifacts as object), weightData: record.weightData } as tf.io.ModelArtifacts),
  );
  const all = Uint32Array.from({ length: table.rowCount }, (_, i) => i);
  const xs = tf.tensor2d(featureMatrix(table, FEATURE_COLUMNS, all), [table.rowCount, FEATURE_COLUMNS.length]);
  const output = model.predict(xs) as tf.Tensor;
  const prediction = Float32Array.from(await output.data());
  tf.dispose([xs, output]);
  model.dispose();
  context.log.info(`Predicted ${prediction.length.toLocaleString('en-US')} rows with ${modelId}.`);
  await context.writeOutput(makeTable({ prediction }));
  return { rows: prediction.length, modelId };
};
