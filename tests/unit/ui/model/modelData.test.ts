import { describe, expect, it } from 'vitest';
import { datasetId, datasetVersionId, type DatasetEventId, type DagId, type RunId, type TaskId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import { HOUSING_DAGS } from '../../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../../src/pipelines/housing/datasets';
import type { DatasetVersionMeta, ModelRecord } from '../../../../src/core/records';
import { createPlaygroundStore } from '../../../../src/store/playgroundStore';
import { safeFileName } from '../../../../src/ui/datasets/download';
import { formatStat } from '../../../../src/ui/datasets/statFormat';
import { fixed3, paramsText, shortModelName, splitMetrics } from '../../../../src/ui/model/modelFacts';
import { predictionsVersionOf, splitBuckets } from '../../../../src/ui/model/predictionsData';
import { currentTraining } from '../../../../src/ui/model/trainingProgress';

const source = { dagId: 'ml_consumer' as DagId, runId: 'r1' as RunId, taskId: 'save_predictions' as TaskId, tryNumber: 1 };

function version(id: string, createdAt: number, models: string[] = []): DatasetVersionMeta {
  return {
    id: datasetVersionId(id),
    datasetId: datasetId('housing_predictions'),
    createdAt,
    rowCount: 3,
    schema: [],
    schemaHash: '',
    byteSize: 0,
    producedBy: source,
    committed: true,
    contentHash: 'h',
    inputs: [],
    upstreamOutputs: [],
    models,
  };
}

const event = (id: number, versionId: string, modelId: string): DatasetEvent => ({
  id: id as DatasetEventId,
  datasetId: datasetId('housing_predictions'),
  versionId: datasetVersionId(versionId),
  timestamp: id,
  source,
  extra: { modelId },
});

function model(overrides: Partial<ModelRecord> = {}): ModelRecord {
  return {
    id: 'model@dataset_triggered__2026-11-23T10:00:00.000Z__2/1',
    createdAt: 1,
    producedBy: source,
    trainedOn: null,
    artifacts: { modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'dense/kernel', shape: [8, 1], dtype: 'float32' }], format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0' },
    weightData: new Float32Array(9).buffer,
    metrics: { testR2: 0.6, testRmse: 0.73, testMae: 0.54, trainR2: 0.61 },
    ...overrides,
  };
}

describe('predictions of a model', () => {
  it('finds the newest stored version whose event names the model, else one whose lineage lists it', () => {
    const versions = [version('p3', 3, ['m2']), version('p2', 2, ['m1']), version('p1', 1, ['m1'])];
    const events = [event(1, 'p1', 'm1'), event(2, 'p2', 'm1'), event(3, 'gone', 'm2')];
    expect(predictionsVersionOf('m1', events, versions)?.id).toBe('p2');
    // m2's event points at a deleted version: fall back to lineage.
    expect(predictionsVersionOf('m2', events, versions)?.id).toBe('p3');
    expect(predictionsVersionOf('m3', events, versions)).toBeNull();
  });

  it('buckets rows by split, test last, and hides all but test rows when asked', () => {
    const split = new Float32Array([0, 1, 2, 2, 0]);
    expect(Array.from(splitBuckets(split, 5, 'all'))).toEqual([0, 1, 2, 2, 0]);
    expect(Array.from(splitBuckets(split, 5, 'test'))).toEqual([-1, -1, 2, 2, -1]);
    expect(Array.from(splitBuckets(null, 2, 'all'))).toEqual([0, 0]);
  });
});

describe('model facts', () => {
  it('reads split metrics from `splits`, else from the flat metrics of older records', () => {
    expect(splitMetrics(model(), 'test')).toEqual({ rmse: 0.73, mae: 0.54, r2: 0.6 });
    expect(splitMetrics(model(), 'train')).toEqual({ r2: 0.61 });
    expect(splitMetrics(model(), 'validation')).toEqual({});
    const split = { rmse: 1, mae: 2, r2: 0.5, count: 10 };
    expect(splitMetrics(model({ splits: { train: split, validation: split, test: split } }), 'validation')).toBe(split);
    expect(fixed3(undefined)).toBe('—');
    expect(fixed3(0.12345)).toBe('0.123');
  });

  it('names models and params briefly', () => {
    expect(shortModelName('model@dataset_triggered__2026-11-23T10:00:00.000Z__2/1')).toBe('2026-11-23T10:00:00.000Z__2 #1');
    expect(shortModelName('custom')).toBe('custom');
    expect(paramsText({ epochs: 30, model: 'mlp' })).toBe('epochs=30, model=mlp');
    expect(paramsText(undefined)).toBe('—');
  });
});

describe('formatting', () => {
  it('shows statistics with 4 significant digits', () => {
    expect(formatStat(3.870671)).toBe('3.871');
    expect(formatStat(1425.4767)).toBe('1,425');
    expect(formatStat(-0.0002944)).toBe('-0.0002944');
    expect(formatStat(4.6e-6)).toBe('4.60e-6');
    expect(formatStat(NaN)).toBe('—');
  });

  it('makes file names of version ids', () => {
    expect(safeFileName('built_features@manual__2026-11-23T23:07:55.185Z__1/featurize/1', 'csv')).toBe(
      'built_features@manual__2026-11-23T23_07_55.185Z__1_featurize_1.csv',
    );
  });
});

describe('current training', () => {
  it('shows the newest running try, else the newest finished one', () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    expect(currentTraining(store.getState())).toBeNull();
    const progress = (runId: string, tryNumber: number, finished: boolean) => ({
      runId,
      taskId: 'train',
      tryNumber,
      modelKind: 'linear' as const,
      maxEpochs: 10,
      epochs: [],
      finished,
    });
    const trainingProgress = { 'a/train/1': progress('a', 1, true), 'b/train/1': progress('b', 1, false), 'b/train/2': progress('b', 2, true) };
    store.setState({ trainingProgress });
    expect(currentTraining(store.getState())).toBe(trainingProgress['b/train/1']);
    store.setState({ trainingProgress: { 'a/train/1': progress('a', 1, true), 'b/train/2': progress('b', 2, true) } });
    expect(currentTraining(store.getState())?.tryNumber).toBe(2);
  });
});
