import { authoredCodeFor } from '../authoring/authoredCode';
import type { DagDefinition } from '../core/dag';
import type { DagId, DatasetId, RunId, TaskId } from '../core/ids';
import type { JsonValue } from '../core/json';
import { logKey, type LogLevel, type LogLine } from '../core/logLine';
import { indexDag } from '../core/dagIndex';
import { inLaunchOrder } from './launchOrder';
import { findTask, type DagRun, type DatasetEvent } from '../core/model';
import { fillTemplate, type Notification } from '../core/notification';
import { own, ownRecord } from '../core/ownKeys';
import { nearestAncestors } from './workers/ancestors';
import { validateParams } from '../core/params';
import { runWarnings, successWithWarnings } from '../core/runWarnings';
import { step, type SchedulerCommand, type SchedulerEvent } from '../core/scheduler';
import {
  checkpointOf,
  createSchedulerState,
  restoreSchedulerState,
  type SchedulerConfig,
  type SchedulerState,
} from '../core/schedulerState';
import { assertNever, holdsSlot } from '../core/states';
import type { TrainingProgress } from '../core/training';
import { withParallelism } from '../core/parallelism';
import { OPERATOR_NAMES } from '../pipelines/operatorNames';
import type { Clock } from './clock';
import { ClockJumps } from './clockJumps';
import { tryKey, type RuntimeSettings, type TaskResult, type TaskStorageMode } from './workers/protocol';
import { describeDelay, dispatchDelayMs, type SchedulingLatency, type StartKind } from './speed';
import type { Database } from './storage/database';
import { latestVersionOf } from './storage/datasets';
import { appendLogs, loggedSoFar } from './storage/logs';
import { loadSchedulerData } from './storage/runs';
import { reorderedRuns, SchedulerWrites } from './schedulerWrites';
import type { TryRef, TrySetup } from './settings/trySettings';
import type { TaskExecutor } from './workers/workerPool';
import { quoted } from '../core/displayText';
import { PacedFlush } from './pacedFlush';

/** What the coordinator tells the UI (the zustand store subscribes). */
export type CoordinatorNotice =
  | { readonly type: 'state'; readonly state: SchedulerState }
  | { readonly type: 'logs'; readonly lines: readonly LogLine[] }
  | { readonly type: 'dataset_event'; readonly event: DatasetEvent; readonly triggeredRuns: readonly DagRun[] }
  | { readonly type: 'run_finished'; readonly run: DagRun }
  | { readonly type: 'notification'; readonly notification: Notification }
  | { readonly type: 'storage_error'; readonly message: string }
  /** A training try's newest progress report (every epoch): the whole history so far, keyed by its try. */
  | { readonly type: 'training_progress'; readonly tryKey: string; readonly progress: TrainingProgress };

export interface CoordinatorOptions {
  readonly dags: readonly DagDefinition[];
  readonly db: Database;
  readonly dbName: string;
  /** The database was created by this page load (startPlayground's storage probe): nothing is read back. */
  readonly nothingStored?: boolean;
  /** Where tries read and write: their worker's own IndexedDB (default) or the main thread's in-memory database. */
  readonly taskStorage?: TaskStorageMode;
  readonly executor: TaskExecutor;
  readonly clock: Clock;
  readonly settings: RuntimeSettings;
  /**
   * Settings per try, asked when the try goes to a worker (the Settings page may change them between tries); with
   * a line for the try's log. `settings` serves every try when absent.
   */
  readonly trySettings?: (ref: TryRef) => TrySetup;
  /** Airflow-like latencies (speed.ts), read at each start; none when absent. */
  readonly latency?: () => SchedulingLatency;
  /** Named pools besides `default_pool`. */
  readonly pools?: SchedulerConfig['pools'];
}

const schedulerConfig = (options: CoordinatorOptions): SchedulerConfig => ({
  parallelism: options.executor.size,
  operators: OPERATOR_NAMES,
  ...(options.pools ? { pools: options.pools } : {}),
});

/** Log lines are written (and shown) at most this often, together: a few frames' worth is still live to a reader. */
const LOG_FLUSH_INTERVAL_MS = 50;

/** How often the coordinator reads the clock while runs are active, to notice a clock that was set. */
const CLOCK_WATCH_MS = 1_000;

export type TriggerResult = { readonly ok: true; readonly runId: RunId } | { readonly ok: false; readonly errors: readonly string[] };

/** A trigger whose params were accepted: `createRun` creates its run (or refuses, when the playground closed since). */
export type TriggerAcceptance = { readonly ok: true; createRun(): TriggerResult } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The edge between the pure scheduler and the world: it feeds events to `step`, carries out the commands (start or
 * stop a try on the worker pool, record a dataset event, notify), writes what changed to IndexedDB and wakes the
 * scheduler when a retry or a timeout falls due. Steps run synchronously one after another; IO is asynchronous, and
 * writes are batched, paced and chained to keep their order (schedulerWrites.ts).
 */
export class Coordinator {
  private state: SchedulerState;
  private readonly listeners = new Set<(notice: CoordinatorNotice) => void>();
  private readonly writes: SchedulerWrites;
  private logSeq = 0;
  private notificationSeq = 0;
  private pendingLogs: LogLine[] = [];
  /**
   * Log lines arrive one per worker message, each in a task of its own: written as they came, the demo's 54 lines were
   * 55 IndexedDB transactions and as many log notices (each a render of the page), about 30 ms of the main thread's
   * put and transaction calls alone. Paced, the lines of LOG_FLUSH_INTERVAL_MS go in one transaction; they still go
   * before any scheduler write that follows them (beforeWrite): a try's last lines before the write recording its end.
   */
  private readonly logFlush: PacedFlush;
  /** Models each try reported storing, by tryKey, until the step that records its success (or ignores it). */
  private readonly reportedModels = new Map<string, readonly string[]>();
  private cancelWake: (() => void) | null = null;
  private wakeAt: number | null = null;
  /** The once-a-second clock reading while runs are active (watchClock). */
  private cancelWatch: (() => void) | null = null;
  private readonly clockJumps: ClockJumps;
  /** Tries held in the queue by the speed setting, by tryKey: each entry stops its hold. */
  private readonly held = new Map<string, (reason: string) => void>();
  /** Set by `close`: no more steps, timers or writes. */
  private closed = false;

  private constructor(
    private readonly options: CoordinatorOptions,
    restored: SchedulerState,
  ) {
    this.state = restored;
    this.clockJumps = new ClockJumps(options.clock);
    // On the injected clock's monotonic time (a test's fake clock paces it too; a clock set meanwhile does not).
    this.logFlush = new PacedFlush(() => this.flushLogs(), LOG_FLUSH_INTERVAL_MS, {
      now: () => options.clock.monotonic(),
      wait: (ms, then) => options.clock.at(options.clock.now() + ms, then),
    });
    // The views are told of a state only once storage holds it (schedulerWrites.ts).
    this.writes = new SchedulerWrites({
      db: options.db,
      current: () => this.state,
      beforeWrite: () => this.logFlush.now(),
      stored: (state) => this.notify({ type: 'state', state }),
      failed: (message) => this.notify({ type: 'storage_error', message }),
    });
  }

  /**
   * Loads what storage kept and takes up the tries that were in flight when the page went away: each is recorded as
   * lost (in its own log too) and its task runs again without using a retry, as Airflow adopts orphaned tasks.
   */
  static async start(options: CoordinatorOptions): Promise<Coordinator> {
    // What tries staged without committing it — versions without an event, models without a recorded success, and
    // everything of the tries lost below — is junk: no try is running now. A database created by this page load (a
    // first visit) holds nothing to collect or load.
    // Loaded only then: a first visit's entry chunk does not carry the clean-up code (issue 16, main_js_gzip_kb).
    if (!options.nothingStored) {
      const { collectStagedVersions } = await import('./storage/maintenance');
      await collectStagedVersions(options.db, { noTryInFlight: true });
    }
    const stored = options.nothingStored ? { runs: [], checkpoint: undefined } : await loadSchedulerData(options.db);
    // Retries wait at most their delay from now, whatever the clock of the page that scheduled them said.
    const state = restoreSchedulerState(options.dags, schedulerConfig(options), stored.runs, stored.checkpoint, options.clock.now());
    const coordinator = new Coordinator(options, state);
    coordinator.writes.rewriteRuns(reorderedRuns(stored.runs, state));
    const lost = state.activeRunIds.flatMap((runId) =>
      state.runs[runId]!.tasks.filter((ti) => holdsSlot(ti.state)).map((ti) => ({ runId, taskId: ti.taskId, tryNumber: ti.tryNumber })),
    );
    // A lost try's log gets one more line: numbered after the lines its page wrote, which are stored under the same key.
    // Its last stored line is when it was last heard of: the lost try ends there, not when this page opened.
    const logged = await loggedSoFar(options.db, lost);
    coordinator.logSeq = logged.nextSeq;
    for (const ref of lost) {
      const lastSeenAt = logged.lastLineAt.get(logKey(ref.runId, ref.taskId, ref.tryNumber));
      coordinator.dispatch({ type: 'task_lost', ...ref, ...(lastSeenAt === undefined ? {} : { lastSeenAt }) });
      const attempt = findTask(coordinator.state.runs[ref.runId]!, ref.taskId)?.tries.find((t) => t.tryNumber === ref.tryNumber);
      if (attempt?.error) coordinator.log(ref.runId, ref.taskId, ref.tryNumber, 'warning', attempt.error.message);
    }
    coordinator.dispatch({ type: 'tick' });
    return coordinator;
  }

  get snapshot(): SchedulerState {
    return this.state;
  }

  /** The database this coordinator writes to (the Storage panel reads and prunes it). */
  get database(): Database {
    return this.options.db;
  }

  subscribe(listener: (notice: CoordinatorNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Triggers a DAG by hand; params are checked against the DAG's declarations first. */
  trigger(dagId: DagId, params: Readonly<Record<string, JsonValue>> = {}): TriggerResult {
    const accepted = this.acceptTrigger(dagId, params);
    return accepted.ok ? accepted.createRun() : accepted;
  }

  /**
   * Checks a trigger (the DAG exists, its params fit their declarations) without creating anything: a refusal says
   * why; an acceptance creates the run when asked, so a caller can answer the person first and create it a task later.
   */
  acceptTrigger(dagId: DagId, params: Readonly<Record<string, JsonValue>>): TriggerAcceptance {
    if (this.closed) return { ok: false, errors: ['The playground is shutting down (reset all data).'] };
    const dag = own(this.state.dags, dagId);
    if (!dag) return { ok: false, errors: [`Unknown DAG ${quoted(dagId)}.`] };
    const checked = validateParams(dag.params, params);
    if (!checked.ok) return { ok: false, errors: checked.errors };
    return {
      ok: true,
      createRun: () => {
        if (this.closed) return { ok: false, errors: ['The playground is shutting down (reset all data).'] };
        const commands = this.dispatch({ type: 'trigger_dag', dagId, params: checked.values });
        const created = commands.find((c) => c.type === 'run_created');
        return { ok: true, runId: (created as Extract<SchedulerCommand, { type: 'run_created' }>).runId };
      },
    };
  }

  setPaused(dagId: DagId, paused: boolean): void {
    this.dispatch({ type: 'set_paused', dagId, paused });
  }

  clearTask(runId: RunId, taskId: TaskId, downstream: boolean): void {
    this.dispatch({ type: 'clear_task', runId, taskId, downstream });
  }

  markTask(runId: RunId, taskId: TaskId, state: 'success' | 'failed'): void {
    this.dispatch({ type: 'mark_task', runId, taskId, state });
  }

  /** Airflow's Mark run failed (stops the run: tries in flight are stopped) or Mark run success. */
  markRun(runId: RunId, state: 'success' | 'failed'): void {
    this.dispatch({ type: 'mark_run', runId, state });
  }

  /**
   * The worker pool was resized: the scheduler hands out that many slots from now on. Tries in flight keep theirs
   * (shrinking stops nothing); growing starts waiting tries at once.
   */
  setParallelism(parallelism: number): void {
    const resized = withParallelism(this.state, parallelism);
    if (resized === this.state) return;
    this.state = resized;
    this.stateChanged();
    this.dispatch({ type: 'tick' });
  }

  /** Airflow's "Create dataset event": points at the newest stored version, so consumers have data to read. */
  async createDatasetEvent(datasetId: DatasetId, extra: Readonly<Record<string, JsonValue>> = {}): Promise<void> {
    const latest = await latestVersionOf(this.options.db, datasetId);
    this.dispatch({
      type: 'create_dataset_event',
      datasetId,
      versionId: latest?.id ?? null,
      extra: { ...extra, manual: true, ...(latest ? { rowCount: latest.rowCount, schemaHash: latest.schemaHash, contentHash: latest.contentHash } : {}) },
    });
  }

  /** Throws what the scheduler would refuse in this DAG list (invalid DAGs, unknown pools); changes nothing. */
  checkDags(dags: readonly DagDefinition[]): void {
    createSchedulerState(dags, this.liveConfig());
  }

  /** The scheduler's parallelism and pools as they are now (Settings may have resized the worker pool since start). */
  private liveConfig(): SchedulerConfig {
    return { parallelism: this.state.parallelism, pools: this.state.pools, operators: OPERATOR_NAMES };
  }

  /**
   * Schedules a new DAG list (DAGs imported, replaced or reset to the built-in ones) without a reload. Runs keep their
   * history: those of a replaced DAG are realigned with its new tasks (a task it no longer has becomes `removed`, and
   * its try in flight is stopped), other tries in flight go on; the active runs of a DAG that leaves the list are
   * stopped as by *Mark run failed*, and all its runs stay in storage and come back with it.
   */
  async replaceDags(dags: readonly DagDefinition[]): Promise<void> {
    this.checkDags(dags);
    const kept = new Set<string>(dags.map((dag) => dag.id));
    for (const id of [...this.state.activeRunIds]) {
      if (!kept.has(this.state.runs[id]!.dagId)) this.dispatch({ type: 'mark_run', runId: id, state: 'failed' });
    }
    for (;;) {
      await this.flush();
      const stored = await loadSchedulerData(this.options.db);
      // A step that landed meanwhile is written first, under the definitions it ran with.
      if (this.writes.pending) continue;
      // From here on synchronous: the live state is the newest, storage adds the runs of DAGs not in it.
      const live = this.state;
      const runs = [...stored.runs.filter((run) => !live.runs[run.id]), ...Object.values(live.runs)];
      const next = restoreSchedulerState(dags, this.liveConfig(), runs, checkpointOf(live));
      this.writes.rewriteRuns(reorderedRuns(runs, next));
      for (const id of live.activeRunIds) {
        for (const ti of live.runs[id]!.tasks) {
          if (!holdsSlot(ti.state)) continue;
          const after = next.runs[id]?.tasks.find((t) => t.taskId === ti.taskId);
          if (!after || after.state === 'removed') {
            this.options.executor.stop({ runId: id, taskId: ti.taskId, tryNumber: ti.tryNumber }, 'Its task was removed from the DAG.');
          }
        }
      }
      this.state = next;
      this.stateChanged();
      this.dispatch({ type: 'tick' });
      return;
    }
  }

  /** Resolves once every write issued so far reached IndexedDB (tests and shutdown use it). */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /**
   * Stops scheduling for good (reset all data, before the database is deleted): the wake-up timer and held tries are
   * cancelled and later events change nothing. Writes already issued still land (`flush` waits for them).
   */
  close(): void {
    this.closed = true;
    this.cancelWake?.();
    this.cancelWake = null;
    this.cancelWatch?.();
    this.cancelWatch = null;
    this.logFlush.now();
    this.writes.stop();
    for (const stop of [...this.held.values()]) stop('the playground is closing');
  }

  dispatch(event: SchedulerEvent): readonly SchedulerCommand[] {
    if (this.closed) return [];
    const { now, jumped } = this.clockJumps.read();
    // A clock set since the last step: what is going on moves with it first, so waits keep their length.
    if (jumped !== 0) this.apply({ type: 'clock_jumped', by: jumped }, now);
    return this.apply(event, now);
  }

  private apply(event: SchedulerEvent, now: number): readonly SchedulerCommand[] {
    const previous = this.state;
    const result = step(previous, event, now);
    this.state = result.state;
    this.writes.recordStep(previous, result);
    this.scheduleWake(result.wakeAt);
    if (result.state !== previous) this.stateChanged();
    for (const command of inLaunchOrder(result.commands, this.state.dags)) this.execute(command, result.commands);
    this.watchClock();
    return result.commands;
  }

  /**
   * While runs are going on, the clock is read once a second: a clock set meanwhile is noticed then (and the times
   * the UI shows move with it), not only at the next step, which may be a retry minutes away.
   */
  private watchClock(): void {
    if (this.cancelWatch || this.closed || this.state.activeRunIds.length === 0) return;
    this.cancelWatch = this.options.clock.at(this.options.clock.now() + CLOCK_WATCH_MS, () => {
      this.cancelWatch = null;
      if (this.closed) return;
      const { now, jumped } = this.clockJumps.read();
      if (jumped !== 0) this.apply({ type: 'clock_jumped', by: jumped }, now);
      this.watchClock();
    });
  }

  private scheduleWake(at: number | null): void {
    if (at === this.wakeAt) return;
    this.cancelWake?.();
    this.cancelWake = null;
    this.wakeAt = at;
    if (at !== null) {
      this.cancelWake = this.options.clock.at(at, () => {
        this.cancelWake = null;
        this.wakeAt = null;
        this.dispatch({ type: 'tick' });
      });
    }
  }

  private execute(command: SchedulerCommand, all: readonly SchedulerCommand[]): void {
    switch (command.type) {
      case 'start_task': {
        const opensDatasetRun = all.some((c) => c.type === 'run_created' && c.runId === command.runId && c.runType === 'dataset_triggered');
        this.startTask(command, opensDatasetRun ? 'dataset_trigger' : 'task');
        break;
      }
      case 'stop_task': {
        const hold = this.held.get(tryKey(command));
        if (hold) hold(command.reason);
        else this.options.executor.stop(command, command.reason);
        break;
      }
      case 'record_dataset_event': {
        const triggeredRuns = all
          .filter((c): c is Extract<SchedulerCommand, { type: 'run_created' }> => c.type === 'run_created' && c.runType === 'dataset_triggered')
          .map((c) => this.state.runs[c.runId]!)
          .filter((run) => run.triggeringEvents.some((e) => e.id === command.event.id));
        this.notify({ type: 'dataset_event', event: command.event, triggeredRuns });
        for (const run of triggeredRuns) {
          this.notifyPerson('info', 'system', `${run.dagId} triggered`, `Asset ${command.event.datasetId} was updated: ${run.dagId} starts.`, run.dagId, run.id);
        }
        break;
      }
      case 'try_succeeded': {
        const models = this.reportedModels.get(tryKey(command));
        if (models) this.writes.commitModels(models);
        break;
      }
      case 'run_created':
        break;
      case 'run_finished':
        this.notify({ type: 'run_finished', run: this.state.runs[command.runId]! });
        break;
      case 'callback': {
        const values = { dag: command.dagId, task: command.taskId, run: command.runId, try: command.tryNumber, error: command.error?.message };
        const what = command.taskId ? `${command.dagId}.${command.taskId}` : command.dagId;
        const text = command.spec.message ? fillTemplate(command.spec.message, values) : `${command.kind} of ${what}${command.error ? `: ${command.error.message}` : ''}`;
        // A run that succeeded with warnings from its tasks (core/runWarnings.ts) is not announced as plain success.
        const run = command.scope === 'dag' && command.kind === 'on_success' ? this.state.runs[command.runId] : undefined;
        const { level, message } = successWithWarnings(command.spec, text, run ? runWarnings(run) : []);
        this.notifyPerson(level, 'callback', `${what} · ${command.kind}`, message, command.dagId, command.runId, command.taskId);
        break;
      }
      default:
        assertNever(command, 'scheduler command');
    }
  }

  private notifyPerson(
    level: Notification['level'],
    source: Notification['source'],
    title: string,
    message: string,
    dagId?: DagId,
    runId?: RunId,
    taskId?: TaskId,
  ): void {
    const notification: Notification = {
      id: ++this.notificationSeq,
      timestamp: this.options.clock.now(),
      level,
      title,
      message,
      source,
      ...(dagId ? { dagId } : {}),
      ...(runId ? { runId } : {}),
      ...(taskId ? { taskId } : {}),
    };
    this.notify({ type: 'notification', notification });
  }

  private startTask(command: Extract<SchedulerCommand, { type: 'start_task' }>, kind: StartKind): void {
    const { runId, taskId, tryNumber, dagId } = command;
    const run = this.state.runs[runId]!;
    const dag = own(this.state.dags, dagId)!;
    const index = indexDag(dag);
    // By task id, which may be any name (`__proto__` too): filled as own properties, see ownKeys.ts.
    const upstreamResults = ownRecord<string, JsonValue>();
    const position = index.position(taskId)!;
    // Which try wrote the output of each nearest ancestor: a worker serves its kept copy only to the same try
    // (outputCache.ts).
    const upstreamTries = ownRecord<string, number>();
    for (const up of nearestAncestors(index.upstream, position)) upstreamTries[index.tasks[up]!.id] = run.tasks[up]!.tryNumber;
    const operator = index.tasks[position]!.operator;
    const authored = authoredCodeFor(dag, index.tasks[position]!);
    for (const up of index.upstream[position]!) {
      const value = run.tasks[up]!.returnValue;
      if (value !== undefined) upstreamResults[index.tasks[up]!.id] = value;
    }
    const launch = (heldMs: number): Promise<TaskResult> => {
      const setup = this.options.trySettings?.({ dagId, runId, runSeq: run.seq, taskId, tryNumber }) ?? { settings: this.options.settings };
      if (heldMs > 0) this.log(runId, taskId, tryNumber, 'info', describeDelay(heldMs, kind));
      const previous = run.tasks[position]!.tries.find((t) => t.tryNumber === tryNumber - 1);
      if (previous?.lost) {
        this.log(runId, taskId, tryNumber, 'info', `Resumed after try ${tryNumber - 1} was lost with the page that ran it; this try does not use a retry.`);
      }
      if (setup.note) this.log(runId, taskId, tryNumber, 'info', setup.note);
      return this.options.executor.run(
        {
          dagId,
          runId,
          taskId,
          tryNumber,
          params: command.params,
          triggeringEvents: command.triggeringEvents,
          upstreamResults,
          upstreamTries,
          ...(operator === undefined ? {} : { operator }),
          ...(authored === undefined ? {} : { authored }),
          dbName: this.options.dbName,
          ...(this.options.taskStorage === 'main-thread' ? { storage: 'main-thread' as const } : {}),
          settings: setup.settings,
        },
        {
          onStarted: () => this.dispatch({ type: 'task_started', runId, taskId, tryNumber }),
          onLog: (level, message) => this.log(runId, taskId, tryNumber, level, message),
          // Not stored: the model record keeps the finished history. Live only, for the views watching this try.
          onProgress: (progress) => this.notify({ type: 'training_progress', tryKey: tryKey({ runId, taskId, tryNumber }), progress }),
          onNotify: (level, message) => this.notifyPerson(level, 'callback', `${dagId} · ${taskId}`, message, dagId, runId, taskId),
        },
      );
    };
    const delay = this.options.latency ? dispatchDelayMs(this.options.latency(), kind) : 0;
    // The try's last log lines need no flush of their own: the write that records its end issues them first.
    (delay > 0 ? this.holdThenLaunch(tryKey(command), delay, launch) : launch(0)).then((result) => {
      switch (result.type) {
        case 'success': {
          // Its models are committed only if the step records this success (a stale report changes nothing).
          const key = tryKey(command);
          if (result.models) this.reportedModels.set(key, result.models);
          this.dispatch({
            type: 'task_succeeded',
            runId,
            taskId,
            tryNumber,
            outputs: result.outputs,
            ...(result.returnValue === undefined ? {} : { returnValue: result.returnValue }),
          });
          this.reportedModels.delete(key);
          break;
        }
        case 'failed':
          this.dispatch({ type: 'task_failed', runId, taskId, tryNumber, error: result.error });
          break;
        default:
          assertNever(result, 'task result');
      }
    });
  }

  /**
   * The speed setting: the try stays queued for `delayMs` of the injected clock before a worker gets it. Stopped
   * meanwhile (cleared, marked), it ends as the pool ends a try it dropped from its queue.
   */
  private holdThenLaunch(key: string, delayMs: number, launch: (heldMs: number) => Promise<TaskResult>): Promise<TaskResult> {
    return new Promise((resolve) => {
      const cancel = this.options.clock.at(this.options.clock.now() + delayMs, () => {
        this.held.delete(key);
        launch(delayMs).then(resolve);
      });
      this.held.set(key, (reason) => {
        this.held.delete(key);
        cancel();
        resolve({ type: 'failed', error: { name: 'TaskStopped', message: `Stopped: ${reason}.` } });
      });
    });
  }

  private log(runId: RunId, taskId: TaskId, tryNumber: number, level: LogLevel, message: string): void {
    this.pendingLogs.push({ runId, taskId, tryNumber, seq: this.logSeq++, timestamp: this.options.clock.now(), level, message });
    // Closed (reset all data), nothing is written on its own any more, as SchedulerWrites.flushSoon does after stop.
    if (!this.closed) this.logFlush.request();
  }

  /** Issues the pending log lines' write and tells the views; false when there were none. */
  private flushLogs(): boolean {
    if (this.pendingLogs.length === 0) return false;
    const lines = this.pendingLogs;
    this.pendingLogs = [];
    this.writes.enqueue(() => appendLogs(this.options.db, lines));
    this.notify({ type: 'logs', lines });
    return true;
  }

  private stateChanged(): void {
    this.writes.stateChanged();
  }

  private notify(notice: CoordinatorNotice): void {
    for (const listener of this.listeners) listener(notice);
  }
}
