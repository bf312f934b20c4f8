import { afterEach, describe, expect, it } from 'vitest';
import { findTask } from '../../../src/core/model';
import { HOUSING_DAGS, ML_PRODUCER } from '../../../src/pipelines/housing/dags';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator, type CoordinatorNotice } from '../../../src/runtime/coordinator';
import { AIRFLOW_LATENCY, dispatchDelayMs, INSTANT_LATENCY, latencyOf, type SchedulingLatency } from '../../../src/runtime/speed';
import { drain, TimedExecutor } from './scriptedExecutor';
import { openTestDatabase } from './testDb';

const T0 = 1_000_000;

describe('latencyOf and dispatchDelayMs', () => {
  it('holds nothing at instant speed, and Airflow 2’s loop (1 s) or dataset trigger (2 s) at airflow speed', () => {
    expect(latencyOf('instant')).toEqual(INSTANT_LATENCY);
    expect(latencyOf('airflow')).toEqual(AIRFLOW_LATENCY);
    expect(dispatchDelayMs(latencyOf('instant'), 'task')).toBe(0);
    expect(dispatchDelayMs(latencyOf('instant'), 'dataset_trigger')).toBe(0);
    expect(dispatchDelayMs(latencyOf('airflow'), 'task')).toBe(1_000);
    expect(dispatchDelayMs(latencyOf('airflow'), 'dataset_trigger')).toBe(2_000);
  });
});

describe('Coordinator at Airflow-like speed (FakeClock)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(latency: () => SchedulingLatency, script?: ConstructorParameters<typeof TimedExecutor>[1]) {
    const clock = new FakeClock(T0);
    const executor = new TimedExecutor(clock, script);
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const coordinator = await Coordinator.start({
      dags: HOUSING_DAGS,
      db: opened.db,
      dbName: opened.name,
      executor,
      clock,
      settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
      latency,
    });
    cleanups.push(() => coordinator.flush());
    /** Moves the clock in 100 ms steps, letting the executor answer between them. */
    const advance = async (ms: number) => {
      for (let done = 0; done < ms; done += 100) {
        clock.advance(100);
        await drain();
      }
    };
    return { clock, executor, coordinator, advance };
  }

  it('hands each try to a worker 1 s after it was queued, and the consumer’s first try 2 s after the dataset event', async () => {
    const { executor, coordinator, advance } = await start(() => AIRFLOW_LATENCY);
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    await advance(900);
    expect(executor.requests).toEqual([]);
    // extract waits as queued, as in Airflow between the scheduler loop and the executor.
    expect(findTask(Object.values(coordinator.snapshot.runs)[0]!, 'extract')!.state).toBe('queued');
    await advance(8_000);
    expect(executor.timeline(T0)).toEqual([
      'extract@1000',
      // Started together; check_data first, as featurize waits for it (launchOrder.ts).
      'check_data@2000',
      'save_raw_data@2000',
      'featurize@3000',
      // featurize's built_features event created the consumer run at 3000: its first try waits the trigger latency.
      'check_drift@5000',
      'train@6000',
      'predict@7000',
      'save_predictions@8000',
    ]);
    const runs = Object.values(coordinator.snapshot.runs);
    expect(runs.map((r) => r.state)).toEqual(['success', 'success']);
    // Each try's start minus its upstream's end: the measured gaps are the latencies.
    const producer = runs[0]!;
    const extractEnd = findTask(producer, 'extract')!.tries[0]!.endDate!;
    const saveStart = findTask(producer, 'save_raw_data')!.tries[0]!.startDate!;
    expect(saveStart - extractEnd).toBe(1_000);
    const featurizeEnd = findTask(producer, 'featurize')!.tries[0]!.endDate!;
    const driftStart = findTask(runs[1]!, 'check_drift')!.tries[0]!.startDate!;
    expect(driftStart - featurizeEnd).toBe(2_000);
  });

  it('explains the hold in the try’s log', async () => {
    const { coordinator, advance } = await start(() => AIRFLOW_LATENCY);
    const lines: string[] = [];
    coordinator.subscribe((n: CoordinatorNotice) => n.type === 'logs' && lines.push(...n.lines.map((l) => `${l.taskId}: ${l.message}`)));
    coordinator.trigger(ML_PRODUCER.id);
    await advance(1_000);
    expect(lines).toContainEqual(expect.stringMatching(/^extract: Airflow-like speed: held 1000 ms in the queue/));
  });

  it('at instant speed hands every try over at once', async () => {
    const { executor, coordinator, advance } = await start(() => INSTANT_LATENCY);
    coordinator.trigger(ML_PRODUCER.id);
    await drain();
    await advance(100);
    expect(executor.timeline(T0).map((t) => t.split('@')[1])).toEqual(['0', '0', '0', '0', '0', '0', '0', '0']);
  });

  it('reads the speed at each start: switching to instant mid-run stops holding the next tries', async () => {
    let latency = AIRFLOW_LATENCY;
    const { executor, coordinator, advance } = await start(() => latency);
    coordinator.trigger(ML_PRODUCER.id);
    await advance(1_000);
    expect(executor.timeline(T0)).toEqual(['extract@1000']);
    latency = INSTANT_LATENCY;
    // save_raw_data and check_data were queued at 1000 under the airflow speed: they keep their hold.
    await advance(1_000);
    expect(executor.timeline(T0)).toEqual(['extract@1000', 'check_data@2000', 'save_raw_data@2000', 'featurize@2000', 'check_drift@2000', 'train@2000', 'predict@2000', 'save_predictions@2000']);
  });

  it('a try stopped while held (run marked failed) never reaches a worker, and the run ends', async () => {
    const { executor, coordinator, advance } = await start(() => AIRFLOW_LATENCY);
    const triggered = coordinator.trigger(ML_PRODUCER.id);
    if (!triggered.ok) throw new Error('not triggered');
    await advance(500);
    coordinator.markRun(triggered.runId, 'failed');
    await advance(3_000);
    expect(executor.requests).toEqual([]);
    expect(executor.stopped).toEqual([]);
    const run = coordinator.snapshot.runs[triggered.runId]!;
    expect(run.state).toBe('failed');
    expect(findTask(run, 'extract')!.state).toBe('failed');
  });

  it('close() cancels held tries and ignores later events', async () => {
    const { executor, coordinator, advance } = await start(() => AIRFLOW_LATENCY);
    coordinator.trigger(ML_PRODUCER.id);
    await advance(500);
    coordinator.close();
    await advance(3_000);
    expect(executor.requests).toEqual([]);
    expect(coordinator.trigger(ML_PRODUCER.id)).toEqual({ ok: false, errors: ['The playground is shutting down (reset all data).'] });
    expect(Object.keys(coordinator.snapshot.runs)).toHaveLength(1);
  });
});
