import { afterEach, describe, expect, it } from 'vitest';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import { isHeavyTry } from '../../../../src/pipelines/housing/heavyTasks';
import { HOUSING_OPERATORS } from '../../../../src/pipelines/operatorNames';
import { housingWarmUp } from '../../../../src/pipelines/registry';
import type { TaskLogSink, TaskRequest, TaskResult, TaskWorkerApi, WarmUpShare } from '../../../../src/runtime/workers/protocol';
import { nearestAncestors } from '../../../../src/runtime/workers/ancestors';
import { WorkerPool } from '../../../../src/runtime/workers/workerPool';
import { serveTaskWorker } from '../../../../src/runtime/workers/tryChannel';

/** In-thread workers (MessagePort pairs) that record what each was asked to warm and which tries it ran. */
class Workers {
  readonly shares: (WarmUpShare | undefined)[] = [];
  /** Each worker's end of the pool's sink: a test tells the pool through it that a warm-up step holds the thread. */
  readonly sinks: TaskLogSink[] = [];
  readonly started: string[] = [];
  private readonly pending = new Map<string, (result: TaskResult) => void>();
  private readonly ports: MessagePort[] = [];

  create = (): Worker => {
    const channel = new MessageChannel();
    const id = this.shares.length + 1;
    this.shares.push(undefined);
    const api: TaskWorkerApi = {
      connect: (sink) => {
        this.sinks[id - 1] = sink;
      },
      connectStorage() {},
      warmUp: (share) => {
        this.shares[id - 1] = share;
        return Promise.resolve();
      },
      runTask: (request: TaskRequest) =>
        new Promise<TaskResult>((resolve) => {
          this.started.push(`${request.taskId}→w${id}`);
          this.pending.set(request.taskId, resolve);
        }),
    };
    serveTaskWorker(api, channel.port1);
    this.ports.push(channel.port1, channel.port2);
    const port = channel.port2;
    return {
      postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
      addEventListener: port.addEventListener.bind(port),
      removeEventListener: port.removeEventListener.bind(port),
      start: () => port.start(),
      terminate: () => port.close(),
    } as unknown as Worker;
  };

  finish(task: string): void {
    this.pending.get(task)!({ type: 'success', outputs: [] });
    this.pending.delete(task);
  }

  close(): void {
    for (const port of this.ports) port.close();
  }
}

const request = (dag: string, task: string, operator?: string): TaskRequest => ({
  dagId: dagId(dag),
  runId: runId('r1'),
  taskId: taskId(task),
  tryNumber: 1,
  params: {},
  triggeringEvents: [],
  upstreamResults: {},
  ...(operator ? { operator } : {}),
  dbName: 'unused',
  settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('which worker loads and runs tfjs and danfojs', () => {
  let workers: Workers;
  afterEach(() => workers.close());

  it('with two workers, the first warms the light tasks only and the second the heavy ones first; heavy tries go to the second', async () => {
    workers = new Workers();
    const pool = new WorkerPool(2, workers.create);
    pool.prewarm();
    await settle();
    expect(workers.shares).toEqual(['light', 'heavy']);
    void pool.run(request('ml_producer', 'extract'), { onStarted() {}, onLog() {} });
    await settle();
    workers.finish('extract');
    await settle();
    // Both idle: the light try takes the light worker, the heavy one the other, whatever their order in the queue.
    void pool.run(request('ml_consumer', 'train'), { onStarted() {}, onLog() {} });
    await settle();
    workers.finish('train');
    await settle();
    void pool.run(request('ml_consumer', 'check_drift'), { onStarted() {}, onLog() {} });
    await settle();
    // The heavy worker busy: a heavy try takes the idle one rather than wait (a concurrent run).
    void pool.run(request('imported', 'fit', 'housing.train'), { onStarted() {}, onLog() {} });
    void pool.run(request('ml_consumer', 'predict'), { onStarted() {}, onLog() {} });
    await settle();
    expect(workers.started).toEqual(['extract→w1', 'train→w2', 'check_drift→w1', 'fit→w2']);
    workers.finish('check_drift');
    await settle();
    expect(workers.started.at(-1)).toBe('predict→w1');
    pool.terminate();
  });

  it('a light try does not go to a worker whose thread a warm-up step holds, a heavy one does', async () => {
    workers = new Workers();
    const pool = new WorkerPool(2, workers.create);
    pool.prewarm();
    await settle();
    await workers.sinks[1]!.holding!(true); // w2, the heavy worker, evaluates tfjs
    void pool.run(request('ml_producer', 'extract'), { onStarted() {}, onLog() {} });
    await settle();
    void pool.run(request('ml_producer', 'check_data'), { onStarted() {}, onLog() {} });
    await settle();
    expect(workers.started).toEqual(['extract→w1']); // w1 busy, w2 held: check_data waits
    await workers.sinks[1]!.holding!(false);
    await settle();
    expect(workers.started).toEqual(['extract→w1', 'check_data→w2']); // w2 came free first
    workers.finish('extract');
    workers.finish('check_data');
    await settle();
    // Held again: a light try waits for whichever comes free first — here w1 — and a heavy try takes w2 all the same.
    await workers.sinks[1]!.holding!(true);
    void pool.run(request('ml_producer', 'featurize'), { onStarted() {}, onLog() {} });
    void pool.run(request('ml_consumer', 'train'), { onStarted() {}, onLog() {} });
    await settle();
    expect(workers.started.slice(2)).toEqual(['featurize→w1', 'train→w2']);
    pool.terminate();
  });

  it('a pool of one worker warms everything', async () => {
    workers = new Workers();
    const pool = new WorkerPool(1, workers.create);
    pool.prewarm();
    await settle();
    expect(workers.shares).toEqual(['all']);
    pool.terminate();
  });

  it('heavy tries are the ones whose code loads tfjs or danfojs, and the warm-up loads that code in heavy steps only', () => {
    const heavy = ['train', 'predict', 'save_predictions'];
    for (const task of ['extract', 'save_raw_data', 'check_data', 'featurize', 'quarantine_data']) {
      expect(isHeavyTry(request('ml_producer', task))).toBe(false);
    }
    expect(isHeavyTry(request('ml_consumer', 'check_drift'))).toBe(false);
    for (const task of heavy) expect(isHeavyTry(request('ml_consumer', task))).toBe(true);
    expect(isHeavyTry(request('ml_batch_predict', 'predict'))).toBe(true);
    expect(isHeavyTry(request('mine', 'x', 'housing.batch_predict'))).toBe(true);
    expect(isHeavyTry(request('mine', 'x', 'housing.extract'))).toBe(false);
    expect(isHeavyTry(request('mine', 'x', 'noop'))).toBe(false);
    expect(isHeavyTry(request('mine', 'x', '__proto__'))).toBe(false);
    // An operator is heavy exactly when the housing task it runs is.
    for (const [operator, [dag, task]] of Object.entries(HOUSING_OPERATORS)) {
      expect(isHeavyTry(request('mine', 'x', operator)), operator).toBe(isHeavyTry(request(dag, task)));
    }
    expect(housingWarmUp.filter((step) => step.heavy).map((step) => step.name)).toEqual([...heavy.slice(0, 1), 'tfjs-backend', ...heavy.slice(1), 'practice-training']);
  });
});

describe('nearestAncestors', () => {
  it('walks the upstream lists breadth first, each task once, up to the limit', () => {
    // 0 → 1 → 3, 0 → 2 → 3, 3 → 4: task 4's ancestors nearest first.
    const upstream = [[], [0], [0], [1, 2], [3]];
    expect(nearestAncestors(upstream, 4)).toEqual([3, 1, 2, 0]);
    expect(nearestAncestors(upstream, 4, 2)).toEqual([3, 1]);
    expect(nearestAncestors(upstream, 0)).toEqual([]);
    // A chain of 1,000: a try names its 16 nearest, not all.
    const chain = Array.from({ length: 1000 }, (_, i) => (i === 0 ? [] : [i - 1]));
    expect(nearestAncestors(chain, 999)).toEqual(Array.from({ length: 16 }, (_, i) => 998 - i));
  });
});
