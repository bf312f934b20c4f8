import { releaseProxy, wrap, type Remote } from 'comlink';
import { useEffect, useRef } from 'react';
import type { UploadWorkerApi } from '../../upload/uploadWorkerApi';

export interface UploadWorkerHandle {
  /** The worker's API, starting a worker when none runs. */
  readonly api: () => Remote<UploadWorkerApi>;
  /**
   * Ends the worker (the next call to `api` starts another). After an inspection or an import: an idle worker never
   * collects its garbage, and a big file leaves a lot of it — the file's bytes, its text and its columns, ~360 MB for 2,000,000 rows
   * × 9 columns — held while the producer and the consumer need the memory.
   */
  readonly release: () => void;
}

/**
 * The page's handle on the upload worker: started on the first file, terminated after each inspection and import and when the panel
 * goes away. Parsing a person's file is the worker's job only; the page gets a summary back.
 */
export function useUploadWorker(): UploadWorkerHandle {
  const handle = useRef<{ worker: Worker; api: Remote<UploadWorkerApi> } | null>(null);
  const release = () => {
    if (!handle.current) return;
    handle.current.api[releaseProxy]();
    handle.current.worker.terminate();
    handle.current = null;
  };
  useEffect(() => release, []);
  const api = () => {
    if (!handle.current) {
      const worker = new Worker(new URL('../../upload/upload.worker.ts', import.meta.url), { type: 'module', name: 'upload-worker' });
      handle.current = { worker, api: wrap<UploadWorkerApi>(worker) };
    }
    return handle.current.api;
  };
  return { api, release };
}
