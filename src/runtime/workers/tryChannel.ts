import { expose } from 'comlink';
import { isTryMessage, type TaskResult, type TaskWorkerApi, type TryResultMessage } from './protocol';

/** What a worker (or a MessagePort standing in for one in tests) offers: messages in, messages out. */
export interface TryEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/**
 * Serves a task worker's API on `endpoint`: every call through comlink (connect, storage, warm-up), and tries as
 * plain messages (protocol.ts, TryMessage), the pool's hot path. Each try's answer is its result, or a failed result
 * naming the error when the API rejects (it never does on purpose) or the result cannot be cloned: a try always gets
 * an answer.
 */
export function serveTaskWorker(api: TaskWorkerApi, endpoint: TryEndpoint): void {
  expose(api, endpoint as Parameters<typeof expose>[1]);
  endpoint.addEventListener('message', (event) => {
    const data: unknown = event.data;
    if (!isTryMessage(data)) return;
    const post = (result: TaskResult) => endpoint.postMessage({ kind: 'pp-try-result', seq: data.seq, result } satisfies TryResultMessage);
    const fail = (error: unknown) => post({ type: 'failed', error: { name: 'WorkerError', message: error instanceof Error ? error.message : String(error) } });
    const answer = (result: TaskResult) => {
      try {
        post(result);
      } catch (error) {
        // A result that cannot be cloned (a function in a return value…): the try fails, saying why, and still ends.
        fail(error);
      }
    };
    api.runTask(data.request).then(answer, fail);
  });
  endpoint.start?.();
}
