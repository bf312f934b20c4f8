import { deleteDB, openDB, unwrap, wrap, type IDBPDatabase } from 'idb';
import { BLOCKED_UPGRADE_WARNING, migrate, openRawDatabase, type RawOpened } from './migrations';
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

/** Opens (and creates or migrates: migrations.ts) the playground's database. */
export async function openDatabase(name: string = DEFAULT_DB_NAME, options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = await openDB<PlaygroundDb>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      migrate(unwrap(db), oldVersion, unwrap(transaction));
    },
    blocked() {
      console.warn(BLOCKED_UPGRADE_WARNING);
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
  /** The connection a probe opened (probeStorageKeeping): used instead of opening another. */
  readonly connection?: Database;
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
  const { mode, open = openDatabase, connection, ...databaseOptions } = options;
  let reason: string;
  if (connection && mode?.kind !== 'memory') {
    return { db: databaseOptions.failWrites ? withWriteFaults(connection, databaseOptions.failWrites) : connection, mode: { kind: 'indexeddb' } };
  }
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

/** What a probe that keeps its connection found (probeStorageKeeping). */
export interface ProbedStorage {
  readonly mode: StorageMode;
  /** The open connection, for the boot that may follow; null where IndexedDB failed. Whoever holds it closes it. */
  readonly db: Database | null;
  /** Whether this open created the database: a first visit, nothing stored yet. */
  readonly created: boolean;
}

/**
 * probeStorage, but the connection stays open for the boot (one open instead of two), and it may be one already under
 * way (`early`: src/app/earlyStorage.ts; null inside it means it was closed for another tab: a new one is opened).
 */
export async function probeStorageKeeping(
  name: string = DEFAULT_DB_NAME,
  early: Promise<RawOpened | null> | null = null,
  open: (name: string) => Promise<RawOpened> = (n) => openRawDatabase(n, DB_VERSION),
): Promise<ProbedStorage> {
  try {
    const opened = (early ? await early : null) ?? (await open(name));
    return { mode: { kind: 'indexeddb' }, db: wrap(opened.db) as Database, created: opened.created };
  } catch (error) {
    return { mode: { kind: 'memory', reason: describeError(error) }, db: null, created: false };
  }
}
