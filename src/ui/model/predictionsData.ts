import type { ColumnTable } from '../../core/columns';
import type { DatasetEvent } from '../../core/model';
import { SPLIT_CODES } from '../../core/training';
import { HOUSING_PREDICTIONS, TARGET_COLUMN } from '../../pipelines/housing/datasets';
import type { DatasetVersionMeta } from '../../core/records';
import { columnStats } from '../../viz/charts/columnStats';

/**
 * The newest stored `housing_predictions` version made with a model: the one whose event names the model in its
 * extra (`modelId`), else one whose lineage lists it.
 */
export function predictionsVersionOf(
  modelId: string,
  events: readonly DatasetEvent[],
  versions: readonly DatasetVersionMeta[],
): DatasetVersionMeta | null {
  const stored = versions.filter((v) => v.datasetId === HOUSING_PREDICTIONS);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.datasetId !== HOUSING_PREDICTIONS || event.extra.modelId !== modelId || !event.versionId) continue;
    const version = stored.find((v) => v.id === event.versionId);
    if (version) return version;
  }
  return stored.find((v) => v.models.includes(modelId)) ?? null;
}

/** The columns the prediction charts read, found by name; what is missing is null and the charts say so. */
export interface PredictionColumns {
  readonly rowCount: number;
  readonly actual: ArrayLike<number> | null;
  readonly prediction: ArrayLike<number> | null;
  readonly residual: ArrayLike<number> | null;
  readonly split: ArrayLike<number> | null;
  readonly latitude: ArrayLike<number> | null;
  readonly longitude: ArrayLike<number> | null;
  readonly targetName: string;
}

/**
 * Picks the prediction columns of a `housing_predictions` table. The target is `MedHouseVal`, or (a user's own CSV)
 * the one column that is not a feature, prediction, residual or split when the model's features are known. A missing
 * residual is computed as prediction − actual.
 */
export function predictionColumns(table: ColumnTable, features: readonly string[] = []): PredictionColumns {
  const col = (name: string) => table.columns[name] ?? null;
  const known = new Set([...features, 'prediction', 'residual', 'split']);
  const targetName = table.columns[TARGET_COLUMN]
    ? TARGET_COLUMN
    : (features.length > 0 ? table.names.find((n) => !known.has(n)) : undefined) ?? TARGET_COLUMN;
  const actual = col(targetName);
  const prediction = col('prediction');
  let residual = col('residual');
  if (!residual && actual && prediction) residual = Float64Array.from({ length: table.rowCount }, (_, i) => prediction[i]! - actual[i]!);
  return {
    rowCount: table.rowCount,
    actual,
    prediction,
    residual,
    split: col('split'),
    latitude: col('Latitude'),
    longitude: col('Longitude'),
    targetName,
  };
}

/** Which rows to draw: all of them, or only the held-out test rows. */
export type RowFilter = 'all' | 'test';

/**
 * A colour bucket per row by split — train 0, validation 1, test 2 (drawn last, on top) — or -1 for rows the filter
 * hides. Without a split column every row is bucket 0 (and "test only" shows nothing).
 */
export function splitBuckets(split: ArrayLike<number> | null, rowCount: number, filter: RowFilter): Int8Array {
  const out = new Int8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const code = split ? split[i]! : SPLIT_CODES.train;
    const bucket = code === SPLIT_CODES.test ? 2 : code === SPLIT_CODES.validation ? 1 : 0;
    out[i] = filter === 'test' && bucket !== 2 ? -1 : bucket;
  }
  return out;
}

/** The values of the rows a bucket array keeps (bucket ≥ 0). */
export function keptValues(values: ArrayLike<number>, buckets: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (buckets[i]! >= 0) out.push(values[i]!);
  return Float64Array.from(out);
}

/**
 * Whether Latitude/Longitude look like degrees (a map in an equal-aspect projection) or were standardized (mean 0,
 * std 1: still drawn, in standard units).
 */
export function geoUnits(latitude: ArrayLike<number>, longitude: ArrayLike<number>): 'degrees' | 'standardized' {
  const lat = columnStats(latitude);
  const lon = columnStats(longitude);
  const standard = (s: typeof lat) => Math.abs(s.mean) < 0.05 && Math.abs(s.std - 1) < 0.05;
  if (standard(lat) && standard(lon)) return 'standardized';
  return 'degrees';
}
