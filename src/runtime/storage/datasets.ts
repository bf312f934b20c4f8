import { byteSizeOf, schemaOf, type ColumnTable } from '../../core/columns';
import { datasetVersionId, type DatasetId, type DatasetVersionId } from '../../core/ids';
import type { DatasetEventSource } from '../../core/model';
import { fnv1a } from '../../core/retryDelay';
import { contentHashOf } from './contentHash';
import type { Database } from './database';
import { guardQuota } from './quota';
import { deleteVersionColumns, readVersionColumns, versionRecords } from './versionParts';
import type { DatasetVersionMeta, Lineage } from '../../core/records';
import { quoted } from '../../core/displayText';

export interface WriteDatasetOptions {
  /** What the producing task read (lineage); empty when left out. */
  readonly lineage?: Partial<Lineage>;
  /**
   * Versions written by a task are staged (false, the default) until the transaction recording their dataset event
   * commits them. True writes a visible version at once: for data that has no event to wait for (benchmarks, tests).
   */
  readonly committed?: boolean;
}

/** The id of the version a try writes for a dataset: a re-run of the same try overwrites, never duplicates. */
export const versionIdOf = (datasetId: DatasetId, producedBy: DatasetEventSource): DatasetVersionId =>
  datasetVersionId(`${datasetId}@${producedBy.runId}/${producedBy.taskId}/${producedBy.tryNumber}`);

/**
 * Writes one dataset version: its metadata and its columns (one record, or row-chunk parts for a version larger than
 * one record may be: versionParts.ts), in one transaction, so a version is either whole or absent. It is staged (`committed: false`, invisible to every listing) until saveSchedulerChanges records its event
 * in the transaction that commits it: a try that fails leaves no visible version and no event. The content hash is
 * computed here, by the writer (a worker), and a full disk fails with a StorageFullError that says what to do.
 */
export async function writeDatasetVersion(
  db: Database,
  datasetId: DatasetId,
  table: ColumnTable,
  producedBy: DatasetEventSource,
  createdAt: number,
  options: WriteDatasetOptions = {},
): Promise<DatasetVersionMeta> {
  const id = versionIdOf(datasetId, producedBy);
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
    committed: options.committed ?? false,
    contentHash: contentHashOf(table),
    inputs: [...new Set(options.lineage?.inputs ?? [])],
    upstreamOutputs: [...new Set(options.lineage?.upstreamOutputs ?? [])],
    models: [...new Set(options.lineage?.models ?? [])],
  };
  const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readwrite');
  await guardQuota(
    `version ${id} of asset ${datasetId} (${formatSize(meta.byteSize)})`,
    () => {
      const columns = tx.objectStore('datasetColumns');
      // A re-run of the same try replaces its version: whatever shape was stored under the id goes first.
      const requests: Promise<unknown>[] = [tx.objectStore('datasetVersions').put(meta), ...deleteVersionColumns(columns, id)];
      for (const record of versionRecords(id, table)) requests.push(columns.put(record));
      return Promise.all([...requests, tx.done]);
    },
    () => tx.error,
  );
  return meta;
}

/**
 * Reads a version's columns by id (staged or committed: the id comes from an event, or from the writer itself), whole,
 * whether stored as one record or as parts (versionParts.ts).
 */
export async function readDatasetVersion(db: Database, id: DatasetVersionId): Promise<ColumnTable> {
  const tx = db.transaction('datasetColumns', 'readonly');
  const table = await readVersionColumns(tx.store, id);
  await tx.done;
  if (!table) throw new Error(`Asset version ${quoted(id)} is not stored (deleted, or never written).`);
  return table;
}

/** A version's metadata whether staged or committed (fields added since it was written get their defaults). */
export async function getVersionMeta(db: Database, id: DatasetVersionId): Promise<DatasetVersionMeta | undefined> {
  const meta = await db.get('datasetVersions', id);
  return meta && withDefaults(meta);
}

/** Every committed version's metadata, newest first. Reads no columns; staged versions are left out. */
export async function listDatasetVersions(db: Database): Promise<DatasetVersionMeta[]> {
  const all = await db.getAll('datasetVersions');
  return all
    .filter(isCommitted)
    .map(withDefaults)
    .sort(newestFirst);
}

/** Versions written by tries whose events are not recorded yet (in flight, or left behind by a failed try). */
export async function listStagedVersions(db: Database): Promise<DatasetVersionMeta[]> {
  const all = await db.getAll('datasetVersions');
  return all
    .filter((meta) => !isCommitted(meta))
    .map(withDefaults)
    .sort(newestFirst);
}

/** The newest committed version of a dataset: what a run triggered by hand reads. */
export async function latestVersionOf(db: Database, datasetId: DatasetId): Promise<DatasetVersionMeta | undefined> {
  const versions = await db.getAllFromIndex('datasetVersions', 'byDataset', datasetId);
  const latest = versions.filter(isCommitted).sort(newestFirst)[0];
  return latest && withDefaults(latest);
}

/** Makes a staged version visible. saveSchedulerChanges does this itself, inside the event's transaction. */
export async function commitDatasetVersion(db: Database, id: DatasetVersionId): Promise<boolean> {
  const tx = db.transaction('datasetVersions', 'readwrite');
  const meta = await tx.store.get(id);
  if (meta && !isCommitted(meta)) await tx.store.put({ ...meta, committed: true });
  await tx.done;
  return meta !== undefined;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly id: DatasetVersionId;
  /** The hash stored in the version's metadata when it was written. */
  readonly expected: string | null;
  /** The hash of the columns as stored now; null when they are missing. */
  readonly actual: string | null;
}

/** Recomputes a version's content hash from its stored columns and compares it with the one written beside them. */
export async function verifyVersion(db: Database, id: DatasetVersionId): Promise<VerifyResult> {
  const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readonly');
  const [meta, table] = await Promise.all([
    tx.objectStore('datasetVersions').get(id),
    readVersionColumns(tx.objectStore('datasetColumns'), id).catch(() => undefined), // parts missing: no hash
  ]);
  await tx.done;
  const expected = meta?.contentHash || null;
  const actual = table ? contentHashOf(table) : null;
  return { ok: expected !== null && expected === actual, id, expected, actual };
}

/** Records written before staging existed have no `committed` field: they were visible, so they count as committed. */
export function isCommitted(meta: Pick<DatasetVersionMeta, 'committed'>): boolean {
  return (meta as { committed?: boolean }).committed !== false;
}

/** Fills fields added after a record was written, so callers can rely on the current shape. */
export function withDefaults(meta: DatasetVersionMeta): DatasetVersionMeta {
  const partial = meta as Partial<DatasetVersionMeta> & DatasetVersionMeta;
  if (partial.inputs && partial.upstreamOutputs && partial.models && partial.contentHash !== undefined && partial.committed !== undefined) {
    return meta;
  }
  return {
    ...meta,
    committed: isCommitted(meta),
    contentHash: partial.contentHash ?? '',
    inputs: partial.inputs ?? [],
    upstreamOutputs: partial.upstreamOutputs ?? [],
    models: partial.models ?? [],
  };
}

// Ties (the same millisecond) by id in code-unit order: any fixed order does, and localeCompare would start ICU (tens of
// ms, once per thread) on the page in the middle of a run.
export const newestFirst = (a: DatasetVersionMeta, b: DatasetVersionMeta) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
