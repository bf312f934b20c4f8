import { csvParseRows } from 'd3';
import { makeTable, type ColumnTable } from '../core/columns';
import { quoted } from '../core/displayText';

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/**
 * Parses a numeric CSV with a header row into Float64 columns (exact for the source's decimals). d3-dsv handles
 * quoting; we check the shape, and every error names the line and column a person must look at.
 */
export function parseNumericCsv(text: string, requiredColumns: readonly string[] = []): ColumnTable {
  const rows = csvParseRows(text.trim());
  const header = rows[0];
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new CsvFormatError('The CSV file is empty: it needs a header row and at least one data row.');
  }
  const names = header.map((h) => h.trim());
  const missing = requiredColumns.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new CsvFormatError(`The CSV header lacks column ${missing.join(', ')}; it has ${names.join(', ')}.`);
  }
  const rowCount = rows.length - 1;
  if (rowCount === 0) throw new CsvFormatError('The CSV file has a header but no data rows.');
  const columns: Record<string, Float64Array> = {};
  for (const name of names) columns[name] = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const row = rows[r + 1]!;
    const line = r + 2;
    if (row.length !== names.length) {
      throw new CsvFormatError(`Line ${line} has ${row.length} cells; the header has ${names.length}.`);
    }
    for (let c = 0; c < names.length; c++) {
      const cell = row[c]!.trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        const shown = cell === '' ? 'an empty cell' : quoted(cell, { max: 40 });
        throw new CsvFormatError(`Line ${line}, column ${quoted(names[c]!)} holds ${shown}, not a number.`);
      }
      columns[names[c]!]![r] = value;
    }
  }
  return makeTable(columns, names);
}
