import { describe, expect, it } from 'vitest';
import { dagId, datasetId, taskId, type RunId } from '../../../src/core/ids';
import { findTask, type DatasetEvent } from '../../../src/core/model';
import { step } from '../../../src/core/scheduler';
import type { TaskState } from '../../../src/core/states';
import {
  busyCount,
  datasetDag,
  deepFreeze,
  getRun,
  getTask,
  Harness,
  manualDag,
  output,
  statesOf as stateMap,
  task,
} from './harness';

const [a, b, c, d, e] = [taskId('a'), taskId('b'), taskId('c'), taskId('d'), taskId('e')];

// a → (b, c) → d
const DIAMOND = dagId('diamond');
const diamond = manualDag(DIAMOND, [task(a), task(b, [a]), task(c, [a]), task(d, [b, c])]);

// a → b → d, and an independent branch c → e
const BRANCHES = dagId('branches');
const branches = manualDag(BRANCHES, [task(a), task(b, [a]), task(c), task(d, [b]), task(e, [c])]);

// two roots x, y and z after x: with parallelism 1, z is observably none, then scheduled, then queued
const [x, y, z] = [taskId('x'), taskId('y'), taskId('z')];
const LIFECYCLE = dagId('lifecycle');
const lifecycle = manualDag(LIFECYCLE, [task(x), task(y), task(z, [x])]);

// Datasets and the DAGs around them.
const A = datasetId('A');
const B = datasetId('B');
const [prep, publish, publishBTask, use] = [taskId('prep'), taskId('publish'), taskId('publish_b'), taskId('use')];
const PRODUCE_A = dagId('produce_a');
const PRODUCE_B = dagId('produce_b');
const CONSUME_A = dagId('consume_a');
const CONSUME_AB = dagId('consume_ab');
const MANUAL = dagId('manual');
const produceA = manualDag(PRODUCE_A, [task(prep), task(publish, [prep], [A])]);
const produceB = manualDag(PRODUCE_B, [task(publishBTask, [], [B])]);
const consumeA = datasetDag(CONSUME_A, [A], [task(use)]);
const consumeAB = datasetDag(CONSUME_AB, [A, B], [task(use)]);
const manualOnly = manualDag(MANUAL, [task(use)]);
const datasetWorld = [produceA, produceB, consumeA, consumeAB, manualOnly];

function statesOf(h: Harness, run: RunId): Record<string, TaskState> {
  return stateMap(h.state, run);
}

describe('task and run lifecycle', () => {
  it('moves a task none → scheduled → queued → running → success, and its run to success', () => {
    const h = new Harness([lifecycle], 1);
    const t0 = h.now;
    const run = h.trigger(LIFECYCLE);

    // The run is created queued and started in the same step.
    expect(h.steps[0]!.commands[0]).toEqual({ type: 'run_created', runId: run, dagId: LIFECYCLE, runType: 'manual' });
    expect(getRun(h.state, run)).toMatchObject({ state: 'running', queuedAt: t0, startDate: t0, endDate: null });
    expect(statesOf(h, run)).toEqual({ x: 'queued', y: 'scheduled', z: 'none' });

    const seen: TaskState[] = [getTask(h.state, run, z).state];
    const record = () => {
      const s = getTask(h.state, run, z).state;
      if (seen[seen.length - 1] !== s) seen.push(s);
    };

    const startX = h.take(x);
    h.started(startX);
    expect(getTask(h.state, run, x).state).toBe('running');
    h.succeeded(startX);
    record(); // x done: z becomes ready, but y holds the only slot
    expect(statesOf(h, run)).toEqual({ x: 'success', y: 'queued', z: 'scheduled' });

    h.execute(h.take(y), 'succeed');
    record();
    const startZ = h.take(z);
    expect(startZ).toMatchObject({ type: 'start_task', dagId: LIFECYCLE, runId: run, taskId: z, tryNumber: 1 });
    h.started(startZ);
    record();
    const startedAt = h.now - 1;
    h.succeeded(startZ);
    record();
    const finishedAt = h.now - 1;

    expect(seen).toEqual(['none', 'scheduled', 'queued', 'running', 'success']);
    expect(getTask(h.state, run, z)).toMatchObject({ state: 'success', startDate: startedAt, endDate: finishedAt });
    expect(getRun(h.state, run)).toMatchObject({ state: 'success', queuedAt: t0, startDate: t0, endDate: finishedAt });
    expect(h.commandsOf('run_finished')).toEqual([{ type: 'run_finished', runId: run, dagId: LIFECYCLE, state: 'success' }]);
  });

  it('passes params and triggering events to every start_task command', () => {
    const WITH_PARAMS = dagId('with_params');
    const withParams = { ...manualDag(WITH_PARAMS, diamond.tasks), params: { lr: { type: 'number', default: 0.5 } } } as const;
    const h = new Harness([withParams]);
    const run = h.trigger(WITH_PARAMS, { lr: 0.1 });
    h.runAll();
    const starts = h.commandsOf('start_task');
    expect(starts).toHaveLength(4);
    for (const s of starts) expect(s).toMatchObject({ runId: run, dagId: WITH_PARAMS, params: { lr: 0.1 }, triggeringEvents: [] });
    expect(getRun(h.state, run).params).toEqual({ lr: 0.1 });
  });
});

describe('dependencies', () => {
  it('starts root tasks first and a task only once all its upstreams succeeded; siblings start in the same step', () => {
    const h = new Harness([diamond], 8);
    const run = h.trigger(DIAMOND);
    expect(h.pending.map((p) => p.taskId)).toEqual([a]);
    expect(statesOf(h, run)).toEqual({ a: 'queued', b: 'none', c: 'none', d: 'none' });

    const startA = h.take(a);
    h.started(startA);
    const afterA = h.succeeded(startA);
    // b and c become ready together and are started by the very same step.
    expect(afterA.commands.filter((cmd) => cmd.type === 'start_task').map((cmd) => cmd.taskId)).toEqual([b, c]);
    expect(statesOf(h, run)).toEqual({ a: 'success', b: 'queued', c: 'queued', d: 'none' });

    const startB = h.take(b);
    const startC = h.take(c);
    h.started(startB);
    h.started(startC);
    const afterB = h.succeeded(startB);
    // Only the note that b's try succeeded (its models are committed with it): nothing starts.
    expect(afterB.commands).toEqual([{ type: 'try_succeeded', runId: run, taskId: b, tryNumber: 1 }]);
    expect(getTask(h.state, run, d).state).toBe('none'); // c is still running

    const afterC = h.succeeded(startC);
    expect(afterC.commands).toEqual([
      { type: 'try_succeeded', runId: run, taskId: c, tryNumber: 1 },
      expect.objectContaining({ type: 'start_task', taskId: d, tryNumber: 1 }),
    ]);
    h.execute(h.take(d), 'succeed');

    const order = h.commandsOf('start_task').map((s) => s.taskId);
    expect(order).toEqual([a, b, c, d]);
    expect(getRun(h.state, run).state).toBe('success');
  });
});

describe('parallelism', () => {
  it('keeps at most `parallelism` tries queued or running; the rest wait as scheduled', () => {
    const wide = manualDag(dagId('wide'), [task(a), task(b), task(c), task(d, [a, b, c])]);
    const h = new Harness([wide], 1);
    const run = h.trigger(dagId('wide'));
    expect(statesOf(h, run)).toEqual({ a: 'queued', b: 'scheduled', c: 'scheduled', d: 'none' });

    let maxBusy = busyCount(h.state);
    const startA = h.take(a);
    h.started(startA);
    // Still one slot, taken: b and c keep waiting while a runs.
    expect(statesOf(h, run)).toEqual({ a: 'running', b: 'scheduled', c: 'scheduled', d: 'none' });
    h.succeeded(startA);
    expect(statesOf(h, run)).toEqual({ a: 'success', b: 'queued', c: 'scheduled', d: 'none' });

    const original = h.send.bind(h);
    h.send = (event) => {
      const recorded = original(event);
      maxBusy = Math.max(maxBusy, busyCount(recorded.after));
      return recorded;
    };
    h.runAll();
    expect(maxBusy).toBe(1);
    expect(h.commandsOf('start_task').map((s) => s.taskId)).toEqual([a, b, c, d]);
    expect(getRun(h.state, run).state).toBe('success');
  });

  it('shares the slots across runs, first scheduled first served', () => {
    const h = new Harness([diamond], 1);
    const first = h.trigger(DIAMOND);
    const second = h.trigger(DIAMOND);
    expect(getTask(h.state, first, a).state).toBe('queued');
    expect(getTask(h.state, second, a).state).toBe('scheduled');
    const startFirstA = h.take(a, first);
    h.execute(startFirstA, 'succeed');
    // The second run's a has waited since the second trigger: it goes ahead of the first run's b and c, which only
    // became ready now (Airflow's default priority weights agree: a has more downstream tasks than b).
    expect(h.pending.map((p) => [p.runId, p.taskId])).toEqual([[second, a]]);
    expect(statesOf(h, first)).toEqual({ a: 'success', b: 'scheduled', c: 'scheduled', d: 'none' });
    expect(busyCount(h.state)).toBe(1);
    h.execute(h.take(a, second), 'succeed');
    // Then the first run's b and c, in the order they became ready, before the second run's.
    expect(h.pending.map((p) => [p.runId, p.taskId])).toEqual([[first, b]]);
    h.runAll();
    expect(h.commandsOf('start_task').map((s) => `${s.runId === first ? 1 : 2}${s.taskId}`)).toEqual([
      '1a', '2a', '1b', '1c', '2b', '2c', '1d', '2d',
    ]);
  });
});

describe('failure', () => {
  it('marks downstream tasks upstream_failed transitively, finishes independent branches, and fails the run', () => {
    const h = new Harness([branches], 8);
    const run = h.trigger(BRANCHES);
    const startA = h.take(a);
    h.started(startA);
    const failStep = h.failed(startA, 'boom');
    expect(statesOf(h, run)).toMatchObject({ a: 'failed', b: 'upstream_failed', d: 'upstream_failed' });
    expect(getTask(h.state, run, b).endDate).toBe(failStep.now);
    expect(getTask(h.state, run, d).endDate).toBe(failStep.now);
    expect(getTask(h.state, run, a).error).toEqual({ name: 'Error', message: 'boom' });
    expect(getRun(h.state, run).state).toBe('running'); // c and e still to go

    h.runAll();
    expect(statesOf(h, run)).toEqual({ a: 'failed', b: 'upstream_failed', c: 'success', d: 'upstream_failed', e: 'success' });
    expect(getRun(h.state, run).state).toBe('failed');
    expect(h.commandsOf('start_task').map((s) => s.taskId)).toEqual([a, c, e]);
    expect(h.commandsOf('run_finished')).toEqual([{ type: 'run_finished', runId: run, dagId: BRANCHES, state: 'failed' }]);
  });

  it('lets a queued try fail before it starts (worker lost)', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    h.failed(h.take(a));
    expect(getTask(h.state, run, a)).toMatchObject({ state: 'failed', startDate: null });
    expect(getTask(h.state, run, a).tries[0]).toMatchObject({ state: 'failed', startDate: null });
    expect(statesOf(h, run)).toEqual({ a: 'failed', b: 'upstream_failed', c: 'upstream_failed', d: 'upstream_failed' });
    expect(getRun(h.state, run).state).toBe('failed');
  });
});

describe('stale reports', () => {
  it('ignores task_succeeded with the wrong tryNumber', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const startA = h.take(a);
    h.started(startA);
    const before = h.state;
    const { after, commands } = h.send({ type: 'task_succeeded', runId: run, taskId: a, tryNumber: 2, outputs: [] });
    expect(commands).toEqual([]);
    expect(after.runs).toBe(before.runs);
    expect(after).toEqual(before);
    expect(getTask(h.state, run, a).state).toBe('running');
  });

  it('ignores task_succeeded for a task that is not running (queued, not yet started, or already finished)', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const startA = h.take(a);

    const queued = h.state;
    const early = h.succeeded(startA); // never reported started
    expect(early.commands).toEqual([]);
    expect(early.after).toEqual(queued);
    expect(getTask(h.state, run, a).state).toBe('queued');

    h.started(startA);
    h.succeeded(startA);
    const done = h.state;
    const again = h.succeeded(startA); // duplicate report
    expect(again.commands).toEqual([]);
    expect(again.after.runs).toBe(done.runs);
    expect(again.after).toEqual(done);

    const late = h.failed(startA); // a failure after success
    expect(late.commands).toEqual([]);
    expect(getTask(h.state, run, a).state).toBe('success');
  });

  it('ignores reports about tasks that were never queued, unknown tasks and unknown runs', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const before = h.state;
    const events = [
      { type: 'task_started', runId: run, taskId: d, tryNumber: 1 },
      { type: 'task_succeeded', runId: run, taskId: d, tryNumber: 0, outputs: [] },
      { type: 'task_succeeded', runId: run, taskId: taskId('nope'), tryNumber: 1, outputs: [] },
      { type: 'task_failed', runId: 'nope' as RunId, taskId: a, tryNumber: 1, error: { name: 'E', message: 'm' } },
    ] as const;
    for (const event of events) {
      const { state, commands } = step(before, event, h.now);
      expect(commands).toEqual([]);
      expect(state.runs).toBe(before.runs);
      expect(state).toEqual(before);
    }
  });
});

describe('try records', () => {
  it('records one try per task instance with tryNumber 1, queuedAt, startDate and endDate', () => {
    const h = new Harness([diamond], 1);
    const run = h.trigger(DIAMOND);
    const when: Record<string, { queued: number; started?: number; ended?: number }> = {};
    for (const s of h.steps) for (const cmd of s.commands) if (cmd.type === 'start_task') when[cmd.taskId] = { queued: s.now };
    while (h.pending.length > 0) {
      const cmd = h.pending.shift()!;
      const started = h.started(cmd);
      const ended = h.succeeded(cmd);
      when[cmd.taskId] = { ...when[cmd.taskId]!, started: started.now, ended: ended.now };
      for (const next of ended.commands) if (next.type === 'start_task') when[next.taskId] = { queued: ended.now };
    }
    for (const id of [a, b, c, d]) {
      const ti = getTask(h.state, run, id);
      const w = when[id]!;
      expect(ti.tryNumber).toBe(1);
      expect(ti.tries).toEqual([
        { tryNumber: 1, state: 'success', queuedAt: w.queued, startDate: w.started, endDate: w.ended },
      ]);
      expect(ti.startDate).toBe(w.started);
      expect(ti.endDate).toBe(w.ended);
      expect(w.queued).toBeLessThan(w.started!);
      expect(w.started!).toBeLessThan(w.ended!);
    }
  });

  it('records the error on the failed try; an upstream_failed task has no try at all', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const startA = h.take(a);
    h.started(startA);
    const failed = h.failed(startA, 'bad data');
    expect(getTask(h.state, run, a).tries).toEqual([
      {
        tryNumber: 1,
        state: 'failed',
        queuedAt: h.steps[0]!.now,
        startDate: failed.now - 1,
        endDate: failed.now,
        error: { name: 'Error', message: 'bad data' },
      },
    ]);
    expect(getTask(h.state, run, b)).toMatchObject({ state: 'upstream_failed', tryNumber: 0, tries: [] });
  });
});

describe('dataset events', () => {
  it('emits record_dataset_event only when a task with outlets succeeds, carrying its outputs and source', () => {
    const h = new Harness(datasetWorld);
    const run = h.trigger(PRODUCE_A);
    h.execute(h.take(prep), 'succeed');
    expect(h.commandsOf('record_dataset_event')).toEqual([]); // prep has no outlets
    const startPublish = h.take(publish);
    h.started(startPublish);
    const done = h.succeeded(startPublish, [output(A, 'v-1', { rows: 42 })], { mse: 0.5 });

    const events = done.commands.filter((cmd) => cmd.type === 'record_dataset_event');
    expect(events).toEqual([
      {
        type: 'record_dataset_event',
        event: {
          id: 1,
          datasetId: A,
          versionId: 'v-1',
          timestamp: done.now,
          source: { dagId: PRODUCE_A, runId: run, taskId: publish, tryNumber: 1 },
          extra: { rows: 42 },
        },
      },
    ]);
    expect(getTask(h.state, run, publish)).toMatchObject({ returnValue: { mse: 0.5 }, outputs: [output(A, 'v-1', { rows: 42 })] });
  });

  it('emits nothing when the producing task fails', () => {
    const h = new Harness(datasetWorld);
    h.trigger(PRODUCE_A);
    h.runAll({ publish: 'fail' });
    expect(h.commandsOf('record_dataset_event')).toEqual([]);
  });

  it('emits nothing when the producing task is upstream_failed', () => {
    const h = new Harness(datasetWorld);
    const run = h.trigger(PRODUCE_A);
    h.runAll({ prep: 'fail' });
    expect(getTask(h.state, run, publish).state).toBe('upstream_failed');
    expect(h.commandsOf('record_dataset_event')).toEqual([]);
  });

  it('gives events increasing ids', () => {
    const h = new Harness(datasetWorld);
    for (let i = 0; i < 3; i++) {
      h.trigger(PRODUCE_A);
      h.runAll({ publish: { outputs: [output(A, `v-${i}`)] } });
    }
    h.trigger(PRODUCE_B);
    h.runAll({ publish_b: { outputs: [output(B, 'b-1')] } });
    const ids = h.commandsOf('record_dataset_event').map((cmd) => cmd.event.id as number);
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(h.state.nextEventId).toBe(5);
  });

  it('uses a null versionId and empty extra when the task reported no output for an outlet', () => {
    const h = new Harness(datasetWorld);
    h.trigger(PRODUCE_B);
    h.runAll();
    const [event] = h.commandsOf('record_dataset_event');
    expect(event?.event).toMatchObject({ datasetId: B, versionId: null, extra: {} });
  });
});

describe('dataset-triggered runs', () => {
  /** Runs produce_a (or produce_b) to the end, publishing the given version, and returns the event it emitted. */
  function publishA(h: Harness, version: string): DatasetEvent {
    const before = h.commandsOf('record_dataset_event').length;
    h.trigger(PRODUCE_A);
    h.runAll((cmd) => (cmd.dagId === PRODUCE_A && cmd.taskId === publish ? { outputs: [output(A, version)] } : 'succeed'));
    const events = h.commandsOf('record_dataset_event').slice(before).filter((cmd) => cmd.event.versionId === version);
    expect(events).toHaveLength(1);
    return events[0]!.event;
  }
  function publishB(h: Harness, version: string): DatasetEvent {
    h.trigger(PRODUCE_B);
    h.runAll((cmd) => (cmd.taskId === publishBTask ? { outputs: [output(B, version)] } : 'succeed'));
    const event = h.commandsOf('record_dataset_event').find((cmd) => cmd.event.versionId === version);
    return event!.event;
  }

  it('creates a run of a DAG scheduled on [A] when A gets an event, carrying that event', () => {
    const h = new Harness(datasetWorld);
    const h0 = h.trigger(PRODUCE_A);
    h.execute(h.take(prep), 'succeed');
    const startPublish = h.take(publish);
    h.started(startPublish);
    const done = h.succeeded(startPublish, [output(A, 'v-1')]);
    const event = h.commandsOf('record_dataset_event')[0]!.event;

    const created = done.commands.filter((cmd) => cmd.type === 'run_created');
    expect(created).toEqual([{ type: 'run_created', runId: expect.any(String), dagId: CONSUME_A, runType: 'dataset_triggered' }]);
    const [consumerRun] = h.runsOf(CONSUME_A);
    expect(consumerRun).toMatchObject({ runType: 'dataset_triggered', triggeringEvents: [event], state: 'running', queuedAt: done.now });
    // Its task is started right away, and is handed the triggering events.
    expect(h.take(use, consumerRun!.id)).toMatchObject({ dagId: CONSUME_A, triggeringEvents: [event] });
    expect(getRun(h.state, h0).state).toBe('success');
    expect(h.runsOf(CONSUME_AB)).toEqual([]);
  });

  it('waits for every dataset of [A, B]: A alone creates no run, then B creates one run carrying both events', () => {
    const h = new Harness(datasetWorld);
    const eventA = publishA(h, 'a-1');
    expect(h.runsOf(CONSUME_AB)).toEqual([]);
    expect(h.state.datasetQueues[CONSUME_AB]).toEqual({ A: eventA });

    const eventB = publishB(h, 'b-1');
    const runs = h.runsOf(CONSUME_AB);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runType: 'dataset_triggered', triggeringEvents: [eventA, eventB] });
    expect(h.state.datasetQueues[CONSUME_AB]).toEqual({});
  });

  it('resets the queue when the run is created: a new A alone does not create another run', () => {
    const h = new Harness(datasetWorld);
    publishA(h, 'a-1');
    publishB(h, 'b-1');
    expect(h.runsOf(CONSUME_AB)).toHaveLength(1);
    const eventA2 = publishA(h, 'a-2');
    expect(h.runsOf(CONSUME_AB)).toHaveLength(1);
    expect(h.state.datasetQueues[CONSUME_AB]).toEqual({ A: eventA2 });
    // consume_a, scheduled on A alone, got one run per A event.
    expect(h.runsOf(CONSUME_A)).toHaveLength(2);
  });

  it('collapses several A updates before B into one run carrying the newest A event', () => {
    const h = new Harness(datasetWorld);
    publishA(h, 'a-1');
    publishA(h, 'a-2');
    const newestA = publishA(h, 'a-3');
    expect(h.runsOf(CONSUME_AB)).toEqual([]);
    const eventB = publishB(h, 'b-1');
    const runs = h.runsOf(CONSUME_AB);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.triggeringEvents).toEqual([newestA, eventB]);
    expect(h.commandsOf('run_created').filter((cmd) => cmd.dagId === CONSUME_AB)).toHaveLength(1);
  });

  it('never creates dataset-triggered runs of a manual DAG', () => {
    const h = new Harness(datasetWorld);
    publishA(h, 'a-1');
    publishB(h, 'b-1');
    expect(h.runsOf(MANUAL)).toEqual([]);
    expect(h.state.datasetQueues[MANUAL]).toBeUndefined();
    const runTypes = Object.fromEntries(
      Object.values(h.state.runs).map((r) => [r.dagId, r.runType] as const),
    );
    expect(runTypes).toEqual({
      produce_a: 'manual',
      produce_b: 'manual',
      consume_a: 'dataset_triggered',
      consume_ab: 'dataset_triggered',
    });
  });

  it('a failed producer task emits no event and triggers nothing', () => {
    const h = new Harness(datasetWorld);
    h.trigger(PRODUCE_A);
    h.runAll({ publish: 'fail' });
    h.trigger(PRODUCE_B);
    h.runAll({ publish_b: 'fail' });
    expect(h.commandsOf('record_dataset_event')).toEqual([]);
    expect(h.commandsOf('run_created').map((cmd) => cmd.dagId)).toEqual([PRODUCE_A, PRODUCE_B]);
    expect(h.state.datasetQueues).toEqual({});
  });

  it('runs the consumer to completion after the producer, within the same parallelism', () => {
    const h = new Harness(datasetWorld, 1);
    publishA(h, 'a-1');
    const [consumerRun] = h.runsOf(CONSUME_A);
    expect(consumerRun!.state).toBe('success');
    expect(h.state.activeRunIds).toEqual([]);
  });
});

describe('ids', () => {
  it('gives unique run ids and increasing seq even for runs created at the same now', () => {
    const h = new Harness([diamond]);
    let state = h.state;
    const ids: RunId[] = [];
    for (let i = 0; i < 3; i++) {
      const result = step(state, { type: 'trigger_dag', dagId: DIAMOND }, 42);
      state = result.state;
      const created = result.commands.find((cmd) => cmd.type === 'run_created');
      if (created?.type !== 'run_created') throw new Error('no run_created');
      ids.push(created.runId);
    }
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((id) => getRun(state, id).seq)).toEqual([1, 2, 3]);
    expect(state.nextRunSeq).toBe(4);
  });

  it('gives unique ids to a dataset-triggered run created in the same step as others', () => {
    const h = new Harness(datasetWorld);
    h.trigger(PRODUCE_A);
    h.runAll({ publish: { outputs: [output(A, 'v')] } });
    const all = Object.values(h.state.runs);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    const seqs = all.map((r) => r.seq).sort((p, q) => p - q);
    expect(seqs).toEqual(all.map((_, i) => i + 1));
  });
});

describe('immutability', () => {
  it('never mutates the state it is given (deep-frozen input, every step)', () => {
    const h = new Harness(datasetWorld, 2);
    const original = h.send.bind(h);
    h.send = (event) => {
      const snapshot = JSON.stringify(h.state);
      deepFreeze(h.state);
      const recorded = original(event);
      expect(JSON.stringify(recorded.before)).toBe(snapshot);
      return recorded;
    };
    h.trigger(PRODUCE_A);
    h.trigger(PRODUCE_B);
    h.runAll({ prep: 'succeed', publish: { outputs: [output(A, 'a')] }, publish_b: { outputs: [output(B, 'b')] } });
    h.trigger(PRODUCE_A); // and a failing run
    h.runAll({ prep: 'fail' });
    expect(h.runsOf(CONSUME_AB)).toHaveLength(1);
    expect(h.state.activeRunIds).toEqual([]);
  });

  it('keeps the identity of runs a step did not touch', () => {
    const h = new Harness([diamond, branches], 8);
    const finished = h.trigger(DIAMOND);
    h.runAll();
    const one = h.trigger(DIAMOND);
    const two = h.trigger(BRANCHES);
    const startA1 = h.take(a, one);
    h.started(startA1);
    const startA2 = h.take(a, two);
    h.started(startA2);

    const before = h.state;
    const { after } = h.succeeded(startA1);
    expect(after.runs[one]).not.toBe(before.runs[one]);
    expect(after.runs[two]).toBe(before.runs[two]);
    expect(after.runs[finished]).toBe(before.runs[finished]);
    expect(after.dags).toBe(before.dags);
    // Within a touched run, task instances that did not change keep their identity too.
    expect(findTask(getRun(after, one), d)).toBe(findTask(getRun(before, one), d));
    expect(findTask(getRun(after, one), d)).toBeDefined();
  });
});

describe('bookkeeping', () => {
  it('drops finished runs from activeRunIds, keeping creation order of the rest', () => {
    const h = new Harness([diamond, branches]);
    const one = h.trigger(DIAMOND);
    const two = h.trigger(BRANCHES);
    const three = h.trigger(DIAMOND);
    expect(h.state.activeRunIds).toEqual([one, two, three]);

    // Finish run two only.
    while (h.pending.some((p) => p.runId === two)) {
      const cmd = h.pending.find((p) => p.runId === two)!;
      h.execute(h.take(cmd.taskId, two), 'succeed');
    }
    expect(getRun(h.state, two).state).toBe('success');
    expect(h.state.activeRunIds).toEqual([one, three]);

    h.runAll();
    expect(h.state.activeRunIds).toEqual([]);
    expect(Object.keys(h.state.runs)).toHaveLength(3);
  });

  it('issues run_created and run_finished exactly once per run', () => {
    const h = new Harness(datasetWorld, 2);
    h.trigger(PRODUCE_A);
    h.trigger(PRODUCE_B);
    h.runAll({ publish: { outputs: [output(A, 'a')] }, publish_b: { outputs: [output(B, 'b')] } });
    h.trigger(PRODUCE_A);
    h.runAll({ prep: 'fail' });
    // A few stale reports after everything finished must not finish anything again.
    for (const cmd of h.commandsOf('start_task').slice(0, 2)) h.succeeded(cmd);

    const runIds = Object.keys(h.state.runs).sort();
    expect(runIds).toHaveLength(5); // 3 producer runs, consume_a, consume_ab
    expect(h.commandsOf('run_created').map((cmd) => cmd.runId).sort()).toEqual(runIds);
    expect(h.commandsOf('run_finished').map((cmd) => cmd.runId).sort()).toEqual(runIds);
    for (const cmd of h.commandsOf('run_finished')) expect(cmd.state).toBe(getRun(h.state, cmd.runId).state);
    expect(h.commandsOf('run_finished').filter((cmd) => cmd.state === 'failed')).toHaveLength(1);
  });
});
