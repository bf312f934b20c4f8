import * as tf from '@tensorflow/tfjs';
import { DataFrame } from 'danfojs';
import { makeTable, requireColumn, type Column, type ColumnTable } from '../../core/columns';
import type { ColumnStats } from '../../core/training';
import { tableRoles } from '../tableRoles';

export interface FeatureTable {
  /** Float32 features in their raw units, then the target last (the table-roles convention). */
  readonly table: ColumnTable;
  /** Per column (features and target), for the drift check and previews. */
  readonly stats: Readonly<Record<string, ColumnStats>>;
}

/**
 * Builds `built_features` with danfojs: the columns as float32 in their raw units (no scaling here: standardization
 * belongs to the model, fitted on its training rows only) and per-column statistics from danfojs' count, mean, std,
 * min and max. danfojs creates tensors on every access (STACK-NOTES: ~26 leak per run): one engine scope frees them,
 * which matters in a worker that lives for many runs. danfojs' std is the sample std (n − 1).
 */
export function buildFeatureTable(raw: ColumnTable): FeatureTable {
  const { features, target } = tableRoles(raw);
  const names = [...features, target];
  const columns: Record<string, Column> = {};
  const stats: Record<string, ColumnStats> = {};
  tf.engine().startScope();
  try {
    const frame = new DataFrame(Object.fromEntries(names.map((name) => [name, Array.from(requireColumn(raw, name))])));
    for (const name of names) columns[name] = Float32Array.from(frame.column(name).values as number[]);
    // danfojs aggregates along rows by default (one figure per row): axis 0 gives one per column.
    const perColumn = { axis: 0 as const };
    const values = (series: unknown) => (series as { values: number[] }).values;
    const count = values(frame.count(perColumn));
    const missing = values(frame.isNa().sum(perColumn));
    const mean = values(frame.mean(perColumn));
    const std = values(frame.std(perColumn));
    const min = values(frame.min(perColumn));
    const max = values(frame.max(perColumn));
    names.forEach((name, i) => {
      stats[name] = { count: count[i]!, missing: missing[i]!, mean: mean[i]!, std: std[i]!, min: min[i]!, max: max[i]! };
    });
  } finally {
    tf.engine().endScope();
  }
  return { table: makeTable(columns, names), stats };
}
