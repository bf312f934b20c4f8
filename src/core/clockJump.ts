import type { TaskInstance, TaskTry } from './model';
import type { Draft } from './schedulerDraft';

/**
 * The wall clock was set `by` milliseconds forward (> 0) or back (< 0) while the scheduler ran. What is still going
 * on moves with it, so that it lasts as long as it would have: the timers (a retry due in 2 s stays due in 2 s, a
 * timeout keeps its length) and every time of the runs not finished yet (queued, started, each try's times, the next
 * retry), so their durations and the order of their times stay true on the new clock. Finished runs keep the times
 * they were recorded with.
 */
export function shiftClock(draft: Draft, by: number): void {
  if (by === 0 || !Number.isFinite(by)) return;
  if (draft.timers.length > 0) draft.timers = draft.timers.map((timer) => ({ ...timer, at: timer.at + by }));
  const move = (time: number | null) => (time === null ? null : time + by);
  for (const runId of draft.activeRunIds) {
    const run = draft.run(runId)!;
    draft.updateRun(runId, { queuedAt: run.queuedAt + by, startDate: move(run.startDate), endDate: move(run.endDate) });
    run.tasks.forEach((ti, position) => {
      if (ti.tries.length === 0 && ti.startDate === null && ti.endDate === null && ti.nextRetryAt === null) return;
      draft.setTask(runId, position, shiftedInstance(ti, move));
    });
  }
}

function shiftedInstance(ti: TaskInstance, move: (time: number | null) => number | null): TaskInstance {
  const tries = ti.tries.map((t): TaskTry => ({ ...t, queuedAt: move(t.queuedAt)!, startDate: move(t.startDate), endDate: move(t.endDate) }));
  return { ...ti, startDate: move(ti.startDate), endDate: move(ti.endDate), nextRetryAt: move(ti.nextRetryAt), tries };
}
