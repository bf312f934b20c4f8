import { describe, expect, it } from 'vitest';
import type { ColumnStats } from '../../../src/core/training';
import { compareFeatureStats, DRIFT_THRESHOLDS, skippedDriftReport } from '../../../src/pipelines/ml/drift';

const stats = (mean: number, std: number): ColumnStats => ({ count: 100, missing: 0, mean, std, min: mean - 3 * std, max: mean + 3 * std });

describe('compareFeatureStats', () => {
  const reference = { a: stats(10, 2), b: stats(0, 1) };

  it('reports no drift when means and spreads stay within the thresholds', () => {
    const report = compareFeatureStats('m1', reference, { a: stats(10.2, 2.1), b: stats(-0.1, 0.9) }, ['a', 'b']);
    expect(report.status).toBe('ok');
    expect(report.features.map((f) => [f.feature, Number(f.meanShift.toFixed(3)), Number(f.stdRatio.toFixed(3)), f.drifted])).toEqual([
      ['a', 0.1, 1.05, false],
      ['b', 0.1, 0.9, false],
    ]);
    expect(report.thresholds).toEqual(DRIFT_THRESHOLDS);
  });

  it('flags a shifted mean, a widened or narrowed spread, and a changed schema, naming each', () => {
    const report = compareFeatureStats('m1', reference, { a: stats(11, 2), c: stats(0, 1) }, ['a', 'c']);
    expect(report.status).toBe('drift');
    expect(report.features).toEqual([{ feature: 'a', meanShift: 0.5, stdRatio: 1, drifted: true }]);
    expect(report.schemaChanges).toEqual(['b is gone', 'c is new']);
    expect(report.message).toContain('a (mean shift 0.50 σ');
    const spread = compareFeatureStats('m1', reference, { a: stats(10, 3), b: stats(0, 0.5) }, ['a', 'b']);
    expect(spread.features.map((f) => f.drifted)).toEqual([true, true]);
  });

  it('skips with the reason when there is no reference', () => {
    expect(skippedDriftReport('No model yet.')).toMatchObject({ status: 'skipped', referenceModelId: null, message: 'No model yet.' });
  });
});
