import type { DagDefinition } from '../core/dag';
import type { DagId, RunId, TaskId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { LogLevel, LogLine } from '../core/logLine';
import type { DagRun, DatasetEvent } from '../core/model';
import { step, type SchedulerCommand, type SchedulerEvent } from '../core/scheduler';
import { checkpointOf, restoreSchedulerState, type SchedulerState } from '../core/schedulerState';
import { assertNever } from '../core/states';
import type { Clock } from './clock';
import type { RuntimeSettings } from './protocol';
import type { Database } from './storage/database';
import { appendLogs } from './storage/logs';
import { loadSchedulerData, saveSchedulerChanges } from './storage/runs';
import type { TaskExecutor } from './workerPool';

/** What the coordinator tells the UI (the zustand stores subscribe). */
export type CoordinatorNotice =
  | { readonly type: 'state'; readonly state: SchedulerState }
  | { readonly type: 'logs'; readonly lines: readonly LogLine[] }
  | { readonly type: 'dataset_event'; readonly event: DatasetEvent; readonly triggeredRuns: readonly DagRun[] }
  | { readonly type: 'run_finished'; readonly run: DagRun }
  | { readonly type: 'storage_error'; readonly message: string };

export interface CoordinatorOptions {
  readonly dags: readonly DagDefinition[];
  readonly db: Database;
  readonly dbName: string;
  readonly executor: TaskExecutor;
  readonly clock: Clock;
  readonly settings: RuntimeSettings;
}

/**
 * The edge between the pure scheduler and the world: it feeds events to `step`, carries out the commands (start a
 * try on the worker pool, record a dataset event), writes what changed to IndexedDB and tells subscribers.
 * Steps run synchronously one after another; only IO is asynchronous, and writes are chained to keep their order.
 */
export class Coordinator {
  private state: SchedulerState;
  private readonly listeners = new Set<(notice: CoordinatorNotice) => void>();
  private writes: Promise<void> = Promise.resolve();
  private logSeq = 0;
  private pendingLogs: LogLine[] = [];
  private logFlushScheduled = false;

  private constructor(
    private readonly options: CoordinatorOptions,
    restored: SchedulerState,
  ) {
    this.state = restored;
  }

  /** Loads what storage kept and fails the tries that were running when the page went away. */
  static async start(options: CoordinatorOptions): Promise<Coordinator> {
    const stored = await loadSchedulerData(options.db);
    const state = restoreSchedulerState(options.dags, options.executor.size, stored.runs, stored.checkpoint);
    const coordinator = new Coordinator(options, state);
    for (const id of state.activeRunIds) {
      for (const ti of Object.values(state.runs[id]!.tasks)) {
        if (ti.state === 'queued' || ti.state === 'running') {
          coordinator.dispatch({
            type: 'task_failed',
            runId: id,
            taskId: ti.taskId,
            tryNumber: ti.tryNumber,
            error: { name: 'TaskLost', message: 'The page was closed or reloaded while this try was in flight.' },
          });
        }
      }
    }
    return coordinator;
  }

  get snapshot(): SchedulerState {
    return this.state;
  }

  subscribe(listener: (notice: CoordinatorNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  trigger(dagId: DagId, params: Readonly<Record<string, JsonValue>> = {}): RunId {
    const before = new Set(Object.keys(this.state.runs));
    this.dispatch({ type: 'trigger_dag', dagId, params });
    const created = Object.values(this.state.runs).find((r) => !before.has(r.id) && r.dagId === dagId);
    return created!.id;
  }

  /** Resolves once every write issued so far reached IndexedDB (tests and shutdown use it). */
  async flush(): Promise<void> {
    this.flushLogs();
    await this.writes;
  }

  dispatch(event: SchedulerEvent): void {
    const previous = this.state;
    const { state, commands } = step(previous, event, this.options.clock.now());
    this.state = state;
    const changedRuns = Object.values(state.runs).filter((run) => previous.runs[run.id] !== run);
    const newEvents: DatasetEvent[] = [];
    for (const command of commands) if (command.type === 'record_dataset_event') newEvents.push(command.event);
    if (changedRuns.length > 0 || newEvents.length > 0) this.persist(changedRuns, newEvents);
    this.notify({ type: 'state', state });
    for (const command of commands) this.execute(command, commands);
  }

  private execute(command: SchedulerCommand, all: readonly SchedulerCommand[]): void {
    switch (command.type) {
      case 'start_task':
        this.startTask(command);
        break;
      case 'record_dataset_event': {
        const triggeredRuns = all
          .filter((c) => c.type === 'run_created' && c.runType === 'dataset_triggered')
          .map((c) => this.state.runs[(c as { runId: RunId }).runId]!)
          .filter((run) => run.triggeringEvents.some((e) => e.id === command.event.id));
        this.notify({ type: 'dataset_event', event: command.event, triggeredRuns });
        break;
      }
      case 'run_created':
        break;
      case 'run_finished':
        this.notify({ type: 'run_finished', run: this.state.runs[command.runId]! });
        break;
      default:
        assertNever(command, 'scheduler command');
    }
  }

  private startTask(command: Extract<SchedulerCommand, { type: 'start_task' }>): void {
    const { runId, taskId, tryNumber, dagId } = command;
    const run = this.state.runs[runId]!;
    const dag = this.state.dags[dagId]!;
    const upstreamResults: Record<string, JsonValue> = {};
    for (const up of dag.tasks.find((t) => t.id === taskId)!.upstream) {
      const value = run.tasks[up]?.returnValue;
      if (value !== undefined) upstreamResults[up] = value;
    }
    this.options.executor
      .run(
        {
          dagId,
          runId,
          taskId,
          tryNumber,
          params: command.params,
          triggeringEvents: command.triggeringEvents,
          upstreamResults,
          dbName: this.options.dbName,
          settings: this.options.settings,
        },
        {
          onStarted: () => this.dispatch({ type: 'task_started', runId, taskId, tryNumber }),
          onLog: (level, message) => this.log(runId, taskId, tryNumber, level, message),
        },
      )
      .then((result) => {
        this.flushLogs();
        switch (result.type) {
          case 'success':
            this.dispatch({
              type: 'task_succeeded',
              runId,
              taskId,
              tryNumber,
              outputs: result.outputs,
              ...(result.returnValue === undefined ? {} : { returnValue: result.returnValue }),
            });
            break;
          case 'failed':
            this.dispatch({ type: 'task_failed', runId, taskId, tryNumber, error: result.error });
            break;
          default:
            assertNever(result, 'task result');
        }
      });
  }

  private log(runId: RunId, taskId: TaskId, tryNumber: number, level: LogLevel, message: string): void {
    const line: LogLine = { runId, taskId, tryNumber, seq: this.logSeq++, timestamp: this.options.clock.now(), level, message };
    this.pendingLogs.push(line);
    // Lines arrive in bursts; hand them on once per task turn instead of once per line.
    if (!this.logFlushScheduled) {
      this.logFlushScheduled = true;
      queueMicrotask(() => this.flushLogs());
    }
  }

  private flushLogs(): void {
    this.logFlushScheduled = false;
    if (this.pendingLogs.length === 0) return;
    const lines = this.pendingLogs;
    this.pendingLogs = [];
    this.enqueueWrite(() => appendLogs(this.options.db, lines));
    this.notify({ type: 'logs', lines });
  }

  private persist(runs: readonly DagRun[], events: readonly DatasetEvent[]): void {
    const checkpoint = checkpointOf(this.state);
    this.enqueueWrite(() => saveSchedulerChanges(this.options.db, runs, events, checkpoint));
  }

  private enqueueWrite(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      this.notify({ type: 'storage_error', message: error instanceof Error ? error.message : String(error) });
    });
  }

  private notify(notice: CoordinatorNotice): void {
    for (const listener of this.listeners) listener(notice);
  }
}
