import { scheduledDatasets, type DagDefinition } from './dag';
import { datasetEventId, runId as toRunId, type DagId, type DatasetId, type RunId, type TaskId } from './ids';
import type { ErrorInfo, JsonValue } from './json';
import type { DagRun, DatasetEvent, DatasetOutput, RunType, TaskInstance, TaskTry } from './model';
import type { SchedulerState } from './schedulerState';
import { assertNever, isTaskFinished, type RunState, type TaskState } from './states';
import { readiness } from './taskReadiness';
import { topologicalOrder } from './topology';

/** What happens to the scheduler: a person's action, or a report from a worker. */
export type SchedulerEvent =
  | { readonly type: 'trigger_dag'; readonly dagId: DagId; readonly params?: Readonly<Record<string, JsonValue>> }
  | { readonly type: 'task_started'; readonly runId: RunId; readonly taskId: TaskId; readonly tryNumber: number }
  | {
      readonly type: 'task_succeeded';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly outputs: readonly DatasetOutput[];
      readonly returnValue?: JsonValue;
    }
  | {
      readonly type: 'task_failed';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly error: ErrorInfo;
    };

/** What the scheduler asks the outside world to do. It never does IO itself. */
export type SchedulerCommand =
  | {
      readonly type: 'start_task';
      readonly dagId: DagId;
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly params: Readonly<Record<string, JsonValue>>;
      readonly triggeringEvents: readonly DatasetEvent[];
    }
  | { readonly type: 'record_dataset_event'; readonly event: DatasetEvent }
  | { readonly type: 'run_created'; readonly runId: RunId; readonly dagId: DagId; readonly runType: RunType }
  | { readonly type: 'run_finished'; readonly runId: RunId; readonly dagId: DagId; readonly state: RunState };

export interface StepResult {
  readonly state: SchedulerState;
  readonly commands: readonly SchedulerCommand[];
}

/**
 * The whole scheduler: a pure function of (state, event, now). No clock, no timers, no IO — time comes in as `now`
 * (milliseconds) and effects go out as commands, so every rule is testable and a step costs microseconds.
 * Events about a try that is no longer current (a late report from a replaced worker) are ignored.
 */
export function step(state: SchedulerState, event: SchedulerEvent, now: number): StepResult {
  const draft = new Draft(state);
  switch (event.type) {
    case 'trigger_dag': {
      const dag = state.dags[event.dagId];
      if (!dag) throw new Error(`Unknown DAG "${event.dagId}".`);
      draft.createRun(dag, 'manual', event.params ?? {}, [], now);
      break;
    }
    case 'task_started':
      draft.updateTry(event.runId, event.taskId, event.tryNumber, ['queued'], (ti, attempt) => ({
        instance: { ...ti, state: 'running', startDate: now },
        attempt: { ...attempt, state: 'running', startDate: now },
      }));
      break;
    case 'task_succeeded': {
      const updated = draft.updateTry(event.runId, event.taskId, event.tryNumber, ['running'], (ti, attempt) => ({
        instance: {
          ...ti,
          state: 'success',
          endDate: now,
          outputs: event.outputs,
          ...(event.returnValue === undefined ? {} : { returnValue: event.returnValue }),
        },
        attempt: { ...attempt, state: 'success', endDate: now },
      }));
      if (updated) draft.emitDatasetEvents(updated.run, event.taskId, event.tryNumber, event.outputs, now);
      break;
    }
    case 'task_failed':
      // A queued try can fail too: its worker may die before it starts, or the page may close meanwhile.
      draft.updateTry(event.runId, event.taskId, event.tryNumber, ['queued', 'running'], (ti, attempt) => ({
        instance: { ...ti, state: 'failed', endDate: now, error: event.error },
        attempt: { ...attempt, state: 'failed', endDate: now, error: event.error },
      }));
      break;
    default:
      assertNever(event, 'scheduler event');
  }
  draft.schedule(now);
  return { state: draft.finish(), commands: draft.commands };
}

const topoCache = new WeakMap<DagDefinition, TaskId[]>();
function cachedTopologicalOrder(dag: DagDefinition): TaskId[] {
  let order = topoCache.get(dag);
  if (!order) topoCache.set(dag, (order = topologicalOrder(dag)));
  return order;
}

/** Copy-on-write view of the state for the length of one step. */
class Draft {
  readonly commands: SchedulerCommand[] = [];
  private runs: Record<RunId, DagRun>;
  private activeRunIds: RunId[];
  private datasetQueues: SchedulerState['datasetQueues'];
  private nextEventId: number;
  private nextRunSeq: number;
  private runsCopied = false;

  constructor(private readonly base: SchedulerState) {
    this.runs = base.runs as Record<RunId, DagRun>;
    this.activeRunIds = base.activeRunIds as RunId[];
    this.datasetQueues = base.datasetQueues;
    this.nextEventId = base.nextEventId;
    this.nextRunSeq = base.nextRunSeq;
  }

  finish(): SchedulerState {
    return {
      ...this.base,
      runs: this.runs,
      activeRunIds: this.activeRunIds,
      datasetQueues: this.datasetQueues,
      nextEventId: this.nextEventId,
      nextRunSeq: this.nextRunSeq,
    };
  }

  private putRun(run: DagRun): void {
    if (!this.runsCopied) {
      this.runs = { ...this.runs };
      this.runsCopied = true;
    }
    this.runs[run.id] = run;
  }

  createRun(
    dag: DagDefinition,
    runType: RunType,
    params: Readonly<Record<string, JsonValue>>,
    triggeringEvents: readonly DatasetEvent[],
    now: number,
  ): DagRun {
    const seq = this.nextRunSeq++;
    // Airflow's run id shape (`manual__<logical date>`), with the sequence number to keep ids unique within one ms.
    const id = toRunId(`${runType}__${new Date(now).toISOString()}__${seq}`);
    const tasks: Record<TaskId, TaskInstance> = {};
    for (const task of dag.tasks) {
      tasks[task.id] = { taskId: task.id, state: 'none', tryNumber: 0, tries: [], startDate: null, endDate: null, outputs: [] };
    }
    const run: DagRun = {
      id,
      dagId: dag.id,
      runType,
      state: 'queued',
      seq,
      queuedAt: now,
      startDate: null,
      endDate: null,
      params,
      triggeringEvents,
      tasks,
    };
    this.putRun(run);
    this.activeRunIds = [...this.activeRunIds, id];
    this.commands.push({ type: 'run_created', runId: id, dagId: dag.id, runType });
    return run;
  }

  /** Applies `change` to the current try of a task if the report matches it; returns the new run, or null. */
  updateTry(
    runId: RunId,
    taskId: TaskId,
    tryNumber: number,
    expected: readonly TaskState[],
    change: (ti: TaskInstance, attempt: TaskTry) => { instance: TaskInstance; attempt: TaskTry },
  ): { run: DagRun } | null {
    const run = this.runs[runId];
    const ti = run?.tasks[taskId];
    if (!run || !ti || ti.tryNumber !== tryNumber || !expected.includes(ti.state)) return null;
    const attempt = ti.tries[ti.tries.length - 1]!;
    const { instance, attempt: newAttempt } = change(ti, attempt);
    const tries = [...ti.tries.slice(0, -1), newAttempt];
    const next: DagRun = { ...run, tasks: { ...run.tasks, [taskId]: { ...instance, tries } } };
    this.putRun(next);
    return { run: next };
  }

  /**
   * A dataset event for each outlet of the task that succeeded — only then. Each event lands in the queue of every
   * DAG scheduled on that dataset, replacing an older one (several updates collapse into one run); a DAG whose whole
   * schedule has fresh events gets a run that carries them.
   */
  emitDatasetEvents(
    run: DagRun,
    taskId: TaskId,
    tryNumber: number,
    outputs: readonly DatasetOutput[],
    now: number,
  ): void {
    const dag = this.base.dags[run.dagId]!;
    const task = dag.tasks.find((t) => t.id === taskId)!;
    for (const datasetId of task.outlets ?? []) {
      const output = outputs.find((o) => o.datasetId === datasetId);
      const event: DatasetEvent = {
        id: datasetEventId(this.nextEventId++),
        datasetId,
        versionId: output?.versionId ?? null,
        timestamp: now,
        source: { dagId: run.dagId, runId: run.id, taskId, tryNumber },
        extra: output?.extra ?? {},
      };
      this.commands.push({ type: 'record_dataset_event', event });
      this.queueForConsumers(event, now);
    }
  }

  private queueForConsumers(event: DatasetEvent, now: number): void {
    for (const consumer of Object.values(this.base.dags)) {
      const schedule = scheduledDatasets(consumer);
      if (!schedule.includes(event.datasetId)) continue;
      const queue: Partial<Record<DatasetId, DatasetEvent>> = {
        ...this.datasetQueues[consumer.id],
        [event.datasetId]: event,
      };
      if (schedule.every((id) => queue[id] !== undefined)) {
        const triggering = schedule.map((id) => queue[id]!);
        this.datasetQueues = { ...this.datasetQueues, [consumer.id]: {} };
        this.createRun(consumer, 'dataset_triggered', {}, triggering, now);
      } else {
        this.datasetQueues = { ...this.datasetQueues, [consumer.id]: queue };
      }
    }
  }

  /**
   * Moves every active run forward: starts queued runs, marks tasks scheduled or upstream_failed from their
   * upstreams, hands scheduled tasks to free slots in run order (oldest run first), and closes finished runs.
   */
  schedule(now: number): void {
    let busy = 0;
    const waiting: { run: RunId; task: TaskId }[] = [];
    for (const id of this.activeRunIds) {
      let run = this.runs[id]!;
      const dag = this.base.dags[run.dagId]!;
      if (run.state === 'queued') run = { ...run, state: 'running', startDate: now };
      let tasks: Record<TaskId, TaskInstance> | null = null;
      for (const taskId of cachedTopologicalOrder(dag)) {
        const current = (tasks ?? run.tasks)[taskId]!;
        if (current.state === 'none') {
          const verdict = readiness(dag.tasks.find((t) => t.id === taskId)!, tasks ?? run.tasks);
          if (verdict === 'wait') continue;
          tasks ??= { ...run.tasks };
          tasks[taskId] =
            verdict === 'ready'
              ? { ...current, state: 'scheduled' }
              : { ...current, state: 'upstream_failed', endDate: now };
        }
        const state = (tasks ?? run.tasks)[taskId]!.state;
        if (state === 'queued' || state === 'running') busy++;
        else if (state === 'scheduled') waiting.push({ run: id, task: taskId });
      }
      if (tasks) run = { ...run, tasks };
      if (run !== this.runs[id]) this.putRun(run);
    }

    for (const { run: id, task: taskId } of waiting) {
      if (busy >= this.base.parallelism) break;
      busy++;
      const run = this.runs[id]!;
      const ti = run.tasks[taskId]!;
      const tryNumber = ti.tryNumber + 1;
      const attempt: TaskTry = { tryNumber, state: 'queued', queuedAt: now, startDate: null, endDate: null };
      this.putRun({
        ...run,
        tasks: { ...run.tasks, [taskId]: { ...ti, state: 'queued', tryNumber, tries: [...ti.tries, attempt] } },
      });
      this.commands.push({
        type: 'start_task',
        dagId: run.dagId,
        runId: id,
        taskId,
        tryNumber,
        params: run.params,
        triggeringEvents: run.triggeringEvents,
      });
    }

    const stillActive: RunId[] = [];
    for (const id of this.activeRunIds) {
      const run = this.runs[id]!;
      const instances = Object.values(run.tasks);
      if (!instances.every((ti) => isTaskFinished(ti.state))) {
        stillActive.push(id);
        continue;
      }
      const failed = instances.some((ti) => ti.state === 'failed' || ti.state === 'upstream_failed');
      const state: RunState = failed ? 'failed' : 'success';
      this.putRun({ ...run, state, endDate: now });
      this.commands.push({ type: 'run_finished', runId: id, dagId: run.dagId, state });
    }
    if (stillActive.length !== this.activeRunIds.length) this.activeRunIds = stillActive;
  }
}
