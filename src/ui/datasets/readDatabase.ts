import { useEffect, useState } from 'react';
import { openDatabase, type Database } from '../../runtime/storage/database';
import { useDatabase, usePlayground, useStorageScope } from '../PlaygroundContext';

/** This page's own connection, for a tab that mirrors another (it has no coordinator, so no database of its own). */
let mirrorConnection: Promise<Database> | null = null;

function openMirrorConnection(dbName: string): Promise<Database> {
  mirrorConnection ??= openDatabase(dbName).then(
    (db) => {
      // A newer build in another tab upgrading the schema must not wait on us: let go, reopen on the next read.
      db.addEventListener('versionchange', () => {
        db.close();
        mirrorConnection = null;
      });
      return db;
    },
    (error: unknown) => {
      mirrorConnection = null;
      throw error;
    },
  );
  return mirrorConnection;
}

export interface ReadDatabase {
  readonly db: Database | null;
  readonly error: string | null;
}

/**
 * A database the views may read columns and models from (readonly transactions only). The scheduling tab lends its
 * own; a tab that mirrors it opens a connection of its own to the same IndexedDB, since dataset versions and models
 * are not streamed between tabs — they are read where they are shown.
 */
export function useReadDatabase(): ReadDatabase {
  const database = useDatabase();
  const { dbName } = useStorageScope();
  const ready = usePlayground((s) => s.status === 'ready');
  const follower = usePlayground((s) => s.tabRole === 'follower');
  const own = ready ? database() : null;
  const [mirror, setMirror] = useState<ReadDatabase>({ db: null, error: null });

  useEffect(() => {
    if (!ready || own || !follower) return;
    let live = true;
    openMirrorConnection(dbName).then(
      (db) => live && setMirror({ db, error: null }),
      (error: unknown) => live && setMirror({ db: null, error: `Could not open the stored data: ${String(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [ready, own, follower, dbName]);

  return own ? { db: own, error: null } : mirror;
}
