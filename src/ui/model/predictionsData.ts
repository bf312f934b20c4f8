import type { DatasetEvent } from '../../core/model';
import { SPLIT_CODES } from '../../core/training';
import { HOUSING_PREDICTIONS } from '../../pipelines/housing/datasets';
import type { DatasetVersionMeta } from '../../core/records';

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
