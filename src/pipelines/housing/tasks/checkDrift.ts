import type { JsonValue } from '../../../core/json';
import { featureStatsOf, recordedFeatureStats } from '../../ml/featureStats';
import { compareFeatureStats, skippedDriftReport } from '../../ml/drift';
import { tableRoles } from '../../tableRoles';
import type { TaskFunction } from '../../../taskApi/taskContext';
import { BUILT_FEATURES } from '../datasets';

/**
 * Compares the statistics of the `built_features` version this run works on with those of the version the newest stored
 * model was trained on. Drift warns (log and notification) and is returned for train to store with the model; it never fails
 * the run. The statistics come from the triggering event's `featureStats` when it has them (the columns are then not
 * read at all), else from the columns.
 */
export const checkDrift: TaskFunction = async (context) => {
  const versionId = await context.inputVersion(BUILT_FEATURES);
  // The triggering event carries the statistics: reading a million rows again just for their names is not needed.
  const { features } = tableRoles(await context.describeDatasetVersion(versionId));
  const current =
    recordedFeatureStats(context.triggeringEvents, versionId, features) ??
    featureStatsOf([], versionId, await context.readDatasetVersion(versionId), features);

  const referenceId = await context.newestModelId();
  const reference = referenceId ? await context.loadModel(referenceId) : null;
  const report = !reference
    ? skippedDriftReport('No model is stored yet: no reference, skipped.')
    : !reference.featureStats
      ? skippedDriftReport(`Model ${reference.id} kept no feature statistics: no reference, skipped.`)
      : compareFeatureStats(reference.id, reference.featureStats, current, features);

  if (report.status === 'drift') {
    context.log.warning(report.message);
    context.notify('warning', `Feature drift in ${versionId}: ${report.message}`);
  } else {
    context.log.info(report.message);
  }
  for (const f of report.features) {
    const line = `${f.feature}: mean shift ${f.meanShift.toFixed(3)} σ, std ratio ${f.stdRatio.toFixed(3)}${f.drifted ? ' — DRIFT' : ''}`;
    if (f.drifted) context.log.warning(line);
    else context.log.info(line);
  }
  return report as unknown as JsonValue;
};
