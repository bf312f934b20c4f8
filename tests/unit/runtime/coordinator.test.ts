import { afterEach, describe, expect, it, vi } from 'vitest';
import { findTask } from '../../../src/core/model';
import { HOUSING_DAGS, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../src/runtime/coordinator';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import { logsOfRun } from '../../../src/runtime/storage/logs';
import { loadSchedulerData } from '../../../src/runtime/storage/runs';
import { tryKey } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../src/runtime/workers/workerPool';
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

  it('tells the views of a state only once storage holds it: a run shown finished is what a reload reads back', async () => {
    const executor = new ScriptedExecutor();
    const { coordinator, db } = await start(executor);
    // A read begun when a notice arrives is ordered after every write begun before it (IndexedDB orders transactions).
    const checks: Promise<string[]>[] = [];
    let lastShown: string[] = [];
    coordinator.subscribe((notice) => {
      if (notice.type !== 'state') return;
      const shown = Object.values(notice.state.runs);
      lastShown = shown.map((run) => `${run.dagId} ${run.state}`);
      checks.push(
        loadSchedulerData(db).then((stored) =>
          shown.flatMap((run) => {
            const kept = stored.runs.find((r) => r.id === run.id);
            if (kept?.state !== run.state) return [`${run.id} shown ${run.state}, stored ${kept?.state ?? 'nothing'}`];
            return run.tasks
              .filter((ti) => (kept.tasks.find((t) => t.taskId === ti.taskId)?.state ?? 'none') !== ti.state)
              .map((ti) => `${run.id} ${ti.taskId} shown ${ti.state}, stored otherwise`);
          }),
        ),
      );
    });
    coordinator.trigger(ML_PRODUCER.id);
    await idle(coordinator);
    expect((await Promise.all(checks)).flat()).toEqual([]);
    expect(lastShown).toEqual(['ml_producer success', 'ml_consumer success']);
  });

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
    // After extract the two tries start together, check_data first: featurize and the consumer wait for it, and when
    // only one worker is free it takes check_data (launchOrder.ts).
    expect(executor.requests.map((r) => r.taskId)).toEqual([
      'extract',
      'check_data',
      'save_raw_data',
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

  /** A page that closes while `held` runs: returns what a reload on the same database needs. */
  async function closeWhile(held: string) {
    const executor = new ScriptedExecutor((request) => (request.taskId === held ? 'hold' : housingResult(request)));
    const first = await start(executor);
    first.coordinator.trigger(ML_PRODUCER.id);
    await vi.waitFor(() => expect(executor.heldCount).toBe(1));
    await first.coordinator.flush();
    first.coordinator.close();
    // A second coordinator on the same database plays the reopened page; the held try never reports back.
    const reloaded = new ScriptedExecutor();
    const reopen = () =>
      Coordinator.start({ dags: HOUSING_DAGS, db: first.db, dbName: first.name, executor: reloaded, clock: first.clock, settings: first.settings });
    return { first, reloaded, reopen };
  }

  it('after a reload, keeps finished tasks and takes up the tries that were in flight without using a retry', async () => {
    const { first, reloaded, reopen } = await closeWhile('featurize');
    const closedAt = first.clock.now();
    first.clock.advance(10 * 3_600_000); // reopened the next morning
    const notices: CoordinatorNotice[] = [];
    const second = await reopen();
    second.subscribe((n) => notices.push(n));
    let run = Object.values(second.snapshot.runs)[0]!;
    expect(run.state).toBe('running');
    expect(findTask(run, 'extract')).toMatchObject({ state: 'success' });
    // At once, no retry delay: featurize (1 retry, so 2 tries) gets a third try, its retry still unused.
    expect(findTask(run, 'featurize')).toMatchObject({ tryNumber: 2, maxTries: 3 });
    expect(['queued', 'running']).toContain(findTask(run, 'featurize')!.state);
    expect(findTask(run, 'featurize')!.error).toBeUndefined();
    expect(findTask(run, 'featurize')!.tries[0]).toMatchObject({ state: 'failed', lost: true, error: { name: 'TaskLost' } });
    // It ends when it was last heard of (its last log line), not ten hours later when the page was opened again.
    expect(findTask(run, 'featurize')!.tries[0]!.endDate).toBe(closedAt);

    await idle(second);
    run = Object.values(second.snapshot.runs)[0]!;
    expect(run.state).toBe('success');
    expect(findTask(run, 'featurize')!.tries.map((t) => [t.state, t.lost === true])).toEqual([
      ['failed', true],
      ['success', false],
    ]);
    // Nothing that had succeeded ran again: the reloaded page only ran featurize and the consumer.
    expect(reloaded.requests.map((r) => r.taskId)).toEqual(['featurize', 'check_drift', 'train', 'predict', 'save_predictions']);
    // No on_retry / on_failure: the task did not fail.
    expect(notices.filter((n) => n.type === 'notification' && n.notification.title.includes('featurize'))).toEqual([]);

    // The lost try's log keeps what its page wrote and says it was lost; the new try's log says it resumed.
    const lines = await logsOfRun(first.db, run.id);
    const featurize = (tryNumber: number) => lines.filter((l) => l.taskId === 'featurize' && l.tryNumber === tryNumber).map((l) => l.message);
    expect(featurize(1)).toEqual([
      'running featurize',
      'lost: the page was closed or reloaded while try 1 was running. Try 2 takes the task up again without using a retry.',
    ]);
    expect(featurize(2)[0]).toBe('Resumed after try 1 was lost with the page that ran it; this try does not use a retry.');
  });

  it('a page closed while predict runs (no retries) loses no run: predict is taken up and the consumer succeeds', async () => {
    const { first, reopen } = await closeWhile('predict');
    const second = await reopen();
    await idle(second);
    const runs = (await loadSchedulerData(first.db)).runs;
    expect(runs.map((r) => [r.dagId, r.state])).toEqual([
      ['ml_producer', 'success'],
      ['ml_consumer', 'success'],
    ]);
    const predict = findTask(runs[1]!, 'predict')!;
    expect(predict).toMatchObject({ state: 'success', tryNumber: 2, maxTries: 2 });
    expect(predict.tries.map((t) => t.lost === true)).toEqual([true, false]);
    expect(findTask(runs[1]!, 'train')!.tries).toHaveLength(1);
  });
});
