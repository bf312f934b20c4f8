import type { JsonValue } from '../../../core/json';
import { buildFeatureTable } from '../../ml/featureTable';
import type { TaskFunction } from '../../../taskApi/taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES } from '../datasets';

/**
 * Builds `built_features` with danfojs: every feature as float32 in its raw units and the target last (no scaling: the
 * model fits its own scaler on its training rows only, so no statistic of held-out rows leaks into training). The
 * per-column statistics go with the dataset event (`featureStats`), for the consumer's drift check and for previews.
 */
export const featurize: TaskFunction = async (context) => {
  const raw = await context.readUpstreamOutput('extract');
  const backend = await useBackend(context.settings.backend, context.log);
  const tensorsBefore = tf.memory().numTensors;
  const { table, stats } = buildFeatureTable(raw);
  const features = table.names.slice(0, -1);
  const target = table.names.at(-1)!;
  const summary = table.names.map((name) => `${name} μ=${stats[name]!.mean.toFixed(3)} σ=${stats[name]!.std.toFixed(3)}`);
  context.log.info(`danfojs described ${table.rowCount} rows (tfjs ${backend}), target ${target}: ${summary.join('; ')}.`);
  context.log.debug(`tfjs tensors: ${tensorsBefore} before, ${tf.memory().numTensors} after.`);
  const output = await context.writeDataset(BUILT_FEATURES, table, { featureStats: stats as unknown as JsonValue, target });
  context.log.info(`Published ${BUILT_FEATURES} version ${output.versionId}.`);
  return { rows: table.rowCount, features: features.length, target };
};
