import { useEffect, useMemo, useState } from 'react';
import type { DatasetVersionMeta } from '../../core/records';
import type { PredictionFigures } from '../../versionReader/predictionFigures';
import type { RowsPage, VersionReaderApi, VersionRef, VersionSummary } from '../../versionReader/versionReaderApi';
import { usePlayground, useStorageScope } from '../PlaygroundContext';
import { useReadDatabase } from './readDatabase';
import { versionReader } from './versionReaderClient';

export type { ColumnSummary } from '../../versionReader/columnSummaries';

/** A read in progress (parts done of parts to do, once known), its result, or why it failed. */
export type ReadState<T> =
  | { readonly status: 'loading'; readonly done: number; readonly total: number }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly message: string };

const LOADING = { status: 'loading', done: 0, total: 0 } as const;

export interface VersionAccess {
  readonly reader: VersionReaderApi | null;
  readonly dbName: string;
  readonly error: string | null;
}

/**
 * The reader of stored versions for this page: the version reader worker once the page's database is open (it opens
 * its own connection by name), or this thread's reader over the page's connection when the data lives in memory.
 */
export function useVersionAccess(): VersionAccess {
  const { db, error } = useReadDatabase();
  const { dbName } = useStorageScope();
  const inMemory = usePlayground((s) => s.memoryStorage !== null);
  const reader = useMemo(
    () => (db ? versionReader(inMemory || typeof Worker === 'undefined' ? { kind: 'local', db } : { kind: 'worker' }) : null),
    [db, inMemory],
  );
  return { reader, dbName, error };
}

export const versionRef = (dbName: string, meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'>): VersionRef => ({
  dbName,
  id: meta.id,
  contentHash: meta.contentHash,
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One asynchronous read, keyed: a new key starts a new read and shows loading (results of an older key are dropped);
 * the same key re-renders without reading. `run` gets a progress callback.
 */
function useRead<T>(key: string | null, run: (progress: (done: number, total: number) => void) => Promise<T>): ReadState<T> {
  const [state, setState] = useState<{ key: string; value: ReadState<T> } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    let lastProgress = 0;
    run((done, total) => {
      // A progress report per part: drawn at most a few times a second.
      const now = performance.now();
      if (!live || (done < total && now - lastProgress < 100)) return;
      lastProgress = now;
      setState({ key, value: { status: 'loading', done, total } });
    }).then(
      (value) => live && setState({ key, value: { status: 'ready', value } }),
      (error: unknown) => live && setState({ key, value: { status: 'error', message: messageOf(error) } }),
    );
    return () => {
      live = false;
    };
    // `run` is a new function each render; what it reads is identified by `key`.
  }, [key]);
  return state && state.key === key ? state.value : LOADING;
}

const keyOf = (access: VersionAccess, meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'> | null, ...more: readonly (string | number)[]) =>
  access.reader && meta ? JSON.stringify([access.dbName, meta.id, meta.contentHash, ...more]) : null;

/** The column summaries of a version, computed over all its rows by the reader. */
export function useVersionSummary(access: VersionAccess, meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'> | null): ReadState<VersionSummary> {
  return useRead(keyOf(access, meta, 'summary'), (progress) => access.reader!.summarise(versionRef(access.dbName, meta!), progress));
}

/** Rows [start, start + count) of a version. */
export function useRowsPage(
  access: VersionAccess,
  meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'> | null,
  start: number,
  count: number,
): ReadState<RowsPage> {
  return useRead(keyOf(access, meta, 'rows', start, count), () => access.reader!.rows(versionRef(access.dbName, meta!), start, count));
}

/** The prediction charts' figures and sample of a predictions version. */
export function usePredictionFigures(
  access: VersionAccess,
  meta: Pick<DatasetVersionMeta, 'id' | 'contentHash'> | null,
  features: readonly string[] = [],
): ReadState<PredictionFigures> {
  return useRead(keyOf(access, meta, 'predictions', features.join('\u0000')), (progress) =>
    access.reader!.predictionFigures(versionRef(access.dbName, meta!), features, progress),
  );
}
