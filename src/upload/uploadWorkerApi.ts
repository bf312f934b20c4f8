import { datasetId } from '../core/ids';
import { toErrorInfo } from '../core/json';
import { buildUploadTable, type ColumnMapping } from './columnMapping';
import { decodeCsvBytes } from './decodeText';
import { parseCsvText, type CsvInspection, type ParsedCsv } from './inspectCsv';
import { checkFileSize, uploadLimits } from '../pipelines/upload/limits';
import { UPLOAD_DATASET } from '../pipelines/upload/producerSource';
import { openDatabase, type Database } from '../runtime/storage/database';
import { databaseUploadWriter, type UploadWriter } from './uploadStorage';

/** Where an import is stored: the database the worker opens by name, or the main thread's (memory mode). */
export type UploadTarget = { readonly storage: 'indexeddb'; readonly dbName: string } | { readonly storage: 'main-thread' };

export interface UploadInspection {
  readonly fileName: string;
  readonly byteSize: number;
  /** `errors` non-empty: the file cannot be imported, whatever the mapping. */
  readonly inspection: CsvInspection;
}

export type UploadImportResult =
  | {
      readonly ok: true;
      readonly versionId: string;
      readonly rowCount: number;
      readonly names: readonly string[];
      readonly contentHash: string;
    }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The upload worker's contract (comlink). A person's file is untrusted: it is read, parsed and validated here, off the
 * main thread, and only a summary (header, preview, column types, messages) goes back to the page. An import reads
 * the file again rather than keeping state between calls, so a worker that was replaced loses nothing.
 */
export interface UploadWorkerApi {
  inspect(file: Blob, fileName: string, maxUploadMb: number): Promise<UploadInspection>;
  /** `writer` only for the main-thread target: a comlink proxy of the page's storage (a top-level argument, as comlink needs). */
  importCsv(
    file: Blob,
    mapping: ColumnMapping,
    maxUploadMb: number,
    target: UploadTarget,
    writer?: UploadWriter,
  ): Promise<UploadImportResult>;
}

export interface UploadWorkerOptions {
  readonly openDatabase?: (name: string) => Promise<Database>;
  readonly now?: () => number;
}

const refusal = (fileName: string, byteSize: number, error: string): UploadInspection => ({
  fileName,
  byteSize,
  inspection: { errors: [error], notes: [], header: [], rowCount: 0, columns: [], preview: [] },
});

/**
 * The size limit first (without reading a byte), then UTF-8 decoding, then the CSV itself; its values are kept only
 * for an import (an inspection checks and profiles every cell, and keeps none: 144 MB less for 2,000,000 × 9 cells).
 */
async function readUpload(file: Blob, maxUploadMb: number, values: boolean): Promise<{ parsed: ParsedCsv } | { error: string }> {
  const limits = uploadLimits(maxUploadMb);
  const tooLarge = checkFileSize(file.size, limits);
  if (tooLarge) return { error: tooLarge };
  const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
  if (!decoded.ok) return { error: decoded.error };
  return { parsed: parseCsvText(decoded.text, limits, { bom: decoded.bom, values }) };
}

export function createUploadWorkerApi(options: UploadWorkerOptions = {}): UploadWorkerApi {
  const open = options.openDatabase ?? ((name: string) => openDatabase(name));
  const now = options.now ?? (() => Date.now());
  const databases = new Map<string, Promise<Database>>();
  const database = (name: string) => {
    let db = databases.get(name);
    if (!db) databases.set(name, (db = open(name)));
    return db;
  };

  return {
    async inspect(file, fileName, maxUploadMb) {
      const read = await readUpload(file, maxUploadMb, false);
      if ('error' in read) return refusal(fileName, file.size, read.error);
      return { fileName, byteSize: file.size, inspection: read.parsed.inspection };
    },
    async importCsv(file, mapping, maxUploadMb, target, writer) {
      const read = await readUpload(file, maxUploadMb, true);
      if ('error' in read) return { ok: false, errors: [read.error] };
      const built = buildUploadTable(read.parsed, mapping);
      if (!built.ok) return built;
      try {
        const store =
          target.storage === 'indexeddb' ? databaseUploadWriter(await database(target.dbName)) : writer;
        if (!store) throw new Error('No storage was given for this upload: the page keeps its data in memory but passed none.');
        const meta = await store.writeUploadedVersion(datasetId(UPLOAD_DATASET), built.table, now());
        return { ok: true, versionId: meta.id, rowCount: meta.rowCount, names: built.table.names, contentHash: meta.contentHash };
      } catch (error) {
        // A full disk (StorageFullError) already says what to do; nothing was stored.
        const info = toErrorInfo(error);
        return { ok: false, errors: [info.message || info.name] };
      }
    },
  };
}
