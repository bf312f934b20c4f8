import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId, type RunId } from '../../../src/core/ids';
import { step } from '../../../src/core/scheduler';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { applyNotice } from '../../../src/store/applyNotice';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';

const DAG: DagDefinition = {
  id: dagId('d'),
  schedule: { type: 'manual' },
  tasks: [{ id: taskId('t'), upstream: [], retries: 1, retryDelayMs: 1_000 }],
};

describe('applyNotice', () => {
  it('turns a retry in a new scheduler state into a toast numbered after the notifications already there', () => {
    const store = createPlaygroundStore([DAG], []);
    let state = step(createSchedulerState([DAG], 1), { type: 'trigger_dag', dagId: DAG.id }, 0).state;
    const run = Object.keys(state.runs)[0] as RunId;
    state = step(state, { type: 'task_started', runId: run, taskId: taskId('t'), tryNumber: 1 }, 1).state;
    applyNotice(store, { type: 'state', state });
    applyNotice(store, {
      type: 'notification',
      notification: { id: 99, timestamp: 1, level: 'info', title: 'hello', message: 'from a callback', source: 'callback' },
    });
    expect(store.getState().toasts.map((t) => [t.id, t.title])).toEqual([[1, 'hello']]);

    const failed = step(state, { type: 'task_failed', runId: run, taskId: taskId('t'), tryNumber: 1, error: { name: 'Error', message: 'x' } }, 2).state;
    applyNotice(store, { type: 'state', state: failed });
    const { notifications, toasts, scheduler } = store.getState();
    expect(scheduler).toBe(failed);
    expect(notifications.map((n) => [n.id, n.level, n.title])).toEqual([
      [1, 'info', 'hello'],
      [2, 'warning', 't will retry'],
    ]);
    expect(toasts.map((t) => t.id)).toEqual([1, 2]);
    // The same state again is no news.
    applyNotice(store, { type: 'state', state: failed });
    expect(store.getState().notifications).toHaveLength(2);
  });
});
