import { afterEach, describe, expect, it } from 'vitest';
import { makeTable } from '../../../../src/core/columns';
import { dagId, datasetId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import type { TaskRegistry } from '../../../../src/pipelines/registry';
import { writeDatasetVersion } from '../../../../src/runtime/storage/datasets';
import { OutputCache } from '../../../../src/runtime/workers/outputCache';
import type { TaskRequest, TaskResult } from '../../../../src/runtime/workers/protocol';
import { createTaskWorkerApi } from '../../../../src/runtime/workers/taskWorkerApi';
import { openTestDatabase } from '../testDb';

const run = runId('run-1');
const table = (...values: number[]) => makeTable({ v: Float64Array.from(values) });

describe('OutputCache', () => {
  it('serves a copy only under the stamp it was kept with, and forgets an entry asked for under another', () => {
    const cache = new OutputCache();
    const lineage = { inputs: [], upstreamOutputs: [], models: ['m'] };
    const written = table(1, 2, 3);
    cache.keepTaskOutput('db', run, taskId('extract'), 1, written, lineage);
    written.columns.v![0] = 99; // the writer changes its own table after writing: the kept copy does not change
    const first = cache.taskOutput('db', run, taskId('extract'), 1)!;
    expect(Array.from(first.table.columns.v!)).toEqual([1, 2, 3]);
    expect(first.lineage).toEqual(lineage);
    first.table.columns.v![1] = 42; // nor when a reader changes what it got
    expect(Array.from(cache.taskOutput('db', run, taskId('extract'), 1)!.table.columns.v!)).toEqual([1, 2, 3]);
    expect(cache.taskOutput('other-db', run, taskId('extract'), 1)).toBeUndefined();
    // Another try wrote the output since: the copy is never served, and is dropped.
    expect(cache.taskOutput('db', run, taskId('extract'), 2)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.taskOutput('db', run, taskId('extract'), 1)).toBeUndefined();
  });

  it('keeps dataset versions by content hash, never under an empty one', () => {
    const cache = new OutputCache();
    const id = datasetVersionId('d@run-1/featurize/1');
    cache.keepDatasetVersion('db', id, 'aaaa', table(1));
    cache.keepDatasetVersion('db', datasetVersionId('e@x'), '', table(2));
    expect(Array.from(cache.datasetVersion('db', id, 'aaaa')!.columns.v!)).toEqual([1]);
    expect(cache.datasetVersion('db', datasetVersionId('e@x'), '')).toBeUndefined();
    expect(cache.datasetVersion('db', id, 'bbbb')).toBeUndefined();
    expect(cache.datasetVersion('db', id, 'aaaa')).toBeUndefined();
  });

  it('stays within its byte budget, dropping the least recently used first, and never keeps a table over its limit', () => {
    // Each table: 2 rows × 8 bytes = 16 bytes; room for three.
    const cache = new OutputCache(48, 32);
    const keep = (name: string) => cache.keepTaskOutput('db', run, taskId(name), 1, table(1, 2), { inputs: [], upstreamOutputs: [], models: [] });
    keep('a');
    keep('b');
    keep('c');
    expect(cache.taskOutput('db', run, taskId('a'), 1)).toBeDefined(); // a used last: b is now the oldest
    keep('d');
    expect(cache.size).toBe(48);
    expect(cache.taskOutput('db', run, taskId('b'), 1)).toBeUndefined();
    expect(['a', 'c', 'd'].every((name) => cache.taskOutput('db', run, taskId(name), 1))).toBe(true);
    cache.keepTaskOutput('db', run, taskId('big'), 1, table(1, 2, 3, 4, 5), { inputs: [], upstreamOutputs: [], models: [] });
    expect(cache.taskOutput('db', run, taskId('big'), 1)).toBeUndefined();
    expect(cache.size).toBe(48);
  });
});

/**
 * Two workers' APIs on one database, as the pool runs them: `write` stores an output and a dataset version whose
 * values depend on its try number (a re-run after a clear writes other data); `read` returns what it reads.
 */
const registry: TaskRegistry = {
  demo: {
    write: async () => async (context) => {
      await context.writeOutput(table(context.tryNumber, 10));
      await context.writeDataset(datasetId('numbers'), makeTable({ v: Float32Array.of(context.tryNumber, 20) }));
      return null;
    },
    read: async () => async (context) => {
      const output = await context.readUpstreamOutput('write');
      const versionId = context.params.version as string;
      const version = await context.readDatasetVersion(datasetVersionId(versionId));
      return { output: Array.from(output.columns.v!), version: Array.from(version.columns.v!) };
    },
  },
};

function request(task: string, dbName: string, extra: Partial<TaskRequest> = {}): TaskRequest {
  return {
    dagId: dagId('demo'),
    runId: run,
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

const returned = (result: TaskResult) => {
  if (result.type !== 'success') throw new Error(`the try failed: ${result.error.message}`);
  return result.returnValue;
};

describe('a task worker reading outputs it wrote or read before', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('serves them from memory to a try that names the try which wrote them', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const worker = createTaskWorkerApi(registry, () => 1);
    await worker.runTask(request('write', opened.name));
    // Gone from storage: only the worker's own copy can answer now (and does, for the same writer's try).
    await opened.db.delete('taskOutputs', `${run}/write`);
    const version = 'numbers@run-1/write/1';
    const read = await worker.runTask(request('read', opened.name, { upstreamTries: { write: 1 }, params: { version } }));
    expect(returned(read)).toEqual({ output: [1, 10], version: [1, 20] });
    // A try that does not say which try wrote the output reads storage, as before.
    const unnamed = await worker.runTask(request('read', opened.name, { params: { version } }));
    expect(unnamed).toMatchObject({ type: 'failed', error: { message: 'Task "write" of run "run-1" left no output to read.' } });
  });

  it('never serves a copy once the task was re-run in the other worker (a cleared task), nor a rewritten version', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const first = createTaskWorkerApi(registry, () => 1);
    const second = createTaskWorkerApi(registry, () => 1);
    const version = 'numbers@run-1/write/1';
    // Try 1 in the first worker, read there once (kept); then cleared and run again as try 2 in the second worker.
    await first.runTask(request('write', opened.name));
    expect(returned(await first.runTask(request('read', opened.name, { upstreamTries: { write: 1 }, params: { version } })))).toEqual({
      output: [1, 10],
      version: [1, 20],
    });
    await second.runTask(request('write', opened.name, { tryNumber: 2 }));
    // The version try 1 wrote is written again with other content (same id): its stored content hash changes.
    await writeDatasetVersion(opened.db, datasetId('numbers'), makeTable({ v: Float32Array.of(7, 7) }), {
      dagId: dagId('demo'),
      runId: run,
      taskId: taskId('write'),
      tryNumber: 1,
    }, 2);
    const after = await first.runTask(request('read', opened.name, { upstreamTries: { write: 2 }, params: { version } }));
    expect(returned(after)).toEqual({ output: [2, 10], version: [7, 7] });
    // The second worker kept what it wrote: served to the next try downstream there.
    await opened.db.delete('taskOutputs', `${run}/write`);
    const there = await second.runTask(request('read', opened.name, { upstreamTries: { write: 2 }, params: { version: 'numbers@run-1/write/2' } }));
    expect(returned(there)).toEqual({ output: [2, 10], version: [2, 20] });
  });
});
