import { wrap, type Remote } from 'comlink';
import type { DagFileResult } from './dagFileResult';
import type { DagFileWorkerApi } from './dagFileWorkerApi';
import { DAG_FILE_TIME_LIMIT_MS, DEFAULT_FILE_NAME, type ReadDagFileOptions } from './readDagFile';

/** A read's result, or `stale` when a newer read was asked for before this one's result arrived. */
export type DagFileOutcome = (DagFileResult & { readonly stale: false }) | { readonly stale: true };

export interface DagFileClient {
  /**
   * Reads a DAG file in the worker. Call it on every (debounced) keystroke: only the newest call gets a result; an
   * older one still waiting resolves `{ stale: true }` and is never sent, so the worker reads at most one stale file.
   * Aborting `signal` (a view that closed) makes the read stale too: dropped if it has not started, ignored if it has.
   */
  evaluate(source: string, options?: ReadDagFileOptions, signal?: AbortSignal): Promise<DagFileOutcome>;
  /** Starts the worker and warms QuickJS now (call it when the editor opens). */
  warm(): Promise<void>;
  /** Stops the worker; pending reads resolve stale. */
  dispose(): void;
}

/** A connection to one worker: its API and how to stop it. */
export interface DagFileConnection {
  readonly api: Remote<DagFileWorkerApi> | DagFileWorkerApi;
  terminate(): void;
}

export const connectDagFileWorker = (): DagFileConnection => {
  const worker = new Worker(new URL('./dagFile.worker.ts', import.meta.url), { type: 'module', name: 'dag-file-reader' });
  return { api: wrap<DagFileWorkerApi>(worker), terminate: () => worker.terminate() };
};

/** A worker that has not answered this long after its own time limit is stuck: it is replaced. */
const ANSWER_GRACE_MS = 5_000;

interface Job {
  readonly seq: number;
  readonly source: string;
  readonly options: ReadDagFileOptions;
  readonly resolve: (outcome: DagFileOutcome) => void;
}

export function createDagFileClient(connect: () => DagFileConnection = connectDagFileWorker): DagFileClient {
  let connection: DagFileConnection | null = null;
  let latest = 0;
  let queued: Job | null = null;
  let busy = false;
  let disposed = false;
  const current = () => (connection ??= connect());

  const read = async (job: Job): Promise<DagFileResult> => {
    const limit = (job.options.timeLimitMs ?? DAG_FILE_TIME_LIMIT_MS) + ANSWER_GRACE_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The DAG file reader did not answer within ${limit} ms; it was restarted.`)), limit);
    });
    try {
      return await Promise.race([current().api.evaluate(job.source, job.options), stuck]);
    } catch (error) {
      connection?.terminate();
      connection = null;
      const message = error instanceof Error ? error.message : String(error);
      return {
        fileName: job.options.fileName ?? DEFAULT_FILE_NAME,
        ok: false,
        dags: [],
        assets: [],
        locations: [],
        logs: [],
        diagnostics: [{ line: 1, column: 1, severity: 'error', code: 'exception', message }],
        timings: { compileMs: 0, evaluateMs: 0, translateMs: 0 },
      };
    } finally {
      clearTimeout(timer);
    }
  };

  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queued && !disposed) {
      const job = queued;
      queued = null;
      const result = await read(job);
      job.resolve(job.seq === latest && !disposed ? { ...result, stale: false } : { stale: true });
    }
    busy = false;
  };

  return {
    evaluate(source, options = {}, signal) {
      if (disposed || signal?.aborted) return Promise.resolve({ stale: true });
      const seq = ++latest;
      return new Promise<DagFileOutcome>((resolve) => {
        queued?.resolve({ stale: true });
        const job: Job = { seq, source, options, resolve };
        queued = job;
        signal?.addEventListener('abort', () => {
          if (queued === job) queued = null;
          if (latest === seq) latest++;
          resolve({ stale: true });
        });
        void pump();
      });
    },
    async warm() {
      await current().api.warm();
    },
    dispose() {
      disposed = true;
      queued?.resolve({ stale: true });
      queued = null;
      connection?.terminate();
      connection = null;
    },
  };
}

let shared: DagFileClient | null = null;

/** Reads a DAG file in the page's shared DAG-file worker (created on first use). See `DagFileClient.evaluate`. */
export function evaluateDagFile(source: string, options?: ReadDagFileOptions, signal?: AbortSignal): Promise<DagFileOutcome> {
  shared ??= createDagFileClient();
  return shared.evaluate(source, options, signal);
}
