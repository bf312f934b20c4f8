import type { ColumnTable } from '../core/columns';
import type { Database } from '../runtime/storage/database';
import { forEachVersionPart, partRows, readVersionPartAt, type VersionPart } from '../runtime/storage/versionPartReads';
import { csvChunks, csvField } from '../viz/charts/csv';
import { ColumnSummariser, type ColumnSummary } from './columnSummaries';
import { PredictionFigureBuilder, type PredictionFigures } from './predictionFigures';

/** One stored dataset version, by database and id; the content hash tells two writes of the same id apart. */
export interface VersionRef {
  readonly dbName: string;
  readonly id: string;
  readonly contentHash: string;
}

/** Rows [start, start + rowCount) of a version, with the version's size. */
export interface RowsPage {
  readonly start: number;
  readonly rows: ColumnTable;
  readonly totalRows: number;
}

export interface VersionSummary {
  readonly names: readonly string[];
  readonly rowCount: number;
  readonly columns: readonly ColumnSummary[];
}

/** How far a long read has come: parts done of parts to do (the summaries read every part twice). */
export type ReadProgress = (done: number, total: number) => void;

/**
 * The version reader's contract (comlink): what the Datasets and Model pages show of a stored version, computed where
 * the version is read, a part at a time, so that a 2,000,000-row version never lands whole on the page. A page of rows,
 * the column summaries, the prediction charts' figures with a sample to draw, the CSV as a Blob.
 */
export interface VersionReaderApi {
  rows(version: VersionRef, start: number, count: number): Promise<RowsPage>;
  summarise(version: VersionRef, progress?: ReadProgress): Promise<VersionSummary>;
  predictionFigures(version: VersionRef, features: readonly string[], progress?: ReadProgress): Promise<PredictionFigures>;
  csv(version: VersionRef): Promise<Blob>;
}

export interface VersionReaderOptions {
  /** The database of a name: opened by name in the worker, the page's own in memory mode and in tests. */
  readonly database: (dbName: string) => Promise<Database>;
}

/** Summaries and figures kept, per version: a few kB each, so switching back and forth reads nothing again. */
const KEPT_RESULTS = 16;

const keyOf = (v: VersionRef) => `${v.dbName}\u0000${v.id}\u0000${v.contentHash}`;

/** A small most-recently-used map of promises (a failed one is dropped, so a retry reads again). */
function resultCache<T>() {
  const kept = new Map<string, Promise<T>>();
  return (key: string, make: () => Promise<T>): Promise<T> => {
    let value = kept.get(key);
    if (value) kept.delete(key);
    else {
      value = make();
      value.catch(() => kept.delete(key));
    }
    kept.set(key, value);
    while (kept.size > KEPT_RESULTS) kept.delete(kept.keys().next().value!);
    return value;
  };
}

/** No part is visited twice in a row without this: paging within one part (262,144 rows) reads it once. */
function partCache() {
  let last: { key: string; part: VersionPart } | null = null;
  return {
    find(key: string, row: number): VersionPart | null {
      if (!last || last.key !== key) return null;
      const { part } = last;
      return row >= part.rowOffset && row < part.rowOffset + part.rowCount ? part : null;
    },
    keep(key: string, part: VersionPart): void {
      last = { key, part };
    },
  };
}

export function createVersionReaderApi(options: VersionReaderOptions): VersionReaderApi {
  const summaries = resultCache<VersionSummary>();
  const figures = resultCache<PredictionFigures>();
  const parts = partCache();

  const partAt = async (version: VersionRef, row: number): Promise<VersionPart> => {
    const key = keyOf(version);
    const cached = parts.find(key, row);
    if (cached) return cached;
    const part = await readVersionPartAt(await options.database(version.dbName), version.id, row);
    parts.keep(key, part);
    return part;
  };

  return {
    async rows(version, start, count) {
      const first = await partAt(version, Math.max(0, start));
      const begin = Math.min(Math.max(0, start), first.totalRows);
      const end = Math.min(first.totalRows, begin + Math.max(0, count));
      const pieces: ColumnTable[] = [partRows(first, begin, end)];
      // A page across two parts takes the rest from the next one.
      for (let at = first.rowOffset + first.rowCount; at < end; ) {
        const next = await partAt(version, at);
        pieces.push(partRows(next, at, end));
        at = next.rowOffset + next.rowCount;
      }
      return { start: begin, rows: concatRows(pieces), totalRows: first.totalRows };
    },

    summarise(version, progress) {
      return summaries(keyOf(version), async () => {
        const db = await options.database(version.dbName);
        const summariser = new ColumnSummariser();
        let total = 0;
        let done = 0;
        let rowCount = 0;
        let only: VersionPart | null = null;
        await forEachVersionPart(db, version.id, (part) => {
          total = part.parts * 2;
          rowCount = part.totalRows;
          summariser.addStats(part);
          if (part.parts === 1) only = part;
          progress?.(++done, total);
        });
        summariser.finishStats();
        // A version of one part (the housing data) is binned from the record already read.
        if (only) summariser.addBins(only);
        else
          await forEachVersionPart(db, version.id, (part) => {
            summariser.addBins(part);
            progress?.(++done, total);
          });
        const columns = summariser.summaries();
        return { names: columns.map((c) => c.name), rowCount, columns };
      });
    },

    predictionFigures(version, features, progress) {
      return figures(`${keyOf(version)}\u0000${features.join('\u0000')}`, async () => {
        const builder = new PredictionFigureBuilder(features);
        let done = 0;
        await forEachVersionPart(await options.database(version.dbName), version.id, (part) => {
          builder.add(part);
          progress?.(++done, part.parts);
        });
        return builder.finish();
      });
    },

    async csv(version) {
      const blobs: Blob[] = [];
      await forEachVersionPart(await options.database(version.dbName), version.id, (part) => {
        const table: ColumnTable = { names: part.names, columns: part.columns, rowCount: part.rowCount };
        const header = `${part.names.map(csvField).join(',')}\r\n`;
        const chunks = [...csvChunks(table, 4096)];
        // Each part's pieces start with the header; the file has it once.
        if (part.part > 0 && chunks[0]?.startsWith(header)) chunks[0] = chunks[0].slice(header.length);
        // One Blob per part: its strings can go before the next part's are made.
        blobs.push(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
      });
      return new Blob(blobs, { type: 'text/csv;charset=utf-8' });
    },
  };
}

function concatRows(pieces: readonly ColumnTable[]): ColumnTable {
  if (pieces.length === 1) return pieces[0]!;
  const first = pieces[0]!;
  const rowCount = pieces.reduce((n, p) => n + p.rowCount, 0);
  const columns: ColumnTable['columns'] = Object.fromEntries(
    first.names.map((name) => {
      const like = first.columns[name]!;
      const out = like instanceof Float32Array ? new Float32Array(rowCount) : new Float64Array(rowCount);
      let at = 0;
      for (const piece of pieces) {
        out.set(piece.columns[name]!, at);
        at += piece.rowCount;
      }
      return [name, out];
    }),
  );
  return { names: first.names, columns, rowCount };
}
