import { afterEach, describe, expect, it } from 'vitest';
import { dagId, runId, taskId } from '../../../../src/core/ids';
import type { JsonValue } from '../../../../src/core/json';
import type { TaskRequest, TaskResult, TaskWorkerApi } from '../../../../src/runtime/workers/protocol';
import { serveTaskWorker } from '../../../../src/runtime/workers/tryChannel';
import { WorkerPool } from '../../../../src/runtime/workers/workerPool';

/**
 * The pool's try messages (tryChannel.ts) between two ends of a MessageChannel: the worker end serves `runTask`, the
 * pool's end stands in for a Worker. Messages are structured-cloned as between real threads.
 */
function channelWorker(runTask: TaskWorkerApi['runTask'], ports: MessagePort[]): { create: () => Worker; far: () => MessagePort } {
  let far: MessagePort | null = null;
  const create = (): Worker => {
    const channel = new MessageChannel();
    ports.push(channel.port1, channel.port2);
    far = channel.port1;
    serveTaskWorker({ connect() {}, connectStorage() {}, warmUp: () => Promise.resolve(), runTask }, channel.port1);
    const port = channel.port2;
    return {
      postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
      addEventListener: port.addEventListener.bind(port),
      removeEventListener: port.removeEventListener.bind(port),
      start: () => port.start(),
      terminate: () => port.close(),
    } as unknown as Worker;
  };
  return { create, far: () => far! };
}

const request = (task: string, upstreamResults: Record<string, JsonValue> = {}): TaskRequest => ({
  dagId: dagId('d'),
  runId: runId('r1'),
  taskId: taskId(task),
  tryNumber: 1,
  params: {},
  triggeringEvents: [],
  upstreamResults,
  dbName: 'unused',
  settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
});

const callbacks = { onStarted() {}, onLog() {} };

describe('try messages between the pool and its workers', () => {
  const ports: MessagePort[] = [];
  afterEach(() => {
    for (const port of ports.splice(0)) port.close();
  });

  it('gives each of many tries on one worker its own result, in order', async () => {
    const seen: string[] = [];
    const worker = channelWorker(async (r) => {
      seen.push(r.taskId);
      return { type: 'success', outputs: [], returnValue: `done ${r.taskId}` };
    }, ports);
    const pool = new WorkerPool(1, worker.create);
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => pool.run(request(t), callbacks)));
    expect(results.map((r) => (r.type === 'success' ? r.returnValue : r.error.message))).toEqual(['done a', 'done b', 'done c', 'done d', 'done e']);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    pool.terminate();
  });

  it('fails a try whose result cannot be sent back, saying why, and the worker goes on with the next try', async () => {
    const worker = channelWorker(async (r) => {
      // Task code returned something that is not JSON (a function): it cannot cross the thread boundary.
      if (r.taskId === 'bad') return { type: 'success', outputs: [], returnValue: (() => 1) as unknown as JsonValue };
      return { type: 'success', outputs: [] };
    }, ports);
    const pool = new WorkerPool(1, worker.create);
    const [bad, good] = await Promise.all([pool.run(request('bad'), callbacks), pool.run(request('good'), callbacks)]);
    expect(bad).toMatchObject({ type: 'failed', error: { name: 'WorkerError' } });
    expect(bad.type === 'failed' && bad.error.message).toMatch(/clone/i);
    expect(good).toEqual({ type: 'success', outputs: [] });
    pool.terminate();
  });

  it('fails a try whose request cannot be sent, without sending it, and runs the next one', async () => {
    const seen: string[] = [];
    const worker = channelWorker(async (r) => {
      seen.push(r.taskId);
      return { type: 'success', outputs: [] };
    }, ports);
    const pool = new WorkerPool(1, worker.create);
    const unsendable = request('bad', { x: Symbol('not cloneable') as unknown as JsonValue });
    const [bad, good] = await Promise.all([pool.run(unsendable, callbacks), pool.run(request('good'), callbacks)]);
    expect(bad).toMatchObject({ type: 'failed', error: { name: 'WorkerError' } });
    expect(good).toEqual({ type: 'success', outputs: [] });
    expect(seen).toEqual(['good']);
    pool.terminate();
  });

  it('answers a try whose API call rejects with a failed result instead of leaving it hanging', async () => {
    const worker = channelWorker(() => Promise.reject(new Error('the API broke')), ports);
    const pool = new WorkerPool(1, worker.create);
    expect(await pool.run(request('a'), callbacks)).toEqual({ type: 'failed', error: { name: 'WorkerError', message: 'the API broke' } });
    pool.terminate();
  });

  it('ignores a result that carries another try\'s number (a late answer): the running try ends with its own', async () => {
    let finish: (result: TaskResult) => void = () => {};
    const worker = channelWorker(() => new Promise<TaskResult>((resolve) => (finish = resolve)), ports);
    const pool = new WorkerPool(1, worker.create);
    let result: TaskResult | null = null;
    void pool.run(request('a'), callbacks).then((r) => (result = r));
    await new Promise((resolve) => setTimeout(resolve, 10));
    worker.far().postMessage({ kind: 'pp-try-result', seq: 999, result: { type: 'failed', error: { name: 'Stale', message: 'not yours' } } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(result).toBeNull();
    finish({ type: 'success', outputs: [] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(result).toEqual({ type: 'success', outputs: [] });
    pool.terminate();
  });
});
