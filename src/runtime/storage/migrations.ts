/**
 * The database's versions, as changes to its stores applied in order: a browser that last ran an older build upgrades
 * step by step without losing what it stored. On the plain IndexedDB API, with no import, so that the page's earliest
 * script (src/app/earlyStorage.ts) can create the database while the entry is still downloading.
 */
export function migrate(db: IDBDatabase, oldVersion: number): void {
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
  if (oldVersion < 2) {
    // New stores only: every store and record of version 1 stays as it was.
    db.createObjectStore('dagVersions', { keyPath: 'id' }).createIndex('byDag', 'dagId');
    db.createObjectStore('workspaceFiles', { keyPath: ['workspace', 'name'] }).createIndex('byWorkspace', 'workspace');
  }
}

export const BLOCKED_UPGRADE_WARNING = 'Another tab holds an older version of the playground database open; close it to upgrade.';

/** A connection opened on the plain API, and whether this open created the database (a first visit: it is empty). */
export interface RawOpened {
  readonly db: IDBDatabase;
  readonly created: boolean;
}

/** Opens (creating or migrating) the database `name` at `version` on the plain IndexedDB API. */
export function openRawDatabase(name: string, version: number): Promise<RawOpened> {
  return new Promise((resolve, reject) => {
    let created = false;
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name, version);
    } catch (error) {
      // Where storage is blocked, even reading `indexedDB` or calling open() throws.
      reject(error);
      return;
    }
    request.onupgradeneeded = (event) => {
      created = event.oldVersion === 0;
      migrate(request.result, event.oldVersion);
    };
    request.onblocked = () => console.warn(BLOCKED_UPGRADE_WARNING);
    request.onsuccess = () => resolve({ db: request.result, created });
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB could not open ${name}.`));
  });
}
