import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { DatasetEvent } from '../../../../src/core/model';
import type { RunState, TaskState } from '../../../../src/core/states';
import type { Database } from '../../../../src/runtime/storage/database';

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
  let position = 0;
  for (const [task, states] of Object.entries(spec.tasks ?? {})) {
    await db.put('taskInstances', {
      runId: runId(spec.id),
      position: position++,
      taskId: taskId(task),
      state: states[states.length - 1] ?? 'none',
      tryNumber: states.length,
      maxTries: Math.max(1, states.length),
      tries: states.map((state, i) => ({ tryNumber: i + 1, state, queuedAt: 0, startDate: 0, endDate: null })),
      startDate: null,
      endDate: null,
      nextRetryAt: null,
      outputs: [],
    });
  }
}
