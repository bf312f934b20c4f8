import type { ErrorInfo, JsonValue } from './json';
import type { DagId, DatasetEventId, DatasetId, DatasetVersionId, RunId, TaskId } from './ids';
import type { RunState, TaskState } from './states';

/** One attempt at a task. Issue #3's retries add more than one per task instance. */
export interface TaskTry {
  readonly tryNumber: number;
  readonly state: TaskState;
  readonly queuedAt: number;
  readonly startDate: number | null;
  readonly endDate: number | null;
  readonly error?: ErrorInfo;
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
  readonly tries: readonly TaskTry[];
  readonly startDate: number | null;
  readonly endDate: number | null;
  readonly error?: ErrorInfo;
  /** Small result for the UI, like Airflow's XCom `return_value` (metrics, counts). */
  readonly returnValue?: JsonValue;
  readonly outputs: readonly DatasetOutput[];
}

export type RunType = 'manual' | 'dataset_triggered';

/** The producing side of a dataset event; null for events created by hand (issue #3). */
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
  readonly tasks: Readonly<Record<TaskId, TaskInstance>>;
}
