import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { deleteDatabase, openDatabase } from '../../../../src/runtime/storage/database';
import { DB_VERSION } from '../../../../src/runtime/storage/schema';

/** The stores of version 1, created as the version-1 build created them, each with one record. */
async function createVersionOneDatabase(name: string): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore('datasetVersions', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      db.createObjectStore('datasetColumns', { keyPath: 'id' });
      db.createObjectStore('datasetEvents', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      db.createObjectStore('taskOutputs', { keyPath: 'id' }).createIndex('byRun', 'runId');
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byDag', 'dagId');
      db.createObjectStore('taskInstances', { keyPath: ['runId', 'taskId'] }).createIndex('byRun', 'runId');
      db.createObjectStore('logs', { keyPath: ['key', 'seq'] }).createIndex('byRun', 'runId');
      db.createObjectStore('models', { keyPath: 'id' });
      db.createObjectStore('meta');
    },
  });
  await db.put('datasetVersions', { id: 'v1', datasetId: 'raw_housing', rowCount: 3 });
  await db.put('datasetColumns', { id: 'v1', names: ['x'], columns: { x: new Float32Array([1, 2, 3]) }, rowCount: 3 });
  await db.put('datasetEvents', { id: 1, datasetId: 'raw_housing', versionId: 'v1' });
  await db.put('taskOutputs', { id: 'out', runId: 'r1', taskId: 'a', names: [], columns: {}, rowCount: 0 });
  await db.put('runs', { id: 'r1', dagId: 'ml_producer', state: 'success', seq: 1 });
  await db.put('taskInstances', { runId: 'r1', taskId: 'a', state: 'success', position: 0 });
  await db.put('logs', { key: 'r1/a/1', seq: 0, runId: 'r1', message: 'hello' });
  await db.put('models', { id: 'model@r1/1' });
  await db.put('meta', { kind: 'dag-imports', savedAt: 1, document: { version: 1, dags: [] } }, 'importedDags');
  db.close();
}

describe('IndexedDB upgrade from version 1', () => {
  it('keeps every store and record of a version-1 database, adds the editor stores and moves the task instances into blocks', async () => {
    const name = `upgrade-${process.pid}`;
    await createVersionOneDatabase(name);
    const db = await openDatabase(name);
    try {
      expect(DB_VERSION).toBe(3);
      expect(db.version).toBe(3);
      expect([...db.objectStoreNames].sort()).toEqual(
        ['dagVersions', 'datasetColumns', 'datasetEvents', 'datasetVersions', 'logs', 'meta', 'models', 'runs', 'taskBlocks', 'taskOutputs', 'workspaceFiles'].sort(),
      );
      expect(await db.get('datasetVersions', 'v1')).toMatchObject({ datasetId: 'raw_housing', rowCount: 3 });
      const columns = await db.get('datasetColumns', 'v1');
      expect(Array.from(columns!.columns['x']!)).toEqual([1, 2, 3]);
      expect(await db.count('datasetEvents')).toBe(1);
      expect(await db.getAllFromIndex('taskOutputs', 'byRun', 'r1')).toHaveLength(1);
      expect(await db.getAllFromIndex('runs', 'byDag', 'ml_producer')).toHaveLength(1);
      expect(await db.getAll('taskBlocks')).toEqual([{ runId: 'r1', block: 0, tasks: [{ taskId: 'a', state: 'success' }] }]);
      expect(await db.getAllFromIndex('logs', 'byRun', 'r1')).toHaveLength(1);
      expect(await db.get('models', 'model@r1/1')).toBeDefined();
      expect(await db.get('meta', 'importedDags')).toMatchObject({ kind: 'dag-imports' });
      expect(await db.count('dagVersions')).toBe(0);
      expect(await db.count('workspaceFiles')).toBe(0);
    } finally {
      db.close();
      await deleteDatabase(name);
    }
  });
});
