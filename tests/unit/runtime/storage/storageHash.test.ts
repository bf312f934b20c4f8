import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import { contentHashOf } from '../../../../src/runtime/storage/contentHash';
import { getVersionMeta, listDatasetVersions, latestVersionOf, verifyVersion, writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { NUMBERS } from './storageFixtures';
import { openTestDatabase } from '../testDb';

const by = { dagId: dagId('producer'), runId: runId('r1'), taskId: taskId('make'), tryNumber: 1 };

describe('content hash', () => {
  it('is a stable 64-bit hex string that depends on every byte, name, dtype and the row count', () => {
    const base = makeTable({ a: Float32Array.of(1, 2, 3), b: Float64Array.of(0.5, -0, Number.NaN) });
    const hash = contentHashOf(base);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(contentHashOf(makeTable({ a: Float32Array.of(1, 2, 3), b: Float64Array.of(0.5, -0, Number.NaN) }))).toBe(hash);
    expect(contentHashOf(makeTable({ a: Float32Array.of(1, 2, 3), b: Float64Array.of(0.5, 0, Number.NaN) }))).not.toBe(hash); // -0 vs 0
    expect(contentHashOf(makeTable({ A: Float32Array.of(1, 2, 3), b: Float64Array.of(0.5, -0, Number.NaN) }))).not.toBe(hash);
    expect(contentHashOf(makeTable({ a: Float64Array.of(1, 2, 3), b: Float64Array.of(0.5, -0, Number.NaN) }))).not.toBe(hash);
    expect(contentHashOf(makeTable({ b: base.columns.b!, a: base.columns.a! }))).not.toBe(hash); // column order
    expect(contentHashOf(makeTable({}))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes a view into a larger buffer like a copy of it', () => {
    const big = Float32Array.of(9, 1, 2, 3, 9);
    expect(contentHashOf(makeTable({ a: big.subarray(1, 4) }))).toBe(contentHashOf(makeTable({ a: Float32Array.of(1, 2, 3) })));
  });

  it('changes when any single bit of a column flips', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 64 }), fc.nat(), (values, bitSeed) => {
        const column = Float32Array.from(values);
        const before = contentHashOf(makeTable({ v: column }));
        const bytes = new Uint8Array(column.buffer);
        const bit = bitSeed % (bytes.length * 8);
        bytes[bit >> 3]! ^= 1 << (bit & 7);
        expect(contentHashOf(makeTable({ v: column }))).not.toBe(before);
      }),
    );
  });
});

describe('verifyVersion', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('recomputes the hash from the stored columns and catches a corrupted byte', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const { db } = opened;
    const meta = await writeDatasetVersion(db, NUMBERS, makeTable({ x: Float32Array.of(1, 2, 3) }), by, 10, { committed: true });
    expect(await verifyVersion(db, meta.id)).toEqual({ ok: true, id: meta.id, expected: meta.contentHash, actual: meta.contentHash });

    const record = (await db.get('datasetColumns', meta.id))!;
    await db.put('datasetColumns', { ...record, columns: { x: Float32Array.of(1, 2, 3.0000002) } });
    const corrupted = await verifyVersion(db, meta.id);
    expect(corrupted.ok).toBe(false);
    expect(corrupted.actual).not.toBe(meta.contentHash);

    await db.delete('datasetColumns', meta.id);
    expect(await verifyVersion(db, meta.id)).toMatchObject({ ok: false, actual: null });
    expect(await verifyVersion(db, datasetVersionId('nope'))).toMatchObject({ ok: false, expected: null, actual: null });
  });

  it('reads records written before staging, hashing and lineage existed as committed, with empty lineage', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const { db } = opened;
    const legacy = {
      id: datasetVersionId('numbers@old/make/1'),
      datasetId: NUMBERS,
      createdAt: 5,
      rowCount: 1,
      schema: [{ name: 'x', dtype: 'float32' as const }],
      schemaHash: '00000000',
      byteSize: 4,
      producedBy: by,
    };
    await db.put('datasetVersions', legacy as never);
    const [listed] = await listDatasetVersions(db);
    expect(listed).toEqual({ ...legacy, committed: true, contentHash: '', inputs: [], upstreamOutputs: [], models: [] });
    expect((await latestVersionOf(db, NUMBERS))?.id).toBe(legacy.id);
    expect((await getVersionMeta(db, legacy.id))?.inputs).toEqual([]);
    expect((await verifyVersion(db, legacy.id)).ok).toBe(false); // no hash to check against
  });
});
