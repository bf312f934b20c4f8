import type { JsonValue } from '../../core/json';
import type { SplitMetrics } from '../../core/training';
import type { ModelRecord } from '../../core/records';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** RMSE, MAE, R² of one split from whatever the record holds: `splits`, or the flat `metrics` of older records. */
export function splitMetrics(model: ModelRecord, split: SplitName): Partial<SplitMetrics> {
  const full = model.splits?.[split];
  if (full) return full;
  const m = model.metrics;
  const pick = (key: string) => (typeof m[key] === 'number' ? m[key] : undefined);
  const result: { rmse?: number; mae?: number; r2?: number; count?: number } = {};
  const rmse = pick(`${split}Rmse`);
  const mae = pick(`${split}Mae`);
  const r2 = pick(`${split}R2`);
  if (rmse !== undefined) result.rmse = rmse;
  if (mae !== undefined) result.mae = mae;
  if (r2 !== undefined) result.r2 = r2;
  const count = model.split?.[split];
  if (count !== undefined) result.count = count;
  return result;
}

/** A figure to 3 decimals, or "—" when the record does not have it. */
export const fixed3 = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3));

export const olsR2 = (model: ModelRecord): number | undefined =>
  typeof model.metrics.olsTestR2 === 'number' ? model.metrics.olsTestR2 : undefined;

/** The DAG params as `key=value` pairs. */
export function paramsText(params: Readonly<Record<string, JsonValue>> | undefined): string {
  if (!params || Object.keys(params).length === 0) return '—';
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** A short name for a model id like `model@dataset_triggered__2026-…/1`: the run's time and the try. */
export function shortModelName(id: string): string {
  const match = /@(?:[a-z_]+__)?(.+)\/(\d+)$/.exec(id);
  return match ? `${match[1]} #${match[2]}` : id;
}
