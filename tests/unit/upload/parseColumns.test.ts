import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
import { dataRowCapacity, GrowingColumns } from '../../../src/upload/growingColumns';
import { parseCsvText } from '../../../src/upload/inspectCsv';

const LIMITS = { minRows: 1 };

/** Each column as plain numbers (NaN kept), for comparisons; and checks it is a whole Float64Array, not a view. */
function plain(values: readonly Float64Array[], rows: number): number[][] {
  return values.map((column) => {
    expect(column).toBeInstanceOf(Float64Array);
    expect(column.length).toBe(rows);
    expect(column.buffer.byteLength).toBe(rows * 8); // exactly its rows: IndexedDB and postMessage clone whole buffers
    return Array.from(column);
  });
}

describe('the upload parse fills typed columns in place', () => {
  it('gives the values of every row, NaN for missing, text and ragged rows', () => {
    const parsed = parseCsvText('a,b\n1,2\n\n3,x\n"4",\n5\n6.5,-7e2', LIMITS);
    expect(parsed.inspection.rowCount).toBe(5);
    expect(plain(parsed.values, 5)).toEqual([
      [1, 3, 4, Number.NaN, 6.5],
      [2, Number.NaN, Number.NaN, Number.NaN, -700],
    ]);
  });

  it('sizes the columns exactly for a file with a trailing line end, CRLF, none, blank lines or quoted breaks', () => {
    const cases: [string, number[][]][] = [
      ['a,b\n1,2\n3,4\n', [[1, 3], [2, 4]]],
      ['a,b\r\n1,2\r\n3,4\r\n', [[1, 3], [2, 4]]],
      ['a,b\n1,2\n3,4', [[1, 3], [2, 4]]],
      ['a,b\n\n1,2\n\n\n3,4\n\n', [[1, 3], [2, 4]]],
      ['a,b\n"1\n",2\n3,"4\n\n"\n', [[1, 3], [2, 4]]], // a quoted line break inside a number cell is trimmed away
    ];
    for (const [text, columns] of cases) {
      const parsed = parseCsvText(text, LIMITS);
      expect(parsed.inspection.errors).toEqual([]);
      expect(plain(parsed.values, 2)).toEqual(columns);
    }
  });

  it('grows the columns when the line count under-counts (lines ending in a lone CR)', () => {
    const rows = 1_000;
    const text = `x,y\r${Array.from({ length: rows }, (_, i) => `${i},${2 * i}`).join('\r')}\r`;
    expect(dataRowCapacity(text)).toBe(0);
    const parsed = parseCsvText(text, LIMITS);
    const [x, y] = plain(parsed.values, rows);
    expect(x).toEqual(Array.from({ length: rows }, (_, i) => i));
    expect(y).toEqual(Array.from({ length: rows }, (_, i) => 2 * i));
  });

  it('matches a plain reading of seeded random files, and an inspection without values is the same inspection', () => {
    const random = seededRandom(16);
    for (let file = 0; file < 20; file++) {
      const rows = 1 + Math.floor(random() * 300);
      const width = 2 + Math.floor(random() * 4);
      const expected: number[][] = Array.from({ length: width }, () => []);
      const lines = [Array.from({ length: width }, (_, c) => `c${c}`).join(',')];
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < width; c++) {
          const roll = random();
          const value = Math.round((random() - 0.5) * 1e6) / 1e3;
          if (roll < 0.05) {
            cells.push('NA');
            expected[c]!.push(Number.NaN);
          } else if (roll < 0.08) {
            cells.push('"text, quoted"');
            expected[c]!.push(Number.NaN);
          } else {
            cells.push(String(value));
            expected[c]!.push(value);
          }
        }
        lines.push(cells.join(','));
        if (random() < 0.05) lines.push('');
      }
      const text = lines.join(random() < 0.5 ? '\n' : '\r\n') + (random() < 0.5 ? '\n' : '');
      const parsed = parseCsvText(text, LIMITS);
      expect(parsed.inspection.rowCount).toBe(rows);
      expect(plain(parsed.values, rows)).toEqual(expected);
      const inspectedOnly = parseCsvText(text, LIMITS, { values: false });
      expect(inspectedOnly.values).toEqual([]);
      expect(inspectedOnly.inspection).toEqual(parsed.inspection);
    }
  });

  it('never allocates past the cell limit, whatever the line count says', () => {
    const columns = new GrowingColumns(3, 10);
    const slot = columns.rowSlot(0);
    expect(slot).toHaveLength(3);
    expect(slot[0]!.length).toBe(16); // a small floor
    const parsed = parseCsvText(`a,b\n${'1,2\n'.repeat(1_000)}`, { minRows: 1, maxCells: 10 });
    expect(parsed.values).toEqual([]);
    expect(parsed.inspection.rowCount).toBe(5);
  });
});
