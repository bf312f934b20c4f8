import { DEFAULT_POOL, type DagDefinition } from './dag';
import { indexDag } from './dagIndex';
import type { DagId, DatasetId, RunId, TaskId } from './ids';
import type { DagRun, DatasetEvent, TaskInstance } from './model';
import { own, ownRecord } from './ownKeys';
import { retryDelayMs } from './retryDelay';
import { holdsSlot, isTaskFinished } from './states';
import { assertValidDag } from './validate';
import { quoted } from './displayText';

/** A task instance waiting for a slot, by run and position in its DAG. */
export interface TaskRef {
  readonly runId: RunId;
  readonly position: number;
}

/** Something the scheduler must look at again at a given time: a retry that becomes due, a try that times out. */
export interface Timer {
  readonly at: number;
  readonly kind: 'retry' | 'timeout';
  readonly runId: RunId;
  readonly position: number;
  readonly tryNumber: number;
}

export interface SlotUsage {
  readonly total: number;
  readonly byDag: Readonly<Record<DagId, number>>;
  readonly byPool: Readonly<Record<string, number>>;
}

/**
 * Everything the scheduler knows. Immutable: a step returns a new state and shares what it did not touch, so the UI
 * can compare by reference and the coordinator persists only what a step reports as changed.
 */
export interface SchedulerState {
  readonly dags: Readonly<Record<DagId, DagDefinition>>;
  /** Named pools and their slots (Airflow's pools); `default_pool` always exists. */
  readonly pools: Readonly<Record<string, number>>;
  /** How many tries may be queued or running at once (the worker pool's size). */
  readonly parallelism: number;
  readonly runs: Readonly<Record<RunId, DagRun>>;
  /** Runs not yet finished (queued or running), in creation order: the only ones a step looks at. */
  readonly activeRunIds: readonly RunId[];
  readonly paused: Readonly<Record<DagId, boolean>>;
  /** Per dataset-scheduled DAG: the newest event per dataset since its previous run (Airflow's dataset queue). */
  readonly datasetQueues: Readonly<Record<DagId, Readonly<Partial<Record<DatasetId, DatasetEvent>>>>>;
  /** Scheduled tries waiting for a slot, first come first served, from `waitingHead` on. */
  readonly waiting: readonly TaskRef[];
  /**
   * Entries before this index already got a slot. Moving an index instead of copying the rest of the list keeps a
   * step cheap while 10,000 scheduled tries drain through a few slots.
   */
  readonly waitingHead: number;
  readonly timers: readonly Timer[];
  readonly usage: SlotUsage;
  readonly nextEventId: number;
  readonly nextRunSeq: number;
}

export interface SchedulerConfig {
  readonly parallelism: number;
  /** Extra named pools; `default_pool` gets `parallelism` slots unless given here. */
  readonly pools?: Readonly<Record<string, number>>;
  readonly paused?: Readonly<Record<string, boolean>>;
  /** The built-in operators a task may name (the runtime knows them); not checked when absent. */
  readonly operators?: readonly string[];
}

export function createSchedulerState(dags: readonly DagDefinition[], config: SchedulerConfig | number): SchedulerState {
  const { parallelism, pools = {}, paused = {}, operators } = typeof config === 'number' ? { parallelism: config } : config;
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new RangeError(`parallelism must be a positive integer, got ${parallelism}`);
  }
  const allPools: Record<string, number> = { [DEFAULT_POOL]: parallelism, ...pools };
  for (const [name, slots] of Object.entries(allPools)) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`Pool ${quoted(name)} must have at least 1 slot, got ${slots}.`);
  }
  const byId = ownRecord<DagId, DagDefinition>();
  for (const dag of dags) {
    assertValidDag(dag, operators ? { operators } : {});
    if (Object.hasOwn(byId, dag.id)) throw new Error(`DAG id ${quoted(dag.id)} is registered twice.`);
    for (const task of dag.tasks) {
      const pool = task.pool ?? DEFAULT_POOL;
      const slots = own(allPools, pool);
      if (slots === undefined) throw new Error(`Task ${quoted(task.id)} of DAG ${quoted(dag.id)} uses unknown pool ${quoted(pool)}.`);
      if ((task.poolSlots ?? 1) > slots) {
        throw new Error(`Task ${quoted(task.id)} of DAG ${quoted(dag.id)} needs ${task.poolSlots} slots; pool ${quoted(pool)} has ${slots}.`);
      }
    }
    byId[dag.id] = dag;
  }
  return {
    dags: byId,
    pools: allPools,
    parallelism,
    runs: {},
    activeRunIds: [],
    paused: paused as Record<DagId, boolean>,
    datasetQueues: {},
    waiting: [],
    waitingHead: 0,
    timers: [],
    usage: { total: 0, byDag: {}, byPool: {} },
    nextEventId: 1,
    nextRunSeq: 1,
  };
}

/** The state persisted between page loads besides the runs themselves. */
export interface SchedulerCheckpoint {
  readonly datasetQueues: SchedulerState['datasetQueues'];
  readonly paused: SchedulerState['paused'];
  readonly nextEventId: number;
  readonly nextRunSeq: number;
}

export function checkpointOf(state: SchedulerState): SchedulerCheckpoint {
  return {
    datasetQueues: state.datasetQueues,
    paused: state.paused,
    nextEventId: state.nextEventId,
    nextRunSeq: state.nextRunSeq,
  };
}

/**
 * Rebuilds the scheduler's state from storage: runs, queues and counters. Runs are realigned with the current DAG
 * definitions — an instance of a task the DAG no longer has becomes `removed`, a new task gets a `none` instance —
 * and the derived parts (slot usage, waiting list, timers) are recomputed from the instances.
 *
 * With `now` (a page that starts), a retry is due at most its full delay from now: the stored time was read from the
 * clock of the page that failed the try, and a clock set back since (or a page opened on another machine's clock)
 * would otherwise stretch the wait by as much. A clock set forward makes it due sooner, never later.
 */
export function restoreSchedulerState(
  dags: readonly DagDefinition[],
  config: SchedulerConfig | number,
  runs: readonly DagRun[],
  checkpoint: SchedulerCheckpoint | undefined,
  now?: number,
): SchedulerState {
  const fresh = createSchedulerState(dags, config);
  const byId = ownRecord<RunId, DagRun>();
  const active: RunId[] = [];
  const waiting: TaskRef[] = [];
  const timers: Timer[] = [];
  let total = 0;
  const byDag = ownRecord<DagId, number>();
  const byPool = ownRecord<string, number>();
  for (const stored of [...runs].sort((a, b) => a.seq - b.seq)) {
    const dag = own(fresh.dags, stored.dagId);
    if (!dag) continue; // runs of DAGs that no longer exist stay in storage, unscheduled
    const run = now === undefined ? realign(stored, dag) : withRetriesDueBy(realign(stored, dag), dag, now);
    byId[run.id] = run;
    if (run.state === 'queued' || run.state === 'running') active.push(run.id);
    run.tasks.forEach((ti, position) => {
      const task = dag.tasks[position];
      if (!task) return;
      if (holdsSlot(ti.state)) {
        const pool = task.pool ?? 'default_pool';
        const slots = task.poolSlots ?? 1;
        total++;
        byDag[dag.id] = (own(byDag, dag.id) ?? 0) + 1;
        byPool[pool] = (own(byPool, pool) ?? 0) + slots;
      }
      if (ti.state === 'scheduled') waiting.push({ runId: run.id, position });
      if (ti.state === 'up_for_retry') {
        timers.push({ at: ti.nextRetryAt ?? 0, kind: 'retry', runId: run.id, position, tryNumber: ti.tryNumber });
      }
      if (ti.state === 'running' && task.executionTimeoutMs !== undefined && ti.startDate !== null) {
        timers.push({ at: ti.startDate + task.executionTimeoutMs, kind: 'timeout', runId: run.id, position, tryNumber: ti.tryNumber });
      }
    });
  }
  const maxSeq = Object.values(byId).reduce((max, r) => Math.max(max, r.seq), 0);
  return {
    ...fresh,
    runs: byId,
    activeRunIds: active,
    paused: { ...fresh.paused, ...(checkpoint?.paused ?? {}) },
    datasetQueues: checkpoint?.datasetQueues ?? {},
    waiting,
    waitingHead: 0,
    timers: timers.sort((a, b) => a.at - b.at),
    usage: { total, byDag, byPool },
    nextEventId: checkpoint?.nextEventId ?? 1,
    nextRunSeq: Math.max(checkpoint?.nextRunSeq ?? 1, maxSeq + 1),
  };
}

/** The run with each waiting retry due no later than its delay from `now` (see restoreSchedulerState). */
function withRetriesDueBy(run: DagRun, dag: DagDefinition, now: number): DagRun {
  let tasks: TaskInstance[] | null = null;
  run.tasks.forEach((ti, position) => {
    const task = dag.tasks[position];
    if (ti.state !== 'up_for_retry' || !task) return;
    const latest = now + retryDelayMs(task, ti.tryNumber, `${run.dagId}#${task.id}#${run.id}`);
    if (ti.nextRetryAt !== null && ti.nextRetryAt <= latest) return;
    tasks ??= [...run.tasks];
    tasks[position] = { ...ti, nextRetryAt: latest };
  });
  return tasks ? { ...run, tasks } : run;
}

function realign(run: DagRun, dag: DagDefinition): DagRun {
  const index = indexDag(dag);
  const aligned = run.tasks.length >= index.size && run.tasks.every((ti, i) => i >= index.size || ti.taskId === dag.tasks[i]!.id);
  if (aligned && run.tasks.slice(index.size).every((ti) => ti.state === 'removed')) return run;
  const byTask = new Map<TaskId, TaskInstance>(run.tasks.map((ti) => [ti.taskId, ti]));
  const tasks: TaskInstance[] = dag.tasks.map((task) => byTask.get(task.id) ?? newInstance(task.id, task.retries ?? 0));
  for (const ti of run.tasks) {
    if (index.position(ti.taskId) === undefined) tasks.push({ ...ti, state: 'removed' });
  }
  const unfinished = tasks.filter((ti) => !isTaskFinished(ti.state)).length;
  // A running run goes back to queued, so the first step re-evaluates every task (as Airflow's scheduler does after
  // verify_integrity): a new task whose upstream already finished, or whose upstream was removed, would otherwise
  // wait forever, and the run with it.
  return { ...run, tasks, unfinished, state: run.state === 'running' ? 'queued' : run.state };
}

export function newInstance(taskId: TaskId, retries: number): TaskInstance {
  return {
    taskId,
    state: 'none',
    tryNumber: 0,
    maxTries: retries + 1,
    tries: [],
    startDate: null,
    endDate: null,
    nextRetryAt: null,
    outputs: [],
  };
}
