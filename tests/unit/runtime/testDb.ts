import { deleteDatabase, openDatabase, type Database, type OpenDatabaseOptions } from '../../../src/runtime/storage/database';

let counter = 0;

/**
 * A fresh, uniquely named database per test (fake-indexeddb in Node). `close` closes it and asks for deletion without
 * waiting: code under test (a worker API) may hold its own connection, which would block the delete.
 */
export async function openTestDatabase(options: OpenDatabaseOptions = {}): Promise<{ db: Database; name: string; close(): Promise<void> }> {
  const name = `test-db-${process.pid}-${++counter}`;
  const db = await openDatabase(name, options);
  return {
    db,
    name,
    async close() {
      db.close();
      void deleteDatabase(name);
    },
  };
}
