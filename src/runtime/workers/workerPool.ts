import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { NotificationLevel } from '../../core/dag';
import type { LogLevel } from '../../core/logLine';
import type { TrainingProgress } from '../../core/training';
import { isTryResultMessage, tryKey, type TaskRequest, type TaskResult, type TaskWorkerApi, type TryMessage } from './protocol';
import type { TaskStorage } from './taskStorage';
import { isHeavyTry } from '../../pipelines/housing/heavyTasks';

export interface TaskCallbacks {
  /** The try left the queue and a worker has it: Airflow's queued → running. */
  onStarted(): void;
  onLog(level: LogLevel, message: string): void;
  /** A training try's progress report (optional: executors of tasks that never train may ignore it). */
  onProgress?(progress: TrainingProgress): void;
  /** A notification the task raised. */
  onNotify?(level: NotificationLevel, message: string): void;
}

/** Runs task tries somewhere else than the main thread. */
export interface TaskExecutor {
  readonly size: number;
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult>;
  /** Stops a try wherever it is: dropped from the queue, or its worker terminated and replaced. */
  stop(request: Pick<TaskRequest, 'runId' | 'taskId' | 'tryNumber'>, reason: string): void;
  terminate(): void;
}

interface Job {
  readonly request: TaskRequest;
  readonly callbacks: TaskCallbacks;
  resolve(result: TaskResult): void;
}

interface Slot {
  readonly worker: Worker;
  readonly api: Remote<TaskWorkerApi>;
  job: Job | null;
  /** The number the running job's try message carries: its result message must carry the same. */
  seq: number;
  /** Loads tfjs and danfojs in its idle time: heavy tries go to it first (prewarm). */
  heavy: boolean;
  /** Its thread is held by a warm-up step that does not yield (TaskLogSink.holding). */
  holding: boolean;
}

export function defaultPoolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(hardwareConcurrency ?? 2, 4));
}

/**
 * A pool of module workers behind the comlink API of protocol.ts. Workers start lazily and are reused; jobs wait in
 * FIFO order; `resize` changes the size while it runs. A worker that dies (an uncaught error outside a task, e.g. out of memory) fails its
 * job with a clear error and is replaced, so one crash never hangs a run.
 */
export class WorkerPool implements TaskExecutor {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private terminated = false;
  private limit: number;
  private nextSeq = 0;

  constructor(
    size: number,
    private readonly createWorker: () => Worker,
    /** In memory mode, the main thread's storage: each worker gets a proxy of it once, when it starts. */
    private readonly storage?: TaskStorage,
    /** Which tries need tfjs or danfojs: they go to the worker that loads them in its idle time. */
    private readonly heavyTry: (request: TaskRequest) => boolean = isHeavyTry,
  ) {
    WorkerPool.check(size);
    this.limit = size;
  }

  private static check(size: number): void {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Worker pool size must be ≥ 1, got ${size}.`);
  }

  /** How many workers may run at once. */
  get size(): number {
    return this.limit;
  }

  /**
   * Changes how many workers may run at once (the Settings page). Growing starts queued jobs at once; shrinking ends
   * idle workers now and busy ones only when their try is done: no running try is killed.
   */
  resize(size: number): void {
    WorkerPool.check(size);
    this.limit = size;
    for (const slot of [...this.slots]) {
      if (this.slots.length <= this.limit) break;
      if (slot.job === null) this.retire(slot);
    }
    this.pump();
  }

  /**
   * Starts the workers now, while the page is idle, rather than inside the first trigger: creating a worker and its
   * channels costs the main thread several milliseconds, which would otherwise land in the task that starts a run;
   * and loading the task code (megabytes of tfjs and danfojs) would land in the first try that needs it.
   */
  prewarm(): Promise<void> {
    if (this.terminated) return Promise.resolve();
    // Each new worker also loads its task code meanwhile (tfjs and danfojs are most of a first try's wait otherwise);
    // with two or more, the first loads only the light tasks', so a run's first tries never wait behind tfjs.
    const warming: Promise<unknown>[] = [];
    for (let slot = this.spawn(); slot; slot = this.spawn()) {
      slot.heavy = this.limit === 1 || this.slots.length > 1;
      warming.push(slot.api.warmUp(this.limit === 1 ? 'all' : slot.heavy ? 'heavy' : 'light').catch(() => undefined));
    }
    this.pump();
    // Resolves when every worker started here has loaded what it loads in its idle time.
    return Promise.all(warming).then(() => undefined);
  }

  /** How many workers exist now (they start lazily, up to `size`). */
  get started(): number {
    return this.slots.length;
  }

  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    if (this.terminated) return Promise.reject(new Error('The worker pool was terminated.'));
    return new Promise((resolve) => {
      this.queue.push({ request, callbacks, resolve });
      this.pump();
    });
  }

  stop(request: Pick<TaskRequest, 'runId' | 'taskId' | 'tryNumber'>, reason: string): void {
    const key = tryKey(request);
    const stopped: TaskResult = { type: 'failed', error: { name: 'TaskStopped', message: `Stopped: ${reason}.` } };
    const queued = this.queue.findIndex((job) => tryKey(job.request) === key);
    if (queued >= 0) {
      this.queue.splice(queued, 1)[0]!.resolve(stopped);
      return;
    }
    const slot = this.slots.find((s) => s.job && tryKey(s.job.request) === key);
    if (!slot) return;
    // A task cannot be interrupted inside its worker (it may be deep in a tfjs kernel): the worker goes, a fresh one
    // takes its place on the next job.
    const job = slot.job!;
    this.retire(slot);
    job.resolve(stopped);
    this.pump();
  }

  terminate(): void {
    this.terminated = true;
    for (const slot of this.slots) this.stopWorker(slot);
    this.slots.length = 0;
    for (const job of this.queue.splice(0)) {
      job.resolve({ type: 'failed', error: { name: 'Cancelled', message: 'The worker pool was shut down.' } });
    }
  }

  private pump(): void {
    if (this.terminated) return;
    while (this.queue.length > 0) {
      const slot = this.idleSlotFor(this.queue[0]!.request) ?? this.spawn();
      if (!slot) return;
      this.execute(slot, this.queue.shift()!);
    }
  }

  /**
   * An idle worker for a try: one that loads what the try needs (heavy or light) if idle, else the first idle one. A
   * worker whose thread a warm-up step holds (evaluating tfjs or danfojs) takes a heavy try — that step is loading what
   * it needs — but not a light one while another worker exists: the light try waits for whichever comes free first,
   * rather than behind seconds of evaluation (a demo's check_data waited 0.6-2 s so on a busy machine).
   */
  private idleSlotFor(request: TaskRequest): Slot | null {
    const heavy = this.heavyTry(request);
    let first: Slot | null = null;
    for (const slot of this.slots) {
      if (slot.job !== null) continue;
      if (slot.heavy === heavy && (heavy || !slot.holding)) return slot;
      if (!slot.holding || this.slots.length === 1) first ??= slot;
    }
    return first;
  }

  private spawn(): Slot | null {
    if (this.slots.length >= this.limit) return null;
    const worker = this.createWorker();
    const slot: Slot = { worker, api: wrap<TaskWorkerApi>(worker), job: null, seq: 0, heavy: false, holding: false };
    // One log channel per worker for its whole life; each line (or progress report) names its try, and goes to that
    // try's job: a report from a try that was stopped meanwhile is dropped.
    const jobOf = (key: string) => (slot.job && tryKey(slot.job.request) === key ? slot.job : null);
    void slot.api.connect(
      proxy({
        log: (key: string, level: LogLevel, message: string) => jobOf(key)?.callbacks.onLog(level, message),
        progress: (key: string, progress: TrainingProgress) => jobOf(key)?.callbacks.onProgress?.(progress),
        notify: (key: string, level: NotificationLevel, message: string) => jobOf(key)?.callbacks.onNotify?.(level, message),
        holding: (busy: boolean) => {
          slot.holding = busy;
          if (!busy) this.pump();
        },
      }),
    );
    if (this.storage) void slot.api.connectStorage(proxy(this.storage));
    // Tries go as plain messages (tryChannel.ts): a result is its slot's job's only if its number matches, so a late
    // answer from a try that was stopped meanwhile is dropped.
    worker.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (isTryResultMessage(data) && slot.job && data.seq === slot.seq) this.finish(slot, slot.job, data.result);
    });
    worker.addEventListener('error', (event) => this.crashed(slot, event.message || 'the worker stopped'));
    worker.addEventListener('messageerror', () => this.crashed(slot, 'a message could not be deserialized'));
    this.slots.push(slot);
    return slot;
  }

  private execute(slot: Slot, job: Job): void {
    slot.job = job;
    slot.seq = ++this.nextSeq;
    job.callbacks.onStarted();
    if (slot.job !== job) return; // stopped from inside onStarted
    try {
      slot.worker.postMessage({ kind: 'pp-try', seq: slot.seq, request: job.request } satisfies TryMessage);
    } catch (error) {
      // A request that cannot be cloned never reaches the worker: the try fails, saying why.
      this.finish(slot, job, { type: 'failed', error: { name: 'WorkerError', message: error instanceof Error ? error.message : String(error) } });
    }
  }

  private finish(slot: Slot, job: Job, result: TaskResult): void {
    if (slot.job !== job) return; // already failed by a crash
    slot.job = null;
    if (this.slots.length > this.limit) this.retire(slot); // the pool was shrunk while this try ran
    job.resolve(result);
    this.pump();
  }

  private crashed(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return; // already stopped on purpose
    const job = slot.job;
    this.retire(slot);
    job?.resolve({ type: 'failed', error: { name: 'WorkerCrashed', message: `The task's worker crashed: ${reason}.` } });
    if (!this.terminated) this.pump();
  }

  /** Terminates a slot's worker and forgets the slot; the pool starts a fresh worker when it needs one. */
  private retire(slot: Slot): void {
    this.stopWorker(slot);
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    slot.job = null;
  }

  private stopWorker(slot: Slot): void {
    slot.api[releaseProxy]();
    slot.worker.terminate();
  }
}
