import type { ErrorInfo, JsonValue } from './json';
import type { DagId, DatasetEventId, DatasetId, DatasetVersionId, RunId, TaskId } from './ids';
import type { RunState, TaskState } from './states';

/** One attempt at a task, with its own number, times, end state and (in storage) its own log. */
export interface TaskTry {
  readonly tryNumber: number;
  readonly state: TaskState;
  readonly queuedAt: number;
  readonly startDate: number | null;
  readonly endDate: number | null;
  readonly error?: ErrorInfo;
  /**
   * The try was lost with the page that ran it (closed or reloaded while it was queued or running): not a failure of
   * the task. Its state is `failed` (it did not succeed), and the next try took the task up without using a retry.
   */
  readonly lost?: true;
}

/** What a finished task hands on: the dataset versions it wrote, one per outlet. */
export interface DatasetOutput {
  readonly datasetId: DatasetId;
  readonly versionId: DatasetVersionId;
  readonly extra: Readonly<Record<string, JsonValue>>;
}

export interface TaskInstance {
  readonly taskId: TaskId;
  readonly state: TaskState;
  /** Number of the current (or last) try; 0 before the first. */
  readonly tryNumber: number;
  /** The try number after which a failure is final (retries + 1; clearing a task extends it, as in Airflow). */
  readonly maxTries: number;
  readonly tries: readonly TaskTry[];
  readonly startDate: number | null;
  readonly endDate: number | null;
  /** When an up_for_retry task may run again. */
  readonly nextRetryAt: number | null;
  readonly error?: ErrorInfo;
  /** Small result for the UI, like Airflow's XCom `return_value` (metrics, counts, a branch's choice). */
  readonly returnValue?: JsonValue;
  readonly outputs: readonly DatasetOutput[];
  /** Why a person changed this task by hand (mark success / failed, clear). */
  readonly note?: string;
}

export type RunType = 'manual' | 'dataset_triggered';

/** The producing side of a dataset event; null for events created by hand. */
export interface DatasetEventSource {
  readonly dagId: DagId;
  readonly runId: RunId;
  readonly taskId: TaskId;
  readonly tryNumber: number;
}

export interface DatasetEvent {
  readonly id: DatasetEventId;
  readonly datasetId: DatasetId;
  readonly versionId: DatasetVersionId | null;
  readonly timestamp: number;
  readonly source: DatasetEventSource | null;
  readonly extra: Readonly<Record<string, JsonValue>>;
}

export interface DagRun {
  readonly id: RunId;
  readonly dagId: DagId;
  readonly runType: RunType;
  readonly state: RunState;
  /** Creation order across all runs: sorts history without trusting clocks. */
  readonly seq: number;
  readonly queuedAt: number;
  readonly startDate: number | null;
  readonly endDate: number | null;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** The dataset events that created this run; its tasks read exactly these versions. */
  readonly triggeringEvents: readonly DatasetEvent[];
  /**
   * Task instances in the positions of the DAG's tasks (an array: a step copies it in microseconds even for 10,000
   * tasks, where copying a keyed object takes milliseconds). Instances of tasks since removed from the DAG follow.
   */
  readonly tasks: readonly TaskInstance[];
  /** How many task instances are not finished yet; the run ends when it reaches 0. */
  readonly unfinished: number;
  /** The version of its DAG the run was created with (`DagDefinition.version`); absent for unversioned DAGs. */
  readonly dagVersion?: number;
}

/** A task instance by id; for the UI and tests (the scheduler uses positions). */
export function findTask(run: DagRun, taskId: TaskId | string): TaskInstance | undefined {
  return run.tasks.find((ti) => ti.taskId === taskId);
}
