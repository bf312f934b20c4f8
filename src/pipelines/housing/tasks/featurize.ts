import { DataFrame, StandardScaler } from 'danfojs';
import { makeTable, requireColumn, type Column } from '../../../core/columns';
import type { TaskFunction } from '../../taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES, FEATURE_COLUMNS, TARGET_COLUMN } from '../datasets';

/**
 * Standardizes the 8 features with danfojs' StandardScaler (mean 0, std 1) and publishes `built_features`: the
 * scaled features as float32 (what tfjs trains on) plus the target, unscaled.
 */
export const featurize: TaskFunction = async (context) => {
  const raw = await context.readUpstreamOutput('extract');
  const backend = await useBackend(context.settings.backend, context.log);
  const tensorsBefore = tf.memory().numTensors;

  // danfojs frames and scalers create tensors on every access (STACK-NOTES: ~26 leak per run); one engine scope frees them all,
  // which matters in a worker that lives for many runs.
  tf.engine().startScope();
  let scaledColumns: Record<string, Column>, mean: number[], std: number[];
  try {
    const frame = new DataFrame(
      Object.fromEntries(FEATURE_COLUMNS.map((name) => [name, Array.from(requireColumn(raw, name))])),
    );
    const scaler = new StandardScaler().fit(frame);
    const scaled = scaler.transform(frame) as DataFrame;
    scaledColumns = {};
    for (const name of FEATURE_COLUMNS) scaledColumns[name] = Float32Array.from(scaled.column(name).values as number[]);
    const fitted = scaler as unknown as { $mean: tf.Tensor; $std: tf.Tensor };
    mean = Array.from(fitted.$mean.dataSync());
    std = Array.from(fitted.$std.dataSync());
  } finally {
    tf.engine().endScope();
  }
  const columns = scaledColumns;
  columns[TARGET_COLUMN] = Float32Array.from(requireColumn(raw, TARGET_COLUMN));
  const table = makeTable(columns, [...FEATURE_COLUMNS, TARGET_COLUMN]);

  const summary = FEATURE_COLUMNS.map((name, i) => `${name} μ=${mean[i]!.toFixed(3)} σ=${std[i]!.toFixed(3)}`);
  context.log.info(`danfojs StandardScaler on ${table.rowCount} rows (tfjs ${backend}): ${summary.join('; ')}.`);
  context.log.debug(`tfjs tensors: ${tensorsBefore} before, ${tf.memory().numTensors} after.`);
  const output = await context.writeDataset(BUILT_FEATURES, table);
  context.log.info(`Published ${BUILT_FEATURES} version ${output.versionId}.`);
  return { rows: table.rowCount, features: FEATURE_COLUMNS.length };
};
