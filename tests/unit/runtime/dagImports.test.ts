import { afterEach, describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { findTask } from '../../../src/core/model';
import { dagId, type RunId, type TaskId } from '../../../src/core/ids';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import { DagImports, loadDagCatalog } from '../../../src/runtime/dagImports';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import type { Database } from '../../../src/runtime/storage/database';
import { loadDagImports } from '../../../src/runtime/storage/dagImports';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';
import { idle } from './idle';
import { openTestDatabase } from './testDb';

/** Every try succeeds at once (the operators' own code is tested with the operators). */
class SucceedingExecutor implements TaskExecutor {
  constructor(readonly size = 2) {}
  readonly requests: TaskRequest[] = [];
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.requests.push(request);
    return new Promise((resolve) =>
      queueMicrotask(() => {
        callbacks.onStarted();
        resolve(request.taskId === 'check_data' ? { type: 'success', outputs: [], returnValue: 'featurize' } : { type: 'success', outputs: [] });
      }),
    );
  }
  stop(_request: Pick<TaskRequest, 'runId' | 'taskId' | 'tryNumber'>, _reason: string): void {}
  terminate(): void {}
}

const BUILT_IN = HOUSING_DAGS.map((dag) => dag.id as string);

const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };

const noopDoc = (id: string, taskIds: readonly string[]) =>
  JSON.stringify({
    version: 1,
    dags: [{ id, schedule: { type: 'manual' }, tasks: taskIds.map((t, i) => ({ id: t, upstream: i === 0 ? [] : [taskIds[i - 1]], operator: 'noop' })) }],
  });

describe('DagImports', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** A playground as the app's boot wires it: stored imports loaded and merged, then the coordinator and the importer. */
  async function boot(db: Database, executor = new SucceedingExecutor()) {
    const catalog = await loadDagCatalog(db, HOUSING_DAGS, HOUSING_DATASETS);
    const coordinator = await Coordinator.start({ dags: catalog.dags, db, dbName: 'unused', executor, clock: new FakeClock(1_000_000), settings });
    const imports = new DagImports(db, coordinator, HOUSING_DAGS, HOUSING_DATASETS, catalog.imports, () => 42);
    return { coordinator, imports, catalog };
  }

  async function database() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    return opened.db;
  }

  it('adds a DAG to the running scheduler, runs it, and keeps it across a restart', async () => {
    const db = await database();
    const first = await boot(db);
    const outcome = await first.imports.importText(noopDoc('demo', ['a', 'b']));
    expect(outcome.ok && outcome.summary).toEqual({ added: ['demo'], replaced: [], removed: [] });
    expect(Object.keys(first.coordinator.snapshot.dags)).toEqual([...BUILT_IN, 'demo']);
    const run = first.coordinator.trigger(dagId('demo'));
    expect(run.ok).toBe(true);
    await idle(first.coordinator);
    expect(first.coordinator.snapshot.runs[(run as { runId: RunId }).runId]!.state).toBe('success');

    const stored = await loadDagImports(db);
    expect(stored?.savedAt).toBe(42);
    expect(stored?.document.dags.map((d) => d.id)).toEqual(['demo']);

    const second = await boot(db);
    expect(second.catalog.storedImportError).toBeNull();
    expect(Object.keys(second.coordinator.snapshot.dags)).toEqual([...BUILT_IN, 'demo']);
    expect(second.coordinator.snapshot.runs[(run as { runId: RunId }).runId]!.state).toBe('success');
  });

  it('declares a dataset by its use: an outlet no definition lists is in the catalog, with the URI the export writes, after a restart too', async () => {
    const db = await database();
    const first = await boot(db);
    const document = JSON.stringify({
      version: 1,
      dags: [
        { id: 'maker', schedule: { type: 'manual' }, tasks: [{ id: 'make', upstream: [], operator: 'noop', outlets: ['undeclared'] }] },
        { id: 'user', schedule: { type: 'datasets', condition: { type: 'dataset', id: 'undeclared' } }, tasks: [{ id: 'use', upstream: [], operator: 'noop' }] },
      ],
    });
    const outcome = await first.imports.importText(document);
    expect(outcome.ok).toBe(true);
    const declared = (outcome.ok ? outcome.datasets : []).find((d) => d.id === 'undeclared');
    expect(declared).toEqual({ id: 'undeclared', uri: 'playground://undeclared' });
    expect(first.imports.catalog.datasets.map((d) => d.id)).toContain('undeclared');
    const second = await boot(db);
    expect(second.catalog.datasets.find((d) => d.id === 'undeclared')).toEqual(declared);
  });

  it('refuses an invalid file and changes nothing, in memory or in storage', async () => {
    const db = await database();
    const { coordinator, imports } = await boot(db);
    await imports.importText(noopDoc('demo', ['a']));
    const before = coordinator.snapshot;
    const storedBefore = await loadDagImports(db);

    const outcome = await imports.importText(JSON.stringify({ version: 1, dags: [{ id: 'demo', schedule: { type: 'manual' }, tasks: [{ id: 'a', upstream: ['a'], operator: 'noop' }] }] }));
    expect(outcome).toEqual({ ok: false, errors: ['dags[0].tasks: DAG "demo" has a cycle: "a" → "a".'] });
    expect(coordinator.snapshot).toBe(before);
    expect(await loadDagImports(db)).toEqual(storedBefore);
  });

  it('replaces a DAG: its runs keep their history, a task it no longer has is removed', async () => {
    const db = await database();
    const { coordinator, imports } = await boot(db);
    await imports.importText(noopDoc('demo', ['a', 'b', 'c']));
    const run = coordinator.trigger(dagId('demo')) as { runId: RunId };
    await idle(coordinator);

    const outcome = await imports.importText(noopDoc('demo', ['a', 'b']));
    expect(outcome.ok && outcome.summary).toEqual({ added: [], replaced: ['demo'], removed: [] });
    const kept = coordinator.snapshot.runs[run.runId]!;
    expect(kept.state).toBe('success');
    expect(findTask(kept, 'a' as TaskId)?.state).toBe('success');
    expect(findTask(kept, 'c' as TaskId)?.state).toBe('removed');
    expect((coordinator.snapshot.dags[dagId('demo')] as DagDefinition).tasks.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('replaces a DAG while its run is in flight: the try in flight finishes and the run goes on with the new tasks', async () => {
    const db = await database();
    const held: ((result: TaskResult) => void)[] = [];
    const executor = new SucceedingExecutor();
    executor.run = (request, callbacks) => {
      executor.requests.push(request);
      return new Promise((resolve) => {
        callbacks.onStarted();
        if (request.taskId === 'a') held.push(resolve);
        else queueMicrotask(() => resolve({ type: 'success', outputs: [] }));
      });
    };
    const { coordinator, imports } = await boot(db, executor);
    await imports.importText(noopDoc('demo', ['a', 'b']));
    const run = coordinator.trigger(dagId('demo')) as { runId: RunId };
    await coordinator.flush();
    expect(held).toHaveLength(1);

    await imports.importText(noopDoc('demo', ['a', 'b', 'c']));
    held[0]!({ type: 'success', outputs: [] });
    await idle(coordinator);
    const finished = coordinator.snapshot.runs[run.runId]!;
    expect(finished.state).toBe('success');
    expect(finished.tasks.map((ti) => [ti.taskId, ti.state])).toEqual([
      ['a', 'success'],
      ['b', 'success'],
      ['c', 'success'],
    ]);
  });

  it('stops the run of a DAG that leaves the list (as Mark run failed) and a try in flight of a task that leaves its DAG', async () => {
    const db = await database();
    const held = new Map<string, (result: TaskResult) => void>();
    const stopped: string[] = [];
    const executor = new SucceedingExecutor(4);
    executor.run = (request, callbacks) => {
      executor.requests.push(request);
      return new Promise((resolve) => {
        callbacks.onStarted();
        held.set(`${request.dagId}.${request.taskId}`, resolve);
      });
    };
    executor.stop = (request, reason) => {
      stopped.push(`${request.taskId}: ${reason}`);
      held.get([...held.keys()].find((k) => k.endsWith(`.${request.taskId}`))!)?.({ type: 'failed', error: { name: 'TaskStopped', message: reason } });
    };
    const { coordinator, imports } = await boot(db, executor);
    await imports.importText(JSON.stringify({
      version: 1,
      dags: [
        { id: 'gone', schedule: { type: 'manual' }, tasks: [{ id: 'g', upstream: [], operator: 'noop' }] },
        { id: 'kept', schedule: { type: 'manual' }, tasks: [{ id: 'x', upstream: [], operator: 'noop' }, { id: 'y', upstream: [], operator: 'noop' }] },
      ],
    }));
    const goneRun = coordinator.trigger(dagId('gone')) as { runId: RunId };
    const keptRun = coordinator.trigger(dagId('kept')) as { runId: RunId };
    await coordinator.flush();
    expect([...held.keys()].sort()).toEqual(['gone.g', 'kept.x', 'kept.y']);

    // "kept" loses task x, whose try is in flight: that try is stopped, y's goes on.
    await imports.importText(noopDoc('kept', ['y']));
    expect(stopped).toEqual(['x: Its task was removed from the DAG.']);
    expect(findTask(coordinator.snapshot.runs[keptRun.runId]!, 'x' as TaskId)?.state).toBe('removed');
    expect(findTask(coordinator.snapshot.runs[keptRun.runId]!, 'y' as TaskId)?.state).toBe('running');

    // A reset takes both imported DAGs out of the list: their runs stop as by Mark run failed, and stay stored.
    await imports.reset();
    expect(stopped.slice(1).sort()).toEqual(['g: marked', 'y: marked']);
    const stored = (await loadSchedulerData(db)).runs;
    expect(stored.find((r) => r.id === goneRun.runId)?.state).toBe('failed');
    expect(stored.find((r) => r.id === keptRun.runId)?.state).toBe('failed');
  });

  it('resets to the built-in DAGs; the runs of the removed DAG stay stored and come back with it', async () => {
    const db = await database();
    const { coordinator, imports } = await boot(db);
    await imports.importText(noopDoc('demo', ['a']));
    const run = coordinator.trigger(dagId('demo')) as { runId: RunId };
    await idle(coordinator);

    const reset = await imports.reset();
    expect(reset.ok && reset.summary).toEqual({ added: [], replaced: [], removed: ['demo'] });
    expect(Object.keys(coordinator.snapshot.dags)).toEqual(BUILT_IN);
    expect(await loadDagImports(db)).toBeNull();
    expect((await loadSchedulerData(db)).runs.map((r) => r.id)).toContain(run.runId);

    await imports.importText(noopDoc('demo', ['a']));
    expect(coordinator.snapshot.runs[run.runId]?.state).toBe('success');
  });

  it('keeps stored imports that no longer pass the checks in storage, untouched, and says why', async () => {
    const db = await database();
    const { imports } = await boot(db);
    await imports.importText(noopDoc('demo', ['a']));
    // As if a later build had dropped the noop operator: the stored document no longer validates.
    const stored = (await loadDagImports(db))!;
    const broken = { ...stored, document: { ...stored.document, dags: [{ ...stored.document.dags[0]!, tasks: [{ id: 'a', upstream: [], operator: 'gone' }] }] } };
    await db.put('meta', broken as never, 'importedDags');

    const again = await boot(db);
    expect(again.catalog.storedImportError).toBe(
      'The DAGs imported earlier were not loaded: dags[0].tasks[0].operator: unknown operator "gone"; one of noop, sleep, fail, housing.extract, housing.save_raw_data, housing.check_data, housing.quarantine_data, housing.featurize, housing.check_drift, housing.train, housing.predict, housing.batch_predict, housing.save_predictions',
    );
    expect(Object.keys(again.coordinator.snapshot.dags)).toEqual(BUILT_IN);
    expect(await loadDagImports(db)).toEqual(broken);
  });
});
