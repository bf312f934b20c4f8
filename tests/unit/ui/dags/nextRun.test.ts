import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../../src/core/dag';
import { allOf, anyOf, onDataset } from '../../../../src/core/datasetCondition';
import { dagId, datasetId, taskId } from '../../../../src/core/ids';
import { step } from '../../../../src/core/scheduler';
import { createSchedulerState } from '../../../../src/core/schedulerState';
import { nextRun } from '../../../../src/ui/dags/nextRun';

const A = datasetId('raw_housing');
const B = datasetId('built_features');
const producer: DagDefinition = { id: dagId('p'), schedule: { type: 'manual' }, maxActiveRuns: 1, tasks: [{ id: taskId('t'), upstream: [] }] };
const both: DagDefinition = { id: dagId('both'), schedule: { type: 'datasets', condition: allOf(onDataset(A), onDataset(B)) }, tasks: [{ id: taskId('t'), upstream: [] }] };
const either: DagDefinition = { id: dagId('either'), schedule: { type: 'datasets', condition: anyOf(onDataset(A), onDataset(B)) }, tasks: [{ id: taskId('t'), upstream: [] }] };

describe('nextRun', () => {
  it('says what a dataset schedule still waits for, from the DAG dataset queue', () => {
    let state = createSchedulerState([producer, both, either], 2);
    expect(nextRun(both, state)).toEqual({ status: 'waiting', text: 'waiting for 2 of 2 assets: raw_housing, built_features' });
    expect(nextRun(either, state).text).toBe('waiting for any of 2 assets: raw_housing, built_features');
    state = step(state, { type: 'create_dataset_event', datasetId: B, versionId: null }, 1).state;
    expect(nextRun(both, state)).toEqual({ status: 'waiting', text: 'waiting for 1 of 2 assets: raw_housing' });
    expect(nextRun(both, null).status).toBe('waiting');
  });

  it('says a manual DAG runs on trigger, with the runs that wait for a slot, and what pausing means', () => {
    let state = createSchedulerState([producer, both], 2);
    expect(nextRun(producer, state)).toEqual({ status: 'manual', text: 'on trigger' });
    state = step(state, { type: 'trigger_dag', dagId: producer.id }, 0).state;
    state = step(state, { type: 'trigger_dag', dagId: producer.id }, 1).state;
    expect(nextRun(producer, state).text).toBe('on trigger · 1 run queued');
    state = step(state, { type: 'set_paused', dagId: producer.id, paused: true }, 2).state;
    state = step(state, { type: 'set_paused', dagId: both.id, paused: true }, 2).state;
    expect(nextRun(producer, state)).toEqual({ status: 'paused', text: 'paused: triggered runs wait' });
    expect(nextRun(both, state)).toEqual({ status: 'paused', text: 'paused: asset events are not queued' });
  });
});
