import { datasetVersionId } from '../../../src/core/ids';
import type { Clock } from '../../../src/runtime/clock';
import { tryKey, type TaskRequest, type TaskResult } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';

/** What each housing task returns when it succeeds (featurize publishes built_features, check_data picks featurize). */
export function housingResult(request: TaskRequest): TaskResult {
  switch (request.taskId) {
    case 'featurize':
      return {
        type: 'success',
        outputs: [{ datasetId: 'built_features' as never, versionId: datasetVersionId(`bf@${request.runId}`), extra: { rowCount: 3 } }],
      };
    case 'check_data':
      return { type: 'success', outputs: [], returnValue: 'featurize' };
    case 'train':
      return { type: 'success', outputs: [], returnValue: { modelId: 'm1', testR2: 0.6 } };
    default:
      return { type: 'success', outputs: [] };
  }
}

/**
 * Runs tries in this thread: each request is recorded with the clock's time when it arrived (when the coordinator
 * handed it over), and answered by `script` — or held until stopped or `release`d.
 */
export class TimedExecutor implements TaskExecutor {
  size = 2;
  readonly requests: { readonly request: TaskRequest; readonly at: number }[] = [];
  readonly stopped: string[] = [];
  private readonly held = new Map<string, (result: TaskResult) => void>();

  constructor(
    private readonly clock: Clock,
    private readonly script: (request: TaskRequest) => TaskResult | 'hold' = housingResult,
  ) {}

  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.requests.push({ request, at: this.clock.now() });
    return new Promise((resolve) => {
      queueMicrotask(() => {
        callbacks.onStarted();
        const outcome = this.script(request);
        if (outcome === 'hold') this.held.set(tryKey(request), resolve);
        else queueMicrotask(() => resolve(outcome));
      });
    });
  }

  stop(request: Pick<TaskRequest, 'runId' | 'taskId' | 'tryNumber'>, reason: string): void {
    this.stopped.push(`${request.taskId}#${request.tryNumber}:${reason}`);
    this.held.get(tryKey(request))?.({ type: 'failed', error: { name: 'TaskStopped', message: reason } });
  }

  /** Lets every held try succeed. */
  releaseAll(): void {
    for (const [key, resolve] of this.held) {
      this.held.delete(key);
      const request = this.requests.find((r) => tryKey(r.request) === key)!.request;
      resolve(housingResult(request));
    }
  }

  get heldCount(): number {
    return this.held.size;
  }

  /** Task ids in the order they reached the executor, with the time each arrived. */
  timeline(since = 0): string[] {
    return this.requests.map((r) => `${r.request.taskId}@${r.at - since}`);
  }

  terminate(): void {}
}

/** Lets queued microtasks (the executor's answers, the coordinator's steps) run. */
export const drain = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
