import { DEFAULT_POOL } from './dag';
import type { SchedulerState } from './schedulerState';
import { quoted } from './displayText';

/**
 * The same scheduler with a different parallelism (the worker pool was resized in the Settings page). Tries already
 * queued or running keep their slots even when they now exceed the limit: shrinking never stops work, it only hands
 * out fewer slots until enough tries have finished. `default_pool` follows parallelism unless it was given a size of
 * its own. The caller steps the scheduler afterwards (a `tick`) so that new room is used at once.
 */
export function withParallelism(state: SchedulerState, parallelism: number): SchedulerState {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
  }
  if (parallelism === state.parallelism) return state;
  const followsPool = state.pools[DEFAULT_POOL] === state.parallelism;
  if (followsPool) {
    for (const dag of Object.values(state.dags)) {
      for (const task of dag.tasks) {
        if ((task.pool ?? DEFAULT_POOL) === DEFAULT_POOL && (task.poolSlots ?? 1) > parallelism) {
          throw new RangeError(
            `Task ${quoted(task.id)} of DAG ${quoted(dag.id)} needs ${task.poolSlots} slots of ${DEFAULT_POOL}; ${parallelism} would leave it waiting forever.`,
          );
        }
      }
    }
  }
  return {
    ...state,
    parallelism,
    pools: followsPool ? { ...state.pools, [DEFAULT_POOL]: parallelism } : state.pools,
  };
}
