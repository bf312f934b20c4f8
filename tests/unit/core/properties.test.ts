import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ACTIVE_TASKS, DEFAULT_POOL, type DagDefinition, type TaskDefinition } from '../../../src/core/dag';
import { indexDag } from '../../../src/core/dagIndex';
import { allOf, anyOf, datasetsIn, isSatisfied, onDataset, type DatasetCondition } from '../../../src/core/datasetCondition';
import { dagId, datasetId, datasetVersionId, taskId, type DagId, type DatasetId, type RunId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DagRun, DatasetEvent } from '../../../src/core/model';
import { seededRandom } from '../../../src/core/random';
import { fnv1a } from '../../../src/core/retryDelay';
import type { SchedulerState } from '../../../src/core/schedulerState';
import { holdsSlot, isTaskFinished } from '../../../src/core/states';
import { MAX_LOST_IN_A_ROW } from '../../../src/core/tryOutcomes';
import { TRIGGER_RULES, type TriggerRule } from '../../../src/core/triggerRules';
import { deepFreeze, Harness, type RecordedStep, type StartTaskCommand } from './harness';
import { airflowAllowsStart } from './triggerRuleTable';

// ── generated worlds ──────────────────────────────────────────────────────────────────────────────────────────────

const DATASETS = ['A', 'B', 'C'] as const;
const PRODUCER = dagId('producer');
const CONSUMER = dagId('consumer');
const MAX_STEPS = 5_000;

interface TaskSpec {
  readonly upstream: readonly number[];
  readonly rule: TriggerRule;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly backoff: boolean;
  readonly maxRetryDelayMs: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly kind: 'task' | 'branch' | 'short_circuit';
  readonly outlets: readonly string[];
  readonly gpu: boolean;
  readonly poolSlots: number;
}

interface World {
  readonly producerTasks: readonly TaskSpec[];
  readonly consumerTasks: readonly TaskSpec[];
  readonly condition: DatasetCondition;
  readonly parallelism: number;
  readonly gpuSlots: number;
  readonly producerMaxActiveTasks: number | undefined;
  readonly producerMaxActiveRuns: number;
  readonly consumerMaxActiveRuns: number;
  readonly producerRuns: number;
  readonly manualEvents: number;
  readonly pauseToggles: number;
  readonly seed: number;
}

const ruleArb: fc.Arbitrary<TriggerRule> = fc.oneof(
  { arbitrary: fc.constant<TriggerRule>('all_success'), weight: 4 },
  { arbitrary: fc.constantFrom(...TRIGGER_RULES), weight: 6 },
);

function taskArb(i: number, withOutlets: boolean): fc.Arbitrary<TaskSpec> {
  return fc.record({
    // Edges only from lower to higher index: acyclic by construction.
    upstream: i === 0 ? fc.constant([]) : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: Math.min(3, i) }),
    rule: ruleArb,
    retries: fc.integer({ min: 0, max: 2 }),
    retryDelayMs: fc.integer({ min: 0, max: 40 }),
    backoff: fc.boolean(),
    maxRetryDelayMs: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    timeoutMs: fc.option(fc.integer({ min: 3, max: 40 }), { nil: undefined, freq: 2 }),
    kind: fc.constantFrom<TaskSpec['kind']>('task', 'task', 'task', 'branch', 'short_circuit'),
    outlets: withOutlets ? fc.subarray([...DATASETS], { maxLength: 2 }) : fc.constant([]),
    gpu: fc.boolean(),
    poolSlots: fc.integer({ min: 1, max: 2 }),
  });
}

const tasksArb = (min: number, max: number, withOutlets: boolean) =>
  fc.integer({ min, max }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => taskArb(i, withOutlets))));

const conditionArb: fc.Arbitrary<DatasetCondition> = fc.letrec<{ cond: DatasetCondition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...DATASETS).map((id) => onDataset(datasetId(id))),
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((of) => allOf(...of)),
    fc.array(tie('cond'), { minLength: 2, maxLength: 3 }).map((of) => anyOf(...of)),
  ),
})).cond;

const worldArb: fc.Arbitrary<World> = fc.record({
  producerTasks: tasksArb(1, 12, true),
  consumerTasks: tasksArb(1, 4, false),
  condition: conditionArb,
  parallelism: fc.integer({ min: 1, max: 4 }),
  gpuSlots: fc.integer({ min: 1, max: 3 }),
  producerMaxActiveTasks: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  producerMaxActiveRuns: fc.integer({ min: 1, max: 3 }),
  consumerMaxActiveRuns: fc.integer({ min: 1, max: 2 }),
  producerRuns: fc.integer({ min: 1, max: 3 }),
  manualEvents: fc.integer({ min: 0, max: 2 }),
  pauseToggles: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function toTasks(prefix: string, specs: readonly TaskSpec[], world: World): TaskDefinition[] {
  return specs.map((spec, i) => {
    const pool = spec.gpu ? 'gpu' : DEFAULT_POOL;
    const slots = Math.min(spec.poolSlots, spec.gpu ? world.gpuSlots : world.parallelism);
    const hasDownstream = specs.some((other) => other.upstream.includes(i));
    return {
      id: taskId(`${prefix}${i}`),
      upstream: spec.upstream.map((u) => taskId(`${prefix}${u}`)),
      ...(spec.outlets.length > 0 ? { outlets: spec.outlets.map(datasetId) } : {}),
      kind: hasDownstream ? spec.kind : 'task',
      triggerRule: spec.rule,
      retries: spec.retries,
      retryDelayMs: spec.retryDelayMs,
      retryExponentialBackoff: spec.backoff,
      ...(spec.maxRetryDelayMs === undefined ? {} : { maxRetryDelayMs: spec.maxRetryDelayMs }),
      ...(spec.timeoutMs === undefined ? {} : { executionTimeoutMs: spec.timeoutMs }),
      pool,
      poolSlots: slots,
    };
  });
}

function buildDags(world: World): DagDefinition[] {
  return [
    {
      id: PRODUCER,
      schedule: { type: 'manual' },
      tasks: toTasks('p', world.producerTasks, world),
      maxActiveRuns: world.producerMaxActiveRuns,
      ...(world.producerMaxActiveTasks === undefined ? {} : { maxActiveTasks: world.producerMaxActiveTasks }),
    },
    {
      id: CONSUMER,
      schedule: { type: 'datasets', condition: world.condition },
      tasks: toTasks('c', world.consumerTasks, world),
      maxActiveRuns: world.consumerMaxActiveRuns,
    },
  ];
}

// ── scripted workers: every try's fate is a function of (seed, run, task, try) ──────────────────────────────────────

type Fate =
  | { readonly kind: 'lost' } // the worker dies before the try starts
  | { readonly kind: 'page_closed'; readonly running: boolean } // the page goes away while the try is queued or running
  | { readonly kind: 'hang' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'succeed'; readonly returnValue?: JsonValue };

function fateOf(world: World, dags: readonly DagDefinition[], cmd: StartTaskCommand): Fate {
  const random = seededRandom(fnv1a(`${world.seed}|${cmd.runId}|${cmd.taskId}|${cmd.tryNumber}`));
  const dag = dags.find((d) => d.id === cmd.dagId)!;
  const index = indexDag(dag);
  const position = index.position(cmd.taskId)!;
  const task = index.tasks[position]!;
  const roll = random();
  if (roll < 0.04) return { kind: 'lost' };
  if (roll < 0.1) return { kind: 'page_closed', running: random() < 0.5 };
  if (roll < 0.3) return { kind: 'fail' };
  if (roll < 0.42 && task.executionTimeoutMs !== undefined) return { kind: 'hang' };
  if (task.kind === 'branch') {
    const downstream = index.downstream[position]!.map((p) => index.tasks[p]!.id as string);
    const chosen = downstream.filter(() => random() < 0.5);
    const shape = random();
    return { kind: 'succeed', returnValue: chosen.length === 0 ? null : chosen.length === 1 && shape < 0.5 ? chosen[0]! : chosen };
  }
  if (task.kind === 'short_circuit') return { kind: 'succeed', returnValue: [true, false, 1, 0, 'go', ''][Math.floor(random() * 6)]! };
  return { kind: 'succeed' };
}

// ── invariants ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A cheap assertion for the checks that run after every step (expect() is too slow for thousands of steps). */
function ok(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(`Invariant violated: ${message()}`);
}

class Checker {
  readonly recorded = new Map<number, DatasetEvent>();
  /** Per DAG: the largest event id consumed by its latest dataset-triggered run. */
  readonly lastConsumed = new Map<DagId, number>();
  lostTries = 0;
  lostTooOften = 0;
  clockJumps = 0;

  constructor(
    readonly world: World,
    readonly dags: readonly DagDefinition[],
  ) {}

  dag(id: DagId): DagDefinition {
    return this.dags.find((d) => d.id === id)!;
  }

  step(r: RecordedStep): void {
    const { after, before, event, commands } = r;

    // A late report about a try that already reported changes nothing.
    if (event.type === 'task_succeeded' || event.type === 'task_failed' || event.type === 'task_started' || event.type === 'task_lost') {
      const ti = before.runs[event.runId]?.tasks.find((x) => x.taskId === event.taskId);
      const current = ti && ti.tryNumber === event.tryNumber && (event.type === 'task_started' ? ti.state === 'queued' : event.type === 'task_succeeded' ? ti.state === 'running' : holdsSlot(ti.state));
      if (!current) {
        ok(commands.length === 0, () => `a late ${event.type} issued ${JSON.stringify(commands)}`);
        ok(after.runs === before.runs, () => `a late ${event.type} changed runs`);
      }
    }

    for (const command of commands) {
      switch (command.type) {
        case 'start_task':
          this.checkStart(after, command);
          break;
        case 'record_dataset_event':
          this.checkEvent(r, command.event);
          break;
        case 'run_created':
          if (command.runType === 'dataset_triggered') this.checkTriggered(after.runs[command.runId]!);
          break;
        default:
          break;
      }
    }

    // A try lost with the page is taken up again at once, uses no retry and fires no callback (unless lost too often).
    if (event.type === 'task_lost') {
      const ti = after.runs[event.runId]?.tasks.find((x) => x.taskId === event.taskId);
      const lostTry = ti?.tries.find((t) => t.tryNumber === event.tryNumber);
      const wasInFlight = before.runs[event.runId]?.tasks.find((x) => x.taskId === event.taskId)?.tries.find((t) => t.tryNumber === event.tryNumber)?.endDate === null;
      if (!wasInFlight) {
        // A late report: checked above (changes nothing).
      } else if (lostTry?.lost) {
        this.lostTries++;
        const beforeTi = before.runs[event.runId]!.tasks.find((x) => x.taskId === event.taskId)!;
        ok(ti!.maxTries === beforeTi.maxTries + 1, () => `${event.taskId}: a lost try used a retry (maxTries ${beforeTi.maxTries} → ${ti!.maxTries})`);
        ok(['scheduled', 'queued'].includes(ti!.state), () => `${event.taskId} is ${ti!.state} after its try was lost`);
        ok(!after.timers.some((t) => t.runId === event.runId && t.kind === 'retry' && after.runs[t.runId]!.tasks[t.position]!.taskId === event.taskId), () => `${event.taskId} waits for a retry after a lost try`);
        ok(!commands.some((c) => c.type === 'callback' && c.taskId === event.taskId), () => `a lost try of ${event.taskId} fired a callback`);
        ok(lostTry.state === 'failed' && lostTry.error?.name === 'TaskLost' && lostTry.endDate === r.now, () => `lost try recorded as ${JSON.stringify(lostTry)}`);
      } else if (lostTry) {
        this.lostTooOften++;
      }
    }

    // A clock set while the scheduler runs moves every wait with it: each timer stays as far away as it was.
    if (event.type === 'clock_jumped') {
      this.clockJumps++;
      ok(
        JSON.stringify(after.timers.map((t) => ({ ...t, at: t.at - event.by }))) === JSON.stringify(before.timers),
        () => `timers after a jump of ${event.by}: ${JSON.stringify(after.timers)} (before: ${JSON.stringify(before.timers)})`,
      );
      ok(commands.every((c) => c.type === 'start_task' || c.type === 'run_finished' || c.type === 'callback'), () => `a jump issued ${JSON.stringify(commands)}`);
    }

    // A success of a task with outlets emits exactly one event per outlet, in that same step.
    if (event.type === 'task_succeeded') {
      const ti = after.runs[event.runId]?.tasks.find((x) => x.taskId === event.taskId);
      const wasRunning = before.runs[event.runId]?.tasks.find((x) => x.taskId === event.taskId)?.state === 'running';
      if (ti?.state === 'success' && wasRunning) {
        const task = this.dag(after.runs[event.runId]!.dagId).tasks.find((t) => t.id === event.taskId)!;
        const emitted = commands.filter((c) => c.type === 'record_dataset_event' && c.event.source?.taskId === event.taskId);
        ok(emitted.length === (task.outlets?.length ?? 0), () => `${event.taskId} succeeded with ${emitted.length} events for outlets ${task.outlets}`);
      }
    }

    this.checkUsage(after);
    for (const id of new Set([...Object.keys(after.runs)].filter((id) => after.runs[id as RunId] !== before.runs[id as RunId]))) {
      this.checkRun(after, after.runs[id as RunId]!);
    }
  }

  /** No task starts before its trigger rule is satisfied by its upstream states at that moment. */
  checkStart(state: SchedulerState, command: StartTaskCommand): void {
    const run = state.runs[command.runId]!;
    ok(run.state === 'running', () => `start_task in a ${run.state} run`);
    ok(!state.paused[run.dagId], () => `start_task for paused ${run.dagId}`);
    const index = indexDag(this.dag(run.dagId));
    const position = index.position(command.taskId)!;
    const ti = run.tasks[position]!;
    ok(ti.state === 'queued' && ti.tryNumber === command.tryNumber, () => `start_task for ${ti.taskId} in state ${ti.state} try ${ti.tryNumber}`);
    const task = index.tasks[position]!;
    const upstream = index.upstream[position]!.map((u) => run.tasks[u]!.state);
    ok(airflowAllowsStart(task.triggerRule ?? 'all_success', upstream), () => `${command.taskId} started with upstream ${upstream.join(',')} under ${task.triggerRule}`);
    ok(command.params === run.params && command.triggeringEvents === run.triggeringEvents, () => 'start_task without the run params/events');
  }

  /** Dataset events only follow successful producer tries (or a person's create_dataset_event). */
  checkEvent(r: RecordedStep, event: DatasetEvent): void {
    expect(this.recorded.has(event.id)).toBe(false);
    this.recorded.set(event.id, event);
    expect(event.timestamp).toBe(r.now);
    if (event.source === null) {
      expect(r.event.type).toBe('create_dataset_event');
      return;
    }
    expect(r.event).toMatchObject({ type: 'task_succeeded', runId: event.source.runId, taskId: event.source.taskId, tryNumber: event.source.tryNumber });
    const run = r.after.runs[event.source.runId]!;
    const ti = run.tasks.find((x) => x.taskId === event.source!.taskId)!;
    expect(ti).toMatchObject({ state: 'success', tryNumber: event.source.tryNumber });
    const task = this.dag(run.dagId).tasks.find((t) => t.id === event.source!.taskId)!;
    expect(task.outlets).toContain(event.datasetId);
  }

  /** Consumers never run on stale events: each triggering event exists and is newer than what the previous run consumed. */
  checkTriggered(run: DagRun): void {
    const dag = this.dag(run.dagId);
    expect(dag.schedule.type).toBe('datasets');
    if (dag.schedule.type !== 'datasets') return;
    const events = run.triggeringEvents;
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(this.recorded.get(event.id)).toEqual(event);
      expect(datasetsIn(dag.schedule.condition)).toContain(event.datasetId);
    }
    const datasets = events.map((e) => e.datasetId);
    expect(new Set(datasets).size).toBe(datasets.length);
    expect(isSatisfied(dag.schedule.condition, (id) => datasets.includes(id))).toBe(true);
    const ids = events.map((e) => e.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Math.min(...ids)).toBeGreaterThan(this.lastConsumed.get(dag.id) ?? 0);
    this.lastConsumed.set(dag.id, Math.max(...ids));
  }

  /** Usage counters never exceed parallelism, pool slots or max_active_tasks, and agree with the instances. */
  checkUsage(state: SchedulerState): void {
    let total = 0;
    const byDag: Record<string, number> = {};
    const byPool: Record<string, number> = {};
    for (const run of Object.values(state.runs)) {
      const dag = this.dag(run.dagId);
      run.tasks.forEach((ti, position) => {
        if (!holdsSlot(ti.state)) return;
        const task = dag.tasks[position]!;
        total++;
        byDag[dag.id] = (byDag[dag.id] ?? 0) + 1;
        const pool = task.pool ?? DEFAULT_POOL;
        byPool[pool] = (byPool[pool] ?? 0) + (task.poolSlots ?? 1);
      });
    }
    const same = (counted: Record<string, number>, kept: Readonly<Record<string, number>>) =>
      Object.keys({ ...counted, ...kept }).every((key) => (counted[key] ?? 0) === (kept[key] ?? 0));
    ok(state.usage.total === total, () => `usage.total ${state.usage.total}, instances say ${total}`);
    ok(same(byDag, state.usage.byDag), () => `usage.byDag ${JSON.stringify(state.usage.byDag)}, instances say ${JSON.stringify(byDag)}`);
    ok(same(byPool, state.usage.byPool), () => `usage.byPool ${JSON.stringify(state.usage.byPool)}, instances say ${JSON.stringify(byPool)}`);
    ok(total <= state.parallelism, () => `${total} tries busy, parallelism ${state.parallelism}`);
    for (const [pool, used] of Object.entries(byPool)) ok(used <= state.pools[pool]!, () => `pool ${pool}: ${used} slots used of ${state.pools[pool]}`);
    for (const [dag, used] of Object.entries(byDag)) {
      const limit = this.dag(dag as DagId).maxActiveTasks ?? DEFAULT_MAX_ACTIVE_TASKS;
      ok(used <= limit, () => `${dag}: ${used} tries busy, max_active_tasks ${limit}`);
    }
  }

  checkRun(state: SchedulerState, run: DagRun): void {
    const dag = this.dag(run.dagId);
    const index = indexDag(dag);
    const where = (what: string) => () => `run ${run.id} of ${run.dagId}: ${what}`;
    ok(run.unfinished === run.tasks.filter((ti) => !isTaskFinished(ti.state)).length, where(`unfinished ${run.unfinished}`));
    ok(state.activeRunIds.includes(run.id) === (run.state === 'queued' || run.state === 'running'), where(`${run.state}, active list wrong`));
    run.tasks.forEach((ti, position) => {
      const task = dag.tasks[position]!;
      // A task runs at most retries+1 times (no manual clears here), not counting tries lost with the page.
      const lost = ti.tries.filter((t) => t.lost).length;
      ok(ti.tries.length - lost <= (task.retries ?? 0) + 1, where(`${ti.taskId} ran ${ti.tries.length} times (${lost} lost) with retries=${task.retries}`));
      ok(ti.tryNumber === ti.tries.length && ti.maxTries === (task.retries ?? 0) + 1 + lost, where(`${ti.taskId} try bookkeeping`));
      let inARow = 0;
      for (const t of ti.tries) {
        inARow = t.lost ? inARow + 1 : 0;
        ok(inARow <= MAX_LOST_IN_A_ROW, where(`${ti.taskId} lost ${inARow} tries in a row`));
      }
      ti.tries.forEach((t, i) => {
        ok(t.tryNumber === i + 1, where(`${ti.taskId} try ${i} numbered ${t.tryNumber}`));
        // Only the last try may still be going, and every earlier one failed (that is why there is a next one).
        ok(i === ti.tries.length - 1 || t.state === 'failed', where(`${ti.taskId} try ${t.tryNumber} is ${t.state} but was followed by another`));
        ok(t.startDate === null || (t.startDate >= t.queuedAt && (t.endDate === null || t.endDate >= t.startDate)), where(`${ti.taskId} try dates`));
      });
      if (ti.state === 'upstream_failed') {
        // upstream_failed only below a failure, and never after a try.
        ok(index.upstream[position]!.some((u) => ['failed', 'upstream_failed'].includes(run.tasks[u]!.state)), where(`${ti.taskId} upstream_failed without a failed upstream`));
        ok(ti.tries.length === 0, where(`${ti.taskId} upstream_failed after a try`));
      }
      // A branch or short-circuit may skip a task waiting for its retry (scheduled, not started): earlier tries failed.
      if (ti.state === 'skipped') ok(ti.tries.every((t) => t.state === 'failed'), where(`${ti.taskId} skipped after a try that did not fail`));
      if (ti.state === 'success') ok(ti.tries.at(-1)?.state === 'success', where(`${ti.taskId} success without a successful try`));
    });
    if (run.state === 'success' || run.state === 'failed') {
      ok(run.unfinished === 0 && run.endDate !== null, where('finished with unfinished tasks'));
      // Airflow's leaf rule, stated independently.
      const leafFailed = run.tasks.some((ti, p) => index.isLeaf[p] && (ti.state === 'failed' || ti.state === 'upstream_failed'));
      ok(run.state === (leafFailed ? 'failed' : 'success'), where(`${run.state}, but a leaf failed: ${leafFailed}`));
    }
  }
}

// ── the driver ────────────────────────────────────────────────────────────────────────────────────────────────────

interface Outcome {
  readonly lostTries: number;
  readonly lostTooOften: number;
  readonly clockJumps: number;
  readonly steps: number;
  readonly runs: readonly DagRun[];
  readonly starts: number;
  readonly stops: number;
  readonly events: number;
}

function drive(world: World): Outcome {
  const dags = buildDags(world);
  const checker = new Checker(world, dags);
  const h = new Harness(dags, { parallelism: world.parallelism, pools: { gpu: world.gpuSlots } });
  const send = h.send.bind(h);
  h.send = (event) => {
    deepFreeze(h.state);
    const recorded = send(event);
    checker.step(recorded);
    return recorded;
  };
  const random = seededRandom(world.seed);
  const running: { command: StartTaskCommand; fate: Fate }[] = [];
  const reported: StartTaskCommand[] = [];
  let triggers = world.producerRuns;
  let manual = world.manualEvents;
  let toggles = world.pauseToggles;
  // The wall clock is set (back or forward, up to an hour) a few times while the scheduler runs.
  let jumps = 2;
  let steps = 0;

  const dropStopped = (r: RecordedStep) => {
    for (const c of r.commands) {
      if (c.type !== 'stop_task') continue;
      const i = running.findIndex((x) => x.command.runId === c.runId && x.command.taskId === c.taskId && x.command.tryNumber === c.tryNumber);
      if (i >= 0) running.splice(i, 1);
    }
  };

  for (;;) {
    if (++steps > MAX_STEPS) throw new Error(`not settled after ${MAX_STEPS} actions`);
    const options: [string, number][] = [];
    if (h.pending.length > 0) options.push(['start', 4]);
    if (running.length > 0) options.push(['finish', 4]);
    if (triggers > 0) options.push(['trigger', 1]);
    if (manual > 0) options.push(['manual', 1]);
    if (toggles > 0) options.push(['toggle', 1]);
    if (h.wakeAt !== null) options.push(['wake', h.pending.length + running.length === 0 ? 4 : 1]);
    if (reported.length > 0) options.push(['stale', 1]);
    if (jumps > 0 && options.length > 0) options.push(['jump', 0.5]);
    if (options.every(([o]) => o === 'stale' || o === 'jump')) {
      const paused = Object.entries(h.state.paused).filter(([, p]) => p);
      if (paused.length === 0) break;
      for (const [id] of paused) dropStopped(h.setPaused(id as DagId, false));
      continue;
    }
    let pick = random() * options.reduce((sum, [, w]) => sum + w, 0);
    const [choice] = options.find(([, w]) => (pick -= w) < 0) ?? options[options.length - 1]!;
    switch (choice) {
      case 'start': {
        const command = h.pending.splice(Math.floor(random() * h.pending.length), 1)[0]!;
        const fate = fateOf(world, dags, command);
        if (fate.kind === 'lost') {
          dropStopped(h.failed(command, 'worker lost', 'TaskLost'));
          reported.push(command);
          break;
        }
        if (fate.kind === 'page_closed' && !fate.running) {
          dropStopped(h.send({ type: 'task_lost', runId: command.runId, taskId: command.taskId, tryNumber: command.tryNumber }));
          reported.push(command);
          break;
        }
        dropStopped(h.started(command));
        if (fate.kind === 'hang') h.hanging.push(command);
        else running.push({ command, fate });
        break;
      }
      case 'finish': {
        const { command, fate } = running.splice(Math.floor(random() * running.length), 1)[0]!;
        const r =
          fate.kind === 'page_closed'
            ? h.send({ type: 'task_lost', runId: command.runId, taskId: command.taskId, tryNumber: command.tryNumber })
            : fate.kind === 'fail'
              ? h.failed(command)
              : h.succeeded(command, outputsFor(dags, command), fate.kind === 'succeed' ? fate.returnValue : undefined);
        dropStopped(r);
        reported.push(command);
        break;
      }
      case 'trigger':
        triggers--;
        h.trigger(PRODUCER);
        break;
      case 'manual': {
        manual--;
        // A dataset some DAG produces or consumes (the scheduler refuses others).
        const known = DATASETS.filter((d) => datasetsIn(world.condition).includes(datasetId(d)) || dags[0]!.tasks.some((t) => t.outlets?.includes(datasetId(d))));
        const dataset = known[Math.floor(random() * known.length)]!;
        dropStopped(h.send({ type: 'create_dataset_event', datasetId: datasetId(dataset), versionId: datasetVersionId(`manual-${manual}`) }));
        break;
      }
      case 'toggle': {
        toggles--;
        const dag = random() < 0.5 ? PRODUCER : CONSUMER;
        dropStopped(h.setPaused(dag, !h.state.paused[dag]));
        break;
      }
      case 'wake':
        dropStopped(h.wake()!);
        break;
      case 'jump': {
        jumps--;
        const by = Math.round((random() * 2 - 1) * 3_600_000);
        h.advance(by);
        dropStopped(h.send({ type: 'clock_jumped', by }));
        break;
      }
      case 'stale': {
        const command = reported[Math.floor(random() * reported.length)]!;
        const late = random();
        const { runId, taskId, tryNumber } = command;
        dropStopped(late < 0.4 ? h.succeeded(command) : late < 0.8 ? h.failed(command, 'late') : h.send({ type: 'task_lost', runId, taskId, tryNumber }));
        break;
      }
    }
  }

  // Every run ended, and nothing is left over.
  const runs = Object.values(h.state.runs);
  for (const run of runs) {
    expect(['success', 'failed'], `run ${run.id} of ${run.dagId}`).toContain(run.state);
    checker.checkRun(h.state, run);
  }
  expect(h.state.activeRunIds).toEqual([]);
  expect(h.state.usage.total).toBe(0);
  expect(h.state.timers).toEqual([]);
  expect(h.state.waiting).toEqual([]);
  expect(h.pending).toEqual([]);
  expect(h.hanging).toEqual([]);
  expect(running).toEqual([]);
  expect(h.runsOf(PRODUCER)).toHaveLength(world.producerRuns);
  // run_created and run_finished exactly once per run (no clears or marks here).
  expect(h.commandsOf('run_created').map((c) => c.runId).sort()).toEqual(runs.map((r) => r.id).sort());
  expect(h.commandsOf('run_finished').map((c) => c.runId).sort()).toEqual(runs.map((r) => r.id).sort());
  return {
    lostTries: checker.lostTries,
    lostTooOften: checker.lostTooOften,
    clockJumps: checker.clockJumps,
    steps: h.steps.length,
    runs,
    starts: h.commandsOf('start_task').length,
    stops: h.stopped.length,
    events: h.commandsOf('record_dataset_event').length,
  };
}

function outputsFor(dags: readonly DagDefinition[], command: StartTaskCommand) {
  const task = dags.find((d) => d.id === command.dagId)!.tasks.find((t) => t.id === command.taskId)!;
  return (task.outlets ?? []).map((dataset: DatasetId) => ({
    datasetId: dataset,
    versionId: datasetVersionId(`${command.runId}/${command.taskId}/${command.tryNumber}`),
    extra: {},
  }));
}

// ── the properties ───────────────────────────────────────────────────────────────────────────────────────────────

describe('scheduler properties over random DAGs and random worker behaviour', () => {
  it('keeps every invariant, and every run ends (seeded, 200 worlds)', () => {
    const totals = { worlds: 0, runs: 0, consumerRuns: 0, starts: 0, stops: 0, events: 0, failedRuns: 0, lostTries: 0, clockJumps: 0 };
    fc.assert(
      fc.property(worldArb, (world) => {
        const outcome = drive(world);
        totals.worlds++;
        totals.runs += outcome.runs.length;
        totals.consumerRuns += outcome.runs.filter((r) => r.dagId === CONSUMER).length;
        totals.failedRuns += outcome.runs.filter((r) => r.state === 'failed').length;
        totals.starts += outcome.starts;
        totals.stops += outcome.stops;
        totals.events += outcome.events;
        totals.lostTries += outcome.lostTries;
        totals.clockJumps += outcome.clockJumps;
      }),
      { seed: 42, numRuns: 200, endOnFailure: true },
    );
    // The generated worlds really exercise what the invariants are about.
    expect(totals.worlds).toBe(200);
    expect(totals.consumerRuns).toBeGreaterThan(50);
    expect(totals.failedRuns).toBeGreaterThan(20);
    expect(totals.runs - totals.failedRuns).toBeGreaterThan(20);
    expect(totals.stops).toBeGreaterThan(20);
    expect(totals.events).toBeGreaterThan(100);
    expect(totals.lostTries).toBeGreaterThan(50);
    expect(totals.clockJumps).toBeGreaterThan(150);
    // 200 worlds of thousands of steps take a few seconds; more on a machine shared with others.
  }, 60_000);

  it('is deterministic: the same world gives the same history', () => {
    const [world] = fc.sample(worldArb, { seed: 7, numRuns: 1 });
    const first = drive(world!);
    const second = drive(world!);
    expect(second.steps).toBe(first.steps);
    expect(second.runs).toEqual(first.runs);
  });
});
