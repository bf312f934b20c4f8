import type { DBSchema } from 'idb';
import type { Column } from '../../core/columns';
import type { RunId, TaskId } from '../../core/ids';
import type { LogLine } from '../../core/logLine';
import type { DagRun, DatasetEvent, TaskInstance } from '../../core/model';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { DagDocument } from '../../dagfile/dagDocument';
import type { DatasetVersionMeta, Lineage, ModelRecord } from '../../core/records';

export const DB_VERSION = 1;
export const DEFAULT_DB_NAME = 'pipeline-playground';

/** The columns of one dataset version or task output: one record, one typed array per column. */
export interface ColumnsRecord {
  readonly id: string;
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
  readonly rowCount: number;
}

/** A task's intermediate result handed to its downstream tasks (Airflow's XCom, but columnar and in IndexedDB). */
export interface TaskOutputRecord extends ColumnsRecord {
  readonly runId: RunId;
  readonly taskId: TaskId;
  /** What the writing task had read; a task reading this output inherits it. Missing in older records. */
  readonly lineage?: Lineage;
}

/** The DAG definitions a person imported (a DAG document, see src/dagfile/dagDocument.ts), kept across reloads. */
export interface StoredDagImports {
  readonly kind: 'dag-imports';
  readonly savedAt: number;
  /** Checked again when read back: the registry or the built-in DAGs may have changed since. */
  readonly document: DagDocument;
}

export interface StoredLogLine extends LogLine {
  readonly key: string;
}

/** A run without its task instances: those are stored one record each, so a step writes only what it changed. */
export type StoredRun = Omit<DagRun, 'tasks'>;

export interface StoredTaskInstance extends TaskInstance {
  readonly runId: RunId;
  readonly position: number;
}

export interface PlaygroundDb extends DBSchema {
  datasetVersions: { key: string; value: DatasetVersionMeta; indexes: { byDataset: string } };
  datasetColumns: { key: string; value: ColumnsRecord };
  datasetEvents: { key: number; value: DatasetEvent; indexes: { byDataset: string } };
  taskOutputs: { key: string; value: TaskOutputRecord; indexes: { byRun: string } };
  runs: { key: string; value: StoredRun; indexes: { byDag: string } };
  taskInstances: { key: [string, string]; value: StoredTaskInstance; indexes: { byRun: string } };
  logs: { key: [string, number]; value: StoredLogLine; indexes: { byRun: string } };
  models: { key: string; value: ModelRecord };
  /** Key `scheduler`: the checkpoint (runs.ts); key `importedDags`: the imported DAG definitions (dagImports.ts). */
  meta: { key: string; value: SchedulerCheckpoint | StoredDagImports };
}
