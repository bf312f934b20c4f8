import type { CallbackSpec } from './dag';
import type { DagId, DatasetId, DatasetVersionId, RunId, TaskId } from './ids';
import type { ErrorInfo, JsonValue } from './json';
import type { DatasetEvent, DatasetOutput, RunType } from './model';
import type { RunState } from './states';

/** What happens to the scheduler: a person's action, a report from a worker, or time passing. */
export type SchedulerEvent =
  | { readonly type: 'trigger_dag'; readonly dagId: DagId; readonly params?: Readonly<Record<string, JsonValue>> }
  | { readonly type: 'task_started'; readonly runId: RunId; readonly taskId: TaskId; readonly tryNumber: number }
  | {
      readonly type: 'task_succeeded';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly outputs: readonly DatasetOutput[];
      readonly returnValue?: JsonValue;
    }
  | {
      readonly type: 'task_failed';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly error: ErrorInfo;
    }
  /**
   * The page that ran this try went away (closed or reloaded) while it was queued or running, so it never reported.
   * As Airflow adopts orphaned tasks, the task is taken up again by a new try that does not use one of its retries.
   */
  | {
      readonly type: 'task_lost';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      /**
       * When the try was last heard of (its last log line), if known: the lost try ends there — not when the next page
       * opened, which may be the next day — clamped between its start and now (the two pages' clocks may differ).
       */
      readonly lastSeenAt?: number;
    }
  /** Time passed: retries that became due start, tries over their timeout fail. */
  | { readonly type: 'tick' }
  /**
   * The wall clock was set `by` ms forward or back (the caller compares it with a monotonic clock): what is going on
   * moves with it, so waits keep their length and durations stay true (clockJump.ts).
   */
  | { readonly type: 'clock_jumped'; readonly by: number }
  | { readonly type: 'set_paused'; readonly dagId: DagId; readonly paused: boolean }
  /** Airflow's Clear: the task (and, if asked, everything downstream) runs again, with its retries renewed. */
  | { readonly type: 'clear_task'; readonly runId: RunId; readonly taskId: TaskId; readonly downstream: boolean }
  /** Airflow's Mark success / Mark failed: sets the state by hand; no callbacks fire, no dataset event is emitted. */
  | { readonly type: 'mark_task'; readonly runId: RunId; readonly taskId: TaskId; readonly state: 'success' | 'failed' }
  /**
   * Airflow's Mark run failed / Mark run success. Failed stops the run: tries in flight are stopped and fail, tasks
   * not started are skipped. Success makes every unfinished task a success. No callbacks, no dataset events.
   */
  | { readonly type: 'mark_run'; readonly runId: RunId; readonly state: 'success' | 'failed' }
  /** Airflow's "Create dataset event": as if a producer had updated the dataset. */
  | {
      readonly type: 'create_dataset_event';
      readonly datasetId: DatasetId;
      readonly versionId: DatasetVersionId | null;
      readonly extra?: Readonly<Record<string, JsonValue>>;
    };

/** What the scheduler asks the outside world to do. It never does IO itself. */
export type SchedulerCommand =
  | {
      readonly type: 'start_task';
      readonly dagId: DagId;
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly params: Readonly<Record<string, JsonValue>>;
      readonly triggeringEvents: readonly DatasetEvent[];
    }
  /** Stop a try's worker: it timed out, or a person cleared or marked it while it ran. */
  | {
      readonly type: 'stop_task';
      readonly runId: RunId;
      readonly taskId: TaskId;
      readonly tryNumber: number;
      readonly reason: 'timeout' | 'cleared' | 'marked';
    }
  | { readonly type: 'record_dataset_event'; readonly event: DatasetEvent }
  /**
   * A try's success is recorded by this step: what it stored besides dataset versions (its models) becomes visible in
   * the same write as that success, as a dataset version does with its event.
   */
  | { readonly type: 'try_succeeded'; readonly runId: RunId; readonly taskId: TaskId; readonly tryNumber: number }
  | { readonly type: 'run_created'; readonly runId: RunId; readonly dagId: DagId; readonly runType: RunType }
  | { readonly type: 'run_finished'; readonly runId: RunId; readonly dagId: DagId; readonly state: RunState }
  | {
      readonly type: 'callback';
      readonly scope: 'task' | 'dag';
      readonly kind: 'on_execute' | 'on_success' | 'on_failure' | 'on_retry';
      readonly spec: CallbackSpec;
      readonly dagId: DagId;
      readonly runId: RunId;
      readonly taskId?: TaskId;
      readonly tryNumber?: number;
      readonly error?: ErrorInfo;
    };
