import * as tf from '@tensorflow/tfjs';
import { DataFrame } from 'danfojs';
import { describe, expect, it } from 'vitest';
import { makeTable, requireColumn, type Column, type ColumnTable } from '../../../src/core/columns';
import type { ColumnStats } from '../../../src/core/training';
import { buildFeatureTable, describeColumn } from '../../../src/pipelines/ml/featureTable';
import { tableRoles } from '../../../src/pipelines/tableRoles';
import { contentHashOf } from '../../../src/runtime/storage/contentHash';
import { housingSubset } from './housingFixture';

/**
 * featurize as it was written with danfojs (until issue 16): a DataFrame of the raw columns, float32 columns read back
 * from it, and danfojs' count, isNa().sum, mean, std, min and max along axis 0. The reference the typed-array version
 * must match bit for bit: same stored content hash, same `featureStats` in the event.
 */
function danfojsFeatureTable(raw: ColumnTable) {
  const { features, target } = tableRoles(raw);
  const names = [...features, target];
  const columns: Record<string, Column> = {};
  const stats: Record<string, ColumnStats> = {};
  tf.engine().startScope();
  try {
    const frame = new DataFrame(Object.fromEntries(names.map((name) => [name, Array.from(requireColumn(raw, name))])));
    for (const name of names) columns[name] = Float32Array.from(frame.column(name).values as number[]);
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

/** Every figure, compared with Object.is: bit for bit (0 and −0 differ, NaN equals NaN). */
function expectSameBits(actual: Readonly<Record<string, ColumnStats>>, expected: Readonly<Record<string, ColumnStats>>) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, stats] of Object.entries(expected)) {
    for (const key of Object.keys(stats) as (keyof ColumnStats)[]) {
      expect(Object.is(actual[name]![key], stats[key]), `${name}.${key}: ${actual[name]![key]} vs danfojs ${stats[key]}`).toBe(true);
    }
  }
}

describe('buildFeatureTable (typed arrays, danfojs as the reference)', () => {
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
    // The sample std, as danfojs (mathjs) gives it: sqrt(((1.5²+0.5²)·2)/3)
    expect(stats.a!.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(stats.b).toMatchObject({ mean: 20, min: 10, max: 40 });
    expect(stats.y!.mean).toBeCloseTo(2, 12);
  });

  it('gives the California housing data the same stored content (hash) and the same statistics as danfojs, bit for bit', async () => {
    await tf.setBackend('cpu');
    const housing = housingSubset(1);
    const ours = buildFeatureTable(housing);
    const theirs = danfojsFeatureTable(housing);
    expect(contentHashOf(ours.table)).toBe(contentHashOf(theirs.table));
    expect(ours.table.names).toEqual(theirs.table.names);
    expectSameBits(ours.stats, theirs.stats);
  }, 60_000);

  it('matches danfojs on missing values, one value, negative zero and float32 input too', async () => {
    await tf.setBackend('cpu');
    const odd = makeTable({
      gaps: Float64Array.from([Number.NaN, 3.25, -1e-9, Number.NaN, 7e12, 0.1]),
      single: Float64Array.from([Number.NaN, Number.NaN, 42, Number.NaN, Number.NaN, Number.NaN]),
      zeros: Float64Array.from([0, -0, 0, -0, 0, 1]),
      narrow: Float32Array.from([0.1, 0.2, 0.30000001, 1e-30, 3.4e38, -2]),
      y: Float64Array.from([1, 2, 3, 4, 5, 6.5]),
    });
    const ours = buildFeatureTable(odd);
    const theirs = danfojsFeatureTable(odd);
    expectSameBits(ours.stats, theirs.stats);
    expect(contentHashOf(ours.table)).toBe(contentHashOf(theirs.table));
    expect(describeColumn(Float64Array.from([Number.NaN]))).toMatchObject({ count: 0, missing: 1 });
  });

  it('describes columns named like DataFrame methods (sum, mean, count), which made danfojs throw', () => {
    const named = makeTable({ sum: Float64Array.from([1, 2, 3]), mean: Float64Array.from([4, 5, 7]), count: Float64Array.from([0, 1, 0]) });
    // danfojs gives each column a property of its name, over its own methods: `frame.isNa().sum` was the column.
    expect(() => danfojsFeatureTable(named)).toThrow('is not a function');
    const { stats } = buildFeatureTable(named);
    expect(stats.sum).toMatchObject({ count: 3, mean: 2, std: 1, min: 1, max: 3 });
    expect(stats.count!.mean).toBeCloseTo(1 / 3, 15);
  });
});
