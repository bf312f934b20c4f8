import { transfer } from 'comlink';
import { transferablesOf, type ColumnTable } from '../../core/columns';
import type { DatasetId, DatasetVersionId, RunId, TaskId } from '../../core/ids';
import type { DatasetEventSource } from '../../core/model';
import type { Database } from '../storage/database';
import { getVersionMeta, latestVersionOf, readDatasetVersion, writeDatasetVersion, type WriteDatasetOptions } from '../storage/datasets';
import { deleteVersionColumns } from '../storage/versionParts';
import { loadModel, newestModelId, saveModel } from '../storage/models';
import type { DatasetVersionMeta, Lineage, ModelRecord } from '../../core/records';
import { readTaskOutputWithLineage, writeTaskOutput } from '../storage/taskOutputs';

/**
 * Everything a task try stores or reads, as one interface. Normally a worker implements it over its own IndexedDB
 * connection (`databaseTaskStorage`); where the page cannot open IndexedDB, the main thread implements it over its
 * in-memory database and hands each worker a comlink proxy of it (`mainThreadTaskStorage`, `remoteTaskStorage`).
 */
export interface TaskStorage {
  readTaskOutputWithLineage(runId: RunId, taskId: TaskId): Promise<{ table: ColumnTable; lineage: Lineage }>;
  writeTaskOutput(runId: RunId, taskId: TaskId, table: ColumnTable, lineage?: Lineage): Promise<void>;
  latestVersionOf(datasetId: DatasetId): Promise<DatasetVersionMeta | undefined>;
  readDatasetVersion(versionId: DatasetVersionId): Promise<ColumnTable>;
  /** A version's metadata (row count, schema, size) without reading its columns; undefined when it is not stored. */
  versionMeta(versionId: DatasetVersionId): Promise<DatasetVersionMeta | undefined>;
  writeDatasetVersion(
    datasetId: DatasetId,
    table: ColumnTable,
    producedBy: DatasetEventSource,
    createdAt: number,
    options?: WriteDatasetOptions,
  ): Promise<DatasetVersionMeta>;
  loadModel(modelId: string): Promise<ModelRecord>;
  saveModel(model: ModelRecord): Promise<void>;
  newestModelId(): Promise<string | null>;
  /** Best effort: drops the versions and models a failed try staged (committed ones are never touched); never rejects. */
  discardStaged(ids: readonly DatasetVersionId[], models?: readonly string[]): Promise<void>;
}

/** The storage functions over one database (a worker's own IndexedDB connection, or the main thread's). */
export function databaseTaskStorage(db: Database): TaskStorage {
  return {
    readTaskOutputWithLineage: (runId, taskId) => readTaskOutputWithLineage(db, runId, taskId),
    writeTaskOutput: (runId, taskId, table, lineage) => writeTaskOutput(db, runId, taskId, table, lineage),
    latestVersionOf: (datasetId) => latestVersionOf(db, datasetId),
    readDatasetVersion: (versionId) => readDatasetVersion(db, versionId),
    versionMeta: (versionId) => getVersionMeta(db, versionId),
    writeDatasetVersion: (datasetId, table, producedBy, createdAt, options) =>
      writeDatasetVersion(db, datasetId, table, producedBy, createdAt, options),
    loadModel: (modelId) => loadModel(db, modelId),
    saveModel: (model) => saveModel(db, model),
    newestModelId: () => newestModelId(db),
    discardStaged: (ids, models) => discardStaged(db, ids, models),
  };
}

const distinct = (buffers: readonly ArrayBuffer[]) => [...new Set(buffers)];

/**
 * The main thread's side, to pass (wrapped in comlink's `proxy()`) to each worker once. What it reads was cloned out
 * of the database for this call only, so its column buffers are transferred to the worker rather than copied.
 */
export function mainThreadTaskStorage(db: Database): TaskStorage {
  const local = databaseTaskStorage(db);
  return {
    ...local,
    async readTaskOutputWithLineage(runId, taskId) {
      const read = await local.readTaskOutputWithLineage(runId, taskId);
      return transfer(read, distinct(transferablesOf(read.table)));
    },
    async readDatasetVersion(versionId) {
      const table = await local.readDatasetVersion(versionId);
      return transfer(table, distinct(transferablesOf(table)));
    },
    async loadModel(modelId) {
      const model = await local.loadModel(modelId);
      return transfer(model, [model.weightData]);
    },
  };
}

/**
 * The worker's side of the main thread's storage (`remote` is the comlink proxy `connectStorage` received). Tables a
 * task writes are copied, not transferred: the task keeps using them after writing (a transfer would detach them).
 */
export function remoteTaskStorage(remote: TaskStorage): TaskStorage {
  return {
    readTaskOutputWithLineage: (runId, taskId) => remote.readTaskOutputWithLineage(runId, taskId),
    writeTaskOutput: (runId, taskId, table, lineage) => remote.writeTaskOutput(runId, taskId, table, lineage),
    latestVersionOf: (datasetId) => remote.latestVersionOf(datasetId),
    readDatasetVersion: (versionId) => remote.readDatasetVersion(versionId),
    versionMeta: (versionId) => remote.versionMeta(versionId),
    writeDatasetVersion: (datasetId, table, producedBy, createdAt, options) =>
      remote.writeDatasetVersion(datasetId, table, producedBy, createdAt, options),
    loadModel: (modelId) => remote.loadModel(modelId),
    saveModel: (model) => remote.saveModel(model),
    newestModelId: () => remote.newestModelId(),
    discardStaged: (ids, models) => remote.discardStaged(ids, models).catch(() => undefined),
  };
}

/** Best effort: a failure here only leaves junk for collectStagedVersions. Committed records are never touched. */
async function discardStaged(db: Database, ids: readonly DatasetVersionId[], models: readonly string[] = []): Promise<void> {
  try {
    const tx = db.transaction(['datasetVersions', 'datasetColumns', 'models'], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    for (const id of ids) {
      const meta = await tx.objectStore('datasetVersions').get(id);
      if (meta && meta.committed === false) {
        await Promise.all([tx.objectStore('datasetVersions').delete(id), ...deleteVersionColumns(tx.objectStore('datasetColumns'), id)]);
      }
    }
    for (const id of models) {
      const model = await tx.objectStore('models').get(id);
      if (model && model.committed === false) await tx.objectStore('models').delete(id);
    }
    await done;
  } catch {
    // Left for collectStagedVersions.
  }
}
