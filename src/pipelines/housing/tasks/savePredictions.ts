import { makeTable, requireColumn, type Column } from '../../../core/columns';
import { datasetVersionId } from '../../../core/ids';
import { SPLIT_CODES } from '../../../core/training';
import { bandLines, errorByBand } from '../../ml/errorByBand';
import { r2Text, regressionMetrics } from '../../regressionMetrics';
import { tableRoles } from '../../tableRoles';
import type { TaskFunction } from '../../../taskApi/taskContext';
import { BUILT_FEATURES, HOUSING_PREDICTIONS } from '../datasets';
import { groupDigits } from '../../../core/groupDigits';

const ADDED = ['prediction', 'residual', 'split'] as const;

/**
 * Stores every row as `housing_predictions`: the input features in raw units, the actual target, the prediction, the
 * residual (prediction − actual) and the row's split (SPLIT_CODES), so views can show held-out rows apart from the rows
 * the model learnt from. Reads the same features version predict used (named in its result).
 */
export const savePredictions: TaskFunction = async (context) => {
  const predicted = await context.readUpstreamOutput('predict');
  const prediction = requireColumn(predicted, 'prediction');
  const split = requireColumn(predicted, 'split');
  const { modelId, versionId } = context.upstreamResult('predict') as { modelId: string; versionId?: string };
  const featuresVersion = versionId ? datasetVersionId(versionId) : await context.inputVersion(BUILT_FEATURES);
  const features = await context.readDatasetVersion(featuresVersion);
  const roles = tableRoles(features);
  const clash = ADDED.filter((name) => features.names.includes(name));
  if (clash.length > 0) throw new Error(`The data already have column(s) ${clash.join(', ')}: rename them before predicting.`);
  const actual = requireColumn(features, roles.target);
  if (actual.length !== prediction.length) {
    throw new Error(`${prediction.length} predictions for ${actual.length} rows: the inputs do not match.`);
  }
  const residual = Float32Array.from(actual, (value, i) => prediction[i]! - value);
  const columns: Record<string, Column> = {};
  for (const name of [...roles.features, roles.target]) columns[name] = Float32Array.from(requireColumn(features, name));
  const table = makeTable({ ...columns, prediction, residual, split }, [...roles.features, roles.target, ...ADDED]);

  const testRows = Uint32Array.from(split.keys()).filter((i) => split[i] === SPLIT_CODES.test);
  const pick = (column: Column) => Float32Array.from(testRows, (i) => column[i]!);
  const output = await context.writeDataset(HOUSING_PREDICTIONS, table, { modelId });
  const heldOut = testRows.length > 0 ? regressionMetrics(pick(actual), pick(prediction)) : null;
  context.log.info(
    `Stored ${groupDigits(table.rowCount)} predictions as ${output.versionId}` +
      (heldOut ? ` (test rows: ${heldOut.count}, RMSE ${heldOut.rmse.toFixed(4)}, R² ${r2Text(heldOut.r2)}).` : '.'),
  );
  // Where the model is wrong, not only how much: the test rows in five bands of their actual value.
  const bands = errorByBand(actual, prediction, testRows);
  if (bands.length > 0) {
    context.log.info(`Held-out error by band of actual ${roles.target} (mean error > 0: predicted too high):`);
    for (const line of bandLines(bands)) context.log.info(`  ${line}`);
  }
  return { rows: table.rowCount, modelId, testRows: testRows.length, errorByBand: bands.map((b) => ({ ...b })) };
};
