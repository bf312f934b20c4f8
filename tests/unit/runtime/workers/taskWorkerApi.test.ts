import { expose, proxy, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetEventId, datasetId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import type { NotificationLevel } from '../../../../src/core/dag';
import type { TrainingProgress } from '../../../../src/core/training';
import type { LogLevel } from '../../../../src/core/logLine';
import type { TaskRegistry } from '../../../../src/pipelines/registry';
import type { TaskRequest, TaskWorkerApi } from '../../../../src/runtime/workers/protocol';
import { commitDatasetVersion, readDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { createTaskWorkerApi } from '../../../../src/runtime/workers/taskWorkerApi';
import { openTestDatabase } from '../testDb';

/**
 * The worker API exposed in this thread over a MessageChannel: the same comlink path as a real worker. Log lines
 * land in `logs`, keyed by try, as the pool routes them.
 */
function connect(registry: TaskRegistry) {
  const channel = new MessageChannel();
  expose(createTaskWorkerApi(registry, () => 1234), channel.port1);
  const remote = wrap<TaskWorkerApi>(channel.port2);
  const logs: string[] = [];
  void remote.connect(
    proxy({
      log: (key: string, level: LogLevel, message: string) => logs.push(`${key} ${level}:${message}`),
      progress: (key: string, progress: TrainingProgress) => logs.push(`${key} progress:${progress.epochs.length}/${progress.maxEpochs}`),
      notify: (key: string, level: NotificationLevel, message: string) => logs.push(`${key} notify ${level}:${message}`),
    }),
  );
  return { api: remote, logs, close: () => (channel.port1.close(), channel.port2.close()) };
}

const registry: TaskRegistry = {
  demo: {
    produce: async () => async (context) => {
      context.log.info('making data');
      await context.writeOutput(makeTable({ v: Float64Array.of(1, 2, 3) }));
      await context.writeDataset(datasetId('numbers'), makeTable({ v: Float32Array.of(4, 5) }), { note: 'hi' });
      context.log.warning('done');
      return { made: 3 };
    },
    consume: async () => async (context) => {
      const version = await context.readDatasetVersion(await context.inputVersion(datasetId('numbers')));
      const upstream = await context.readUpstreamOutput('produce');
      return { sum: Array.from(upstream.columns.v!).reduce((a, b) => a + b, 0), rows: version.rowCount, from: context.upstreamResult('produce') };
    },
    learn: async () => async (context) => {
      const base = { runId: context.runId, taskId: context.taskId, tryNumber: context.tryNumber, modelKind: 'linear' as const, maxEpochs: 2 };
      const epochs = [{ epoch: 1, trainLoss: 2, validationLoss: 3, elapsedMs: 5 }];
      context.reportProgress({ ...base, epochs, finished: false });
      context.reportProgress({ ...base, epochs: [...epochs, { epoch: 2, trainLoss: 1, validationLoss: 2, elapsedMs: 9 }], finished: true });
      context.notify('warning', 'drifted');
      return 'ok';
    },
    explode: async () => async () => {
      throw new TypeError('bad input');
    },
  },
};

function request(task: string, dbName: string, extra: Partial<TaskRequest> = {}): TaskRequest {
  return {
    dagId: dagId('demo'),
    runId: runId('run-1'),
    taskId: taskId(task),
    tryNumber: 1,
    params: {},
    triggeringEvents: [],
    upstreamResults: {},
    dbName,
    settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
    ...extra,
  };
}

describe('task worker API over comlink', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('runs a task, streams its log lines before the result, and reports the dataset versions it wrote', async () => {
    const opened = await openTestDatabase();
    const { api, logs, close } = connect(registry);
    cleanups.push(close, opened.close);
    const result = await api.runTask(request('produce', opened.name));
    expect(logs).toEqual(['run-1/produce/1 info:making data', 'run-1/produce/1 warning:done']);
    expect(result.type).toBe('success');
    if (result.type !== 'success') return;
    expect(result.returnValue).toEqual({ made: 3 });
    expect(result.outputs).toEqual([
      {
        datasetId: 'numbers',
        versionId: 'numbers@run-1/produce/1',
        extra: {
          rowCount: 2,
          columns: 1,
          schemaHash: expect.stringMatching(/^[0-9a-f]{8}$/),
          contentHash: expect.stringMatching(/^[0-9a-f]{16}$/),
          note: 'hi',
        },
      },
    ]);
    const stored = await readDatasetVersion(opened.db, result.outputs[0]!.versionId);
    expect(Array.from(stored.columns.v!)).toEqual([4, 5]);
  });

  it('streams progress reports and notifications on the log channel, keyed by try, before the result', async () => {
    const opened = await openTestDatabase();
    const { api, logs, close } = connect(registry);
    cleanups.push(close, opened.close);
    const result = await api.runTask(request('learn', opened.name, { tryNumber: 2 }));
    expect(result).toEqual({ type: 'success', outputs: [], returnValue: 'ok' });
    expect(logs).toEqual(['run-1/learn/2 progress:1/2', 'run-1/learn/2 progress:2/2', 'run-1/learn/2 notify warning:drifted']);
  });

  it('hands outputs, dataset versions and return values downstream', async () => {
    const opened = await openTestDatabase();
    const { api, close } = connect(registry);
    cleanups.push(close, opened.close);
    const produced = await api.runTask(request('produce', opened.name));
    if (produced.type !== 'success') throw new Error('produce failed');
    const event = {
      id: datasetEventId(1),
      datasetId: datasetId('numbers'),
      versionId: datasetVersionId(produced.outputs[0]!.versionId),
      timestamp: 1,
      source: null,
      extra: {},
    };
    const result = await api.runTask(request('consume', opened.name, { triggeringEvents: [event], upstreamResults: { produce: { made: 3 } } }));
    expect(result).toEqual({ type: 'success', outputs: [], returnValue: { sum: 6, rows: 2, from: { made: 3 } } });
  });

  it('warmUp loads the code of every task it knows, one at a time, and a load that fails does not stop the others', async () => {
    const loaded: string[] = [];
    let running = 0;
    let overlapped = false;
    const loader = (name: string, fails = false) => async () => {
      running++;
      overlapped ||= running > 1;
      await Promise.resolve();
      running--;
      loaded.push(name);
      if (fails) throw new Error(`no chunk for ${name}`);
      return async () => undefined;
    };
    const warm = connect({ a: { one: loader('one'), two: loader('two', true) }, b: { three: loader('three') } });
    try {
      await warm.api.warmUp();
      expect(loaded).toEqual(['one', 'two', 'three']);
      expect(overlapped).toBe(false);
    } finally {
      warm.close();
    }
  });

  it('warmUp loads no code while a try runs in the worker, and goes on once it ended', async () => {
    const events: string[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const warm = connect({
      demo: {
        slow: async () => async () => {
          events.push('try started');
          await finished;
          events.push('try ended');
          return 'done';
        },
        heavy: async () => {
          events.push('heavy loaded');
          return async () => undefined;
        },
      },
    });
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    try {
      const tried = warm.api.runTask(request('slow', opened.name));
      await expect.poll(() => events).toContain('try started');
      const warmed = warm.api.warmUp();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events).toEqual(['try started']);
      finish();
      await Promise.all([tried, warmed]);
      expect(events).toEqual(['try started', 'try ended', 'heavy loaded']);
    } finally {
      warm.close();
    }
  });

  it('turns a thrown error into a failed result with name, message and stack, and logs it', async () => {
    const opened = await openTestDatabase();
    const { api, logs, close } = connect(registry);
    cleanups.push(close, opened.close);
    const result = await api.runTask(request('explode', opened.name));
    expect(result.type).toBe('failed');
    if (result.type !== 'failed') return;
    expect(result.error.name).toBe('TypeError');
    expect(result.error.message).toBe('bad input');
    expect(result.error.stack).toContain('bad input');
    expect(logs).toEqual(['run-1/explode/1 error:TypeError: bad input']);
  });

  it('fails clearly for a task with no registered code, and when no version of an input dataset exists', async () => {
    const opened = await openTestDatabase();
    const { api, close } = connect(registry);
    cleanups.push(close, opened.close);
    const unknown = await api.runTask(request('nope', opened.name));
    expect(unknown).toMatchObject({ type: 'failed', error: { message: 'No code registered for task "nope" of DAG "demo".' } });
    const missing = await api.runTask(request('consume', opened.name));
    expect(missing).toMatchObject({
      type: 'failed',
      error: { message: 'No version of asset "numbers" is stored yet: run the DAG that produces it first.' },
    });
  });

  it('falls back to the newest stored version when the run was not triggered by the dataset (a manual trigger)', async () => {
    const opened = await openTestDatabase();
    const { api, logs, close } = connect(registry);
    cleanups.push(close, opened.close);
    await api.runTask(request('produce', opened.name));
    // Staged until its event is recorded: a run by hand cannot pick it up yet.
    const early = await api.runTask(request('consume', opened.name, { upstreamResults: { produce: { made: 3 } } }));
    expect(early).toMatchObject({ type: 'failed', error: { message: expect.stringContaining('No version of asset "numbers"') } });
    await commitDatasetVersion(opened.db, datasetVersionId('numbers@run-1/produce/1'));
    logs.length = 0;
    const result = await api.runTask(request('consume', opened.name, { upstreamResults: { produce: { made: 3 } } }));
    expect(result).toMatchObject({ type: 'success', returnValue: { rows: 2 } });
    expect(logs).toEqual(['run-1/consume/1 info:Not triggered by a numbers event: using the newest stored version, numbers@run-1/produce/1.']);
  });
});
