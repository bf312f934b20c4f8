/** Task instances per `taskBlocks` record (taskBlocks.ts says why); here so this file still imports nothing. */
export const TASK_BLOCK_SIZE = 32;

/**
 * The database's versions, as changes to its stores applied in order: a browser that last ran an older build upgrades
 * step by step without losing what it stored. On the plain IndexedDB API, with no import, so that the page's earliest
 * script (src/app/earlyStorage.ts) can create the database while the entry is still downloading.
 */
export function migrate(db: IDBDatabase, oldVersion: number, upgrade: IDBTransaction): void {
  if (oldVersion < 1) {
    db.createObjectStore('datasetVersions', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
    db.createObjectStore('datasetColumns', { keyPath: 'id' });
    db.createObjectStore('datasetEvents', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
    db.createObjectStore('taskOutputs', { keyPath: 'id' }).createIndex('byRun', 'runId');
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byDag', 'dagId');
    // Versions 1–2 kept task instances in `taskInstances` (keyPath [runId, taskId], index byRun): a new database
    // starts with the blocks of version 3 instead.
    db.createObjectStore('logs', { keyPath: ['key', 'seq'] }).createIndex('byRun', 'runId');
    db.createObjectStore('models', { keyPath: 'id' });
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) {
    // New stores only: every store and record of version 1 stays as it was.
    db.createObjectStore('dagVersions', { keyPath: 'id' }).createIndex('byDag', 'dagId');
    db.createObjectStore('workspaceFiles', { keyPath: ['workspace', 'name'] }).createIndex('byWorkspace', 'workspace');
  }
  if (oldVersion < 3) {
    const blocks = db.createObjectStore('taskBlocks', { keyPath: ['runId', 'block'] });
    if (db.objectStoreNames.contains('taskInstances')) moveInstancesToBlocks(db, upgrade.objectStore('taskInstances'), blocks);
  }
}

/**
 * Version 3: every stored task instance into its run's blocks, in the order versions 1–2 loaded them (by `position`),
 * then the old store goes. Records are moved as they are, unchecked (minus `runId` and `position`, which the block
 * says): one that does not fit the schema still leaves its run out at load, with the same message as before.
 */
function moveInstancesToBlocks(db: IDBDatabase, instances: IDBObjectStore, blocks: IDBObjectStore): void {
  instances.getAll().onsuccess = (event) => {
    const byRun = new Map<string, Record<string, unknown>[]>();
    for (const record of (event.target as IDBRequest<Record<string, unknown>[]>).result) {
      const runId = record['runId'] as string;
      const list = byRun.get(runId);
      if (list) list.push(record);
      else byRun.set(runId, [record]);
    }
    for (const [runId, list] of byRun) {
      const tasks = list.sort((a, b) => (a['position'] as number) - (b['position'] as number)).map(({ runId: _r, position: _p, ...ti }) => ti);
      for (let block = 0; block * TASK_BLOCK_SIZE < tasks.length; block++) {
        blocks.put({ runId, block, tasks: tasks.slice(block * TASK_BLOCK_SIZE, (block + 1) * TASK_BLOCK_SIZE) });
      }
    }
    db.deleteObjectStore('taskInstances');
  };
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
      migrate(request.result, event.oldVersion, request.transaction!);
    };
    request.onblocked = () => console.warn(BLOCKED_UPGRADE_WARNING);
    request.onsuccess = () => resolve({ db: request.result, created });
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB could not open ${name}.`));
  });
}
