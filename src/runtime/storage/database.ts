import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, DEFAULT_DB_NAME, type PlaygroundDb } from './schema';

export type Database = IDBPDatabase<PlaygroundDb>;

/**
 * Opens (and creates or migrates) the playground's database. Each version's changes are applied in order, so a
 * browser that last ran an older build upgrades step by step without losing what it stored.
 */
export function openDatabase(name: string = DEFAULT_DB_NAME): Promise<Database> {
  return openDB<PlaygroundDb>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('datasetVersions', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
        db.createObjectStore('datasetColumns', { keyPath: 'id' });
        db.createObjectStore('datasetEvents', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
        db.createObjectStore('taskOutputs', { keyPath: 'id' }).createIndex('byRun', 'runId');
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byDag', 'dagId');
        db.createObjectStore('taskInstances', { keyPath: ['runId', 'taskId'] }).createIndex('byRun', 'runId');
        db.createObjectStore('logs', { keyPath: ['key', 'seq'] }).createIndex('byRun', 'runId');
        db.createObjectStore('models', { keyPath: 'id' });
        db.createObjectStore('meta');
      }
    },
    blocked() {
      console.warn('Another tab holds an older version of the playground database open; close it to upgrade.');
    },
  });
}

export function deleteDatabase(name: string = DEFAULT_DB_NAME): Promise<void> {
  return deleteDB(name);
}
