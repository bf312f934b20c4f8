import type { ColumnTable } from '../core/columns';

/** Which columns a model learns from and which it predicts. */
export interface TableRoles {
  readonly features: readonly string[];
  readonly target: string;
}

/**
 * The pipeline's one convention for any data set, the housing CSV or a user's own: the target is the last column and
 * every other column is a feature. A user's CSV is mapped into this order when it is uploaded, so every task after
 * extract works on whatever features the data has.
 */
export function tableRoles(table: Pick<ColumnTable, 'names'>): TableRoles {
  const target = table.names[table.names.length - 1];
  if (target === undefined || table.names.length < 2) {
    throw new Error(`A table for training needs at least one feature and a target; it has ${table.names.length} column(s).`);
  }
  return { features: table.names.slice(0, -1), target };
}
