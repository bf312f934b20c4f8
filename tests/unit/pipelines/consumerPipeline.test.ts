import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../src/core/columns';
import type { JsonValue } from '../../../src/core/json';
import { SPLIT_CODES, type DriftReport } from '../../../src/core/training';
import { ML_BATCH_PREDICT, ML_CONSUMER } from '../../../src/pipelines/housing/dags';
import { HOUSING_PREDICTIONS } from '../../../src/pipelines/housing/datasets';
import { listDatasetVersions, readDatasetVersion } from '../../../src/runtime/storage/datasets';
import { listModels, loadModel } from '../../../src/runtime/storage/models';
import { idle } from '../runtime/idle';
import { startConsumer } from './consumerHarness';
import { housingSubset } from './housingFixture';

/**
 * The real consumer tasks (check_drift → train → predict → save_predictions, and ml_batch_predict) on a 1-in-10 slice
 * of the housing data, with tfjs' cpu backend, through the real coordinator and worker API in this thread.
 */
describe('housing consumer pipeline (tfjs cpu, 2,064 rows)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const setup = () => startConsumer(cleanups);

  it('trains honestly, streams progress, stores the model with its lineage, and repeats itself exactly', async () => {
    const { db, coordinator, store, notifications, progress, publish, lastRun, result } = await setup();
    const data = housingSubset(10);
    const versionId = await publish(data, { event: false });
    // The defaults are tuned for the full 20,640 rows; on a tenth of them Adam needs larger steps in as many epochs.
    const params = { learning_rate: 0.05, epochs: 60 };
    coordinator.trigger(ML_CONSUMER.id, params);
    await idle(coordinator);

    const first = lastRun('ml_consumer');
    expect(first.state).toBe('success');
    expect(first.tasks.map((t) => t.taskId)).toEqual(['check_drift', 'train', 'predict', 'save_predictions']);
    expect((result(first, 'check_drift') as unknown as DriftReport).status).toBe('skipped');
    const trained = result(first, 'train');
    expect(trained).toMatchObject({ kind: 'linear', backend: 'cpu', seed: 42, trainRows: 1444, validationRows: 310, testRows: 310 });
    // The tfjs linear model matches the closed-form least-squares solution on the same rows.
    expect(Math.abs((trained.olsTestR2 as number) - (trained.testR2 as number))).toBeLessThan(0.01);
    expect(trained.testR2 as number).toBeGreaterThan(0.5);

    const model = await loadModel(db, trained.modelId as string);
    expect(model).toMatchObject({ kind: 'linear', trainedOn: versionId, seed: 42, backend: 'cpu', split: { train: 1444, validation: 310, test: 310, seed: 42 } });
    expect(model.scaler?.features).toEqual(data.names.slice(0, -1));
    expect(model.history).toHaveLength(trained.epochsRun as number);
    expect(Object.keys(model.featureStats ?? {})).toEqual(data.names.slice(0, -1));
    expect(model.metrics).toMatchObject({ testR2: trained.testR2, olsTestR2: trained.olsTestR2, epochsRun: trained.epochsRun });
    expect(model.metrics.validationR2).toBeTypeOf('number');
    expect(model.drift?.status).toBe('skipped');

    // Progress: every epoch, keyed by try, ending with a finished report that holds the whole history.
    const trainKey = `${first.id}/train/1`;
    const reports = progress.filter((p) => p.key === trainKey);
    expect(reports).toHaveLength((trained.epochsRun as number) + 1);
    expect(reports.at(-1)!.progress).toMatchObject({ finished: true, modelKind: 'linear', maxEpochs: 60 });
    expect(store.getState().trainingProgress[trainKey]?.epochs).toEqual(model.history);
    expect(store.getState().logs[`${first.id}/train/1`]?.some((l) => /^epoch 1\/60 train loss [\d.]+ validation loss [\d.]+$/.test(l.message))).toBe(true);

    // housing_predictions: features in raw units, the target, prediction, residual and each row's split.
    const predictionsMeta = (await listDatasetVersions(db)).find((v) => v.datasetId === HOUSING_PREDICTIONS)!;
    const predictions = await readDatasetVersion(db, predictionsMeta.id);
    expect(predictions.names).toEqual([...data.names, 'prediction', 'residual', 'split']);
    expect(predictions.columns.MedInc![5]).toBeCloseTo(data.columns.MedInc![5]!, 4);
    const split = predictions.columns.split!;
    expect(split.filter((s) => s === SPLIT_CODES.test).length).toBe(310);
    expect(split.filter((s) => s === SPLIT_CODES.validation).length).toBe(310);
    expect(predictions.columns.residual![3]).toBeCloseTo(predictions.columns.prediction![3]! - predictions.columns.MedHouseVal![3]!, 5);
    expect(first.tasks.at(-1)!.outputs[0]!.extra.modelId).toBe(model.id);

    // Same seed, cpu backend, same data: identical metrics. The drift check now has a reference, and finds none.
    coordinator.trigger(ML_CONSUMER.id, params);
    await idle(coordinator);
    const second = lastRun('ml_consumer');
    expect(second.id).not.toBe(first.id);
    const again = result(second, 'train');
    const { modelId: _a, trainMs: _b, drift: _c, stageMs: _g, ...metrics } = trained;
    const { modelId: _d, trainMs: _e, drift: _f, stageMs: _h, ...metricsAgain } = again;
    expect(metricsAgain).toEqual(metrics);
    const secondModel = await loadModel(db, again.modelId as string);
    expect(secondModel.weightData).toEqual(model.weightData);
    expect(secondModel.drift).toMatchObject({ status: 'ok', referenceModelId: model.id });
    expect(notifications.filter((n) => n.level === 'warning')).toEqual([]);

    // Batch prediction with the first model version gives exactly the first run's predictions.
    const batch = coordinator.trigger(ML_BATCH_PREDICT.id, { model_id: model.id });
    expect(batch.ok).toBe(true);
    await idle(coordinator);
    expect(lastRun('ml_batch_predict').state).toBe('success');
    const all = (await listDatasetVersions(db)).filter((v) => v.datasetId === HOUSING_PREDICTIONS);
    const newest = await readDatasetVersion(db, all.sort((a, b) => b.createdAt - a.createdAt)[0]!.id);
    expect(newest.columns.prediction).toEqual(predictions.columns.prediction);
    expect((await listModels(db)).map((m) => m.id)).toEqual([secondModel.id, model.id]);
  }, 120_000);

  it('warns on drifted features without failing, stores the report, and batch-predicts unseen data as test rows', async () => {
    const { db, notifications, publish, lastRun, result, coordinator } = await setup();
    const data = housingSubset(10);
    await publish(data);
    // Incomes up 60%: MedInc's mean moves by well over a quarter of its std.
    const richer = makeTable({ ...data.columns, MedInc: data.columns.MedInc!.map((v) => v * 1.6) }, data.names);
    await publish(richer);
    const run = lastRun('ml_consumer');
    expect(run.state).toBe('success');
    const report = result(run, 'check_drift') as unknown as DriftReport;
    expect(report.status).toBe('drift');
    expect(report.features.find((f) => f.feature === 'MedInc')?.drifted).toBe(true);
    expect(report.features.find((f) => f.feature === 'HouseAge')?.drifted).toBe(false);
    expect(notifications.some((n) => n.level === 'warning' && n.message.includes('MedInc (mean shift'))).toBe(true);
    expect((await loadModel(db, result(run, 'train').modelId as string)).drift?.status).toBe('drift');

    // The first model on the newer data: every row is one it never saw.
    const models = await listModels(db);
    coordinator.trigger(ML_BATCH_PREDICT.id, { model_id: models.at(-1)!.id });
    await idle(coordinator);
    const batch = lastRun('ml_batch_predict');
    expect(result(batch, 'predict')).toMatchObject({ sameData: false });
    const unknown = coordinator.trigger(ML_BATCH_PREDICT.id, { model_id: 'model@nowhere/1' });
    expect(unknown.ok).toBe(true);
    await idle(coordinator);
    const failed = lastRun('ml_batch_predict');
    expect(failed.state).toBe('failed');
    expect(failed.tasks[0]!.error?.message).toBe('Model "model@nowhere/1" is not stored.');
  }, 120_000);

  it('trains the MLP deterministically on the cpu backend', async () => {
    const { coordinator, publish, lastRun, result } = await setup();
    await publish(housingSubset(20));
    const runs: Record<string, JsonValue>[] = [];
    for (let i = 0; i < 2; i++) {
      coordinator.trigger(ML_CONSUMER.id, { model: 'mlp', epochs: 4 });
      await idle(coordinator);
      runs.push(result(lastRun('ml_consumer'), 'train'));
    }
    const [a, b] = runs.map(({ modelId: _m, trainMs: _t, drift: _d, stageMs: _s, ...rest }) => rest);
    expect(a).toMatchObject({ kind: 'mlp', epochsRun: 4 });
    expect(b).toEqual(a);
  }, 120_000);
});
