import { describe, expect, it } from 'vitest';
import { makeTable, type ColumnTable } from '../../../src/core/columns';
import { checkDataQuality, reportJson, reportLines } from '../../../src/pipelines/dataQuality';
import { FEATURE_COLUMNS, TARGET_COLUMN } from '../../../src/pipelines/housing/datasets';

const ramp = (n: number, from = 0, step = 1) => Float64Array.from({ length: n }, (_, i) => from + i * step);

/** A table with the user's own names: features first, the target last. */
function flats(rows = 30): ColumnTable {
  return makeTable({ area: ramp(rows, 30), rooms: Float64Array.from({ length: rows }, (_, i) => 1 + (i % 4)), price: ramp(rows, 100, 3) });
}

/** The housing schema with plausible values, `rows` long. */
function housing(rows: number): ColumnTable {
  const plausible: Record<string, number> = { Latitude: 35, Longitude: -120 };
  const columns: Record<string, Float64Array> = {};
  for (const name of [...FEATURE_COLUMNS, TARGET_COLUMN]) {
    columns[name] = Float64Array.from({ length: rows }, (_, i) => (plausible[name] ?? 1) + (i % 3) * 0.1);
  }
  return makeTable(columns, [...FEATURE_COLUMNS, TARGET_COLUMN]);
}

describe('checkDataQuality on any mapped table', () => {
  it('passes a clean table with any column names, and reports every check', () => {
    const report = checkDataQuality(flats());
    expect(report.passed).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.features).toEqual(['area', 'rooms']);
    expect(report.target).toBe('price');
    expect(reportLines(report)).toEqual([
      '✓ schema: 2 feature(s) and the target price',
      '✓ types: 3 numeric column(s) of 30 rows',
      '✓ missing: no missing or infinite values',
      '✓ ranges: no known ranges for these columns',
      '✓ rows: 30 rows, at least 20 expected',
      '✓ variance: every column varies',
    ]);
  });

  it('names missing and infinite values with their count and first row', () => {
    const table = flats();
    table.columns.area![4] = Number.NaN;
    table.columns.area![9] = Number.NaN;
    table.columns.price![2] = Number.POSITIVE_INFINITY;
    const report = checkDataQuality(table);
    expect(report.passed).toBe(false);
    expect(report.problems).toEqual(['area: 2 missing values (first at row 5).', 'price: 1 infinite values (first at row 3).']);
    expect(report.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['missing']);
  });

  it('refuses too few rows, with the minimum it was given', () => {
    expect(checkDataQuality(flats(10)).problems).toEqual(['Only 10 rows; at least 20 expected.']);
    expect(checkDataQuality(flats(10), { minRows: 5 }).passed).toBe(true);
  });

  it('refuses a constant feature or target', () => {
    const table = makeTable({ a: ramp(25), b: new Float64Array(25).fill(7), y: new Float64Array(25).fill(1) });
    expect(checkDataQuality(table).problems).toEqual([
      'b: the same value (7) in every row; it cannot be standardized.',
      'y: the same value (1) in every row; there is nothing to predict.',
    ]);
  });

  it('reports a broken schema instead of throwing: one column, repeated names, absent or wrong columns', () => {
    expect(checkDataQuality(makeTable({ y: ramp(30) })).problems).toEqual([
      'The table has 1 column(s): it needs at least one feature and a target (the last column).',
    ]);
    const broken = {
      names: ['a', 'a', 'ghost', 'short', 'words', 'y'],
      columns: { a: ramp(30), short: ramp(3), words: ['x'] as unknown as Float64Array, y: ramp(30) },
      rowCount: 30,
    } as ColumnTable;
    const report = checkDataQuality(broken);
    expect(report.passed).toBe(false);
    expect(report.problems).toEqual([
      'Column names repeat: a.',
      'Columns named in the schema but absent: ghost.',
      'short: 3 values for 30 rows.',
      'words: not a column of numbers.',
    ]);
  });

  it('checks the housing ranges, and the housing row count, only on housing columns', () => {
    expect(checkDataQuality(housing(1_000)).passed).toBe(true);
    expect(checkDataQuality(housing(999)).problems).toEqual(['Only 999 rows; at least 1,000 expected.']);
    const wrong = housing(1_200);
    wrong.columns.Latitude![10] = 55;
    wrong.columns.Latitude![11] = 12;
    wrong.columns.MedHouseVal![0] = -1;
    expect(checkDataQuality(wrong).problems).toEqual([
      'Latitude: 2 values outside [32, 42.1] (first at row 11).',
      'MedHouseVal: 1 values outside [0, 5.00001] (first at row 1).',
    ]);
    // A user's column that happens to be called Latitude, beside columns the checks do not know: no range applies.
    const elsewhere = makeTable({ Latitude: ramp(30, 50), price: ramp(30) });
    expect(checkDataQuality(elsewhere).passed).toBe(true);
  });

  it('gives the report as JSON for a return value and a dataset event', () => {
    const table = flats();
    table.columns.rooms![0] = Number.NaN;
    expect(reportJson(checkDataQuality(table))).toMatchObject({
      passed: false,
      rowCount: 30,
      features: ['area', 'rooms'],
      target: 'price',
      problems: ['rooms: 1 missing values (first at row 1).'],
    });
  });
});
