import { afterEach, describe, expect, it } from 'vitest';
import { datasetVersionId, type DagId } from '../../../src/core/ids';
import { HOUSING_DAGS, ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../src/runtime/coordinator';
import type { TaskRequest, TaskResult } from '../../../src/runtime/protocol';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workerPool';
import { openTestDatabase } from './testDb';

/** Runs tries in this thread with scripted results; `hold` keeps chosen tasks in flight until released. */
class ScriptedExecutor implements TaskExecutor {
  readonly size = 2;
  readonly requests: TaskRequest[] = [];
  readonly held: (() => void)[] = [];
  constructor(private readonly hold: readonly string[] = []) {}
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.requests.push(request);
    return new Promise((resolve) => {
      queueMicrotask(() => {
        callbacks.onStarted();
        callbacks.onLog('info', `running ${request.taskId}`);
        const finish = () => resolve(scripted(request));
        if (this.hold.includes(request.taskId)) this.held.push(finish);
        else queueMicrotask(finish);
      });
    });
  }
  terminate(): void {}
}

function scripted(request: TaskRequest): TaskResult {
  if (request.taskId === 'featurize') {
    return {
      type: 'success',
      outputs: [{ datasetId: 'built_features' as never, versionId: datasetVersionId(`bf@${request.runId}`), extra: { rowCount: 3 } }],
    };
  }
  if (request.taskId === 'train') return { type: 'success', outputs: [], returnValue: { modelId: 'm1', testR2: 0.6 } };
  return { type: 'success', outputs: [] };
}

/** Waits until the coordinator has no run in flight (every scripted task resolves within microtasks). */
async function settle(coordinator: Coordinator): Promise<void> {
  for (let i = 0; i < 200 && coordinator.snapshot.activeRunIds.length > 0; i++) await new Promise((r) => setTimeout(r, 0));
  await coordinator.flush();
}

describe('Coordinator', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(executor: TaskExecutor) {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const clock = new FakeClock(1_000_000);
    const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };
    const coordinator = await Coordinator.start({ dags: HOUSING_DAGS, db: opened.db, dbName: opened.name, executor, clock, settings });
    return { coordinator, db: opened.db, clock, settings, name: opened.name };
  }

  it('runs the producer, and the consumer starts by itself on the built_features event, reading that version', async () => {
    const executor = new ScriptedExecutor();
    const { coordinator, db } = await start(executor);
    const notices: CoordinatorNotice[] = [];
    coordinator.subscribe((n) => notices.push(n));

    const producerRun = coordinator.trigger(ML_PRODUCER.id);
    await settle(coordinator);

    const runs = Object.values(coordinator.snapshot.runs);
    expect(runs.map((r) => [r.dagId, r.runType, r.state])).toEqual([
      ['ml_producer', 'manual', 'success'],
      ['ml_consumer', 'dataset_triggered', 'success'],
    ]);
    const consumer = runs[1]!;
    expect(consumer.triggeringEvents.map((e) => e.versionId)).toEqual([`bf@${producerRun}`]);
    // Every consumer try was told which version triggered it, and predict got train's return value.
    const predict = executor.requests.find((r) => r.taskId === 'predict')!;
    expect(predict.triggeringEvents[0]!.versionId).toBe(`bf@${producerRun}`);
    expect(predict.upstreamResults).toEqual({ train: { modelId: 'm1', testR2: 0.6 } });
    expect(executor.requests.map((r) => r.taskId)).toEqual([
      'extract',
      'save_raw_data',
      'featurize',
      'train',
      'predict',
      'save_predictions',
    ]);

    const triggerNotice = notices.find((n) => n.type === 'dataset_event' && n.triggeredRuns.length > 0);
    expect(triggerNotice).toMatchObject({ type: 'dataset_event', event: { datasetId: 'built_features' } });
    expect(notices.some((n) => n.type === 'logs' && n.lines.some((l) => l.message === 'running train'))).toBe(true);

    const stored = await loadSchedulerData(db);
    expect(stored.runs.map((r) => r.state)).toEqual(['success', 'success']);
    expect(stored.events.map((e) => e.datasetId)).toEqual(['raw_housing', 'built_features', 'housing_predictions']);
  });

  it('after a reload, keeps finished runs and fails the tries that were in flight instead of hanging', async () => {
    const executor = new ScriptedExecutor(['featurize']);
    const first = await start(executor);
    first.coordinator.trigger(ML_PRODUCER.id);
    for (let i = 0; i < 50 && executor.held.length === 0; i++) await new Promise((r) => setTimeout(r, 0));
    expect(executor.held).toHaveLength(1);
    await first.coordinator.flush();

    // A second coordinator on the same database plays the reloaded page; the held try never reports back.
    const second = await Coordinator.start({
      dags: HOUSING_DAGS,
      db: first.db,
      dbName: first.name,
      executor: new ScriptedExecutor(),
      clock: first.clock,
      settings: first.settings,
    });
    const run = Object.values(second.snapshot.runs)[0]!;
    expect(run.state).toBe('failed');
    expect(run.tasks['extract' as never]).toMatchObject({ state: 'success' });
    expect(run.tasks['featurize' as never]).toMatchObject({ state: 'failed', error: { name: 'TaskLost' } });
    expect(second.snapshot.activeRunIds).toEqual([]);
    // The consumer was not triggered by a producer that never finished featurize.
    expect(Object.values(second.snapshot.runs).some((r) => r.dagId === (ML_CONSUMER.id as DagId))).toBe(false);
    await second.flush();
  });
});
