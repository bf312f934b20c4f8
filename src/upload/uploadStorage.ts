import type { ColumnTable } from '../core/columns';
import { dagId, runId, taskId, type DatasetId } from '../core/ids';
import type { DatasetEventSource } from '../core/model';
import { contentHashOf } from '../runtime/storage/contentHash';
import type { Database } from '../runtime/storage/database';
import { writeDatasetVersion } from '../runtime/storage/datasets';
import type { DatasetVersionMeta } from '../core/records';

/** What stores an upload: the database itself, or (in memory mode) the main thread's, reached through comlink. */
export interface UploadWriter {
  writeUploadedVersion(datasetId: DatasetId, table: ColumnTable, uploadedAt: number): Promise<DatasetVersionMeta>;
}

/**
 * Who "produced" an upload, in the shape lineage records for task tries: no DAG ran, so the source names the upload
 * itself. The run id carries the time and the content hash, so two uploads never share a version id, and the same
 * upload stored twice (a retried write) replaces its own version instead of adding one.
 */
export function uploadSource(uploadedAt: number, contentHash: string): DatasetEventSource {
  return {
    dagId: dagId('upload'),
    runId: runId(`upload__${new Date(uploadedAt).toISOString()}__${contentHash.slice(0, 8)}`),
    taskId: taskId('upload_csv'),
    tryNumber: 1,
  };
}

/**
 * Stores a validated upload as a committed version, whole or not at all (one transaction, like every version), with
 * its content hash and an empty lineage: it was read from a person's file, not made from stored data. Committed at
 * once: no task wrote it, so no dataset event will commit it (the producer run that reads it records its own events).
 * A full disk fails with StorageFullError's message and leaves everything stored as it was.
 */
export function storeUploadedVersion(db: Database, datasetId: DatasetId, table: ColumnTable, uploadedAt: number): Promise<DatasetVersionMeta> {
  return writeDatasetVersion(db, datasetId, table, uploadSource(uploadedAt, contentHashOf(table)), uploadedAt, { committed: true });
}

export const databaseUploadWriter = (db: Database): UploadWriter => ({
  writeUploadedVersion: (datasetId, table, uploadedAt) => storeUploadedVersion(db, datasetId, table, uploadedAt),
});
