import { scheduledDatasets, type DagDefinition } from '../core/dag';
import { indexDag } from '../core/dagIndex';
import type { DatasetId, TaskId } from '../core/ids';
import { own } from '../core/ownKeys';
import type { SchedulerCommand } from '../core/scheduler';

/**
 * Whether other work waits for a task's try: tasks downstream of it in its DAG, or a DAG scheduled on an asset it
 * updates (featurize's built_features starts the consumer). A leaf whose assets no DAG is scheduled on (save_raw_data,
 * quarantine_data) holds up nothing.
 */
export function othersWaitFor(dags: Readonly<Record<string, DagDefinition>>, dag: DagDefinition, taskId: string): boolean {
  const index = indexDag(dag);
  const position = index.position(taskId as TaskId);
  if (position === undefined) return false;
  if (index.downstream[position]!.length > 0) return true;
  const outlets = index.tasks[position]!.outlets ?? [];
  if (outlets.length === 0) return false;
  const watched = watchedAssets(dags);
  return outlets.some((asset) => watched.has(asset));
}

const watchedCache = new WeakMap<object, ReadonlySet<DatasetId>>();

/** Every asset some DAG is scheduled on; once per set of DAGs (the scheduler's `dags` changes only with the DAGs). */
function watchedAssets(dags: Readonly<Record<string, DagDefinition>>): ReadonlySet<DatasetId> {
  let watched = watchedCache.get(dags);
  if (!watched) watchedCache.set(dags, (watched = new Set(Object.values(dags).flatMap((dag) => scheduledDatasets(dag)))));
  return watched;
}

/**
 * The order in which the coordinator carries out one scheduler step's commands: as the scheduler emitted them, except
 * that among the tries the step started together, those other work waits for (othersWaitFor) go to the executor first
 * (stable otherwise). The scheduler gave each a slot, but a worker may still be busy loading code in its idle time
 * (workerPool.ts, warmUp.ts): then the worker that is free takes the try others wait for. In the demo, after extract,
 * check_data (featurize and the consumer wait for it) rather than save_raw_data (a leaf): in about half the runs
 * where the Trigger came right after the page was ready, check_data waited ~200 ms behind save_raw_data.
 */
export function inLaunchOrder(commands: readonly SchedulerCommand[], dags: Readonly<Record<string, DagDefinition>>): readonly SchedulerCommand[] {
  const starts = commands.filter((command) => command.type === 'start_task');
  if (starts.length < 2) return commands;
  const awaited = (command: Extract<SchedulerCommand, { type: 'start_task' }>): boolean => {
    const dag = own(dags, command.dagId);
    return dag !== undefined && othersWaitFor(dags, dag, command.taskId);
  };
  const ordered = [...starts.filter(awaited), ...starts.filter((command) => !awaited(command))];
  let next = 0;
  return commands.map((command) => (command.type === 'start_task' ? ordered[next++]! : command));
}
