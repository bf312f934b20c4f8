import type { ColumnStats, DriftReport, FeatureDrift } from '../../core/training';

/** A mean that moved by more than a quarter of the reference std, or a spread that grew or shrank by more than 30%. */
export const DRIFT_THRESHOLDS = { meanShift: 0.25, stdRatio: 1.3 } as const;

type Stats = Readonly<Record<string, ColumnStats>>;

/**
 * Compares new feature statistics with the reference a model was trained on, per feature: the standardized mean
 * shift |μ₁ − μ₀| / σ₀ and the std ratio σ₁ / σ₀ (drift when above the threshold or below its inverse). Pure: the
 * check_drift task logs and returns what this says.
 */
export function compareFeatureStats(
  referenceModelId: string,
  reference: Stats,
  current: Stats,
  features: readonly string[],
  thresholds: { readonly meanShift: number; readonly stdRatio: number } = DRIFT_THRESHOLDS,
): DriftReport {
  const schemaChanges = [
    ...Object.keys(reference).filter((name) => !features.includes(name)).map((name) => `${name} is gone`),
    ...features.filter((name) => !(name in reference)).map((name) => `${name} is new`),
  ];
  const compared: FeatureDrift[] = [];
  for (const feature of features) {
    const before = reference[feature];
    const after = current[feature];
    if (!before || !after) continue;
    const scale = before.std > 1e-12 ? before.std : 1;
    const meanShift = Math.abs(after.mean - before.mean) / scale;
    const stdRatio = before.std > 1e-12 ? after.std / before.std : after.std > 1e-12 ? Infinity : 1;
    const drifted = meanShift > thresholds.meanShift || stdRatio > thresholds.stdRatio || stdRatio < 1 / thresholds.stdRatio;
    compared.push({ feature, meanShift, stdRatio, drifted });
  }
  const drifted = compared.filter((f) => f.drifted);
  const status = drifted.length > 0 || schemaChanges.length > 0 ? 'drift' : 'ok';
  const message =
    status === 'ok'
      ? `No drift against ${referenceModelId}: every feature's mean moved < ${thresholds.meanShift} σ and its spread < ×${thresholds.stdRatio}.`
      : `Drift against ${referenceModelId}: ${[
          ...drifted.map((f) => `${f.feature} (mean shift ${f.meanShift.toFixed(2)} σ, std ×${f.stdRatio.toFixed(2)})`),
          ...schemaChanges,
        ].join('; ')}.`;
  return { status, referenceModelId, thresholds: { ...thresholds }, features: compared, schemaChanges, message };
}

export function skippedDriftReport(reason: string): DriftReport {
  return { status: 'skipped', referenceModelId: null, thresholds: { ...DRIFT_THRESHOLDS }, features: [], schemaChanges: [], message: reason };
}
