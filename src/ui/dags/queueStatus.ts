import { scheduledDatasets, type DagDefinition } from '../../core/dag';
import type { SchedulerState } from '../../core/schedulerState';

/** For a dataset-scheduled DAG, what it waits for ("waiting for 1 of 1 datasets: built_features"); else null. */
export function queueStatus(dag: DagDefinition, scheduler: SchedulerState | null): string | null {
  const datasets = scheduledDatasets(dag);
  if (datasets.length === 0) return null;
  const queue = scheduler?.datasetQueues[dag.id] ?? {};
  const missing = datasets.filter((id) => queue[id] === undefined);
  return `waiting for ${missing.length} of ${datasets.length} dataset${datasets.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
}
