import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import { deleteDatabase, openDatabase } from '../../../../src/runtime/storage/database';
import { writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { DB_VERSION } from '../../../../src/runtime/storage/schema';
import { quotaExceededError } from '../../../../src/runtime/storage/writeFaults';
import { NUMBERS } from './storageFixtures';
import { openTestDatabase } from '../testDb';

const by = { dagId: dagId('p'), runId: runId('r'), taskId: taskId('t'), tryNumber: 1 };

describe('openDatabase({ failWrites })', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('fails chosen writes as a full disk does: the transaction aborts and rolls back, reads pass through', async () => {
    let failing: string | null = null;
    const opened = await openTestDatabase({ failWrites: (store) => (store === failing ? quotaExceededError() : null) });
    cleanups.push(opened.close);
    const { db } = opened;
    await db.put('models', { id: 'kept', createdAt: 1, producedBy: by, trainedOn: null, artifacts: {}, weightData: new ArrayBuffer(1), metrics: {} });

    failing = 'models';
    await expect(
      db.put('models', { id: 'lost', createdAt: 1, producedBy: by, trainedOn: null, artifacts: {}, weightData: new ArrayBuffer(1), metrics: {} }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect((await db.getAllKeys('models')).sort()).toEqual(['kept']);

    // In a transaction over two stores, the metadata written before the failing columns is rolled back too.
    failing = 'datasetColumns';
    const tx = db.transaction(['datasetVersions', 'datasetColumns'], 'readwrite');
    const writes = [
      tx.objectStore('datasetVersions').put({ id: 'v' } as never),
      tx.objectStore('datasetColumns').put({ id: 'v', names: [], columns: {}, rowCount: 0 }),
    ];
    await expect(Promise.all([...writes, tx.done])).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(tx.done).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(tx.error).toMatchObject({ name: 'QuotaExceededError' });
    expect(await db.count('datasetVersions')).toBe(0);

    failing = null;
    await writeDatasetVersion(db, NUMBERS, makeTable({ x: Float32Array.of(1) }), by, 1);
    expect(await db.count('datasetVersions')).toBe(1);
  });

  it('is at schema version 3 (2 added DAG versions and the editor workspace, 3 task instances in blocks) and reopening keeps what was stored', async () => {
    expect(DB_VERSION).toBe(3);
    const name = `reopen-${process.pid}`;
    const first = await openDatabase(name);
    await writeDatasetVersion(first, NUMBERS, makeTable({ x: Float32Array.of(1) }), by, 1, { committed: true });
    first.close();
    const second = await openDatabase(name);
    expect(second.version).toBe(3);
    expect([...second.objectStoreNames].sort()).toEqual(
      ['dagVersions', 'datasetColumns', 'datasetEvents', 'datasetVersions', 'logs', 'meta', 'models', 'runs', 'taskBlocks', 'taskOutputs', 'workspaceFiles'],
    );
    expect(await second.count('datasetVersions')).toBe(1);
    second.close();
    await deleteDatabase(name);
  });
});
