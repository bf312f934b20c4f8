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
