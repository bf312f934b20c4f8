import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId, type RunId } from '../../../src/core/ids';
import { step, type SchedulerEvent } from '../../../src/core/scheduler';
import { createSchedulerState, type SchedulerState } from '../../../src/core/schedulerState';
import { taskAlerts } from '../../../src/store/taskAlerts';

const DAG: DagDefinition = {
  id: dagId('d'),
  schedule: { type: 'manual' },
  tasks: [
    { id: taskId('flaky'), upstream: [], retries: 1, retryDelayMs: 1_000 },
    { id: taskId('quiet'), upstream: [], retries: 1, retryDelayMs: 1_000, callbacks: { onRetry: { notify: 'warning' }, onFailure: { notify: 'error' } } },
  ],
};

function started(): { state: SchedulerState; run: RunId } {
  let state = createSchedulerState([DAG], 4);
  state = step(state, { type: 'trigger_dag', dagId: DAG.id }, 0).state;
  const run = Object.keys(state.runs)[0] as RunId;
  for (const id of ['flaky', 'quiet']) state = step(state, { type: 'task_started', runId: run, taskId: taskId(id), tryNumber: 1 }, 1).state;
  return { state, run };
}

const fail = (run: RunId, id: string, tryNumber: number): SchedulerEvent => ({
  type: 'task_failed',
  runId: run,
  taskId: taskId(id),
  tryNumber,
  error: { name: 'Error', message: 'disk on fire' },
});

describe('taskAlerts', () => {
  it('warns of a retry and reports a final failure, unless the task has its own callback for it', () => {
    const { state, run } = started();
    const retrying = step(step(state, fail(run, 'flaky', 1), 10).state, fail(run, 'quiet', 1), 10).state;
    const retryAlerts = taskAlerts(state, retrying, 10);
    expect(retryAlerts.map((a) => [a.level, a.taskId, a.title])).toEqual([['warning', 'flaky', 'flaky will retry']]);
    expect(retryAlerts[0]!.message).toContain('try 1 of 2 failed (Error: disk on fire)');

    let again = step(retrying, { type: 'tick' }, 2_000).state;
    again = step(again, { type: 'task_started', runId: run, taskId: taskId('flaky'), tryNumber: 2 }, 2_001).state;
    const failed = step(again, fail(run, 'flaky', 2), 2_010).state;
    expect(taskAlerts(again, failed, 2_010).map((a) => [a.level, a.title, a.runId])).toEqual([['error', 'flaky failed', run]]);
  });

  it('says nothing on the first state of a page, for an unchanged state, or for a failure marked by hand', () => {
    const { state, run } = started();
    expect(taskAlerts(null, state, 0)).toEqual([]);
    expect(taskAlerts(state, state, 0)).toEqual([]);
    const marked = step(state, { type: 'mark_task', runId: run, taskId: taskId('flaky'), state: 'failed' }, 5).state;
    expect(marked.runs[run]!.tasks[0]!.state).toBe('failed');
    expect(taskAlerts(state, marked, 5)).toEqual([]);
  });
});
