import type { TaskRegistry } from '../../../src/pipelines/registry';
import type { TaskRequest, TaskResult, TaskWorkerApi } from '../../../src/runtime/workers/protocol';
import { createTaskWorkerApi, type TaskWorkerApiOptions } from '../../../src/runtime/workers/taskWorkerApi';
import { tryKey } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';

/**
 * Runs tries with the real worker API (TaskContext, IndexedDB writes, lineage, staging) in this thread, without
 * workers: the coordinator → task → storage path end to end under fake-indexeddb.
 */
export class InThreadExecutor implements TaskExecutor {
  readonly size = 2;
  readonly api: TaskWorkerApi;
  private readonly live = new Map<string, TaskCallbacks>();

  constructor(registry: TaskRegistry, options: TaskWorkerApiOptions = {}, now: () => number = () => 1_000) {
    this.api = createTaskWorkerApi(registry, now, options);
    this.api.connect({
      log: (key, level, message) => this.live.get(key)?.onLog(level, message),
      progress: (key, progress) => this.live.get(key)?.onProgress?.(progress),
      notify: (key, level, message) => this.live.get(key)?.onNotify?.(level, message),
    });
  }

  async run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    const key = tryKey(request);
    this.live.set(key, callbacks);
    await Promise.resolve();
    callbacks.onStarted();
    try {
      return await this.api.runTask(request);
    } finally {
      this.live.delete(key);
    }
  }

  stop(): void {}

  terminate(): void {}
}
