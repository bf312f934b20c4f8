import { byteSizeOf, type Column, type ColumnTable } from '../../core/columns';
import type { DatasetVersionId, RunId, TaskId } from '../../core/ids';
import type { Lineage } from '../../core/records';

/** What a worker keeps at most: ~40 housing-sized tables; far below what a worker may hold, and released oldest first. */
export const OUTPUT_CACHE_BYTES = 64 * 1024 * 1024;

/** A table larger than this is never kept (a big upload's columns would double the worker's memory for one read). */
export const OUTPUT_CACHE_TABLE_BYTES = 24 * 1024 * 1024;

type Entry = { readonly stamp: string; readonly table: ColumnTable; readonly lineage: Lineage | null; readonly bytes: number };

/** A copy of the columns: what the cache keeps never changes under it, and what it hands out is the reader's own. */
function copyOf(table: ColumnTable): ColumnTable {
  const columns: Record<string, Column> = {};
  for (const name of table.names) columns[name] = table.columns[name]!.slice();
  return { names: [...table.names], columns, rowCount: table.rowCount };
}

const copyLineage = (lineage: Lineage): Lineage => ({
  inputs: [...lineage.inputs],
  upstreamOutputs: [...lineage.upstreamOutputs],
  models: [...lineage.models],
});

/**
 * The tables a task worker wrote or read lately, so a task downstream in the same worker takes them from memory instead
 * of IndexedDB (Chromium keeps values over ~64 kB in blob files: reading 1.5 MB of columns back took ~50-200 ms, a copy
 * here takes ~1 ms). IndexedDB stays the record: every write still goes there first, other readers (another worker, the
 * Assets page, a reload) read it there, and a miss here reads it there.
 *
 * An entry is served only when its stamp matches the one the reader names, and the stamp changes with every write:
 * - a task output (runs/…/taskOutputs) by its writer's try number, which the coordinator passes with each try
 *   (`TaskRequest.upstreamTries`): a cleared task re-run in the other worker writes under a new try number, so a copy
 *   kept here from the earlier try is never served (and is replaced when read again);
 * - a dataset version by its content hash, read from the version's small metadata record before each read (the columns
 *   read on a miss are kept only when their hash is the one the metadata names).
 */
export class OutputCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = OUTPUT_CACHE_BYTES,
    private readonly maxTableBytes = OUTPUT_CACHE_TABLE_BYTES,
  ) {}

  /** A copy of a task output kept under the writer's try number, or undefined. */
  taskOutput(dbName: string, runId: RunId, taskId: TaskId, tryNumber: number): { table: ColumnTable; lineage: Lineage } | undefined {
    const entry = this.get(`o\u0000${dbName}\u0000${runId}\u0000${taskId}`, String(tryNumber));
    return entry && { table: copyOf(entry.table), lineage: copyLineage(entry.lineage!) };
  }

  keepTaskOutput(dbName: string, runId: RunId, taskId: TaskId, tryNumber: number, table: ColumnTable, lineage: Lineage): void {
    this.put(`o\u0000${dbName}\u0000${runId}\u0000${taskId}`, String(tryNumber), table, copyLineage(lineage));
  }

  /** A copy of a dataset version's columns kept under its content hash, or undefined. */
  datasetVersion(dbName: string, versionId: DatasetVersionId, contentHash: string): ColumnTable | undefined {
    if (!contentHash) return undefined;
    const entry = this.get(`v\u0000${dbName}\u0000${versionId}`, contentHash);
    return entry && copyOf(entry.table);
  }

  keepDatasetVersion(dbName: string, versionId: DatasetVersionId, contentHash: string, table: ColumnTable): void {
    if (contentHash) this.put(`v\u0000${dbName}\u0000${versionId}`, contentHash, table, null);
  }

  /** Whether a table of this size would be kept at all (a reader skips hashing what it could not keep). */
  fits(table: ColumnTable): boolean {
    const bytes = byteSizeOf(table);
    return bytes <= this.maxTableBytes && bytes <= this.maxBytes;
  }

  /** Bytes held now (tests). */
  get size(): number {
    return this.bytes;
  }

  private get(key: string, stamp: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.stamp !== stamp) {
      // Written again since (another try, other content): this copy will never be asked for again.
      this.drop(key);
      return undefined;
    }
    // Most recently used last: the oldest go first when room is needed.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private put(key: string, stamp: string, table: ColumnTable, lineage: Lineage | null): void {
    this.drop(key);
    if (!this.fits(table)) return;
    const bytes = byteSizeOf(table);
    for (const [oldest] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
    this.entries.set(key, { stamp, table: copyOf(table), lineage, bytes });
    this.bytes += bytes;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

