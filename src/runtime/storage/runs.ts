import type { DagDefinition } from '../../core/dag';
import { indexDag } from '../../core/dagIndex';
import type { RunId, TaskId } from '../../core/ids';
import type { DagRun, DatasetEvent } from '../../core/model';
import type { IDBPTransaction } from 'idb';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { Database } from './database';
import { isCommitted } from './datasets';
import { isModelCommitted } from './models';
import { guardQuota } from './quota';
import type { PlaygroundDb, StoredTaskInstance } from './schema';
import { own } from '../../core/ownKeys';

const CHECKPOINT_KEY = 'scheduler';

export interface SchedulerWrite {
  readonly runs: readonly DagRun[];
  readonly tasks: readonly { run: DagRun; taskId: TaskId }[];
  readonly events: readonly DatasetEvent[];
  readonly checkpoint: SchedulerCheckpoint;
  /** The DAG definitions, to find a task's position without searching the run. */
  readonly dags: Readonly<Record<string, DagDefinition>>;
  /** Models staged by tries whose success this write records: committed with it. */
  readonly models?: readonly string[];
}

/**
 * Writes what scheduler steps changed — runs (without their tasks), the task instances that changed, new dataset
 * events and the checkpoint — in one transaction: storage never holds half a step. The same transaction commits the
 * version each new event points to (staged by the task that wrote it), so a version becomes visible exactly when its
 * event exists, and the models of the tries whose success it records: if this write fails, neither does.
 */
export async function saveSchedulerChanges(db: Database, write: SchedulerWrite): Promise<void> {
  const tx = db.transaction(['runs', 'taskInstances', 'datasetEvents', 'datasetVersions', 'models', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    issueSchedulerWrites(tx, write, writes);
  } catch (error) {
    // A request refused on the spot (a value that cannot be cloned…): nothing of this step may be stored.
    for (const pending of [...writes, tx.done]) pending.catch(() => undefined);
    tx.abort();
    throw error;
  }
  const what = write.events.length > 0 ? `${write.events.length} asset event(s) and the scheduler's state` : "the scheduler's state";
  await guardQuota(what, () => Promise.all([...writes, tx.done]), () => tx.error);
}

type SchedulerTransaction = IDBPTransaction<
  PlaygroundDb,
  ('runs' | 'taskInstances' | 'datasetEvents' | 'datasetVersions' | 'models' | 'meta')[],
  'readwrite'
>;

function issueSchedulerWrites(tx: SchedulerTransaction, write: SchedulerWrite, writes: Promise<unknown>[]): void {
  for (const run of write.runs) {
    const { tasks: _tasks, ...stored } = run;
    writes.push(tx.objectStore('runs').put(stored));
  }
  for (const { run, taskId } of write.tasks) {
    const position = indexDag(own(write.dags, run.dagId)!).position(taskId) ?? run.tasks.findIndex((ti) => ti.taskId === taskId);
    writes.push(tx.objectStore('taskInstances').put({ ...run.tasks[position]!, runId: run.id, position }));
  }
  const versions = tx.objectStore('datasetVersions');
  for (const event of write.events) {
    writes.push(tx.objectStore('datasetEvents').put(event));
    const versionId = event.versionId;
    if (versionId !== null) {
      writes.push(
        versions.get(versionId).then((meta) => (meta && !isCommitted(meta) ? versions.put({ ...meta, committed: true }) : undefined)),
      );
    }
  }
  const models = tx.objectStore('models');
  for (const id of write.models ?? []) {
    writes.push(models.get(id).then((model) => (model && !isModelCommitted(model) ? models.put({ ...model, committed: true }) : undefined)));
  }
  writes.push(tx.objectStore('meta').put(write.checkpoint, CHECKPOINT_KEY));
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
    tx.objectStore('meta').get(CHECKPOINT_KEY) as Promise<SchedulerCheckpoint | undefined>,
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
