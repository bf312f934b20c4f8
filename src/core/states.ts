import { displayText } from './displayText';

/**
 * Task and run states, named as Airflow names them so that what people learn here holds on a real cluster. Every
 * switch over these unions ends in assertNever: adding a state is a compile error wherever it is not handled yet.
 * Airflow states with no meaning in a browser (deferred, restarting, shutdown, sensing) are left out.
 */
export type TaskState =
  | 'none'
  | 'scheduled'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'up_for_retry'
  | 'upstream_failed'
  | 'skipped'
  | 'removed';
export type RunState = 'queued' | 'running' | 'success' | 'failed';

export const TASK_STATES: readonly TaskState[] = [
  'none',
  'scheduled',
  'queued',
  'running',
  'success',
  'failed',
  'up_for_retry',
  'upstream_failed',
  'skipped',
  'removed',
];

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${displayText(String(JSON.stringify(value)))}`);
}

/** A finished task instance: nothing more happens to it unless a person clears or marks it. */
export function isTaskFinished(state: TaskState): boolean {
  switch (state) {
    case 'success':
    case 'failed':
    case 'upstream_failed':
    case 'skipped':
    case 'removed':
      return true;
    case 'none':
    case 'scheduled':
    case 'queued':
    case 'running':
    case 'up_for_retry':
      return false;
    default:
      return assertNever(state, 'task state');
  }
}

/** A try holds a worker slot while queued or running. */
export function holdsSlot(state: TaskState): boolean {
  return state === 'queued' || state === 'running';
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
