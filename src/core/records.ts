import type { ColumnSchemaEntry } from './columns';
import type { DatasetId, DatasetVersionId, TaskId } from './ids';
import type { JsonValue } from './json';
import type { DatasetEventSource } from './model';
import type { ColumnStats, DriftReport, EpochMetrics, FittedScaler, ModelKind, SplitMetrics, SplitSizes } from './training';

/**
 * The records the playground keeps besides runs (core/model.ts): dataset versions with their lineage, and trained
 * models. Plain data shared by the task API (a task saves and loads models), the storage schema (IndexedDB keeps them
 * as they are) and the views (which list them): none of those imports another for them.
 */

/** What the UI lists about a dataset version without reading its columns. */
export interface DatasetVersionMeta {
  readonly id: DatasetVersionId;
  readonly datasetId: DatasetId;
  readonly createdAt: number;
  readonly rowCount: number;
  readonly schema: readonly ColumnSchemaEntry[];
  /** A short hash of the column names and types: equal hashes, same schema. */
  readonly schemaHash: string;
  readonly byteSize: number;
  /** Lineage: the task try that wrote it. */
  readonly producedBy: DatasetEventSource;
  /**
   * False while the version is staged: written by a try whose dataset event is not recorded yet. The transaction that
   * records the event sets it to true; nothing lists or reads a staged version as data (see datasets.ts). Missing in
   * records written before staging existed, which count as committed.
   */
  readonly committed: boolean;
  /** 64-bit hash of the names, dtypes, row count and column bytes (contentHash.ts), computed by the writer. */
  readonly contentHash: string;
  /** Lineage: the dataset versions the producing task read (directly, or through an upstream task's output). */
  readonly inputs: readonly DatasetVersionId[];
  /** Lineage: the upstream tasks of the same run whose outputs (taskOutputs) the producing task read. */
  readonly upstreamOutputs: readonly TaskId[];
  /** Lineage: the models (ModelRecord ids) the producing task used, e.g. to predict. */
  readonly models: readonly string[];
}

/** What a task read, carried with what it writes so that lineage survives the hop through a task output. */
export interface Lineage {
  readonly inputs: readonly DatasetVersionId[];
  readonly upstreamOutputs: readonly TaskId[];
  readonly models: readonly string[];
}

export interface ModelRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly producedBy: DatasetEventSource;
  readonly trainedOn: DatasetVersionId | null;
  /** tfjs ModelArtifacts without the weights buffer (topology, weight specs, format). */
  readonly artifacts: JsonValue;
  readonly weightData: ArrayBuffer;
  /**
   * Flat figures: testR2, testRmse, testMae, trainMs; newer models add trainR2/validationR2 (and RMSE/MAE),
   * olsTestR2 (the closed-form reference) and epochsRun.
   */
  readonly metrics: Readonly<Record<string, number>>;
  /**
   * False while the model is staged: stored by a try whose success is not recorded yet. The write that records that
   * success sets it to true (runtime/storage/runs.ts, saveSchedulerChanges); nothing lists a staged model. Missing in
   * models stored before staging existed, which count as committed.
   */
  readonly committed?: boolean;
  /** Fields below are absent in models stored before model versions had them: show them as unknown. */
  readonly kind?: ModelKind;
  /** The DAG params of the run that trained it, and the seed and tfjs backend it used. */
  readonly params?: Readonly<Record<string, JsonValue>>;
  readonly seed?: number;
  readonly backend?: string;
  /** Standardization fitted on the training rows only; applied to every row this model predicts. */
  readonly scaler?: FittedScaler;
  readonly split?: SplitSizes;
  /** Per-split metrics (also flattened into `metrics`). */
  readonly splits?: { readonly train: SplitMetrics; readonly validation: SplitMetrics; readonly test: SplitMetrics };
  /** Loss per epoch, for the training curve of a finished model. */
  readonly history?: readonly EpochMetrics[];
  /**
   * Statistics of the features (raw units) of the version it was trained on, as featurize recorded them: what drift
   * checks compare new data with.
   */
  readonly featureStats?: Readonly<Record<string, ColumnStats>>;
  /** The drift check of the run that trained it: its input against the model that was newest before it. */
  readonly drift?: DriftReport;
}
