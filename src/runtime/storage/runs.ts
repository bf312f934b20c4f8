import type { DagRun, DatasetEvent } from '../../core/model';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { Database } from './database';

const CHECKPOINT_KEY = 'scheduler';

/** Writes the runs that changed in one scheduler step, and the scheduler's checkpoint, in one transaction. */
export async function saveSchedulerChanges(
  db: Database,
  runs: readonly DagRun[],
  events: readonly DatasetEvent[],
  checkpoint: SchedulerCheckpoint,
): Promise<void> {
  const tx = db.transaction(['runs', 'datasetEvents', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = runs.map((run) => tx.objectStore('runs').put(run));
  for (const event of events) writes.push(tx.objectStore('datasetEvents').put(event));
  writes.push(tx.objectStore('meta').put(checkpoint, CHECKPOINT_KEY));
  await Promise.all([...writes, tx.done]);
}

export interface StoredSchedulerData {
  readonly runs: DagRun[];
  readonly events: DatasetEvent[];
  readonly checkpoint: SchedulerCheckpoint | undefined;
}

export async function loadSchedulerData(db: Database): Promise<StoredSchedulerData> {
  const tx = db.transaction(['runs', 'datasetEvents', 'meta'], 'readonly');
  const [runs, events, checkpoint] = await Promise.all([
    tx.objectStore('runs').getAll(),
    tx.objectStore('datasetEvents').getAll(),
    tx.objectStore('meta').get(CHECKPOINT_KEY),
  ]);
  await tx.done;
  return { runs: runs.sort((a, b) => a.seq - b.seq), events: events.sort((a, b) => a.id - b.id), checkpoint };
}
