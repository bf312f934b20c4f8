import { beforeAll, describe, expect, it } from 'vitest';
import { checkLesson, isSettled, nextRunSeq } from '../../../src/authoring/lessons/lessonCheck';
import { createDagFilePool, readDagFile } from '../../../src/authoring/readDagFile';
import { LESSONS, lessonNamed, type Lesson } from '../../../src/authoring/lessons';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId } from '../../../src/core/ids';
import { failTimes, Harness, returns, type OutcomeScript } from '../core/harness';

/**
 * Each lesson's check against states the real scheduler reaches (pure `step`, a fake clock that the harness moves to
 * each retry): scripted task outcomes stand in for the sandboxed code, which tests/unit/authoring/lessons.test.ts runs
 * for real.
 */
const pool = createDagFilePool();
const dagsOf = new Map<string, readonly DagDefinition[]>();
beforeAll(async () => {
  for (const lesson of LESSONS) {
    const read = await readDagFile(pool, lesson.text, { fileName: lesson.fileName });
    dagsOf.set(lesson.name, read.dags);
  }
});

/** Triggers the lesson's DAGs in order, each run (and what its assets trigger) to its end before the next. */
function trial(lesson: Lesson, script: OutcomeScript, prepare?: (h: Harness) => void) {
  const harness = new Harness(dagsOf.get(lesson.name)!);
  prepare?.(harness);
  const since = nextRunSeq(Object.values(harness.state.runs));
  for (const id of lesson.check.trigger) {
    harness.trigger(dagId(id));
    harness.runAll(script);
  }
  return { harness, since, result: checkLesson(lesson.check, Object.values(harness.state.runs), since) };
}

/** What makes each lesson do what it says: the outcomes its own code produces. */
const AS_WRITTEN: Readonly<Record<string, OutcomeScript>> = {
  'producer-consumer': { check_data: returns(['featurize']) },
  'trigger-rules': { transform: 'fail' },
  branching: { is_big: returns(['small_batch']) },
  'asset-conditions': {},
  retries: { fetch: failTimes(1) },
};

describe('a lesson run as written passes its check', () => {
  for (const lesson of LESSONS) {
    it(lesson.name, () => {
      const { result } = trial(lesson, AS_WRITTEN[lesson.name]!);
      expect(result).toEqual({ status: 'pass', differences: [] });
    });
  }
});

describe('a lesson that behaves differently fails, saying what differed', () => {
  it('producer-consumer: the data goes to quarantine, so the consumer never runs', () => {
    const { result } = trial(lessonNamed('producer-consumer')!, { check_data: returns(['quarantine_data']) });
    expect(result).toEqual({
      status: 'fail',
      differences: [
        'expected task featurize to end success, it ended skipped',
        'expected task quarantine_data to end skipped, it ended success',
        'expected ml_consumer to run once, it ran 0 times',
      ],
    });
  });

  it('trigger-rules: transform succeeds, so every rule decides otherwise', () => {
    const { result } = trial(lessonNamed('trigger-rules')!, {});
    expect(result).toEqual({
      status: 'fail',
      differences: [
        'expected lesson_trigger_rules to end failed, it ended success',
        'expected task transform to end failed, it ended success',
        'expected task load to end upstream_failed, it ended success',
        'expected task alert to end success, it ended skipped',
        'expected task report to end upstream_failed, it ended success',
      ],
    });
  });

  it('branching: the big path is taken', () => {
    const { result } = trial(lessonNamed('branching')!, { is_big: returns(['big_batch']) });
    expect(result).toEqual({
      status: 'fail',
      differences: ['expected task big_batch to end skipped, it ended success', 'expected task small_batch to end success, it ended skipped'],
    });
  });

  it('asset-conditions: with lesson_join_both paused, it does not run', () => {
    const lesson = lessonNamed('asset-conditions')!;
    const { result } = trial(lesson, {}, (h) => h.setPaused(dagId('lesson_join_both'), true));
    expect(result).toEqual({ status: 'fail', differences: ['expected lesson_join_both to run once, it ran 0 times'] });
  });

  it('retries: fetch keeps failing until its retries are used up', () => {
    const { result } = trial(lessonNamed('retries')!, { fetch: 'fail' });
    expect(result).toEqual({
      status: 'fail',
      differences: [
        'expected lesson_retries to end success, it ended failed',
        'expected task fetch to end success, it ended failed',
        'expected task store to end success, it ended upstream_failed',
        'expected task fetch to take 2 tries, it took 3 tries',
        'expected task store to take 1 try, it never ran',
      ],
    });
  });
});

describe('pending, and only the runs since the check started', () => {
  it('is pending while a run is unfinished, and until every DAG it triggers has run', () => {
    const lesson = lessonNamed('asset-conditions')!;
    const harness = new Harness(dagsOf.get(lesson.name)!);
    const since = nextRunSeq(Object.values(harness.state.runs));
    const runs = () => Object.values(harness.state.runs);
    expect(checkLesson(lesson.check, runs(), since).status).toBe('pending');
    harness.trigger(dagId('lesson_weather_feed'));
    expect(isSettled(lesson.check, runs(), since)).toBe(false);
    expect(checkLesson(lesson.check, runs(), since).status).toBe('pending');
    harness.runAll();
    // The first DAG is done, the second not triggered yet: nothing to judge.
    expect(isSettled(lesson.check, runs(), since)).toBe(true);
    expect(checkLesson(lesson.check, runs(), since)).toEqual({ status: 'pending', differences: [] });
    harness.trigger(dagId('lesson_sales_feed'));
    harness.runAll();
    expect(checkLesson(lesson.check, runs(), since).status).toBe('pass');
  });

  it('a retry waiting for its delay keeps the check pending', () => {
    const lesson = lessonNamed('retries')!;
    const harness = new Harness(dagsOf.get(lesson.name)!);
    harness.trigger(dagId('lesson_retries'));
    harness.runAll({ fetch: failTimes(1) }, { ticks: false });
    expect(harness.runsOf(dagId('lesson_retries'))[0]!.tasks[0]!.state).toBe('up_for_retry');
    expect(checkLesson(lesson.check, Object.values(harness.state.runs), 1).status).toBe('pending');
  });

  it('runs before the check started do not count: a second trial passes on its own runs', () => {
    const lesson = lessonNamed('asset-conditions')!;
    const { harness } = trial(lesson, {});
    const since = nextRunSeq(Object.values(harness.state.runs));
    expect(since).toBeGreaterThan(1);
    for (const id of lesson.check.trigger) {
      harness.trigger(dagId(id));
      harness.runAll();
    }
    const runs = Object.values(harness.state.runs);
    expect(checkLesson(lesson.check, runs, since).status).toBe('pass');
    // Counted from the start, the same runs are twice too many.
    expect(checkLesson(lesson.check, runs, 1).differences).toContain('expected lesson_join_both to run once, it ran twice');
  });

  it('a DAG without a count that never ran, and a task the DAG does not have, are named', () => {
    const check = {
      trigger: ['lesson_retries'],
      runs: [
        { dagId: 'lesson_retries', tasks: { missing: 'success' as const }, tries: { gone: 1 } },
        { dagId: 'lesson_nowhere', state: 'success' as const },
      ],
    };
    const { harness, since } = trial(lessonNamed('retries')!, AS_WRITTEN['retries']!);
    expect(checkLesson(check, Object.values(harness.state.runs), since)).toEqual({
      status: 'fail',
      differences: [
        'expected task missing of lesson_retries to end success, lesson_retries has no task missing',
        'expected task gone of lesson_retries to take 1 try, lesson_retries has no task gone',
        'expected lesson_nowhere to run, it did not run',
      ],
    });
  });
});
