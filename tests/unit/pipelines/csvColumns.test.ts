import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseNumericCsv } from '../../../src/pipelines/csvColumns';
import { FEATURE_COLUMNS, TARGET_COLUMN } from '../../../src/pipelines/housing/datasets';

describe('parseNumericCsv', () => {
  it('parses a header and numeric rows into Float64 columns', () => {
    const table = parseNumericCsv('a,b\n1,2.5\n-3,4e2\n');
    expect(table.names).toEqual(['a', 'b']);
    expect(table.rowCount).toBe(2);
    expect(Array.from(table.columns.a!)).toEqual([1, -3]);
    expect(Array.from(table.columns.b!)).toEqual([2.5, 400]);
    expect(table.columns.a).toBeInstanceOf(Float64Array);
  });

  it('names the line and column of a cell that is not a number', () => {
    expect(() => parseNumericCsv('a,b\n1,2\n3,oops\n')).toThrow('Line 3, column "b" holds "oops", not a number.');
    expect(() => parseNumericCsv('a,b\n1,\n')).toThrow('Line 2, column "b" holds an empty cell');
  });

  it('rejects empty files, header-only files, ragged rows and missing required columns', () => {
    expect(() => parseNumericCsv('')).toThrow(CsvFormatError);
    expect(() => parseNumericCsv('a,b\n')).toThrow('no data rows');
    expect(() => parseNumericCsv('a,b\n1,2,3\n')).toThrow('Line 2 has 3 cells; the header has 2.');
    expect(() => parseNumericCsv('a,b\n1,2\n', ['a', 'c'])).toThrow('lacks column c');
  });

  it('reads the California housing file the site serves: 20,640 rows, 9 columns, values in range', () => {
    const text = readFileSync(new URL('../../../public/data/california_housing.csv', import.meta.url), 'utf8');
    const table = parseNumericCsv(text, [...FEATURE_COLUMNS, TARGET_COLUMN]);
    expect(table.rowCount).toBe(20_640);
    expect(table.names).toEqual([...FEATURE_COLUMNS, TARGET_COLUMN]);
    const target = table.columns[TARGET_COLUMN]!;
    expect(Math.max(...target)).toBeCloseTo(5.00001, 5);
    expect(Math.min(...target)).toBeGreaterThan(0);
    expect(table.columns.MedInc![0]).toBe(8.3252);
  });
});
