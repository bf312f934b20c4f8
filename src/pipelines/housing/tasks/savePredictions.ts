import { makeTable, requireColumn } from '../../../core/columns';
import { regressionMetrics } from '../../regressionMetrics';
import type { TaskFunction } from '../../taskContext';
import { BUILT_FEATURES, HOUSING_PREDICTIONS, TARGET_COLUMN } from '../datasets';

/** Stores each row's prediction beside its actual value (and the residual), as dataset `housing_predictions`. */
export const savePredictions: TaskFunction = async (context) => {
  const predicted = requireColumn(await context.readUpstreamOutput('predict'), 'prediction');
  const features = await context.readDatasetVersion(await context.inputVersion(BUILT_FEATURES));
  const actual = requireColumn(features, TARGET_COLUMN);
  if (actual.length !== predicted.length) {
    throw new Error(`${predicted.length} predictions for ${actual.length} rows: the inputs do not match.`);
  }
  const residual = Float32Array.from(actual, (value, i) => predicted[i]! - value);
  const table = makeTable({ [TARGET_COLUMN]: Float32Array.from(actual), prediction: predicted, residual });
  // All rows, train and test together: only for the record. The honest figures are train's held-out metrics.
  const allRows = regressionMetrics(actual, predicted);
  const { modelId } = context.upstreamResult('predict') as { modelId: string };
  const output = await context.writeDataset(HOUSING_PREDICTIONS, table, { modelId });
  context.log.info(
    `Stored ${table.rowCount.toLocaleString('en-US')} predictions as ${output.versionId} (all-rows RMSE ${allRows.rmse.toFixed(4)}).`,
  );
  return { rows: table.rowCount };
};
