/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { openDatabase, type Database } from '../runtime/storage/database';
import { createVersionReaderApi, type VersionReaderApi } from './versionReaderApi';

// The version reader's worker: big dataset versions are read, summarised and sampled here, never on the main thread.

const connections = new Map<string, Promise<Database>>();

/** One connection per database, let go when another wants it upgraded or deleted (reset all data): reopened on the next read. */
function connect(name: string): Promise<Database> {
  let connection = connections.get(name);
  if (!connection) {
    connection = openDatabase(name, { onClosedForOthers: () => connections.delete(name) });
    connection.catch(() => connections.delete(name));
    connections.set(name, connection);
  }
  return connection;
}

const api = createVersionReaderApi({ database: connect });

const exposed: VersionReaderApi = {
  ...api,
  async rows(version, start, count) {
    const page = await api.rows(version, start, count);
    // A page's columns are copies made for this call: moved to the page, not cloned.
    return transfer(page, [...new Set(page.rows.names.map((name) => page.rows.columns[name]!.buffer as ArrayBuffer))]);
  },
};

expose(exposed, self);
