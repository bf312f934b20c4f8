import type { AuthoredCode } from '../../authoring/authoredCode';
import type { DagId, RunId, TaskId } from '../../core/ids';
import type { ErrorInfo, JsonValue } from '../../core/json';
import type { NotificationLevel } from '../../core/dag';
import type { LogLevel } from '../../core/logLine';
import type { TrainingProgress } from '../../core/training';
import type { DatasetEvent, DatasetOutput } from '../../core/model';
import type { TaskSettings } from '../../taskApi/taskSettings';
import type { FaultSpec } from './faults';
import type { TaskStorage } from './taskStorage';

/**
 * The one contract between the main thread and the task workers (wrapped with comlink on both sides).
 * Everything here is structured-clone friendly: no classes, no functions except the proxied hooks.
 */
/** A try's settings as the runtime sends them: what its task code sees, and the faults the worker injects. */
export interface RuntimeSettings extends TaskSettings {
  /** Faults to inject into task tries (`?fault=extract:throw@1`), see faults.ts; none when absent. */
  readonly faults?: readonly FaultSpec[];
}

export type TaskStorageMode = 'indexeddb' | 'main-thread';

export interface TaskRequest {
  readonly dagId: DagId;
  readonly runId: RunId;
  readonly taskId: TaskId;
  readonly tryNumber: number;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly triggeringEvents: readonly DatasetEvent[];
  /** Return values of the upstream tasks in this run (Airflow's `xcom_pull`). */
  readonly upstreamResults: Readonly<Record<string, JsonValue>>;
  /**
   * The try number of the task's nearest ancestors (its upstream tasks, theirs…, at most 16): which try wrote each one's
   * output. A worker keeps outputs it wrote or read under that number (outputCache.ts) and serves one only to a try
   * naming the same number.
   */
  readonly upstreamTries?: Readonly<Record<string, number>>;
  /** The task's built-in operator (`TaskDefinition.operator`): what runs when the pipelines have no code for it. */
  readonly operator?: string;
  /** Set for a task written in the page: its DAG file and what it may write. It runs in the sandbox (src/authoring). */
  readonly authored?: AuthoredCode;
  readonly dbName: string;
  /**
   * Where the try's data lives: the worker's own IndexedDB connection to `dbName` (the default), or — where the page
   * could not open IndexedDB — the main thread's in-memory database, reached through `connectStorage`.
   */
  readonly storage?: TaskStorageMode;
  readonly settings: RuntimeSettings;
}

export type TaskResult =
  | {
      readonly type: 'success';
      readonly outputs: readonly DatasetOutput[];
      readonly returnValue?: JsonValue;
      /** Ids of the models the try stored (staged): committed with the try's success, see storage/models.ts. */
      readonly models?: readonly string[];
    }
  | { readonly type: 'failed'; readonly error: ErrorInfo };

/**
 * Where a worker sends log lines, tagged with the try they belong to. Passed once per worker with comlink's
 * `proxy()`: a proxy per task would open a new MessageChannel for every try (~60 us of main-thread time each).
 */
export interface TaskLogSink {
  log(tryKey: string, level: LogLevel, message: string): void;
  /** A training try's live progress (TaskContext.reportProgress): typed data, not log text to parse. */
  progress(tryKey: string, progress: TrainingProgress): void;
  /** A notification a task raises for the person watching (TaskContext.notify). */
  notify(tryKey: string, level: NotificationLevel, message: string): void;
  /**
   * The worker's thread is held by a warm-up step that does not yield (evaluating tfjs or danfojs: up to seconds on a
   * busy machine), or free again. Not about a try: on the same channel so that it needs no second one. Optional: a
   * caller that runs tries one by one (tests, benches) need not listen.
   */
  holding?(busy: boolean): void;
}

/**
 * What a worker loads in its idle time: everything in the warm-up's order (the default: a pool of one); or, in a pool
 * of two workers or more, 'light' for the worker the first tries of a run go to (only the light tasks' code) and
 * 'heavy' for the one that loads tfjs and danfojs for the heavy tries the pool sends it (workerPool.ts): its heavy steps
 * first, the light tasks' code after, as the other worker already has it when a run's first tries come.
 */
export type WarmUpShare = 'all' | 'light' | 'heavy';

export interface TaskWorkerApi {
  /** Called once, right after the worker starts. */
  connect(sink: TaskLogSink): void;
  /** Called once, right after `connect`, in memory mode only: the main thread's storage (a comlink proxy). */
  connectStorage(storage: TaskStorage): void;
  runTask(request: TaskRequest): Promise<TaskResult>;
  /**
   * Loads (and evaluates) the code of every task the worker knows, tfjs and danfojs included, so that a first try
   * does not wait for it; the pool calls it on the workers it starts in idle time. Resolves when done; a chunk that
   * fails to load is left for the try that needs it to report.
   */
  warmUp(share?: WarmUpShare): Promise<void>;
}

/**
 * The pool's hot path, beside comlink: a try goes to its worker as one plain message and its result comes back as
 * one, matched by a number. Comlink would add, per try, a random id, a proxy, wire-value wrapping and a listener
 * lookup on both threads — small, but paid 10,000 times in a 10,000-task run (tryChannel.ts serves it).
 */
export interface TryMessage {
  readonly kind: 'pp-try';
  readonly seq: number;
  readonly request: TaskRequest;
}

export interface TryResultMessage {
  readonly kind: 'pp-try-result';
  readonly seq: number;
  readonly result: TaskResult;
}

export const isTryMessage = (data: unknown): data is TryMessage =>
  typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'pp-try';

export const isTryResultMessage = (data: unknown): data is TryResultMessage =>
  typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'pp-try-result';

/** Identifies a try across the thread boundary (log lines, stop requests). */
export const tryKey = (r: Pick<TaskRequest, 'runId' | 'taskId' | 'tryNumber'>) => `${r.runId}/${r.taskId}/${r.tryNumber}`;
