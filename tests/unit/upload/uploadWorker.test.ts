import { afterEach, describe, expect, it } from 'vitest';
import { listDatasetVersions, readDatasetVersion, verifyVersion } from '../../../src/runtime/storage/datasets';
import { databaseUploadWriter } from '../../../src/upload/uploadStorage';
import { quotaExceededError } from '../../../src/runtime/storage/writeFaults';
import { createUploadWorkerApi } from '../../../src/upload/uploadWorkerApi';
import { openTestDatabase } from '../runtime/testDb';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

function flatsCsv(rows: number): string {
  const lines = ['price,area,district,rooms'];
  for (let i = 0; i < rows; i++) lines.push(`${100 + 3 * i},${30 + i},d${i % 3},${1 + (i % 4)}`);
  return lines.join('\n');
}
const blob = (text: string) => new Blob([text], { type: 'text/csv' });

describe('the upload worker API (in-thread)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function database(options: Parameters<typeof openTestDatabase>[0] = {}) {
    const opened = await openTestDatabase(options);
    cleanups.push(opened.close);
    return opened;
  }

  it('inspects a file: a summary for the page, no columns', async () => {
    const api = createUploadWorkerApi({ now: () => NOW });
    const { inspection, fileName, byteSize } = await api.inspect(blob(flatsCsv(25)), 'flats.csv', 50);
    expect([fileName, byteSize, inspection.errors, inspection.rowCount]).toEqual(['flats.csv', flatsCsv(25).length, [], 25]);
    expect(inspection.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'text', 'numeric']);
    expect(Object.keys(inspection)).not.toContain('values');
  });

  it('refuses a file over the limit without reading it', async () => {
    const api = createUploadWorkerApi();
    const big = { size: 3 * 1024 * 1024, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as Blob;
    const result = await api.inspect(big, 'big.csv', 2);
    expect(result.inspection.errors).toEqual(['The file is 3.0 MB; the largest upload allowed is 2 MB (Settings → Largest CSV upload).']);
    const imported = await api.importCsv(big, { features: ['a'], target: 'b' }, 2, { storage: 'indexeddb', dbName: 'unused' });
    expect(imported).toEqual({ ok: false, errors: [result.inspection.errors[0]] });
  });

  it('imports a valid mapping as one committed uploaded_csv version: target last, content hash, empty lineage', async () => {
    const { db, name } = await database();
    const api = createUploadWorkerApi({ now: () => NOW });
    const result = await api.importCsv(blob(flatsCsv(25)), { features: ['rooms', 'area'], target: 'price' }, 50, { storage: 'indexeddb', dbName: name });
    if (!result.ok) throw new Error(result.errors.join(' '));
    expect(result.versionId).toMatch(/^uploaded_csv@upload__2026-11-23T12:00:00\.000Z__[0-9a-f]{8}\/upload_csv\/1$/);
    expect(result.names).toEqual(['rooms', 'area', 'price']);
    const [meta, ...others] = await listDatasetVersions(db);
    expect(others).toEqual([]);
    expect(meta).toMatchObject({ id: result.versionId, datasetId: 'uploaded_csv', rowCount: 25, committed: true, inputs: [], createdAt: NOW });
    expect(meta!.contentHash).toBe(result.contentHash);
    expect((await verifyVersion(db, meta!.id)).ok).toBe(true);
    const table = await readDatasetVersion(db, meta!.id);
    expect(table.names).toEqual(['rooms', 'area', 'price']);
    expect(Array.from(table.columns.price!.slice(0, 3))).toEqual([100, 103, 106]);
  });

  it('stores nothing for an invalid file or mapping, and says why', async () => {
    const { db, name } = await database();
    const api = createUploadWorkerApi({ now: () => NOW });
    const target = { storage: 'indexeddb', dbName: name } as const;
    expect(await api.importCsv(blob('a;b\n1;2\n'), { features: ['a'], target: 'b' }, 50, target)).toMatchObject({ ok: false });
    expect(await api.importCsv(blob(flatsCsv(25)), { features: ['area'], target: 'district' }, 50, target)).toEqual({
      ok: false,
      errors: [
        'Column "district" (target) holds text, not numbers: row 1 (line 2) "d0", row 2 (line 3) "d1", row 3 (line 4) "d2" and 22 more. The target must be numeric.',
      ],
    });
    expect(await listDatasetVersions(db)).toEqual([]);
  });

  it('turns a full disk into a clear message and leaves earlier versions intact', async () => {
    const healthy = await database();
    const api = createUploadWorkerApi({ now: () => NOW });
    const first = await api.importCsv(blob(flatsCsv(25)), { features: ['area'], target: 'price' }, 50, { storage: 'indexeddb', dbName: healthy.name });
    expect(first.ok).toBe(true);
    const failing = createUploadWorkerApi({
      now: () => NOW + 1,
      openDatabase: async () => {
        const opened = await openTestDatabase({ failWrites: () => quotaExceededError() });
        cleanups.push(opened.close);
        return opened.db;
      },
    });
    const refused = await failing.importCsv(blob(flatsCsv(30)), { features: ['area'], target: 'price' }, 50, { storage: 'indexeddb', dbName: 'x' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors[0]).toMatch(
      /^Browser storage is full: could not store version uploaded_csv@upload__.+ of asset uploaded_csv \(.+\)\. Free space in the Storage panel \(delete old versions\) or allow more storage\.$/,
    );
    // A second import into the healthy database after the failure: the first version is still there, intact.
    const versions = await listDatasetVersions(healthy.db);
    expect(versions.map((v) => v.id)).toEqual([first.ok ? first.versionId : '']);
    expect((await verifyVersion(healthy.db, versions[0]!.id)).ok).toBe(true);
  });

  it('in memory mode writes through the writer the page passes (no database of its own)', async () => {
    const { db } = await database();
    const api = createUploadWorkerApi({
      now: () => NOW,
      openDatabase: () => Promise.reject(new Error('a memory-mode worker must not open IndexedDB')),
    });
    const result = await api.importCsv(blob(flatsCsv(25)), { features: ['area'], target: 'price' }, 50, { storage: 'main-thread' }, databaseUploadWriter(db));
    expect(result.ok).toBe(true);
    expect((await listDatasetVersions(db)).map((v) => v.datasetId)).toEqual(['uploaded_csv']);
    expect(await api.importCsv(blob(flatsCsv(25)), { features: ['area'], target: 'price' }, 50, { storage: 'main-thread' })).toEqual({
      ok: false,
      errors: ['No storage was given for this upload: the page keeps its data in memory but passed none.'],
    });
  });
});
