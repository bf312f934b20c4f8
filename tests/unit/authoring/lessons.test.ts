import { afterEach, describe, expect, it } from 'vitest';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { LESSONS, lessonNamed } from '../../../src/authoring/lessons';
import { checkLesson } from '../../../src/authoring/lessons/lessonCheck';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId } from '../../../src/core/ids';
import type { DagRun } from '../../../src/core/model';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { FakeClock } from '../../../src/runtime/clock';
import { Coordinator } from '../../../src/runtime/coordinator';
import type { TaskRequest, TaskResult } from '../../../src/runtime/workers/protocol';
import type { TaskCallbacks } from '../../../src/runtime/workers/workerPool';
import { InThreadExecutor } from '../runtime/inThreadExecutor';
import { openTestDatabase } from '../runtime/testDb';

const pool = createDagFilePool();

/** A definition without what only an authored one carries (its file, operator names): the structure to compare. */
const structure = (dag: DagDefinition) => {
  const { source: _source, ...rest } = dag;
  return { ...rest, tasks: dag.tasks.map(({ operator: _operator, ...task }) => task) };
};

describe('lessons', () => {
  it('every lesson reads without a problem, has prose, and declares DAG ids no other lesson declares', async () => {
    expect(LESSONS.map((l) => l.name)).toEqual(['producer-consumer', 'trigger-rules', 'branching', 'asset-conditions', 'retries']);
    const owner = new Map<string, string>();
    for (const lesson of LESSONS) {
      const result = await readDagFile(pool, lesson.text, { fileName: lesson.fileName });
      expect(result.diagnostics, lesson.name).toEqual([]);
      expect(result.dags.length, lesson.name).toBeGreaterThan(0);
      expect(lesson.title.length).toBeGreaterThan(10);
      expect(lesson.teaches.length).toBeGreaterThan(40);
      expect(lesson.expect.length).toBeGreaterThan(40);
      for (const dag of result.dags) {
        expect(owner.get(dag.id), `${dag.id} of ${lesson.name}`).toBeUndefined();
        owner.set(dag.id, lesson.name);
      }
      // What the lesson's check names exists in the lesson.
      for (const run of lesson.check.runs) expect(result.dags.map((d) => d.id)).toContain(run.dagId);
    }
  });

  it('the producer/consumer lesson declares ml_producer and ml_consumer exactly as the built-in pipeline, with its operators', async () => {
    const lesson = lessonNamed('producer-consumer')!;
    const result = await readDagFile(pool, lesson.text, { fileName: lesson.fileName });
    const builtIn = HOUSING_DAGS.filter((d) => d.id === 'ml_producer' || d.id === 'ml_consumer');
    expect(result.dags.map(structure)).toEqual(builtIn);
    expect(result.dags.flatMap((d) => d.tasks.map((t) => `${t.id}=${t.operator}`))).toEqual([
      'extract=housing.extract',
      'save_raw_data=housing.save_raw_data',
      'check_data=housing.check_data',
      'featurize=housing.featurize',
      'quarantine_data=housing.quarantine_data',
      'check_drift=housing.check_drift',
      'train=housing.train',
      'predict=housing.predict',
      'save_predictions=housing.save_predictions',
    ]);
    const builtInAssets = HOUSING_DATASETS.filter((a) => result.assets.some((b) => b.id === a.id));
    expect(result.assets).toEqual(builtInAssets);
    expect(result.assets).toHaveLength(4);
  });
});

/** Counts tries in flight, so a test can wait for the workers to be quiet before moving the clock. */
class CountingExecutor extends InThreadExecutor {
  inFlight = 0;
  private waiters: (() => void)[] = [];
  override async run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    this.inFlight++;
    try {
      return await super.run(request, callbacks);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }
  quiet(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

describe('each lesson does what its header says when it runs (sandboxed tasks, the real scheduler)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  for (const lesson of LESSONS.filter((l) => l.name !== 'producer-consumer')) {
    it(lesson.name, async () => {
      const read = await readDagFile(pool, lesson.text, { fileName: lesson.fileName });
      const opened = await openTestDatabase();
      cleanups.push(opened.close);
      const clock = new FakeClock(1_000_000);
      const executor = new CountingExecutor({});
      const settings = { backend: 'cpu' as const, seed: 42, baseUrl: 'http://localhost/' };
      const coordinator = await Coordinator.start({ dags: read.dags, db: opened.db, dbName: opened.name, executor, clock, settings });
      for (const id of lesson.check.trigger) {
        expect(coordinator.trigger(dagId(id)).ok).toBe(true);
        // Move the clock only once the workers are quiet: retries wait on it, nothing else does.
        for (let step = 0; step < 20; step++) {
          await Promise.resolve();
          await executor.quiet();
          await coordinator.flush();
          if (coordinator.snapshot.activeRunIds.length === 0 && executor.inFlight === 0) break;
          clock.advance(1_000);
        }
      }
      const runs = Object.values(coordinator.snapshot.runs) as DagRun[];
      // The gallery's check (lessonCheck.ts) agrees with the assertions below on the real run.
      expect(checkLesson(lesson.check, runs, 1)).toEqual({ status: 'pass', differences: [] });
      for (const expected of lesson.check.runs) {
        const mine = runs.filter((r) => r.dagId === expected.dagId);
        if (expected.count !== undefined) expect(mine, `${expected.dagId} runs`).toHaveLength(expected.count);
        const last = mine[mine.length - 1]!;
        if (expected.state) expect(last.state, `${expected.dagId} state`).toBe(expected.state);
        for (const [task, state] of Object.entries(expected.tasks ?? {})) {
          const ti = last.tasks.find((t) => t.taskId === task)!;
          expect(`${task}:${ti.state}`, ti.error?.message).toBe(`${task}:${state}`);
        }
        for (const [task, tries] of Object.entries(expected.tries ?? {})) {
          expect(last.tasks.find((t) => t.taskId === task)!.tries).toHaveLength(tries);
        }
      }
    }, 30_000);
  }
});
