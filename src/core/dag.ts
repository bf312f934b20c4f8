import { datasetsIn, type DatasetCondition } from './datasetCondition';
import type { DagId, DatasetId, TaskId } from './ids';
import type { ParamSpec } from './params';
import type { RetryPolicy } from './retryDelay';
import type { TriggerRule } from './triggerRules';

/** A task's role for the scheduler: an ordinary task, a branch (returns the task ids to follow) or a short-circuit. */
export type TaskKind = 'task' | 'branch' | 'short_circuit';

export type NotificationLevel = 'info' | 'success' | 'warning' | 'error';

/**
 * A callback as data: the playground turns it into a notification. `message` may use {dag}, {task}, {run}, {try}
 * and {error}.
 */
export interface CallbackSpec {
  readonly notify: NotificationLevel;
  readonly message?: string;
}

export interface TaskCallbacks {
  readonly onExecute?: CallbackSpec;
  readonly onSuccess?: CallbackSpec;
  readonly onFailure?: CallbackSpec;
  readonly onRetry?: CallbackSpec;
}

export interface DagCallbacks {
  readonly onSuccess?: CallbackSpec;
  readonly onFailure?: CallbackSpec;
}

/**
 * A DAG as a user of the playground writes it: plain data, no code. The code of each task lives in the pipelines'
 * task modules, which only workers load; the main thread needs nothing but this description to draw and schedule.
 * Field names follow Airflow's (`retries`, `retry_delay` → `retryDelayMs`, `trigger_rule` → `triggerRule`, …).
 */
export interface TaskDefinition extends RetryPolicy {
  readonly id: TaskId;
  /** Ids of the tasks that must finish before this one (Airflow's `upstream >> task`). */
  readonly upstream: readonly TaskId[];
  /** Datasets this task updates when it succeeds (Airflow's `outlets=[Dataset(...)]`). */
  readonly outlets?: readonly DatasetId[];
  /** One line for the UI's details panel. */
  readonly description?: string;
  readonly kind?: TaskKind;
  /** Default all_success. */
  readonly triggerRule?: TriggerRule;
  /** Tries after the first (default 0). */
  readonly retries?: number;
  /** A try running longer than this fails (or is retried) and its worker is stopped. */
  readonly executionTimeoutMs?: number;
  /** Named pool the task takes slots from (default `default_pool`). */
  readonly pool?: string;
  readonly poolSlots?: number;
  readonly callbacks?: TaskCallbacks;
  /**
   * A built-in operator (the runtime passes their names in: see pipelines/operatorNames.ts) that runs this task when the
   * pipelines have no code of their own for its DAG and task id: imported and demo DAGs are made of these.
   */
  readonly operator?: string;
  /**
   * Set for a task whose code is a function in its DAG's source file (`DagDefinition.source`), written in the page:
   * where that function is. Such a task runs in the sandbox (src/authoring/authoredTask.ts), never from the registry.
   */
  readonly callable?: SourceRange;
}

/** A stretch of a source file: 1-based lines and columns, the end exclusive. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The TypeScript file a DAG was declared in (src/authoring): what the person wrote, as they wrote it. */
export interface DagSource {
  readonly fileName: string;
  readonly text: string;
}

/** When a DAG runs: only when triggered by hand, or when its dataset condition holds. */
export type Schedule = { readonly type: 'manual' } | { readonly type: 'datasets'; readonly condition: DatasetCondition };

export interface DagDefinition {
  readonly id: DagId;
  readonly description?: string;
  readonly schedule: Schedule;
  readonly tasks: readonly TaskDefinition[];
  /** Tries of this DAG queued or running at once, over all its runs (Airflow's max_active_tasks, default 16). */
  readonly maxActiveTasks?: number;
  /** Runs of this DAG running at once; more wait queued (Airflow's max_active_runs, default 16). */
  readonly maxActiveRuns?: number;
  readonly params?: Readonly<Record<string, ParamSpec>>;
  readonly callbacks?: DagCallbacks;
  /** The file this DAG was declared in, when it was written in the page; its tasks with a `callable` run from it. */
  readonly source?: DagSource;
  /**
   * Which saved version of this DAG this definition is (Airflow 3's DAG versions: 1, 2, …, per DAG), set by the runtime
   * when a file is saved and run; absent for the built-in DAGs and imported JSON. A run created from it records it.
   */
  readonly version?: number;
}

export interface DatasetDefinition {
  readonly id: DatasetId;
  /** Airflow names datasets by URI; we keep one so the export to Airflow (issue #7) has it. */
  readonly uri: string;
  readonly description?: string;
}

export const DEFAULT_POOL = 'default_pool';
export const DEFAULT_MAX_ACTIVE_TASKS = 16;
export const DEFAULT_MAX_ACTIVE_RUNS = 16;

/** The datasets a DAG's tasks update, in task order, without repeats. */
export function producedDatasets(dag: DagDefinition): DatasetId[] {
  const seen = new Set<DatasetId>();
  for (const task of dag.tasks) for (const outlet of task.outlets ?? []) seen.add(outlet);
  return [...seen];
}

/** The datasets a DAG's schedule names. */
export function scheduledDatasets(dag: DagDefinition): readonly DatasetId[] {
  return dag.schedule.type === 'datasets' ? datasetsIn(dag.schedule.condition) : [];
}
