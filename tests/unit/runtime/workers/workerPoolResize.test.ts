import { afterEach, describe, expect, it } from 'vitest';
import { runId, taskId, dagId } from '../../../../src/core/ids';
import type { TaskRequest, TaskResult, TaskWorkerApi } from '../../../../src/runtime/workers/protocol';
import { WorkerPool } from '../../../../src/runtime/workers/workerPool';
import { serveTaskWorker } from '../../../../src/runtime/workers/tryChannel';

/**
 * Workers that live in this thread: each is a MessagePort pair with the worker API served on the far end (the same
 * comlink calls and try messages as a real worker). A try ends when the test says so, so the test decides what is running when.
 */
class FakeWorkers {
  readonly created: { readonly id: number; terminated: boolean }[] = [];
  private readonly pending = new Map<string, (result: TaskResult) => void>();
  private readonly ports: MessagePort[] = [];
  /** Which worker runs which task, in start order. */
  readonly started: string[] = [];

  create = (): Worker => {
    const channel = new MessageChannel();
    const record = { id: this.created.length + 1, terminated: false };
    this.created.push(record);
    const api: TaskWorkerApi = {
      connect() {},
      connectStorage() {},
      warmUp: () => Promise.resolve(),
      runTask: (request: TaskRequest) =>
        new Promise<TaskResult>((resolve) => {
          this.started.push(`${request.taskId}→w${record.id}`);
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
      terminate: () => {
        record.terminated = true;
        channel.port1.close();
        port.close();
      },
    } as unknown as Worker;
  };

  finish(task: string): void {
    const resolve = this.pending.get(task);
    if (!resolve) throw new Error(`${task} is not running`);
    this.pending.delete(task);
    resolve({ type: 'success', outputs: [] });
  }

  get alive(): number {
    return this.created.filter((w) => !w.terminated).length;
  }

  close(): void {
    for (const port of this.ports) port.close();
  }
}

const request = (task: string): TaskRequest => ({
  dagId: dagId('d'),
  runId: runId('r1'),
  taskId: taskId(task),
  tryNumber: 1,
  params: {},
  triggeringEvents: [],
  upstreamResults: {},
  dbName: 'unused',
  settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
});

/** Waits until the pool's messages have gone round the ports. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('WorkerPool.resize', () => {
  let workers: FakeWorkers;
  afterEach(() => workers.close());

  function pool(size: number) {
    workers = new FakeWorkers();
    const results: Record<string, TaskResult> = {};
    const p = new WorkerPool(size, workers.create);
    const run = (task: string) =>
      void p.run(request(task), { onStarted() {}, onLog() {} }).then((result) => (results[task] = result));
    return { p, run, results };
  }

  it('growing starts queued tries at once, on new workers', async () => {
    const { p, run } = pool(1);
    run('a');
    run('b');
    await settle();
    expect(workers.started).toEqual(['a→w1']);
    p.resize(2);
    await settle();
    expect(p.size).toBe(2);
    expect(workers.started).toEqual(['a→w1', 'b→w2']);
    expect(workers.alive).toBe(2);
  });

  it('shrinking kills no running try: the extra worker goes when its try is done, and its result still arrives', async () => {
    const { p, run, results } = pool(2);
    run('a');
    run('b');
    await settle();
    p.resize(1);
    run('c');
    await settle();
    // Both tries still run; c waits: the pool is over its new size.
    expect(workers.created.map((w) => w.terminated)).toEqual([false, false]);
    expect(workers.started).toEqual(['a→w1', 'b→w2']);
    workers.finish('a');
    await settle();
    expect(results.a).toEqual({ type: 'success', outputs: [] });
    // a's worker was retired rather than reused; c still waits for the one remaining worker.
    expect(workers.created.map((w) => w.terminated)).toEqual([true, false]);
    expect(workers.started).toEqual(['a→w1', 'b→w2']);
    workers.finish('b');
    await settle();
    expect(workers.started).toEqual(['a→w1', 'b→w2', 'c→w2']);
    expect(workers.alive).toBe(1);
  });

  it('shrinking ends idle workers at once', async () => {
    const { p, run } = pool(3);
    run('a');
    run('b');
    run('c');
    await settle();
    workers.finish('a');
    workers.finish('b');
    workers.finish('c');
    await settle();
    expect(workers.alive).toBe(3);
    p.resize(1);
    expect(workers.alive).toBe(1);
    run('d');
    await settle();
    expect(workers.started.at(-1)).toBe('d→w3');
  });

  it('refuses a size below 1 or not whole, and keeps its size', () => {
    const { p } = pool(2);
    expect(() => p.resize(0)).toThrow('Worker pool size must be ≥ 1, got 0.');
    expect(() => p.resize(1.5)).toThrow(RangeError);
    expect(p.size).toBe(2);
  });
});
