import { describe, expect, it } from 'vitest';
import { buildUploadTable, checkMapping, defaultMapping } from '../../../src/upload/columnMapping';
import { decodeCsvBytes } from '../../../src/upload/decodeText';
import { inspectCsvText, parseCsvText } from '../../../src/upload/inspectCsv';
import { checkFileSize, MEGABYTE, uploadLimits } from '../../../src/pipelines/upload/limits';
import { scanCsvRecords } from '../../../src/upload/csvRecords';
import { producerSource } from '../../../src/pipelines/upload/producerSource';

const LIMITS = { minRows: 3 };

/** A valid file of `rows` data rows: x = i, y = 2i + 1, with a text column `city`. */
function csv(rows: number, header = 'x,city,y', eol = '\n'): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`${i},town${i},${2 * i + 1}`);
  return lines.join(eol) + eol;
}

const errorsOf = (text: string, limits = LIMITS) => inspectCsvText(text, limits).errors;

describe('upload validation: malformed files give exact messages', () => {
  const cases: readonly [string, string, readonly string[]][] = [
    ['an empty file', '', ['The file is empty: it needs a header row and at least one data row.']],
    ['a file of blank lines', '\n \r\n\n', ['The file is empty: it needs a header row and at least one data row.']],
    ['a header without rows', 'a,b,c\n', ['The file has a header but no data rows.']],
    [
      'no header (first row all numbers)',
      '1,2,3\n4,5,6\n',
      ['The first line holds only numbers (1, 2, 3): the file needs a header row that names each column.'],
    ],
    [
      'no header, wide',
      '1,2,3,4.5\n4,5,6,7\n',
      ['The first line holds only numbers (1, 2, 3, …): the file needs a header row that names each column.'],
    ],
    [
      'semicolons',
      'a;b;c\n1;2;3\n4;5;6\n',
      [
        'The file seems to separate its cells with semicolons (;), not commas: a comma split gives 1 column, a split on semicolons (;) gives 3. Export it as comma-separated CSV.',
      ],
    ],
    [
      'tabs',
      'a\tb\n1\t2\n',
      ['The file seems to separate its cells with tabs, not commas: a comma split gives 1 column, a split on tabs gives 2. Export it as comma-separated CSV.'],
    ],
    ['one column', 'price\n1\n2\n3\n', ['Only one column ("price") was found: the file needs comma-separated columns, at least one feature and a target.']],
    [
      'duplicate column names',
      'a,b,a\n1,2,3\n1,2,3\n1,2,3\n',
      ['Column name "a" appears 2 times in the header (columns 1 and 3): each column needs its own name.'],
    ],
    ['an unnamed column', 'a,,c\n1,2,3\n', ['The header (line 1) leaves column 2 without a name.']],
    ['unnamed columns', 'a,,c,\n1,2,3,4\n', ['The header (line 1) leaves columns 2 and 4 without a name.']],
    ['__proto__ as a name', 'a,__proto__\n1,2\n', ['Column name "__proto__" cannot be used: rename that column.']],
    ['one ragged row', 'a,b\n1,2\n3\n5,6\n', ['Line 3 has 1 cell, but the header has 2.']],
    [
      'many ragged rows',
      'a,b\n1\n2,3,4\n5,6\n7\n8\n9,10\n',
      ["4 rows do not have the header's 2 cells: line 2 has 1, line 3 has 3, line 5 has 1 and 1 more."],
    ],
    ['too few rows', 'a,b\n1,2\n3,4\n', ['The file has 2 data rows; at least 3 are needed to train and test a model.']],
    ['one row', 'a,b\n1,2\n', ['The file has 1 data row; at least 3 are needed to train and test a model.']],
    [
      'an unclosed quote',
      'a,b\n1,2\n3,"4\n5,6\n',
      ['Line 3 opens a quoted cell (") that is never closed: the rest of the file would be one cell.'],
    ],
    [
      'too many columns',
      `${Array.from({ length: 501 }, (_, i) => `c${i}`).join(',')}\n`,
      ['The header has 501 columns; at most 500 are supported.'],
    ],
    ['an unclosed quote in the header', '"a,b\n1,2\n', ['Line 1 opens a quoted cell (") that is never closed: the rest of the file would be one cell.']],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  it('refuses a file over the size limit before reading it, naming both sizes', () => {
    const limits = uploadLimits(50);
    expect(limits.maxBytes).toBe(50 * MEGABYTE);
    expect(checkFileSize(50 * MEGABYTE, limits)).toBeNull();
    expect(checkFileSize(61.25 * MEGABYTE, limits)).toBe(
      'The file is 61.3 MB; the largest upload allowed is 50 MB (Settings → Largest CSV upload).',
    );
    expect(checkFileSize(2048, { maxBytes: 1024 })).toBe('The file is 2.0 kB; the largest upload allowed is 0 MB (Settings → Largest CSV upload).');
  });

  it('refuses a file the playground cannot handle at upload, with the reason: over 20,000,000 cells, or over 500 MB', () => {
    expect(uploadLimits(50).maxCells).toBe(20_000_000);
    // 2 columns, at most 10 cells: the 6th data row would be the 11th and 12th cell. The scan stops there.
    const text = `a,b\n${'1,2\n'.repeat(1_000)}`;
    const parsed = parseCsvText(text, { minRows: 1, maxCells: 10 });
    expect(parsed.inspection.errors).toEqual([
      'The file has more than 5 data rows of 2 columns (over 10 cells): the playground takes at most 10 cells (rows × columns), the most its whole ' +
        'pipeline (import, producer and consumer) was measured to run in a browser tab. Keep fewer rows, or remove columns you do not need.',
    ]);
    expect(parsed.values).toEqual([]);
    expect(parseCsvText(`a,b\n${'1,2\n'.repeat(5)}`, { minRows: 1, maxCells: 10 }).inspection.errors).toEqual([]);
    // Larger than a tab can read as text, whatever Settings allow: refused before it is read.
    expect(checkFileSize(600 * MEGABYTE, { maxBytes: 1024 * MEGABYTE })).toBe(
      'The file is 600.0 MB; a browser tab can read at most 500 MB of text as one file. The playground takes up to 20,000,000 cells (rows × columns): keep fewer rows or columns.',
    );
  });

  it('refuses bytes that are not UTF-8 text, or hold NUL bytes', () => {
    expect(decodeCsvBytes(new Uint8Array([0x61, 0x2c, 0xff, 0xfe, 0x0a]))).toEqual({
      ok: false,
      error: 'The file is not UTF-8 text (a spreadsheet or another encoding?): save it as "CSV UTF-8" and try again.',
    });
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({
      ok: false,
      error: 'The file holds binary data (NUL bytes), not CSV text: export it as CSV and try again.',
    });
  });
});

describe('upload validation: what a good file gives', () => {
  it('reads the header, a preview, per-column types, and defaults to the last numeric column as target', () => {
    const inspection = inspectCsvText(csv(8), LIMITS);
    expect(inspection.errors).toEqual([]);
    expect(inspection.header).toEqual(['x', 'city', 'y']);
    expect(inspection.rowCount).toBe(8);
    expect(inspection.preview).toHaveLength(5);
    expect(inspection.preview[0]).toEqual(['0', 'town0', '1']);
    expect(inspection.columns.map((c) => [c.name, c.kind, c.numbers, c.text, c.min, c.max])).toEqual([
      ['x', 'numeric', 8, 0, 0, 7],
      ['city', 'text', 0, 8, null, null],
      ['y', 'numeric', 8, 0, 1, 15],
    ]);
    expect(defaultMapping(inspection)).toEqual({ features: ['x'], target: 'y' });
  });

  it('handles a BOM and CRLF line ends, and says so', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv(4, 'x,city,y', '\r\n'))]);
    const decoded = decodeCsvBytes(bytes);
    expect(decoded).toMatchObject({ ok: true, bom: true });
    const text = (decoded as { text: string }).text;
    expect(text.charCodeAt(0)).toBe('x'.charCodeAt(0));
    const inspection = inspectCsvText(text, LIMITS, { bom: true });
    expect(inspection.errors).toEqual([]);
    expect(inspection.header).toEqual(['x', 'city', 'y']);
    expect(inspection.columns[2]!.max).toBe(7);
    expect(inspection.notes).toEqual([
      'A byte-order mark (BOM) at the start of the file was ignored.',
      'Windows line ends (CRLF) were read as ordinary line ends.',
    ]);
    // A BOM left in the text (read without a decoder) is dropped from the first name too.
    expect(inspectCsvText(`\uFEFF${csv(4)}`, LIMITS).header[0]).toBe('x');
  });

  it('reads quoted cells with commas, doubled quotes and line breaks, and counts lines across them', () => {
    const text = 'name,x,y\n"Smith, J.",1,2\n"say ""hi""",3,4\n"two\nlines",5,6\n"last",7,oops\n';
    const inspection = inspectCsvText(text, LIMITS);
    expect(inspection.errors).toEqual([]);
    expect(inspection.preview.map((r) => r[0])).toEqual(['Smith, J.', 'say "hi"', 'two\nlines', 'last']);
    expect(inspection.columns[2]!.firstText).toEqual([{ row: 4, line: 6, shown: '"oops"' }]);
  });

  it('skips blank lines but keeps line numbers exact', () => {
    const lines: { cells: string[]; line: number }[] = [];
    scanCsvRecords('a,b\n\n1,2\r\n\r\n3,4', ',', (cells, line) => void lines.push({ cells, line }));
    expect(lines).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 3 },
      { cells: ['3', '4'], line: 5 },
    ]);
  });

  it('reads NA, N/A, NaN, null, None and blanks as missing, and only plain decimals as numbers', () => {
    const text = 'a,b\n1,NA\n2,n/a\n3,NaN\n4,null\n5,None\n6,\n7,0x10\n8,Infinity\n9,1e999\n10,-.5e1\n';
    const b = inspectCsvText(text, LIMITS).columns[1]!;
    expect([b.kind, b.numbers, b.missing, b.text, b.min]).toEqual(['mixed', 1, 6, 3, -5]);
    expect(b.firstText.map((c) => c.shown)).toEqual(['"0x10"', '"Infinity"', '"1e999"']);
  });
});

describe('upload validation: the mapping', () => {
  const messy = [
    'rooms,age,city,price,notes',
    '1,10,a,100,',
    '2,abc,b,200,',
    '3,12,c,,',
    '4,?,d,400,',
    '5,14,e,500,',
    '6,n.a,f,600,',
    '7,16,g,x,',
    '8,17,h,800,',
    '9,,i,900,',
  ].join('\n');
  const inspection = inspectCsvText(messy, LIMITS);

  it('names non-numeric cells (first three, then a count) and missing values, with row and line', () => {
    expect(inspection.errors).toEqual([]);
    expect(checkMapping(inspection, { features: ['rooms', 'age'], target: 'price' })).toEqual([
      'Column "price" (target) has 1 non-numeric cell: row 7 (line 8) "x". The target must be numeric.',
      'Column "price" (target) has 1 missing value: row 3 (line 4).',
      'Column "age" (feature) has 3 non-numeric cells: row 2 (line 3) "abc", row 4 (line 5) "?" and row 6 (line 7) "n.a".',
      'Column "age" (feature) has 1 missing value: row 9 (line 10).',
    ]);
  });

  it('refuses a text or empty column, a missing target, no features, a column twice, or an unknown one', () => {
    expect(checkMapping(inspection, { features: ['rooms'], target: 'city' })).toEqual([
      'Column "city" (target) holds text, not numbers: row 1 (line 2) "a", row 2 (line 3) "b", row 3 (line 4) "c" and 6 more. The target must be numeric.',
    ]);
    expect(checkMapping(inspection, { features: ['notes'], target: 'rooms' })).toEqual([
      'Column "notes" (feature) has 9 missing values: row 1 (line 2), row 2 (line 3), row 3 (line 4) and 6 more.',
    ]);
    expect(checkMapping(inspection, { features: [], target: '' })).toEqual([
      'Choose the target column: the numeric column the model will predict.',
      'Choose at least one feature column.',
    ]);
    expect(checkMapping(inspection, { features: ['rooms', 'rooms', 'price'], target: 'price' })).toEqual([
      'Feature "rooms" is chosen twice.',
      'Column "price" cannot be both a feature and the target.',
      'Column "price" (target) has 1 non-numeric cell: row 7 (line 8) "x". The target must be numeric.',
      'Column "price" (target) has 1 missing value: row 3 (line 4).',
    ]);
    expect(checkMapping(inspection, { features: ['nope'], target: 'rooms' })).toEqual(['Column "nope" is not in the file\'s header.']);
  });

  it('builds the table with the features in the chosen order and the target last, as Float64 columns', () => {
    const parsed = parseCsvText(csv(5), LIMITS);
    const built = buildUploadTable(parsed, { features: ['x'], target: 'y' });
    if (!built.ok) throw new Error(built.errors.join(' '));
    const table = built.table;
    expect(table.names).toEqual(['x', 'y']);
    expect(table.rowCount).toBe(5);
    expect(table.columns.y).toBeInstanceOf(Float64Array);
    expect(Array.from(table.columns.y!)).toEqual([1, 3, 5, 7, 9]);

    const wide = parseCsvText('a,b,c,t\n1,2,3,4\n5,6,7,8\n9,10,11,12\n', LIMITS);
    const reordered = buildUploadTable(wide, { features: ['c', 'a'], target: 'b' });
    expect(reordered.ok && reordered.table.names).toEqual(['c', 'a', 'b']);
    expect(reordered.ok && Array.from(reordered.table.columns.a!)).toEqual([1, 5, 9]);
  });

  it('refuses to build from a malformed file or a bad mapping, with the same messages', () => {
    expect(buildUploadTable(parseCsvText('a;b\n1;2\n', LIMITS), { features: ['a'], target: 'b' })).toEqual({
      ok: false,
      errors: [
        'The file seems to separate its cells with semicolons (;), not commas: a comma split gives 1 column, a split on semicolons (;) gives 2. Export it as comma-separated CSV.',
      ],
    });
    expect(buildUploadTable(parseCsvText(messy, LIMITS), { features: ['rooms'], target: 'price' })).toEqual({
      ok: false,
      errors: [
        'Column "price" (target) has 1 non-numeric cell: row 7 (line 8) "x". The target must be numeric.',
        'Column "price" (target) has 1 missing value: row 3 (line 4).',
      ],
    });
  });
});

describe('producerSource', () => {
  it('reads housing (the default) or an uploaded_csv version id, and refuses anything else', () => {
    expect(producerSource(undefined)).toEqual({ kind: 'housing' });
    expect(producerSource('housing')).toEqual({ kind: 'housing' });
    expect(producerSource('uploaded_csv@upload__x/upload_csv/1')).toEqual({ kind: 'upload', versionId: 'uploaded_csv@upload__x/upload_csv/1' });
    expect(() => producerSource('raw_housing@r/t/1')).toThrow(
      'Param "source" must be "housing" or the id of an uploaded_csv version (uploaded_csv@…), got "raw_housing@r/t/1".',
    );
  });
});
