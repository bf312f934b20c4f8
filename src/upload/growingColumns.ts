/**
 * The numeric columns of a CSV as it is parsed, filled in place: one Float64Array per column, sized from the file's
 * line count before the first row is read, so a parse holds one copy of the values (filling `number[]`s and copying
 * them into typed arrays at the end held two: 285 MB of worker heap for 15,000,000 cells). Blank lines and quoted line
 * breaks make the line count an upper bound; a file whose lines end in a lone CR has no LF to count, so the columns
 * also grow (by half) when a row does not fit.
 */
export class GrowingColumns {
  private data: Float64Array[];
  private capacity: number;

  constructor(width: number, capacity: number) {
    this.capacity = Math.max(16, capacity);
    this.data = Array.from({ length: width }, () => new Float64Array(this.capacity));
  }

  /** The columns to write row `row` (0-based) into; valid until the next call. */
  rowSlot(row: number): readonly Float64Array[] {
    if (row >= this.capacity) {
      this.capacity = Math.max(row + 1, Math.ceil(this.capacity * 1.5));
      this.data = this.data.map((old) => {
        const grown = new Float64Array(this.capacity);
        grown.set(old);
        return grown;
      });
    }
    return this.data;
  }

  /**
   * The columns holding exactly `rows` rows. A column with room to spare is copied (one column at a time), not handed
   * on as a view: IndexedDB and postMessage clone a view's whole buffer.
   */
  finish(rows: number): Float64Array[] {
    const done = this.data.map((column) => (column.length === rows ? column : column.slice(0, rows)));
    this.data = [];
    return done;
  }
}

const LF = 10;
const CR = 13;

/** Most data rows `text` can hold: its lines, less the header (an upper bound: blank lines and quoted breaks count). */
export function dataRowCapacity(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  const last = text.charCodeAt(text.length - 1);
  if (text.length > 0 && last !== LF && last !== CR) lines++;
  return Math.max(0, lines - 1);
}
