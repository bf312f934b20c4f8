import type { Column } from '../../core/columns';
import type { ColumnStats } from '../../core/training';

/**
 * Count, missing (NaN) values, mean, population std, min and max of a column, over the given rows or all of them,
 * accumulated in float64. Missing values are left out of the other figures.
 */
export function columnStats(column: Column, rows?: ArrayLike<number>): ColumnStats {
  const n = rows ? rows.length : column.length;
  let count = 0;
  let missing = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = column[rows ? rows[i]! : i]!;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = column[rows ? rows[i]! : i]!;
    if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  }
  return { count, missing, mean, std: count > 0 ? Math.sqrt(squares / count) : NaN, min: count > 0 ? min : NaN, max: count > 0 ? max : NaN };
}
