import { useEffect, useState } from 'react';
import type { ColumnSchemaEntry, ColumnTable } from '../../core/columns';
import type { ColumnStats } from '../../core/training';
import type { Database } from '../../runtime/storage/database';
import { readDatasetVersion } from '../../runtime/storage/datasets';
import type { DatasetVersionMeta } from '../../core/records';
import { columnStats, histogram, type HistogramBin } from '../../viz/charts/columnStats';
import { queueFrameTask } from '../../viz/charts/frameQueue';

/** How many versions' columns stay in memory (each is ~1 MB for the housing data). */
const KEPT_TABLES = 4;
const HISTOGRAM_BINS = 20;

/** A version is immutable once committed; its content hash guards against a re-run of the same try overwriting it. */
const cacheKey = (meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'>) => `${meta.id}#${meta.contentHash}`;
const tables = new Map<string, Promise<ColumnTable>>();

/**
 * A version's columns, read once and kept for the few versions looked at last: paging a preview, switching tabs or
 * re-rendering never reads IndexedDB again. (A read of 20k × 9 float columns takes 3–11 ms on the main thread.)
 */
export function loadVersionTable(db: Database, meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'>): Promise<ColumnTable> {
  const key = cacheKey(meta);
  let table = tables.get(key);
  if (table) {
    tables.delete(key);
  } else {
    table = readDatasetVersion(db, meta.id);
    table.catch(() => tables.delete(key));
  }
  tables.set(key, table);
  while (tables.size > KEPT_TABLES) tables.delete(tables.keys().next().value!);
  return table;
}

export interface ColumnSummary {
  readonly name: string;
  readonly dtype: ColumnSchemaEntry['dtype'];
  readonly stats: ColumnStats;
  readonly bins: readonly HistogramBin[];
}

const summaries = new WeakMap<ColumnTable, (ColumnSummary | null)[]>();

function summariseColumn(table: ColumnTable, name: string): ColumnSummary {
  const column = table.columns[name]!;
  return {
    name,
    dtype: column instanceof Float32Array ? 'float32' : 'float64',
    stats: columnStats(column),
    bins: histogram(column, HISTOGRAM_BINS),
  };
}

/**
 * The column summaries of a table, computed once per version (memoised on the table object) and one column per
 * animation frame: all 9 columns of the housing data at once take a long task on a busy machine. Columns not done yet
 * are null.
 */
export function useColumnSummaries(table: ColumnTable | null): readonly (ColumnSummary | null)[] | null {
  const [, setDone] = useState(0);
  useEffect(() => {
    if (!table) return;
    let done = summaries.get(table);
    if (!done) summaries.set(table, (done = table.names.map(() => null)));
    const row = done;
    const cancels = table.names.map((name, i) =>
      row[i]
        ? () => {}
        : queueFrameTask(() => {
            row[i] ??= summariseColumn(table, name);
            setDone((n) => n + 1);
          }),
    );
    return () => cancels.forEach((cancel) => cancel());
  }, [table]);
  return table ? (summaries.get(table) ?? table.names.map(() => null)) : null;
}

export type TableState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly table: ColumnTable }
  | { readonly status: 'error'; readonly message: string };

/** The columns of one version, loading; null meta or db → loading (nothing to read yet). */
export function useVersionTable(db: Database | null, meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'> | null): TableState {
  const [state, setState] = useState<{ key: string; value: TableState } | null>(null);
  const key = meta ? cacheKey(meta) : '';
  useEffect(() => {
    if (!db || !meta) return;
    let live = true;
    loadVersionTable(db, meta).then(
      (table) => live && setState({ key, value: { status: 'ready', table } }),
      (error: unknown) =>
        live && setState({ key, value: { status: 'error', message: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      live = false;
    };
    // meta is identified by its key: a new object for the same version reads nothing again.
  }, [db, key]);
  return state && state.key === key ? state.value : { status: 'loading' };
}
