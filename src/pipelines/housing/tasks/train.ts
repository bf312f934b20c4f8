import type { JsonValue } from '../../../core/json';
import type { DatasetEventSource } from '../../../core/model';
import type { DriftReport, EpochMetrics, SplitMetrics, TrainingProgress } from '../../../core/training';
import type { ModelRecord } from '../../../core/records';
import { featureStatsOf } from '../../ml/featureStats';
import { fitRegression, type FitOptions } from '../../ml/fit';
import { splitRows } from '../../ml/split';
import { tableRoles } from '../../tableRoles';
import type { TaskContext, TaskFunction } from '../../../taskApi/taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES } from '../datasets';
import { trainingOptions } from '../trainingData';

const fmt = (m: SplitMetrics) => `RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}, R² ${m.r2.toFixed(4)} (${m.count} rows)`;

/** check_drift's report, when this DAG has that task upstream (a run of an older DAG shape may not). */
function driftOf(context: TaskContext): DriftReport | undefined {
  try {
    const value = context.upstreamResult('check_drift') as unknown as DriftReport | null;
    return value && typeof value === 'object' && 'status' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fits the chosen model (DAG param `model`: linear or mlp) on a seeded 70/15/15 split of exactly the `built_features`
 * version that triggered this run. The scaler is fitted on the training rows only, the validation rows drive early
 * stopping, and the test rows are used once, to measure. The closed-form OLS solution on the same rows is the
 * correctness reference. Progress streams every epoch; the model is stored with its lineage, scaler and metrics.
 */
export const train: TaskFunction = async (context) => {
  const options: FitOptions = trainingOptions(context.params, context.settings.seed);
  const versionId = await context.inputVersion(BUILT_FEATURES);
  const table = await context.readDatasetVersion(versionId);
  const roles = tableRoles(table);
  const backend = await useBackend(context.settings.backend, context.log);
  const split = splitRows(table.rowCount, options.seed);
  context.log.info(
    `Training a ${options.kind} model on ${versionId} to predict ${roles.target} from ${roles.features.length} features: ` +
      `${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test rows (seed ${options.seed}, ` +
      `tfjs ${backend}, ${options.epochs} epochs at most, learning rate ${options.learningRate}, batch ${options.batchSize}, patience ${options.patience}).`,
  );

  const progressOf = (epochs: readonly EpochMetrics[], finished: boolean, stoppedEarly?: boolean): TrainingProgress => ({
    runId: context.runId,
    taskId: context.taskId,
    tryNumber: context.tryNumber,
    modelKind: options.kind,
    maxEpochs: options.epochs,
    epochs: [...epochs],
    finished,
    ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
  });
  let seen: readonly EpochMetrics[] = [];
  const outcome = await fitRegression(table, roles, split, options, {
    now: () => performance.now(),
    onEpoch(epoch, history) {
      seen = history;
      context.log.info(
        `epoch ${epoch.epoch}/${options.epochs} train loss ${epoch.trainLoss.toFixed(4)} validation loss ${epoch.validationLoss.toFixed(4)}`,
      );
      context.reportProgress(progressOf(history, false));
    },
  }).catch((error: unknown) => {
    context.reportProgress(progressOf(seen, true));
    throw error;
  });
  context.reportProgress(progressOf(outcome.history, true, outcome.stoppedEarly));
  const { splits, ols } = outcome;
  const gap = ols.test.r2 - splits.test.r2;
  context.log.info(
    `${outcome.stoppedEarly ? 'Stopped early' : 'Ran all epochs'} after ${outcome.epochsRun} epoch(s); kept epoch ${outcome.bestEpoch} ` +
      `(lowest validation loss), ${(outcome.trainMs / 1000).toFixed(2)} s.`,
  );
  context.log.info(`Train: ${fmt(splits.train)}.`);
  context.log.info(`Validation: ${fmt(splits.validation)}.`);
  context.log.info(`Held-out test: ${fmt(splits.test)}.`);
  context.log.info(`Closed-form OLS reference, same rows: test R² ${ols.test.r2.toFixed(4)} (gap to this model ${gap.toFixed(4)}).`);
  if (options.kind === 'linear' && gap > 0.01) {
    context.log.warning(`The tfjs linear model is ${gap.toFixed(4)} R² short of the closed-form solution: train longer or tune the learning rate.`);
  }

  const featureStats = featureStatsOf(context.triggeringEvents, versionId, table, roles.features);
  const metrics: Record<string, number> = {
    epochsRun: outcome.epochsRun,
    bestEpoch: outcome.bestEpoch,
    trainMs: outcome.trainMs,
    olsTestR2: ols.test.r2,
    olsTestRmse: ols.test.rmse,
  };
  for (const [name, m] of Object.entries(splits)) {
    metrics[`${name}R2`] = m.r2;
    metrics[`${name}Rmse`] = m.rmse;
    metrics[`${name}Mae`] = m.mae;
  }
  const drift = driftOf(context);
  const modelId = `model@${context.runId}/${context.tryNumber}`;
  const producedBy: DatasetEventSource = { dagId: context.dagId, runId: context.runId, taskId: context.taskId, tryNumber: context.tryNumber };
  const { model } = outcome;
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const { weightData, ...rest } = artifacts;
        const weights = weightData instanceof ArrayBuffer ? weightData : await new Blob(weightData as ArrayBuffer[]).arrayBuffer();
        const record: ModelRecord = {
          id: modelId,
          createdAt: context.now(),
          producedBy,
          trainedOn: versionId,
          artifacts: JSON.parse(JSON.stringify(rest)) as JsonValue,
          weightData: weights,
          metrics,
          kind: options.kind,
          params: { ...context.params },
          seed: options.seed,
          backend,
          scaler: outcome.scaler,
          split: { train: split.train.length, validation: split.validation.length, test: split.test.length, seed: options.seed },
          splits,
          history: outcome.history,
          featureStats,
          ...(drift ? { drift } : {}),
        };
        await context.saveModel(record);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    model.dispose();
  }
  context.log.info(`Saved model ${modelId}.`);
  return {
    modelId,
    kind: options.kind,
    backend,
    seed: options.seed,
    epochs: options.epochs,
    epochsRun: outcome.epochsRun,
    stoppedEarly: outcome.stoppedEarly,
    trainRows: split.train.length,
    validationRows: split.validation.length,
    testRows: split.test.length,
    testRmse: splits.test.rmse,
    testMae: splits.test.mae,
    testR2: splits.test.r2,
    validationR2: splits.validation.r2,
    trainR2: splits.train.r2,
    olsTestR2: ols.test.r2,
    trainMs: Math.round(outcome.trainMs),
    drift: drift?.status ?? 'skipped',
  };
};
