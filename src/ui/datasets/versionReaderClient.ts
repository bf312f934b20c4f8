import { proxy, wrap, type Remote } from 'comlink';
import type { Database } from '../../runtime/storage/database';
import { createVersionReaderApi, type ReadProgress, type VersionReaderApi, type VersionRef } from '../../versionReader/versionReaderApi';

/**
 * Where the views' reads of stored versions run: in the version reader worker, which opens the database by name — or,
 * when the page keeps its data in memory (IndexedDB unavailable: a worker could not see it) and where there are no
 * workers (tests in Node), in this thread over the page's own connection. One contract either way.
 */
export type ReaderSource = { readonly kind: 'worker' } | { readonly kind: 'local'; readonly db: Database };

let worker: Remote<VersionReaderApi> | null = null;
const locals = new WeakMap<Database, VersionReaderApi>();

function workerApi(): Remote<VersionReaderApi> {
  worker ??= wrap<VersionReaderApi>(new Worker(new URL('../../versionReader/versionReader.worker.ts', import.meta.url), { type: 'module', name: 'version-reader' }));
  return worker;
}

function localApi(db: Database): VersionReaderApi {
  let api = locals.get(db);
  if (!api) locals.set(db, (api = createVersionReaderApi({ database: async () => db })));
  return api;
}

/** The reader of one source; a progress callback crosses to the worker as a comlink proxy. */
export function versionReader(source: ReaderSource): VersionReaderApi {
  if (source.kind === 'local') return localApi(source.db);
  const remote = workerApi();
  const viaProxy = (progress?: ReadProgress) => (progress ? proxy(progress) : undefined);
  return {
    rows: (version: VersionRef, start: number, count: number) => remote.rows(version, start, count),
    summarise: (version, progress) => remote.summarise(version, viaProxy(progress)),
    predictionFigures: (version, features, progress) => remote.predictionFigures(version, [...features], viaProxy(progress)),
    csv: (version) => remote.csv(version),
  };
}
