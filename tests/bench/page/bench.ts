// The orchestration bench: the real runtime (Coordinator, WorkerPool, IndexedDB, systemClock, the pure scheduler)
// driving DAGs of no-op tasks, so what is measured is the orchestration around a task and nothing else.
// tests/bench/run.mjs opens this page (built by tests/bench/vite.config.ts, never part of the site) and calls
// `window.runBench()`, which returns every sample of every metric; the runner takes medians and p95s.
import type { DagDefinition } from '../../../src/core/dag';
import { makeTable, type Column } from '../../../src/core/columns';
import { runId, taskId, type DagId } from '../../../src/core/ids';
import type { DagRun, TaskInstance } from '../../../src/core/model';
import { step, type SchedulerCommand } from '../../../src/core/scheduler';
import { createSchedulerState } from '../../../src/core/schedulerState';
import { seededRandom } from '../../../src/core/random';
import { BUILT_FEATURES, FEATURE_COLUMNS, TARGET_COLUMN } from '../../../src/pipelines/housing/datasets';
import { systemClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import type { RuntimeSettings, TaskRequest } from '../../../src/runtime/workers/protocol';
import { messagingCeiling } from './messagingCeiling';
import { deleteDatabase, openDatabase } from '../../../src/runtime/storage/database';
import { readDatasetVersion, writeDatasetVersion } from '../../../src/runtime/storage/datasets';
import { defaultPoolSize, WorkerPool } from '../../../src/runtime/workers/workerPool';
import { CHAIN_DAG, CONSUMER_DAG, PRODUCER_DAG, SCALE_DAGS, WIDE_DAG } from './benchDags';

const CHAIN_RUNS = 5;
const TRIGGER_RUNS = 20;
const WIDE_RUNS = 3;
const STEP_BATCHES = 10;
const STEPS_PER_BATCH = 1_000;
const DATASET_RUNS = 15;
/** built_features as featurize writes it: California housing's rows, 8 scaled features and the target, float32. */
const FEATURE_ROWS = 20_640;
/** A run that has not ended by then is a hang, not a slow run: fail loudly instead of waiting for the runner. */
const RUN_TIMEOUT_MS = 120_000;

export type BenchResults = Record<string, number[]>;

export interface ScalePoint {
  readonly tasks: number;
  readonly seconds: number;
  readonly msPer1000: number;
  /** Peak of the page's used JS heap while the run went on (performance.memory, sampled every 50 ms), in MB. */
  readonly peakHeapMb: number | null;
  /** Until its writes reached IndexedDB after the run ended. */
  readonly flushSeconds: number;
}

declare global {
  interface Window {
    runBench(): Promise<BenchResults>;
    /** BENCH_SCALE=1: the no-op fan-out at each size of SCALE_DAGS, once. */
    runScale(): Promise<ScalePoint[]>;
    /** What the page knows about its own measuring: timer resolution, pool size, cross-origin isolation. */
    benchInfo(): Record<string, number | boolean | string>;
    /** Each measurement on its own, for profiling one of them (run.mjs uses runBench). */
    benchParts: Record<string, (repetitions?: number) => Promise<number[]> | number[]>;
  }
}

const POOL_SIZE = defaultPoolSize(navigator.hardwareConcurrency);
const settings: RuntimeSettings = { backend: 'cpu', seed: 42, baseUrl: new URL('./', location.href).href };
const createWorker = () => new Worker(new URL('./noop.worker.ts', import.meta.url), { type: 'module', name: 'bench-noop-worker' });

function log(message: string): void {
  console.log(`[bench] ${message}`);
  const pre = document.getElementById('bench-log');
  if (pre) pre.textContent += `${message}\n`;
}

let dbSeq = 0;

/**
 * One coordinator on a fresh database and a fresh default-size pool; afterwards the pool's workers are terminated
 * (they hold connections to the database) and the database is deleted.
 */
async function withCoordinator<T>(dags: readonly DagDefinition[], body: (coordinator: Coordinator) => Promise<T>): Promise<T> {
  const dbName = `pipeline-playground-bench-${Date.now()}-${++dbSeq}`;
  const db = await openDatabase(dbName);
  const pool = new WorkerPool(POOL_SIZE, createWorker);
  try {
    const coordinator = await Coordinator.start({ dags, db, dbName, executor: pool, clock: systemClock, settings });
    const result = await body(coordinator);
    await coordinator.flush();
    return result;
  } finally {
    pool.terminate();
    db.close();
    await deleteDatabase(dbName);
  }
}

/** Resolves with the next run of `dagId` to finish (a `run_finished` notice); subscribe before triggering. */
function nextFinishedRun(coordinator: Coordinator, dagId: DagId): Promise<DagRun> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`No run of ${dagId} finished within ${RUN_TIMEOUT_MS} ms.`));
    }, RUN_TIMEOUT_MS);
    const off = coordinator.subscribe((notice) => {
      if (notice.type === 'storage_error') {
        clearTimeout(timer);
        off();
        reject(new Error(`Storage error during the bench: ${notice.message}`));
      } else if (notice.type === 'run_finished' && notice.run.dagId === dagId) {
        clearTimeout(timer);
        off();
        if (notice.run.state === 'success') {
          resolve(notice.run);
        } else {
          const failed = notice.run.tasks.find((ti) => ti.state === 'failed');
          reject(new Error(`Run ${notice.run.id} of ${dagId} ended ${notice.run.state}: ${failed?.taskId} ${failed?.error?.message ?? ''}`));
        }
      }
    });
  });
}

/** Triggers a DAG, waits for its run to end, then for its writes to reach IndexedDB (how long that took, too). */
async function triggerAndWait(coordinator: Coordinator, dag: DagDefinition): Promise<{ run: DagRun; flushMs: number }> {
  const finished = nextFinishedRun(coordinator, dag.id);
  const triggered = coordinator.trigger(dag.id);
  if (!triggered.ok) throw new Error(`Could not trigger ${dag.id}: ${triggered.errors.join(' ')}`);
  const run = await finished;
  const ended = performance.now();
  await coordinator.flush();
  return { run, flushMs: performance.now() - ended };
}

function firstTry(ti: TaskInstance | undefined): { startDate: number; endDate: number } {
  const attempt = ti?.tries[0];
  if (!attempt || attempt.startDate === null || attempt.endDate === null) {
    throw new Error(`Task ${ti?.taskId} has no finished first try.`);
  }
  return { startDate: attempt.startDate, endDate: attempt.endDate };
}

/** Per edge of the 100-task chain: the downstream try's start minus the upstream try's end. */
async function taskHandoff(repetitions = CHAIN_RUNS): Promise<number[]> {
  const values: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const { run } = await withCoordinator([CHAIN_DAG], (coordinator) => triggerAndWait(coordinator, CHAIN_DAG));
    const edges: number[] = [];
    for (let i = 1; i < run.tasks.length; i++) {
      edges.push(firstTry(run.tasks[i]).startDate - firstTry(run.tasks[i - 1]).endDate);
    }
    values.push(...edges);
    log(`task_handoff_ms chain ${rep + 1}/${repetitions}: median ${median(edges).toFixed(3)} ms over ${edges.length} edges`);
  }
  return values;
}

/** Producer task's end → first try of the consumer run its dataset event created. */
async function triggerLatency(repetitions = TRIGGER_RUNS): Promise<number[]> {
  return withCoordinator([PRODUCER_DAG, CONSUMER_DAG], async (coordinator) => {
    const values: number[] = [];
    for (let rep = 0; rep < repetitions; rep++) {
      const consumerDone = nextFinishedRun(coordinator, CONSUMER_DAG.id);
      const { run: producerRun } = await triggerAndWait(coordinator, PRODUCER_DAG);
      const consumerRun = await consumerDone;
      await coordinator.flush();
      const source = consumerRun.triggeringEvents[0]?.source;
      if (source?.runId !== producerRun.id) {
        throw new Error(`Consumer run ${consumerRun.id} was not triggered by producer run ${producerRun.id}.`);
      }
      values.push(firstTry(consumerRun.tasks[0]).startDate - firstTry(producerRun.tasks[0]).endDate);
    }
    log(`trigger_latency_ms: median ${median(values).toFixed(3)} ms over ${values.length} producer → consumer runs`);
    return values;
  });
}

/** 10,000 no-op tasks on the default pool: tasks per second of run wall time. */
async function noopThroughput(repetitions = WIDE_RUNS): Promise<number[]> {
  const values: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const { run, flushMs } = await withCoordinator([WIDE_DAG], (coordinator) => triggerAndWait(coordinator, WIDE_DAG));
    if (run.startDate === null || run.endDate === null) throw new Error(`Run ${run.id} has no start or end date.`);
    const seconds = (run.endDate - run.startDate) / 1000;
    values.push(run.tasks.length / seconds);
    log(
      `noop_tasks_per_s run ${rep + 1}/${repetitions}: ${run.tasks.length} tasks in ${seconds.toFixed(2)} s on ${POOL_SIZE} workers ` +
        `(${(run.tasks.length / seconds).toFixed(0)} tasks/s); its writes reached IndexedDB ${(flushMs / 1000).toFixed(2)} s after the run ended`,
    );
  }
  return values;
}

/**
 * The pure step at 10,000 tasks, no workers, no IO: trigger the wide DAG, then answer every start_task command in
 * order with task_started and task_succeeded, timing batches of steps (performance.now() per batch: its resolution
 * is too coarse for one step).
 */
function schedulerStep(batches = STEP_BATCHES): number[] {
  let state = createSchedulerState([WIDE_DAG], { parallelism: POOL_SIZE });
  let now = 1_700_000_000_000;
  const pending: Extract<SchedulerCommand, { type: 'start_task' }>[] = [];
  const take = (commands: readonly SchedulerCommand[]) => {
    for (const c of commands) if (c.type === 'start_task') pending.push(c);
  };
  const first = step(state, { type: 'trigger_dag', dagId: WIDE_DAG.id }, now);
  state = first.state;
  take(first.commands);
  const values: number[] = [];
  let head = 0;
  for (let batch = 0; batch < batches; batch++) {
    let steps = 0;
    const started = performance.now();
    while (steps < STEPS_PER_BATCH) {
      const command = pending[head++];
      if (!command) throw new Error('The scheduler stopped handing out tasks before the bench ended.');
      const { runId, taskId, tryNumber } = command;
      const a = step(state, { type: 'task_started', runId, taskId, tryNumber }, (now += 0.01));
      state = a.state;
      take(a.commands);
      const b = step(state, { type: 'task_succeeded', runId, taskId, tryNumber, outputs: [] }, (now += 0.01));
      state = b.state;
      take(b.commands);
      steps += 2;
    }
    const elapsed = performance.now() - started;
    values.push((elapsed * 1000) / steps);
  }
  log(`scheduler_step_us: ${values.map((v) => v.toFixed(1)).join(', ')} µs per step (batches of ${STEPS_PER_BATCH})`);
  return values;
}

/**
 * One built_features-shaped table (20,640 rows × 9 float32 columns, 743 kB) written with writeDatasetVersion — the
 * task's path: content hash, metadata and columns in one transaction, staged — then read back with
 * readDatasetVersion, on a real IndexedDB. Each repetition writes a new version (a new producer run) and reads it in a
 * new transaction. One unmeasured round first (IndexedDB's first transaction opens its files).
 */
async function datasetIo(repetitions = DATASET_RUNS): Promise<{ write: number[]; read: number[] }> {
  const dbName = `pipeline-playground-bench-io-${Date.now()}-${++dbSeq}`;
  const db = await openDatabase(dbName);
  try {
    const random = seededRandom(42);
    const columns: Record<string, Column> = {};
    for (const name of [...FEATURE_COLUMNS, TARGET_COLUMN]) columns[name] = Float32Array.from({ length: FEATURE_ROWS }, () => random() * 4 - 2);
    const table = makeTable(columns, [...FEATURE_COLUMNS, TARGET_COLUMN]);
    const write: number[] = [];
    const read: number[] = [];
    for (let rep = -1; rep < repetitions; rep++) {
      const source = { dagId: PRODUCER_DAG.id, runId: runId(`bench-io-${rep + 1}`), taskId: taskId('featurize'), tryNumber: 1 };
      const a = performance.now();
      const meta = await writeDatasetVersion(db, BUILT_FEATURES, table, source, Date.now());
      const b = performance.now();
      const back = await readDatasetVersion(db, meta.id);
      const c = performance.now();
      if (back.rowCount !== FEATURE_ROWS || back.columns[TARGET_COLUMN]?.length !== FEATURE_ROWS) {
        throw new Error(`Read back ${back.rowCount} rows of ${meta.id}, wrote ${FEATURE_ROWS}.`);
      }
      if (rep < 0) continue;
      write.push(b - a);
      read.push(c - b);
    }
    log(
      `dataset_write_ms / dataset_read_ms: median ${median(write).toFixed(2)} / ${median(read).toFixed(2)} ms for ` +
        `${FEATURE_ROWS} rows × ${table.names.length} float32 columns, ${repetitions} versions`,
    );
    return { write, read };
  } finally {
    db.close();
    await deleteDatabase(dbName);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** The smallest step performance.now() takes here (5 µs when cross-origin isolated, 100 µs otherwise in Chromium). */
function timerResolutionMs(): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    smallest = Math.min(smallest, b - a);
  }
  return smallest;
}

const roundedResolutionMs = () => Math.round(timerResolutionMs() * 10_000) / 10_000;

window.benchInfo = () => ({
  poolSize: POOL_SIZE,
  hardwareConcurrency: navigator.hardwareConcurrency,
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
  timerResolutionMs: roundedResolutionMs(),
});

/** A no-op try of the wide DAG on its own database (a fresh name each time: the ceiling's workers open it). */
const ceilingRequest = (): TaskRequest => ({
  dagId: WIDE_DAG.id,
  runId: runId('ceiling'),
  taskId: WIDE_DAG.tasks[1]!.id,
  tryNumber: 1,
  params: {},
  triggeringEvents: [],
  upstreamResults: {},
  dbName: `pipeline-playground-bench-ceiling-${Date.now()}-${++dbSeq}`,
  settings,
});

window.benchParts = {
  scheduler_step_us: schedulerStep,
  task_handoff_ms: taskHandoff,
  trigger_latency_ms: triggerLatency,
  noop_tasks_per_s: noopThroughput,
  messaging_ceiling_per_s: (repetitions = WIDE_RUNS) =>
    messagingCeiling({ poolSize: POOL_SIZE, createWorker, request: ceilingRequest, log, cleanUp: deleteDatabase }, repetitions),
  dataset_write_ms: (repetitions) => datasetIo(repetitions).then((r) => r.write),
  dataset_read_ms: (repetitions) => datasetIo(repetitions).then((r) => r.read),
};

/** Chromium's non-standard heap figure (coarse without --enable-precise-memory-info, which the runner passes). */
function usedHeapMb(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 1_048_576 : null;
}

window.runScale = async () => {
  const points: ScalePoint[] = [];
  for (const dag of SCALE_DAGS) {
    let peak = usedHeapMb();
    const sampler = setInterval(() => {
      const now = usedHeapMb();
      if (now !== null && (peak === null || now > peak)) peak = now;
    }, 50);
    try {
      const { run, flushMs } = await withCoordinator([dag], (coordinator) => triggerAndWait(coordinator, dag));
      if (run.startDate === null || run.endDate === null) throw new Error(`Run ${run.id} has no start or end date.`);
      const seconds = (run.endDate - run.startDate) / 1000;
      const point = {
        tasks: run.tasks.length,
        seconds,
        msPer1000: (seconds * 1000 * 1000) / run.tasks.length,
        peakHeapMb: peak === null ? null : Math.round(peak * 10) / 10,
        flushSeconds: flushMs / 1000,
      };
      points.push(point);
      log(`scale: ${point.tasks} no-op tasks in ${seconds.toFixed(2)} s (${point.msPer1000.toFixed(0)} ms per 1,000), peak heap ${point.peakHeapMb} MB`);
    } finally {
      clearInterval(sampler);
    }
  }
  return points;
};

window.runBench = async () => {
  log(`pool of ${POOL_SIZE} workers; performance.now() resolution ${roundedResolutionMs()} ms`);
  const results: BenchResults = {};
  results.scheduler_step_us = schedulerStep();
  results.task_handoff_ms = await taskHandoff();
  results.trigger_latency_ms = await triggerLatency();
  results.noop_tasks_per_s = await noopThroughput();
  const io = await datasetIo();
  results.dataset_write_ms = io.write;
  results.dataset_read_ms = io.read;
  return results;
};
