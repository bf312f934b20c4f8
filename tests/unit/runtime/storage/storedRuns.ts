import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import type { RunState, TaskState } from '../../../../src/core/states';
import type { Database } from '../../../../src/runtime/storage/database';
import { TASK_BLOCK_SIZE, taskBlock } from '../../../../src/runtime/storage/taskBlocks';

export interface RunSpec {
  readonly id: string;
  readonly dagId?: string;
  readonly state: RunState;
  readonly seq: number;
  readonly triggeringEvents?: readonly DatasetEvent[];
  /** Task id → its tries' states, in order (the task's state is the last try's). */
  readonly tasks?: Readonly<Record<string, readonly TaskState[]>>;
}

/** Writes a run and its task instances as saveSchedulerChanges stores them, without a scheduler. */
export async function storeRun(db: Database, spec: RunSpec): Promise<void> {
  await db.put('runs', {
    id: runId(spec.id),
    dagId: dagId(spec.dagId ?? 'producer'),
    runType: spec.triggeringEvents?.length ? 'dataset_triggered' : 'manual',
    state: spec.state,
    seq: spec.seq,
    queuedAt: spec.seq,
    startDate: spec.seq,
    endDate: spec.state === 'success' || spec.state === 'failed' ? spec.seq + 1 : null,
    params: {},
    triggeringEvents: spec.triggeringEvents ?? [],
    unfinished: 0,
  });
  const tasks = Object.entries(spec.tasks ?? {}).map(([task, states]) => ({
      taskId: taskId(task),
      state: states[states.length - 1] ?? 'none',
      tryNumber: states.length,
      maxTries: Math.max(1, states.length),
      tries: states.map((state, i) => ({ tryNumber: i + 1, state, queuedAt: 0, startDate: 0, endDate: null })),
      startDate: null,
      endDate: null,
      nextRetryAt: null,
      outputs: [],
  }));
  for (let block = 0; block * TASK_BLOCK_SIZE < tasks.length; block++) {
    await db.put('taskBlocks', taskBlock({ id: runId(spec.id), tasks }, block));
  }
}
