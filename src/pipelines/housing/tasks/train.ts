import type { DatasetVersionId } from '../../../core/ids';
import type { JsonValue } from '../../../core/json';
import type { DatasetEventSource } from '../../../core/model';
import type { DriftReport, EpochMetrics, SplitMetrics, TrainingProgress } from '../../../core/training';
import type { ModelRecord } from '../../../core/records';
import { featureStatsOf } from '../../ml/featureStats';
import { fitRegression, type FitOptions, type FitOutcome } from '../../ml/fit';
import { splitRows } from '../../ml/split';
import { describePlan, planTraining } from '../../ml/trainingPlan';
import { r2Text } from '../../regressionMetrics';
import { tableRoles } from '../../tableRoles';
import type { TaskContext, TaskFunction } from '../../../taskApi/taskContext';
import { tf, useBackend } from '../../tf/backend';
import { BUILT_FEATURES } from '../datasets';
import { trainingOptions } from '../trainingData';

const fmt = (m: SplitMetrics) => `RMSE ${m.rmse.toFixed(4)}, MAE ${m.mae.toFixed(4)}, R² ${r2Text(m.r2)} (${m.count} rows)`;
/** XCom values are JSON: an undefined R² (NaN) travels as null. */
const json = (v: number) => (Number.isFinite(v) ? v : null);

const STOPPED: Record<FitOutcome['stopReason'], string> = {
  max_epochs: 'Ran all epochs',
  converged: 'Stopped early (the validation loss stopped improving)',
  budget: 'Stopped at the time budget',
};

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
 * The fit's stages as User Timing measures on this worker's timeline (`pp:train:<stage>`, as runtime/stageMarks.ts
 * names the try's own stages), for the bench's breakdown of the demo; nothing in the app reads them.
 */
function measureFitStages(start: number, stageMs: FitOutcome['stageMs']): void {
  if (typeof performance.measure !== 'function') return;
  let at = start;
  for (const [stage, ms] of Object.entries(stageMs)) {
    performance.measure(`pp:train:${stage}`, { start: at, duration: ms });
    at += ms;
  }
}

/**
 * Fits the chosen model (DAG param `model`: linear or mlp) on a seeded 70/15/15 split of exactly the `built_features`
 * version that triggered this run. The scaler is fitted on the training rows only, the validation rows drive early
 * stopping, and the test rows are used once, to measure. The closed-form OLS solution on the same rows is the
 * correctness reference. Progress streams every epoch; the model is stored with its lineage, scaler and metrics.
 */
export const train: TaskFunction = async (context) => {
  const started = performance.now();
  const options: FitOptions = trainingOptions(context.params, context.settings.seed);
  const versionId = await context.inputVersion(BUILT_FEATURES);
  const table = await context.readDatasetVersion(versionId);
  const roles = tableRoles(table);
  const backend = await useBackend(context.settings.backend, context.log);
  const split = splitRows(table.rowCount, options.seed);
  const loadMs = performance.now() - started;
  const budgetS = options.budgetMs === undefined ? null : Math.round(options.budgetMs / 1000);
  context.log.info(
    `Training a ${options.kind} model on ${versionId} to predict ${roles.target} from ${roles.features.length} features: ` +
      `${split.train.length} train, ${split.validation.length} validation, ${split.test.length} test rows (seed ${options.seed}, ` +
      `tfjs ${backend}, ${options.epochs} epochs at most${budgetS === null ? '' : ` or ${budgetS} s`}, learning rate ${options.learningRate}, ` +
      `patience ${options.patience}).`,
  );
  context.log.info(`Plan: ${describePlan(planTraining(split.train.length, split.validation.length, options.batchSize))}.`);

  const progressOf = (epochs: readonly EpochMetrics[], maxEpochs: number, finished: boolean, stoppedEarly?: boolean): TrainingProgress => ({
    runId: context.runId,
    taskId: context.taskId,
    tryNumber: context.tryNumber,
    modelKind: options.kind,
    maxEpochs,
    epochs: [...epochs],
    finished,
    ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
  });
  let seen: readonly EpochMetrics[] = [];
  let planned = options.epochs;
  const fitCalled = performance.now();
  const outcome = await fitRegression(table, roles, split, options, {
    now: () => performance.now(),
    onEpoch(epoch, history, plannedEpochs) {
      seen = history;
      if (plannedEpochs < planned) {
        context.log.info(`At ${(epoch.elapsedMs / epoch.epoch / 1000).toFixed(2)} s per epoch the time budget holds ${plannedEpochs} epochs.`);
      }
      planned = plannedEpochs;
      context.log.info(
        `epoch ${epoch.epoch}/${options.epochs} train loss ${epoch.trainLoss.toFixed(4)} validation loss ${epoch.validationLoss.toFixed(4)}`,
      );
      context.reportProgress(progressOf(history, plannedEpochs, false));
    },
  }).catch((error: unknown) => {
    context.reportProgress(progressOf(seen, planned, true));
    throw error;
  });
  context.reportProgress(progressOf(outcome.history, planned, true, outcome.stoppedEarly));
  measureFitStages(fitCalled, outcome.stageMs);
  const { splits, ols, quality } = outcome;
  context.log.info(
    `${STOPPED[outcome.stopReason]} after ${outcome.epochsRun} epoch(s); kept epoch ${outcome.bestEpoch} ` +
      `(lowest validation loss), ${(outcome.trainMs / 1000).toFixed(2)} s.`,
  );
  context.log.info(`Train: ${fmt(splits.train)}.`);
  context.log.info(`Validation: ${fmt(splits.validation)}.`);
  context.log.info(`Held-out test: ${fmt(splits.test)}.`);
  if (ols) {
    context.log.info(
      `Closed-form OLS reference, same rows: test R² ${r2Text(ols.test.r2)}` +
        (Number.isNaN(ols.test.r2) || Number.isNaN(splits.test.r2) ? '.' : ` (gap to this model ${(ols.test.r2 - splits.test.r2).toFixed(4)}).`),
    );
  }
  const warnings = quality.warn ? [quality.message] : [];
  if (quality.status !== 'ok') context.log.warning(quality.message);
  if (quality.warn) context.notify('warning', `Model of run ${context.runId}: ${quality.message}`);

  const featureStats = featureStatsOf(context.triggeringEvents, versionId, table, roles.features);
  const metrics: Record<string, number> = {
    epochsRun: outcome.epochsRun,
    bestEpoch: outcome.bestEpoch,
    trainMs: outcome.trainMs,
    batchSize: outcome.plan.batchSize,
    stepsPerEpoch: outcome.plan.stepsPerEpoch,
    ...(ols ? { olsTestR2: ols.test.r2, olsTestRmse: ols.test.rmse } : {}),
  };
  for (const [name, m] of Object.entries(splits)) {
    metrics[`${name}R2`] = m.r2;
    metrics[`${name}Rmse`] = m.rmse;
    metrics[`${name}Mae`] = m.mae;
  }
  const drift = driftOf(context);
  const modelId = `model@${context.runId}/${context.tryNumber}`;
  const savingStarted = performance.now();
  await saveTrainedModel(context, outcome, {
    id: modelId,
    versionId,
    backend,
    options,
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length, seed: options.seed },
    metrics,
    featureStats,
    drift,
  });
  const saveMs = performance.now() - savingStarted;
  context.log.info(`Saved model ${modelId}.`);
  const stageMs = { load: loadMs, ...outcome.stageMs, save: saveMs };
  context.log.debug(`Stages (ms): ${Object.entries(stageMs).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}.`);
  return {
    modelId,
    kind: options.kind,
    backend,
    seed: options.seed,
    epochs: options.epochs,
    epochsRun: outcome.epochsRun,
    stoppedEarly: outcome.stoppedEarly,
    stopReason: outcome.stopReason,
    batchSize: outcome.plan.batchSize,
    stepsPerEpoch: outcome.plan.stepsPerEpoch,
    trainRows: split.train.length,
    validationRows: split.validation.length,
    testRows: split.test.length,
    testRmse: splits.test.rmse,
    testMae: splits.test.mae,
    testR2: json(splits.test.r2),
    validationR2: json(splits.validation.r2),
    trainR2: json(splits.train.r2),
    olsTestR2: ols ? json(ols.test.r2) : null,
    quality: quality.status,
    warnings,
    trainMs: Math.round(outcome.trainMs),
    stageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)])),
    drift: drift?.status ?? 'skipped',
  };
};

interface ModelFacts {
  readonly id: string;
  readonly versionId: DatasetVersionId;
  readonly backend: string;
  readonly options: FitOptions;
  readonly split: ModelRecord['split'];
  readonly metrics: Record<string, number>;
  readonly featureStats: ModelRecord['featureStats'];
  readonly drift: DriftReport | undefined;
}

/** Stores the model (tfjs' artifacts and weights) with its lineage, metrics and history; disposes it either way. */
async function saveTrainedModel(context: TaskContext, outcome: FitOutcome, facts: ModelFacts): Promise<void> {
  const producedBy: DatasetEventSource = { dagId: context.dagId, runId: context.runId, taskId: context.taskId, tryNumber: context.tryNumber };
  const { model } = outcome;
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const { weightData, ...rest } = artifacts;
        const weights = weightData instanceof ArrayBuffer ? weightData : await new Blob(weightData as ArrayBuffer[]).arrayBuffer();
        const record: ModelRecord = {
          id: facts.id,
          createdAt: context.now(),
          producedBy,
          trainedOn: facts.versionId,
          artifacts: JSON.parse(JSON.stringify(rest)) as JsonValue,
          weightData: weights,
          metrics: facts.metrics,
          kind: facts.options.kind,
          params: { ...context.params },
          seed: facts.options.seed,
          backend: facts.backend,
          scaler: outcome.scaler,
          split: facts.split,
          splits: outcome.splits,
          history: outcome.history,
          featureStats: facts.featureStats,
          ...(facts.drift ? { drift: facts.drift } : {}),
        };
        await context.saveModel(record);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    model.dispose();
  }
}
