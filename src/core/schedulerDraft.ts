import { DEFAULT_MAX_ACTIVE_RUNS, DEFAULT_MAX_ACTIVE_TASKS, DEFAULT_POOL, type CallbackSpec, type DagDefinition } from './dag';
import { indexDag, type DagIndex } from './dagIndex';
import { runId as toRunId, type DagId, type RunId, type TaskId } from './ids';
import type { ErrorInfo, JsonValue } from './json';
import type { DagRun, DatasetEvent, RunType, TaskInstance } from './model';
import { own, ownRecord } from './ownKeys';
import type { SchedulerCommand } from './schedulerCommands';
import { newInstance, type SchedulerState, type TaskRef, type Timer } from './schedulerState';
import { holdsSlot, isTaskFinished, type RunState } from './states';
import { evaluateTriggerRule } from './triggerRules';
import { moveFanIn, noteStateChange, upstreamCountsAt } from './fanInCounts';

export type CallbackKind = 'on_execute' | 'on_success' | 'on_failure' | 'on_retry';

/**
 * Copy-on-write view of the scheduler state for the length of one step. Every change goes through a few methods
 * that also keep the derived bookkeeping right (slot usage, unfinished counts, the waiting list, timers) and record
 * what changed, so the caller persists only that.
 */
export class Draft {
  readonly commands: SchedulerCommand[] = [];
  readonly changedRuns = new Set<RunId>();
  readonly changedTasks = new Map<RunId, Set<number>>();
  /** Runs changed by hand in this step: they may finish again, but without DAG callbacks (as in Airflow). */
  readonly silenced = new Set<RunId>();
  private runs: Record<RunId, DagRun>;
  private runsCopied = false;
  /**
   * Arrays this step already copied may be written in place: nothing outside the step has seen them. A fan-out that
   * schedules 10,000 tasks at once then costs one copy, not 10,000.
   */
  private readonly ownedTasks = new Set<readonly TaskInstance[]>();
  private waitingOwned = false;
  activeRunIds: readonly RunId[];
  paused: SchedulerState['paused'];
  datasetQueues: SchedulerState['datasetQueues'];
  waiting: readonly TaskRef[];
  waitingHead: number;
  timers: readonly Timer[];
  private total: number;
  private byDag: Record<DagId, number>;
  private byPool: Record<string, number>;
  /** byDag and byPool are this step's copies (ownRecord: any DAG id is a safe key, `__proto__` too). */
  private usageOwned = false;
  private nextEventId: number;
  private nextRunSeq: number;

  constructor(
    readonly base: SchedulerState,
    readonly now: number,
  ) {
    this.runs = base.runs as Record<RunId, DagRun>;
    this.activeRunIds = base.activeRunIds;
    this.paused = base.paused;
    this.datasetQueues = base.datasetQueues;
    this.waiting = base.waiting;
    this.waitingHead = base.waitingHead;
    this.timers = base.timers;
    this.total = base.usage.total;
    this.byDag = base.usage.byDag as Record<DagId, number>;
    this.byPool = base.usage.byPool as Record<string, number>;
    this.nextEventId = base.nextEventId;
    this.nextRunSeq = base.nextRunSeq;
  }

  finish(): SchedulerState {
    return {
      ...this.base,
      runs: this.runs,
      activeRunIds: this.activeRunIds,
      paused: this.paused,
      datasetQueues: this.datasetQueues,
      waiting: this.waiting,
      waitingHead: this.waitingHead,
      timers: this.timers,
      usage:
        this.total === this.base.usage.total && this.byDag === this.base.usage.byDag && this.byPool === this.base.usage.byPool
          ? this.base.usage
          : { total: this.total, byDag: this.byDag, byPool: this.byPool },
      nextEventId: this.nextEventId,
      nextRunSeq: this.nextRunSeq,
    };
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────────────────────

  run(id: RunId): DagRun | undefined {
    return own(this.runs, id);
  }

  dagOf(run: DagRun): DagDefinition {
    return own(this.base.dags, run.dagId)!;
  }

  index(run: DagRun): DagIndex {
    return indexDag(this.dagOf(run));
  }

  /** Finds a task instance; null if the run, the task or the expected try does not exist (a stale report). */
  locate(runId: RunId, taskId: TaskId): { run: DagRun; position: number; ti: TaskInstance } | null {
    const run = own(this.runs, runId);
    if (!run) return null;
    const position = this.index(run).position(taskId);
    if (position === undefined) return null;
    return { run, position, ti: run.tasks[position]! };
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────────────────────────

  private putRun(run: DagRun): void {
    if (!this.runsCopied) {
      this.runs = { ...this.runs };
      this.runsCopied = true;
    }
    this.runs[run.id] = run;
    this.changedRuns.add(run.id);
  }

  updateRun(id: RunId, change: Partial<DagRun>): DagRun {
    const run = { ...this.runs[id]!, ...change };
    this.putRun(run);
    return run;
  }

  /** Replaces one task instance, keeping the run's unfinished count and the slot usage in step with its state. */
  setTask(runId: RunId, position: number, ti: TaskInstance): void {
    const run = this.runs[runId]!;
    const before = run.tasks[position]!;
    let tasks = run.tasks as TaskInstance[];
    if (!this.ownedTasks.has(tasks)) {
      const copy = tasks.slice();
      moveFanIn(tasks, copy);
      tasks = copy;
      this.ownedTasks.add(tasks);
    }
    tasks[position] = ti;
    if (before.state !== ti.state) noteStateChange(tasks, this.index(run), position, before.state, ti.state);
    const unfinished = run.unfinished + (isTaskFinished(before.state) ? 1 : 0) - (isTaskFinished(ti.state) ? 1 : 0);
    this.putRun({ ...run, tasks, unfinished });
    let changed = this.changedTasks.get(runId);
    if (!changed) this.changedTasks.set(runId, (changed = new Set()));
    changed.add(position);
    if (holdsSlot(before.state) !== holdsSlot(ti.state)) {
      const task = this.dagOf(run).tasks[position]!;
      this.adjustUsage(run.dagId, task.pool ?? DEFAULT_POOL, task.poolSlots ?? 1, holdsSlot(ti.state) ? 1 : -1);
    }
  }

  private adjustUsage(dagId: DagId, pool: string, slots: number, sign: 1 | -1): void {
    this.total += sign;
    // Copied once per step, then counted in place (a try's end and the next try's start are one step).
    if (!this.usageOwned) {
      this.byDag = Object.assign(ownRecord<DagId, number>(), this.byDag);
      this.byPool = Object.assign(ownRecord<string, number>(), this.byPool);
      this.usageOwned = true;
    }
    this.byDag[dagId] = (own(this.byDag, dagId) ?? 0) + sign;
    this.byPool[pool] = (own(this.byPool, pool) ?? 0) + sign * slots;
  }

  /** Sets the state of the task and of its current try together. */
  setTryState(runId: RunId, position: number, change: Partial<TaskInstance>, tryChange: Partial<TaskInstance['tries'][number]>): void {
    const ti = this.runs[runId]!.tasks[position]!;
    const tries = ti.tries.length > 0 ? [...ti.tries.slice(0, -1), { ...ti.tries[ti.tries.length - 1]!, ...tryChange }] : ti.tries;
    this.setTask(runId, position, { ...ti, ...change, tries });
  }

  /** Appends a scheduled try to the waiting list. */
  enqueue(ref: TaskRef): void {
    if (!this.waitingOwned) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
      this.waitingOwned = true;
    }
    (this.waiting as TaskRef[]).push(ref);
  }

  addTimer(timer: Timer): void {
    const timers = [...this.timers, timer];
    timers.sort((a, b) => a.at - b.at);
    this.timers = timers;
  }

  dropTimers(runId: RunId, position: number): void {
    if (this.timers.some((t) => t.runId === runId && t.position === position)) {
      this.timers = this.timers.filter((t) => t.runId !== runId || t.position !== position);
    }
  }

  callback(scope: 'task' | 'dag', kind: CallbackKind, spec: CallbackSpec | undefined, run: DagRun, task?: { id: TaskId; tryNumber: number }, error?: ErrorInfo): void {
    if (!spec) return;
    this.commands.push({
      type: 'callback',
      scope,
      kind,
      spec,
      dagId: run.dagId,
      runId: run.id,
      ...(task ? { taskId: task.id, tryNumber: task.tryNumber } : {}),
      ...(error ? { error } : {}),
    });
  }

  // ── runs ───────────────────────────────────────────────────────────────────────────────────────────────────────

  createRun(
    dag: DagDefinition,
    runType: RunType,
    params: Readonly<Record<string, JsonValue>>,
    triggeringEvents: readonly DatasetEvent[],
  ): DagRun {
    const seq = this.nextRunSeq++;
    // Airflow's run id shape (`manual__<logical date>`), with the sequence number to keep ids unique within one ms.
    const id = toRunId(`${runType}__${new Date(this.now).toISOString()}__${seq}`);
    const run: DagRun = {
      id,
      dagId: dag.id,
      runType,
      state: 'queued',
      seq,
      queuedAt: this.now,
      startDate: null,
      endDate: null,
      params,
      triggeringEvents,
      tasks: dag.tasks.map((task) => newInstance(task.id, task.retries ?? 0)),
      unfinished: dag.tasks.length,
      // Fixed when the run is created: a later save of the DAG makes a new version, this run keeps the one it ran.
      ...(dag.version === undefined ? {} : { dagVersion: dag.version }),
    };
    this.putRun(run);
    this.activeRunIds = [...this.activeRunIds, id];
    this.commands.push({ type: 'run_created', runId: id, dagId: dag.id, runType });
    return run;
  }

  /** Starts queued runs in creation order, as far as max_active_runs and pausing allow. */
  startQueuedRuns(): void {
    const running = new Map<DagId, number>();
    for (const id of this.activeRunIds) {
      const run = this.runs[id]!;
      if (run.state === 'running') running.set(run.dagId, (running.get(run.dagId) ?? 0) + 1);
    }
    for (const id of this.activeRunIds) {
      const run = this.runs[id]!;
      if (run.state !== 'queued' || own(this.paused, run.dagId)) continue;
      const count = running.get(run.dagId) ?? 0;
      if (count >= (this.dagOf(run).maxActiveRuns ?? DEFAULT_MAX_ACTIVE_RUNS)) continue;
      running.set(run.dagId, count + 1);
      this.updateRun(id, { state: 'running', startDate: run.startDate ?? this.now, endDate: null });
      this.evaluate(id, this.index(run).order);
      this.closeIfDone(id);
    }
  }

  /**
   * Decides, for each candidate task still `none`, what its trigger rule says now. A task that ends without running
   * (skipped, upstream_failed) makes its downstream tasks candidates in turn, so outcomes propagate in one step.
   */
  evaluate(runId: RunId, candidates: Iterable<number>): void {
    const run = this.runs[runId]!;
    if (run.state !== 'running') return;
    const index = this.index(run);
    const queue = [...candidates];
    for (let i = 0; i < queue.length; i++) {
      const position = queue[i]!;
      const current = this.runs[runId]!;
      const ti = current.tasks[position]!;
      if (ti.state !== 'none') continue;
      const rule = index.tasks[position]!.triggerRule ?? 'all_success';
      const verdict = evaluateTriggerRule(rule, upstreamCountsAt(current.tasks, index, position));
      switch (verdict) {
        case 'wait':
          break;
        case 'ready':
          this.setTask(runId, position, { ...ti, state: 'scheduled' });
          this.enqueue({ runId, position });
          break;
        case 'skipped':
        case 'upstream_failed':
          this.setTask(runId, position, { ...ti, state: verdict, endDate: this.now });
          queue.push(...index.downstream[position]!);
          break;
      }
    }
  }

  /** Marks the given tasks skipped if they have not started, and lets their downstream react. */
  skip(runId: RunId, positions: readonly number[]): void {
    const index = this.index(this.runs[runId]!);
    const next: number[] = [];
    for (const position of positions) {
      const ti = this.runs[runId]!.tasks[position]!;
      if (ti.state !== 'none' && ti.state !== 'scheduled') continue;
      this.setTask(runId, position, { ...ti, state: 'skipped', endDate: this.now });
      next.push(...index.downstream[position]!);
    }
    this.evaluate(runId, next);
  }

  /** Ends a run whose task instances are all finished: failed if a leaf failed, else success (Airflow's rule). */
  closeIfDone(runId: RunId): void {
    const run = this.runs[runId]!;
    if (run.state !== 'running' || run.unfinished > 0) return;
    const index = this.index(run);
    const failed = run.tasks.some(
      (ti, position) => position < index.size && index.isLeaf[position] && (ti.state === 'failed' || ti.state === 'upstream_failed'),
    );
    this.endRun(runId, failed ? 'failed' : 'success');
  }

  /** Ends a run in `state`: out of the active list, its DAG callback (unless silenced), then `run_finished`. */
  endRun(runId: RunId, state: RunState): void {
    const done = this.updateRun(runId, { state, endDate: this.now });
    this.activeRunIds = this.activeRunIds.filter((id) => id !== runId);
    const callbacks = this.silenced.has(runId) ? undefined : this.dagOf(done).callbacks;
    const failed = state === 'failed';
    this.callback('dag', failed ? 'on_failure' : 'on_success', failed ? callbacks?.onFailure : callbacks?.onSuccess, done);
    this.commands.push({ type: 'run_finished', runId, dagId: done.dagId, state });
  }

  /** Puts a finished run back into the active list (after a clear or a mark), in creation order. */
  reopen(runId: RunId): void {
    if (this.activeRunIds.includes(runId)) return;
    this.updateRun(runId, { state: 'queued', endDate: null });
    this.activeRunIds = [...this.activeRunIds, runId].sort((a, b) => this.runs[a]!.seq - this.runs[b]!.seq);
  }

  // ── slots ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Hands scheduled tries to free slots, oldest first, within the limits of parallelism, each DAG's
   * max_active_tasks and each pool's slots. A paused DAG's tries wait.
   */
  assignSlots(): void {
    if (this.waitingHead >= this.waiting.length || this.total >= this.base.parallelism) return;
    const keep: TaskRef[] = [];
    let i = this.waitingHead;
    for (; i < this.waiting.length && this.total < this.base.parallelism; i++) {
      const ref = this.waiting[i]!;
      const run = this.runs[ref.runId];
      const ti = run?.tasks[ref.position];
      if (!run || !ti || ti.state !== 'scheduled') continue; // cleared, marked or already queued: drop the ref
      const dag = this.dagOf(run);
      const task = dag.tasks[ref.position]!;
      const pool = task.pool ?? DEFAULT_POOL;
      const blocked =
        own(this.paused, dag.id) ||
        (own(this.byDag, dag.id) ?? 0) >= (dag.maxActiveTasks ?? DEFAULT_MAX_ACTIVE_TASKS) ||
        (own(this.byPool, pool) ?? 0) + (task.poolSlots ?? 1) > own(this.base.pools, pool)!;
      if (blocked) {
        keep.push(ref);
        continue;
      }
      const tryNumber = ti.tryNumber + 1;
      this.setTask(ref.runId, ref.position, {
        ...ti,
        state: 'queued',
        tryNumber,
        nextRetryAt: null,
        tries: [...ti.tries, { tryNumber, state: 'queued', queuedAt: this.now, startDate: null, endDate: null }],
      });
      this.commands.push({
        type: 'start_task',
        dagId: run.dagId,
        runId: run.id,
        taskId: task.id,
        tryNumber,
        params: run.params,
        triggeringEvents: run.triggeringEvents,
      });
    }
    if (keep.length > 0) {
      this.waiting = [...keep, ...this.waiting.slice(i)];
      this.waitingHead = 0;
      this.waitingOwned = true;
    } else if (i >= this.waiting.length) {
      this.waiting = [];
      this.waitingHead = 0;
      this.waitingOwned = true;
    } else {
      this.waitingHead = i;
    }
  }

  /** The id for the next dataset event. */
  takeEventId(): number {
    return this.nextEventId++;
  }
}
