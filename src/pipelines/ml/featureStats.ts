import { requireColumn, type ColumnTable } from '../../core/columns';
import type { DatasetVersionId } from '../../core/ids';
import type { DatasetEvent } from '../../core/model';
import type { ColumnStats } from '../../core/training';
import { columnStats } from './columnStats';

const isStats = (v: unknown): v is ColumnStats =>
  typeof v === 'object' && v !== null && ['count', 'mean', 'std'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number');

/**
 * The statistics of a features version, per feature: those featurize recorded in the version's dataset event
 * (`featureStats`, from danfojs) when this run was triggered by it, else computed from the columns. train stores them
 * with the model and check_drift compares with them, so both sides of a drift check are figures of whole versions.
 */
export function featureStatsOf(
  events: readonly DatasetEvent[],
  versionId: DatasetVersionId,
  table: ColumnTable,
  features: readonly string[],
): Record<string, ColumnStats> {
  const recorded = recordedStatsOf(events, versionId);
  const stats: Record<string, ColumnStats> = {};
  for (const name of features) {
    const fromEvent = recorded?.[name];
    stats[name] = isStats(fromEvent) ? fromEvent : columnStats(requireColumn(table, name));
  }
  return stats;
}

/** The statistics the triggering event recorded for every one of `features`, or null (then read the columns). */
export function recordedFeatureStats(
  events: readonly DatasetEvent[],
  versionId: DatasetVersionId,
  features: readonly string[],
): Record<string, ColumnStats> | null {
  const recorded = recordedStatsOf(events, versionId);
  const stats: Record<string, ColumnStats> = {};
  for (const name of features) {
    const fromEvent = recorded?.[name];
    if (!isStats(fromEvent)) return null;
    stats[name] = fromEvent;
  }
  return stats;
}

const recordedStatsOf = (events: readonly DatasetEvent[], versionId: DatasetVersionId) =>
  events.find((e) => e.versionId === versionId)?.extra.featureStats as Record<string, unknown> | undefined;
