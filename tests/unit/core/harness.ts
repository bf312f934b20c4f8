import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { onDataset, allOf, type DatasetCondition } from '../../../src/core/datasetCondition';
import { datasetVersionId, type DagId, type DatasetId, type RunId, type TaskId } from '../../../src/core/ids';
import type { ErrorInfo, JsonValue } from '../../../src/core/json';
import { findTask, type DagRun, type DatasetOutput, type TaskInstance } from '../../../src/core/model';
import { step, type SchedulerCommand, type SchedulerEvent } from '../../../src/core/scheduler';
import { createSchedulerState, type SchedulerConfig, type SchedulerState } from '../../../src/core/schedulerState';
import type { TaskState } from '../../../src/core/states';

export type StartTaskCommand = Extract<SchedulerCommand, { type: 'start_task' }>;
export type StopTaskCommand = Extract<SchedulerCommand, { type: 'stop_task' }>;
export type RecordDatasetEventCommand = Extract<SchedulerCommand, { type: 'record_dataset_event' }>;
export type RunCreatedCommand = Extract<SchedulerCommand, { type: 'run_created' }>;
export type RunFinishedCommand = Extract<SchedulerCommand, { type: 'run_finished' }>;
export type CallbackCommand = Extract<SchedulerCommand, { type: 'callback' }>;

/**
 * What a scripted worker does with one try:
 * - 'succeed' / 'fail': starts, then reports success (no outputs) or an Error;
 * - 'hang': starts and never reports (only a timeout, a clear or a mark ends it);
 * - { outputs?, returnValue? }: starts, then succeeds with these (a branch's choice, a short-circuit's condition…);
 * - { fail, name? }: starts, then fails with this message (and error name).
 */
export type Outcome =
  | 'succeed'
  | 'fail'
  | 'hang'
  | { readonly outputs?: readonly DatasetOutput[]; readonly returnValue?: JsonValue }
  | { readonly fail: string; readonly name?: string };

/** Per task: one outcome for every try, or one per try (try 1 first; the last one repeats for later tries). */
export type TaskScript = Outcome | readonly Outcome[];

export type OutcomeScript = Readonly<Record<string, TaskScript>> | ((command: StartTaskCommand) => Outcome);

/** `n` failing tries, then `then` (default: success). */
export function failTimes(n: number, then: Outcome = 'succeed'): Outcome[] {
  return [...Array.from({ length: n }, (): Outcome => 'fail'), then];
}

/** A try that returns `value` (a branch's task ids, a short-circuit's condition). */
export function returns(value: JsonValue): Outcome {
  return { returnValue: value };
}

/** The outcome a script gives a try: by task id and try number (the last listed outcome repeats). */
export function outcomeFor(script: OutcomeScript, command: StartTaskCommand): Outcome {
  if (typeof script === 'function') return script(command);
  const entry = script[command.taskId];
  if (entry === undefined) return 'succeed';
  if (!Array.isArray(entry)) return entry as Outcome;
  const list = entry as readonly Outcome[];
  if (list.length === 0) return 'succeed';
  return list[Math.min(command.tryNumber - 1, list.length - 1)]!;
}

export interface RecordedStep {
  readonly event: SchedulerEvent;
  readonly now: number;
  readonly before: SchedulerState;
  readonly after: SchedulerState;
  readonly commands: readonly SchedulerCommand[];
  readonly wakeAt: number | null;
}

/** Shorthand for a task definition. */
export function task(id: TaskId, upstream: readonly TaskId[] = [], outlets?: readonly DatasetId[]): TaskDefinition {
  return outlets === undefined ? { id, upstream } : { id, upstream, outlets };
}

export function manualDag(id: DagId, tasks: readonly TaskDefinition[]): DagDefinition {
  return { id, schedule: { type: 'manual' }, tasks };
}

/** A DAG scheduled on datasets: a list means all of them (Airflow's `schedule=[a, b]`), or any condition. */
export function datasetDag(
  id: DagId,
  datasets: readonly DatasetId[] | DatasetCondition,
  tasks: readonly TaskDefinition[],
): DagDefinition {
  const condition = Array.isArray(datasets)
    ? (datasets as readonly DatasetId[]).length === 1
      ? onDataset((datasets as readonly DatasetId[])[0]!)
      : allOf(...(datasets as readonly DatasetId[]).map(onDataset))
    : (datasets as DatasetCondition);
  return { id, schedule: { type: 'datasets', condition }, tasks };
}

/** A dataset output as a worker would report it. */
export function output(dataset: DatasetId, version: string, extra: Record<string, JsonValue> = {}): DatasetOutput {
  return { datasetId: dataset, versionId: datasetVersionId(version), extra };
}

export function getRun(state: SchedulerState, id: RunId): DagRun {
  const run = state.runs[id];
  if (!run) throw new Error(`no run ${id}`);
  return run;
}

export function getTask(state: SchedulerState, id: RunId, task: TaskId | string): TaskInstance {
  const ti = findTask(getRun(state, id), task);
  if (!ti) throw new Error(`no task ${task} in run ${id}`);
  return ti;
}

/** Task states of a run by task id. */
export function statesOf(state: SchedulerState, run: RunId): Record<string, TaskState> {
  return Object.fromEntries(getRun(state, run).tasks.map((ti) => [ti.taskId, ti.state]));
}

/** Tries queued or running across all runs: what parallelism limits. */
export function busyCount(state: SchedulerState): number {
  let busy = 0;
  for (const run of Object.values(state.runs)) {
    for (const ti of run.tasks) if (ti.state === 'queued' || ti.state === 'running') busy++;
  }
  return busy;
}

/** Recursively freezes a value, so any in-place write by the code under test throws (ES modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

const sameTry = (a: { runId: RunId; taskId: TaskId; tryNumber: number }, b: { runId: RunId; taskId: TaskId; tryNumber: number }) =>
  a.runId === b.runId && a.taskId === b.taskId && a.tryNumber === b.tryNumber;

/**
 * Drives the pure scheduler like the coordinator does, with a fake clock that advances 1 ms per step. Every step is
 * recorded (state before and after, commands) and every command is collected in order. A stop_task command takes
 * the try away from the scripted workers: a stopped try never reports.
 */
export class Harness {
  state: SchedulerState;
  now: number;
  /** When the scheduler last asked to be woken (the `wakeAt` of the last step). */
  wakeAt: number | null = null;
  readonly steps: RecordedStep[] = [];
  readonly commands: SchedulerCommand[] = [];
  /** start_task commands issued but not yet handed to a scripted worker. */
  readonly pending: StartTaskCommand[] = [];
  /** Tries that started and will never report (scripted 'hang'), until stopped. */
  readonly hanging: StartTaskCommand[] = [];
  /** Every stop_task command, in order. */
  readonly stopped: StopTaskCommand[] = [];

  constructor(dags: readonly DagDefinition[], config: SchedulerConfig | number = 8, startNow = 1_000_000) {
    this.state = createSchedulerState(dags, config);
    this.now = startNow;
  }

  send(event: SchedulerEvent): RecordedStep {
    const before = this.state;
    const now = this.now;
    const result = step(before, event, now);
    this.now += 1;
    this.state = result.state;
    this.wakeAt = result.wakeAt;
    const recorded: RecordedStep = { event, now, before, after: result.state, commands: result.commands, wakeAt: result.wakeAt };
    this.steps.push(recorded);
    this.commands.push(...result.commands);
    for (const command of result.commands) {
      if (command.type === 'start_task') this.pending.push(command);
      if (command.type === 'stop_task') this.stop(command);
    }
    return recorded;
  }

  /** The worker of a stopped try goes away: it will neither start nor report. */
  private stop(command: StopTaskCommand): void {
    this.stopped.push(command);
    for (const list of [this.pending, this.hanging]) {
      const index = list.findIndex((c) => sameTry(c, command));
      if (index >= 0) list.splice(index, 1);
    }
  }

  /** Triggers a DAG by hand and returns the id of the run it created. */
  trigger(dag: DagId, params?: Record<string, JsonValue>): RunId {
    const recorded = this.send(params === undefined ? { type: 'trigger_dag', dagId: dag } : { type: 'trigger_dag', dagId: dag, params });
    const created = recorded.commands.find((c): c is RunCreatedCommand => c.type === 'run_created' && c.dagId === dag);
    if (!created) throw new Error(`trigger of ${dag} created no run`);
    return created.runId;
  }

  tick(): RecordedStep {
    return this.send({ type: 'tick' });
  }

  /** Moves the clock forward by `ms` (without a step). */
  advance(ms: number): void {
    this.now += ms;
  }

  /** Moves the clock to the scheduler's `wakeAt` (if later than now) and dispatches a tick; null if it wants none. */
  wake(): RecordedStep | null {
    if (this.wakeAt === null) return null;
    this.now = Math.max(this.now, this.wakeAt);
    return this.tick();
  }

  setPaused(dag: DagId, paused: boolean): RecordedStep {
    return this.send({ type: 'set_paused', dagId: dag, paused });
  }

  clear(run: RunId, taskId: TaskId, downstream = false): RecordedStep {
    return this.send({ type: 'clear_task', runId: run, taskId, downstream });
  }

  mark(run: RunId, taskId: TaskId, state: 'success' | 'failed'): RecordedStep {
    return this.send({ type: 'mark_task', runId: run, taskId, state });
  }

  /** Takes the pending start_task command for a task (of any run, or of `run` when given). */
  take(taskId: TaskId, run?: RunId): StartTaskCommand {
    const index = this.pending.findIndex((c) => c.taskId === taskId && (run === undefined || c.runId === run));
    if (index < 0) throw new Error(`no pending start_task for ${taskId}`);
    return this.pending.splice(index, 1)[0]!;
  }

  started(command: StartTaskCommand): RecordedStep {
    return this.send({ type: 'task_started', runId: command.runId, taskId: command.taskId, tryNumber: command.tryNumber });
  }

  succeeded(command: StartTaskCommand, outputs: readonly DatasetOutput[] = [], returnValue?: JsonValue): RecordedStep {
    return this.send({
      type: 'task_succeeded',
      runId: command.runId,
      taskId: command.taskId,
      tryNumber: command.tryNumber,
      outputs,
      ...(returnValue === undefined ? {} : { returnValue }),
    });
  }

  failed(command: StartTaskCommand, message = `${command.taskId} broke`, name = 'Error'): RecordedStep {
    const error: ErrorInfo = { name, message };
    return this.send({ type: 'task_failed', runId: command.runId, taskId: command.taskId, tryNumber: command.tryNumber, error });
  }

  /** Starts one start_task command and finishes it as scripted (or leaves it hanging). */
  execute(command: StartTaskCommand, outcome: Outcome): void {
    this.started(command);
    if (outcome === 'hang') {
      // The worker now runs forever, until a stop_task takes it away.
      if (!this.stopped.some((s) => sameTry(s, command))) this.hanging.push(command);
    } else if (outcome === 'succeed') this.succeeded(command);
    else if (outcome === 'fail') this.failed(command);
    else if ('fail' in outcome) this.failed(command, outcome.fail, outcome.name);
    else this.succeeded(command, outcome.outputs ?? [], outcome.returnValue);
  }

  /**
   * Runs every start_task command (including the ones issued meanwhile), first issued first; when none is left
   * and the scheduler wants a wake-up (a retry due, a timeout), moves the clock there and ticks. Stops when nothing
   * is pending and no wake-up is asked for. Tasks not named in the script succeed without outputs.
   */
  runAll(script: OutcomeScript = {}, { maxSteps = 10_000, ticks = true }: { maxSteps?: number; ticks?: boolean } = {}): void {
    for (let guard = 0; ; guard++) {
      if (guard > maxSteps) throw new Error('runAll did not settle');
      if (this.pending.length > 0) {
        const command = this.pending.shift()!;
        this.execute(command, outcomeFor(script, command));
      } else if (ticks && this.wakeAt !== null) {
        this.wake();
      } else {
        return;
      }
    }
  }

  commandsOf<T extends SchedulerCommand['type']>(type: T): Extract<SchedulerCommand, { type: T }>[] {
    return this.commands.filter((c): c is Extract<SchedulerCommand, { type: T }> => c.type === type);
  }

  runsOf(dag: DagId): DagRun[] {
    return Object.values(this.state.runs)
      .filter((r) => r.dagId === dag)
      .sort((a, b) => a.seq - b.seq);
  }

  run(id: RunId): DagRun {
    return getRun(this.state, id);
  }

  ti(run: RunId, taskId: TaskId | string): TaskInstance {
    return getTask(this.state, run, taskId);
  }

  states(run: RunId): Record<string, TaskState> {
    return statesOf(this.state, run);
  }
}
