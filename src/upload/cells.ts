import { isolateText } from '../core/displayText';
/**
 * How one cell of a user's CSV is read. Only plain decimal numbers count as numbers (`1`, `-2.5`, `.5`, `3e-4`):
 * `Number()` alone would also take `0x1F`, `Infinity` and a blank cell (as 0), none of which a person means as data.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Spellings of "no value" that spreadsheets, pandas and R write; read as missing, not as text. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

export type CellReading = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'missing' } | { readonly kind: 'text' };

const TEXT: CellReading = { kind: 'text' };
const MISSING_CELL: CellReading = { kind: 'missing' };

export function readCell(raw: string): CellReading {
  const cell = raw.trim();
  // Numbers first: they are nearly every cell, and need no lower-casing.
  if (DECIMAL.test(cell)) {
    const value = Number(cell);
    // 1e999 matches the pattern but overflows to Infinity: not a usable number either.
    return Number.isFinite(value) ? { kind: 'number', value } : TEXT;
  }
  return MISSING.has(cell.toLowerCase()) ? MISSING_CELL : TEXT;
}

/** A cell as a message shows it: quoted, and cut short so one huge cell cannot flood the page. */
export function showCell(raw: string, max = 30): string {
  const cell = raw.trim();
  // JSON's quoting makes control characters visible; the isolate keeps a right-to-left override inside the quotes.
  return isolateText(JSON.stringify(cell.length > max ? `${cell.slice(0, max)}…` : cell));
}
