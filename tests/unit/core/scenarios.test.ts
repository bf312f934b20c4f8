import { describe, expect, it } from 'vitest';
import type { DagDefinition, TaskDefinition } from '../../../src/core/dag';
import { allOf, anyOf, onDataset, type DatasetCondition } from '../../../src/core/datasetCondition';
import { dagId, datasetId, datasetVersionId, taskId, type DatasetId, type RunId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DagRun, DatasetEvent, TaskInstance } from '../../../src/core/model';
import { checkpointOf, restoreSchedulerState, type SchedulerConfig } from '../../../src/core/schedulerState';
import type { RunState, TaskState } from '../../../src/core/states';
import { TRIGGER_RULES, type TriggerRule } from '../../../src/core/triggerRules';
import {
  deepFreeze,
  failTimes,
  Harness,
  output,
  outcomeFor,
  returns,
  type CallbackCommand,
  type Outcome,
  type OutcomeScript,
  type StartTaskCommand,
} from './harness';
import { expectedVerdict, type MixName } from './triggerRuleTable';

// ── the scenario language ──────────────────────────────────────────────────────────────────────────────────────────

/** Runs are named `<dag>#<n>`: the n-th run of that DAG (1-based, creation order). */
type RunLabel = `${string}#${number}`;

type Action =
  | { readonly do: 'trigger'; readonly dag: string; readonly params?: Record<string, JsonValue> }
  /** Runs every pending try as scripted; when none is left, moves the clock to wakeAt and ticks; until quiet. */
  | { readonly do: 'run' }
  /** Runs every pending try as scripted, without moving the clock to any wakeAt. */
  | { readonly do: 'drain' }
  | { readonly do: 'tick' }
  | { readonly do: 'wake' }
  | { readonly do: 'advance'; readonly ms: number }
  /** The wall clock is set by `ms` while the page runs: the clock moves, and the scheduler is told (clock_jumped). */
  | { readonly do: 'jump'; readonly ms: number }
  | { readonly do: 'clear'; readonly run: RunLabel; readonly task: string; readonly downstream?: boolean }
  | { readonly do: 'mark'; readonly run: RunLabel; readonly task: string; readonly state: 'success' | 'failed' }
  | { readonly do: 'pause' | 'unpause'; readonly dag: string }
  | { readonly do: 'dataset_event'; readonly dataset: string; readonly version?: string }
  /** Takes the pending try of a task and reports it started; it stays running until `finish`. */
  | { readonly do: 'start'; readonly run: RunLabel; readonly task: string }
  | { readonly do: 'finish'; readonly run: RunLabel; readonly task: string; readonly outcome?: Outcome }
  /** The page went away while this task's current try was queued (pending) or running (held by `start`). */
  | { readonly do: 'lose'; readonly run: RunLabel; readonly task: string }
  /** Page reload: the state is rebuilt from the runs and checkpoint, with these DAG definitions. */
  | { readonly do: 'restore'; readonly dags: readonly DagDefinition[] }
  | { readonly do: 'throws'; readonly action: Action; readonly error: RegExp }
  | { readonly do: 'check'; readonly fn: (c: Ctx) => void };

interface Scenario {
  readonly name: string;
  readonly dags: readonly DagDefinition[];
  readonly config?: SchedulerConfig | number;
  readonly script?: OutcomeScript;
  readonly actions: readonly Action[];
  /** Final task states of each named run (exactly these tasks). */
  readonly states?: Readonly<Record<RunLabel, Readonly<Record<string, TaskState>>>>;
  /** Final run states. */
  readonly runs?: Readonly<Record<RunLabel, RunState>>;
  /** How many runs each DAG has at the end. */
  readonly runCount?: Readonly<Record<string, number>>;
  /** Number of tries of each named task. */
  readonly tries?: Readonly<Record<RunLabel, Readonly<Record<string, number>>>>;
  readonly extra?: (c: Ctx) => void;
}

class Ctx {
  /** Tries taken by a `start` action, by run label and task. */
  readonly held = new Map<string, StartTaskCommand>();

  constructor(readonly h: Harness) {}

  run(label: RunLabel): DagRun {
    const [dag, n] = label.split('#') as [string, string];
    const run = this.h.runsOf(dagId(dag))[Number(n) - 1];
    if (!run) throw new Error(`no run ${label}; ${dag} has ${this.h.runsOf(dagId(dag)).length}`);
    return run;
  }

  id(label: RunLabel): RunId {
    return this.run(label).id;
  }

  ti(label: RunLabel, task: string): TaskInstance {
    return this.h.ti(this.id(label), task);
  }

  /** Callback commands as `scope:kind:task#try` (task part left out for DAG callbacks). */
  callbacks(): string[] {
    return this.h
      .commandsOf('callback')
      .map((c: CallbackCommand) => `${c.scope}:${c.kind}${c.taskId === undefined ? '' : `:${c.taskId}#${c.tryNumber}`}`);
  }

  datasetEvents(): DatasetEvent[] {
    return this.h.commandsOf('record_dataset_event').map((c) => c.event);
  }

  /** The versions of a run's triggering events, e.g. ['a1', 'c1']. */
  triggeredBy(label: RunLabel): (string | null)[] {
    return this.run(label).triggeringEvents.map((e) => e.versionId);
  }

  /** The largest value of `measure` over the state after every step. */
  peak(measure: (h: { usage: Harness['state']['usage']; runs: Harness['state']['runs'] }) => number): number {
    return Math.max(0, ...this.h.steps.map((s) => measure(s.after)));
  }
}

function perform(c: Ctx, action: Action, script: OutcomeScript): void {
  const h = c.h;
  switch (action.do) {
    case 'trigger':
      h.trigger(dagId(action.dag), action.params);
      return;
    case 'run':
      h.runAll(script);
      return;
    case 'drain':
      h.runAll(script, { ticks: false });
      return;
    case 'tick':
      h.tick();
      return;
    case 'wake':
      if (!h.wake()) throw new Error('wake: the scheduler asked for no wake-up');
      return;
    case 'advance':
      h.advance(action.ms);
      return;
    case 'jump':
      h.advance(action.ms);
      h.send({ type: 'clock_jumped', by: action.ms });
      return;
    case 'clear':
      h.clear(c.id(action.run), taskId(action.task), action.downstream ?? false);
      return;
    case 'mark':
      h.mark(c.id(action.run), taskId(action.task), action.state);
      return;
    case 'pause':
    case 'unpause':
      h.setPaused(dagId(action.dag), action.do === 'pause');
      return;
    case 'dataset_event':
      h.send({
        type: 'create_dataset_event',
        datasetId: datasetId(action.dataset),
        versionId: action.version === undefined ? null : datasetVersionId(action.version),
      });
      return;
    case 'start': {
      const command = h.take(taskId(action.task), c.id(action.run));
      h.started(command);
      c.held.set(`${action.run}/${action.task}`, command);
      return;
    }
    case 'finish': {
      const key = `${action.run}/${action.task}`;
      const command = c.held.get(key);
      if (!command) throw new Error(`finish: ${key} was not started by a start action`);
      c.held.delete(key);
      const outcome = action.outcome ?? outcomeFor(script, command);
      if (outcome === 'hang') throw new Error('finish: a held try cannot hang');
      if (outcome === 'succeed') h.succeeded(command);
      else if (outcome === 'fail') h.failed(command);
      else if ('fail' in outcome) h.failed(command, outcome.fail, outcome.name);
      else h.succeeded(command, outcome.outputs ?? [], outcome.returnValue);
      return;
    }
    case 'lose': {
      const key = `${action.run}/${action.task}`;
      const held = c.held.get(key);
      c.held.delete(key);
      const command = held ?? h.take(taskId(action.task), c.id(action.run));
      h.send({ type: 'task_lost', runId: command.runId, taskId: command.taskId, tryNumber: command.tryNumber });
      return;
    }
    case 'restore':
      // As the coordinator of the reopened page does: with its clock's time, so no retry waits longer than its delay.
      h.state = restoreSchedulerState(
        action.dags,
        { parallelism: h.state.parallelism, pools: h.state.pools },
        Object.values(h.state.runs),
        checkpointOf(h.state),
        h.now,
      );
      h.wakeAt = h.state.timers[0]?.at ?? null;
      return;
    case 'throws': {
      const before = h.state;
      expect(() => perform(c, action.action, script)).toThrow(action.error);
      expect(h.state).toBe(before);
      return;
    }
    case 'check':
      action.fn(c);
      return;
  }
}

function runScenario(s: Scenario): Ctx {
  const h = new Harness(s.dags, s.config ?? 8);
  // Every step gets a deep-frozen state: any write into it throws.
  const send = h.send.bind(h);
  h.send = (event) => send((deepFreeze(h.state), event));
  const c = new Ctx(h);
  for (const action of s.actions) perform(c, action, s.script ?? {});
  for (const [label, states] of Object.entries(s.states ?? {})) {
    expect(h.states(c.id(label as RunLabel)), `task states of ${label}`).toEqual(states);
  }
  for (const [label, state] of Object.entries(s.runs ?? {})) {
    expect(c.run(label as RunLabel).state, `state of run ${label}`).toBe(state);
  }
  for (const [dag, count] of Object.entries(s.runCount ?? {})) {
    expect(h.runsOf(dagId(dag)), `runs of ${dag}`).toHaveLength(count);
  }
  for (const [label, counts] of Object.entries(s.tries ?? {})) {
    for (const [task, n] of Object.entries(counts)) {
      const ti = c.ti(label as RunLabel, task);
      expect(ti.tries, `tries of ${label}/${task}`).toHaveLength(n);
      expect(ti.tryNumber, `tryNumber of ${label}/${task}`).toBe(n);
      expect(ti.tries.map((t) => t.tryNumber)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  }
  // Whatever happened: a finished run has no unfinished task, bookkeeping agrees with the instances.
  for (const run of Object.values(h.state.runs)) {
    const unfinished = run.tasks.filter((ti) => !['success', 'failed', 'upstream_failed', 'skipped', 'removed'].includes(ti.state));
    expect(run.unfinished, `unfinished count of ${run.id}`).toBe(unfinished.length);
    expect(h.state.activeRunIds.includes(run.id)).toBe(run.state === 'queued' || run.state === 'running');
  }
  s.extra?.(c);
  return c;
}

// ── DAG building ───────────────────────────────────────────────────────────────────────────────────────────────────

type TaskOptions = Omit<TaskDefinition, 'id' | 'upstream' | 'outlets'> & { readonly outlets?: readonly string[] };

function t(id: string, upstream: readonly string[] = [], options: TaskOptions = {}): TaskDefinition {
  const { outlets, ...rest } = options;
  return { id: taskId(id), upstream: upstream.map(taskId), ...(outlets ? { outlets: outlets.map(datasetId) } : {}), ...rest };
}

function dag(id: string, tasks: readonly TaskDefinition[], options: Partial<Omit<DagDefinition, 'id' | 'tasks'>> = {}): DagDefinition {
  return { id: dagId(id), schedule: { type: 'manual' }, tasks, ...options };
}

const ds = (id: string): DatasetId => datasetId(id);
const cond = { on: (id: string) => onDataset(ds(id)) };

function gaps(ti: TaskInstance): number[] {
  return ti.tries.slice(1).map((next, i) => next.queuedAt - ti.tries[i]!.endDate!);
}

// ── retries and timeouts ───────────────────────────────────────────────────────────────────────────────────────────

const retryScenarios: Scenario[] = [
  {
    name: 'retries: a failed try goes up_for_retry, waits retryDelayMs until wakeAt, and each try keeps its own record',
    dags: [dag('retry', [t('a', [], { retries: 2, retryDelayMs: 1_000 }), t('b', ['a'])])],
    script: { a: failTimes(2) },
    actions: [
      { do: 'trigger', dag: 'retry' },
      { do: 'drain' },
      {
        do: 'check',
        fn: (c) => {
          const a = c.ti('retry#1', 'a');
          expect(a).toMatchObject({ state: 'up_for_retry', tryNumber: 1, maxTries: 3, error: { name: 'Error' } });
          expect(a.nextRetryAt).toBe(a.tries[0]!.endDate! + 1_000);
          expect(c.h.wakeAt).toBe(a.nextRetryAt);
          expect(c.ti('retry#1', 'b').state).toBe('none');
          expect(c.run('retry#1').state).toBe('running');
        },
      },
      { do: 'advance', ms: 500 },
      { do: 'tick' },
      {
        do: 'check',
        fn: (c) => {
          // Not due yet: nothing changes, the wake-up stays.
          expect(c.h.steps.at(-1)!.commands).toEqual([]);
          expect(c.ti('retry#1', 'a').state).toBe('up_for_retry');
          expect(c.h.wakeAt).toBe(c.ti('retry#1', 'a').nextRetryAt);
        },
      },
      { do: 'wake' },
      {
        do: 'check',
        fn: (c) => {
          const a = c.ti('retry#1', 'a');
          expect(a).toMatchObject({ state: 'queued', tryNumber: 2, nextRetryAt: null });
          expect(c.h.pending.map((p) => [p.taskId, p.tryNumber])).toEqual([['a', 2]]);
        },
      },
      { do: 'run' },
    ],
    states: { 'retry#1': { a: 'success', b: 'success' } },
    runs: { 'retry#1': 'success' },
    tries: { 'retry#1': { a: 3, b: 1 } },
    extra: (c) => {
      const a = c.ti('retry#1', 'a');
      expect(a.tries.map((x) => x.state)).toEqual(['failed', 'failed', 'success']);
      for (const x of a.tries) {
        expect(x.startDate).toBeGreaterThan(x.queuedAt);
        expect(x.endDate).toBeGreaterThan(x.startDate!);
      }
      expect(a.tries[0]!.error).toMatchObject({ name: 'Error' });
      expect(a.tries[2]!.error).toBeUndefined();
      expect(gaps(a)).toEqual([1_000, 1_000]);
      expect(a.startDate).toBe(a.tries[2]!.startDate);
    },
  },
  {
    name: 'retries exhausted: at most retries+1 tries, then failed; downstream upstream_failed; run failed',
    dags: [dag('exhaust', [t('a', [], { retries: 1, retryDelayMs: 10 }), t('b', ['a'])])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'exhaust' }, { do: 'run' }],
    states: { 'exhaust#1': { a: 'failed', b: 'upstream_failed' } },
    runs: { 'exhaust#1': 'failed' },
    tries: { 'exhaust#1': { a: 2, b: 0 } },
    extra: (c) => {
      expect(c.ti('exhaust#1', 'a').maxTries).toBe(2);
      expect(c.h.wakeAt).toBeNull();
      expect(c.h.state.timers).toEqual([]);
    },
  },
  {
    name: 'retryExponentialBackoff: each wait lies in [delay·2^(try−1), 2·delay·2^(try−1))',
    dags: [dag('backoff', [t('a', [], { retries: 4, retryDelayMs: 1_000, retryExponentialBackoff: true })])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'backoff' }, { do: 'run' }],
    runs: { 'backoff#1': 'failed' },
    tries: { 'backoff#1': { a: 5 } },
    extra: (c) => {
      const waits = gaps(c.ti('backoff#1', 'a'));
      expect(waits).toHaveLength(4);
      waits.forEach((wait, i) => {
        expect(wait).toBeGreaterThanOrEqual(1_000 * 2 ** i);
        expect(wait).toBeLessThan(2_000 * 2 ** i);
      });
    },
  },
  {
    name: 'maxRetryDelayMs caps the backoff',
    dags: [dag('capped', [t('a', [], { retries: 4, retryDelayMs: 1_000, retryExponentialBackoff: true, maxRetryDelayMs: 2_500 })])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'capped' }, { do: 'run' }],
    tries: { 'capped#1': { a: 5 } },
    extra: (c) => {
      const waits = gaps(c.ti('capped#1', 'a'));
      expect(waits[0]).toBeGreaterThanOrEqual(1_000);
      expect(waits[0]).toBeLessThan(2_000);
      expect(waits[1]).toBeGreaterThanOrEqual(2_000);
      expect(waits[1]).toBeLessThanOrEqual(2_500);
      expect(waits.slice(2)).toEqual([2_500, 2_500]);
    },
  },
  {
    name: 'executionTimeoutMs: a hanging try is stopped (reason timeout) and fails with AirflowTaskTimeout',
    dags: [dag('timeout', [t('a', [], { executionTimeoutMs: 5_000 }), t('b', ['a'])])],
    script: { a: 'hang' },
    actions: [
      { do: 'trigger', dag: 'timeout' },
      { do: 'drain' },
      {
        do: 'check',
        fn: (c) => {
          const a = c.ti('timeout#1', 'a');
          expect(a.state).toBe('running');
          expect(c.h.wakeAt).toBe(a.startDate! + 5_000);
          expect(c.h.hanging).toHaveLength(1);
        },
      },
      { do: 'advance', ms: 4_000 },
      { do: 'tick' },
      { do: 'check', fn: (c) => expect(c.ti('timeout#1', 'a').state).toBe('running') },
      { do: 'wake' },
    ],
    states: { 'timeout#1': { a: 'failed', b: 'upstream_failed' } },
    runs: { 'timeout#1': 'failed' },
    tries: { 'timeout#1': { a: 1 } },
    extra: (c) => {
      const a = c.ti('timeout#1', 'a');
      expect(c.h.stopped).toEqual([{ type: 'stop_task', runId: c.id('timeout#1'), taskId: 'a', tryNumber: 1, reason: 'timeout' }]);
      expect(a.error?.name).toBe('AirflowTaskTimeout');
      expect(a.error?.message).toContain('5000 ms');
      expect(a.tries[0]).toMatchObject({ state: 'failed', error: { name: 'AirflowTaskTimeout' } });
      expect(a.tries[0]!.endDate! - a.tries[0]!.startDate!).toBe(5_000);
      expect(c.h.hanging).toEqual([]);
    },
  },
  {
    name: 'executionTimeoutMs with retries left: the timed-out try is retried; its late report changes nothing',
    dags: [
      dag('timeout_retry', [
        t('a', [], { retries: 1, retryDelayMs: 100, executionTimeoutMs: 5_000, callbacks: { onRetry: { notify: 'warning' } } }),
      ]),
    ],
    script: { a: ['hang', 'succeed'] },
    actions: [
      { do: 'trigger', dag: 'timeout_retry' },
      { do: 'run' },
      {
        do: 'check',
        fn: (c) => {
          // The first worker did not really stop and reports late: ignored.
          const first = c.h.commandsOf('start_task').find((s) => s.tryNumber === 1)!;
          const before = c.h.state;
          const late = c.h.succeeded(first);
          expect(late.commands).toEqual([]);
          expect(late.after.runs).toBe(before.runs);
        },
      },
    ],
    states: { 'timeout_retry#1': { a: 'success' } },
    runs: { 'timeout_retry#1': 'success' },
    tries: { 'timeout_retry#1': { a: 2 } },
    extra: (c) => {
      const a = c.ti('timeout_retry#1', 'a');
      expect(a.tries.map((x) => [x.state, x.error?.name])).toEqual([
        ['failed', 'AirflowTaskTimeout'],
        ['success', undefined],
      ]);
      expect(c.h.stopped.map((s) => [s.tryNumber, s.reason])).toEqual([[1, 'timeout']]);
      expect(c.h.commandsOf('callback')).toEqual([
        expect.objectContaining({ kind: 'on_retry', taskId: 'a', tryNumber: 1, error: expect.objectContaining({ name: 'AirflowTaskTimeout' }) }),
      ]);
      expect(gaps(a)).toEqual([100]);
    },
  },
  {
    name: 'a timeout never fires for a try that finished in time',
    dags: [dag('in_time', [t('a', [], { executionTimeoutMs: 50 })])],
    actions: [
      { do: 'trigger', dag: 'in_time' },
      { do: 'drain' },
      { do: 'check', fn: (c) => expect(c.h.wakeAt).toBeNull() },
      { do: 'advance', ms: 1_000 },
      { do: 'tick' },
    ],
    runs: { 'in_time#1': 'success' },
    extra: (c) => expect(c.h.stopped).toEqual([]),
  },
];

// ── trigger rules in a DAG ────────────────────────────────────────────────────────────────────────────────────────

/**
 * One DAG per rule. `br` (a branch) follows `s` and skips `k` and `k2`; `s2` succeeds; `f` and `f2` fail; `uf` is
 * upstream_failed below `f`. Each target `t_<mix>` has the rule under test over one mix of those upstream tasks, and a
 * child `<target>_next` (all_success) shows how the outcome propagates.
 */
const MIX_UPSTREAM: Record<string, { mix: MixName; upstream: string[] }> = {
  t_ss: { mix: 'all success', upstream: ['s', 's2'] },
  t_sf: { mix: 'one failed', upstream: ['s', 'f'] },
  t_su: { mix: 'one upstream_failed', upstream: ['s', 'uf'] },
  t_sk: { mix: 'one skipped', upstream: ['s', 'k'] },
  t_kk: { mix: 'all skipped', upstream: ['k', 'k2'] },
  t_ff: { mix: 'all failed', upstream: ['f', 'f2'] },
};

function triggerRuleScenario(rule: TriggerRule): Scenario {
  const name = `rule_${rule}`;
  const label: RunLabel = `${name}#1`;
  const finalState = (verdict: string): TaskState => (verdict === 'ready' ? 'success' : (verdict as TaskState));
  const targets = Object.entries(MIX_UPSTREAM);
  const expected: Record<string, TaskState> = {
    br: 'success',
    s: 'success',
    k: 'skipped',
    k2: 'skipped',
    s2: 'success',
    f: 'failed',
    f2: 'failed',
    uf: 'upstream_failed',
  };
  for (const [target, { mix }] of targets) {
    const state = finalState(expectedVerdict(rule, mix));
    expected[target] = state;
    expected[`${target}_next`] = state === 'success' ? 'success' : state;
  }
  const runFails = targets.some(([target]) => expected[`${target}_next`] === 'upstream_failed');
  return {
    name: `trigger rule ${rule}: each upstream mix gives Airflow's outcome, and it propagates`,
    dags: [
      dag(name, [
        t('br', [], { kind: 'branch' }),
        t('s', ['br']),
        t('k', ['br']),
        t('k2', ['br']),
        t('s2'),
        t('f'),
        t('f2'),
        t('uf', ['f']),
        ...targets.flatMap(([target, { upstream }]) => [t(target, upstream, { triggerRule: rule }), t(`${target}_next`, [target])]),
      ]),
    ],
    script: { br: returns('s'), f: 'fail', f2: 'fail' },
    actions: [{ do: 'trigger', dag: name }, { do: 'run' }],
    states: { [label]: expected },
    runs: { [label]: runFails ? 'failed' : 'success' },
    extra: (c) => {
      // Tasks that ended without running have no try; the others ran exactly once.
      for (const ti of c.run(label).tasks) expect(ti.tries.length, ti.taskId).toBe(['success', 'failed'].includes(ti.state) ? 1 : 0);
    },
  };
}

const ruleScenarios: Scenario[] = [
  ...TRIGGER_RULES.map(triggerRuleScenario),
  {
    name: 'trigger rule always: runs at once, without waiting for its upstream task',
    dags: [dag('always', [t('a'), t('b', ['a'], { triggerRule: 'always' })])],
    actions: [
      { do: 'trigger', dag: 'always' },
      { do: 'check', fn: (c) => expect(c.h.pending.map((p) => p.taskId).sort()).toEqual(['a', 'b']) },
      { do: 'run' },
    ],
    states: { 'always#1': { a: 'success', b: 'success' } },
  },
  {
    name: 'skip propagates transitively through all_success and stops at all_done',
    dags: [
      dag('skip_chain', [
        t('br', [], { kind: 'branch' }),
        t('x', ['br']),
        t('y', ['br']),
        t('y1', ['y']),
        t('y2', ['y1']),
        t('cleanup', ['y2'], { triggerRule: 'all_done' }),
      ]),
    ],
    script: { br: returns('x') },
    actions: [{ do: 'trigger', dag: 'skip_chain' }, { do: 'run' }],
    states: { 'skip_chain#1': { br: 'success', x: 'success', y: 'skipped', y1: 'skipped', y2: 'skipped', cleanup: 'success' } },
    runs: { 'skip_chain#1': 'success' },
  },
  {
    name: 'upstream_failed propagates transitively in the same step, with the failure time as end date',
    dags: [dag('uf_chain', [t('a'), t('b', ['a']), t('c', ['b']), t('d', ['c'], { triggerRule: 'one_failed' })])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'uf_chain' }, { do: 'run' }],
    states: { 'uf_chain#1': { a: 'failed', b: 'upstream_failed', c: 'upstream_failed', d: 'success' } },
    runs: { 'uf_chain#1': 'success' },
    extra: (c) => {
      const end = c.ti('uf_chain#1', 'a').endDate;
      expect(c.ti('uf_chain#1', 'b').endDate).toBe(end);
      expect(c.ti('uf_chain#1', 'c').endDate).toBe(end);
    },
  },
];

// ── branching and short-circuit ───────────────────────────────────────────────────────────────────────────────────

// br → x, y; y → y2; join ← x, y2 (none_failed_min_one_success)
const branchDag = (id: string, retries = 0) =>
  dag(id, [
    t('br', [], { kind: 'branch', retries, retryDelayMs: 10 }),
    t('x', ['br']),
    t('y', ['br']),
    t('y2', ['y']),
    t('join', ['x', 'y2'], { triggerRule: 'none_failed_min_one_success' }),
  ]);

const branchScenarios: Scenario[] = [
  {
    name: 'branch follows one task: the other direct downstream (and what follows it) is skipped; the join runs',
    dags: [branchDag('branch_one')],
    script: { br: returns('x') },
    actions: [{ do: 'trigger', dag: 'branch_one' }, { do: 'run' }],
    states: { 'branch_one#1': { br: 'success', x: 'success', y: 'skipped', y2: 'skipped', join: 'success' } },
    runs: { 'branch_one#1': 'success' },
    extra: (c) => {
      expect(c.ti('branch_one#1', 'br').returnValue).toBe('x');
      expect(c.h.commandsOf('start_task').map((s) => s.taskId)).toEqual(['br', 'x', 'join']);
    },
  },
  {
    name: 'branch follows a list of tasks: all of them run',
    dags: [branchDag('branch_list')],
    script: { br: returns(['x', 'y']) },
    actions: [{ do: 'trigger', dag: 'branch_list' }, { do: 'run' }],
    states: { 'branch_list#1': { br: 'success', x: 'success', y: 'success', y2: 'success', join: 'success' } },
  },
  {
    name: 'branch returning nothing skips every direct downstream task; the join (all upstream skipped) is skipped',
    dags: [branchDag('branch_none')],
    script: { br: returns(null) },
    actions: [{ do: 'trigger', dag: 'branch_none' }, { do: 'run' }],
    states: { 'branch_none#1': { br: 'success', x: 'skipped', y: 'skipped', y2: 'skipped', join: 'skipped' } },
    runs: { 'branch_none#1': 'success' },
  },
  {
    name: 'branch returning a task that is not directly downstream fails with InvalidBranch',
    dags: [branchDag('branch_invalid')],
    script: { br: returns('join') },
    actions: [{ do: 'trigger', dag: 'branch_invalid' }, { do: 'run' }],
    states: { 'branch_invalid#1': { br: 'failed', x: 'upstream_failed', y: 'upstream_failed', y2: 'upstream_failed', join: 'upstream_failed' } },
    runs: { 'branch_invalid#1': 'failed' },
    extra: (c) => {
      const br = c.ti('branch_invalid#1', 'br');
      expect(br.error?.name).toBe('InvalidBranch');
      expect(br.error?.message).toContain('"join"');
      expect(br.tries[0]).toMatchObject({ state: 'failed', error: { name: 'InvalidBranch' } });
      expect(c.datasetEvents()).toEqual([]);
    },
  },
  {
    name: 'branch returning something that is not a task id (a number) fails with InvalidBranch',
    dags: [branchDag('branch_number')],
    script: { br: returns([1]) },
    actions: [{ do: 'trigger', dag: 'branch_number' }, { do: 'run' }],
    runs: { 'branch_number#1': 'failed' },
    extra: (c) => expect(c.ti('branch_number#1', 'br').error?.name).toBe('InvalidBranch'),
  },
  {
    name: 'an invalid branch is retried like any failure, and the next try may choose well',
    dags: [branchDag('branch_retry', 1)],
    script: { br: [returns('nope'), returns('y')] },
    actions: [{ do: 'trigger', dag: 'branch_retry' }, { do: 'run' }],
    states: { 'branch_retry#1': { br: 'success', x: 'skipped', y: 'success', y2: 'success', join: 'success' } },
    tries: { 'branch_retry#1': { br: 2 } },
  },
  {
    name: "branch (Airflow docs): a direct downstream task that is also downstream of the followed task is not skipped",
    dags: [
      dag('branch_empty', [
        t('br', [], { kind: 'branch' }),
        t('x', ['br']),
        t('other', ['br']),
        t('join', ['br', 'x', 'other'], { triggerRule: 'none_failed_min_one_success' }),
      ]),
    ],
    script: { br: returns('x') },
    actions: [{ do: 'trigger', dag: 'branch_empty' }, { do: 'run' }],
    states: { 'branch_empty#1': { br: 'success', x: 'success', other: 'skipped', join: 'success' } },
    runs: { 'branch_empty#1': 'success' },
  },
  {
    name: 'short_circuit returning false skips ALL downstream tasks, whatever their trigger rules',
    dags: [
      dag('sc_false', [
        t('sc', [], { kind: 'short_circuit' }),
        t('a', ['sc']),
        t('b', ['a']),
        t('c', ['sc'], { triggerRule: 'all_done' }),
        t('d', ['a'], { triggerRule: 'none_failed' }),
        t('e', ['c', 'd'], { triggerRule: 'one_success' }),
        t('f', ['e'], { triggerRule: 'all_skipped' }),
        t('other'),
      ]),
    ],
    script: { sc: returns(false) },
    actions: [{ do: 'trigger', dag: 'sc_false' }, { do: 'run' }],
    states: { 'sc_false#1': { sc: 'success', a: 'skipped', b: 'skipped', c: 'skipped', d: 'skipped', e: 'skipped', f: 'skipped', other: 'success' } },
    runs: { 'sc_false#1': 'success' },
    extra: (c) => expect(c.h.commandsOf('start_task').map((s) => s.taskId).sort()).toEqual(['other', 'sc']),
  },
  {
    name: 'short_circuit returning a falsy value (0) short-circuits too',
    dags: [dag('sc_zero', [t('sc', [], { kind: 'short_circuit' }), t('a', ['sc'], { triggerRule: 'all_done' })])],
    script: { sc: returns(0) },
    actions: [{ do: 'trigger', dag: 'sc_zero' }, { do: 'run' }],
    states: { 'sc_zero#1': { sc: 'success', a: 'skipped' } },
  },
  ...([[], {}, ''] as JsonValue[]).map(
    (value): Scenario => ({
      name: `short_circuit returning ${JSON.stringify(value)} (falsy in Python, as Airflow judges it) short-circuits`,
      dags: [dag('sc_empty', [t('sc', [], { kind: 'short_circuit' }), t('a', ['sc'])])],
      script: { sc: returns(value) },
      actions: [{ do: 'trigger', dag: 'sc_empty' }, { do: 'run' }],
      states: { 'sc_empty#1': { sc: 'success', a: 'skipped' } },
    }),
  ),
  ...([[0], { k: 1 }, 'no'] as JsonValue[]).map(
    (value): Scenario => ({
      name: `short_circuit returning ${JSON.stringify(value)} (truthy) continues`,
      dags: [dag('sc_full', [t('sc', [], { kind: 'short_circuit' }), t('a', ['sc'])])],
      script: { sc: returns(value) },
      actions: [{ do: 'trigger', dag: 'sc_full' }, { do: 'run' }],
      states: { 'sc_full#1': { sc: 'success', a: 'success' } },
    }),
  ),
  {
    name: 'short_circuit returning true lets everything downstream run',
    dags: [dag('sc_true', [t('sc', [], { kind: 'short_circuit' }), t('a', ['sc']), t('b', ['a'])])],
    script: { sc: returns(true) },
    actions: [{ do: 'trigger', dag: 'sc_true' }, { do: 'run' }],
    states: { 'sc_true#1': { sc: 'success', a: 'success', b: 'success' } },
    runs: { 'sc_true#1': 'success' },
  },
];

// ── run state by the leaves ───────────────────────────────────────────────────────────────────────────────────────

const leafScenarios: Scenario[] = [
  {
    name: "run state (Airflow's leaf rule): a failed non-leaf followed by an all_done leaf that succeeds → success",
    dags: [dag('leaf_ok', [t('a'), t('cleanup', ['a'], { triggerRule: 'all_done' })])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'leaf_ok' }, { do: 'run' }],
    states: { 'leaf_ok#1': { a: 'failed', cleanup: 'success' } },
    runs: { 'leaf_ok#1': 'success' },
  },
  {
    name: 'run state: an upstream_failed leaf fails the run',
    dags: [dag('leaf_uf', [t('a'), t('b', ['a'])])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'leaf_uf' }, { do: 'run' }],
    runs: { 'leaf_uf#1': 'failed' },
  },
  {
    name: 'run state: one failed leaf among successful ones fails the run, after the others finish',
    dags: [dag('leaf_mixed', [t('a'), t('b'), t('c', ['b'])])],
    script: { a: 'fail' },
    actions: [
      { do: 'trigger', dag: 'leaf_mixed' },
      { do: 'start', run: 'leaf_mixed#1', task: 'a' },
      { do: 'finish', run: 'leaf_mixed#1', task: 'a' },
      { do: 'check', fn: (c) => expect(c.run('leaf_mixed#1').state).toBe('running') },
      { do: 'run' },
    ],
    states: { 'leaf_mixed#1': { a: 'failed', b: 'success', c: 'success' } },
    runs: { 'leaf_mixed#1': 'failed' },
  },
];

// ── datasets ──────────────────────────────────────────────────────────────────────────────────────────────────────

const producer = (id: string, dataset: string) => dag(id, [t('publish', [], { outlets: [dataset] })]);
const consumer = (id: string, condition: DatasetCondition) => dag(id, [t('use')], { schedule: { type: 'datasets', condition } });

const datasetWorld = [
  producer('p_a', 'A'),
  producer('p_b', 'B'),
  producer('p_c', 'C'),
  consumer('c_and', allOf(cond.on('A'), cond.on('B'))),
  consumer('c_or', anyOf(cond.on('A'), cond.on('B'))),
  consumer('c_mix', allOf(anyOf(cond.on('A'), cond.on('B')), cond.on('C'))),
];

/** Publishes dataset A (or B, C) through its producer DAG p_a (p_b, p_c) and runs everything that follows. */
const publish = (letter: string): Action[] => [{ do: 'trigger', dag: `p_${letter}` }, { do: 'run' }];

const datasetScenarios: Scenario[] = [
  {
    name: 'conditional schedules: a & b, a | b and (a | b) & c run only when satisfied, carry the queued events, and reset',
    dags: datasetWorld,
    // Producer p_a publishes version a1 of dataset A, and so on.
    script: (cmd) => {
      if (cmd.taskId !== 'publish') return 'succeed';
      const letter = cmd.dagId.slice(2);
      return { outputs: [output(ds(letter.toUpperCase()), `${letter}1`)] };
    },
    actions: [
      ...publish('a'),
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.runsOf(dagId('c_or'))).toHaveLength(1);
          expect(c.triggeredBy('c_or#1')).toEqual(['a1']);
          expect(c.h.runsOf(dagId('c_and'))).toHaveLength(0);
          expect(c.h.runsOf(dagId('c_mix'))).toHaveLength(0);
          expect(Object.keys(c.h.state.datasetQueues[dagId('c_and')] ?? {})).toEqual(['A']);
          expect(Object.keys(c.h.state.datasetQueues[dagId('c_mix')] ?? {})).toEqual(['A']);
          expect(c.h.state.datasetQueues[dagId('c_or')]).toEqual({});
        },
      },
      ...publish('c'),
      {
        do: 'check',
        fn: (c) => {
          // (a | b) & c: the queued A plus the new C.
          expect(c.h.runsOf(dagId('c_mix'))).toHaveLength(1);
          expect(c.triggeredBy('c_mix#1')).toEqual(['a1', 'c1']);
          expect(c.h.state.datasetQueues[dagId('c_mix')]).toEqual({});
          expect(c.h.runsOf(dagId('c_and'))).toHaveLength(0);
        },
      },
      ...publish('b'),
      {
        do: 'check',
        fn: (c) => {
          expect(c.triggeredBy('c_and#1')).toEqual(['a1', 'b1']);
          expect(c.triggeredBy('c_or#2')).toEqual(['b1']);
          // c_mix's queue restarted after its run: B alone is queued, not enough without C.
          expect(c.h.runsOf(dagId('c_mix'))).toHaveLength(1);
          expect(Object.keys(c.h.state.datasetQueues[dagId('c_mix')] ?? {})).toEqual(['B']);
          expect(c.h.state.datasetQueues[dagId('c_and')]).toEqual({});
        },
      },
    ],
    runCount: { p_a: 1, p_b: 1, p_c: 1, c_and: 1, c_or: 2, c_mix: 1 },
    runs: { 'c_and#1': 'success', 'c_or#1': 'success', 'c_or#2': 'success', 'c_mix#1': 'success' },
    extra: (c) => {
      for (const label of ['c_and#1', 'c_or#1', 'c_or#2', 'c_mix#1'] as const) {
        const run = c.run(label);
        expect(run.runType).toBe('dataset_triggered');
        // Its tasks got exactly the run's triggering events.
        const start = c.h.commandsOf('start_task').find((s) => s.runId === run.id)!;
        expect(start.triggeringEvents).toEqual(run.triggeringEvents);
        // Every triggering event was recorded, by a producer's successful try.
        for (const event of run.triggeringEvents) expect(c.datasetEvents()).toContainEqual(event);
      }
    },
  },
  {
    name: 'dataset queue: several updates before the condition holds collapse into the newest event per dataset',
    dags: [producer('p_a', 'A'), producer('p_b', 'B'), consumer('c_and', allOf(cond.on('A'), cond.on('B')))],
    actions: [
      { do: 'dataset_event', dataset: 'A', version: 'a1' },
      { do: 'dataset_event', dataset: 'A', version: 'a2' },
      { do: 'dataset_event', dataset: 'B', version: 'b1' },
      { do: 'run' },
    ],
    runCount: { c_and: 1 },
    extra: (c) => expect(c.triggeredBy('c_and#1')).toEqual(['a2', 'b1']),
  },
  {
    name: 'a paused consumer does not queue events, and unpausing it does not replay them',
    dags: [producer('p_a', 'A'), producer('p_b', 'B'), consumer('c_a', cond.on('A')), consumer('c_and', allOf(cond.on('A'), cond.on('B')))],
    actions: [
      { do: 'pause', dag: 'c_a' },
      { do: 'pause', dag: 'c_and' },
      { do: 'dataset_event', dataset: 'A', version: 'a1' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.runsOf(dagId('c_a'))).toHaveLength(0);
          expect(c.h.state.datasetQueues[dagId('c_a')]).toBeUndefined();
          expect(c.h.state.datasetQueues[dagId('c_and')]).toBeUndefined();
          expect(c.datasetEvents()).toHaveLength(1); // the event itself is still recorded
        },
      },
      { do: 'unpause', dag: 'c_a' },
      { do: 'unpause', dag: 'c_and' },
      { do: 'run' },
      { do: 'check', fn: (c) => expect(c.h.runsOf(dagId('c_a'))).toHaveLength(0) },
      // B alone now: c_and missed A while paused, so it still waits.
      { do: 'dataset_event', dataset: 'B', version: 'b1' },
      { do: 'check', fn: (c) => expect(c.h.runsOf(dagId('c_and'))).toHaveLength(0) },
      { do: 'dataset_event', dataset: 'A', version: 'a2' },
      { do: 'run' },
    ],
    runCount: { c_a: 1, c_and: 1 },
    extra: (c) => {
      expect(c.triggeredBy('c_a#1')).toEqual(['a2']);
      expect(c.triggeredBy('c_and#1')).toEqual(['b1', 'a2']);
    },
  },
  {
    name: 'create_dataset_event (manual, source null) triggers consumers like a producer would',
    dags: [producer('p_a', 'A'), consumer('c_a', cond.on('A'))],
    actions: [
      { do: 'dataset_event', dataset: 'A', version: 'manual-1' },
      { do: 'run' },
      {
        do: 'throws',
        action: { do: 'dataset_event', dataset: 'nobody_uses_this' },
        error: /No DAG produces or consumes asset "nobody_uses_this"/,
      },
    ],
    runCount: { c_a: 1, p_a: 0 },
    runs: { 'c_a#1': 'success' },
    extra: (c) => {
      const [event] = c.datasetEvents();
      expect(event).toMatchObject({ datasetId: 'A', versionId: 'manual-1', source: null, extra: {} });
      expect(c.run('c_a#1').triggeringEvents).toEqual([event]);
    },
  },
  {
    name: 'create_dataset_event for a dataset that only a producer knows is recorded and triggers nothing',
    dags: [producer('p_a', 'A')],
    actions: [{ do: 'dataset_event', dataset: 'A' }],
    runCount: { p_a: 0 },
    extra: (c) => expect(c.datasetEvents()).toEqual([expect.objectContaining({ datasetId: 'A', versionId: null, source: null })]),
  },
  {
    name: 'a dataset-triggered run gets the default params of its DAG',
    dags: [
      producer('p_a', 'A'),
      { ...consumer('c_a', cond.on('A')), params: { epochs: { type: 'integer', default: 30, minimum: 1 } } },
    ],
    actions: [{ do: 'dataset_event', dataset: 'A' }, { do: 'run' }],
    extra: (c) => {
      expect(c.run('c_a#1').params).toEqual({ epochs: 30 });
      expect(c.h.commandsOf('start_task')[0]!.params).toEqual({ epochs: 30 });
    },
  },
];

// ── callbacks ─────────────────────────────────────────────────────────────────────────────────────────────────────

const allCallbacks = {
  onExecute: { notify: 'info', message: '{task} starts' },
  onSuccess: { notify: 'success' },
  onFailure: { notify: 'error', message: '{task} failed: {error}' },
  onRetry: { notify: 'warning' },
} as const;
const dagCallbacks = { onSuccess: { notify: 'success' }, onFailure: { notify: 'error' } } as const;

const callbackScenarios: Scenario[] = [
  {
    name: 'callbacks: on_execute / on_retry / on_success / on_failure per task and on_failure per DAG, in order',
    dags: [
      dag('cb', [t('a', [], { retries: 1, retryDelayMs: 10, callbacks: allCallbacks }), t('b', ['a'], { callbacks: allCallbacks }), t('c', ['b'], { callbacks: allCallbacks })], {
        callbacks: dagCallbacks,
      }),
    ],
    script: { a: failTimes(1), b: { fail: 'bad', name: 'ValueError' } },
    actions: [{ do: 'trigger', dag: 'cb' }, { do: 'run' }],
    runs: { 'cb#1': 'failed' },
    extra: (c) => {
      expect(c.callbacks()).toEqual([
        'task:on_execute:a#1',
        'task:on_retry:a#1',
        'task:on_execute:a#2',
        'task:on_success:a#2',
        'task:on_execute:b#1',
        'task:on_failure:b#1',
        'dag:on_failure',
      ]);
      const failure = c.h.commandsOf('callback').find((x) => x.kind === 'on_failure' && x.scope === 'task')!;
      expect(failure).toMatchObject({
        dagId: 'cb',
        runId: c.id('cb#1'),
        spec: allCallbacks.onFailure,
        error: { name: 'ValueError', message: 'bad' },
      });
      const dagFailure = c.h.commandsOf('callback').find((x) => x.scope === 'dag')!;
      expect(dagFailure).toEqual({ type: 'callback', scope: 'dag', kind: 'on_failure', spec: dagCallbacks.onFailure, dagId: 'cb', runId: c.id('cb#1') });
    },
  },
  {
    name: 'callbacks: a successful run fires the DAG on_success once; tasks without callbacks fire nothing',
    dags: [dag('cb_ok', [t('a'), t('b', ['a'], { callbacks: { onSuccess: { notify: 'success' } } })], { callbacks: dagCallbacks })],
    actions: [{ do: 'trigger', dag: 'cb_ok' }, { do: 'run' }],
    extra: (c) => expect(c.callbacks()).toEqual(['task:on_success:b#1', 'dag:on_success']),
  },
  {
    name: 'callbacks do not fire for skipped or upstream_failed tasks',
    dags: [dag('cb_skip', [t('a'), t('b', ['a'], { callbacks: allCallbacks }), t('sc', [], { kind: 'short_circuit' }), t('d', ['sc'], { callbacks: allCallbacks })])],
    script: { a: 'fail', sc: returns(false) },
    actions: [{ do: 'trigger', dag: 'cb_skip' }, { do: 'run' }],
    states: { 'cb_skip#1': { a: 'failed', b: 'upstream_failed', sc: 'success', d: 'skipped' } },
    extra: (c) => expect(c.callbacks()).toEqual([]),
  },
  {
    name: 'mark_task fires no callbacks: not for the task marked, nor for the DAG when a finished run changes state',
    dags: [dag('cb_mark', [t('a', [], { callbacks: allCallbacks }), t('b', [], { callbacks: allCallbacks })], { callbacks: dagCallbacks })],
    script: { a: 'fail', b: 'hang' },
    actions: [
      { do: 'trigger', dag: 'cb_mark' },
      { do: 'drain' },
      { do: 'check', fn: (c) => expect(c.callbacks()).toEqual(['task:on_execute:a#1', 'task:on_failure:a#1', 'task:on_execute:b#1']) },
      { do: 'mark', run: 'cb_mark#1', task: 'b', state: 'failed' },
      { do: 'check', fn: (c) => expect(c.run('cb_mark#1').state).toBe('failed') },
      { do: 'mark', run: 'cb_mark#1', task: 'a', state: 'success' },
      { do: 'mark', run: 'cb_mark#1', task: 'b', state: 'success' },
    ],
    runs: { 'cb_mark#1': 'success' },
    extra: (c) => {
      // No task callback for any mark. The first mark ended the running run, and the scheduler noticing that end
      // fires the DAG's on_failure (in Airflow too, the next scheduler loop would); the two marks on the finished
      // run then re-decide its state without any callback.
      expect(c.callbacks().slice(3)).toEqual(['dag:on_failure']);
      expect(c.h.commandsOf('run_finished').map((r) => r.state)).toEqual(['failed', 'failed', 'success']);
    },
  },
];

// ── concurrency ──────────────────────────────────────────────────────────────────────────────────────────────────

const wideDag = (id: string, n: number, options: Partial<DagDefinition> = {}, taskOptions: TaskOptions = {}) =>
  dag(id, Array.from({ length: n }, (_, i) => t(`t${i}`, [], taskOptions)), options);

const concurrencyScenarios: Scenario[] = [
  {
    name: 'maxActiveTasks limits the tries of one DAG queued or running at once, over all its runs',
    dags: [wideDag('mat', 5, { maxActiveTasks: 2 }), wideDag('free', 3)],
    config: 8,
    actions: [
      { do: 'trigger', dag: 'mat' },
      { do: 'trigger', dag: 'mat' },
      { do: 'trigger', dag: 'free' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.state.usage.byDag[dagId('mat')]).toBe(2);
          expect(c.h.state.usage.byDag[dagId('free')]).toBe(3);
          expect(Object.values(c.h.states(c.id('mat#2')))).toEqual(Array(5).fill('scheduled'));
        },
      },
      { do: 'run' },
    ],
    runs: { 'mat#1': 'success', 'mat#2': 'success', 'free#1': 'success' },
    extra: (c) => expect(c.peak((s) => s.usage.byDag[dagId('mat')] ?? 0)).toBe(2),
  },
  {
    name: 'maxActiveRuns: extra runs stay queued until one finishes, then start in creation order',
    dags: [dag('mar', [t('a'), t('b', ['a'])], { maxActiveRuns: 1 })],
    actions: [
      { do: 'trigger', dag: 'mar' },
      { do: 'trigger', dag: 'mar' },
      { do: 'trigger', dag: 'mar' },
      {
        do: 'check',
        fn: (c) => {
          expect(['mar#1', 'mar#2', 'mar#3'].map((l) => c.run(l as RunLabel).state)).toEqual(['running', 'queued', 'queued']);
          expect(c.run('mar#2').startDate).toBeNull();
          expect(c.h.pending).toHaveLength(1);
        },
      },
      { do: 'run' },
    ],
    runs: { 'mar#1': 'success', 'mar#2': 'success', 'mar#3': 'success' },
    extra: (c) => {
      const runs = c.h.runsOf(dagId('mar'));
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.startDate).toBeGreaterThanOrEqual(runs[i - 1]!.endDate!);
      expect(c.peak((s) => Object.values(s.runs).filter((r) => r.state === 'running').length)).toBe(1);
    },
  },
  {
    name: 'maxActiveRuns with a failing run: the next queued run starts when it fails',
    dags: [dag('mar_fail', [t('a')], { maxActiveRuns: 1 })],
    script: (cmd) => (cmd.runId.endsWith('__1') ? 'fail' : 'succeed'), // run ids end in their seq
    actions: [
      { do: 'trigger', dag: 'mar_fail' },
      { do: 'trigger', dag: 'mar_fail' },
      { do: 'check', fn: (c) => expect(c.run('mar_fail#2').state).toBe('queued') },
      { do: 'run' },
    ],
    runs: { 'mar_fail#1': 'failed', 'mar_fail#2': 'success' },
  },
  {
    name: 'named pools: tries take poolSlots from their pool and never exceed its slots',
    dags: [
      dag('pools', [
        t('g1', [], { pool: 'gpu' }),
        t('g2', [], { pool: 'gpu' }),
        t('big', [], { pool: 'gpu', poolSlots: 2 }),
        t('g3', [], { pool: 'gpu' }),
        t('cpu1'),
        t('cpu2'),
      ]),
    ],
    config: { parallelism: 8, pools: { gpu: 2 } },
    actions: [
      { do: 'trigger', dag: 'pools' },
      {
        do: 'check',
        fn: (c) => {
          const states = c.h.states(c.id('pools#1'));
          expect(states).toEqual({ g1: 'queued', g2: 'queued', big: 'scheduled', g3: 'scheduled', cpu1: 'queued', cpu2: 'queued' });
          expect(c.h.state.usage.byPool).toEqual({ gpu: 2, default_pool: 2 });
        },
      },
      { do: 'run' },
    ],
    runs: { 'pools#1': 'success' },
    extra: (c) => {
      expect(c.peak((s) => s.usage.byPool['gpu'] ?? 0)).toBe(2);
      // While big ran, it held both gpu slots alone.
      for (const s of c.h.steps) {
        const run = Object.values(s.after.runs)[0]!;
        const busy = (id: string) => ['queued', 'running'].includes(run.tasks.find((ti) => ti.taskId === id)!.state);
        if (busy('big')) expect(['g1', 'g2', 'g3'].some(busy)).toBe(false);
      }
    },
  },
  {
    name: 'global parallelism limits tries over all DAGs',
    dags: [wideDag('p1', 3), wideDag('p2', 3)],
    config: 2,
    actions: [{ do: 'trigger', dag: 'p1' }, { do: 'trigger', dag: 'p2' }, { do: 'run' }],
    runs: { 'p1#1': 'success', 'p2#1': 'success' },
    extra: (c) => {
      expect(c.peak((s) => s.usage.total)).toBe(2);
      expect(c.peak((s) => Object.values(s.runs).flatMap((r) => r.tasks).filter((ti) => ['queued', 'running'].includes(ti.state)).length)).toBe(2);
    },
  },
];

// ── pause, params ─────────────────────────────────────────────────────────────────────────────────────────────────

const pauseScenarios: Scenario[] = [
  {
    name: "pause: running tries finish, but a paused DAG's runs start no new tries and new runs stay queued; unpause resumes",
    dags: [dag('pz', [t('a'), t('b', ['a'], { retries: 1, retryDelayMs: 50 })])],
    script: { b: failTimes(1) },
    actions: [
      { do: 'trigger', dag: 'pz' },
      { do: 'pause', dag: 'pz' },
      { do: 'run' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.states(c.id('pz#1'))).toEqual({ a: 'success', b: 'scheduled' });
          expect(c.h.pending).toEqual([]);
        },
      },
      { do: 'trigger', dag: 'pz' },
      { do: 'check', fn: (c) => expect(c.run('pz#2').state).toBe('queued') },
      { do: 'unpause', dag: 'pz' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.run('pz#2').state).toBe('running');
          expect(c.h.pending.map((p) => p.taskId)).toEqual(['b', 'a']);
        },
      },
      { do: 'drain' },
      // b failed once and waits for its retry; pausing now keeps the retry from starting when due.
      { do: 'pause', dag: 'pz' },
      { do: 'run' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.commandsOf('start_task').filter((s) => s.taskId === 'b' && s.tryNumber === 2)).toHaveLength(0);
          expect(c.ti('pz#1', 'b').state).toBe('scheduled');
        },
      },
      { do: 'unpause', dag: 'pz' },
      { do: 'run' },
    ],
    runs: { 'pz#1': 'success', 'pz#2': 'success' },
    tries: { 'pz#1': { a: 1, b: 2 }, 'pz#2': { a: 1, b: 2 } },
  },
  {
    name: 'trigger with params: defaults filled, given values kept, handed to every try',
    dags: [dag('prm', [t('a'), t('b', ['a'])], { params: { epochs: { type: 'integer', default: 30, minimum: 1 }, mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] } } })],
    actions: [{ do: 'trigger', dag: 'prm', params: { epochs: 5 } }, { do: 'run' }],
    runs: { 'prm#1': 'success' },
    extra: (c) => {
      expect(c.run('prm#1').params).toEqual({ epochs: 5, mode: 'fast' });
      for (const s of c.h.commandsOf('start_task')) expect(s.params).toEqual({ epochs: 5, mode: 'fast' });
    },
  },
  {
    name: 'trigger with bad params throws naming the param, and creates no run',
    dags: [dag('prm_bad', [t('a')], { params: { epochs: { type: 'integer', default: 30, minimum: 1 } } })],
    actions: [
      { do: 'throws', action: { do: 'trigger', dag: 'prm_bad', params: { epochs: 0 } }, error: /Cannot trigger "prm_bad".*Param "epochs" must be ≥ 1/ },
      { do: 'throws', action: { do: 'trigger', dag: 'prm_bad', params: { epochs: 1.5 } }, error: /"epochs" must be a whole number/ },
      { do: 'throws', action: { do: 'trigger', dag: 'prm_bad', params: { lr: 1 } }, error: /Unknown param "lr"/ },
      { do: 'throws', action: { do: 'trigger', dag: 'no_such_dag' }, error: /Unknown DAG "no_such_dag"/ },
    ],
    runCount: { prm_bad: 0 },
    extra: (c) => expect(c.h.commands).toEqual([]),
  },
];

// ── clear and mark ─────────────────────────────────────────────────────────────────────────────────────────────────

const clearScenarios: Scenario[] = [
  {
    name: 'clear_task without downstream: the failed task gets its retries renewed, the finished run reopens and completes',
    dags: [dag('clr', [t('a'), t('b', ['a'], { retries: 1, retryDelayMs: 10 }), t('c', ['b'], { triggerRule: 'all_done' })])],
    script: { b: failTimes(2) },
    actions: [
      { do: 'trigger', dag: 'clr' },
      { do: 'run' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.states(c.id('clr#1'))).toEqual({ a: 'success', b: 'failed', c: 'success' });
          // c (all_done) is the only leaf and succeeded: the run succeeded although b failed.
          expect(c.run('clr#1').state).toBe('success');
          expect(c.ti('clr#1', 'b').maxTries).toBe(2);
        },
      },
      { do: 'clear', run: 'clr#1', task: 'b' },
      {
        do: 'check',
        fn: (c) => {
          const b = c.ti('clr#1', 'b');
          expect(b).toMatchObject({ state: 'queued', tryNumber: 3, maxTries: 4, note: 'cleared' });
          expect(b.error).toBeUndefined();
          expect(c.run('clr#1')).toMatchObject({ state: 'running', endDate: null });
          expect(c.ti('clr#1', 'c').state).toBe('success'); // not cleared
        },
      },
      { do: 'run' },
    ],
    states: { 'clr#1': { a: 'success', b: 'success', c: 'success' } },
    runs: { 'clr#1': 'success' },
    tries: { 'clr#1': { a: 1, b: 3, c: 1 } },
    extra: (c) => {
      expect(c.ti('clr#1', 'b').tries.map((x) => x.state)).toEqual(['failed', 'failed', 'success']);
      expect(c.h.commandsOf('run_finished').map((r) => r.state)).toEqual(['success', 'success']);
    },
  },
  {
    name: 'clear_task with downstream: the task and everything after it run again',
    dags: [dag('clr_down', [t('a'), t('b', ['a']), t('c', ['b']), t('side')])],
    actions: [
      { do: 'trigger', dag: 'clr_down' },
      { do: 'run' },
      { do: 'clear', run: 'clr_down#1', task: 'b', downstream: true },
      { do: 'check', fn: (c) => expect(c.h.states(c.id('clr_down#1'))).toEqual({ a: 'success', b: 'queued', c: 'none', side: 'success' }) },
      { do: 'run' },
    ],
    runs: { 'clr_down#1': 'success' },
    tries: { 'clr_down#1': { a: 1, b: 2, c: 2, side: 1 } },
  },
  {
    name: 'clear_task after retries ran out: a failing task gets retries+1 new tries',
    dags: [dag('clr_retry', [t('a', [], { retries: 1, retryDelayMs: 10 })])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'clr_retry' }, { do: 'run' }, { do: 'clear', run: 'clr_retry#1', task: 'a' }, { do: 'run' }],
    runs: { 'clr_retry#1': 'failed' },
    tries: { 'clr_retry#1': { a: 4 } },
    extra: (c) => expect(c.h.commandsOf('run_finished').map((r) => r.state)).toEqual(['failed', 'failed']),
  },
  {
    name: 'clear_task of a running try stops it (reason cleared) and starts a new try; the old report is ignored',
    dags: [dag('clr_run', [t('a'), t('b', ['a'])])],
    actions: [
      { do: 'trigger', dag: 'clr_run' },
      { do: 'start', run: 'clr_run#1', task: 'a' },
      { do: 'clear', run: 'clr_run#1', task: 'a' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.stopped).toEqual([{ type: 'stop_task', runId: c.id('clr_run#1'), taskId: 'a', tryNumber: 1, reason: 'cleared' }]);
          expect(c.ti('clr_run#1', 'a')).toMatchObject({ state: 'queued', tryNumber: 2 });
          expect(c.h.state.usage.total).toBe(1);
        },
      },
      { do: 'finish', run: 'clr_run#1', task: 'a', outcome: 'succeed' }, // try 1, stale
      { do: 'check', fn: (c) => expect(c.ti('clr_run#1', 'a').state).toBe('queued') },
      { do: 'run' },
    ],
    runs: { 'clr_run#1': 'success' },
    tries: { 'clr_run#1': { a: 2, b: 1 } },
  },
  {
    name: 'clear_task of an upstream_failed task whose upstream still failed: it is upstream_failed again',
    dags: [dag('clr_uf', [t('a'), t('b', ['a'])])],
    script: { a: 'fail' },
    actions: [{ do: 'trigger', dag: 'clr_uf' }, { do: 'run' }, { do: 'clear', run: 'clr_uf#1', task: 'b' }, { do: 'run' }],
    states: { 'clr_uf#1': { a: 'failed', b: 'upstream_failed' } },
    runs: { 'clr_uf#1': 'failed' },
    tries: { 'clr_uf#1': { a: 1, b: 0 } },
  },
  {
    name: 'clearing an unknown task throws',
    dags: [dag('clr_unknown', [t('a')])],
    actions: [{ do: 'trigger', dag: 'clr_unknown' }, { do: 'throws', action: { do: 'clear', run: 'clr_unknown#1', task: 'zz' }, error: /No task "zz"/ }],
  },
];

const markScenarios: Scenario[] = [
  {
    name: 'mark_task success on a running try: stopped (reason marked), downstream runs, no callbacks, no dataset event',
    dags: [
      dag('mk', [t('a', [], { outlets: ['A'], callbacks: allCallbacks }), t('b', ['a'])]),
      consumer('mk_consumer', cond.on('A')),
    ],
    actions: [
      { do: 'trigger', dag: 'mk' },
      { do: 'start', run: 'mk#1', task: 'a' },
      { do: 'mark', run: 'mk#1', task: 'a', state: 'success' },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.stopped).toEqual([{ type: 'stop_task', runId: c.id('mk#1'), taskId: 'a', tryNumber: 1, reason: 'marked' }]);
          const a = c.ti('mk#1', 'a');
          expect(a).toMatchObject({ state: 'success', note: 'marked success' });
          expect(a.tries).toEqual([expect.objectContaining({ tryNumber: 1, state: 'success' })]);
          expect(c.ti('mk#1', 'b').state).toBe('queued');
          expect(c.h.state.usage.total).toBe(1);
        },
      },
      { do: 'finish', run: 'mk#1', task: 'a', outcome: 'fail' }, // the stopped worker's late report
      { do: 'run' },
    ],
    states: { 'mk#1': { a: 'success', b: 'success' } },
    runs: { 'mk#1': 'success' },
    runCount: { mk_consumer: 0 },
    extra: (c) => {
      expect(c.datasetEvents()).toEqual([]);
      expect(c.callbacks()).toEqual(['task:on_execute:a#1']);
    },
  },
  {
    name: 'mark_task failed on a running try: downstream upstream_failed, run failed, no on_failure callback',
    dags: [dag('mkf', [t('a', [], { callbacks: allCallbacks, retries: 3 }), t('b', ['a']), t('c', ['a'], { triggerRule: 'one_failed' })])],
    actions: [
      { do: 'trigger', dag: 'mkf' },
      { do: 'start', run: 'mkf#1', task: 'a' },
      { do: 'mark', run: 'mkf#1', task: 'a', state: 'failed' },
      { do: 'run' },
    ],
    states: { 'mkf#1': { a: 'failed', b: 'upstream_failed', c: 'success' } },
    runs: { 'mkf#1': 'failed' },
    tries: { 'mkf#1': { a: 1 } },
    extra: (c) => {
      expect(c.h.stopped.map((s) => s.reason)).toEqual(['marked']);
      expect(c.callbacks()).toEqual(['task:on_execute:a#1']);
    },
  },
  {
    name: 'mark_task on an up_for_retry task: its retry never starts',
    dags: [dag('mk_retry', [t('a', [], { retries: 2, retryDelayMs: 100 })])],
    script: { a: 'fail' },
    actions: [
      { do: 'trigger', dag: 'mk_retry' },
      { do: 'drain' },
      { do: 'check', fn: (c) => expect(c.ti('mk_retry#1', 'a').state).toBe('up_for_retry') },
      { do: 'mark', run: 'mk_retry#1', task: 'a', state: 'success' },
      { do: 'check', fn: (c) => expect(c.h.wakeAt).toBeNull() },
      { do: 'advance', ms: 1_000 },
      { do: 'tick' },
    ],
    runs: { 'mk_retry#1': 'success' },
    tries: { 'mk_retry#1': { a: 1 } },
    extra: (c) => expect(c.ti('mk_retry#1', 'a').tries[0]!.state).toBe('failed'),
  },
  {
    name: "mark_task on a finished run: the run's state follows its leaves again, silently",
    dags: [dag('mk_done', [t('a'), t('b')], { callbacks: dagCallbacks })],
    script: { a: 'fail' },
    actions: [
      { do: 'trigger', dag: 'mk_done' },
      { do: 'run' },
      { do: 'check', fn: (c) => expect(c.run('mk_done#1').state).toBe('failed') },
      { do: 'mark', run: 'mk_done#1', task: 'a', state: 'success' },
      { do: 'check', fn: (c) => expect(c.run('mk_done#1').state).toBe('success') },
      { do: 'mark', run: 'mk_done#1', task: 'b', state: 'failed' },
    ],
    states: { 'mk_done#1': { a: 'success', b: 'failed' } },
    runs: { 'mk_done#1': 'failed' },
    extra: (c) => {
      expect(c.callbacks()).toEqual(['dag:on_failure']);
      expect(c.h.commandsOf('run_finished').map((r) => r.state)).toEqual(['failed', 'success', 'failed']);
      expect(c.h.commandsOf('start_task')).toHaveLength(2);
      expect(c.ti('mk_done#1', 'b').tries.map((x) => x.state)).toEqual(['success']); // a finished try keeps its outcome
    },
  },
  {
    name: 'mark_task with the state a task already has changes nothing',
    dags: [dag('mk_same', [t('a')])],
    actions: [
      { do: 'trigger', dag: 'mk_same' },
      { do: 'run' },
      {
        do: 'check',
        fn: (c) => {
          const before = c.h.state;
          const recorded = c.h.mark(c.id('mk_same#1'), taskId('a'), 'success');
          expect(recorded.commands).toEqual([]);
          expect(recorded.after.runs).toBe(before.runs);
        },
      },
    ],
    runs: { 'mk_same#1': 'success' },
  },
];

// ── restore ───────────────────────────────────────────────────────────────────────────────────────────────────────

const v1 = dag('evolving', [t('a'), t('b', ['a']), t('old', ['a'])]);
const v2 = dag('evolving', [t('a'), t('b', ['a']), t('fresh', ['a']), t('root2')]);

const restoreScenarios: Scenario[] = [
  {
    name: 'restoreSchedulerState: a lost task becomes removed, a new one gets a none instance, and the run completes',
    dags: [v1],
    actions: [
      { do: 'trigger', dag: 'evolving' },
      { do: 'start', run: 'evolving#1', task: 'a' },
      { do: 'restore', dags: [v2] },
      {
        do: 'check',
        fn: (c) => {
          const run = c.run('evolving#1');
          expect(run.tasks.map((ti) => [ti.taskId, ti.state])).toEqual([
            ['a', 'running'],
            ['b', 'none'],
            ['fresh', 'none'],
            ['root2', 'none'],
            ['old', 'removed'],
          ]);
          expect(run.unfinished).toBe(4);
          expect(c.h.state.usage.total).toBe(1);
        },
      },
      { do: 'finish', run: 'evolving#1', task: 'a', outcome: 'succeed' },
      { do: 'run' },
    ],
    states: { 'evolving#1': { a: 'success', b: 'success', fresh: 'success', root2: 'success', old: 'removed' } },
    runs: { 'evolving#1': 'success' },
    extra: (c) => {
      const run = c.run('evolving#1');
      expect(run.startDate).toBe(run.queuedAt); // started once, at trigger time: the reload does not restart it
      expect(c.h.commandsOf('run_created')).toHaveLength(1);
      expect(c.h.commandsOf('run_finished')).toHaveLength(1);
      // The removed instance keeps its history and counts for nothing.
      expect(run.tasks.at(-1)).toMatchObject({ taskId: 'old', state: 'removed', tries: [] });
    },
  },
  {
    name: 'restoreSchedulerState: a new task whose upstream already finished is scheduled, not forgotten',
    dags: [v1],
    actions: [
      { do: 'trigger', dag: 'evolving' },
      { do: 'start', run: 'evolving#1', task: 'a' },
      { do: 'finish', run: 'evolving#1', task: 'a', outcome: 'succeed' },
      { do: 'start', run: 'evolving#1', task: 'b' },
      { do: 'restore', dags: [v2] },
      // What the coordinator does after a reload: the try in flight is lost, and taken up again.
      { do: 'lose', run: 'evolving#1', task: 'b' },
      { do: 'run' },
    ],
    states: { 'evolving#1': { a: 'success', b: 'success', fresh: 'success', root2: 'success', old: 'removed' } },
    runs: { 'evolving#1': 'success' },
    tries: { 'evolving#1': { b: 2 } },
  },
  {
    name: 'restoreSchedulerState keeps finished runs, queues, pauses and counters; new runs continue the sequence',
    dags: [producer('p_a', 'A'), producer('p_b', 'B'), consumer('c_and', allOf(cond.on('A'), cond.on('B')))],
    actions: [
      { do: 'trigger', dag: 'p_a' },
      { do: 'run' },
      { do: 'pause', dag: 'p_b' },
      { do: 'restore', dags: [producer('p_a', 'A'), producer('p_b', 'B'), consumer('c_and', allOf(cond.on('A'), cond.on('B')))] },
      {
        do: 'check',
        fn: (c) => {
          expect(c.h.state.paused[dagId('p_b')]).toBe(true);
          expect(Object.keys(c.h.state.datasetQueues[dagId('c_and')] ?? {})).toEqual(['A']);
          expect(c.h.state.nextEventId).toBe(2);
        },
      },
      { do: 'unpause', dag: 'p_b' },
      { do: 'trigger', dag: 'p_b' },
      { do: 'run' },
    ],
    runCount: { p_a: 1, p_b: 1, c_and: 1 },
    runs: { 'p_a#1': 'success', 'p_b#1': 'success', 'c_and#1': 'success' },
    extra: (c) => {
      expect(c.run('c_and#1').triggeringEvents.map((e) => e.id)).toEqual([1, 2]);
      expect(c.h.runsOf(dagId('p_b'))[0]!.seq).toBe(2);
      expect(c.run('c_and#1').seq).toBe(3);
    },
  },
];

// ── tries lost with the page (closed or reloaded) ────────────────────────────────────────────────────────────────

/** Each try of a task as `state` or `lost`. */
const tryStates = (ti: TaskInstance) => ti.tries.map((x) => (x.lost ? 'lost' : x.state));

const lostScenarios: Scenario[] = [
  {
    name: 'a running try of a task without retries is lost: a new try takes it up at once, and the run succeeds',
    dags: [dag('lost', [t('a'), t('predict', ['a'], { callbacks: { onRetry: { notify: 'warning' }, onFailure: { notify: 'error' } } }), t('save', ['predict'])])],
    actions: [
      { do: 'trigger', dag: 'lost' },
      { do: 'drain' },
      { do: 'check', fn: (c) => expect(c.ti('lost#1', 'predict').state).toBe('success') },
      { do: 'trigger', dag: 'lost' },
      { do: 'start', run: 'lost#2', task: 'a' },
      { do: 'finish', run: 'lost#2', task: 'a', outcome: 'succeed' },
      { do: 'start', run: 'lost#2', task: 'predict' },
      { do: 'lose', run: 'lost#2', task: 'predict' },
      {
        do: 'check',
        fn: (c) => {
          const predict = c.ti('lost#2', 'predict');
          // No retry delay, no retry used: queued again in the same step, its allowed tries raised by one.
          expect(predict).toMatchObject({ state: 'queued', tryNumber: 2, maxTries: 2, nextRetryAt: null });
          expect(predict.error).toBeUndefined();
          expect(predict.tries[0]).toMatchObject({ state: 'failed', lost: true, error: { name: 'TaskLost' }, endDate: c.h.steps.at(-1)!.now });
          expect(predict.tries[0]!.error!.message).toContain('while try 1 was running. Try 2 takes the task up again without using a retry');
          expect(c.h.pending.map((p) => [p.taskId, p.tryNumber])).toEqual([['predict', 2]]);
        },
      },
      { do: 'run' },
    ],
    runs: { 'lost#2': 'success' },
    states: { 'lost#2': { a: 'success', predict: 'success', save: 'success' } },
    tries: { 'lost#2': { a: 1, predict: 2, save: 1 } },
    // The task did not fail: neither on_retry nor on_failure.
    extra: (c) => expect(c.callbacks()).toEqual([]),
  },
  {
    name: 'a queued try (waiting for a worker) is lost and taken up the same way',
    dags: [dag('queued', [t('a')])],
    actions: [
      { do: 'trigger', dag: 'queued' },
      { do: 'lose', run: 'queued#1', task: 'a' },
      { do: 'check', fn: (c) => expect(c.ti('queued#1', 'a').tries[0]!.error!.message).toContain('while try 1 was waiting for a worker') },
      { do: 'run' },
    ],
    runs: { 'queued#1': 'success' },
    extra: (c) => expect(tryStates(c.ti('queued#1', 'a'))).toEqual(['lost', 'success']),
  },
  {
    name: 'a lost try keeps the retries: lost, failed, retried after its delay, succeeded',
    dags: [dag('keeps', [t('a', [], { retries: 1, retryDelayMs: 1_000 })])],
    script: { a: ['succeed', 'fail', 'succeed'] }, // by try number: try 1 is lost before it reports
    actions: [
      { do: 'trigger', dag: 'keeps' },
      { do: 'lose', run: 'keeps#1', task: 'a' },
      { do: 'drain' },
      { do: 'check', fn: (c) => expect(c.ti('keeps#1', 'a')).toMatchObject({ state: 'up_for_retry', tryNumber: 2, maxTries: 3 }) },
      { do: 'run' },
    ],
    runs: { 'keeps#1': 'success' },
    extra: (c) => {
      const a = c.ti('keeps#1', 'a');
      expect(tryStates(a)).toEqual(['lost', 'failed', 'success']);
      expect(gaps(a)[1]).toBeGreaterThanOrEqual(1_000);
    },
  },
  {
    name: 'a running try lost with its timeout pending: the timeout is dropped, the new try gets its own',
    dags: [dag('timed', [t('a', [], { executionTimeoutMs: 500 })])],
    actions: [
      { do: 'trigger', dag: 'timed' },
      { do: 'start', run: 'timed#1', task: 'a' },
      { do: 'lose', run: 'timed#1', task: 'a' },
      { do: 'check', fn: (c) => expect(c.h.state.timers).toEqual([]) },
      { do: 'start', run: 'timed#1', task: 'a' },
      { do: 'check', fn: (c) => expect(c.h.state.timers.map((x) => [x.kind, x.tryNumber])).toEqual([['timeout', 2]]) },
      { do: 'finish', run: 'timed#1', task: 'a', outcome: 'succeed' },
    ],
    runs: { 'timed#1': 'success' },
    tries: { 'timed#1': { a: 2 } },
  },
  {
    name: 'tries lost three times in a row are taken up; the fourth lost in a row counts as a failure (a page that crashes on it)',
    dags: [dag('crashy', [t('a', [], { retries: 1, retryDelayMs: 100, callbacks: { onRetry: { notify: 'warning' } } })])],
    actions: [
      { do: 'trigger', dag: 'crashy' },
      { do: 'lose', run: 'crashy#1', task: 'a' },
      { do: 'lose', run: 'crashy#1', task: 'a' },
      { do: 'lose', run: 'crashy#1', task: 'a' },
      { do: 'check', fn: (c) => expect(c.ti('crashy#1', 'a')).toMatchObject({ state: 'queued', tryNumber: 4, maxTries: 5 }) },
      { do: 'lose', run: 'crashy#1', task: 'a' },
      {
        do: 'check',
        fn: (c) => {
          const a = c.ti('crashy#1', 'a');
          expect(a).toMatchObject({ state: 'up_for_retry', tryNumber: 4, maxTries: 5, error: { name: 'TaskLost' } });
          expect(a.error!.message).toContain('as were the 3 tries before it');
          expect(c.callbacks()).toEqual(['task:on_retry:a#4']);
        },
      },
      { do: 'run' },
    ],
    runs: { 'crashy#1': 'success' },
    extra: (c) => expect(tryStates(c.ti('crashy#1', 'a'))).toEqual(['lost', 'lost', 'lost', 'failed', 'success']),
  },
  {
    name: 'a lost try ends when it was last heard of, within its start and now (the pages\' clocks may differ)',
    dags: [dag('seen', [t('a'), t('b'), t('c')])],
    actions: [
      { do: 'trigger', dag: 'seen' },
      { do: 'start', run: 'seen#1', task: 'a' },
      { do: 'start', run: 'seen#1', task: 'b' },
      { do: 'start', run: 'seen#1', task: 'c' },
      { do: 'advance', ms: 10 * 3_600_000 },
      {
        do: 'check',
        fn: (c) => {
          const lose = (task: string, lastSeenAt: number) => {
            c.held.delete(`seen#1/${task}`);
            c.h.send({ type: 'task_lost', runId: c.id('seen#1'), taskId: taskId(task), tryNumber: 1, lastSeenAt });
            return c.ti('seen#1', task).tries[0]!;
          };
          const started = c.ti('seen#1', 'a').tries[0]!.startDate!;
          expect(lose('a', started + 4_000).endDate).toBe(started + 4_000);
          expect(lose('b', started - 3_600_000).endDate).toBe(c.ti('seen#1', 'b').tries[0]!.startDate);
          const now = c.h.now;
          expect(lose('c', now + 3_600_000).endDate).toBe(now);
        },
      },
      { do: 'run' },
    ],
    runs: { 'seen#1': 'success' },
    tries: { 'seen#1': { a: 2, b: 2, c: 2 } },
  },
  {
    name: 'a late task_lost about a try that already ended changes nothing',
    dags: [dag('late', [t('a'), t('b', ['a'])])],
    actions: [
      { do: 'trigger', dag: 'late' },
      { do: 'start', run: 'late#1', task: 'a' },
      { do: 'finish', run: 'late#1', task: 'a', outcome: 'succeed' },
      {
        do: 'check',
        fn: (c) => {
          const before = c.h.state;
          const r = c.h.send({ type: 'task_lost', runId: c.id('late#1'), taskId: taskId('a'), tryNumber: 1 });
          expect(r.commands).toEqual([]);
          expect(c.h.state.runs).toBe(before.runs);
        },
      },
      { do: 'run' },
    ],
    runs: { 'late#1': 'success' },
    tries: { 'late#1': { a: 1, b: 1 } },
  },
  {
    name: 'a producer task lost after its output was written emits its dataset event once, from the try that took it up',
    dags: [dag('prod', [t('make', [], { outlets: ['A'] })]), dag('cons', [t('use')], { schedule: { type: 'datasets', condition: cond.on('A') } })],
    script: { make: { outputs: [output(ds('A'), 'make-2')] } },
    actions: [
      { do: 'trigger', dag: 'prod' },
      { do: 'start', run: 'prod#1', task: 'make' },
      { do: 'lose', run: 'prod#1', task: 'make' },
      { do: 'run' },
    ],
    runs: { 'prod#1': 'success', 'cons#1': 'success' },
    runCount: { cons: 1 },
    extra: (c) => {
      expect(c.datasetEvents().map((e) => [e.versionId, e.source?.tryNumber])).toEqual([['make-2', 2]]);
      expect(c.triggeredBy('cons#1')).toEqual(['make-2']);
    },
  },
];

// ── the wall clock set while the scheduler runs, or between two pages ────────────────────────────────────────────

const HOUR = 3_600_000;
/** How long until a's retry is due, on the harness's (wall) clock. */
const retryIn = (c: Ctx, label: RunLabel) => c.ti(label, 'a').nextRetryAt! - c.h.now;

const clockScenarios: Scenario[] = [
  ...[-HOUR, HOUR].map(
    (jump): Scenario => ({
      name: `clock set ${jump < 0 ? 'back' : 'forward'} an hour while a retry waits: the retry is due after its delay all the same`,
      dags: [dag('wait', [t('a', [], { retries: 1, retryDelayMs: 2_000 })])],
      script: { a: ['fail', 'succeed'] },
      actions: [
        { do: 'trigger', dag: 'wait' },
        { do: 'drain' },
        { do: 'advance', ms: 500 },
        { do: 'check', fn: (c) => expect(retryIn(c, 'wait#1')).toBe(1_499) },
        { do: 'jump', ms: jump },
        {
          do: 'check',
          fn: (c) => {
            // The due time moved with the clock (the step itself took the harness's 1 ms).
            expect(retryIn(c, 'wait#1')).toBe(1_498);
            expect(c.h.wakeAt).toBe(c.ti('wait#1', 'a').nextRetryAt);
            expect(c.ti('wait#1', 'a').tries[0]!.endDate).toBe(c.h.now - 502);
          },
        },
        { do: 'tick' },
        { do: 'check', fn: (c) => expect(c.ti('wait#1', 'a').state).toBe('up_for_retry') },
        { do: 'run' },
      ],
      runs: { 'wait#1': 'success' },
      extra: (c) => {
        const a = c.ti('wait#1', 'a');
        expect(gaps(a)[0]).toBeGreaterThanOrEqual(2_000);
        expect(gaps(a)[0]).toBeLessThan(2_010);
        // Every time of the run is on the new clock: no duration is negative or an hour long.
        const run = c.run('wait#1');
        expect(run.endDate! - run.startDate!).toBeLessThan(2_100);
        for (const attempt of a.tries) expect(attempt.endDate! - attempt.queuedAt).toBeGreaterThanOrEqual(0);
      },
    }),
  ),
  {
    name: 'clock set back while a try runs: its timeout still comes after executionTimeoutMs, and its duration stays true',
    dags: [dag('timed', [t('a', [], { executionTimeoutMs: 500 })])],
    script: { a: 'hang' },
    actions: [
      { do: 'trigger', dag: 'timed' },
      { do: 'drain' },
      { do: 'advance', ms: 100 },
      { do: 'jump', ms: -HOUR },
      { do: 'advance', ms: 300 },
      { do: 'tick' },
      { do: 'check', fn: (c) => expect(c.ti('timed#1', 'a').state).toBe('running') },
      { do: 'wake' },
    ],
    states: { 'timed#1': { a: 'failed' } },
    extra: (c) => {
      const attempt = c.ti('timed#1', 'a').tries[0]!;
      expect(attempt.error?.name).toBe('AirflowTaskTimeout');
      expect(attempt.endDate! - attempt.startDate!).toBe(500);
    },
  },
  {
    name: 'a reload after the clock was set back: a stored retry waits its delay from the reload, not an hour more',
    dags: [dag('reload', [t('a', [], { retries: 1, retryDelayMs: 2_000 })])],
    script: { a: ['fail', 'succeed'] },
    actions: [
      { do: 'trigger', dag: 'reload' },
      { do: 'drain' },
      // The page is closed; the next one opens on a clock an hour behind (no clock_jumped: nobody saw it move).
      { do: 'advance', ms: -HOUR },
      { do: 'restore', dags: [dag('reload', [t('a', [], { retries: 1, retryDelayMs: 2_000 })])] },
      { do: 'check', fn: (c) => expect(retryIn(c, 'reload#1')).toBe(2_000) },
      { do: 'check', fn: (c) => expect(c.h.wakeAt).toBe(c.h.now + 2_000) },
      { do: 'run' },
    ],
    runs: { 'reload#1': 'success' },
  },
  {
    name: 'a reload after the clock was set forward: a stored retry is due at once, not later',
    dags: [dag('ahead', [t('a', [], { retries: 1, retryDelayMs: 2_000 })])],
    script: { a: ['fail', 'succeed'] },
    actions: [
      { do: 'trigger', dag: 'ahead' },
      { do: 'drain' },
      { do: 'advance', ms: HOUR },
      { do: 'restore', dags: [dag('ahead', [t('a', [], { retries: 1, retryDelayMs: 2_000 })])] },
      { do: 'check', fn: (c) => expect(retryIn(c, 'ahead#1')).toBeLessThan(0) },
      { do: 'tick' },
      { do: 'check', fn: (c) => expect(c.ti('ahead#1', 'a')).toMatchObject({ state: 'queued', tryNumber: 2 }) },
      { do: 'run' },
    ],
    runs: { 'ahead#1': 'success' },
  },
];

// ── the table, run by one runner ─────────────────────────────────────────────────────────────────────────────────

const groups: Record<string, Scenario[]> = {
  'retries and timeouts': retryScenarios,
  'trigger rules': ruleScenarios,
  'branch and short-circuit': branchScenarios,
  'run state': leafScenarios,
  datasets: datasetScenarios,
  callbacks: callbackScenarios,
  concurrency: concurrencyScenarios,
  'pause and params': pauseScenarios,
  clear: clearScenarios,
  mark: markScenarios,
  restore: restoreScenarios,
  'tries lost with the page': lostScenarios,
  'clock set': clockScenarios,
};

for (const [group, scenarios] of Object.entries(groups)) {
  describe(`scenario: ${group}`, () => {
    it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_, scenario) => {
      runScenario(scenario);
    });
  });
}

describe('the scenario runner itself', () => {
  it('fails a scenario whose expectation does not hold', () => {
    expect(() =>
      runScenario({
        name: 'wrong on purpose',
        dags: [dag('wrong', [t('a')])],
        actions: [{ do: 'trigger', dag: 'wrong' }, { do: 'run' }],
        runs: { 'wrong#1': 'failed' },
      }),
    ).toThrow();
  });

  it('is deterministic: the same scenario gives the same commands twice', () => {
    const scenario = retryScenarios[2]!;
    const first = runScenario(scenario).h.commands;
    const second = runScenario(scenario).h.commands;
    expect(second).toEqual(first);
  });

  it('covers every trigger rule', () => {
    const rules = new Set(ruleScenarios.flatMap((s) => s.dags.flatMap((d) => d.tasks.map((x) => x.triggerRule)).filter(Boolean)));
    expect([...rules].sort()).toEqual([...TRIGGER_RULES].sort());
  });
});
