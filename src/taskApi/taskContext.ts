import type { ColumnTable } from '../core/columns';
import type { DagId, DatasetId, DatasetVersionId, RunId, TaskId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { DatasetEvent, DatasetOutput } from '../core/model';
import type { TaskSettings } from './taskSettings';
import type { NotificationLevel } from '../core/dag';
import type { TrainingProgress } from '../core/training';
import type { ModelRecord } from '../core/records';

export interface TaskLogger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface DatasetVersionSummary {
  readonly rowCount: number;
  readonly names: readonly string[];
  readonly byteSize: number;
}

/** What a task's code gets, inside its worker. The shape a DAG author writes against. */
export interface TaskContext {
  readonly dagId: DagId;
  readonly runId: RunId;
  readonly taskId: TaskId;
  readonly tryNumber: number;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly settings: TaskSettings;
  readonly log: TaskLogger;
  /** The worker's clock, for timestamps on what the task stores. */
  now(): number;
  /** The dataset events that triggered this run; a consumer reads exactly these versions. */
  readonly triggeringEvents: readonly DatasetEvent[];
  /** The return value of an upstream task in this run. */
  upstreamResult(taskId: string): JsonValue;
  /**
   * The columnar output an upstream task left for this run. Lineage: what that task had read counts as read by this
   * one, and the upstream task is recorded in `upstreamOutputs` of the versions this task writes.
   */
  readUpstreamOutput(taskId: string): Promise<ColumnTable>;
  /** Leaves a columnar output for downstream tasks of this run. */
  writeOutput(table: ColumnTable): Promise<void>;
  /**
   * The version of `datasetId` this run works on: the one whose event triggered it, or — for a run triggered by
   * hand — the newest stored version (the log says which).
   */
  inputVersion(datasetId: DatasetId): Promise<DatasetVersionId>;
  /** Reads a version's columns; lineage records it among the inputs of what this task writes. */
  readDatasetVersion(versionId: DatasetVersionId): Promise<ColumnTable>;
  /**
   * A stored version's row count, column names and size, without reading its columns (a million-row version takes
   * seconds to read); fails with "… is not stored" when it is not. Like an XCom that passes a path, not the data.
   */
  describeDatasetVersion(versionId: DatasetVersionId): Promise<DatasetVersionSummary>;
  /** Loads a stored model; lineage records it among the models of what this task (or a downstream one) writes. */
  loadModel(modelId: string): Promise<ModelRecord>;
  /** Stores a trained model (its weights and metrics) for later tasks to load by id. */
  saveModel(model: ModelRecord): Promise<void>;
  /** The id of the most recently created stored model, or null when none is stored yet. */
  newestModelId(): Promise<string | null>;
  /**
   * Streams a training try's progress to the page (the UI's live curve), over a typed channel beside the log. Fire and
   * forget: the newest report replaces the previous one, so a task sends its whole history each time.
   */
  reportProgress(progress: TrainingProgress): void;
  /** Raises a notification for the person watching (a toast and the notification log), e.g. a drift warning. */
  notify(level: NotificationLevel, message: string): void;
  /**
   * Stores a new version of one of this task's outlets, staged (invisible) until the task succeeds and its dataset
   * event is recorded. Its metadata records the content hash and what the task read so far (its lineage); the event's
   * extra carries rowCount, columns, schemaHash and contentHash besides `extra`. Fails with "Browser storage is full…"
   * when the browser refuses to store it.
   */
  writeDataset(datasetId: DatasetId, table: ColumnTable, extra?: Record<string, JsonValue>): Promise<DatasetOutput>;
}

export type TaskFunction = (context: TaskContext) => Promise<JsonValue | void>;
