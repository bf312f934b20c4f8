import type { DBSchema } from 'idb';
import type { Column } from '../../core/columns';
import type { RunId, TaskId } from '../../core/ids';
import type { LogLine } from '../../core/logLine';
import type { DagRun, DatasetEvent, TaskInstance } from '../../core/model';
import type { SchedulerCheckpoint } from '../../core/schedulerState';
import type { DagDocument } from '../../dagfile/dagDocument';
import type { StoredTaskBlock } from './taskBlocks';
import type { DatasetVersionMeta, Lineage, ModelRecord } from '../../core/records';

/**
 * 2 added `dagVersions` and `workspaceFiles` (the editor); an upgrade from 1 keeps every store and record. 3 stores task
 * instances TASK_BLOCK_SIZE to a record (`taskBlocks`, taskBlocks.ts) instead of one each (`taskInstances`): the
 * upgrade moves every stored instance into its run's blocks, in the order a load read them before.
 */
export const DB_VERSION = 3;
export const DEFAULT_DB_NAME = 'pipeline-playground';

/** The columns of one dataset version or task output: one record, one typed array per column. */
export interface ColumnsRecord {
  readonly id: string;
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
  readonly rowCount: number;
}

/** A dataset version's columns are one ColumnsRecord keyed by the version id, or parts keyed `[versionId, part]`. */
export type DatasetColumnsKey = string | [string, number];

/** One row chunk of a version too large for one record (versionParts.ts): rows `rowOffset` … `rowOffset + rowCount − 1`. */
export interface ColumnsPartRecord {
  readonly id: [string, number];
  readonly part: number;
  readonly parts: number;
  readonly rowOffset: number;
  /** Rows in this part. */
  readonly rowCount: number;
  /** Rows in the whole version. */
  readonly totalRows: number;
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
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

/**
 * One saved version of a DAG written in the editor (Airflow 3's DAG version): numbered per DAG from 1, with the file it
 * came from and a content hash of the definition (file text included). Saving an unchanged DAG makes no new version.
 */
export interface StoredDagVersion {
  /** `${dagId}@v${version}`. */
  readonly id: string;
  readonly dagId: string;
  readonly version: number;
  readonly hash: string;
  readonly fileName: string;
  /** The whole file as it was saved: what the Code tab of a run of this version shows. */
  readonly text: string;
  readonly savedAt: number;
}

/**
 * A file of an editor workspace. `workspace` keeps workspaces apart in one store: `own` is the person's files; a
 * share link (issue 15) opens into a scratch workspace of its own name. An embed opens a database of its own.
 */
export interface StoredWorkspaceFile {
  readonly workspace: string;
  readonly name: string;
  /** The draft: saved on every (debounced) keystroke. */
  readonly text: string;
  /** Where the cursor was (offsets into `text`), restored with the draft. */
  readonly cursor: { readonly anchor: number; readonly head: number };
  /** Bumped on every write: a tab that sees a newer revision than the one it loaded knows another tab wrote. */
  readonly revision: number;
  /** Which tab wrote it last (a random id per page load). */
  readonly writer: string;
  readonly updatedAt: number;
  /** The text last saved and run from this file; null until it was. */
  readonly deployed: { readonly text: string; readonly at: number } | null;
  /** Set when the file was deleted: it stays in the trash, restorable, until the next session purges it. */
  readonly trashedAt: number | null;
}

/** The files saved and run from the editor, kept so boot can read them again and schedule their DAGs. */
export interface StoredAuthoredFiles {
  readonly kind: 'authored-files';
  readonly files: readonly StoredAuthoredFile[];
}

export interface StoredAuthoredFile {
  readonly fileName: string;
  readonly text: string;
  readonly deployedAt: number;
  /** DAG ids a newer JSON import took over: the file still declares them, but the imported ones run. */
  readonly shadowed: readonly string[];
}

export interface StoredLogLine extends LogLine {
  readonly key: string;
}

/** A run without its task instances: those are stored in blocks (taskBlocks.ts), so a step writes only what it changed. */
export type StoredRun = Omit<DagRun, 'tasks'>;

/** How versions 1 and 2 stored a task instance (one record each, in `taskInstances`): read only by the upgrade to 3. */
export interface LegacyTaskInstance extends TaskInstance {
  readonly runId: RunId;
  readonly position: number;
}

export interface PlaygroundDb extends DBSchema {
  datasetVersions: { key: string; value: DatasetVersionMeta; indexes: { byDataset: string } };
  datasetColumns: { key: DatasetColumnsKey; value: ColumnsRecord | ColumnsPartRecord };
  datasetEvents: { key: number; value: DatasetEvent; indexes: { byDataset: string } };
  taskOutputs: { key: string; value: TaskOutputRecord; indexes: { byRun: string } };
  runs: { key: string; value: StoredRun; indexes: { byDag: string } };
  taskBlocks: { key: [string, number]; value: StoredTaskBlock };
  logs: { key: [string, number]; value: StoredLogLine; indexes: { byRun: string } };
  models: { key: string; value: ModelRecord };
  /**
   * Key `scheduler`: the checkpoint (runs.ts); key `importedDags`: the imported DAG definitions (dagImports.ts); key
   * `authoredFiles`: the files saved and run from the editor (authoredFiles.ts).
   */
  meta: { key: string; value: SchedulerCheckpoint | StoredDagImports | StoredAuthoredFiles };
  dagVersions: { key: string; value: StoredDagVersion; indexes: { byDag: string } };
  workspaceFiles: { key: [string, string]; value: StoredWorkspaceFile; indexes: { byWorkspace: string } };
}
