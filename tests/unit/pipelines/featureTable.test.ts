import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../src/core/columns';
import { buildFeatureTable } from '../../../src/pipelines/ml/featureTable';

describe('buildFeatureTable (danfojs)', () => {
  const raw = makeTable({
    a: Float64Array.from([1, 2, 3, 4]),
    b: Float64Array.from([10, 10, 20, 40]),
    y: Float64Array.from([0.5, 1.5, 2.5, 3.5]),
  });

  it('keeps raw units as float32, target last, and describes every column', () => {
    const { table, stats } = buildFeatureTable(raw);
    expect(table.names).toEqual(['a', 'b', 'y']);
    expect(table.columns.b).toBeInstanceOf(Float32Array);
    expect(Array.from(table.columns.b!)).toEqual([10, 10, 20, 40]);
    expect(stats.a).toMatchObject({ count: 4, missing: 0, mean: 2.5, min: 1, max: 4 });
    // danfojs' std is the sample std: sqrt(((1.5²+0.5²)·2)/3)
    expect(stats.a!.std).toBeCloseTo(Math.sqrt(5 / 3), 6);
    expect(stats.b).toMatchObject({ mean: 20, min: 10, max: 40 });
    expect(stats.y!.mean).toBeCloseTo(2, 6);
  });
});
