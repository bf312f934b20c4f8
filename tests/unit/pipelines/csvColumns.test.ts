import { readFileSync } from 'node:fs';
import { csvParseRows } from 'd3';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
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

  /** What every cell must parse to: d3-dsv's cells read by Number(), as the parser did before it had a fast pass. */
  const reference = (text: string) => {
    const rows = csvParseRows(text.trim());
    return rows[0]!.map((_, c) => rows.slice(1).map((row) => Number(row[c]!.trim())));
  };
  const expectSameBits = (text: string) => {
    const table = parseNumericCsv(text);
    const expected = reference(text);
    table.names.forEach((name, c) => {
      const column = Array.from(table.columns[name]!);
      // Object.is: bit for bit as far as a double shows (−0 included), not merely close.
      const differing = column.findIndex((v, r) => !Object.is(v, expected[c]![r]));
      expect(differing, `${name} row ${differing}: ${column[differing]} vs ${expected[c]![differing]}`).toBe(-1);
    });
  };

  it('gives the housing CSV exactly the numbers Number() gives each of its cells', () => {
    expectSameBits(readFileSync(new URL('../../../public/data/california_housing.csv', import.meta.url), 'utf8'));
  });

  it('gives any decimal exactly what Number() gives it: 20,000 seeded random cells of every length and sign', () => {
    const random = seededRandom(16);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const cell = () => {
      const sign = random() < 0.3 ? '-' : '';
      const whole = digits(Math.floor(random() * 12));
      const fraction = random() < 0.8 ? `.${digits(Math.floor(random() * 24))}` : '';
      const text = `${sign}${whole}${fraction}`;
      return /\d/.test(text) ? text : `${text}0`;
    };
    const lines = ['a,b,c,d'];
    for (let r = 0; r < 5_000; r++) lines.push([cell(), cell(), cell(), cell()].join(','));
    expectSameBits(lines.join('\n'));
  });

  it('reads the cells a fast pass must hand to Number(): exponents, signs, spaces, hex, Windows line ends, -0', () => {
    expectSameBits('a,b,c\r\n1e3, 2 ,+4\r\n-0,0x1A,12345678901234567890\r\n.5,5.,-.25\r\n');
    expectSameBits('a,b\n0.1,0.2\n9007199254740993,0.30000000000000004\n');
  });

  it('says what is wrong with a plain file as precisely as with a quoted one', () => {
    expect(() => parseNumericCsv('a,b\n1,2\n\n3,4\n')).toThrow('Line 3 has 1 cells; the header has 2.');
    expect(() => parseNumericCsv('a,b\n1,2\n3,4,5\n')).toThrow('Line 3 has 3 cells; the header has 2.');
    expect(() => parseNumericCsv('a,b\n1,2\n3\n')).toThrow('Line 3 has 1 cells; the header has 2.');
    expect(() => parseNumericCsv('a,b\n1,2\n3,1.2.3\n')).toThrow('Line 3, column "b" holds "1.2.3", not a number.');
    expect(() => parseNumericCsv('a,b\n1,Infinity\n')).toThrow('Line 2, column "b" holds "Infinity", not a number.');
    expect(() => parseNumericCsv('a,b\n-,2\n')).toThrow('Line 2, column "a" holds "-", not a number.');
    expect(() => parseNumericCsv('a,b\n"1",2\n3,x\n')).toThrow('Line 3, column "b" holds "x", not a number.');
  });
});

