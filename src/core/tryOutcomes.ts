import type { ErrorInfo, JsonValue } from './json';
import type { RunId, TaskId } from './ids';
import type { DatasetOutput } from './model';
import { emitDatasetEvents } from './datasetEvents';
import { retryDelayMs } from './retryDelay';
import type { Draft } from './schedulerDraft';
import { displayText, quoted } from './displayText';

/**
 * What the end of a try does to a run: a failure becomes a retry or a final failure, a success may emit dataset
 * events, choose a branch or short-circuit, and in every case the downstream tasks are evaluated again.
 */

/** A try failed (an error, a timeout, a lost worker): up_for_retry while tries remain, else failed. */
export function failTry(draft: Draft, runId: RunId, position: number, error: ErrorInfo): void {
  const run = draft.run(runId)!;
  const ti = run.tasks[position]!;
  const task = draft.dagOf(run).tasks[position]!;
  draft.dropTimers(runId, position);
  const who = { id: task.id, tryNumber: ti.tryNumber };
  if (ti.tryNumber < ti.maxTries) {
    const at = draft.now + retryDelayMs(task, ti.tryNumber, `${run.dagId}#${task.id}#${run.id}`);
    draft.setTryState(
      runId,
      position,
      { state: 'up_for_retry', nextRetryAt: at, error },
      { state: 'failed', endDate: draft.now, error },
    );
    draft.addTimer({ at, kind: 'retry', runId, position, tryNumber: ti.tryNumber });
    draft.callback('task', 'on_retry', task.callbacks?.onRetry, run, who, error);
    return;
  }
  draft.setTryState(
    runId,
    position,
    { state: 'failed', endDate: draft.now, error },
    { state: 'failed', endDate: draft.now, error },
  );
  draft.callback('task', 'on_failure', task.callbacks?.onFailure, run, who, error);
  draft.evaluate(runId, draft.index(run).downstream[position]!);
}

/**
 * How many tries of a task may be lost in a row and each still be taken up again for free. A task whose tries keep
 * being lost (one that crashes the page itself) would otherwise never end: the next lost try counts as a failure.
 */
export const MAX_LOST_IN_A_ROW = 3;

/**
 * A try lost with the page that ran it: the try ends as lost (state failed, `lost: true`, a TaskLost error that says
 * so) and the task is scheduled again at once, its allowed tries raised by one, so the new try uses no retry. No
 * callback fires: the task did not fail. Airflow adopts or resets orphaned tasks the same way.
 */
export function loseTry(draft: Draft, runId: RunId, position: number, lastSeenAt?: number): void {
  const run = draft.run(runId)!;
  const ti = run.tasks[position]!;
  const attempt = ti.tries[ti.tries.length - 1]!;
  const began = attempt.startDate ?? attempt.queuedAt;
  const endDate = lastSeenAt === undefined ? draft.now : Math.min(draft.now, Math.max(began, lastSeenAt));
  const task = draft.dagOf(run).tasks[position]!;
  const doing = ti.state === 'running' ? 'running' : 'waiting for a worker';
  let lostBefore = 0;
  for (let i = ti.tries.length - 2; i >= 0 && ti.tries[i]!.lost; i--) lostBefore++;
  if (lostBefore >= MAX_LOST_IN_A_ROW) {
    failTry(draft, runId, position, {
      name: 'TaskLost',
      message: `Try ${ti.tryNumber} of "${task.id}" was lost with the page while ${doing}, as were the ${lostBefore} tries before it: this one counts as a failure.`,
    });
    return;
  }
  const error: ErrorInfo = {
    name: 'TaskLost',
    message: `lost: the page was closed or reloaded while try ${ti.tryNumber} was ${doing}. Try ${ti.tryNumber + 1} takes the task up again without using a retry.`,
  };
  draft.dropTimers(runId, position);
  draft.setTryState(
    runId,
    position,
    { state: 'scheduled', maxTries: ti.maxTries + 1, nextRetryAt: null },
    { state: 'failed', endDate, error, lost: true },
  );
  draft.enqueue({ runId, position });
}

export function succeedTry(
  draft: Draft,
  runId: RunId,
  position: number,
  outputs: readonly DatasetOutput[],
  returnValue: JsonValue | undefined,
): void {
  const run = draft.run(runId)!;
  const ti = run.tasks[position]!;
  const index = draft.index(run);
  const task = index.tasks[position]!;
  let follow: number[] | null = null;
  if (task.kind === 'branch') {
    const chosen =
      returnValue === null || returnValue === undefined ? [] : Array.isArray(returnValue) ? returnValue : [returnValue];
    const downstream = index.downstream[position]!;
    const invalid = chosen.filter(
      (id) => typeof id !== 'string' || !downstream.includes(index.position(id as TaskId) ?? -1),
    );
    if (invalid.length > 0) {
      const allowed = downstream.map((p) => index.tasks[p]!.id).join(', ');
      failTry(draft, runId, position, {
        name: 'InvalidBranch',
        message: `Branch task ${quoted(task.id)} returned ${displayText(JSON.stringify(invalid))}; it may only follow its direct downstream tasks: ${allowed}.`,
      });
      return;
    }
    follow = chosen.map((id) => index.position(id as TaskId)!);
  }
  draft.dropTimers(runId, position);
  draft.setTryState(
    runId,
    position,
    { state: 'success', endDate: draft.now, outputs, ...(returnValue === undefined ? {} : { returnValue }) },
    { state: 'success', endDate: draft.now },
  );
  draft.commands.push({ type: 'try_succeeded', runId, taskId: task.id, tryNumber: ti.tryNumber });
  draft.callback('task', 'on_success', task.callbacks?.onSuccess, run, { id: task.id, tryNumber: ti.tryNumber });
  emitDatasetEvents(draft, run, task.id, ti.tryNumber, task.outlets ?? [], outputs);
  if (follow) {
    // As in Airflow's skip_all_except: a direct downstream task that is also downstream of a followed task is kept.
    const kept = new Set(follow.flatMap((p) => [p, ...index.descendants(p)]));
    draft.skip(
      runId,
      index.downstream[position]!.filter((p) => !kept.has(p)),
    );
  }
  if (task.kind === 'short_circuit' && !pythonTruthy(returnValue)) {
    // Airflow's ShortCircuitOperator (ignore_downstream_trigger_rules=True): everything downstream is skipped.
    draft.skip(runId, index.descendants(position));
  }
  draft.evaluate(runId, index.downstream[position]!);
}

/** Truthiness as Airflow's ShortCircuitOperator judges it (Python's): empty lists and dicts are false too. */
function pythonTruthy(value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
