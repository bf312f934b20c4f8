import { makeTable } from '../../../../src/core/columns';
import type { DagDefinition } from '../../../../src/core/dag';
import { onDataset } from '../../../../src/core/datasetCondition';
import { dagId, datasetId, taskId, type DatasetVersionId } from '../../../../src/core/ids';
import type { TaskRegistry } from '../../../../src/pipelines/registry';
import type { TaskFunction } from '../../../../src/taskApi/taskContext';

/** A small producer → consumer pair shaped like the housing pipeline, for storage tests without tfjs. */
export const NUMBERS = datasetId('numbers');
export const PREDICTIONS = datasetId('predictions');

export const PRODUCER: DagDefinition = {
  id: dagId('producer'),
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('load'), upstream: [] },
    { id: taskId('make'), upstream: [taskId('load')], outlets: [NUMBERS] },
  ],
};

export const CONSUMER: DagDefinition = {
  id: dagId('consumer'),
  schedule: { type: 'datasets', condition: onDataset(NUMBERS) },
  maxActiveRuns: 1,
  tasks: [
    { id: taskId('train'), upstream: [] },
    { id: taskId('predict'), upstream: [taskId('train')] },
    { id: taskId('save'), upstream: [taskId('predict')], outlets: [PREDICTIONS] },
  ],
};

export interface FixtureControl {
  /** Each producer run writes `rows` rows of value `value`; `value` increases by one per run. */
  value: number;
  rows: number;
  /** `make` throws after writing its version (a try that fails late). */
  failAfterWrite: boolean;
  /** `make` never finishes after writing its version (the page closes while it runs). */
  hangAfterWrite?: boolean;
  /** `train` never finishes after storing its model (the page closes before its success is recorded). */
  hangAfterModel?: boolean;
  /** `train` throws after storing its model. */
  failAfterModel?: boolean;
}

export function fixtureRegistry(control: FixtureControl): TaskRegistry {
  const load: TaskFunction = async (context) => {
    const v = control.value++;
    await context.writeOutput(makeTable({ x: Float32Array.from({ length: control.rows }, (_, i) => v + i), y: new Float64Array(control.rows).fill(v) }));
    return { value: v };
  };
  const make: TaskFunction = async (context) => {
    const raw = await context.readUpstreamOutput('load');
    const output = await context.writeDataset(NUMBERS, raw);
    if (control.failAfterWrite) throw new Error('failed after writing');
    if (control.hangAfterWrite) await new Promise(() => undefined);
    return { versionId: output.versionId };
  };
  const train: TaskFunction = async (context) => {
    const versionId = await context.inputVersion(NUMBERS);
    const table = await context.readDatasetVersion(versionId);
    const modelId = `model@${context.runId}/${context.tryNumber}`;
    await context.saveModel({
      id: modelId,
      createdAt: context.now(),
      producedBy: { dagId: context.dagId, runId: context.runId, taskId: context.taskId, tryNumber: context.tryNumber },
      trainedOn: versionId,
      artifacts: { rows: table.rowCount },
      weightData: new ArrayBuffer(8),
      metrics: {},
    });
    if (control.failAfterModel) throw new Error('failed after storing the model');
    if (control.hangAfterModel) await new Promise(() => undefined);
    return { modelId };
  };
  const predict: TaskFunction = async (context) => {
    const { modelId } = context.upstreamResult('train') as { modelId: string };
    await context.loadModel(modelId);
    const table = await context.readDatasetVersion(await context.inputVersion(NUMBERS));
    await context.writeOutput(makeTable({ prediction: Float32Array.from(table.columns.x!, (x) => x * 2) }));
    return { modelId };
  };
  const save: TaskFunction = async (context) => {
    const predicted = await context.readUpstreamOutput('predict');
    const features = await context.readDatasetVersion(await context.inputVersion(NUMBERS));
    const table = makeTable({ actual: Float32Array.from(features.columns.x!), prediction: predicted.columns.prediction! });
    const { modelId } = context.upstreamResult('predict') as { modelId: string };
    const output = await context.writeDataset(PREDICTIONS, table, { modelId });
    return { versionId: output.versionId as DatasetVersionId };
  };
  const as = (f: TaskFunction) => () => Promise.resolve(f);
  return {
    producer: { load: as(load), make: as(make) },
    consumer: { train: as(train), predict: as(predict), save: as(save) },
  };
}
