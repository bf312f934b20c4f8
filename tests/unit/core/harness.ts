import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { datasetVersionId, type DagId, type DatasetId, type RunId, type TaskId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DagRun, DatasetOutput, TaskInstance } from '../../../src/core/model';
import { step, type SchedulerCommand, type SchedulerEvent } from '../../../src/core/scheduler';
import { createSchedulerState, type SchedulerState } from '../../../src/core/schedulerState';

export type StartTaskCommand = Extract<SchedulerCommand, { type: 'start_task' }>;
export type RecordDatasetEventCommand = Extract<SchedulerCommand, { type: 'record_dataset_event' }>;
export type RunCreatedCommand = Extract<SchedulerCommand, { type: 'run_created' }>;
export type RunFinishedCommand = Extract<SchedulerCommand, { type: 'run_finished' }>;

/** What a scripted worker does with a start_task command. */
export type Outcome =
  | 'succeed'
  | 'fail'
  | { readonly outputs: readonly DatasetOutput[]; readonly returnValue?: JsonValue };

export type OutcomeScript = Readonly<Record<string, Outcome>> | ((command: StartTaskCommand) => Outcome);

export interface RecordedStep {
  readonly event: SchedulerEvent;
  readonly now: number;
  readonly before: SchedulerState;
  readonly after: SchedulerState;
  readonly commands: readonly SchedulerCommand[];
}

/** Shorthand for a task definition. */
export function task(id: TaskId, upstream: readonly TaskId[] = [], outlets?: readonly DatasetId[]): TaskDefinition {
  return outlets === undefined ? { id, upstream } : { id, upstream, outlets };
}

export function manualDag(id: DagId, tasks: readonly TaskDefinition[]): DagDefinition {
  return { id, schedule: { type: 'manual' }, tasks };
}

export function datasetDag(id: DagId, datasets: readonly DatasetId[], tasks: readonly TaskDefinition[]): DagDefinition {
  return { id, schedule: { type: 'datasets', datasets }, tasks };
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

export function getTask(state: SchedulerState, id: RunId, task: TaskId): TaskInstance {
  const ti = getRun(state, id).tasks[task];
  if (!ti) throw new Error(`no task ${task} in run ${id}`);
  return ti;
}

/** Tries queued or running across all runs: what parallelism limits. */
export function busyCount(state: SchedulerState): number {
  let busy = 0;
  for (const run of Object.values(state.runs)) {
    for (const ti of Object.values(run.tasks)) if (ti.state === 'queued' || ti.state === 'running') busy++;
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

/**
 * Drives the pure scheduler like the coordinator does, with a fake clock that advances 1 ms per step. Every step is
 * recorded (state before and after, commands) and every command is collected in order.
 */
export class Harness {
  state: SchedulerState;
  now: number;
  readonly steps: RecordedStep[] = [];
  readonly commands: SchedulerCommand[] = [];
  /** start_task commands issued but not yet handed to a scripted worker. */
  readonly pending: StartTaskCommand[] = [];

  constructor(dags: readonly DagDefinition[], parallelism = 8, startNow = 1_000_000) {
    this.state = createSchedulerState(dags, parallelism);
    this.now = startNow;
  }

  send(event: SchedulerEvent): RecordedStep {
    const before = this.state;
    const now = this.now;
    const result = step(before, event, now);
    this.now += 1;
    this.state = result.state;
    const recorded: RecordedStep = { event, now, before, after: result.state, commands: result.commands };
    this.steps.push(recorded);
    this.commands.push(...result.commands);
    for (const command of result.commands) if (command.type === 'start_task') this.pending.push(command);
    return recorded;
  }

  /** Triggers a DAG by hand and returns the id of the run it created. */
  trigger(dag: DagId, params?: Record<string, JsonValue>): RunId {
    const recorded = this.send(params === undefined ? { type: 'trigger_dag', dagId: dag } : { type: 'trigger_dag', dagId: dag, params });
    const created = recorded.commands.find((c): c is RunCreatedCommand => c.type === 'run_created' && c.dagId === dag);
    if (!created) throw new Error(`trigger of ${dag} created no run`);
    return created.runId;
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

  failed(command: StartTaskCommand, message = `${command.taskId} broke`): RecordedStep {
    return this.send({
      type: 'task_failed',
      runId: command.runId,
      taskId: command.taskId,
      tryNumber: command.tryNumber,
      error: { name: 'Error', message },
    });
  }

  /** Starts and finishes one start_task command as scripted. */
  execute(command: StartTaskCommand, outcome: Outcome): void {
    this.started(command);
    if (outcome === 'succeed') this.succeeded(command);
    else if (outcome === 'fail') this.failed(command);
    else this.succeeded(command, outcome.outputs, outcome.returnValue);
  }

  /**
   * Runs every start_task command (including the ones issued meanwhile), first issued first, until none is left.
   * Tasks not named in the script succeed without outputs.
   */
  runAll(script: OutcomeScript = {}): void {
    const outcomeOf = (command: StartTaskCommand): Outcome =>
      typeof script === 'function' ? script(command) : (script[command.taskId] ?? 'succeed');
    for (let guard = 0; this.pending.length > 0; guard++) {
      if (guard > 10_000) throw new Error('runAll did not settle');
      const command = this.pending.shift()!;
      this.execute(command, outcomeOf(command));
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
}
