import type { DagDefinition } from '../../core/dag';
import { indexDag } from '../../core/dagIndex';
import type { RunId, TaskId } from '../../core/ids';
import type { DagRun, DatasetEvent } from '../../core/model';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { Database } from './database';
import type { StoredTaskInstance } from './schema';

const CHECKPOINT_KEY = 'scheduler';

export interface SchedulerWrite {
  readonly runs: readonly DagRun[];
  readonly tasks: readonly { run: DagRun; taskId: TaskId }[];
  readonly events: readonly DatasetEvent[];
  readonly checkpoint: SchedulerCheckpoint;
  /** The DAG definitions, to find a task's position without searching the run. */
  readonly dags: Readonly<Record<string, DagDefinition>>;
}

/**
 * Writes what scheduler steps changed — runs (without their tasks), the task instances that changed, new dataset
 * events and the checkpoint — in one transaction: storage never holds half a step.
 */
export async function saveSchedulerChanges(db: Database, write: SchedulerWrite): Promise<void> {
  const tx = db.transaction(['runs', 'taskInstances', 'datasetEvents', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const run of write.runs) {
    const { tasks: _tasks, ...stored } = run;
    writes.push(tx.objectStore('runs').put(stored));
  }
  for (const { run, taskId } of write.tasks) {
    const position = indexDag(write.dags[run.dagId]!).position(taskId) ?? run.tasks.findIndex((ti) => ti.taskId === taskId);
    writes.push(tx.objectStore('taskInstances').put({ ...run.tasks[position]!, runId: run.id, position }));
  }
  for (const event of write.events) writes.push(tx.objectStore('datasetEvents').put(event));
  writes.push(tx.objectStore('meta').put(write.checkpoint, CHECKPOINT_KEY));
  await Promise.all([...writes, tx.done]);
}

export interface StoredSchedulerData {
  readonly runs: DagRun[];
  readonly events: DatasetEvent[];
  readonly checkpoint: SchedulerCheckpoint | undefined;
}

export async function loadSchedulerData(db: Database): Promise<StoredSchedulerData> {
  const tx = db.transaction(['runs', 'taskInstances', 'datasetEvents', 'meta'], 'readonly');
  const [runs, instances, events, checkpoint] = await Promise.all([
    tx.objectStore('runs').getAll(),
    tx.objectStore('taskInstances').getAll(),
    tx.objectStore('datasetEvents').getAll(),
    tx.objectStore('meta').get(CHECKPOINT_KEY),
  ]);
  await tx.done;
  const byRun = new Map<RunId, StoredTaskInstance[]>();
  for (const ti of instances) {
    const list = byRun.get(ti.runId);
    if (list) list.push(ti);
    else byRun.set(ti.runId, [ti]);
  }
  const joined: DagRun[] = runs.map((run) => ({
    ...run,
    tasks: (byRun.get(run.id) ?? [])
      .sort((a, b) => a.position - b.position)
      .map(({ runId: _r, position: _p, ...ti }) => ti),
  }));
  return { runs: joined.sort((a, b) => a.seq - b.seq), events: events.sort((a, b) => a.id - b.id), checkpoint };
}
