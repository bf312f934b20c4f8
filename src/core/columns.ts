import { listText, quoted } from './displayText';

/**
 * Data moves as columns of typed arrays: one contiguous buffer per column, transferable between threads without a
 * copy and stored in IndexedDB as one record (about 100x faster than row objects; see STACK-NOTES).
 */
export type Column = Float32Array | Float64Array;

export interface ColumnTable {
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
  readonly rowCount: number;
}

export interface ColumnSchemaEntry {
  readonly name: string;
  readonly dtype: 'float32' | 'float64';
}

export function dtypeOf(column: Column): ColumnSchemaEntry['dtype'] {
  return column instanceof Float32Array ? 'float32' : 'float64';
}

export function schemaOf(table: ColumnTable): ColumnSchemaEntry[] {
  return table.names.map((name) => ({ name, dtype: dtypeOf(table.columns[name]!) }));
}

export function byteSizeOf(table: ColumnTable): number {
  return table.names.reduce((sum, name) => sum + table.columns[name]!.byteLength, 0);
}

/** Builds a table and checks that every column has the same length. */
export function makeTable(columns: Record<string, Column>, names: readonly string[] = Object.keys(columns)): ColumnTable {
  const first = names[0];
  const rowCount = first === undefined ? 0 : columns[first]!.length;
  for (const name of names) {
    const column = columns[name];
    if (!column) throw new Error(`Column ${quoted(name)} is missing.`);
    if (column.length !== rowCount) {
      throw new Error(`Column ${quoted(name)} has ${column.length} rows; ${quoted(first ?? '')} has ${rowCount}.`);
    }
  }
  return { names: [...names], columns, rowCount };
}

export function requireColumn(table: ColumnTable, name: string): Column {
  const column = table.columns[name];
  if (!column) throw new Error(`Column ${quoted(name)} not found; the table has ${listText(table.names)}.`);
  return column;
}

/** The buffers to hand to `transfer()` so a table crosses threads without being copied. */
export function transferablesOf(table: ColumnTable): ArrayBuffer[] {
  return table.names.map((name) => table.columns[name]!.buffer as ArrayBuffer);
}
