import { byteSizeOf, schemaOf, type ColumnTable } from '../../core/columns';
import { datasetVersionId, type DatasetId, type DatasetVersionId } from '../../core/ids';
import type { DatasetEventSource } from '../../core/model';
import { fnv1a } from '../../core/retryDelay';
import type { Database } from './database';
import type { DatasetVersionMeta } from './schema';

/**
 * Writes one dataset version: its metadata and its columns, in one transaction, so a version is either whole or
 * absent. The id is derived from the producing try, which makes a re-run of the same try overwrite, not duplicate.
 */
export async function writeDatasetVersion(
  db: Database,
  datasetId: DatasetId,
  table: ColumnTable,
  producedBy: DatasetEventSource,
  createdAt: number,
): Promise<DatasetVersionMeta> {
  const id = datasetVersionId(`${datasetId}@${producedBy.runId}/${producedBy.taskId}/${producedBy.tryNumber}`);
  const schema = schemaOf(table);
  const meta: DatasetVersionMeta = {
    id,
    datasetId,
    createdAt,
    rowCount: table.rowCount,
    schema,
    schemaHash: fnv1a(JSON.stringify(schema)).toString(16).padStart(8, '0'),
    byteSize: byteSizeOf(table),
    producedBy,
  };
  const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readwrite');
  await Promise.all([
    tx.objectStore('datasetVersions').put(meta),
    tx.objectStore('datasetColumns').put({ id, names: table.names, columns: table.columns, rowCount: table.rowCount }),
    tx.done,
  ]);
  return meta;
}

export async function readDatasetVersion(db: Database, id: DatasetVersionId): Promise<ColumnTable> {
  const record = await db.get('datasetColumns', id);
  if (!record) throw new Error(`Dataset version "${id}" is not stored (deleted, or never written).`);
  return { names: record.names, columns: record.columns, rowCount: record.rowCount };
}

/** Every stored version's metadata, newest first. Reads no columns. */
export async function listDatasetVersions(db: Database): Promise<DatasetVersionMeta[]> {
  const all = await db.getAll('datasetVersions');
  return all.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

export async function latestVersionOf(db: Database, datasetId: DatasetId): Promise<DatasetVersionMeta | undefined> {
  const versions = await db.getAllFromIndex('datasetVersions', 'byDataset', datasetId);
  return versions.sort((a, b) => b.createdAt - a.createdAt)[0];
}
