import { afterEach, describe, expect, it } from 'vitest';
import { byteSizeOf, makeTable, schemaOf, type ColumnTable } from '../../../../src/core/columns';
import { dagId, runId, taskId, type DatasetVersionId } from '../../../../src/core/ids';
import { seededRandom } from '../../../../src/core/random';
import type { DatasetVersionMeta } from '../../../../src/core/records';
import { contentHashOf } from '../../../../src/runtime/storage/contentHash';
import type { Database } from '../../../../src/runtime/storage/database';
import { readDatasetVersion, verifyVersion, versionIdOf, writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { applyRetention, collectStagedVersions, storageSummary } from '../../../../src/runtime/storage/maintenance';
import { StorageFullError } from '../../../../src/runtime/storage/quota';
import { partCountOf, partRowsFor, PART_MAX_ROWS } from '../../../../src/runtime/storage/versionParts';
import { quotaExceededError } from '../../../../src/runtime/storage/writeFaults';
import { databaseTaskStorage } from '../../../../src/runtime/workers/taskStorage';
import { NUMBERS } from './storageFixtures';
import { storeRun } from './storedRuns';
import { openTestDatabase } from '../testDb';

const by = (run: string, tryNumber = 1) => ({ dagId: dagId('producer'), runId: runId(run), taskId: taskId('make'), tryNumber });

/** 600,000 seeded rows of a float64 and a float32 column: 7.2 MB, three parts of at most 262,144 rows. */
function bigTable(seed = 7, rows = 600_000): ColumnTable {
  const random = seededRandom(seed);
  const x = new Float64Array(rows);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = random() * 1e6 - 5e5;
    y[i] = random();
  }
  return makeTable({ x, y });
}
const small = makeTable({ x: Float64Array.of(1, 2, 3), y: Float32Array.of(4, 5, 6) });

const expectSameTable = (actual: ColumnTable, expected: ColumnTable) => {
  expect(actual.names).toEqual(expected.names);
  expect(actual.rowCount).toBe(expected.rowCount);
  for (const name of expected.names) {
    const got = actual.columns[name]!;
    expect(got.constructor).toBe(expected.columns[name]!.constructor);
    // Bit for bit, NaN payloads and -0 included: compared as bytes.
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.columns[name]!.buffer))).toBe(true);
  }
};

describe('dataset versions stored in parts', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open(options: Parameters<typeof openTestDatabase>[0] = {}): Promise<Database> {
    const opened = await openTestDatabase(options);
    cleanups.push(opened.close);
    return opened.db;
  }
  const partKeys = async (db: Database) => (await db.getAllKeys('datasetColumns')).filter(Array.isArray);

  it('sizes parts by rows and bytes, so no record comes near the browser limit', () => {
    expect(partRowsFor(9 * 8)).toBe(PART_MAX_ROWS); // 18.9 MB a part for the 9 float64 columns of an upload
    expect(partRowsFor(500 * 8)).toBe(8_388); // 500 float64 columns: 32 MB a part
    expect(partRowsFor(0)).toBe(PART_MAX_ROWS);
    expect(partCountOf(small)).toBe(1);
    expect(partCountOf(bigTable(1, PART_MAX_ROWS))).toBe(1);
    expect(partCountOf(bigTable(1, PART_MAX_ROWS + 1))).toBe(2);
    expect(partCountOf(bigTable())).toBe(3);
    // 2,000,000 rows × 9 float64 columns (144 MB) → 8 parts of ≤ 18.9 MB; Chromium refuses records over 133,169,152 bytes.
    expect(Math.ceil(2_000_000 / partRowsFor(72))).toBe(8);
    expect(partRowsFor(72) * 72).toBeLessThan(133_169_152 / 6);
  });

  it('writes a large version as row-chunk records and reads it back whole, bit for bit, with the same content hash', async () => {
    const db = await open();
    const table = bigTable();
    const meta = await writeDatasetVersion(db, NUMBERS, table, by('r1'), 10, { committed: true });
    expect(await partKeys(db)).toEqual([
      [meta.id, 0],
      [meta.id, 1],
      [meta.id, 2],
    ]);
    expect(await db.get('datasetColumns', meta.id)).toBeUndefined();
    const parts = await db.getAll('datasetColumns');
    expect(parts.map((p) => [('rowOffset' in p ? p.rowOffset : -1), p.rowCount])).toEqual([
      [0, 262_144],
      [262_144, 262_144],
      [524_288, 75_712],
    ]);
    // Each part holds its own rows only (a subarray would have stored the whole column's buffer in every part).
    for (const part of parts) expect(part.columns.x!.buffer.byteLength).toBe(part.rowCount * 8);

    expectSameTable(await readDatasetVersion(db, meta.id), table);
    expect(meta.contentHash).toBe(contentHashOf(table));
    // Pinned: main (c25bfe1) hashed the same table, stored as one record, to this (contentHash.ts is unchanged).
    expect(meta.contentHash).toBe('643da6d4313c2ba1');
    expect(meta.byteSize).toBe(600_000 * 12);
    expect(await verifyVersion(db, meta.id)).toEqual({ ok: true, id: meta.id, expected: meta.contentHash, actual: meta.contentHash });
  });

  it('keeps one record, keyed by the version id, for a version that fits one part (the housing data)', async () => {
    const db = await open();
    const meta = await writeDatasetVersion(db, NUMBERS, small, by('r1'), 10, { committed: true });
    expect(await db.getAllKeys('datasetColumns')).toEqual([meta.id]);
    expectSameTable(await readDatasetVersion(db, meta.id), small);
  });

  it('reads a version written before parts existed: one record holding every row', async () => {
    const db = await open();
    const table = bigTable(3);
    const id = versionIdOf(NUMBERS, by('old'));
    const schema = schemaOf(table);
    const meta: DatasetVersionMeta = {
      id,
      datasetId: NUMBERS,
      createdAt: 5,
      rowCount: table.rowCount,
      schema,
      schemaHash: '00000000',
      byteSize: byteSizeOf(table),
      producedBy: by('old'),
      committed: true,
      contentHash: contentHashOf(table),
      inputs: [],
      upstreamOutputs: [],
      models: [],
    };
    await db.put('datasetVersions', meta);
    await db.put('datasetColumns', { id, names: table.names, columns: table.columns, rowCount: table.rowCount });
    expectSameTable(await readDatasetVersion(db, id), table);
    expect((await verifyVersion(db, id)).ok).toBe(true);
    // Rewritten by the same try (a re-run), it becomes parts, and the old record is gone.
    await writeDatasetVersion(db, NUMBERS, table, by('old'), 6, { committed: true });
    expect(await db.get('datasetColumns', id)).toBeUndefined();
    expect(await partKeys(db)).toHaveLength(3);
    expectSameTable(await readDatasetVersion(db, id), table);
  });

  it('a rewrite of the same version replaces every part: more parts, fewer, or one record', async () => {
    const db = await open();
    await writeDatasetVersion(db, NUMBERS, bigTable(1), by('r1'), 10);
    const second = await writeDatasetVersion(db, NUMBERS, bigTable(2, 300_000), by('r1'), 11);
    expect(await partKeys(db)).toEqual([
      [second.id, 0],
      [second.id, 1],
    ]);
    expectSameTable(await readDatasetVersion(db, second.id), bigTable(2, 300_000));
    await writeDatasetVersion(db, NUMBERS, small, by('r1'), 12);
    expect(await db.getAllKeys('datasetColumns')).toEqual([second.id]);
    expectSameTable(await readDatasetVersion(db, second.id), small);
  });

  it('is all or nothing: a part that fails to store leaves nothing of the version, and an earlier one intact', async () => {
    let puts = 0;
    let failAt = 0;
    const db = await open({ failWrites: (store) => (store === 'datasetColumns' && ++puts === failAt ? quotaExceededError() : null) });
    const kept = await writeDatasetVersion(db, NUMBERS, small, by('r0'), 5, { committed: true });
    const before = await writeDatasetVersion(db, NUMBERS, bigTable(4), by('r1'), 10, { committed: true });

    // The third part of a new version fails (2 deletes of what the id held, then parts 0, 1, 2).
    puts = 0;
    failAt = 5;
    await expect(writeDatasetVersion(db, NUMBERS, bigTable(5), by('r2'), 20)).rejects.toBeInstanceOf(StorageFullError);
    const id2 = versionIdOf(NUMBERS, by('r2'));
    expect(await db.get('datasetVersions', id2)).toBeUndefined();
    expect((await partKeys(db)).filter((key) => key[0] === id2)).toEqual([]);

    // A failing rewrite of a stored version leaves the old parts as they were (its deletes are rolled back too).
    puts = 0;
    failAt = 4;
    await expect(writeDatasetVersion(db, NUMBERS, bigTable(6), by('r1'), 30, { committed: true })).rejects.toBeInstanceOf(StorageFullError);
    expect(await db.get('datasetVersions', before.id)).toEqual(before);
    expectSameTable(await readDatasetVersion(db, before.id), bigTable(4));
    expect((await verifyVersion(db, before.id)).ok).toBe(true);
    expectSameTable(await readDatasetVersion(db, kept.id), small);
  });

  it('refuses to read a version with a part missing, and verifyVersion reports it', async () => {
    const db = await open();
    const meta = await writeDatasetVersion(db, NUMBERS, bigTable(), by('r1'), 10, { committed: true });
    await db.delete('datasetColumns', [meta.id, 1]);
    await expect(readDatasetVersion(db, meta.id)).rejects.toThrow(/is incomplete: 1 of its 3 parts/);
    expect(await verifyVersion(db, meta.id)).toMatchObject({ ok: false, actual: null });
    await db.delete('datasetColumns', [meta.id, 0]);
    await expect(readDatasetVersion(db, meta.id)).rejects.toThrow(/is incomplete: 0 of its 3 parts/);
  });

  it('clean-up deletes every part, counts the whole version, and leaves neighbouring ids alone', async () => {
    const db = await open();
    await storeRun(db, { id: 'r1', state: 'failed', seq: 1, tasks: { make: ['failed'] } });
    // Try 1 and try 10 of one task: ids where one is a prefix of the other.
    const staged = await writeDatasetVersion(db, NUMBERS, bigTable(1), by('r1', 1), 10);
    const neighbour = await writeDatasetVersion(db, NUMBERS, bigTable(2), by('r1', 10), 11, { committed: true });
    expect(neighbour.id.startsWith(staged.id)).toBe(true);
    const collected = await collectStagedVersions(db);
    expect(collected.deleted.map((v) => v.id)).toEqual([staged.id]);
    expect((await partKeys(db)).map((key) => key[0])).toEqual([neighbour.id, neighbour.id, neighbour.id]);

    const newer = await writeDatasetVersion(db, NUMBERS, bigTable(3, 300_000), by('y'), 12, { committed: true });
    expect(await storageSummary(db)).toMatchObject({ versions: 2, versionBytes: 600_000 * 12 + 300_000 * 12, stagedVersions: 0 });
    const retention = await applyRetention(db, { keepVersions: 1 });
    expect(retention.deletedVersions).toEqual([neighbour.id]);
    expect(retention.freedBytes).toBe(600_000 * 12);
    expect((await partKeys(db)).map((key) => key[0])).toEqual([newer.id, newer.id]);
    expectSameTable(await readDatasetVersion(db, newer.id), bigTable(3, 300_000));
  });

  it("a failed try's staged parts are discarded with it; committed ones never are", async () => {
    const db = await open();
    const storage = databaseTaskStorage(db);
    const staged = await storage.writeDatasetVersion(NUMBERS, bigTable(1), by('r1'), 10);
    const committed = await storage.writeDatasetVersion(NUMBERS, bigTable(2), by('r2'), 11, { committed: true });
    await storage.discardStaged([staged.id, committed.id as DatasetVersionId]);
    expect(await db.get('datasetVersions', staged.id)).toBeUndefined();
    expect((await partKeys(db)).map((key) => key[0])).toEqual([committed.id, committed.id, committed.id]);
  });
});
