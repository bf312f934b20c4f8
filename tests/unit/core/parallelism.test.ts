import { describe, expect, it } from 'vitest';
import { dagId, taskId } from '../../../src/core/ids';
import { withParallelism } from '../../../src/core/parallelism';
import { step } from '../../../src/core/scheduler';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { busyCount, deepFreeze, manualDag, statesOf, task } from './harness';

const [root, x, y, z] = [taskId('root'), taskId('x'), taskId('y'), taskId('z')];
/** root, then three tasks that could run side by side. */
const fan = manualDag(dagId('fan'), [task(root), task(x, [root]), task(y, [root]), task(z, [root])]);

/** A run of `fan` whose root succeeded: x, y, z want slots. */
function afterRoot(parallelism: number) {
  let state = createSchedulerState([fan], parallelism);
  let result = step(state, { type: 'trigger_dag', dagId: fan.id }, 0);
  const runId = Object.keys(result.state.runs)[0]! as never;
  state = step(result.state, { type: 'task_started', runId, taskId: root, tryNumber: 1 }, 1).state;
  result = step(state, { type: 'task_succeeded', runId, taskId: root, tryNumber: 1, outputs: [] }, 2);
  return { state: result.state, runId };
}

describe('withParallelism', () => {
  it('grows: the next step hands the new slots to waiting tries', () => {
    const { state, runId } = afterRoot(1);
    expect(statesOf(state, runId)).toMatchObject({ x: 'queued', y: 'scheduled', z: 'scheduled' });
    const grown = withParallelism(deepFreeze(state), 3);
    expect(grown.parallelism).toBe(3);
    expect(grown.pools.default_pool).toBe(3);
    const next = step(grown, { type: 'tick' }, 3);
    expect(statesOf(next.state, runId)).toMatchObject({ x: 'queued', y: 'queued', z: 'queued' });
    expect(next.commands.filter((c) => c.type === 'start_task').map((c) => (c as { taskId: string }).taskId)).toEqual(['y', 'z']);
  });

  it('shrinks without taking slots back: running tries go on, new ones wait until the count is under the limit', () => {
    const { state, runId } = afterRoot(3);
    expect(busyCount(state)).toBe(3);
    const shrunk = withParallelism(state, 1);
    let next = step(shrunk, { type: 'tick' }, 3);
    expect(statesOf(next.state, runId)).toMatchObject({ x: 'queued', y: 'queued', z: 'queued' });
    expect(next.commands.filter((c) => c.type === 'stop_task')).toEqual([]);
    expect(busyCount(next.state)).toBe(3);
    // Nothing new is handed out while 3 > 1 (the second run's root waits).
    next = step(next.state, { type: 'trigger_dag', dagId: fan.id }, 4);
    const second = Object.keys(next.state.runs).find((id) => id !== runId)! as never;
    expect(statesOf(next.state, second)).toMatchObject({ root: 'scheduled' });
  });

  it('leaves the state as it is for the same parallelism, and a default_pool sized on its own', () => {
    const state = createSchedulerState([fan], { parallelism: 2, pools: { default_pool: 5 } });
    expect(withParallelism(state, 2)).toBe(state);
    expect(withParallelism(state, 4).pools).toEqual({ default_pool: 5 });
  });

  it('refuses 0, fractions, and a size that would leave a task needing more slots waiting forever', () => {
    const state = createSchedulerState([fan], 2);
    expect(() => withParallelism(state, 0)).toThrow(RangeError);
    expect(() => withParallelism(state, 1.5)).toThrow(/positive integer, got 1.5/);
    const wide = manualDag(dagId('wide'), [{ ...task(root), poolSlots: 2 }]);
    expect(() => withParallelism(createSchedulerState([wide], 2), 1)).toThrow(/"root" of DAG "wide" needs 2 slots/);
  });
});
