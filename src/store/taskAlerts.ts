import type { DagDefinition } from '../core/dag';
import type { DagId } from '../core/ids';
import type { TaskInstance } from '../core/model';
import type { Notification } from '../core/notification';
import type { SchedulerState } from '../core/schedulerState';
import { own } from '../core/ownKeys';

/** A notification before the store numbers it. */
export type Alert = Omit<Notification, 'id'>;

/**
 * Toasts for what a person must not miss even when the DAG declares no callback for it: a task that failed for good,
 * and a try that failed and will be retried. Derived by comparing two scheduler states, so the scheduling tab and the
 * tabs that mirror it say the same. A task whose own `onFailure` / `onRetry` callback already reports it is left to
 * that callback; a state set by hand (mark failed, mark run failed) is not news to the person who set it.
 */
export function taskAlerts(previous: SchedulerState | null, next: SchedulerState, now: number): Alert[] {
  // The first state of a page (boot, restore) is history, not news.
  if (!previous) return [];
  const alerts: Alert[] = [];
  for (const run of Object.values(next.runs)) {
    const before = previous.runs[run.id];
    // Steps share what they did not touch: an unchanged run is the same object.
    if (before === run) continue;
    const dag: DagDefinition | undefined = own(next.dags, run.dagId as DagId);
    run.tasks.forEach((ti, position) => {
      const same = before?.tasks[position];
      const old = same?.taskId === ti.taskId ? same : before?.tasks.find((t) => t.taskId === ti.taskId);
      if (old === ti || old?.state === ti.state || isSetByHand(ti)) return;
      const callbacks = dag?.tasks.find((t) => t.id === ti.taskId)?.callbacks;
      const error = ti.error ? `${ti.error.name}: ${ti.error.message}` : 'no error recorded';
      const where = { dagId: run.dagId, runId: run.id, taskId: ti.taskId, timestamp: now, source: 'system' as const };
      if (ti.state === 'failed' && !callbacks?.onFailure) {
        alerts.push({
          ...where,
          level: 'error',
          title: `${ti.taskId} failed`,
          message: `${run.dagId}: try ${ti.tryNumber} of ${ti.maxTries} failed, no retries left (${error}).`,
        });
      } else if (ti.state === 'up_for_retry' && !callbacks?.onRetry) {
        alerts.push({
          ...where,
          level: 'warning',
          title: `${ti.taskId} will retry`,
          message: `${run.dagId}: try ${ti.tryNumber} of ${ti.maxTries} failed (${error}); it runs again after its retry delay.`,
        });
      }
    });
  }
  return alerts;
}

function isSetByHand(ti: TaskInstance): boolean {
  return ti.note !== undefined && ti.note.includes('marked');
}
