import { afterEach, describe, expect, it } from 'vitest';
import type { DagId } from '../../../src/core/ids';
import { findTask } from '../../../src/core/model';
import { HOUSING_DAGS, ML_CONSUMER, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../src/runtime/coordinator';
import type { TaskRequest, TaskResult } from '../../../src/runtime/protocol';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import { tryKey } from '../../../src/runtime/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workerPool';
import { housingResult } from './scriptedExecutor';
import { openTestDatabase } from './testDb';
import { idle } from './idle';

type Script = (request: TaskRequest) => TaskResult | 'hold';

/** Runs tries in this thread with scripted results; 'hold' keeps a try in flight until it is stopped. */
class ScriptedExecutor implements TaskExecutor {
  readonly size = 2;
  readonly requests: TaskRequest[] = [];
  readonly stopped: string[] = [];
  private readonly held = new Map<string, (result: TaskResult) => void>();
  constructor(private readonly script: Script = housingResult) {}
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.requests.push(request);
    return new Promise((resolve) => {
      queueMicrotask(() => {
        callbacks.onStarted();
        callbacks.onLog('info', `running ${request.taskId}`);
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
  get heldCount(): number {
    return this.held.size;
  }
  terminate(): void {}
}


/** Lets queued microtasks (scripted workers) run. */
const drain = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('Coordinator', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(executor: TaskExecutor, clock = new FakeClock(1_000_000)) {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const settings = { backend: 'cpu' as const, seed: 1, baseUrl: 'http://localhost/' };
    const coordinator = await Coordinator.start({ dags: HOUSING_DAGS, db: opened.db, dbName: opened.name, executor, clock, settings });
    return { coordinator, db: opened.db, clock, settings, name: opened.name };
  }

  it('runs the producer, and the consumer starts by itself on the built_features event, reading that version', async () => {
    const executor = new ScriptedExecutor();
    const { coordinator, db } = await start(executor);
    const notices: CoordinatorNotice[] = [];
    coordinator.subscribe((n) => notices.push(n));

    const triggered = coordinator.trigger(ML_PRODUCER.id);
    expect(triggered.ok).toBe(true);
    const producerRun = triggered.ok ? triggered.runId : '';
    await idle(coordinator);

    const runs = Object.values(coordinator.snapshot.runs);
    expect(runs.map((r) => [r.dagId, r.runType, r.state])).toEqual([
      ['ml_producer', 'manual', 'success'],
      ['ml_consumer', 'dataset_triggered', 'success'],
    ]);
    expect(findTask(runs[0]!, 'quarantine_data')?.state).toBe('skipped');
    const consumer = runs[1]!;
    expect(consumer.triggeringEvents.map((e) => e.versionId)).toEqual([`bf@${producerRun}`]);
    expect(consumer.params).toEqual({ model: 'linear', epochs: 40, learning_rate: 0.01, batch_size: 0, patience: 8 });
    // Every consumer try was told which version triggered it, and predict got train's return value.
    const predict = executor.requests.find((r) => r.taskId === 'predict')!;
    expect(predict.triggeringEvents[0]!.versionId).toBe(`bf@${producerRun}`);
    expect(predict.upstreamResults).toEqual({ train: { modelId: 'm1', testR2: 0.6 } });
    expect(executor.requests.map((r) => r.taskId)).toEqual([
      'extract',
      'save_raw_data',
      'check_data',
      'featurize',
      'check_drift',
      'train',
      'predict',
      'save_predictions',
    ]);

    const triggerNotice = notices.find((n) => n.type === 'dataset_event' && n.triggeredRuns.length > 0);
    expect(triggerNotice).toMatchObject({ type: 'dataset_event', event: { datasetId: 'built_features' } });
    expect(notices.some((n) => n.type === 'logs' && n.lines.some((l) => l.message === 'running train'))).toBe(true);
    // The consumer's on_success callback became a notification with its message template filled.
    const callbackNotes = notices.flatMap((n) => (n.type === 'notification' && n.notification.source === 'callback' ? [n.notification] : []));
    expect(callbackNotes.map((n) => n.message)).toEqual([`New model trained and predictions saved (run ${consumer.id}).`]);

    const stored = await loadSchedulerData(db);
    expect(stored.runs.map((r) => r.state)).toEqual(['success', 'success']);
    expect(stored.runs[0]!.tasks.map((t) => `${t.taskId}:${t.state}`)).toEqual([
      'extract:success',
      'save_raw_data:success',
      'check_data:success',
      'featurize:success',
      'quarantine_data:skipped',
    ]);
    expect(stored.events.map((e) => e.datasetId)).toEqual(['raw_housing', 'built_features', 'housing_predictions']);
  });

  it('refuses params that break the DAG declaration and creates no run', async () => {
    const { coordinator } = await start(new ScriptedExecutor());
    expect(coordinator.trigger(ML_PRODUCER.id, { corrupt_rows: -5 })).toEqual({
      ok: false,
      errors: ['Param "corrupt_rows" must be ≥ 0, got -5.'],
    });
    expect(Object.keys(coordinator.snapshot.runs)).toEqual([]);
  });

  it('retries a failed try when its delay has passed on the clock, and notifies through on_retry', async () => {
    let failures = 1;
    const executor = new ScriptedExecutor((request) =>
      request.taskId === 'extract' && failures-- > 0
        ? { type: 'failed', error: { name: 'NetworkError', message: 'offline' } }
        : housingResult(request),
    );
    const { coordinator, clock } = await start(executor);
    const notes: string[] = [];
    coordinator.subscribe((n) => n.type === 'notification' && notes.push(n.notification.message));
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    const run = Object.values(coordinator.snapshot.runs)[0]!;
    const extract = findTask(run, 'extract')!;
    expect(extract.state).toBe('up_for_retry');
    expect(notes).toEqual(['extract failed (offline); retrying.']);
    // Not before the delay: 1 s base with exponential backoff jitter, so between 1 and 2 s.
    clock.advance(999);
    await drain();
    expect(findTask(Object.values(coordinator.snapshot.runs)[0]!, 'extract')!.state).toBe('up_for_retry');
    clock.advance(1_001);
    await idle(coordinator);
    const done = Object.values(coordinator.snapshot.runs)[0]!;
    expect(findTask(done, 'extract')!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
    expect(done.state).toBe('success');
  });

  it('stops the worker of a try that runs past its execution timeout, retries it, and fails for good after the last try', async () => {
    const executor = new ScriptedExecutor((request) => (request.taskId === 'featurize' ? 'hold' : housingResult(request)));
    const { coordinator, clock } = await start(executor);
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    expect(executor.heldCount).toBe(1);
    clock.advance(120_000); // try 1 times out
    await drain();
    expect(executor.stopped).toEqual(['featurize#1:timeout']);
    expect(findTask(Object.values(coordinator.snapshot.runs)[0]!, 'featurize')!.state).toBe('up_for_retry');
    clock.advance(1_000); // the retry delay
    await drain();
    clock.advance(120_000); // try 2 times out too: no tries left
    await idle(coordinator);
    expect(executor.stopped).toEqual(['featurize#1:timeout', 'featurize#2:timeout']);
    const run = Object.values(coordinator.snapshot.runs)[0]!;
    expect(findTask(run, 'featurize')).toMatchObject({ state: 'failed', error: { name: 'AirflowTaskTimeout' } });
    expect(run.state).toBe('failed');
  });

  it('after a reload, keeps finished tasks, fails the tries that were in flight as lost, and retries them by their rules', async () => {
    const executor = new ScriptedExecutor((request) => (request.taskId === 'featurize' ? 'hold' : housingResult(request)));
    const first = await start(executor);
    first.coordinator.trigger(ML_PRODUCER.id);
    await drain();
    expect(executor.heldCount).toBe(1);
    await first.coordinator.flush();

    // A second coordinator on the same database plays the reloaded page; the held try never reports back.
    const reloaded = new ScriptedExecutor();
    const second = await Coordinator.start({
      dags: HOUSING_DAGS,
      db: first.db,
      dbName: first.name,
      executor: reloaded,
      clock: first.clock,
      settings: first.settings,
    });
    let run = Object.values(second.snapshot.runs)[0]!;
    expect(run.state).toBe('running');
    expect(findTask(run, 'extract')).toMatchObject({ state: 'success' });
    expect(findTask(run, 'featurize')).toMatchObject({ state: 'up_for_retry', error: { name: 'TaskLost' } });
    // The consumer is not triggered by a producer that has not finished featurize.
    expect(Object.values(second.snapshot.runs).some((r) => r.dagId === (ML_CONSUMER.id as DagId))).toBe(false);

    first.clock.advance(1_000); // featurize's retry delay
    await idle(second);
    run = Object.values(second.snapshot.runs)[0]!;
    expect(run.state).toBe('success');
    expect(findTask(run, 'featurize')!.tries.map((t) => t.state)).toEqual(['failed', 'success']);
    // Nothing that had succeeded ran again: the reloaded page only ran featurize's retry and the consumer.
    expect(reloaded.requests.map((r) => r.taskId)).toEqual(['featurize', 'check_drift', 'train', 'predict', 'save_predictions']);
  });
});
