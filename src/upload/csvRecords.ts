/**
 * Splits CSV text into records the way RFC 4180 reads them — quoted cells may hold the delimiter, doubled quotes and
 * line breaks; lines end in LF, CRLF or CR — and tells each record's first line, so that every message about a user's
 * file can name the line to look at in an editor. Entirely blank lines are skipped (a file often ends with several).
 */
export interface CsvScan {
  /** The line on which a quoted cell was opened and never closed; null when every quote is closed. */
  readonly unclosedQuoteLine: number | null;
  /** True when at least one line ended in CRLF (a file saved on Windows). */
  readonly crlf: boolean;
}

/** Called with each record's cells and the (1-based) line it starts on; return false to stop early. */
export type RecordVisitor = (cells: string[], line: number) => boolean | void;

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

export function scanCsvRecords(text: string, delimiter: string, visit: RecordVisitor): CsvScan {
  const sep = delimiter.charCodeAt(0);
  const length = text.length;
  let line = 1;
  let crlf = false;
  let cells: string[] = [];
  let recordLine = 1;
  let i = 0;
  const endRecord = (): boolean => {
    const blank = cells.length === 1 && cells[0]!.trim() === '';
    const keepGoing = blank ? true : visit(cells, recordLine) !== false;
    cells = [];
    return keepGoing;
  };
  while (i <= length) {
    if (cells.length === 0) recordLine = line;
    // One cell, starting at i.
    if (i < length && text.charCodeAt(i) === QUOTE) {
      const openedOn = line;
      let value = '';
      let from = ++i;
      for (;;) {
        if (i >= length) return { unclosedQuoteLine: openedOn, crlf };
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          value += text.slice(from, i);
          i++;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
        i++;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers (and spreadsheets) do.
      const rest = i;
      while (i < length && text.charCodeAt(i) !== sep && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      cells.push(value + text.slice(rest, i));
    } else {
      const from = i;
      while (i < length && text.charCodeAt(i) !== sep && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      cells.push(text.slice(from, i));
    }
    if (i >= length) {
      endRecord();
      break;
    }
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i === length) {
        // A trailing delimiter at the very end of the file still opens one last (empty) cell.
        cells.push('');
        endRecord();
        break;
      }
      continue;
    }
    // A line end closes the record.
    if (c === CR && text.charCodeAt(i + 1) === LF) {
      crlf = true;
      i += 2;
    } else {
      i++;
    }
    line++;
    if (!endRecord()) return { unclosedQuoteLine: null, crlf };
    if (i === length) break;
  }
  return { unclosedQuoteLine: null, crlf };
}

/** The first `count` non-blank records (for delimiter detection and previews). */
export function firstRecords(text: string, delimiter: string, count: number): { cells: string[]; line: number }[] {
  const records: { cells: string[]; line: number }[] = [];
  scanCsvRecords(text, delimiter, (cells, line) => {
    records.push({ cells, line });
    return records.length < count;
  });
  return records;
}
