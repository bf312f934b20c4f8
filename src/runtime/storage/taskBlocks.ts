import type { RunId } from '../../core/ids';
import type { DagRun, TaskInstance } from '../../core/model';
import { TASK_BLOCK_SIZE } from './migrations';

/**
 * A run's task instances are stored TASK_BLOCK_SIZE to a record, keyed `[runId, block]`: block b holds the instances
 * at positions b·SIZE … b·SIZE + SIZE − 1 of the run, in order. IndexedDB's cost is per record far more than per byte
 * (a request, a key, an undo entry, a success event back to the page): one instance per record, a 10,000-task no-op run
 * wrote ~20,000 records and the browser's IndexedDB threads spent more CPU per try than the tries themselves. A write
 * stores each changed block whole, from the scheduler's state as it is then.
 */
export { TASK_BLOCK_SIZE };

export interface StoredTaskBlock {
  readonly runId: RunId;
  readonly block: number;
  /** The run's instances at positions block·SIZE …, as the scheduler holds them. */
  readonly tasks: readonly TaskInstance[];
}

export const blockOf = (position: number): number => Math.floor(position / TASK_BLOCK_SIZE);

export const blockCount = (run: Pick<DagRun, 'tasks'>): number => Math.ceil(run.tasks.length / TASK_BLOCK_SIZE);

/** Block `block` of a run, as stored. */
export function taskBlock(run: Pick<DagRun, 'id' | 'tasks'>, block: number): StoredTaskBlock {
  return { runId: run.id, block, tasks: run.tasks.slice(block * TASK_BLOCK_SIZE, (block + 1) * TASK_BLOCK_SIZE) };
}

/** Every block of run `runId`, and only those: keys `[runId, 0]` … `[runId, +∞)`. */
export const runBlocks = (runId: string): IDBKeyRange => IDBKeyRange.bound([runId, 0], [runId, Infinity]);
