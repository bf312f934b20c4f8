/**
 * Task and run states, named as Airflow names them so that what people learn here holds on a real cluster.
 * Issue #3 adds up_for_retry, skipped and removed; every switch over these unions ends in assertNever so that adding
 * a state is a compile error wherever it is not handled yet.
 */
export type TaskState = 'none' | 'scheduled' | 'queued' | 'running' | 'success' | 'failed' | 'upstream_failed';
export type RunState = 'queued' | 'running' | 'success' | 'failed';

export const TASK_STATES: readonly TaskState[] = [
  'none',
  'scheduled',
  'queued',
  'running',
  'success',
  'failed',
  'upstream_failed',
];
export const RUN_STATES: readonly RunState[] = ['queued', 'running', 'success', 'failed'];

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

export function isTaskFinished(state: TaskState): boolean {
  switch (state) {
    case 'success':
    case 'failed':
    case 'upstream_failed':
      return true;
    case 'none':
    case 'scheduled':
    case 'queued':
    case 'running':
      return false;
    default:
      return assertNever(state, 'task state');
  }
}

export function isRunFinished(state: RunState): boolean {
  switch (state) {
    case 'success':
    case 'failed':
      return true;
    case 'queued':
    case 'running':
      return false;
    default:
      return assertNever(state, 'run state');
  }
}
