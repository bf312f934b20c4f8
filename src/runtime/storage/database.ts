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
  /**
   * Another connection wants this database gone or upgraded (reset all data, a newer build in another tab): called
   * after this connection was closed, so it never blocks them. Left out, the connection stays open.
   */
  readonly onClosedForOthers?: () => void;
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
      if (oldVersion < 2) {
        // New stores only: every store and record of version 1 stays as it was.
        db.createObjectStore('dagVersions', { keyPath: 'id' }).createIndex('byDag', 'dagId');
        db.createObjectStore('workspaceFiles', { keyPath: ['workspace', 'name'] }).createIndex('byWorkspace', 'workspace');
      }
    },
    blocked() {
      console.warn('Another tab holds an older version of the playground database open; close it to upgrade.');
    },
    ...(options.onClosedForOthers
      ? {
          blocking(_current, _next, event) {
            (event.target as IDBDatabase).close();
            options.onClosedForOthers!();
          },
        }
      : {}),
  });
  return options.failWrites ? withWriteFaults(db, options.failWrites) : db;
}

export function deleteDatabase(name: string = DEFAULT_DB_NAME): Promise<void> {
  return deleteDB(name);
}

/**
 * Where this page keeps its data: the browser's IndexedDB, or — where the page cannot open it (storage blocked, some
 * private modes) — an in-memory IndexedDB (fake-indexeddb) that lives as long as the page does.
 */
export type StorageMode = { readonly kind: 'indexeddb' } | { readonly kind: 'memory'; readonly reason: string };

export interface OpenedStorage {
  readonly db: Database;
  readonly mode: StorageMode;
}

export interface OpenStorageOptions extends OpenDatabaseOptions {
  /** Skip IndexedDB: a probe already found it unusable. */
  readonly mode?: StorageMode;
  /** How the browser's IndexedDB is opened; tests inject one that fails. */
  readonly open?: (name: string, options: OpenDatabaseOptions) => Promise<Database>;
}

const describeError = (error: unknown) =>
  error instanceof Error ? (error.message ? `${error.name}: ${error.message}` : error.name) : String(error);

/** True once the page's IndexedDB globals were swapped for the in-memory implementation. */
let memoryInstalled = false;

/**
 * Replaces the page's IndexedDB globals (indexedDB, IDBKeyRange, IDBDatabase…, which idb uses) by fake-indexeddb's,
 * loaded only now: a page whose IndexedDB works never downloads it.
 */
export async function installMemoryIndexedDb(): Promise<void> {
  if (memoryInstalled) return;
  const fake: Record<string, unknown> = { ...(await import('fake-indexeddb')) };
  const names = ['IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBFactory', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore'];
  names.push('IDBOpenDBRequest', 'IDBRecord', 'IDBRequest', 'IDBTransaction', 'IDBVersionChangeEvent');
  // defineProperty, not assignment: `indexedDB` is a getter (one that may throw, where storage is blocked).
  const globals: PropertyDescriptorMap = { indexedDB: { value: fake.indexedDB, configurable: true, writable: true } };
  for (const name of names) {
    if (fake[name] !== undefined) globals[name] = { value: fake[name], configurable: true, writable: true };
  }
  Object.defineProperties(globalThis, globals);
  memoryInstalled = true;
}

/** Opens the browser's IndexedDB, or falls back to memory (with the reason) when that fails. */
export async function openStorage(name: string = DEFAULT_DB_NAME, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  const { mode, open = openDatabase, ...databaseOptions } = options;
  let reason: string;
  if (mode?.kind === 'memory') {
    reason = mode.reason;
  } else {
    try {
      return { db: await open(name, databaseOptions), mode: { kind: 'indexeddb' } };
    } catch (error) {
      reason = describeError(error);
      console.warn(`IndexedDB is unavailable (${reason}): keeping the playground's data in memory for this page.`);
    }
  }
  await installMemoryIndexedDb();
  return { db: await openDatabase(name, databaseOptions), mode: { kind: 'memory', reason } };
}

/**
 * Checks, before this tab takes part in the tab election, whether IndexedDB opens here (the connection is closed
 * again). A tab that cannot open it keeps its data in memory and so schedules on its own.
 */
export async function probeStorage(name: string = DEFAULT_DB_NAME, open: (name: string) => Promise<Database> = openDatabase): Promise<StorageMode> {
  try {
    (await open(name)).close();
    return { kind: 'indexeddb' };
  } catch (error) {
    return { kind: 'memory', reason: describeError(error) };
  }
}
