import type { TaskDefinition } from './dag';
import type { TaskInstance } from './model';
import type { TaskId } from './ids';
import { assertNever, type TaskState } from './states';

export type Readiness = 'wait' | 'ready' | 'upstream_failed';

/**
 * Airflow's default trigger rule, all_success: a task is ready when every upstream succeeded, and is marked
 * upstream_failed as soon as one upstream failed or was itself upstream_failed. Issue #3 adds the other rules here.
 */
export function readiness(task: TaskDefinition, tasks: Readonly<Record<TaskId, TaskInstance>>): Readiness {
  let allSucceeded = true;
  for (const up of task.upstream) {
    const state: TaskState = tasks[up]?.state ?? 'none';
    switch (state) {
      case 'success':
        break;
      case 'failed':
      case 'upstream_failed':
        return 'upstream_failed';
      case 'none':
      case 'scheduled':
      case 'queued':
      case 'running':
        allSucceeded = false;
        break;
      default:
        return assertNever(state, 'task state');
    }
  }
  return allSucceeded ? 'ready' : 'wait';
}
