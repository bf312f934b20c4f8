import { releaseProxy, wrap, type Remote } from 'comlink';
import { useEffect, useRef } from 'react';
import type { UploadWorkerApi } from '../../upload/uploadWorkerApi';

/**
 * The page's handle on the upload worker: started on the first file, terminated when the panel goes away. Parsing a
 * person's file is the worker's job only; the page gets a summary back.
 */
export function useUploadWorker(): () => Remote<UploadWorkerApi> {
  const handle = useRef<{ worker: Worker; api: Remote<UploadWorkerApi> } | null>(null);
  useEffect(
    () => () => {
      if (!handle.current) return;
      handle.current.api[releaseProxy]();
      handle.current.worker.terminate();
      handle.current = null;
    },
    [],
  );
  return () => {
    if (!handle.current) {
      const worker = new Worker(new URL('../../upload/upload.worker.ts', import.meta.url), { type: 'module', name: 'upload-worker' });
      handle.current = { worker, api: wrap<UploadWorkerApi>(worker) };
    }
    return handle.current.api;
  };
}
