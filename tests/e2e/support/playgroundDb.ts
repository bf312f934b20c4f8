import type { Page } from '@playwright/test';

/**
 * Reads the playground's IndexedDB straight from the page, bypassing the UI: what was really stored. Plain records
 * come back to the test as they are; columns (typed arrays) are summarised in the page, since only their lengths,
 * contents and hashes matter to a test.
 */

/** Every record of one object store. */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  const records = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, store);
  return records as T[];
}

export interface StoredTry {
  readonly state: string;
  readonly startDate: number | null;
  readonly endDate: number | null;
  readonly error?: { readonly name: string; readonly message: string };
  /** The try was lost with the page that ran it (closed or reloaded while in flight). */
  readonly lost?: boolean;
}

export interface StoredInstance {
  readonly taskId: string;
  readonly state: string;
  readonly tries: readonly StoredTry[];
  readonly outputs: readonly { readonly datasetId: string; readonly versionId: string }[];
}

export interface StoredRun {
  readonly id: string;
  readonly dagId: string;
  readonly runType: string;
  readonly state: string;
  readonly seq: number;
  readonly tasks: Readonly<Record<string, StoredInstance>>;
}

/** The stored runs of a DAG with their task instances by task id, oldest first. */
export async function storedRuns(page: Page, dagId: string): Promise<StoredRun[]> {
  const [runs, blocks] = await Promise.all([
    readStore<Omit<StoredRun, 'tasks'>>(page, 'runs'),
    // A run's task instances, several to a record (src/runtime/storage/taskBlocks.ts).
    readStore<{ runId: string; tasks: StoredInstance[] }>(page, 'taskBlocks'),
  ]);
  return runs
    .filter((r) => r.dagId === dagId)
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({ ...r, tasks: Object.fromEntries(blocks.filter((b) => b.runId === r.id).flatMap((b) => b.tasks.map((ti) => [ti.taskId, ti]))) }));
}

export interface StoredVersion {
  readonly id: string;
  readonly datasetId: string;
  readonly createdAt: number;
  readonly committed?: boolean;
  readonly contentHash?: string;
  readonly inputs?: readonly string[];
  readonly models?: readonly string[];
}

/** The newest committed version of a dataset, or undefined. */
export async function latestStoredVersion(page: Page, datasetId: string): Promise<StoredVersion | undefined> {
  const versions = await readStore<StoredVersion>(page, 'datasetVersions');
  return versions
    .filter((v) => v.datasetId === datasetId && v.committed !== false)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

export interface ColumnSummary {
  readonly names: readonly string[];
  readonly lengths: Readonly<Record<string, number>>;
  readonly allFinite: boolean;
  /** `<rows>:<columns>:<FNV-1a over the names and every column's bytes>`. */
  readonly fingerprint: string;
}

/** A summary of each version's stored columns; null for a version that is not stored (anymore). */
export async function columnSummaries(page: Page, versionIds: readonly string[]): Promise<Record<string, ColumnSummary | null>> {
  return page.evaluate(async (ids) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    type Stored = { names: string[]; columns: { [name: string]: Float32Array | Float64Array }; rowCount: number };
    const store = db.transaction('datasetColumns').objectStore('datasetColumns');
    const records = await Promise.all(
      ids.map(
        (id) =>
          new Promise<Stored | undefined>((resolve, reject) => {
            const request = store.get(id);
            request.onsuccess = () => resolve(request.result as Stored | undefined);
            request.onerror = () => reject(request.error);
          }),
      ),
    );
    db.close();
    const fnv = (hash: number, bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
      return hash >>> 0;
    };
    return Object.fromEntries(
      ids.map((id, i) => {
        const record = records[i];
        if (!record) return [id, null];
        let hash = fnv(0x811c9dc5, new TextEncoder().encode(JSON.stringify(record.names)));
        const lengths: Record<string, number> = {};
        let allFinite = true;
        for (const name of record.names) {
          const column = record.columns[name]!;
          lengths[name] = column.length;
          for (let k = 0; k < column.length && allFinite; k++) allFinite = Number.isFinite(column[k]);
          hash = fnv(hash, new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
        }
        const fingerprint = `${record.rowCount}:${record.names.length}:${hash.toString(16).padStart(8, '0')}`;
        return [id, { names: record.names, lengths, allFinite, fingerprint }];
      }),
    );
  }, versionIds);
}
