import type { DagDefinition } from './dag';
import type { DagRun, DatasetEvent } from './model';
import type { DagId, DatasetId, RunId } from './ids';
import { assertValidDag } from './validate';

/**
 * Everything the scheduler knows. Immutable: a step returns a new state and shares what it did not touch, so the UI
 * can compare by reference and the coordinator persists only runs whose object changed.
 */
export interface SchedulerState {
  readonly dags: Readonly<Record<DagId, DagDefinition>>;
  readonly runs: Readonly<Record<RunId, DagRun>>;
  /** Runs not yet finished, in creation order: the only ones a step needs to look at. */
  readonly activeRunIds: readonly RunId[];
  /** Per dataset-scheduled DAG: the newest event per dataset since its previous run (Airflow's dataset queue). */
  readonly datasetQueues: Readonly<Record<DagId, Readonly<Partial<Record<DatasetId, DatasetEvent>>>>>;
  readonly nextEventId: number;
  readonly nextRunSeq: number;
  /** How many task tries may be queued or running at once (the worker pool's size). */
  readonly parallelism: number;
}

export function createSchedulerState(dags: readonly DagDefinition[], parallelism: number): SchedulerState {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
  }
  const byId: Record<DagId, DagDefinition> = {};
  for (const dag of dags) {
    assertValidDag(dag);
    if (byId[dag.id]) throw new Error(`DAG id "${dag.id}" is registered twice.`);
    byId[dag.id] = dag;
  }
  return { dags: byId, runs: {}, activeRunIds: [], datasetQueues: {}, nextEventId: 1, nextRunSeq: 1, parallelism };
}

/** The state persisted between page loads besides the runs themselves. */
export interface SchedulerCheckpoint {
  readonly datasetQueues: SchedulerState['datasetQueues'];
  readonly nextEventId: number;
  readonly nextRunSeq: number;
}

export function checkpointOf(state: SchedulerState): SchedulerCheckpoint {
  return { datasetQueues: state.datasetQueues, nextEventId: state.nextEventId, nextRunSeq: state.nextRunSeq };
}

/** Rebuilds the scheduler's state from what storage kept: runs, and the checkpoint of queues and counters. */
export function restoreSchedulerState(
  dags: readonly DagDefinition[],
  parallelism: number,
  runs: readonly DagRun[],
  checkpoint: SchedulerCheckpoint | undefined,
): SchedulerState {
  const fresh = createSchedulerState(dags, parallelism);
  const byId: Record<RunId, DagRun> = {};
  const ordered = [...runs].sort((a, b) => a.seq - b.seq);
  // Runs of DAGs that no longer exist stay in storage but are not scheduled.
  for (const run of ordered) if (fresh.dags[run.dagId]) byId[run.id] = run;
  const active = ordered.filter((r) => byId[r.id] && (r.state === 'queued' || r.state === 'running')).map((r) => r.id);
  const maxSeq = ordered.reduce((max, r) => Math.max(max, r.seq), 0);
  return {
    ...fresh,
    runs: byId,
    activeRunIds: active,
    datasetQueues: checkpoint?.datasetQueues ?? {},
    nextEventId: checkpoint?.nextEventId ?? 1,
    nextRunSeq: Math.max(checkpoint?.nextRunSeq ?? 1, maxSeq + 1),
  };
}
