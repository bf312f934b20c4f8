import type { DagId, DatasetId, TaskId } from './ids';

/**
 * A DAG as a user of the playground writes it: plain data, no code. The code of each task lives in the pipelines'
 * task modules, which only workers load; the main thread needs nothing but this description to draw and schedule.
 */
export interface TaskDefinition {
  readonly id: TaskId;
  /** Ids of the tasks that must finish before this one (Airflow's `upstream >> task`). */
  readonly upstream: readonly TaskId[];
  /** Datasets this task updates when it succeeds (Airflow's `outlets=[Dataset(...)]`). */
  readonly outlets?: readonly DatasetId[];
  /** One line for the UI's details panel. */
  readonly description?: string;
}

/** When a DAG runs: only when triggered by hand, or once every listed dataset has a new event. */
export type Schedule = { readonly type: 'manual' } | { readonly type: 'datasets'; readonly datasets: readonly DatasetId[] };

export interface DagDefinition {
  readonly id: DagId;
  readonly description?: string;
  readonly schedule: Schedule;
  readonly tasks: readonly TaskDefinition[];
}

export interface DatasetDefinition {
  readonly id: DatasetId;
  /** Airflow names datasets by URI; we keep one so the export to Airflow (issue #7) has it. */
  readonly uri: string;
  readonly description?: string;
}

/** The datasets a DAG's tasks update, in task order, without repeats. */
export function producedDatasets(dag: DagDefinition): DatasetId[] {
  const seen = new Set<DatasetId>();
  for (const task of dag.tasks) for (const outlet of task.outlets ?? []) seen.add(outlet);
  return [...seen];
}

export function scheduledDatasets(dag: DagDefinition): readonly DatasetId[] {
  return dag.schedule.type === 'datasets' ? dag.schedule.datasets : [];
}
