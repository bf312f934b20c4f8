import type { DagDefinition } from '../../core/dag';
import type { TaskId } from '../../core/ids';
import type { DagRun } from '../../core/model';
import type { TaskState } from '../../core/states';
import { instanceAt } from './gridModel';

/**
 * One bar: the time a try waited for a worker (`queued`) or ran on one (`running`), or the retry delay between a failed
 * try's end and the next try's queueing (`retry_wait`, on the later try).
 */
export interface GanttBar {
  readonly taskId: TaskId;
  readonly tryNumber: number;
  readonly kind: 'retry_wait' | 'queued' | 'running';
  readonly start: number;
  readonly end: number;
  /** The try's state: the running bar takes its colour and glyph. */
  readonly state: TaskState;
  /** Still growing: its end is `now`, not a recorded time. */
  readonly open: boolean;
}

export interface GanttRow {
  readonly taskId: TaskId;
  /** Every try's bars, oldest try first; a retried task has several pairs in its row. */
  readonly bars: readonly GanttBar[];
}

export interface GanttModel {
  readonly rows: readonly GanttRow[];
  /** The time span the scale must cover; null when no task of the run was queued yet. */
  readonly domain: readonly [number, number] | null;
}

/**
 * Airflow's Gantt chart of one run, from its task instances: per try, a queued span (queued → start) and a running span
 * (start → end). A span not closed yet ends at `now`, so the chart grows while the run goes on. Tasks in the DAG's
 * order; tasks never queued keep an empty row.
 */
export function buildGanttModel(dag: DagDefinition, run: DagRun, now: number): GanttModel {
  let min = Infinity;
  let max = -Infinity;
  const rows = dag.tasks.map((task, position): GanttRow => {
    const ti = instanceAt(run, task.id, position);
    const bars: GanttBar[] = [];
    let previousEnd: number | null = null;
    for (const attempt of ti?.tries ?? []) {
      if (previousEnd !== null && attempt.queuedAt > previousEnd) {
        bars.push({
          taskId: task.id,
          tryNumber: attempt.tryNumber,
          kind: 'retry_wait',
          start: previousEnd,
          end: attempt.queuedAt,
          state: 'up_for_retry',
          open: false,
        });
      }
      const closedAt = attempt.endDate;
      const queuedEnd = attempt.startDate ?? closedAt;
      bars.push({
        taskId: task.id,
        tryNumber: attempt.tryNumber,
        kind: 'queued',
        start: attempt.queuedAt,
        end: Math.max(attempt.queuedAt, queuedEnd ?? now),
        state: attempt.startDate === null && closedAt === null ? 'queued' : attempt.state,
        open: queuedEnd === null,
      });
      if (attempt.startDate !== null) {
        bars.push({
          taskId: task.id,
          tryNumber: attempt.tryNumber,
          kind: 'running',
          start: attempt.startDate,
          end: Math.max(attempt.startDate, closedAt ?? now),
          state: attempt.state,
          open: closedAt === null,
        });
      }
      previousEnd = closedAt;
    }
    for (const bar of bars) {
      min = Math.min(min, bar.start);
      max = Math.max(max, bar.end);
    }
    return { taskId: task.id, bars };
  });
  return { rows, domain: Number.isFinite(min) ? [min, Math.max(max, min + 1)] : null };
}
