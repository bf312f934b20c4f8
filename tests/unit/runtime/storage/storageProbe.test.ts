import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { deleteDatabase, openDatabase, openStorage, probeStorageKeeping } from '../../../../src/runtime/storage/database';
import { openRawDatabase } from '../../../../src/runtime/storage/migrations';
import { DB_VERSION } from '../../../../src/runtime/storage/schema';

const blocked = () => Promise.reject(new DOMException('IndexedDB is blocked in this test', 'SecurityError'));
const storeNames = (db: { objectStoreNames: DOMStringList }) => [...db.objectStoreNames].sort();

describe('the storage probe that keeps its connection for the boot (first-load path)', () => {
  it('says whether it created the database: a first visit, then a return visit with its records', async () => {
    const name = `probe-created-${process.pid}`;
    const first = await probeStorageKeeping(name);
    expect(first.mode).toEqual({ kind: 'indexeddb' });
    expect(first.created).toBe(true);
    await first.db!.put('runs', { id: 'kept' } as never);
    // The boot uses the probe's connection rather than opening another.
    const booted = await openStorage(name, { mode: first.mode, connection: first.db!, open: blocked });
    expect(booted.db).toBe(first.db);
    booted.db.close();

    const again = await probeStorageKeeping(name);
    expect(again.created).toBe(false);
    expect(await again.db!.get('runs', 'kept')).toEqual({ id: 'kept' });
    again.db!.close();
    await deleteDatabase(name);
  });

  it('creates the same stores and indexes as the idb path, and upgrades a version-1 database the same way', async () => {
    const raw = `probe-raw-${process.pid}`;
    const viaIdb = `probe-idb-${process.pid}`;
    const { db: rawDb, created } = await openRawDatabase(raw, DB_VERSION);
    const idbDb = await openDatabase(viaIdb);
    expect(created).toBe(true);
    expect(storeNames(rawDb)).toEqual(storeNames(idbDb));
    const tx = rawDb.transaction([...rawDb.objectStoreNames], 'readonly');
    for (const store of storeNames(rawDb)) {
      const a = tx.objectStore(store);
      const b = idbDb.transaction(store as never).objectStore(store as never);
      expect([a.keyPath, [...a.indexNames]], store).toEqual([b.keyPath, [...b.indexNames]]);
    }
    rawDb.close();
    idbDb.close();

    const old = `probe-v1-${process.pid}`;
    const v1 = await openDB(old, 1, { upgrade: (db) => void db.createObjectStore('meta') });
    await v1.put('meta', 1, 'kept');
    v1.close();
    const upgraded = await openRawDatabase(old, DB_VERSION);
    expect(upgraded.created).toBe(false);
    expect(storeNames(upgraded.db)).toContain('workspaceFiles');
    upgraded.db.close();
    for (const name of [raw, viaIdb, old]) await deleteDatabase(name);
  });

  it('takes an open already under way; opens anew when that one was closed for another tab; reports a failure', async () => {
    const name = `probe-early-${process.pid}`;
    const early = openRawDatabase(name, DB_VERSION);
    const taken = await probeStorageKeeping(name, early, blocked);
    expect(taken.created).toBe(true);
    taken.db!.close();

    const reopened = await probeStorageKeeping(name, Promise.resolve(null));
    expect(reopened).toMatchObject({ mode: { kind: 'indexeddb' }, created: false });
    reopened.db!.close();

    const failed = await probeStorageKeeping(name, blocked(), blocked);
    expect(failed).toEqual({ mode: { kind: 'memory', reason: 'SecurityError: IndexedDB is blocked in this test' }, db: null, created: false });
    await deleteDatabase(name);
  });
});
