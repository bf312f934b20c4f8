import type { Column, ColumnTable } from '../../core/columns';
import { quoted } from '../../core/displayText';
import type { Database } from './database';
import { partRange } from './versionParts';
import type { ColumnsPartRecord, ColumnsRecord } from './schema';
import { groupDigits } from '../../core/groupDigits';

/**
 * Reads of a dataset version a piece at a time, for views of versions too large to hold whole on a page (a
 * 2,000,000-row upload is 144 MB of columns): one part visited after the other, or the part that holds a row. Both
 * storage shapes (versionParts.ts) read the same way: a single record is one part at offset 0.
 */
export interface VersionPart {
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
  /** The version's first row in this part. */
  readonly rowOffset: number;
  readonly rowCount: number;
  readonly totalRows: number;
  readonly part: number;
  readonly parts: number;
}

const asPart = (record: ColumnsRecord | ColumnsPartRecord): VersionPart =>
  'part' in record
    ? record
    : { names: record.names, columns: record.columns, rowOffset: 0, rowCount: record.rowCount, totalRows: record.rowCount, part: 0, parts: 1 };

const notStored = (id: string) => new Error(`Asset version ${quoted(id)} is not stored (deleted, or never written).`);
const incomplete = (id: string, what: string) => new Error(`Asset version ${quoted(id)} is incomplete: ${what}.`);

/**
 * Calls `visit` with each part of a version in row order, in one readonly transaction: only the part being visited is
 * deserialized. `visit` is synchronous (an IndexedDB transaction ends when its requests run out; work between two
 * requests keeps it open) and returns false to stop early. Throws when the version is absent or its parts are not
 * whole and in order, as readVersionColumns does.
 */
export async function forEachVersionPart(db: Database, id: string, visit: (part: VersionPart) => boolean | void): Promise<void> {
  const tx = db.transaction('datasetColumns', 'readonly');
  const store = tx.store;
  const single = await store.get(id);
  if (single) {
    checkWhole(id, asPart(single));
    visit(asPart(single));
    await tx.done;
    return;
  }
  let cursor = await store.openCursor(partRange(id));
  if (!cursor) throw notStored(id);
  const first = asPart(cursor.value);
  let seen = 0;
  let rows = 0;
  while (cursor) {
    const part = asPart(cursor.value);
    if (part.part !== seen || part.rowOffset !== rows || part.parts !== first.parts || part.totalRows !== first.totalRows) break;
    checkWhole(id, part);
    if (visit(part) === false) {
      await tx.done;
      return;
    }
    seen++;
    rows += part.rowCount;
    cursor = await cursor.continue();
  }
  await tx.done;
  if (seen !== first.parts || rows !== first.totalRows) {
    throw incomplete(id, `${seen} of its ${first.parts} parts (${groupDigits(rows)} of ${groupDigits(first.totalRows)} rows) are stored in order`);
  }
}

function checkWhole(id: string, part: VersionPart): void {
  for (const name of part.names) {
    const column = part.columns[name];
    if (!column || column.length !== part.rowCount) throw incomplete(id, `column ${quoted(name)} of part ${part.part} is not whole`);
  }
}

/**
 * The part of a version that holds row `row` (0-based), read alone. Every part but the last has as many rows as the
 * first, so the part's number is a division; a version whose parts say otherwise is read by a walk over them.
 */
export async function readVersionPartAt(db: Database, id: string, row: number): Promise<VersionPart> {
  const tx = db.transaction('datasetColumns', 'readonly');
  const single = await tx.store.get(id);
  if (single) {
    await tx.done;
    const whole = asPart(single);
    return checked(id, whole, Math.max(0, Math.min(row, whole.totalRows - 1)));
  }
  const first = await tx.store.get([id, 0]);
  if (!first) {
    await tx.done;
    throw notStored(id);
  }
  const part = asPart(first);
  // A row past the end reads the last part (whose rows end where the version does).
  const wanted = Math.max(0, Math.min(row, part.totalRows - 1));
  if (wanted < part.rowCount || part.parts === 1) {
    await tx.done;
    return checked(id, part, wanted);
  }
  const guess = await tx.store.get([id, Math.min(part.parts - 1, Math.floor(wanted / part.rowCount))]);
  await tx.done;
  if (guess && contains(asPart(guess), wanted)) return checked(id, asPart(guess), wanted);
  let found: VersionPart | null = null;
  await forEachVersionPart(db, id, (p) => {
    if (!contains(p, wanted)) return true;
    found = p;
    return false;
  });
  return checked(id, found ?? part, wanted);
}

const contains = (part: VersionPart, row: number) => row >= part.rowOffset && row < part.rowOffset + part.rowCount;

function checked(id: string, part: VersionPart, row: number): VersionPart {
  checkWhole(id, part);
  if (!contains(part, row) && !(part.totalRows === 0 && row === 0)) {
    throw incomplete(id, `row ${groupDigits(row + 1)} of ${groupDigits(part.totalRows)} is in no stored part`);
  }
  return part;
}

/** Rows [start, end) of a part as a table of their own (copies: the part itself can then be let go). */
export function partRows(part: VersionPart, start: number, end: number): ColumnTable {
  const from = Math.max(0, start - part.rowOffset);
  const to = Math.min(part.rowCount, end - part.rowOffset);
  const columns: Record<string, Column> = {};
  for (const name of part.names) columns[name] = part.columns[name]!.slice(from, Math.max(from, to));
  return { names: part.names, columns, rowCount: Math.max(0, to - from) };
}
