import { readCell, showCell } from './cells';
import { firstRecords, scanCsvRecords } from './csvRecords';
import { dataRowCapacity, GrowingColumns } from './growingColumns';
import { MAX_UPLOAD_CELLS, MAX_UPLOAD_COLUMNS, tooManyCellsMessage, type UploadLimits } from '../pipelines/upload/limits';
import { groupDigits } from '../core/groupDigits';

/** What a column holds: only numbers (and missing cells), some text among numbers, only text, or nothing at all. */
export type ColumnKind = 'numeric' | 'mixed' | 'text' | 'empty';

/** A cell a message points at: its data row (1 = the first row under the header), its line in the file, its text. */
export interface CellRef {
  readonly row: number;
  readonly line: number;
  /** The cell as shown in messages (quoted, cut short); only for cells that are not numbers. */
  readonly shown?: string;
}

export interface ColumnProfile {
  readonly index: number;
  readonly name: string;
  readonly kind: ColumnKind;
  readonly numbers: number;
  readonly missing: number;
  readonly text: number;
  /** The first few missing and non-numeric cells (FIRST_CELLS of each), for precise messages. */
  readonly firstMissing: readonly CellRef[];
  readonly firstText: readonly CellRef[];
  readonly min: number | null;
  readonly max: number | null;
}

/** What the person sees before mapping: the header, a preview, each column's type, and what is wrong with the file. */
export interface CsvInspection {
  /** Problems with the file itself; when there are any, it cannot be imported whatever the mapping. */
  readonly errors: readonly string[];
  /** Things handled silently that a person may still like to know (a byte-order mark, Windows line ends). */
  readonly notes: readonly string[];
  readonly header: readonly string[];
  readonly rowCount: number;
  readonly columns: readonly ColumnProfile[];
  /** The first PREVIEW_ROWS data rows, as text. */
  readonly preview: readonly (readonly string[])[];
}

export interface ParseOptions {
  /** The file started with a byte-order mark (already removed by the decoder). */
  readonly bom?: boolean;
  /** False: check and profile the file without keeping its values (an inspection needs none). Default true. */
  readonly values?: boolean;
}

/** The inspection plus every column read as numbers (NaN where a cell is missing or text; none when not asked for). */
export interface ParsedCsv {
  readonly inspection: CsvInspection;
  readonly values: readonly Float64Array[];
}

export const FIRST_CELLS = 3;
export const PREVIEW_ROWS = 5;
const PREVIEW_CELL_CHARS = 40;

const OTHER_DELIMITERS: readonly { readonly char: string; readonly name: string }[] = [
  { char: ';', name: 'semicolons (;)' },
  { char: '\t', name: 'tabs' },
  { char: '|', name: 'vertical bars (|)' },
];

/** "1 missing value" / "3 missing values". */
export const plural = (count: number, one: string, many = `${one}s`) => `${groupDigits(count)} ${count === 1 ? one : many}`;

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "row 3 (line 4) "abc", row 8 (line 9) "?" and 5 more". */
export function describeCells(cells: readonly CellRef[], total: number): string {
  const shown = cells.map((c) => `row ${c.row} (line ${c.line})${c.shown === undefined ? '' : ` ${c.shown}`}`);
  const more = total - cells.length;
  return more > 0 ? `${shown.join(', ')} and ${groupDigits(more)} more` : listOf(shown);
}

/**
 * Reads a user's CSV text (already decoded) and finds what is wrong with it, with the line and column of each
 * problem: empty file, no header, wrong delimiter, unnamed or duplicate columns, ragged rows, an unclosed quote, too
 * few rows. A byte-order mark and CRLF line ends are handled, and noted. Pure: the upload worker calls it.
 */
export function parseCsvText(
  input: string,
  limits: Pick<UploadLimits, 'minRows'> & Partial<Pick<UploadLimits, 'maxCells'>>,
  options: ParseOptions = {},
): ParsedCsv {
  const maxCells = limits.maxCells ?? MAX_UPLOAD_CELLS;
  const notes: string[] = [];
  const bom = options.bom === true || input.charCodeAt(0) === 0xfeff;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (bom) notes.push('A byte-order mark (BOM) at the start of the file was ignored.');
  const refuse = (error: string, header: readonly string[] = []): ParsedCsv => ({
    inspection: { errors: [error], notes, header, rowCount: 0, columns: [], preview: [] },
    values: [],
  });

  if (text.trim() === '') return refuse('The file is empty: it needs a header row and at least one data row.');
  const head = firstRecords(text, ',', 5);
  const headerRecord = head[0];
  if (!headerRecord) {
    // Not blank, yet no record: the very first cell opened a quote that never closes.
    const line = scanCsvRecords(text, ',', () => false).unclosedQuoteLine ?? 1;
    return refuse(`Line ${line} opens a quoted cell (") that is never closed: the rest of the file would be one cell.`);
  }
  if (headerRecord.cells.length === 1) return refuse(oneColumnMessage(text, headerRecord.cells));

  if (headerRecord.cells.length > MAX_UPLOAD_COLUMNS) {
    return refuse(`The header has ${plural(headerRecord.cells.length, 'column')}; at most ${MAX_UPLOAD_COLUMNS} are supported.`);
  }
  const header = headerRecord.cells.map((name) => name.trim());
  const headerErrors = checkHeader(header, headerRecord.line);
  if (headerErrors.length > 0) return refuse(headerErrors.join(' '), header);

  const width = header.length;
  const numbers = new Array<number>(width).fill(0);
  const missing = new Array<number>(width).fill(0);
  const textCells = new Array<number>(width).fill(0);
  const firstMissing: CellRef[][] = header.map(() => []);
  const firstText: CellRef[][] = header.map(() => []);
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  // Typed columns filled in place, sized for the rows the file can hold within the cell limit.
  const values = options.values === false ? null : new GrowingColumns(width, Math.min(dataRowCapacity(text), Math.floor(maxCells / width)));
  const preview: string[][] = [];
  const ragged: { line: number; cells: number }[] = [];
  let raggedCount = 0;
  let row = 0;
  let headerSeen = false;
  let tooLarge = false;

  const scan = scanCsvRecords(text, ',', (cells, line) => {
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    // Stops as soon as the file is too large: its values would only fill memory before being refused.
    if ((row + 1) * width > maxCells) {
      tooLarge = true;
      return false;
    }
    row++;
    const slot = values?.rowSlot(row - 1);
    if (preview.length < PREVIEW_ROWS) preview.push(cells.map((c) => (c.length > PREVIEW_CELL_CHARS ? `${c.slice(0, PREVIEW_CELL_CHARS)}…` : c)));
    if (cells.length !== width) {
      raggedCount++;
      if (ragged.length < FIRST_CELLS) ragged.push({ line, cells: cells.length });
      if (slot) for (let c = 0; c < width; c++) slot[c]![row - 1] = Number.NaN;
      return;
    }
    for (let c = 0; c < width; c++) {
      const cell = readCell(cells[c]!);
      if (cell.kind === 'number') {
        numbers[c]!++;
        if (slot) slot[c]![row - 1] = cell.value;
        if (cell.value < min[c]!) min[c] = cell.value;
        if (cell.value > max[c]!) max[c] = cell.value;
        continue;
      }
      if (slot) slot[c]![row - 1] = Number.NaN;
      if (cell.kind === 'missing') {
        if (missing[c]!++ < FIRST_CELLS) firstMissing[c]!.push({ row, line });
      } else if (textCells[c]!++ < FIRST_CELLS) {
        firstText[c]!.push({ row, line, shown: showCell(cells[c]!) });
      }
    }
  });
  if (scan.crlf) notes.push('Windows line ends (CRLF) were read as ordinary line ends.');

  if (tooLarge) {
    return { inspection: { errors: [tooManyCellsMessage(width, maxCells)], notes, header, rowCount: row, columns: [], preview }, values: [] };
  }
  const errors: string[] = [];
  if (scan.unclosedQuoteLine !== null) {
    // After an unclosed quote the row count means nothing: this one message is what a person must fix first.
    errors.push(`Line ${scan.unclosedQuoteLine} opens a quoted cell (") that is never closed: the rest of the file would be one cell.`);
  } else if (row === 0) {
    errors.push('The file has a header but no data rows.');
  } else if (row < limits.minRows) {
    errors.push(`The file has ${plural(row, 'data row')}; at least ${limits.minRows} are needed to train and test a model.`);
  }
  if (raggedCount === 1) {
    errors.push(`Line ${ragged[0]!.line} has ${plural(ragged[0]!.cells, 'cell')}, but the header has ${width}.`);
  } else if (raggedCount > 1) {
    const listed = ragged.map((r) => `line ${r.line} has ${r.cells}`);
    const more = raggedCount - ragged.length;
    errors.push(
      `${groupDigits(raggedCount)} rows do not have the header's ${width} cells: ${more > 0 ? `${listed.join(', ')} and ${groupDigits(more)} more` : listOf(listed)}.`,
    );
  }

  const columns: ColumnProfile[] = header.map((name, c) => ({
    index: c,
    name,
    kind: kindOf(numbers[c]!, textCells[c]!),
    numbers: numbers[c]!,
    missing: missing[c]!,
    text: textCells[c]!,
    firstMissing: firstMissing[c]!,
    firstText: firstText[c]!,
    min: numbers[c]! > 0 ? min[c]! : null,
    max: numbers[c]! > 0 ? max[c]! : null,
  }));
  return {
    inspection: { errors, notes, header, rowCount: row, columns, preview },
    values: values?.finish(row) ?? [],
  };
}

/** The inspection alone (what crosses to the page: no columns). */
export const inspectCsvText = (
  text: string,
  limits: Pick<UploadLimits, 'minRows'> & Partial<Pick<UploadLimits, 'maxCells'>>,
  options: { bom?: boolean } = {},
): CsvInspection =>
  parseCsvText(text, limits, { ...options, values: false }).inspection;

function kindOf(numbers: number, text: number): ColumnKind {
  if (text === 0) return numbers > 0 ? 'numeric' : 'empty';
  return numbers > 0 ? 'mixed' : 'text';
}

/** A comma split found one column: either another delimiter was used, or the file really has one column. */
function oneColumnMessage(text: string, headerCells: readonly string[]): string {
  for (const { char, name } of OTHER_DELIMITERS) {
    const records = firstRecords(text, char, 5);
    const width = records[0]!.cells.length;
    if (width >= 2 && records.every((r) => r.cells.length === width)) {
      return `The file seems to separate its cells with ${name}, not commas: a comma split gives 1 column, a split on ${name} gives ${width}. Export it as comma-separated CSV.`;
    }
  }
  return `Only one column (${showCell(headerCells[0] ?? '')}) was found: the file needs comma-separated columns, at least one feature and a target.`;
}

function checkHeader(header: readonly string[], line: number): string[] {
  const readings = header.map(readCell);
  if (readings.every((r) => r.kind === 'number')) {
    const sample = header.slice(0, 3).join(', ');
    return [
      `The first line holds only numbers (${sample}${header.length > 3 ? ', …' : ''}): the file needs a header row that names each column.`,
    ];
  }
  const errors: string[] = [];
  const unnamed = header.flatMap((name, i) => (name === '' ? [String(i + 1)] : []));
  if (unnamed.length > 0) {
    errors.push(`The header (line ${line}) leaves ${unnamed.length === 1 ? 'column' : 'columns'} ${listOf(unnamed)} without a name.`);
  }
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => {
    if (name !== '') positions.set(name, [...(positions.get(name) ?? []), i + 1]);
  });
  for (const [name, at] of positions) {
    if (at.length > 1) {
      errors.push(`Column name ${showCell(name)} appears ${at.length} times in the header (columns ${listOf(at.map(String))}): each column needs its own name.`);
    }
  }
  // The columns become the keys of a plain object: this one name would replace its prototype instead.
  if (positions.has('__proto__')) errors.push('Column name "__proto__" cannot be used: rename that column.');
  return errors;
}
