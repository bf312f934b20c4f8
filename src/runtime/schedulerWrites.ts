import type { DagRun, DatasetEvent } from '../core/model';
import type { RunId, TaskId } from '../core/ids';
import type { StepResult } from '../core/scheduler';
import { checkpointOf, type SchedulerState } from '../core/schedulerState';
import type { Database } from './storage/database';
import { saveSchedulerChanges } from './storage/runs';

/**
 * Back-to-back scheduler writes start at most this often. Each write is one IndexedDB transaction, and a transaction
 * costs the main thread far more than the records in it: at 2,000 tries a second, unpaced writes (one as soon as the
 * previous one landed, ~400 per 10,000-task run) took more main-thread time than the tries themselves. One frame
 * keeps what the views show at most a frame behind. A write after a quiet spell starts at once.
 */
export const WRITE_INTERVAL_MS = 16;

/** Where the writes of a coordinator go, and what it hears back. */
export interface SchedulerWritesHost {
  readonly db: Database;
  /** The newest scheduler state: a write stores the state as it is when the write starts. */
  current(): SchedulerState;
  /**
   * Called right before each scheduler write is issued, and by `flush` and `stop`: the host issues its own pending
   * writes (log lines) then, so they land before the state that follows them.
   */
  beforeWrite(): void;
  /** Storage holds `state` (or it held nothing new to store): the views may be told of it now. */
  stored(state: SchedulerState): void;
  failed(message: string): void;
  /** Waits `ms` of real time (not the scheduler's clock: pacing is about the browser's work); returns a cancel. */
  wait?(ms: number, then: () => void): () => void;
  /** Real time in ms, for pacing (performance.now by default). */
  now?(): number;
}

const realWait = (ms: number, then: () => void) => {
  const timer = setTimeout(then, ms);
  return () => clearTimeout(timer);
};

/** A hidden page's timers fire at most once a second: there, a write starts as soon as the last one landed. */
const pageHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * What scheduler steps changed, written to IndexedDB in batches: one write in flight at a time, the changes that
 * arrive meanwhile merged into the next (a task that changed five times is written once, as it is then), and
 * back-to-back writes paced to one per WRITE_INTERVAL_MS. Each state change is numbered; a state is passed to
 * `stored` only once the write holding it has landed (or when there was nothing to store), so that what a person
 * sees — a run shown `success` — is what a reload brings back.
 */
export class SchedulerWrites {
  private chain: Promise<void> = Promise.resolve();
  private dirtyRuns = new Set<RunId>();
  private dirtyTasks = new Map<RunId, Set<TaskId>>();
  /** Runs whose task order differs from what storage holds (realigned with a changed DAG): written whole. */
  private wholeRuns = new Set<RunId>();
  private newEvents: DatasetEvent[] = [];
  /** Models to commit with the next write: those of tries whose success a step recorded. */
  private newModels: string[] = [];
  private checkpointDirty = false;
  private flushScheduled = false;
  /** One scheduler write in flight (or pacing) at a time. */
  private writing = false;
  private cancelPacing: (() => void) | null = null;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private stateSeq = 0;
  private shownSeq = 0;
  private stopped = false;

  constructor(private readonly host: SchedulerWritesHost) {}

  /** Takes note of what a step changed; the flush of this task turn (or a paced one) writes it. */
  recordStep(previous: SchedulerState, result: StepResult): void {
    for (const id of result.changes.runs) this.dirtyRuns.add(id);
    for (const { runId, taskId } of result.changes.tasks) {
      let set = this.dirtyTasks.get(runId);
      if (!set) this.dirtyTasks.set(runId, (set = new Set()));
      set.add(taskId);
    }
    for (const command of result.commands) if (command.type === 'record_dataset_event') this.newEvents.push(command.event);
    if (
      previous.paused !== result.state.paused ||
      previous.datasetQueues !== result.state.datasetQueues ||
      previous.nextRunSeq !== result.state.nextRunSeq ||
      previous.nextEventId !== result.state.nextEventId
    ) {
      this.checkpointDirty = true;
    }
  }

  /**
   * Runs to write whole with the next write: their instances were realigned with a changed DAG, so the blocks storage
   * holds (taskBlocks.ts) are in another order, and writing only the changed blocks would mix the two orders.
   */
  rewriteRuns(ids: Iterable<RunId>): void {
    for (const id of ids) this.wholeRuns.add(id);
    if (this.wholeRuns.size > 0) this.flushSoon();
  }

  commitModels(ids: readonly string[]): void {
    this.newModels.push(...ids);
  }

  /** A new state: passed to `stored` after the write that stores it, or at once if it holds nothing to store. */
  stateChanged(): void {
    this.stateSeq += 1;
    this.flushSoon();
  }

  /** Changes arrive in bursts (a step per worker report): write them once per task turn. */
  flushSoon(): void {
    if (this.flushScheduled || this.stopped) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flushNow());
  }

  /** Appends a write to the chain (log lines use it too): writes land in the order they were issued. */
  enqueue(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((error: unknown) => {
      this.host.failed(error instanceof Error ? error.message : String(error));
    });
  }

  /** A write in flight or waiting for its turn, or changes not written yet. */
  get pending(): boolean {
    return this.writing || this.hasChanges();
  }

  private hasChanges(): boolean {
    return (
      this.dirtyRuns.size > 0 ||
      this.dirtyTasks.size > 0 ||
      this.wholeRuns.size > 0 ||
      this.newEvents.length > 0 ||
      this.newModels.length > 0 ||
      this.checkpointDirty
    );
  }

  /** Resolves once every change so far reached IndexedDB; a paced write waiting for its turn starts now. */
  async flush(): Promise<void> {
    this.endPacing();
    this.host.beforeWrite();
    this.flushNow(true);
    // A finished write may start the next (merged) one: wait until the chain stops growing.
    for (;;) {
      const current = this.chain;
      await current;
      if (current === this.chain && !this.cancelPacing) return;
      if (this.cancelPacing) {
        this.endPacing();
        this.flushNow(true);
      }
    }
  }

  /** No more flushes of its own (the coordinator closed); a write waiting for its interval starts now. */
  stop(): void {
    this.stopped = true;
    this.host.beforeWrite();
    if (!this.cancelPacing) return;
    this.endPacing();
    this.flushNow(true);
  }

  private endPacing(): void {
    if (!this.cancelPacing) return;
    this.cancelPacing();
    this.cancelPacing = null;
    this.writing = false;
  }

  /** Writes what changed now, or when the pacing interval is over (`force`: now). */
  private flushNow(force = false): void {
    this.flushScheduled = false;
    if (this.writing) return; // the write in flight (or its pacing) flushes again when it is done
    const state = this.host.current();
    if (!this.hasChanges()) {
      this.show(state, this.stateSeq); // nothing of it needs storing
      return;
    }
    const now = this.host.now ?? (() => performance.now());
    const wait = this.lastWriteAt + WRITE_INTERVAL_MS - now();
    if (wait > 0 && !force && !this.stopped && !pageHidden()) {
      // Too soon after the last write: this one starts when the interval is over, with whatever arrived meanwhile.
      this.writing = true;
      this.cancelPacing = (this.host.wait ?? realWait)(wait, () => {
        this.cancelPacing = null;
        this.writing = false;
        this.flushNow();
      });
      return;
    }
    // The checkpoint only when a step changed it (saveSchedulerChanges leaves it out otherwise).
    const checkpoint = this.checkpointDirty ? checkpointOf(state) : undefined;
    this.checkpointDirty = false;
    // Read the newest state at write time: a task that changed five times since the last write is written once.
    const runs = [...this.dirtyRuns].map((id) => state.runs[id]!).filter(Boolean);
    const tasks = [...this.dirtyTasks].flatMap(([runId, ids]) => [...ids].map((taskId) => ({ run: state.runs[runId]!, taskId })));
    const wholeRuns = [...this.wholeRuns].map((id) => state.runs[id]!).filter(Boolean);
    const events = this.newEvents;
    const models = this.newModels;
    this.dirtyRuns = new Set();
    this.dirtyTasks = new Map();
    this.wholeRuns = new Set();
    this.newEvents = [];
    this.newModels = [];
    const seq = this.stateSeq;
    this.writing = true;
    this.lastWriteAt = now();
    this.host.beforeWrite();
    this.enqueue(async () => {
      try {
        await saveSchedulerChanges(this.host.db, { runs, tasks, wholeRuns, events, dags: state.dags, models, ...(checkpoint ? { checkpoint } : {}) });
      } finally {
        // Shown even when the write failed: the storage error notice says so, and the run goes on in memory.
        this.show(state, seq);
        this.writing = false;
        this.flushNow();
      }
    });
  }

  private show(state: SchedulerState, seq: number): void {
    if (seq <= this.shownSeq) return; // a newer state was shown already
    this.shownSeq = seq;
    this.host.stored(state);
  }
}

/** The runs of `after` whose task instances are not in the order `before` had them (realigned with a changed DAG). */
export function reorderedRuns(before: Iterable<DagRun>, after: SchedulerState): RunId[] {
  const ids: RunId[] = [];
  for (const run of before) {
    const now = after.runs[run.id];
    if (!now || now.tasks === run.tasks) continue;
    if (now.tasks.length !== run.tasks.length || now.tasks.some((ti, i) => ti.taskId !== run.tasks[i]!.taskId)) ids.push(run.id);
  }
  return ids;
}
