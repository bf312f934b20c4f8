import type { DagRun } from '../../core/model';
import { isRunFinished } from '../../core/states';
import type { LessonCheck } from './lessonHeader';

export type LessonCheckStatus = 'pass' | 'fail' | 'pending';

/** What a lesson's check says about the runs since it started: ✓, what differed, or not finished yet. */
export interface LessonCheckResult {
  readonly status: LessonCheckStatus;
  /** In words a learner reads, one per expectation that did not hold; empty unless the status is `fail`. */
  readonly differences: readonly string[];
}

/**
 * The sequence number the next run will get at the earliest: a check started now looks only at runs from here on
 * (runs carry their creation order in `seq`, which does not trust clocks).
 */
export function nextRunSeq(runs: Iterable<DagRun>): number {
  let max = 0;
  for (const run of runs) max = Math.max(max, run.seq);
  return max + 1;
}

/** Every DAG a check looks at: the ones it triggers and the ones it expects runs of. */
export function checkedDagIds(check: LessonCheck): ReadonlySet<string> {
  return new Set([...check.trigger, ...check.runs.map((r) => r.dagId)]);
}

/** Runs of the checked DAGs created since `sinceSeq` (and before `beforeSeq`, a check that is over), oldest first. */
export function runsSince(check: LessonCheck, runs: Iterable<DagRun>, sinceSeq: number, beforeSeq = Number.POSITIVE_INFINITY): DagRun[] {
  const dags = checkedDagIds(check);
  return [...runs].filter((run) => run.seq >= sinceSeq && run.seq < beforeSeq && dags.has(run.dagId)).sort((a, b) => a.seq - b.seq);
}

/** No run of a checked DAG since `sinceSeq` is queued or running: nothing more will happen until the next trigger. */
export function isSettled(check: LessonCheck, runs: Iterable<DagRun>, sinceSeq: number): boolean {
  return runsSince(check, runs, sinceSeq).every((run) => isRunFinished(run.state));
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const tries = (n: number) => (n === 1 ? '1 try' : `${n} tries`);

/**
 * Checks a lesson against the runs since it started. `pending` while a run of a checked DAG is unfinished or a DAG the
 * check triggers has not run as often as it is triggered yet (the trial has more to do); otherwise `pass` when every
 * expectation holds, else `fail` with one sentence per expectation that did not: run counts, how the newest run of
 * each DAG ended, and the end state and try count of named tasks in it. Runs from `beforeSeq` on (created after the
 * check ended, by hand) do not count.
 */
export function checkLesson(check: LessonCheck, runs: Iterable<DagRun>, sinceSeq: number, beforeSeq = Number.POSITIVE_INFINITY): LessonCheckResult {
  const mine = runsSince(check, runs, sinceSeq, beforeSeq);
  if (mine.some((run) => !isRunFinished(run.state))) return { status: 'pending', differences: [] };
  for (const dagId of new Set(check.trigger)) {
    const wanted = check.trigger.filter((id) => id === dagId).length;
    if (mine.filter((run) => run.dagId === dagId).length < wanted) return { status: 'pending', differences: [] };
  }
  const differences: string[] = [];
  for (const expected of check.runs) {
    const ofDag = mine.filter((run) => run.dagId === expected.dagId);
    if (expected.count !== undefined && ofDag.length !== expected.count) {
      differences.push(`expected ${expected.dagId} to run ${times(expected.count)}, it ran ${times(ofDag.length)}`);
    }
    const last = ofDag[ofDag.length - 1];
    if (!last) {
      if (expected.count === undefined) differences.push(`expected ${expected.dagId} to run, it did not run`);
      continue;
    }
    if (expected.state !== undefined && last.state !== expected.state) {
      differences.push(`expected ${expected.dagId} to end ${expected.state}, it ended ${last.state}`);
    }
    for (const [taskId, state] of Object.entries(expected.tasks ?? {})) {
      const ti = last.tasks.find((t) => t.taskId === taskId);
      if (!ti) differences.push(`expected task ${taskId} of ${expected.dagId} to end ${state}, ${expected.dagId} has no task ${taskId}`);
      else if (ti.state !== state) differences.push(`expected task ${taskId} to end ${state}, it ended ${ti.state}`);
    }
    for (const [taskId, count] of Object.entries(expected.tries ?? {})) {
      const ti = last.tasks.find((t) => t.taskId === taskId);
      if (!ti) differences.push(`expected task ${taskId} of ${expected.dagId} to take ${tries(count)}, ${expected.dagId} has no task ${taskId}`);
      else if (ti.tries.length !== count) differences.push(`expected task ${taskId} to take ${tries(count)}, ${ti.tries.length === 0 ? 'it never ran' : `it took ${tries(ti.tries.length)}`}`);
    }
  }
  return differences.length === 0 ? { status: 'pass', differences } : { status: 'fail', differences };
}
