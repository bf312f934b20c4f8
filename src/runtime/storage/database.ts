import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, DEFAULT_DB_NAME, type PlaygroundDb } from './schema';
import { withWriteFaults, type WriteFault } from './writeFaults';

export type Database = IDBPDatabase<PlaygroundDb>;

export interface OpenDatabaseOptions {
  /**
   * Makes chosen writes fail (tests, fault demos): e.g. `(store) => store === 'datasetColumns' ? quotaExceededError()
   * : null` simulates a full disk on dataset writes. Left out, the database is used as is.
   */
  readonly failWrites?: WriteFault;
}

/**
 * Opens (and creates or migrates) the playground's database. Each version's changes are applied in order, so a
 * browser that last ran an older build upgrades step by step without losing what it stored.
 */
export async function openDatabase(name: string = DEFAULT_DB_NAME, options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = await openDB<PlaygroundDb>(name, DB_VERSION, {
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
  return options.failWrites ? withWriteFaults(db, options.failWrites) : db;
}

export function deleteDatabase(name: string = DEFAULT_DB_NAME): Promise<void> {
  return deleteDB(name);
}
