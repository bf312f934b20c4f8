import { expose, proxy, wrap } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTable, type ColumnTable } from '../../../src/core/columns';
import { dagId, datasetEventId, datasetId, datasetVersionId, runId, taskId } from '../../../src/core/ids';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import type { TaskRegistry } from '../../../src/pipelines/registry';
import { storeTabView } from '../../../src/app/storeTabView';
import type { PlaygroundClient } from '../../../src/runtime/commands/playgroundCommand';
import type { TaskRequest, TaskWorkerApi } from '../../../src/runtime/workers/protocol';
import { deleteDatabase, openStorage, probeStorage, type Database } from '../../../src/runtime/storage/database';
import { readDatasetVersion } from '../../../src/runtime/storage/datasets';
import { startTabSession, type SchedulingTab } from '../../../src/runtime/tabs/session';
import { mainThreadTaskStorage, remoteTaskStorage, type TaskStorage } from '../../../src/runtime/workers/taskStorage';
import { createTaskWorkerApi } from '../../../src/runtime/workers/taskWorkerApi';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';
import { openTestDatabase } from './testDb';

const blocked = () => Promise.reject(new DOMException('IndexedDB is blocked in this test', 'SecurityError'));

const bytesOf = (table: ColumnTable) =>
  Object.fromEntries(table.names.map((name) => [name, Array.from(new Uint8Array(table.columns[name]!.buffer.slice(0)))]));

/** A table with values a lossy path would change: NaN payloads, -0, subnormals, infinities. */
function trickyTable(): ColumnTable {
  const f64 = new Float64Array([0, -0, Number.NaN, Number.MIN_VALUE, -Infinity, Infinity, 1 / 3, -1e308]);
  const f32 = new Float32Array(8);
  new Uint32Array(f32.buffer).set([0x7fc00001, 0x80000000, 0x00000001, 0x7f7fffff, 0xff800000, 0x3eaaaaab, 0, 0x12345678]);
  return makeTable({ a: f64, b: f32 });
}

describe('storage in memory, reached from workers through the main thread', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function remoteOver(db: Database): TaskStorage {
    const channel = new MessageChannel();
    expose(mainThreadTaskStorage(db), channel.port1);
    cleanups.push(() => (channel.port1.close(), channel.port2.close()));
    return remoteTaskStorage(wrap<TaskStorage>(channel.port2));
  }

  it('round-trips a dataset version bit-exact over a MessageChannel', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const remote = remoteOver(opened.db);
    const table = trickyTable();
    const expected = bytesOf(table);
    const source = { dagId: dagId('demo'), runId: runId('run-1'), taskId: taskId('make'), tryNumber: 1 };
    const meta = await remote.writeDatasetVersion(datasetId('numbers'), table, source, 42, { committed: true });
    // The writer keeps its table: writes copy, they do not detach its columns.
    expect(bytesOf(table)).toEqual(expected);
    expect(meta).toMatchObject({ id: 'numbers@run-1/make/1', rowCount: 8, committed: true });
    const read = await remote.readDatasetVersion(meta.id);
    expect(read.names).toEqual(['a', 'b']);
    expect(read.columns.a).toBeInstanceOf(Float64Array);
    expect(read.columns.b).toBeInstanceOf(Float32Array);
    expect(bytesOf(read)).toEqual(expected);
    expect(bytesOf(await readDatasetVersion(opened.db, meta.id))).toEqual(expected);
    expect((await remote.latestVersionOf(datasetId('numbers')))?.id).toBe(meta.id);

    await remote.writeTaskOutput(runId('run-1'), taskId('load'), table, { inputs: [meta.id], upstreamOutputs: [], models: [] });
    const output = await remote.readTaskOutputWithLineage(runId('run-1'), taskId('load'));
    expect(bytesOf(output.table)).toEqual(expected);
    expect(output.lineage.inputs).toEqual([meta.id]);

    const weights = Uint8Array.of(1, 2, 3, 255).buffer;
    await remote.saveModel({ id: 'm1', createdAt: 1, producedBy: source, trainedOn: meta.id, artifacts: {}, weightData: weights, metrics: {} });
    expect(Array.from(new Uint8Array((await remote.loadModel('m1')).weightData))).toEqual([1, 2, 3, 255]);
  });

  it('runs tries whose worker opens no database: every read and write goes to the main thread', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const registry: TaskRegistry = {
      demo: {
        produce: async () => async (context) => {
          await context.writeOutput(makeTable({ v: Float64Array.of(1, 2, 3) }));
          await context.writeDataset(datasetId('numbers'), makeTable({ v: Float32Array.of(4, 5) }));
          return { made: 3 };
        },
        consume: async () => async (context) => {
          const version = await context.readDatasetVersion(await context.inputVersion(datasetId('numbers')));
          const upstream = await context.readUpstreamOutput('produce');
          return { sum: Array.from(upstream.columns.v!).reduce((a, b) => a + b, 0), rows: version.rowCount };
        },
      },
    };
    const openDatabase = vi.fn(blocked);
    const channel = new MessageChannel();
    expose(createTaskWorkerApi(registry, () => 1, { openDatabase }), channel.port1);
    cleanups.push(() => (channel.port1.close(), channel.port2.close()));
    const api = wrap<TaskWorkerApi>(channel.port2);
    await api.connect(proxy({ log: () => undefined, progress: () => undefined, notify: () => undefined }));
    await api.connectStorage(proxy(mainThreadTaskStorage(opened.db)));
    const request = (task: string, extra: Partial<TaskRequest> = {}): TaskRequest => ({
      dagId: dagId('demo'),
      runId: runId('run-1'),
      taskId: taskId(task),
      tryNumber: 1,
      params: {},
      triggeringEvents: [],
      upstreamResults: {},
      dbName: 'never-opened',
      storage: 'main-thread',
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
      ...extra,
    });
    const produced = await api.runTask(request('produce'));
    if (produced.type !== 'success') throw new Error(`produce failed: ${JSON.stringify(produced)}`);
    const versionId = datasetVersionId(produced.outputs[0]!.versionId);
    expect(Array.from((await readDatasetVersion(opened.db, versionId)).columns.v!)).toEqual([4, 5]);
    const event = { id: datasetEventId(1), datasetId: datasetId('numbers'), versionId, timestamp: 1, source: null, extra: {} };
    const consumed = await api.runTask(request('consume', { triggeringEvents: [event] }));
    expect(consumed).toEqual({ type: 'success', outputs: [], returnValue: { sum: 6, rows: 2 } });
    expect(openDatabase).not.toHaveBeenCalled();
  });
});

describe('falling back to memory where IndexedDB cannot be opened', () => {
  it('picks memory mode, with the reason, when opening IndexedDB throws', async () => {
    const name = `memory-fallback-${process.pid}`;
    const opened = await openStorage(name, { open: blocked });
    expect(opened.mode).toEqual({ kind: 'memory', reason: 'SecurityError: IndexedDB is blocked in this test' });
    // The in-memory database works like the real one.
    const producedBy = { dagId: dagId('demo'), runId: runId('run-1'), taskId: taskId('train'), tryNumber: 1 };
    const model = { id: 'm1', createdAt: 1, producedBy, trainedOn: datasetVersionId('v1'), artifacts: {}, weightData: new ArrayBuffer(4), metrics: {} };
    await opened.db.put('models', model);
    expect((await opened.db.get('models', 'm1'))?.trainedOn).toBe('v1');
    opened.db.close();
    await deleteDatabase(name);
  });

  it('keeps IndexedDB when it opens, and skips it when a probe already found it unusable', async () => {
    const name = `memory-probe-${process.pid}`;
    expect(await probeStorage(name)).toEqual({ kind: 'indexeddb' });
    expect(await probeStorage(name, blocked)).toEqual({ kind: 'memory', reason: 'SecurityError: IndexedDB is blocked in this test' });
    const normal = await openStorage(name);
    expect(normal.mode).toEqual({ kind: 'indexeddb' });
    normal.db.close();
    const open = vi.fn(blocked);
    const skipped = await openStorage(name, { mode: { kind: 'memory', reason: 'probed' }, open });
    expect(skipped.mode).toEqual({ kind: 'memory', reason: 'probed' });
    expect(open).not.toHaveBeenCalled();
    skipped.db.close();
    await deleteDatabase(name);
  });

  it('a tab keeping its data in memory schedules on its own: no election, no channel', async () => {
    const store = createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);
    const locks = { request: vi.fn(() => Promise.resolve()) };
    const openChannel = vi.fn();
    const warn = vi.fn();
    const execute = vi.fn(async () => ({ ok: true as const }));
    const playground: SchedulingTab = { client: { execute } as unknown as PlaygroundClient, mirror: { snapshot: () => { throw new Error('no mirror'); }, subscribe: () => () => {} } };
    const session = startTabSession({
      view: storeTabView(store),
      boot: async () => playground,
      locks,
      openChannel,
      soloCheck: async () => 'IndexedDB is unavailable',
      warn,
    });
    await session.ready;
    // This tab's own playground carries out its commands.
    await expect(session.client.execute({ type: 'setPaused', dagId: dagId('ml_producer'), paused: true })).resolves.toEqual({ ok: true });
    expect(execute).toHaveBeenCalledWith({ type: 'setPaused', dagId: 'ml_producer', paused: true });
    expect(store.getState().tabRole).toBe('solo');
    expect(locks.request).not.toHaveBeenCalled();
    expect(openChannel).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('IndexedDB is unavailable: this tab schedules on its own.');
  });
});
