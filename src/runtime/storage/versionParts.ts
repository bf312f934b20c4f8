import type { Column, ColumnTable } from '../../core/columns';
import { quoted } from '../../core/displayText';
import type { ColumnsPartRecord, ColumnsRecord, DatasetColumnsKey } from './schema';
import { groupDigits } from '../../core/groupDigits';

/**
 * How a dataset version's columns are laid out in the `datasetColumns` store. Chromium refuses one IndexedDB record
 * over 133,169,152 bytes, and a 2,000,000-row upload of 9 float64 columns is 144 MB: so a version larger than one
 * part is stored as row-chunk records keyed `[versionId, part]` (an array key: its parts sort by number, and the key
 * range `[versionId, 0] … [versionId, ∞]` holds exactly one version's parts, whatever characters the id contains).
 * A version that fits one part keeps the original shape — one record keyed by the version id — so everything written
 * before parts existed reads as it did, and the housing demo still writes and reads a single record.
 */

/** Most rows in one part: 262,144 rows of 9 float64 columns is an 18.9 MB record, far below Chromium's limit. */
export const PART_MAX_ROWS = 262_144;
/** Most bytes in one part, for wide tables (500 float64 columns: 8,388 rows a part). */
export const PART_MAX_BYTES = 32 * 1024 * 1024;

/** Rows per part for a table whose rows take `bytesPerRow` bytes. */
export function partRowsFor(bytesPerRow: number): number {
  if (bytesPerRow <= 0) return PART_MAX_ROWS;
  return Math.max(1, Math.min(PART_MAX_ROWS, Math.floor(PART_MAX_BYTES / bytesPerRow)));
}

const bytesPerRowOf = (table: ColumnTable) =>
  table.names.reduce((sum, name) => sum + table.columns[name]!.BYTES_PER_ELEMENT, 0);

/** How many records a table becomes: 1 for the single-record shape. */
export function partCountOf(table: ColumnTable): number {
  const rows = partRowsFor(bytesPerRowOf(table));
  return table.rowCount <= rows ? 1 : Math.ceil(table.rowCount / rows);
}

/** The key range that holds every part of one version (and nothing else). */
export const partRange = (versionId: string): IDBKeyRange => IDBKeyRange.bound([versionId, 0], [versionId, Infinity]);

/**
 * The records of one version, made one at a time: each part's columns are copies (`slice`), because IndexedDB clones a
 * typed array's whole buffer, not the view — a `subarray` would store the entire column in every part. A caller puts
 * each record as it comes, so only one part's copies are alive at once.
 */
export function* versionRecords(versionId: string, table: ColumnTable): Generator<ColumnsRecord | ColumnsPartRecord> {
  const parts = partCountOf(table);
  if (parts === 1) {
    yield { id: versionId, names: table.names, columns: table.columns, rowCount: table.rowCount };
    return;
  }
  const rows = partRowsFor(bytesPerRowOf(table));
  for (let part = 0; part < parts; part++) {
    const rowOffset = part * rows;
    const end = Math.min(table.rowCount, rowOffset + rows);
    const columns: Record<string, Column> = {};
    for (const name of table.names) columns[name] = table.columns[name]!.slice(rowOffset, end);
    yield { id: [versionId, part], part, parts, rowOffset, rowCount: end - rowOffset, totalRows: table.rowCount, names: table.names, columns };
  }
}

/** What reading and deleting need of the `datasetColumns` store, in any transaction that holds it. */
interface ColumnsReadStore {
  get(key: DatasetColumnsKey): Promise<ColumnsRecord | ColumnsPartRecord | undefined>;
  openCursor(range: IDBKeyRange): Promise<PartCursor | null>;
}
interface PartCursor {
  readonly value: ColumnsRecord | ColumnsPartRecord;
  continue(): Promise<PartCursor | null>;
}
interface ColumnsWriteStore {
  delete(key: DatasetColumnsKey | IDBKeyRange): Promise<void>;
}

/**
 * A version's columns, whole: the single record, or its parts copied one by one (through a cursor, so that only one
 * part's deserialized copy is alive beside the whole table) into columns of the full length. Undefined when nothing is
 * stored under the id; an error when parts are missing or out of place (a version is whole or absent).
 */
export async function readVersionColumns(store: ColumnsReadStore, versionId: string): Promise<ColumnTable | undefined> {
  const single = await store.get(versionId);
  if (single) return { names: single.names, columns: single.columns, rowCount: single.rowCount };
  let cursor = await store.openCursor(partRange(versionId));
  if (!cursor) return undefined;
  const first = cursor.value as ColumnsPartRecord;
  const columns: Record<string, Column> = {};
  for (const name of first.names) {
    const column = first.columns[name]!;
    columns[name] = column instanceof Float32Array ? new Float32Array(first.totalRows) : new Float64Array(first.totalRows);
  }
  let seen = 0;
  let rows = 0;
  while (cursor) {
    const part = cursor.value as ColumnsPartRecord;
    if (part.part !== seen || part.rowOffset !== rows || part.parts !== first.parts || part.totalRows !== first.totalRows) break;
    for (const name of first.names) {
      const from = part.columns[name];
      if (!from || from.length !== part.rowCount) throw incomplete(versionId, `column ${quoted(name)} of part ${part.part} is not whole`);
      columns[name]!.set(from, part.rowOffset);
    }
    seen++;
    rows += part.rowCount;
    cursor = await cursor.continue();
  }
  if (seen !== first.parts || rows !== first.totalRows) {
    throw incomplete(versionId, `${seen} of its ${first.parts} parts (${groupDigits(rows)} of ${groupDigits(first.totalRows)} rows) are stored in order`);
  }
  return { names: first.names, columns, rowCount: first.totalRows };
}

const incomplete = (versionId: string, what: string) => new Error(`Asset version ${quoted(versionId)} is incomplete: ${what}.`);

/** Deletes a version's columns in either shape; the caller awaits the requests with its transaction. */
export function deleteVersionColumns(store: ColumnsWriteStore, versionId: string): Promise<void>[] {
  return [store.delete(versionId), store.delete(partRange(versionId))];
}
