import { describe, expect, it } from 'vitest';
import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { dagId, datasetId, taskId, type RunId } from '../../../src/core/ids';
import { Harness, manualDag, output, task, type StartTaskCommand } from './harness';

const [a, b, c, d] = [taskId('a'), taskId('b'), taskId('c'), taskId('d')];
const FEATURES = datasetId('features');

/** a → (b, c) → d, with callbacks everywhere, so a test can see that marking a run fires none of them. */
const DIAMOND = dagId('diamond');
const withCallbacks = (t: TaskDefinition): TaskDefinition => ({
  ...t,
  callbacks: { onFailure: { notify: 'error' }, onSuccess: { notify: 'success' }, onRetry: { notify: 'warning' } },
});
const diamond: DagDefinition = {
  ...manualDag(DIAMOND, [withCallbacks(task(a)), withCallbacks(task(b, [a], [FEATURES])), withCallbacks(task(c, [a])), withCallbacks(task(d, [b, c]))]),
  callbacks: { onFailure: { notify: 'error' }, onSuccess: { notify: 'success' } },
};

/** Three roots p, q, r and s after p; p retries once after 1 s. */
const [p, q, r, s] = [taskId('p'), taskId('q'), taskId('r'), taskId('s')];
const ROOTS = dagId('roots');
const roots = manualDag(ROOTS, [{ ...task(p), retries: 1, retryDelayMs: 1_000 }, task(q), task(r), task(s, [p])]);

/** One run at a time, so a second run waits queued. */
const SERIAL = dagId('serial');
const serial: DagDefinition = { ...manualDag(SERIAL, [task(a), task(b, [a])]), maxActiveRuns: 1 };

const markRun = (h: Harness, runId: RunId, state: 'success' | 'failed') => h.send({ type: 'mark_run', runId, state });

describe('mark_run failed (Airflow: Mark run failed, which stops a run)', () => {
  it('stops the running try, fails it, skips every task not started and ends the run failed, silently', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const first = h.take(a);
    h.execute(first, 'hang');
    expect(h.hanging).toHaveLength(1);

    const recorded = markRun(h, run, 'failed');

    expect(recorded.commands.filter((cmd) => cmd.type === 'stop_task')).toEqual([
      { type: 'stop_task', runId: run, taskId: a, tryNumber: 1, reason: 'marked' },
    ]);
    expect(h.hanging).toHaveLength(0);
    expect(h.states(run)).toEqual({ a: 'failed', b: 'skipped', c: 'skipped', d: 'skipped' });
    expect(h.ti(run, a).tries).toEqual([expect.objectContaining({ tryNumber: 1, state: 'failed', endDate: recorded.now })]);
    expect(h.ti(run, a).note).toBe('run marked failed');
    expect(h.ti(run, b).tries).toEqual([]);
    expect(h.run(run)).toMatchObject({ state: 'failed', endDate: recorded.now, unfinished: 0 });
    expect(h.state.activeRunIds).toEqual([]);
    expect(h.state.usage.total).toBe(0);
    // No task or DAG callback, no dataset event; the run's end is reported.
    expect(recorded.commands.filter((cmd) => cmd.type === 'callback' && cmd.kind !== 'on_execute')).toEqual([]);
    expect(recorded.commands.filter((cmd) => cmd.type === 'record_dataset_event')).toEqual([]);
    expect(recorded.commands.filter((cmd) => cmd.type === 'run_finished')).toEqual([
      { type: 'run_finished', runId: run, dagId: DIAMOND, state: 'failed' },
    ]);
    expect(recorded.wakeAt).toBeNull();
  });

  it('ignores the late report of a stopped try', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    const first = h.take(a);
    h.started(first);
    markRun(h, run, 'failed');
    const before = h.state;
    h.succeeded(first);
    h.failed(first);
    expect(h.state.runs).toBe(before.runs);
  });

  it('fails queued and running tries, skips scheduled and up_for_retry tasks, and drops the retry timer', () => {
    const h = new Harness([roots], 2);
    const run = h.trigger(ROOTS);
    // p and q get the two slots, r waits scheduled.
    const p1 = h.take(p);
    h.take(q); // q stays queued: its worker never reported that it started
    expect(h.ti(run, r).state).toBe('scheduled');
    h.started(p1);
    h.failed(p1); // p → up_for_retry; its slot goes to r
    const r1 = h.take(r);
    h.started(r1);
    expect(h.states(run)).toEqual({ p: 'up_for_retry', q: 'queued', r: 'running', s: 'none' });
    expect(h.wakeAt).not.toBeNull();

    const recorded = markRun(h, run, 'failed');

    expect(h.states(run)).toEqual({ p: 'skipped', q: 'failed', r: 'failed', s: 'skipped' });
    expect(h.stopped.map((cmd) => `${cmd.taskId}#${cmd.tryNumber}:${cmd.reason}`).sort()).toEqual(['q#1:marked', 'r#1:marked']);
    // p's failed try stays as it was; the retry never comes.
    expect(h.ti(run, p).tries.map((t) => t.state)).toEqual(['failed']);
    expect(h.ti(run, p).nextRetryAt).toBeNull();
    expect(h.ti(run, q).tries.map((t) => t.state)).toEqual(['failed']);
    expect(recorded.wakeAt).toBeNull();
    expect(h.state.timers).toEqual([]);
    expect(h.run(run).state).toBe('failed');
    h.advance(10_000);
    h.tick();
    expect(h.pending).toEqual([]);
    expect(h.run(run).state).toBe('failed');
  });

  it('lets the next queued run of the DAG start (max_active_runs)', () => {
    const h = new Harness([serial]);
    const first = h.trigger(SERIAL);
    const second = h.trigger(SERIAL);
    h.execute(h.take(a, first), 'hang');
    expect(h.run(second).state).toBe('queued');

    const recorded = markRun(h, first, 'failed');

    expect(h.run(first).state).toBe('failed');
    expect(h.run(second).state).toBe('running');
    expect(recorded.commands.some((cmd) => cmd.type === 'start_task' && cmd.runId === second)).toBe(true);
    h.runAll();
    expect(h.run(second).state).toBe('success');
  });

  it('ends a queued run that never started: every task skipped, no start date', () => {
    const h = new Harness([serial]);
    const first = h.trigger(SERIAL);
    const second = h.trigger(SERIAL);
    markRun(h, second, 'failed');
    expect(h.run(second)).toMatchObject({ state: 'failed', startDate: null });
    expect(h.states(second)).toEqual({ a: 'skipped', b: 'skipped' });
    expect(h.state.activeRunIds).toEqual([first]);
    h.runAll();
    expect(h.run(first).state).toBe('success');
    expect(h.run(second).state).toBe('failed');
  });

  it('can be undone by clearing a task: the run runs again', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    h.execute(h.take(a), 'hang');
    markRun(h, run, 'failed');
    h.clear(run, a, true);
    expect(h.run(run).state).toBe('running');
    h.runAll();
    expect(h.run(run).state).toBe('success');
    expect(h.ti(run, a).tries.map((t) => t.state)).toEqual(['failed', 'success']);
  });
});

describe('mark_run success (Airflow: Mark run success)', () => {
  it('makes every unfinished task a success, stops the try in flight, emits no dataset event and fires no callback', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    h.execute(h.take(a), 'succeed');
    const b1: StartTaskCommand = h.take(b);
    h.started(b1); // running, and b has an outlet: marking it must not emit a dataset event
    h.execute(h.take(c), 'succeed');

    const recorded = markRun(h, run, 'success');

    expect(h.states(run)).toEqual({ a: 'success', b: 'success', c: 'success', d: 'success' });
    expect(h.stopped).toEqual([{ type: 'stop_task', runId: run, taskId: b, tryNumber: 1, reason: 'marked' }]);
    expect(h.ti(run, b).tries).toEqual([expect.objectContaining({ state: 'success', endDate: recorded.now })]);
    expect(h.ti(run, b).outputs).toEqual([]);
    expect(h.ti(run, d)).toMatchObject({ tryNumber: 0, tries: [], note: 'run marked success' });
    expect(h.ti(run, a).note).toBeUndefined(); // finished before: untouched
    expect(h.run(run)).toMatchObject({ state: 'success', endDate: recorded.now });
    expect(recorded.commands.filter((cmd) => cmd.type === 'callback' || cmd.type === 'record_dataset_event')).toEqual([]);
    expect(h.commandsOf('record_dataset_event')).toEqual([]);
    expect(recorded.commands.filter((cmd) => cmd.type === 'run_finished')).toEqual([
      { type: 'run_finished', runId: run, dagId: DIAMOND, state: 'success' },
    ]);
    expect(h.state.activeRunIds).toEqual([]);
    expect(h.state.usage.total).toBe(0);
    // The stopped try's late success changes nothing and emits nothing.
    h.succeeded(b1, [output(FEATURES, 'v1')]);
    expect(h.commandsOf('record_dataset_event')).toEqual([]);
  });

  it('turns a failed run into a success without touching its finished tasks', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    h.runAll({ a: 'fail' });
    expect(h.run(run).state).toBe('failed');
    const states = h.states(run);

    const recorded = markRun(h, run, 'success');

    expect(h.states(run)).toEqual(states);
    expect(h.run(run).state).toBe('success');
    expect(recorded.commands).toEqual([{ type: 'run_finished', runId: run, dagId: DIAMOND, state: 'success' }]);
  });

  it('changes nothing when the run already has that state', () => {
    const h = new Harness([diamond]);
    const run = h.trigger(DIAMOND);
    h.runAll();
    const before = h.state;
    const recorded = markRun(h, run, 'success');
    expect(h.state.runs).toBe(before.runs);
    expect(recorded.commands).toEqual([]);
  });

  it('refuses an unknown run', () => {
    const h = new Harness([diamond]);
    expect(() => markRun(h, 'nope' as RunId, 'failed')).toThrow(/No run "nope"/);
  });
});
